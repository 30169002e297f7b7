/* SPDX-License-Identifier: ISC */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "folio/buf.h"
#include "folio/config.h"
#include "t.h"

static char	 file[256];

/* Load "text" as a config file; returns config_load's result. */
static int
load(struct config *c, const char *text, struct folio_err *err)
{
	FILE	*fp = fopen(file, "w");

	if (fp == NULL)
		return -2;
	fputs(text, fp);
	fclose(fp);
	return config_load(c, file, true, err);
}

static void
test_example(void)
{
	struct config	 c;
	struct folio_err err;
	struct buf	 b = { 0 };

	/* The shipped example loads as it is. */
	T_EQ(config_load(&c, "data/config.yaml", true, &err), 0);
	T_EQ(c.nlibrary, 2);
	T_CHECK(c.player != NULL && strstr(c.player, "{seconds}") != NULL);
	T_CHECK(c.theme[ROLE_H1].set);
	T_EQ(c.theme[ROLE_H1].fg, 3);
	T_EQ(c.theme[ROLE_H1].attrs, CONFIG_BOLD | CONFIG_UNDERLINE);
	T_STREQ(config_filter(&c, "long"), "duration>30m");
	T_CHECK(config_filter(&c, "nope") == NULL);
	config_print(&b, &c);
	T_CHECK(strstr(buf_cstr(&b), "player: \"mpv") != NULL);
	buf_free(&b);
	config_free(&c);
	/* A missing default file is fine; a missing -c file is not. */
	T_EQ(config_load(&c, "/nonexistent/folio.yaml", false, &err), 0);
	config_free(&c);
	T_EQ(config_load(&c, "/nonexistent/folio.yaml", true, &err), -1);
	config_free(&c);
}

static void
test_errors(void)
{
	struct config	 c;
	struct folio_err err;

	T_EQ(load(&c, "opener: x\nbogus: 1\n", &err), -1);
	T_EQ(err.line, 2);
	T_EQ(err.col, 1);
	T_CHECK(strstr(err.msg, "bogus") != NULL);
	config_free(&c);
	T_EQ(load(&c, "keys:\n  body:\n    x: fly-away\n", &err), -1);
	T_EQ(err.line, 3);
	T_EQ(err.col, 8);
	T_CHECK(strstr(err.msg, "fly-away") != NULL);
	config_free(&c);
	T_EQ(load(&c, "keys:\n  sidebar:\n    x: quit\n", &err), -1);
	T_EQ(err.line, 2);
	config_free(&c);
	T_EQ(load(&c, "theme:\n  heading1: bold chartreuse\n", &err), -1);
	T_CHECK(strstr(err.msg, "chartreuse") != NULL);
	config_free(&c);
	T_EQ(load(&c, "theme:\n  nope: bold\n", &err), -1);
	config_free(&c);
	T_EQ(load(&c, "filters:\n  x: \"(a\"\n", &err), -1);
	T_EQ(err.line, 2);
	config_free(&c);
	T_EQ(load(&c, "layout: sideways\n", &err), -1);
	config_free(&c);
	T_EQ(load(&c, "player: [a, b]\n", &err), -1);
	config_free(&c);
	T_EQ(load(&c, "- a\n- b\n", &err), -1);
	config_free(&c);
	T_EQ(load(&c, "a: [\n", &err), -1);
	T_CHECK(err.line > 0);
	config_free(&c);
	/* Empty is fine; ~ is expanded. */
	T_EQ(load(&c, "", &err), 0);
	config_free(&c);
	setenv("HOME", "/home/reader", 1);
	T_EQ(load(&c, "library: ~/notes\nkeys:\n  generic:\n    Q: none\n",
	    &err), 0);
	T_STREQ(c.library[0], "/home/reader/notes");
	T_EQ(c.nkeys, 1);
	config_free(&c);
}

static void
test_all(void)
{
	snprintf(file, sizeof(file), "%s/folio-config-%d.yaml",
	    getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", (int)getpid());
	test_example();
	test_errors();
	unlink(file);
}

T_LIST(test_all)
