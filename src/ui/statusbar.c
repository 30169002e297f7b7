/* SPDX-License-Identifier: ISC */
/*
 * The lines around the panes: each pane's title bar (the focused one
 * marked), the status line (document, position, time, filter, progress,
 * message, timeline: each once) and the hint bar (the focused view's main
 * keys with short verbs, fitted to the width).
 */
#include "ui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "folio/corpus.h"
#include "folio/doc.h"
#include "folio/markdown.h"
#include "folio/role.h"
#include "folio/timestamp.h"
#include "folio/utf8.h"
#include "folio/xmalloc.h"

/* The mark of the focused pane's title: seen without colours too. */
#define FOCUS_MARK	"▶"

/* Draw "items" (key, verb pairs) on the hint row, dropping the ones with
 * the highest "drop" until the rest fit in "cols". */
static void
put_hints(int y, int cols, const char **keys, const char **verbs,
    const int *drop, size_t n)
{
	bool		 gone[16] = { false };
	size_t		 i, worst;
	int		 w, x = 0;

	if (n > 16)
		n = 16;
	for (;;) {
		w = 0;
		for (i = 0; i < n; i++)
			if (!gone[i])
				w += utf8_strwidth(keys[i], strlen(keys[i])) +
				    1 + utf8_strwidth(verbs[i],
				    strlen(verbs[i])) + 2;
		if (w - 2 <= cols)
			break;
		worst = n;
		for (i = 0; i < n; i++)
			if (!gone[i] && drop[i] > 0 && (worst == n ||
			    drop[i] > drop[worst]))
				worst = i;
		if (worst == n)
			break;
		gone[worst] = true;
	}
	for (i = 0; i < n && x < cols; i++) {
		if (gone[i])
			continue;
		x += screen_puts(y, x, cols - x, keys[i], A_BOLD);
		x += screen_puts(y, x, cols - x, " ", 0);
		x += screen_puts(y, x, cols - x, verbs[i],
		    screen_attr(ROLE_GUTTER));
		x += screen_puts(y, x, cols - x, "  ", 0);
	}
}

/* The hint bar: the keys of the modal view on top or the focused view. */
static void
statusbar_hints(struct app *app)
{
	const struct view_ops *v = ui_modal_top(app);
	const char	*keys[16], *verbs[16];
	char		 kb[16][32];
	int		 drop[16];
	size_t		 n = 0, i;
	enum keymap_pane km = KM_GENERIC;

	if (app->scr.rows < 3)
		return;
	/* A modal that only takes keys leaves the focused view's. */
	if (v == NULL || v->cover == COVER_NONE) {
		v = ui_view(app->focus);
		km = pane_keymap(app->focus);
	}
	for (i = 0; i < v->nhints && n < 16; i++) {
		const struct hintdef *h = &v->hints[i];
		char *comma;

		if (h->keys != NULL)
			snprintf(kb[n], sizeof(kb[n]), "%s", h->keys);
		else {
			keymap_keys(km, h->act, kb[n], sizeof(kb[n]));
			if ((comma = strchr(kb[n], ',')) != NULL)
				*comma = '\0';
		}
		if (kb[n][0] == '\0')
			continue;
		keys[n] = kb[n];
		verbs[n] = h->verb;
		drop[n] = h->drop;
		n++;
	}
	put_hints(app->scr.rows - 1, app->scr.cols, keys, verbs, drop, n);
}

/* Each visible pane's title bar, on the row above its rectangle; the
 * focused one is reversed and marked. */
static void
statusbar_titles(struct app *app)
{
	char		 t[512];
	int		 p, x;
	attr_t		 a;

	for (p = 0; p < PANE__MAX; p++) {
		const struct rect *r = &app->scr.r[p];

		if (!app->scr.visible[p] || !app->scr.titled)
			continue;
		a = p == (int)app->focus ? A_REVERSE | A_BOLD : A_UNDERLINE;
		screen_fill(r->y - 1, r->x, r->w, a);
		x = r->x;
		if (p == (int)app->focus)
			x += screen_puts(r->y - 1, x, r->w, FOCUS_MARK, a);
		else
			x += screen_puts(r->y - 1, x, r->w, " ", a);
		ui_view((enum pane)p)->title(app, t, sizeof(t));
		screen_puts(r->y - 1, x + 1, r->x + r->w - x - 1, t, a);
	}
}

/* The timeline of a document with a video, "tw" columns wide at the
 * right end of row y. */
static void
timeline(struct app *app, int y, int w, int tw)
{
	long		*marks = NULL;
	size_t		 nm = 0, i;
	char		 bar[40 * 3 + 1];
	const struct body *bd = app->body.doc->body;

	for (i = 0; i < bd->nitems; i++)
		if (bd->items[i].type == ITEM_TS) {
			if ((nm & (nm - 1)) == 0 || nm == 0)
				marks = xreallocarray(marks, nm ? nm * 2 : 1,
				    sizeof(*marks));
			marks[nm++] = bd->items[i].seconds;
		}
	if (ts_timeline(bar, sizeof(bar), tw, app->body.doc->duration,
	    marks, nm, body_time(app)) == 0)
		screen_put(y, w - tw - 1, tw, bar, strlen(bar), A_REVERSE);
	free(marks);
}

/* The status line: a prompt while one is open; else the document and
 * where the reader is in it, the filter or the library's size, the
 * progress of background work, the message, and the timeline. */
static void
statusbar_draw(struct app *app)
{
	char		 left[1024], pos[256], playing[128];
	int		 y = app->scr.rows - 2, x = 0, w = app->scr.cols, tw;
	const struct entry *e;

	if (app->scr.rows < 3)
		y = app->scr.rows - 1;
	if (y < 0 || w < 1)
		return;
	screen_fill(y, 0, w, A_REVERSE);
	e = app->body.entry >= 0 ? &app->c->e[app->body.entry] : NULL;
	body_status(app, pos, sizeof(pos));
	play_status(app, playing, sizeof(playing));
	if (playing[0] != '\0')
		snprintf(pos + strlen(pos), sizeof(pos) - strlen(pos), "  %s",
		    playing);
	snprintf(left, sizeof(left), " %s  %s", e ? e->path : "folio", pos);
	x += screen_puts(y, 0, w, left, A_REVERSE | A_BOLD);
	if (list_filter(app)[0] != '\0' && x + 4 < w) {
		snprintf(left, sizeof(left), "  filter: %s (%zu/%zu)",
		    list_filter(app), list_count(app), app->c->n);
		x += screen_puts(y, x, w - x, left, A_REVERSE);
	} else if (x + 4 < w && app->msg[0] == '\0') {
		snprintf(left, sizeof(left), "  %zu document%s", app->c->n,
		    app_plural(app->c->n));
		x += screen_puts(y, x, w - x, left, A_REVERSE);
	}
	fts_status(app, pos, sizeof(pos));
	if (pos[0] == '\0')
		scan_status(app, pos, sizeof(pos));
	if (pos[0] && x + 4 < w)
		x += screen_puts(y, x, w - x, "  ", A_REVERSE) +
		    screen_puts(y, x + 2, w - x - 2, pos, A_REVERSE);
	/* Messages come first; the timeline takes what is left. */
	tw = w - x - 4 - (app->msg[0] ? utf8_strwidth(app->msg,
	    strlen(app->msg)) + 2 : 0);
	if (tw > 40)
		tw = 40;
	if (app->body.doc != NULL && app->body.doc->duration > 0 &&
	    tw >= 12) {
		timeline(app, y, w, tw);
		w -= tw + 2;
	}
	if (app->msg[0] && x + 4 < w) {
		x += screen_puts(y, x, w - x, "  ", A_REVERSE);
		screen_puts(y, x, w - x, app->msg, A_REVERSE | (app->msg_err ?
		    screen_attr(ROLE_WIKILINK_MISSING) | A_BOLD : 0));
	}
}

/* The status line's row: the one above the hint bar. */
static struct rect
status_row(const struct app *app)
{
	int	 y = app->scr.rows < 3 ? app->scr.rows - 1 : app->scr.rows - 2;

	return (struct rect){ y, 0, 1, app->scr.cols };
}

/*
 * Draw one frame: the visible panes with their separators and titles, the
 * status line and the hint bar, and the modal view on top (over the whole
 * screen, over the panes, or on the status line).
 */
void
statusbar_frame(struct app *app)
{
	const struct view_ops *m = ui_modal_top(app);
	struct rect	 r;
	int		 p, y;

	erase();
	if (m != NULL && m->cover == COVER_ALL) {
		r = (struct rect){ 0, 0, app->scr.rows, app->scr.cols };
		m->draw(app, &r);
		return;
	}
	if (m != NULL && m->cover == COVER_PANES) {
		r = (struct rect){ 0, 0, app->scr.rows - 2 > 0 ?
		    app->scr.rows - 2 : app->scr.rows, app->scr.cols };
		m->draw(app, &r);
		statusbar_draw(app);
		statusbar_hints(app);
		return;
	}
	for (p = 0; p < PANE__MAX; p++)
		if (app->scr.visible[p])
			ui_view((enum pane)p)->draw(app, &app->scr.r[p]);
	/* Separators between visible panes, title rows included. */
	for (p = 1; p < PANE__MAX; p++) {
		const struct rect *pr = &app->scr.r[p];

		if (!app->scr.visible[p] || pr->x == 0)
			continue;
		for (y = app->scr.titled ? -1 : 0; y < pr->h; y++)
			screen_put(pr->y + y, pr->x - 1, 1, "│",
			    strlen("│"), screen_attr(ROLE_RULE));
	}
	statusbar_titles(app);
	if (m != NULL && m->cover == COVER_LINE) {
		r = status_row(app);
		if (r.y >= 0 && r.w >= 1) {
			screen_fill(r.y, 0, r.w, A_REVERSE);
			m->draw(app, &r);
		}
	} else
		statusbar_draw(app);
	statusbar_hints(app);
}
