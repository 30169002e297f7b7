/* SPDX-License-Identifier: ISC */
#ifndef FOLIO_FRONTMATTER_H
#define FOLIO_FRONTMATTER_H

#include <stdbool.h>
#include <stddef.h>

#include "folio/err.h"

struct arena;
struct buf;

enum fm_type {
	FM_NULL,
	FM_BOOL,
	FM_INT,
	FM_FLOAT,
	FM_DATE,		/* YYYY-MM-DD, optionally with a time */
	FM_STR,
	FM_SEQ,
	FM_MAP,
	FM_ALIAS,		/* *anchor, never expanded; str = anchor name */
};

/* One node of a front-matter tree; everything lives in the caller's arena. */
struct fm_node {
	enum fm_type	 type;
	const char	*key;		/* key when a child of a map, else NULL */
	const char	*str;		/* scalar text as written (NUL-terminated) */
	size_t		 slen;		/* bytes in str (may contain NUL) */
	union {
		bool	 b;
		long long i;
		double	 f;
	}		 v;
	unsigned	 line, col;	/* 1-based, in the whole file */
	unsigned	 key_line, key_col;	/* position of the key, if any */
	struct fm_node	*child;		/* first child of a map or sequence */
	struct fm_node	*next;		/* next sibling */
	size_t		 nchild;
};

/*
 * Find front matter at the start of src[0..len) (after an optional BOM):
 * a "---" line, then YAML, then a "---" or "..." line; CRLF accepted.
 * On success return 1 and set the YAML span [*yaml_off, +*yaml_len) and
 * *body_off (first byte after the closing line).  Return 0 when the text
 * does not start with front matter (*body_off is 0 or the BOM length).
 * Return -1 when the opening "---" is never closed: *body_off then points
 * at the opening line (the whole text is body) and "err" says why.
 */
int		 fm_split(const char *src, size_t len, size_t *yaml_off,
		    size_t *yaml_len, size_t *body_off, struct folio_err *err);

/*
 * Parse YAML text with the libyaml event API into a tree allocated from
 * "a".  "line0" is the 1-based file line of the first YAML byte, so node
 * and error positions are file positions.  Depth, size and node count are
 * capped (FOLIO_MAX_FM*); aliases are kept as FM_ALIAS, never expanded;
 * duplicate keys are reported.  Returns the root (possibly partial, NULL
 * if nothing parsed); "err" gets the first error, with line and column.
 */
struct fm_node	*fm_parse(struct arena *a, const char *yaml, size_t len,
		    unsigned line0, struct folio_err *err);

/* Look up a dotted path ("entities.people") from a map; NULL if absent. */
const struct fm_node *fm_get(const struct fm_node *root, const char *path);

/* Return the scalar text at "path" if it is a non-empty scalar, else NULL. */
const char	*fm_get_str(const struct fm_node *root, const char *path);

/* Append the node as JSON (ints, floats, bools, nulls typed; dates and
 * strings as strings; aliases as "*name"). */
void		 fm_to_json(struct buf *, const struct fm_node *);

/* Name of a type: "null", "bool", "int", "float", "date", "string",
 * "list", "map", "alias". */
const char	*fm_type_name(enum fm_type);

#endif /* !FOLIO_FRONTMATTER_H */
