/* SPDX-License-Identifier: ISC */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "folio/arena.h"
#include "folio/buf.h"
#include "folio/markdown.h"
#include "folio/role.h"
#include "t.h"

static struct body *
parse(struct arena *a, const char *s)
{
	return markdown_parse(a, s, 0, strlen(s));
}

/* Every run that claims a source offset must point at those very bytes:
 * the guard for md4c's undocumented text-pointer aliasing. */
static int
offsets_ok(const struct body *b, const char *src)
{
	size_t	 i, k;
	uint32_t j;

	for (i = 0; i < b->nblocks; i++) {
		const struct block *bl = &b->blocks[i];

		for (j = 0; j < bl->nruns; j++)
			if (bl->runs[j].off != RUN_NOOFF &&
			    memcmp(src + bl->runs[j].off, bl->runs[j].text,
			    bl->runs[j].len) != 0)
				return 0;
		if (bl->type == BLK_TABLE)
			for (k = 0; k < (size_t)bl->nrows * bl->ncols; k++)
				for (j = 0; j < bl->cells[k].nruns; j++) {
					const struct run *r =
					    &bl->cells[k].runs[j];

					if (r->off != RUN_NOOFF &&
					    memcmp(src + r->off, r->text,
					    r->len) != 0)
						return 0;
				}
	}
	return 1;
}

static void
test_offsets(void)
{
	struct arena	*a = arena_new(0);
	const char	*s = "# Title\n\nSome *emph* and **strong** text,\n"
	    "a [link](https://x.org) and `code`.\n\n- one\n- two\n\n"
	    "> quoted\n\n| a | b |\n|---|---|\n| c | d |\n";
	struct body	*b = parse(a, s);
	size_t		 i, in_src = 0;

	T_CHECK(offsets_ok(b, s));
	for (i = 0; i < b->nblocks; i++)
		for (uint32_t j = 0; j < b->blocks[i].nruns; j++)
			if (b->blocks[i].runs[j].off != RUN_NOOFF)
				in_src++;
	T_CHECK(in_src >= 8);
	T_EQ(b->blocks[0].type, BLK_HEADING);
	T_EQ(b->blocks[0].off, 2);
	T_EQ(b->blocks[0].runs[0].role, ROLE_H1);
	arena_free(a);
}

static void
test_blocks(void)
{
	struct arena	*a = arena_new(0);
	struct body	*b;

	b = parse(a, "para one\n\n---\n\n```c\nint x;\nint y;\n```\n");
	T_EQ(b->nblocks, 3);
	T_EQ(b->blocks[0].type, BLK_PARA);
	T_EQ(b->blocks[1].type, BLK_HR);
	T_EQ(b->blocks[2].type, BLK_CODE);
	T_STREQ(b->blocks[2].info, "c");
	/* Two code lines: text, break, text. */
	T_EQ(b->blocks[2].nruns, 3);
	T_CHECK(b->blocks[2].runs[1].flags & RUN_HARDBREAK);

	/* A tight list: markers once, no blank lines between items. */
	b = parse(a, "- a\n- b\n  - c\n");
	T_EQ(b->nblocks, 3);
	T_EQ(b->blocks[0].nframes, 1);
	T_STREQ(b->blocks[0].frames[0].marker, "• ");
	T_EQ(b->blocks[1].space_before, 0);
	T_EQ(b->blocks[2].nframes, 2);
	T_CHECK(b->blocks[2].frames[0].marker == NULL);
	T_STREQ(b->blocks[2].frames[1].marker, "◦ ");

	b = parse(a, "3. x\n4. y\n");
	T_STREQ(b->blocks[0].frames[0].marker, "3. ");
	T_STREQ(b->blocks[1].frames[0].marker, "4. ");

	b = parse(a, "- [ ] todo\n- [x] done\n");
	T_STREQ(b->blocks[0].frames[0].marker, "☐ ");
	T_STREQ(b->blocks[1].frames[0].marker, "☑ ");

	b = parse(a, "> a\n> > b\n");
	T_EQ(b->blocks[0].frames[0].kind, FRAME_QUOTE);
	T_EQ(b->blocks[1].nframes, 2);
	arena_free(a);
}

static void
test_table(void)
{
	struct arena	*a = arena_new(0);
	const char	*s = "| T | Topic |\n|---|:---:|\n"
	    "| [17:51](https://youtu.be/_1f-o0nqpEI?t=1071) | a<br><br>b |\n"
	    "| x | [[Note\\|alias]]\n";
	struct body	*b = parse(a, s);
	const struct block *t;

	T_EQ(b->nblocks, 1);
	t = &b->blocks[0];
	T_EQ(t->type, BLK_TABLE);
	T_EQ(t->ncols, 2);
	T_EQ(t->nrows, 3);
	T_EQ(t->head_rows, 1);
	T_EQ(t->align[1], 1);
	/* <br><br> became two hard breaks. */
	T_EQ(t->cells[3].nruns, 4);
	T_CHECK(t->cells[3].runs[1].flags & RUN_HARDBREAK);
	T_CHECK(offsets_ok(b, s));
	/* Items: the timestamp link and the wikilink with its pipe split. */
	T_EQ(b->nitems, 2);
	T_EQ(b->items[0].type, ITEM_TS);
	T_EQ(b->items[0].seconds, 1071);
	T_STREQ(b->items[0].video, "_1f-o0nqpEI");
	T_STREQ(b->items[0].text, "17:51");
	T_EQ(b->items[1].type, ITEM_WIKI);
	T_STREQ(b->items[1].target, "Note");
	T_STREQ(b->items[1].text, "alias");
	arena_free(a);
}

static void
test_links(void)
{
	struct arena	*a = arena_new(0);
	const char	*s = "[[Target]] [[T|lab]] [[N#Head]] ![[Emb]] "
	    "[f](my%20file.md) [w](https://e.org/?a=1&amp;b=2) "
	    "<https://youtu.be/aBcDeFgHiJk>";
	struct body	*b = parse(a, s);
	size_t		 i;

	T_EQ(b->nitems, 7);
	T_EQ(b->items[0].type, ITEM_WIKI);
	T_STREQ(b->items[0].target, "Target");
	T_EQ(b->items[0].off, 2);
	T_EQ(b->items[0].len, 6);
	T_STREQ(b->items[1].text, "lab");
	T_STREQ(b->items[2].target, "N#Head");
	T_EQ(b->items[3].type, ITEM_WIKI);
	T_CHECK(b->items[3].embed);
	T_STREQ(b->items[3].target, "Emb");
	T_EQ(b->items[4].type, ITEM_FILE);
	T_STREQ(b->items[4].target, "my%20file.md");
	T_EQ(b->items[5].type, ITEM_WEB);
	T_STREQ(b->items[5].target, "https://e.org/?a=1&b=2");
	T_EQ(b->items[6].type, ITEM_VIDEO);
	for (i = 1; i < b->nitems; i++)
		T_CHECK(b->items[i - 1].off <= b->items[i].off);

	/* A wikilink target longer than md4c's limit is still found. */
	{
		struct buf l = { 0 };

		buf_adds(&l, "see [[");
		for (i = 0; i < 150; i++)
			buf_addc(&l, 'a' + (int)(i % 26));
		buf_adds(&l, "]] now");
		b = parse(a, l.p);
		T_EQ(b->nitems, 1);
		T_EQ(strlen(b->items[0].target), 150);
		buf_free(&l);
	}
	arena_free(a);
}

static void
test_entities_and_controls(void)
{
	struct arena	*a = arena_new(0);
	char		*d;
	struct body	*b;

	d = markdown_decode_entities(a, "a&amp;b&#39;c&#x41;&bogus;&", 27);
	T_STREQ(d, "a&b'cA&bogus;&");
	/* Every HTML5 name, case-sensitive; the longest one. */
	d = markdown_decode_entities(a, "&frac12; &HilbertSpace; &hilbertspace; "
	    "&CounterClockwiseContourIntegral; &zwnj;", 79);
	T_STREQ(d, "\xc2\xbd \xe2\x84\x8b &hilbertspace; \xe2\x88\xb3 "
	    "\xe2\x80\x8c");
	T_CHECK(markdown_entity("amp", 3) != NULL);
	T_CHECK(markdown_entity("ampx", 3) != NULL);
	T_CHECK(markdown_entity("am", 2) == NULL);
	/* ESC passes through as text (layout makes it visible); NUL
	 * becomes U+FFFD. */
	b = markdown_parse(a, "x\033[31my\0z", 0, 9);
	T_EQ(b->nblocks, 1);
	T_CHECK(b->blocks[0].nruns >= 2);
	arena_free(a);
}

static void
test_comments(void)
{
	struct arena	*a = arena_new(0);
	struct body	*b;

	b = parse(a, "2 Comments\n\nOne.\n\nExpand full comment\n\nTwo.\n\n"
	    "Expand full comment\n");
	T_CHECK(b->flags & BODY_COMMENTS);
	T_EQ(b->blocks[2].type, BLK_SEP);
	T_EQ(b->blocks[4].type, BLK_SEP);
	arena_free(a);
}

static void
test_plain(void)
{
	struct arena	*a = arena_new(0);
	const char	*s = "line one\r\nline two\n\n\nsecond para";
	struct body	*b = markdown_plain(a, s, 0, strlen(s));

	T_EQ(b->nblocks, 2);
	T_EQ(b->blocks[0].nruns, 3);
	T_EQ(b->blocks[0].runs[0].len, 8);
	T_EQ(b->blocks[1].off, 21);
	T_CHECK(b->flags & BODY_PLAIN);
	arena_free(a);
}

/* md4c 0.4.8 is quadratic on "]([\n" repeated: the bounded parse must
 * give up and fall back to plain text instead of freezing. */
static void
test_pathological(void)
{
	struct arena	*a = arena_new(0);
	struct sbuf	*sb;
	static const char chunk[] = "Some words [[Link]] and more words "
	    "here.\n\nNext paragraph.\n\n";
	struct body	*b;
	size_t		 i, n = 200000 / 4;

	sb = sbuf_new(n * 4 + 1);
	for (i = 0; i < n; i++)
		memcpy(sb->p + i * 4, "]([\n", 4);
	sb->len = n * 4;
	sb->p[sb->len] = '\0';
	b = markdown_parse_bounded(a, sb, 0, sb->len, 100);
	T_CHECK(b != NULL);
	T_CHECK(b->flags & BODY_LIMITED);
	T_CHECK(b->nblocks >= 1);
	/* The abandoned worker lets go of the text when md4c returns. */
	for (i = 0; i < 3000 && !sbuf_unique(sb); i++) {
		struct timespec ts = { 0, 10 * 1000 * 1000 };

		nanosleep(&ts, NULL);
	}
	T_CHECK(sbuf_unique(sb));
	sbuf_unref(sb);
	arena_free(a);

	/* A big ordinary document parses within budget on the worker. */
	a = arena_new(0);
	sb = sbuf_new(1u << 20);
	for (i = 0; i + strlen(chunk) < (1u << 20); i += strlen(chunk))
		memcpy(sb->p + i, chunk, strlen(chunk));
	sb->len = i;
	sb->p[i] = '\0';
	b = markdown_parse_bounded(a, sb, 0, sb->len, 5000);
	T_CHECK(!(b->flags & BODY_LIMITED));
	T_CHECK(b->nitems > 1000);
	sbuf_unref(sb);
	arena_free(a);
}

/* Short delimiter cells make a table, as on GitHub, when they can be
 * widened in place; "\\|" inside an embed in a cell. */
static void
test_short_table(void)
{
	struct arena	*a = arena_new(0);
	const char	*s = "| a | b |\n| -- | :- |\n| ![[pic.png\\|100]] | 2 |\n"
	    "\nx | y\n-|-\n1 | 2\n";
	struct body	*b = parse(a, s);

	T_CHECK(b->nblocks >= 2);
	T_EQ(b->blocks[0].type, BLK_TABLE);
	T_EQ(b->blocks[0].ncols, 2);
	T_EQ(b->blocks[0].align[1], 0);
	T_CHECK(offsets_ok(b, s));
	T_EQ(b->nitems, 1);
	if (b->nitems == 1) {
		T_STREQ(b->items[0].target, "pic.png");
		T_EQ(b->items[0].embed, 1);
	}
	/* "-|-": no room to widen; left as md4c reads it. */
	T_CHECK(b->blocks[b->nblocks - 1].type != BLK_TABLE);
	arena_free(a);
}

/* Callouts lose their marker for a title kept apart; block ids are
 * hidden; footnote markers read "[1]". */
static void
test_obsidian(void)
{
	struct arena	*a = arena_new(0);
	const char	*s = "> [!note] Read this\n> Body.\n\n> [!warning]-\n"
	    "> Folded.\n\nShip it. ^goal\n\nA[^1] b.\n\n[^1]: Text.\n";
	struct body	*b = parse(a, s);
	const struct block *bl;
	const struct callout *co;

	/* Two callouts, a paragraph, a reference, the rule, "Footnotes"
	 * and the definition. */
	T_EQ(b->nblocks, 7);
	if (b->nblocks != 7)
		goto out;
	bl = &b->blocks[0];
	T_CHECK((co = bl->callout) != NULL);
	if (co == NULL)
		goto out;
	T_STREQ(co->label, "Note");
	T_EQ(co->role, ROLE_CALLOUT_NOTE);
	T_EQ(co->fold, 0);
	T_EQ(co->ntitle, 1);
	T_CHECK(co->title[0].len == 9 && memcmp(co->title[0].text,
	    "Read this", 9) == 0);
	T_EQ(co->title[0].off, 10);
	T_EQ(bl->nruns, 1);		/* "Body." */
	T_CHECK(bl->runs[0].len == 5 && memcmp(bl->runs[0].text, "Body.",
	    5) == 0);
	T_EQ(bl->frames[0].kind, FRAME_CALLOUT);
	T_CHECK(bl->frames[0].flags & FRAME_LAST);
	bl = &b->blocks[1];
	T_CHECK((co = bl->callout) != NULL);
	if (co != NULL) {
		T_STREQ(co->label, "Warning");
		T_EQ(co->role, ROLE_CALLOUT_WARNING);
		T_EQ(co->fold, '-');
		T_CHECK(co->folded);
		T_EQ(co->ntitle, 0);
		T_EQ(co->nlines, 1);
	}
	bl = &b->blocks[2];
	T_EQ(bl->runs[bl->nruns - 1].len, 8);	/* "Ship it." */
	bl = &b->blocks[3];
	T_CHECK(bl->nruns == 3 && bl->runs[1].len == 3 &&
	    memcmp(bl->runs[1].text, "[1]", 3) == 0 &&
	    bl->runs[1].role == ROLE_LINK);
	T_EQ(b->blocks[4].type, BLK_HR);
	T_CHECK(b->blocks[4].flags & BLOCK_MOVED);
	bl = &b->blocks[6];
	T_EQ(bl->note, 1);
	T_CHECK(bl->flags & BLOCK_MOVED);
	T_CHECK(bl->runs[0].len == 3 && memcmp(bl->runs[0].text, "[1]",
	    3) == 0);
	T_CHECK(bl->nruns == 2 && bl->runs[1].len == 6);	/* " Text." */
	T_EQ(markdown_note_block(b, 1), 6);
	T_EQ(markdown_note_block(b, 2), -1);
	T_CHECK(offsets_ok(b, s));
out:
	arena_free(a);
}

/* Nested callouts: each block knows its boxes; a folded one hides its
 * other blocks until markdown_fold() opens it, and its ITEM_FOLD item
 * sits on its marker. */
static void
test_callout_fold(void)
{
	struct arena	*a = arena_new(0);
	const char	*s = "> [!tip]+ Outer\n> Shown.\n>\n"
	    "> > [!bug]- Inner\n> > Hidden.\n> >\n> > Also hidden.\n>\n"
	    "> After.\n\nOut.\n";
	struct body	*b = parse(a, s);
	const struct callout *outer, *inner;
	size_t		 i, nfold = 0;

	T_EQ(b->nblocks, 5);
	if (b->nblocks != 5)
		goto out;
	outer = b->blocks[0].callout;
	inner = b->blocks[1].callout;
	T_CHECK(outer != NULL && inner != NULL);
	if (outer == NULL || inner == NULL)
		goto out;
	T_EQ(outer->fold, '+');
	T_CHECK(!outer->folded);
	T_EQ(outer->last, 3);
	T_EQ(outer->depth, 0);
	T_EQ(inner->role, ROLE_CALLOUT_DANGER);
	T_EQ(inner->depth, 1);
	T_EQ(inner->last, 2);
	T_EQ(inner->nlines, 3);
	T_EQ(b->blocks[1].nframes, 2);
	T_EQ(b->blocks[1].frames[1].kind, FRAME_CALLOUT);
	T_CHECK(b->blocks[2].frames[1].flags & FRAME_LAST);
	T_CHECK(!(b->blocks[2].frames[0].flags & FRAME_LAST));
	T_CHECK(b->blocks[3].frames[0].flags & FRAME_LAST);
	T_EQ(b->blocks[1].hidden, 0);
	T_EQ(b->blocks[2].hidden, 1);
	T_EQ(b->blocks[3].hidden, 0);
	T_EQ(b->blocks[4].nframes, 0);
	for (i = 0; i < b->nitems; i++)
		if (b->items[i].type == ITEM_FOLD) {
			nfold++;
			T_CHECK(b->items[i].block == 0 || b->items[i].block == 1);
		}
	T_EQ(nfold, 2);
	/* Folding the outer hides everything but its title line. */
	T_EQ(markdown_fold(b, 0), 3);
	T_EQ(b->blocks[1].hidden, 1);
	T_EQ(b->blocks[2].hidden, 2);
	T_EQ(b->blocks[3].hidden, 1);
	T_EQ(markdown_fold(b, 1), 2);	/* the inner opens inside */
	T_EQ(b->blocks[2].hidden, 1);
	T_EQ(markdown_fold(b, 0), 3);
	T_EQ(b->blocks[1].hidden + b->blocks[2].hidden + b->blocks[3].hidden,
	    0);
	T_EQ(markdown_fold(b, 4), -1);	/* not a callout */
	T_CHECK(offsets_ok(b, s));
out:
	arena_free(a);
}

/* Footnotes: numbered by first reference, the definitions (on
 * consecutive lines too) gathered at the end in that order, references
 * are ITEM_NOTE items; a reference to nothing stays as written. */
static void
test_footnotes(void)
{
	struct arena	*a = arena_new(0);
	const char	*s = "Second first.[^b] First.[^a] Again.[^b] None[^z].\n"
	    "\n[^a]: Alpha with [[Link]].\n[^b]: Beta.\n\nThe end.\n";
	struct body	*b = parse(a, s);
	const struct block *bl;
	size_t		 i, nnote = 0;
	long		 k;

	/* The paragraph, "The end.", the rule, "Footnotes", two notes. */
	T_EQ(b->nblocks, 6);
	if (b->nblocks != 6)
		goto out;
	T_EQ(b->blocks[1].type, BLK_PARA);
	T_EQ(b->blocks[1].note, 0);
	T_EQ(b->blocks[2].type, BLK_HR);
	T_EQ(b->blocks[2].off, b->blocks[1].end);
	T_EQ((k = markdown_note_block(b, 1)), 4);
	bl = &b->blocks[4];
	T_CHECK(bl->runs[0].len == 3 && memcmp(bl->runs[0].text, "[1]",
	    3) == 0);
	T_CHECK(bl->runs[1].len >= 6 && memcmp(bl->runs[1].text, " Beta.",
	    6) == 0);
	T_EQ(bl->off, b->blocks[1].end + 1);
	T_EQ(markdown_note_block(b, 2), 5);
	T_EQ(b->blocks[5].off, b->blocks[1].end + 2);
	for (i = 0; i < b->nitems; i++) {
		const struct item *it = &b->items[i];

		if (it->type == ITEM_NOTE) {
			nnote++;
			T_EQ(it->block, 0);
			T_CHECK(it->ref == 1 || it->ref == 2);
			/* The status line says the definition. */
			T_STREQ(it->target, it->ref == 1 ? "Beta." :
			    "Alpha with [[Link]].");
			T_CHECK(s[it->off] == '[' && s[it->off + 1] == '^');
		}
		/* The link in a definition keeps its source and says its
		 * new block. */
		if (it->type == ITEM_WIKI) {
			T_STREQ(it->target, "Link");
			T_EQ(it->block, 5);
		}
	}
	T_EQ(nnote, 3);
	bl = &b->blocks[0];
	for (i = 0; i < bl->nruns; i++)
		if (memmem(bl->runs[i].text, bl->runs[i].len, "[^z]", 4))
			break;
	T_CHECK(i < bl->nruns);
	T_CHECK(offsets_ok(b, s));
	/* A label defined twice: the first counts, the second stays as
	 * written. */
	b = parse(a, "A[^1]\n\n[^1]: one\n\n[^1]: two\n");
	T_EQ(b->nblocks, 5);
	if (b->nblocks == 5) {
		T_CHECK(b->blocks[1].nruns > 0 && b->blocks[1].runs[0].len == 2 &&
		    memcmp(b->blocks[1].runs[0].text, "[^", 2) == 0);
		T_EQ(b->blocks[1].note, 0);
		T_EQ(b->blocks[4].note, 1);
	}
out:
	arena_free(a);
}

/* Links as Obsidian reads them: an escaped "\[[x]]" is text, "[x]()" goes
 * nowhere, "[x](#Heading)" is a place in this note; an HTML block keeps its
 * lines. */
static void
test_link_edges(void)
{
	struct arena	*a = arena_new(0);
	const char	*s = "E \\[[x]] [[y]] [e]() [h](#My%20Part)\n\n"
	    "<pre>\n  a   b\n</pre>\n";
	struct body	*b = parse(a, s);
	size_t		 i, nwiki = 0, nfile = 0, nbreak = 0;

	for (i = 0; i < b->nitems; i++) {
		const struct item *it = &b->items[i];

		if (it->type == ITEM_WIKI) {
			nwiki++;
			T_STREQ(it->target, "y");
		}
		if (it->type == ITEM_FILE) {
			nfile++;
			T_STREQ(it->target, "#My%20Part");
		}
		T_CHECK(it->type != ITEM_WEB);
	}
	T_EQ(nwiki, 1);
	T_EQ(nfile, 1);
	T_EQ(b->nblocks, 2);
	if (b->nblocks == 2) {
		T_EQ(b->blocks[1].type, BLK_HTML);
		for (i = 0; i < b->blocks[1].nruns; i++)
			if (b->blocks[1].runs[i].flags & RUN_HARDBREAK)
				nbreak++;
		T_EQ(nbreak, 2);
	}
	T_CHECK(offsets_ok(b, s));
	arena_free(a);
}

T_LIST(test_link_edges, test_obsidian, test_callout_fold, test_footnotes, test_short_table, test_offsets, test_blocks, test_table, test_links,
    test_entities_and_controls, test_comments, test_plain, test_pathological)
