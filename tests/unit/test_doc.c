/* SPDX-License-Identifier: ISC */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "folio/buf.h"
#include "folio/doc.h"
#include "folio/frontmatter.h"
#include "folio/markdown.h"
#include "t.h"

static struct doc *
mem(const char *path, const char *s)
{
	return doc_load_mem(path, s, strlen(s), NULL);
}

static size_t
count_ts(const struct doc *d)
{
	size_t	 i, n = 0;

	for (i = 0; i < d->body->nitems; i++)
		if (d->body->items[i].type == ITEM_TS)
			n++;
	return n;
}

static void
test_derived(void)
{
	struct doc	*d;

	d = mem("a/talk.md", "---\ntitle: \"T\"\nvideo_id: \"Ey811OUpX70\"\n"
	    "publish_date: \"2024-11-11\"\nduration: \"7:37\"\n---\n# H\n\nx\n");
	T_STREQ(d->title, "T");
	T_STREQ(d->video, "Ey811OUpX70");
	T_STREQ(d->date, "2024-11-11");
	T_EQ(d->duration, 457);
	T_EQ(d->kind, DOC_VIDEO);
	T_EQ(d->nerrors, 0);
	doc_free(d);

	/* Title from the first heading, video from a URL, ISO duration,
	 * date-time kept. */
	d = mem("b.md", "---\nurl: https://youtu.be/aBcDeFgHiJk\n"
	    "duration: PT1H2M3S\ndate: 2025-05-02T09:30:00Z\n---\n\n## Head\n");
	T_STREQ(d->title, "Head");
	T_STREQ(d->video, "aBcDeFgHiJk");
	T_EQ(d->duration, 3723);
	T_STREQ(d->date, "2025-05-02T09:30:00Z");
	doc_free(d);

	/* Title from the file name; a note. */
	d = mem("dir/plain words.txt", "just text\n");
	T_STREQ(d->title, "plain words");
	T_EQ(d->kind, DOC_NOTE);
	T_CHECK(d->date == NULL);
	T_EQ(d->duration, -1);
	doc_free(d);

	/* Video by majority of links. */
	d = mem("t.md", "[a](https://youtu.be/aaaaaaaaaaa?t=1) "
	    "[b](https://youtu.be/bbbbbbbbbbb?t=2) "
	    "[c](https://youtu.be/bbbbbbbbbbb?t=3)\n");
	T_STREQ(d->video, "bbbbbbbbbbb");
	T_CHECK(d->video_from_links);
	T_EQ(d->nts, 3);
	doc_free(d);

	/* Duration as an integer number of seconds. */
	d = mem("n.md", "---\nduration: 90\n---\n");
	T_EQ(d->duration, 90);
	doc_free(d);
}

static void
test_clocks(void)
{
	struct doc	*d;

	d = mem("c.md", "---\nvideo_id: abcdefghijk\n---\n"
	    "[00:12:34] one (4:05) two 45:07 three\n\n"
	    "ratio 16:9 score 25:99 https://e.com/1:23/x `1:00`\n");
	T_EQ(count_ts(d), 3);
	T_EQ(d->body->items[0].seconds, 754);
	T_STREQ(d->body->items[0].video, "abcdefghijk");
	T_EQ(doc_line(d, d->body->items[0].off), 4);
	doc_free(d);

	/* No video: clock times are not timestamps. */
	d = mem("n.md", "at 12:30 we met\n");
	T_EQ(count_ts(d), 0);
	doc_free(d);
}

static void
test_estimate(void)
{
	struct doc	*d;
	bool		 approx;
	long		 t;

	d = mem("e.md", "---\nvideo_id: abcdefghijk\nduration: 100\n---\n"
	    "one two three four five six seven eight nine ten\n");
	T_EQ(d->words, 10);
	t = doc_time_at(d, d->len, &approx);
	T_CHECK(approx);
	T_EQ(t, 100);
	t = doc_time_at(d, d->body_off, &approx);
	T_EQ(t, 0);
	/* And back: time 50 of 100 is the sixth word. */
	T_EQ(doc_off_at_time(d, 50, &approx), (long)(d->body_off + 24));
	T_CHECK(approx);
	T_EQ(doc_off_at_time(d, 0, &approx), (long)d->body_off);
	T_EQ(doc_off_at_time(d, 999, &approx), (long)(d->body_off + 45));
	doc_free(d);
	d = mem("n.md", "words only\n");
	T_EQ(doc_time_at(d, 0, &approx), -1);
	T_EQ(doc_off_at_time(d, 10, &approx), -1);
	doc_free(d);
	/* With timestamps: the last one at or before, the first on ties. */
	d = mem("t.md", "---\nvideo_id: abcdefghijk\n---\n"
	    "a [00:10] b\n\nc [00:30] d [00:30]\n\ne [01:00]\n");
	T_EQ(count_ts(d), 4);
	T_EQ(doc_off_at_time(d, 45, &approx), (long)d->body->items[1].off);
	T_CHECK(!approx);
	T_EQ(doc_off_at_time(d, 5, &approx), (long)d->body->items[0].off);
	T_EQ(doc_off_at_time(d, 3600, &approx), (long)d->body->items[3].off);
	doc_free(d);
}

static void
test_bad(void)
{
	struct doc	*d;

	/* Bad YAML: an error with a position; the body still loads. */
	d = mem("b.md", "---\ntitle: Roasting: a primer\n---\n# Body\n");
	T_EQ(d->fm_err.code, FOLIO_ERR_YAML);
	T_EQ(d->fm_err.line, 2);
	T_CHECK(d->nerrors >= 1);
	T_STREQ(d->title, "Body");
	T_EQ(d->body->blocks[0].type, BLK_HEADING);
	doc_free(d);

	/* Never closed: everything is body text, plus an error. */
	d = mem("u.md", "---\ntitle: x\n\ntext\n");
	T_CHECK(d->nerrors >= 1);
	T_EQ(d->body_off, 0);
	T_CHECK(d->body->nblocks >= 1);
	doc_free(d);

	/* BOM and CRLF. */
	d = mem("bom.md", "\xef\xbb\xbf---\r\ntitle: B\r\n---\r\nbody\r\n");
	T_STREQ(d->title, "B");
	T_EQ(d->nerrors, 0);
	T_EQ(d->nlines, 5);
	doc_free(d);

	/* Invalid UTF-8 and NUL are warnings, never errors. */
	d = doc_load_mem("x.md", "a\xff\0b\n", 5, NULL);
	T_EQ(d->nerrors, 0);
	T_EQ(d->nproblems, 2);
	doc_free(d);

	/* Empty, a list as front matter, a scalar. */
	d = mem("e.md", "");
	T_EQ(d->body->nblocks, 0);
	T_STREQ(d->title, "e");
	doc_free(d);
	d = mem("l.md", "---\n- a\n- b\n---\nx\n");
	T_CHECK(d->nerrors >= 1);
	T_STREQ(d->title, "l");
	doc_free(d);
	d = mem("s.md", "---\njust a scalar\n---\nx\n");
	T_CHECK(d->nerrors >= 1);
	doc_free(d);
}

static void
test_captions(void)
{
	struct doc	*d;

	d = mem("v/aBcDeFgHiJk.en.vtt", "WEBVTT\n\n00:00:01.000 --> "
	    "00:00:02.000\nhello\n\n00:01:05.000 --> 00:01:06.000\nworld\n");
	T_EQ(d->kind, DOC_CAPTIONS);
	T_STREQ(d->video, "aBcDeFgHiJk");
	T_EQ(d->nts, 2);
	T_EQ(d->body->items[1].seconds, 65);
	T_STREQ(d->body->items[1].video, "aBcDeFgHiJk");
	doc_free(d);

	/* YouTube's automatic captions: a line of one space inside a cue,
	 * each cue repeating the line before, 10 ms cues repeating it
	 * alone.  Each line is read once, at the time it is said. */
	d = mem("v/Auto [aBcDeFgHiJk].en.vtt", "WEBVTT\nKind: captions\n"
	    "Language: en\n\n"
	    "00:00:00.000 --> 00:00:02.500 align:start position:0%\n \n"
	    "hello<00:00:00.500><c> there</c>\n\n"
	    "00:00:02.500 --> 00:00:02.510 align:start position:0%\n"
	    "hello there\n \n\n"
	    "00:00:02.510 --> 00:00:05.000 align:start position:0%\n"
	    "hello there\nTSMC<00:00:03.000><c> makes chips</c>\n\n"
	    "00:00:05.000 --> 00:00:07.000\nhello there\n");
	T_EQ(d->nts, 3);
	T_EQ(d->body->nblocks, 3);
	if (d->body->nblocks == 3) {
		const struct block *b = d->body->blocks;

		T_EQ(b[0].nruns, 1);
		T_CHECK(b[0].runs[0].len == 11 &&
		    memcmp(b[0].runs[0].text, "hello there", 11) == 0);
		T_EQ(b[1].nruns, 1);
		T_CHECK(b[1].runs[0].len == 16 &&
		    memcmp(b[1].runs[0].text, "TSMC makes chips", 16) == 0);
		/* A line said again later (2 s, not a roll-up) stays. */
		T_CHECK(b[2].runs[0].len == 11 &&
		    memcmp(b[2].runs[0].text, "hello there", 11) == 0);
	}
	T_EQ(d->body->items[1].seconds, 2);
	doc_free(d);

	/* SubRip with CRLF, tags, an entity and a SubStation code. */
	d = mem("x.srt", "1\r\n00:00:01,000 --> 00:00:02,000\r\n"
	    "{\\an8}<i>Previously</i> &amp; so\r\n");
	T_EQ(d->body->nblocks, 1);
	if (d->body->nblocks == 1)
		T_CHECK(d->body->blocks[0].runs[0].len == 15 &&
		    memcmp(d->body->blocks[0].runs[0].text,
		    "Previously & so", 15) == 0);
	doc_free(d);
}

static void
test_lines(void)
{
	struct doc	*d;
	size_t		 n;
	const char	*t;

	d = mem("l.md", "one\r\ntwo\nthree");
	T_EQ(d->nlines, 3);
	T_EQ(doc_line(d, 0), 1);
	T_EQ(doc_line(d, 5), 2);
	T_EQ(doc_line(d, 100), 3);
	t = doc_line_text(d, 1, &n);
	T_EQ(n, 3);
	T_CHECK(memcmp(t, "one", 3) == 0);
	T_EQ(doc_line_off(d, 3), 9);
	doc_free(d);
}

static void
test_chapters(void)
{
	struct doc	*d;
	struct chapter	*c;
	size_t		 n;

	d = mem("c.md", "# Intro\n\n[00:12] Ada *introduces* the show.\n"
	    "More [03:40] and [04:00] on one line.\n\n## Part two\n\n"
	    "| Time | Topic |\n|---|---|\n"
	    "| [1:02:03](https://youtu.be/aBcDeFgHiJk?t=3723) | Parsing |\n");
	n = doc_chapters(d, &c);
	T_EQ(n, 5);
	T_EQ(c[0].level, 1);
	T_STREQ(c[0].text, "Intro");
	T_EQ(c[1].seconds, 12);
	T_STREQ(c[1].text, "[00:12] Ada introduces the show.");
	/* Two timestamps on one line make one entry. */
	T_EQ(c[2].seconds, 220);
	T_STREQ(c[2].text, "More [03:40] and [04:00] on one line.");
	T_EQ(c[3].level, 2);
	T_STREQ(c[3].text, "Part two");
	T_EQ(c[4].seconds, 3723);
	T_STREQ(c[4].text, "1:02:03  Parsing");
	T_EQ(doc_chapter_near(c, n, 0), 0);
	T_EQ(doc_chapter_near(c, n, c[3].off + 1), 3);
	T_EQ(doc_chapter_near(c, n, 100000), 4);
	doc_chapters_free(c, n);
	doc_free(d);

	d = mem("e.md", "");
	T_EQ(doc_chapters(d, &c), 0);
	doc_chapters_free(c, 0);
	doc_free(d);
}

/* doc_opts.limit: the front matter whole, then about "limit" bytes of the
 * body cut after a blank line; a file that fits is read whole. */
static void
test_limit(void)
{
	char		 path[] = "/tmp/folio-limit-XXXXXX";
	struct doc_opts	 o = { .limit = 4096 };
	struct folio_err err;
	struct doc	*d;
	FILE		*f;
	int		 fd, i;

	if ((fd = mkstemp(path)) == -1 || (f = fdopen(fd, "w")) == NULL)
		return;
	fputs("---\ntitle: Limited\nnotes: |\n", f);
	for (i = 0; i < 400; i++)		/* 8 KB of front matter */
		fputs("  a line of the front matter's long note\n", f);
	fputs("---\n# Body\n\n", f);
	for (i = 0; i < 2000; i++)
		fprintf(f, "paragraph %d of the body\n\n", i);
	fclose(f);
	d = doc_load(path, "limited.md", NULL, &o, &err);
	T_CHECK(d != NULL);
	if (d != NULL) {
		T_CHECK(d->partial);
		T_STREQ(d->title, "Limited");		/* front matter read */
		T_EQ(d->fm_err.code, FOLIO_ERR_OK);
		T_CHECK(d->len - d->body_off <= 4096);
		T_CHECK(d->len - d->body_off > 2048);
		T_CHECK(d->len >= 2 && d->src->p[d->len - 1] == '\n' &&
		    d->src->p[d->len - 2] == '\n');	/* after a blank line */
		doc_free(d);
	}
	/* Kept open, read in part: the rest is there to read. */
	o.keep = &fd;
	d = doc_load(path, "limited.md", NULL, &o, &err);
	T_CHECK(d != NULL && d->partial && fd >= 0);
	if (fd >= 0) {
		char c = 0;

		T_EQ(pread(fd, &c, 1, d->size - 2), 1);
		T_EQ(c, '\n');
		close(fd);
	}
	doc_free(d);
	o.limit = 1u << 20;			/* all of it fits */
	d = doc_load(path, "limited.md", NULL, &o, &err);
	T_CHECK(d != NULL && !d->partial);
	T_EQ(fd, -1);				/* nothing left open */
	doc_free(d);
	remove(path);
}

/* doc_opts.limit reads a start in steps: a front matter many steps long
 * is read whole, and a "---x" line at the end of the first step does not
 * close it. */
static void
test_limit_steps(void)
{
	char		 path[] = "/tmp/folio-steps-XXXXXX";
	struct doc_opts	 o = { .limit = 4096 };
	struct folio_err err;
	struct doc	*d;
	FILE		*f;
	long		 at;
	int		 fd, i;

	if ((fd = mkstemp(path)) == -1 || (f = fdopen(fd, "w")) == NULL)
		return;
	fputs("---\nfiller:\n", f);
	/* The first step is limit + 4096 bytes: end it inside "---x". */
	while ((at = ftell(f)) < 8192 - 3 - 20)
		fputs("  - filler\n", f);
	fprintf(f, "%-*s\n", (int)(8192 - 3 - at - 1), "pad: x");
	fputs("---x: 1\n", f);
	fputs("title: Stepped\nnotes: |\n", f);
	for (i = 0; i < 2500; i++)		/* 100 KB more front matter */
		fputs("  a line of the front matter's long note\n", f);
	fputs("---\n# Body\n\n", f);
	for (i = 0; i < 2000; i++)
		fprintf(f, "paragraph %d of the body\n\n", i);
	fclose(f);
	d = doc_load(path, "stepped.md", NULL, &o, &err);
	T_CHECK(d != NULL);
	if (d != NULL) {
		T_CHECK(d->partial);
		T_STREQ(d->title, "Stepped");	/* after the cut "---x" */
		T_EQ(d->fm_err.code, FOLIO_ERR_OK);
		T_CHECK(d->body_off > 100000);
		T_CHECK(d->len - d->body_off <= 4096);
		T_CHECK(d->len - d->body_off > 2048);
		doc_free(d);
	}
	remove(path);
}

/* A heading's section and a block named by "^id". */
static void
test_anchor(void)
{
	struct doc	*d = mem("a.md", "# Top\n\n## One\n\ntext\n\n"
	    "### Sub\n\nmore\n\n## Two\n\nShip it. ^goal\n\n- a\n- b\n\n"
	    "^list\n");
	uint32_t	 off, end;

	T_CHECK(doc_anchor(d, "one", &off, &end));
	T_EQ(off, 7);
	T_EQ(end, strstr(d->src->p, "## Two") - d->src->p);
	T_CHECK(doc_anchor(d, "Top#Two", &off, &end));
	T_CHECK(doc_anchor(d, "^goal", &off, &end));
	T_EQ(off, strstr(d->src->p, "Ship") - d->src->p);
	T_CHECK(doc_anchor(d, "^list", &off, &end));
	T_CHECK(!doc_anchor(d, "^go", &off, &end));
	T_CHECK(!doc_anchor(d, "Three", &off, &end));
	doc_free(d);
}

/* Line starts of lines of every length around the eight-byte steps,
 * and of a text ending with and without a newline, found as a byte at a
 * time would. */
static void
test_line_starts(void)
{
	struct doc	*d;
	struct buf	 b = { 0 };
	size_t		 i, k, line, bad;
	int		 end;

	for (end = 0; end < 2; end++) {
		buf_reset(&b);
		for (i = 0; i < 40; i++) {
			for (k = 0; k < (i * 7) % 23; k++)
				buf_addc(&b, 'a' + (int)(k % 26));
			buf_addc(&b, '\n');
		}
		if (end)
			buf_adds(&b, "tail");
		d = doc_load_mem("x.md", b.p, b.len, NULL);
		T_CHECK(d != NULL);
		line = 1;
		bad = 0;
		T_EQ(doc_line_off(d, 1), 0);
		for (i = 0; i < b.len; i++) {
			bad += doc_line(d, i) != line;
			if (b.p[i] == '\n') {
				line++;
				bad += doc_line_off(d, (unsigned)line) != i + 1;
			}
		}
		T_EQ(bad, 0);		/* every byte's line, every line's start */
		T_EQ(d->nlines, line);
		doc_free(d);
	}
	buf_free(&b);
}

T_LIST(test_anchor, test_limit, test_limit_steps, test_derived, test_clocks, test_estimate, test_bad, test_captions,
    test_lines, test_chapters, test_line_starts)
