/* SPDX-License-Identifier: ISC */
#ifndef FOLIO_UTF8_H
#define FOLIO_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct buf;

#define UTF8_REPLACEMENT	0xFFFD

/*
 * Decode one code point at "s" (at most "len" bytes, len > 0).  Return the
 * number of bytes consumed (1..4); on invalid or truncated input consume
 * one byte and store -1 in *cp.
 */
size_t		 utf8_decode(const char *s, size_t len, int32_t *cp);

/* Encode "cp" into "out" (4 bytes of room); return the byte count. */
size_t		 utf8_encode(int32_t cp, char *out);

/* Return true if the whole of s[0..len) is valid UTF-8. */
bool		 utf8_valid(const char *s, size_t len);

/*
 * Column width of "cp" as libc wcwidth() (and so ncurses and tmux) sees
 * it in a UTF-8 locale: 0, 1 or 2; -1 for control characters and for code
 * points the terminal would not draw.  Works without setlocale().
 */
int		 utf8_cpwidth(int32_t cp);

/* True for code points that must never reach a terminal as they are:
 * C0, DEL, C1, bidi overrides/isolates, and line/paragraph separators. */
bool		 utf8_is_unsafe(int32_t cp);

/*
 * Append to "out" a display-safe copy of s[0..len): invalid bytes become
 * U+FFFD, tabs become a space, other controls become caret notation
 * (^[ for ESC), C1 and bidi controls become U+FFFD.  Returns columns.
 */
int		 utf8_sanitize(struct buf *out, const char *s, size_t len);

/* Like utf8_sanitize; map[k], for each output byte k, receives the offset
 * in s of the input byte it came from (room for 3 * len + 4 entries). */
int		 utf8_sanitize_map(struct buf *out, const char *s, size_t len,
		    uint32_t *map);

/*
 * Find the end of the grapheme cluster that starts at s[0] (len > 0).
 * Return its length in bytes and store its display width in *width
 * (the width of its first drawable code point, 0..2).
 */
size_t		 utf8_grapheme(const char *s, size_t len, int *width);

/* Display width of s[0..len) after sanitising, counted by graphemes. */
int		 utf8_strwidth(const char *s, size_t len);
/* The length of the longest start of s[0..len) (whole graphemes) that
 * fits "cols" columns when it must end with "…" (one column) because
 * the whole is wider; len when the whole fits.  *cut says which. */
size_t		 utf8_cut(const char *s, size_t len, int cols, bool *cut);

/*
 * Append to "out" the fold of s[0..len) used for matching: case-folded,
 * compatibility-decomposed, combining marks removed (so "Café", "CAFE"
 * and "cafe" fold alike).  Invalid bytes fold to U+FFFD.  ASCII runs take
 * a fast path.  If "map" is not NULL, map[i] receives for each output byte
 * the offset in s of the input byte it came from (caller sizes it as
 * 4 * len + 4 entries).
 */
void		 utf8_fold(struct buf *out, const char *s, size_t len,
		    uint32_t *map);

/* Append the NFC + case fold of s[0..len) (wikilink keys); see utf8_fold. */
void		 utf8_nfc_fold(struct buf *out, const char *s, size_t len);

/* True when the byte is an ASCII letter, digit or underscore, or >= 0x80. */
static inline bool
utf8_is_wordbyte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_' || c >= 0x80;
}

/* True when cp is a letter or number (Unicode categories L* and N*). */
bool		 utf8_is_alnum(int32_t cp);

#endif /* !FOLIO_UTF8_H */
