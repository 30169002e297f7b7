/* SPDX-License-Identifier: ISC */
/* Unit tests: UTF-8 validation, whose ASCII is checked eight bytes at a
 * time: a bad byte is found wherever it falls. */
#include <stdbool.h>
#include <string.h>

#include "folio/folio.h"
#include "folio/utf8.h"
#include "t.h"

/* Valid text, ASCII and not, of every length around the eight-byte
 * steps; then one bad byte or sequence put at every place in it. */
static void
test_valid(void)
{
	static const char *const good[] = { "", "a", "abcdefg", "abcdefgh",
	    "abcdefghi", "abcdefgh\xc3\xa9", "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
	    "\xc3\xa9", "\xf0\x9f\x87\xba\xf0\x9f\x87\xb8 hello world",
	    "1234567\xe2\x82\xac" };
	static const char *const bad[] = { "\x80", "\xff", "\xc3", "\xc3(",
	    "\xed\xa0\x80", "\xe2\x82" };
	char	 buf[64];
	size_t	 i, k, at, n;

	for (i = 0; i < ARRAY_SIZE(good); i++)
		T_CHECK(utf8_valid(good[i], strlen(good[i])));
	for (k = 0; k < ARRAY_SIZE(bad); k++)
		for (at = 0; at < 24; at++) {
			memset(buf, 'x', sizeof(buf));
			n = strlen(bad[k]);
			memcpy(buf + at, bad[k], n);
			T_CHECK(!utf8_valid(buf, 32));
			/* cut off before it: valid */
			T_CHECK(utf8_valid(buf, at));
		}
}

/* Cutting to a width: whole graphemes, one column left for the "…". */
static void
test_cut(void)
{
	bool	 cut;

	T_EQ(utf8_cut("hello", 5, 5, &cut), 5);
	T_CHECK(!cut);
	T_EQ(utf8_cut("hello world", 11, 6, &cut), 5);
	T_CHECK(cut);
	/* A wide character that would end past the column stays out. */
	T_EQ(utf8_cut("ab\xe6\x97\xa5" "c", 6, 3, &cut), 2);
	T_CHECK(cut);
	/* An accent stays with its letter. */
	T_EQ(utf8_cut("e\xcc\x81tude", 8, 3, &cut), 4);
	T_CHECK(cut);
	T_EQ(utf8_cut("", 0, 0, &cut), 0);
	T_CHECK(!cut);
}

T_LIST(test_valid, test_cut)
