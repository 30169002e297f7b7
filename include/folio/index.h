/* SPDX-License-Identifier: ISC */
#ifndef FOLIO_INDEX_H
#define FOLIO_INDEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "folio/err.h"

struct corpus;
struct index;

/* One full-text hit: a document, the source line and a snippet. */
struct index_hit {
	int		 entry;		/* library entry */
	unsigned	 line;		/* 1-based source line */
	uint32_t	 off;		/* its source offset */
	long		 seconds;	/* the moment of the video there, or
					   -1 */
	bool		 approx;	/* estimated from the reading position */
	uint32_t	 match_off;	/* source offset of the match */
	char		*snippet;	/* heap; plain text around the match */
	uint32_t	 hl_off;	/* the match's bytes in the snippet */
	uint32_t	 hl_len;
	double		 rank;		/* the passage's bm25: lower is better */
	double		 doc_rank;	/* its document's, from its best
					   passages: hits come by it */
	char		*title;		/* heap: its document's title when
					   it was read for the hit, or NULL
					   (then the library's entry has it) */
};

/* What answered a search. */
struct index_answer {
	size_t		 indexed;	/* documents answered by the index */
	size_t		 scanned;	/* documents read for want of a fresh
					   index (missing, new or edited) */
	bool		 provisional;	/* some were scanned: the ranking
					   improves once the index is built */
};

/*
 * The default index file for a set of library roots:
 * $XDG_CACHE_HOME/folio/index-HASH.sqlite (~/.cache when unset).  Returns a
 * heap string.
 */
char		*index_default_path(char *const *roots, size_t nroots);

/*
 * A struct index is used by one thread at a time.  Another one opened on
 * the same file may query while the first is updating: queries see what
 * the update has committed so far (it commits every few hundred
 * documents) and read the rest directly.
 *
 * Open (creating as needed) the full-text index at "path".  A file that is
 * not a usable index (corrupt, another schema) is deleted and made anew:
 * the index is a cache.  Returns 0 or -1 with "err".
 */
int		 index_open(struct index **out, const char *path,
		    struct folio_err *err);
void		 index_close(struct index *);	/* NULL allowed */

/*
 * Bring the index up to date with the library: documents whose size or
 * mtime changed are re-read, new ones added, vanished ones dropped, all in
 * one transaction.  "progress" (may be NULL) is called with done/total;
 * when it returns non-zero the update stops, keeping what it did (the
 * next update goes on from there).
 * Returns the number of documents (re)indexed, or -1 with "err".
 */
long		 index_update(struct index *, const struct corpus *,
		    int (*progress)(size_t, size_t, void *), void *arg,
		    struct folio_err *err);

/*
 * Search: words, "phrases" and prefix* words (all must occur in one
 * passage), -term to exclude (see search_parse).  It never waits for the
 * index: documents the index holds as they are now are answered by it,
 * the others (never indexed, new or edited since) are read and matched
 * directly, and the two answers are merged.  Hits come by document, best
 * first (bm25 over its best passages), a document's hits in document
 * order, at most "per_doc" (0: a default) of each.  "ix" may be NULL (no
 * index at all).  "ans" (may be NULL) says what answered.  Returns up to
 * "limit" hits in *hits (free with index_hits_free), or -1 with "err".
 */
long		 index_query(struct index *, const struct corpus *,
		    const char *query, size_t limit, size_t per_doc,
		    struct index_hit **hits, struct index_answer *ans,
		    struct folio_err *err);

/* index_query with the default number of hits per document. */
long		 index_search(struct index *, const struct corpus *,
		    const char *query, size_t limit, struct index_hit **hits,
		    struct folio_err *err);

/*
 * Open the index at "path" and read, on a thread of its own, what a
 * query of "query" will ask of it (what documents it holds, and its
 * matching passages) while the caller walks the library's folders;
 * index_prefetched() waits for it and gives the index (or NULL: none),
 * whose next index_query() of that query uses what was read.
 */
struct index_pre *index_prefetch(const char *path, const char *query);
struct index	*index_prefetched(struct index_pre *);
/*
 * Have the next query of the index call wait(arg) once before it places
 * its hits (it reads the library's titles and word counts then, which
 * the caller may be filling in meanwhile); closing the index calls it if
 * no query did.
 */
void		 index_before_placing(struct index *, void (*wait)(void *),
		    void *arg);

/* Bytes of the index's files (the database and its write-ahead log). */
uint64_t	 index_bytes(const struct index *);
void		 index_hits_free(struct index_hit *, size_t);

/*
 * Unlinked mentions of entry "i": lines of other documents that name its
 * title or an alias (as words of their own, in any case and accents, not
 * inside a link's brackets) when the document does not link to it; at
 * most "limit", best first.  Names under four characters are not looked
 * for.  Returns the count, or -1 with "err".
 */
long		 index_unlinked(struct index *, const struct corpus *, size_t i,
		    size_t limit, struct index_hit **hits,
		    struct folio_err *err);

/* True if entry "i" contains the phrase (for body: in queries). */
bool		 index_contains(struct index *, const struct corpus *, size_t i,
		    const char *phrase);

#endif /* !FOLIO_INDEX_H */
