/* SPDX-License-Identifier: ISC */
/*
 * What the prompts mean (command.c acts on the prompt view's edits,
 * posted as events): the filter and the search follow the text as it is
 * typed and Esc puts back what was there before; the full-text search,
 * a highlight's note, and the ":" commands as a table.
 */
#include "ui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "folio/config.h"
#include "folio/corpus.h"
#include "folio/doc.h"
#include "folio/query.h"
#include "folio/timestamp.h"
#include "folio/xmalloc.h"

static struct buf	 prev;		/* the filter or search before */

/* Open prompt "k": the filter with the filter so far and a blank, ready
 * for one more term; the search remembering where the body was. */
void
command_prompt(struct app *app, enum prompt_kind k)
{
	struct buf	 pre = { 0 };

	buf_reset(&prev);
	if (k == PROMPT_FILTER) {
		buf_adds(&prev, list_filter(app));
		buf_adds(&pre, list_filter(app));
		if (pre.len > 0 && pre.p[pre.len - 1] != ' ')
			buf_adds(&pre, " ");
	} else if (k == PROMPT_SEARCH) {
		buf_adds(&prev, body_search(app));
		body_save_top(app);
	}
	prompt_open(app, k, buf_cstr(&pre));
	buf_free(&pre);
}

/* Apply filter text "q" as typed (or not, with "typing" false); the
 * error of a query that does not parse shows in the prompt. */
static void
filter_to(struct app *app, const char *q, bool typing)
{
	list_set_filter(app, q, typing);
	prompt_set_error(app, list_filter_err(app));
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

/* An edit in the filter prompt. */
static void
filter_edit(struct app *app, enum lineedit_res r)
{
	char		*t;

	switch (r) {
	case LINEEDIT_CHANGED:
		filter_to(app, prompt_text(app), true);
		break;
	case LINEEDIT_CANCEL:
		/* Back to the filter before the prompt opened. */
		filter_to(app, buf_cstr(&prev), false);
		prompt_close(app);
		break;
	case LINEEDIT_DONE:
		t = trimmed(prompt_text(app));
		filter_to(app, t, false);
		if (list_filter_err(app)[0] == '\0') {
			prompt_remember(app, PROMPT_FILTER, t);
			list_home(app);
			prompt_close(app);
		}
		free(t);
		break;
	default:
		break;
	}
}

/* An edit in the body's search prompt. */
static void
search_edit(struct app *app, enum lineedit_res r)
{
	const char	*text = prompt_text(app);

	switch (r) {
	case LINEEDIT_CHANGED:
		body_set_search(app, text);
		body_restore_top(app);
		if (text[0] != '\0' && !body_search_next(app, 1, true))
			app_message(app, true, "not found: %s", text);
		else
			app->msg[0] = '\0';
		break;
	case LINEEDIT_CANCEL:
		body_restore_top(app);
		body_set_search(app, buf_cstr(&prev));
		app->msg[0] = '\0';
		prompt_close(app);
		break;
	case LINEEDIT_DONE:
		prompt_remember(app, PROMPT_SEARCH, text);
		if (text[0] != '\0')
			history_push(app);
		prompt_close(app);
		break;
	default:
		break;
	}
}

/* The prompt of kind "k" was edited ("r"): act on it. */
void
command_edit(struct app *app, enum prompt_kind k, enum lineedit_res r)
{
	char		*text;

	if (prompt_kind(app) != k)
		return;
	switch (k) {
	case PROMPT_FILTER:
		filter_edit(app, r);
		return;
	case PROMPT_SEARCH:
		search_edit(app, r);
		return;
	default:
		break;
	}
	if (k == PROMPT_NOTE && (r == LINEEDIT_CANCEL || r == LINEEDIT_DONE)) {
		text = xstrdup(prompt_text(app));
		prompt_close(app);
		play_note_done(app, text, r == LINEEDIT_CANCEL);
		free(text);
		return;
	}
	if (r == LINEEDIT_CANCEL)
		prompt_close(app);
	if (r != LINEEDIT_DONE)
		return;
	text = xstrdup(prompt_text(app));
	prompt_close(app);
	prompt_remember(app, k, text);
	if (k == PROMPT_FULLTEXT && text[0] != '\0')
		fts_search(app, text);
	else if (k == PROMPT_COMMAND)
		command_run(app, text);
	free(text);
}

/* Free what the prompts kept. */
void
command_free(void)
{
	buf_free(&prev);
}

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
		if (!nav_goto_time(app, v, true))
			app_message(app, true, "no timeline here");
	} else if (*p == '\0' && (v = strtol(arg, NULL, 10)) > 0) {
		history_push(app);
		body_goto_off(app, (uint32_t)doc_line_off(app->body.doc,
		    (unsigned)v));
	} else if ((v = doc_heading_find(app->body.doc, arg)) >= 0) {
		history_push(app);
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
	list_set_filter(app, q, false);
	list_home(app);
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
	list_set_sort(app, k);
}

/* :open DOC. */
static void
cmd_open(struct app *app, const char *arg)
{
	int	 k;

	if (arg == NULL || (k = corpus_find(app->c, arg)) < 0)
		app_message(app, true, "no such document: %s", arg ? arg : "");
	else
		nav_open_entry(app, k, 0);
}

static void
cmd_quit(struct app *app, const char *arg)
{
	app->quit = true;
}

static void
cmd_help(struct app *app, const char *arg)
{
	(void)arg;
	ui_modal_open(app, ACT_HELP);
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

/* Run a ":" command line. */
void
command_run(struct app *app, const char *cmd)
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
	/* ":42" and ":1:05", as in vim: that line, that moment. */
	if (*cmd >= '0' && *cmd <= '9' && arg == NULL) {
		cmd_goto(app, cmd);
		return;
	}
	for (i = 0; i < ARRAY_SIZE(commands); i++)
		if (strlen(commands[i].name) == n &&
		    strncmp(cmd, commands[i].name, n) == 0) {
			commands[i].fn(app, arg);
			return;
		}
	app_message(app, true, "unknown command: %.*s", (int)n, cmd);
}
