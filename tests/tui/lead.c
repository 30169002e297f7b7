/* SPDX-License-Identifier: ISC */
/* Terminal tests of the reader's commands and messages. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

/* F on a library never indexed answers at once, from the documents read
 * directly, and says that the ranking improves once the index is built;
 * once it is, a search is all the index's. */
void
t_fulltext_never_waits(void)
{
	char	 env[600], name[64], *doc;
	const char *a[] = { "-L", tmp_path("big"), NULL };
	const char *e[] = { env, NULL };
	struct term *t;
	size_t	 i, len, cap = 24 * 1024;
	int	 k;

	/* 1,500 documents of 24 KB: longer to index than F waits. */
	snprintf(name, sizeof(name), "%s", tmp_path("big"));
	mkdir(name, 0700);
	doc = malloc(cap);
	for (k = 0; k < 1500; k++) {
		len = (size_t)snprintf(doc, cap, "# Document %d\n\n", k);
		for (i = 0; len + 80 < cap; i++)
			len += (size_t)snprintf(doc + len, cap - len,
			    "Paragraph %zu of filler text about wafers and "
			    "yields.\n\n", i);
		if (k == 1234)
			len += (size_t)snprintf(doc + len, cap - len,
			    "A grey heron stands here.\n");
		snprintf(name, sizeof(name), "big/doc%04d.md", k);
		write_file(name, doc, len);
	}
	free(doc);
	snprintf(env, sizeof(env), "XDG_CACHE_HOME=%s", tmp_path("cache"));
	t = run(a, 30, 120, e);
	CHECK(t, term_wait_text(t, "1500 documents", WAIT) == 0);
	term_type(t, "F");
	CHECK(t, term_wait_text(t, "search library: ", WAIT) == 0);
	term_type(t, "heron");
	term_key(t, VTERM_KEY_ENTER, VTERM_MOD_NONE);
	CHECK(t, term_wait_text(t, "Search: heron", WAIT) == 0);
	CHECK(t, term_find(t, "ranked better once indexed") >= 0);
	CHECK(t, term_find(t, "big/doc1234.md") >= 0 ||
	    term_find(t, "doc1234.md") >= 0);
	CHECK(t, term_find(t, "A grey heron stands here.") >= 0);
	/* Once the index is built, the same search is the index's alone. */
	term_type(t, "q");
	CHECK(t, term_wait_gone(t, "Search: heron", WAIT) == 0);
	CHECK(t, term_wait_gone(t, "indexing", 60000) == 0);
	term_type(t, "F");
	term_type(t, "heron");
	term_key(t, VTERM_KEY_ENTER, VTERM_MOD_NONE);
	CHECK(t, term_wait_text(t, "Search: heron", WAIT) == 0);
	CHECK(t, term_find(t, "ranked better once indexed") < 0);
	CHECK(t, term_find(t, "A grey heron stands here.") >= 0);
	term_type(t, "q");
	CHECK(t, quit_ok(t) == 0);
	term_free(t);
}

/* Enter, and o, on an attachment in the body open the file itself with
 * the opener ($BROWSER here): its absolute path, as one word. */
void
t_open_attachment(void)
{
	static const char rec[] = "#!/bin/sh\nfor a in \"$@\"; do "
	    "printf '%s\\n' \"$a\"; done >> \"$0.out\"\n";
	static const char note[] = "# Gallery\n\nThe picture: ![[my pic.png]] "
	    "and the plan [[plan.pdf]].\n";
	char	 env[600], out[600], want[1200], got[2048] = "", doc[600];
	const char *a[] = { doc, NULL };
	const char *e[] = { env, NULL };
	struct term *t;
	FILE	*fp;
	int	 i;

	snprintf(doc, sizeof(doc), "%s", tmp_path("vault/Gallery.md"));
	mkdir(tmp_path("vault"), 0700);
	mkdir(tmp_path("vault/.obsidian"), 0700);
	mkdir(tmp_path("vault/Attachments"), 0700);
	write_file("vault/Gallery.md", note, sizeof(note) - 1);
	write_file("vault/Attachments/my pic.png", "\x89PNG", 4);
	write_file("vault/plan.pdf", "%PDF", 4);
	write_file("rec-att.sh", rec, sizeof(rec) - 1);
	chmod(tmp_path("rec-att.sh"), 0755);
	snprintf(env, sizeof(env), "BROWSER=%s", tmp_path("rec-att.sh"));
	snprintf(out, sizeof(out), "%s.out", tmp_path("rec-att.sh"));
	t = run(a, 30, 120, e);
	CHECK(t, term_wait_text(t, "[image: my pic.png]", WAIT) == 0);
	term_type(t, "]");
	term_key(t, VTERM_KEY_ENTER, VTERM_MOD_NONE);
	CHECK(t, term_wait_text(t, "opened my pic.png", WAIT) == 0);
	term_type(t, "]");
	term_type(t, "o");
	CHECK(t, term_wait_text(t, "opened plan.pdf", WAIT) == 0);
	for (i = 0; i < 500 && !case_failed; i++) {
		size_t n = 0;

		if ((fp = fopen(out, "r")) != NULL) {
			n = fread(got, 1, sizeof(got) - 1, fp);
			fclose(fp);
		}
		got[n] = '\0';
		if (strstr(got, "plan.pdf") != NULL)
			break;
		usleep(10000);
	}
	{
		char *real = realpath(tmp_path("vault"), NULL);

		snprintf(want, sizeof(want), "%s/Attachments/my pic.png\n"
		    "%s/plan.pdf\n", real ? real : "", real ? real : "");
		free(real);
	}
	CHECK(t, strcmp(got, want) == 0);
	if (strcmp(got, want) != 0)
		printf("got: %s\nwant: %s\n", got, want);
	CHECK(t, quit_ok(t) == 0);
	term_free(t);
}

/* A file opened alone, in no library and no vault: its library is its
 * folder without the folders below it (a note in a shared folder brings
 * no unrelated tree along). */
void
t_lone_file(void)
{
	char	 doc[600];
	const char *a[] = { doc, NULL };
	struct term *t;

	mkdir(tmp_path("lone"), 0700);
	mkdir(tmp_path("lone/deep"), 0700);
	write_file("lone/alone.md", "# Alone here\n\nSee [[Neighbour]].\n", 33);
	write_file("lone/Neighbour.md", "# Neighbour\n\nNext door.\n", 24);
	write_file("lone/deep/buried.md", "# Buried far below\n", 20);
	snprintf(doc, sizeof(doc), "%s", tmp_path("lone/alone.md"));
	t = run(a, 30, 120, NULL);
	CHECK(t, term_wait_text(t, "Alone here", WAIT) == 0);
	CHECK(t, term_wait_text(t, "Neighbour", WAIT) == 0);
	CHECK(t, term_find(t, "2 documents") >= 0);
	CHECK(t, term_find(t, "Buried") < 0);
	/* A rescan (r R) keeps to the folder too. */
	term_type(t, "R");
	CHECK(t, term_wait_text(t, "2 documents", WAIT) == 0);
	CHECK(t, term_find(t, "Buried") < 0);
	CHECK(t, quit_ok(t) == 0);
	term_free(t);
}
