/* SPDX-License-Identifier: ISC */
#include "folio/speaker.h"

#include <stdlib.h>
#include <string.h>

#include "folio/buf.h"
#include "folio/captions.h"
#include "folio/doc.h"
#include "folio/timestamp.h"
#include "folio/utf8.h"
#include "folio/xmalloc.h"

/* An upper-case name "NAME" in s[0..n): two letters or more, no lower
 * case; true if so. */
static bool
upper_name(const char *s, size_t n)
{
	size_t	 i, letters = 0;

	if (n == 0 || n > SPEAKER_NAME_MAX || s[0] == ' ' || s[n - 1] == ' ')
		return false;
	for (i = 0; i < n; i++) {
		char c = s[i];

		if (c >= 'A' && c <= 'Z')
			letters++;
		else if (!((c >= '0' && c <= '9') || c == ' ' || c == '.' ||
		    c == '-' || c == '_' || c == '\''))
			return false;
	}
	return letters >= 2;
}

/* "Speaker N" (N: one to three digits or capitals) in s[0..n). */
static bool
numbered(const char *s, size_t n)
{
	size_t	 i;

	if (n < 9 || n > 11 || (strncmp(s, "Speaker ", 8) != 0 &&
	    strncmp(s, "speaker ", 8) != 0))
		return false;
	for (i = 8; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'A' &&
		    s[i] <= 'Z')))
			return false;
	return true;
}

/* Spaces after position i. */
static size_t
spaces(const char *s, size_t n, size_t i)
{
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return i;
}

size_t
speaker_label(const char *s, size_t n, const char *const *known,
    size_t nknown, size_t *name_off, size_t *name_len)
{
	const char	*colon, *end;
	size_t		 i = spaces(s, n, 0), j, k, len;

	/* Dialogue dashes and caption turn marks. */
	if (n - i >= 2 && s[i] == '-' && s[i + 1] == ' ')
		i = spaces(s, n, i + 2);
	else if (n - i >= 2 && s[i] == '>' && s[i + 1] == '>')
		i = spaces(s, n, i + 2);
	/* "**Name:**" and "**Name**:". */
	if (n - i >= 5 && s[i] == '*' && s[i + 1] == '*' &&
	    (end = memmem(s + i + 2, n - i - 2, "**", 2)) != NULL &&
	    (size_t)(end - s) - i - 2 <= SPEAKER_NAME_MAX + 1) {
		j = i + 2;
		k = (size_t)(end - s);
		if (k > j && s[k - 1] == ':') {
			len = k - 1 - j;
			k += 2;
		} else if (k + 2 < n && s[k + 2] == ':') {
			len = k - j;
			k += 3;
		} else
			return 0;
		if (len == 0 || s[j] == ' ' || memchr(s + j, ':', len))
			return 0;
		*name_off = j;
		*name_len = len;
		return spaces(s, n, k);
	}
	/* "[Speaker N]" */
	if (i < n && s[i] == '[' && (end = memchr(s + i, ']', n - i)) !=
	    NULL && numbered(s + i + 1, (size_t)(end - s) - i - 1)) {
		*name_off = i + 1;
		*name_len = (size_t)(end - s) - i - 1;
		k = (size_t)(end - s) + 1;
		if (k < n && s[k] == ':')
			k++;
		return spaces(s, n, k);
	}
	if ((colon = memchr(s + i, ':', n - i)) == NULL)
		return 0;
	len = (size_t)(colon - s) - i;
	k = (size_t)(colon - s) + 1;
	/* The colon ends the label: a space or the end after it. */
	if (k < n && s[k] != ' ' && s[k] != '\t')
		return 0;
	if (upper_name(s + i, len) || numbered(s + i, len))
		goto found;
	for (j = 0; j < nknown; j++)
		if (strlen(known[j]) == len && len > 0 &&
		    memcmp(known[j], s + i, len) == 0)
			goto found;
	return 0;
found:
	*name_off = i;
	*name_len = len;
	return spaces(s, n, k);
}

/* Index of speaker "name", added when new (or SPEAKER_MAX when full). */
static size_t
who(struct speakers *sp, const char *name, size_t len)
{
	size_t	 i;

	for (i = 0; i < sp->n; i++)
		if (strlen(sp->v[i].name) == len &&
		    memcmp(sp->v[i].name, name, len) == 0)
			return i;
	if (sp->n == SPEAKER_MAX)
		return SPEAKER_MAX;
	sp->v = xreallocarray(sp->v, sp->n + 1, sizeof(*sp->v));
	memset(&sp->v[sp->n], 0, sizeof(*sp->v));
	sp->v[sp->n].name = xstrndup(name, len);
	sp->v[sp->n].talk_ms = -1;
	return sp->n++;
}

/* Start a turn of speaker "w" unless that speaker is talking. */
static void
turn(struct speakers *sp, size_t w, uint32_t off, unsigned line, long ms)
{
	struct speaker_turn *t;

	if (sp->nturns > 0 && sp->turns[sp->nturns - 1].who == w)
		return;
	sp->turns = xreallocarray(sp->turns, sp->nturns + 1,
	    sizeof(*sp->turns));
	t = &sp->turns[sp->nturns++];
	t->who = w;
	t->off = off;
	t->line = line;
	t->start_ms = ms;
	t->end_ms = -1;
	sp->v[w].turns++;
}

/* Captions: a voice, else a label, per cue. */
static void
scan_cues(const struct doc *d, const char *const *known, size_t nknown,
    struct speakers *sp)
{
	size_t	 i, w, no, nl, k, words;
	bool	 have = false;

	for (i = 0; i < d->ncues; i++) {
		const struct cue *c = &d->cues[i];
		const char *t = c->text;

		w = SPEAKER_MAX;
		if (c->voice != NULL)
			w = who(sp, c->voice, strlen(c->voice));
		else if ((k = speaker_label(t, strcspn(t, "\n"), known,
		    nknown, &no, &nl)) > 0) {
			w = who(sp, t + no, nl);
			t += k;
		} else if (have)
			w = sp->turns[sp->nturns - 1].who;
		if (w == SPEAKER_MAX)
			continue;
		have = true;
		turn(sp, w, c->off, doc_line(d, c->off), c->start_ms);
		sp->turns[sp->nturns - 1].end_ms = c->end_ms;
		if (sp->v[w].talk_ms < 0)
			sp->v[w].talk_ms = 0;
		if (c->end_ms > c->start_ms)
			sp->v[w].talk_ms += c->end_ms - c->start_ms;
		words = doc_count_words(t, strlen(t));
		sp->v[w].words += words;
	}
}

/* Bytes of a leading clock ("[00:01:30] ", "(1:30) ", "1:30 "), or 0. */
static size_t
skip_clock(const char *s, size_t n)
{
	size_t	 i = 0, e;

	if (n > 0 && (s[0] == '[' || s[0] == '('))
		i = 1;
	for (e = i; e < n && e - i < 10 && ((s[e] >= '0' && s[e] <= '9') ||
	    s[e] == ':' || s[e] == '.'); e++)
		;
	if (e == i || ts_parse_clock(s + i, e - i) < 0)
		return 0;
	if (i == 1) {
		if (e >= n || (s[e] != ']' && s[e] != ')'))
			return 0;
		e++;
	}
	if (e < n && s[e] != ' ' && s[e] != '\t')
		return 0;
	return spaces(s, n, e);
}

/* Other documents: a label at the start of a body line. */
static void
scan_lines(const struct doc *d, const char *const *known, size_t nknown,
    struct speakers *sp)
{
	const char	*s;
	size_t		 len, i, no, nl, k, w, cur = SPEAKER_MAX;
	unsigned	 line, first;
	long		 ms;
	bool		 approx, timed = d->nts > 0 || (d->video[0] &&
			    d->duration > 0);

	first = d->nlines > 0 ? doc_line(d, d->body_off) : 1;
	for (line = first; line <= d->nlines; line++) {
		s = doc_line_text(d, line, &len);
		i = spaces(s, len, 0);
		while (i < len && (s[i] == '>' || ((s[i] == '-' ||
		    s[i] == '*') && i + 1 < len && s[i + 1] == ' ' &&
		    !(s[i] == '*' && s[i + 1] == '*'))))
			i = spaces(s, len, i + 1);
		i += skip_clock(s + i, len - i);
		k = speaker_label(s + i, len - i, known, nknown, &no, &nl);
		if (k > 0 && (w = who(sp, s + i + no, nl)) != SPEAKER_MAX) {
			ms = -1;
			if (timed) {
				/* After the line's own clock, if any. */
				ms = doc_time_at(d, doc_line_off(d, line) + i,
				    &approx);
				ms = ms < 0 ? -1 : ms * 1000;
			}
			if (sp->nturns > 0 && sp->turns[sp->nturns - 1].who !=
			    w)
				sp->turns[sp->nturns - 1].end_ms = ms;
			turn(sp, w, (uint32_t)doc_line_off(d, line), line, ms);
			cur = w;
			i += k;
		}
		if (cur != SPEAKER_MAX)
			sp->v[cur].words += doc_count_words(s + i, len - i);
	}
	if (sp->nturns > 0)
		sp->turns[sp->nturns - 1].end_ms = timed && d->duration > 0 ?
		    d->duration * 1000 : -1;
	/* Talk time from the turns that have both ends. */
	for (k = 0; k < sp->nturns; k++) {
		const struct speaker_turn *t = &sp->turns[k];

		if (t->start_ms < 0 || t->end_ms < t->start_ms)
			continue;
		if (sp->v[t->who].talk_ms < 0)
			sp->v[t->who].talk_ms = 0;
		sp->v[t->who].talk_ms += t->end_ms - t->start_ms;
	}
}

size_t
speaker_scan(const struct doc *d, const char *const *known, size_t nknown,
    struct speakers *out)
{
	memset(out, 0, sizeof(*out));
	if (d->ncues > 0)
		scan_cues(d, known, nknown, out);
	else if (d->nlines > 0 && d->src != NULL)
		scan_lines(d, known, nknown, out);
	return out->n;
}

void
speaker_free(struct speakers *sp)
{
	size_t	 i;

	for (i = 0; i < sp->n; i++)
		free(sp->v[i].name);
	free(sp->v);
	free(sp->turns);
	memset(sp, 0, sizeof(*sp));
}

bool
speaker_match(const struct speakers *sp, const char *folded)
{
	struct buf	 f = { 0 };
	size_t		 i;
	bool		 yes = false;

	for (i = 0; i < sp->n && !yes; i++) {
		buf_reset(&f);
		utf8_fold(&f, sp->v[i].name, strlen(sp->v[i].name), NULL);
		yes = strstr(buf_cstr(&f), folded) != NULL;
	}
	buf_free(&f);
	return yes;
}
