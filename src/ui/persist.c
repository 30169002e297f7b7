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
#include "folio/markdown.h"
#include "folio/state.h"
#include "folio/xmalloc.h"

#define SAVE_EVERY	3		/* seconds between periodic saves */

static char	*last_filter(struct app *);
static void	 save_filter(struct app *);

static long long	 saved_at;	/* when the position was last saved */
static int		 saved_entry = -1;
static uint32_t		 saved_off;
static int32_t		 saved_item = -1;

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
	saved_at = now();
}

/* Save the open document's position now. */
void
persist_save_pos(struct app *app)
{
	const struct entry *e;
	uint32_t	 off;
	char		*item;

	if (app->state == NULL || app->body.doc == NULL ||
	    app->body.entry < 0)
		return;
	e = &app->c->e[app->body.entry];
	off = body_offset(app);
	if (state_set_pos(app->state, e->abspath, off) == 0) {
		saved_entry = app->body.entry;
		saved_off = off;
	}
	state_set(app->state, "last_doc", e->abspath);
	/* The current item there, for the next run. */
	item = xasprintf("%d", (int)app->body.cur);
	if (state_set(app->state, "last_item", item) == 0)
		saved_item = app->body.cur;
	free(item);
	saved_at = now();
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
	    now() - saved_at < SAVE_EVERY)
		return;
	if (saved_entry == app->body.entry &&
	    saved_off == body_offset(app) && saved_item == app->body.cur) {
		saved_at = now();
		return;
	}
	persist_save_pos(app);
}

/* Load the saved back (fwd false) or forward jumps, with their items. */
static void
load_jumps(struct app *app, bool fwd)
{
	struct state_jump *j;
	size_t		 k, m = state_jumps(app->state, fwd, &j);
	int		 e;

	for (k = 0; k < m; k++)
		if ((e = corpus_find(app->c, j[k].path)) >= 0)
			history_add(app, fwd, (struct jump){ e, j[k].off,
			    j[k].item });
	state_jumps_free(j, m);
}

/* The item that was current in the last document, when it still is an
 * item of it. */
static void
restore_item(struct app *app)
{
	char	*v;
	long	 item;

	if ((v = state_get(app->state, "last_item")) == NULL)
		return;
	item = strtol(v, NULL, 10);
	free(v);
	if (app->body.doc != NULL && item >= 0 &&
	    (size_t)item < app->body.doc->body->nitems) {
		app->body.cur = (int32_t)item;
		saved_item = app->body.cur;
	}
}

/*
 * Bring back the last session: the jump history always; the filter and
 * the last document (at its position, with its current item) when
 * "resume" (no file was named).
 */
void
persist_restore(struct app *app, bool resume)
{
	char	*v;
	int	 e;

	if (app->state == NULL)
		return;
	load_jumps(app, false);
	load_jumps(app, true);
	if (!resume)
		return;
	if ((v = last_filter(app)) != NULL) {
		list_set_filter(app, v, false);
		free(v);
	}
	if ((v = state_get(app->state, "last_doc")) != NULL) {
		if ((e = corpus_find(app->c, v)) >= 0) {
			body_open(app, e, persist_pos(app, e));
			list_select_entry(app, e);
			app->focus = PANE_BODY;
			restore_item(app);
		}
		free(v);
	}
}

/* The jumps of one stack as the state database keeps them. */
static struct state_jump *
saved_jumps(struct app *app, bool fwd, size_t *n)
{
	const struct jump *v = history_jumps(app, fwd, n);
	struct state_jump *s = xcalloc(*n + 1, sizeof(*s));
	size_t		 i;

	for (i = 0; i < *n; i++) {
		s[i].path = (char *)app->c->e[v[i].entry].abspath;
		s[i].off = v[i].off;
		s[i].item = v[i].cur;
	}
	return s;
}

/* Save everything on the way out. */
void
persist_close(struct app *app)
{
	struct state_jump *b, *f;
	size_t		 nb, nf;

	if (app->state == NULL)
		return;
	persist_save_pos(app);
	save_filter(app);
	b = saved_jumps(app, false, &nb);
	f = saved_jumps(app, true, &nf);
	state_set_jumps(app->state, b, nb, f, nf);
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

	state_set(app->state, k, list_filter(app));
	free(k);
}
