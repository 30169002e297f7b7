/* SPDX-License-Identifier: ISC */
/* A tiny unit-test harness: T_CHECK and friends, then T_LIST(fn, ...). */
#ifndef FOLIO_T_H
#define FOLIO_T_H

#include <stdio.h>
#include <string.h>

static int	t_pass, t_fail, t_skip;
static const char *t_name;

#define T_CHECK(c) do { \
	if (c) t_pass++; \
	else { t_fail++; fprintf(stderr, "FAIL %s:%d: %s: %s\n", \
	    __FILE__, __LINE__, t_name, #c); } \
} while (0)

#define T_EQ(a, b) do { \
	long long t_a = (long long)(a), t_b = (long long)(b); \
	if (t_a == t_b) t_pass++; \
	else { t_fail++; fprintf(stderr, "FAIL %s:%d: %s: %s == %lld, " \
	    "expected %lld\n", __FILE__, __LINE__, t_name, #a, t_a, t_b); } \
} while (0)

#define T_STREQ(a, b) do { \
	const char *t_a = (a), *t_b = (b); \
	if (t_a != NULL && t_b != NULL && strcmp(t_a, t_b) == 0) t_pass++; \
	else { t_fail++; fprintf(stderr, "FAIL %s:%d: %s: %s == \"%s\", " \
	    "expected \"%s\"\n", __FILE__, __LINE__, t_name, #a, \
	    t_a ? t_a : "(null)", t_b ? t_b : "(null)"); } \
} while (0)

/* Count a test that could not run here (say why on standard output). */
#define T_SKIP(why) do { \
	t_skip++; printf("skipped: %s (%s)\n", why, t_name); \
} while (0)

typedef void (*t_fn)(void);

static inline int
t_run(const char *names, t_fn *fns, int n)
{
	char	 buf[4096], *tok, *save = NULL;
	int	 i = 0;

	snprintf(buf, sizeof(buf), "%s", names);
	for (tok = strtok_r(buf, ", \t\n", &save); tok != NULL && i < n;
	    tok = strtok_r(NULL, ", \t\n", &save), i++) {
		t_name = tok;
		fns[i]();
	}
	/* One line per binary, parsed by tests/run.sh. */
	if (t_skip > 0)
		printf("unit: %d passed, %d failed, %d skipped\n", t_pass,
		    t_fail, t_skip);
	else
		printf("unit: %d passed, %d failed\n", t_pass, t_fail);
	return t_fail != 0;
}

#define T_LIST(...) \
int \
main(void) \
{ \
	t_fn t_fns[] = { __VA_ARGS__ }; \
	return t_run(#__VA_ARGS__, t_fns, \
	    (int)(sizeof(t_fns) / sizeof(t_fns[0]))); \
}

#endif /* !FOLIO_T_H */
