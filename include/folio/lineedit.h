/* SPDX-License-Identifier: ISC */
#ifndef FOLIO_LINEEDIT_H
#define FOLIO_LINEEDIT_H

#include <stdbool.h>
#include <stddef.h>

#include "folio/buf.h"

/*
 * One line of text being edited, with a cursor and a history, driven by
 * key names as the key maps spell them ("a", "<C-w>", "<Left>", "<Esc>").
 * Plain C: the reader draws it, the unit tests drive it.
 */
#define LINEEDIT_MAX	1000	/* bytes of text */
#define LINEEDIT_HIST	100	/* entries of history kept */

struct lineedit {
	struct buf	 text;
	size_t		 cur;		/* byte offset of the cursor */
	char		**hist;		/* oldest first, owned */
	size_t		 nhist;
	size_t		 hpos;		/* nhist: the line being typed */
	char		*draft;		/* that line while walking history */
};

/* What a key did to the line. */
enum lineedit_res {
	LINEEDIT_IGNORED,		/* not an editing key */
	LINEEDIT_MOVED,			/* the cursor moved, text unchanged */
	LINEEDIT_CHANGED,		/* the text changed */
	LINEEDIT_DONE,			/* Enter */
	LINEEDIT_CANCEL,		/* Esc or C-g */
};

/* Start editing "text" (NULL: empty) with the cursor at its end; the
 * history stays. */
void		 lineedit_start(struct lineedit *, const char *text);
/* Apply one key; see enum lineedit_res. */
enum lineedit_res lineedit_key(struct lineedit *, const char *key);
/* The text (never NULL). */
const char	*lineedit_text(struct lineedit *);
/* Replace the history by a copy of v[0..n) (oldest first). */
void		 lineedit_set_history(struct lineedit *, char *const *v,
		    size_t n);
/* Add "text" as the newest history entry (an earlier equal one moves
 * up; empty text is not kept). */
void		 lineedit_remember(struct lineedit *, const char *text);
/* Release the text and the history. */
void		 lineedit_free(struct lineedit *);

#endif /* !FOLIO_LINEEDIT_H */
