/* SPDX-License-Identifier: ISC */
/* Terminal tests of an Obsidian vault in the reader: embeds, callouts,
 * footnotes and front-matter links. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tui.h"

static const char host[] =
    "---\nrelated: \"[[Other]]\"\nsee: \"[[Nowhere]]\"\n"
    "part: \"[[Talk#Later]]\"\ncover: \"[[pic.png]]\"\n---\n"
    "# Host\n\n![[Talk#Moments]]\n\n"
    "> [!tip]- Folded tip\n> The hidden words.\n\n"
    "A claim.[^1]\n\n"
    "Filler one.\n\nFiller two.\n\nFiller three.\n\nFiller four.\n\n"
    "Filler five.\n\nFiller six.\n\nFiller seven.\n\nFiller eight.\n\n"
    "[^1]: The footnote's own words.\n";
static const char talk[] =
    "# Talk\n\nThe start.\n\n## Moments\n\n"
    "At [1:05](https://youtu.be/dQw4w9WgXcQ?t=65) see [[Other]] and "
    "![[pic.png]].\n\n"
    "## Later\n\nNot embedded.\n";
static const char other[] = "# Other\n\nThe other note.\n";

/* Select the metadata pane's row showing "text" (j until it is reversed;
 * lines above may wrap); whether it was reached. */
static int
meta_row(struct term *t, const char *text)
{
	struct tcell cell;
	int	 r, c, k;

	r = term_find(t, text);
	c = r >= 0 ? term_find_col(t, r, text) : -1;
	for (k = 0; k < 20 && r > 0 && c >= 0; k++) {
		term_cell(t, r, c, &cell);
		if (cell.reverse)
			return 1;
		term_type(t, "j");
		term_settle(t);
	}
	return 0;
}

/* In a vault: Enter on an embed's header opens the embedded note at its
 * heading; t reaches a moment inside the embedded text, ] a link and an
 * attachment there, which Enter follows and opens; Enter on a folded callout's title unfolds it and folds it
 * again; Enter on a footnote reference goes to its definition at the
 * end (H comes back); Enter on a front-matter link in the metadata pane
 * opens its note (at the heading it names) or its attachment, a missing
 * one says so. */
void
t_vault_live(void)
{
	char	 doc[600], line[512];
	const char *a[] = { doc, NULL };
	const char *e[] = { "BROWSER=true", NULL };
	struct term *t;
	struct tcell cell;
	int	 r, c;

	mkdir(tmp_path("live-vault"), 0700);
	mkdir(tmp_path("live-vault/.obsidian"), 0700);
	write_file("live-vault/Host.md", host, sizeof(host) - 1);
	write_file("live-vault/Talk.md", talk, sizeof(talk) - 1);
	write_file("live-vault/Other.md", other, sizeof(other) - 1);
	write_file("live-vault/pic.png", "\x89PNG", 4);
	snprintf(doc, sizeof(doc), "%s", tmp_path("live-vault/Host.md"));
	t = run(a, 24, 100, e);
	CHECK(t, term_wait_text(t, "[embed: Talk#Moments]", WAIT) == 0);
	CHECK(t, term_find(t, "┆ At 1:05 see Other and [image: pic.png].") >=
	    0);

	/* The embed's header: its note, at the heading. */
	term_type(t, "]");
	CHECK(t, term_wait_text(t, "[[Talk#Moments]]", WAIT) == 0);
	term_key(t, VTERM_KEY_ENTER, VTERM_MOD_NONE);
	CHECK(t, term_wait_text(t, "Not embedded.", WAIT) == 0);
	term_row(t, 1, line, sizeof(line));
	CHECK(t, strstr(line, "Moments") != NULL);
	CHECK(t, term_find(t, "The start.") < 0);
	term_type(t, "H");
	CHECK(t, term_wait_text(t, "[embed: Talk#Moments]", WAIT) == 0);

	/* The moment inside the embedded text is the next timestamp. */
	r = term_find(t, "┆ At 1:05");
	c = r >= 0 ? term_find_col(t, r, "1:05") : -1;
	CHECK(t, r >= 0 && c >= 0);
	term_type(t, "t");
	term_settle(t);
	if (r >= 0 && c >= 0) {
		term_cell(t, r, c, &cell);
		CHECK(t, cell.reverse);
	}
	/* A link inside the embedded text, after it. */
	term_type(t, "]");
	CHECK(t, term_wait_text(t, "[[Other]]", WAIT) == 0);
	term_key(t, VTERM_KEY_ENTER, VTERM_MOD_NONE);
	CHECK(t, term_wait_text(t, "The other note.", WAIT) == 0);
	term_type(t, "H");
	CHECK(t, term_wait_text(t, "[embed: Talk#Moments]", WAIT) == 0);
	/* And its attachment: Enter opens the file. */
	term_type(t, "]");
	term_key(t, VTERM_KEY_ENTER, VTERM_MOD_NONE);
	CHECK(t, term_wait_text(t, "opened pic.png", WAIT) == 0);

	/* The folded callout. */
	CHECK(t, term_find(t, "▸ Tip: Folded tip (1 line folded)") >= 0);
	CHECK(t, term_find(t, "The hidden words.") < 0);
	term_type(t, "]");
	term_key(t, VTERM_KEY_ENTER, VTERM_MOD_NONE);
	CHECK(t, term_wait_text(t, "│ The hidden words.", WAIT) == 0);
	CHECK(t, term_find(t, "┌ ▾ Tip: Folded tip") >= 0);
	term_key(t, VTERM_KEY_ENTER, VTERM_MOD_NONE);
	CHECK(t, term_wait_gone(t, "The hidden words.", WAIT) == 0);

	/* The footnote: to its definition, and back. */
	CHECK(t, term_find(t, "The footnote's own words.") < 0);
	term_type(t, "]");
	/* The status line says what the footnote says. */
	CHECK(t, term_wait_text(t, "The footnote's own words.", WAIT) == 0);
	term_key(t, VTERM_KEY_ENTER, VTERM_MOD_NONE);
	CHECK(t, term_wait_text(t, "[1] The footnote's own words.", WAIT) ==
	    0);
	CHECK(t, term_find(t, "A claim.[1]") < 0);
	term_type(t, "H");
	CHECK(t, term_wait_text(t, "A claim.[1]", WAIT) == 0);
	CHECK(t, term_find(t, "[1] The footnote's own words.") < 0);

	/* The metadata pane's front-matter links. */
	term_type(t, "i");
	CHECK(t, term_wait_text(t, "related: [[Other]]", WAIT) == 0);
	CHECK(t, term_find(t, "see: [[Nowhere]] (missing)") >= 0);
	term_key(t, VTERM_KEY_TAB, VTERM_MOD_NONE);
	CHECK(t, term_wait_text(t, "apply", WAIT) == 0);
	CHECK(t, meta_row(t, "related: [[Other]]"));
	term_key(t, VTERM_KEY_ENTER, VTERM_MOD_NONE);
	CHECK(t, term_wait_text(t, "The other note.", WAIT) == 0);
	/* One naming a heading opens its note there. */
	term_type(t, "H");
	CHECK(t, term_wait_text(t, "part: [[Talk#Later]]", WAIT) == 0);
	term_key(t, VTERM_KEY_TAB, VTERM_MOD_NONE);
	CHECK(t, meta_row(t, "part: [[Talk#Later]]"));
	term_key(t, VTERM_KEY_ENTER, VTERM_MOD_NONE);
	CHECK(t, term_wait_text(t, "Not embedded.", WAIT) == 0);
	CHECK(t, term_find(t, "The start.") < 0);
	/* One naming an attachment opens the file. */
	term_type(t, "H");
	CHECK(t, term_wait_text(t, "cover: [[pic.png]]", WAIT) == 0);
	term_key(t, VTERM_KEY_TAB, VTERM_MOD_NONE);
	CHECK(t, meta_row(t, "cover: [[pic.png]]"));
	term_key(t, VTERM_KEY_ENTER, VTERM_MOD_NONE);
	CHECK(t, term_wait_text(t, "opened pic.png", WAIT) == 0);
	CHECK(t, quit_ok(t) == 0);
	term_free(t);
}
