/* SPDX-License-Identifier: ISC */
#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "folio/state.h"
#include "t.h"

static char	 dir[256];

static bool
keep_a(const char *path, void *arg)
{
	(void)arg;
	return strcmp(path, "/lib/a.md") == 0;
}

static void
test_roundtrip(void)
{
	struct state	*s;
	struct folio_err err;
	struct state_jump j[2] = { { "/lib/a.md", 10, -1 },
	    { "/lib/b.md", 20, 3 } };
	struct state_jump *got;
	char		 path[300], warn[300], *v;
	struct stat	 sb;
	size_t		 n;

	snprintf(path, sizeof(path), "%s/deep/er/state.sqlite", dir);
	T_EQ(state_open(&s, path, warn, sizeof(warn), &err), 0);
	T_STREQ(warn, "");
	T_EQ(stat(path, &sb), 0);
	T_EQ(sb.st_mode & 0777, 0600);
	T_EQ(state_pos(s, "/lib/a.md"), -1);
	T_EQ(state_set_pos(s, "/lib/a.md", 1234), 0);
	T_EQ(state_set_pos(s, "/lib/a.md", 99), 0);
	T_EQ(state_pos(s, "/lib/a.md"), 99);
	T_EQ(state_set_mark(s, "/lib/a.md", 'x', 7), 0);
	T_EQ(state_mark(s, "/lib/a.md", 'x'), 7);
	T_EQ(state_mark(s, "/lib/a.md", 'y'), -1);
	T_EQ(state_set(s, "last_filter", "kind:video"), 0);
	v = state_get(s, "last_filter");
	T_STREQ(v, "kind:video");
	free(v);
	T_CHECK(state_get(s, "nothing") == NULL);
	T_EQ(state_set_jumps(s, j, 2, j + 1, 1), 0);
	state_close(s);

	/* Everything is there after reopening. */
	T_EQ(state_open(&s, path, warn, sizeof(warn), &err), 0);
	T_EQ(state_pos(s, "/lib/a.md"), 99);
	n = state_jumps(s, false, &got);
	T_EQ(n, 2);
	if (n == 2) {
		T_STREQ(got[0].path, "/lib/a.md");
		T_EQ(got[1].off, 20);
		T_EQ(got[0].item, -1);
		T_EQ(got[1].item, 3);
	}
	state_jumps_free(got, n);
	n = state_jumps(s, true, &got);
	T_EQ(n, 1);
	state_jumps_free(got, n);
	T_EQ(state_set_pos(s, "/lib/b.md", 5), 0);
	/* Prune forgets b (position and jumps), keeps a. */
	T_EQ(state_prune(s, keep_a, NULL), 1);
	T_EQ(state_pos(s, "/lib/b.md"), -1);
	T_EQ(state_pos(s, "/lib/a.md"), 99);
	n = state_jumps(s, false, &got);
	T_EQ(n, 1);
	state_jumps_free(got, n);
	state_close(s);
}

static void
test_corrupt(void)
{
	struct state	*s;
	struct folio_err err;
	char		 path[300], aside[320], warn[300];
	FILE		*fp;

	snprintf(path, sizeof(path), "%s/bad.sqlite", dir);
	fp = fopen(path, "w");
	T_CHECK(fp != NULL);
	if (fp == NULL)
		return;
	fputs("this is not a database, not at all, and it is long enough "
	    "to have a header of a hundred bytes or so............\n", fp);
	fclose(fp);
	T_EQ(state_open(&s, path, warn, sizeof(warn), &err), 0);
	T_CHECK(strstr(warn, "damaged") != NULL);
	snprintf(aside, sizeof(aside), "%s.corrupt-1", path);
	T_EQ(access(aside, F_OK), 0);
	T_EQ(state_set_pos(s, "/x", 1), 0);
	T_EQ(state_pos(s, "/x"), 1);
	state_close(s);
}

static void
test_two_writers(void)
{
	struct state	*a, *b;
	struct folio_err err;
	char		 path[300], warn[300];

	snprintf(path, sizeof(path), "%s/two.sqlite", dir);
	T_EQ(state_open(&a, path, warn, sizeof(warn), &err), 0);
	T_EQ(state_open(&b, path, warn, sizeof(warn), &err), 0);
	T_EQ(state_set_pos(a, "/p", 1), 0);
	T_EQ(state_set_pos(b, "/p", 2), 0);
	T_EQ(state_pos(a, "/p"), 2);
	state_close(a);
	state_close(b);
}

static void
setup(void)
{
	snprintf(dir, sizeof(dir), "%s/folio-state.XXXXXX",
	    getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (mkdtemp(dir) == NULL)
		exit(2);
}

static void
teardown(void)
{
	char	 cmd[400];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
}

static void
test_all(void)
{
	setup();
	test_roundtrip();
	test_corrupt();
	test_two_writers();
	teardown();
}

T_LIST(test_all)
