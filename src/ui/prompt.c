/* SPDX-License-Identifier: ISC */
/*
 * The prompts of the status line (filter, search, command, full-text
 * search), edited with the line editor, and the ":" commands.
 */
#include "ui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "folio/config.h"
#include "folio/corpus.h"
#include "folio/doc.h"
#include "folio/query.h"
#include "folio/role.h"
#include "folio/state.h"
#include "folio/timestamp.h"
#include "folio/utf8.h"
#include "folio/xmalloc.h"

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
const char *
prompt_lead(enum prompt_kind k)
{
	switch (k) {
	case PROMPT_FILTER:
		return "filter: ";
	case PROMPT_SEARCH:
		return "/";
	case PROMPT_FULLTEXT:
		return "search library: ";
	case PROMPT_HINT:
		return "hint: ";
	case PROMPT_NOTE:
		return "note (Enter saves, Esc cancels): ";
	default:
		return ":";
	}
}

/* The line editor of the open prompt, or NULL. */
struct lineedit *
prompt_line(struct app *app)
{
	if (app->prompt <= PROMPT_NONE || app->prompt >= PROMPT_HINT)
		return NULL;
	return &app->line[app->prompt];
}

/* Load a prompt's history from the state database once. */
static void
load_history(struct app *app, enum prompt_kind k)
{
	char	**v;
	size_t	  n;

	if (app->line_loaded[k] || app->state == NULL || kind_name(k) == NULL)
		return;
	n = state_history(app->state, kind_name(k), &v);
	lineedit_set_history(&app->line[k], v, n);
	state_history_free(v, n);
	app->line_loaded[k] = true;
}

/* Keep a prompt's entry in its history, here and in the database. */
static void
remember(struct app *app, enum prompt_kind k, const char *text)
{
	if (text[0] == '\0')
		return;
	lineedit_remember(&app->line[k], text);
	if (app->state != NULL)
		state_history_add(app->state, kind_name(k), text);
}

void
prompt_start(struct app *app, enum prompt_kind k)
{
	struct buf	 pre = { 0 };

	load_history(app, k);
	buf_reset(&app->prompt_prev);
	if (k == PROMPT_FILTER) {
		/* The filter so far, ready for one more term. */
		buf_adds(&app->prompt_prev, buf_cstr(&app->list.filter));
		buf_adds(&pre, buf_cstr(&app->list.filter));
		if (pre.len > 0 && pre.p[pre.len - 1] != ' ')
			buf_adds(&pre, " ");
	} else if (k == PROMPT_SEARCH) {
		buf_adds(&app->prompt_prev, buf_cstr(&app->body.search));
		app->body.saved = app->body.top;
	}
	lineedit_start(&app->line[k], buf_cstr(&pre));
	buf_free(&pre);
	app->prompt = k;
	app->msg[0] = '\0';
}

/* Apply filter text "q" as typed (or not, with "typing" false). */
static void
filter_to(struct app *app, const char *q, bool typing)
{
	buf_reset(&app->list.filter);
	buf_adds(&app->list.filter, q);
	list_refilter(app, typing);
}

/* The filter text without blanks at its end. */
static char *
trimmed(const char *s)
{
	char	*t = xstrdup(s);
	size_t	 n = strlen(t);

	while (n > 0 && t[n - 1] == ' ')
		t[--n] = '\0';
	return t;
}

/* A key in the filter prompt. */
static void
filter_key(struct app *app, enum lineedit_res r)
{
	struct lineedit	*le = &app->line[PROMPT_FILTER];
	char		*t;

	switch (r) {
	case LINEEDIT_CHANGED:
		filter_to(app, lineedit_text(le), true);
		break;
	case LINEEDIT_CANCEL:
		/* Back to the filter before the prompt opened. */
		filter_to(app, buf_cstr(&app->prompt_prev), false);
		app->prompt = PROMPT_NONE;
		break;
	case LINEEDIT_DONE:
		t = trimmed(lineedit_text(le));
		filter_to(app, t, false);
		if (app->list.filter_err[0] == '\0') {
			remember(app, PROMPT_FILTER, t);
			app->list.rows.sel = 0;
			app->prompt = PROMPT_NONE;
		}
		free(t);
		break;
	default:
		break;
	}
}

/* A key in the body's search prompt. */
static void
search_key(struct app *app, enum lineedit_res r)
{
	const char	*text = lineedit_text(&app->line[PROMPT_SEARCH]);

	switch (r) {
	case LINEEDIT_CHANGED:
		body_set_search(app, text);
		app->body.top = app->body.saved;
		if (text[0] != '\0' && !body_search_next(app, 1, true))
			app_message(app, true, "not found: %s", text);
		else
			app->msg[0] = '\0';
		break;
	case LINEEDIT_CANCEL:
		app->body.top = app->body.saved;
		body_set_search(app, buf_cstr(&app->prompt_prev));
		app->msg[0] = '\0';
		app->prompt = PROMPT_NONE;
		break;
	case LINEEDIT_DONE:
		remember(app, PROMPT_SEARCH, text);
		if (text[0] != '\0')
			app_push_jump(app);
		app->prompt = PROMPT_NONE;
		break;
	default:
		break;
	}
}

void
prompt_key(struct app *app, const char *name)
{
	enum prompt_kind k = app->prompt;
	struct lineedit	*le = prompt_line(app);
	enum lineedit_res r;
	char		*text;

	if (le == NULL)
		return;
	/* Backspace on an empty command line leaves it, as in vi. */
	if (k == PROMPT_COMMAND && le->text.len == 0 &&
	    strcmp(name, "<BS>") == 0) {
		app->prompt = PROMPT_NONE;
		return;
	}
	if ((r = lineedit_key(le, name)) == LINEEDIT_IGNORED)
		return;
	switch (k) {
	case PROMPT_FILTER:
		filter_key(app, r);
		return;
	case PROMPT_SEARCH:
		search_key(app, r);
		return;
	default:
		break;
	}
	if (r == LINEEDIT_CANCEL)
		app->prompt = PROMPT_NONE;
	if (k == PROMPT_NOTE && (r == LINEEDIT_CANCEL || r == LINEEDIT_DONE)) {
		play_note_done(app, lineedit_text(le), r == LINEEDIT_CANCEL);
		app->prompt = PROMPT_NONE;
		return;
	}
	if (r != LINEEDIT_DONE)
		return;
	text = xstrdup(lineedit_text(le));
	app->prompt = PROMPT_NONE;
	remember(app, k, text);
	if (k == PROMPT_FULLTEXT && text[0] != '\0')
		fts_search(app, text);
	else if (k == PROMPT_COMMAND)
		prompt_command(app, text);
	free(text);
}

/* Draw the open prompt on status row y: its lead, its text with the
 * cursor, and the filter's or search's error after it. */
void
prompt_draw(struct app *app, int y, int w)
{
	struct lineedit	*le = prompt_line(app);
	const char	*text = le ? lineedit_text(le) : buf_cstr(&app->input);
	size_t		 cur = le ? le->cur : app->input.len, n = strlen(text);
	const char	*errm;
	int		 x = 0, cw;

	errm = app->prompt == PROMPT_FILTER && app->list.filter_err[0] ?
	    app->list.filter_err : app->prompt == PROMPT_SEARCH &&
	    app->msg[0] ? app->msg : NULL;
	x += screen_puts(y, x, w - x, prompt_lead(app->prompt), A_REVERSE |
	    A_BOLD);
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

/* ---- commands ----------------------------------------------------------- */

/* :goto TIME, LINE or HEADING (a prefix of one, any case and accents). */
static void
cmd_goto(struct app *app, const char *arg)
{
	const char	*p;
	long		 v;

	if (arg == NULL || app->body.doc == NULL) {
		app_message(app, true, "goto: a heading, a line or a time");
		return;
	}
	for (p = arg; *p >= '0' && *p <= '9'; p++)
		continue;
	if ((v = ts_parse_clock(arg, strlen(arg))) >= 0) {
		if (!app_goto_time(app, v, true))
			app_message(app, true, "no timeline here");
	} else if (*p == '\0' && (v = strtol(arg, NULL, 10)) > 0) {
		app_push_jump(app);
		body_goto_off(app, (uint32_t)doc_line_off(app->body.doc,
		    (unsigned)v));
	} else if ((v = doc_heading_find(app->body.doc, arg)) >= 0) {
		app_push_jump(app);
		body_goto_off(app, (uint32_t)v);
	} else
		app_message(app, true, "goto: no heading, line or time \"%s\"",
		    arg);
}

/* :filter QUERY or NAME; a query that does not compile is not applied. */
static void
cmd_filter(struct app *app, const char *arg)
{
	const char	*named = arg ? config_filter(app->cfg, arg) : NULL;
	const char	*q = named ? named : arg ? arg : "";
	struct folio_err err;
	struct query	*test;

	if ((test = query_compile(q, &err)) == NULL) {
		app_message(app, true, "filter: %s", err_text(&err));
		return;
	}
	query_free(test);
	filter_to(app, q, false);
	app->list.rows.sel = 0;
}

/* :sort ORDER. */
static void
cmd_sort(struct app *app, const char *arg)
{
	int	 k;

	for (k = 0; arg != NULL && k < CORPUS_SORT__MAX; k++)
		if (!strcmp(arg, corpus_sort_name((enum corpus_sort)k)))
			break;
	if (arg == NULL || k == CORPUS_SORT__MAX) {
		app_message(app, true, "sort: date, title, path or duration");
		return;
	}
	app->list.sort = k;
	list_init(app);
}

/* :open DOC. */
static void
cmd_open(struct app *app, const char *arg)
{
	int	 k;

	if (arg == NULL || (k = corpus_find(app->c, arg)) < 0)
		app_message(app, true, "no such document: %s", arg ? arg : "");
	else
		app_open_entry(app, k, 0);
}

static void
cmd_quit(struct app *app, const char *arg)
{
	app->quit = true;
}

static void
cmd_help(struct app *app, const char *arg)
{
	help_open(app);
}

static void
cmd_highlights(struct app *app, const char *arg)
{
	play_highlights(app);
}

/* The ":" commands, in the order their names are tried. */
static const struct {
	const char	*name;
	void		(*fn)(struct app *, const char *arg);
} commands[] = {
	{ "q", cmd_quit },
	{ "quit", cmd_quit },
	{ "goto", cmd_goto },
	{ "filter", cmd_filter },
	{ "sort", cmd_sort },
	{ "open", cmd_open },
	{ "help", cmd_help },
	{ "highlights", cmd_highlights },
};

void
prompt_command(struct app *app, const char *cmd)
{
	const char	*arg;
	size_t		 n, i;

	while (*cmd == ' ')
		cmd++;
	arg = strchr(cmd, ' ');
	n = arg ? (size_t)(arg - cmd) : strlen(cmd);
	while (arg && *arg == ' ')
		arg++;
	if (arg != NULL && *arg == '\0')
		arg = NULL;
	if (n == 0)
		return;
	for (i = 0; i < ARRAY_SIZE(commands); i++)
		if (strlen(commands[i].name) == n &&
		    strncmp(cmd, commands[i].name, n) == 0) {
			commands[i].fn(app, arg);
			return;
		}
	app_message(app, true, "unknown command: %.*s", (int)n, cmd);
}
