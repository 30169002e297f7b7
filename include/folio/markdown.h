/* SPDX-License-Identifier: ISC */
#ifndef FOLIO_MARKDOWN_H
#define FOLIO_MARKDOWN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "folio/err.h"

struct arena;
struct sbuf;

#define RUN_NOOFF	UINT32_MAX	/* run text is not in the source */

/* A run of inline text with one style role. */
struct run {
	const char	*text;		/* in doc source, static or arena */
	uint32_t	 len;
	uint32_t	 off;		/* source offset of text[0], or RUN_NOOFF */
	uint8_t		 role;		/* enum role */
	uint8_t		 flags;		/* RUN_* */
	int32_t		 item;		/* index in body->items, or -1 */
};
#define RUN_HARDBREAK	0x01		/* a line break; text is empty */
#define RUN_SOFTBREAK	0x02		/* a soft break; text is " " */

/* A container around a leaf block: a quote or a list item. */
struct frame {
	uint8_t		 kind;		/* FRAME_* */
	uint8_t		 width;		/* columns of the marker or quote bar */
	uint8_t		 role;		/* FRAME_CALLOUT: enum role */
	uint8_t		 flags;		/* FRAME_LAST */
	uint32_t	 id;		/* the container (the same in each of
					   its blocks), from 1 */
	const char	*marker;	/* "• ", "12. ", "☐ "; NULL once drawn */
	const struct callout *co;	/* FRAME_CALLOUT: its callout */
};
#define FRAME_QUOTE	1
#define FRAME_ITEM	2
#define FRAME_EMBED	3		/* text embedded from another note */
#define FRAME_CALLOUT	4		/* a callout's box ("> [!note]") */

#define FRAME_LAST	0x01		/* its container ends with this block:
					   a callout's box closes after it */

/* A callout: the box its first block opens with a title line. */
struct callout {
	const char	*label;		/* "Note", "Warning" */
	struct run	*title;		/* the title's runs (maybe none) */
	uint32_t	 ntitle;
	uint32_t	 last;		/* the box's last block */
	uint32_t	 nlines;	/* source lines of its body */
	uint32_t	 marker;	/* source offset of "[!type]" */
	uint8_t		 role;		/* enum role of the box */
	uint8_t		 depth;		/* index of its frame in the blocks */
	uint8_t		 fold;		/* 0, '+' (open) or '-' (folded) */
	bool		 folded;	/* shown as its title line alone */
};

enum blk_type {
	BLK_PARA,
	BLK_HEADING,
	BLK_CODE,
	BLK_HR,
	BLK_TABLE,
	BLK_HTML,
	BLK_CUE,		/* a caption cue: gutter holds its time */
	BLK_SEP,		/* "Expand full comment" in a comment dump */
};

/* One table cell: runs, like a paragraph's. */
struct tcell {
	struct run	*runs;
	uint32_t	 nruns;
};

/* A leaf block with the containers around it. */
struct block {
	uint8_t		 type;		/* enum blk_type */
	uint8_t		 level;		/* heading level 1..6 */
	uint8_t		 space_before;	/* blank lines to draw before it */
	uint8_t		 nframes;
	const struct frame *frames;	/* outermost first */
	uint8_t		 flags;		/* BLOCK_* */
	uint8_t		 hidden;	/* folded callouts it is inside */
	uint16_t	 note;		/* footnote number of a definition */
	struct callout	*callout;	/* a callout's first block: its title
					   line comes first; else NULL */
	uint32_t	 off;		/* source offset where the block starts */
	uint32_t	 end;		/* source offset just past it */
	struct run	*runs;		/* inline content (not for tables) */
	uint32_t	 nruns;
	const char	*gutter;	/* BLK_CUE: "1:02:03" */
	const char	*info;		/* BLK_CODE: info string, or NULL */
	uint16_t	 ncols;		/* BLK_TABLE */
	uint16_t	 head_rows;
	uint32_t	 nrows;
	uint8_t		*align;		/* per column: 0 left, 1 centre, 2 right */
	struct tcell	*cells;		/* nrows * ncols, row-major */
};

#define BLOCK_MOVED	0x01		/* shown away from its source (the
					   footnotes at the end): off and end
					   say where it is shown (footnote n:
					   the end of the rest + n) */

enum item_type {
	ITEM_WEB,		/* http(s) or other URL link */
	ITEM_FILE,		/* link to a local file */
	ITEM_WIKI,		/* [[wikilink]] or ![[embed]] */
	ITEM_VIDEO,		/* YouTube link without a time */
	ITEM_TS,		/* a timestamp: link with a time, clock, cue */
	ITEM_ENTITY,		/* a mention of a dictionary entity */
	ITEM_FOLD,		/* a foldable callout's title: Enter folds */
	ITEM_NOTE,		/* a footnote reference: ref is its number,
				   target its definition's first line */
};

/* Something in the body a jump can land on; sorted by source offset. */
struct item {
	uint8_t		 type;		/* enum item_type */
	uint8_t		 role;		/* role of its text */
	uint8_t		 embed;		/* ![[...]] */
	uint8_t		 in_link;	/* ITEM_TS: it is a link (url set) */
	uint8_t		 inner;		/* in text embedded from another note:
					   off is where the text is shown,
					   len 0, its runs name it */
	uint32_t	 off;		/* source span of its text */
	uint32_t	 len;
	uint32_t	 block;		/* block that holds it */
	const char	*target;	/* href, wikilink target (decoded) */
	const char	*text;		/* visible label */
	long		 seconds;	/* ITEM_TS: time; else -1 */
	char		 video[12];	/* YouTube id or "" */
	int32_t		 ref;		/* resolved document or entity, or -1 */
	uint32_t	 att;		/* resolved attachment + 1 (a file that
					   is not a document), or 0 */
};

#define BODY_PLAIN	0x01		/* rendered as plain text (fallback) */
#define BODY_COMMENTS	0x02		/* a comment dump */
#define BODY_CAPTIONS	0x04		/* built from caption cues */
#define BODY_LIMITED	0x08		/* markdown gave up: plain fallback */

struct body {
	struct block	*blocks;
	size_t		 nblocks;
	struct item	*items;
	size_t		 nitems;
	size_t		 itemcap;
	uint32_t	 flags;		/* BODY_* */
	struct arena	*a;		/* the document's arena; not owned */
};

/*
 * Parse the Markdown text src[off..len) (GitHub dialect plus wikilinks)
 * into a body allocated from "a".  Offsets are offsets in "src", which
 * must stay alive as long as the body (runs point into it).  Wikilinks
 * md4c misses (embeds, long targets, [[a\|b]]) are found too.  When md4c
 * fails, the input is too large, or the work budget runs out, the body is
 * built as plain text and BODY_LIMITED is set.  Never returns NULL.
 */
struct body	*markdown_parse(struct arena *a, const char *src, size_t off,
		    size_t len);

/*
 * Like markdown_parse, but with a time budget: large inputs are parsed by a
 * worker thread that holds a reference on "sb"; if it has not finished in
 * "budget_ms" it is abandoned (it stops at its next callback and frees what
 * it made) and a plain-text body is returned with BODY_LIMITED set.
 */
struct body	*markdown_parse_bounded(struct arena *a, struct sbuf *sb,
		    size_t off, size_t len, unsigned budget_ms);

/* Build a plain-text body of src[off..len): paragraphs split at blank
 * lines, lines kept.  Never returns NULL. */
struct body	*markdown_plain(struct arena *a, const char *src, size_t off,
		    size_t len);

/* Append an item to the body and return its index (items are sorted by
 * markdown_sort_items() afterwards). */
int32_t		 markdown_add_item(struct body *, const struct item *);

/* Sort items by offset, drop ones overlapping an earlier one, and fix
 * up the run item indexes.  Call after adding items. */
void		 markdown_sort_items(struct body *);

/*
 * Show the source span [off, off + len) of block "bi" (a paragraph's runs
 * or a table's cells) as "text" (kept, not copied) with role "role" and
 * item "item" (or -1): an embed's placeholder.  Returns false when no run
 * of the block holds the span.
 */
bool		 markdown_replace_span(struct body *, size_t bi, uint32_t off,
		    uint32_t len, const char *text, uint8_t role,
		    int32_t item);

/*
 * Fold or unfold the foldable callout whose box block "bi" opens: its
 * other blocks are hidden (block.hidden) or shown again.  Returns the
 * last block of the box, or -1 when "bi" opens no foldable callout.
 */
long		 markdown_fold(struct body *, size_t bi);

/* The first block of footnote "n"'s definition (gathered at the end of
 * the body), or -1. */
long		 markdown_note_block(const struct body *, long n);

/* Decode HTML entities (&amp; &#39; &#x2F; and every HTML5 named one) in
 * s[0..len) into the arena; return a NUL-terminated string. */
char		*markdown_decode_entities(struct arena *, const char *, size_t);

/* The UTF-8 text of the HTML5 named entity name[0..n) (without '&' and
 * ';'; case matters), or NULL (src/entities.c, generated by
 * scripts/gen-entities). */
const char	*markdown_entity(const char *name, size_t n);

#endif /* !FOLIO_MARKDOWN_H */
