/* SPDX-License-Identifier: ISC */
/* Search without the index: the query language, exact matching with
 * folding, passages, snippets, and the scan merged with the index (a
 * document edited after indexing is found by its new text only). */
#include <sys/stat.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "folio/buf.h"
#include "folio/corpus.h"
#include "folio/index.h"
#include "folio/search.h"
#include "t.h"

static char	 dir[] = "/tmp/folio-search-XXXXXX";

/* Whether query q matches text s (one passage). */
static int
matches(const char *q, const char *s)
{
	struct search_query sq;
	struct folio_err err;
	size_t		 hit, hl;
	int		 r;

	if (search_parse(&sq, q, &err) == -1)
		return -1;
	r = search_match(&sq, s, strlen(s), &hit, &hl);
	search_query_free(&sq);
	return r;
}

/* The text of the first match of q in s. */
static char *
first_match(const char *q, const char *s)
{
	struct search_query sq;
	struct folio_err err;
	size_t		 hit = 0, hl = 0;
	static char	 out[200];

	out[0] = '\0';
	if (search_parse(&sq, q, &err) == 0) {
		if (search_match(&sq, s, strlen(s), &hit, &hl) &&
		    hl < sizeof(out))
			snprintf(out, sizeof(out), "%.*s", (int)hl, s + hit);
		search_query_free(&sq);
	}
	return out;
}

static void
test_match(void)
{
	struct search_query sq;
	struct folio_err err;
	struct buf	 b = { 0 };

	/* Words, case and accents, as the index folds them. */
	T_EQ(matches("export", "New EXPORT rules."), 1);
	T_EQ(matches("export", "exports grew"), 0);		/* a word */
	T_EQ(matches("cafe", "at the Café du Monde"), 1);
	T_EQ(matches("CAFÉ", "a cafe"), 1);
	T_EQ(matches("viet", "Việt Nam"), 1);
	T_EQ(matches("strasse", "die STRAẞE"), 1);
	T_EQ(matches("brandtm", "Brand™ here"), 1);	/* ™ folds to tm */
	T_EQ(matches("brand", "Brand™ here"), 0);
	/* Phrases: in order, anything but words between, lines too. */
	T_EQ(matches("\"export controls\"", "export\ncontrols"), 1);
	T_EQ(matches("\"export controls\"", "export, controls"), 1);
	T_EQ(matches("\"export controls\"", "controls export"), 0);
	T_EQ(matches("\"export controls\"", "export new controls"), 0);
	T_EQ(matches("o1-preview", "the o1 preview model"), 1);
	/* Prefixes, all words, negation. */
	T_EQ(matches("contr*", "under CONTROL"), 1);
	T_EQ(matches("contr*", "a con"), 0);
	T_STREQ(first_match("contr*", "x controls y"), "controls");
	T_EQ(matches("\"export contr\"*", "export controllers"), 1);
	T_EQ(matches("chips export", "export of chips"), 1);
	T_EQ(matches("chips export", "export of wafers"), 0);
	T_EQ(matches("chips -export", "export of chips"), 0);
	T_EQ(matches("chips -export", "chips alone"), 1);
	/* CJK by substring. */
	T_EQ(matches("日本語", "これは日本語のメモ"), 1);
	/* The match's bytes in the source, accents and all. */
	T_STREQ(first_match("cafe", "at the Café du"), "Café");
	T_STREQ(first_match("\"du monde\"", "Café du  Monde!"), "du  Monde");
	/* No positive word: a syntax error. */
	T_EQ(search_parse(&sq, "-alone", &err), -1);
	T_EQ(err.code, FOLIO_ERR_SYNTAX);
	T_EQ(search_parse(&sq, "  ", &err), -1);
	/* The index sees every term quoted, prefixes starred. */
	T_EQ(search_parse(&sq, "o1-preview \"a \"\"b\" contr* -x", &err), 0);
	search_fts_expr(&b, &sq);
	T_STREQ(buf_cstr(&b), "\"o1 preview\" \"a\" \"b\" \"contr\" * NOT \"x\"");
	search_query_free(&sq);
	buf_free(&b);
}

static void
test_snippet(void)
{
	const char	*s = "# Title\n- see **the** [Export Controls](https://"
	    "x.org/a) and [[Target|the label]] here\n";
	const char	*hit = strstr(s, "Controls");
	uint32_t	 ho = 0, hl = 0;
	char		*sn, big[2000];
	size_t		 k;

	sn = search_snippet(s, strlen(s), (size_t)(hit - s), 8, &ho, &hl);
	T_STREQ(sn, "see the Export Controls and the label here");
	T_EQ(hl, 8);
	T_CHECK(ho + hl <= strlen(sn) && memcmp(sn + ho, "Controls", 8) == 0);
	free(sn);
	/* A long line: the snippet is centred on the match. */
	for (k = 0; k < sizeof(big) - 1; k++)
		big[k] = k % 7 == 6 ? ' ' : 'a';
	big[sizeof(big) - 1] = '\0';
	memcpy(big + 1500, "walrus", 6);
	sn = search_snippet(big, strlen(big), 1500, 6, &ho, &hl);
	T_CHECK(strlen(sn) < 200);
	T_CHECK(memcmp(sn + ho, "walrus", 6) == 0);
	T_CHECK(ho > 40 && ho < 140);
	free(sn);
}

static void
put(const char *name, const char *text)
{
	char	 path[600];
	FILE	*f;
	struct timespec ts[2] = { { 0, UTIME_NOW }, { 0, UTIME_NOW } };

	snprintf(path, sizeof(path), "%s/lib/%s", dir, name);
	if ((f = fopen(path, "w")) == NULL) {
		T_CHECK(!"file written");
		return;
	}
	fputs(text, f);
	fclose(f);
	utimensat(AT_FDCWD, path, ts, 0);
}

static struct corpus *
library(void)
{
	struct folio_err err;
	struct corpus	*c = corpus_new();
	char		 path[600];

	snprintf(path, sizeof(path), "%s/lib", dir);
	T_EQ(corpus_add_root(c, path, &err), 0);
	corpus_load(c, 1);
	return c;
}

/* The hits of q as "path:line" lines, in order. */
static const char *
answer(struct index *ix, const struct corpus *c, const char *q,
    struct index_answer *ans)
{
	static struct buf b;
	struct folio_err err;
	struct index_hit *h;
	long		 n, k;

	buf_reset(&b);
	n = index_query(ix, c, q, 50, 0, &h, ans, &err);
	for (k = 0; k < n; k++)
		buf_printf(&b, "%s:%u ", c->e[h[k].entry].path, h[k].line);
	if (n > 0)
		index_hits_free(h, (size_t)n);
	return buf_cstr(&b);
}

static void
test_merged(void)
{
	struct folio_err err;
	struct index_answer ans;
	struct index	*ix = NULL;
	struct corpus	*c;
	char		 path[600], cmd[700], text[4096];
	struct buf	 filler = { 0 };
	int		 k;

	if (mkdtemp(dir) == NULL)
		return;
	snprintf(path, sizeof(path), "%s/lib", dir);
	mkdir(path, 0700);
	for (k = 0; k < 40; k++)
		buf_adds(&filler, "Nothing else happens on this line at all.\n");
	buf_adds(&filler, "\nThe walrus wakes.\n");
	snprintf(text, sizeof(text), "---\ntitle: Alpha\ntags: [walrus]\n"
	    "---\n# Alpha\n\nThe walrus sleeps.\n\n%s", buf_cstr(&filler));
	buf_free(&filler);
	put("a.md", text);
	put("b.md", "# Beta\n\nWalrus, walrus, walrus, walrus.\n");
	put("c.md", "# Gamma\n\nNo such animal, only a seal on the Straße.\n");
	c = library();

	/* No index at all: every document is read. */
	T_STREQ(answer(NULL, c, "walrus", &ans), "b.md:3 a.md:7 a.md:50 ");
	T_EQ(ans.scanned, 3);
	T_CHECK(ans.provisional);
	/* Characters that fold into ASCII letters defeat no prefilter. */
	T_STREQ(answer(NULL, c, "strasse", &ans), "c.md:3 ");
	T_STREQ(answer(NULL, c, "\"seal on the strasse\"", &ans), "c.md:3 ");
	/* Front matter is not searched (the index leaves it out too). */
	T_STREQ(answer(NULL, c, "alpha", &ans), "a.md:5 ");

	/* An empty index: the same answer, all of it read. */
	snprintf(path, sizeof(path), "%s/index.sqlite", dir);
	T_EQ(index_open(&ix, path, &err), 0);
	T_STREQ(answer(ix, c, "walrus", &ans), "b.md:3 a.md:7 a.md:50 ");
	T_EQ(ans.scanned, 3);

	/* Indexed: the same answer, none of it read. */
	T_EQ(index_update(ix, c, NULL, NULL, &err), 3);
	/* The index folds as the scan does. */
	T_STREQ(answer(ix, c, "strasse", &ans), "c.md:3 ");
	T_STREQ(answer(ix, c, "STRAẞE", &ans), "c.md:3 ");
	T_EQ(ans.scanned, 0);
	T_STREQ(answer(ix, c, "walrus", &ans), "b.md:3 a.md:7 a.md:50 ");
	T_EQ(ans.scanned, 0);
	T_EQ(ans.indexed, 3);
	T_CHECK(!ans.provisional);

	/* Edited after indexing, not indexed again: found by its new
	 * text, not by its old; the others still come from the index. */
	put("c.md", "# Gamma\n\nNow a walrus too, and no seal.\n");
	put("d.md", "# Delta\n\nA new walrus note.\n");
	corpus_free(c);
	c = library();
	T_STREQ(answer(ix, c, "animal", &ans), "");
	T_EQ(ans.scanned, 2);
	T_EQ(ans.indexed, 2);
	T_CHECK(ans.provisional);
	T_STREQ(answer(ix, c, "\"no seal\"", &ans), "c.md:3 ");
	T_STREQ(answer(ix, c, "walrus", &ans),
	    "b.md:3 d.md:3 c.md:3 a.md:7 a.md:50 ");
	T_STREQ(answer(ix, c, "walrus -sleeps", &ans),
	    "b.md:3 d.md:3 c.md:3 a.md:50 ");
	/* Brought up to date: the same answers from the index alone. */
	T_EQ(index_update(ix, c, NULL, NULL, &err), 2);
	T_STREQ(answer(ix, c, "animal", &ans), "");
	T_STREQ(answer(ix, c, "\"no seal\"", &ans), "c.md:3 ");
	T_EQ(ans.scanned, 0);
	T_STREQ(answer(ix, c, "walrus", &ans),
	    "b.md:3 d.md:3 c.md:3 a.md:7 a.md:50 ");
	/* Prefixes through the index. */
	T_STREQ(answer(ix, c, "walr*", &ans),
	    "b.md:3 d.md:3 c.md:3 a.md:7 a.md:50 ");
	T_STREQ(answer(ix, c, "\"walrus sle\"*", &ans), "a.md:7 ");
	index_close(ix);
	corpus_free(c);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	T_EQ(system(cmd), 0);
}

/* Whether the "path:line " list r has each document's hits together, in
 * increasing lines, at most "max" of them. */
static bool
in_order(const char *r, int max)
{
	char	 prev[64] = "", path[64];
	char	 seen[4096] = "";
	unsigned line, pline = 0;
	int	 n = 0, used;

	while (sscanf(r, "%63[^:]:%u %n", path, &line, &used) == 2) {
		r += used;
		if (strcmp(path, prev) == 0) {
			if (line <= pline || ++n > max)
				return false;
		} else {
			if (strstr(seen, path) != NULL)
				return false;	/* came back to it */
			strncat(seen, path, sizeof(seen) - strlen(seen) - 1);
			snprintf(prev, sizeof(prev), "%s", path);
			n = 1;
		}
		pline = line;
	}
	return *r == '\0';
}

/* A word in thousands of passages: ranked all the same (the denser
 * document first, though it comes last in the library), by the index
 * (reading only some of them) and by the scan alike. */
static void
test_common(void)
{
	struct folio_err err;
	struct index_answer ans;
	struct index	*ix = NULL;
	struct corpus	*c;
	struct buf	 b = { 0 };
	char		 path[600], cmd[700], name[32];
	const char	*r;
	int		 k, l;

	if (mkdtemp(strcpy(dir, "/tmp/folio-search-XXXXXX")) == NULL)
		return;
	snprintf(path, sizeof(path), "%s/lib", dir);
	mkdir(path, 0700);
	/* One mention in each passage (about 1 KB). */
	for (l = 0; l < 100; l++) {
		buf_adds(&b, "Once more the common word walrus.\n\n");
		for (k = 0; k < 4; k++)
			buf_adds(&b, "A long line of other words that fill the "
			    "passage up to its size, more or less, and then "
			    "some more of them, on and on and on, just words "
			    "and words and words, line after line after "
			    "line, all through the passage, and on.\n\n");
	}
	for (k = 0; k < 30; k++) {
		snprintf(name, sizeof(name), "long-%02d.md", k);
		put(name, buf_cstr(&b));
	}
	/* The same, with two mentions in each passage. */
	buf_reset(&b);
	for (l = 0; l < 100; l++) {
		buf_adds(&b, "Once more the common word walrus, walrus.\n\n");
		for (k = 0; k < 4; k++)
			buf_adds(&b, "A long line of other words that fill the "
			    "passage up to its size, more or less, and then "
			    "some more of them, on and on and on, just words "
			    "and words and words, line after line after "
			    "line, all through the passage, and on.\n\n");
	}
	put("zz-dense.md", buf_cstr(&b));
	buf_free(&b);
	c = library();
	r = answer(NULL, c, "walrus", &ans);
	T_CHECK(strncmp(r, "zz-dense.md:1 ", 14) == 0);
	snprintf(path, sizeof(path), "%s/index.sqlite", dir);
	T_EQ(index_open(&ix, path, &err), 0);
	T_EQ(index_update(ix, c, NULL, NULL, &err), 31);
	/* Passages matching: more than the index reads all at once. */
	T_CHECK(answer(ix, c, "walrus", &ans)[0] != '\0');
	r = answer(ix, c, "walrus", &ans);
	T_EQ(ans.scanned, 0);
	T_CHECK(strncmp(r, "zz-dense.md:1 ", 14) == 0);
	/* Five hits of a document at most, in document order, and each
	 * document's together. */
	T_CHECK(in_order(r, 5));
	index_close(ix);
	corpus_free(c);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	T_EQ(system(cmd), 0);
}

/* Edits leave rows behind in the index (it cannot forget a row without
 * its text): once they outnumber the live ones it is built again, and
 * every answer stays right meanwhile. */
static void
test_rebuild(void)
{
	struct folio_err err;
	struct index_answer ans;
	struct index	*ix = NULL;
	struct corpus	*c;
	struct buf	 b = { 0 };
	char		 path[600], cmd[700], word[32];
	const char	*r;
	uint64_t	 before = 0;
	int		 v, l;

	if (mkdtemp(strcpy(dir, "/tmp/folio-search-XXXXXX")) == NULL)
		return;
	snprintf(path, sizeof(path), "%s/lib", dir);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/index.sqlite", dir);
	T_EQ(index_open(&ix, path, &err), 0);
	for (v = 0; v < 4; v++) {
		/* 3,000 passages, each naming this version. */
		buf_reset(&b);
		snprintf(word, sizeof(word), "version%d", v);
		for (l = 0; l < 3000; l++)
			buf_printf(&b, "Passage %d of %s, and enough words to "
			    "make the line long: lorem ipsum dolor sit amet, "
			    "consectetur adipiscing elit, sed do eiusmod "
			    "tempor incididunt ut labore et dolore magna "
			    "aliqua. Ut enim ad minim veniam, quis nostrud "
			    "exercitation ullamco laboris nisi ut aliquip ex "
			    "ea commodo consequat. Duis aute irure dolor in "
			    "reprehenderit in voluptate velit esse cillum "
			    "dolore eu fugiat nulla pariatur. Excepteur sint "
			    "occaecat cupidatat non proident, sunt in culpa "
			    "qui officia deserunt mollit anim id est laborum "
			    "and then a few more words to pass a kilobyte, "
			    "which is the size of a passage in the index of "
			    "folio, one line each.\n", l, word);
		put("big.md", buf_cstr(&b));
		c = library();
		T_EQ(index_update(ix, c, NULL, NULL, &err), 1);
		r = answer(ix, c, word, &ans);
		T_CHECK(strncmp(r, "big.md:1 big.md:", 16) == 0 &&
		    in_order(r, 5));
		T_EQ(ans.scanned, 0);
		if (v > 0) {
			snprintf(word, sizeof(word), "version%d", v - 1);
			T_STREQ(answer(ix, c, word, &ans), "");
		}
		if (v == 2)
			before = index_bytes(ix);
		corpus_free(c);
	}
	/* The third version left 6,000 rows behind: built again, smaller. */
	T_CHECK(index_bytes(ix) < before / 2);
	index_close(ix);
	buf_free(&b);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	T_EQ(system(cmd), 0);
}

T_LIST(test_match, test_snippet, test_merged, test_common, test_rebuild)
