/*
 * Fuzz target: the query language, compiled and then matched against
 * every document of a real library.
 */
#include <stdbool.h>
#include <stdlib.h>

#include "folio/corpus.h"
#include "folio/err.h"
#include "folio/query.h"
#include "fuzz.h"

/* Compile one query and match it everywhere; every path must return. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct corpus *lib = fuzz_corpus();
	struct folio_err err;
	struct query *q;
	size_t i;
	char *s;

	s = fuzz_str(data, len);
	if ((q = query_compile(s, &err)) != NULL) {
		(void)query_uses_body(q);
		for (i = 0; i < lib->n; i++)
			(void)query_match(q, lib, i);
		query_free(q);
	}
	free(s);
	return 0;
}
