/* SPDX-License-Identifier: ISC */
/* Follow mode's model: the current cue, line or row at a playback time. */
#include <string.h>

#include "folio/doc.h"
#include "folio/follow.h"
#include "t.h"

static struct doc *
load(const char *path, const char *text)
{
	return doc_load_mem(path, text, strlen(text), NULL);
}

/* The 1-based line current at "ms", or 0 when none. */
static unsigned
line_at(const struct follow *f, long ms)
{
	struct follow_pos pos;

	return follow_at(f, ms, &pos) == 0 ? pos.line : 0;
}

static void
test_captions(void)
{
	static const char vtt[] =
	    "WEBVTT\n"				/* 1 */
	    "\n"
	    "00:00:01.000 --> 00:00:04.000\n"
	    "one\n"				/* 4 */
	    "\n"
	    "00:00:05.000 --> 00:00:09.000\n"
	    "two\n"				/* 7 */
	    "\n"
	    "00:01:00.000 --> 00:01:02.500\n"
	    "three\n";				/* 10 */
	struct doc	*d = load("talk.vtt", vtt);
	struct follow	*f = follow_new(d);
	struct follow_pos pos;

	T_CHECK(f != NULL);
	T_EQ(follow_count(f), 3);
	T_EQ(follow_at(f, 500, &pos), -1);
	T_EQ(line_at(f, 1000), 4);
	T_EQ(line_at(f, 3999), 4);
	T_EQ(follow_at(f, 4500, &pos), 0);
	T_EQ(pos.line, 4);		/* a gap keeps the last cue */
	T_CHECK(!pos.inside);
	T_EQ(follow_at(f, 5000, &pos), 0);
	T_EQ(pos.index, 1);
	T_CHECK(pos.inside);
	T_EQ(pos.next_ms, 60000);
	T_EQ(line_at(f, 59999), 7);
	T_EQ(line_at(f, 61000), 10);
	T_EQ(line_at(f, 3600000), 10);
	T_EQ(follow_at(f, 3600000, &pos), 0);
	T_EQ(pos.next_ms, -1);
	follow_free(f);
	doc_free(d);
}

static void
test_transcript(void)
{
	static const char md[] =
	    "---\n"				/* 1 */
	    "title: Talk\n"
	    "video_id: Qx7LmP2vT9a\n"
	    "duration: \"10:00\"\n"
	    "---\n"				/* 5 */
	    "# Transcript\n"
	    "\n"
	    "[00:00:00] Welcome everyone.\n"	/* 8 */
	    "\n"
	    "[00:01:30] First point.\n"		/* 10 */
	    "\n"
	    "[00:04:00] Second point.\n"	/* 12 */
	    "\n"
	    "See also https://www.youtube.com/watch?v=AAAAAAAAAAA&t=200s\n"
	    "\n"
	    "[00:08:00] Closing.\n";		/* 16 */
	struct doc	*d = load("talk.md", md);
	struct follow	*f = follow_new(d);

	T_CHECK(f != NULL);
	T_EQ(follow_count(f), 4);	/* the other video's link is not one */
	T_EQ(line_at(f, 0), 8);
	T_EQ(line_at(f, 89999), 8);
	T_EQ(line_at(f, 90000), 10);
	T_EQ(line_at(f, 200000), 10);
	T_EQ(line_at(f, 240000), 12);
	T_EQ(line_at(f, 599000), 16);
	follow_free(f);
	doc_free(d);
}

static void
test_summary_table(void)
{
	static const char md[] =
	    "---\n"
	    "video_id: Qx7LmP2vT9a\n"
	    "---\n"
	    "| Time | Topic |\n"		/* 4 */
	    "|------|-------|\n"
	    "| 0:00 | Intro |\n"		/* 6 */
	    "| 2:10 | Design |\n"		/* 7 */
	    "| 2:10 | Same time |\n"		/* 8 */
	    "| 7:45 | Questions |\n";		/* 9 */
	struct doc	*d = load("summary.md", md);
	struct follow	*f = follow_new(d);

	T_CHECK(f != NULL);
	T_EQ(follow_count(f), 4);
	T_EQ(line_at(f, 10000), 6);
	T_EQ(line_at(f, 130000), 7);	/* equal times: the first row */
	T_EQ(line_at(f, 400000), 7);
	T_EQ(line_at(f, 465000), 9);
	follow_free(f);
	doc_free(d);
}

static void
test_estimate(void)
{
	static const char md[] =
	    "---\n"
	    "video_id: Qx7LmP2vT9a\n"
	    "duration: \"1:40\"\n"
	    "---\n"
	    "one two three four five six seven eight nine ten\n"	/* 5 */
	    "\n"
	    "eleven twelve thirteen fourteen fifteen sixteen seventeen "
	    "eighteen nineteen twenty\n";				/* 7 */
	struct doc	*d = load("notes.md", md);
	struct follow	*f = follow_new(d);
	struct follow_pos pos;

	T_CHECK(f != NULL);
	T_EQ(follow_count(f), 0);
	T_EQ(follow_at(f, 10000, &pos), 0);
	T_CHECK(pos.approx);
	T_EQ(pos.line, 5);
	T_EQ(line_at(f, 60000), 7);
	T_EQ(line_at(f, 99000), 7);
	follow_free(f);
	doc_free(d);
	/* No video, no duration: no timeline. */
	d = load("plain.md", "# Plain\n\nJust text.\n");
	T_CHECK(follow_new(d) == NULL);
	doc_free(d);
}

T_LIST(test_captions, test_transcript, test_summary_table, test_estimate)
