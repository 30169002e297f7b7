/* SPDX-License-Identifier: ISC */
#ifndef FOLIO_QUERY_H
#define FOLIO_QUERY_H

#include <stdbool.h>
#include <stddef.h>

#include "folio/err.h"

struct corpus;
struct query;

/*
 * Compile a query (see folio(1), QUERY): words, "phrases", -negation, OR,
 * parentheses, field:value terms, date and duration comparisons.  Returns
 * NULL with "err" (code FOLIO_ERR_SYNTAX, col = 1-based column) on a
 * syntax error.  An empty query matches everything.  Free with
 * query_free().
 */
struct query	*query_compile(const char *text, struct folio_err *err);
void		 query_free(struct query *);

/*
 * True if entry "i" of the library matches.  body: terms read the
 * document (through the full-text hook when one is set).
 */
bool		 query_match(const struct query *, const struct corpus *,
		    size_t i);

/*
 * True if every document matching "q" also matches "old" (q is old typed
 * further: the same terms, values grown around the old ones, none under
 * a negation), so a filter may test only what "old" matched.
 */
bool		 query_narrows(const struct query *old, const struct query *q);

/* True if the query has body: terms (it needs the documents' text). */
bool		 query_uses_body(const struct query *);

/*
 * The full-text hook: a function telling whether entry "i" contains the
 * folded words of "phrase" in its body; NULL restores the built-in scan.
 */
void		 query_set_body_hook(bool (*fn)(const struct corpus *, size_t,
		    const char *phrase, void *), void *arg);

#endif /* !FOLIO_QUERY_H */
