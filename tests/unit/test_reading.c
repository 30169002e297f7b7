/* SPDX-License-Identifier: ISC */
/* What a reader meets in a document: timestamps that are links (one
 * moment per place in the text; a label's time against its URL's), the
 * chapters of a summary table, a heading found by name. */
#include <stdlib.h>
#include <string.h>

#include "folio/corpus.h"
#include "folio/doc.h"
#include "folio/markdown.h"
#include "folio/timestamp.h"
#include "t.h"

/* A link's text whose link did not come out ("[0:30](" then its URL, a
 * link of its own) is not a second moment. */
static void
test_scan_broken_link(void)
{
	struct ts_match	 m[4];
	const char	*s;

	s = "See [0:30](";
	T_EQ(ts_scan(s, strlen(s), m, 4), 0);
	s = "See [0:30](https://youtu.be/x";
	T_EQ(ts_scan(s, strlen(s), m, 4), 0);
	/* Still times: brackets alone, or before something else. */
	s = "See [0:30] and (1:30)";
	T_EQ(ts_scan(s, strlen(s), m, 4), 2);
	s = "See [0:30](notes.md";
	T_EQ(ts_scan(s, strlen(s), m, 4), 1);
}

/* What a label states, and whether it is an address. */
static void
test_label(void)
{
	T_EQ(ts_label_time("4:08:50"), 14930);
	T_EQ(ts_label_time("[17:51]"), 1071);
	T_EQ(ts_label_time(" (0:30) "), 30);
	T_EQ(ts_label_time("Intel at 4:08:50"), -1);
	T_EQ(ts_label_time("https://youtu.be/x?t=30"), -1);
	T_EQ(ts_label_time(NULL), -1);
	T_CHECK(ts_label_is_url("https://www.youtube.com/watch?v=x&t=30"));
	T_CHECK(ts_label_is_url("youtu.be/x?t=3"));
	T_CHECK(!ts_label_is_url("0:30"));
	T_CHECK(!ts_label_is_url(NULL));
}

/* A document whose link runs into a code span: one moment at 0:30, and
 * its label is not the URL. */
static void
test_doc_one_moment(void)
{
	const char	*src = "---\nvideo_id: dQw4w9WgXcQ\n---\n# T\n\n"
	    "See [0:30](https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=30"
	    "`code` and more text.\n";
	struct doc	*d;
	size_t		 k, n = 0;

	d = doc_load_mem("a.md", src, strlen(src), NULL);
	T_CHECK(d != NULL);
	if (d == NULL)
		return;
	for (k = 0; k < d->body->nitems; k++) {
		const struct item *it = &d->body->items[k];

		if (it->type != ITEM_TS)
			continue;
		n++;
		T_EQ(it->seconds, 30);
	}
	T_EQ(n, 1);
	T_EQ(d->nts, 1);
	doc_free(d);
}

/*
 * The chapters of a summary table opened from its library: every row's
 * moment, though names of the entity dictionary are mentioned between
 * them (seed 003 listed 1 of 15, the sample summary 1 of 8).
 */
static void
test_chapters_with_mentions(void)
{
	struct folio_err err;
	struct corpus	*c = corpus_new();
	struct chapter	*ch;
	struct doc	*d;
	size_t		 n, k, nts = 0, ents = 0;
	int		 i;

	T_EQ(corpus_add_root(c, "data/library", &err), 0);
	corpus_load(c, 1);
	i = corpus_find(c, "summaries/compilers-weekly-42-summary.md");
	T_CHECK(i >= 0);
	if (i < 0 || (d = corpus_open(c, (size_t)i, &err)) == NULL) {
		corpus_free(c);
		return;
	}
	for (k = 0; k < d->body->nitems; k++)
		ents += d->body->items[k].type == ITEM_ENTITY;
	T_CHECK(ents > 0);	/* what the test is about */
	n = doc_chapters(d, &ch);
	for (k = 0; k < n; k++)
		nts += ch[k].level == 0;
	T_EQ(d->nts, 8);
	T_EQ(nts, 8);
	doc_chapters_free(ch, n);
	doc_free(d);
	corpus_free(c);
}

/* ":goto References": a heading by the start of its name, any case. */
static void
test_heading_find(void)
{
	const char	*src = "# Talk\n\nText.\n\n## Références\n\n"
	    "- one\n\n## Reading list\n";
	struct doc	*d;

	d = doc_load_mem("a.md", src, strlen(src), NULL);
	T_CHECK(d != NULL);
	if (d == NULL)
		return;
	/* The offset of the heading's text. */
	T_EQ(doc_heading_find(d, "references"), strstr(src, "Réf") - src);
	T_EQ(doc_heading_find(d, "REF"), strstr(src, "Réf") - src);
	T_EQ(doc_heading_find(d, "## reading"), strstr(src, "Reading") - src);
	T_EQ(doc_heading_find(d, "talk"), 2);
	T_EQ(doc_heading_find(d, "text"), -1);	/* not a heading */
	T_EQ(doc_heading_find(d, ""), -1);
	doc_free(d);
}

T_LIST(test_scan_broken_link, test_label, test_doc_one_moment,
    test_chapters_with_mentions, test_heading_find)
