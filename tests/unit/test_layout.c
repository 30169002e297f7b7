/* SPDX-License-Identifier: ISC */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "folio/arena.h"
#include "folio/buf.h"
#include "folio/layout.h"
#include "folio/markdown.h"
#include "folio/role.h"
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

/* The text of line "k", trailing blanks dropped, in "out". */
static const char *
text_of(const struct lines *l, size_t k, char *out, size_t cap)
{
	size_t	 n = l->v[k].tlen < cap - 1 ? l->v[k].tlen : cap - 1;

	memcpy(out, l->v[k].text, n);
	while (n > 0 && out[n - 1] == ' ')
		n--;
	out[n] = '\0';
	return out;
}

/* Check that "l" holds exactly the lines "want" (NULL-terminated). */
static void
expect_lines(const struct lines *l, const char *const *want)
{
	char	 t[256];
	size_t	 k;

	for (k = 0; want[k] != NULL; k++)
		if (k < l->n)
			T_STREQ(text_of(l, k, t, sizeof(t)), want[k]);
	T_EQ(l->n, k);
}

/* A word longer than the line breaks where the line is full, and each
 * piece keeps the source offset of its first byte. */
static void
test_long_word(void)
{
	struct arena	*a = arena_new(0);
	struct lines	 l;

	lines_init(&l);
	lay(a, &l, "abcdefghij\n", 0, 4);
	expect_lines(&l, (const char *[]){ "abcd", "efgh", "ij", NULL });
	if (l.n == 3) {
		T_EQ(l.v[1].src_off, 4);
		T_EQ(l.v[2].src_off, 8);
	}
	/* after a short word: it moves to a line of its own first */
	lay(a, &l, "ab cdefgh\n", 0, 4);
	expect_lines(&l, (const char *[]){ "ab", "cdef", "gh", NULL });
	lines_free(&l);
	arena_free(a);
}

/* A combining mark stays on the letter before it, at a break too. */
static void
test_mark_kept(void)
{
	struct arena	*a = arena_new(0);
	struct lines	 l;

	lines_init(&l);
	lay(a, &l, "xxe\xcc\x81\n", 0, 3);
	expect_lines(&l, (const char *[]){ "xxe\xcc\x81", NULL });
	T_EQ(l.n > 0 ? l.v[0].width : 0, 3);
	lay(a, &l, "xxe\xcc\x81\n", 0, 2);
	expect_lines(&l, (const char *[]){ "xx", "e\xcc\x81", NULL });
	lines_free(&l);
	arena_free(a);
}

/* Inside one word, a link's text and the text after it keep their own
 * roles and offsets. */
static void
test_item_in_word(void)
{
	struct arena	*a = arena_new(0);
	struct lines	 l;
	const char	*s = "see [xy](https://a.example)zz.\n";
	const struct seg *g;
	size_t		 k;
	int		 link = -1, after = -1;

	lines_init(&l);
	lay(a, &l, s, 0, 40);
	T_EQ(l.n, 1);
	for (k = 0; l.n > 0 && k < l.v[0].nsegs; k++) {
		g = &l.v[0].segs[k];
		if (g->blen >= 2 && memcmp(l.v[0].text + g->boff, "xy", 2) == 0)
			link = (int)k;
		if (g->blen >= 2 && memcmp(l.v[0].text + g->boff, "zz", 2) == 0)
			after = (int)k;
	}
	T_CHECK(link >= 0 && after >= 0 && link != after);
	if (link >= 0 && after >= 0) {
		T_EQ(l.v[0].segs[link].role, ROLE_LINK);
		T_CHECK(l.v[0].segs[after].role != ROLE_LINK);
		T_EQ(l.v[0].segs[link].src, strstr(s, "xy") - s);
		T_EQ(l.v[0].segs[after].src, strstr(s, "zz") - s);
	}
	lines_free(&l);
	arena_free(a);
}

/* The 1-based source line of offset "off" in s. */
static unsigned
src_line(const char *s, uint32_t off)
{
	unsigned	 n = 1;
	uint32_t	 i;

	for (i = 0; i < off && s[i] != '\0'; i++)
		if (s[i] == '\n')
			n++;
	return n;
}

static const char *const table_src =
    "| Time | Topic |\n"
    "|---|---|\n"
    "| [0:10](https://youtu.be/dQw4w9WgXcQ?t=10) | alpha beta gamma delta "
    "epsilon zeta eta theta iota kappa |\n"
    "| [0:20](https://youtu.be/dQw4w9WgXcQ?t=20) | lambda mu nu xi omicron "
    "pi rho sigma tau upsilon |\n"
    "| [0:30](https://youtu.be/dQw4w9WgXcQ?t=30) | phi chi psi omega |\n";

/*
 * Inside a table every line of a row, and the separator above it, stands
 * for that row's source line: none of the body rows' lines goes back to
 * the header, and a separator at the top of the screen stays there.
 */
static void
test_table_rows(void)
{
	struct arena	*a = arena_new(0);
	struct lines	 l;
	size_t		 k, seps = 0;
	unsigned	 row = 0, ln;
	bool		 body = false;

	lines_init(&l);
	lay(a, &l, table_src, 0, 40);
	for (k = 0; k < l.n; k++) {
		const char *t = l.v[k].text;

		if (l.v[k].nsegs == 0)
			continue;
		ln = src_line(table_src, l.v[k].src_off);
		if (strncmp(t, "├", strlen("├")) == 0) {
			seps++;
			body = true;
			/* The row below it, and the reader keeps it on top. */
			T_CHECK(k + 1 < l.n);
			if (k + 1 < l.n)
				T_EQ(ln, src_line(table_src,
				    l.v[k + 1].src_off));
			T_EQ(layout_line_at(&l, l.v[k].src_off), k);
			row = ln;
		} else if (strncmp(t, "│", strlen("│")) == 0 && body) {
			T_EQ(ln, row);
		} else if (strncmp(t, "└", strlen("└")) == 0) {
			T_EQ(ln, 5);
			T_EQ(layout_line_at(&l, l.v[k].src_off), k);
		}
		if (body)
			T_CHECK(ln >= 3);
	}
	T_EQ(seps, 3);		/* under the header, between the rows */
	/* Narrow: rows stacked as "Header: value" lines. */
	lay(a, &l, table_src, 0, 12);
	body = false;
	for (k = 0; k < l.n; k++) {
		ln = src_line(table_src, l.v[k].src_off);
		if (strstr(l.v[k].text, "Time:") != NULL)
			body = true;
		if (body)
			T_CHECK(ln >= 3);
	}
	T_CHECK(body);
	lines_free(&l);
	arena_free(a);
}

/* All blocks of "s" at "width" into "l" (reset first). */
static struct body *
lay_all(struct arena *a, struct lines *l, const char *s, int width)
{
	struct body	*b = markdown_parse(a, s, 0, strlen(s));

	lines_reset(l);
	layout_body(l, b, width);
	return b;
}

/* A callout is a titled box in its role: the title line, the body
 * behind a bar (blank lines too), the closing line; nested boxes close
 * inside their outer one; a list item's marker stays before the box. */
static void
test_callout_box(void)
{
	struct arena	*a = arena_new(0);
	struct lines	 l;
	const char	*s = "> [!note] Title\n> One.\n>\n> > [!danger]\n"
	    "> > Two.\n\n- item\n  > [!tip] T\n  > x\n";
	char		 t[256];
	size_t		 k;

	lines_init(&l);
	lay_all(a, &l, s, 20);
	expect_lines(&l, (const char *[]){
	    "┌ Note: Title ──────",
	    "│ One.",
	    "│",
	    "│ ┌ Danger ─────────",
	    "│ │ Two.",
	    "│ └─────────────────",
	    "└───────────────────",
	    "",
	    "• item",
	    "",
	    "  ┌ Tip: T ─────────",
	    "  │ x",
	    "  └─────────────────",
	    NULL });
	/* The box's glyphs and label carry the type's role. */
	for (k = 0; k < l.n && k < 1; k++) {
		T_EQ(l.v[0].segs[0].role, ROLE_CALLOUT_NOTE);
		T_EQ(l.v[6].segs[0].role, ROLE_CALLOUT_NOTE);
		T_EQ(l.v[4].segs[1].role, ROLE_CALLOUT_DANGER);
	}
	(void)t;
	lines_free(&l);
	arena_free(a);
}

/* A folded callout is its title line alone, "▸" and the lines it hides;
 * unfolded ("+" too) it shows "▾" and its box; the title's arrow and
 * label are its ITEM_FOLD item. */
static void
test_callout_fold(void)
{
	struct arena	*a = arena_new(0);
	struct lines	 l;
	struct body	*b;
	const char	*s = "> [!warning]- Careful\n> One.\n> Two.\n\nAfter.\n";
	int32_t		 it;
	uint16_t	 g;

	lines_init(&l);
	b = lay_all(a, &l, s, 40);
	expect_lines(&l, (const char *[]){
	    "─ ▸ Warning: Careful (2 lines folded) ──",
	    "",
	    "After.",
	    NULL });
	for (g = 0, it = -1; l.n > 0 && g < l.v[0].nsegs && it < 0; g++)
		it = l.v[0].segs[g].item;
	T_CHECK(it >= 0 && b->items[it].type == ITEM_FOLD);
	T_EQ(markdown_fold(b, 0), 0);
	lines_reset(&l);
	layout_body(&l, b, 40);
	expect_lines(&l, (const char *[]){
	    "┌ ▾ Warning: Careful ───────────────────",
	    "│ One. Two.",
	    "└───────────────────────────────────────",
	    "",
	    "After.",
	    NULL });
	lines_free(&l);
	arena_free(a);
}

/* The footnotes at the end stand for the offset they are shown at, not
 * their source; links in them are still their items. */
static void
test_footnotes_moved(void)
{
	struct arena	*a = arena_new(0);
	struct lines	 l;
	struct body	*b;
	const char	*s = "[^n]: See [x](https://a.example).\n\nText.[^n]\n";
	size_t		 k;
	uint16_t	 g;
	bool		 link = false;

	lines_init(&l);
	b = lay_all(a, &l, s, 30);
	expect_lines(&l, (const char *[]){
	    "Text.[1]",
	    "",
	    "──────────────────────────────",
	    "Footnotes",
	    "",
	    "[1] See x.",
	    NULL });
	for (k = 2; k < l.n; k++) {
		/* The rule and label where the rest ends, footnote 1 just
		 * after: a place of its own. */
		T_EQ(l.v[k].src_off, b->blocks[0].end + (k >= 4));
		for (g = 0; g < l.v[k].nsegs; g++) {
			T_EQ(l.v[k].segs[g].src, UINT32_MAX);
			if (l.v[k].segs[g].item >= 0 &&
			    b->items[l.v[k].segs[g].item].type == ITEM_WEB)
				link = true;
		}
	}
	T_CHECK(link);
	lines_free(&l);
	arena_free(a);
}

/* Append the lines' text, one per line (a spill function). */
static void
spill_text(struct lines *l, void *arg)
{
	struct buf	*out = arg;

	layout_dump(out, l, 0);
}

/* A paragraph of thousands of lines is handed out in parts as it is laid
 * out, the same lines in the same order as when laid out whole. */
static void
test_spill(void)
{
	struct arena	*a = arena_new(0);
	struct lines	 l, whole;
	struct buf	 src = { 0 }, got = { 0 }, want = { 0 };
	const struct body *b;
	size_t		 i, n;

	buf_adds(&src, "# Title\n\n");
	for (i = 0; i < 3000; i++)
		buf_printf(&src, "line %zu of a long transcript\n", i);
	buf_adds(&src, "\nAfter.\n");
	b = markdown_parse(a, src.p, 0, src.len);
	T_EQ(b->nblocks, 3);
	lines_init(&whole);
	lines_init(&l);
	l.spill = spill_text;
	l.spill_arg = &got;
	for (i = 0; i < b->nblocks; i++) {
		n = layout_block(&whole, b, i, 20);
		T_EQ(layout_block(&l, b, i, 20), n);
		if (i == 1) {
			/* The paragraph's lines went out in parts. */
			T_CHECK(l.spilled > 0);
			T_CHECK(l.n < n);
		}
		spill_text(&l, &got);
		lines_reset(&l);
	}
	layout_dump(&want, &whole, 0);
	T_EQ(got.len, want.len);
	T_CHECK(got.len == want.len && memcmp(got.p, want.p, got.len) == 0);
	lines_free(&l);
	lines_free(&whole);
	buf_free(&src);
	buf_free(&got);
	buf_free(&want);
	arena_free(a);
}

/* Blocks laid out one after another in the same lines (cleared between
 * them) find their items as when each is laid out alone. */
static void
test_clear_items(void)
{
	struct arena	*a = arena_new(0);
	struct lines	 l, one;
	struct buf	 src = { 0 };
	struct body	*mb;
	const struct body *b;
	size_t		 i, k, items = 0, bad = 0;
	uint16_t	 g;

	for (i = 0; i < 60; i++)
		buf_printf(&src, "Words %zu and [a link](https://x.org/%zu), "
		    "then [[Note %zu]].\n\n", i, i, i);
	mb = markdown_parse(a, src.p, 0, src.len);
	T_EQ(mb->nblocks, 60);
	/* Mentions on each paragraph's first word, as entity marking
	 * adds them: no run names them, the layout looks them up. */
	for (i = 0; i < mb->nblocks; i++) {
		struct item it;

		memset(&it, 0, sizeof(it));
		it.type = ITEM_ENTITY;
		it.role = ROLE_ENTITY;
		it.off = mb->blocks[i].off;
		it.len = 5;
		it.seconds = -1;
		it.ref = -1;
		it.text = it.target = "Words";
		markdown_add_item(mb, &it);
	}
	markdown_sort_items(mb);
	b = mb;
	lines_init(&l);
	/* From the end backwards, then forwards: the hint must not be
	 * trusted for an offset before it. */
	for (k = 0; k < 2 * b->nblocks; k++) {
		size_t bi = k < b->nblocks ? b->nblocks - 1 - k :
		    k - b->nblocks;

		lines_clear(&l);
		layout_block(&l, b, bi, 30);
		lines_init(&one);
		layout_block(&one, b, bi, 30);
		bad += l.n != one.n;
		for (i = 0; i < l.n && i < one.n; i++) {
			bad += strcmp(l.v[i].text, one.v[i].text) != 0;
			bad += l.v[i].nsegs != one.v[i].nsegs;
			for (g = 0; g < l.v[i].nsegs && g < one.v[i].nsegs;
			    g++) {
				bad += l.v[i].segs[g].item !=
				    one.v[i].segs[g].item;
				bad += l.v[i].segs[g].role !=
				    one.v[i].segs[g].role;
				items += l.v[i].segs[g].item >= 0;
			}
		}
		lines_free(&one);
	}
	T_EQ(bad, 0);		/* each block as a fresh layout has it */
	T_CHECK(items >= 4 * b->nblocks);
	lines_free(&l);
	buf_free(&src);
	arena_free(a);
}

T_LIST(test_callout_box, test_callout_fold, test_footnotes_moved,
    test_line_at_heading, test_line_at_wrapped, test_line_at_empty,
    test_long_word, test_mark_kept, test_item_in_word,
    test_table_rows, test_spill, test_clear_items)
