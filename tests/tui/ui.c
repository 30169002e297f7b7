/* SPDX-License-Identifier: ISC */
/*
 * Terminal tests of the interaction layer: keys, prompts, focus, the
 * status and hint lines, jumps, the full-text results.
 */
#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui.h"

/* A document of numbered lines in the temporary folder: its path. */
static const char *
numbered_doc(const char *name, int lines)
{
	char	*buf = malloc((size_t)lines * 48 + 1), *p = buf;
	int	 i;

	for (i = 1; i <= lines; i++)
		p += sprintf(p, "line number %d of the long document\n\n", i);
	write_file(name, buf, (size_t)(p - buf));
	free(buf);
	return tmp_path(name);
}

/* Esc, Alt-keys and unknown escape sequences neither quit nor act. */
void
t_ui_escape_keys(void)
{
	const char *a[] = { numbered_doc("esc-keys.md", 300), NULL };
	struct term *t = run(a, 24, 80, NULL);
	char	 line[512];

	CHECK(t, term_wait_text(t, "line number 1 of", WAIT) == 0);
	term_key(t, VTERM_KEY_ESCAPE, VTERM_MOD_NONE);
	term_send(t, "\033x");
	term_send(t, "\033j");
	term_send(t, "\033[99;9~");
	term_send(t, "\033OZ");
	/* Still running, and nothing scrolled: ? shows the help. */
	term_type(t, "?");
	CHECK(t, term_wait_text(t, "Make the next timestamp", WAIT) == 0);
	term_key(t, VTERM_KEY_ESCAPE, VTERM_MOD_NONE);
	CHECK(t, term_wait_gone(t, "Make the next timestamp", WAIT) == 0);
	term_row(t, 1, line, sizeof(line));
	CHECK(t, strstr(line, "line number 1 of") != NULL);
	/* Esc in a prompt cancels it; the reader goes on. */
	term_type(t, ":");
	term_type(t, "goto 20");
	term_key(t, VTERM_KEY_ESCAPE, VTERM_MOD_NONE);
	term_type(t, "j");
	CHECK(t, term_wait_gone(t, "line number 1 of", WAIT) == 0);
	term_row(t, 1, line, sizeof(line));
	CHECK(t, strstr(line, "line number 20 of") == NULL);
	CHECK(t, quit_ok(t) == 0);
	term_free(t);
}

/* The prompts: editing keys, Esc restoring the filter, a broken :filter
 * not applied, and the history kept across a restart. */
void
t_ui_prompt_history(void)
{
	const char *a[] = { "-L", "data/library", NULL };
	struct term *t = run(a, 40, 120, NULL);

	CHECK(t, term_wait_text(t, "16 documents", WAIT) == 0);
	term_type(t, "/");
	term_type(t, "kind:video");
	term_key(t, VTERM_KEY_ENTER, VTERM_MOD_NONE);
	CHECK(t, term_wait_text(t, "filter: kind:video (", WAIT) == 0);
	/* / opens with the filter and a blank, ready for one more term. */
	term_type(t, "/");
	CHECK(t, term_wait_text(t, "filter: kind:video ▏", WAIT) == 0);
	term_type(t, "fab");
	CHECK(t, term_wait_text(t, "filter: kind:video fab", WAIT) == 0);
	/* Esc goes back to the filter before the prompt. */
	term_key(t, VTERM_KEY_ESCAPE, VTERM_MOD_NONE);
	CHECK(t, term_wait_gone(t, "fab", WAIT) == 0);
	CHECK(t, term_find(t, "filter: kind:video (") >= 0);
	/* C-w deletes a word, C-a goes to the start, C-u clears. */
	term_type(t, "/");
	term_type(t, "abc def");
	term_type(t, "\027");
	CHECK(t, term_wait_gone(t, "def", WAIT) == 0);
	term_type(t, "\001x");
	CHECK(t, term_wait_text(t, "filter: xkind:video abc", WAIT) == 0);
	term_type(t, "\005\025");
	CHECK(t, term_wait_gone(t, "xkind", WAIT) == 0);
	term_key(t, VTERM_KEY_ESCAPE, VTERM_MOD_NONE);
	CHECK(t, term_wait_text(t, "filter: kind:video (", WAIT) == 0);
	/* A broken query from : is not applied and says why. */
	term_type(t, ":filter (bad");
	term_key(t, VTERM_KEY_ENTER, VTERM_MOD_NONE);
	CHECK(t, term_wait_text(t, "filter: ", WAIT) == 0);
	CHECK(t, term_wait_text(t, "column", WAIT) == 0);
	CHECK(t, term_find(t, "filter: kind:video (") >= 0);
	term_type(t, ":sort title");
	term_key(t, VTERM_KEY_ENTER, VTERM_MOD_NONE);
	term_type(t, "q");
	CHECK(t, term_wait_text(t, "16 documents", WAIT) == 0);
	CHECK(t, quit_ok(t) == 0);
	term_free(t);

	/* After a restart, Up recalls each prompt's own history. */
	t = run(a, 40, 120, NULL);
	CHECK(t, term_wait_text(t, "16 documents", WAIT) == 0);
	term_type(t, "/");
	term_key(t, VTERM_KEY_UP, VTERM_MOD_NONE);
	CHECK(t, term_wait_text(t, "filter: kind:video▏", WAIT) == 0);
	term_key(t, VTERM_KEY_ESCAPE, VTERM_MOD_NONE);
	term_type(t, ":");
	term_key(t, VTERM_KEY_UP, VTERM_MOD_NONE);
	CHECK(t, term_wait_text(t, ":sort title▏", WAIT) == 0);
	term_key(t, VTERM_KEY_UP, VTERM_MOD_NONE);
	CHECK(t, term_wait_text(t, ":filter (bad▏", WAIT) == 0);
	term_key(t, VTERM_KEY_DOWN, VTERM_MOD_NONE);
	term_key(t, VTERM_KEY_DOWN, VTERM_MOD_NONE);
	CHECK(t, term_wait_gone(t, "sort title", WAIT) == 0);
	term_key(t, VTERM_KEY_ESCAPE, VTERM_MOD_NONE);
	CHECK(t, quit_ok(t) == 0);
	term_free(t);
}

/* The help pages like every list: G goes to the last action, g back. */
void
t_ui_help_rows(void)
{
	const char *a[] = { "-L", "data/library", NULL };
	struct term *t = run(a, 12, 100, NULL);

	CHECK(t, term_wait_text(t, "16 documents", WAIT) == 0);
	term_type(t, "?");
	CHECK(t, term_wait_text(t, "Move down a line", WAIT) == 0);
	CHECK(t, term_find(t, "else quit") < 0);
	term_type(t, "G");
	CHECK(t, term_wait_text(t, "else quit", WAIT) == 0);
	CHECK(t, term_find(t, "Move down a line") < 0);
	term_type(t, "g");
	CHECK(t, term_wait_text(t, "Move down a line", WAIT) == 0);
	term_key(t, VTERM_KEY_PAGEDOWN, VTERM_MOD_NONE);
	term_key(t, VTERM_KEY_PAGEDOWN, VTERM_MOD_NONE);
	CHECK(t, term_wait_gone(t, "Move down a line", WAIT) == 0);
	term_type(t, "q");
	CHECK(t, term_wait_text(t, "16 documents", WAIT) == 0);
	CHECK(t, quit_ok(t) == 0);
	term_free(t);
}

/* The focused pane's title is marked (NO_COLOR: by a character), the mark
 * moves with Tab, and the hint bar shows the focused view's keys with
 * verbs, fitted to 80 columns with "q quit" kept, the prompt's inside
 * a prompt. */
void
t_ui_focus_hints(void)
{
	const char *a[] = { "-L", "data/library", NULL };
	struct term *t = run(a, 24, 80, NULL);
	char	 line[512];
	int	 col;

	CHECK(t, term_wait_text(t, "16 documents", WAIT) == 0);
	CHECK(t, term_find(t, "▶") == 0);
	CHECK(t, term_find_col(t, 0, "▶") == 0);
	term_row(t, 23, line, sizeof(line));
	CHECK(t, strstr(line, "open") != NULL);
	CHECK(t, strstr(line, "filter") != NULL);
	CHECK(t, strstr(line, "q quit") != NULL);
	CHECK(t, strstr(line, "enter") == NULL);
	term_key(t, VTERM_KEY_TAB, VTERM_MOD_NONE);
	CHECK(t, term_wait_text(t, "next moment", WAIT) == 0);
	col = term_find_col(t, 0, "▶");
	CHECK(t, col > 10);
	CHECK(t, term_find(t, "▶") == 0);
	term_row(t, 23, line, sizeof(line));
	CHECK(t, strstr(line, "search") != NULL);
	CHECK(t, strstr(line, "q quit") != NULL);
	/* Inside a prompt, the prompt's keys. */
	term_type(t, "/");
	CHECK(t, term_wait_text(t, "<Esc> cancel", WAIT) == 0);
	CHECK(t, term_find(t, "history") == 23);
	term_key(t, VTERM_KEY_ESCAPE, VTERM_MOD_NONE);
	CHECK(t, term_wait_text(t, "next moment", WAIT) == 0);
	term_key(t, VTERM_KEY_TAB, VTERM_MOD_SHIFT);
	CHECK(t, term_wait_gone(t, "next moment", WAIT) == 0);
	CHECK(t, term_find_col(t, 0, "▶") == 0);
	CHECK(t, quit_ok(t) == 0);
	term_free(t);
}

/* How often "needle" occurs in row r. */
static int
count_in_row(struct term *t, int r, const char *needle)
{
	char	 line[1024], *p;
	int	 n = 0;

	term_row(t, r, line, sizeof(line));
	for (p = line; (p = strstr(p, needle)) != NULL; p += strlen(needle))
		n++;
	return n;
}

/* The status line says each thing once, on one position scale that
 * ends at END. */
void
t_ui_status_line(void)
{
	const char *a[] = { "data/library/transcripts/compilers-weekly-42.md",
	    NULL };
	struct term *t = run(a, 30, 100, NULL);
	int	 r;

	CHECK(t, term_wait_text(t, "Ada Park introduces", WAIT) == 0);
	term_type(t, "tt");
	CHECK(t, term_wait_text(t, "3:40 / 1:05:12", WAIT) == 0);
	r = term_find(t, "3:40 / 1:05:12");
	CHECK(t, r == 28);
	CHECK(t, count_in_row(t, 28, "3:40") == 1);
	CHECK(t, count_in_row(t, 28, "%") == 1);
	CHECK(t, count_in_row(t, 28, "L") == 0 ||
	    count_in_row(t, 28, "/45") == 0);
	term_type(t, "G");
	CHECK(t, term_wait_text(t, "  END", WAIT) == 0);
	CHECK(t, count_in_row(t, 28, "%") == 0);
	term_type(t, "g");
	CHECK(t, term_wait_gone(t, "  END", WAIT) == 0);
	CHECK(t, quit_ok(t) == 0);
	term_free(t);

	/* A filter set from the metadata pane is said once. */
	{
		const char *b[] = { "-L", "data/library",
		    "data/library/transcripts/inside-a-modern-chip-fab.md",
		    NULL };
		int i;

		t = run(b, 60, 200, NULL);
		CHECK(t, term_wait_text(t, "Same video", WAIT) == 0);
		term_key(t, VTERM_KEY_TAB, VTERM_MOD_NONE);
		CHECK(t, term_wait_text(t, "▶ Metadata", WAIT) == 0);
		/* Down to the entity TSMC: its line is the selection. */
		for (i = 0; i < 60; i++) {
			struct tcell c;
			int row = term_find(t, "TSMC (");
			int col = row >= 0 ? term_find_col(t, row, "TSMC (") :
			    -1;

			if (col >= 0) {
				term_cell(t, row, col, &c);
				if (c.reverse)
					break;
			}
			term_type(t, "j");
			term_settle(t);
		}
		term_key(t, VTERM_KEY_ENTER, VTERM_MOD_NONE);
		CHECK(t, term_wait_text(t, "filter: entity:\"TSMC\"", WAIT) ==
		    0);
		CHECK(t, count_in_row(t, 58, "TSMC") == 1);
		/* The list has the focus: q leaves the filter first. */
		term_type(t, "q");
		CHECK(t, term_wait_gone(t, "filter: entity:", WAIT) == 0);
		CHECK(t, quit_ok(t) == 0);
		term_free(t);
	}
}

/* The column of the focus mark in the title row, or -1. */
static int
mark_col(struct term *t)
{
	return term_find_col(t, 0, "▶");
}

/* Whether some row holds "needle" whole. */
static int
whole(struct term *t, const char *needle)
{
	return term_find(t, needle) >= 0;
}

/* Medium screens: the metadata takes the list's place and the body keeps
 * its width; i shows and hides it from any pane; its values wrap at word
 * boundaries and URLs at / ? = &. */
void
t_ui_meta_layout(void)
{
	static const char doc[] = "---\ntitle: Trade notes\n"
	    "summary: The new tariffs on semiconductors were announced "
	    "yesterday by the ministry of trade after long negotiations\n"
	    "source: https://example.com/archive/2025/some-long-path-name/"
	    "index.html?query=value&other=thing\n---\n\n# Trade notes\n\n"
	    "Body text.\n";
	const char *a[] = { "-L", "data/library", NULL };
	struct term *t = run(a, 24, 100, NULL);
	char	 line[512];
	int	 col, r, ends = 0;

	CHECK(t, term_wait_text(t, "16 documents", WAIT) == 0);
	term_key(t, VTERM_KEY_TAB, VTERM_MOD_NONE);
	CHECK(t, term_wait_text(t, "next moment", WAIT) == 0);
	col = mark_col(t);
	CHECK(t, col > 0);
	term_type(t, "i");
	CHECK(t, term_wait_text(t, "path: notes/", WAIT) == 0);
	CHECK(t, term_find(t, "Documents") < 0);
	CHECK(t, mark_col(t) == col);
	/* i from the metadata pane hides it; the list comes back. */
	term_key(t, VTERM_KEY_TAB, VTERM_MOD_NONE);
	CHECK(t, term_wait_gone(t, "next moment", WAIT) == 0);
	CHECK(t, mark_col(t) == 0);
	term_type(t, "i");
	CHECK(t, term_wait_gone(t, "path: notes/", WAIT) == 0);
	CHECK(t, term_find(t, "Documents") == 0);
	CHECK(t, mark_col(t) == col);
	CHECK(t, quit_ok(t) == 0);
	term_free(t);

	write_file("trade.md", doc, sizeof(doc) - 1);
	{
		const char *b[] = { tmp_path("trade.md"), NULL };

		t = run(b, 24, 100, NULL);
	}
	CHECK(t, term_wait_text(t, "Body text.", WAIT) == 0);
	term_type(t, "i");
	CHECK(t, term_wait_text(t, "Front matter", WAIT) == 0);
	CHECK(t, whole(t, "tariffs") && whole(t, "semiconductors") &&
	    whole(t, "announced") && whole(t, "yesterday") &&
	    whole(t, "ministry") && whole(t, "negotiations"));
	CHECK(t, whole(t, "some-long-path-name/"));
	for (r = 0; r < 22; r++) {
		size_t n;

		term_row(t, r, line, sizeof(line));
		/* The metadata is on the left, up to the separator. */
		if (strstr(line, "│") != NULL)
			*strstr(line, "│") = '\0';
		while ((n = strlen(line)) > 0 && line[n - 1] == ' ')
			line[n - 1] = '\0';
		if (n > 0 && strchr("/?=&", line[n - 1]) != NULL)
			ends++;
	}
	CHECK(t, ends >= 2);
	CHECK(t, quit_ok(t) == 0);
	term_free(t);
}

/* The list keeps its date, duration and kind columns at every width, the
 * title shrinking with "…"; its title shows the order. */
void
t_ui_list_columns(void)
{
	static const int widths[] = { 60, 100, 200 };
	const char *a[] = { "-L", "data/library", NULL };
	struct term *t;
	char	 line[512];
	size_t	 i;
	int	 r;

	for (i = 0; i < sizeof(widths) / sizeof(widths[0]); i++) {
		t = run(a, 24, widths[i], NULL);
		CHECK(t, term_wait_text(t, "16 documents", WAIT) == 0);
		CHECK(t, term_find(t, "↓date") == 0);
		r = term_find(t, "Compilers");
		CHECK(t, r > 0);
		line[0] = '\0';
		if (r > 0)
			term_row(t, r, line, sizeof(line));
		if (strstr(line, "│") != NULL)
			*strstr(line, "│") = '\0';
		CHECK(t, strstr(line, "1:05:12") != NULL);
		CHECK(t, strstr(line, "05-0") != NULL);
		CHECK(t, strstr(line, " V ") != NULL);
		if (widths[i] == 100)
			CHECK(t, strstr(line, "…") != NULL);
		if (widths[i] == 200)
			CHECK(t, strstr(line, "2025-05-0") != NULL);
		term_type(t, "s");
		CHECK(t, term_wait_text(t, "↓title", WAIT) == 0);
		CHECK(t, quit_ok(t) == 0);
		term_free(t);
	}
}

/* Capital marks are global across documents; the last filter belongs to
 * its library. */
void
t_ui_marks_filter(void)
{
	static const char note[] = "# Other library\n\nJust one note.\n";
	const char *a[] = { "-L", "data/library", NULL };
	char	 lib[600];
	const char *b[] = { "-L", lib, NULL };
	struct term *t;

	snprintf(lib, sizeof(lib), "%s", tmp_path("other-lib"));
	mkdir(lib, 0700);
	t = run(a, 30, 120, NULL);

	CHECK(t, term_wait_text(t, "16 documents", WAIT) == 0);
	term_type(t, ":open notes/markdown-tour.md");
	term_key(t, VTERM_KEY_ENTER, VTERM_MOD_NONE);
	CHECK(t, term_wait_text(t, "markdown-tour.md  ", WAIT) == 0);
	term_type(t, "mA");
	CHECK(t, term_wait_text(t, "mark A set", WAIT) == 0);
	term_type(t, ":open notes/Tree-sitter.md");
	term_key(t, VTERM_KEY_ENTER, VTERM_MOD_NONE);
	CHECK(t, term_wait_text(t, "Tree-sitter.md  ", WAIT) == 0);
	term_type(t, "'A");
	CHECK(t, term_wait_text(t, "markdown-tour.md  ", WAIT) == 0);
	/* A jump: H comes back. */
	term_type(t, "H");
	CHECK(t, term_wait_text(t, "Tree-sitter.md  ", WAIT) == 0);
	term_key(t, VTERM_KEY_TAB, VTERM_MOD_SHIFT);
	term_type(t, "/");
	term_type(t, "kind:video");
	term_key(t, VTERM_KEY_ENTER, VTERM_MOD_NONE);
	CHECK(t, term_wait_text(t, "filter: kind:video (", WAIT) == 0);
	term_type(t, ":q");
	term_key(t, VTERM_KEY_ENTER, VTERM_MOD_NONE);
	CHECK(t, term_wait_exit(t, WAIT) == 0);
	term_free(t);

	/* Another library: no filter from the first. */
	write_file("other-lib/note.md", note, sizeof(note) - 1);
	t = run(b, 30, 120, NULL);
	CHECK(t, term_wait_text(t, "Other library", WAIT) == 0);
	CHECK(t, term_find(t, "filter:") < 0);
	/* The capital mark still leads to its document... elsewhere. */
	term_type(t, "'A");
	CHECK(t, term_wait_text(t, "mark A is not set", WAIT) == 0);
	term_type(t, ":q");
	term_key(t, VTERM_KEY_ENTER, VTERM_MOD_NONE);
	CHECK(t, term_wait_exit(t, WAIT) == 0);
	term_free(t);

	/* The first library's filter comes back with it. */
	t = run(a, 30, 120, NULL);
	CHECK(t, term_wait_text(t, "filter: kind:video (", WAIT) == 0);
	term_type(t, "'A");
	CHECK(t, term_wait_text(t, "markdown-tour.md  ", WAIT) == 0);
	term_type(t, ":q");
	term_key(t, VTERM_KEY_ENTER, VTERM_MOD_NONE);
	CHECK(t, term_wait_exit(t, WAIT) == 0);
	term_free(t);
}

/* Whether the cell at the start of "needle" is drawn reversed. */
static int
reversed_at(struct term *t, const char *needle)
{
	struct tcell	 c;
	int		 r = term_find(t, needle), col;

	if (r < 0 || (col = term_find_col(t, r, needle)) < 0)
		return 0;
	term_cell(t, r, col, &c);
	return c.reverse;
}

/* Jumps keep the current item; opening from the list is a jump on wide
 * screens too; Space at the end goes on to the next document. */
void
t_ui_jumps(void)
{
	const char *a[] = { "-L", "data/library",
	    "data/library/transcripts/compilers-weekly-42.md", NULL };
	struct term *t = run(a, 40, 200, NULL);

	CHECK(t, term_wait_text(t, "Ada Park introduces", WAIT) == 0);
	term_type(t, "tt");
	CHECK(t, term_wait_text(t, "3:40 / 1:05:12", WAIT) == 0);
	CHECK(t, reversed_at(t, "00:03:40"));
	term_type(t, ":open notes/Tree-sitter.md");
	term_key(t, VTERM_KEY_ENTER, VTERM_MOD_NONE);
	CHECK(t, term_wait_text(t, "Tree-sitter.md  ", WAIT) == 0);
	term_type(t, "H");
	CHECK(t, term_wait_text(t, "compilers-weekly-42.md  ", WAIT) == 0);
	CHECK(t, term_wait_text(t, "3:40 / 1:05:12", WAIT) == 0);
	CHECK(t, reversed_at(t, "00:03:40"));
	/* From the list: a preview, then Enter; H comes back. */
	term_key(t, VTERM_KEY_TAB, VTERM_MOD_SHIFT);
	term_type(t, "j");
	CHECK(t, term_wait_gone(t, "compilers-weekly-42.md  ", WAIT) == 0);
	term_key(t, VTERM_KEY_ENTER, VTERM_MOD_NONE);
	term_type(t, "H");
	CHECK(t, term_wait_text(t, "compilers-weekly-42.md  ", WAIT) == 0);
	/* Space at the end: the next document of the list. */
	term_type(t, "G");
	CHECK(t, term_wait_text(t, "  END", WAIT) == 0);
	term_type(t, " ");
	CHECK(t, term_wait_text(t, "next: ", WAIT) == 0);
	CHECK(t, term_find(t, "compilers-weekly-42.md  ") < 0);
	CHECK(t, quit_ok(t) == 0);
	term_free(t);
}

/* The current item of each jump and of the last position is kept across
 * runs: H after a restart comes back to the document, the position and
 * the timestamp that was current; the next start resumes on that item. */
void
t_ui_jumps_restart(void)
{
	const char *a[] = { "-L", "data/library",
	    "data/library/transcripts/compilers-weekly-42.md", NULL };
	const char *b[] = { "-L", "data/library", NULL };
	struct term *t = run(a, 40, 200, NULL);

	CHECK(t, term_wait_text(t, "Ada Park introduces", WAIT) == 0);
	term_type(t, "tt");
	CHECK(t, term_wait_text(t, "3:40 / 1:05:12", WAIT) == 0);
	CHECK(t, reversed_at(t, "00:03:40"));
	term_type(t, ":open notes/Tree-sitter.md");
	term_key(t, VTERM_KEY_ENTER, VTERM_MOD_NONE);
	CHECK(t, term_wait_text(t, "Tree-sitter.md  ", WAIT) == 0);
	CHECK(t, quit_ok(t) == 0);
	term_free(t);

	/* Started again on the last document: H goes back to the item. */
	t = run(b, 40, 200, NULL);
	CHECK(t, term_wait_text(t, "notes/Tree-sitter.md  ", WAIT) == 0);
	term_type(t, "H");
	CHECK(t, term_wait_text(t, "compilers-weekly-42.md  ", WAIT) == 0);
	CHECK(t, term_wait_text(t, "3:40 / 1:05:12", WAIT) == 0);
	CHECK(t, reversed_at(t, "00:03:40"));
	CHECK(t, quit_ok(t) == 0);
	term_free(t);

	/* And the last position keeps its item too. */
	t = run(b, 40, 200, NULL);
	CHECK(t, term_wait_text(t, "compilers-weekly-42.md  ", WAIT) == 0);
	CHECK(t, term_wait_text(t, "3:40 / 1:05:12", WAIT) == 0);
	CHECK(t, reversed_at(t, "00:03:40"));
	CHECK(t, quit_ok(t) == 0);
	term_free(t);
}

/* F: hits grouped by document (path, title and count once, its hits
 * under it in the document's order), the query's words marked, the path
 * whole; opening a hit makes its word the body's search, for n. */
void
t_ui_fulltext_groups(void)
{
	char	 env[600], line[512];
	const char *a[] = { "-L", "data/library", NULL };
	const char *e[] = { env, NULL };
	struct term *t;
	int	 r, col, groups = 0, hits = 0;
	struct tcell c;

	snprintf(env, sizeof(env), "XDG_CACHE_HOME=%s",
	    tmp_path("cache-groups"));
	t = run(a, 40, 160, e);
	CHECK(t, term_wait_text(t, "16 documents", WAIT) == 0);
	term_type(t, "F");
	term_type(t, "yield");
	term_key(t, VTERM_KEY_ENTER, VTERM_MOD_NONE);
	CHECK(t, term_wait_text(t, "Search: yield", WAIT) == 0);
	/* The fab's transcript, once, with its path whole and a count. */
	r = term_find(t, "transcripts/inside-a-modern-chip-fab.md — Inside a "
	    "Modern Chip Fab");
	CHECK(t, r > 0);
	for (col = 1; col < 38; col++) {
		term_row(t, col, line, sizeof(line));
		if (strstr(line, "transcripts/inside-a-modern-chip-fab.md — ")
		    != NULL)
			groups++;
	}
	CHECK(t, groups == 1);
	if (r > 0) {
		term_row(t, r, line, sizeof(line));
		CHECK(t, strstr(line, " hits)") != NULL);
		/* Its hits under it, indented, each marking the word. */
		term_row(t, r + 1, line, sizeof(line));
		CHECK(t, strncmp(line, "   ", 3) == 0);
		for (col = r + 1; col < r + 4; col++) {
			int k = term_find_col(t, col, "yield");

			if (k < 0)
				k = term_find_col(t, col, "Yield");
			if (k >= 0) {
				term_cell(t, col, k, &c);
				if (c.reverse || c.bold)
					hits++;
			}
		}
		CHECK(t, hits >= 1);
	}
	term_key(t, VTERM_KEY_ENTER, VTERM_MOD_NONE);
	CHECK(t, term_wait_gone(t, "Search: yield", WAIT) == 0);
	term_type(t, "n");
	term_settle(t);
	CHECK(t, term_find(t, "no search") < 0);
	CHECK(t, term_find(t, "not found") < 0);
	term_type(t, "q");
	CHECK(t, quit_ok(t) == 0);
	term_free(t);
}

/* v opens the editor at the line being read: the current item's. */
void
t_ui_edit_line(void)
{
	static const char ed[] = "#!/bin/sh\n"
	    "printf '%s\\n' \"$1\" > \"$0.args\"\n";
	static const char doc[] = "# Edit at the item\n\none\n\ntwo\n\n"
	    "three [a link](https://example.com/x) here\n\nfour\n";
	char	 env[700], got[64] = "", ed_path[600];
	const char *e[] = { env, NULL };
	struct term *t;
	FILE	*fp;

	write_file("ed-line.sh", ed, sizeof(ed) - 1);
	snprintf(ed_path, sizeof(ed_path), "%s", tmp_path("ed-line.sh"));
	chmod(ed_path, 0755);
	write_file("edit-line.md", doc, sizeof(doc) - 1);
	snprintf(env, sizeof(env), "VISUAL=%s", ed_path);
	{
		const char *a[] = { tmp_path("edit-line.md"), NULL };

		t = run(a, 24, 100, e);
	}
	CHECK(t, term_wait_text(t, "four", WAIT) == 0);
	term_type(t, "]");
	CHECK(t, term_wait_text(t, "example.com/x", WAIT) == 0);
	term_type(t, "v");
	CHECK(t, term_wait_text(t, "reloaded", WAIT) == 0);
	snprintf(ed_path + strlen(ed_path), sizeof(ed_path) - strlen(ed_path),
	    ".args");
	if ((fp = fopen(ed_path, "r")) != NULL) {
		got[fread(got, 1, sizeof(got) - 1, fp)] = '\0';
		fclose(fp);
	}
	CHECK(t, strcmp(got, "+7\n") == 0);
	CHECK(t, quit_ok(t) == 0);
	term_free(t);
}

/* Whether "text" is on row "r" once the screen settles. */
static int
on_row(struct term *t, const char *text, int r)
{
	term_settle(t);
	return r >= 0 && term_find(t, text) == r;
}

/* Counts as in less and vim: "4j" moves four lines, "41G" goes to line
 * 41 (a jump: H comes back), ":81" to line 81, "3G" in the list to the
 * third document. */
void
t_ui_counts(void)
{
	const char *doc = numbered_doc("counted.md", 100);
	const char *a[] = { doc, NULL };
	const char *b[] = { "-L", "data/library", NULL };
	struct term *t = run(a, 24, 80, NULL);
	struct tcell c;
	int	 r0;

	CHECK(t, term_wait_text(t, "line number 1 of", WAIT) == 0);
	r0 = term_find(t, "line number 1 of");
	term_type(t, "4j");
	CHECK(t, on_row(t, "line number 3 of", r0));
	term_type(t, "41G");
	CHECK(t, term_wait_text(t, "line number 21 of", WAIT) == 0);
	CHECK(t, on_row(t, "line number 21 of", r0));
	term_type(t, "H");
	CHECK(t, term_wait_text(t, "line number 3 of", WAIT) == 0);
	CHECK(t, on_row(t, "line number 3 of", r0));
	term_type(t, ":81");
	term_key(t, VTERM_KEY_ENTER, VTERM_MOD_NONE);
	CHECK(t, term_wait_text(t, "line number 41 of", WAIT) == 0);
	CHECK(t, on_row(t, "line number 41 of", r0));
	CHECK(t, quit_ok(t) == 0);
	term_free(t);

	t = run(b, 40, 200, NULL);
	CHECK(t, term_wait_text(t, "16 documents", WAIT) == 0);
	term_type(t, "3G");
	term_settle(t);
	/* The third row of the list is selected, the first not. */
	term_cell(t, 3, 20, &c);
	CHECK(t, c.reverse);
	term_cell(t, 1, 20, &c);
	CHECK(t, !c.reverse);
	CHECK(t, quit_ok(t) == 0);
	term_free(t);
}

/* A row cut at the screen's edge ends with "…" (F results, the list), never
 * in the middle of a word with nothing to say so. */
void
t_ui_cut_rows(void)
{
	char	 env[600];
	const char *a[] = { "-L", "data/library", NULL };
	const char *e[] = { env, NULL };
	struct term *t;
	struct tcell c;
	int	 r, cut = 0, bad = 0;

	snprintf(env, sizeof(env), "XDG_CACHE_HOME=%s", tmp_path("cache-cut"));
	t = run(a, 24, 80, e);
	CHECK(t, term_wait_text(t, "16 documents", WAIT) == 0);
	term_type(t, "Fyield");
	term_key(t, VTERM_KEY_ENTER, VTERM_MOD_NONE);
	CHECK(t, term_wait_text(t, "Search: yield", WAIT) == 0);
	CHECK(t, term_wait_text(t, "L11", WAIT) == 0);
	for (r = 1; r < 22; r++) {
		term_cell(t, r, 79, &c);
		if (c.text[0] == '\0' || strcmp(c.text, " ") == 0)
			continue;
		if (strcmp(c.text, "…") == 0)
			cut++;
		else
			bad++;
	}
	CHECK(t, cut > 0);
	CHECK(t, bad == 0);
	term_key(t, VTERM_KEY_ESCAPE, VTERM_MOD_NONE);
	CHECK(t, term_wait_text(t, "16 documents", WAIT) == 0);
	CHECK(t, quit_ok(t) == 0);
	term_free(t);
}
