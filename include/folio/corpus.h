/* SPDX-License-Identifier: ISC */
#ifndef FOLIO_CORPUS_H
#define FOLIO_CORPUS_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "folio/doc.h"
#include "folio/err.h"

struct buf;
struct body;

/* An outgoing link of a document, kept after its body is dropped. */
struct elink {
	uint8_t		 type;		/* enum item_type */
	uint8_t		 embed;
	unsigned	 line;
	const char	*target;	/* as written (decoded) */
	const char	*text;
	const char	*context;	/* the source line, trimmed */
	long		 seconds;
	char		 video[12];
	int32_t		 to;		/* resolved entry, or -1 */
	uint32_t	 att;		/* resolved attachment + 1, or 0 */
	int		 ambiguous;
	uint8_t		 fm;		/* a wikilink in the front matter */
};

/* A file of the library that is not a document (an image, a PDF ...):
 * a link target only, never read. */
struct attachment {
	const char	*path;		/* relative to its root */
	int		 root;
};

/* A name from the library's entity dictionary. */
struct entity {
	const char	*name;		/* as first written */
	const char	*category;	/* "companies", "people", "concepts" ... */
	const char	*key;		/* folded */
	bool		 plain;		/* a plain word: strict matching */
	size_t		 ndocs;		/* documents listing or mentioning it */
	size_t		 nmentions;	/* mentions in bodies */
};

/* A document of the library: its summary, kept for every document. */
struct entry {
	const char	*path;		/* relative to its root (identity) */
	const char	*abspath;
	int64_t		 size, mtime;
	const char	*title;
	const char	*date;		/* or NULL */
	char		 video[12];
	int		 root;
	enum doc_kind	 kind;
	uint8_t		 loaded;	/* summary filled in */
	uint8_t		 unreadable;
	uint8_t		 head;		/* summarised from its start only,
					   for a listing (what the list
					   shows is right; links, words,
					   timestamps, mentions are not):
					   a full load reads it again */
	uint32_t	 nts;		/* (compact: 100,000 of these) */
	long		 duration;
	uint32_t	 nerrors;
	uint32_t	 nwarnings;
	uint32_t	 words;
	uint32_t	 nbacklinks;	/* lines of other documents linking here */
	const char	**aliases;
	size_t		 naliases;
	const char	*meta;		/* folded values: title, path, front
					   matter values, one per line */
	const char	*fields;	/* folded "key.path\tvalue\n" lines of
					   the front matter */
	struct elink	*links;
	size_t		 nlinks;
	int32_t		*ents;		/* entities listed in front matter */
	size_t		 nents;
	uint32_t	*mention_ent;	/* entities mentioned, with counts */
	uint32_t	*mention_cnt;
	size_t		 nmention;
};

struct corpus {
	char		**roots;	/* absolute */
	size_t		 nroots;
	struct entry	*e;
	size_t		 n, cap;
	char		**notes;	/* scan notes: skipped entries */
	const char	**dirs;		/* folders scanned (absolute) */
	size_t		 ndirs;
	size_t		 nnotes;
	struct entity	*ents;
	size_t		 nents;
	struct attachment *atts;	/* other files, in scan order */
	size_t		 natts, attcap;
	struct cmap	*keys;		/* file names -> entries (>= 0) and
					   attachments (-2 - index) */
	struct cmap	*pathkeys;	/* paths, the same way */
	struct cmap	*aliaskeys;	/* front-matter aliases -> entries */
	struct cmap	*titlekeys;	/* titles -> entries */
	struct cmap	*entkeys;	/* entity key -> entity */
	struct cmap	*bypath;	/* path -> entry, once loaded */
	uint8_t		 pairs[8192];	/* bits: first two bytes of the first
					   words of entity keys */
	struct cmap	*firstword;	/* first word of a key -> entities */
	struct arena	*a;
	char		*cache;		/* summary cache file, or NULL */
	char		*cdata;		/* its bytes, referenced by entries */
	size_t		 clen;
	bool		 cmapped;	/* cdata is mapped, not allocated */
	size_t		 ncached;	/* entries taken from it by the last
					   corpus_load */
	size_t		 npending;	/* corpus_load_cached: entries not
					   loaded yet (their titles are their
					   paths) */
	atomic_size_t	 progress;	/* entries loaded so far, of ptotal
					   (0 until known): read by other
					   threads while loading */
	atomic_size_t	 ptotal;
	atomic_bool	 cancel;	/* corpus_cancel(): stop loading */
	bool		 flat;		/* corpus_add_root reads a root's own
					   files, not its subfolders (the
					   folder of a file opened alone) */
};

/* Create an empty library. */
struct corpus	*corpus_new(void);
void		 corpus_free(struct corpus *);

/*
 * Add a root folder and scan it recursively for documents (symlink loops
 * and unreadable entries are skipped with a note).  Returns 0, or -1 with
 * "err" if the root itself cannot be read.
 */
int		 corpus_add_root(struct corpus *, const char *dir,
		    struct folio_err *err);

/* Add one file outside the roots (a PATH given on the command line);
 * returns its index. */
int		 corpus_add_file(struct corpus *, const char *file);

/*
 * Keep document summaries in the cache file "path" (NULL: none): the next
 * corpus_load takes every document whose size and modification time are
 * unchanged from it instead of reading the file, and rewrites it when
 * anything changed.  The cache is never needed for correctness.
 */
void		 corpus_set_cache(struct corpus *, const char *path);

/* A fingerprint of what documents are drawn from: the entity
 * dictionary, and every entry's path, title and aliases (which links
 * resolve to).  Equal fingerprints: an open document needs no redraw. */
uint64_t	 corpus_fingerprint(const struct corpus *);

/* Add the folders "roots" (n of them), not scanned yet, keeping
 * summaries in the library's cache file (corpus_use_cache()); -1 (err
 * set) when a folder cannot be added. */
int		 corpus_add_roots(struct corpus *, const char *const *roots,
		    size_t n, struct folio_err *);

/* Scan every root, with room made first for as many documents as the
 * library's cache file lists. */
void		 corpus_scan_all(struct corpus *);

/* Keep summaries in the library's cache file under $XDG_CACHE_HOME/folio/
 * (named by a hash of the roots); call after the roots are added. */
void		 corpus_use_cache(struct corpus *);

/* Load every document's summary, links and mentions, then resolve links
 * and count backlinks and entities.  "threads" workers (0: all cores). */
void		 corpus_load(struct corpus *, int threads);

/* corpus_load() for listing: each document is read once and the
 * entities it mentions are not counted (entity counts stay zero); the
 * summary cache written then says so, and the next corpus_load() counts
 * them, reading those documents again. */
void		 corpus_load_list(struct corpus *, int threads);

/*
 * corpus_load() for the plain list (what it prints: title, date, kind,
 * duration, errors): a document whose front matter names its title and
 * video is summarised from its start alone (its entry's "head" set:
 * written so to the summary cache, taken from it only by listings, read
 * again by the next full load); the others are read whole, as
 * corpus_load_list() reads them (no mention counted).
 */
void		 corpus_load_heads(struct corpus *, int threads);

/* corpus_load() when entry i's document "d" is read already (by
 * doc_load() of its file, to show it): it is summarised from d, not read
 * again, and in a library without a cache file its mentions are not
 * counted (showing it does not need them).  d stays the caller's, for
 * corpus_adopt(). */
void		 corpus_load_with(struct corpus *, int threads, size_t i,
		    struct doc *d);

/*
 * The library as the summary cache last saw it, without reading a folder
 * or a document: entries with what the list shows (title, date, kind,
 * video, duration), all counted in npending.  NULL when the roots have no
 * usable cache.  For the reader's first frame while corpus_load runs on a
 * library of its own.
 */
struct corpus	*corpus_quick(char *const *roots, size_t nroots);

/*
 * The library as its summary cache holds it, when that is exactly what
 * the roots hold now: the folders are walked as corpus_add_root() walks
 * them, and every document must be in the cache with the size and
 * modification time it has now (else NULL: load the library instead).
 * The cache is mapped, and only what the list shows is decoded (title,
 * date, kind, video, duration, counts); "links" decodes each entry's
 * links too, resolved as when the cache was written.  No document is
 * read, no link resolved, no entity known: for listing only.
 */
struct corpus	*corpus_fresh(const char *const *roots, size_t nroots,
		    bool links);

/*
 * Fill in, from the summary cache (mapped), what the list shows of each
 * entry the cache holds as the walk found it (size and modification
 * time), read whole: title, date, kind, video, duration, counts; the
 * others stay unloaded.  Nothing is read, resolved or counted: for
 * commands that need no more (search places its hits with them).
 */
void		 corpus_cache_summaries(struct corpus *);

/* Ask a corpus_load running in another thread to stop soon; the library
 * is then incomplete and only fit to be freed.  What was read by then is
 * kept in the summary cache, so the next load goes on from there. */
void		 corpus_cancel(struct corpus *);

/* The bytes of the documents not loaded yet (pending). */
uint64_t	 corpus_pending_bytes(const struct corpus *);

/* Load only what the summary cache holds, reading no document: the rest
 * count in npending and show their paths until a full corpus_load (the
 * reader's first frame, while the full scan runs in the background). */
void		 corpus_load_cached(struct corpus *);

/* Load one entry's document fully (for display); NULL on I/O error. */
struct doc	*corpus_open(struct corpus *, size_t i, struct folio_err *err);

/* corpus_open() with load options (doc_opts.limit: only the start); it
 * only reads the library, so it may run beside the reader's thread. */
struct doc	*corpus_open_opts(const struct corpus *, size_t i,
		    const struct doc_opts *, struct folio_err *err);

/* Finish entry i's document read apart from the library (doc_load of its
 * file, perhaps while the library loaded): what corpus_open adds to it,
 * a video for captions beside one and the decoration.  Returns d. */
struct doc	*corpus_adopt(const struct corpus *, size_t i, struct doc *d);

/*
 * Find a document by path (absolute, relative to the current directory
 * or to a root) or exact title.  Returns the index or -1.
 */
int		 corpus_find(const struct corpus *, const char *arg);

/* Whether entry j has a link resolved to entry i. */
bool		 corpus_links_to(const struct corpus *, size_t j, size_t i);

/* Return the entry whose path (relative to its root) is "path", or -1;
 * constant time once the library is loaded. */
int		 corpus_find_path(const struct corpus *, const char *path);

/*
 * Resolve a link target as seen from entry "from" (-1: from nowhere), by
 * Obsidian's rules: a path from the root, then a path from the linking
 * document's folder, then the file name anywhere (a partial path "a/b"
 * matches the end of a path; the shortest path first when several fit),
 * then a front-matter alias, and last a title.  Without an extension the
 * name is a document's (".md" may be written); with one it names that
 * file.  Case-insensitive, NFC-normalised.  "Note#Heading" and
 * "Note#^block" name Note.  "wiki": a [[wikilink]], else a Markdown link
 * (percent-encoded, tried from the folder first).  Returns the entry, or
 * -1 with *att (when not NULL) set to the attachment's index + 1 when the
 * target is a file that is not a document (0 otherwise); *ambiguous (when
 * not NULL) is set when several files fit the same rule.
 */
int		 corpus_resolve(const struct corpus *, int from,
		    const char *target, bool wiki, int *ambiguous,
		    uint32_t *att);

/* corpus_resolve() of a wikilink, documents only. */
int		 corpus_resolve_wiki(const struct corpus *, int from,
		    const char *target, int *ambiguous);

/* corpus_resolve() of a Markdown link, documents only. */
int		 corpus_resolve_file(const struct corpus *, int from,
		    const char *href);

/*
 * What is wrong with link "l" of entry "from", as a message for `check`
 * (free it), or NULL: a wikilink or a Markdown link to a local path that
 * names nothing ("missing note: X", "missing file: x.png"), or to a heading
 * or block its target does not have ("no heading \"H\" in Other.md"; the
 * target is read).
 */
char		*corpus_link_problem(const struct corpus *, size_t from,
		    const struct elink *l);

/* The absolute path of attachment "i" (free it). */
char		*corpus_attachment_path(const struct corpus *, size_t i);

/* Add ITEM_ENTITY items for dictionary mentions to a loaded body, resolve
 * its wikilinks (role WIKILINK_MISSING when unresolved); doc is entry
 * "self" (or -1). */
void		 corpus_decorate(const struct corpus *, int self, struct doc *);

enum corpus_sort {
	CORPUS_SORT_DATE,		/* newest first, undated last */
	CORPUS_SORT_TITLE,
	CORPUS_SORT_PATH,
	CORPUS_SORT_DURATION,		/* longest first */
	CORPUS_SORT__MAX
};

/* Return a new array (free it) of the entry indexes in "key" order; ties
 * go by title, then path. */
size_t		*corpus_order(const struct corpus *, enum corpus_sort key);

/* Name of a sort order: "date", "title", "path", "duration". */
const char	*corpus_sort_name(enum corpus_sort);

/* Find the entity with this name (case-insensitive); -1 if none. */
int		 corpus_entity(const struct corpus *, const char *name);

/*
 * Find mentions of dictionary entities in text[0..len) (source offset
 * "base"); call fn(entity, off, len, arg) for each.  Returns the count.
 */
size_t		 corpus_mentions(const struct corpus *, const char *text,
		    size_t len, uint32_t base, bool sentence_start,
		    void (*fn)(int, uint32_t, uint32_t, void *), void *arg);

/* A document related to another: what they share. */
struct corpus_rel {
	size_t		 entry;
	unsigned	 shared;	/* entities both list or mention */
	bool		 same_video;
};

/*
 * Up to "max" documents related to entry "i", best first: ranked by the
 * entities they share (listed or mentioned), a shared video counting as
 * three; ties by title.  Documents sharing nothing are left out.  The
 * array is stored in *out (free it); returns its length.
 */
size_t		 corpus_related(const struct corpus *, size_t i,
		    struct corpus_rel **out, size_t max);

#endif /* !FOLIO_CORPUS_H */
