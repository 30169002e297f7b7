/* SPDX-License-Identifier: ISC */
/* Terminal tests of the reader's commands and messages. */
#include <string.h>

#include "tui.h"

/* :goto takes a heading (a prefix, any case) besides a line and a time. */
void
t_goto_heading(void)
{
	const char *a[] = {
	    "data/library/summaries/compilers-weekly-42-summary.md", NULL };
	struct term *t = run(a, 12, 100, NULL);
	char	 line[512];

	CHECK(t, term_wait_text(t, "Take-aways from the episode", WAIT) == 0);
	CHECK(t, term_find(t, "References") < 0);
	term_type(t, ":goto refer");
	term_key(t, VTERM_KEY_ENTER, VTERM_MOD_NONE);
	CHECK(t, term_wait_text(t, "References", WAIT) == 0);
	term_row(t, 1, line, sizeof(line));
	CHECK(t, strstr(line, "References") != NULL);
	/* Back comes to the top: a heading is a jump. */
	term_type(t, "H");
	CHECK(t, term_wait_text(t, "Take-aways from the episode", WAIT) == 0);
	term_type(t, ":goto Nothing like it");
	term_key(t, VTERM_KEY_ENTER, VTERM_MOD_NONE);
	CHECK(t, term_wait_text(t, "goto: no heading, line or time", WAIT) == 0);
	CHECK(t, quit_ok(t) == 0);
	term_free(t);
}

/* The metadata pane counts in words of the right number: "1 document". */
void
t_meta_singular(void)
{
	const char *a[] = { "-L", "data/library",
	    "data/library/transcripts/inside-a-modern-chip-fab.md", NULL };
	struct term *t = run(a, 60, 200, NULL);

	CHECK(t, term_wait_text(t, "Welcome back", WAIT) == 0);
	CHECK(t, term_wait_text(t, "ASML (1 document)", WAIT) == 0);
	CHECK(t, term_find(t, "TSMC (3 documents)") >= 0);
	CHECK(t, term_find(t, "docs)") < 0);
	CHECK(t, quit_ok(t) == 0);
	term_free(t);
}
