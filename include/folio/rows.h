/* SPDX-License-Identifier: ISC */
#ifndef FOLIO_ROWS_H
#define FOLIO_ROWS_H

#include <stdbool.h>
#include <stddef.h>

#include "folio/action.h"

/*
 * A list of selectable rows shown in a window of "height" lines: the one
 * place for moving, paging, going to the top or bottom, keeping the
 * selection in view and finding the row under a click.  Every list-like
 * view of the reader (document list, metadata, pickers, help) uses it, so
 * they all page the same way: a page is the height less two lines of
 * context, half a page is half the height.
 */
struct rows {
	size_t		 n;		/* rows */
	size_t		 sel;		/* selected row (0 when n is 0) */
	size_t		 top;		/* first row shown */
};

/* Lines a page and a half page move in a window of "height" lines. */
long		 rows_page(int height);
long		 rows_half(int height);

/* Move the selection by "delta" rows, clamped, and keep it in view. */
void		 rows_move(struct rows *, long delta, int height);
/* Select row "i" (clamped) and keep it in view. */
void		 rows_select(struct rows *, size_t i, int height);
/* Set the row count, clamping the selection and the top. */
void		 rows_set_n(struct rows *, size_t n, int height);
/* Scroll so that the selection is on screen. */
void		 rows_show(struct rows *, int height);
/*
 * Act on a movement action (move, page, half page, top, bottom); returns
 * whether "a" was one.
 */
bool		 rows_request(struct rows *, enum action a, int height);
/* The row at line "y" of the window, or -1. */
long		 rows_at(const struct rows *, int y);

#endif /* !FOLIO_ROWS_H */
