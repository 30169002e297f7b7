/* SPDX-License-Identifier: ISC */
#include "folio/captions.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "folio/arena.h"
#include "folio/buf.h"
#include "folio/markdown.h"
#include "folio/role.h"
#include "folio/timestamp.h"
#include "folio/xmalloc.h"

/* A line of the source: [s, e) without the line end; next = after it. */
struct cline {
	size_t		 s, e, next;
	unsigned	 no;
};

static bool
next_line(const char *src, size_t len, size_t pos, unsigned no,
    struct cline *l)
{
	const char	*nl;

	if (pos >= len)
		return false;
	nl = memchr(src + pos, '\n', len - pos);
	l->s = pos;
	l->e = nl ? (size_t)(nl - src) : len;
	l->next = nl ? l->e + 1 : len;
	if (l->e > l->s && src[l->e - 1] == '\r')
		l->e--;
	l->no = no;
	return true;
}

static bool
blank(const char *src, const struct cline *l)
{
	size_t	 i;

	for (i = l->s; i < l->e; i++)
		if (src[i] != ' ' && src[i] != '\t')
			return false;
	return true;
}

/* Parse "[hh:]mm:ss[.,]mmm" at s[*i]; milliseconds or -1. */
static long
parse_time(const char *s, size_t e, size_t *i)
{
	long	 part[3] = { 0, 0, 0 }, ms = 0;
	int	 np = 0, nd;

	for (;;) {
		long v = 0;

		nd = 0;
		while (*i < e && s[*i] >= '0' && s[*i] <= '9' && nd < 9) {
			v = v * 10 + (s[*i] - '0');
			(*i)++;
			nd++;
		}
		if (nd == 0 || np == 3)
			return -1;
		part[np++] = v;
		if (*i < e && s[*i] == ':') {
			(*i)++;
			continue;
		}
		break;
	}
	if (np < 2)
		return -1;
	if (*i < e && (s[*i] == '.' || s[*i] == ',')) {
		int k = 0;

		(*i)++;
		while (*i < e && s[*i] >= '0' && s[*i] <= '9') {
			if (k < 3)
				ms = ms * 10 + (s[*i] - '0');
			k++;
			(*i)++;
		}
		while (k++ < 3)
			ms *= 10;
	}
	if (np == 3)
		return ((part[0] * 60 + part[1]) * 60 + part[2]) * 1000 + ms;
	if (part[1] > 59)
		return -1;
	return (part[0] * 60 + part[1]) * 1000 + ms;
}

/* Parse a timing line "A --> B ..."; false if it is not one. */
static bool
timing(const char *src, const struct cline *l, long *a, long *b)
{
	size_t	 i = l->s;

	while (i < l->e && src[i] == ' ')
		i++;
	if ((*a = parse_time(src, l->e, &i)) < 0)
		return false;
	while (i < l->e && src[i] == ' ')
		i++;
	if (l->e - i < 3 || memcmp(src + i, "-->", 3) != 0)
		return false;
	i += 3;
	while (i < l->e && src[i] == ' ')
		i++;
	return (*b = parse_time(src, l->e, &i)) >= 0;
}

static bool
has_arrow(const char *src, const struct cline *l)
{
	return l->e - l->s >= 3 && memmem(src + l->s, l->e - l->s, "-->", 3)
	    != NULL;
}

/* True if the line starts with "word" (no read past the line's end). */
static bool
starts(const char *src, const struct cline *l, const char *word)
{
	size_t	 n = strlen(word);

	return l->e - l->s >= n && memcmp(src + l->s, word, n) == 0;
}

/* Keep the name of a voice tag "<v Name>" or "<v.class Name>" (tag is
 * s[0..n), without the angle brackets) in "voice" if it has none yet. */
static void
voice_tag(struct buf *voice, const char *s, size_t n)
{
	size_t	 i = 1, e;

	if (voice == NULL || voice->len > 0 || n < 3 || s[0] != 'v' ||
	    (s[1] != ' ' && s[1] != '.' && s[1] != '\t'))
		return;
	while (i < n && s[i] != ' ' && s[i] != '\t')	/* classes */
		i++;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	for (e = n; e > i && (s[e - 1] == ' ' || s[e - 1] == '\t'); e--)
		;
	if (e > i)
		buf_add(voice, s + i, e - i > 64 ? 64 : e - i);
}

/* Append caption text with tags removed and entities decoded; the first
 * voice tag's name goes to "voice" (may be NULL). */
static void
clean_text(struct buf *b, const char *s, size_t n, struct buf *voice)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		/* "{\an8}": a SubStation override code (positions, colours)
		 * that SubRip files often carry. */
		if (s[i] == '{' && i + 1 < n && s[i + 1] == '\\') {
			const char *cb = memchr(s + i, '}', n - i);

			if (cb != NULL) {
				i = (size_t)(cb - s);
				continue;
			}
		}
		if (s[i] == '<') {
			const char *gt = memchr(s + i, '>', n - i);

			if (gt != NULL) {
				voice_tag(voice, s + i + 1,
				    (size_t)(gt - s) - i - 1);
				i = (size_t)(gt - s);
				continue;
			}
		}
		if (s[i] == '&') {
			static const struct { const char *e, *r; } ents[] = {
				{ "&amp;", "&" }, { "&lt;", "<" },
				{ "&gt;", ">" }, { "&nbsp;", " " },
				{ "&quot;", "\"" }, { "&#39;", "'" },
			};
			size_t k;

			for (k = 0; k < sizeof(ents) / sizeof(ents[0]); k++)
				if (n - i >= strlen(ents[k].e) &&
				    memcmp(s + i, ents[k].e,
				    strlen(ents[k].e)) == 0)
					break;
			if (k < sizeof(ents) / sizeof(ents[0])) {
				buf_adds(b, ents[k].r);
				i += strlen(ents[k].e) - 1;
				continue;
			}
		}
		buf_addc(b, s[i]);
	}
}

/*
 * Roll-up captions (YouTube's automatic ones, live TV) repeat the line
 * before: each cue starts with the previous cue's last line, and a cue
 * of a few milliseconds holds that line alone.  Drop the repeated first
 * line and the repeating cues, so each line is read once; returns the
 * number of cues left in v.
 */
static size_t
unroll(struct cue *v, size_t n)
{
	const char	*prev = NULL, *t, *nl, *last;
	size_t		 plen = 0, i, k = 0, flen;

	for (i = 0; i < n; i++) {
		bool keep = true;

		t = v[i].text;
		nl = strchr(t, '\n');
		last = strrchr(t, '\n');
		last = last != NULL ? last + 1 : t;
		flen = nl != NULL ? (size_t)(nl - t) : strlen(t);
		if (prev != NULL && flen == plen && memcmp(t, prev, flen) == 0) {
			if (nl != NULL)
				v[i].text = nl + 1;
			else if (v[i].end_ms - v[i].start_ms <= 50)
				keep = false;
		}
		prev = last;
		plen = strlen(last);
		if (keep)
			v[k++] = v[i];
	}
	return k;
}

size_t
cap_parse(struct arena *a, const char *src, size_t len, struct cue **out,
    struct folio_err *err)
{
	struct cue	*v = NULL;
	struct cline	 l;
	struct buf	 t = { 0 }, voice = { 0 };
	size_t		 n = 0, cap = 0, pos = 0;
	unsigned	 no = 1;
	bool		 vtt = false, got;
	long		 s, e;

	*out = NULL;
	if (len >= 3 && memcmp(src, "\xef\xbb\xbf", 3) == 0)
		pos = 3;
	if (len - pos >= 6 && memcmp(src + pos, "WEBVTT", 6) == 0) {
		vtt = true;
		/* Skip the header block. */
		while (next_line(src, len, pos, no, &l)) {
			pos = l.next;
			no++;
			if (blank(src, &l))
				break;
		}
	}
	while ((got = next_line(src, len, pos, no, &l))) {
		struct cline tl;
		size_t ts, te;
		unsigned tno;

		if (blank(src, &l)) {
			pos = l.next;
			no++;
			continue;
		}
		/* NOTE, STYLE and REGION blocks in WebVTT. */
		if (vtt && (starts(src, &l, "NOTE") || starts(src, &l, "STYLE") ||
		    starts(src, &l, "REGION")) && !has_arrow(src, &l)) {
			while (next_line(src, len, pos, no, &l) &&
			    !blank(src, &l)) {
				pos = l.next;
				no++;
			}
			continue;
		}
		/* An identifier line (or SRT number) before the timing. */
		tl = l;
		tno = no;
		if (!has_arrow(src, &l)) {
			if (!next_line(src, len, l.next, no + 1, &tl))
				break;
			tno = no + 1;
		}
		if (!timing(src, &tl, &s, &e)) {
			if (err != NULL && err->code == FOLIO_ERR_OK)
				err_setpos(err, FOLIO_ERR_SYNTAX, tno, 1,
				    "line %u: not a cue timing", tno);
			/* Skip to the next blank line. */
			while (next_line(src, len, pos, no, &l) &&
			    !blank(src, &l)) {
				pos = l.next;
				no++;
			}
			continue;
		}
		pos = tl.next;
		no = tno + 1;
		ts = te = pos;
		buf_reset(&t);
		buf_reset(&voice);
		/* A cue ends at an empty line; in WebVTT a line of spaces
		 * (YouTube's automatic captions have one) does not end it
		 * and is left out. */
		while (next_line(src, len, pos, no, &l) && (vtt ?
		    l.e > l.s : !blank(src, &l))) {
			if (blank(src, &l)) {
				pos = l.next;
				no++;
				continue;
			}
			if (t.len > 0)
				buf_addc(&t, '\n');
			clean_text(&t, src + l.s, l.e - l.s, vtt ? &voice :
			    NULL);
			te = l.e;
			pos = l.next;
			no++;
		}
		if (t.len == 0)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			v = xreallocarray(v, cap, sizeof(*v));
		}
		v[n].start_ms = s;
		v[n].end_ms = e;
		v[n].off = (uint32_t)ts;
		v[n].len = (uint32_t)(te - ts);
		v[n].text = arena_strndup(a, t.p, t.len);
		v[n].voice = voice.len > 0 ? arena_strndup(a, voice.p,
		    voice.len) : NULL;
		n++;
	}
	buf_free(&t);
	buf_free(&voice);
	n = unroll(v, n);
	if (n > 0) {
		*out = arena_alloc(a, n * sizeof(**out));
		memcpy(*out, v, n * sizeof(**out));
	}
	free(v);
	return n;
}

struct body *
cap_body(struct arena *a, const struct cue *c, size_t n)
{
	struct body	*b;
	size_t		 i;
	char		 clock[32];

	b = arena_alloc(a, sizeof(*b));
	b->a = a;
	b->flags = BODY_CAPTIONS;
	b->nblocks = n;
	b->blocks = n ? arena_alloc(a, n * sizeof(*b->blocks)) : NULL;
	for (i = 0; i < n; i++) {
		struct block *bl = &b->blocks[i];
		struct item it;
		const char *p, *nl;
		size_t k = 0, lines = 1;

		for (p = c[i].text; (nl = strchr(p, '\n')) != NULL; p = nl + 1)
			lines++;
		bl->type = BLK_CUE;
		bl->off = c[i].off;
		bl->end = c[i].off + c[i].len;
		ts_format(clock, sizeof(clock), c[i].start_ms / 1000);
		bl->gutter = arena_strdup(a, clock);
		bl->runs = arena_alloc(a, (2 * lines + 1) * sizeof(*bl->runs));
		/* The speaker, once per turn. */
		if (c[i].voice != NULL && (i == 0 || c[i - 1].voice == NULL ||
		    strcmp(c[i - 1].voice, c[i].voice) != 0)) {
			char *who = arena_alloc(a, strlen(c[i].voice) + 3);

			memcpy(who, c[i].voice, strlen(c[i].voice));
			memcpy(who + strlen(c[i].voice), ": ", 3);
			bl->runs[k].text = who;
			bl->runs[k].len = (uint32_t)strlen(who);
			bl->runs[k].off = RUN_NOOFF;
			bl->runs[k].role = ROLE_STRONG;
			bl->runs[k].flags = 0;
			bl->runs[k].item = -1;
			k++;
		}
		/* The cleaned text: runs are synthetic but the first one
		 * carries the cue's offset for positions. */
		for (p = c[i].text; ; p = nl + 1) {
			nl = strchr(p, '\n');
			if (p != c[i].text) {
				bl->runs[k].text = " ";
				bl->runs[k].len = 1;
				bl->runs[k].off = RUN_NOOFF;
				bl->runs[k].flags = RUN_SOFTBREAK;
				bl->runs[k].item = -1;
				k++;
			}
			bl->runs[k].text = p;
			bl->runs[k].len = (uint32_t)(nl ? (size_t)(nl - p) :
			    strlen(p));
			bl->runs[k].off = RUN_NOOFF;
			bl->runs[k].role = ROLE_TEXT;
			bl->runs[k].item = -1;
			k++;
			if (nl == NULL)
				break;
		}
		bl->nruns = (uint32_t)k;
		memset(&it, 0, sizeof(it));
		it.type = ITEM_TS;
		it.role = ROLE_TIMESTAMP;
		it.off = c[i].off;
		it.len = 0;
		it.block = (uint32_t)i;
		it.seconds = c[i].start_ms / 1000;
		it.ref = -1;
		it.text = bl->gutter;
		markdown_add_item(b, &it);
	}
	return b;
}
