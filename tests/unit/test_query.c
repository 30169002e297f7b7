/* SPDX-License-Identifier: ISC */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "folio/corpus.h"
#include "folio/query.h"
#include "t.h"

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Run every example of tests/spec/query.txt over the fixture library. */
static void
test_spec(void)
{
	struct folio_err err;
	struct corpus	*c = corpus_new();
	FILE		*fp;
	char		 line[1024], want[8192], got[8192];
	const char	*paths[256];
	struct query	*q;
	size_t		 i, n, cases = 0;

	T_EQ(corpus_add_root(c, "tests/fixtures/lib", &err), 0);
	corpus_load(c, 2);
	fp = fopen("tests/spec/query.txt", "r");
	T_CHECK(fp != NULL);
	while (fp != NULL && fgets(line, sizeof(line), fp) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		if (line[0] == '#' || line[0] == '\0')
			continue;
		want[0] = '\0';
		{
			char	 l2[1024];

			while (fgets(l2, sizeof(l2), fp) != NULL &&
			    strcmp(l2, ".\n") != 0) {
				strncat(want, l2, sizeof(want) -
				    strlen(want) - 1);
			}
		}
		cases++;
		q = query_compile(line, &err);
		if (want[0] == '!') {
			if (q == NULL && (unsigned)atoi(want + 2) == err.col)
				t_pass++;
			else {
				t_fail++;
				fprintf(stderr, "FAIL query %s: expected an "
				    "error at %s got %s col %u\n", line,
				    want + 2, q ? "a query" : "error",
				    err.col);
			}
			query_free(q);
			continue;
		}
		if (q == NULL) {
			t_fail++;
			fprintf(stderr, "FAIL query %s: %s\n", line,
			    err_text(&err));
			continue;
		}
		for (i = n = 0; i < c->n && n < 256; i++)
			if (query_match(q, c, i))
				paths[n++] = c->e[i].path;
		qsort(paths, n, sizeof(*paths), cmp_str);
		got[0] = '\0';
		for (i = 0; i < n; i++) {
			strncat(got, paths[i], sizeof(got) - strlen(got) - 2);
			strcat(got, "\n");
		}
		if (strcmp(got, want) == 0)
			t_pass++;
		else {
			t_fail++;
			fprintf(stderr, "FAIL query %s:\n--- want\n%s--- got\n"
			    "%s", line, want, got);
		}
		query_free(q);
	}
	if (fp != NULL)
		fclose(fp);
	T_CHECK(cases >= 30);
	corpus_free(c);
}

static void
test_empty(void)
{
	struct folio_err err;
	struct query	*q = query_compile("   ", &err);

	T_CHECK(q != NULL);
	T_CHECK(!query_uses_body(q));
	query_free(q);
	q = query_compile("body:x", &err);
	T_CHECK(query_uses_body(q));
	query_free(q);
	/* Deep nesting is refused, not a stack overflow. */
	{
		char deep[20001];

		memset(deep, '(', 20000);
		deep[20000] = '\0';
		T_CHECK(query_compile(deep, &err) == NULL);
		memset(deep, '-', 20000);
		deep[19999] = 'x';
		T_CHECK(query_compile(deep, &err) == NULL);
	}
}

/* query_narrows: typed further narrows; anything else does not. */
static void
test_narrows(void)
{
	static const struct {
		const char	*old, *new;
		bool		 narrows;
	} c[] = {
		{ "", "t", true },
		{ "t", "ts", true },
		{ "tsm", "tsmc", true },
		{ "sm", "tsmc", true },		/* grown on both sides */
		{ "tsmc", "tsm", false },	/* deleted */
		{ "tsmc", "intel", false },
		{ "tsmc e", "tsmc ex", true },
		{ "title:ch", "title:chip", true },
		{ "title:chip", "path:chip", false },
		{ "people:sa", "people:sam", true },
		{ "people:sam", "company:sam", false },
		{ "kind:vi", "kind:video", true },
		{ "-ts", "-tsm", false },	/* under a negation */
		{ "a OR b", "a OR bc", true },
		{ "a O", "a OR b", false },	/* a word became an operator */
		{ "after:2024", "after:2024-05", false },
		{ "duration>1", "duration>10", false },
		{ "has:video", "has:video tsmc", false }, /* added: not seen */
		{ "tsmc", "", false },
	};
	struct folio_err err;
	struct query	*o, *n;
	size_t		 i;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		o = query_compile(c[i].old, &err);
		n = query_compile(c[i].new, &err);
		T_CHECK(o != NULL && n != NULL);
		if (query_narrows(o, n) != c[i].narrows)
			printf("# narrows(\"%s\", \"%s\") is wrong\n",
			    c[i].old, c[i].new);
		T_CHECK(query_narrows(o, n) == c[i].narrows);
		query_free(o);
		query_free(n);
	}
}

/* Every query of tests/spec/query.txt, typed a byte at a time into one
 * memo as into the reader's filter, matches what it matches alone: with
 * the memo filled in part or whole, emptied in between, its terms evicted
 * (the spec's prefixes hold far more than it keeps), and moved to another
 * library. */
static void
test_memo(void)
{
	struct folio_err err;
	struct corpus	*libs[2];
	struct query_memo *m = query_memo_new();
	struct query	*plain, *q;
	FILE		*fp;
	char		 line[1024], typed[1024];
	size_t		 i, k, len, diff = 0, checked = 0, round;

	libs[0] = corpus_new();
	libs[1] = corpus_new();
	T_EQ(corpus_add_root(libs[0], "tests/fixtures/lib", &err), 0);
	T_EQ(corpus_add_root(libs[1], "data/library", &err), 0);
	corpus_load(libs[0], 2);
	corpus_load(libs[1], 2);
	for (round = 0; round < 4; round++) {
		struct corpus *c = libs[round % 2];

		if (round == 2)
			query_memo_clear(m);
		if (round == 1)
			query_memo_prepare(m, c, 3);	/* in part */
		if (round == 3)
			T_EQ(query_memo_prepare(m, c, c->n), 0);
		fp = fopen("tests/spec/query.txt", "r");
		T_CHECK(fp != NULL);
		while (fp != NULL && fgets(line, sizeof(line), fp) != NULL) {
			line[strcspn(line, "\n")] = '\0';
			if (line[0] == '#' || line[0] == '\0' ||
			    strcmp(line, ".") == 0 || line[0] == '!')
				continue;
			for (len = 1; len <= strlen(line); len++) {
				snprintf(typed, sizeof(typed), "%.*s", (int)len,
				    line);
				if ((plain = query_compile(typed, &err)) == NULL)
					continue;
				q = query_compile(typed, &err);
				query_use_memo(q, m);
				for (k = 0; k < 2; k++)	/* kept the second time */
					for (i = 0; i < c->n; i++) {
						checked++;
						if (query_match(q, c, i) !=
						    query_match(plain, c, i)) {
							diff++;
							fprintf(stderr, "FAIL memo "
							    "%s: %s\n", typed,
							    c->e[i].path);
						}
					}
				query_free(plain);
				query_free(q);
			}
		}
		if (fp != NULL)
			fclose(fp);
	}
	T_EQ(diff, 0);
	T_CHECK(checked > 10000);
	query_memo_free(m);
	corpus_free(libs[0]);
	corpus_free(libs[1]);
}

/* A value over several lines, or with a tab, is matched in the fields
 * (where they are spaces) with the memo as without it. */
static void
test_memo_fields(void)
{
	static const char *const queries[] = { "notes:\"line second\"",
	    "notes:\"second line\"", "notes:first", "concept:\"two words\"",
	    "concept:\"words more\"" };
	char		 dir[] = "/tmp/folio-memo-XXXXXX", path[64];
	struct folio_err err;
	struct query_memo *m = query_memo_new();
	struct corpus	*c;
	struct query	*q, *plain;
	FILE		*f;
	size_t		 k;

	if (mkdtemp(dir) == NULL)
		return;
	snprintf(path, sizeof(path), "%s/multi.md", dir);
	if ((f = fopen(path, "w")) == NULL)
		return;
	fputs("---\ntitle: Multi\nnotes: |\n  first line\n  second\tline\n"
	    "concepts:\n  - \"two\\nwords\\tmore\"\n---\nbody\n", f);
	fclose(f);
	c = corpus_new();
	T_EQ(corpus_add_root(c, dir, &err), 0);
	corpus_load(c, 1);
	T_EQ(c->n, 1);
	for (k = 0; c->n == 1 && k < sizeof(queries) / sizeof(queries[0]);
	    k++) {
		plain = query_compile(queries[k], &err);
		q = query_compile(queries[k], &err);
		query_use_memo(q, m);
		T_CHECK(plain != NULL && query_match(plain, c, 0));
		T_CHECK(q != NULL && query_match(q, c, 0));
		query_free(plain);
		query_free(q);
	}
	query_memo_free(m);
	corpus_free(c);
	remove(path);
	rmdir(dir);
}

/* query_filter keeps the order it is given, in place or not, and only
 * what it is given. */
static void
test_filter(void)
{
	struct folio_err err;
	struct corpus	*c = corpus_new();
	struct query	*q;
	size_t		 list[256], want[256], out[256], i, n = 0, nw = 0, k;

	T_EQ(corpus_add_root(c, "tests/fixtures/lib", &err), 0);
	corpus_load(c, 2);
	q = query_compile("kind:note OR lecture", &err);
	T_CHECK(q != NULL && c->n > 4 && c->n < 256);
	for (i = c->n; i-- > 0; )		/* every other, backwards */
		if (i % 2 == 0)
			list[n++] = i;
	for (i = 0; i < n; i++)
		if (query_match(q, c, list[i]))
			want[nw++] = list[i];
	T_CHECK(nw > 0 && nw < n);
	k = query_filter(q, c, list, n, out);
	T_EQ(k, nw);
	T_CHECK(memcmp(out, want, nw * sizeof(*want)) == 0);
	k = query_filter(q, c, list, n, list);
	T_EQ(k, nw);
	T_CHECK(memcmp(list, want, nw * sizeof(*want)) == 0);
	T_EQ(query_filter(q, c, list, 0, out), 0);
	query_free(q);
	corpus_free(c);
}

T_LIST(test_spec, test_empty, test_narrows, test_memo, test_memo_fields,
    test_filter)
