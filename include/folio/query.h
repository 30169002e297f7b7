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

/* Whether "v" (folded) is a value kind: takes: a prefix of video,
 * captions or note. */
bool		 query_kind_ok(const char *v);

/* Whether "v" is a date date:, after: and before: take: YYYY, YYYY-MM
 * or YYYY-MM-DD. */
bool		 query_date_ok(const char *v);

/*
 * True if entry "i" of the library matches.  body: terms read the
 * document (through the full-text hook when one is set).
 */
bool		 query_match(const struct query *, const struct corpus *,
		    size_t i);

/*
 * The entries of list[0..n) that match q, in their order, into out (which
 * may be list itself); returns how many.  They are matched in the order of
 * the library, so that its memory is read front to back.
 */
size_t		 query_filter(const struct query *q, const struct corpus *c,
		    const size_t *list, size_t n, size_t *out);

/*
 * True if every document matching "q" also matches "old" (q is old typed
 * further: the same terms, values grown around the old ones, none under
 * a negation), so a filter may test only what "old" matched.
 */
bool		 query_narrows(const struct query *old, const struct query *q);

/*
 * What a filter works out once for a library and keeps from one query to
 * the next: for every document, which pairs of bytes its metadata holds
 * and which entities it names (so most documents are ruled out without
 * reading them), and what each term of the last queries matched (so a
 * term typed again, such as the words before the one being typed, is not
 * matched again).  Owned by the caller; query_memo_clear() when the
 * library changes.  Queries using it are freed before it.
 */
struct query_memo;

struct query_memo *query_memo_new(void);
void		 query_memo_clear(struct query_memo *);
void		 query_memo_free(struct query_memo *);

/*
 * Fill in what the memo derives from up to "max" more documents of c
 * (otherwise done as each is first matched): for idle time, before
 * anything is typed.  Returns how many documents are left.
 */
size_t		 query_memo_prepare(struct query_memo *, const struct corpus *c,
		    size_t max);

/* Have "q" use "memo" (NULL: none) in every query_match() from now on. */
void		 query_use_memo(struct query *q, struct query_memo *memo);

/* True if the query has body: terms (it needs the documents' text). */
bool		 query_uses_body(const struct query *);

/*
 * The full-text hook: a function telling whether entry "i" contains the
 * folded words of "phrase" in its body; NULL restores the built-in scan.
 */
void		 query_set_body_hook(bool (*fn)(const struct corpus *, size_t,
		    const char *phrase, void *), void *arg);

#endif /* !FOLIO_QUERY_H */
