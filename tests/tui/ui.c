/* SPDX-License-Identifier: ISC */
/*
 * Terminal tests of the interaction layer: keys, prompts, focus, the
 * status and hint lines, jumps, the full-text results.
 */
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
	term_row(t, 0, line, sizeof(line));
	CHECK(t, strstr(line, "line number 1 of") != NULL);
	/* Esc in a prompt cancels it; the reader goes on. */
	term_type(t, ":");
	term_type(t, "goto 20");
	term_key(t, VTERM_KEY_ESCAPE, VTERM_MOD_NONE);
	term_type(t, "j");
	CHECK(t, term_wait_gone(t, "line number 1 of", WAIT) == 0);
	term_row(t, 0, line, sizeof(line));
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
