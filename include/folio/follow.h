/* SPDX-License-Identifier: ISC */
#ifndef FOLIO_FOLLOW_H
#define FOLIO_FOLLOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Follow mode's model: which part of a document is current at a playback
 * time.  A document's moments are its caption cues, or its timestamps
 * (lines of a transcript, rows of a summary table) that belong to its
 * video; a document with neither but with a video and a duration is
 * followed by word position, as an estimate.
 */
struct doc;
struct follow;

/* One moment of a document, in time order. */
struct follow_moment {
	long		 ms;		/* its time */
	long		 end_ms;	/* a cue's end, else -1 */
	uint32_t	 off;		/* source offset */
	unsigned	 line;		/* 1-based source line */
};

/* Where playback is in the document. */
struct follow_pos {
	long		 index;		/* current moment; -1: an estimate */
	uint32_t	 off;		/* source offset to show, highlight */
	unsigned	 line;		/* its 1-based line */
	long		 ms;		/* the moment's time */
	long		 next_ms;	/* the next moment's time, or -1 */
	bool		 approx;	/* estimated by word position */
	bool		 inside;	/* within a cue's span (captions) */
};

/*
 * The moments of "d", which must outlive the result (its body is read).
 * Returns NULL when the document has no timeline.  Free with follow_free.
 */
struct follow	*follow_new(const struct doc *);
void		 follow_free(struct follow *);	/* NULL allowed */

/* The number of moments (0 for an estimated timeline) and one of them. */
size_t		 follow_count(const struct follow *);
const struct follow_moment *follow_moment(const struct follow *, size_t);

/*
 * The current position at playback time "ms": the latest moment at or
 * before it (the first in the document among equal times), or the word
 * at the same fraction of the duration.  Returns 0, or -1 when nothing is
 * current yet (before the first moment).
 */
int		 follow_at(const struct follow *, long ms, struct follow_pos *);

#endif /* !FOLIO_FOLLOW_H */
