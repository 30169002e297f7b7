/* SPDX-License-Identifier: ISC */
#include "folio/utf8.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include <utf8proc.h>

#include "folio/buf.h"

size_t
utf8_decode(const char *s, size_t len, int32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	int32_t	 c;
	size_t	 n, i;

	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	if (u[0] >= 0xc2 && u[0] <= 0xdf) {
		n = 2;
		c = u[0] & 0x1f;
	} else if (u[0] >= 0xe0 && u[0] <= 0xef) {
		n = 3;
		c = u[0] & 0x0f;
	} else if (u[0] >= 0xf0 && u[0] <= 0xf4) {
		n = 4;
		c = u[0] & 0x07;
	} else {
		*cp = -1;
		return 1;
	}
	if (len < n) {
		*cp = -1;
		return 1;
	}
	for (i = 1; i < n; i++) {
		if ((u[i] & 0xc0) != 0x80) {
			*cp = -1;
			return 1;
		}
		c = (c << 6) | (u[i] & 0x3f);
	}
	/* Overlong forms, surrogates and values past U+10FFFF. */
	if ((n == 3 && c < 0x800) || (n == 4 && (c < 0x10000 ||
	    c > 0x10ffff)) || (c >= 0xd800 && c <= 0xdfff)) {
		*cp = -1;
		return 1;
	}
	*cp = c;
	return n;
}

size_t
utf8_encode(int32_t cp, char *out)
{
	unsigned char *o = (unsigned char *)out;

	if (cp < 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		cp = UTF8_REPLACEMENT;
	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = 0xc0 | (cp >> 6);
		o[1] = 0x80 | (cp & 0x3f);
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = 0xe0 | (cp >> 12);
		o[1] = 0x80 | ((cp >> 6) & 0x3f);
		o[2] = 0x80 | (cp & 0x3f);
		return 3;
	}
	o[0] = 0xf0 | (cp >> 18);
	o[1] = 0x80 | ((cp >> 12) & 0x3f);
	o[2] = 0x80 | ((cp >> 6) & 0x3f);
	o[3] = 0x80 | (cp & 0x3f);
	return 4;
}

bool
utf8_valid(const char *s, size_t len)
{
	size_t	 i;
	int32_t	 cp;

	for (i = 0; i < len;) {
		uint64_t w;

		/* Eight bytes of ASCII at a time. */
		if (len - i >= 8) {
			memcpy(&w, s + i, 8);
			if ((w & 0x8080808080808080ULL) == 0) {
				i += 8;
				continue;
			}
		}
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		i += utf8_decode(s + i, len - i, &cp);
		if (cp < 0)
			return false;
	}
	return true;
}

/* 0: unknown, 1: libc wcwidth speaks UTF-8, 2: it does not (use utf8proc). */
static int	width_mode;

static void
width_init(void)
{
	if (MB_CUR_MAX == 1) {
		/* Widths must match what curses will use; a process
		 * without a UTF-8 locale gets C.UTF-8 for LC_CTYPE. */
		if (setlocale(LC_CTYPE, "C.UTF-8") == NULL)
			setlocale(LC_CTYPE, "C.utf8");
	}
	width_mode = (MB_CUR_MAX > 1 && wcwidth(0x4e2d) == 2) ? 1 : 2;
}

bool
utf8_is_unsafe(int32_t cp)
{
	if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0))
		return true;
	/* Bidi embeddings, overrides and isolates; LRM/RLM/ALM. */
	if ((cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 &&
	    cp <= 0x2069) || cp == 0x200e || cp == 0x200f || cp == 0x061c)
		return true;
	if (cp == 0x2028 || cp == 0x2029)
		return true;
	return false;
}

int
utf8_cpwidth(int32_t cp)
{
	int	 w;

	if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0))
		return -1;
	if (cp < 0x7f)
		return 1;
	if (width_mode == 0)
		width_init();
	if (width_mode == 1)
		return wcwidth((wchar_t)cp);
	if (utf8proc_category(cp) == UTF8PROC_CATEGORY_CN)
		return -1;
	w = utf8proc_charwidth(cp);
	return w;
}

/* Append the caret form of a C0 control or DEL: ^@ .. ^_ and ^?. */
static int
add_caret(struct buf *out, int32_t cp)
{
	buf_addc(out, '^');
	buf_addc(out, cp == 0x7f ? '?' : (int)(cp + 0x40));
	return 2;
}

static bool
is_emoji(int32_t cp)
{
	return (cp >= 0x1f000 && cp <= 0x1faff) || (cp >= 0x2600 &&
	    cp <= 0x27bf) || (cp >= 0x2b00 && cp <= 0x2bff);
}

int
utf8_sanitize(struct buf *out, const char *s, size_t len)
{
	return utf8_sanitize_map(out, s, len, NULL);
}

int
utf8_sanitize_map(struct buf *out, const char *s, size_t len, uint32_t *map)
{
	static const char repl[] = "\xef\xbf\xbd";
	size_t	 i, n, j, start;
	int32_t	 cp, prev = 0;
	int	 cols = 0, w;

	for (i = 0; i < len; i += n) {
		start = out->len;
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x20 && c < 0x7f) {
			for (j = i + 1; j < len && (unsigned char)s[j] >= 0x20 &&
			    (unsigned char)s[j] < 0x7f; j++)
				;
			buf_add(out, s + i, j - i);
			cols += (int)(j - i);
			n = j - i;
			prev = (unsigned char)s[j - 1];
			if (map != NULL)
				for (; start < out->len; start++)
					map[start] = (uint32_t)(i + start -
					    (out->len - n));
			continue;
		}
		n = utf8_decode(s + i, len - i, &cp);
		if (cp == '\t' || cp == '\n' || cp == '\r') {
			buf_addc(out, ' ');
			cols++;
		} else if (cp >= 0 && (cp < 0x20 || cp == 0x7f)) {
			cols += add_caret(out, cp);
		} else if (cp < 0 || utf8_is_unsafe(cp)) {
			buf_add(out, repl, 3);
			cols++;
		} else if (cp == 0x200d) {
			/* ZWJ between emoji: terminals disagree on the
			 * joined width, so drop the joiner. */
			int32_t next = 0;

			if (i + n < len)
				utf8_decode(s + i + n, len - i - n, &next);
			if (!(is_emoji(prev) || prev == 0xfe0f) ||
			    !is_emoji(next))
				buf_add(out, s + i, n);
		} else if ((w = utf8_cpwidth(cp)) < 0) {
			buf_add(out, repl, 3);
			cols++;
		} else {
			buf_add(out, s + i, n);
			cols += w;
		}
		prev = cp;
		if (map != NULL)
			for (; start < out->len; start++)
				map[start] = (uint32_t)i;
	}
	if (out->p == NULL)
		buf_add(out, "", 0);
	return cols;
}

size_t
utf8_grapheme(const char *s, size_t len, int *width)
{
	utf8proc_int32_t state = 0;
	size_t	 i, n;
	int32_t	 cp, prev;
	int	 w, total;

	n = utf8_decode(s, len, &cp);
	if (cp < 0) {
		*width = 1;
		return 1;
	}
	if (cp < 0x80 && (n >= len || (unsigned char)s[n] < 0x80)) {
		*width = (cp < 0x20 || cp == 0x7f) ? 0 : 1;
		return 1;
	}
	w = utf8_cpwidth(cp);
	total = w < 0 ? 1 : w;
	prev = cp;
	for (i = n; i < len; i += n) {
		n = utf8_decode(s + i, len - i, &cp);
		if (cp < 0)
			break;
		if (utf8proc_grapheme_break_stateful(prev, cp, &state))
			break;
		w = utf8_cpwidth(cp);
		if (w > 0)
			total += w;
		prev = cp;
	}
	*width = total;
	return i;
}

int
utf8_strwidth(const char *s, size_t len)
{
	struct buf b = { 0 };
	size_t	 i, n;
	int	 w, total = 0;

	utf8_sanitize(&b, s, len);
	for (i = 0; i < b.len; i += n) {
		n = utf8_grapheme(b.p + i, b.len - i, &w);
		total += w;
	}
	buf_free(&b);
	return total;
}

void
utf8_fold(struct buf *out, const char *s, size_t len, uint32_t *map)
{
	utf8proc_int32_t dec[32];
	utf8proc_ssize_t nd, k;
	size_t	 i, n, start;
	int32_t	 cp;
	int	 last = 0;
	char	 enc[4];

	for (i = 0; i < len; i += n) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x80) {
			/* A run of ASCII at once: folding lowers it. */
			size_t j, e;

			for (e = i; e < len && (unsigned char)s[e] < 0x80; e++)
				continue;
			buf_grow(out, e - i + 1);
			for (j = i; j < e; j++) {
				c = (unsigned char)s[j];
				if (map != NULL)
					map[out->len] = (uint32_t)j;
				out->p[out->len++] = (char)((c >= 'A' &&
				    c <= 'Z') ? c + 32 : c);
			}
			out->p[out->len] = '\0';
			n = e - i;
			continue;
		}
		n = utf8_decode(s + i, len - i, &cp);
		if (cp < 0)
			cp = UTF8_REPLACEMENT;
		nd = utf8proc_decompose_char(cp, dec, 32, UTF8PROC_CASEFOLD |
		    UTF8PROC_COMPAT | UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK,
		    &last);
		if (nd < 0 || nd > 32) {
			dec[0] = cp;
			nd = 1;
		}
		for (k = 0; k < nd; k++) {
			size_t m = utf8_encode(dec[k], enc);

			start = out->len;
			buf_add(out, enc, m);
			if (map != NULL)
				for (; start < out->len; start++)
					map[start] = (uint32_t)i;
		}
	}
	if (out->p == NULL)
		buf_add(out, "", 0);
}

void
utf8_nfc_fold(struct buf *out, const char *s, size_t len)
{
	struct buf clean = { 0 };
	utf8proc_uint8_t *r = NULL;
	utf8proc_ssize_t rn;
	size_t	 i, n;
	int32_t	 cp;

	/* ASCII (most keys): composing changes nothing, folding lowers. */
	for (i = 0; i < len && (unsigned char)s[i] < 0x80; i++)
		continue;
	if (i == len) {
		buf_grow(out, len + 1);
		for (i = 0; i < len; i++)
			out->p[out->len++] = (s[i] >= 'A' && s[i] <= 'Z') ?
			    (char)(s[i] + 32) : s[i];
		out->p[out->len] = '\0';
		return;
	}
	for (i = 0; i < len; i += n) {
		n = utf8_decode(s + i, len - i, &cp);
		if (cp < 0)
			buf_add(&clean, "\xef\xbf\xbd", 3);
		else
			buf_add(&clean, s + i, n);
	}
	rn = utf8proc_map((const utf8proc_uint8_t *)buf_cstr(&clean),
	    (utf8proc_ssize_t)clean.len, &r, UTF8PROC_STABLE |
	    UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD);
	if (rn >= 0 && r != NULL)
		buf_add(out, r, (size_t)rn);
	else
		buf_add(out, buf_cstr(&clean), clean.len);
	free(r);
	buf_free(&clean);
}


bool
utf8_is_alnum(int32_t cp)
{
	utf8proc_category_t cat;

	if (cp < 0x80)
		return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
		    (cp >= '0' && cp <= '9');
	cat = utf8proc_category(cp);
	return (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ||
	    (cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_NO) ||
	    (cat >= UTF8PROC_CATEGORY_MN && cat <= UTF8PROC_CATEGORY_ME);
}

size_t
utf8_cut(const char *s, size_t len, int cols, bool *cut)
{
	size_t	 k = 0, g;
	int	 used = 0, w;

	*cut = false;
	if (utf8_strwidth(s, len) <= cols)
		return len;
	*cut = true;
	while (k < len) {
		g = utf8_grapheme(s + k, len - k, &w);
		if (used + w > cols - 1)
			break;
		used += w;
		k += g;
	}
	return k;
}
