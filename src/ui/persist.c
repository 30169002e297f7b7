/* SPDX-License-Identifier: ISC */
/*
 * The reader's memory: positions, marks, the jump history, the last
 * document and filter, kept in the state database (see state.h).
 */
#include "ui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "folio/corpus.h"
#include "folio/state.h"
#include "folio/xmalloc.h"

#define SAVE_EVERY	3		/* seconds between periodic saves */

static char	*last_filter(struct app *);
static void	 save_filter(struct app *);

static time_t
now(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

/* Open the state database; a damaged one is set aside with a warning. */
void
persist_open(struct app *app)
{
	struct folio_err err;
	char		*path = state_default_path(), warn[512];

	if (state_open(&app->state, path, warn, sizeof(warn), &err) == -1)
		app_message(app, true, "state: %s (nothing will be remembered)",
		    err_text(&err));
	else if (warn[0] != '\0')
		app_message(app, true, "%s", warn);
	free(path);
	app->saved_at = now();
}

/* Save the open document's position now. */
void
persist_save_pos(struct app *app)
{
	const struct entry *e;
	uint32_t	 off;

	if (app->state == NULL || app->body.doc == NULL ||
	    app->body.entry < 0)
		return;
	e = &app->c->e[app->body.entry];
	off = body_offset(app);
	if (state_set_pos(app->state, e->abspath, off) == 0) {
		app->saved_entry = app->body.entry;
		app->saved_off = off;
	}
	state_set(app->state, "last_doc", e->abspath);
	app->saved_at = now();
}

/* The saved position of entry "i", or 0. */
uint32_t
persist_pos(struct app *app, int i)
{
	long	 off;

	if (app->state == NULL || i < 0 || (size_t)i >= app->c->n)
		return 0;
	off = state_pos(app->state, app->c->e[i].abspath);
	return off > 0 ? (uint32_t)off : 0;
}

/* Called by the main loop: save every few seconds when the position
 * moved. */
void
persist_tick(struct app *app)
{
	if (app->state == NULL || app->body.doc == NULL ||
	    now() - app->saved_at < SAVE_EVERY)
		return;
	if (app->saved_entry == app->body.entry &&
	    app->saved_off == body_offset(app)) {
		app->saved_at = now();
		return;
	}
	persist_save_pos(app);
}

static void
load_jumps(struct app *app, bool fwd, struct jump **v, size_t *n)
{
	struct state_jump *j;
	size_t		 k, m = state_jumps(app->state, fwd, &j);
	int		 e;

	for (k = 0; k < m; k++) {
		if ((e = corpus_find(app->c, j[k].path)) < 0)
			continue;
		*v = xreallocarray(*v, *n + 1, sizeof(**v));
		(*v)[*n].entry = e;
		(*v)[*n].off = j[k].off;
		(*v)[*n].cur = -1;
		(*n)++;
	}
	state_jumps_free(j, m);
}

/*
 * Bring back the last session: the jump history always; the filter and
 * the last document (at its position) when "resume" (no file was named).
 */
void
persist_restore(struct app *app, bool resume)
{
	char	*v;
	int	 e;

	if (app->state == NULL)
		return;
	load_jumps(app, false, &app->back, &app->nback);
	load_jumps(app, true, &app->fwd, &app->nfwd);
	if (!resume)
		return;
	if ((v = last_filter(app)) != NULL) {
		buf_reset(&app->list.filter);
		buf_adds(&app->list.filter, v);
		list_refilter(app, false);
		free(v);
	}
	if ((v = state_get(app->state, "last_doc")) != NULL) {
		if ((e = corpus_find(app->c, v)) >= 0) {
			body_open(app, e, persist_pos(app, e));
			list_select_entry(app, e);
			app->focus = PANE_BODY;
		}
		free(v);
	}
}

/* Save everything on the way out. */
void
persist_close(struct app *app)
{
	struct state_jump *b, *f;
	size_t		 i;

	if (app->state == NULL)
		return;
	persist_save_pos(app);
	save_filter(app);
	b = xcalloc(app->nback + 1, sizeof(*b));
	f = xcalloc(app->nfwd + 1, sizeof(*f));
	for (i = 0; i < app->nback; i++) {
		b[i].path = (char *)app->c->e[app->back[i].entry].abspath;
		b[i].off = app->back[i].off;
	}
	for (i = 0; i < app->nfwd; i++) {
		f[i].path = (char *)app->c->e[app->fwd[i].entry].abspath;
		f[i].off = app->fwd[i].off;
	}
	state_set_jumps(app->state, b, app->nback, f, app->nfwd);
	free(b);
	free(f);
	state_close(app->state);
	app->state = NULL;
}

/* Set mark "c" at the reading position: a lower-case mark belongs to
 * the document, a capital one to the whole library (vi's file marks). */
void
persist_mark(struct app *app, char c)
{
	const char	*path;
	int		 rc;

	if (app->body.doc == NULL || app->state == NULL) {
		app_message(app, true, "no document to mark");
		return;
	}
	path = app->c->e[app->body.entry].abspath;
	rc = c >= 'A' && c <= 'Z' ? state_set_global_mark(app->state, c, path,
	    body_offset(app)) : state_set_mark(app->state, path, c,
	    body_offset(app));
	if (rc == 0)
		app_message(app, false, "mark %c set", c);
	else
		app_message(app, true, "could not save mark %c", c);
}

/* The offset of mark "c", or -1; a capital mark may be in another
 * document: *entry is then set to it. */
long
persist_get_mark(struct app *app, char c, int *entry)
{
	char		*path;
	uint32_t	 off = 0;
	int		 e;

	if (app->state == NULL)
		return -1;
	if (c >= 'A' && c <= 'Z') {
		if ((path = state_global_mark(app->state, c, &off)) == NULL)
			return -1;
		e = corpus_find(app->c, path);
		free(path);
		if (e < 0)
			return -1;
		*entry = e;
		return off;
	}
	if (app->body.doc == NULL)
		return -1;
	return state_mark(app->state, app->c->e[app->body.entry].abspath, c);
}

/* The state key of a value kept per library ("last_filter"): the name
 * and the library's roots, as absolute paths. */
static char *
library_key(struct app *app, const char *name)
{
	struct buf	 b = { 0 };
	char		*real, *k;
	int		 i;

	buf_adds(&b, name);
	for (i = 0; i < app->nroots; i++) {
		buf_addc(&b, '\t');
		if ((real = realpath(app->roots[i], NULL)) != NULL) {
			buf_adds(&b, real);
			free(real);
		} else
			buf_adds(&b, app->roots[i]);
	}
	k = xstrdup(buf_cstr(&b));
	buf_free(&b);
	return k;
}

/* The last filter of this library (heap), or NULL. */
static char *
last_filter(struct app *app)
{
	char	*k = library_key(app, "last_filter"), *v;

	v = state_get(app->state, k);
	free(k);
	return v;
}

/* Remember the filter for this library. */
static void
save_filter(struct app *app)
{
	char	*k = library_key(app, "last_filter");

	state_set(app->state, k, buf_cstr(&app->list.filter));
	free(k);
}
