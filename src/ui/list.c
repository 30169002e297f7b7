/* SPDX-License-Identifier: ISC */
/*
 * The list view: the library in order, narrowed by the filter.
 */
#include "ui.h"

#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "folio/corpus.h"
#include "folio/query.h"
#include "folio/role.h"
#include "folio/timestamp.h"
#include "folio/utf8.h"
#include "folio/xmalloc.h"

/* The list's own state. */
struct listview {
	size_t		*order;		/* entries in sort order */
	size_t		*shown;		/* those matching the filter: rows.n */
	struct rows	 rows;		/* rows.sel indexes shown */
	int		 sort;		/* enum corpus_sort */
	struct buf	 filter;	/* the query text */
	char		 filter_err[160];
	struct query	*query;
	struct query_memo *memo;	/* for this library, across queries */
};

static struct listview	 lv;

static void	 refilter(struct app *, bool typing);

/* Order the library afresh (a new library, or a new order) and filter. */
void
list_init(struct app *app)
{
	struct listview	*l = &lv;

	free(l->order);
	l->order = corpus_order(app->c, (enum corpus_sort)l->sort);
	/* What the memo knows is of the library before. */
	if (l->memo == NULL)
		l->memo = query_memo_new();
	query_memo_clear(l->memo);
	refilter(app, false);
}

/* Free the list (teardown). */
static void
list_free(struct app *app)
{
	free(lv.order);
	free(lv.shown);
	buf_free(&lv.filter);
	query_free(lv.query);
	query_memo_free(lv.memo);
	memset(&lv, 0, sizeof(lv));
}

/* Documents whose filter memo is filled in between two looks at the
 * keyboard (about a millisecond). */
#define IDLE_DOCS	2048

bool
list_idle(struct app *app)
{
	struct pollfd	 in = { .fd = STDIN_FILENO, .events = POLLIN };

	while (query_memo_prepare(lv.memo, app->c, IDLE_DOCS) > 0)
		if (poll(&in, 1, 0) > 0)
			return true;	/* a key: the rest after it */
	return false;
}

int
list_selected(const struct app *app)
{
	const struct listview *l = &lv;

	if (l->rows.n == 0 || l->rows.sel >= l->rows.n)
		return -1;
	return (int)l->shown[l->rows.sel];
}

/* Apply the filter text; keep the selected document if it still shows
 * ("typing": it follows a keystroke in the filter prompt, so what no
 * longer matched cannot match again). */
static void
refilter(struct app *app, bool typing)
{
	struct listview	*l = &lv;
	struct folio_err err;
	struct query	*q;
	int		 keep = list_selected(app);
	size_t		 i;

	q = query_compile(buf_cstr(&l->filter), &err);
	if (q == NULL) {
		/* Keep the last good query; show where the error is. */
		snprintf(l->filter_err, sizeof(l->filter_err), "%s",
		    err_text(&err));
		return;
	}
	l->filter_err[0] = '\0';
	query_use_memo(q, l->memo);
	if (typing && l->shown != NULL && query_narrows(l->query, q)) {
		/* Typed further: only what matched can still match. */
		l->rows.n = query_filter(q, app->c, l->shown, l->rows.n,
		    l->shown);
	} else {
		free(l->shown);
		l->shown = xcalloc(app->c->n + 1, sizeof(*l->shown));
		l->rows.n = query_filter(q, app->c, l->order, app->c->n,
		    l->shown);
	}
	query_free(l->query);
	l->query = q;
	l->rows.sel = 0;
	for (i = 0; keep >= 0 && i < l->rows.n; i++)
		if ((int)l->shown[i] == keep)
			l->rows.sel = i;
	if (l->rows.top > l->rows.sel)
		l->rows.top = l->rows.sel;
}

void
list_select_entry(struct app *app, int entry)
{
	struct listview	*l = &lv;
	size_t		 i;

	for (i = 0; i < l->rows.n; i++)
		if ((int)l->shown[i] == entry) {
			l->rows.sel = i;
			return;
		}
}

void
list_move(struct app *app, long delta)
{
	rows_move(&lv.rows, delta, app->scr.r[PANE_LIST].h);
}

/* Draw a title in "w" columns, cut with "…" when it is wider. */
static void
put_title(int y, int x, int w, const char *title, attr_t a)
{
	struct buf	 b = { 0 };
	size_t		 k;
	bool		 cut;

	if (w <= 0 || title == NULL)
		return;
	utf8_sanitize(&b, title, strlen(title));
	k = utf8_cut(b.p, b.len, w, &cut);
	screen_put(y, x, w, buf_cstr(&b), k, a);
	if (cut)
		screen_put(y, x + utf8_strwidth(b.p, k), 1, "…",
		    strlen("…"), a);
	buf_free(&b);
}

static void
list_draw(struct app *app, const struct rect *r)
{
	struct listview	*l = &lv;
	const struct corpus *c = app->c;
	size_t		 i;
	int		 y, x;
	bool		 focus = app->focus == PANE_LIST;
	int		 dw = r->w < 48 ? 5 : 10;	/* date column */

	if (r->h <= 0 || r->w <= 0)
		return;
	rows_show(&l->rows, r->h);
	for (y = 0; y < r->h; y++) {
		const struct entry *e;
		const char *date;
		attr_t base;
		char dur[16], db[16], kind;

		i = l->rows.top + (size_t)y;
		if (i >= l->rows.n) {
			if (i == 0 && y == 0)
				screen_puts(r->y, r->x, r->w, l->filter.len ?
				    "(no document matches)" :
				    "(no documents)", screen_attr(ROLE_GUTTER));
			break;
		}
		e = &c->e[l->shown[i]];
		base = i == l->rows.sel ? (focus ? A_REVERSE : A_BOLD |
		    A_UNDERLINE) : A_NORMAL;
		if (i == l->rows.sel)
			screen_fill(r->y + y, r->x, r->w, base);
		x = r->x;
		/* Date, duration and kind at every width; the title takes
		 * what is left and shrinks first. */
		date = e->date ? e->date : "";
		/* A narrow list shows "05-03" of "2025-05-03". */
		if (dw == 5 && strlen(date) >= 10 && date[4] == '-')
			date += 5;
		snprintf(db, sizeof(db), "%.*s", dw, date);
		x += screen_puts(r->y + y, x, dw, db, base |
		    screen_attr(ROLE_GUTTER));
		x = r->x + dw + 1;
		if (e->duration >= 0)
			ts_format(dur, sizeof(dur), e->duration);
		else
			dur[0] = '\0';
		screen_puts(r->y + y, x + 7 - (int)strlen(dur), 8, dur, base |
		    screen_attr(ROLE_GUTTER));
		x += 8;
		kind = e->kind == DOC_VIDEO ? 'V' : e->kind == DOC_CAPTIONS ?
		    'C' : 'N';
		screen_put(r->y + y, x, r->x + r->w - x, &kind, 1, base |
		    screen_attr(ROLE_TIMESTAMP));
		x += 1;
		if (e->nerrors > 0)
			screen_put(r->y + y, x, r->x + r->w - x, "!", 1, base |
			    screen_attr(ROLE_WIKILINK_MISSING) | A_BOLD);
		x += 2;
		put_title(r->y + y, x, r->x + r->w - x, e->title, base);
	}
}

/* Keys of the list: moving (previewing on wide screens), Enter opens,
 * / filters, q and Esc clear the filter first. */
static bool
list_request(struct app *app, enum action a, int height)
{
	int	 e;

	if (rows_request(&lv.rows, a, height)) {
		/* Wide screens preview the selected document. */
		if (app->scr.visible[PANE_BODY] && app_layout_class(app) == 2 &&
		    (e = list_selected(app)) >= 0)
			ui_post(app, EV_PREVIEW, e, 0);
		return true;
	}
	switch (a) {
	case ACT_ENTER:
		e = list_selected(app);
		if (e == app->body.entry)
			ui_post(app, EV_OPEN, e, 0);
		else
			ui_post(app, EV_OPEN_SAVED, e, 0);
		return true;
	case ACT_SEARCH:
		ui_post(app, EV_PROMPT, PROMPT_FILTER, 0);
		return true;
	case ACT_QUIT:
	case ACT_CANCEL:
		if (lv.filter.len == 0)
			return false;
		buf_reset(&lv.filter);
		refilter(app, false);
		return true;
	default:
		return false;
	}
}

/* The list's title: what it lists and its order. */
static void
list_title(struct app *app, char *buf, size_t cap)
{
	snprintf(buf, cap, "Documents  ↓%s", corpus_sort_name(
	    (enum corpus_sort)lv.sort));
}

/* The filter text ("" none). */
const char *
list_filter(const struct app *app)
{
	(void)app;
	return buf_cstr(&lv.filter);
}

/* Why the filter text does not parse ("" when it does). */
const char *
list_filter_err(const struct app *app)
{
	(void)app;
	return lv.filter_err;
}

/* Filter by "q" (a query that does not parse keeps the last good one and
 * sets the error); "typing": see refilter. */
void
list_set_filter(struct app *app, const char *q, bool typing)
{
	buf_reset(&lv.filter);
	buf_adds(&lv.filter, q);
	refilter(app, typing);
}

/* Select the first document shown. */
void
list_home(struct app *app)
{
	(void)app;
	lv.rows.sel = 0;
}

/* How many documents the filter shows. */
size_t
list_count(const struct app *app)
{
	(void)app;
	return lv.rows.n;
}

/* The order (enum corpus_sort). */
int
list_sort(const struct app *app)
{
	(void)app;
	return lv.sort;
}

/* Put the list in order "k" (enum corpus_sort); before the library is
 * read, only remember it. */
void
list_set_sort(struct app *app, int k)
{
	lv.sort = k;
	if (app->c != NULL)
		list_init(app);
}

/* The entry shown after "entry", or -1. */
int
list_next(const struct app *app, int entry)
{
	size_t	 i;

	(void)app;
	for (i = 0; i < lv.rows.n; i++)
		if ((int)lv.shown[i] == entry)
			break;
	return i + 1 < lv.rows.n ? (int)lv.shown[i + 1] : -1;
}

/* A click on row "y" of the pane: select it; its entry, or -1; *again:
 * it was selected already. */
int
list_click(struct app *app, int y, bool *again)
{
	long	 at = rows_at(&lv.rows, y);

	(void)app;
	if (at < 0)
		return -1;
	*again = lv.rows.sel == (size_t)at;
	lv.rows.sel = (size_t)at;
	return list_selected(app);
}

/* A new library: its entries are not the old one's; filter afresh,
 * keeping the selected document (by path). */
static void
list_swapped(struct app *app, const struct corpus *old)
{
	int	 sel = list_selected(app), e;
	char	*path = sel >= 0 && (size_t)sel < old->n ?
	    xstrdup(old->e[sel].path) : NULL;

	free(lv.shown);
	lv.shown = NULL;
	lv.rows.n = 0;
	lv.rows.sel = 0;
	list_init(app);
	if (path != NULL && (e = corpus_find_path(app->c, path)) >= 0)
		list_select_entry(app, e);
	free(path);
}

static const struct hintdef list_hints[] = {
	{ ACT_ENTER, "open", 2, NULL }, { ACT_SEARCH, "filter", 3, NULL },
	{ ACT_FULLTEXT, "search all", 6, NULL }, { ACT_SORT, "sort", 7, NULL },
	{ ACT_TOGGLE_META, "info", 8, NULL },
	{ ACT_PANE_NEXT, "pane", 5, NULL },
	{ ACT_HELP, "help", 1, NULL }, { ACT_QUIT, "quit", 0, NULL },
};

const struct view_ops list_view = {
	.draw = list_draw,
	.request = list_request,
	.title = list_title,
	.library_swapped = list_swapped,
	.free = list_free,
	.hints = list_hints,
	.nhints = ARRAY_SIZE(list_hints),
};
