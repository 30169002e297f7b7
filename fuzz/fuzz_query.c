/*
 * Fuzz target: the query language, compiled and then matched against
 * every document of a real library, alone and through a query memo kept
 * across inputs as the reader's list keeps it: both must agree, and
 * query_filter must keep what matches in the order given.
 */
#include <stdbool.h>
#include <stdlib.h>

#include "folio/corpus.h"
#include "folio/err.h"
#include "folio/query.h"
#include "fuzz.h"

static struct query_memo *memo;

/* Free the memo at exit (the queries using it are freed by then). */
static void
memo_free(void)
{
	query_memo_free(memo);
	memo = NULL;
}

/* Compile one query and match it everywhere; every path must return. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct corpus *lib = fuzz_corpus();
	struct folio_err err;
	struct query *q, *qm;
	size_t i, n, *all, *out;
	char *s;

	if (memo == NULL) {
		memo = query_memo_new();
		atexit(memo_free);
	}
	s = fuzz_str(data, len);
	if ((q = query_compile(s, &err)) != NULL) {
		(void)query_uses_body(q);
		qm = query_compile(s, &err);
		query_use_memo(qm, memo);
		all = calloc(lib->n + 1, sizeof(*all));
		out = calloc(lib->n + 1, sizeof(*out));
		for (i = n = 0; i < lib->n; i++) {
			all[i] = lib->n - 1 - i;	/* backwards */
			if (query_match(q, lib, all[i]) !=
			    query_match(qm, lib, all[i]))
				abort();
		}
		for (i = 0; i < lib->n; i++)
			if (query_match(q, lib, all[i]))
				n++;
		if (query_filter(qm, lib, all, lib->n, out) != n)
			abort();
		for (i = 1; i < n; i++)
			if (out[i] >= out[i - 1])	/* order kept */
				abort();
		free(all);
		free(out);
		query_free(qm);
		query_free(q);
	}
	free(s);
	return 0;
}
