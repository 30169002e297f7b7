/* SPDX-License-Identifier: ISC */
/*
 * Search without the index: documents are read with large reads into a
 * buffer each thread reuses, a case-blind search for an ASCII run of each
 * term rejects most of them, and the passages left are folded the way the
 * rest of folio folds words (case, accents, compatibility forms) and
 * matched exactly, word by word.
 */
#include "folio/search.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <ctype.h>
#include <string.h>
#include <unistd.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include <utf8proc.h>

#include "folio/buf.h"
#include "folio/corpus.h"
#include "folio/doc.h"
#include "folio/frontmatter.h"
#include "folio/index.h"
#include "folio/markdown.h"
#include "folio/timestamp.h"
#include "folio/utf8.h"
#include "folio/xmalloc.h"

#define MAX_THREADS	8
#define AVG_WORDS	170.0	/* words of a passage, on average */
#define BM25_K1		1.2
#define BM25_B		0.75

/* ---- the query ----------------------------------------------------------- */

/* True when cp is a CJK ideograph or syllable (not split into words). */
static bool
is_cjk_cp(int32_t cp)
{
	return (cp >= 0x2e80 && cp <= 0x9fff) || (cp >= 0xac00 &&
	    cp <= 0xd7af) || (cp >= 0xf900 && cp <= 0xfaff) ||
	    (cp >= 0x20000 && cp <= 0x2fa1f);
}

/* Decode the code point at s[i] (of len); 1 byte and -1 when invalid. */
static int32_t
cp_at(const char *s, size_t len, size_t i, size_t *n)
{
	int32_t	 cp;

	if ((unsigned char)s[i] < 0x80) {
		*n = 1;
		return (unsigned char)s[i];
	}
	*n = utf8_decode(s + i, len - i, &cp);
	return cp;
}

/* True when the folded code point is part of a word. */
static bool
word_cp(int32_t cp)
{
	if (cp < 0x80)
		return (cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9') ||
		    (cp >= 'A' && cp <= 'Z');
	return cp > 0 && utf8_is_alnum(cp);
}

/* Split folded text into its words (runs of letters and digits). */
static void
split_words(struct search_term *t, const char *f, size_t len)
{
	size_t	 i = 0, n, s;
	int32_t	 cp;

	while (i < len) {
		cp = cp_at(f, len, i, &n);
		if (!word_cp(cp)) {
			i += n;
			continue;
		}
		s = i;
		while (i < len && word_cp(cp_at(f, len, i, &n)))
			i += n;
		t->words = xreallocarray(t->words, t->nwords + 1,
		    sizeof(*t->words));
		t->words[t->nwords++] = xstrndup(f + s, i - s);
	}
}

/* The longest run of ASCII letters and digits of the term's words. */
static void
pick_needle(struct search_term *t)
{
	size_t	 w, i, s, best = 0;
	const char *bp = NULL;

	for (w = 0; w < t->nwords; w++) {
		const char *x = t->words[w];

		for (i = 0; x[i]; ) {
			if (!((x[i] >= 'a' && x[i] <= 'z') || (x[i] >= '0' &&
			    x[i] <= '9'))) {
				i++;
				continue;
			}
			for (s = i; (x[i] >= 'a' && x[i] <= 'z') ||
			    (x[i] >= '0' && x[i] <= '9'); i++)
				continue;
			if (i - s > best) {
				best = i - s;
				bp = x + s;
			}
		}
	}
	if (bp != NULL) {
		t->needle = xstrndup(bp, best);
		t->nneedle = best;
	}
}

int
search_parse(struct search_query *sq, const char *q, struct folio_err *err)
{
	struct buf	 w = { 0 }, f = { 0 };
	const char	*p = q;
	struct search_term *t;
	bool		 neg, quoted;
	size_t		 i, n;
	int32_t		 cp;

	memset(sq, 0, sizeof(*sq));
	while (*p) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0')
			break;
		neg = quoted = false;
		if (*p == '-' && p[1] != '\0' && p[1] != ' ') {
			neg = true;
			p++;
		}
		buf_reset(&w);
		if (*p == '"') {
			quoted = true;
			for (p++; *p && *p != '"'; p++)
				buf_addc(&w, *p);
			if (*p == '"')
				p++;
		} else
			for (; *p && *p != ' ' && *p != '\t'; p++)
				buf_addc(&w, *p);
		sq->t = xreallocarray(sq->t, sq->n + 1, sizeof(*sq->t));
		t = &sq->t[sq->n];
		memset(t, 0, sizeof(*t));
		/* contr* is a prefix; so is "export contr"* */
		if (*p == '*' && quoted)
			p++, t->prefix = true;
		while (w.len > 0 && w.p[w.len - 1] == '*' && !quoted) {
			w.len--;
			t->prefix = true;
		}
		if (w.len == 0)
			continue;
		t->text = xstrndup(w.p, w.len);
		t->neg = neg;
		for (i = 0; i < w.len; i += n)
			if (is_cjk_cp(cp_at(w.p, w.len, i, &n)))
				t->cjk = true;
		buf_reset(&f);
		utf8_fold(&f, w.p, w.len, NULL);
		split_words(t, buf_cstr(&f), f.len);
		if (t->nwords == 0 && !t->cjk) {
			/* Punctuation only: the index has no word for it. */
			free(t->text);
			free(t->words);
			continue;
		}
		if (!t->cjk)
			pick_needle(t);
		(void)cp;
		sq->n++;
		if (!neg)
			sq->npos++;
	}
	buf_free(&w);
	buf_free(&f);
	if (sq->npos == 0) {
		search_query_free(sq);
		return err_set(err, FOLIO_ERR_SYNTAX, "search needs a word");
	}
	return 0;
}

void
search_query_free(struct search_query *sq)
{
	size_t	 i, k;

	for (i = 0; i < sq->n; i++) {
		for (k = 0; k < sq->t[i].nwords; k++)
			free(sq->t[i].words[k]);
		free(sq->t[i].words);
		free(sq->t[i].text);
		free(sq->t[i].needle);
	}
	free(sq->t);
	memset(sq, 0, sizeof(*sq));
}

/* Append a term as an FTS5 string: "..." with quotes doubled. */
static void
add_quoted(struct buf *b, const char *s)
{
	buf_addc(b, '"');
	for (; *s; s++) {
		if (*s == '"')
			buf_addc(b, '"');
		buf_addc(b, *s);
	}
	buf_addc(b, '"');
}

/* Append term t as an FTS5 phrase of its folded words (the index holds
 * folded text), starred if it is a prefix. */
static void
add_term(struct buf *b, const struct search_term *t)
{
	struct buf	 w = { 0 };
	size_t		 k;

	for (k = 0; k < t->nwords; k++) {
		if (k > 0)
			buf_addc(&w, ' ');
		buf_adds(&w, t->words[k]);
	}
	add_quoted(b, t->nwords > 0 ? buf_cstr(&w) : t->text);
	if (t->prefix)
		buf_adds(b, " *");
	buf_free(&w);
}

void
search_fts_expr(struct buf *b, const struct search_query *sq)
{
	size_t	 i;
	bool	 first = true;

	for (i = 0; i < sq->n; i++)
		if (!sq->t[i].neg) {
			if (!first)
				buf_addc(b, ' ');
			add_term(b, &sq->t[i]);
			first = false;
		}
	for (i = 0; i < sq->n; i++)
		if (sq->t[i].neg) {
			buf_adds(b, " NOT ");
			add_term(b, &sq->t[i]);
		}
}

/* ---- passages ------------------------------------------------------------ */

size_t
search_chunk_end(const char *s, size_t p, size_t len)
{
	size_t		 q;
	const char	*nl;

	if (p + SEARCH_CHUNK >= len)
		return len;
	q = p + SEARCH_CHUNK;
	nl = memrchr(s + p, '\n', q - p);
	if (nl != NULL && (size_t)(nl - s) > p + SEARCH_CHUNK / 4)
		return (size_t)(nl - s) + 1;
	while (q > p + 1 && ((unsigned char)s[q] & 0xc0) == 0x80)
		q--;
	return q;
}

/* True when "path" names a captions file (.vtt, .srt). */
static bool
is_captions(const char *path)
{
	size_t	 n = strlen(path);

	return n > 4 && (strcasecmp(path + n - 4, ".vtt") == 0 ||
	    strcasecmp(path + n - 4, ".srt") == 0);
}

size_t
search_body_off(const char *path, const char *s, size_t len)
{
	struct folio_err err;
	size_t		 yo, yl, body;

	if (is_captions(path))
		return len >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
	(void)fm_split(s, len, &yo, &yl, &body, &err);
	return body;
}

/* ---- matching ------------------------------------------------------------ */

/* Lowercase ASCII needle nd[0..m) in h[0..n), ignoring ASCII case (and
 * admitting a few punctuation bytes as letters: a prefilter only). */
static const char *
ci_find(const char *h, size_t n, const char *nd, size_t m)
{
	size_t	 i = 0, k;

	if (m == 0)
		return h;
	if (n < m)
		return NULL;
#ifdef __SSE2__
	{
		const __m128i f = _mm_set1_epi8(nd[0]);
		const __m128i l = _mm_set1_epi8(nd[m - 1]);
		const __m128i lc = _mm_set1_epi8(0x20);

		for (; i + m - 1 + 16 <= n; i += 16) {
			__m128i a = _mm_or_si128(_mm_loadu_si128(
			    (const __m128i *)(const void *)(h + i)), lc);
			__m128i b = _mm_or_si128(_mm_loadu_si128(
			    (const __m128i *)(const void *)(h + i + m - 1)),
			    lc);
			unsigned mask = (unsigned)_mm_movemask_epi8(
			    _mm_and_si128(_mm_cmpeq_epi8(a, f),
			    _mm_cmpeq_epi8(b, l)));

			while (mask != 0) {
				unsigned bit = (unsigned)__builtin_ctz(mask);

				for (k = 1; k + 1 < m; k++)
					if ((h[i + bit + k] | 0x20) != nd[k])
						break;
				if (k + 1 >= m)
					return h + i + bit;
				mask &= mask - 1;
			}
		}
	}
#endif
	for (; i + m <= n; i++) {
		for (k = 0; k < m; k++)
			if ((h[i + k] | 0x20) != nd[k])
				break;
		if (k == m)
			return h + i;
	}
	return NULL;
}

const char *
search_ci_find(const char *h, size_t n, const char *nd, size_t m)
{
	return ci_find(h, n, nd, m);
}

/* Whether the ASCII text f[0..fl) can make up part of an occurrence of
 * needle nd[0..nl) in folded text: inside it, across either of its ends,
 * or around it. */
static bool
can_join(const char *f, size_t fl, const char *nd, size_t nl)
{
	long	 k, j, lo, hi;

	for (k = -(long)fl + 1; k < (long)nl; k++) {
		/* f starts at needle offset k */
		lo = k < 0 ? -k : 0;
		hi = (long)fl < (long)nl - k ? (long)fl : (long)nl - k;
		for (j = lo; j < hi; j++)
			if (f[j] != nd[k + j])
				break;
		if (hi > lo && j == hi)
			return true;
	}
	return false;
}

/* A small per-thread memory of the non-ASCII code points whose fold may
 * make up part of a needle of the query (é -> e, ß -> ss, Ｋ -> k): where
 * they occur, the ASCII prefilter cannot rule a passage out. */
struct foldmemo {
	const struct search_query *sq;
	int32_t		 cp[512];
	uint8_t		 ascii[512];
};

/* Bit 1: the fold of cp can make up part of a needle; 2: it has ASCII
 * letters or digits at all; 4: they can make up part of a word of the
 * query; 8: cp is a letter or digit itself. */
static int
fold_bits(struct foldmemo *m, int32_t cp)
{
	utf8proc_int32_t dec[32];
	utf8proc_ssize_t nd, k;
	unsigned	 slot = (unsigned)cp & 511;
	int		 last = 0;
	bool		 r = false;
	char		 f[32];
	int		 bits = 0;

	size_t		 fl = 0, i;

	if (m->cp[slot] == cp && cp != 0)
		return m->ascii[slot];
	if (cp < 0) {
		m->cp[slot] = cp;
		return m->ascii[slot] = 15;
	}
	nd = utf8proc_decompose_char(cp, dec, 32, UTF8PROC_CASEFOLD |
	    UTF8PROC_COMPAT | UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK, &last);
	for (k = 0; k < nd && k < 32; k++)
		if (dec[k] < 0x80 && word_cp(dec[k]))
			f[fl++] = (char)(dec[k] >= 'A' && dec[k] <= 'Z' ?
			    dec[k] + 32 : dec[k]);
	for (i = 0; fl > 0 && m->sq != NULL && i < m->sq->n; i++) {
		const struct search_term *t = &m->sq->t[i];
		size_t w;

		if (!t->neg && t->needle != NULL && can_join(f, fl, t->needle,
		    t->nneedle))
			r = true;
		for (w = 0; w < t->nwords && !(bits & 4); w++)
			if (can_join(f, fl, t->words[w], strlen(t->words[w])))
				bits |= 4;
	}
	bits |= (r ? 1 : 0) | (fl > 0 ? 2 : 0) | (word_cp(cp) ? 8 : 0);
	m->cp[slot] = cp;
	m->ascii[slot] = (uint8_t)bits;
	return bits;
}

/* Whether cp's fold can make up part of a needle of the query. */
static bool
folds_to_ascii(struct foldmemo *m, int32_t cp)
{
	return (fold_bits(m, cp) & 1) != 0;
}

/* The first offset from i in s[0..n) at which a byte may be non-ASCII:
 * ASCII is skipped sixteen or eight bytes at a time (the bytes from the
 * result on are looked at one by one by the caller). */
static size_t
skip_ascii(const char *s, size_t i, size_t n)
{
#ifdef __SSE2__
	while (i + 16 <= n && _mm_movemask_epi8(_mm_loadu_si128(
	    (const __m128i *)(const void *)(s + i))) == 0)
		i += 16;
#endif
	while (i + 8 <= n) {
		uint64_t v;

		memcpy(&v, s + i, 8);
		if (v & 0x8080808080808080ULL)
			break;
		i += 8;
	}
	return i;
}

/* The offsets of the characters of s[0..n) whose fold has ASCII letters
 * or digits in it (a match may hide there from the ASCII prefilter), as
 * *fa (grown as needed); returns their count. */
static size_t
ascii_folds(struct foldmemo *m, const char *s, size_t n, uint32_t **fa,
    size_t *cap)
{
	size_t	 i = 0, k, nfa = 0;
	int32_t	 cp;

	while (i < n) {
		i = skip_ascii(s, i, n);
		if (i >= n)
			break;
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		cp = cp_at(s, n, i, &k);
		if (cp < 0 || folds_to_ascii(m, cp)) {
			if (nfa == *cap) {
				*cap = *cap ? 2 * *cap : 64;
				*fa = xreallocarray(*fa, *cap, sizeof(**fa));
			}
			(*fa)[nfa++] = (uint32_t)i;
		}
		i += k;
	}
	return nfa;
}

/* True when a word ends before f[i] (folded text of len). */
static bool
left_edge(const char *f, size_t i)
{
	size_t	 s, n;

	if (i == 0)
		return true;
	if ((unsigned char)f[i - 1] < 0x80)
		return !word_cp((unsigned char)f[i - 1]);
	for (s = i - 1; s > 0 && ((unsigned char)f[s] & 0xc0) == 0x80; s--)
		continue;
	return !word_cp(cp_at(f, i, s, &n));
}

/* True when no word goes on at f[i]. */
static bool
right_edge(const char *f, size_t len, size_t i)
{
	size_t	 n;

	return i >= len || !word_cp(cp_at(f, len, i, &n));
}

/* Whether term t matches folded f at i (a word start): its end in *end. */
static bool
term_at(const struct search_term *t, const char *f, size_t len, size_t i,
    size_t *end)
{
	size_t	 w, wl, n;

	for (w = 0; w < t->nwords; w++) {
		bool last = w + 1 == t->nwords;

		if (w > 0) {
			/* Whatever is between two words of a phrase. */
			while (i < len && !word_cp(cp_at(f, len, i, &n)))
				i += n;
		}
		wl = strlen(t->words[w]);
		if (i + wl > len || memcmp(f + i, t->words[w], wl) != 0)
			return false;
		i += wl;
		if (last && t->prefix)
			while (i < len && word_cp(cp_at(f, len, i, &n)))
				i += n;	/* the match: the whole word */
		else if (!right_edge(f, len, i))
			return false;
	}
	*end = i;
	return true;
}

/*
 * Matches of term t in folded f[0..len): their count, and the first's
 * folded range in *first, *firstend (unchanged when none).
 */
static unsigned
term_count(const struct search_term *t, const char *f, size_t len,
    size_t *first, size_t *firstend)
{
	const char	*p;
	size_t		 i = 0, end, wl;
	unsigned	 n = 0;

	if (t->cjk) {
		/* Substrings, as the index finds them. */
		wl = strlen(t->text);
		for (p = f; (p = memmem(p, len - (size_t)(p - f), t->text,
		    wl)) != NULL; p += wl) {
			if (n++ == 0) {
				*first = (size_t)(p - f);
				*firstend = *first + wl;
			}
			if (wl == 0)
				break;
		}
		return n;
	}
	wl = strlen(t->words[0]);
	while (i < len && (p = memmem(f + i, len - i, t->words[0], wl)) !=
	    NULL) {
		i = (size_t)(p - f);
		if (left_edge(f, i) && term_at(t, f, len, i, &end)) {
			if (n++ == 0) {
				*first = i;
				*firstend = end;
			}
			i = end;
		} else
			i++;
	}
	return n;
}

/* Lowercase of an ASCII byte. */
static inline unsigned char
lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* term_count() on ASCII text, matched without a folded copy (the term's
 * words are ASCII: the caller checks). */
static unsigned
term_count_ascii(const struct search_term *t, const char *s, size_t len,
    size_t *first, size_t *firstend)
{
	const char	*p;
	size_t		 i = 0, j, w, wl, n0 = strlen(t->words[0]), k, cl;
	unsigned	 n = 0;

	while (i < len && (p = ci_find(s + i, len - i, t->words[0], n0)) !=
	    NULL) {
		size_t at = (size_t)(p - s);
		bool ok = left_edge(s, at);

		for (j = at, w = 0; ok && w < t->nwords; w++) {
			const char *x = t->words[w];
			bool last = w + 1 == t->nwords;

			if (w > 0)
				while (j < len && !word_cp(cp_at(s, len, j,
				    &cl)))
					j += cl;
			wl = strlen(x);
			if (j + wl > len) {
				ok = false;
				break;
			}
			for (k = 0; k < wl && ok; k++)
				ok = lower((unsigned char)s[j + k]) ==
				    (unsigned char)x[k];
			j += wl;
			if (ok && last && t->prefix)
				while (j < len && word_cp(cp_at(s, len, j,
				    &cl)))
					j += cl;
			else if (ok)
				ok = right_edge(s, len, j);
		}
		if (ok) {
			if (n++ == 0) {
				*first = at;
				*firstend = j;
			}
			i = j;
		} else
			i = at + 1;
	}
	return n;
}

/* True when every word of the term is ASCII. */
static bool
term_ascii(const struct search_term *t)
{
	size_t	 w;
	const char *x;

	if (t->cjk)
		return false;
	for (w = 0; w < t->nwords; w++)
		for (x = t->words[w]; *x; x++)
			if ((unsigned char)*x >= 0x80)
				return false;
	return t->nwords > 0;
}

/* Per-thread matching state: the fold of a passage and its map. */
struct matcher {
	struct buf	 f;
	uint32_t	*map;
	size_t		 mapcap;
	struct foldmemo	 memo;
};

/*
 * Match the passage s[0..len) exactly: 0 if it does not match; else 1,
 * with the first match's source range, each term's count and the words
 * of the passage.
 */
static int
match_passage(struct matcher *m, const struct search_query *sq,
    const char *s, size_t len, size_t *hit, size_t *hitlen, uint16_t *tf,
    uint16_t *dl)
{
	size_t		 i, first = 0, fend = 0, best = (size_t)-1, bend = 0;
	size_t		 n;
	unsigned	 c;
	const char	*f;
	bool		 ascii = true;
	int		 bits;

	/* Text whose every character folds to itself, to no ASCII letter,
	 * or to letters no word of the query has, is matched in place,
	 * ASCII case aside. */
	for (i = 0; i < len && ascii; ) {
		int32_t cp;

		i = skip_ascii(s, i, len);
		if (i >= len)
			break;
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		cp = cp_at(s, len, i, &n);
		i += n;
		bits = fold_bits(&m->memo, cp);
		/* é in "café" is no trouble unless its e can be part of a
		 * word looked for; ™ (folding to "tm") always is. */
		ascii = (bits & 2) == 0 || ((bits & 8) && !(bits & 4));
	}
	for (i = 0; i < sq->n && ascii; i++)
		ascii = term_ascii(&sq->t[i]);
	if (ascii) {
		/* Matched in place, case aside; words estimated. */
		for (i = 0; i < sq->n; i++) {
			c = term_count_ascii(&sq->t[i], s, len, &first, &fend);
			if (sq->t[i].neg ? c > 0 : c == 0)
				return 0;
			if (!sq->t[i].neg && first < best) {
				best = first;
				bend = fend;
			}
			if (tf != NULL && i < SEARCH_TERMS)
				tf[i] = c > 65535 ? 65535 : (uint16_t)c;
		}
		if (dl != NULL)
			*dl = (uint16_t)((len + 5) / 6);
		*hit = best == (size_t)-1 ? 0 : best;
		*hitlen = best == (size_t)-1 ? 0 : bend - best;
		return 1;
	}
	buf_reset(&m->f);
	if (4 * len + 8 > m->mapcap) {
		m->mapcap = 4 * len + 8;
		m->map = xreallocarray(m->map, m->mapcap, sizeof(*m->map));
	}
	utf8_fold(&m->f, s, len, m->map);
	f = buf_cstr(&m->f);
	for (i = 0; i < sq->n; i++) {
		c = term_count(&sq->t[i], f, m->f.len, &first, &fend);
		if (sq->t[i].neg ? c > 0 : c == 0)
			return 0;
		if (!sq->t[i].neg && first < best) {
			best = first;
			bend = fend;
		}
		if (tf != NULL && i < SEARCH_TERMS)
			tf[i] = c > 65535 ? 65535 : (uint16_t)c;
	}
	if (dl != NULL)
		*dl = (uint16_t)((len + 5) / 6);
	if (best == (size_t)-1) {
		*hit = 0;
		*hitlen = 0;
		return 1;
	}
	*hit = m->map[best];
	*hitlen = (bend < m->f.len ? m->map[bend] : len) - *hit;
	if (bend > 0 && bend <= m->f.len && m->map[bend - 1] >= *hit) {
		/* The end: past the last source byte of the match. */
		size_t e = m->map[bend - 1];

		(void)cp_at(s, len, e, &n);
		*hitlen = e + n - *hit;
	}
	return 1;
}

bool
search_match(const struct search_query *sq, const char *s, size_t len,
    size_t *hit, size_t *hitlen)
{
	struct matcher	*m = xcalloc(1, sizeof(*m));
	int		 r;

	m->memo.sq = sq;
	r = match_passage(m, sq, s, len, hit, hitlen, NULL, NULL);
	buf_free(&m->f);
	free(m->map);
	free(m);
	return r != 0;
}

/* ---- the scan ------------------------------------------------------------ */

struct scan {
	const struct corpus *c;
	const uint8_t	*want;
	const struct search_query *sq;
	atomic_size_t	 next;
	pthread_mutex_t	 lock;
	struct search_passage *out;
	size_t		 nout, cap;
	struct search_scan_stats st;
};

struct worker {
	struct scan	*sc;
	char		*buf;
	size_t		 cap;
	struct matcher	 m;
	uint32_t	*fa;		/* offsets of folding characters */
	size_t		 fcap;
	struct search_passage *out;
	size_t		 nout, cap_out;
	struct search_scan_stats st;
};

/* Read the whole file into w->buf; its length, or -1. */
static ssize_t
read_file(struct worker *w, const char *path)
{
	struct stat	 sb;
	size_t		 len = 0;
	ssize_t		 r;
	int		 fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	if (fstat(fd, &sb) == -1 || !S_ISREG(sb.st_mode)) {
		close(fd);
		return -1;
	}
	for (;;) {
		if (len + 65536 + 1 > w->cap) {
			w->cap = len + (size_t)sb.st_size + 65536 + 1;
			w->buf = xreallocarray(w->buf, w->cap, 1);
		}
		r = read(fd, w->buf + len, w->cap - len - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		len += (size_t)r;
		/* All it had when looked at: no read to find the end. */
		if (len == (size_t)sb.st_size)
			break;
	}
	close(fd);
	w->buf[len] = '\0';
	return (ssize_t)len;
}

/* Keep a matching passage of entry "entry" at "off" in the worker's list. */
static void
add_passage(struct worker *w, int entry, size_t off, const uint16_t *tf,
    uint16_t dl)
{
	struct search_passage *p;

	if (w->nout == w->cap_out) {
		w->cap_out = w->cap_out ? 2 * w->cap_out : 64;
		w->out = xbigarray(w->out, w->nout, w->cap_out,
		    sizeof(*w->out));
	}
	p = &w->out[w->nout++];
	memset(p, 0, sizeof(*p));
	p->entry = entry;
	p->off = (uint32_t)off;
	p->dl = dl;
	memcpy(p->tf, tf, sizeof(p->tf));
}

/* Scan one document for matching passages. */
static void
scan_doc(struct worker *w, int entry)
{
	const struct search_query *sq = w->sc->sq;
	const struct entry *e = &w->sc->c->e[entry];
	ssize_t		 r;
	size_t		 len, body, p, q, i, hit, hl, next, nfa, f = 0;
	const char	*s, *x;
	bool		 cand;
	uint16_t	 tf[SEARCH_TERMS], dl;

	if ((r = read_file(w, e->abspath)) <= 0)
		return;
	w->st.docs++;
	w->st.bytes += (uint64_t)r;
	s = w->buf;
	len = (size_t)r;
	body = search_body_off(e->path, s, len);
	if (body >= len)
		return;
	w->st.passages += (len - body) / (SEARCH_CHUNK * 7 / 8) + 1;
	/* Characters that fold into ASCII letters (é, ß): where they are,
	 * the ASCII prefilter cannot rule a passage out. */
	nfa = ascii_folds(&w->m.memo, s + body, len - body, &w->fa,
	    &w->fcap);
	for (i = 0; i < nfa; i++)
		w->fa[i] += (uint32_t)body;
	if (nfa == 0)
		for (i = 0; i < sq->n; i++) {
			const struct search_term *t = &sq->t[i];

			if (t->neg)
				continue;
			if (t->cjk ? memmem(s + body, len - body, t->text,
			    strlen(t->text)) == NULL : t->needle != NULL &&
			    ci_find(s + body, len - body, t->needle,
			    t->nneedle) == NULL)
				return;
		}
	/* The passages, cut as the index cuts them; skip to the next place
	 * the first term's needle (or a folding character) occurs. */
	next = body;
	for (p = body; p < len; p = q) {
		bool folding;

		q = search_chunk_end(s, p, len);
		if (q <= next)
			continue;
		while (f < nfa && w->fa[f] < p)
			f++;
		folding = f < nfa && w->fa[f] < q;
		cand = true;
		for (i = 0; i < sq->n && cand; i++) {
			const struct search_term *t = &sq->t[i];

			if (t->neg || t->cjk || t->needle == NULL || folding)
				continue;
			if (ci_find(s + p, q - p, t->needle, t->nneedle) !=
			    NULL)
				continue;
			cand = false;
			if (i == 0) {
				/* Where the needle, or a folding character,
				 * occurs next. */
				x = ci_find(s + q, len - q, t->needle,
				    t->nneedle);
				next = x != NULL ? (size_t)(x - s) : len;
				if (f < nfa && w->fa[f] < next)
					next = w->fa[f];
				if (next >= len)
					return;
			}
		}
		if (!cand)
			continue;
		memset(tf, 0, sizeof(tf));
		if (match_passage(&w->m, sq, s + p, q - p, &hit, &hl, tf,
		    &dl))
			add_passage(w, entry, p, tf, dl);
	}
}

/* A scanning thread: documents taken in turn until none are left. */
static void *
scan_worker(void *arg)
{
	struct worker	*w = arg;
	struct scan	*sc = w->sc;
	size_t		 i;

	w->m.memo.sq = sc->sq;
	while ((i = atomic_fetch_add(&sc->next, 1)) < sc->c->n) {
		if (sc->want != NULL && !sc->want[i])
			continue;
		scan_doc(w, (int)i);
	}
	return NULL;
}

/* The cores to use. */
static int
ncores(void)
{
	long	 n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > MAX_THREADS ? MAX_THREADS : (int)n;
}

int
search_scan(const struct corpus *c, const uint8_t *want,
    const struct search_query *sq, struct search_passage **out, size_t *nout,
    struct search_scan_stats *stp, struct folio_err *err)
{
	struct scan	 sc;
	struct worker	 w[MAX_THREADS];
	pthread_t	 th[MAX_THREADS];
	bool		 started[MAX_THREADS];
	int		 nt = ncores(), k;
	size_t		 n = 0;

	(void)err;
	memset(&sc, 0, sizeof(sc));
	memset(w, 0, sizeof(w));
	sc.c = c;
	sc.want = want;
	sc.sq = sq;
	atomic_init(&sc.next, 0);
	if (c->n < 16)
		nt = 1;
	for (k = 0; k < nt; k++) {
		w[k].sc = &sc;
		started[k] = k > 0 && pthread_create(&th[k], NULL, scan_worker,
		    &w[k]) == 0;
	}
	scan_worker(&w[0]);
	for (k = 1; k < nt; k++)
		if (started[k])
			pthread_join(th[k], NULL);
		else
			scan_worker(&w[k]);
	for (k = 0; k < nt; k++) {
		n += w[k].nout;
		sc.st.docs += w[k].st.docs;
		sc.st.bytes += w[k].st.bytes;
		sc.st.passages += w[k].st.passages;
	}
	*out = xbigarray(NULL, 0, n + 1, sizeof(**out));
	*nout = 0;
	for (k = 0; k < nt; k++) {
		if (w[k].nout > 0)
			memcpy(*out + *nout, w[k].out, w[k].nout *
			    sizeof(**out));
		*nout += w[k].nout;
		free(w[k].out);
		free(w[k].buf);
		free(w[k].fa);
		free(w[k].m.map);
		buf_free(&w[k].m.f);
	}
	if (stp != NULL)
		*stp = sc.st;
	return 0;
}

void
search_bm25(const struct search_query *sq, struct search_passage *p,
    size_t n, double total, double matching)
{
	double		 idf, tf, sc;
	size_t		 i, t;

	if (total < matching)
		total = matching;
	idf = log((total - matching + 0.5) / (matching + 0.5));
	if (idf <= 0)
		idf = 1e-6;
	for (i = 0; i < n; i++) {
		for (sc = 0, t = 0; t < sq->n && t < SEARCH_TERMS; t++) {
			if (sq->t[t].neg)
				continue;
			tf = p[i].tf[t];
			sc += idf * tf * (BM25_K1 + 1) / (tf + BM25_K1 *
			    (1 - BM25_B + BM25_B * p[i].dl / AVG_WORDS));
		}
		p[i].score = -sc;
	}
}

/* qsort: passages by document, then offset. */
static int
by_entry_off(const void *a, const void *b)
{
	const struct search_passage *x = a, *y = b;

	if (x->entry != y->entry)
		return x->entry < y->entry ? -1 : 1;
	return x->off < y->off ? -1 : x->off > y->off;
}

/* A document no bigger is read whole to measure its passages. */
#define MEASURE_WHOLE	(256u << 10)

/* Passages p[0..n) (by document, then offset) to be measured by the
 * threads, a document at a time, and which of them matched. */
struct measuring {
	const struct corpus *c;
	const struct search_query *sq;
	struct search_passage *p;
	const size_t	*start;		/* each document's first passage */
	size_t		 ndoc;
	uint8_t		*kept;
	atomic_size_t	 next;		/* the next document to take */
};

/* Measure documents in turn: read each passage from its file, mark those
 * that match (with their term counts and length); a thread's start
 * routine, or called directly; returns NULL. */
static void *
measure_run(void *arg)
{
	struct measuring *mg = arg;
	struct search_passage *p = mg->p;
	struct matcher	*m = xcalloc(1, sizeof(*m));
	char		*b = xmalloc(SEARCH_CHUNK + 8);
	struct buf	 whole = { 0 };
	size_t		 i, j, hit, hl, q, want;
	int		 fd;
	ssize_t		 r;

	m->memo.sq = mg->sq;
	while ((j = atomic_fetch_add(&mg->next, 1)) < mg->ndoc) {
		i = mg->start[j];
		if ((fd = open(mg->c->e[p[i].entry].abspath, O_RDONLY |
		    O_CLOEXEC)) == -1)
			continue;
		/* A small document with several passages to read: read
		 * whole at once (a read costs more than its bytes). */
		want = mg->c->e[p[i].entry].size > 0 ?
		    (size_t)mg->c->e[p[i].entry].size : 0;
		buf_reset(&whole);
		if (mg->start[j + 1] - i > 1 && want <= MEASURE_WHOLE)
			(void)buf_pread_start(&whole, fd, want);
		for (; i < mg->start[j + 1]; i++) {
			/* What a read of the passage would have given. */
			if (whole.len > 0) {
				if (p[i].off >= whole.len)
					continue;
				r = (ssize_t)(whole.len - p[i].off <
				    SEARCH_CHUNK + 4 ? whole.len - p[i].off :
				    SEARCH_CHUNK + 4);
				memcpy(b, whole.p + p[i].off, (size_t)r);
			} else if ((r = pread(fd, b, SEARCH_CHUNK + 4,
			    p[i].off)) <= 0)
				continue;
			b[r] = '\0';
			/* The passage ends where the index's did: its own
			 * rule, unless the file ends first. */
			q = (size_t)r <= SEARCH_CHUNK ? (size_t)r :
			    search_chunk_end(b, 0, (size_t)r);
			memset(p[i].tf, 0, sizeof(p[i].tf));
			mg->kept[i] = match_passage(m, mg->sq, b, q, &hit,
			    &hl, p[i].tf, &p[i].dl);
		}
		close(fd);
	}
	free(b);
	buf_free(&whole);
	buf_free(&m->f);
	free(m->map);
	free(m);
	return NULL;
}

size_t
search_measure(const struct corpus *c, const struct search_query *sq,
    struct search_passage *p, size_t n)
{
	struct measuring mg;
	pthread_t	 th;
	size_t		*start, i, k, nd = 0;

	if (n > 0)
		qsort(p, n, sizeof(*p), by_entry_off);
	start = xreallocarray(NULL, n + 1, sizeof(*start));
	for (i = 0; i < n; i++)
		if (i == 0 || p[i].entry != p[i - 1].entry)
			start[nd++] = i;
	start[nd] = n;
	mg.c = c;
	mg.sq = sq;
	mg.p = p;
	mg.start = start;
	mg.ndoc = nd;
	mg.kept = xcalloc(n + 1, 1);
	atomic_init(&mg.next, 0);
	/* Many are read on two cores. */
	if (nd > 1 && n >= 64 && ncores() > 1 &&
	    pthread_create(&th, NULL, measure_run, &mg) == 0) {
		measure_run(&mg);
		pthread_join(th, NULL);
	} else
		measure_run(&mg);
	for (i = k = 0; i < n; i++)
		if (mg.kept[i])
			p[k++] = p[i];
	free(mg.kept);
	free(start);
	return k;
}

/* ---- ranking and hits ---------------------------------------------------- */


struct docrank {
	int		 entry;
	double		 score;
	size_t		 first, n;	/* its passages in the sorted array */
	size_t		 take, slot;	/* its hits, and where they go */
};

/* qsort: passages by document, then best score first. */
static int
by_entry_score(const void *a, const void *b)
{
	const struct search_passage *x = a, *y = b;

	if (x->entry != y->entry)
		return x->entry < y->entry ? -1 : 1;
	if (x->score != y->score)
		return x->score < y->score ? -1 : 1;
	return x->off < y->off ? -1 : x->off > y->off;
}

/* qsort: documents best first (ties by entry). */
static int
by_score(const void *a, const void *b)
{
	const struct docrank *x = a, *y = b;

	if (x->score != y->score)
		return x->score < y->score ? -1 : 1;
	return x->entry - y->entry;
}

/* qsort: passages by offset. */
static int
by_off(const void *a, const void *b)
{
	const struct search_passage *x = a, *y = b;

	return x->off < y->off ? -1 : x->off > y->off;
}

/* Copy s[0..n) plain: Markdown's marks out, links as their text.  map[k]
 * receives the source offset of output byte k. */
static void
plain(struct buf *b, const char *s, size_t n, uint32_t *map)
{
	size_t	 i = 0, j;

	/* Leading marks: headings, quotes, list bullets, task boxes. */
	while (i < n && strchr(" \t#>", s[i]) != NULL)
		i++;
	if (i + 1 < n && strchr("-*+", s[i]) != NULL && s[i + 1] == ' ')
		i += 2;
	if (i + 3 < n && s[i] == '[' && s[i + 2] == ']' && s[i + 3] == ' ')
		i += 4;
	while (i < n) {
		char ch = s[i];
		const char *gt;

		/* Tags (HTML, a caption's <c>, <v Name>, <00:01.000>) and
		 * SubStation codes ({\an8}) go; an autolink stays. */
		if (((ch == '<' && i + 1 < n && (isalnum((unsigned char)
		    s[i + 1]) || s[i + 1] == '/')) || (ch == '{' && i + 1 < n &&
		    s[i + 1] == '\\')) && (gt = memchr(s + i, ch == '<' ? '>' :
		    '}', n - i)) != NULL && memmem(s + i, (size_t)(gt - s) - i,
		    "://", 3) == NULL && memchr(s + i, '@', (size_t)(gt - s) -
		    i) == NULL) {
			i = (size_t)(gt - s) + 1;
			continue;
		}
		if (ch == '*' || ch == '`' || (ch == '_' && (i + 1 < n &&
		    s[i + 1] == '_')) || (ch == '~' && i + 1 < n &&
		    s[i + 1] == '~') || ch == '[' || ch == ']' ||
		    (ch == '|' && i > 0 && s[i - 1] != '\\')) {
			if (ch == ']' && i + 1 < n && s[i + 1] == '(') {
				/* [text](url): the URL goes */
				const char *e = memchr(s + i, ')', n - i);

				if (e != NULL) {
					i = (size_t)(e - s) + 1;
					continue;
				}
			}
			if (ch == '|' && s[i - 1] != ' ' && i + 1 < n &&
			    s[i + 1] != ' ') {
				/* [[target|label]]: keep the label only */
				for (j = b->len; j > 0 && b->p[j - 1] !=
				    ' '; j--)
					continue;
				b->len = j;
			}
			if (ch == '_' || ch == '~')
				i++;
			i++;
			continue;
		}
		if (map != NULL)
			map[b->len] = (uint32_t)i;
		buf_addc(b, ch == '\t' ? ' ' : ch);
		i++;
	}
	if (map != NULL)
		map[b->len] = (uint32_t)n;
	buf_cstr(b);
}

#define SNIP_BYTES	160

char *
search_snippet(const char *s, size_t len, size_t hit, size_t hitlen,
    uint32_t *hl_off, uint32_t *hl_len)
{
	struct buf	 b = { 0 }, r = { 0 };
	uint32_t	*map;
	size_t		 ls, le, k, hs, he, from, to;
	char		*out;

	if (hit > len)
		hit = len;
	if (hit + hitlen > len)
		hitlen = len - hit;
	for (ls = hit; ls > 0 && s[ls - 1] != '\n'; ls--)
		continue;
	for (le = hit; le < len && s[le] != '\n'; le++)
		continue;
	if (le > ls && s[le - 1] == '\r')
		le--;
	if (hit + hitlen > le)
		hitlen = hit < le ? le - hit : 0;
	map = xreallocarray(NULL, le - ls + 2, sizeof(*map));
	plain(&b, s + ls, le - ls, map);
	/* The match in the plain text. */
	for (hs = 0; hs < b.len && ls + map[hs] < hit; hs++)
		continue;
	for (he = hs; he < b.len && ls + map[he] < hit + hitlen; he++)
		continue;
	/* A window of SNIP_BYTES around it, cut at spaces. */
	from = 0;
	to = b.len;
	if (b.len > SNIP_BYTES) {
		size_t mid = (hs + he) / 2;

		from = mid > SNIP_BYTES / 2 ? mid - SNIP_BYTES / 2 : 0;
		if (from > hs)
			from = hs;
		to = from + SNIP_BYTES < b.len ? from + SNIP_BYTES : b.len;
		if (to < he)
			to = he;
		if (to == b.len && to - from < SNIP_BYTES)
			from = to > SNIP_BYTES ? to - SNIP_BYTES : 0;
		if (from > hs)
			from = hs;
		for (k = from; k > 0 && k + 12 > from && b.p[k - 1] != ' ';
		    k--)
			continue;
		if (k > 0 && b.p[k - 1] == ' ')
			from = k;
		while (from > 0 && ((unsigned char)b.p[from] & 0xc0) == 0x80)
			from--;
		while (to < b.len && ((unsigned char)b.p[to] & 0xc0) == 0x80)
			to++;
	}
	while (from < hs && (b.p[from] == ' ' || b.p[from] == '\t'))
		from++;
	if (from > 0)
		buf_adds(&r, "…");
	*hl_off = (uint32_t)(r.len + hs - from);
	*hl_len = (uint32_t)(he - hs);
	buf_add(&r, b.p + from, to - from);
	if (to < b.len)
		buf_adds(&r, "…");
	out = xstrndup(buf_cstr(&r), r.len);
	free(map);
	buf_free(&b);
	buf_free(&r);
	return out;
}

/*
 * The moment of offset "off" (its line starting at "ls") in a parsed
 * document, as doc_time_at() tells it, for offsets in increasing order:
 * the items are walked once, *it and *last carrying on from the call
 * before.
 */
static long
moment(const struct doc *d, size_t off, size_t ls, size_t *it, long *last,
    bool *approx)
{
	const struct body *b = d->body;

	*approx = false;
	for (; b != NULL && *it < b->nitems && b->items[*it].off <= off;
	    (*it)++)
		if (b->items[*it].type == ITEM_TS)
			*last = b->items[*it].seconds;
	if (*last >= 0)
		return *last;
	if (d->nts > 0)
		return 0;	/* before the first timestamp */
	if (d->video[0] == '\0' || d->duration <= 0)
		return -1;
	*approx = true;
	return ts_estimate(doc_words_before(d, ls), d->words, d->duration);
}

/* The documents to place hits in, shared by the threads doing it. */
struct placing {
	const struct corpus *c;
	const struct search_query *sq;
	struct search_passage *p;
	struct docrank	*d;
	size_t		 nd;
	struct index_hit *h;
	atomic_size_t	 next;
};

/* Place the hits of document d[i] in its slots h[d[i].slot...]. */
static void
place_doc(struct placing *pl, size_t i, struct sbuf **reuse, struct buf *rawb)
{
	const struct corpus *c = pl->c;
	const struct search_query *sq = pl->sq;
	struct search_passage *p = pl->p;
	struct docrank	*d = pl->d;
	struct index_hit *h = pl->h;
	const struct entry *e = &c->e[d[i].entry];
	struct doc_opts	 o = { .summary = true };
	struct folio_err derr;
	struct doc	*doc;
	struct buf	 raw = *rawb;
	const char	*s;
	size_t		 k, take = d[i].take, nh = d[i].slot, len, body, lpos;
	size_t		 wpos, words = 0;
	size_t		 it = 0;
	long		 last = -1;
	unsigned	 line;

	qsort(p + d[i].first, take, sizeof(*p), by_off);
	/* Only timestamps need the document parsed; lines, the estimated
	 * moment and the snippet come from its bytes. */
	doc = NULL;
	if (e->nts > 0 || e->kind == DOC_CAPTIONS || !e->loaded) {
		if ((doc = doc_load(e->abspath, e->path, reuse, &o, &derr)) ==
		    NULL)
			return;
		s = doc->src->p;
		len = doc->len;
	} else {
		int64_t size;

		if (buf_read_file(&raw, e->abspath, &size, NULL) == -1) {
			*rawb = raw;
			return;
		}
		s = raw.p;
		len = raw.len;
	}
	body = search_body_off(e->path, s, len);
	wpos = body;
	line = 1;
	lpos = 0;
	for (k = 0; k < take; k++) {
		const struct search_passage *x = &p[d[i].first + k];
		size_t q, hit = 0, hl = 0, ls, lead;
		struct index_hit *y = &h[nh];
		bool approx = false;
		const char *nl;

		if (x->off >= len)
			continue;
		q = search_chunk_end(s, x->off, len);
		if (!search_match(sq, s + x->off, q - x->off, &hit,
		    &hl)) {
			hit = 0;
			hl = 0;
		}
		hit += x->off;
		y->entry = d[i].entry;
		/* Lines counted on from the last hit's. */
		while (lpos < hit && (nl = memchr(s + lpos, '\n',
		    hit - lpos)) != NULL) {
			line++;
			lpos = (size_t)(nl - s) + 1;
		}
		lpos = hit;
		y->line = line;
		for (ls = hit; ls > 0 && s[ls - 1] != '\n'; ls--)
			continue;
		y->off = (uint32_t)ls;
		y->match_off = (uint32_t)hit;
		if (doc != NULL) {
			/* The moment: the timestamp in effect where
			 * the line's text starts ("[05:00] ..."). */
			for (lead = ls; lead < len && strchr(" \t[(|*->#",
			    s[lead]) != NULL && s[lead] != '\0'; lead++)
				continue;
			y->seconds = moment(doc, lead, ls, &it, &last,
			    &approx);
		} else if (e->video[0] != '\0' && e->duration > 0) {
			/* The words before the line, counted on from the
			 * last hit's line (lines start after a space). */
			if (ls > wpos) {
				words += doc_count_words(s + wpos, ls - wpos);
				wpos = ls;
			}
			approx = true;
			y->seconds = ts_estimate(words, e->words, e->duration);
		} else
			y->seconds = -1;
		y->approx = approx;
		y->snippet = search_snippet(s, len, hit, hl,
		    &y->hl_off, &y->hl_len);
		y->rank = x->score;
		y->doc_rank = d[i].score;
		y->title = doc != NULL && doc->title != NULL ?
		    xstrdup(doc->title) : NULL;
		nh++;
	}
	doc_free(doc);
	*rawb = raw;
}

/* A placing thread: documents taken in turn until none are left. */
static void *
place_worker(void *arg)
{
	struct placing	*pl = arg;
	struct sbuf	*reuse = NULL;
	struct buf	 raw = { 0 };
	size_t		 i;

	while ((i = atomic_fetch_add(&pl->next, 1)) < pl->nd)
		place_doc(pl, i, &reuse, &raw);
	sbuf_unref(reuse);
	buf_free(&raw);
	return NULL;
}

/* Whether passage a comes before b in its document's ranking: better
 * score, then earlier. */
static bool
ranks_before(const struct search_passage *a, const struct search_passage *b)
{
	if (a->score != b->score)
		return a->score < b->score;
	return a->off < b->off;
}

long
search_rank(const struct corpus *c, const struct search_query *sq,
    struct search_passage *p, size_t n, size_t limit, size_t per_doc,
    struct index_hit **hits, struct folio_err *err)
{
	struct docrank	*d = NULL;
	struct index_hit *h = NULL;
	struct search_passage *sel = NULL, **best = NULL;
	struct placing	 pl;
	pthread_t	 th;
	uint32_t	*cnt = NULL;
	int32_t		*slot = NULL;
	size_t		 nd = 0, i, j, k, nh = 0, take;

	(void)err;
	*hits = NULL;
	if (n == 0 || limit == 0)
		return 0;
	/*
	 * A document's score: its best passage's, half the second's and a
	 * quarter of the third's.  Its three best are kept as the passages
	 * go by (not all of them sorted: a common word matches hundreds of
	 * thousands), then only the chosen documents' passages are sorted.
	 */
	best = xbigcalloc((size_t)c->n * 3 + 1, sizeof(*best));
	cnt = xcalloc((size_t)c->n + 1, sizeof(*cnt));
	for (i = 0; i < n; i++) {
		struct search_passage **b = &best[(size_t)p[i].entry * 3], *x;

		if (cnt[p[i].entry]++ == 0)
			nd++;
		x = &p[i];
		for (k = 0; k < 3 && x != NULL; k++)
			if (b[k] == NULL || ranks_before(x, b[k])) {
				struct search_passage *y = b[k];

				b[k] = x;
				x = y;
			}
	}
	d = xreallocarray(NULL, nd + 1, sizeof(*d));
	for (i = 0, nd = 0; i < c->n; i++) {
		if (cnt[i] == 0)
			continue;
		d[nd].entry = (int)i;
		d[nd].score = 0;
		for (k = 0; k < 3 && best[i * 3 + k] != NULL; k++)
			d[nd].score += best[i * 3 + k]->score /
			    (double)(1 << k);
		d[nd].n = cnt[i];
		nd++;
	}
	qsort(d, nd, sizeof(*d), by_score);
	/* Each document's slots; its passages gathered, best first. */
	slot = xreallocarray(NULL, c->n + 1, sizeof(*slot));
	memset(slot, 0xff, (c->n + 1) * sizeof(*slot));
	for (i = 0, k = 0; i < nd && nh < limit; i++) {
		take = d[i].n < per_doc ? d[i].n : per_doc;
		if (take > limit - nh)
			take = limit - nh;
		d[i].take = take;
		d[i].slot = nh;
		d[i].first = k;
		k += d[i].n;
		slot[d[i].entry] = (int32_t)i;
		nh += take;
	}
	nd = i;
	sel = xreallocarray(NULL, k + 1, sizeof(*sel));
	for (i = 0; i < nd; i++)
		d[i].n = 0;
	for (i = 0; i < n; i++) {
		if (slot[p[i].entry] < 0)
			continue;
		j = (size_t)slot[p[i].entry];
		sel[d[j].first + d[j].n++] = p[i];
	}
	for (i = 0; i < nd; i++)
		qsort(sel + d[i].first, d[i].n, sizeof(*sel), by_entry_score);
	free(best);
	free(cnt);
	free(slot);
	h = xcalloc(nh + 1, sizeof(*h));
	memset(&pl, 0, sizeof(pl));
	pl.c = c;
	pl.sq = sq;
	pl.p = sel;
	pl.d = d;
	pl.nd = nd;
	pl.h = h;
	atomic_init(&pl.next, 0);
	if (nd > 1 && ncores() > 1 && pthread_create(&th, NULL, place_worker,
	    &pl) == 0) {
		place_worker(&pl);
		pthread_join(th, NULL);
	} else
		place_worker(&pl);
	/* Slots of documents that could not be read stay empty. */
	for (i = k = 0; i < nh; i++)
		if (h[i].snippet != NULL)
			h[k++] = h[i];
	free(sel);
	free(d);
	*hits = h;
	return (long)k;
}
