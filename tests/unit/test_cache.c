/* SPDX-License-Identifier: ISC */
/* Unit tests: the summary cache mapped for listing (corpus_fresh), which
 * answers only while the cache holds exactly the library, and the mapped
 * file reader under damage. */
#include <sys/stat.h>
#include <sys/time.h>

#include <fcntl.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "folio/buf.h"
#include "folio/cache.h"
#include "folio/corpus.h"
#include "folio/folio.h"
#include "folio/xmalloc.h"
#include "t.h"

static char	 dir[] = "/tmp/folio-tcache-XXXXXX";
static char	 lib[600];

/* Write "text" to the library file "name". */
static void
put(const char *name, const char *text)
{
	char	 path[800];
	FILE	*f;

	snprintf(path, sizeof(path), "%s/%s", lib, name);
	if ((f = fopen(path, "w")) != NULL) {
		fputs(text, f);
		fclose(f);
	}
}

/* Set the modification time of library file "name" to "secs". */
static void
stamp(const char *name, long secs)
{
	struct timeval	 tv[2] = { { secs, 0 }, { secs, 0 } };
	char		 path[800];

	snprintf(path, sizeof(path), "%s/%s", lib, name);
	T_EQ(utimes(path, tv), 0);
}

/* Load the library fully (writing its summary cache). */
static void
load(void)
{
	struct folio_err err;
	struct corpus	*c = corpus_new();

	T_EQ(corpus_add_root(c, lib, &err), 0);
	corpus_use_cache(c);
	corpus_load(c, 2);
	corpus_free(c);
}

/* corpus_fresh() on the library, with or without links. */
static struct corpus *
fresh(bool links)
{
	const char	*roots[] = { lib };

	return corpus_fresh(roots, 1, links);
}

/* The title of the entry at "path" in c, or NULL. */
static const char *
title(const struct corpus *c, const char *path)
{
	size_t	 i;

	for (i = 0; i < c->n; i++)
		if (strcmp(c->e[i].path, path) == 0)
			return c->e[i].title;
	return NULL;
}

static void
setup(void)
{
	char	 cache[700];

	if (mkdtemp(dir) == NULL)
		abort();
	snprintf(lib, sizeof(lib), "%s/lib", dir);
	snprintf(cache, sizeof(cache), "%s/cache", dir);
	setenv("XDG_CACHE_HOME", cache, 1);
	mkdir(lib, 0700);
	put("a.md", "---\ntitle: Alpha\ndate: 2024-01-02\n---\nSee [[b]].\n");
	put("b.md", "# Beta\n\nBack to [[a]] and [[a]].\n");
	stamp("a.md", 1000000);
	stamp("b.md", 1000000);
}

/* No cache yet: nothing to answer from; once loaded, the same entries,
 * titles and dates as the load, and links only when asked. */
static void
test_fresh(void)
{
	struct corpus	*c;

	T_CHECK(fresh(false) == NULL);
	load();
	if ((c = fresh(false)) == NULL) {
		T_CHECK(!"fresh after a load");
		return;
	}
	T_EQ(c->n, 2);
	T_CHECK(c->cmapped);
	T_STREQ(title(c, "a.md"), "Alpha");
	T_STREQ(title(c, "b.md"), "Beta");
	T_STREQ(c->e[0].date, "2024-01-02");
	T_EQ(c->e[0].nlinks, 0);
	corpus_free(c);
	if ((c = fresh(true)) == NULL) {
		T_CHECK(!"fresh with links");
		return;
	}
	T_EQ(c->e[1].nlinks, 2);
	T_EQ(c->e[1].links[0].to, 0);
	T_STREQ(c->e[1].links[0].target, "a");
	corpus_free(c);
}

/* An edit (size or time), a new document, a deleted one: no answer
 * until the next load, which then answers with what is there. */
static void
test_stale(void)
{
	struct corpus	*c;
	char		 path[800];

	load();
	put("a.md", "---\ntitle: Alpho\ndate: 2024-01-02\n---\nSee [[b]].\n");
	stamp("a.md", 1000000);		/* same size, same time */
	c = fresh(false);
	T_CHECK(c != NULL);		/* what the rule cannot see */
	corpus_free(c);
	stamp("a.md", 1000001);
	T_CHECK(fresh(false) == NULL);
	load();
	if ((c = fresh(false)) != NULL)
		T_STREQ(title(c, "a.md"), "Alpho");
	else
		T_CHECK(!"fresh after the edit's load");
	corpus_free(c);
	put("c.md", "# Gamma\n");
	T_CHECK(fresh(false) == NULL);
	load();
	if ((c = fresh(false)) != NULL)
		T_STREQ(title(c, "c.md"), "Gamma");
	corpus_free(c);
	snprintf(path, sizeof(path), "%s/c.md", lib);
	T_EQ(unlink(path), 0);
	T_CHECK(fresh(false) == NULL);
	load();
	if ((c = fresh(false)) != NULL) {
		T_EQ(c->n, 2);
		T_CHECK(title(c, "c.md") == NULL);
	}
	corpus_free(c);
}

/* A damaged cache file, cut anywhere or overwritten, gives no answer
 * and reads nothing out of bounds. */
static void
test_damaged(void)
{
	struct corpus	*c;
	const char	*roots[] = { lib };
	char		*path, *data, *abs;
	size_t		 len, cut;
	FILE		*f;

	load();
	abs = realpath(lib, NULL);
	path = cache_path(&abs, 1, "summary");
	free(abs);
	len = cache_read_file(path, "folio summary cache", 0, &data);
	T_CHECK(len > 40);
	for (cut = 0; cut < len; cut += 7) {
		if ((f = fopen(path, "w")) == NULL)
			break;
		fwrite(data, 1, cut, f);
		fclose(f);
		c = corpus_fresh(roots, 1, true);
		T_CHECK(c == NULL);
		corpus_free(c);
	}
	/* Another format: refused. */
	if ((f = fopen(path, "w")) != NULL) {
		fputs("folio summary cache 0\n", f);
		fclose(f);
	}
	T_CHECK(fresh(false) == NULL);
	free(data);
	free(path);
}

/* cache_map_file: the bytes of a file of the right kind, nothing for a
 * missing file or another kind. */
static void
test_map(void)
{
	struct cache_rd	 r;
	struct buf	 b = { 0 };
	char		 path[700];
	const char	*p;
	size_t		 len;
	FILE		*f;

	snprintf(path, sizeof(path), "%s/m.bin", dir);
	T_CHECK(cache_map_file(path, "magic\n", &len) == NULL);
	T_EQ(len, 0);
	buf_adds(&b, "magic\n");
	cache_put_u64(&b, 300);
	cache_put_str(&b, "word");
	cache_put_str(&b, NULL);
	if ((f = fopen(path, "w")) != NULL) {
		fwrite(b.p, 1, b.len, f);
		fclose(f);
	}
	T_CHECK(cache_map_file(path, "other\n", &len) == NULL);
	if ((p = cache_map_file(path, "magic\n", &len)) == NULL) {
		T_CHECK(!"mapped");
		buf_free(&b);
		return;
	}
	T_EQ(len, b.len);
	r = (struct cache_rd){ p, len, 6, false };
	T_EQ(cache_get_u64(&r), 300);
	T_STREQ(cache_get_str(&r, NULL), "word");
	T_CHECK(cache_get_str(&r, NULL) == NULL && !r.bad);
	/* Past the end: bad, never a read beyond the mapping. */
	T_CHECK(cache_get_str(&r, NULL) == NULL && r.bad);
	cache_unmap(p, len);
	/* A string whose NUL would be past the end. */
	r = (struct cache_rd){ "\x04word", 5, 0, false };
	T_CHECK(cache_get_str(&r, NULL) == NULL && r.bad);
	buf_free(&b);
}

/* A number not known when its place is written: held in ten bytes and
 * written there later (cache_patch_u64), read as any other, the bytes
 * around it untouched; the file only renamed into place at the end. */
static void
test_patch(void)
{
	static const uint64_t v[] = { 0, 1, 127, 128, 300, 1u << 20,
	    UINT64_C(1) << 40, UINT64_MAX };
	struct cache_out *o;
	struct cache_rd	 r;
	struct buf	 b = { 0 };
	char		 path[700];
	const char	*p;
	uint64_t	 at;
	size_t		 len, i, ok = 0;

	snprintf(path, sizeof(path), "%s/p.bin", dir);
	o = cache_create(path);
	buf_adds(&b, "magic\n");
	for (i = 0; i < ARRAY_SIZE(v); i++)
		cache_put_u64_wide(&b, 0);
	cache_put_str(&b, "after");
	at = 6;
	cache_append(o, &b);
	T_EQ(cache_written(o), 6 + 10 * ARRAY_SIZE(v) + 1 + 6);
	for (i = 0; i < ARRAY_SIZE(v); i++)
		cache_patch_u64(o, at + 10 * i, v[i]);
	T_EQ(cache_commit(o), 0);
	if ((p = cache_map_file(path, "magic\n", &len)) == NULL) {
		T_CHECK(!"mapped");
		return;
	}
	r = (struct cache_rd){ p, len, 6, false };
	for (i = 0; i < ARRAY_SIZE(v); i++)
		ok += cache_get_u64(&r) == v[i] && r.pos == 6 + 10 * (i + 1);
	T_EQ(ok, ARRAY_SIZE(v));
	T_STREQ(cache_get_str(&r, NULL), "after");
	T_CHECK(!r.bad && r.pos == len);
	cache_unmap(p, len);
	buf_free(&b);
}

/* buf_pread_start: the first bytes of an open file, all of a shorter
 * one, nothing of an empty one, and an error for a file not open. */
static void
test_pread_start(void)
{
	struct buf	 b = { 0 };
	char		 path[700];
	int		 fd;

	snprintf(path, sizeof(path), "%s/r.txt", lib);
	put("r.txt", "0123456789");
	if ((fd = open(path, O_RDONLY)) == -1) {
		T_CHECK(!"opened");
		return;
	}
	T_EQ(buf_pread_start(&b, fd, 4), 0);
	T_STREQ(buf_cstr(&b), "0123");
	T_EQ(buf_pread_start(&b, fd, 100), 0);
	T_STREQ(buf_cstr(&b), "0123456789");
	T_EQ(buf_pread_start(&b, fd, 0), 0);
	T_EQ(b.len, 0);
	close(fd);
	T_EQ(buf_pread_start(&b, fd, 4), -1);
	T_EQ(b.len, 0);
	buf_free(&b);
}

/* Open the library and load it with "fn" (corpus_load or
 * corpus_load_heads), the summary cache in use. */
static struct corpus *
load_with(void (*fn)(struct corpus *, int))
{
	struct folio_err err;
	struct corpus	*c = corpus_new();

	T_EQ(corpus_add_root(c, lib, &err), 0);
	corpus_use_cache(c);
	fn(c, 2);
	return c;
}

/* The entry at "path" in c, or NULL. */
static const struct entry *
entry(const struct corpus *c, const char *path)
{
	size_t	 i;

	for (i = 0; i < c->n; i++)
		if (strcmp(c->e[i].path, path) == 0)
			return &c->e[i];
	return NULL;
}

/* The plain list's load: a long document whose front matter names its
 * title and video is summarised from its start (a head), what the list
 * shows right; the cache keeps it so for listings; a full load reads it
 * again, its link far down then known; and an edit after the list is
 * read as it is now. */
static void
test_heads(void)
{
	const struct entry *e;
	struct corpus	*c;
	struct buf	 b = { 0 };
	int		 i;

	buf_adds(&b, "---\ntitle: Long Talk\nvideo_id: \"Hn3Kd8Ws1Zq\"\n"
	    "duration: 90\n---\n");
	for (i = 0; i < 600; i++)
		buf_printf(&b, "Paragraph %d of words.\n\n", i);
	buf_adds(&b, "# Late\n\nSee [[a]] at last.\n");
	put("long.md", buf_cstr(&b));
	c = load_with(corpus_load_heads);
	if ((e = entry(c, "long.md")) == NULL) {
		T_CHECK(!"long.md listed");
		goto out;
	}
	T_CHECK(e->head);
	T_STREQ(e->title, "Long Talk");
	T_EQ(e->kind, DOC_VIDEO);
	T_EQ(e->duration, 90);
	T_EQ(e->nlinks, 0);		/* not read that far */
	T_CHECK(!entry(c, "b.md")->head);	/* short: read whole */
	T_EQ(entry(c, "b.md")->nlinks, 2);
	corpus_free(c);
	/* A listing takes it from the cache as it is ... */
	c = fresh(false);
	T_CHECK(c != NULL && entry(c, "long.md")->head);
	corpus_free(c);
	T_CHECK(fresh(true) == NULL);	/* ... links it has not */
	c = load_with(corpus_load_heads);
	T_CHECK(entry(c, "long.md")->head);
	corpus_free(c);
	/* A full load reads it whole. */
	c = load_with(corpus_load);
	e = entry(c, "long.md");
	T_CHECK(!e->head);
	T_EQ(e->nlinks, 1);
	T_EQ(entry(c, "a.md")->nbacklinks, 2);
	corpus_free(c);
	c = fresh(true);
	T_CHECK(c != NULL && entry(c, "long.md")->nlinks == 1);
	corpus_free(c);
	/* Edited after the list: its new title. */
	buf_free(&b);
	buf_adds(&b, "---\ntitle: Longer Talk\nvideo_id: \"Hn3Kd8Ws1Zq\"\n"
	    "---\n");
	for (i = 0; i < 600; i++)
		buf_printf(&b, "Paragraph %d of words.\n\n", i);
	put("long.md", buf_cstr(&b));
	stamp("long.md", 2000000);
	c = load_with(corpus_load_heads);
	T_STREQ(title(c, "long.md"), "Longer Talk");
out:
	corpus_free(c);
	buf_free(&b);
}

/* The plain list's title from a long body's first heading, the body
 * parsed only that far: the title a full load gives, whatever comes
 * before the heading (fences, HTML, comments, quotes, lists, setext
 * underlines, escapes); a heading with a '[' is read whole (a link
 * definition further down could change its text). */
static void
test_heads_title(void)
{
	static const char *const start[] = {
		"```\n# not a heading\n```\n\n# Real one\n",
		"para line\n===\n\n# Later\n",
		"    # indented code\n\n## Second\n",
		"# [ref] title\n\n[ref]: http://x\n",
		"---\ndate: 2020-01-01\n---\n> # quoted\n",
		"- item\n  # in list\n",
		"###\n\n## Next\ntext\n",
		"text\n\n---\n\n# After a rule\n",
		"<div>\n# inside html\n</div>\n\n# After html\n",
		"Title &amp; more\n---\n",
		"#tag\n\nno heading\n",
		"\\# escaped\n# real\n",
		"<!--\n# in a comment\n-->\n# real\n",
		"line\n  ===\n",
		"- a\n---\n",
		"# Seen at youtu.be\n",
	};
	const char	*heads[ARRAY_SIZE(start)];
	struct corpus	*c;
	struct buf	 b = { 0 };
	char		 name[32], npath[700];
	size_t		 k;
	int		 i, same = 0;
	FILE		*f;

	for (k = 0; k < ARRAY_SIZE(start); k++) {
		buf_reset(&b);
		buf_adds(&b, start[k]);
		for (i = 0; i < 600; i++)
			buf_printf(&b, "\nFiller line %d of plain words.\n", i);
		snprintf(name, sizeof(name), "h%02zu.md", k);
		put(name, buf_cstr(&b));
	}
	c = load_with(corpus_load_heads);
	for (k = 0; k < ARRAY_SIZE(start); k++) {
		snprintf(name, sizeof(name), "h%02zu.md", k);
		heads[k] = xstrdup(title(c, name));
	}
	T_CHECK(entry(c, "h00.md")->head);	/* parsed to its heading */
	T_STREQ(heads[0], "Real one");
	T_CHECK(!entry(c, "h03.md")->head);	/* a '[': read whole */
	T_CHECK(!entry(c, "h15.md")->head);	/* a video may be linked */
	corpus_free(c);
	c = load_with(corpus_load);
	for (k = 0; k < ARRAY_SIZE(start); k++) {
		snprintf(name, sizeof(name), "h%02zu.md", k);
		if (strcmp(heads[k], title(c, name)) == 0)
			same++;
		else
			fprintf(stderr, "  %s: list \"%s\", full \"%s\"\n",
			    name, heads[k], title(c, name));
		free((char *)heads[k]);
	}
	T_EQ(same, (int)ARRAY_SIZE(start));
	corpus_free(c);
	/* A NUL byte in the text: read whole, its title the full load's. */
	buf_reset(&b);
	buf_adds(&b, "# Before a NUL\n");
	buf_add(&b, "x\0y\n", 4);
	for (i = 0; i < 600; i++)
		buf_printf(&b, "\nFiller line %d of plain words.\n", i);
	snprintf(npath, sizeof(npath), "%s/nul.md", lib);
	if ((f = fopen(npath, "w")) != NULL) {
		fwrite(b.p, 1, b.len, f);
		fclose(f);
	}
	c = load_with(corpus_load_heads);
	T_CHECK(!entry(c, "nul.md")->head);
	heads[0] = xstrdup(title(c, "nul.md"));
	corpus_free(c);
	c = load_with(corpus_load);
	T_STREQ(heads[0], title(c, "nul.md"));
	free((char *)heads[0]);
	corpus_free(c);
	buf_free(&b);
}

static void
cleanup(void)
{
	char	 cmd[700];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	T_EQ(system(cmd), 0);
}

T_LIST(setup, test_fresh, test_stale, test_damaged, test_map, test_patch,
    test_pread_start, test_heads, test_heads_title, cleanup)
