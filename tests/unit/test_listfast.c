/* SPDX-License-Identifier: ISC */
/* The warm list from the summary cache's first section: the same entries
 * and order as the full load, and nothing when a document changed, came
 * or went. */
#include <sys/stat.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "folio/corpus.h"
#include "folio/listfast.h"
#include "t.h"

static char	 dir[] = "/tmp/folio-listfast-XXXXXX";
static char	 lib[600];

static void
put(const char *name, const char *text)
{
	char	 path[700];
	FILE	*f;

	snprintf(path, sizeof(path), "%s/%s", lib, name);
	if ((f = fopen(path, "w")) == NULL) {
		T_CHECK(!"file written");
		return;
	}
	fputs(text, f);
	fclose(f);
}

/* The full load, which writes the summary cache. */
static struct corpus *
full(void)
{
	struct folio_err err;
	struct corpus	*c = corpus_new();

	T_EQ(corpus_add_root(c, lib, &err), 0);
	corpus_use_cache(c);
	corpus_load(c, 1);
	return c;
}

/* Whether the fast library lists as the full one does. */
static bool
same_list(struct corpus *f, struct corpus *q)
{
	size_t	*a = corpus_order(f, CORPUS_SORT_DATE);
	size_t	*b = corpus_order(q, CORPUS_SORT_DATE);
	size_t	 k;
	bool	 r = f->n == q->n;

	for (k = 0; r && k < f->n; k++) {
		const struct entry *x = &f->e[a[k]], *y = &q->e[b[k]];

		r = strcmp(x->path, y->path) == 0 &&
		    strcmp(x->title, y->title) == 0 &&
		    (x->date == NULL) == (y->date == NULL) &&
		    (x->date == NULL || strcmp(x->date, y->date) == 0) &&
		    x->kind == y->kind && x->duration == y->duration &&
		    x->nerrors == y->nerrors && x->nts == y->nts &&
		    strcmp(x->video, y->video) == 0;
	}
	free(a);
	free(b);
	return r;
}

static void
test_listfast(void)
{
	struct corpus	*f, *q;
	char		*roots[1] = { lib }, cmd[700], path[700];

	if (mkdtemp(dir) == NULL)
		return;
	snprintf(lib, sizeof(lib), "%s/lib", dir);
	mkdir(lib, 0700);
	snprintf(path, sizeof(path), "%s/cache", dir);
	setenv("XDG_CACHE_HOME", path, 1);
	put("a.md", "---\ntitle: Alpha\ndate: 2024-03-01\n---\n# Alpha\n");
	put("b.md", "---\ntitle: Beta\ndate: 2025-01-02\nvideo_id: "
	    "\"Hn3Kd8Ws1Zq\"\nduration: \"10:00\"\n---\n[00:10](https://"
	    "youtu.be/Hn3Kd8Ws1Zq?t=10) Hello.\n");
	put("c.md", "# Gamma, no date\n\nbad: [unclosed\n");

	/* No cache yet: nothing. */
	T_CHECK(listfast_open(roots, 1) == NULL);
	f = full();
	q = listfast_open(roots, 1);
	T_CHECK(q != NULL);
	if (q != NULL) {
		T_CHECK(same_list(f, q));
		corpus_free(q);
	}
	corpus_free(f);

	/* A changed document: nothing (the full path reads it). */
	sleep(0);
	put("a.md", "---\ntitle: Alpha Two\ndate: 2024-03-01\n---\n# A\n");
	T_CHECK(listfast_open(roots, 1) == NULL);
	f = full();
	T_CHECK((q = listfast_open(roots, 1)) != NULL && same_list(f, q));
	corpus_free(q);
	corpus_free(f);
	/* A new one, then one gone: nothing either. */
	put("d.md", "# Delta\n");
	T_CHECK(listfast_open(roots, 1) == NULL);
	corpus_free(full());
	T_CHECK((q = listfast_open(roots, 1)) != NULL);
	corpus_free(q);
	snprintf(path, sizeof(path), "%s/b.md", lib);
	T_EQ(unlink(path), 0);
	T_CHECK(listfast_open(roots, 1) == NULL);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	T_EQ(system(cmd), 0);
}

T_LIST(test_listfast)
