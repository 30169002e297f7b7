/* SPDX-License-Identifier: ISC */
/*
 * The core of the reader that every view may call: the view tables, the
 * modal stack, events, the status message and the panes' geometry.  It
 * calls the views only through their tables.
 */
#include "ui.h"

#include <stdlib.h>
#include <string.h>

#include "folio/config.h"
#include "folio/corpus.h"
#include "folio/markdown.h"
#include "folio/xmalloc.h"

#define WIDE		140
#define MEDIUM		80

/* The views, from the pane table. */
static const struct view_ops *const views[PANE__MAX] = {
#define PANE_VIEW(id, view, name)	[PANE_##id] = &view##_view,
	PANE_INFO(PANE_VIEW)
#undef PANE_VIEW
};

/* The modal views, from the modal table. */
static const struct view_ops *const modals[MODAL__MAX] = {
#define MODAL_VIEW(id, view)	[MODAL_##id] = &view##_view,
	MODAL_INFO(MODAL_VIEW)
#undef MODAL_VIEW
};

#define FOLLOWERS	8

/* The modules that follow the open document (ui_follow()). */
static struct follower	 followers[FOLLOWERS];
static size_t		 nfollowers;

/* Have module "f" told about the open document from now on. */
void
ui_follow(const struct follower *f)
{
	if (nfollowers < FOLLOWERS)
		followers[nfollowers++] = *f;
}

/* The view of pane "p". */
const struct view_ops *
ui_view(enum pane p)
{
	return views[p];
}

/* The modal view "m". */
const struct view_ops *
ui_modal(enum modal m)
{
	return modals[m];
}

/* Open the modal view that action "a" opens; false when none does. */
bool
ui_modal_open(struct app *app, enum action a)
{
	int	 m;

	for (m = 0; m < MODAL__MAX && a != ACT_NONE; m++)
		if (modals[m]->action == a && modals[m]->open != NULL) {
			modals[m]->open(app);
			return true;
		}
	return false;
}

/* The view "i" of all of them: the panes, then the modals. */
static const struct view_ops *
any_view(int i)
{
	return i < PANE__MAX ? views[i] : modals[i - PANE__MAX];
}

#define ANY_VIEWS	(PANE__MAX + MODAL__MAX)

/* Put modal view "v" on top of the others (once). */
void
ui_modal_push(struct app *app, const struct view_ops *v)
{
	ui_modal_pop(app, v);
	if (app->nmodal < UI_MODALS)
		app->modal[app->nmodal++] = v;
}

/* Take modal view "v" off the stack, wherever it is. */
void
ui_modal_pop(struct app *app, const struct view_ops *v)
{
	int	 i, k = 0;

	for (i = 0; i < app->nmodal; i++)
		if (app->modal[i] != v)
			app->modal[k++] = app->modal[i];
	app->nmodal = k;
}

/* The modal view on top, or NULL. */
const struct view_ops *
ui_modal_top(const struct app *app)
{
	return app->nmodal > 0 ? app->modal[app->nmodal - 1] : NULL;
}

/* Post an event for the main loop; one already waiting is not doubled. */
void
ui_post(struct app *app, enum ui_event kind, int a, long b)
{
	size_t	 i;

	/* The background jobs' reports are posted again until taken. */
	for (i = 0; i < app->nev; i++)
		if (app->ev[i].kind == kind && app->ev[i].a == a &&
		    app->ev[i].b == b)
			return;
	if (app->nev < UI_EVENTS)
		app->ev[app->nev++] = (struct event){ kind, a, b };
}

/* Take the oldest event posted; false when there is none. */
bool
ui_next_event(struct app *app, struct event *ev)
{
	if (app->nev == 0)
		return false;
	*ev = app->ev[0];
	memmove(app->ev, app->ev + 1, --app->nev * sizeof(app->ev[0]));
	return true;
}

/* The open document is about to be replaced: tell its followers. */
void
ui_doc_leaving(struct app *app)
{
	size_t	 i;

	for (i = 0; i < nfollowers; i++)
		if (followers[i].leaving != NULL)
			followers[i].leaving(app);
}

/* The open document changed: tell every view, then the followers. */
void
ui_doc_changed(struct app *app)
{
	size_t	 i;
	int	 v;

	for (v = 0; v < ANY_VIEWS; v++)
		if (any_view(v)->doc_changed != NULL)
			any_view(v)->doc_changed(app);
	for (i = 0; i < nfollowers; i++)
		if (followers[i].changed != NULL)
			followers[i].changed(app);
}

/* The followers' lines of the metadata pane. */
void
ui_meta_lines(struct app *app)
{
	size_t	 i;

	for (i = 0; i < nfollowers; i++)
		if (followers[i].meta != NULL)
			followers[i].meta(app);
}

/* A new library replaced "old": tell every view. */
void
ui_library_swapped(struct app *app, const struct corpus *old)
{
	int	 v;

	for (v = 0; v < ANY_VIEWS; v++)
		if (any_view(v)->library_swapped != NULL)
			any_view(v)->library_swapped(app, old);
}

/* Free every view, the modals first (teardown). */
void
ui_free(struct app *app)
{
	int	 v;

	for (v = ANY_VIEWS - 1; v >= 0; v--)
		if (any_view(v)->free != NULL)
			any_view(v)->free(app);
	app->nmodal = 0;
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
	switch (app->scr.layout) {
	case 'w':
		return 2;
	case 'm':
		return 1;
	case 'n':
		return 0;
	default:
		return app->scr.cols >= WIDE ? 2 : app->scr.cols >= MEDIUM ?
		    1 : 0;
	}
}

/* Whether pane "p" has a place of its own in the layouts (list, body,
 * metadata); another pane takes the body's place while it has focus. */
static bool
placed(int p)
{
	return p == PANE_LIST || p == PANE_BODY || p == PANE_META;
}

/* Place the panes for the screen size, the layout class and the focus. */
void
ui_layout(struct app *app)
{
	int	 rows = app->scr.rows, cols = app->scr.cols, h, lw, mw;
	int	 p;

	memset(app->scr.r, 0, sizeof(app->scr.r));
	memset(app->scr.visible, 0, sizeof(app->scr.visible));
	h = rows - 2;			/* status line and hint bar */
	if (rows < 3)
		h = rows - 1;
	if (h < 1)
		return;
	if (app_layout_class(app) == 2) {
		lw = cols * 28 / 100;
		if (lw > 56)
			lw = 56;
		mw = app->scr.meta_off ? 0 : cols * 26 / 100;
		if (mw > 52)
			mw = 52;
		app->scr.r[PANE_LIST] = (struct rect){ 0, 0, h, lw };
		app->scr.r[PANE_BODY] = (struct rect){ 0, lw + 1, h,
		    cols - lw - mw - (mw ? 2 : 1) };
		app->scr.r[PANE_META] = (struct rect){ 0, cols - mw, h, mw };
		app->scr.visible[PANE_LIST] = true;
		app->scr.visible[PANE_BODY] = true;
		app->scr.visible[PANE_META] = !app->scr.meta_off;
	} else if (app_layout_class(app) == 1) {
		/* Medium: the metadata takes the list's place, so that the
		 * body keeps its width. */
		lw = cols * 30 / 100;
		p = app->focus == PANE_META || (app->scr.show_meta &&
		    app->focus != PANE_LIST) ? PANE_META : PANE_LIST;
		app->scr.r[p] = (struct rect){ 0, 0, h, lw };
		app->scr.visible[p] = true;
		app->scr.r[PANE_BODY] = (struct rect){ 0, lw + 1, h,
		    cols - lw - 1 };
		app->scr.visible[PANE_BODY] = true;
	} else {
		/* Narrow: the focused pane only. */
		p = app->focus;
		app->scr.r[p] = (struct rect){ 0, 0, h, cols };
		app->scr.visible[p] = true;
	}
	for (p = 0; p < PANE__MAX; p++)
		if (p == (int)app->focus && !placed(p) &&
		    app->scr.visible[PANE_BODY]) {
			app->scr.r[p] = app->scr.r[PANE_BODY];
			app->scr.visible[p] = true;
			app->scr.visible[PANE_BODY] = false;
			memset(&app->scr.r[PANE_BODY], 0,
			    sizeof(app->scr.r[0]));
		}
	/* Each pane has a title row above it when there is room. */
	app->scr.titled = h >= 4;
	for (p = 0; p < PANE__MAX; p++) {
		if (app->scr.titled && app->scr.visible[p]) {
			app->scr.r[p].y++;
			app->scr.r[p].h--;
		}
		if (app->scr.r[p].w < 1 || app->scr.r[p].h < 1) {
			app->scr.r[p].w = app->scr.r[p].h = 0;
			app->scr.visible[p] = false;
		}
	}
	for (p = 0; p < PANE__MAX; p++)
		if (views[p]->resize != NULL)
			views[p]->resize(app);
}


/* "s" unless n is one. */
const char *
app_plural(size_t n)
{
	return n == 1 ? "" : "s";
}

/* The pane Tab (dir 1) or Shift-Tab (-1) goes to. */
enum pane
ui_next_pane(struct app *app, int dir)
{
	int	 p = app->focus, i;

	for (i = 0; i < PANE__MAX; i++) {
		p = (p + dir + PANE__MAX) % PANE__MAX;
		/* Medium screens reach the metadata with Tab too. */
		if (app_layout_class(app) < 2 || app->scr.visible[p] ||
		    !placed(p))
			return (enum pane)p;
	}
	return app->focus;
}

/* Say what the current item is in the status line. */
void
ui_describe_item(struct app *app)
{
	const struct doc *d = app->body.doc;
	const struct item *it;

	if (d == NULL || app->body.cur < 0)
		return;
	it = &d->body->items[app->body.cur];
	switch (it->type) {
	case ITEM_TS:
		/* Its time is the status line's time already. */
		break;
	case ITEM_WIKI:
		app_message(app, it->ref < 0, "[[%s]]%s", it->target ?
		    it->target : "", it->ref < 0 ? " (missing)" : "");
		break;
	case ITEM_ENTITY:
		app_message(app, false, "%s (%s)", it->text ? it->text : "",
		    it->ref >= 0 ? app->c->ents[it->ref].category : "");
		break;
	default:
		app_message(app, false, "%s", it->target ? it->target : "");
		break;
	}
}
