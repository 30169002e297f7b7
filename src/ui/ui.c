/* SPDX-License-Identifier: ISC */
/*
 * One frame: the panes' geometry, the draw order with the modal views
 * on top, messages, and swapping in a new library.
 */
#include "ui.h"

#include <stdlib.h>
#include <string.h>

#include "folio/config.h"
#include "folio/corpus.h"
#include "folio/markdown.h"
#include "folio/watch.h"
#include "folio/xmalloc.h"

#define WIDE		140
#define MEDIUM		80

/* The views, from the pane table. */
static const struct view_ops *const views[PANE__MAX] = {
#define PANE_VIEW(id, view, name)	[PANE_##id] = &view##_view,
	PANE_INFO(PANE_VIEW)
#undef PANE_VIEW
};

const struct view_ops *
ui_view(enum pane p)
{
	return views[p];
}

void
ui_doc_changed(struct app *app)
{
	int	 p;

	for (p = 0; p < PANE__MAX; p++)
		if (views[p]->doc_changed != NULL)
			views[p]->doc_changed(app);
	play_doc_changed(app);
}

/* Set the status line's message ("err": shown as an error). */
void
app_message(struct app *app, bool err, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(app->msg, sizeof(app->msg), fmt, ap);
	va_end(ap);
	app->msg_err = err;
}

/* The layout class: 2 wide, 1 medium, 0 narrow; the configuration can
 * force one. */
int
app_layout_class(const struct app *app)
{
	switch (app->layout) {
	case 'w':
		return 2;
	case 'm':
		return 1;
	case 'n':
		return 0;
	default:
		return app->cols >= WIDE ? 2 : app->cols >= MEDIUM ? 1 : 0;
	}
}

void
ui_layout(struct app *app)
{
	int	 rows = app->rows, cols = app->cols, h, lw, mw;
	int	 p;

	memset(app->r, 0, sizeof(app->r));
	memset(app->visible, 0, sizeof(app->visible));
	h = rows - 2;			/* status line and hint bar */
	if (rows < 3)
		h = rows - 1;
	if (h < 1)
		return;
	if (app_layout_class(app) == 2) {
		lw = cols * 28 / 100;
		if (lw > 56)
			lw = 56;
		mw = app->meta_off ? 0 : cols * 26 / 100;
		if (mw > 52)
			mw = 52;
		app->r[PANE_LIST] = (struct rect){ 0, 0, h, lw };
		app->r[PANE_BODY] = (struct rect){ 0, lw + 1, h,
		    cols - lw - mw - (mw ? 2 : 1) };
		app->r[PANE_META] = (struct rect){ 0, cols - mw, h, mw };
		app->visible[PANE_LIST] = app->visible[PANE_BODY] = true;
		app->visible[PANE_META] = !app->meta_off;
	} else if (app_layout_class(app) == 1) {
		/* Medium: the metadata takes the list's place, so that the
		 * body keeps its width. */
		lw = cols * 30 / 100;
		p = app->focus == PANE_META || (app->show_meta &&
		    app->focus != PANE_LIST) ? PANE_META : PANE_LIST;
		app->r[p] = (struct rect){ 0, 0, h, lw };
		app->visible[p] = true;
		app->r[PANE_BODY] = (struct rect){ 0, lw + 1, h,
		    cols - lw - 1 };
		app->visible[PANE_BODY] = true;
	} else {
		/* Narrow: the focused pane only. */
		p = app->focus;
		app->r[p] = (struct rect){ 0, 0, h, cols };
		app->visible[p] = true;
	}
	/* Each pane has a title row above it when there is room. */
	app->titled = h >= 4;
	for (p = 0; p < PANE__MAX; p++) {
		if (app->titled && app->visible[p]) {
			app->r[p].y++;
			app->r[p].h--;
		}
		if (app->r[p].w < 1 || app->r[p].h < 1) {
			app->r[p].w = app->r[p].h = 0;
			app->visible[p] = false;
		}
	}
	if (app->visible[PANE_BODY])
		body_relayout(app, app->r[PANE_BODY].w);
	else if (app->body.width == 0)
		body_relayout(app, cols > 0 ? cols : 1);
}


void
ui_draw(struct app *app)
{
	int	 p, y;

	erase();
	if (app->help) {
		help_draw(app);
		return;
	}
	if (app->pick.on) {
		picker_draw(app, app->rows - 2 > 0 ? app->rows - 2 :
		    app->rows);
		statusbar_draw(app);
		statusbar_hints(app);
		return;
	}
	for (p = 0; p < PANE__MAX; p++)
		if (app->visible[p])
			ui_view((enum pane)p)->draw(app, &app->r[p]);
	/* Separators between visible panes, title rows included. */
	for (p = 1; p < PANE__MAX; p++) {
		const struct rect *r = &app->r[p];

		if (!app->visible[p] || r->x == 0)
			continue;
		for (y = app->titled ? -1 : 0; y < r->h; y++)
			screen_put(r->y + y, r->x - 1, 1, "│", strlen("│"),
			    screen_attr(ROLE_RULE));
	}
	statusbar_titles(app);
	if (app->prompt == PROMPT_HINT) {
		size_t i, n = app->input.len;

		for (i = 0; i < app->nhints; i++)
			if (strncmp(app->hints[i].label, buf_cstr(&app->input),
			    n) == 0)
				screen_puts(app->hints[i].y, app->hints[i].x,
				    3, app->hints[i].label, A_REVERSE | A_BOLD |
				    screen_attr(ROLE_SEARCH_HIT));
	}
	statusbar_draw(app);
	statusbar_hints(app);
}

/* "s" unless n is one. */
const char *
app_plural(size_t n)
{
	return n == 1 ? "" : "s";
}

void
app_swap_corpus(struct app *app, struct corpus *c, const char *open_path)
{
	int		 ent = app->body.entry, sel = list_selected(app), e;
	uint32_t	 off = ent >= 0 && open_path == NULL ? body_offset(app) : 0;
	int32_t		 cur = open_path == NULL ? app->body.cur : -1;
	size_t		 msel = app->meta.rows.sel;
	char		*path = open_path != NULL ? xstrdup(open_path) :
	    ent >= 0 ? xstrdup(app->c->e[ent].path) : NULL;
	char		*selpath = sel >= 0 ? xstrdup(app->c->e[sel].path) :
	    NULL;
	bool		 keep;

	/* The index thread reads the library: let it end. */
	fts_stop(app, false);
	picker_close(app);
	/* The open document stays as it is when nothing it was drawn
	 * from changed (its file, the names links resolve to, the entity
	 * dictionary); otherwise it is opened again. */
	body_finish(app);
	keep = open_path == NULL && app->body.doc != NULL && path != NULL &&
	    (e = corpus_find_path(c, path)) >= 0 &&
	    c->e[e].size == app->doc_size && c->e[e].mtime == app->doc_mtime &&
	    corpus_fingerprint(c) == corpus_fingerprint(app->c);
	if (keep)
		app->body.entry = e;
	else
		body_close(app);
	/* The jump history follows documents by path. */
	history_remap(app->c, c, app->back, &app->nback);
	history_remap(app->c, c, app->fwd, &app->nfwd);
	corpus_free(app->c);
	app->c = c;
	watch_free(app->watch);
	app->watch = watch_new(c);
	/* The list's entries were the old library's: filter afresh. */
	free(app->list.shown);
	app->list.shown = NULL;
	app->list.rows.n = 0;
	app->list.rows.sel = 0;
	list_init(app);
	if (selpath != NULL && (e = corpus_find_path(c, selpath)) >= 0)
		list_select_entry(app, e);
	if (keep) {
		ui_doc_changed(app);
		if (msel < app->meta.rows.n)
			app->meta.rows.sel = msel;
	} else if (path != NULL && (ent = corpus_find_path(c, path)) >= 0) {
		body_open(app, ent, off);
		if (open_path != NULL)
			list_select_entry(app, ent);
		if (app->body.doc != NULL && cur >= 0 &&
		    (size_t)cur < app->body.doc->body->nitems)
			app->body.cur = cur;
		if (msel < app->meta.rows.n)
			app->meta.rows.sel = msel;
	}
	free(path);
	free(selpath);
}

/*
 * Scan the library again now, keeping the open document and its position
 * (or opening "open_path", relative to the first root, at its top).
 */
void
ui_reload_library(struct app *app, const char *open_path)
{
	scan_stop(app);
	app_swap_corpus(app, scan_corpus(app), open_path);
	app_message(app, false, "%zu document%s", app->c->n,
	    app_plural(app->c->n));
}

enum pane
ui_next_pane(struct app *app, int dir)
{
	int	 p = app->focus, i;

	for (i = 0; i < PANE__MAX; i++) {
		p = (p + dir + PANE__MAX) % PANE__MAX;
		/* Medium screens reach the metadata with Tab too. */
		if (app_layout_class(app) < 2 || app->visible[p])
			return (enum pane)p;
	}
	return app->focus;
}

/* i: show or hide the metadata, from any pane.  Wide screens give its
 * columns to the body; medium ones show it in the list's place; narrow
 * ones switch between it and the body. */
void
ui_toggle_meta(struct app *app)
{
	bool	 shown;
	int	 e;

	switch (app_layout_class(app)) {
	case 2:
		app->meta_off = !app->meta_off;
		shown = !app->meta_off;
		break;
	case 1:
		shown = !(app->visible[PANE_META]);
		app->show_meta = shown;
		if (shown && app->focus == PANE_LIST)
			app->focus = PANE_META;
		break;
	default:
		shown = app->focus != PANE_META;
		app->focus = shown ? PANE_META : PANE_BODY;
		break;
	}
	if (!shown && app->focus == PANE_META)
		app->focus = PANE_BODY;
	/* The metadata is of the open document: open the selection. */
	if (shown && app->body.doc == NULL && (e = list_selected(app)) >= 0)
		body_open(app, e, persist_pos(app, e));
	ui_layout(app);
}
