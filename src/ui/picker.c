/* SPDX-License-Identifier: ISC */
#include "ui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "folio/folio.h"
#include "folio/role.h"
#include "folio/rows.h"
#include "folio/utf8.h"
#include "folio/xmalloc.h"

/* Start an empty picker titled "title", replacing any open one. */
void
picker_open(struct app *app, const char *title)
{
	picker_close(app);
	snprintf(app->pick.title, sizeof(app->pick.title), "%s", title);
	app->pick.on = true;
}

/* Add a row; the picker owns a copy of "label".  Returns the row so the
 * caller can set its role, indent, right text or query. */
struct pick *
picker_add(struct app *app, const char *label, int entry, uint32_t off,
    long seconds)
{
	struct picker	*p = &app->pick;
	struct pick	*k;

	p->v = xreallocarray(p->v, p->rows.n + 1, sizeof(*p->v));
	k = &p->v[p->rows.n++];
	memset(k, 0, sizeof(*k));
	k->label = xstrdup(label ? label : "");
	k->role = ROLE_TEXT;
	k->entry = entry;
	k->off = off;
	k->seconds = seconds;
	return k;
}

/* Close the picker and free its rows. */
void
picker_close(struct app *app)
{
	struct picker	*p = &app->pick;
	size_t		 i;

	for (i = 0; i < p->rows.n; i++) {
		free(p->v[i].label);
		free(p->v[i].right);
		free(p->v[i].query);
	}
	free(p->v);
	memset(p, 0, sizeof(*p));
}

/* Words of the full-text query "q" to mark in the rows: field filters,
 * operators and quotes left out. */
void
picker_mark_words(struct app *app, const char *q)
{
	struct picker	*p = &app->pick;
	char		 w[64];
	size_t		 n;

	p->nwords = 0;
	while (*q != '\0' && p->nwords < PICK_WORDS) {
		while (*q == ' ' || *q == '"' || *q == '(' || *q == ')' ||
		    *q == '-')
			q++;
		for (n = 0; q[n] != '\0' && q[n] != ' ' && q[n] != '"' &&
		    q[n] != ')' && q[n] != '*'; n++)
			;
		if (n == 0) {
			if (*q != '\0')
				q++;
			continue;
		}
		snprintf(w, sizeof(w), "%.*s", (int)n, q);
		q += n;
		if (strchr(w, ':') != NULL || !strcmp(w, "AND") ||
		    !strcmp(w, "OR") || !strcmp(w, "NOT") || strlen(w) < 2)
			continue;
		snprintf(p->words[p->nwords++], sizeof(p->words[0]), "%s", w);
	}
}

/* The first mark word found in s (case-insensitively) from its start: its
 * offset and length; false when none is. */
static bool
next_mark(const struct picker *p, const char *s, size_t *at, size_t *len)
{
	const char	*best = NULL, *m;
	size_t		 i;

	for (i = 0; i < p->nwords; i++)
		if ((m = strcasestr(s, p->words[i])) != NULL && (best == NULL ||
		    m < best)) {
			best = m;
			*len = strlen(p->words[i]);
		}
	if (best == NULL)
		return false;
	*at = (size_t)(best - s);
	return true;
}

/* Draw a row's label, its mark words highlighted. */
static void
put_marked(const struct picker *p, int y, int x, int w, const char *label,
    attr_t a, bool sel)
{
	struct buf	 b = { 0 };
	const char	*s;
	size_t		 at, len;
	attr_t		 hit = sel ? a | A_BOLD | A_UNDERLINE :
	    screen_attr(ROLE_SEARCH_HIT) | A_BOLD;
	int		 cw;

	utf8_sanitize(&b, label, strlen(label));
	s = buf_cstr(&b);
	while (w > 0 && *s != '\0') {
		if (!next_mark(p, s, &at, &len)) {
			screen_put(y, x, w, s, strlen(s), a);
			break;
		}
		screen_put(y, x, w, s, at, a);
		cw = utf8_strwidth(s, at);
		x += cw;
		w -= cw;
		if (w <= 0)
			break;
		screen_put(y, x, w, s + at, len, hit);
		cw = utf8_strwidth(s + at, len);
		x += cw;
		w -= cw;
		s += at + len;
	}
	buf_free(&b);
}

/* The lines of rows the picker shows. */
int
picker_height(const struct app *app)
{
	return app->rows > 3 ? app->rows - 3 : 1;
}

/* Draw the picker over the top "rows" rows of the screen. */
void
picker_draw(struct app *app, int rows)
{
	struct picker	*p = &app->pick;
	int		 h = rows - 1, y, w = app->cols, rw;
	size_t		 i;

	if (rows < 1 || w < 1)
		return;
	screen_fill(0, 0, w, screen_attr(ROLE_H1) | A_REVERSE);
	screen_puts(0, 1, w - 1, p->title, screen_attr(ROLE_H1) | A_REVERSE);
	if (h < 1)
		return;
	rows_show(&p->rows, h);
	if (p->rows.n == 0)
		screen_puts(1, 1, w - 1, "(nothing)", screen_attr(ROLE_GUTTER));
	for (y = 0, i = p->rows.top; i < p->rows.n && y < h; i++, y++) {
		const struct pick *k = &p->v[i];
		attr_t a = screen_attr(k->role);
		int x = 1 + k->indent * 2;

		if (i == p->rows.sel) {
			a |= A_REVERSE;
			screen_fill(1 + y, 0, w, A_REVERSE);
		}
		rw = 0;
		if (k->right != NULL) {
			rw = screen_puts(1 + y, x, w > x + 11 ? 10 : 0, k->right,
			    i == p->rows.sel ? A_REVERSE : screen_attr(ROLE_TIMESTAMP));
			x += 10;
		}
		(void)rw;
		if (x < w)
			put_marked(p, 1 + y, x, w - x, k->label, a,
			    i == p->rows.sel);
	}
}

/* Move in the picker for action "a"; returns false for actions it does
 * not handle (the caller acts on Enter, o and the like). */
bool
picker_key(struct app *app, enum action a)
{
	if (a == ACT_CANCEL || a == ACT_QUIT) {
		picker_close(app);
		return true;
	}
	return rows_request(&app->pick.rows, a, picker_height(app));
}
