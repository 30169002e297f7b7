/* SPDX-License-Identifier: ISC */
/*
 * The help: a modal view over the whole screen with one row per action,
 * its keys in every pane and its help text, generated from ACTION_INFO
 * and the live key maps; it pages like every list (src/rows.c).
 */
#include "ui.h"

#include <stdio.h>
#include <string.h>

/* Open the help at its top. */
void
help_open(struct app *app)
{
	app->help = true;
	memset(&app->help_rows, 0, sizeof(app->help_rows));
}

/* The help: one row per action with its keys in every pane, over the
 * whole screen. */
void
help_draw(struct app *app)
{
	char		 keys[128], line[512];
	int		 y, h = app->rows - 1, p;
	long		 a;

	erase();
	if (h < 1)
		h = 1;
	rows_set_n(&app->help_rows, ACT__MAX - 1, h);
	for (y = 0; y < h && (a = rows_at(&app->help_rows, y)) >= 0; y++) {
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
		if ((size_t)a - 1 == app->help_rows.sel)
			screen_fill(y, 0, app->cols, A_REVERSE);
		screen_puts(y, 1, app->cols - 1, line,
		    (size_t)a - 1 == app->help_rows.sel ? A_REVERSE : 0);
	}
	screen_fill(app->rows - 1, 0, app->cols, A_REVERSE);
	screen_puts(app->rows - 1, 0, app->cols, " folio help: j/k move, "
	    "g/G top/bottom, q or Esc closes", A_REVERSE | A_BOLD);
}

/* A key in the help: move, or leave it (q, Esc, ?). */
void
help_request(struct app *app, enum action a)
{
	if (a == ACT_QUIT || a == ACT_CANCEL || a == ACT_HELP)
		app->help = false;
	else
		rows_request(&app->help_rows, a, app->rows - 1);
}
