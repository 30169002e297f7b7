/* SPDX-License-Identifier: ISC */
#include "folio/timestamp.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define MAX_SECONDS	(100L * 3600 * 24)	/* anything longer is junk */

static bool
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

/* Read 1..maxd digits at s[*i]; -1 if none. */
static long
digits(const char *s, size_t len, size_t *i, int maxd, int *nd)
{
	long	 v = 0;
	int	 n = 0;

	while (*i < len && is_digit((unsigned char)s[*i]) && n < maxd) {
		v = v * 10 + (s[*i] - '0');
		(*i)++;
		n++;
	}
	*nd = n;
	return n ? v : -1;
}

long
ts_parse_clock(const char *s, size_t len)
{
	size_t	 i = 0;
	long	 a, b, c;
	int	 na, nb, nc;

	a = digits(s, len, &i, 3, &na);
	if (a < 0 || i >= len || s[i] != ':')
		return -1;
	i++;
	b = digits(s, len, &i, 2, &nb);
	if (b < 0 || nb != 2 || b > 59)
		return -1;
	if (i == len)
		return na <= 3 ? a * 60 + b : -1;
	if (s[i] != ':' || na > 2)
		return -1;
	i++;
	c = digits(s, len, &i, 2, &nc);
	if (c < 0 || nc != 2 || c > 59 || i != len)
		return -1;
	return a * 3600 + b * 60 + c;
}

/* Parse "1h2m3s", "90s", "30m", "2h", "45 min" with units; -1 if not. */
static long
parse_units(const char *s, size_t len)
{
	size_t	 i = 0, u;
	long	 total = 0, v;
	int	 nd, any = 0;

	while (i < len) {
		while (i < len && s[i] == ' ')
			i++;
		if (i == len)
			break;
		v = digits(s, len, &i, 9, &nd);
		if (v < 0)
			return -1;
		while (i < len && s[i] == ' ')
			i++;
		for (u = i; u < len && ((s[u] | 0x20) >= 'a' &&
		    (s[u] | 0x20) <= 'z'); u++)
			;
		if (u == i)
			return any || i < len ? -1 : v;	/* bare number */
		if ((u - i == 1 && (s[i] | 0x20) == 'h') ||
		    (u - i == 2 && strncasecmp(s + i, "hr", 2) == 0) ||
		    (u - i == 3 && strncasecmp(s + i, "hrs", 3) == 0) ||
		    (u - i == 4 && strncasecmp(s + i, "hour", 4) == 0) ||
		    (u - i == 5 && strncasecmp(s + i, "hours", 5) == 0))
			total += v * 3600;
		else if ((u - i == 1 && (s[i] | 0x20) == 'm') ||
		    (u - i == 3 && strncasecmp(s + i, "min", 3) == 0) ||
		    (u - i == 4 && strncasecmp(s + i, "mins", 4) == 0))
			total += v * 60;
		else if ((u - i == 1 && (s[i] | 0x20) == 's') ||
		    (u - i == 3 && strncasecmp(s + i, "sec", 3) == 0) ||
		    (u - i == 4 && strncasecmp(s + i, "secs", 4) == 0))
			total += v;
		else
			return -1;
		if (total > MAX_SECONDS)
			return -1;
		any = 1;
		i = u;
	}
	return any ? total : -1;
}

long
ts_parse_duration(const char *s, size_t len)
{
	size_t	 i;
	long	 v, total = 0;
	int	 nd, t = 0;

	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\n'))
		len--;
	while (len > 0 && *s == ' ') {
		s++;
		len--;
	}
	if (len == 0)
		return -1;
	if (memchr(s, ':', len) != NULL) {
		/* "7:37", "1:05:00", and lenient "1:5:00"? no: clocks. */
		v = ts_parse_clock(s, len);
		return v;
	}
	if ((s[0] == 'P' || s[0] == 'p') && len > 1) {
		/* ISO 8601: P[nD]T[nH][nM][nS]. */
		for (i = 1; i < len; ) {
			if (s[i] == 'T' || s[i] == 't') {
				t = 1;
				i++;
				continue;
			}
			v = digits(s, len, &i, 9, &nd);
			if (v < 0 || i >= len)
				return -1;
			if (i < len && s[i] == '.') {
				/* fractional seconds: skip */
				i++;
				digits(s, len, &i, 9, &nd);
				if (i >= len)
					return -1;
			}
			switch (s[i] | 0x20) {
			case 'd':
				if (t)
					return -1;
				total += v * 86400;
				break;
			case 'h':
				total += v * 3600;
				break;
			case 'm':
				if (!t)
					return -1;
				total += v * 60;
				break;
			case 's':
				total += v;
				break;
			default:
				return -1;
			}
			if (total > MAX_SECONDS)
				return -1;
			i++;
		}
		return total;
	}
	/* Seconds, possibly with a fraction. */
	i = 0;
	v = digits(s, len, &i, 9, &nd);
	if (v >= 0 && i == len)
		return v;
	if (v >= 0 && s[i] == '.') {
		size_t j = i + 1;

		while (j < len && is_digit((unsigned char)s[j]))
			j++;
		if (j == len && j > i + 1)
			return v;
	}
	return parse_units(s, len);
}

bool
ts_valid_id(const char *id, size_t len)
{
	size_t	 i;

	if (len != TS_IDLEN)
		return false;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)id[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    is_digit(c) || c == '_' || c == '-'))
			return false;
	}
	return true;
}

/* Parse a t= / start= value: "75", "75s", "1h2m3s", "1m30s". */
static long
parse_tvalue(const char *s, size_t len)
{
	long	 v;

	if (len == 0)
		return -1;
	v = parse_units(s, len);
	if (v < 0 || v > MAX_SECONDS)
		return -1;
	return v;
}

/* Find the value of query parameter "key" in q[0..len) ("&"-separated). */
static const char *
param(const char *q, size_t len, const char *key, size_t *vlen)
{
	size_t	 kl = strlen(key), i = 0, j;

	while (i < len) {
		/* (A second '?' is taken for a '&': "?v=ID?t=285".) */
		for (j = i; j < len && q[j] != '&' && q[j] != ';' &&
		    q[j] != '?'; j++)
			;
		if (j - i > kl && memcmp(q + i, key, kl) == 0 &&
		    q[i + kl] == '=') {
			*vlen = j - i - kl - 1;
			return q + i + kl + 1;
		}
		i = j + 1;
	}
	return NULL;
}

long
ts_parse_url(const char *url, size_t len, char *vid)
{
	const char	*p = url, *e = url + len, *host, *path, *q = NULL, *frag;
	const char	*id = NULL, *v;
	size_t		 hl, idl = 0, ql = 0, vl, i;
	long		 t = -1;
	bool		 short_host = false;

	vid[0] = '\0';
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)url[i];

		if (c <= 0x20 || c == 0x7f || c == '"' || c == '\'' ||
		    c == '<' || c == '>' || c == '\\' || c == '`')
			return -2;
	}
	if (len > 7 && strncasecmp(p, "http://", 7) == 0)
		p += 7;
	else if (len > 8 && strncasecmp(p, "https://", 8) == 0)
		p += 8;
	else if (memchr(url, ':', len) != NULL &&
	    (memchr(url, '/', len) == NULL || (const char *)memchr(url, ':',
	    len) < (const char *)memchr(url, '/', len)))
		return -2;		/* another scheme */
	host = p;
	while (p < e && *p != '/' && *p != '?' && *p != '#')
		p++;
	hl = (size_t)(p - host);
	if (hl > 3 && host[hl - 3] == ':')
		return -2;		/* ports are not YouTube */
#define HOST_IS(h)	(hl == strlen(h) && strncasecmp(host, h, hl) == 0)
	if (HOST_IS("youtu.be") || HOST_IS("www.youtu.be"))
		short_host = true;
	else if (!(HOST_IS("youtube.com") || HOST_IS("www.youtube.com") ||
	    HOST_IS("m.youtube.com") || HOST_IS("music.youtube.com") ||
	    HOST_IS("youtube-nocookie.com") ||
	    HOST_IS("www.youtube-nocookie.com")))
		return -2;
#undef HOST_IS
	path = p;
	while (p < e && *p != '?' && *p != '#')
		p++;
	if (p < e && *p == '?') {
		q = p + 1;
		while (p < e && *p != '#')
			p++;
		ql = (size_t)(p - q);
	}
	frag = (p < e && *p == '#') ? p + 1 : NULL;
	if (short_host) {
		if (path < e && *path == '/') {
			id = path + 1;
			for (idl = 0; id + idl < e && id[idl] != '/' &&
			    id[idl] != '?' && id[idl] != '#'; idl++)
				;
		}
	} else {
		size_t pl = (size_t)((q ? q - 1 : frag ? frag - 1 : e) - path);
		static const char *const pre[] = { "/embed/", "/shorts/",
		    "/live/", "/v/", "/e/" };

		for (i = 0; i < sizeof(pre) / sizeof(pre[0]); i++) {
			size_t n = strlen(pre[i]);

			if (pl > n && strncmp(path, pre[i], n) == 0) {
				id = path + n;
				for (idl = 0; id + idl < path + pl &&
				    id[idl] != '/'; idl++)
					;
				break;
			}
		}
		if (id == NULL && pl >= 6 && strncmp(path, "/watch", 6) == 0 &&
		    (pl == 6 || (pl == 7 && path[6] == '/')) && q != NULL)
			id = param(q, ql, "v", &idl);
	}
	if (id == NULL || !ts_valid_id(id, idl))
		return -2;
	memcpy(vid, id, TS_IDLEN);
	vid[TS_IDLEN] = '\0';
	if (q != NULL) {
		if ((v = param(q, ql, "t", &vl)) != NULL ||
		    (v = param(q, ql, "start", &vl)) != NULL ||
		    (v = param(q, ql, "time_continue", &vl)) != NULL)
			t = parse_tvalue(v, vl);
	}
	if (t < 0 && frag != NULL) {
		size_t fl = (size_t)(e - frag);

		if ((v = param(frag, fl, "t", &vl)) != NULL)
			t = parse_tvalue(v, vl);
	}
	return t;
}

int
ts_url(char *out, size_t cap, const char *vid, long seconds)
{
	int	 n;

	if (vid == NULL || !ts_valid_id(vid, strlen(vid)))
		return -1;
	if (seconds >= 0)
		n = snprintf(out, cap, "https://www.youtube.com/watch?v=%s&t=%lds",
		    vid, seconds);
	else
		n = snprintf(out, cap, "https://www.youtube.com/watch?v=%s", vid);
	return (n < 0 || (size_t)n >= cap) ? -1 : 0;
}

void
ts_format(char *out, size_t cap, long s)
{
	if (s < 0)
		snprintf(out, cap, "-");
	else if (s >= 3600)
		snprintf(out, cap, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60,
		    s % 60);
	else
		snprintf(out, cap, "%ld:%02ld", s / 60, s % 60);
}

/* True if text[0..i) ends inside a URL-like token. */
static bool
in_url(const char *text, size_t i)
{
	size_t	 s = i;

	while (s > 0 && text[s - 1] != ' ' && text[s - 1] != '\t' &&
	    text[s - 1] != '\n' && text[s - 1] != '(' && text[s - 1] != '[')
		s--;
	if (i - s >= 3) {
		const char *tok = text + s;
		size_t n = i - s, k;

		for (k = 0; k + 3 <= n; k++)
			if (memcmp(tok + k, "://", 3) == 0)
				return true;
		if (n >= 4 && strncmp(tok, "www.", 4) == 0)
			return true;
		for (k = 0; k + 5 <= n; k++)
			if (memcmp(tok + k, "youtu", 5) == 0)
				return true;
	}
	return false;
}

/*
 * True if the time text[i..j) is the text of a link that did not come
 * out as one, "[0:30](" followed by nothing more in this text or by a web
 * address: the address after it, a link of its own, carries the moment.
 */
static bool
broken_link_text(const char *text, size_t len, size_t i, size_t j)
{
	size_t	 rest;

	if (i == 0 || text[i - 1] != '[' || j + 2 > len || text[j] != ']' ||
	    text[j + 1] != '(')
		return false;
	rest = len - (j + 2);
	text += j + 2;
	return rest == 0 || (rest >= 4 && (strncmp(text, "http", 4) == 0 ||
	    strncmp(text, "www.", 4) == 0)) || (rest >= 5 &&
	    strncmp(text, "youtu", 5) == 0);
}

/* Whether s[0..len) starts (after at most one space) with "am", "pm",
 * "a.m.", "p.m." or "o'clock" as a word: the clock before it is a time of
 * day, not a moment of a video. */
static bool
time_of_day(const char *s, size_t len)
{
	static const char *const words[] = { "am", "pm", "a.m", "p.m",
	    "o'clock", "o\xe2\x80\x99" "clock", "oclock" };
	size_t	 i = 0, k, n;

	if (len > 0 && (s[0] == ' ' || s[0] == '\t'))
		i = 1;
	for (k = 0; k < sizeof(words) / sizeof(words[0]); k++) {
		n = strlen(words[k]);
		if (len - i >= n && strncasecmp(s + i, words[k], n) == 0 &&
		    (len - i == n || !((s[i + n] | 0x20) >= 'a' &&
		    (s[i + n] | 0x20) <= 'z')))
			return true;
	}
	return false;
}

/* Whether one of the eight bytes of x is an ASCII digit (bytes of 0x80
 * and above never count; each byte is tested on its own, no carry
 * crosses into the next). */
static inline bool
has_digit8(uint64_t x)
{
	const uint64_t ones = 0x0101010101010101ULL;
	const uint64_t high = 0x8080808080808080ULL;
	const uint64_t low7 = x & (ones * 127);

	/* A byte b of 0..127 is above '/' when b + (127 - '/') sets its
	 * top bit, below ':' when (127 + ':') - b keeps it set. */
	return ((ones * (127 + ':') - low7) & ~x &
	    (low7 + ones * (127 - '/')) & high) != 0;
}

size_t
ts_scan(const char *text, size_t len, struct ts_match *out, size_t max)
{
	size_t	 i, j, n = 0;
	long	 v;

	for (i = 0; i < len; i++) {
		/* Eight bytes at a time while none is a digit. */
		while (len - i >= 8) {
			uint64_t x;

			memcpy(&x, text + i, 8);
			if (has_digit8(x))
				break;
			i += 8;
		}
		if (i >= len)
			break;
		if (!is_digit((unsigned char)text[i]))
			continue;
		if (i > 0) {
			unsigned char p = (unsigned char)text[i - 1];

			if (is_digit(p) || p == ':' || p == '.' || p == ',' ||
			    p == '/' || p == '-' || p == '_' ||
			    (p >= 'a' && p <= 'z') || (p >= 'A' && p <= 'Z'))
				continue;
		}
		/* The longest run of digits and colons from here. */
		for (j = i; j < len && (is_digit((unsigned char)text[j]) ||
		    text[j] == ':'); j++)
			;
		while (j > i && text[j - 1] == ':')
			j--;
		if (j < len && (text[j] == '.' || text[j] == ',') &&
		    j + 1 < len && is_digit((unsigned char)text[j + 1])) {
			i = j;
			continue;
		}
		if (j < len && ((text[j] >= 'a' && text[j] <= 'z') ||
		    (text[j] >= 'A' && text[j] <= 'Z') || text[j] == '/')) {
			/* "1:23/x" is a path, "1:23abc" a word. */
			i = j;
			continue;
		}
		/* A time of day: "1:30pm", "1:30 p.m.", "2:30 o'clock". */
		if (time_of_day(text + j, len - j)) {
			i = j;
			continue;
		}
		v = memchr(text + i, ':', j - i) ? ts_parse_clock(text + i,
		    j - i) : -1;
		if (v >= 0 && !in_url(text, i) && !broken_link_text(text, len,
		    i, j)) {
			if (n < max) {
				out[n].off = i;
				out[n].len = j - i;
				out[n].seconds = v;
			}
			n++;
		}
		i = j;
	}
	return n;
}

long
ts_estimate(size_t words_before, size_t words_total, long duration)
{
	if (words_total == 0 || duration <= 0)
		return -1;
	if (words_before >= words_total)
		return duration;
	return (long)((double)duration * (double)words_before /
	    (double)words_total);
}

int
ts_timeline(char *out, size_t cap, int width, long duration,
    const long *marks, size_t nmarks, long now)
{
	/* Per cell: 0 rule, 1 mark, 2 now. */
	unsigned char	 cell[512];
	size_t		 i, len = 0;
	int		 k;

	if (duration <= 0 || width < 2 || width > (int)sizeof(cell) ||
	    cap < (size_t)width * 3 + 1)
		return -1;
	memset(cell, 0, (size_t)width);
	for (i = 0; i < nmarks; i++) {
		if (marks[i] < 0 || marks[i] > duration)
			continue;
		k = (int)((double)marks[i] * (width - 1) / (double)duration);
		cell[k] = 1;
	}
	if (now >= 0) {
		if (now > duration)
			now = duration;
		k = (int)((double)now * (width - 1) / (double)duration);
		cell[k] = 2;
	}
	for (k = 0; k < width; k++) {
		/* "─" "┼" "●", three bytes each. */
		const char *g = cell[k] == 2 ? "\u25cf" : cell[k] == 1 ?
		    "\u253c" : "\u2500";

		memcpy(out + len, g, 3);
		len += 3;
	}
	out[len] = '\0';
	return 0;
}

long
ts_label_time(const char *label)
{
	size_t	 n;

	if (label == NULL)
		return -1;
	while (*label == ' ' || *label == '[' || *label == '(')
		label++;
	n = strlen(label);
	while (n > 0 && (label[n - 1] == ' ' || label[n - 1] == ']' ||
	    label[n - 1] == ')'))
		n--;
	return ts_parse_clock(label, n);
}

bool
ts_label_is_url(const char *label)
{
	return label != NULL && (strncmp(label, "http://", 7) == 0 ||
	    strncmp(label, "https://", 8) == 0 ||
	    strncmp(label, "www.", 4) == 0 || strncmp(label, "youtu", 5) == 0);
}
