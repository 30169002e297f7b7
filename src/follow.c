/* SPDX-License-Identifier: ISC */
#include "folio/follow.h"

#include <stdlib.h>
#include <string.h>

#include "folio/captions.h"
#include "folio/doc.h"
#include "folio/markdown.h"
#include "folio/xmalloc.h"

struct follow {
	const struct doc *d;
	struct follow_moment *m;
	size_t		 n;
	bool		 estimate;
};

/* Time order; equal times keep document order. */
static int
moment_cmp(const void *a, const void *b)
{
	const struct follow_moment *x = a, *y = b;

	if (x->ms != y->ms)
		return x->ms < y->ms ? -1 : 1;
	return x->off < y->off ? -1 : x->off > y->off;
}

struct follow *
follow_new(const struct doc *d)
{
	struct follow	*f;
	size_t		 i;

	f = xcalloc(1, sizeof(*f));
	f->d = d;
	if (d->ncues > 0) {
		f->m = xreallocarray(NULL, d->ncues, sizeof(*f->m));
		for (i = 0; i < d->ncues; i++) {
			f->m[i].ms = d->cues[i].start_ms;
			f->m[i].end_ms = d->cues[i].end_ms;
			f->m[i].off = d->cues[i].off;
			f->m[i].line = doc_line(d, d->cues[i].off);
		}
		f->n = d->ncues;
	} else if (d->body != NULL) {
		for (i = 0; i < d->body->nitems; i++) {
			const struct item *it = &d->body->items[i];

			/* Times of this document's video only. */
			if (it->type != ITEM_TS || it->seconds < 0 ||
			    (it->video[0] != '\0' && d->video[0] != '\0' &&
			    strcmp(it->video, d->video) != 0) ||
			    (it->video[0] != '\0' && d->video[0] == '\0'))
				continue;
			f->m = xreallocarray(f->m, f->n + 1, sizeof(*f->m));
			f->m[f->n].ms = it->seconds * 1000;
			f->m[f->n].end_ms = -1;
			f->m[f->n].off = it->off;
			f->m[f->n].line = doc_line(d, it->off);
			f->n++;
		}
	}
	if (f->n > 0)
		qsort(f->m, f->n, sizeof(*f->m), moment_cmp);
	else if (d->video[0] != '\0' && d->duration > 0 && d->words > 0)
		f->estimate = true;
	else {
		follow_free(f);
		return NULL;
	}
	return f;
}

void
follow_free(struct follow *f)
{
	if (f == NULL)
		return;
	free(f->m);
	free(f);
}

size_t
follow_count(const struct follow *f)
{
	return f->n;
}

const struct follow_moment *
follow_moment(const struct follow *f, size_t i)
{
	return i < f->n ? &f->m[i] : NULL;
}

int
follow_at(const struct follow *f, long ms, struct follow_pos *pos)
{
	size_t	 lo = 0, hi = f->n, mid;
	long	 off;
	bool	 approx;

	memset(pos, 0, sizeof(*pos));
	pos->next_ms = -1;
	if (f->estimate) {
		if (ms < 0 || (off = doc_off_at_time(f->d, ms / 1000,
		    &approx)) < 0)
			return -1;
		pos->index = -1;
		pos->off = (uint32_t)off;
		pos->line = doc_line(f->d, (size_t)off);
		pos->ms = ms;
		pos->approx = true;
		return 0;
	}
	/* The first moment later than ms. */
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (f->m[mid].ms <= ms)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return -1;
	mid = lo - 1;
	while (mid > 0 && f->m[mid - 1].ms == f->m[mid].ms)
		mid--;
	pos->index = (long)mid;
	pos->off = f->m[mid].off;
	pos->line = f->m[mid].line;
	pos->ms = f->m[mid].ms;
	pos->next_ms = lo < f->n ? f->m[lo].ms : -1;
	pos->inside = f->m[mid].end_ms >= 0 && ms < f->m[mid].end_ms;
	return 0;
}
