/* SPDX-License-Identifier: ISC */
/* Speakers: labels, voice tags, turns and talk time. */
#include <string.h>

#include "folio/captions.h"
#include "folio/doc.h"
#include "folio/markdown.h"
#include "folio/role.h"
#include "folio/speaker.h"
#include "t.h"

/* The label's name in "s", or "" when it has none. */
static const char *
label(const char *s, const char *const *known, size_t nknown, size_t *used)
{
	static char	 name[128];
	size_t		 off, len, k;

	k = speaker_label(s, strlen(s), known, nknown, &off, &len);
	if (used != NULL)
		*used = k;
	if (k == 0)
		return "";
	memcpy(name, s + off, len);
	name[len] = '\0';
	return name;
}

static void
test_labels(void)
{
	static const char *const known[] = { "Ada Lovelace", "Bob" };
	size_t	 used;

	T_STREQ(label("ADA LOVELACE: Hello.", NULL, 0, &used), "ADA LOVELACE");
	T_EQ(used, 14);
	T_STREQ(label("Speaker 2: yes", NULL, 0, NULL), "Speaker 2");
	T_STREQ(label("SPEAKER_01: yes", NULL, 0, NULL), "SPEAKER_01");
	T_STREQ(label("[Speaker 1] hello", NULL, 0, &used), "Speaker 1");
	T_EQ(used, 12);
	T_STREQ(label("**Ada:** hi", NULL, 0, &used), "Ada");
	T_EQ(used, 9);
	T_STREQ(label("**Grace Hopper**: hi", NULL, 0, NULL), "Grace Hopper");
	T_STREQ(label(">> BOB: right", NULL, 0, NULL), "BOB");
	T_STREQ(label("- DR. O'NEIL: no", NULL, 0, NULL), "DR. O'NEIL");
	T_STREQ(label("Ada Lovelace: hi", known, 2, NULL), "Ada Lovelace");
	T_STREQ(label("Bob:", known, 2, NULL), "Bob");
	/* Not labels. */
	T_STREQ(label("Ada Lovelace: hi", NULL, 0, NULL), "");
	T_STREQ(label("Note: this is prose", NULL, 0, NULL), "");
	T_STREQ(label("12:30 we met", NULL, 0, NULL), "");
	T_STREQ(label("Q: why", NULL, 0, NULL), "");
	T_STREQ(label("WORD:nospace", NULL, 0, NULL), "");
	T_STREQ(label("see https://x.org", NULL, 0, NULL), "");
	T_STREQ(label("**bold** text: no", NULL, 0, NULL), "");
	T_STREQ(label("Speaker twelve: no", NULL, 0, NULL), "");
	T_STREQ(label("", NULL, 0, NULL), "");
	T_STREQ(label("THE END", NULL, 0, NULL), "");
}

static struct doc *
load(const char *path, const char *text)
{
	return doc_load_mem(path, text, strlen(text), NULL);
}

static void
test_voices(void)
{
	static const char vtt[] =
	    "WEBVTT\n\n"
	    "00:00:01.000 --> 00:00:04.000\n<v.loud Ada Lovelace>Hello "
	    "<b>all</b>.</v>\n\n"
	    "00:00:04.000 --> 00:00:06.000\n<v Ada Lovelace>Still me.\n\n"
	    "00:00:06.000 --> 00:00:10.000\n<v Bob>My turn now.\n\n"
	    "00:00:10.000 --> 00:00:11.000\nand more\n\n"
	    "00:00:12.000 --> 00:00:14.000\n<v Ada Lovelace>Back.\n";
	struct doc	*d = load("talk.vtt", vtt);
	struct speakers	 sp;
	const struct block *b;

	T_EQ(d->ncues, 5);
	T_STREQ(d->cues[0].voice, "Ada Lovelace");
	T_STREQ(d->cues[0].text, "Hello all.");
	T_CHECK(d->cues[3].voice == NULL);
	T_EQ(speaker_scan(d, NULL, 0, &sp), 2);
	T_STREQ(sp.v[0].name, "Ada Lovelace");
	T_STREQ(sp.v[1].name, "Bob");
	T_EQ(sp.nturns, 3);
	T_EQ(sp.v[0].turns, 2);
	T_EQ(sp.v[0].talk_ms, 7000);
	T_EQ(sp.v[1].talk_ms, 5000);	/* the cue without a voice is his */
	T_EQ(sp.v[1].words, 5);
	T_EQ(sp.turns[1].start_ms, 6000);
	T_CHECK(speaker_match(&sp, "lovelace"));
	T_CHECK(!speaker_match(&sp, "carol"));
	/* The body names the speaker once per turn, never the tag. */
	b = &d->body->blocks[0];
	T_CHECK(b->nruns >= 2 && b->runs[0].len == 14 &&
	    memcmp(b->runs[0].text, "Ada Lovelace: ", 14) == 0);
	T_EQ(b->runs[0].role, ROLE_STRONG);
	b = &d->body->blocks[1];
	T_CHECK(b->runs[0].len == 9 && memcmp(b->runs[0].text, "Still me.",
	    9) == 0);
	b = &d->body->blocks[2];
	T_CHECK(memcmp(b->runs[0].text, "Bob: ", 5) == 0);
	speaker_free(&sp);
	doc_free(d);
}

static void
test_srt_labels(void)
{
	static const char srt[] =
	    "1\n00:00:01,000 --> 00:00:03,000\nJOHN: Hi there.\n\n"
	    "2\n00:00:03,000 --> 00:00:05,000\nMARY: Hello John.\n\n"
	    "3\n00:00:05,000 --> 00:00:09,000\nHow are you?\n";
	struct doc	*d = load("talk.srt", srt);
	struct speakers	 sp;

	T_EQ(speaker_scan(d, NULL, 0, &sp), 2);
	T_STREQ(sp.v[0].name, "JOHN");
	T_EQ(sp.v[0].talk_ms, 2000);
	T_EQ(sp.v[1].talk_ms, 6000);
	T_EQ(sp.v[1].words, 5);
	speaker_free(&sp);
	doc_free(d);
}

static void
test_transcript(void)
{
	static const char md[] =
	    "---\n"
	    "video_id: Qx7LmP2vT9a\n"
	    "duration: \"5:00\"\n"
	    "---\n"
	    "# Interview\n"
	    "\n"
	    "[00:00:00] **Host:** Welcome to the show.\n"
	    "\n"
	    "[00:00:30] GUEST: Thanks for having me.\n"
	    "It is good to be here.\n"
	    "\n"
	    "[00:02:00] **Host:** Tell us more.\n"
	    "\n"
	    "[00:03:00] Speaker 3: I have a question.\n";
	static const char plain[] =
	    "# Notes\n\nALICE: one two three\n\nBOB: four\n\nmore words\n";
	struct doc	*d = load("interview.md", md);
	struct speakers	 sp;

	T_EQ(speaker_scan(d, NULL, 0, &sp), 3);
	T_STREQ(sp.v[0].name, "Host");
	T_STREQ(sp.v[1].name, "GUEST");
	T_STREQ(sp.v[2].name, "Speaker 3");
	T_EQ(sp.nturns, 4);
	T_EQ(sp.turns[1].line, 9);
	T_EQ(sp.v[0].talk_ms, 30000 + 60000);
	T_EQ(sp.v[1].talk_ms, 90000);
	T_EQ(sp.v[2].talk_ms, 120000);	/* to the end of the video */
	T_EQ(sp.v[1].words, 10);
	speaker_free(&sp);
	doc_free(d);
	/* No times: turns and words, no talk time. */
	d = load("notes.md", plain);
	T_EQ(speaker_scan(d, NULL, 0, &sp), 2);
	T_EQ(sp.v[0].talk_ms, -1);
	T_EQ(sp.v[0].words, 3);
	T_EQ(sp.v[1].words, 3);
	speaker_free(&sp);
	doc_free(d);
}

T_LIST(test_labels, test_voices, test_srt_labels, test_transcript)
