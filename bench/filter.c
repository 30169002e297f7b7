/*
 * filter: the list filter's work per keystroke, measured in process on a
 * real library: for every prefix of a few typed queries, compile it and
 * match the documents, as the reader's list does on each key (only those
 * the last query matched when the new one narrows it, with the list's
 * query_memo, kept across the queries typed).
 *
 *	filter [-n RUNS] DIR
 *		prints "load MS", "keys N", and the best over RUNS runs (each
 *		in a fresh filter) of "p50 MS", "p99 MS" and "max MS", and
 *		"slow QUERY MS" for each key over a millisecond of the first
 *		run
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

/*
 * Type every query of "typed" a byte at a time into a fresh filter (its
 * memo prepared, as the reader does in idle time), with the times of each
 * key into lat; print the slow keys when "verbose"; returns the keys.
 */
static size_t
type_all(struct corpus *c, const size_t *order, double *lat, size_t cap,
    bool verbose)
{
	static const char *typed[] = {
		"tsmc export", "entity:NVIDIA", "title:chip -note",
		"duration>20m kind:video", "Sam Altman OR \"Lisa Su\"",
		"has:backlinks", "content_type:\"Factory Tour\"", "zürich",
		"after:2023-01 yield",
	};
	struct folio_err err;
	struct query	*q, *last;
	struct query_memo *memo = query_memo_new();
	size_t		*shown, nshown, k, len, nk = 0;
	double		 t;

	query_memo_prepare(memo, c, c->n);
	shown = calloc(c->n + 1, sizeof(*shown));
	for (k = 0; k < sizeof(typed) / sizeof(typed[0]); k++) {
		last = NULL;
		nshown = 0;
		for (len = 1; len <= strlen(typed[k]) && nk < cap; len++) {
			char buf[128];

			snprintf(buf, sizeof(buf), "%.*s", (int)len, typed[k]);
			t = now_ms();
			if ((q = query_compile(buf, &err)) != NULL) {
				size_t n = nshown;

				query_use_memo(q, memo);
				if (last != NULL && query_narrows(last, q))
					nshown = query_filter(q, c, shown, n,
					    shown);
				else
					nshown = query_filter(q, c, order, c->n,
					    shown);
				query_free(last);
				last = q;
			}
			lat[nk] = now_ms() - t;
			if (verbose && lat[nk] > 1.0)	/* to look at */
				printf("slow \"%s\" %.3f\n", buf, lat[nk]);
			nk++;
		}
		query_free(last);
	}
	free(shown);
	query_memo_free(memo);
	return nk;
}

int
main(int argc, char *argv[])
{
	struct folio_err err;
	struct corpus	*c;
	size_t		*order, nk = 0;
	double		 t, *lat, p50 = 1e9, p99 = 1e9, max = 1e9;
	int		 runs = 1, run;

	if (argc == 4 && strcmp(argv[1], "-n") == 0) {
		runs = atoi(argv[2]);
		argv += 2;
		argc -= 2;
	}
	if (argc != 2 || runs < 1) {
		fprintf(stderr, "usage: filter [-n RUNS] DIR\n");
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
	lat = calloc(1024, sizeof(*lat));
	for (run = 0; run < runs; run++) {
		nk = type_all(c, order, lat, 1024, run == 0);
		qsort(lat, nk, sizeof(*lat), cmp);
		if (lat[nk / 2] < p50)
			p50 = lat[nk / 2];
		if (lat[(nk * 99) / 100] < p99)
			p99 = lat[(nk * 99) / 100];
		if (lat[nk - 1] < max)
			max = lat[nk - 1];
	}
	printf("keys %zu\np50 %.3f\np99 %.3f\nmax %.3f\n", nk, p50, p99, max);
	free(lat);
	free(order);
	corpus_free(c);
	return 0;
}
