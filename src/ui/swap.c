/* SPDX-License-Identifier: ISC */
/*
 * Swapping in a new library (a finished background scan, or a scan done
 * at once): when it may happen, and telling every view through the view
 * tables, the jump history and the watch.
 */
#include "ui.h"

#include <stdlib.h>

#include "folio/corpus.h"

/* Replace the library by "c", keeping the open document (or opening
 * "open_path" at its top), its position, the selection and the jumps. */
void
swap_library(struct app *app, struct corpus *c, const char *open_path)
{
	struct corpus	*old = app->c;
	int		 e;

	/* The index thread reads the library: let it end. */
	fts_stop(app, false);
	if (open_path != NULL)
		body_close(app);
	/* The jump history follows documents by path. */
	history_remap(app, old, c);
	app->c = c;
	ui_library_swapped(app, old);
	if (open_path != NULL && (e = corpus_find_path(c, open_path)) >= 0) {
		body_open(app, e, 0);
		list_select_entry(app, e);
	}
	corpus_free(old);
	scan_watch(app);
}

/*
 * Scan the library again now, keeping the open document and its position
 * (or opening "open_path", relative to the first root, at its top).
 */
void
swap_reload(struct app *app, const char *open_path)
{
	scan_stop(app);
	swap_library(app, scan_corpus(app), open_path);
	app_message(app, false, "%zu document%s", app->c->n,
	    app_plural(app->c->n));
}

/* Whether a new library may come in now: pickers and prompts other than
 * the filter's hold entries and items, the index thread reads the
 * library, and a document deleted while open stays readable until it is
 * left. */
static bool
may_swap(const struct app *app)
{
	const struct view_ops *m = ui_modal_top(app);

	if (m != NULL && m->cover != COVER_NONE && !(m == &prompt_view &&
	    prompt_kind(app) == PROMPT_FILTER))
		return false;
	return !fts_busy(app) && !app->body.gone;
}

/* EV_SCAN_DONE: swap the scanned library in when it may be, saying how
 * many documents there are when asked or when the count changed. */
void
swap_ready(struct app *app)
{
	size_t		 before = app->c->n;
	bool		 announce;
	struct corpus	*c;

	if (!may_swap(app))
		return;
	if ((c = scan_take(app, &announce)) == NULL)
		return;
	swap_library(app, c, NULL);
	if (announce)
		app_message(app, false, "%zu document%s", app->c->n,
		    app_plural(app->c->n));
	else if (app->c->n != before)
		app_message(app, false, "the library changed: %zu document%s",
		    app->c->n, app_plural(app->c->n));
}
