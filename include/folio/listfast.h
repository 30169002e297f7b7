/* SPDX-License-Identifier: ISC */
#ifndef FOLIO_LISTFAST_H
#define FOLIO_LISTFAST_H

/*
 * The library as "folio list" prints it, straight from the summary
 * cache's first section (what the list shows), when the cache is current
 * for every document: nothing else of the cache is decoded and no map is
 * built.
 */

#include <stddef.h>

#include "folio/err.h"

struct corpus;

/*
 * The summary cache's magic line (corpus.c writes it; the two must be the
 * same, or this path only ever declines).
 */
#define LISTFAST_MAGIC	"folio summary cache 4\n"

/*
 * Walk the roots (as corpus_add_root does: every document's size and
 * modification time) and fill each entry's list fields (title, date,
 * kind, video, duration, counts of timestamps, errors, warnings, words)
 * from the summary cache.  The freshness rule: the documents found now
 * are exactly the cache's, in the same order, each with the size and
 * modification time (to the nanosecond) it had when it was summarised;
 * anything else (a new, vanished or changed document, no cache, another
 * format) and NULL is returned: the caller takes the full path
 * (corpus_use_cache + corpus_load), which reads what changed and writes
 * the cache again.  Links, metadata for queries, entities and backlinks
 * are not filled in: for the plain list only.  Free with corpus_free().
 */
struct corpus	*listfast_open(char *const *roots, size_t nroots);

#endif /* !FOLIO_LISTFAST_H */
