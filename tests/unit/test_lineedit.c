/* SPDX-License-Identifier: ISC */
#include "t.h"

#include <stdlib.h>
#include <unistd.h>

#include "folio/lineedit.h"
#include "folio/state.h"

/* Feed keys separated by spaces ("<Space>" types a blank). */
static enum lineedit_res
keys(struct lineedit *le, const char *list)
{
	char	 buf[512], *tok, *save = NULL;
	enum lineedit_res r = LINEEDIT_IGNORED;

	snprintf(buf, sizeof(buf), "%s", list);
	for (tok = strtok_r(buf, " ", &save); tok != NULL;
	    tok = strtok_r(NULL, " ", &save))
		r = lineedit_key(le, tok);
	return r;
}

static void
typing_and_cursor(void)
{
	struct lineedit le = { 0 };

	lineedit_start(&le, NULL);
	T_STREQ(lineedit_text(&le), "");
	T_EQ(keys(&le, "a b <Space> c"), LINEEDIT_CHANGED);
	T_STREQ(lineedit_text(&le), "ab c");
	T_EQ(le.cur, 4);
	T_EQ(keys(&le, "<Left> <Left>"), LINEEDIT_MOVED);
	keys(&le, "X");
	T_STREQ(lineedit_text(&le), "abX c");
	keys(&le, "<C-a> <");
	T_STREQ(lineedit_text(&le), "<abX c");
	keys(&le, "<C-e> >");
	T_STREQ(lineedit_text(&le), "<abX c>");
	keys(&le, "<Home> <Right> <C-f> <Del>");
	T_STREQ(lineedit_text(&le), "<aX c>");
	keys(&le, "<End> <C-b> <BS>");
	T_STREQ(lineedit_text(&le), "<aX >");
	/* Moving past either end stays there. */
	keys(&le, "<Left> <Left> <Left> <Left> <Left> <Left> <Left> <BS>");
	T_EQ(le.cur, 0);
	T_STREQ(lineedit_text(&le), "<aX >");
	T_EQ(keys(&le, "<Enter>"), LINEEDIT_DONE);
	T_EQ(keys(&le, "<Esc>"), LINEEDIT_CANCEL);
	T_EQ(keys(&le, "<Tab>"), LINEEDIT_IGNORED);
	T_EQ(keys(&le, "<F5>"), LINEEDIT_IGNORED);
	lineedit_free(&le);
}

static void
killing(void)
{
	struct lineedit le = { 0 };

	lineedit_start(&le, "kind:video  tsmc yield");
	T_EQ(keys(&le, "<C-w>"), LINEEDIT_CHANGED);
	T_STREQ(lineedit_text(&le), "kind:video  tsmc ");
	keys(&le, "<C-w>");
	T_STREQ(lineedit_text(&le), "kind:video  ");
	/* Blanks then the word before them go together. */
	keys(&le, "<C-w>");
	T_STREQ(lineedit_text(&le), "");
	lineedit_start(&le, "one two three");
	keys(&le, "<C-a> <C-f> <C-f> <C-f> <C-k>");
	T_STREQ(lineedit_text(&le), "one");
	keys(&le, "<Left> <C-u>");
	T_STREQ(lineedit_text(&le), "e");
	T_EQ(le.cur, 0);
	lineedit_free(&le);
}

static void
utf8_chars(void)
{
	struct lineedit le = { 0 };

	lineedit_start(&le, "café");
	keys(&le, "<BS>");
	T_STREQ(lineedit_text(&le), "caf");
	keys(&le, "é 日 本");
	T_STREQ(lineedit_text(&le), "café日本");
	keys(&le, "<Left> <Left> <BS>");
	T_STREQ(lineedit_text(&le), "caf日本");
	keys(&le, "<Del>");
	T_STREQ(lineedit_text(&le), "caf本");
	T_EQ(le.cur, 3);
	lineedit_free(&le);
}

static void
history(void)
{
	struct lineedit le = { 0 };
	char *const old[] = { "first", "second" };

	lineedit_set_history(&le, old, 2);
	lineedit_start(&le, "draft");
	T_EQ(keys(&le, "<Up>"), LINEEDIT_CHANGED);
	T_STREQ(lineedit_text(&le), "second");
	keys(&le, "<C-p>");
	T_STREQ(lineedit_text(&le), "first");
	/* The oldest stays the oldest. */
	T_EQ(keys(&le, "<Up>"), LINEEDIT_MOVED);
	T_STREQ(lineedit_text(&le), "first");
	keys(&le, "<Down> <Down>");
	T_STREQ(lineedit_text(&le), "draft");
	T_EQ(keys(&le, "<C-n>"), LINEEDIT_MOVED);
	/* Remembering moves an equal entry up; empty text is not kept. */
	lineedit_remember(&le, "first");
	lineedit_remember(&le, "");
	T_EQ(le.nhist, 2);
	T_STREQ(le.hist[1], "first");
	lineedit_start(&le, NULL);
	keys(&le, "<Up> <Up>");
	T_STREQ(lineedit_text(&le), "second");
	lineedit_free(&le);
}

static void
bounds(void)
{
	struct lineedit le = { 0 };
	char	 big[LINEEDIT_MAX + 10];
	int	 i;

	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	lineedit_start(&le, big);
	T_EQ(le.text.len, LINEEDIT_MAX);
	T_EQ(keys(&le, "y"), LINEEDIT_IGNORED);
	for (i = 0; i < LINEEDIT_HIST + 5; i++) {
		snprintf(big, sizeof(big), "q%d", i);
		lineedit_remember(&le, big);
	}
	T_EQ(le.nhist, LINEEDIT_HIST);
	T_STREQ(le.hist[0], "q5");
	lineedit_free(&le);
}

/* The history kept in the state database, per kind, across opens. */
static void
saved_history(void)
{
	struct state	*s;
	struct folio_err err;
	struct lineedit	 le = { 0 };
	char		 dir[] = "/tmp/folio-le.XXXXXX", path[300], warn[300];
	char		**v, cmd[400];
	size_t		 n, i;
	uint32_t	 off = 0;
	char		*mp;

	T_CHECK(mkdtemp(dir) != NULL);
	snprintf(path, sizeof(path), "%s/state.sqlite", dir);
	T_EQ(state_open(&s, path, warn, sizeof(warn), &err), 0);
	T_EQ(state_history_add(s, "filter", "kind:video"), 0);
	T_EQ(state_history_add(s, "filter", "tsmc"), 0);
	T_EQ(state_history_add(s, "search", "yield"), 0);
	T_EQ(state_history_add(s, "filter", "kind:video"), 0);
	T_EQ(state_set_global_mark(s, 'A', "/lib/a.md", 42), 0);
	state_close(s);
	T_EQ(state_open(&s, path, warn, sizeof(warn), &err), 0);
	n = state_history(s, "filter", &v);
	T_EQ(n, 2);
	if (n == 2) {
		T_STREQ(v[0], "tsmc");
		T_STREQ(v[1], "kind:video");
	}
	lineedit_set_history(&le, v, n);
	state_history_free(v, n);
	lineedit_start(&le, NULL);
	keys(&le, "<Up>");
	T_STREQ(lineedit_text(&le), "kind:video");
	n = state_history(s, "search", &v);
	T_EQ(n, 1);
	state_history_free(v, n);
	for (i = 0; i < STATE_HISTORY_MAX + 3; i++) {
		snprintf(cmd, sizeof(cmd), "goto %zu", i);
		state_history_add(s, "command", cmd);
	}
	n = state_history(s, "command", &v);
	T_EQ(n, STATE_HISTORY_MAX);
	if (n > 0)
		T_STREQ(v[n - 1], "goto 102");
	state_history_free(v, n);
	mp = state_global_mark(s, 'A', &off);
	T_STREQ(mp, "/lib/a.md");
	T_EQ(off, 42);
	free(mp);
	T_CHECK(state_global_mark(s, 'B', &off) == NULL);
	state_close(s);
	lineedit_free(&le);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	T_EQ(system(cmd), 0);
}

T_LIST(typing_and_cursor, killing, utf8_chars, history, bounds,
    saved_history)
