/* SPDX-License-Identifier: ISC */
#ifndef FOLIO_SEARCH_H
#define FOLIO_SEARCH_H

/*
 * Full-text search without the index: the query language, the passages
 * (chunks) a document is cut into, exact matching with folio's word and
 * accent folding, a scan of documents straight from disk on every core,
 * and the ranking that turns matching passages (scanned or from the
 * index) into hits.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "folio/err.h"

struct buf;
struct corpus;
struct index_hit;

#define SEARCH_CHUNK	1024	/* bytes of a passage, at most */
#define SEARCH_TERMS	8	/* terms of a query that count in ranking */

/* One term of a query: a word, a "phrase", a prefix* or a -negation. */
struct search_term {
	char		*text;		/* as typed, unquoted, no '*' */
	char		**words;	/* folded words, as the index splits
					   them */
	size_t		 nwords;
	char		*needle;	/* an ASCII run every match contains
					   (lowercase), or NULL */
	size_t		 nneedle;
	bool		 neg;
	bool		 prefix;	/* the last word is a prefix */
	bool		 cjk;		/* matched as a substring */
};

struct search_query {
	struct search_term *t;
	size_t		 n;
	size_t		 npos;		/* terms that are not negations */
};

/*
 * Parse a query: words and "phrases" must all occur in one passage, a
 * word ending in * is a prefix, -term excludes.  Returns 0, or -1 with
 * "err" (FOLIO_ERR_SYNTAX) when no term is positive.  Free with
 * search_query_free().
 */
int		 search_parse(struct search_query *, const char *q,
		    struct folio_err *err);
void		 search_query_free(struct search_query *);

/* Append the query as an FTS5 MATCH expression: every term a quoted
 * phrase of its folded words (the index holds folded text). */
void		 search_fts_expr(struct buf *, const struct search_query *);

/* The end of the passage that starts at s[p] (s[0..len)): at most
 * SEARCH_CHUNK bytes, ending at a line end when one is near, never
 * inside a UTF-8 sequence.  The index and the scan cut alike. */
size_t		 search_chunk_end(const char *s, size_t p, size_t len);

/* The first byte of a file's body: after the front matter, if any (the
 * byte order mark skipped); "path" tells captions (no front matter). */
size_t		 search_body_off(const char *path, const char *s, size_t len);

/* A passage that matches a query. */
struct search_passage {
	int		 entry;		/* library entry */
	uint32_t	 off;		/* the passage's first byte */
	double		 score;		/* bm25: lower is better */
	uint16_t	 dl;		/* words in it (scanned only) */
	uint16_t	 tf[SEARCH_TERMS];	/* matches of each term */
};

/* Statistics of a scan. */
struct search_scan_stats {
	size_t		 docs;		/* documents read */
	size_t		 passages;	/* passages cut, estimated */
	uint64_t	 bytes;		/* bytes read */
};

/*
 * Scan the documents "want" marks (want[i] != 0 for entry i; NULL: all)
 * from disk, on every core, for passages matching "q".  Fills *out (heap,
 * *nout of them) with their matches and words (see search_bm25), and *st
 * with what was read.  Returns 0, or -1 with "err".
 */
int		 search_scan(const struct corpus *, const uint8_t *want,
		    const struct search_query *, struct search_passage **out,
		    size_t *nout, struct search_scan_stats *st,
		    struct folio_err *err);

/*
 * Score passages by bm25, as FTS5 computes it: "total" passages in the
 * library, "matching" of them match the query.  A passage's score is
 * negative, lower is better.
 */
void		 search_bm25(const struct search_query *,
		    struct search_passage *, size_t n, double total,
		    double matching);

/*
 * Read the passages p[0..n) (the index found them: entry and offset
 * only) from their files and count their matches and words for bm25.
 * Passages that no longer match are dropped; returns those left (p is
 * reordered by document and offset).
 */
size_t		 search_measure(const struct corpus *,
		    const struct search_query *, struct search_passage *,
		    size_t n);

/*
 * Whether s[0..len) (one passage) matches "q"; if so, *hit and *hitlen
 * receive the byte range of its first match (of any positive term).
 */
bool		 search_match(const struct search_query *, const char *s,
		    size_t len, size_t *hit, size_t *hitlen);

/*
 * Rank passages by document: a document's score is its best passage's,
 * plus half the second's and a quarter of the third's; its best passages (at most "per_doc") come in document
 * order.  Each document is read again for the hits' lines, moments and
 * snippets.  Returns at most "limit" hits in *hits (free with
 * index_hits_free), or -1 with "err".
 */
long		 search_rank(const struct corpus *, const struct search_query *,
		    struct search_passage *, size_t n, size_t limit,
		    size_t per_doc, struct index_hit **hits,
		    struct folio_err *err);

/*
 * The first place of the lowercase ASCII needle nd[0..m) in h[0..n),
 * ignoring ASCII case, sixteen bytes at a time; for letters and digits
 * exact, a few punctuation bytes may match others (a prefilter).
 */
const char	*search_ci_find(const char *h, size_t n, const char *nd,
		    size_t m);

/*
 * A plain snippet of the source line holding s[hit..hit+hitlen): Markdown
 * syntax left out, centred on the match, at most about 160 bytes.  The
 * match's byte range in the snippet goes to *hl_off, *hl_len.  Returns a
 * heap string.
 */
char		*search_snippet(const char *s, size_t len, size_t hit,
		    size_t hitlen, uint32_t *hl_off, uint32_t *hl_len);

#endif /* !FOLIO_SEARCH_H */
