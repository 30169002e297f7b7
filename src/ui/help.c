/* SPDX-License-Identifier: ISC */
/*
 * The help: a modal view over the whole screen with one row per action,
 * its keys in every pane and its help text, generated from ACTION_INFO
 * and the live key maps; it pages like every list (src/rows.c).
 */
#include "ui.h"

#include <stdio.h>
#include <string.h>

static struct rows	 help_rows;	/* one per action */

/* Open the help at its top. */
static void
help_open(struct app *app)
{
	memset(&help_rows, 0, sizeof(help_rows));
	ui_modal_push(app, &help_view);
}

/* The help: one row per action with its keys in every pane, over the
 * whole screen. */
static void
help_draw(struct app *app, const struct rect *r)
{
	char		 keys[128], line[512];
	int		 y, h = app->scr.rows - 1, p;
	long		 a;

	(void)r;
	if (h < 1)
		h = 1;
	rows_set_n(&help_rows, ACT__MAX - 1, h);
	for (y = 0; y < h && (a = rows_at(&help_rows, y)) >= 0; y++) {
		a++;		/* row 0 is the first action */
		keys[0] = '\0';
		for (p = KM_GENERIC + 1; p < KM__MAX; p++) {
			char k[64];

			keymap_keys((enum keymap_pane)p, (enum action)a, k,
			    sizeof(k));
			if (k[0] && strstr(keys, k) == NULL)
				snprintf(keys + strlen(keys), sizeof(keys) -
				    strlen(keys), "%s%s", keys[0] ? ", " : "",
				    k);
		}
		snprintf(line, sizeof(line), "%-22.22s %-18s %s", keys,
		    action_name((enum action)a), action_help((enum action)a));
		if ((size_t)a - 1 == help_rows.sel)
			screen_fill(y, 0, app->scr.cols, A_REVERSE);
		screen_puts(y, 1, app->scr.cols - 1, line,
		    (size_t)a - 1 == help_rows.sel ? A_REVERSE : 0);
	}
	screen_fill(app->scr.rows - 1, 0, app->scr.cols, A_REVERSE);
	screen_puts(app->scr.rows - 1, 0, app->scr.cols,
	    " folio help: j/k move, "
	    "g/G top/bottom, q or Esc closes", A_REVERSE | A_BOLD);
}

/* A key in the help: move, or leave it (q, Esc, ?). */
static bool
help_request(struct app *app, enum action a, int height)
{
	(void)height;
	if (a == ACT_QUIT || a == ACT_CANCEL || a == ACT_HELP)
		ui_modal_pop(app, &help_view);
	else
		rows_request(&help_rows, a, app->scr.rows - 1);
	return true;
}

const struct view_ops help_view = {
	.draw = help_draw,
	.request = help_request,
	.cover = COVER_ALL,
	.action = ACT_HELP,
	.open = help_open,
};
