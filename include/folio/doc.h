/* SPDX-License-Identifier: ISC */
#ifndef FOLIO_DOC_H
#define FOLIO_DOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "folio/err.h"

struct arena;
struct body;
struct cue;
struct fm_node;
struct sbuf;

enum doc_kind {
	DOC_NOTE,
	DOC_VIDEO,		/* it has a video */
	DOC_CAPTIONS,		/* .vtt or .srt */
};

enum doc_sev {
	DOC_WARNING,
	DOC_ERROR,
};

/* Something wrong with a document, shown by `check` and the metadata pane. */
struct doc_problem {
	enum doc_sev	 sev;
	unsigned	 line, col;	/* 1-based; 0 if unknown */
	const char	*msg;		/* arena */
};

/* A loaded document; everything hangs off its arena. */
struct doc {
	const char	*path;		/* identity: relative to its root */
	const char	*abspath;	/* for reading and editing */
	int64_t		 size;
	int64_t		 mtime;		/* nanoseconds */
	enum doc_kind	 kind;
	const char	*title;		/* front matter, heading or file stem */
	const char	*date;		/* ISO date or date-time, or NULL */
	char		 video[12];	/* YouTube id or "" */
	long		 duration;	/* seconds, or -1 */
	int		 video_from_links;	/* video came from the links */
	int		 title_from_heading;	/* title is a heading's */

	struct sbuf	*src;		/* the bytes (a reference) */
	size_t		 len;		/* bytes of src used */
	size_t		 body_off;	/* first byte of the body */
	size_t		 yaml_off;	/* front matter span, if any */
	size_t		 yaml_len;
	int		 has_fm;
	struct fm_node	*fm;		/* NULL if none */
	struct folio_err fm_err;	/* code FOLIO_ERR_OK if fine */
	struct body	*body;
	struct cue	*cues;		/* captions only */
	size_t		 ncues;
	uint32_t	*lines;		/* offset of each line start */
	size_t		 nlines;
	size_t		 words;		/* words in the body */
	size_t		 nts;		/* timestamp items in the body */
	struct doc_problem *problems;
	size_t		 nproblems;
	size_t		 nerrors;
	bool		 partial;	/* only the start was read (limit) */
	struct arena	*a;
};

/* Options for loading. */
struct doc_opts {
	unsigned	 budget_ms;	/* markdown time budget; 0 = default */
	bool		 summary;	/* skip what only display needs */
	size_t		 limit;		/* read only about this many bytes (cut
					   after a blank line); 0: all */
	bool		 front_only;	/* the body is not parsed (left empty)
					   nor its words counted: for what the
					   front matter says */
	int		*keep;		/* with "limit": the file of a doc
					   read in part is left open here
					   (the caller closes it), else -1 */
};

/*
 * Read and parse the file "abspath" (identity "path").  "reuse", if not
 * NULL, is a buffer to read into when nobody else holds it (the library
 * scan reuses one buffer).  Only I/O problems fail: they return NULL and
 * fill "err".  Bad YAML, broken UTF-8 and the like are problems recorded
 * in the document.  Free with doc_free().
 */
struct doc	*doc_load(const char *abspath, const char *path,
		    struct sbuf **reuse, const struct doc_opts *,
		    struct folio_err *err);

/* Build a document from bytes in memory (tests, fuzzing, stdin); the
 * bytes are copied. */
struct doc	*doc_load_mem(const char *path, const char *bytes, size_t len,
		    const struct doc_opts *);

/*
 * Parse only the front matter of the file "abspath" (identity "path"),
 * reading at most its first "max" bytes, into "a"; returns its root, or
 * NULL when there is none (or the file cannot be read, or is captions).
 * Cheap: the library scan learns its entity dictionary from it.
 */
const struct fm_node *doc_front_matter(struct arena *a, const char *abspath,
		    const char *path, size_t max);

void		 doc_free(struct doc *);	/* NULL is allowed */

/* Return the 1-based source line holding byte offset "off". */
unsigned	 doc_line(const struct doc *, size_t off);

/* Return the offset of the start of 1-based line "line" (clamped). */
size_t		 doc_line_off(const struct doc *, unsigned line);

/* Return the text of 1-based "line" (no newline) and its length. */
const char	*doc_line_text(const struct doc *, unsigned line, size_t *len);

/* Words in the text s[0..n), counted as a document's words are. */
size_t		 doc_count_words(const char *s, size_t n);

/* Words of the body before source offset "off". */
size_t		 doc_words_before(const struct doc *, size_t off);

/*
 * The video time at source offset "off": the last timestamp at or before
 * it, or an estimate by word position (then *approx is set).  Returns -1
 * when the document has no timeline.
 */
long		 doc_time_at(const struct doc *, size_t off, bool *approx);

/* Record a problem (message formatted into the arena). */
void		 doc_problem(struct doc *, enum doc_sev, unsigned line,
		    unsigned col, const char *fmt, ...) FOLIO_PRINTF(5, 6);

/* Kind as a word: "note", "video", "captions". */
const char	*doc_kind_name(enum doc_kind);

/* True if the file name has a document extension (.md .markdown .txt
 * .vtt .srt, case-insensitive). */
bool		 doc_is_document(const char *name);

/*
 * The source offset of video time "seconds": the last timestamp at or
 * before it, else (no timestamps, a video and a duration) the word at the
 * same fraction of the body.  Sets *approx for an estimate.  Returns -1
 * when the document has no timeline.
 */
long		 doc_off_at_time(const struct doc *, long seconds,
		    bool *approx);

/* Return the offset of the first byte of the body text on "line" that
 * is a heading or separator after/before "off" (dir +1/-1), or -1. */
long		 doc_heading_near(const struct doc *, size_t off, int dir);


/* One entry of a document's chapters: a heading or a timestamp. */
struct chapter {
	uint32_t	 off;		/* source offset to jump to */
	long		 seconds;	/* the timestamp's time, or -1 */
	int		 level;		/* heading level, or 0 for a timestamp */
	char		*text;		/* rendered text of its line (owned) */
};

/*
 * Every heading and timestamp of "d" in document order, with the rendered
 * text of the line each stands on (at most 200 bytes, unsanitised).  The
 * array is stored in *out (free with doc_chapters_free); returns its
 * length.
 */
size_t		 doc_chapters(const struct doc *, struct chapter **out);
void		 doc_chapters_free(struct chapter *, size_t);

/* The source offset of the first heading whose text starts with "name"
 * (any case and accents, leading '#' and spaces ignored), or -1: what
 * ":goto References" goes to. */
long		 doc_heading_find(const struct doc *, const char *name);

/* Index of the last chapter at or before "off" (0 if none). */
size_t		 doc_chapter_near(const struct chapter *, size_t n, size_t off);

/*
 * Find the part of "d" a link fragment names: "Heading" (case-insensitive,
 * "A#B" is heading B) from the heading to the next heading of its level
 * or higher, or "^id" the block whose line ends with " ^id".  Stores the
 * source span in *off and *end; returns false when there is none.
 */
bool		 doc_anchor(const struct doc *, const char *frag,
		    uint32_t *off, uint32_t *end);

#endif /* !FOLIO_DOC_H */
