/* SPDX-License-Identifier: ISC */
/*
 * The picker, a modal view over the panes: a list to choose from
 * (chapters, full-text hits, documents of a video, highlights), filled
 * by others; Enter, o and p on a row are posted as EV_PICK.
 */
#include "ui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "folio/folio.h"
#include "folio/role.h"
#include "folio/rows.h"
#include "folio/utf8.h"
#include "folio/xmalloc.h"

#define PICK_WORDS	8

/* The picker's rows and title. */
struct picker {
	char		 title[256];
	char		 words[PICK_WORDS][64];	/* marked in the rows */
	size_t		 nwords;
	char		 search[128];	/* the body's search after opening */
	struct pick	*v;		/* rows.n of them */
	struct rows	 rows;
};

static struct picker	 pk;

/* Start an empty picker titled "title", replacing any open one. */
void
picker_open(struct app *app, const char *title)
{
	picker_close(app);
	snprintf(pk.title, sizeof(pk.title), "%s", title);
	ui_modal_push(app, &picker_view);
}

/* Add a row; the picker owns a copy of "label".  Returns the row so the
 * caller can set its role, indent, right text or query. */
struct pick *
picker_add(struct app *app, const char *label, int entry, uint32_t off,
    long seconds)
{
	struct picker	*p = &pk;
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
	struct picker	*p = &pk;
	size_t		 i;

	for (i = 0; i < p->rows.n; i++) {
		free(p->v[i].label);
		free(p->v[i].right);
		free(p->v[i].query);
	}
	free(p->v);
	memset(p, 0, sizeof(*p));
	ui_modal_pop(app, &picker_view);
}

/* Words of the full-text query "q" to mark in the rows: field filters,
 * operators and quotes left out. */
void
picker_mark_words(struct app *app, const char *q)
{
	struct picker	*p = &pk;
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
	bool		 cut;

	/* Cut with "…" when it is wider than the row. */
	utf8_sanitize(&b, label, strlen(label));
	b.len = utf8_cut(b.p, b.len, w, &cut);
	if (cut)
		buf_adds(&b, "…");
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
static int
picker_height(const struct app *app)
{
	return app->scr.rows > 3 ? app->scr.rows - 3 : 1;
}

/* Draw the picker in "r" (the panes' rows of the screen). */
static void
picker_draw(struct app *app, const struct rect *r)
{
	struct picker	*p = &pk;
	int		 rows = r->h, h = rows - 1, y, w = app->scr.cols, rw;
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

/* The body's search after opening a row ("": none). */
void
picker_set_search(struct app *app, const char *s)
{
	(void)app;
	snprintf(pk.search, sizeof(pk.search), "%s", s);
}

/* The body's search after opening a row. */
const char *
picker_search(const struct app *app)
{
	(void)app;
	return pk.search;
}

/* The first word the rows mark, or "". */
const char *
picker_word(const struct app *app)
{
	(void)app;
	return pk.nwords > 0 ? pk.words[0] : "";
}

/* Select row "i" (when there is one). */
void
picker_select(struct app *app, size_t i)
{
	(void)app;
	if (i < pk.rows.n)
		pk.rows.sel = i;
}

/* The number of rows. */
size_t
picker_count(const struct app *app)
{
	(void)app;
	return pk.rows.n;
}

/* The selected row, or NULL. */
const struct pick *
picker_selected(const struct app *app)
{
	(void)app;
	return pk.rows.sel < pk.rows.n ? &pk.v[pk.rows.sel] : NULL;
}

/* Move in the picker; Enter, o and p on its row are posted (EV_PICK);
 * Esc, q, ? and the chapters key close it. */
static bool
picker_request(struct app *app, enum action a, int height)
{
	(void)height;
	switch (a) {
	case ACT_CANCEL:
	case ACT_QUIT:
	case ACT_HELP:
	case ACT_CHAPTERS:
		picker_close(app);
		return true;
	case ACT_ENTER:
		ui_post(app, EV_PICK, 0, 0);
		return true;
	case ACT_OPEN_URL:
		ui_post(app, EV_PICK, 0, 1);
		return true;
	case ACT_PLAY:
		ui_post(app, EV_PICK, 0, 3);
		return true;
	default:
		rows_request(&pk.rows, a, picker_height(app));
		return true;
	}
}

/* Release the rows (teardown). */
static void
picker_free(struct app *app)
{
	picker_close(app);
}

/* The rows hold entries of the library: a new one closes the picker. */
static void
picker_swapped(struct app *app, const struct corpus *old)
{
	(void)old;
	picker_close(app);
}

static const struct hintdef picker_hints[] = {
	{ ACT_ENTER, "go", 0, NULL }, { ACT_OPEN_URL, "browser", 3, NULL },
	{ ACT_PLAY, "play", 4, NULL }, { ACT_MOVE_DOWN, "move", 2, NULL },
	{ ACT_CANCEL, "close", 0, NULL },
};

const struct view_ops picker_view = {
	.draw = picker_draw,
	.request = picker_request,
	.library_swapped = picker_swapped,
	.free = picker_free,
	.hints = picker_hints,
	.nhints = ARRAY_SIZE(picker_hints),
	.cover = COVER_PANES,
};
