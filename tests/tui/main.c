/* SPDX-License-Identifier: ISC */
/*
 * Terminal tests: each case drives the real folio binary in a pseudo-
 * terminal and reads the screen.  Usage: tui FOLIO [CASE-SUBSTRING].
 * The last line is "N passed, N failed".
 */
#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "term.h"
#include "tui.h"

const char	*folio;
char		 tmpdir[256];
static int	 passed, failed;
const char	*case_name;
int		 case_failed;
int		 case_skipped;
static int	 skipped;

static char	 state_env[600];	/* XDG_STATE_HOME of the case */
static char	 config_env[600];	/* XDG_CONFIG_HOME of the case */
static const char *const env_base[] = { "NO_COLOR=", "BROWSER=",
    "XDG_CACHE_HOME=", "VISUAL=", "EDITOR=", state_env, config_env, NULL };

struct term *
run(const char *const *args, int rows, int cols, const char *const *env)
{
	const char	*argv[16];
	const char	*e[16];
	int		 n = 0, k = 0, i;

	argv[n++] = folio;
	for (i = 0; args[i] != NULL && n < 15; i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	for (i = 0; env_base[i] != NULL; i++)
		e[k++] = env_base[i];
	for (i = 0; env != NULL && env[i] != NULL && k < 15; i++)
		e[k++] = env[i];
	e[k] = NULL;
	return term_spawn(argv, rows, cols, e);
}

void
write_file(const char *name, const char *data, size_t len)
{
	char	 path[512];
	FILE	*fp;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	fp = fopen(path, "wb");
	if (fp != NULL) {
		fwrite(data, 1, len, fp);
		fclose(fp);
	}
}

char *
tmp_path(const char *name)
{
	static char	 path[4][512];
	static int	 k;

	k = (k + 1) % 4;
	snprintf(path[k], sizeof(path[k]), "%s/%s", tmpdir, name);
	return path[k];
}

int
quit_ok(struct term *t)
{
	term_type(t, "q");
	return term_wait_exit(t, WAIT);
}

/* Whether the first row of the body (below the title row) shows
 * "needle". */
static int
body_top_has(struct term *t, const char *needle)
{
	char	 line[1024];

	term_row(t, 1, line, sizeof(line));
	return strstr(line, needle) != NULL;
}

/* Whether a row holding "needle" has a reverse-video cell in it (the
 * current item). */
static int
current_row_has(struct term *t, const char *needle)
{
	struct tcell	 c;
	int		 r = term_find(t, needle), col;

	/* Not the status line, which is all reversed. */
	if (r < 0 || r >= term_rows(t) - 2)
		return 0;
	for (col = 0; col < term_cols(t); col++) {
		term_cell(t, r, col, &c);
		if (c.reverse)
			return 1;
	}
	return 0;
}

/* ---- cases ------------------------------------------------------------- */

static void
t_startup_list(void)
{
	const char *a[] = { "-L", "data/library", NULL };
	struct term *t = run(a, 40, 120, NULL);

	/* Titles show, cut with "…" to fit beside the date, duration and
	 * kind columns. */
	CHECK(t, term_wait_text(t, "Inside a Modern", WAIT) == 0);
	CHECK(t, term_find(t, "16 documents") >= 0);
	CHECK(t, term_find(t, "? help") >= 0);
	CHECK(t, quit_ok(t) == 0);
	term_free(t);
}

static void
t_filter_and_open(void)
{
	const char *a[] = { "-L", "data/library", NULL };
	struct term *t = run(a, 40, 120, NULL);

	CHECK(t, term_wait_text(t, "16 documents", WAIT) == 0);
	term_type(t, "/");
	term_type(t, "kind:video fab");
	CHECK(t, term_wait_text(t, "filter: kind:video fab", WAIT) == 0);
	CHECK(t, term_wait_gone(t, "Tree-sitter", WAIT) == 0);
	term_key(t, VTERM_KEY_ENTER, VTERM_MOD_NONE);
	CHECK(t, term_wait_text(t, "(1/16)", WAIT) == 0);
	term_key(t, VTERM_KEY_ENTER, VTERM_MOD_NONE);
	CHECK(t, term_wait_text(t, "Welcome back. Today Mara", WAIT) == 0);
	CHECK(t, term_find(t, "transcripts/inside-a-modern-chip-fab.md") >= 0);
	/* A syntax error shows under the prompt and keeps the list. */
	term_key(t, VTERM_KEY_TAB, VTERM_MOD_SHIFT);
	term_type(t, "/");
	term_type(t, " (");
	CHECK(t, term_wait_text(t, "column", WAIT) == 0);
	/* Esc leaves the prompt, the filter as it was; then clears it. */
	term_key(t, VTERM_KEY_ESCAPE, VTERM_MOD_NONE);
	CHECK(t, term_wait_text(t, "filter: kind:video fab (1/16)", WAIT) == 0);
	term_key(t, VTERM_KEY_ESCAPE, VTERM_MOD_NONE);
	CHECK(t, term_wait_gone(t, "(1/16)", WAIT) == 0);
	CHECK(t, quit_ok(t) == 0);
	term_free(t);
}

/* How many documents of data/library "folio list QUERY" prints. */
static size_t
cli_count(const char *query)
{
	char	 cmd[1024], line[1024];
	FILE	*fp;
	size_t	 n = 0;

	snprintf(cmd, sizeof(cmd), "'%s' -L data/library list '%s'", folio,
	    query);
	if ((fp = popen(cmd, "r")) == NULL)
		return (size_t)-1;
	while (fgets(line, sizeof(line), fp) != NULL)
		n++;
	pclose(fp);
	return n;
}

/*
 * The filter remembers what each term matched from one keystroke to the
 * next: typed, taken back and typed on, it shows what the same query shows
 * on the command line, twice in a row.
 */
static void
t_filter_memo(void)
{
	const char *a[] = { "-L", "data/library", NULL };
	struct term *t = run(a, 40, 120, NULL);
	char	 want[128];
	int	 k, round;

	CHECK(t, term_wait_text(t, "16 documents", WAIT) == 0);
	for (round = 0; round < 2; round++) {
		term_type(t, "/");
		term_type(t, "tsmc yield");
		for (k = 0; k < 6; k++)
			term_key(t, VTERM_KEY_BACKSPACE, VTERM_MOD_NONE);
		term_type(t, " OR caf");
		term_key(t, VTERM_KEY_ENTER, VTERM_MOD_NONE);
		snprintf(want, sizeof(want), "filter: tsmc OR caf (%zu/16)",
		    cli_count("tsmc OR caf"));
		CHECK(t, term_wait_text(t, want, WAIT) == 0);
		/* Esc in the prompt keeps the filter; in the list it
		 * clears it. */
		term_type(t, "/");
		term_type(t, "zzz");
		term_key(t, VTERM_KEY_ESCAPE, VTERM_MOD_NONE);
		CHECK(t, term_wait_text(t, want, WAIT) == 0);
		term_key(t, VTERM_KEY_ESCAPE, VTERM_MOD_NONE);
		CHECK(t, term_wait_text(t, "16 documents", WAIT) == 0);
	}
	CHECK(t, cli_count("tsmc OR caf") > cli_count("tsmc"));
	CHECK(t, quit_ok(t) == 0);
	term_free(t);
}

static void
t_three_panes(void)
{
	const char *a[] = { "-L", "data/library", NULL };
	struct term *t = run(a, 60, 200, NULL);
	int r;

	CHECK(t, term_wait_text(t, "path: notes/", WAIT) == 0);
	/* List, body and metadata side by side on one row. */
	r = term_find(t, "日本語メモ");
	CHECK(t, r >= 0);
	CHECK(t, term_find(t, "kind: note") >= 0);
	CHECK(t, term_find(t, "Front matter") >= 0);
	term_type(t, "j");
	CHECK(t, term_wait_text(t, "Tree-sitter", WAIT) == 0);
	CHECK(t, term_wait_text(t, "path: notes/Tree-sitter.md", WAIT) == 0);
	CHECK(t, quit_ok(t) == 0);
	term_free(t);
}

static void
t_help(void)
{
	const char *a[] = { "-L", "data/library", NULL };
	struct term *t = run(a, 40, 120, NULL);

	CHECK(t, term_wait_text(t, "16 documents", WAIT) == 0);
	term_type(t, "?");
	CHECK(t, term_wait_text(t, "timestamp-next", WAIT) == 0);
	CHECK(t, term_find(t, "Make the next timestamp current") >= 0);
	term_type(t, "q");
	CHECK(t, term_wait_gone(t, "timestamp-next", WAIT) == 0);
	CHECK(t, quit_ok(t) == 0);
	term_free(t);
}

static void
t_resize_storm(void)
{
	static const int sz[][2] = { { 24, 80 }, { 10, 30 }, { 2, 2 },
	    { 1, 1 }, { 3, 10 }, { 60, 200 }, { 5, 5 }, { 2, 40 },
	    { 40, 120 } };
	const char *a[] = { "-L", "data/library", NULL };
	struct term *t = run(a, 40, 120, NULL);
	size_t i;
	int k;

	CHECK(t, term_wait_text(t, "16 documents", WAIT) == 0);
	term_type(t, "jj");
	term_key(t, VTERM_KEY_ENTER, VTERM_MOD_NONE);
	for (k = 0; k < 3; k++)
		for (i = 0; i < sizeof(sz) / sizeof(sz[0]); i++)
			term_resize(t, sz[i][0], sz[i][1]);
	CHECK(t, term_wait_text(t, "Incremental Parsing", WAIT) == 0);
	CHECK(t, quit_ok(t) == 0);
	term_free(t);
}

static void
t_resize_keeps_position(void)
{
	const char *a[] = { "data/library/transcripts/inside-a-modern-chip-fab.md",
	    NULL };
	struct term *t = run(a, 20, 100, NULL);
	char line[512];
	int r;

	CHECK(t, term_wait_text(t, "Welcome back", WAIT) == 0);
	/* Scroll to the third paragraph, then narrow the screen (row 0 is
	 * the pane titles). */
	term_type(t, "}");
	term_type(t, "jjjjjjjjjjjjjjjjjjjj");
	CHECK(t, term_wait_gone(t, "Welcome back", WAIT) == 0);
	/* The source line at the top stays at the top through resizes. */
	term_row(t, 1, line, sizeof(line));
	CHECK(t, strstr(line, "The second stop") != NULL);
	term_resize(t, 20, 70);
	term_row(t, 1, line, sizeof(line));
	CHECK(t, strstr(line, "The second stop") != NULL);
	term_resize(t, 30, 120);
	term_row(t, 1, line, sizeof(line));
	CHECK(t, strstr(line, "The second stop") != NULL);
	r = term_find(t, "inside-a-modern-chip-fab.md  ");
	CHECK(t, r == 28);
	term_resize(t, 20, 100);
	term_row(t, 1, line, sizeof(line));
	CHECK(t, strstr(line, "The second stop") != NULL);
	CHECK(t, term_find(t, "inside-a-modern-chip-fab.md  ") == 18);
	CHECK(t, quit_ok(t) == 0);
	term_free(t);
}

static void
t_file_argument(void)
{
	const char *a[] = { "data/library/notes/markdown-tour.md", NULL };
	struct term *t = run(a, 30, 100, NULL);

	CHECK(t, term_wait_text(t, "A Tour of Markdown in folio", WAIT) == 0);
	/* The file's folder is the library: the path is relative to it. */
	CHECK(t, term_find(t, " markdown-tour.md  ") >= 0);
	CHECK(t, term_find(t, "☐ Write the notes") >= 0);
	/* Focus is in the body: the hint bar shows body keys. */
	CHECK(t, term_find(t, "next moment") >= 0);
	CHECK(t, quit_ok(t) == 0);
	term_free(t);
}

static void
t_long_document(void)
{
	char *buf = malloc(200000), *p = buf;
	int i;
	struct term *t;

	for (i = 1; i <= 3000; i++)
		p += sprintf(p, "line number %d of the long document\n\n", i);
	write_file("long.md", buf, (size_t)(p - buf));
	free(buf);
	{
		const char *a[] = { tmp_path("long.md"), NULL };

		t = run(a, 24, 80, NULL);
	}
	CHECK(t, term_wait_text(t, "line number 1 of", WAIT) == 0);
	term_type(t, "G");
	CHECK(t, term_wait_text(t, "line number 3000 of", WAIT) == 0);
	CHECK(t, term_find(t, "line number 1 of") < 0);
	term_type(t, "g");
	CHECK(t, term_wait_text(t, "line number 1 of", WAIT) == 0);
	term_key(t, VTERM_KEY_PAGEDOWN, VTERM_MOD_NONE);
	CHECK(t, term_wait_gone(t, "line number 1 of", WAIT) == 0);
	/* Search as you type, then n. */
	term_type(t, "/");
	term_type(t, "NUMBER 2999");
	CHECK(t, term_wait_text(t, "not found", WAIT) == 0);
	term_key(t, VTERM_KEY_ESCAPE, VTERM_MOD_NONE);
	term_type(t, "/");
	term_type(t, "number 2999 ");
	term_key(t, VTERM_KEY_ENTER, VTERM_MOD_NONE);
	CHECK(t, term_wait_text(t, "line number 2999 of", WAIT) == 0);
	/* The first q leaves the search, the second quits. */
	term_type(t, "q");
	CHECK(t, quit_ok(t) == 0);
	term_free(t);
}

static void
t_huge_line(void)
{
	size_t n = 2u << 20, i;
	char *buf = malloc(n + 16);
	struct term *t;

	for (i = 0; i < n; i++)
		buf[i] = (i % 7 == 6) ? ' ' : (char)('a' + i % 26);
	memcpy(buf + n, "\nTHE END\n", 9);
	write_file("huge.md", buf, n + 9);
	free(buf);
	{
		const char *a[] = { tmp_path("huge.md"), NULL };

		t = run(a, 24, 80, NULL);
	}
	CHECK(t, term_wait_text(t, "abcdef", WAIT) == 0);
	term_type(t, "G");
	CHECK(t, term_wait_text(t, "THE END", WAIT) == 0);
	term_type(t, "g");
	CHECK(t, term_wait_gone(t, "THE END", WAIT) == 0);
	CHECK(t, quit_ok(t) == 0);
	term_free(t);
}

static void
t_escapes(void)
{
	static const char doc[] = "# Title \033]2;PWNED\007 here\n\n"
	    "Red \033[41mRED\033[0m text and \033]0;PWNED2\033\\ more.\n"
	    "C1 \302\233 bidi \342\200\256x.\n";
	struct term *t;

	write_file("esc.md", doc, sizeof(doc) - 1);
	{
		const char *a[] = { tmp_path("esc.md"), NULL };

		t = run(a, 24, 80, NULL);
	}
	CHECK(t, term_wait_text(t, "^[]2;PWNED^G", WAIT) == 0);
	CHECK(t, term_find(t, "^[[41mRED^[[0m") >= 0);
	CHECK(t, strstr(term_title(t), "PWNED") == NULL);
	CHECK(t, quit_ok(t) == 0);
	term_free(t);
}

static void
t_narrow(void)
{
	const char *a[] = { "-L", "data/library", NULL };
	struct term *t = run(a, 20, 60, NULL);

	CHECK(t, term_wait_text(t, "Tree-sitter", WAIT) == 0);
	/* One pane: no separator column. */
	CHECK(t, term_find(t, "│") < 0);
	term_key(t, VTERM_KEY_TAB, VTERM_MOD_NONE);
	CHECK(t, term_wait_gone(t, "Incremental Parsing", WAIT) == 0);
	CHECK(t, term_wait_text(t, "next moment", WAIT) == 0);
	term_key(t, VTERM_KEY_TAB, VTERM_MOD_NONE);
	CHECK(t, term_wait_text(t, "path: notes/", WAIT) == 0);
	CHECK(t, quit_ok(t) == 0);
	term_free(t);
}

static void
t_timestamps(void)
{
	const char *a[] = { "data/library/transcripts/compilers-weekly-42.md",
	    NULL };
	struct term *t = run(a, 30, 100, NULL);
	struct tcell c;
	int r, col;

	CHECK(t, term_wait_text(t, "Ada Park introduces", WAIT) == 0);
	term_type(t, "t");
	CHECK(t, term_wait_text(t, "0:12 / 1:05:12", WAIT) == 0);
	term_type(t, "t");
	CHECK(t, term_wait_text(t, "3:40 / 1:05:12", WAIT) == 0);
	/* The current timestamp is drawn in reverse video. */
	r = term_find(t, "[00:03:40]");
	CHECK(t, r >= 0);
	col = r >= 0 ? term_find_col(t, r, "00:03:40") : -1;
	CHECK(t, col >= 0);
	if (col >= 0) {
		term_cell(t, r, col, &c);
		CHECK(t, c.reverse);
	}
	term_type(t, "T");
	CHECK(t, term_wait_text(t, "0:12 / 1:05:12", WAIT) == 0);
	CHECK(t, quit_ok(t) == 0);
	term_free(t);
}

static void
t_open_url(void)
{
	static const char rec[] = "#!/bin/sh\nfor a in \"$@\"; do "
	    "printf '%s\\n' \"$a\"; done > \"$0.out\"\n";
	char env[600], out[600], got[1024] = "";
	struct term *t;
	FILE *fp;
	int i;

	write_file("rec.sh", rec, sizeof(rec) - 1);
	chmod(tmp_path("rec.sh"), 0755);
	snprintf(env, sizeof(env), "BROWSER=%s", tmp_path("rec.sh"));
	snprintf(out, sizeof(out), "%s.out", tmp_path("rec.sh"));
	{
		const char *a[] = {
		    "data/library/summaries/compilers-weekly-42-summary.md",
		    NULL };
		const char *e[] = { env, NULL };

		t = run(a, 30, 120, e);
	}
	CHECK(t, term_wait_text(t, "Introductions", WAIT) == 0);
	term_type(t, "tt");
	CHECK(t, term_wait_text(t, "4:05", WAIT) == 0);
	term_type(t, "o");
	CHECK(t, term_wait_text(t, "opened https://", WAIT) == 0);
	for (i = 0; i < 500 && access(out, F_OK) != 0; i++)
		usleep(10000);
	if ((fp = fopen(out, "r")) != NULL) {
		size_t n = fread(got, 1, sizeof(got) - 1, fp);

		got[n] = '\0';
		fclose(fp);
	}
	CHECK(t, strcmp(got, "https://www.youtube.com/watch?v=Hn3Kd8Ws1Zq"
	    "&t=245s\n") == 0);
	CHECK(t, quit_ok(t) == 0);
	term_free(t);
}

static void
t_follow_and_back(void)
{
	const char *a[] = { "data/library/notes/Incremental Parsing.md", NULL };
	struct term *t = run(a, 30, 100, NULL);

	CHECK(t, term_wait_text(t, "Reuse unchanged subtrees", WAIT) == 0);
	term_type(t, "]]");
	CHECK(t, term_wait_text(t, "[[parsing notes]]", WAIT) == 0);
	term_key(t, VTERM_KEY_ENTER, VTERM_MOD_NONE);
	CHECK(t, term_wait_text(t, " Parsing Notes.md  ", WAIT) == 0);
	CHECK(t, term_find(t, "Recursive descent") >= 0);
	term_type(t, "H");
	CHECK(t, term_wait_text(t, " Incremental Parsing.md  ", WAIT) == 0);
	term_type(t, "L");
	CHECK(t, term_wait_text(t, " Parsing Notes.md  ", WAIT) == 0);
	CHECK(t, quit_ok(t) == 0);
	term_free(t);
}

/* The jump history is kept across runs: follow, quit, start again, go
 * back and forward. */
static void
t_history_restart(void)
{
	const char *a[] = { "data/library/notes/Incremental Parsing.md", NULL };
	const char *b[] = { "-L", "data/library", NULL };
	struct term *t = run(a, 30, 100, NULL);

	CHECK(t, term_wait_text(t, "Reuse unchanged subtrees", WAIT) == 0);
	term_type(t, "]]");
	CHECK(t, term_wait_text(t, "[[parsing notes]]", WAIT) == 0);
	term_key(t, VTERM_KEY_ENTER, VTERM_MOD_NONE);
	CHECK(t, term_wait_text(t, " Parsing Notes.md  ", WAIT) == 0);
	CHECK(t, quit_ok(t) == 0);
	term_free(t);

	/* no file argument: the last document, and its history */
	t = run(b, 30, 100, NULL);
	CHECK(t, term_wait_text(t, "notes/Parsing Notes.md  ", WAIT) == 0);
	term_type(t, "H");
	CHECK(t, term_wait_text(t, "notes/Incremental Parsing.md  ", WAIT) == 0);
	term_type(t, "L");
	CHECK(t, term_wait_text(t, "notes/Parsing Notes.md  ", WAIT) == 0);
	CHECK(t, quit_ok(t) == 0);
	term_free(t);
}

static void
t_mouse(void)
{
	const char *a[] = { "-L", "data/library", NULL };
	struct term *t = run(a, 40, 120, NULL);
	int r;

	CHECK(t, term_wait_text(t, "16 documents", WAIT) == 0);
	r = term_find(t, "Parsing Notes");
	CHECK(t, r >= 0);
	term_click(t, r, 15);
	term_click(t, r, 15);
	CHECK(t, term_wait_text(t, "notes/Parsing Notes.md", WAIT) == 0);
	CHECK(t, quit_ok(t) == 0);
	term_free(t);
}

static void
t_no_terminal(void)
{
	char cmd[1024];
	int rc;

	/* Without a terminal the reader refuses politely. */
	snprintf(cmd, sizeof(cmd), "%s -L data/library </dev/null "
	    ">/dev/null 2>&1", folio);
	rc = system(cmd);
	CHECK((struct term *)NULL, WIFEXITED(rc) && WEXITSTATUS(rc) == 2);
}

/* Find the row holding "text" drawn in reverse video (a selection). */
static int
selected_row(struct term *t, const char *text)
{
	struct tcell	 c;
	int		 r = term_find(t, text), col;

	if (r < 0 || (col = term_find_col(t, r, text)) < 0)
		return 0;
	term_cell(t, r, col, &c);
	return c.reverse;
}

static void
t_chapters(void)
{
	const char *a[] = { "data/library/transcripts/compilers-weekly-42.md",
	    NULL };
	struct term *t = run(a, 30, 120, NULL);

	CHECK(t, term_wait_text(t, "Ada Park introduces", WAIT) == 0);
	/* The timeline sits in the status line. */
	CHECK(t, term_find(t, "┼") == 28);
	term_type(t, "c");
	CHECK(t, term_wait_text(t, "Chapters: Compilers Weekly #42", WAIT) == 0);
	CHECK(t, term_find(t, "Error recovery. A good parser") >= 0);
	CHECK(t, term_find(t, "1:02:50") >= 0);
	term_type(t, "jjjj");
	CHECK(t, term_wait_text(t, "<Enter> go", WAIT) == 0);
	term_key(t, VTERM_KEY_ENTER, VTERM_MOD_NONE);
	CHECK(t, term_wait_text(t, "12:34 / 1:05:12", WAIT) == 0);
	CHECK(t, term_find(t, "Chapters:") < 0);
	/* Back returns to where the chapter jump came from. */
	term_type(t, "H");
	CHECK(t, term_wait_text(t, "Ada Park introduces", WAIT) == 0);
	CHECK(t, quit_ok(t) == 0);
	term_free(t);
}

static void
t_same_video(void)
{
	const char *a[] = { "-L", "data/library",
	    "data/library/transcripts/compilers-weekly-42.md", NULL };
	struct term *t = run(a, 30, 120, NULL);

	CHECK(t, term_wait_text(t, "Ada Park introduces", WAIT) == 0);
	term_type(t, "tttt");
	CHECK(t, term_wait_text(t, "12:34 / 1:05:12", WAIT) == 0);
	term_type(t, "a");
	CHECK(t, term_wait_text(t, "Video Hn3Kd8Ws1Zq at 12:34 in:", WAIT) == 0);
	CHECK(t, term_find(t, "Summary: Compilers Weekly #42") >= 0);
	while (!selected_row(t, "Summary: Compilers Weekly #42") &&
	    term_find(t, "Video Hn3Kd8Ws1Zq") >= 0 && !case_failed) {
		term_type(t, "j");
		CHECK(t, term_find(t, "Summary: Compilers") >= 0);
	}
	term_key(t, VTERM_KEY_ENTER, VTERM_MOD_NONE);
	/* The summary table's row of that moment is current. */
	CHECK(t, term_wait_text(t, "summaries/compilers-weekly-42-summary.md"
	    "  ", WAIT) == 0);
	CHECK(t, current_row_has(t, "12:34"));
	/* And back to the transcript at the same place. */
	term_type(t, "H");
	CHECK(t, term_wait_text(t, "transcripts/compilers-weekly-42.md",
	    WAIT) == 0);
	CHECK(t, quit_ok(t) == 0);
	term_free(t);
}

static void
t_hints(void)
{
	const char *a[] = { "data/library/notes/Incremental Parsing.md", NULL };
	struct term *t = run(a, 30, 100, NULL);
	struct tcell c;
	int r, col;

	CHECK(t, term_wait_text(t, "Reuse unchanged subtrees", WAIT) == 0);
	term_type(t, "f");
	CHECK(t, term_wait_text(t, "hint: ", WAIT) == 0);
	/* The second link carries the label "s", drawn over it. */
	r = term_find(t, "Back to");
	CHECK(t, r >= 0);
	col = r >= 0 ? term_find_col(t, r, "Back to ") : -1;
	CHECK(t, col >= 0);
	if (col >= 0) {
		term_cell(t, r, col + 8, &c);
		CHECK(t, c.reverse && strcmp(c.text, "s") == 0);
	}
	term_type(t, "s");
	CHECK(t, term_wait_text(t, " Parsing Notes.md  ", WAIT) == 0);
	CHECK(t, term_find(t, "Recursive descent") >= 0);
	/* A label that does not exist says so. */
	term_type(t, "f");
	CHECK(t, term_wait_text(t, "hint: ", WAIT) == 0);
	term_type(t, "8");
	CHECK(t, term_wait_text(t, "no hint 8", WAIT) == 0);
	CHECK(t, quit_ok(t) == 0);
	term_free(t);
}

static void
t_fulltext(void)
{
	char env[600];
	const char *a[] = { "-L", "data/library", NULL };
	const char *e[] = { env, NULL };
	struct term *t;

	snprintf(env, sizeof(env), "XDG_CACHE_HOME=%s", tmp_path("cache"));
	t = run(a, 30, 120, e);
	CHECK(t, term_wait_text(t, "16 documents", WAIT) == 0);
	term_type(t, "F");
	CHECK(t, term_wait_text(t, "search library: ", WAIT) == 0);
	term_type(t, "lezer");
	term_key(t, VTERM_KEY_ENTER, VTERM_MOD_NONE);
	CHECK(t, term_wait_text(t, "Search: lezer", WAIT) == 0);
	CHECK(t, term_find(t, "Compilers Weekly #42") >= 0);
	term_key(t, VTERM_KEY_ENTER, VTERM_MOD_NONE);
	CHECK(t, term_wait_gone(t, "Search: lezer", WAIT) == 0);
	CHECK(t, term_wait_text(t, "Lezer", WAIT) == 0);
	/* A second search uses the fresh index at once. */
	term_type(t, "F");
	term_type(t, "nothing-matches-this-zzz");
	term_key(t, VTERM_KEY_ENTER, VTERM_MOD_NONE);
	CHECK(t, term_wait_text(t, "not found: nothing-matches", WAIT) == 0);
	/* The first q leaves the search the hit left, the second quits. */
	term_type(t, "q");
	CHECK(t, quit_ok(t) == 0);
	term_free(t);
}

static void
t_copy_url(void)
{
	const char *a[] = { "data/library/transcripts/compilers-weekly-42.md",
	    NULL };
	struct term *t = run(a, 30, 120, NULL);

	CHECK(t, term_wait_text(t, "Ada Park introduces", WAIT) == 0);
	term_type(t, "t");
	CHECK(t, term_wait_text(t, "0:12 / 1:05:12", WAIT) == 0);
	term_type(t, "y");
	CHECK(t, term_wait_text(t, "copied https://www.youtube.com/watch?v="
	    "Hn3Kd8Ws1Zq&t=12s", WAIT) == 0);
	CHECK(t, strcmp(term_osc(t), "52;c;aHR0cHM6Ly93d3cueW91dHViZS5jb20v"
	    "d2F0Y2g/dj1IbjNLZDhXczFacSZ0PTEycw==") == 0);
	/* No player configured: a clear message, nothing run. */
	term_type(t, "p");
	CHECK(t, term_wait_text(t, "no player", WAIT) == 0);
	CHECK(t, quit_ok(t) == 0);
	term_free(t);
}

static void
t_meta_pivot(void)
{
	const char *a[] = { "-L", "data/library",
	    "data/library/transcripts/inside-a-modern-chip-fab.md", NULL };
	struct term *t = run(a, 60, 200, NULL);
	int i;

	CHECK(t, term_wait_text(t, "Welcome back", WAIT) == 0);
	CHECK(t, term_wait_text(t, "Same video", WAIT) == 0);
	term_key(t, VTERM_KEY_TAB, VTERM_MOD_NONE);
	for (i = 0; i < 60 && !selected_row(t, "TSMC ("); i++)
		term_type(t, "j");
	CHECK(t, selected_row(t, "TSMC ("));
	term_key(t, VTERM_KEY_ENTER, VTERM_MOD_NONE);
	CHECK(t, term_wait_text(t, "filter: entity:\"TSMC\"", WAIT) == 0);
	CHECK(t, term_find(t, "Tree-sitter") < 0);
	/* q leaves the filter first. */
	term_type(t, "q");
	CHECK(t, term_wait_text(t, "Tree-sitter", WAIT) == 0);
	CHECK(t, quit_ok(t) == 0);
	term_free(t);
}

static void
t_entity_walk(void)
{
	const char *a[] = { "-L", "data/library",
	    "data/library/transcripts/inside-a-modern-chip-fab.md", NULL };
	struct term *t = run(a, 60, 200, NULL);
	int i;

	CHECK(t, term_wait_text(t, "Welcome back", WAIT) == 0);
	/* All entities: the first mention in the text is Mara Lindqvist. */
	term_type(t, "e");
	CHECK(t, term_wait_text(t, "Mara Lindqvist (people)", WAIT) == 0);
	term_type(t, "g");
	/* With Intel selected in the metadata pane, e walks Intel only. */
	term_key(t, VTERM_KEY_TAB, VTERM_MOD_NONE);
	for (i = 0; i < 60 && !selected_row(t, "Intel ("); i++)
		term_type(t, "j");
	CHECK(t, selected_row(t, "Intel ("));
	term_key(t, VTERM_KEY_TAB, VTERM_MOD_SHIFT);
	term_type(t, "e");
	CHECK(t, term_wait_text(t, "Intel (companies)", WAIT) == 0);
	term_type(t, "e");
	CHECK(t, term_wait_text(t, "Intel (companies)", WAIT) == 0);
	term_type(t, "e");
	CHECK(t, term_wait_text(t, "no more entities", WAIT) == 0);
	CHECK(t, quit_ok(t) == 0);
	term_free(t);
}

static void
t_backlinks(void)
{
	const char *a[] = { "-L", "data/library",
	    "data/library/notes/Parsing Notes.md", NULL };
	struct term *t = run(a, 60, 200, NULL);
	int i;

	CHECK(t, term_wait_text(t, "Backlinks", WAIT) == 0);
	CHECK(t, term_find(t, "Incremental Parsing:8") >= 0);
	CHECK(t, term_find(t, "Back to [[parsing notes]]") >= 0);
	term_key(t, VTERM_KEY_TAB, VTERM_MOD_NONE);
	for (i = 0; i < 60 && !selected_row(t, "Incremental Parsing:8"); i++)
		term_type(t, "j");
	term_key(t, VTERM_KEY_ENTER, VTERM_MOD_NONE);
	CHECK(t, term_wait_text(t, "notes/Incremental Parsing.md  ", WAIT)
	    == 0);
	/* At the linking line (line 8), at the top of the body. */
	CHECK(t, body_top_has(t, "Back to parsing notes"));
	CHECK(t, quit_ok(t) == 0);
	term_free(t);
}

/* Unlinked mentions: listed once the full-text index is fresh; Enter
 * opens the mentioning document at that line. */
static void
t_unlinked(void)
{
	char env[600];
	const char *a[] = { "-L", "data/library",
	    "data/library/notes/Tree-sitter.md", NULL };
	const char *e[] = { env, NULL };
	struct term *t;
	int i;

	snprintf(env, sizeof(env), "XDG_CACHE_HOME=%s", tmp_path("cache-u"));
	t = run(a, 60, 200, e);
	CHECK(t, term_wait_text(t, "Backlinks", WAIT) == 0);
	CHECK(t, term_find(t, "Unlinked mentions") < 0);
	term_type(t, "F");
	CHECK(t, term_wait_text(t, "search library: ", WAIT) == 0);
	term_type(t, "subtrees");
	term_key(t, VTERM_KEY_ENTER, VTERM_MOD_NONE);
	CHECK(t, term_wait_text(t, "Search: subtrees", WAIT) == 0);
	term_key(t, VTERM_KEY_ESCAPE, VTERM_MOD_NONE);
	CHECK(t, term_wait_text(t, "Unlinked mentions", WAIT) == 0);
	CHECK(t, term_find(t, "ice:32") >= 0);	/* wrapped */
	CHECK(t, term_find(t, "explains Tree-sitter's approach") >= 0);
	/* the line linking to it is a backlink, not an unlinked mention */
	CHECK(t, term_find(t, "for editors") >= 0);
	term_key(t, VTERM_KEY_TAB, VTERM_MOD_NONE);
	for (i = 0; i < 80 && !selected_row(t, "ice:32"); i++)
		term_type(t, "j");
	term_key(t, VTERM_KEY_ENTER, VTERM_MOD_NONE);
	CHECK(t, term_wait_text(t, "transcripts/compilers-weekly-42.md  ",
	    WAIT) == 0);
	/* At the mentioning line (line 32), at the top of the body. */
	CHECK(t, body_top_has(t, "explains Tree-sitter"));
	CHECK(t, quit_ok(t) == 0);
	term_free(t);
}

/* A document of several megabytes opens at once with its start, reads
 * the rest behind the reader and keeps the place when it swaps in. */
static void
t_two_step(void)
{
	char		 line[128], path[600];
	FILE		*fp;
	struct term	*t;
	int		 i;

	/* in a folder of its own: the library is its folder */
	mkdir(tmp_path("huge"), 0755);
	snprintf(path, sizeof(path), "%s", tmp_path("huge/huge.md"));
	if ((fp = fopen(path, "w")) == NULL) {
		CHECK(NULL, !"huge.md written");
		return;
	}
	fputs("# Huge\n\n", fp);
	for (i = 1; i <= 60000; i++) {
		snprintf(line, sizeof(line), "Paragraph %06d of the huge "
		    "document, with words enough to make it long.\n\n", i);
		fputs(line, fp);
	}
	fputs("The very last paragraph.\n", fp);
	fclose(fp);
	/* at the top, the heading stays on the first row (its rule on the
	 * second) when the whole is swapped in */
	{
		const char *a[] = { path, NULL };

		t = run(a, 24, 100, NULL);
	}
	CHECK(t, term_wait_text(t, "Paragraph 000001", WAIT) == 0);
	CHECK(t, term_wait_gone(t, "reading…", WAIT) == 0);
	CHECK(t, term_find(t, "════") == 2);
	CHECK(t, quit_ok(t) == 0);
	term_free(t);
	{
		const char *a[] = { path, NULL };

		t = run(a, 24, 100, NULL);
	}
	CHECK(t, term_wait_text(t, "Paragraph 000001", WAIT) == 0);
	term_type(t, "d");
	CHECK(t, term_wait_gone(t, "reading…", WAIT) == 0);
	/* the place is kept across the swap */
	CHECK(t, term_find(t, "Paragraph 000001") < 0);
	CHECK(t, term_find(t, "Paragraph 000006") >= 0);
	term_type(t, "G");
	CHECK(t, term_wait_text(t, "The very last paragraph.", WAIT) == 0);
	CHECK(t, term_find(t, "  END") >= 0);
	CHECK(t, quit_ok(t) == 0);
	term_free(t);
}

/*
 * A library with much to read: the first frame comes before the scan
 * ends; a filter typed meanwhile applies to the whole library once the
 * scan is swapped in.
 */
static void
t_scan_swap(void)
{
	char		 path[600], *buf;
	size_t		 n = 2u << 20, i;
	int		 k;
	struct term	*t;

	mkdir(tmp_path("slow"), 0755);
	buf = malloc(n + 64);
	for (k = 1; k <= 3; k++) {
		snprintf(buf, 64, "# Big Part %d\n\n", k);
		for (i = strlen(buf); i < n; i++)
			buf[i] = (i % 60 == 59) ? '\n' : (i % 7 == 6) ? ' ' :
			    (char)('a' + i % 26);
		snprintf(path, sizeof(path), "slow/part%d.md", k);
		write_file(path, buf, n);
	}
	free(buf);
	write_file("slow/note.md", "# Small Note\n\nshort\n", 20);
	{
		const char *a[] = { "-L", tmp_path("slow"), NULL };

		t = run(a, 24, 100, NULL);
	}
	CHECK(t, term_wait_text(t, "4 documents", WAIT) == 0);
	term_type(t, "/");
	term_type(t, "small");
	CHECK(t, term_wait_text(t, "Small Note", WAIT) == 0);
	CHECK(t, term_wait_gone(t, "scanning", WAIT) == 0);
	term_key(t, VTERM_KEY_ENTER, VTERM_MOD_NONE);
	CHECK(t, term_wait_text(t, "(1/4)", WAIT) == 0);
	CHECK(t, term_find(t, "Big Part") < 0);
	/* the first q clears the filter, the second quits */
	term_type(t, "q");
	CHECK(t, term_wait_text(t, "Big Part", WAIT) == 0);
	CHECK(t, quit_ok(t) == 0);
	term_free(t);
}

static void
t_create_note(void)
{
	static const char note[] = "# Start\n\nSee [[Brand New]] soon.\n";
	char path[600], got[256] = "";
	struct term *t;
	FILE *fp;

	mkdir(tmp_path("vault"), 0755);
	write_file("vault/Start.md", note, sizeof(note) - 1);
	{
		const char *a[] = { tmp_path("vault/Start.md"), NULL };

		t = run(a, 24, 100, NULL);
	}
	CHECK(t, term_wait_text(t, "See Brand New soon", WAIT) == 0);
	term_type(t, "]");
	term_key(t, VTERM_KEY_ENTER, VTERM_MOD_NONE);
	CHECK(t, term_wait_text(t, "Enter again creates it", WAIT) == 0);
	term_key(t, VTERM_KEY_ENTER, VTERM_MOD_NONE);
	CHECK(t, term_wait_text(t, "created Brand New.md", WAIT) == 0);
	CHECK(t, term_wait_text(t, " Brand New.md  ", WAIT) == 0);
	snprintf(path, sizeof(path), "%s", tmp_path("vault/Brand New.md"));
	if ((fp = fopen(path, "r")) != NULL) {
		got[fread(got, 1, sizeof(got) - 1, fp)] = '\0';
		fclose(fp);
	}
	CHECK(t, strcmp(got, "# Brand New\n\n") == 0);
	/* Back in the first note the link now resolves. */
	term_type(t, "H");
	CHECK(t, term_wait_text(t, " Start.md  ", WAIT) == 0);
	term_type(t, "]");
	term_key(t, VTERM_KEY_ENTER, VTERM_MOD_NONE);
	CHECK(t, term_wait_text(t, " Brand New.md  ", WAIT) == 0);
	CHECK(t, quit_ok(t) == 0);
	term_free(t);
}

/* The status line's position ("42%" or "END", after the path), copied
 * into "out" ("" if none). */
static void
status_pos(struct term *t, char *out, size_t cap)
{
	char	 line[1024], *p, *e;
	int	 r;

	out[0] = '\0';
	/* The status line is the second to last row. */
	for (r = term_rows(t) - 2; r >= 0 && r < term_rows(t); r++) {
		term_row(t, r, line, sizeof(line));
		if ((p = strstr(line + 1, "  ")) != NULL &&
		    (e = strchr(p + 2, ' ')) != NULL && (e[-1] == '%' ||
		    strncmp(p + 2, "END", 3) == 0)) {
			snprintf(out, cap, "%.*s", (int)(e - p - 2), p + 2);
			return;
		}
	}
}

static void
t_resume(void)
{
	const char *a[] = { "-L", "data/library", NULL };
	char pos1[64], pos2[64];
	struct term *t = run(a, 30, 120, NULL);

	CHECK(t, term_wait_text(t, "16 documents", WAIT) == 0);
	term_type(t, "/");
	term_type(t, "kind:video");
	term_key(t, VTERM_KEY_ENTER, VTERM_MOD_NONE);
	term_type(t, ":");
	term_type(t, "open transcripts/compilers-weekly-42.md");
	term_key(t, VTERM_KEY_ENTER, VTERM_MOD_NONE);
	CHECK(t, term_wait_text(t, "Ada Park introduces", WAIT) == 0);
	status_pos(t, pos2, sizeof(pos2));
	term_type(t, "jjjjjjjjjjjj");
	term_settle(t);
	status_pos(t, pos1, sizeof(pos1));
	CHECK(t, pos1[0] != '\0' && strcmp(pos1, pos2) != 0);
	CHECK(t, quit_ok(t) == 0);
	term_free(t);

	/* Started again without a file: the same document, place, filter. */
	t = run(a, 30, 120, NULL);
	CHECK(t, term_wait_text(t, "compilers-weekly-42.md  ", WAIT) == 0);
	status_pos(t, pos2, sizeof(pos2));
	CHECK(t, strcmp(pos1, pos2) == 0);
	CHECK(t, term_find(t, "filter: kind:video") >= 0);
	CHECK(t, quit_ok(t) == 0);
	term_free(t);
}

static void
t_marks(void)
{
	const char *a[] = { "data/library/transcripts/inside-a-modern-chip-fab.md",
	    NULL };
	char pos1[64], pos2[64];
	struct term *t = run(a, 24, 100, NULL);

	CHECK(t, term_wait_text(t, "Welcome back", WAIT) == 0);
	term_type(t, "}jjjjjjjj");
	status_pos(t, pos1, sizeof(pos1));
	term_type(t, "mq");
	CHECK(t, term_wait_text(t, "mark q set", WAIT) == 0);
	CHECK(t, quit_ok(t) == 0);
	term_free(t);

	t = run(a, 24, 100, NULL);
	CHECK(t, term_wait_text(t, "inside-a-modern-chip-fab.md  ", WAIT) == 0);
	term_type(t, "g");
	CHECK(t, term_wait_text(t, "Welcome back", WAIT) == 0);
	term_type(t, "'q");
	CHECK(t, term_wait_gone(t, "Welcome back", WAIT) == 0);
	status_pos(t, pos2, sizeof(pos2));
	CHECK(t, pos1[0] != '\0' && strcmp(pos1, pos2) == 0);
	/* '' returns to where the jump came from. */
	term_type(t, "''");
	CHECK(t, term_wait_text(t, "Welcome back", WAIT) == 0);
	term_type(t, "'z");
	CHECK(t, term_wait_text(t, "mark z is not set", WAIT) == 0);
	CHECK(t, quit_ok(t) == 0);
	term_free(t);
}

static void
t_kill9(void)
{
	const char *a[] = { "-L", "data/library", NULL };
	char pos1[64], pos2[64], path[600];
	struct term *t;
	int round;
	FILE *fp;

	for (round = 0; round < 3; round++) {
		t = run(a, 30, 120, NULL);
		CHECK(t, term_wait_text(t, "documents", WAIT) == 0);
		CHECK(t, term_find(t, "damaged") < 0);
		term_type(t, ":");
		term_type(t, "open notes/markdown-tour.md");
		term_key(t, VTERM_KEY_ENTER, VTERM_MOD_NONE);
		CHECK(t, term_wait_text(t, "A Tour of Markdown", WAIT) == 0);
		term_type(t, "jjjjjjjjjj");
		status_pos(t, pos1, sizeof(pos1));
		/* Switching documents saves the position at once. */
		term_type(t, ":");
		term_type(t, "open notes/Tree-sitter.md");
		term_key(t, VTERM_KEY_ENTER, VTERM_MOD_NONE);
		CHECK(t, term_wait_text(t, "Tree-sitter.md  ", WAIT) == 0);
		term_free(t);		/* SIGKILL */
	}
	t = run(a, 30, 120, NULL);
	CHECK(t, term_wait_text(t, "documents", WAIT) == 0);
	CHECK(t, term_find(t, "damaged") < 0);
	term_type(t, ":");
	term_type(t, "open notes/markdown-tour.md");
	term_key(t, VTERM_KEY_ENTER, VTERM_MOD_NONE);
	CHECK(t, term_wait_text(t, "markdown-tour.md  ", WAIT) == 0);
	CHECK(t, quit_ok(t) == 0);
	term_free(t);
	(void)pos2;

	/* A damaged state file is set aside and a fresh one started. */
	snprintf(path, sizeof(path), "%s/state-%s/folio/state.sqlite", tmpdir,
	    case_name);
	if ((fp = fopen(path, "w")) != NULL) {
		fputs("garbage, not a database; garbage, not a database; "
		    "garbage, not a database; garbage, not a database\n", fp);
		fclose(fp);
	}
	t = run(a, 30, 160, NULL);
	CHECK(t, term_wait_text(t, "state was damaged", WAIT) == 0);
	CHECK(t, quit_ok(t) == 0);
	term_free(t);
}

static void
write_config(const char *text)
{
	char	 dir[600], path[700];
	FILE	*fp;

	snprintf(dir, sizeof(dir), "%s/config-%s", tmpdir, case_name);
	mkdir(dir, 0755);
	snprintf(path, sizeof(path), "%s/folio", dir);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/folio/config.yaml", dir);
	if ((fp = fopen(path, "w")) != NULL) {
		fputs(text, fp);
		fclose(fp);
	}
}

static void
t_config_keys_theme(void)
{
	const char *a[] = { "data/library/transcripts/compilers-weekly-42.md",
	    NULL };
	struct term *t;
	struct tcell c;
	int r, col;

	write_config("keys:\n  body:\n    x: chapters\n    c: none\n"
	    "theme:\n  heading1: reverse\n");
	t = run(a, 30, 120, NULL);
	CHECK(t, term_wait_text(t, "Ada Park introduces", WAIT) == 0);
	/* heading1 in reverse video, as the theme says. */
	r = term_find(t, "Parsing in Practice");
	col = r >= 0 ? term_find_col(t, r, "in Practice") : -1;
	CHECK(t, col >= 0);
	if (col >= 0) {
		term_cell(t, r, col + 2, &c);
		CHECK(t, c.reverse);
	}
	term_type(t, "c");
	term_type(t, "x");
	CHECK(t, term_wait_text(t, "Chapters: Compilers Weekly", WAIT) == 0);
	term_type(t, "q");
	CHECK(t, term_wait_gone(t, "Chapters:", WAIT) == 0);
	CHECK(t, quit_ok(t) == 0);
	term_free(t);

	/* A bad configuration stops before the screen, naming the place. */
	write_config("keys:\n  body:\n    x: teleport\n");
	t = run(a, 30, 120, NULL);
	CHECK(t, term_wait_text(t, "config.yaml:3:8: unknown action", WAIT)
	    == 0);
	CHECK(t, term_wait_exit(t, WAIT) == 2);
	term_free(t);
}

static void
t_editor(void)
{
	static const char ed[] = "#!/bin/sh\n"
	    "printf '%s\\n' \"$1\" > \"$0.args\"\n"
	    "printf '\\nEDITED BY THE TEST\\n' >> \"$2\"\n";
	static const char doc[] = "# Edit me\n\none\n\ntwo\n\nthree\n";
	char env[600], got[64] = "";
	struct term *t;
	FILE *fp;

	write_file("ed.sh", ed, sizeof(ed) - 1);
	chmod(tmp_path("ed.sh"), 0755);
	write_file("edit.md", doc, sizeof(doc) - 1);
	snprintf(env, sizeof(env), "VISUAL=%s", tmp_path("ed.sh"));
	{
		const char *a[] = { tmp_path("edit.md"), NULL };
		const char *e[] = { env, NULL };

		t = run(a, 24, 100, e);
	}
	CHECK(t, term_wait_text(t, "three", WAIT) == 0);
	term_type(t, "v");
	CHECK(t, term_wait_text(t, "EDITED BY THE TEST", WAIT) == 0);
	CHECK(t, term_wait_text(t, "edited and reloaded", WAIT) == 0);
	if ((fp = fopen(tmp_path("ed.sh.args"), "r")) != NULL) {
		got[fread(got, 1, sizeof(got) - 1, fp)] = '\0';
		fclose(fp);
	}
	CHECK(t, strcmp(got, "+1\n") == 0);
	/* An edit made elsewhere shows up by itself. */
	if ((fp = fopen(tmp_path("edit.md"), "a")) != NULL) {
		fputs("\nWRITTEN FROM OUTSIDE\n", fp);
		fclose(fp);
	}
	CHECK(t, term_wait_text(t, "WRITTEN FROM OUTSIDE", WAIT) == 0);
	CHECK(t, term_wait_text(t, "changed on disk", WAIT) == 0);
	/* Deleted: still readable, with a note. */
	unlink(tmp_path("edit.md"));
	CHECK(t, term_wait_text(t, "was deleted", WAIT) == 0);
	CHECK(t, term_find(t, "WRITTEN FROM OUTSIDE") >= 0);
	CHECK(t, quit_ok(t) == 0);
	term_free(t);
}

/* sqlite3_exec callback: count an "ok" row of PRAGMA integrity_check. */
static int
integrity_cb(void *arg, int n, char **val, char **col)
{
	(void)col;
	if (n == 1 && val[0] != NULL && strcmp(val[0], "ok") == 0)
		*(int *)arg += 1;
	else
		*(int *)arg = -1000;
	return 0;
}
/* Hostile documents in the reader: each opens, scrolls to both ends,
 * searches, survives a resize and quits, in bounded time. */
static void
t_hostile(void)
{
	static const char *names[] = { "utf8.md", "nul.md", "cr.md",
	    "bom-crlf.md", "controls.md", "escapes.md", "bidi.md",
	    "longline.md", "million.md", "deeplist.md", "deepquote.md",
	    "widetable.md", "talltable.md", "aliasbomb.md", "deepflow.md",
	    "fm-list.md", "fm-scalar.md", "fm-unclosed.md", "fm-dupkeys.md",
	    "empty.md", "bad.vtt", "bad.srt", "fifo.md", "zero.md",
	    "unreadable.md" };
	char cmd[700], file[600], want[80];
	struct term *t;
	size_t i;

	snprintf(cmd, sizeof(cmd), "sh tests/hostile-gen.sh '%s/h'", tmpdir);
	CHECK(NULL, system(cmd) == 0);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const char *a[] = { file, NULL };

		snprintf(file, sizeof(file), "%s/h/%s/%s", tmpdir, names[i],
		    names[i]);
		t = run(a, 24, 80, NULL);
		/* the status names the document, or says why it cannot */
		if (strcmp(names[i], "fifo.md") == 0 ||
		    strcmp(names[i], "zero.md") == 0)
			snprintf(want, sizeof(want), "not a regular file");
		else
			snprintf(want, sizeof(want), " %s", names[i]);
		CHECK(t, term_wait_text(t, want, 20000) == 0);
		term_type(t, "G");
		term_type(t, "g");
		term_type(t, "/");
		term_type(t, "level");
		term_key(t, VTERM_KEY_ENTER, VTERM_MOD_NONE);
		/* the list filter, and its memo, over the document too */
		term_key(t, VTERM_KEY_TAB, VTERM_MOD_SHIFT);
		term_type(t, "/");
		term_type(t, "ti le");
		CHECK(t, term_wait_text(t, "filter: ti le", WAIT) == 0);
		term_key(t, VTERM_KEY_ESCAPE, VTERM_MOD_NONE);
		term_resize(t, 10, 30);
		term_resize(t, 24, 80);
		CHECK(t, term_title(t) == NULL ||
		    strstr(term_title(t), "owned") == NULL);
		term_key(t, VTERM_KEY_ESCAPE, VTERM_MOD_NONE);
		if (term_wait_exit(t, 300) == -1)
			CHECK(t, quit_ok(t) == 0);
		if (case_failed)
			printf("  (with %s)\n", names[i]);
		if (getenv("TUI_TIMES"))
			fprintf(stderr, "%s done\n", names[i]);
		term_free(t);
	}
}

/* Durability: SIGKILL at random moments, mid-keystroke, many times; the
 * state database stays intact and the reader starts cleanly. */
static void
t_kill_random(void)
{
	static const char keys[] = "jjjkkJKgG\t\r][HLtTeEmama'a''nN";
	const char *a[] = { "-L", "data/library", NULL };
	char burst[64], path[600], *msg = NULL;
	struct term *t;
	sqlite3 *db;
	int round, n, k, ok = 0;
	unsigned seed = 42;

	for (round = 0; round < 40; round++) {
		t = run(a, 30, 120, NULL);
		/* some rounds die before the first frame */
		if (rand_r(&seed) % 4 != 0)
			CHECK(t, term_wait_seen(t, "documents", WAIT) == 0);
		n = (int)(rand_r(&seed) % (sizeof(burst) - 1));
		for (k = 0; k < n; k++)
			burst[k] = keys[rand_r(&seed) % (sizeof(keys) - 1)];
		burst[n] = '\0';
		term_send(t, burst);
		/* die at once (keys unread), after some frames, or idle */
		switch (rand_r(&seed) % 3) {
		case 1:
			term_wait_seen(t, "\x01never", (int)(rand_r(&seed) %
			    40));
			break;
		case 2:
			term_settle(t);
			break;
		}
		term_free(t);		/* SIGKILL, whatever it was doing */
	}
	t = run(a, 30, 120, NULL);
	CHECK(t, term_wait_text(t, "documents", WAIT) == 0);
	CHECK(t, term_find(t, "damaged") < 0);
	CHECK(t, quit_ok(t) == 0);
	term_free(t);
	snprintf(path, sizeof(path), "%s/state-%s/folio/state.sqlite", tmpdir,
	    case_name);
	CHECK(NULL, sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) ==
	    SQLITE_OK);
	CHECK(NULL, sqlite3_exec(db, "PRAGMA integrity_check", integrity_cb,
	    &ok, &msg) == SQLITE_OK && ok == 1);
	/* and it was being written: positions and the last document */
	ok = 0;
	sqlite3_free(msg);
	msg = NULL;
	CHECK(NULL, sqlite3_exec(db, "SELECT 'ok' FROM kv WHERE key = "
	    "'last_doc' UNION ALL SELECT 'ok' FROM pos LIMIT 1",
	    integrity_cb, &ok, &msg) == SQLITE_OK && ok >= 1);
	sqlite3_free(msg);
	sqlite3_close(db);
}

/* The first "row NNN" label on the screen, into out (empty if none). */
static char *
first_row_label(struct term *t, char *out, size_t cap)
{
	char	 line[512], *p;
	int	 r;

	out[0] = '\0';
	for (r = 0; r < term_rows(t); r++)
		if ((p = strstr(term_row(t, r, line, sizeof(line)), "row ")) !=
		    NULL) {
			snprintf(out, cap, "%.7s", p);
			break;
		}
	return out;
}

/*
 * The library on disk changes while folio runs: a new document shows up
 * and a removed one goes, by themselves, and `R` rescans; the open
 * document keeps its place throughout.  Deleting the open document keeps
 * it readable.
 */
static void
t_live_reload(void)
{
	char		 doc[8192], top[512], again[512], path[600];
	size_t		 n = 0;
	int		 i;
	struct term	*t;

	mkdir(tmp_path("live"), 0755);
	n += (size_t)snprintf(doc + n, sizeof(doc) - n, "# Alpha\n\n");
	for (i = 1; i <= 300 && n < sizeof(doc) - 32; i++)
		n += (size_t)snprintf(doc + n, sizeof(doc) - n,
		    "row %03d\n\n", i);
	write_file("live/a.md", doc, n);
	write_file("live/b.md", "# Beta note\n\nhello\n", 19);
	{
		const char *a[] = { tmp_path("live/a.md"), NULL };

		t = run(a, 30, 150, NULL);
	}
	CHECK(t, term_wait_text(t, "row 001", WAIT) == 0);
	CHECK(t, term_wait_text(t, "Beta note", WAIT) == 0);
	term_key(t, VTERM_KEY_PAGEDOWN, VTERM_MOD_NONE);
	CHECK(t, term_wait_gone(t, "row 001", WAIT) == 0);
	CHECK(t, first_row_label(t, top, sizeof(top))[0] != '\0');

	write_file("live/c.md", "# Gamma arrives\n", 16);
	CHECK(t, term_wait_text(t, "the library changed: 3 documents",
	    WAIT) == 0);
	CHECK(t, term_wait_text(t, "Gamma arrives", WAIT) == 0);
	CHECK(t, strcmp(first_row_label(t, again, sizeof(again)), top) == 0);

	snprintf(path, sizeof(path), "%s", tmp_path("live/b.md"));
	CHECK(t, unlink(path) == 0);
	CHECK(t, term_wait_text(t, "the library changed: 2 documents",
	    WAIT) == 0);
	CHECK(t, term_wait_gone(t, "Beta note", WAIT) == 0);
	CHECK(t, strcmp(first_row_label(t, again, sizeof(again)), top) == 0);

	/* R rescans in the background and keeps the place too. */
	term_type(t, "R");
	CHECK(t, term_wait_text(t, "2 documents", WAIT) == 0);
	term_settle(t);
	CHECK(t, strcmp(first_row_label(t, again, sizeof(again)), top) == 0);

	/* The open document deleted: still readable, with a note. */
	snprintf(path, sizeof(path), "%s", tmp_path("live/a.md"));
	CHECK(t, unlink(path) == 0);
	CHECK(t, term_wait_text(t, "deleted; showing the copy in memory",
	    WAIT) == 0);
	term_key(t, VTERM_KEY_PAGEDOWN, VTERM_MOD_NONE);
	CHECK(t, term_wait_text(t, "row 0", WAIT) == 0);
	CHECK(t, quit_ok(t) == 0);
	term_free(t);
}

static const struct {
	const char	*name;
	void		(*fn)(void);
} cases[] = {
	{ "startup-list", t_startup_list },
	{ "filter-and-open", t_filter_and_open },
	{ "filter-memo", t_filter_memo },
	{ "three-panes", t_three_panes },
	{ "help", t_help },
	{ "resize-storm", t_resize_storm },
	{ "resize-keeps-position", t_resize_keeps_position },
	{ "file-argument", t_file_argument },
	{ "long-document", t_long_document },
	{ "huge-line", t_huge_line },
	{ "escapes", t_escapes },
	{ "narrow", t_narrow },
	{ "timestamps", t_timestamps },
	{ "open-url", t_open_url },
	{ "follow-and-back", t_follow_and_back },
	{ "history-restart", t_history_restart },
	{ "mouse", t_mouse },
	{ "no-terminal", t_no_terminal },
	{ "chapters", t_chapters },
	{ "same-video", t_same_video },
	{ "hints", t_hints },
	{ "fulltext", t_fulltext },
	{ "copy-url", t_copy_url },
	{ "meta-pivot", t_meta_pivot },
	{ "backlinks", t_backlinks },
	{ "unlinked", t_unlinked },
	{ "entity-walk", t_entity_walk },
	{ "create-note", t_create_note },
	{ "resume", t_resume },
	{ "marks", t_marks },
	{ "kill9", t_kill9 },
	{ "config-keys-theme", t_config_keys_theme },
	{ "editor", t_editor },
	{ "hostile", t_hostile },
	{ "kill-random", t_kill_random },
	{ "live-reload", t_live_reload },
	{ "two-step", t_two_step },
	{ "scan-swap", t_scan_swap },
	{ "ui-escape-keys", t_ui_escape_keys },
	{ "ui-prompt-history", t_ui_prompt_history },
	{ "ui-help-rows", t_ui_help_rows },
	{ "ui-focus-hints", t_ui_focus_hints },
	{ "ui-status-line", t_ui_status_line },
	{ "ui-meta-layout", t_ui_meta_layout },
	{ "ui-list-columns", t_ui_list_columns },
	{ "ui-marks-filter", t_ui_marks_filter },
	{ "ui-jumps", t_ui_jumps },
	{ "ui-jumps-restart", t_ui_jumps_restart },
	{ "ui-counts", t_ui_counts },
	{ "ui-cut-rows", t_ui_cut_rows },
	{ "ui-fulltext-groups", t_ui_fulltext_groups },
	{ "ui-edit-line", t_ui_edit_line },
	{ "goto-heading", t_goto_heading },
	{ "meta-singular", t_meta_singular },
	{ "fulltext-never-waits", t_fulltext_never_waits },
	{ "open-attachment", t_open_attachment },
	{ "lone-file", t_lone_file },
	{ "vault-live", t_vault_live },
	{ "play-follow", t_play_follow },
	{ "play-highlights", t_play_highlights },
	{ "play-keys", t_play_keys },
	{ "play-documents", t_play_documents },
	{ "play-attach", t_play_attach },
};

int
main(int argc, char *argv[])
{
	size_t	 i;
	char	 cmd[600];

	if (argc < 2) {
		fprintf(stderr, "usage: tui FOLIO [CASE]\n");
		return 2;
	}
	folio = argv[1];
	snprintf(tmpdir, sizeof(tmpdir), "%s/folio-tui.XXXXXX",
	    getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (mkdtemp(tmpdir) == NULL)
		return 2;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (argc > 2 && strstr(cases[i].name, argv[2]) == NULL)
			continue;
		case_name = cases[i].name;
		case_failed = 0;
		case_skipped = 0;
		/* Each case starts with no memory and no configuration. */
		snprintf(state_env, sizeof(state_env),
		    "XDG_STATE_HOME=%s/state-%s", tmpdir, case_name);
		snprintf(config_env, sizeof(config_env),
		    "XDG_CONFIG_HOME=%s/config-%s", tmpdir, case_name);
		cases[i].fn();
		if (case_failed)
			failed++;
		else if (case_skipped)
			skipped++;
		else {
			passed++;
			printf("ok %s\n", case_name);
		}
		fflush(stdout);
	}
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", tmpdir);
	if (skipped > 0)
		printf("%d passed, %d failed, %d skipped\n", passed, failed,
		    skipped);
	else
		printf("%d passed, %d failed\n", passed, failed);
	return failed != 0;
}
