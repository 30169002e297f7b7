/* SPDX-License-Identifier: ISC */
#include "ui.h"
#include "body.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "folio/corpus.h"
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

struct bodypriv	 body_b;

/* The whole of a document being read in the background. */
struct bodyload {
	struct job	 job;
	const struct corpus *c;	/* only read; not swapped while running */
	size_t		 entry;
	struct doc	*d;
	struct folio_err err;
};

/* The job: read the whole document. */
static void
load_worker(void *arg)
{
	struct bodyload	*l = arg;

	l->d = corpus_open_opts(l->c, l->entry, NULL, &l->err);
}

/* Wait for a background read and return it (the caller frees both). */
static struct bodyload *
load_take(struct app *app)
{
	struct bodyload	*l = body_b.load;

	if (l != NULL) {
		job_join(&l->job);
		body_b.load = NULL;
	}
	return l;
}

/* Read the whole of entry "entry" in the background. */
static void
load_start(struct app *app, int entry)
{
	struct bodyload	*l = xcalloc(1, sizeof(*l));

	l->c = app->c;
	l->entry = (size_t)entry;
	body_b.load = l;
	job_start(&l->job, load_worker, l);
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

	for (i = 0; i < body_b.nblk; i++)
		if (body_b.blk[i].a != NULL)
			lines_free(&body_b.blk[i]);
	free(body_b.blk);
	body_b.blk = NULL;
	body_b.nblk = body_b.nlaid = 0;
	doc_free(b->doc);
	b->doc = NULL;
	b->entry = -1;
	b->cur = -1;
	memset(&body_b.top, 0, sizeof(body_b.top));
}

/* Drop every laid-out block (after a width change). */
static void
drop_layout(struct bodyview *b)
{
	size_t	 i;

	for (i = 0; i < body_b.nblk; i++)
		if (body_b.blk[i].a != NULL)
			lines_free(&body_b.blk[i]);
	body_b.nlaid = 0;
}

/* The display lines of block "bi", laid out on first use. */
struct lines *
body_get(struct bodyview *b, size_t bi)
{
	size_t	 i;

	if (b->doc == NULL || bi >= body_b.nblk)
		return NULL;
	if (body_b.blk[bi].a == NULL) {
		if (body_b.nlaid >= MAX_LAID) {
			/* Keep a window around the top. */
			for (i = 0; i < body_b.nblk; i++)
				if (body_b.blk[i].a != NULL &&
				    (i + 64 < body_b.top.block ||
				    i > body_b.top.block + 512)) {
					lines_free(&body_b.blk[i]);
					body_b.nlaid--;
				}
		}
		lines_init(&body_b.blk[bi]);
		layout_block(&body_b.blk[bi], b->doc->body, bi, body_b.width);
		body_b.nlaid++;
	}
	return &body_b.blk[bi];
}

const struct dline *
body_line(struct app *app, struct bpos p)
{
	struct lines	*l = body_get(&app->body, p.block);

	if (l == NULL || p.line >= l->n)
		return NULL;
	return &l->v[p.line];
}

/* Step a position one line forward; false at the end. */
bool
body_next_pos(struct bodyview *b, struct bpos *p)
{
	struct lines	*l = body_get(b, p->block);
	size_t		 bi;

	if (l != NULL && p->line + 1 < l->n) {
		p->line++;
		return true;
	}
	for (bi = p->block + 1; bi < body_b.nblk; bi++) {
		l = body_get(b, bi);
		if (l != NULL && l->n > 0) {
			p->block = bi;
			p->line = 0;
			return true;
		}
	}
	return false;
}

bool
body_prev_pos(struct bodyview *b, struct bpos *p)
{
	struct lines	*l;
	size_t		 bi;

	if (p->line > 0) {
		p->line--;
		return true;
	}
	for (bi = p->block; bi-- > 0; ) {
		l = body_get(b, bi);
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

	while (n < max && body_next_pos(b, &p))
		n++;
	return n;
}

int
body_page_height(struct app *app)
{
	int	 h = app->scr.r[PANE_BODY].h;

	return h > 0 ? h : (app->scr.rows > 2 ? app->scr.rows - 2 : 1);
}

void
body_scroll(struct app *app, long n)
{
	struct bodyview	*b = &app->body;
	long		 h = body_page_height(app);

	if (b->doc == NULL)
		return;
	while (n > 0) {
		struct bpos p = body_b.top;

		/* Stop when the last line is at the bottom. */
		if (lines_after(b, body_b.top, h + 1) <= h ||
		    !body_next_pos(b, &p))
			break;
		body_b.top = p;
		n--;
	}
	while (n < 0 && body_prev_pos(b, &body_b.top))
		n++;
}

/* Whether the last line of the document is on screen (and the whole of
 * it has been read). */
bool
body_at_end(struct app *app)
{
	struct bodyview	*b = &app->body;
	long		 h = body_page_height(app);

	if (b->doc == NULL || b->doc->partial)
		return false;
	return lines_after(b, body_b.top, h + 1) <= h;
}

void
body_top(struct app *app)
{
	memset(&body_b.top, 0, sizeof(body_b.top));
}

void
body_bottom(struct app *app)
{
	struct bodyview	*b = &app->body;
	struct bpos	 p;
	long		 h = body_page_height(app), k;
	size_t		 bi;

	/* It goes through the whole document: wait for it. */
	body_finish(app);
	if (b->doc == NULL || body_b.nblk == 0)
		return;
	/* Lay out from the last block backwards only. */
	for (bi = body_b.nblk; bi-- > 0; ) {
		struct lines *l = body_get(b, bi);

		if (l != NULL && l->n > 0)
			break;
	}
	p.block = bi < body_b.nblk ? bi : 0;
	p.line = body_b.blk[p.block].a ? (body_b.blk[p.block].n ?
	    body_b.blk[p.block].n - 1 : 0) : 0;
	for (k = 1; k < h && body_prev_pos(b, &p); k++)
		;
	body_b.top = p;
}

uint32_t
body_offset(struct app *app)
{
	const struct dline *d = body_line(app, body_b.top);

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

	if (b->doc == NULL || body_b.nblk == 0)
		return;
	bi = block_of(b->doc->body, off);
	l = body_get(b, bi);
	body_b.top.block = bi;
	body_b.top.line = l != NULL ? layout_line_at(l, off) : 0;
}

static void
body_relayout(struct app *app, int width)
{
	struct bodyview	*b = &app->body;
	uint32_t	 off;

	if (width < 1)
		width = 1;
	if (b->doc == NULL || width == body_b.width) {
		body_b.width = width;
		return;
	}
	off = body_offset(app);
	body_b.width = width;
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
	app->body.mtime = d->mtime;
	app->body.size = d->size;
	app->body.gone = false;
	body_b.nblk = d->body->nblocks;
	body_b.nlaid = 0;
	body_b.blk = xcalloc(body_b.nblk + 1, sizeof(*body_b.blk));
	memset(&body_b.top, 0, sizeof(body_b.top));
	b->cur = -1;
}

void
body_open(struct app *app, int entry, uint32_t off)
{
	struct bodyview	*b = &app->body;
	struct folio_err err;
	struct doc_opts	 o = { 0 };
	struct doc	*d;
	int		 width = body_b.width > 0 ? body_b.width : 80;

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
		ui_doc_leaving(app);
	body_close(app);
	body_b.width = width;
	install(app, d, entry);
	if (off > 0)
		body_goto_off(app, off);
	ui_doc_changed(app);
	/* The rest is read once this start is on the screen (body_kick),
	 * so the two do not share the processor before the first frame. */
}

void
body_kick(struct app *app)
{
	struct bodyview	*b = &app->body;

	if (b->doc != NULL && b->doc->partial && body_b.load == NULL &&
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

	if (l->d == NULL || b->doc == NULL || b->entry != (int)l->entry) {
		if (l->d == NULL)
			app_message(app, true, "%s", err_text(&l->err));
		doc_free(l->d);
		free(l);
		return;
	}
	off = body_offset(app);
	drop_layout(b);
	free(body_b.blk);
	doc_free(b->doc);
	install(app, l->d, b->entry);
	body_goto_off(app, off);
	b->cur = cur >= 0 && (size_t)cur < l->d->body->nitems ? cur : -1;
	ui_doc_changed(app);
	free(l);
}

void
body_finish(struct app *app)
{
	body_kick(app);
	if (body_b.load != NULL)
		load_apply(app, load_take(app));
}

bool
body_loading(const struct app *app)
{
	return body_b.load != NULL || (app->body.doc != NULL &&
	    app->body.doc->partial);
}

void
body_poll(struct app *app)
{
	struct bodyload	*l = body_b.load;

	if (l != NULL && job_done(&l->job))
		load_apply(app, load_take(app));
}

/* ---- items ----------------------------------------------------------------- */

/* ---- search ----------------------------------------------------------------- */

/* ---- drawing ------------------------------------------------------------------ */

static void
draw_line(struct app *app, const struct dline *d, int y, int x, int w)
{
	struct bodyview	*b = &app->body;
	uint32_t	 hs[64], he[64];
	size_t		 nh, k, i, g;
	uint16_t	 si;
	int		 gw;

	nh = body_line_hits(b, d, hs, he, 64);
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

static void
body_draw(struct app *app, const struct rect *r)
{
	struct bodyview	*b = &app->body;
	struct bpos	 p = body_b.top;
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
		if (!body_next_pos(b, &p))
			break;
	}
}

size_t
body_hints(struct app *app, const struct rect *r, struct hint *out,
    size_t max)
{
	struct bodyview	*b = &app->body;
	struct bpos	 p = body_b.top;
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
			if (it->type == ITEM_ENTITY || it->type == ITEM_FOLD ||
			    it->type == ITEM_NOTE)
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
		if (!body_next_pos(b, &p))
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
	struct bpos	 p = body_b.top;
	long		 h = body_page_height(app), k;
	size_t		 pct;

	for (k = 1; k < h && body_next_pos(b, &p); k++)
		;
	if (!body_next_pos(b, &p) && !d->partial) {
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

/* Keys of the body: scrolling (on to the next document at the end),
 * Enter follows, / searches, q and Esc clear the search first. */
static bool
body_request(struct app *app, enum action a, int height)
{
	switch (a) {
	case ACT_MOVE_DOWN:
	case ACT_MOVE_UP:
		body_scroll(app, a == ACT_MOVE_DOWN ? 1 : -1);
		return true;
	case ACT_PAGE_DOWN:
		/* At the end of a document, on to the next one in the list,
		 * as newsboat and mutt do. */
		if (body_at_end(app))
			ui_post(app, EV_OPEN_NEXT, 0, 0);
		else
			body_scroll(app, rows_page(height));
		return true;
	case ACT_PAGE_UP:
		body_scroll(app, -rows_page(height));
		return true;
	case ACT_HALF_DOWN:
	case ACT_HALF_UP:
		body_scroll(app, a == ACT_HALF_DOWN ? rows_half(height) :
		    -rows_half(height));
		return true;
	case ACT_TOP:
		body_top(app);
		return true;
	case ACT_BOTTOM:
		body_bottom(app);
		return true;
	case ACT_ENTER:
		if (!body_fold(app))
			ui_post(app, EV_FOLLOW, 0, 0);
		return true;
	case ACT_SEARCH:
		ui_post(app, EV_PROMPT, PROMPT_SEARCH, 0);
		return true;
	case ACT_QUIT:
	case ACT_CANCEL:
		if (body_b.search.len == 0)
			return false;
		body_set_search(app, "");
		return true;
	default:
		return false;
	}
}

/* The body's title: the document's. */
static void
body_title(struct app *app, char *buf, size_t cap)
{
	const struct doc *d = app->body.doc;

	snprintf(buf, cap, "%s", d != NULL && d->title != NULL ? d->title :
	    "(no document)");
}

/* The panes moved: lay out again for the body's width, or the screen's
 * when it is hidden and never was laid out. */
static void
body_resize(struct app *app)
{
	if (app->scr.visible[PANE_BODY])
		body_relayout(app, app->scr.r[PANE_BODY].w);
	else if (body_b.width == 0)
		body_relayout(app, app->scr.cols > 0 ? app->scr.cols : 1);
}

/*
 * A new library replaced "old".  The open document stays as it is when
 * nothing it was drawn from changed (its file, the names links resolve
 * to, the entity dictionary); otherwise it is opened again at the same
 * place and item.
 */
static void
body_swapped(struct app *app, const struct corpus *old)
{
	struct bodyview	*b = &app->body;
	int		 ent = b->entry, e;
	uint32_t	 off;
	int32_t		 cur = b->cur;
	char		*path;
	bool		 keep;

	if (ent < 0 || (size_t)ent >= old->n) {
		body_finish(app);
		return;
	}
	off = body_offset(app);
	path = xstrdup(old->e[ent].path);
	body_finish(app);
	keep = b->doc != NULL && (e = corpus_find_path(app->c, path)) >= 0 &&
	    app->c->e[e].size == b->size && app->c->e[e].mtime == b->mtime &&
	    corpus_fingerprint(app->c) == corpus_fingerprint(old);
	if (keep) {
		b->entry = e;
		ui_doc_changed(app);
	} else {
		body_close(app);
		if ((e = corpus_find_path(app->c, path)) >= 0) {
			body_open(app, e, off);
			if (b->doc != NULL && cur >= 0 &&
			    (size_t)cur < b->doc->body->nitems)
				b->cur = cur;
		}
	}
	free(path);
}

/* Close the document and free the search (teardown). */
static void
body_free(struct app *app)
{
	body_close(app);
	buf_free(&body_b.search);
	buf_free(&body_b.folded);
}

static const struct hintdef body_hints_bar[] = {
	{ ACT_SEARCH, "search", 3, NULL },
	{ ACT_TS_NEXT, "next moment", 2, NULL },
	{ ACT_LINK_NEXT, "next link", 4, NULL },
	{ ACT_ENTER, "follow", 5, NULL },
	{ ACT_OPEN_URL, "browser", 6, NULL }, { ACT_BACK, "back", 7, NULL },
	{ ACT_TOGGLE_META, "info", 8, NULL },
	{ ACT_HELP, "help", 1, NULL },
	{ ACT_QUIT, "quit", 0, NULL },
};

const struct view_ops body_view = {
	.draw = body_draw,
	.request = body_request,
	.title = body_title,
	.library_swapped = body_swapped,
	.resize = body_resize,
	.free = body_free,
	.hints = body_hints_bar,
	.nhints = ARRAY_SIZE(body_hints_bar),
};
