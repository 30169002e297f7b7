/* SPDX-License-Identifier: ISC */
#include <sys/stat.h>

#include <fcntl.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "folio/corpus.h"
#include "folio/folio.h"
#include "folio/doc.h"
#include "folio/markdown.h"
#include "folio/role.h"
#include "folio/watch.h"
#include "t.h"

#define LIB	"tests/fixtures/lib"

static struct corpus *
load_lib(void)
{
	struct folio_err err;
	struct corpus	*c = corpus_new();

	T_EQ(corpus_add_root(c, LIB, &err), 0);
	corpus_load(c, 2);
	return c;
}

static int
find(struct corpus *c, const char *path)
{
	int	 i = corpus_find(c, path);

	if (i < 0)
		fprintf(stderr, "not found: %s\n", path);
	return i;
}

static void
test_scan(void)
{
	struct corpus	*c = load_lib();
	struct folio_err err;

	T_CHECK(c->n >= 12);
	T_CHECK(find(c, "notes/parsing.md") >= 0);
	T_CHECK(find(c, "talks/AbCdEfGhIjK.en.vtt") >= 0);
	/* By title, and by a path relative to the current directory. */
	T_EQ(corpus_find(c, "Lecture: Building a Tiny Compiler"),
	    find(c, "talks/lecture.md"));
	T_EQ(corpus_find(c, LIB "/talks/lecture.md"), find(c,
	    "talks/lecture.md"));
	T_EQ(corpus_add_root(c, "tests/fixtures/nonexistent", &err), -1);
	T_EQ(err.code, FOLIO_ERR_IO);
	corpus_free(c);
}

static void
test_resolve(void)
{
	struct corpus	*c = load_lib();
	int		 p = find(c, "notes/parsing.md");
	int		 cafe = find(c, "notes/Café Notes.md");
	int		 lec = find(c, "talks/lecture.md");
	int		 amb;

	/* Stem, case, NFD vs NFC, alias, title, path, heading. */
	T_EQ(corpus_resolve_wiki(c, p, "Café Notes", &amb), cafe);
	T_EQ(corpus_resolve_wiki(c, p, "café notes", &amb), cafe);
	T_EQ(corpus_resolve_wiki(c, p, "Cafe\xcc\x81 Notes", &amb), cafe);
	T_EQ(corpus_resolve_wiki(c, cafe, "PARSER NOTES", &amb), p);
	T_EQ(corpus_resolve_wiki(c, cafe, "Parsing", &amb), p);
	T_EQ(corpus_resolve_wiki(c, cafe, "parsing#^recovery", &amb), p);
	T_EQ(corpus_resolve_wiki(c, p, "Lecture: Building a Tiny Compiler",
	    &amb), lec);
	T_EQ(corpus_resolve_wiki(c, p, "talks/lecture#Building", &amb), lec);
	T_EQ(corpus_resolve_wiki(c, p, "talks/lecture.md", &amb), lec);
	T_EQ(corpus_resolve_wiki(c, p, "Missing Note", &amb), -1);
	T_EQ(corpus_resolve_wiki(c, p, "#Heading here", &amb), p);
	/* Files: relative, percent-encoded, with fragments. */
	T_EQ(corpus_resolve_file(c, p, "../talks/summary.md"),
	    find(c, "talks/summary.md"));
	T_EQ(corpus_resolve_file(c, p, "Roasting%20Log.md#x"),
	    find(c, "notes/Roasting Log.md"));
	T_EQ(corpus_resolve_file(c, p, "https://example.com/a.md"), -1);
	T_EQ(corpus_resolve_file(c, p, "nope.md"), -1);
	corpus_free(c);
}

static void
test_backlinks(void)
{
	struct corpus	*c = load_lib();
	int		 p = find(c, "notes/parsing.md");
	int		 cafe = find(c, "notes/Café Notes.md");
	size_t		 k, missing = 0;

	/* Café Notes links to parsing (twice, counted once); summary's
	 * [[Parsing Notes]] names parsing.md's first heading only, which
	 * names no note. */
	T_EQ(c->e[p].nbacklinks, 1);
	T_EQ(c->e[cafe].nbacklinks, 1);
	for (k = 0; k < c->e[p].nlinks; k++)
		if (c->e[p].links[k].type == ITEM_WIKI &&
		    c->e[p].links[k].to < 0)
			missing++;
	T_EQ(missing, 1);
	corpus_free(c);
}

static int	 seen_ent[64];

static void
count_cb(int ent, uint32_t off, uint32_t len, void *arg)
{
	(void)off;
	(void)len;
	(void)arg;
	if (ent >= 0 && ent < 64)
		seen_ent[ent]++;
}

static void
test_mentions(void)
{
	struct corpus	*c = load_lib();
	int		 llvm = corpus_entity(c, "llvm");
	int		 spark = corpus_entity(c, "Spark");
	int		 ada = corpus_entity(c, "ada park");
	const char	*t;

	T_CHECK(llvm >= 0 && spark >= 0 && ada >= 0);
	memset(seen_ent, 0, sizeof(seen_ent));
	/* Distinctive names: any case, word boundaries. */
	t = "Llvm and LLVM, but not LLVMs; ADA PARK spoke.";
	corpus_mentions(c, t, strlen(t), 0, true, count_cb, NULL);
	T_EQ(seen_ent[llvm], 2);
	T_EQ(seen_ent[ada], 1);
	/* A plain word: only as written, never starting a sentence. */
	memset(seen_ent, 0, sizeof(seen_ent));
	t = "Spark is here. A spark of light; we use Spark daily. Spark!";
	corpus_mentions(c, t, strlen(t), 0, true, count_cb, NULL);
	T_EQ(seen_ent[spark], 1);
	T_CHECK(c->ents[spark].plain);
	T_CHECK(!c->ents[llvm].plain);
	corpus_free(c);
}

static void
test_decorate(void)
{
	struct corpus	*c = load_lib();
	int		 p = find(c, "notes/parsing.md");
	struct folio_err err;
	struct doc	*d;
	size_t		 k, wiki = 0, missing = 0;

	d = corpus_open(c, (size_t)p, &err);
	T_CHECK(d != NULL);
	for (k = 0; d != NULL && k < d->body->nitems; k++) {
		const struct item *it = &d->body->items[k];

		if (it->type != ITEM_WIKI)
			continue;
		wiki++;
		if (it->role == ROLE_WIKILINK_MISSING)
			missing++;
		if (k > 0)
			T_CHECK(d->body->items[k - 1].off <= it->off);
	}
	T_EQ(wiki, 4);
	T_EQ(missing, 1);
	doc_free(d);
	corpus_free(c);
}

static void
test_order(void)
{
	struct corpus	*c = load_lib();
	size_t		*o = corpus_order(c, CORPUS_SORT_DATE), i;

	/* Dated documents first, newest first. */
	T_CHECK(c->e[o[0]].date != NULL);
	for (i = 1; i < c->n; i++)
		if (c->e[o[i - 1]].date && c->e[o[i]].date)
			T_CHECK(strcmp(c->e[o[i - 1]].date,
			    c->e[o[i]].date) >= 0);
	free(o);
	corpus_free(c);
}

/* The order by date, against the rule said plainly: dated first, newest
 * first (by the whole date), then by title whatever its case, then by
 * path; dates alike in their first 8 or 16 bytes, date-times, undated. */
static const struct entry *ref_e;

static int
ref_cmp(const void *pa, const void *pb)
{
	const struct entry *a = &ref_e[*(const size_t *)pa];
	const struct entry *b = &ref_e[*(const size_t *)pb];
	int	 r = 0;

	if (a->date && b->date)
		r = strcmp(b->date, a->date);
	else if (a->date || b->date)
		r = a->date ? -1 : 1;
	if (r == 0)
		r = strcasecmp(a->title, b->title);
	return r != 0 ? r : strcmp(a->path, b->path);
}

static void
test_order_dates(void)
{
	static const char *const dates[] = { "2024-05-01", "2024-05-02",
	    "2024-05-01T10:00", "2024-05-01T09:59:59", "2024-05", "2024",
	    "2024-05-01 10:00:00.5", "2024-05-01 10:00:00.4", "1999-12-31",
	    "2024-05-01T10:00:00Z", "2024-05-01T10:00:00+02:00", NULL };
	static const char *const titles[] = { "b", "A", "a", "Zed", "é" };
	struct entry	 e[200];
	struct corpus	 c;
	char		 path[200][16];
	size_t		 ref[200], *o, i, same = 0;

	memset(e, 0, sizeof(e));
	memset(&c, 0, sizeof(c));
	for (i = 0; i < 200; i++) {
		snprintf(path[i], sizeof(path[i]), "d%03zu.md", (i * 37) % 200);
		e[i].path = e[i].abspath = path[i];
		e[i].date = dates[(i * 7) % ARRAY_SIZE(dates)];
		e[i].title = titles[(i * 3) % ARRAY_SIZE(titles)];
		ref[i] = i;
	}
	c.e = e;
	c.n = 200;
	ref_e = e;
	qsort(ref, 200, sizeof(*ref), ref_cmp);
	o = corpus_order(&c, CORPUS_SORT_DATE);
	for (i = 0; i < 200; i++)
		same += o[i] == ref[i];
	T_EQ(same, 200);
	free(o);
}

static void
test_loops(void)
{
	char		 dir[] = "/tmp/folio-loopXXXXXX", path[256];
	struct folio_err err;
	struct corpus	*c;

	if (mkdtemp(dir) == NULL)
		return;
	snprintf(path, sizeof(path), "%s/a", dir);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/a/loop", dir);
	T_EQ(symlink("..", path), 0);
	snprintf(path, sizeof(path), "%s/a/doc.md", dir);
	fclose(fopen(path, "w"));
	snprintf(path, sizeof(path), "%s/fifo.md", dir);
	T_EQ(mkfifo(path, 0600), 0);
	c = corpus_new();
	T_EQ(corpus_add_root(c, dir, &err), 0);
	T_EQ(c->n, 1);
	T_CHECK(c->nnotes >= 1);
	corpus_free(c);
	snprintf(path, sizeof(path), "rm -rf '%s'", dir);
	T_EQ(system(path), 0);
}

/* The walk: documents in many folders (more than are kept open, so some
 * are stat-ed by path), many in one (stat-ed on two threads), a linked
 * one (stat-ed at once), each with its own size, in the walk's order. */
static void
test_walk(void)
{
	char		 dir[] = "/tmp/folio-walkXXXXXX", path[256];
	struct folio_err err;
	struct corpus	*c;
	FILE		*f;
	size_t		 k, want;
	int		 i, bad = 0;

	if (mkdtemp(dir) == NULL)
		return;
	for (i = 0; i < 600; i++) {
		snprintf(path, sizeof(path), "%s/f%03d", dir, i);
		bad += mkdir(path, 0700) != 0;
		snprintf(path, sizeof(path), "%s/f%03d/d%04d.md", dir, i, i);
		if ((f = fopen(path, "w")) == NULL)
			break;
		fprintf(f, "%*s", i, "");
		fclose(f);
	}
	snprintf(path, sizeof(path), "%s/many", dir);
	T_EQ(mkdir(path, 0700), 0);
	for (i = 0; i < 700; i++) {
		snprintf(path, sizeof(path), "%s/many/d%04d.md", dir, 1000 + i);
		if ((f = fopen(path, "w")) == NULL)
			break;
		fprintf(f, "%*s", 1000 + i, "");
		fclose(f);
	}
	snprintf(path, sizeof(path), "%s/zz.md", dir);
	T_EQ(symlink("many/d1005.md", path), 0);
	T_EQ(bad, 0);
	c = corpus_new();
	T_EQ(corpus_add_root(c, dir, &err), 0);
	T_EQ(c->n, 1301);
	for (k = 0; k < c->n; k++) {
		const char *b = strrchr(c->e[k].path, '/');

		want = strcmp(c->e[k].path, "zz.md") == 0 ? 1005 :
		    b != NULL ? (size_t)atoi(b + 2) : 0;
		if (c->e[k].size != (int64_t)want || c->e[k].mtime == 0 ||
		    (k > 0 && strcmp(c->e[k - 1].path, c->e[k].path) >= 0))
			bad++;
	}
	T_EQ(bad, 0);
	T_EQ(c->nnotes, 0);
	corpus_free(c);
	snprintf(path, sizeof(path), "rm -rf '%s'", dir);
	T_EQ(system(path), 0);
}

/* corpus_related: the same video first, then shared entities, best first. */
static void
test_related(void)
{
	struct folio_err err;
	struct corpus	*c = corpus_new();
	struct corpus_rel *r = NULL;
	size_t		 n, k;
	int		 i, sum, cap, seen = 0;

	T_EQ(corpus_add_root(c, "data/library", &err), 0);
	corpus_load(c, 2);
	i = find(c, "transcripts/compilers-weekly-42.md");
	sum = find(c, "summaries/compilers-weekly-42-summary.md");
	cap = find(c, "captions/Hn3Kd8Ws1Zq.en.vtt");
	T_CHECK(i >= 0 && sum >= 0 && cap >= 0);
	n = corpus_related(c, (size_t)i, &r, 10);
	T_CHECK(n >= 2 && n <= 10);
	for (k = 0; k < n; k++) {
		unsigned score = r[k].shared + (r[k].same_video ? 3 : 0);

		T_CHECK(r[k].entry != (size_t)i);	/* never itself */
		T_CHECK(score > 0);			/* shares something */
		if (k > 0)
			T_CHECK(r[k - 1].shared + (r[k - 1].same_video ?
			    3u : 0u) >= score);		/* best first */
		if ((int)r[k].entry == sum || (int)r[k].entry == cap) {
			T_CHECK(r[k].same_video);
			seen++;
		}
	}
	T_EQ(seen, 2);
	free(r);
	/* a cap of one keeps only the best */
	n = corpus_related(c, (size_t)i, &r, 1);
	T_EQ(n, 1);
	T_CHECK(r[0].same_video);
	free(r);
	corpus_free(c);
}

/* Everything corpus_load derives, as text, to compare two loads. */
static char *
digest(const struct corpus *c)
{
	char	*out = NULL;
	size_t	 len = 0, i, k;
	FILE	*f = open_memstream(&out, &len);

	for (i = 0; i < c->n; i++) {
		const struct entry *e = &c->e[i];

		fprintf(f, "%s|%d|%s|%s|%s|%ld|%u|%u|%u|%u|%d|%u\n",
		    e->path, (int)e->kind, e->title ? e->title : "-",
		    e->date ? e->date : "-", e->video, e->duration, e->nts,
		    e->nerrors, e->nwarnings, e->words, e->unreadable,
		    e->nbacklinks);
		for (k = 0; k < e->naliases; k++)
			fprintf(f, " alias %s\n", e->aliases[k]);
		fprintf(f, " meta %s\n fields %s\n", e->meta ? e->meta : "-",
		    e->fields ? e->fields : "-");
		for (k = 0; k < e->nlinks; k++)
			fprintf(f, " link %d %d %u %s|%s|%s|%ld|%s|%d\n",
			    e->links[k].type, e->links[k].embed,
			    e->links[k].line, e->links[k].target,
			    e->links[k].text, e->links[k].context,
			    e->links[k].seconds, e->links[k].video,
			    (int)e->links[k].to);
		for (k = 0; k < e->nents; k++)
			fprintf(f, " ent %s\n", c->ents[e->ents[k]].name);
		for (k = 0; k < e->nmention; k++)
			fprintf(f, " mention %s %u\n",
			    c->ents[e->mention_ent[k]].name, e->mention_cnt[k]);
	}
	for (i = 0; i < c->nents; i++)
		fprintf(f, "entity %s %s %zu %zu\n", c->ents[i].category,
		    c->ents[i].name, c->ents[i].ndocs, c->ents[i].nmentions);
	fclose(f);
	return out;
}

/* Load the library at "dir", with the cache file "cache" or none; returns
 * the digest (free it) and how many entries came from the cache. */
static char *
load_digest(const char *dir, const char *cache, size_t *ncached)
{
	struct folio_err err;
	struct corpus	*c = corpus_new();
	char		*d;

	T_EQ(corpus_add_root(c, dir, &err), 0);
	corpus_set_cache(c, cache);
	corpus_load(c, 2);
	d = digest(c);
	*ncached = c->ncached;
	corpus_free(c);
	return d;
}

/* Rewrite "path" with "text" appended (or replacing "old" by "new") and a
 * modification time a little later. */
static void
edit(const char *path, const char *old, const char *new)
{
	char	*s = NULL, *p;
	size_t	 len = 0;
	FILE	*f = fopen(path, "r");
	struct timespec ts[2];
	struct stat st;

	T_CHECK(f != NULL);
	if (f == NULL)
		return;
	s = malloc(1 << 20);
	len = fread(s, 1, (1 << 20) - 1, f);
	s[len] = '\0';
	fclose(f);
	stat(path, &st);
	f = fopen(path, "w");
	if ((p = strstr(s, old)) != NULL) {
		fwrite(s, 1, (size_t)(p - s), f);
		fputs(new, f);
		fputs(p + strlen(old), f);
	} else
		T_CHECK(!"text to edit found");
	fclose(f);
	ts[0] = st.st_atim;
	ts[1] = st.st_mtim;
	ts[1].tv_sec += 2;
	utimensat(AT_FDCWD, path, ts, 0);
	free(s);
}

/* Edit document "doc" of the library in dir/lib, then load it with the
 * cache: "ncached" entries come from it, the result equals a load
 * without it, and holds "needle". */
static void
edit_and_compare(const char *dir, const char *doc, const char *old,
    const char *new, const char *cache, size_t ncached, const char *needle)
{
	char	 path[600], *warm, *cold;
	size_t	 n;

	snprintf(path, sizeof(path), "%s/lib/%s", dir, doc);
	edit(path, old, new);
	snprintf(path, sizeof(path), "%s/lib", dir);
	warm = load_digest(path, cache, &n);
	T_EQ(n, ncached);
	cold = load_digest(path, NULL, &n);
	T_STREQ(warm, cold);
	T_CHECK(strstr(cold, needle) != NULL);
	free(warm);
	free(cold);
}

/* The summary cache: a warm load equals a cold one; an edit, a deletion,
 * a new entity or a damaged cache file each give what a cold load gives. */
static void
test_cache(void)
{
	char	 dir[] = "/tmp/folio-cache-XXXXXX", cmd[512], cache[600];
	char	 path[600], *cold, *warm;
	size_t	 n, total;
	FILE	*f;

	if (mkdtemp(dir) == NULL)
		return;
	snprintf(cmd, sizeof(cmd), "cp -R data/library '%s/lib'", dir);
	T_EQ(system(cmd), 0);
	snprintf(cache, sizeof(cache), "%s/cache/summary.bin", dir);
	snprintf(path, sizeof(path), "%s/lib", dir);

	cold = load_digest(path, NULL, &n);
	T_EQ(n, 0);
	free(load_digest(path, cache, &n));		/* writes it */
	T_EQ(n, 0);
	warm = load_digest(path, cache, &total);
	T_CHECK(total >= 15);
	T_STREQ(warm, cold);
	free(warm);
	free(cold);

	/* The reader's first frame: everything from the cache, nothing
	 * pending; without a cache, everything pending with its path. */
	{
		struct folio_err err;
		struct corpus *c = corpus_new();

		T_EQ(corpus_add_root(c, path, &err), 0);
		corpus_set_cache(c, cache);
		corpus_load_cached(c);
		T_EQ(c->npending, 0);
		T_EQ(c->ncached, total);
		warm = digest(c);
		cold = load_digest(path, NULL, &n);
		T_STREQ(warm, cold);
		free(warm);
		free(cold);
		corpus_free(c);
		c = corpus_new();
		T_EQ(corpus_add_root(c, path, &err), 0);
		corpus_load_cached(c);
		T_EQ(c->npending, c->n);
		T_STREQ(c->e[0].title, c->e[0].path);
		corpus_free(c);
	}
	/* Without reading a folder: the list as the cache saw it. */
	{
		struct folio_err err;
		struct corpus *full = corpus_new(), *q;
		char *roots[] = { path };
		size_t k;

		T_EQ(corpus_add_root(full, path, &err), 0);
		corpus_load(full, 2);
		setenv("XDG_CACHE_HOME", dir, 1);
		T_CHECK(corpus_quick(roots, 1) == NULL);	/* none yet */
		corpus_use_cache(full);
		corpus_free(full);
		full = corpus_new();
		T_EQ(corpus_add_root(full, path, &err), 0);
		corpus_use_cache(full);
		corpus_load(full, 2);			/* writes it */
		{
			struct corpus *again = corpus_new();

			T_EQ(corpus_add_root(again, path, &err), 0);
			corpus_use_cache(again);
			corpus_load(again, 1);
			T_CHECK(corpus_fingerprint(again) ==
			    corpus_fingerprint(full));
			corpus_free(again);
		}
		q = corpus_quick(roots, 1);
		T_CHECK(q != NULL);
		if (q != NULL) {
			T_EQ(q->n, full->n);
			T_EQ(q->npending, q->n);
			/* what documents are drawn from is not all there */
			T_CHECK(corpus_fingerprint(q) !=
			    corpus_fingerprint(full));
			for (k = 0; k < q->n && k < full->n; k++) {
				T_STREQ(q->e[k].path, full->e[k].path);
				T_STREQ(q->e[k].title, full->e[k].title);
				T_EQ(q->e[k].kind, full->e[k].kind);
				T_EQ(q->e[k].duration, full->e[k].duration);
			}
			corpus_free(q);
		}
		/* damaged: none */
		T_EQ(truncate(full->cache, 40), 0);
		T_CHECK(corpus_quick(roots, 1) == NULL);
		unsetenv("XDG_CACHE_HOME");
		corpus_free(full);
	}

	/* A load stopped before it starts reads nothing and writes no
	 * cache. */
	{
		struct folio_err err;
		struct corpus *c = corpus_new();
		char other[700];
		struct stat st;

		snprintf(other, sizeof(other), "%s/other.bin", dir);
		T_EQ(corpus_add_root(c, path, &err), 0);
		corpus_set_cache(c, other);
		corpus_cancel(c);
		corpus_load(c, 2);
		T_EQ(c->ncached, 0);
		T_CHECK(!c->e[0].loaded);
		T_CHECK(stat(other, &st) == -1);
		corpus_free(c);
	}

	/* An edited document is read again, and its mentions counted. */
	edit_and_compare(dir, "notes/Roasting Log.md", "# Roasting Log\r\n",
	    "# Roasting Log\r\n\r\nTSMC and TSMC again.\r\n", cache,
	    total - 1, "mention TSMC 2");

	/* A new entity in the dictionary: every body is counted again. */
	edit_and_compare(dir, "notes/Tree-sitter.md", "---\n",
	    "---\nconcepts: [Roasting]\n", cache, total - 1,
	    "concepts Roasting");

	/* A deleted document is forgotten. */
	snprintf(path, sizeof(path), "%s/lib/notes/Café Notes.md", dir);
	T_EQ(unlink(path), 0);
	snprintf(path, sizeof(path), "%s/lib", dir);
	free(load_digest(path, cache, &n));
	warm = load_digest(path, cache, &n);
	T_EQ(n, total - 1);
	cold = load_digest(path, NULL, &n);
	T_STREQ(warm, cold);
	free(warm);

	/* Damage: the file cut short, then bytes overwritten. */
	T_EQ(truncate(cache, 3000), 0);
	warm = load_digest(path, cache, &n);
	T_EQ(n, 0);
	T_STREQ(warm, cold);
	free(warm);
	free(load_digest(path, cache, &n));
	if ((f = fopen(cache, "r+")) != NULL) {
		fseek(f, 400, SEEK_SET);
		fwrite("\xff\xff\xff\xff\xff\xff\xff\x7f", 1, 8, f);
		fseek(f, 2000, SEEK_SET);
		fwrite("\x01\x02\x03\x04\x05\x06\x07\x08", 1, 8, f);
		fclose(f);
	}
	warm = load_digest(path, cache, &n);
	T_STREQ(warm, cold);
	free(warm);
	free(cold);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	T_EQ(system(cmd), 0);
}

/* The library watch: documents added, changed or removed count; hidden
 * files and editors' leftovers do not. */
static void
test_watch(void)
{
	char	 dir[] = "/tmp/folio-watch-XXXXXX", path[600];
	struct folio_err err;
	struct corpus	*c;
	struct watch	*w;
	FILE		*f;

	if (mkdtemp(dir) == NULL)
		return;
	snprintf(path, sizeof(path), "%s/sub", dir);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/sub/a.md", dir);
	fclose(fopen(path, "w"));
	c = corpus_new();
	T_EQ(corpus_add_root(c, dir, &err), 0);
	T_EQ(c->ndirs, 2);
	w = watch_new(c);
	T_CHECK(!watch_changed(w, 0));
	snprintf(path, sizeof(path), "%s/sub/.a.md.swp", dir);
	fclose(fopen(path, "w"));
	snprintf(path, sizeof(path), "%s/notes.md~", dir);
	fclose(fopen(path, "w"));
	snprintf(path, sizeof(path), "%s/image.png", dir);
	fclose(fopen(path, "w"));
	if (!watch_polling(w))
		T_CHECK(!watch_changed(w, 10000));
	snprintf(path, sizeof(path), "%s/sub/b.md", dir);
	fclose(fopen(path, "w"));
	T_CHECK(watch_changed(w, 20000));
	T_CHECK(!watch_changed(w, 30000));
	snprintf(path, sizeof(path), "%s/sub/a.md", dir);
	if ((f = fopen(path, "a")) != NULL) {
		fputs("# changed\n", f);
		fclose(f);
	}
	T_CHECK(watch_changed(w, 40000));
	T_EQ(unlink(path), 0);
	T_CHECK(watch_changed(w, 50000));
	watch_free(w);
	corpus_free(c);
	snprintf(path, sizeof(path), "rm -rf '%s'", dir);
	T_EQ(system(path), 0);
}

/* Backlinks count lines: two links to a note on one line are one, the
 * same link on another line is another, as `folio backlinks` lists them. */
static void
test_backlink_lines(void)
{
	char	 dir[] = "/tmp/folio-bl-XXXXXX", path[600];
	struct folio_err err;
	struct corpus	*c;
	FILE		*f;
	int		 t;

	if (mkdtemp(dir) == NULL)
		return;
	snprintf(path, sizeof(path), "%s/Target.md", dir);
	if ((f = fopen(path, "w")) != NULL) {
		fputs("# Target\n", f);
		fclose(f);
	}
	snprintf(path, sizeof(path), "%s/from.md", dir);
	if ((f = fopen(path, "w")) != NULL) {
		fputs("# From\n\n[[Target]] and [[Target|again]].\n\n"
		    "[[Target]]\n\n[[Other]] [[Target]]\n", f);
		fclose(f);
	}
	c = corpus_new();
	T_EQ(corpus_add_root(c, dir, &err), 0);
	corpus_load(c, 1);
	t = find(c, "Target.md");
	T_CHECK(t >= 0);
	if (t >= 0)
		T_EQ(c->e[t].nbacklinks, 3);
	corpus_free(c);
	snprintf(path, sizeof(path), "rm -rf '%s'", dir);
	T_EQ(system(path), 0);
}

/* Obsidian's order on the vault fixture: path, folder, name (shortest
 * path), alias, title; attachments; front-matter links. */
static void
test_vault(void)
{
	struct folio_err err;
	struct corpus	*c = corpus_new();
	int		 home, old, amb, k;
	uint32_t	 att;
	size_t		 i;
	char		*ap;

	T_EQ(corpus_add_root(c, "tests/fixtures/vault", &err), 0);
	corpus_load(c, 1);
	home = find(c, "Home.md");
	old = find(c, "Archive/Old/Index.md");
	T_EQ(corpus_resolve_wiki(c, home, "Settings", &amb),
	    find(c, "Settings.md"));
	T_EQ(amb, 0);
	T_EQ(corpus_resolve_wiki(c, home, "Plan", &amb),
	    find(c, "Guide/Plan.md"));
	T_EQ(amb, 1);
	T_EQ(corpus_resolve_wiki(c, old, "Plan", &amb),
	    find(c, "Archive/Old/Plan.md"));
	T_EQ(corpus_resolve_wiki(c, home, "old/plan", &amb),
	    find(c, "Archive/Old/Plan.md"));
	T_EQ(corpus_resolve_wiki(c, old, "../Notes", &amb),
	    find(c, "Archive/Notes.md"));
	T_EQ(corpus_resolve_wiki(c, home, "Alpha", &amb), find(c, "Alpha.md"));
	T_EQ(corpus_resolve_wiki(c, home, "Terms", &amb),
	    find(c, "Glossary.md"));
	T_EQ(corpus_resolve_wiki(c, home, "Set-up Guide", &amb),
	    find(c, "Guide/Setup.md"));
	T_EQ(corpus_resolve(c, home, "pic.png", true, &amb, &att), -1);
	T_CHECK(att > 0);
	if (att > 0) {
		T_STREQ(c->atts[att - 1].path, "Attachments/pic.png");
		ap = corpus_attachment_path(c, att - 1);
		T_CHECK(access(ap, R_OK) == 0);
		free(ap);
	}
	T_EQ(corpus_resolve(c, home, "Attachments/doc.pdf", false, &amb,
	    &att), -1);
	T_CHECK(att > 0 && strcmp(c->atts[att - 1].path,
	    "Attachments/doc.pdf") == 0);
	T_EQ(corpus_resolve(c, home, "missing.png", true, &amb, &att), -1);
	T_EQ(att, 0);
	/* Front-matter links: on their line, resolved. */
	k = find(c, "Glossary.md");
	for (i = 0; k >= 0 && i < c->e[k].nlinks; i++)
		if (c->e[k].links[i].fm &&
		    strcmp(c->e[k].links[i].target, "Books") == 0)
			break;
	T_CHECK(k >= 0 && i < c->e[k].nlinks);
	if (k >= 0 && i < c->e[k].nlinks) {
		T_EQ(c->e[k].links[i].line, 6);
		T_EQ(c->e[k].links[i].to, find(c, "Books.md"));
	}
	corpus_free(c);
}

/* The text of an embed is live: its links, moments and attachments are
 * the host's items (inner, resolved from the embedded note), named by
 * the runs of the embedded blocks; a folded callout folds. */
static void
test_embed_items(void)
{
	struct folio_err err;
	struct corpus	*c = corpus_new();
	struct doc	*d;
	const struct body *b;
	size_t		 i, bi;
	uint32_t	 r;
	int		 host, seen = 0, named = 0;
	long		 fold = -1;

	T_EQ(corpus_add_root(c, "tests/fixtures/vault", &err), 0);
	corpus_load(c, 1);
	host = find(c, "Embeds.md");
	T_CHECK(host >= 0);
	if (host < 0 || (d = corpus_open(c, (size_t)host, &err)) == NULL) {
		corpus_free(c);
		return;
	}
	b = d->body;
	for (i = 0; i < b->nitems; i++) {
		const struct item *it = &b->items[i];

		if (it->type == ITEM_FOLD)
			fold = it->block;
		if (!it->inner)
			continue;
		T_EQ(it->len, 0);
		T_CHECK(b->blocks[it->block].nframes > 0 &&
		    b->blocks[it->block].frames[0].kind == FRAME_EMBED);
		if (it->type == ITEM_TS) {
			T_EQ(it->seconds, 65);
			T_STREQ(it->video, "dQw4w9WgXcQ");
			seen |= 1;
		} else if (it->type == ITEM_WIKI && it->att == 0) {
			T_STREQ(it->target, "Books");
			T_EQ(it->ref, find(c, "Books.md"));
			seen |= 2;
		} else if (it->type == ITEM_WIKI) {
			T_STREQ(c->atts[it->att - 1].path,
			    "Attachments/pic.png");
			seen |= 4;
		}
		/* A run of its block names it. */
		bi = it->block;
		for (r = 0; r < b->blocks[bi].nruns; r++)
			if (b->blocks[bi].runs[r].item == (int32_t)i)
				break;
		named += r < b->blocks[bi].nruns;
	}
	T_EQ(seen, 7);
	T_EQ(named, 3);
	/* The folded tip: Enter opens it, its body shows. */
	T_CHECK(fold >= 0);
	if (fold >= 0) {
		/* One paragraph: its title line and body in one block. */
		T_CHECK(b->blocks[fold].callout != NULL &&
		    b->blocks[fold].callout->folded);
		T_EQ(markdown_fold(d->body, (size_t)fold), fold);
		T_CHECK(b->blocks[fold].callout != NULL &&
		    !b->blocks[fold].callout->folded);
	}
	doc_free(d);
	corpus_free(c);
}

/* Cases from a real vault: aliases as one text with commas or under
 * "alias"; check's look at Markdown links (a path, then a heading). */
static void
test_vault_real(void)
{
	struct folio_err err;
	struct corpus	*c = corpus_new();
	struct elink	 l = { 0 };
	int		 from, amb;
	char		*m;

	T_EQ(corpus_add_root(c, "tests/fixtures/vault", &err), 0);
	corpus_load(c, 1);
	from = find(c, "real-Links.md");
	T_EQ(corpus_resolve_wiki(c, from, "Real one", &amb),
	    find(c, "real-Target.md"));
	T_EQ(corpus_resolve_wiki(c, from, "real two", &amb),
	    find(c, "real-Target.md"));
	T_EQ(corpus_resolve_wiki(c, from, "Real single", &amb),
	    find(c, "real-Single.md"));
	T_EQ(corpus_resolve_wiki(c, from, "Real one, Real two", &amb), -1);
	T_EQ(corpus_resolve_wiki(c, from, "real-Hidden", &amb), -1);
	/* A first heading names no note for a link, only for a name typed
	 * by the user. */
	T_EQ(corpus_resolve_wiki(c, from, "Target", &amb), -1);
	T_EQ(corpus_resolve_wiki(c, -1, "Target", &amb),
	    find(c, "real-Target.md"));
	/* A heading as Obsidian matches it: without ':' and '?'. */
	l.type = ITEM_WIKI;
	l.target = "real-Target#Step 2 Link here";
	T_CHECK(corpus_link_problem(c, (size_t)from, &l) == NULL);
	l.target = "real-Target#step 2: link here?";
	T_CHECK(corpus_link_problem(c, (size_t)from, &l) == NULL);
	l.target = "real-Target#Step 2 Link";
	m = corpus_link_problem(c, (size_t)from, &l);
	T_STREQ(m ? m : "", "no heading \"Step 2 Link\" in real-Target.md");
	free(m);
	l.type = ITEM_FILE;
	l.target = "real-Spaced%20name.md";
	T_CHECK(corpus_link_problem(c, (size_t)from, &l) == NULL);
	l.target = "real-Target.md#Part";
	T_CHECK(corpus_link_problem(c, (size_t)from, &l) == NULL);
	l.target = "https://example.com/x.md";
	T_CHECK(corpus_link_problem(c, (size_t)from, &l) == NULL);
	l.target = "real-Gone.md";
	m = corpus_link_problem(c, (size_t)from, &l);
	T_STREQ(m ? m : "", "missing note: real-Gone.md");
	free(m);
	l.target = "Attachments/gone%20too.png";
	m = corpus_link_problem(c, (size_t)from, &l);
	T_STREQ(m ? m : "", "missing file: Attachments/gone too.png");
	free(m);
	l.target = "real-Target.md#No%20such%20part";
	m = corpus_link_problem(c, (size_t)from, &l);
	T_STREQ(m ? m : "", "no heading \"No such part\" in real-Target.md");
	free(m);
	corpus_free(c);
}

T_LIST(test_vault, test_vault_real, test_embed_items, test_backlink_lines, test_watch, test_cache, test_related, test_scan, test_resolve, test_backlinks, test_mentions, test_decorate,
    test_order, test_loops, test_walk, test_order_dates)
