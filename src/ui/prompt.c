/* SPDX-License-Identifier: ISC */
/*
 * The prompt of the status line (filter, search, command, full-text
 * search, a highlight's note), a modal view edited with the line editor;
 * each edit is posted as EV_PROMPT_EDIT for command.c to act on.
 */
#include "ui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "folio/role.h"
#include "folio/state.h"
#include "folio/utf8.h"
#include "folio/xmalloc.h"

static struct {
	enum prompt_kind kind;		/* PROMPT_NONE: closed */
	struct lineedit	 line[PROMPT__MAX];	/* per prompt kind */
	bool		 loaded[PROMPT__MAX];	/* its history */
	char		 err[160];	/* shown after the text */
} ps;

/* The name a prompt's history is kept under, or NULL. */
static const char *
kind_name(enum prompt_kind k)
{
	switch (k) {
	case PROMPT_FILTER:
		return "filter";
	case PROMPT_SEARCH:
		return "search";
	case PROMPT_COMMAND:
		return "command";
	case PROMPT_FULLTEXT:
		return "fulltext";
	default:
		return NULL;
	}
}

/* The text shown before a prompt's line. */
static const char *
lead(enum prompt_kind k)
{
	switch (k) {
	case PROMPT_FILTER:
		return "filter: ";
	case PROMPT_SEARCH:
		return "/";
	case PROMPT_FULLTEXT:
		return "search library: ";
	case PROMPT_NOTE:
		return "note (Enter saves, Esc cancels): ";
	default:
		return ":";
	}
}

/* The kind of the open prompt, or PROMPT_NONE. */
enum prompt_kind
prompt_kind(const struct app *app)
{
	(void)app;
	return ps.kind;
}

/* The text of the open prompt ("" when none is). */
const char *
prompt_text(const struct app *app)
{
	(void)app;
	return ps.kind == PROMPT_NONE ? "" : lineedit_text(&ps.line[ps.kind]);
}

/* Load a prompt's history from the state database once. */
static void
load_history(struct app *app, enum prompt_kind k)
{
	char	**v;
	size_t	  n;

	if (ps.loaded[k] || app->state == NULL || kind_name(k) == NULL)
		return;
	n = state_history(app->state, kind_name(k), &v);
	lineedit_set_history(&ps.line[k], v, n);
	state_history_free(v, n);
	ps.loaded[k] = true;
}

/* Keep "text" in prompt k's history, here and in the database. */
void
prompt_remember(struct app *app, enum prompt_kind k, const char *text)
{
	if (text[0] == '\0' || kind_name(k) == NULL)
		return;
	lineedit_remember(&ps.line[k], text);
	if (app->state != NULL)
		state_history_add(app->state, kind_name(k), text);
}

/* Open prompt "k" with "pre" typed (NULL: empty). */
void
prompt_open(struct app *app, enum prompt_kind k, const char *pre)
{
	load_history(app, k);
	lineedit_start(&ps.line[k], pre != NULL ? pre : "");
	ps.kind = k;
	ps.err[0] = '\0';
	app->msg[0] = '\0';
	if (ui_modal_top(app) != &prompt_view)
		ui_modal_push(app, &prompt_view);
}

/* Open an empty prompt "k" (play.c's note). */
void
prompt_start(struct app *app, enum prompt_kind k)
{
	prompt_open(app, k, NULL);
}

/* Close the prompt. */
void
prompt_close(struct app *app)
{
	ps.kind = PROMPT_NONE;
	ui_modal_pop(app, &prompt_view);
}

/* Show "err" after the prompt's text ("": nothing). */
void
prompt_set_error(struct app *app, const char *err)
{
	(void)app;
	snprintf(ps.err, sizeof(ps.err), "%s", err);
}

/* A key while the prompt is open: edit, and post what changed. */
static bool
prompt_key(struct app *app, int ch, bool fkey)
{
	enum prompt_kind k = ps.kind;
	struct lineedit	*le = &ps.line[k];
	enum lineedit_res r;
	const char	*name;
	char		 nb[16];

	if ((name = screen_key_name(ch, fkey, nb, sizeof(nb))) == NULL)
		return true;
	/* Backspace on an empty command line leaves it, as in vi. */
	if (k == PROMPT_COMMAND && le->text.len == 0 &&
	    strcmp(name, "<BS>") == 0) {
		prompt_close(app);
		return true;
	}
	if ((r = lineedit_key(le, name)) != LINEEDIT_IGNORED)
		ui_post(app, EV_PROMPT_EDIT, k, r);
	return true;
}

/* Keys come through prompt_key. */
static bool
prompt_request(struct app *app, enum action a, int height)
{
	(void)app;
	(void)a;
	(void)height;
	return true;
}

/* Draw the open prompt on the status row "r": its lead, its text with the
 * cursor, and the error or message after it. */
static void
prompt_draw(struct app *app, const struct rect *r)
{
	struct lineedit	*le = &ps.line[ps.kind];
	const char	*text = lineedit_text(le);
	size_t		 cur = le->cur, n = strlen(text);
	const char	*errm;
	int		 x = 0, cw, y = r->y, w = r->w;

	errm = ps.err[0] ? ps.err : ps.kind == PROMPT_SEARCH &&
	    app->msg[0] ? app->msg : NULL;
	x += screen_puts(y, x, w - x, lead(ps.kind), A_REVERSE | A_BOLD);
	screen_put(y, x, w - x, text, cur, A_REVERSE);
	x += utf8_strwidth(text, cur);
	if (cur < n) {
		/* The character under the cursor, in a block. */
		size_t cn = utf8_grapheme(text + cur, n - cur, &cw);

		screen_put(y, x, w - x, text + cur, cn, A_NORMAL);
		x += cw > 0 ? cw : 1;
		screen_put(y, x, w - x, text + cur + cn, n - cur - cn,
		    A_REVERSE);
		x += utf8_strwidth(text + cur + cn, n - cur - cn);
	} else
		x += screen_puts(y, x, w - x, "▏", A_REVERSE);
	if (errm != NULL && w - x > 10)
		screen_puts(y, x + 2, w - x - 2, errm, A_REVERSE |
		    screen_attr(ROLE_WIKILINK_MISSING));
}

/* Free the line editors. */
static void
prompt_free(struct app *app)
{
	int	 i;

	(void)app;
	for (i = 0; i < PROMPT__MAX; i++)
		lineedit_free(&ps.line[i]);
	memset(&ps, 0, sizeof(ps));
}

static const struct hintdef prompt_hints[] = {
	{ ACT_NONE, "apply", 0, "<Enter>" }, { ACT_NONE, "cancel", 0, "<Esc>" },
	{ ACT_NONE, "history", 1, "<Up>/<Down>" },
	{ ACT_NONE, "word", 3, "<C-w>" }, { ACT_NONE, "clear", 2, "<C-u>" },
	{ ACT_NONE, "start/end", 4, "<C-a>/<C-e>" },
};

const struct view_ops prompt_view = {
	.draw = prompt_draw,
	.request = prompt_request,
	.key = prompt_key,
	.free = prompt_free,
	.hints = prompt_hints,
	.nhints = ARRAY_SIZE(prompt_hints),
	.cover = COVER_LINE,
};
