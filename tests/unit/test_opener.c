/* SPDX-License-Identifier: ISC */
#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "folio/opener.h"
#include "folio/buf.h"
#include "t.h"

static void
test_url_ok(void)
{
	T_CHECK(opener_url_ok("https://www.youtube.com/watch?v=abc&t=5s"));
	T_CHECK(opener_url_ok("http://example.com/"));
	T_CHECK(!opener_url_ok("javascript:alert(1)"));
	T_CHECK(!opener_url_ok("file:///etc/passwd"));
	T_CHECK(!opener_url_ok("https://"));
	T_CHECK(!opener_url_ok("https://a.com/x y"));
	T_CHECK(!opener_url_ok("https://a.com/x\"y"));
	T_CHECK(!opener_url_ok("https://a.com/x'y"));
	T_CHECK(!opener_url_ok("https://a.com/\033]2;x\007"));
	T_CHECK(!opener_url_ok("https://a.com/$(reboot)`id`"));
	T_CHECK(!opener_url_ok("-https://a.com/"));
}

static void
test_argv(void)
{
	struct folio_err err;
	char		**v;

	v = opener_argv("mpv --start={seconds} {url}", "https://y/x;rm", 75,
	    "vid", &err);
	T_STREQ(v[0], "mpv");
	T_STREQ(v[1], "--start=75");
	T_STREQ(v[2], "https://y/x;rm");
	T_CHECK(v[3] == NULL);
	opener_free_argv(v);

	/* No placeholder: the URL goes last.  Quotes group words. */
	v = opener_argv("'my browser' --new-tab", "https://a/", 0, "", &err);
	T_STREQ(v[0], "my browser");
	T_STREQ(v[1], "--new-tab");
	T_STREQ(v[2], "https://a/");
	opener_free_argv(v);

	v = opener_argv("echo %s {time} {video}", "https://a/", 3723, "ID",
	    &err);
	T_STREQ(v[1], "https://a/");
	T_STREQ(v[2], "1:02:03");
	T_STREQ(v[3], "ID");
	opener_free_argv(v);

	T_CHECK(opener_argv("  ", "https://a/", 0, "", &err) == NULL);
	T_CHECK(opener_argv("a 'b", "https://a/", 0, "", &err) == NULL);
	T_EQ(err.code, FOLIO_ERR_SYNTAX);
}

/* Wait up to 5 s for a file a detached child creates. */
static int
wait_file(const char *path)
{
	struct timespec	 ts = { 0, 10 * 1000 * 1000 };
	int		 i;

	for (i = 0; i < 500; i++) {
		if (access(path, F_OK) == 0)
			return 1;
		nanosleep(&ts, NULL);
	}
	return 0;
}

static void
test_spawn(void)
{
	struct folio_err err;
	char		 dir[] = "/tmp/folio-openXXXXXX", tmpl[512], path[512];
	char		*no[] = { "folio-no-such-program-here", NULL };

	T_EQ(opener_spawn(no, &err), -1);
	T_EQ(err.code, FOLIO_ERR_NOTFOUND);
	if (mkdtemp(dir) == NULL)
		return;
	/* The configured opener, placeholders substituted. */
	snprintf(tmpl, sizeof(tmpl), "touch %s/{seconds}", dir);
	T_EQ(opener_open(tmpl, "https://a.b/c", 42, "", &err), 0);
	snprintf(path, sizeof(path), "%s/42", dir);
	T_CHECK(wait_file(path));
	/* $BROWSER: the first command that runs wins. */
	snprintf(tmpl, sizeof(tmpl), "folio-missing-browser:touch %s/mark",
	    dir);
	setenv("BROWSER", tmpl, 1);
	T_EQ(opener_open(NULL, "https://a.b/c", 0, "", &err), 0);
	snprintf(path, sizeof(path), "%s/mark", dir);
	T_CHECK(wait_file(path));
	setenv("BROWSER", "folio-missing-browser", 1);
	T_EQ(opener_open(NULL, "https://a.b/c", 0, "", &err), -1);
	T_EQ(err.code, FOLIO_ERR_NOTFOUND);
	unsetenv("BROWSER");
	T_EQ(opener_open("touch", "ftp://a.b/c", 0, "", &err), -1);
	T_EQ(err.code, FOLIO_ERR_UNSAFE);
	/* A local file (an attachment): the opener gets its path. */
	snprintf(path, sizeof(path), "%s/pic.png", dir);
	{
		FILE *fp = fopen(path, "w");

		if (fp != NULL)
			fclose(fp);
	}
	snprintf(tmpl, sizeof(tmpl), "cp {url} %s/copied", dir);
	T_EQ(opener_open_file(tmpl, path, &err), 0);
	snprintf(path, sizeof(path), "%s/copied", dir);
	T_CHECK(wait_file(path));
	T_EQ(opener_open_file("touch", "pic.png", &err), -1);
	T_EQ(err.code, FOLIO_ERR_UNSAFE);
	snprintf(path, sizeof(path), "%s/a\033b.png", dir);
	T_EQ(opener_open_file("touch", path, &err), -1);
	T_EQ(err.code, FOLIO_ERR_UNSAFE);
	snprintf(path, sizeof(path), "%s/absent.png", dir);
	T_EQ(opener_open_file("touch", path, &err), -1);
	T_EQ(err.code, FOLIO_ERR_NOTFOUND);
	T_EQ(opener_open_file("touch", dir, &err), -1);
	T_EQ(err.code, FOLIO_ERR_NOTFOUND);
	snprintf(path, sizeof(path), "rm -rf '%s'", dir);
	T_EQ(system(path), 0);
}

static void
test_osc52(void)
{
	struct buf	 b = { 0 };

	T_EQ(opener_osc52(&b, "https://a.b/c"), 0);
	/* base64("https://a.b/c") */
	T_STREQ(buf_cstr(&b), "\033]52;c;aHR0cHM6Ly9hLmIvYw==\033\\");
	buf_reset(&b);
	T_EQ(opener_osc52(&b, "https://x.y/ab"), 0);
	T_STREQ(buf_cstr(&b), "\033]52;c;aHR0cHM6Ly94LnkvYWI=\033\\");
	buf_reset(&b);
	T_EQ(opener_osc52(&b, "https://x.y/\033]0;pwn\007"), -1);
	T_EQ(opener_osc52(&b, "file:///etc/passwd"), -1);
	T_EQ(b.len, 0);
	buf_free(&b);
}

T_LIST(test_url_ok, test_argv, test_spawn, test_osc52)
