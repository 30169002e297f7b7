/* SPDX-License-Identifier: ISC */
#include <stdlib.h>
#include <string.h>

#include "folio/arena.h"
#include "folio/layout.h"
#include "folio/markdown.h"
#include "t.h"

/* Lay out block "bi" of "s" at "width" columns into "l" (reset first). */
static const struct body *
lay(struct arena *a, struct lines *l, const char *s, size_t bi, int width)
{
	const struct body *b = markdown_parse(a, s, 0, strlen(s));

	lines_reset(l);
	if (bi < b->nblocks)
		layout_block(l, b, bi, width);
	return b;
}

/* A heading and its rule share an offset: the heading is shown. */
static void
test_line_at_heading(void)
{
	struct arena	*a = arena_new(0);
	struct lines	 l;
	const char	*s = "Intro.\n\n# One long transcript\n\nText.\n";
	const struct body *b;
	size_t		 k;

	lines_init(&l);
	b = lay(a, &l, s, 1, 40);
	T_CHECK(l.n >= 2);
	/* blank lines first, then the heading's text, then its rule */
	for (k = 0; k < l.n && l.v[k].nsegs == 0; k++)
		;
	T_CHECK(k + 1 < l.n);
	T_CHECK(strstr(l.v[k].text, "One long") != NULL);
	T_EQ(l.v[k + 1].src_off, l.v[k].src_off);
	T_EQ(layout_line_at(&l, b->blocks[1].off), k);
	T_EQ(layout_line_at(&l, l.v[k].src_off), k);
	/* an offset before the block's text: its first text line */
	T_EQ(layout_line_at(&l, 0), k);
	lines_free(&l);
	arena_free(a);
}

/* A wrapped paragraph: the line an offset falls on. */
static void
test_line_at_wrapped(void)
{
	struct arena	*a = arena_new(0);
	struct lines	 l;
	const char	*s = "alpha beta gamma delta epsilon zeta eta theta\n";
	const char	*eps = strstr(s, "epsilon");
	size_t		 k, want = 0;

	lines_init(&l);
	lay(a, &l, s, 0, 12);
	T_CHECK(l.n >= 4);
	for (k = 0; k < l.n; k++)
		if (strstr(l.v[k].text, "epsilon") != NULL)
			want = k;
	T_CHECK(want > 0);
	T_EQ(layout_line_at(&l, (uint32_t)(eps - s)), want);
	T_EQ(layout_line_at(&l, (uint32_t)(eps - s + 3)), want);
	T_EQ(layout_line_at(&l, (uint32_t)strlen(s) + 100), l.n - 1);
	lines_free(&l);
	arena_free(a);
}

/* No lines, or only blank ones: line 0. */
static void
test_line_at_empty(void)
{
	struct lines	 l;

	lines_init(&l);
	T_EQ(layout_line_at(&l, 5), 0);
	lines_free(&l);
}

T_LIST(test_line_at_heading, test_line_at_wrapped, test_line_at_empty)
