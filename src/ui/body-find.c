/* SPDX-License-Identifier: ISC */
/*
 * Finding things in the body: walking its items (timestamps, links,
 * entities, headings) and searching its text as the reader types.
 */
#include "ui.h"
#include "body.h"

#include <stdlib.h>
#include <string.h>

#include "folio/corpus.h"
#include "folio/markdown.h"
#include "folio/utf8.h"
#include "folio/xmalloc.h"

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
		    (it->type == ITEM_TS && it->in_link) ||
		    it->type == ITEM_FOLD || it->type == ITEM_NOTE;
	}
}

/* Bring source offset "off" into view, with some context above. */
static void
reveal(struct app *app, uint32_t off)
{
	struct bodyview	*b = &app->body;
	struct bpos	 p = body_b.top;
	const struct dline *d;
	uint32_t	 first = body_offset(app), end = UINT32_MAX;
	long		 h = body_page_height(app), k;

	for (k = 0; k < h; k++)
		if (!body_next_pos(b, &p))
			break;
	if (k == h && (d = body_line(app, p)) != NULL)
		end = d->src_off;
	if (first <= off && off < end)
		return;
	body_goto_off(app, off);
	for (k = 0; k < h / 3; k++)
		if (!body_prev_pos(b, &body_b.top))
			break;
}

void
body_reveal(struct app *app, uint32_t off)
{
	reveal(app, off);
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

			if ((ref >= 0 && it->ref != ref) || (it->block <
			    body->nblocks && body->blocks[it->block].hidden))
				continue;
			/* Items share an offset in embedded text: after
			 * the current one is after it in the list. */
			if (kind_matches(it, kind) && (it->off > from ||
			    (b->cur < 0 && it->off >= from) || (b->cur >= 0 &&
			    it->off == from && (int32_t)i > b->cur)) &&
			    (int32_t)i != b->cur)
				break;
		}
	} else {
		for (i = n; i-- > 0; ) {
			const struct item *it = &body->items[i];

			if ((ref >= 0 && it->ref != ref) || (it->block <
			    body->nblocks && body->blocks[it->block].hidden))
				continue;
			if (kind_matches(it, kind) && (it->off < from ||
			    (b->cur >= 0 && it->off == from && (int32_t)i <
			    b->cur)) && (int32_t)i != b->cur)
				break;
		}
		if (i == (size_t)-1)
			i = n;
	}
	if (i >= n)
		return false;
	b->cur = (int32_t)i;
	/* Text shown away from its source (embedded, footnotes): by its
	 * block. */
	if (body->items[i].block < body->nblocks && (body->items[i].inner ||
	    (body->blocks[body->items[i].block].flags & BLOCK_MOVED))) {
		body_b.top.block = body->items[i].block;
		body_b.top.line = 0;
		for (n = 0; n < (size_t)body_page_height(app) / 3; n++)
			if (!body_prev_pos(b, &body_b.top))
				break;
	} else
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
		for (bi = body_b.top.block + 1; bi < body->nblocks; bi++)
			if (body->blocks[bi].type == BLK_HEADING ||
			    body->blocks[bi].type == BLK_SEP)
				break;
		if (bi >= body->nblocks)
			return false;
	} else {
		for (bi = body_b.top.block; bi-- > 0; )
			if (body->blocks[bi].type == BLK_HEADING ||
			    body->blocks[bi].type == BLK_SEP)
				break;
		if (bi == (size_t)-1)
			return false;
	}
	body_b.top.block = bi;
	body_b.top.line = body->blocks[bi].space_before;
	if (body_get(b, bi) == NULL || body_b.top.line >= body_b.blk[bi].n)
		body_b.top.line = 0;
	return true;
}

void
body_set_search(struct app *app, const char *s)
{
	const char	*p;

	(void)app;
	buf_reset(&body_b.search);
	buf_adds(&body_b.search, s);
	buf_reset(&body_b.folded);
	body_b.search_case = false;
	for (p = s; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			body_b.search_case = true;
	if (!body_b.search_case)
		utf8_fold(&body_b.folded, s, strlen(s), NULL);
	else
		buf_adds(&body_b.folded, s);
}

/*
 * Find hits of the search in a line: up to "max" byte ranges of its text.
 * Returns the number found.
 */
size_t
body_line_hits(struct bodyview *b, const struct dline *d, uint32_t *s, uint32_t *e,
    size_t max)
{
	struct buf	 f = { 0 };
	uint32_t	*map;
	const char	*p, *h;
	size_t		 n = 0, k = body_b.folded.len;

	if (k == 0 || d == NULL || d->tlen == 0)
		return 0;
	if (body_b.search_case) {
		for (p = d->text; n < max && (h = strstr(p, body_b.folded.p)) !=
		    NULL; p = h + k) {
			s[n] = (uint32_t)(h - d->text);
			e[n++] = (uint32_t)(h - d->text + k);
		}
		return n;
	}
	map = xreallocarray(NULL, 4 * (size_t)d->tlen + 8, sizeof(*map));
	utf8_fold(&f, d->text, d->tlen, map);
	for (p = buf_cstr(&f); n < max && (h = strstr(p, body_b.folded.p)) !=
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
	p = body_b.top;
	if (b->doc == NULL || body_b.folded.len == 0)
		return false;
	if (from_top && body_line_hits(b, body_line(app, p), s, e, 1) > 0)
		return true;
	for (;;) {
		ok = dir > 0 ? body_next_pos(b, &p) : body_prev_pos(b, &p);
		if (!ok) {
			if (wrapped)
				return false;
			wrapped = true;
			memset(&p, 0, sizeof(p));
			if (dir < 0) {
				p.block = body_b.nblk ? body_b.nblk - 1 : 0;
				if (body_get(b, p.block) &&
				    body_b.blk[p.block].n)
					p.line = body_b.blk[p.block].n - 1;
			}
		}
		if (wrapped && p.block == body_b.top.block &&
		    p.line == body_b.top.line)
			return false;
		if (body_line_hits(b, body_line(app, p), s, e, 1) > 0)
			break;
		if (++steps > 50000000)
			return false;
	}
	body_b.top = p;
	if (wrapped)
		app_message(app, false, "search wrapped");
	return true;
}

/* The search text ("" none). */
const char *
body_search(const struct app *app)
{
	(void)app;
	return buf_cstr(&body_b.search);
}

/* Remember where the body is, before a search prompt. */
void
body_save_top(struct app *app)
{
	(void)app;
	body_b.saved = body_b.top;
}

/* Go back to where body_save_top() left the body. */
void
body_restore_top(struct app *app)
{
	(void)app;
	body_b.top = body_b.saved;
}

bool
body_fold(struct app *app)
{
	struct bodyview	*b = &app->body;
	struct bodypriv	*p = &body_b;
	const struct item *it;
	long		 k, last;

	if (b->doc == NULL || b->cur < 0 || (size_t)b->cur >=
	    b->doc->body->nitems)
		return false;
	it = &b->doc->body->items[b->cur];
	if (it->type != ITEM_FOLD ||
	    (last = markdown_fold(b->doc->body, it->block)) < 0)
		return false;
	/* Its blocks are laid out again. */
	for (k = it->block; k <= last && (size_t)k < p->nblk; k++)
		if (p->blk[k].a != NULL) {
			lines_free(&p->blk[k]);
			p->nlaid--;
		}
	if (p->top.block > it->block && p->top.block <= (size_t)last)
		p->top.block = it->block;
	if (body_get(b, p->top.block) == NULL ||
	    p->top.line >= p->blk[p->top.block].n)
		p->top.line = 0;
	return true;
}
