/* SPDX-License-Identifier: ISC */
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

void
list_init(struct app *app)
{
	struct listview	*l = &app->list;

	free(l->order);
	l->order = corpus_order(app->c, (enum corpus_sort)l->sort);
	/* What the memo knows is of the library before. */
	if (l->memo == NULL)
		l->memo = query_memo_new();
	query_memo_clear(l->memo);
	list_refilter(app, false);
}

void
list_free(struct app *app)
{
	free(app->list.order);
	free(app->list.shown);
	buf_free(&app->list.filter);
	query_free(app->list.query);
	query_memo_free(app->list.memo);
	memset(&app->list, 0, sizeof(app->list));
}

/* Documents whose filter memo is filled in between two looks at the
 * keyboard (about a millisecond). */
#define IDLE_DOCS	2048

bool
list_idle(struct app *app)
{
	struct pollfd	 in = { .fd = STDIN_FILENO, .events = POLLIN };

	while (query_memo_prepare(app->list.memo, app->c, IDLE_DOCS) > 0)
		if (poll(&in, 1, 0) > 0)
			return true;	/* a key: the rest after it */
	return false;
}

int
list_selected(const struct app *app)
{
	const struct listview *l = &app->list;

	if (l->rows.n == 0 || l->rows.sel >= l->rows.n)
		return -1;
	return (int)l->shown[l->rows.sel];
}

/* Apply the filter text; keep the selected document if it still shows. */
void
list_refilter(struct app *app, bool typing)
{
	struct listview	*l = &app->list;
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
	struct listview	*l = &app->list;
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
	rows_move(&app->list.rows, delta, app->r[PANE_LIST].h);
}

/* Draw a title in "w" columns, cut with "…" when it is wider. */
static void
put_title(int y, int x, int w, const char *title, attr_t a)
{
	struct buf	 b = { 0 };
	size_t		 n, k = 0, g;
	int		 used = 0, cw;

	if (w <= 0 || title == NULL)
		return;
	utf8_sanitize(&b, title, strlen(title));
	n = b.len;
	if (utf8_strwidth(buf_cstr(&b), n) <= w) {
		screen_put(y, x, w, buf_cstr(&b), n, a);
		buf_free(&b);
		return;
	}
	while (k < n) {
		g = utf8_grapheme(b.p + k, n - k, &cw);
		if (used + cw > w - 1)
			break;
		used += cw;
		k += g;
	}
	screen_put(y, x, w, b.p, k, a);
	screen_put(y, x + used, w - used, "…", strlen("…"), a);
	buf_free(&b);
}

void
list_draw(struct app *app, const struct rect *r)
{
	struct listview	*l = &app->list;
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

	if (rows_request(&app->list.rows, a, height)) {
		/* Wide screens preview the selected document. */
		if (app->visible[PANE_BODY] && app_layout_class(app) == 2 &&
		    (e = list_selected(app)) >= 0)
			nav_preview(app, e);
		return true;
	}
	switch (a) {
	case ACT_ENTER:
		e = list_selected(app);
		app_open_entry(app, e, e == app->body.entry ? 0 :
		    persist_pos(app, e));
		return true;
	case ACT_SEARCH:
		prompt_start(app, PROMPT_FILTER);
		return true;
	case ACT_QUIT:
	case ACT_CANCEL:
		if (app->list.filter.len == 0)
			return false;
		buf_reset(&app->list.filter);
		list_refilter(app, false);
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
	    (enum corpus_sort)app->list.sort));
}

static const struct hintdef list_hints[] = {
	{ ACT_ENTER, "open", 2 }, { ACT_SEARCH, "filter", 3 },
	{ ACT_FULLTEXT, "search all", 6 }, { ACT_SORT, "sort", 7 },
	{ ACT_TOGGLE_META, "info", 8 }, { ACT_PANE_NEXT, "pane", 5 },
	{ ACT_HELP, "help", 1 }, { ACT_QUIT, "quit", 0 },
};

const struct view_ops list_view = {
	.draw = list_draw,
	.request = list_request,
	.title = list_title,
	.hints = list_hints,
	.nhints = ARRAY_SIZE(list_hints),
};
