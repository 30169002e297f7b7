/* SPDX-License-Identifier: ISC */
/*
 * Full-text search in the reader: a query is answered at once, by the
 * index for the documents it holds as they are and by reading the others
 * (index_query); meanwhile the index is brought up to date in a
 * background thread (the library is not changed meanwhile: reloads wait
 * for it) through a handle of its own, so the next search is all ranked
 * by the index.  The hits fill a picker.
 */
#include "ui.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "folio/corpus.h"
#include "folio/doc.h"
#include "folio/err.h"
#include "folio/index.h"
#include "folio/role.h"
#include "folio/timestamp.h"
#include "folio/xmalloc.h"

#define FTS_LIMIT	300
#define FTS_WAIT_MS	100	/* for the index update before drawing */

struct fts {
	struct index	*ix;		/* the background update's */
	struct index	*qix;		/* the main thread's, for queries */
	struct job	 job;
	bool		 running;	/* the job ran and is not joined */
	bool		 fresh;		/* the index matches the library */
	atomic_size_t	 done, total;
	atomic_bool	 cancel;	/* the reader quits: stop updating */
	atomic_bool	 hold;		/* a query reads: the update waits */
	long		 rc;
	struct folio_err err;
	const struct corpus *c;
};

static struct fts	*fts;		/* NULL: no search yet */

/* app->index: the background update's index when it is up to date. */
static void
sync_index(struct app *app)
{
	app->index = fts != NULL && fts->fresh && !fts->running ? fts->ix :
	    NULL;
}

static int
progress(size_t done, size_t total, void *arg)
{
	struct fts	*f = arg;

	static const struct timespec ms = { 0, 1000 * 1000 };

	atomic_store(&f->done, done);
	atomic_store(&f->total, total);
	/* A query is reading the documents: both cores are its. */
	while (atomic_load(&f->hold) && !atomic_load(&f->cancel))
		nanosleep(&ms, NULL);
	return atomic_load(&f->cancel);
}

/* The job: bring the index up to date. */
static void
worker(void *arg)
{
	struct fts	*f = arg;

	f->rc = index_update(f->ix, f->c, progress, f, &f->err);
}

/* Hits in the order they are shown: documents by their best hit, each
 * document's hits in the order of the document. */
static int
hit_cmp(const void *a, const void *b)
{
	const struct index_hit *x = a, *y = b;

	/* "rank" holds the document's place here (see show_hits). */
	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	return x->off < y->off ? -1 : x->off > y->off;
}

/* Fill the picker with the hits of "q", grouped by document: a row with
 * the path, title and count, then its hits indented, each with its time
 * or line; the query's words are marked. */
static void
show_hits(struct app *app, const char *q)
{
	struct fts	*f = fts;
	struct index_hit *h;
	struct folio_err err;
	long		 n, k, j, cnt;
	char		 title[300], t[40], *label;

	struct index_answer ans;

	atomic_store(&f->hold, true);
	n = index_query(f->qix, app->c, q, FTS_LIMIT, 0, &h, &ans, &err);
	atomic_store(&f->hold, false);
	if (n < 0) {
		app_message(app, true, "search: %s", err_text(&err));
		return;
	}
	if (n == 0) {
		app_message(app, true, "not found: %s", q);
		index_hits_free(h, 0);
		return;
	}
	/* A document's place is that of its best hit. */
	for (k = 0; k < n; k++) {
		for (j = 0; j < k && h[j].entry != h[k].entry; j++)
			;
		h[k].rank = j < k ? h[j].rank : (double)k;
	}
	qsort(h, (size_t)n, sizeof(*h), hit_cmp);
	snprintf(title, sizeof(title), "Search: %s  (%ld hit%s%s)%s", q, n,
	    app_plural((size_t)n),
	    n == FTS_LIMIT ? ", the best shown" : "", ans.provisional ?
	    "  ranked better once indexed" : "");
	picker_open(app, title);
	picker_mark_words(app, q);
	picker_set_search(app, picker_word(app));
	for (k = 0; k < n; k++) {
		const struct entry *e = &app->c->e[h[k].entry];
		struct pick *p;
		long secs = h[k].seconds;
		bool approx = h[k].approx;

		if (k == 0 || h[k].entry != h[k - 1].entry) {
			for (cnt = 0; k + cnt < n && h[k + cnt].entry ==
			    h[k].entry; cnt++)
				;
			label = xasprintf("%s — %s  (%ld hit%s)", e->path,
			    e->title, cnt, cnt == 1 ? "" : "s");
			p = picker_add(app, label, h[k].entry, 0, -1);
			p->role = ROLE_H2;
			free(label);
		}
		p = picker_add(app, h[k].snippet, h[k].entry, h[k].off, secs);
		p->indent = 1;
		if (secs >= 0) {
			ts_format(t + 2, sizeof(t) - 2, secs);
			t[0] = approx ? '~' : ' ';
			t[1] = ' ';
			p->right = xstrdup(approx ? t : t + 2);
		} else {
			snprintf(t, sizeof(t), "L%u", h[k].line);
			p->right = xstrdup(t);
		}
	}
	/* Preselect the first hit, not its document's heading. */
	picker_select(app, picker_count(app) > 1 ? 1 : 0);
	index_hits_free(h, (size_t)n);
}

/* Open the index at "path" for the update and for queries; false after a
 * message. */
static bool
fts_open(struct app *app, struct fts *f)
{
	struct folio_err err;
	char		*path;
	bool		 ok = true;

	path = index_default_path(app->c->roots, app->c->nroots);
	if (index_open(&f->ix, path, &err) == -1 ||
	    index_open(&f->qix, path, &err) == -1) {
		app_message(app, true, "index: %s", err_text(&err));
		index_close(f->ix);
		ok = false;
	}
	free(path);
	return ok;
}

/* Search the library for "query" and show the hits at once; an index
 * that is not up to date is brought up to date in the background (see
 * fts_poll), and what it lacks is read directly meanwhile. */
void
fts_search(struct app *app, const char *query)
{
	struct fts	*f = fts;
	int		 ms;

	if (f == NULL) {
		f = fts = xcalloc(1, sizeof(*f));
		if (!fts_open(app, f)) {
			free(f);
			fts = NULL;
			return;
		}
	}
	if (!f->fresh && !f->running) {
		f->c = app->c;
		atomic_store(&f->done, 0);
		atomic_store(&f->total, app->c->n);
		f->running = true;
		sync_index(app);
		job_start(&f->job, worker, f);
		/* An index that is nearly up to date ranks everything: wait
		 * for it while it looks like it will be done in time (not
		 * for one that is to be built). */
		for (ms = 0; ms < FTS_WAIT_MS && !job_wait(&f->job, 1); ms++) {
			size_t d = atomic_load(&f->done);

			if (ms >= 10 && (d == 0 || (double)atomic_load(
			    &f->total) * ms / (double)d > FTS_WAIT_MS))
				break;
		}
		fts_poll(app);
	}
	show_hits(app, query);
}

/* Called by the main loop: finish a background update. */
void
fts_poll(struct app *app)
{
	struct fts	*f = fts;

	if (f == NULL || !f->running || !job_done(&f->job))
		return;
	job_join(&f->job);
	f->running = false;
	if (f->rc < 0) {
		app_message(app, true, "index: %s", err_text(&f->err));
		return;
	}
	f->fresh = true;
	sync_index(app);
	/* The metadata pane can now list unlinked mentions. */
	ui_post(app, EV_INDEX_FRESH, 0, 0);
}

/* Whether the index is being brought up to date. */
bool
fts_busy(const struct app *app)
{
	(void)app;
	return fts != NULL && fts->running;
}

/* "indexing 120/1000" while the index is being brought up to date. */
void
fts_status(const struct app *app, char *out, size_t cap)
{
	const struct fts *f = fts;

	if (f == NULL || !f->running)
		out[0] = '\0';
	else
		snprintf(out, cap, "indexing %zu/%zu", atomic_load(&f->done),
		    atomic_load(&f->total));
}

/* Wait for a running update and forget that the index is fresh (the
 * library is about to change); with "all", close everything. */
void
fts_stop(struct app *app, bool all)
{
	struct fts	*f = fts;

	if (f == NULL)
		return;
	if (f->running) {
		if (all)
			atomic_store(&f->cancel, true);
		job_join(&f->job);
		f->running = false;
	}
	f->fresh = false;
	if (all) {
		index_close(f->ix);
		index_close(f->qix);
		free(f);
		fts = NULL;
	}
	sync_index(app);
}
