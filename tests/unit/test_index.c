/* SPDX-License-Identifier: ISC */
/* The full-text index: build, search forms, moments, incremental update,
 * deletion, corruption, unlinked mentions. */
#include <sys/stat.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "folio/corpus.h"
#include "folio/index.h"
#include "t.h"

static char	 dir[] = "/tmp/folio-index-XXXXXX";

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

/* The permission bits of file "path" + "sfx", or -1. */
static int
private_mode(const char *path, const char *sfx)
{
	struct stat	 st;
	char		 p[700];

	snprintf(p, sizeof(p), "%s%s", path, sfx);
	return stat(p, &st) == 0 ? (int)(st.st_mode & 0777) : -1;
}

/* How many hits "q" has, and whether one is in document "doc". */
static long
hits(struct index *ix, const struct corpus *c, const char *q,
    const char *doc)
{
	struct folio_err err;
	struct index_hit *h;
	long		 n, k, in = 0;

	n = index_search(ix, c, q, 50, &h, &err);
	for (k = 0; k < n; k++)
		if (doc != NULL && strcmp(c->e[h[k].entry].path, doc) == 0)
			in = 1;
	if (n > 0)
		index_hits_free(h, (size_t)n);
	return doc != NULL ? in : n;
}

static void
test_index(void)
{
	struct folio_err err;
	struct index	*ix = NULL;
	struct index_pre *pre;
	struct index_answer ans;
	struct index_hit *h;
	struct corpus	*c;
	char		 path[600], cmd[700];
	long		 n, k;
	int		 fd;

	if (mkdtemp(dir) == NULL)
		return;
	umask(022);
	snprintf(path, sizeof(path), "%s/lib", dir);
	mkdir(path, 0700);
	put("talk.md", "---\ntitle: A Talk\nvideo_id: \"Hn3Kd8Ws1Zq\"\n"
	    "duration: \"10:00\"\n---\n# A Talk\n\n[00:10](https://youtu.be/"
	    "Hn3Kd8Ws1Zq?t=10) Opening words.\n\n[05:00](https://youtu.be/"
	    "Hn3Kd8Ws1Zq?t=300) Then the o1-preview model and the Café "
	    "du Monde.\n");
	put("long.md", "---\ntitle: Long Walk\nvideo_id: \"Qx7LmP2vT9a\"\n"
	    "duration: \"1:00:00\"\n---\nfirst half of the words here\n\n"
	    "then the marker word zebra at the end\n");
	put("note.md", "# Garden Notes\n\nPlanting in spring. 日本語のメモ "
	    "です。 The Long Walk was good.\n\nSee [[A Talk]].\n");
	c = library();
	snprintf(path, sizeof(path), "%s/index.sqlite", dir);
	T_EQ(index_open(&ix, path, &err), 0);
	T_EQ(index_update(ix, c, NULL, NULL, &err), 3);
	T_EQ(index_update(ix, c, NULL, NULL, &err), 0);	/* nothing changed */
	/* The index and its log are private, the log made while open. */
	T_EQ(private_mode(path, ""), 0600);
	T_EQ(private_mode(path, "-wal"), 0600);
	T_EQ(private_mode(path, "-shm"), 0600);

	T_EQ(hits(ix, c, "o1-preview", "talk.md"), 1);	/* punctuation */
	T_EQ(hits(ix, c, "cafe", "talk.md"), 1);	/* accents */
	T_EQ(hits(ix, c, "\"du monde\"", "talk.md"), 1);	/* phrase */
	T_EQ(hits(ix, c, "\"monde du\"", NULL), 0);
	T_EQ(hits(ix, c, "日本語", "note.md"), 1);	/* CJK */
	T_EQ(hits(ix, c, "planting -spring", NULL), 0);	/* negation */

	/* A hit's moment: the timestamp before it, or an estimate. */
	n = index_search(ix, c, "o1-preview", 10, &h, &err);
	T_EQ(n, 1);
	if (n == 1) {
		T_EQ(h[0].seconds, 300);
		T_CHECK(!h[0].approx);
		T_CHECK(h[0].off > 0);
		index_hits_free(h, 1);
	}
	n = index_search(ix, c, "zebra", 10, &h, &err);
	T_EQ(n, 1);
	if (n == 1) {
		T_CHECK(h[0].approx);
		/* 6 of 14 words before its line, of an hour */
		T_CHECK(h[0].seconds > 1500 && h[0].seconds < 1600);
		index_hits_free(h, 1);
	}

	/* Unlinked mentions: note.md names "Long Walk" without a link, and
	 * links to A Talk (so it is no unlinked mention of it). */
	n = index_unlinked(ix, c, (size_t)corpus_find_path(c, "long.md"), 10,
	    &h, &err);
	T_EQ(n, 1);
	if (n == 1) {
		T_STREQ(c->e[h[0].entry].path, "note.md");
		index_hits_free(h, 1);
	}
	n = index_unlinked(ix, c, (size_t)corpus_find_path(c, "talk.md"), 10,
	    &h, &err);
	T_EQ(n, 0);

	/* An edit is re-indexed alone; a deletion is forgotten. */
	put("note.md", "# Garden Notes\n\nNow about tulips.\n");
	corpus_free(c);
	c = library();
	T_EQ(index_update(ix, c, NULL, NULL, &err), 1);
	T_EQ(hits(ix, c, "tulips", "note.md"), 1);
	T_EQ(hits(ix, c, "planting", NULL), 0);

	/* Few matches are ranked: the denser one first, though it comes
	 * later in the library. */
	put("a-sparse.md", "# Sparse\n\nA long paragraph of many words in "
	    "which the walrus appears once among all the other words that "
	    "say nothing in particular about anything at all.\n");
	put("b-dense.md", "# Dense\n\nWalrus, walrus, walrus.\n");
	corpus_free(c);
	c = library();
	T_EQ(index_update(ix, c, NULL, NULL, &err), 2);
	n = index_search(ix, c, "walrus", 10, &h, &err);
	T_EQ(n, 2);
	if (n == 2) {
		T_STREQ(c->e[h[0].entry].path, "b-dense.md");
		index_hits_free(h, 2);
	}
	snprintf(path, sizeof(path), "%s/lib/long.md", dir);
	T_EQ(unlink(path), 0);
	corpus_free(c);
	c = library();
	T_EQ(index_update(ix, c, NULL, NULL, &err), 1);
	T_EQ(hits(ix, c, "zebra", NULL), 0);
	index_close(ix);

	/* Read ahead while the library is walked: the same answers, a
	 * document edited since read directly; read ahead for another
	 * query, or from no usable file, nothing is wrong. */
	put("a-sparse.md", "# Sparse\n\nNow walrus walrus walrus walrus.\n");
	corpus_free(c);
	snprintf(path, sizeof(path), "%s/index.sqlite", dir);
	pre = index_prefetch(path, "walrus");
	c = library();
	T_CHECK((ix = index_prefetched(pre)) != NULL);
	n = index_query(ix, c, "walrus", 10, 0, &h, &ans, &err);
	T_EQ(n, 2);
	T_EQ(ans.scanned, 1);
	T_EQ(ans.indexed, 3);
	if (n == 2) {
		T_STREQ(c->e[h[0].entry].path, "a-sparse.md");
		index_hits_free(h, 2);
	}
	T_EQ(hits(ix, c, "walrus", "b-dense.md"), 1);	/* used once */
	index_close(ix);
	T_CHECK((ix = index_prefetched(index_prefetch(path, "zebra"))) !=
	    NULL);
	T_EQ(hits(ix, c, "walrus", "b-dense.md"), 1);
	index_close(ix);
	T_CHECK(index_prefetched(index_prefetch(dir, "walrus")) == NULL);

	/* A damaged index is made anew. */
	snprintf(path, sizeof(path), "%s/index.sqlite", dir);
	if ((fd = open(path, O_WRONLY)) != -1) {
		for (k = 0; k < 64; k++)
			(void)pwrite(fd, "garbage!", 8, k * 512);
		close(fd);
	}
	T_EQ(index_open(&ix, path, &err), 0);
	T_CHECK(index_update(ix, c, NULL, NULL, &err) >= 1);
	T_EQ(hits(ix, c, "o1-preview", "talk.md"), 1);
	index_close(ix);
	corpus_free(c);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	T_EQ(system(cmd), 0);
}

T_LIST(test_index)
