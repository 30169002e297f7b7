/* SPDX-License-Identifier: ISC */
/* Highlights: made from a document's line or cue, kept in the state,
 * exported grouped and in document order, written only where allowed. */
#include <sys/stat.h>

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "folio/buf.h"
#include "folio/doc.h"
#include "folio/highlight.h"
#include "folio/state.h"
#include "folio/xmalloc.h"
#include "t.h"

static char	 dir[] = "/tmp/folio-hl.XXXXXX";

static const char talk[] =
    "---\n"
    "title: Talk\n"
    "video_id: Qx7LmP2vT9a\n"
    "duration: \"10:00\"\n"
    "---\n"
    "# Transcript\n"				/* 6 */
    "\n"
    "[00:00:00] Welcome everyone.\n"		/* 8 */
    "\n"
    "> - [ ] [00:01:30]   First   point.\n"	/* 10 */
    "\n"
    "Plain words after it.\n"			/* 12 */
    "\n"
    "See [the other talk](https://youtu.be/AAAAAAAAAAA?t=42) too.\n";	/* 14 */

static const char vtt[] =
    "WEBVTT\n"
    "\n"
    "00:00:01.000 --> 00:00:03.000\n"		/* 3 */
    "<v Ada>hello there\n"			/* 4 */
    "second line\n"				/* 5 */
    "\n"
    "00:01:05.000 --> 00:01:08.000\n"
    "<v Bob>General Kenobi\n";			/* 8 */

static struct doc *
load(const char *path, const char *text)
{
	return doc_load_mem(path, text, strlen(text), NULL);
}

static void
test_from_doc(void)
{
	struct state_highlight h;
	struct folio_err err;
	struct doc	*d = load("talk.md", talk);

	T_EQ(highlight_from_doc(d, 10, -1, "  a   note ", &h, &err), 0);
	T_STREQ(h.text, "First point.");	/* markers and clock gone */
	T_EQ(h.seconds, 90);
	T_STREQ(h.video, "Qx7LmP2vT9a");
	T_EQ(h.line, 10);
	T_STREQ(h.note, "a note");
	T_STREQ(h.title, "Talk");
	highlight_clear(&h);
	/* No clock on the line: the last one before it. */
	T_EQ(highlight_from_doc(d, 12, -1, NULL, &h, &err), 0);
	T_EQ(h.seconds, 90);
	T_CHECK(h.note == NULL);
	highlight_clear(&h);
	/* The player's time wins. */
	T_EQ(highlight_from_doc(d, 12, 100, "", &h, &err), 0);
	T_EQ(h.seconds, 100);
	T_CHECK(h.note == NULL);
	highlight_clear(&h);
	/* A link to another video's moment takes that video. */
	T_EQ(highlight_from_doc(d, 14, -1, NULL, &h, &err), 0);
	T_STREQ(h.video, "AAAAAAAAAAA");
	T_EQ(h.seconds, 42);
	highlight_clear(&h);
	T_EQ(highlight_from_doc(d, 7, -1, NULL, &h, &err), -1);
	T_EQ(highlight_from_doc(d, 0, -1, NULL, &h, &err), -1);
	T_EQ(highlight_from_doc(d, 99, -1, NULL, &h, &err), -1);
	doc_free(d);

	d = load("talk.vtt", vtt);
	/* Any line of a cue gives the whole cue, tags removed. */
	T_EQ(highlight_from_doc(d, 5, -1, NULL, &h, &err), 0);
	T_STREQ(h.text, "hello there second line");
	T_EQ(h.seconds, 1);
	T_EQ(h.line, 4);
	highlight_clear(&h);
	T_EQ(highlight_from_doc(d, 7, -1, NULL, &h, &err), 0);
	T_STREQ(h.text, "General Kenobi");
	T_EQ(h.seconds, 65);
	highlight_clear(&h);
	doc_free(d);
}

/* A highlight by hand. */
static struct state_highlight
hl(const char *path, const char *title, unsigned line, long secs,
    const char *text, const char *note)
{
	struct state_highlight h;

	memset(&h, 0, sizeof(h));
	h.path = (char *)path;
	h.title = (char *)title;
	h.line = line;
	h.off = line * 10;
	h.seconds = secs;
	snprintf(h.video, sizeof(h.video), "Qx7LmP2vT9a");
	h.text = (char *)text;
	h.note = (char *)note;
	return h;
}

static void
test_store_export(void)
{
	struct state_highlight add[4], *v;
	struct folio_err err;
	struct state	*st;
	struct buf	 out = { 0 };
	char		*path = xasprintf("%s/state.sqlite", dir), warn[256];
	const char	*a, *b;
	long long	 id[4];
	size_t		 n, i;

	T_EQ(state_open(&st, path, warn, sizeof(warn), &err), 0);
	add[0] = hl("/lib/z.md", "Zed", 30, 754, "Later line.", "why");
	add[1] = hl("/lib/z.md", "Zed", 3, 5, "Early line.", NULL);
	add[2] = hl("/lib/a.md", "Aye", 9, -1, "No time.", NULL);
	add[3] = hl("/lib/z.md", "Zed", 12, 60, "Middle \033[31m line.",
	    NULL);
	for (i = 0; i < 4; i++)
		T_EQ(state_add_highlight(st, &add[i], &id[i]), 0);
	n = state_highlights(st, NULL, &v);
	T_EQ(n, 4);
	T_STREQ(v[0].path, "/lib/a.md");
	T_EQ(v[1].line, 3);
	T_EQ(v[2].line, 12);
	T_EQ(v[3].line, 30);
	T_STREQ(v[3].note, "why");
	T_EQ(v[0].seconds, -1);

	highlight_export(&out, v, n, HIGHLIGHT_MARKDOWN);
	T_CHECK(strstr(out.p, "## Aye") != NULL);
	T_CHECK(strstr(out.p, "> — [12:34](https://www.youtube.com/watch?v="
	    "Qx7LmP2vT9a&t=754s)\n\nwhy\n") != NULL);
	a = strstr(out.p, "Early line.");
	b = strstr(out.p, "Later line.");
	T_CHECK(a != NULL && b != NULL && a < b);
	T_CHECK(strchr(out.p, '\033') == NULL);
	/* Without a moment, the video. */
	T_CHECK(strstr(out.p, "No time.\n> — [video](https://www.youtube.com/"
	    "watch?v=Qx7LmP2vT9a)\n") != NULL);
	buf_reset(&out);
	highlight_export(&out, v, n, HIGHLIGHT_JSON);
	T_CHECK(strncmp(out.p, "[\n{\"path\":\"/lib/a.md\",\"title\":\"Aye\","
	    "\"highlights\":[\n {\"id\":", 53) == 0);
	T_CHECK(strstr(out.p, "\"seconds\":null,") != NULL);
	T_CHECK(strstr(out.p, "\\u001b[31m") != NULL);
	T_CHECK(strstr(out.p, "]},\n{\"path\":\"/lib/z.md\"") != NULL);
	buf_reset(&out);
	highlight_export(&out, NULL, 0, HIGHLIGHT_JSON);
	T_STREQ(buf_cstr(&out), "[]\n");
	state_highlights_free(v, n);

	/* One document's; deleting one. */
	n = state_highlights(st, "/lib/z.md", &v);
	T_EQ(n, 3);
	state_highlights_free(v, n);
	T_EQ(state_del_highlight(st, id[1]), 0);
	T_EQ(state_del_highlight(st, id[1]), -1);
	n = state_highlights(st, "/lib/z.md", &v);
	T_EQ(n, 2);
	state_highlights_free(v, n);
	buf_free(&out);
	state_close(st);
	free(path);
}

/* The contents of a file, or "" (a static buffer). */
static const char *
slurp(const char *path)
{
	static char	 b[256];
	FILE		*fp = fopen(path, "r");
	size_t		 n = 0;

	if (fp != NULL) {
		n = fread(b, 1, sizeof(b) - 1, fp);
		fclose(fp);
	}
	b[n] = '\0';
	return b;
}

static void
test_write(void)
{
	struct folio_err err;
	struct state	*st;
	char		*path = xasprintf("%s/state2.sqlite", dir), warn[256];
	char		*out = xasprintf("%s/vault/Highlights.md", dir);
	char		*mine = xasprintf("%s/vault/mine.md", dir);
	char		*vault = xasprintf("%s/vault", dir);
	FILE		*fp;

	T_EQ(state_open(&st, path, warn, sizeof(warn), &err), 0);
	mkdir(vault, 0755);
	T_EQ(highlight_write(st, out, "one\n", 4, false, &err), 0);
	T_STREQ(slurp(out), "one\n");
	/* Its own file, unchanged: replaced. */
	T_EQ(highlight_write(st, out, "two\n", 4, false, &err), 0);
	T_STREQ(slurp(out), "two\n");
	/* Changed since: kept. */
	fp = fopen(out, "a");
	fputs("mine\n", fp);
	fclose(fp);
	T_EQ(highlight_write(st, out, "three\n", 6, false, &err), -1);
	T_EQ(err.code, FOLIO_ERR_UNSAFE);
	T_STREQ(slurp(out), "two\nmine\n");
	T_EQ(highlight_write(st, out, "three\n", 6, true, &err), 0);
	T_STREQ(slurp(out), "three\n");
	/* Never written by folio: kept. */
	fp = fopen(mine, "w");
	fputs("notes\n", fp);
	fclose(fp);
	T_EQ(highlight_write(st, mine, "x\n", 2, false, &err), -1);
	T_STREQ(slurp(mine), "notes\n");
	/* Not a plain file: refused even with force. */
	T_EQ(highlight_write(st, vault, "x\n", 2, true, &err), -1);
	state_close(st);
	free(path);
	free(out);
	free(mine);
	free(vault);
}

static int
rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	return remove(path);
}

static void
test_cleanup(void)
{
	T_EQ(nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS), 0);
}

static void
test_setup(void)
{
	T_CHECK(mkdtemp(dir) != NULL);
}

T_LIST(test_setup, test_from_doc, test_store_export, test_write,
    test_cleanup)
