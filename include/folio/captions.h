/* SPDX-License-Identifier: ISC */
#ifndef FOLIO_CAPTIONS_H
#define FOLIO_CAPTIONS_H

#include <stddef.h>
#include <stdint.h>

#include "folio/err.h"

struct arena;
struct body;

/* One caption cue. */
struct cue {
	long		 start_ms;
	long		 end_ms;
	uint32_t	 off;		/* source offset of the cue's text */
	uint32_t	 len;		/* source bytes of the text lines */
	const char	*text;		/* arena: lines joined by "\n", tags
					   such as <c> and <00:01.000> removed */
	const char	*voice;		/* arena: the first <v Name>, or NULL */
};

/*
 * Parse WebVTT (a "WEBVTT" header) or SubRip text src[0..len) into cues
 * allocated from "a".  Malformed cues are skipped; the first problem is
 * reported in "err" with its line, but parsing goes on.  Returns the
 * number of cues and stores the array in *out (NULL when none).
 */
size_t		 cap_parse(struct arena *a, const char *src, size_t len,
		    struct cue **out, struct folio_err *err);

/*
 * Build a body from cues: one BLK_CUE block per cue with its start time
 * in the gutter and one ITEM_TS item (video "" for now) per cue.  A cue
 * whose voice differs from the cue before starts with "Name: " (strong),
 * so the speaker shows once per turn.
 */
struct body	*cap_body(struct arena *a, const struct cue *, size_t n);

#endif /* !FOLIO_CAPTIONS_H */
