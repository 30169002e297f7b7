/* SPDX-License-Identifier: ISC */
#ifndef FOLIO_HIGHLIGHT_H
#define FOLIO_HIGHLIGHT_H

#include <stdbool.h>
#include <stddef.h>

#include "folio/err.h"

/*
 * Highlights: a line or cue of a document saved with its moment and an
 * optional note (stored by state.c), and their export as text, JSON or
 * Markdown with canonical moment links.
 */
struct buf;
struct doc;
struct state;
struct state_highlight;

enum highlight_fmt {
	HIGHLIGHT_TEXT,
	HIGHLIGHT_JSON,
	HIGHLIGHT_MARKDOWN,
};

/*
 * Fill "h" (zeroed first; free with highlight_clear) with 1-based line
 * "line" of "d": for captions the whole cue holding it, else the line's
 * text without its Markdown markers.  The moment is "seconds" when it is
 * not negative (the player's time), else the time of the line (its cue,
 * a timestamp on it, the last one before, or an estimate).  Returns 0,
 * or -1 with "err" when the line does not exist or holds no text.
 */
int		 highlight_from_doc(const struct doc *, unsigned line,
		    long seconds, const char *note, struct state_highlight *h,
		    struct folio_err *err);
void		 highlight_clear(struct state_highlight *);

/*
 * Append highlights v[0..n) (as state_highlights() orders them: by
 * document, then in document order) to "out", grouped by document: each
 * a quote with its moment link https://www.youtube.com/watch?v=ID&t=Ns
 * and its note.  Text is made safe for a terminal.
 */
void		 highlight_export(struct buf *out,
		    const struct state_highlight *v, size_t n,
		    enum highlight_fmt);

/*
 * Write data[0..len) to "path" atomically (a temporary file renamed over
 * it).  An existing file is replaced only with "force" or when folio
 * wrote it and it has not changed since (recorded in "st").  Returns 0,
 * or -1 with "err" (FOLIO_ERR_UNSAFE when the file is not folio's).
 */
int		 highlight_write(struct state *st, const char *path,
		    const char *data, size_t len, bool force,
		    struct folio_err *err);

#endif /* !FOLIO_HIGHLIGHT_H */
