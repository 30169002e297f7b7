/* SPDX-License-Identifier: ISC */
#ifndef FOLIO_SPEAKER_H
#define FOLIO_SPEAKER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Speakers of a transcript or captions: WebVTT voice tags (<v Name>),
 * lines starting with a name and a colon (upper-case "ADA LOVELACE:",
 * "Speaker 2:", "**Ada:**", or a known name), and their turns with the
 * time each spoke.
 */
struct doc;

#define SPEAKER_NAME_MAX	64	/* bytes of a name */
#define SPEAKER_MAX		256	/* speakers kept per document */

/* A speaker and what they said in all. */
struct speaker {
	char		*name;
	size_t		 turns;
	long		 talk_ms;	/* -1 when the document has no times */
	size_t		 words;
};

/* One turn: a speaker starting to talk. */
struct speaker_turn {
	size_t		 who;		/* index in speakers */
	uint32_t	 off;		/* source offset of the line or cue */
	unsigned	 line;		/* its 1-based line */
	long		 start_ms;	/* or -1 */
	long		 end_ms;	/* or -1 */
};

struct speakers {
	struct speaker	*v;		/* in order of first turn */
	size_t		 n;
	struct speaker_turn *turns;	/* in document order */
	size_t		 nturns;
};

/*
 * If s[0..n) (one line) starts with a speaker label, return the bytes of
 * the label (with its colon and the spaces after) and store the name's
 * span in *name_off and *name_len; else 0.  Labels: "NAME:" in upper case
 * (two letters or more; digits, spaces, '.', '-', '_' and '\'' allowed),
 * "Speaker N:", "[Speaker N]", "**Name:**" or "**Name**:", and any of
 * known[0..nknown) followed by a colon.  A leading "- " or ">> " is
 * skipped.
 */
size_t		 speaker_label(const char *s, size_t n,
		    const char *const *known, size_t nknown,
		    size_t *name_off, size_t *name_len);

/*
 * The speakers and turns of "d" (captions: the voice of each cue, else a
 * label at its start, a cue without either continuing the turn; other
 * documents: a label at the start of a line, after list and quote
 * markers and a leading clock).  Talk time comes from cue times, or from
 * the time of each turn's line to the next turn's.  Returns the number
 * of speakers; free with speaker_free.
 */
size_t		 speaker_scan(const struct doc *, const char *const *known,
		    size_t nknown, struct speakers *out);
void		 speaker_free(struct speakers *);

/* True if one of the speakers' names contains "folded" (a query value
 * folded as utf8_fold folds). */
bool		 speaker_match(const struct speakers *, const char *folded);

#endif /* !FOLIO_SPEAKER_H */
