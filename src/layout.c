/* SPDX-License-Identifier: ISC */
#include "folio/layout.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "folio/arena.h"
#include "folio/buf.h"
#include "folio/folio.h"
#include "folio/markdown.h"
#include "folio/role.h"
#include "folio/utf8.h"
#include "folio/xmalloc.h"

#define NOSRC		UINT32_MAX
#define GUTTER_W	8
#define CELL_MIN_CAP	16
#define SPILL_LINES	512

/* ---- lines -------------------------------------------------------------- */

/* A block of memory for the lines' text and segments.  lines_reset()
 * (and lines_clear()) keep the chunks for the next lines: laying out
 * block after block (or a long block after another) reuses memory
 * already touched. */
struct lchunk {
	struct lchunk	*next;
	size_t		 size, used;
	/* data follows, aligned as the header is */
};

#define LCHUNK_HDR	((sizeof(struct lchunk) + 15) & ~(size_t)15)
#define LCHUNK_MIN	4096
#define LCHUNK_MAX	(256u * 1024)

/* Room for n bytes (not zeroed, 16-aligned) that live until the lines are
 * reset. */
static void *
lines_mem(struct lines *l, size_t n)
{
	struct lchunk	*c = l->cur;
	size_t		 sz;
	char		*p;

	n = (n + 15) & ~(size_t)15;
	while (c != NULL && c->size - c->used < n && c->next != NULL) {
		c = c->next;
		c->used = 0;
	}
	if (c == NULL || c->size - c->used < n) {
		sz = c == NULL ? LCHUNK_MIN : c->size * 2;
		if (sz > LCHUNK_MAX)
			sz = LCHUNK_MAX;
		if (sz < n)
			sz = n;
		p = xmalloc(LCHUNK_HDR + sz);
		((struct lchunk *)p)->size = sz;
		((struct lchunk *)p)->used = 0;
		((struct lchunk *)p)->next = NULL;
		if (c == NULL)
			l->mem = (struct lchunk *)p;
		else
			c->next = (struct lchunk *)p;
		c = (struct lchunk *)p;
	}
	l->cur = c;
	p = (char *)c + LCHUNK_HDR + c->used;
	c->used += n;
	return p;
}

/* Hand the lines to their spill function and drop them. */
static void
lines_spill(struct lines *l)
{
	l->spill(l, l->spill_arg);
	l->spilled += l->n;
	l->n = 0;
	l->cur = l->mem;
	if (l->cur != NULL)
		l->cur->used = 0;
}

void
lines_init(struct lines *l)
{
	memset(l, 0, sizeof(*l));
	l->a = arena_new(1u << 12);
}

void
lines_reset(struct lines *l)
{
	lines_clear(l);
	l->hint_body = NULL;
}

void
lines_clear(struct lines *l)
{
	if (arena_used(l->a) > 0) {
		arena_free(l->a);
		l->a = arena_new(1u << 12);
	}
	l->cur = l->mem;
	if (l->cur != NULL)
		l->cur->used = 0;
	l->n = 0;
}

void
lines_free(struct lines *l)
{
	struct lchunk	*c, *next;

	arena_free(l->a);
	for (c = l->mem; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}

/* ---- a line being built ---------------------------------------------- */

/* buf_add() without the call when the bytes fit (most words). */
static inline void
add_bytes(struct buf *b, const char *s, size_t n)
{
	if (b->len + n < b->cap) {
		memcpy(b->p + b->len, s, n);
		b->len += n;
		b->p[b->len] = '\0';
	} else
		buf_add(b, s, n);
}

struct lb {
	struct buf	 text;
	struct seg	*segs;
	size_t		 nsegs, cap;
	int		 col;
};

static void
lb_clear(struct lb *b)
{
	buf_reset(&b->text);
	b->nsegs = 0;
	b->col = 0;
}

static void
lb_free(struct lb *b)
{
	buf_free(&b->text);
	free(b->segs);
}

/* Append bytes covering "cols" columns with a role, item and source. */
static void
lb_put(struct lb *b, const char *s, size_t n, int cols, int role,
    int32_t item, uint32_t src)
{
	struct seg	*g;

	if (b->nsegs > 0) {
		g = &b->segs[b->nsegs - 1];
		if (g->role == role && g->item == item &&
		    ((g->src == NOSRC && src == NOSRC) || (g->src != NOSRC &&
		    src != NOSRC && src >= g->src))) {
			add_bytes(&b->text, s, n);
			g->blen += (uint32_t)n;
			g->ncols += (uint16_t)cols;
			b->col += cols;
			return;
		}
	}
	if (b->nsegs == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 16;
		b->segs = xreallocarray(b->segs, b->cap, sizeof(*b->segs));
	}
	g = &b->segs[b->nsegs++];
	g->col = (uint16_t)b->col;
	g->ncols = (uint16_t)cols;
	g->boff = (uint32_t)b->text.len;
	g->blen = (uint32_t)n;
	g->src = src;
	g->role = (uint8_t)role;
	g->item = item;
	add_bytes(&b->text, s, n);
	b->col += cols;
}

static void
lb_spaces(struct lb *b, int n, int role)
{
	static const char sp[] = "                                ";

	while (n > 0) {
		int k = n > 32 ? 32 : n;

		lb_put(b, sp, (size_t)k, k, role, -1, NOSRC);
		n -= k;
	}
}

/* Finish the line: copy it into "out"; the builder is cleared. */
static void
lb_emit(struct lb *b, struct lines *out, uint32_t block, uint32_t src_off)
{
	struct dline	*d;
	size_t		 i;

	/* Drop trailing blanks that carry nothing. */
	while (b->nsegs > 0) {
		struct seg *g = &b->segs[b->nsegs - 1];
		size_t k = g->blen;

		while (k > 0 && b->text.p[g->boff + k - 1] == ' ' &&
		    g->item < 0 && g->role != ROLE_SEARCH_HIT)
			k--;
		if (k == g->blen)
			break;
		b->col -= (int)(g->blen - k);
		g->ncols -= (uint16_t)(g->blen - k);
		g->blen = (uint32_t)k;
		b->text.len = g->boff + k;
		if (k > 0)
			break;
		b->nsegs--;
	}
	if (out->n == out->cap) {
		out->cap = out->cap ? out->cap * 2 : 64;
		out->v = xreallocarray(out->v, out->cap, sizeof(*out->v));
	}
	d = &out->v[out->n++];
	d->block = block;
	d->width = (uint16_t)(b->col > 0 ? b->col : 0);
	d->tlen = (uint32_t)b->text.len;
	d->nsegs = (uint16_t)(b->nsegs > 65535 ? 65535 : b->nsegs);
	d->segs = NULL;
	if (d->nsegs) {
		d->segs = lines_mem(out, d->nsegs * sizeof(*d->segs));
		memcpy(d->segs, b->segs, d->nsegs * sizeof(*d->segs));
	}
	d->text = lines_mem(out, b->text.len + 1);
	if (b->text.len > 0)
		memcpy(d->text, b->text.p, b->text.len);
	d->text[b->text.len] = '\0';
	d->src_off = src_off;
	for (i = 0; i < d->nsegs; i++)
		if (d->segs[i].src != NOSRC) {
			d->src_off = d->segs[i].src;
			break;
		}
	lb_clear(b);
}

/* ---- prefixes ------------------------------------------------------------- */

struct prefix {
	const char	*text[FOLIO_PREFIX_MAX];
	int		 width[FOLIO_PREFIX_MAX];
	int		 role[FOLIO_PREFIX_MAX];
	int		 n;
	int		 cols;
};

/* Build the first-line and continuation prefixes of a block's frames,
 * dropping inner indentation that would leave less than 10 columns. */
static void
make_prefix(const struct block *bl, int width, struct prefix *first,
    struct prefix *cont)
{
	int	 i, budget = width - 10;

	memset(first, 0, sizeof(*first));
	memset(cont, 0, sizeof(*cont));
	for (i = 0; i < bl->nframes && i < FOLIO_PREFIX_MAX; i++) {
		const struct frame *f = &bl->frames[i];
		int w = f->width;

		if (first->cols + w > budget)
			break;
		if (f->kind == FRAME_QUOTE || f->kind == FRAME_CALLOUT) {
			first->text[first->n] = cont->text[cont->n] = "│ ";
			first->role[first->n] = cont->role[cont->n] =
			    f->kind == FRAME_CALLOUT ? f->role : ROLE_QUOTE;
		} else if (f->kind == FRAME_EMBED) {
			first->text[first->n] = cont->text[cont->n] = "┆ ";
			first->role[first->n] = cont->role[cont->n] =
			    ROLE_QUOTE;
		} else {
			first->text[first->n] = f->marker;
			cont->text[cont->n] = NULL;
			first->role[first->n] = cont->role[cont->n] =
			    ROLE_LIST_MARK;
		}
		first->width[first->n++] = w;
		cont->width[cont->n++] = w;
		first->cols += w;
		cont->cols += w;
	}
}

static void
put_prefix(struct lb *b, const struct prefix *p)
{
	int	 i;

	for (i = 0; i < p->n; i++) {
		if (p->text[i] != NULL)
			lb_put(b, p->text[i], strlen(p->text[i]), p->width[i],
			    p->role[i], -1, NOSRC);
		else
			lb_spaces(b, p->width[i], ROLE_TEXT);
	}
}

/* ---- wrapping ------------------------------------------------------------- */

struct atom {
	uint32_t	 boff;		/* in the word buffer */
	uint16_t	 blen;
	uint8_t		 cols;
	uint8_t		 role;
	int32_t		 item;
	uint32_t	 src;
	bool		 ascii;		/* printable ASCII: a column a byte,
					   contiguous source; may be split */
};

struct wrap {
	struct lines	*out;
	const struct body *body;
	uint32_t	 block;
	int		 width;
	const struct prefix *first, *cont;
	int		 lead;		/* columns reserved after the prefix */
	struct lb	 lb;
	bool		 started;	/* the current line has its prefix */
	bool		 any;		/* a line was emitted */
	bool		 space;		/* a space is pending */
	int		 text_cols;	/* text columns on this line */
	struct buf	 wbuf;		/* the current word's bytes */
	struct atom	*w;
	size_t		 nw, wcap;
	int		 wcols;
	size_t		 cursor;	/* item search position */
	bool		 bs_valid;	/* item_at()'s last binary search: */
	uint32_t	 bs_from, bs_to; /* offsets it holds for */
	size_t		 bs_at;		/* and its answer */
	/* Called at the start of each line (gutters). */
	void		(*start)(struct wrap *, bool first);
	void		*arg;
	int		 role_override;	/* -1, or a role for plain text */
	int		 max_width;	/* widest line, for headings */
	bool		 may_spill;	/* nothing looks back at the lines */
};

static void
wrap_begin_line(struct wrap *w)
{
	if (w->started)
		return;
	w->started = true;
	if (w->start != NULL)
		w->start(w, !w->any);
	else
		put_prefix(&w->lb, w->any ? w->cont : w->first);
	lb_spaces(&w->lb, w->lead, ROLE_TEXT);
	w->text_cols = 0;
}

static void
wrap_end_line(struct wrap *w)
{
	wrap_begin_line(w);
	if (w->lb.col > w->max_width)
		w->max_width = w->lb.col;
	lb_emit(&w->lb, w->out, w->block, w->body ?
	    w->body->blocks[w->block].off : 0);
	if (w->may_spill && w->out->spill != NULL && w->out->n >= SPILL_LINES)
		lines_spill(w->out);
	w->started = false;
	w->any = true;
	w->space = false;
}

static int
wrap_avail(struct wrap *w)
{
	const struct prefix *p = w->any ? w->cont : w->first;
	int	 a = w->width - p->cols - w->lead;

	return a < 1 ? 1 : a;
}

/* Put "k" columns of atom "a" from its column "from" on the line. */
static void
put_atom(struct wrap *w, const struct atom *a, int from, int k)
{
	if (!a->ascii) {
		lb_put(&w->lb, w->wbuf.p + a->boff, a->blen, a->cols,
		    a->role, a->item, a->src);
		w->text_cols += a->cols;
		return;
	}
	lb_put(&w->lb, w->wbuf.p + a->boff + from, (size_t)k, k, a->role,
	    a->item, a->src == NOSRC ? NOSRC : a->src + (uint32_t)from);
	w->text_cols += k;
}

/* Start a new line (its prefix put); returns the columns it has. */
static int
wrap_next_line(struct wrap *w)
{
	wrap_end_line(w);
	wrap_begin_line(w);
	return wrap_avail(w);
}

/* Place the pending word on the current line or the next. */
static void
flush_word(struct wrap *w)
{
	size_t	 i;
	int	 avail;

	if (w->nw == 0)
		return;
	wrap_begin_line(w);
	avail = wrap_avail(w);
	if (w->text_cols > 0 && w->text_cols + (w->space ? 1 : 0) + w->wcols >
	    avail)
		avail = wrap_next_line(w);
	else if (w->space && w->text_cols > 0) {
		lb_put(&w->lb, " ", 1, 1, w->w[0].role == ROLE_LINK ||
		    w->w[0].item >= 0 ? ROLE_TEXT : w->w[0].role, -1, NOSRC);
		w->text_cols++;
	}
	for (i = 0; i < w->nw; i++) {
		const struct atom *a = &w->w[i];
		int done = 0, left, room;

		if (!a->ascii) {
			if (w->text_cols + a->cols > avail && w->text_cols > 0)
				avail = wrap_next_line(w);
			put_atom(w, a, 0, a->cols);
			continue;
		}
		/* A word too long for the line breaks where it is full,
		 * as it would a grapheme at a time. */
		while ((left = a->cols - done) > 0) {
			room = avail - w->text_cols;
			if (left <= room || (room < 1 && w->text_cols == 0)) {
				put_atom(w, a, done, left);
				break;
			}
			if (room > 0) {
				put_atom(w, a, done, room);
				done += room;
			}
			avail = wrap_next_line(w);
		}
	}
	w->space = false;
	w->nw = 0;
	w->wcols = 0;
	buf_reset(&w->wbuf);
}

/* The item overlapping source offset "src", if any (items sorted). */
static int32_t
item_at(struct wrap *w, uint32_t src)
{
	const struct body *b = w->body;
	size_t	 lo, hi;

	if (b == NULL || b->nitems == 0 || src == NOSRC)
		return -1;
	if (w->cursor == 0 && b->items[0].off <= src) {
		/* A scan from the first item: the lines remember where
		 * the last such scan of this body got to (the items before
		 * it end at or before its offset), so a block's first
		 * words do not walk past every item of the blocks above. */
		struct lines *o = w->out;

		if (o->hint_body == b && src >= o->hint_src)
			w->cursor = o->hint_item;
		while (w->cursor < b->nitems && b->items[w->cursor].off +
		    b->items[w->cursor].len <= src)
			w->cursor++;
		o->hint_body = b;
		o->hint_src = src;
		o->hint_item = w->cursor;
	} else if (w->cursor >= b->nitems || b->items[w->cursor].off > src) {
		/* Jumped backwards (or between items): binary search.  Its
		 * answer holds for every offset from the one searched up to
		 * the least end it compared above it, which the next words
		 * of a stretch without items fall in: they take it as is. */
		if (w->bs_valid && src >= w->bs_from && src < w->bs_to) {
			w->cursor = w->bs_at;
		} else {
			uint32_t to = UINT32_MAX;

			lo = 0;
			hi = b->nitems;
			while (lo < hi) {
				size_t mid = (lo + hi) / 2;
				uint64_t end = (uint64_t)b->items[mid].off +
				    b->items[mid].len;

				if ((uint32_t)end <= src)
					lo = mid + 1;
				else {
					if ((uint32_t)end < to)
						to = (uint32_t)end;
					hi = mid;
				}
			}
			w->cursor = lo;
			w->bs_valid = true;
			w->bs_from = src;
			w->bs_to = to;
			w->bs_at = lo;
		}
	}
	while (w->cursor < b->nitems && b->items[w->cursor].off +
	    b->items[w->cursor].len <= src)
		w->cursor++;
	if (w->cursor < b->nitems && b->items[w->cursor].off <= src &&
	    b->items[w->cursor].len > 0)
		return (int32_t)w->cursor;
	return -1;
}

/* Where what item_at() found for an offset stops holding: the end of
 * item "item", or else the start of the next one. */
static uint32_t
item_limit(const struct wrap *w, int32_t item)
{
	const struct body *b = w->body;

	if (b == NULL)
		return UINT32_MAX;
	if (item >= 0)
		return b->items[item].off + b->items[item].len;
	if (w->cursor < b->nitems)
		return b->items[w->cursor].off;
	return UINT32_MAX;
}

/*
 * The length of the stretch of printable ASCII (no space) at "i" of the
 * sanitised "san" whose source offsets (run offset "off" plus "map", or
 * NOSRC) follow one another below "lim"; at most "max" (and 255) bytes,
 * and without its last byte when a non-ASCII one follows (it may be a
 * combining mark).  0 when there is none.
 */
static size_t
ascii_stretch(const struct buf *san, const uint32_t *map, size_t i,
    uint32_t off, uint32_t lim, size_t max)
{
	size_t	 j;

	if (max > 255)
		max = 255;
	for (j = i; j < san->len && j - i < max; j++) {
		unsigned char c = (unsigned char)san->p[j];

		if (c <= 0x20 || c >= 0x7f)
			break;
		if (off != NOSRC && ((j > i && map[j] != map[j - 1] + 1) ||
		    (uint64_t)off + map[j] >= lim))
			break;
	}
	if (j < san->len && j > i && (unsigned char)san->p[j] >= 0x80)
		j--;
	return j - i;
}

static void
add_atom(struct wrap *w, const char *s, size_t n, int cols, int role,
    int32_t item, uint32_t src, bool ascii)
{
	struct atom	*a;

	if (w->nw == w->wcap) {
		w->wcap = w->wcap ? w->wcap * 2 : 32;
		w->w = xreallocarray(w->w, w->wcap, sizeof(*w->w));
	}
	a = &w->w[w->nw++];
	a->boff = (uint32_t)w->wbuf.len;
	a->blen = (uint16_t)n;
	a->cols = (uint8_t)cols;
	a->role = (uint8_t)role;
	a->item = item;
	a->src = src;
	a->ascii = ascii;
	add_bytes(&w->wbuf, s, n);
	w->wcols += cols;
	/* Very long words are placed as they come (wrap_run's stretches
	 * of ASCII end where this holds). */
	if (w->wcols > 4 * w->width + 64)
		flush_word(w);
}

/* Feed one run's text into the wrapper. */
static void
wrap_run(struct wrap *w, const struct run *r)
{
	struct buf	 san = { 0 };
	uint32_t	*map;
	size_t		 i, n;
	int		 cols, role;
	int32_t		 item;

	if (r->flags & RUN_HARDBREAK) {
		flush_word(w);
		wrap_end_line(w);
		return;
	}
	if (r->len == 0)
		return;
	map = xreallocarray(NULL, 3 * (size_t)r->len + 4, sizeof(*map));
	utf8_sanitize_map(&san, r->text, r->len, map);
	for (i = 0; i < san.len; i += n) {
		uint32_t src = r->off == RUN_NOOFF ? NOSRC : r->off + map[i];
		uint32_t lim = UINT32_MAX;

		if (san.p[i] == ' ') {
			/* with any mark on it */
			n = utf8_grapheme(san.p + i, san.len - i, &cols);
			flush_word(w);
			w->space = true;
			continue;
		}
		item = r->item;
		if (item < 0 && r->off != RUN_NOOFF) {
			item = item_at(w, src);
			lim = item_limit(w, item);
		}
		role = r->role;
		if (item >= 0)
			role = w->body->items[item].role;
		else if (w->role_override >= 0 && role == ROLE_TEXT)
			role = w->role_override;
		/* Printable ASCII goes in stretches, as far as the item and
		 * the source run on, short of a byte a mark may follow. */
		n = ascii_stretch(&san, map, i, r->off == RUN_NOOFF ? NOSRC :
		    r->off, lim, (size_t)(4 * w->width + 65 - w->wcols));
		if (n > 0) {
			add_atom(w, san.p + i, n, (int)n, role, item, src, true);
			continue;
		}
		n = utf8_grapheme(san.p + i, san.len - i, &cols);
		if (n > 65535)
			n = 65535;
		add_atom(w, san.p + i, n, cols, role, item, src, false);
	}
	free(map);
	buf_free(&san);
}

static void
wrap_init(struct wrap *w, struct lines *out, const struct body *body,
    size_t bi, int width, const struct prefix *first,
    const struct prefix *cont)
{
	memset(w, 0, sizeof(*w));
	w->out = out;
	w->body = body;
	w->block = (uint32_t)bi;
	w->width = width;
	w->first = first;
	w->cont = cont;
	w->role_override = -1;
}

/* Wrap runs; emits at least one line. */
static void
wrap_runs(struct wrap *w, const struct run *runs, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		wrap_run(w, &runs[i]);
	flush_word(w);
	if (w->started || !w->any)
		wrap_end_line(w);
}

static void
wrap_done(struct wrap *w)
{
	lb_free(&w->lb);
	buf_free(&w->wbuf);
	free(w->w);
}

/* ---- blocks ---------------------------------------------------------------- */

static void
blank_lines(struct lines *out, const struct block *bl, size_t bi, int n)
{
	struct lb	 b;

	memset(&b, 0, sizeof(b));
	while (n-- > 0)
		lb_emit(&b, out, (uint32_t)bi, bl->off);
	lb_free(&b);
}

static void
rule_line(struct lines *out, const struct block *bl, size_t bi, int width,
    const struct prefix *p, const char *glyph, int role, int cols)
{
	struct lb	 b;
	int		 i, n;

	memset(&b, 0, sizeof(b));
	put_prefix(&b, p);
	n = cols > 0 ? cols : width - b.col;
	if (n > width - b.col)
		n = width - b.col;
	for (i = 0; i < n; i++)
		lb_put(&b, glyph, strlen(glyph), 1, role, -1, NOSRC);
	lb_emit(&b, out, (uint32_t)bi, bl->off);
	lb_free(&b);
}

static void
cue_gutter(struct wrap *w, bool first)
{
	const struct block *bl = &w->body->blocks[w->block];
	char		 g[16];
	int32_t		 item = -1;
	size_t		 k;
	int		 gl;

	if (w->width < 16) {
		if (first) {
			lb_put(&w->lb, bl->gutter, strlen(bl->gutter),
			    utf8_strwidth(bl->gutter, strlen(bl->gutter)),
			    ROLE_GUTTER, -1, NOSRC);
			lb_spaces(&w->lb, 1, ROLE_TEXT);
		}
		return;
	}
	for (k = 0; k < w->body->nitems; k++)
		if (w->body->items[k].block == w->block &&
		    w->body->items[k].type == 4 /* ITEM_TS */) {
			item = (int32_t)k;
			break;
		}
	gl = (int)strlen(bl->gutter);
	if (gl > GUTTER_W)
		gl = GUTTER_W;
	memset(g, ' ', sizeof(g));
	if (first)
		memcpy(g + GUTTER_W - gl, bl->gutter, (size_t)gl);
	lb_spaces(&w->lb, GUTTER_W - (first ? gl : 0), ROLE_TEXT);
	if (first)
		lb_put(&w->lb, bl->gutter, (size_t)gl, gl, ROLE_TIMESTAMP, item,
		    bl->off);
	lb_put(&w->lb, " │ ", strlen(" │ "), 3, ROLE_GUTTER, -1, NOSRC);
}

static void
layout_code(struct lines *out, const struct body *body, size_t bi, int width,
    const struct prefix *first, const struct prefix *cont)
{
	const struct block *bl = &body->blocks[bi];
	struct lb	 b;
	struct buf	 san = { 0 };
	uint32_t	*map = NULL;
	size_t		 r, i, n;
	int		 col = 0, cols, start, any = 0;

	memset(&b, 0, sizeof(b));
	put_prefix(&b, first);
	lb_spaces(&b, 2, ROLE_TEXT);
	start = b.col;
	for (r = 0; r < bl->nruns; r++) {
		const struct run *run = &bl->runs[r];

		if (run->flags & RUN_HARDBREAK) {
			lb_emit(&b, out, (uint32_t)bi, bl->off);
			any = 1;
			put_prefix(&b, cont);
			lb_spaces(&b, 2, ROLE_TEXT);
			col = 0;
			continue;
		}
		/* Expand tabs to 8-column stops before sanitising. */
		buf_reset(&san);
		map = xreallocarray(map, 3 * (size_t)run->len + 4,
		    sizeof(*map));
		utf8_sanitize_map(&san, run->text, run->len, map);
		for (i = 0; i < san.len; i += n) {
			uint32_t src = run->off == RUN_NOOFF ? NOSRC :
			    run->off + map[i];

			n = utf8_grapheme(san.p + i, san.len - i, &cols);
			if (run->off != RUN_NOOFF && run->text[map[i]] == '\t') {
				int k = 8 - col % 8;

				if (b.col + k > width)
					k = width - b.col;
				lb_spaces(&b, k, run->role);
				col += k;
				continue;
			}
			if (b.col + cols > width && b.col > start) {
				lb_emit(&b, out, (uint32_t)bi, bl->off);
				put_prefix(&b, cont);
				lb_spaces(&b, 2, ROLE_TEXT);
				col = 0;
			}
			lb_put(&b, san.p + i, n, cols, run->role, run->item,
			    src);
			col += cols;
		}
	}
	if (b.nsegs > 0 || !any)
		lb_emit(&b, out, (uint32_t)bi, bl->off);
	free(map);
	buf_free(&san);
	lb_free(&b);
}

/* ---- tables --------------------------------------------------------------- */

/* Natural width (widest hard line) and longest word of a cell. */
static void
cell_widths(const struct tcell *c, int *natural, int *word)
{
	int	 line = 0, wd = 0;
	uint32_t i;

	*natural = *word = 0;
	for (i = 0; i < c->nruns; i++) {
		const struct run *r = &c->runs[i];
		struct buf s = { 0 };
		size_t k, n;
		int cols;

		if (r->flags & RUN_HARDBREAK) {
			if (line > *natural)
				*natural = line;
			line = wd = 0;
			continue;
		}
		utf8_sanitize(&s, r->text, r->len);
		for (k = 0; k < s.len; k += n) {
			n = utf8_grapheme(s.p + k, s.len - k, &cols);
			line += cols;
			if (s.p[k] == ' ')
				wd = 0;
			else if ((wd += cols) > *word)
				*word = wd;
		}
		buf_free(&s);
	}
	if (line > *natural)
		*natural = line;
}

/* Append a border line: left, fill, joint, right glyphs. */
static void
table_rule(struct lines *out, size_t bi, uint32_t off, const struct prefix *p,
    const int *cw, int ncols, const char *l, const char *j, const char *r)
{
	struct lb	 b;
	int		 c, k;

	memset(&b, 0, sizeof(b));
	put_prefix(&b, p);
	lb_put(&b, l, strlen(l), 1, ROLE_TABLE_RULE, -1, NOSRC);
	for (c = 0; c < ncols; c++) {
		for (k = 0; k < cw[c] + 2; k++)
			lb_put(&b, "─", strlen("─"), 1, ROLE_TABLE_RULE, -1,
			    NOSRC);
		lb_put(&b, c + 1 < ncols ? j : r, strlen(j), 1,
		    ROLE_TABLE_RULE, -1, NOSRC);
	}
	lb_emit(&b, out, (uint32_t)bi, off);
	lb_free(&b);
}

static void
copy_segs(struct lb *b, const struct dline *d)
{
	uint16_t	 i;

	for (i = 0; i < d->nsegs; i++) {
		const struct seg *g = &d->segs[i];

		lb_put(b, d->text + g->boff, g->blen, g->ncols, g->role,
		    g->item, g->src);
	}
}

/* Lay a cell's runs out at "w" columns into "tmp". */
static void
wrap_cell(struct lines *tmp, const struct body *body, size_t bi,
    const struct tcell *c, int w, bool head)
{
	static const struct prefix none;
	struct wrap	 wr;

	wrap_init(&wr, tmp, body, bi, w, &none, &none);
	if (head)
		wr.role_override = ROLE_TABLE_HEAD;
	wrap_runs(&wr, c->runs, c->nruns);
	wrap_done(&wr);
}

/*
 * The source offset of each row of table block bl, for the lines that
 * show it (its borders and separators, cells without text): its first
 * cell text, else the row before's.  An array of bl->nrows (free it).
 */
static uint32_t *
row_offsets(const struct block *bl)
{
	uint32_t	*ro, r, c, i, off, last = bl->off;

	ro = xcalloc((size_t)bl->nrows + 1, sizeof(*ro));
	for (r = 0; r < bl->nrows; r++) {
		off = UINT32_MAX;
		for (c = 0; c < bl->ncols; c++) {
			const struct tcell *t = &bl->cells[(size_t)r *
			    bl->ncols + c];

			for (i = 0; i < t->nruns; i++)
				if (t->runs[i].off != RUN_NOOFF &&
				    t->runs[i].off < off)
					off = t->runs[i].off;
		}
		ro[r] = last = off != UINT32_MAX && off >= last ? off : last;
	}
	return ro;
}

/* Narrow screens: each row as "Header: value" lines. */
static void
table_stacked(struct lines *out, const struct body *body, size_t bi,
    int width, const struct prefix *first, const struct prefix *cont)
{
	const struct block *bl = &body->blocks[bi];
	struct lines	 tmp;
	struct lb	 b;
	uint32_t	 r, c, *ro = row_offsets(bl);
	size_t		 k;

	lines_init(&tmp);
	memset(&b, 0, sizeof(b));
	for (r = bl->head_rows; r < bl->nrows; r++) {
		if (r > bl->head_rows)
			lb_emit(&b, out, (uint32_t)bi, ro[r]);	/* blank */
		for (c = 0; c < bl->ncols; c++) {
			const struct tcell *h = bl->head_rows ?
			    &bl->cells[c] : NULL;
			const struct tcell *v = &bl->cells[(size_t)r *
			    bl->ncols + c];
			int w = width - cont->cols - 2;

			if (w < 1)
				w = 1;
			lines_reset(&tmp);
			if (h != NULL && h->nruns > 0) {
				wrap_cell(&tmp, body, bi, h, w, true);
				for (k = 0; k < tmp.n; k++) {
					const struct dline *d = &tmp.v[k];
					uint16_t g;

					put_prefix(&b, k == 0 && r ==
					    bl->head_rows && c == 0 ? first :
					    cont);
					/* The header's name, repeated on this
					 * row: a label, not the header's text. */
					for (g = 0; g < d->nsegs; g++)
						lb_put(&b, d->text +
						    d->segs[g].boff,
						    d->segs[g].blen,
						    d->segs[g].ncols,
						    d->segs[g].role,
						    d->segs[g].item, NOSRC);
					if (k + 1 == tmp.n)
						lb_put(&b, ":", 1, 1,
						    ROLE_TABLE_HEAD, -1, NOSRC);
					lb_emit(&b, out, (uint32_t)bi, ro[r]);
				}
				lines_reset(&tmp);
			}
			wrap_cell(&tmp, body, bi, v, w, false);
			for (k = 0; k < tmp.n; k++) {
				put_prefix(&b, cont);
				lb_spaces(&b, 2, ROLE_TEXT);
				copy_segs(&b, &tmp.v[k]);
				lb_emit(&b, out, (uint32_t)bi,
				    tmp.v[k].src_off != NOSRC &&
				    tmp.v[k].src_off > bl->off ?
				    tmp.v[k].src_off : ro[r]);
			}
		}
	}
	lb_free(&b);
	lines_free(&tmp);
	free(ro);
}

static void
layout_table(struct lines *out, const struct body *body, size_t bi,
    int width, const struct prefix *first, const struct prefix *cont)
{
	const struct block *bl = &body->blocks[bi];
	int		 ncols = bl->ncols, c, avail, total = 0, rest;
	int		*nat, *minw, *cw;
	struct lines	*cellv;
	struct lb	 b;
	uint32_t	 r, *ro;
	size_t		 k, maxl;
	bool		 multiline = false;

	avail = width - cont->cols - (3 * ncols + 1);
	if (ncols == 0 || bl->nrows == 0)
		return;
	if (avail < 3 * ncols) {
		table_stacked(out, body, bi, width, first, cont);
		return;
	}
	nat = xcalloc((size_t)ncols, sizeof(int));
	minw = xcalloc((size_t)ncols, sizeof(int));
	cw = xcalloc((size_t)ncols, sizeof(int));
	for (r = 0; r < bl->nrows; r++)
		for (c = 0; c < ncols; c++) {
			int n, w;

			cell_widths(&bl->cells[(size_t)r * ncols + c], &n, &w);
			if (n > nat[c])
				nat[c] = n;
			if (w > minw[c])
				minw[c] = w;
		}
	for (c = 0; c < ncols; c++) {
		if (nat[c] < 1)
			nat[c] = 1;
		if (minw[c] > CELL_MIN_CAP)
			minw[c] = CELL_MIN_CAP;
		if (minw[c] < 3)
			minw[c] = nat[c] < 3 ? nat[c] : 3;
		total += nat[c];
	}
	if (total <= avail) {
		memcpy(cw, nat, (size_t)ncols * sizeof(int));
	} else {
		int sum = 0, want = 0;

		for (c = 0; c < ncols; c++) {
			cw[c] = minw[c];
			sum += cw[c];
		}
		/* Too many columns even at their minimum: share evenly. */
		while (sum > avail) {
			for (c = 0; c < ncols && sum > avail; c++)
				if (cw[c] > 3) {
					cw[c]--;
					sum--;
				}
			if (c == ncols && sum > avail) {
				bool shrunk = false;

				for (c = 0; c < ncols; c++)
					if (cw[c] > 3)
						shrunk = true;
				if (!shrunk)
					break;
			}
		}
		rest = avail - sum;
		for (c = 0; c < ncols; c++)
			want += nat[c] - cw[c];
		/* The rest in proportion to what each column wants. */
		for (c = 0; c < ncols && want > 0 && rest > 0; c++) {
			int add = (int)((long)rest * (nat[c] - cw[c]) / want);

			cw[c] += add;
		}
		for (c = 0, sum = 0; c < ncols; c++)
			sum += cw[c];
		for (c = 0; sum < avail && c < ncols; c++)
			if (cw[c] < nat[c]) {
				cw[c]++;
				sum++;
			}
	}
	/* Does any body row wrap? Then rows get separators. */
	cellv = xcalloc((size_t)ncols, sizeof(*cellv));
	for (c = 0; c < ncols; c++)
		lines_init(&cellv[c]);
	memset(&b, 0, sizeof(b));
	for (r = bl->head_rows; r < bl->nrows && !multiline; r++)
		for (c = 0; c < ncols; c++) {
			int n, w;

			cell_widths(&bl->cells[(size_t)r * ncols + c], &n, &w);
			if (n > cw[c])
				multiline = true;
		}
	/* Every line of a row, its separator above included, stands for
	 * that row's source line: the reading position stays in the row. */
	ro = row_offsets(bl);
	table_rule(out, bi, bl->off, first, cw, ncols, "┌", "┬", "┐");
	for (r = 0; r < bl->nrows; r++) {
		bool head = r < bl->head_rows;

		maxl = 0;
		for (c = 0; c < ncols; c++) {
			lines_reset(&cellv[c]);
			wrap_cell(&cellv[c], body, bi, &bl->cells[(size_t)r *
			    ncols + c], cw[c], head);
			if (cellv[c].n > maxl)
				maxl = cellv[c].n;
		}
		for (k = 0; k < maxl; k++) {
			uint32_t off = NOSRC;

			put_prefix(&b, cont);
			for (c = 0; c < ncols; c++) {
				const struct dline *d = k < cellv[c].n ?
				    &cellv[c].v[k] : NULL;
				int used = d ? d->width : 0, pad = cw[c] - used;
				int left = 0;

				if (pad < 0)
					pad = 0;
				if (bl->align[c] == 1)
					left = pad / 2;
				else if (bl->align[c] == 2)
					left = pad;
				lb_put(&b, "│", strlen("│"), 1,
				    ROLE_TABLE_RULE, -1, NOSRC);
				lb_spaces(&b, 1 + left, ROLE_TEXT);
				if (d != NULL) {
					copy_segs(&b, d);
					if (off == NOSRC && d->src_off !=
					    NOSRC && d->src_off > bl->off)
						off = d->src_off;
				}
				lb_spaces(&b, pad - left + 1, ROLE_TEXT);
			}
			lb_put(&b, "│", strlen("│"), 1, ROLE_TABLE_RULE, -1,
			    NOSRC);
			lb_emit(&b, out, (uint32_t)bi, off != NOSRC ? off : ro[r]);
		}
		if (r + 1 < bl->nrows && (r + 1 == bl->head_rows ||
		    (!head && multiline)))
			table_rule(out, bi, ro[r + 1], cont, cw, ncols, "├",
			    "┼", "┤");
	}
	/* The bottom border: the end of the last row. */
	table_rule(out, bi, bl->end > ro[bl->nrows - 1] ? bl->end - 1 :
	    ro[bl->nrows - 1], cont, cw, ncols, "└", "┴", "┘");
	free(ro);
	for (c = 0; c < ncols; c++)
		lines_free(&cellv[c]);
	free(cellv);
	lb_free(&b);
	free(nat);
	free(minw);
	free(cw);
}

/* ---- callouts -------------------------------------------------------------- */

/* Whether frame "k" of "bl" is inside a folded callout, its own
 * included: its box is not drawn open there. */
static bool
folded_at(const struct block *bl, int k)
{
	int	 j;

	for (j = 0; j <= k && j < bl->nframes; j++)
		if (bl->frames[j].kind == FRAME_CALLOUT &&
		    bl->frames[j].co != NULL && bl->frames[j].co->folded)
			return true;
	return false;
}

/* The prefix "p" cut to its first "k" frames. */
static struct prefix
prefix_cut(const struct prefix *p, int k)
{
	struct prefix	 c = *p;
	int		 i;

	if (k < c.n) {
		c.n = k;
		for (i = 0, c.cols = 0; i < k; i++)
			c.cols += c.width[i];
	}
	return c;
}

/* Lay the last line of "out" out again with "─" to "width" columns after
 * it (a box's top edge). */
static void
fill_last(struct lines *out, size_t bi, int width, int role)
{
	struct dline	 d;
	struct lb	 b;
	int		 n;

	if (out->n == 0)
		return;
	d = out->v[--out->n];
	memset(&b, 0, sizeof(b));
	copy_segs(&b, &d);
	n = width - b.col - 1;
	if (n > 0) {
		lb_spaces(&b, 1, ROLE_TEXT);
		while (n-- > 0)
			lb_put(&b, "─", strlen("─"), 1, role, -1, NOSRC);
	}
	lb_emit(&b, out, (uint32_t)bi, d.src_off);
	out->v[out->n - 1].src_off = d.src_off;
	lb_free(&b);
}

/* The ITEM_FOLD item of callout "co" of block "bi", or -1. */
static int32_t
fold_item(const struct body *body, const struct callout *co, size_t bi)
{
	size_t	 lo = 0, hi = body->nitems;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (body->items[mid].off < co->marker)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < body->nitems && body->items[lo].off == co->marker; lo++)
		if (body->items[lo].type == ITEM_FOLD &&
		    body->items[lo].block == bi)
			return (int32_t)lo;
	return -1;
}

/*
 * The title line of the callout block "bi" opens: "┌ Note: Title ───",
 * "┌ ▾ Note: Title ───" when it folds, "─ ▸ Note: Title (3 lines
 * folded) ───" when folded; inside the prefix of the frames around the
 * box, in the callout's role.
 */
static void
callout_title(struct lines *out, const struct body *body, size_t bi,
    int width, const struct prefix *first, const struct prefix *cont)
{
	const struct block *bl = &body->blocks[bi];
	const struct callout *co = bl->callout;
	struct prefix	 hf, hc;
	struct wrap	 w;
	struct run	 lead[4], *v;
	char		*label, *more;
	int32_t		 item = fold_item(body, co, bi);
	uint32_t	 n = 0;
	size_t		 k;

	hf = prefix_cut(first, co->depth);
	hc = prefix_cut(cont, co->depth);
	if (hc.n < FOLIO_PREFIX_MAX) {
		hc.text[hc.n] = "│ ";
		hc.width[hc.n] = 2;
		hc.role[hc.n++] = co->role;
		hc.cols += 2;
	}
	lead[n++] = (struct run){ co->folded ? "─ " : "┌ ",
	    (uint32_t)strlen("┌ "), RUN_NOOFF, co->role, 0, -1 };
	if (co->fold != 0)
		lead[n++] = (struct run){ co->folded ? "▸ " : "▾ ",
		    (uint32_t)strlen("▸ "), RUN_NOOFF, co->role, 0, item };
	label = arena_alloc(out->a, strlen(co->label) + 2);
	strcpy(label, co->label);
	if (co->ntitle > 0)
		strcat(label, ":");
	lead[n++] = (struct run){ label, (uint32_t)strlen(label), RUN_NOOFF,
	    co->role, 0, item };
	if (co->ntitle > 0)
		lead[n++] = (struct run){ " ", 1, RUN_NOOFF, co->role, 0, -1 };
	v = xcalloc(n + co->ntitle + 1, sizeof(*v));
	memcpy(v, lead, n * sizeof(*v));
	memcpy(v + n, co->title, co->ntitle * sizeof(*v));
	n += co->ntitle;
	if (co->folded && co->nlines > 0) {
		more = arena_alloc(out->a, 48);
		snprintf(more, 48, " (%u line%s folded)", co->nlines,
		    co->nlines == 1 ? "" : "s");
		v[n++] = (struct run){ more, (uint32_t)strlen(more), RUN_NOOFF,
		    ROLE_GUTTER, 0, -1 };
	}
	wrap_init(&w, out, body, bi, width, &hf, &hc);
	w.role_override = co->role;
	k = out->n;
	wrap_runs(&w, v, n);
	wrap_done(&w);
	free(v);
	if (out->n > k)
		fill_last(out, bi, width, co->role);
}

/* The bottom edges of the callout boxes block "bi" ends, innermost
 * first: "└───" inside the frames around each. */
static void
callout_ends(struct lines *out, const struct block *bl, size_t bi,
    int width, const struct prefix *cont)
{
	struct prefix	 p;
	int		 k;

	for (k = bl->nframes; k-- > 0; ) {
		const struct frame *f = &bl->frames[k];
		struct lb b;
		int i, n;

		if (f->kind != FRAME_CALLOUT || !(f->flags & FRAME_LAST) ||
		    folded_at(bl, k))
			continue;
		p = prefix_cut(cont, k);
		memset(&b, 0, sizeof(b));
		put_prefix(&b, &p);
		lb_put(&b, "└", strlen("└"), 1, f->role, -1, NOSRC);
		n = width - b.col;
		for (i = 0; i < n; i++)
			lb_put(&b, "─", strlen("─"), 1, f->role, -1, NOSRC);
		lb_emit(&b, out, (uint32_t)bi, bl->end);
		lb_free(&b);
	}
}

/* The blank lines before block "bi": inside a callout's box they keep
 * its bar (and the bars around it). */
static void
space_before(struct lines *out, const struct block *bl, size_t bi,
    const struct prefix *cont)
{
	struct prefix	 p;
	struct lb	 b;
	int		 k, i, n = bl->callout ? bl->callout->depth : bl->nframes;

	for (k = 0; k < n; k++)
		if (bl->frames[k].kind == FRAME_CALLOUT)
			break;
	if (k == n) {
		blank_lines(out, bl, bi, bl->space_before);
		return;
	}
	p = prefix_cut(cont, n);
	/* Only the bars: list markers' room is blank. */
	for (i = 0; i < p.n; i++)
		if (p.text[i] == NULL || (bl->frames[i].kind != FRAME_CALLOUT &&
		    bl->frames[i].kind != FRAME_QUOTE &&
		    bl->frames[i].kind != FRAME_EMBED))
			p.text[i] = NULL;
	memset(&b, 0, sizeof(b));
	for (i = 0; i < bl->space_before; i++) {
		put_prefix(&b, &p);
		lb_emit(&b, out, (uint32_t)bi, bl->off);
	}
	lb_free(&b);
}

/* Lines of a block shown away from its source (lines [from, n) of
 * "out") stand for where they are shown, not for their source. */
static void
moved(struct lines *out, const struct block *bl, size_t from)
{
	size_t	 i;
	uint16_t k;

	for (i = from; i < out->n; i++) {
		out->v[i].src_off = bl->off;
		for (k = 0; k < out->v[i].nsegs; k++)
			out->v[i].segs[k].src = NOSRC;
	}
}

/* ---- public ---------------------------------------------------------------- */

size_t
layout_block(struct lines *out, const struct body *body, size_t bi,
    int width)
{
	const struct block *bl;
	struct prefix	 first, cont;
	struct wrap	 w;
	size_t		 from = out->n, before = out->n + out->spilled;

	if (bi >= body->nblocks)
		return 0;
	if (width < 1)
		width = 1;
	if (width > 4000)
		width = 4000;
	bl = &body->blocks[bi];
	make_prefix(bl, width, &first, &cont);
	if (bl->hidden > 0) {
		/* In a folded callout: only the edges of boxes still open
		 * around it that end here. */
		callout_ends(out, bl, bi, width, &cont);
		return out->n + out->spilled - before;
	}
	space_before(out, bl, bi, &cont);
	if (bl->callout != NULL) {
		callout_title(out, body, bi, width, &first, &cont);
		if (bl->nruns == 0 || bl->callout->folded) {
			callout_ends(out, bl, bi, width, &cont);
			return out->n + out->spilled - before;
		}
		first = cont;
	}
	switch (bl->type) {
	case BLK_HR:
	case BLK_SEP:
		rule_line(out, bl, bi, width, &first, "─", ROLE_RULE, 0);
		break;
	case BLK_CODE:
	case BLK_HTML:
		layout_code(out, body, bi, width, &first, &cont);
		break;
	case BLK_TABLE:
		layout_table(out, body, bi, width, &first, &cont);
		break;
	case BLK_CUE:
		wrap_init(&w, out, body, bi, width, &first, &cont);
		w.start = cue_gutter;
		w.lead = 0;
		/* The gutter takes the place of the prefix. */
		{
			static struct prefix g;

			g.cols = width < 16 ? 0 : GUTTER_W + 3;
			w.first = w.cont = &g;
		}
		wrap_runs(&w, bl->runs, bl->nruns);
		wrap_done(&w);
		break;
	case BLK_HEADING: {
		int hw;

		wrap_init(&w, out, body, bi, width, &first, &cont);
		wrap_runs(&w, bl->runs, bl->nruns);
		hw = w.max_width - first.cols;
		wrap_done(&w);
		if (bl->level <= 2 && hw > 0)
			rule_line(out, bl, bi, width, &cont, bl->level == 1 ?
			    "═" : "─", bl->level == 1 ? ROLE_H1 : ROLE_H2, hw);
		break;
	}
	default:
		wrap_init(&w, out, body, bi, width, &first, &cont);
		w.may_spill = !(bl->flags & BLOCK_MOVED);
		wrap_runs(&w, bl->runs, bl->nruns);
		wrap_done(&w);
		break;
	}
	callout_ends(out, bl, bi, width, &cont);
	if (bl->flags & BLOCK_MOVED)
		moved(out, bl, from);
	return out->n + out->spilled - before;
}

size_t
layout_body(struct lines *out, const struct body *body, int width)
{
	size_t	 i, n = 0;

	for (i = 0; i < body->nblocks; i++)
		n += layout_block(out, body, i, width);
	return n;
}

size_t
layout_line_at(const struct lines *l, uint32_t off)
{
	size_t	 k, best = 0;
	int	 found = 0;

	for (k = 0; k < l->n; k++) {
		if (l->v[k].nsegs == 0)
			continue;
		if (l->v[k].src_off > off)
			break;
		/* Lines that share an offset (a heading and its rule, a
		 * table row and its border) show it from the first. */
		if (!found || l->v[k].src_off > l->v[best].src_off)
			best = k;
		found = 1;
	}
	if (!found)
		for (best = 0; best < l->n && l->v[best].nsegs == 0; best++)
			;
	return best < l->n ? best : 0;
}

void
layout_dump(struct buf *out, const struct lines *l, int roles)
{
	size_t	 i;
	uint16_t k;
	int	 c;

	for (i = 0; i < l->n; i++) {
		const struct dline *d = &l->v[i];
		size_t n = d->tlen;

		while (n > 0 && d->text[n - 1] == ' ')
			n--;
		if (out->len + n + 1 < out->cap) {
			memcpy(out->p + out->len, d->text, n);
			out->len += n;
			out->p[out->len++] = '\n';
			out->p[out->len] = '\0';
		} else {
			buf_add(out, d->text, n);
			buf_addc(out, '\n');
		}
		if (!roles)
			continue;
		for (k = 0; k < d->nsegs; k++)
			for (c = 0; c < d->segs[k].ncols; c++)
				buf_addc(out, role_code(d->segs[k].role));
		buf_addc(out, '\n');
	}
}
