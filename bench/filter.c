/*
 * filter: the list filter's work per keystroke, measured in process on a
 * real library: for every prefix of a few typed queries, compile it and
 * match the documents, as the reader's list does on each key (only those
 * the last query matched when the new one narrows it, with the list's
 * query_memo, kept across the queries typed).
 *
 *	filter DIR	prints "load MS", "memo MS" (the memo filled in, as
 *			the reader does in idle time), "keys N", "p50 MS",
 *			"p99 MS", "max MS",
 *			and "slow QUERY MS" for each key over a millisecond
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "folio/corpus.h"
#include "folio/err.h"
#include "folio/query.h"

/* Return the monotonic time in milliseconds. */
static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Order doubles for qsort. */
static int
cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int
main(int argc, char *argv[])
{
	static const char *typed[] = {
		"tsmc export", "entity:NVIDIA", "title:chip -note",
		"duration>20m kind:video", "Sam Altman OR \"Lisa Su\"",
		"has:backlinks", "content_type:\"Factory Tour\"", "zürich",
		"after:2023-01 yield",
	};
	struct folio_err err;
	struct corpus *c;
	struct query *q, *last;
	struct query_memo *memo = query_memo_new();
	size_t *order, *shown, nshown, i, k, len, nk = 0;
	double t, *lat;

	if (argc != 2) {
		fprintf(stderr, "usage: filter DIR\n");
		return 2;
	}
	t = now_ms();
	c = corpus_new();
	if (corpus_add_root(c, argv[1], &err) == -1) {
		fprintf(stderr, "filter: %s: %s\n", argv[1], err.msg);
		return 1;
	}
	corpus_load(c, 0);
	order = corpus_order(c, CORPUS_SORT_DATE);
	printf("load %.1f\n", now_ms() - t);
	/* The reader fills the memo in idle time once the list is shown. */
	t = now_ms();
	query_memo_prepare(memo, c, c->n);
	printf("memo %.1f\n", now_ms() - t);
	lat = calloc(1024, sizeof(*lat));
	shown = calloc(c->n + 1, sizeof(*shown));
	for (k = 0; k < sizeof(typed) / sizeof(typed[0]); k++) {
		last = NULL;
		nshown = 0;
		for (len = 1; len <= strlen(typed[k]) && nk < 1024; len++) {
			char buf[128];

			snprintf(buf, sizeof(buf), "%.*s", (int)len, typed[k]);
			t = now_ms();
			if ((q = query_compile(buf, &err)) != NULL) {
				size_t n = nshown;

				query_use_memo(q, memo);
				nshown = 0;
				if (last != NULL && query_narrows(last, q)) {
					for (i = 0; i < n; i++)
						if (query_match(q, c, shown[i]))
							shown[nshown++] =
							    shown[i];
				} else
					for (i = 0; i < c->n; i++)
						if (query_match(q, c, order[i]))
							shown[nshown++] =
							    order[i];
				query_free(last);
				last = q;
			}
			lat[nk] = now_ms() - t;
			if (lat[nk] > 1.0)	/* the slow keys, to look at */
				printf("slow \"%s\" %.3f\n", buf, lat[nk]);
			nk++;
		}
		query_free(last);
	}
	free(shown);
	query_memo_free(memo);
	qsort(lat, nk, sizeof(*lat), cmp);
	printf("keys %zu\np50 %.3f\np99 %.3f\nmax %.3f\n", nk, lat[nk / 2],
	    lat[(nk * 99) / 100], lat[nk - 1]);
	free(lat);
	free(order);
	corpus_free(c);
	return 0;
}
