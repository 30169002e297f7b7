/* SPDX-License-Identifier: ISC */
#include "folio/doc.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "folio/arena.h"
#include "folio/buf.h"
#include "folio/captions.h"
#include "folio/folio.h"
#include "folio/frontmatter.h"
#include "folio/markdown.h"
#include "folio/role.h"
#include "folio/timestamp.h"
#include "folio/utf8.h"
#include "folio/xmalloc.h"

#define DEFAULT_BUDGET_MS	1500

const char *
doc_kind_name(enum doc_kind k)
{
	switch (k) {
	case DOC_VIDEO:
		return "video";
	case DOC_CAPTIONS:
		return "captions";
	default:
		return "note";
	}
}

static const char *
ext_of(const char *name)
{
	const char	*slash, *dot;

	slash = strrchr(name, '/');
	dot = strrchr(slash ? slash : name, '.');
	return dot ? dot : "";
}

bool
doc_is_document(const char *name)
{
	const char	*e = ext_of(name);

	return strcasecmp(e, ".md") == 0 || strcasecmp(e, ".markdown") == 0 ||
	    strcasecmp(e, ".txt") == 0 || strcasecmp(e, ".vtt") == 0 ||
	    strcasecmp(e, ".srt") == 0;
}

static bool
is_caption_name(const char *name)
{
	const char	*e = ext_of(name);

	return strcasecmp(e, ".vtt") == 0 || strcasecmp(e, ".srt") == 0;
}

void
doc_problem(struct doc *d, enum doc_sev sev, unsigned line, unsigned col,
    const char *fmt, ...)
{
	struct doc_problem *p;
	va_list		 ap;
	char		 msg[512];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	p = arena_grow(d->a, d->problems, d->nproblems * sizeof(*p),
	    (d->nproblems + 1) * sizeof(*p));
	d->problems = p;
	p += d->nproblems++;
	p->sev = sev;
	p->line = line;
	p->col = col;
	p->msg = arena_strdup(d->a, msg);
	if (sev == DOC_ERROR)
		d->nerrors++;
}

/* ---- lines ------------------------------------------------------------- */

/* Index the starts of the source's lines, in one pass over it. */
static void
build_lines(struct doc *d)
{
	const char	*s = d->src->p, *p, *e = s + d->len;
	uint32_t	*v;
	size_t		 n = 1, cap;

	/* A guess from the size, grown if the lines are shorter. */
	cap = d->len / 64 + 16;
	v = xreallocarray(NULL, cap, sizeof(*v));
	v[0] = 0;
	for (p = s; p < e; p++) {
		/* Eight bytes at a time while none is a newline. */
		while (e - p >= 8) {
			uint64_t x;

			memcpy(&x, p, 8);
			x ^= 0x0a0a0a0a0a0a0a0aULL;
			if (((x - 0x0101010101010101ULL) & ~x &
			    0x8080808080808080ULL) != 0)
				break;
			p += 8;
		}
		if (p == e)
			break;
		if (*p != '\n')
			continue;
		if (n == cap) {
			cap *= 2;
			v = xreallocarray(v, cap, sizeof(*v));
		}
		v[n++] = (uint32_t)(p - s + 1);
	}
	d->lines = arena_alloc(d->a, n * sizeof(*d->lines));
	memcpy(d->lines, v, n * sizeof(*d->lines));
	d->nlines = n;
	free(v);
}

unsigned
doc_line(const struct doc *d, size_t off)
{
	size_t	 lo = 0, hi = d->nlines;

	/* Last line start <= off. */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (d->lines[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	return (unsigned)lo + 1;
}

size_t
doc_line_off(const struct doc *d, unsigned line)
{
	if (line < 1)
		line = 1;
	if (line > d->nlines)
		line = (unsigned)d->nlines;
	return d->lines[line - 1];
}

const char *
doc_line_text(const struct doc *d, unsigned line, size_t *len)
{
	size_t	 s, e;

	s = doc_line_off(d, line);
	e = line < d->nlines ? d->lines[line] : d->len;
	while (e > s && (d->src->p[e - 1] == '\n' || d->src->p[e - 1] == '\r'))
		e--;
	*len = e - s;
	return d->src->p + s;
}

/* ---- words and time ---------------------------------------------------- */

static size_t
count_words(const char *s, size_t n)
{
	static const unsigned char space[256] = {
		[' '] = 1, ['\n'] = 1, ['\t'] = 1, ['\r'] = 1
	};
	size_t	 i, w = 0;
	unsigned prev = 1;

	/* A word starts where a non-space follows a space. */
	for (i = 0; i < n; i++) {
		unsigned sp = space[(unsigned char)s[i]];

		w += prev & !sp;
		prev = sp;
	}
	return w;
}

size_t
doc_count_words(const char *s, size_t n)
{
	return count_words(s, n);
}

size_t
doc_words_before(const struct doc *d, size_t off)
{
	if (off < d->body_off)
		return 0;
	if (off > d->len)
		off = d->len;
	return count_words(d->src->p + d->body_off, off - d->body_off);
}

long
doc_time_at(const struct doc *d, size_t off, bool *approx)
{
	const struct item *best = NULL;
	size_t		 i;

	*approx = false;
	if (d->body != NULL)
		for (i = 0; i < d->body->nitems; i++) {
			const struct item *it = &d->body->items[i];

			if (it->type != ITEM_TS || it->inner)
				continue;
			if (it->off > off)
				break;
			best = it;
		}
	if (best != NULL)
		return best->seconds;
	if (d->nts > 0) {
		/* Before the first timestamp. */
		return 0;
	}
	if (d->video[0] == '\0' || d->duration <= 0)
		return -1;
	*approx = true;
	return ts_estimate(doc_words_before(d, off), d->words, d->duration);
}

long
doc_off_at_time(const struct doc *d, long seconds, bool *approx)
{
	const struct item *best = NULL, *first = NULL;
	size_t		 i, want, w = 0;
	const char	*p;
	int		 in = 0;

	*approx = false;
	if (d->body != NULL)
		for (i = 0; i < d->body->nitems; i++) {
			const struct item *it = &d->body->items[i];

			if (it->type != ITEM_TS || it->inner)
				continue;
			if (first == NULL)
				first = it;
			if (it->seconds <= seconds && (best == NULL ||
			    it->seconds > best->seconds))
				best = it;
		}
	if (best != NULL)
		return (long)best->off;
	if (first != NULL)
		return (long)first->off;
	if (d->video[0] == '\0' || d->duration <= 0 || seconds < 0)
		return -1;
	*approx = true;
	if (seconds >= d->duration)
		want = d->words ? d->words - 1 : 0;
	else
		want = (size_t)((double)d->words * (double)seconds /
		    (double)d->duration);
	p = d->src->p;
	for (i = d->body_off; i < d->len; i++) {
		unsigned char c = (unsigned char)p[i];
		int sp = c == ' ' || c == '\n' || c == '\t' || c == '\r';

		if (!sp && !in) {
			if (w == want)
				return (long)i;
			w++;
		}
		in = !sp;
	}
	return (long)d->body_off;
}

long
doc_heading_near(const struct doc *d, size_t off, int dir)
{
	size_t	 i;
	long	 found = -1;

	if (d->body == NULL)
		return -1;
	for (i = 0; i < d->body->nblocks; i++) {
		const struct block *b = &d->body->blocks[i];

		if (b->type != BLK_HEADING && b->type != BLK_SEP)
			continue;
		if (dir > 0 && b->off > off)
			return (long)b->off;
		if (dir < 0 && b->off < off)
			found = (long)b->off;
	}
	return found;
}

/* ---- chapters ------------------------------------------------------------ */

#define CHAPTER_TEXT	200

/* Append the runs of "r" whose text starts in [lo, hi) to "b". */
static void
runs_in_span(struct buf *b, const struct run *r, size_t n, size_t lo,
    size_t hi)
{
	size_t	 i;

	for (i = 0; i < n && b->len < CHAPTER_TEXT; i++) {
		if (r[i].off == RUN_NOOFF || r[i].off < lo || r[i].off >= hi)
			continue;
		if (r[i].flags & (RUN_HARDBREAK | RUN_SOFTBREAK)) {
			buf_addc(b, ' ');
			continue;
		}
		buf_add(b, r[i].text, r[i].len);
	}
}

/* The rendered text of the source line holding "off" in block "bk". */
static char *
line_text(const struct doc *d, const struct block *bk, size_t off)
{
	struct buf	 b = { 0 };
	unsigned	 ln = doc_line(d, off);
	size_t		 lo = doc_line_off(d, ln), hi = doc_line_off(d, ln + 1);
	size_t		 i, k;
	char		*s;

	if (hi <= lo)
		hi = d->len;
	if (bk->type == BLK_TABLE) {
		for (i = 0; i < (size_t)bk->nrows * bk->ncols; i++) {
			k = b.len;
			runs_in_span(&b, bk->cells[i].runs, bk->cells[i].nruns,
			    lo, hi);
			if (b.len > k)
				buf_adds(&b, "  ");
		}
	} else
		runs_in_span(&b, bk->runs, bk->nruns, lo, hi);
	if (b.len == 0 && bk->gutter == NULL) {
		const char *t = doc_line_text(d, ln, &k);

		buf_add(&b, t, k);
	} else if (b.len == 0)
		runs_in_span(&b, bk->runs, bk->nruns, 0, UINT32_MAX);
	/* One line, trimmed, cut at a character boundary. */
	for (i = 0; i < b.len; i++)
		if (b.p[i] == '\n' || b.p[i] == '\t' || b.p[i] == '\r')
			b.p[i] = ' ';
	k = b.len;
	while (k > 0 && b.p[k - 1] == ' ')
		k--;
	if (k > CHAPTER_TEXT) {
		k = CHAPTER_TEXT;
		while (k > 0 && ((unsigned char)b.p[k] & 0xC0) == 0x80)
			k--;
	}
	i = 0;
	while (i < k && b.p[i] == ' ')
		i++;
	s = xstrndup(b.p + i, k - i);
	buf_free(&b);
	return s;
}

size_t
doc_chapters(const struct doc *d, struct chapter **out)
{
	struct chapter	*v = NULL;
	size_t		 n = 0, cap = 0, bi, ii = 0;
	const struct body *b = d->body;

	*out = NULL;
	if (b == NULL)
		return 0;
	for (bi = 0; bi < b->nblocks; bi++) {
		const struct block *bk = &b->blocks[bi];
		int32_t last_line = -1;

		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			v = xreallocarray(v, cap, sizeof(*v));
		}
		if (bk->type == BLK_HEADING) {
			v[n].off = bk->off;
			v[n].seconds = -1;
			v[n].level = bk->level ? bk->level : 1;
			v[n].text = line_text(d, bk, bk->off);
			n++;
		}
		/* The timestamps of this block, one entry per source line
		 * (other items, such as mentions, may not say their block:
		 * they are passed over). */
		while (ii < b->nitems && (b->items[ii].type != ITEM_TS ||
		    b->items[ii].block < bi))
			ii++;
		for (; ii < b->nitems; ii++) {
			const struct item *it = &b->items[ii];
			unsigned ln;

			if (it->type != ITEM_TS || it->inner)
				continue;
			if (it->block != bi)
				break;
			if (bk->type == BLK_HEADING)
				continue;
			ln = doc_line(d, it->off);
			if ((int32_t)ln == last_line)
				continue;
			last_line = (int32_t)ln;
			if (n == cap) {
				cap *= 2;
				v = xreallocarray(v, cap, sizeof(*v));
			}
			v[n].off = it->off;
			v[n].seconds = it->seconds;
			v[n].level = 0;
			v[n].text = line_text(d, bk, it->off);
			n++;
		}
	}
	*out = v;
	return n;
}

void
doc_chapters_free(struct chapter *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		free(v[i].text);
	free(v);
}

long
doc_heading_find(const struct doc *d, const char *name)
{
	struct chapter	*v;
	struct buf	 want = { 0 }, t = { 0 };
	size_t		 n, i;
	long		 off = -1;

	while (*name == ' ' || *name == '#')
		name++;
	utf8_fold(&want, name, strlen(name), NULL);
	if (want.len == 0) {
		buf_free(&want);
		return -1;
	}
	n = doc_chapters(d, &v);
	for (i = 0; i < n && off < 0; i++) {
		if (v[i].level == 0 || v[i].text == NULL)
			continue;
		buf_reset(&t);
		utf8_fold(&t, v[i].text, strlen(v[i].text), NULL);
		if (t.len >= want.len && memcmp(t.p, want.p, want.len) == 0)
			off = v[i].off;
	}
	doc_chapters_free(v, n);
	buf_free(&want);
	buf_free(&t);
	return off;
}

size_t
doc_chapter_near(const struct chapter *v, size_t n, size_t off)
{
	size_t	 i, best = 0;

	for (i = 0; i < n; i++) {
		if (v[i].off > off)
			break;
		best = i;
	}
	return best;
}

/* ---- derived fields ------------------------------------------------------ */

/*
 * The scalar at "key" of the front matter, or NULL.  When the YAML has an
 * error, a value on the error's line may be cut short: it is not used.
 */
static const char *
fm_value(const struct doc *d, const char *key)
{
	const struct fm_node *n;

	if (d->fm == NULL || d->fm->type != FM_MAP ||
	    (n = fm_get(d->fm, key)) == NULL || fm_get_str(d->fm, key) == NULL)
		return NULL;
	if (d->fm_err.code != FOLIO_ERR_OK && n->line == d->fm_err.line)
		return NULL;
	return n->str;
}

static bool
is_iso_date(const char *s)
{
	int	 i;

	for (i = 0; i < 10; i++) {
		if (i == 4 || i == 7) {
			if (s[i] != '-')
				return false;
		} else if (s[i] < '0' || s[i] > '9')
			return false;
	}
	return s[10] == '\0' || s[10] == 'T' || s[10] == 't' || s[10] == ' ';
}

static void
derive_date(struct doc *d)
{
	static const char *const keys[] = { "publish_date", "date", "created" };
	const char	*v;
	size_t		 i, n;
	char		*c;

	if (d->fm == NULL || d->fm->type != FM_MAP)
		return;
	for (i = 0; i < ARRAY_SIZE(keys); i++) {
		if ((v = fm_value(d, keys[i])) == NULL || !is_iso_date(v))
			continue;
		/* Keep a date-time as written, minus control bytes. */
		n = strlen(v);
		if (n > 35)
			n = 35;
		c = arena_strndup(d->a, v, n);
		for (size_t k = 0; c[k]; k++)
			if ((unsigned char)c[k] < 0x20 || c[k] == '"' ||
			    c[k] == '\\')
				c[k] = '?';
		d->date = c;
		return;
	}
}

static void
derive_video(struct doc *d)
{
	static const char *const urls[] = { "youtube_url", "url", "video_url",
	    "media", "link", "source" };
	const char	*v;
	size_t		 i, best = 0, j;
	const char	*name;

	if (d->fm != NULL && d->fm->type == FM_MAP) {
		if ((v = fm_value(d, "video_id")) != NULL &&
		    ts_valid_id(v, strlen(v))) {
			memcpy(d->video, v, TS_IDLEN);
			d->video[TS_IDLEN] = '\0';
			return;
		}
		for (i = 0; i < ARRAY_SIZE(urls); i++)
			if ((v = fm_value(d, urls[i])) != NULL &&
			    ts_parse_url(v, strlen(v), d->video) >= -1)
				return;
		d->video[0] = '\0';
	}
	/* A caption file named after its video: ID.vtt, ID.en.srt. */
	name = strrchr(d->path, '/');
	name = name ? name + 1 : d->path;
	if (is_caption_name(d->path) && strlen(name) > TS_IDLEN &&
	    name[TS_IDLEN] == '.' && ts_valid_id(name, TS_IDLEN)) {
		memcpy(d->video, name, TS_IDLEN);
		d->video[TS_IDLEN] = '\0';
		return;
	}
	/* The video most of its YouTube links point at. */
	if (d->body == NULL)
		return;
	for (i = 0; i < d->body->nitems; i++) {
		const struct item *a = &d->body->items[i];
		size_t n = 0;

		if (a->video[0] == '\0')
			continue;
		for (j = 0; j < d->body->nitems; j++)
			if (strcmp(d->body->items[j].video, a->video) == 0)
				n++;
		if (n > best) {
			best = n;
			memcpy(d->video, a->video, sizeof(d->video));
		}
		if (best * 2 > d->body->nitems)
			break;
	}
	if (d->video[0] != '\0')
		d->video_from_links = 1;
}

static void
derive_duration(struct doc *d)
{
	const struct fm_node *n;

	d->duration = -1;
	if (d->fm == NULL || (n = fm_get(d->fm, "duration")) == NULL ||
	    (d->fm_err.code != FOLIO_ERR_OK && n->line == d->fm_err.line))
		return;
	if (n->type == FM_INT && n->v.i >= 0 && n->v.i < 1000000000LL)
		d->duration = (long)n->v.i;
	else if (n->type == FM_FLOAT && n->v.f >= 0 && n->v.f < 1e9)
		d->duration = (long)n->v.f;
	else if (n->str != NULL)
		d->duration = ts_parse_duration(n->str, n->slen);
}

/* Visible text of a heading block, for the title. */
static const char *
block_text(struct doc *d, const struct block *b)
{
	struct buf	 t = { 0 };
	const char	*r;
	uint32_t	 i;

	for (i = 0; i < b->nruns; i++)
		buf_add(&t, b->runs[i].text, b->runs[i].len);
	r = arena_strndup(d->a, buf_cstr(&t), t.len);
	buf_free(&t);
	return r;
}

static void
derive_title(struct doc *d)
{
	const char	*v, *name, *dot;
	size_t		 i;

	if ((v = fm_value(d, "title")) != NULL) {
		d->title = v;
		return;
	}
	if (d->body != NULL && !(d->body->flags & BODY_CAPTIONS))
		for (i = 0; i < d->body->nblocks && i < 64; i++)
			if (d->body->blocks[i].type == BLK_HEADING &&
			    d->body->blocks[i].nruns > 0) {
				d->title = block_text(d, &d->body->blocks[i]);
				if (d->title[0] != '\0') {
					d->title_from_heading = 1;
					return;
				}
			}
	name = strrchr(d->path, '/');
	name = name ? name + 1 : d->path;
	dot = strrchr(name, '.');
	d->title = arena_strndup(d->a, name, dot && dot != name ?
	    (size_t)(dot - name) : strlen(name));
}

/* Clock times in the text of a document with a video become items. */
static void
scan_clocks(struct doc *d)
{
	struct ts_match	 m[64];
	struct body	*b = d->body;
	size_t		 bi, k, n, added = 0;
	uint32_t	 i;

	for (bi = 0; bi < b->nblocks; bi++) {
		const struct block *bl = &b->blocks[bi];
		struct tcell whole = { bl->runs, bl->nruns };
		const struct tcell *cells = &whole;
		size_t ncell = 1, c;

		if (bl->type == BLK_CODE || bl->type == BLK_CUE)
			continue;
		if (bl->type == BLK_TABLE) {
			cells = bl->cells;
			ncell = (size_t)bl->nrows * bl->ncols;
		}
		for (c = 0; c < ncell; c++)
			for (i = 0; i < cells[c].nruns; i++) {
				const struct run *r = &cells[c].runs[i];

				if (r->off == RUN_NOOFF || r->item >= 0 ||
				    r->role == ROLE_CODE || r->len < 4)
					continue;
				n = ts_scan(r->text, r->len, m, ARRAY_SIZE(m));
				if (n > ARRAY_SIZE(m))
					n = ARRAY_SIZE(m);
				for (k = 0; k < n; k++) {
					struct item it;

					memset(&it, 0, sizeof(it));
					it.type = ITEM_TS;
					it.role = ROLE_TIMESTAMP;
					it.off = r->off + (uint32_t)m[k].off;
					it.len = (uint32_t)m[k].len;
					it.block = (uint32_t)bi;
					it.seconds = m[k].seconds;
					it.ref = -1;
					memcpy(it.video, d->video,
					    sizeof(it.video));
					it.text = arena_strndup(d->a, r->text +
					    m[k].off, m[k].len);
					markdown_add_item(b, &it);
					added++;
				}
			}
	}
	if (added > 0)
		markdown_sort_items(b);
}

static void
finish(struct doc *d, const struct doc_opts *o)
{
	const char	*s = d->src->p;
	size_t		 bom = 0, i;
	int		 r;
	unsigned	 budget;

	budget = (o && o->budget_ms) ? o->budget_ms : DEFAULT_BUDGET_MS;
	d->duration = -1;
	build_lines(d);
	if (d->len >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
		bom = 3;
	if (memchr(s, '\0', d->len) != NULL)
		doc_problem(d, DOC_WARNING, doc_line(d, (size_t)((const char *)
		    memchr(s, '\0', d->len) - s)), 0,
		    "NUL bytes in the text (shown as \xef\xbf\xbd)");
	if (!utf8_valid(s, d->len)) {
		size_t k = 0;
		int32_t cp;

		while (k < d->len) {
			size_t n = utf8_decode(s + k, d->len - k, &cp);

			if (cp < 0)
				break;
			k += n;
		}
		doc_problem(d, DOC_WARNING, doc_line(d, k), (unsigned)(k -
		    doc_line_off(d, doc_line(d, k)) + 1),
		    "invalid UTF-8 (shown as \xef\xbf\xbd)");
	}

	if (is_caption_name(d->path)) {
		struct folio_err e;

		err_clear(&e);
		d->kind = DOC_CAPTIONS;
		d->body_off = bom;
		d->ncues = cap_parse(d->a, s, d->len, &d->cues, &e);
		if (e.code != FOLIO_ERR_OK)
			doc_problem(d, DOC_WARNING, e.line, e.col, "%s",
			    err_text(&e));
		d->body = d->ncues > 0 ? cap_body(d->a, d->cues, d->ncues) :
		    markdown_plain(d->a, s, bom, d->len);
	} else {
		r = fm_split(s, d->len, &d->yaml_off, &d->yaml_len,
		    &d->body_off, &d->fm_err);
		if (r == 1) {
			d->has_fm = 1;
			d->fm = fm_parse(d->a, s + d->yaml_off, d->yaml_len,
			    doc_line(d, d->yaml_off), &d->fm_err);
		}
		if (d->fm_err.code != FOLIO_ERR_OK)
			doc_problem(d, DOC_ERROR, d->fm_err.line,
			    d->fm_err.col, "%s", err_text(&d->fm_err));
		if (o != NULL && o->front_only)
			d->body = markdown_plain(d->a, s, d->len, d->len);
		else
			d->body = markdown_parse_bounded(d->a, d->src,
			    d->body_off, d->len, budget);
		if (d->body->flags & BODY_LIMITED)
			doc_problem(d, DOC_WARNING, 0, 0, "too complex to "
			    "render as Markdown; shown as plain text");
	}
	derive_title(d);
	derive_date(d);
	derive_video(d);
	derive_duration(d);
	if (d->kind != DOC_CAPTIONS)
		d->kind = d->video[0] ? DOC_VIDEO : DOC_NOTE;
	if (d->kind == DOC_CAPTIONS)
		for (i = 0; i < d->body->nitems; i++)
			memcpy(d->body->items[i].video, d->video,
			    sizeof(d->video));
	else if (d->video[0] != '\0')
		scan_clocks(d);
	for (i = 0; i < d->body->nitems; i++)
		if (d->body->items[i].type == ITEM_TS)
			d->nts++;
	/* Only the front matter was wanted: the body's words are not. */
	if (o == NULL || !o->front_only)
		d->words = count_words(s + d->body_off, d->len - d->body_off);
}

static struct doc *
doc_new(const char *path)
{
	struct arena	*a;
	struct doc	*d;

	a = arena_new(1u << 14);
	d = arena_alloc(a, sizeof(*d));
	d->a = a;
	d->path = arena_strdup(a, path);
	d->duration = -1;
	return d;
}

struct doc *
doc_load_mem(const char *path, const char *bytes, size_t len,
    const struct doc_opts *o)
{
	struct doc	*d;

	d = doc_new(path);
	d->abspath = d->path;
	d->src = sbuf_new(len);
	memcpy(d->src->p, bytes, len);
	d->src->p[len] = '\0';
	d->src->len = d->len = len;
	d->size = (int64_t)len;
	finish(d, o);
	return d;
}

/* The last occurrence of "needle" in s[0..n), or NULL. */
static char *
memmem_last(char *s, size_t n, const char *needle)
{
	size_t	 k = strlen(needle), i;

	for (i = n; i >= k; i--)
		if (memcmp(s + i - k, needle, k) == 0)
			return s + i - k;
	return NULL;
}

/*
 * How many bytes the start of a document needs, given its first "got"
 * bytes in s: the front matter and "limit" bytes after it, or twice what
 * is there while the front matter is still open.  Only whole lines are
 * looked at, so a closing "---" cut short is not taken for one.
 */
static size_t
start_wants(const char *s, size_t got, size_t limit)
{
	struct folio_err err;
	const char	*nl = memrchr(s, '\n', got);
	size_t		 yo, yl, body = 0;

	err_clear(&err);
	if (fm_split(s, nl != NULL ? (size_t)(nl - s) + 1 : 0, &yo, &yl, &body,
	    &err) == -1)
		return got * 2;
	return body + limit;
}

struct doc *
doc_load(const char *abspath, const char *path, struct sbuf **reuse,
    const struct doc_opts *o, struct folio_err *err)
{
	struct stat	 st;
	struct sbuf	*sb;
	struct doc	*d;
	size_t		 want, target, got = 0;
	ssize_t		 n;
	int		 fd, truncated = 0, partial = 0;

	if (o != NULL && o->keep != NULL)
		*o->keep = -1;
	fd = open(abspath, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd == -1) {
		err_set(err, FOLIO_ERR_IO, "%s", strerror(errno));
		err->sys = errno;
		return NULL;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		close(fd);
		return err_set(err, FOLIO_ERR_IO, "not a regular file"),
		    NULL;
	}
	want = (size_t)st.st_size;
	if (want > FOLIO_MAX_FILE) {
		want = FOLIO_MAX_FILE;
		truncated = 1;
	}
	/* Only the start: the front matter whole (read up to its limit),
	 * then "limit" bytes of the body. */
	target = want;
	if (o != NULL && o->limit > 0 && want > o->limit) {
		if (want > o->limit + FOLIO_MAX_FM + 4096)
			want = o->limit + FOLIO_MAX_FM + 4096;
		partial = 1;
		target = o->limit + 4096 < want ? o->limit + 4096 : want;
	}
	if (reuse != NULL && *reuse != NULL && sbuf_unique(*reuse)) {
		sb = sbuf_ref(*reuse);
		sbuf_reserve(sb, target + 1);
	} else {
		sb = sbuf_new(target + 1);
		if (reuse != NULL) {
			sbuf_unref(*reuse);
			*reuse = sbuf_ref(sb);
		}
	}
	/* The file may grow while we read: stop at what fits.  A start
	 * is read in steps, until it holds the whole front matter. */
	for (;;) {
		while (got < target) {
			n = read(fd, sb->p + got, target - got);
			if (n == -1 && errno == EINTR)
				continue;
			if (n == -1) {
				err_set(err, FOLIO_ERR_IO, "%s", strerror(errno));
				close(fd);
				sbuf_unref(sb);
				return NULL;
			}
			if (n == 0)
				break;
			got += (size_t)n;
		}
		if (!partial || got < target || got >= want)
			break;
		if ((target = start_wants(sb->p, got, o->limit)) <= got)
			break;
		if (target > want)
			target = want;
		sbuf_reserve(sb, target + 1);
	}
	if (partial) {
		size_t yo, yl, body = 0, end;
		struct folio_err ferr;
		char *cut;

		err_clear(&ferr);
		if (fm_split(sb->p, got, &yo, &yl, &body, &ferr) != 1)
			body = 0;
		/* End after a blank line, so no block is cut in two. */
		end = body + o->limit < got ? body + o->limit : got;
		cut = memmem_last(sb->p + body, end - body, "\n\n");
		if (cut != NULL && (size_t)(cut - sb->p) > body + o->limit / 2)
			end = (size_t)(cut - sb->p) + 2;
		if (end >= (size_t)st.st_size)
			partial = 0;	/* it was all there */
		got = end;
	}
	if (o != NULL && o->keep != NULL)
		*o->keep = partial ? fd : -1;
	if (o == NULL || o->keep == NULL || !partial)
		close(fd);
	sb->p[got] = '\0';
	sb->len = got;
	d = doc_new(path);
	d->partial = partial;
	d->abspath = arena_strdup(d->a, abspath);
	d->src = sb;
	d->len = got;
	d->size = (int64_t)st.st_size;
	d->mtime = (int64_t)st.st_mtim.tv_sec * 1000000000LL +
	    st.st_mtim.tv_nsec;
	finish(d, o);
	if (truncated)
		doc_problem(d, DOC_WARNING, 0, 0, "larger than %u MB: only the "
		    "start is shown", FOLIO_MAX_FILE >> 20);
	return d;
}

const struct fm_node *
doc_front_matter(struct arena *a, const char *abspath, const char *path,
    size_t max)
{
	struct folio_err err;
	struct stat	 st;
	const struct fm_node *fm = NULL;
	size_t		 got = 0, yoff, ylen, boff, i;
	unsigned	 line0 = 1;
	ssize_t		 n;
	char		*p;
	int		 fd;

	if (is_caption_name(path))
		return NULL;
	fd = open(abspath, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd == -1)
		return NULL;
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		close(fd);
		return NULL;
	}
	if ((size_t)st.st_size < max)
		max = (size_t)st.st_size;
	p = xmalloc(max + 1);
	while (got < max) {
		n = read(fd, p + got, max - got);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	p[got] = '\0';
	err_clear(&err);
	if (fm_split(p, got, &yoff, &ylen, &boff, &err) == 1) {
		for (i = 0; i < yoff; i++)
			line0 += p[i] == '\n';
		fm = fm_parse(a, p + yoff, ylen, line0, &err);
	}
	free(p);
	return fm;
}

void
doc_free(struct doc *d)
{
	if (d == NULL)
		return;
	sbuf_unref(d->src);
	arena_free(d->a);
}

/* The folded text of a heading block's runs (trimmed) into b. */
static void
heading_text(struct buf *b, const struct block *bl)
{
	struct buf	 raw = { 0 };
	uint32_t	 i;
	size_t		 s = 0, n;

	for (i = 0; i < bl->nruns; i++)
		buf_add(&raw, bl->runs[i].text, bl->runs[i].len);
	n = raw.len;
	while (s < n && (raw.p[s] == ' ' || raw.p[s] == '\t'))
		s++;
	while (n > s && (raw.p[n - 1] == ' ' || raw.p[n - 1] == '\t'))
		n--;
	buf_reset(b);
	utf8_nfc_fold(b, raw.p ? raw.p + s : "", n - s);
	buf_free(&raw);
}

/*
 * A folded heading as Obsidian matches it in a link: ASCII punctuation
 * other than '-', '_' and '\'' made a blank, blanks collapsed, trimmed
 * ("Step 1: Create a link" is "step 1 create a link").
 */
static void
heading_key(struct buf *out, const struct buf *in)
{
	static const char punct[] = "!\"#$%&()*+,.:;<=>?@^`{|}~/[]\\";
	const char	*p = in->p ? in->p : "", *e = p + in->len;
	bool		 sp = false;

	buf_reset(out);
	for (; p < e; p++) {
		if (*p == ' ' || *p == '\t' || (*p != '\0' &&
		    strchr(punct, *p) != NULL)) {
			sp = out->len > 0;
			continue;
		}
		if (sp)
			buf_addc(out, ' ');
		sp = false;
		buf_addc(out, *p);
	}
	buf_cstr(out);
}

bool
doc_anchor(const struct doc *d, const char *frag, uint32_t *off,
    uint32_t *end)
{
	const struct body *b = d->body;
	const char	*src = d->src != NULL ? d->src->p : NULL, *h;
	struct buf	 want = { 0 }, got = { 0 }, wkey = { 0 }, gkey = { 0 };
	size_t		 i, j, fl, n;
	long		 bi;
	bool		 found = false;

	if (b == NULL || src == NULL || frag == NULL)
		return false;
	if (frag[0] == '^') {
		/* A block: " ^id" at the end of a line of it. */
		fl = strlen(frag);
		for (h = src + d->body_off; fl > 1 && (h = memmem(h,
		    d->len - (size_t)(h - src), frag, fl)) != NULL; h += fl) {
			const char *e = h + fl;

			while (e < src + d->len && (*e == ' ' || *e == '\t' ||
			    *e == '\r'))
				e++;
			if ((e < src + d->len && *e != '\n') ||
			    (h > src && h[-1] != ' ' && h[-1] != '\t' &&
			    h[-1] != '\n'))
				continue;
			/* The block holding it, or (an id on a line of its
			 * own) the block before. */
			for (i = 0, bi = -1; i < b->nblocks; i++)
				if (b->blocks[i].off <= (uint32_t)(h - src))
					bi = (long)i;
			if (bi < 0)
				continue;
			i = (size_t)bi;
			*off = b->blocks[i].off;
			*end = b->blocks[i].end;
			return true;
		}
		return false;
	}
	/* A heading; "A#B" is heading B under A: the last one names it. */
	if ((h = strrchr(frag, '#')) != NULL)
		frag = h + 1;
	n = strlen(frag);
	while (n > 0 && (frag[n - 1] == ' ' || frag[n - 1] == '\t'))
		n--;
	while (n > 0 && (*frag == ' ' || *frag == '\t')) {
		frag++;
		n--;
	}
	utf8_nfc_fold(&want, frag, n);
	heading_key(&wkey, &want);
	for (i = 0; i < b->nblocks && !found; i++) {
		if (b->blocks[i].type != BLK_HEADING)
			continue;
		heading_text(&got, &b->blocks[i]);
		/* The heading as written, else as Obsidian matches it. */
		if ((got.len != want.len || memcmp(buf_cstr(&got),
		    buf_cstr(&want), want.len) != 0) &&
		    (heading_key(&gkey, &got), wkey.len == 0 ||
		    gkey.len != wkey.len || memcmp(buf_cstr(&gkey),
		    buf_cstr(&wkey), wkey.len) != 0))
			continue;
		/* From the heading's line to the next one's. */
		*off = (uint32_t)doc_line_off(d, doc_line(d, b->blocks[i].off));
		*end = (uint32_t)d->len;
		for (j = i + 1; j < b->nblocks; j++)
			if (b->blocks[j].type == BLK_HEADING &&
			    b->blocks[j].level <= b->blocks[i].level) {
				*end = (uint32_t)doc_line_off(d, doc_line(d,
				    b->blocks[j].off));
				break;
			}
		found = true;
	}
	buf_free(&want);
	buf_free(&got);
	buf_free(&wkey);
	buf_free(&gkey);
	return found;
}
