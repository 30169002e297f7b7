/* SPDX-License-Identifier: ISC */
#include "ui.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "folio/arena.h"
#include "folio/corpus.h"
#include "folio/doc.h"
#include "folio/markdown.h"
#include "folio/role.h"
#include "folio/timestamp.h"
#include "folio/utf8.h"
#include "folio/xmalloc.h"

/* Laid-out blocks kept before the cache is thinned. */
#define MAX_LAID	2048
/* Documents larger than this open in two steps: their start at once,
 * the whole read by a thread and swapped in keeping the place. */
#define TWO_STEP_BYTES	(64u << 10)
#define FIRST_BYTES	(8u << 10)

/* The whole of a document being read in the background. */
struct bodyload {
	pthread_t	 th;
	atomic_bool	 done;
	const struct corpus *c;	/* only read; not swapped while running */
	size_t		 entry;
	struct doc	*d;
	struct folio_err err;
};

static void *
load_worker(void *arg)
{
	struct bodyload	*l = arg;

	l->d = corpus_open_opts(l->c, l->entry, NULL, &l->err);
	atomic_store(&l->done, true);
	return NULL;
}

/* Wait for a background read and return it (the caller frees both). */
static struct bodyload *
load_take(struct app *app)
{
	struct bodyload	*l = app->body.load;

	if (l != NULL) {
		pthread_join(l->th, NULL);
		app->body.load = NULL;
	}
	return l;
}

/* Read the whole of entry "entry" in the background. */
static void
load_start(struct app *app, int entry)
{
	struct bodyload	*l = xcalloc(1, sizeof(*l));

	atomic_init(&l->done, false);
	l->c = app->c;
	l->entry = (size_t)entry;
	if (pthread_create(&l->th, NULL, load_worker, l) != 0) {
		free(l);
		return;			/* the start stays shown */
	}
	app->body.load = l;
}

void
body_close(struct app *app)
{
	struct bodyview	*b = &app->body;
	struct bodyload	*l;
	size_t		 i;

	if ((l = load_take(app)) != NULL) {
		doc_free(l->d);
		free(l);
	}

	for (i = 0; i < b->nblk; i++)
		if (b->blk[i].a != NULL)
			lines_free(&b->blk[i]);
	free(b->blk);
	b->blk = NULL;
	b->nblk = b->nlaid = 0;
	doc_free(b->doc);
	b->doc = NULL;
	b->entry = -1;
	b->cur = -1;
	memset(&b->top, 0, sizeof(b->top));
}

/* Drop every laid-out block (after a width change). */
static void
drop_layout(struct bodyview *b)
{
	size_t	 i;

	for (i = 0; i < b->nblk; i++)
		if (b->blk[i].a != NULL)
			lines_free(&b->blk[i]);
	b->nlaid = 0;
}

/* The display lines of block "bi", laid out on first use. */
static struct lines *
get(struct bodyview *b, size_t bi)
{
	size_t	 i;

	if (b->doc == NULL || bi >= b->nblk)
		return NULL;
	if (b->blk[bi].a == NULL) {
		if (b->nlaid >= MAX_LAID) {
			/* Keep a window around the top. */
			for (i = 0; i < b->nblk; i++)
				if (b->blk[i].a != NULL && (i + 64 < b->top.block ||
				    i > b->top.block + 512)) {
					lines_free(&b->blk[i]);
					b->nlaid--;
				}
		}
		lines_init(&b->blk[bi]);
		layout_block(&b->blk[bi], b->doc->body, bi, b->width);
		b->nlaid++;
	}
	return &b->blk[bi];
}

const struct dline *
body_line(struct app *app, struct bpos p)
{
	struct lines	*l = get(&app->body, p.block);

	if (l == NULL || p.line >= l->n)
		return NULL;
	return &l->v[p.line];
}

/* Step a position one line forward; false at the end. */
static bool
next_pos(struct bodyview *b, struct bpos *p)
{
	struct lines	*l = get(b, p->block);
	size_t		 bi;

	if (l != NULL && p->line + 1 < l->n) {
		p->line++;
		return true;
	}
	for (bi = p->block + 1; bi < b->nblk; bi++) {
		l = get(b, bi);
		if (l != NULL && l->n > 0) {
			p->block = bi;
			p->line = 0;
			return true;
		}
	}
	return false;
}

static bool
prev_pos(struct bodyview *b, struct bpos *p)
{
	struct lines	*l;
	size_t		 bi;

	if (p->line > 0) {
		p->line--;
		return true;
	}
	for (bi = p->block; bi-- > 0; ) {
		l = get(b, bi);
		if (l != NULL && l->n > 0) {
			p->block = bi;
			p->line = l->n - 1;
			return true;
		}
	}
	return false;
}

/* Lines from "p" to the end, counting at most "max". */
static long
lines_after(struct bodyview *b, struct bpos p, long max)
{
	long	 n = 1;

	while (n < max && next_pos(b, &p))
		n++;
	return n;
}

static int
page_height(struct app *app)
{
	int	 h = app->r[PANE_BODY].h;

	return h > 0 ? h : (app->rows > 2 ? app->rows - 2 : 1);
}

void
body_scroll(struct app *app, long n)
{
	struct bodyview	*b = &app->body;
	long		 h = page_height(app);

	if (b->doc == NULL)
		return;
	while (n > 0) {
		struct bpos p = b->top;

		/* Stop when the last line is at the bottom. */
		if (lines_after(b, b->top, h + 1) <= h || !next_pos(b, &p))
			break;
		b->top = p;
		n--;
	}
	while (n < 0 && prev_pos(b, &b->top))
		n++;
}

/* Whether the last line of the document is on screen (and the whole of
 * it has been read). */
bool
body_at_end(struct app *app)
{
	struct bodyview	*b = &app->body;
	long		 h = page_height(app);

	if (b->doc == NULL || b->doc->partial)
		return false;
	return lines_after(b, b->top, h + 1) <= h;
}

void
body_top(struct app *app)
{
	memset(&app->body.top, 0, sizeof(app->body.top));
}

void
body_bottom(struct app *app)
{
	struct bodyview	*b = &app->body;
	struct bpos	 p;
	long		 h = page_height(app), k;
	size_t		 bi;

	/* It goes through the whole document: wait for it. */
	body_finish(app);
	if (b->doc == NULL || b->nblk == 0)
		return;
	/* Lay out from the last block backwards only. */
	for (bi = b->nblk; bi-- > 0; ) {
		struct lines *l = get(b, bi);

		if (l != NULL && l->n > 0)
			break;
	}
	p.block = bi < b->nblk ? bi : 0;
	p.line = b->blk[p.block].a ? (b->blk[p.block].n ?
	    b->blk[p.block].n - 1 : 0) : 0;
	for (k = 1; k < h && prev_pos(b, &p); k++)
		;
	b->top = p;
}

uint32_t
body_offset(struct app *app)
{
	const struct dline *d = body_line(app, app->body.top);

	if (d == NULL)
		return app->body.doc ? (uint32_t)app->body.doc->body_off : 0;
	return d->src_off;
}

/* The block holding source offset "off": the last starting at or before. */
static size_t
block_of(const struct body *body, uint32_t off)
{
	size_t	 lo = 0, hi = body->nblocks;

	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (body->blocks[mid].off <= off)
			lo = mid;
		else
			hi = mid;
	}
	/* Past the end of that block (a list marker, blank lines): the
	 * next block is the one the offset leads to. */
	if (lo + 1 < body->nblocks && body->blocks[lo].end <= off &&
	    body->blocks[lo].end > body->blocks[lo].off)
		lo++;
	return lo;
}

void
body_goto_off(struct app *app, uint32_t off)
{
	struct bodyview	*b = &app->body;
	struct lines	*l;
	size_t		 bi;

	if (b->doc == NULL || b->nblk == 0)
		return;
	bi = block_of(b->doc->body, off);
	l = get(b, bi);
	b->top.block = bi;
	b->top.line = l != NULL ? layout_line_at(l, off) : 0;
}

void
body_relayout(struct app *app, int width)
{
	struct bodyview	*b = &app->body;
	uint32_t	 off;

	if (width < 1)
		width = 1;
	if (b->doc == NULL || width == b->width) {
		b->width = width;
		return;
	}
	off = body_offset(app);
	b->width = width;
	drop_layout(b);
	body_goto_off(app, off);
}

/* Show document d (owned from now on) of entry "entry" at its top, in
 * place of none. */
static void
install(struct app *app, struct doc *d, int entry)
{
	struct bodyview	*b = &app->body;

	b->doc = d;
	b->entry = entry;
	app->doc_mtime = d->mtime;
	app->doc_size = d->size;
	app->doc_gone = false;
	b->nblk = d->body->nblocks;
	b->nlaid = 0;
	b->blk = xcalloc(b->nblk + 1, sizeof(*b->blk));
	memset(&b->top, 0, sizeof(b->top));
	b->cur = -1;
}

void
body_open(struct app *app, int entry, uint32_t off)
{
	struct bodyview	*b = &app->body;
	struct folio_err err;
	struct doc_opts	 o = { 0 };
	struct doc	*d;
	int		 width = b->width > 0 ? b->width : 80;

	if (entry < 0 || (size_t)entry >= app->c->n)
		return;
	o.limit = app->c->e[entry].size > TWO_STEP_BYTES ? FIRST_BYTES : 0;
	if ((d = corpus_open_opts(app->c, (size_t)entry, &o, &err)) == NULL) {
		app_message(app, true, "%s: %s", app->c->e[entry].path,
		    err_text(&err));
		return;
	}
	/* Leaving a document remembers where it was left. */
	if (b->doc != NULL && b->entry != entry)
		persist_save_pos(app);
	body_close(app);
	b->width = width;
	install(app, d, entry);
	if (off > 0)
		body_goto_off(app, off);
	meta_build(app);
	/* The rest is read once this start is on the screen (body_kick),
	 * so the two do not share the processor before the first frame. */
}

void
body_kick(struct app *app)
{
	struct bodyview	*b = &app->body;

	if (b->doc != NULL && b->doc->partial && b->load == NULL &&
	    b->entry >= 0)
		load_start(app, b->entry);
}

/* Put the whole of a document read in the background (l, freed here) in
 * place of its start, at the same place. */
static void
load_apply(struct app *app, struct bodyload *l)
{
	struct bodyview	*b = &app->body;
	uint32_t	 off;
	int32_t		 cur = b->cur;
	size_t		 msel = app->meta.rows.sel;

	if (l->d == NULL || b->doc == NULL || b->entry != (int)l->entry) {
		if (l->d == NULL)
			app_message(app, true, "%s", err_text(&l->err));
		doc_free(l->d);
		free(l);
		return;
	}
	off = body_offset(app);
	drop_layout(b);
	free(b->blk);
	doc_free(b->doc);
	install(app, l->d, b->entry);
	body_goto_off(app, off);
	b->cur = cur >= 0 && (size_t)cur < l->d->body->nitems ? cur : -1;
	meta_build(app);
	if (msel < app->meta.rows.n)
		app->meta.rows.sel = msel;
	free(l);
}

void
body_finish(struct app *app)
{
	body_kick(app);
	if (app->body.load != NULL)
		load_apply(app, load_take(app));
}

bool
body_loading(const struct app *app)
{
	return app->body.load != NULL || (app->body.doc != NULL &&
	    app->body.doc->partial);
}

void
body_poll(struct app *app)
{
	struct bodyload	*l = app->body.load;

	if (l != NULL && atomic_load(&l->done))
		load_apply(app, load_take(app));
}

/* ---- items ----------------------------------------------------------------- */

static bool
kind_matches(const struct item *it, int kind)
{
	switch (kind) {
	case ITEM_TS:
		return it->type == ITEM_TS;
	case ITEM_ENTITY:
		return it->type == ITEM_ENTITY;
	default:		/* links */
		return it->type == ITEM_WIKI || it->type == ITEM_WEB ||
		    it->type == ITEM_FILE || it->type == ITEM_VIDEO ||
		    (it->type == ITEM_TS && it->in_link);
	}
}

/* Bring source offset "off" into view, with some context above. */
static void
reveal(struct app *app, uint32_t off)
{
	struct bodyview	*b = &app->body;
	struct bpos	 p = b->top;
	const struct dline *d;
	uint32_t	 first = body_offset(app), end = UINT32_MAX;
	long		 h = page_height(app), k;

	for (k = 0; k < h; k++)
		if (!next_pos(b, &p))
			break;
	if (k == h && (d = body_line(app, p)) != NULL)
		end = d->src_off;
	if (first <= off && off < end)
		return;
	body_goto_off(app, off);
	for (k = 0; k < h / 3; k++)
		if (!prev_pos(b, &b->top))
			break;
}

bool
body_item_jump(struct app *app, int kind, int dir, int32_t ref)
{
	struct bodyview	*b = &app->body;
	const struct body *body;
	uint32_t	 from;
	size_t		 i, n;

	/* It goes through the whole document: wait for it. */
	body_finish(app);
	if (b->doc == NULL)
		return false;
	body = b->doc->body;
	n = body->nitems;
	if (b->cur >= 0 && (size_t)b->cur < n)
		from = body->items[b->cur].off;
	else
		from = dir > 0 ? (body_offset(app) ? body_offset(app) - 1 : 0) :
		    body_offset(app) + 1;
	if (dir > 0) {
		for (i = 0; i < n; i++) {
			const struct item *it = &body->items[i];

			if (ref >= 0 && it->ref != ref)
				continue;
			if (kind_matches(it, kind) && (it->off > from ||
			    (b->cur < 0 && it->off >= from)) &&
			    (int32_t)i != b->cur)
				break;
		}
	} else {
		for (i = n; i-- > 0; ) {
			const struct item *it = &body->items[i];

			if (ref >= 0 && it->ref != ref)
				continue;
			if (kind_matches(it, kind) && it->off < from &&
			    (int32_t)i != b->cur)
				break;
		}
		if (i == (size_t)-1)
			i = n;
	}
	if (i >= n)
		return false;
	b->cur = (int32_t)i;
	reveal(app, body->items[i].off);
	return true;
}

bool
body_heading_jump(struct app *app, int dir)
{
	struct bodyview	*b = &app->body;
	const struct body *body;
	size_t		 bi;

	/* It goes through the whole document: wait for it. */
	body_finish(app);
	if (b->doc == NULL)
		return false;
	body = b->doc->body;
	if (dir > 0) {
		for (bi = b->top.block + 1; bi < body->nblocks; bi++)
			if (body->blocks[bi].type == BLK_HEADING ||
			    body->blocks[bi].type == BLK_SEP)
				break;
		if (bi >= body->nblocks)
			return false;
	} else {
		for (bi = b->top.block; bi-- > 0; )
			if (body->blocks[bi].type == BLK_HEADING ||
			    body->blocks[bi].type == BLK_SEP)
				break;
		if (bi == (size_t)-1)
			return false;
	}
	b->top.block = bi;
	b->top.line = body->blocks[bi].space_before;
	if (get(b, bi) == NULL || b->top.line >= b->blk[bi].n)
		b->top.line = 0;
	return true;
}

/* ---- search ----------------------------------------------------------------- */

void
body_set_search(struct app *app, const char *s)
{
	struct bodyview	*b = &app->body;
	const char	*p;

	buf_reset(&b->search);
	buf_adds(&b->search, s);
	buf_reset(&b->folded);
	b->search_case = false;
	for (p = s; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			b->search_case = true;
	if (!b->search_case)
		utf8_fold(&b->folded, s, strlen(s), NULL);
	else
		buf_adds(&b->folded, s);
}

/*
 * Find hits of the search in a line: up to "max" byte ranges of its text.
 * Returns the number found.
 */
static size_t
line_hits(struct bodyview *b, const struct dline *d, uint32_t *s, uint32_t *e,
    size_t max)
{
	struct buf	 f = { 0 };
	uint32_t	*map;
	const char	*p, *h;
	size_t		 n = 0, k = b->folded.len;

	if (k == 0 || d == NULL || d->tlen == 0)
		return 0;
	if (b->search_case) {
		for (p = d->text; n < max && (h = strstr(p, b->folded.p)) !=
		    NULL; p = h + k) {
			s[n] = (uint32_t)(h - d->text);
			e[n++] = (uint32_t)(h - d->text + k);
		}
		return n;
	}
	map = xreallocarray(NULL, 4 * (size_t)d->tlen + 8, sizeof(*map));
	utf8_fold(&f, d->text, d->tlen, map);
	for (p = buf_cstr(&f); n < max && (h = strstr(p, b->folded.p)) !=
	    NULL; p = h + k) {
		size_t fs = (size_t)(h - f.p), fe = fs + k;

		s[n] = map[fs];
		e[n++] = fe < f.len ? map[fe] : d->tlen;
	}
	free(map);
	buf_free(&f);
	return n;
}

bool
body_search_next(struct app *app, int dir, bool from_top)
{
	struct bodyview	*b = &app->body;
	struct bpos	 p;
	uint32_t	 s[1], e[1];
	size_t		 steps = 0;
	bool		 wrapped = false, ok;

	/* It goes through the whole document: wait for it. */
	body_finish(app);
	p = b->top;
	if (b->doc == NULL || b->folded.len == 0)
		return false;
	if (from_top && line_hits(b, body_line(app, p), s, e, 1) > 0)
		return true;
	for (;;) {
		ok = dir > 0 ? next_pos(b, &p) : prev_pos(b, &p);
		if (!ok) {
			if (wrapped)
				return false;
			wrapped = true;
			memset(&p, 0, sizeof(p));
			if (dir < 0) {
				p.block = b->nblk ? b->nblk - 1 : 0;
				if (get(b, p.block) && b->blk[p.block].n)
					p.line = b->blk[p.block].n - 1;
			}
		}
		if (wrapped && p.block == b->top.block && p.line == b->top.line)
			return false;
		if (line_hits(b, body_line(app, p), s, e, 1) > 0)
			break;
		if (++steps > 50000000)
			return false;
	}
	b->top = p;
	if (wrapped)
		app_message(app, false, "search wrapped");
	return true;
}

/* ---- drawing ------------------------------------------------------------------ */

static void
draw_line(struct app *app, const struct dline *d, int y, int x, int w)
{
	struct bodyview	*b = &app->body;
	uint32_t	 hs[64], he[64];
	size_t		 nh, k, i, g;
	uint16_t	 si;
	int		 gw;

	nh = line_hits(b, d, hs, he, 64);
	for (si = 0; si < d->nsegs; si++) {
		const struct seg *sg = &d->segs[si];
		attr_t base = screen_attr(sg->role);
		int col = sg->col;
		size_t start = sg->boff, end = sg->boff + sg->blen;

		if (sg->item >= 0 && sg->item == b->cur)
			base = screen_attr(sg->role) | A_REVERSE;
		if (nh == 0) {
			if (col < w)
				screen_put_cols(y, x + col, w - col, d->text +
				    start, sg->blen, sg->ncols, base);
			continue;
		}
		/* Paint runs of graphemes with the same hit state. */
		for (i = start; i < end; ) {
			bool hit = false;
			size_t j = i;
			int c0 = col;

			for (k = 0; k < nh; k++)
				if (i >= hs[k] && i < he[k])
					hit = true;
			while (j < end) {
				bool h2 = false;

				for (k = 0; k < nh; k++)
					if (j >= hs[k] && j < he[k])
						h2 = true;
				if (h2 != hit)
					break;
				g = utf8_grapheme(d->text + j, end - j, &gw);
				j += g;
				col += gw;
			}
			if (c0 < w)
				screen_put(y, x + c0, w - c0, d->text + i, j - i,
				    hit ? screen_attr(ROLE_SEARCH_HIT) | A_REVERSE
				    : base);
			i = j;
		}
	}
}

void
body_draw(struct app *app, const struct rect *r)
{
	struct bodyview	*b = &app->body;
	struct bpos	 p = b->top;
	int		 y;

	if (r->h <= 0 || r->w <= 0)
		return;
	if (b->doc == NULL) {
		screen_puts(r->y, r->x, r->w, app->c->n ? "Select a document "
		    "and press Enter." : "No documents in this library.",
		    screen_attr(ROLE_GUTTER));
		return;
	}
	for (y = 0; y < r->h; y++) {
		const struct dline *d = body_line(app, p);

		if (d != NULL)
			draw_line(app, d, r->y + y, r->x, r->w);
		if (!next_pos(b, &p))
			break;
	}
}

size_t
body_hints(struct app *app, const struct rect *r, struct hint *out,
    size_t max)
{
	struct bodyview	*b = &app->body;
	struct bpos	 p = b->top;
	size_t		 n = 0, i, k;
	int		 y;

	if (b->doc == NULL || r->h <= 0)
		return 0;
	for (y = 0; y < r->h && n < max; y++) {
		const struct dline *d = body_line(app, p);

		for (i = 0; d != NULL && i < d->nsegs && n < max; i++) {
			const struct seg *sg = &d->segs[i];
			const struct item *it;

			if (sg->item < 0)
				continue;
			it = &b->doc->body->items[sg->item];
			if (it->type == ITEM_ENTITY)
				continue;
			for (k = 0; k < n; k++)
				if (out[k].item == sg->item)
					break;
			if (k < n)
				continue;
			out[n].item = sg->item;
			out[n].y = r->y + y;
			out[n].x = r->x + sg->col;
			n++;
		}
		if (!next_pos(b, &p))
			break;
	}
	return n;
}

/* The video time of the reading position: the current timestamp, else
 * the time at the top (estimated or not); -1 without a timeline. */
long
body_time(struct app *app)
{
	struct bodyview	*b = &app->body;
	bool		 approx;

	if (b->doc == NULL)
		return -1;
	if (b->cur >= 0 && (size_t)b->cur < b->doc->body->nitems &&
	    b->doc->body->items[b->cur].type == ITEM_TS)
		return b->doc->body->items[b->cur].seconds;
	return doc_time_at(b->doc, body_offset(app), &approx);
}

/*
 * Where the reader is, on one scale: the part of the document above the
 * bottom of the pane in percent, "END" once the last line is on screen.
 */
static void
position(struct app *app, char *out, size_t cap)
{
	struct bodyview	*b = &app->body;
	const struct doc *d = b->doc;
	const struct dline *dl;
	struct bpos	 p = b->top;
	long		 h = page_height(app), k;
	size_t		 pct;

	for (k = 1; k < h && next_pos(b, &p); k++)
		;
	if (!next_pos(b, &p) && !d->partial) {
		snprintf(out, cap, "END");
		return;
	}
	dl = body_line(app, p);
	pct = dl != NULL && d->len > 0 ? (size_t)dl->src_off * 100 / d->len :
	    0;
	if (pct > 99)
		pct = 99;
	snprintf(out, cap, "%zu%%", pct);
}

void
body_status(struct app *app, char *out, size_t cap)
{
	struct bodyview	*b = &app->body;
	const struct doc *d = b->doc;
	uint32_t	 off;
	long		 t;
	bool		 approx;
	char		 now[32], dur[32], pos[64];

	if (d == NULL) {
		snprintf(out, cap, "%s", "");
		return;
	}
	off = body_offset(app);
	position(app, pos, sizeof(pos));
	/* The current timestamp's time, else the time at the top. */
	if (b->cur >= 0 && (size_t)b->cur < d->body->nitems &&
	    d->body->items[b->cur].type == ITEM_TS) {
		t = d->body->items[b->cur].seconds;
		approx = false;
	} else
		t = doc_time_at(d, off, &approx);
	if (t >= 0) {
		ts_format(now, sizeof(now), t);
		if (d->duration > 0)
			ts_format(dur, sizeof(dur), d->duration);
		else
			dur[0] = '\0';
		snprintf(out, cap, "%s  %s%s%s%s", pos, approx ? "≈ " : "",
		    now, dur[0] ? " / " : "", dur);
	} else
		snprintf(out, cap, "%s", pos);
	if (d->partial)
		snprintf(out + strlen(out), cap - strlen(out), "  reading…");
}
