/* SPDX-License-Identifier: ISC */
#ifndef FOLIO_LAYOUT_H
#define FOLIO_LAYOUT_H

#include <stddef.h>
#include <stdint.h>

struct arena;
struct body;
struct lchunk;
struct buf;

/* A stretch of one display line with one role (and maybe one item). */
struct seg {
	uint16_t	 col;		/* first column */
	uint16_t	 ncols;		/* columns it covers */
	uint32_t	 boff;		/* first byte in dline.text */
	uint32_t	 blen;		/* bytes */
	uint32_t	 src;		/* source offset of its first byte, or
					   UINT32_MAX (decoration) */
	uint8_t		 role;		/* enum role */
	int32_t		 item;		/* body item, or -1 */
};

/* One display line: sanitised UTF-8 text, ready to paint, in segments. */
struct dline {
	uint32_t	 src_off;	/* source offset of the line's start */
	uint32_t	 block;		/* block it belongs to */
	uint16_t	 width;		/* columns used */
	uint16_t	 nsegs;
	uint32_t	 tlen;
	char		*text;		/* arena; NUL-terminated; no controls */
	struct seg	*segs;		/* arena */
};

/* A growable list of display lines; owns its arena. */
struct lines {
	struct dline	*v;
	size_t		 n;
	size_t		 cap;
	struct arena	*a;
	struct lchunk	*mem, *cur;	/* text and segments */
	/* If set, called with the lines so far in the middle of a long
	 * paragraph, which are then dropped (a reader of the whole text
	 * that needs no line once written, as `show`); "spilled" counts
	 * them. */
	void		(*spill)(struct lines *, void *);
	void		*spill_arg;
	size_t		 spilled;
	/* Where the layout's last scan of the items from the first got
	 * to: items before hint_item end at or before hint_src (kept by
	 * lines_clear() only). */
	const struct body *hint_body;
	uint32_t	 hint_src;
	size_t		 hint_item;
};

void		 lines_init(struct lines *);
void		 lines_reset(struct lines *);	/* drop lines, keep memory */
/* Like lines_reset(), but for laying out another block of the same body
 * next: what the last block's layout learnt of where its items are is
 * kept (the body must not have changed). */
void		 lines_clear(struct lines *);
void		 lines_free(struct lines *);

/*
 * Lay out block "bi" of "body" at "width" columns (>= 1), appending its
 * display lines (blank lines before it included) to "out".  Text is
 * wrapped at spaces (long words broken at grapheme boundaries), wide
 * characters never end up in a cut last column, tabs are expanded and
 * controls made visible.  Returns the number of lines appended.
 */
size_t		 layout_block(struct lines *out, const struct body *body,
		    size_t bi, int width);

/* Lay out every block; returns the number of lines. */
size_t		 layout_body(struct lines *out, const struct body *body,
		    int width);

/* The line of "l" (one block's lines) to put at the top to show source
 * offset "off": the first of the text lines starting latest at or before
 * it, else the first text line; 0 when there is none. */
size_t		 layout_line_at(const struct lines *l, uint32_t off);

/* Append the lines as plain text, trailing blanks trimmed, one per line;
 * with "roles", each line is followed by a line of role codes. */
void		 layout_dump(struct buf *out, const struct lines *, int roles);

#endif /* !FOLIO_LAYOUT_H */
