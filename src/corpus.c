/* SPDX-License-Identifier: ISC */
#include "folio/corpus.h"

#include <sys/stat.h>

#include <dirent.h>
#include <fcntl.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "folio/arena.h"
#include "folio/buf.h"
#include "folio/cache.h"
#include "folio/frontmatter.h"
#include "folio/markdown.h"
#include "folio/role.h"
#include "folio/utf8.h"
#include "folio/xmalloc.h"

#define MAX_SCAN_DEPTH	64
#define MAX_DOC_ENTITIES 512	/* entities listed by one document */

/* ---- a string -> list of ints hash map ------------------------------- */

struct cslot {
	char		*key;		/* in the map's arena */
	int		*v;		/* &one while there is one value */
	uint32_t	 n, cap;
	int		 one;
};

struct cmap {
	struct cslot	*s;
	size_t		 cap;
	size_t		 n;
	struct arena	*a;		/* the keys */
};

static uint64_t
hash_str(const char *s)
{
	uint64_t	 h = 1469598103934665603ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static struct cmap *
cmap_new(void)
{
	struct cmap	*m;

	m = xcalloc(1, sizeof(*m));
	m->cap = 64;
	m->s = xcalloc(m->cap, sizeof(*m->s));
	m->a = arena_new(1u << 14);
	return m;
}

static struct cslot *
cmap_slot(struct cmap *m, const char *key, int create)
{
	size_t		 i;

	if (create && (m->n + 1) * 2 > m->cap) {
		struct cslot *old = m->s;
		size_t oc = m->cap, k;

		m->cap *= 2;
		m->s = xcalloc(m->cap, sizeof(*m->s));
		for (k = 0; k < oc; k++) {
			if (old[k].key == NULL)
				continue;
			i = hash_str(old[k].key) & (m->cap - 1);
			while (m->s[i].key != NULL)
				i = (i + 1) & (m->cap - 1);
			m->s[i] = old[k];
			if (old[k].v == &old[k].one)
				m->s[i].v = &m->s[i].one;
		}
		free(old);
	}
	i = hash_str(key) & (m->cap - 1);
	while (m->s[i].key != NULL) {
		if (strcmp(m->s[i].key, key) == 0)
			return &m->s[i];
		i = (i + 1) & (m->cap - 1);
	}
	if (!create)
		return NULL;
	m->s[i].key = arena_strdup(m->a, key);
	m->s[i].v = &m->s[i].one;
	m->s[i].cap = 1;
	m->n++;
	return &m->s[i];
}

static void
cmap_add(struct cmap *m, const char *key, int v)
{
	struct cslot	*s;

	if (key[0] == '\0')
		return;
	s = cmap_slot(m, key, 1);
	if (s->n > 0 && s->v[s->n - 1] == v)
		return;
	if (s->n == s->cap) {
		int *nv = xreallocarray(NULL, s->cap * 2, sizeof(*nv));

		memcpy(nv, s->v, s->n * sizeof(*nv));
		if (s->v != &s->one)
			free(s->v);
		s->v = nv;
		s->cap *= 2;
	}
	s->v[s->n++] = v;
}

static const struct cslot *
cmap_get(const struct cmap *m, const char *key)
{
	if (m == NULL)
		return NULL;
	return cmap_slot((struct cmap *)m, key, 0);
}

static void
cmap_free(struct cmap *m)
{
	size_t	 i;

	if (m == NULL)
		return;
	for (i = 0; i < m->cap; i++)
		if (m->s[i].key != NULL && m->s[i].v != &m->s[i].one)
			free(m->s[i].v);
	free(m->s);
	arena_free(m->a);
	free(m);
}

/* ---- lifecycle ---------------------------------------------------------- */

struct corpus *
corpus_new(void)
{
	struct corpus	*c;

	c = xcalloc(1, sizeof(*c));
	c->a = arena_new(1u << 16);
	atomic_init(&c->progress, 0);
	atomic_init(&c->ptotal, 0);
	atomic_init(&c->cancel, false);
	return c;
}

void
corpus_free(struct corpus *c)
{
	size_t	 i;

	if (c == NULL)
		return;
	for (i = 0; i < c->nroots; i++)
		free(c->roots[i]);
	free(c->roots);
	for (i = 0; i < c->nnotes; i++)
		free(c->notes[i]);
	free(c->notes);
	free(c->e);
	free(c->ents);
	cmap_free(c->keys);
	cmap_free(c->entkeys);
	cmap_free(c->bypath);
	cmap_free(c->firstword);
	arena_free(c->a);
	free(c->cache);
	free(c->cdata);
	free(c->dirs);
	free(c);
}

static void
note(struct corpus *c, const char *fmt, const char *path, const char *why)
{
	c->notes = xreallocarray(c->notes, c->nnotes + 1, sizeof(*c->notes));
	c->notes[c->nnotes++] = xasprintf(fmt, path, why);
}

/* Give back the entry array's spare room (the scan doubled it). */
static void
shrink(struct corpus *c)
{
	if (c->cap > c->n + 16) {
		c->e = xreallocarray(c->e, c->n + 16, sizeof(*c->e));
		c->cap = c->n + 16;
	}
}

/* Reset an entry to its identity (path, root) with nothing loaded. */
static void
entry_forget(struct entry *e)
{
	struct entry	 keep;

	memset(&keep, 0, sizeof(keep));
	keep.path = e->path;
	keep.abspath = e->abspath;
	keep.root = e->root;
	keep.duration = -1;
	keep.title = e->path;
	*e = keep;
}

/* Add an entry whose strings live as long as the library (no copy). */
static int
add_entry_ref(struct corpus *c, const char *rel, const char *abs, int root)
{
	struct entry	*e;

	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 256;
		c->e = xreallocarray(c->e, c->cap, sizeof(*c->e));
	}
	e = &c->e[c->n];
	e->path = rel;
	e->abspath = abs;
	e->root = root;
	entry_forget(e);
	return (int)c->n++;
}

static int
add_entry(struct corpus *c, const char *rel, const char *abs, int root)
{
	return add_entry_ref(c, arena_strdup(c->a, rel), arena_strdup(c->a,
	    abs), root);
}

/* ---- scanning ----------------------------------------------------------- */

struct visited {
	dev_t		*dev;
	ino_t		*ino;
	size_t		 n;
};

static int
seen_dir(struct visited *v, const struct stat *st)
{
	size_t	 i;

	for (i = 0; i < v->n; i++)
		if (v->dev[i] == st->st_dev && v->ino[i] == st->st_ino)
			return 1;
	v->dev = xreallocarray(v->dev, v->n + 1, sizeof(*v->dev));
	v->ino = xreallocarray(v->ino, v->n + 1, sizeof(*v->ino));
	v->dev[v->n] = st->st_dev;
	v->ino[v->n] = st->st_ino;
	v->n++;
	return 0;
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Set b to "dir/name" ("name" when dir is empty). */
static void
join_path(struct buf *b, const char *dir, const char *name)
{
	buf_reset(b);
	if (*dir != '\0') {
		buf_adds(b, dir);
		buf_addc(b, '/');
	}
	buf_adds(b, name);
}

static void
scan_dir(struct corpus *c, int root, const char *abs, const char *rel,
    struct visited *v, int depth)
{
	struct buf	 ap = { 0 }, rp = { 0 };
	DIR		*dir;
	struct dirent	*de;
	struct stat	 st;
	char		**names = NULL;
	size_t		 n = 0, i;

	if (depth > MAX_SCAN_DEPTH) {
		note(c, "%s: %s", rel, "folders nested too deep; skipped");
		return;
	}
	if ((dir = opendir(abs)) == NULL) {
		note(c, "%s: %s", *rel ? rel : abs, strerror(errno));
		return;
	}
	c->dirs = xreallocarray(c->dirs, c->ndirs + 1, sizeof(*c->dirs));
	c->dirs[c->ndirs++] = arena_strdup(c->a, abs);
	while ((de = readdir(dir)) != NULL) {
		if (de->d_name[0] == '.')
			continue;	/* hidden files, ".", ".." */
#ifdef DT_REG
		/* Other files need no look (their type is known). */
		if (de->d_type == DT_REG && !doc_is_document(de->d_name))
			continue;
#endif
		names = xreallocarray(names, n + 1, sizeof(*names));
		names[n++] = xstrdup(de->d_name);
	}
	if (n > 1)
		qsort(names, n, sizeof(*names), name_cmp);
	for (i = 0; i < n; i++) {
		/* Relative to the open folder: no path walked per file.  An
		 * unreadable document is listed, and says so when read. */
		if (fstatat(dirfd(dir), names[i], &st, 0) == -1) {
			join_path(&ap, abs, names[i]);
			join_path(&rp, rel, names[i]);
			note(c, "%s: %s", rp.p, strerror(errno));
		} else if (S_ISDIR(st.st_mode)) {
			join_path(&rp, rel, names[i]);
			if (seen_dir(v, &st))
				note(c, "%s: %s", rp.p, "symlink loop; skipped");
			else {
				char *a = xasprintf("%s/%s", abs, names[i]);
				char *r = xstrdup(rp.p);

				scan_dir(c, root, a, r, v, depth + 1);
				free(a);
				free(r);
			}
		} else if (S_ISREG(st.st_mode) && doc_is_document(names[i])) {
			int k;

			join_path(&ap, abs, names[i]);
			join_path(&rp, rel, names[i]);
			k = add_entry(c, rp.p, ap.p, root);
			c->e[k].size = st.st_size;
			c->e[k].mtime = (int64_t)st.st_mtim.tv_sec *
			    1000000000LL + st.st_mtim.tv_nsec;
		}
		free(names[i]);
	}
	buf_free(&ap);
	buf_free(&rp);
	closedir(dir);
	free(names);
}

/* Add the root "dir" (made absolute), scanning it when "scan". */
static int
add_root(struct corpus *c, const char *dir, bool scan, struct folio_err *err)
{
	struct visited	 v = { 0 };
	struct stat	 st;
	char		*abs;

	if ((abs = realpath(dir, NULL)) == NULL)
		return err_set(err, FOLIO_ERR_IO, "%s: %s", dir,
		    strerror(errno));
	if (stat(abs, &st) == -1 || !S_ISDIR(st.st_mode)) {
		free(abs);
		return err_set(err, FOLIO_ERR_IO, "%s: not a folder", dir);
	}
	c->roots = xreallocarray(c->roots, c->nroots + 1, sizeof(*c->roots));
	c->roots[c->nroots++] = abs;
	if (!scan)
		return 0;
	seen_dir(&v, &st);
	scan_dir(c, (int)c->nroots - 1, abs, "", &v, 0);
	free(v.dev);
	free(v.ino);
	return 0;
}

int
corpus_add_root(struct corpus *c, const char *dir, struct folio_err *err)
{
	return add_root(c, dir, true, err);
}

int
corpus_add_file(struct corpus *c, const char *file)
{
	char	*abs;
	size_t	 i, rl;
	int	 r;

	if ((abs = realpath(file, NULL)) == NULL)
		abs = xstrdup(file);
	for (i = 0; i < c->n; i++)
		if (strcmp(c->e[i].abspath, abs) == 0) {
			free(abs);
			return (int)i;
		}
	for (i = 0; i < c->nroots; i++) {
		rl = strlen(c->roots[i]);
		if (strncmp(abs, c->roots[i], rl) == 0 && abs[rl] == '/') {
			r = add_entry(c, abs + rl + 1, abs, (int)i);
			free(abs);
			return r;
		}
	}
	r = add_entry(c, file, abs, -1);
	free(abs);
	return r;
}

/* ---- keys ------------------------------------------------------------- */

/* The wikilink key of a name: NFC, case-folded, without ".md". */
static char *
wiki_key(struct buf *b, const char *s, size_t n)
{
	static const char *const exts[] = { ".md", ".markdown", ".txt" };
	size_t	 i, el;

	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	while (n > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	for (i = 0; i < ARRAY_SIZE(exts); i++) {
		el = strlen(exts[i]);
		if (n > el && strncasecmp(s + n - el, exts[i], el) == 0) {
			n -= el;
			break;
		}
	}
	buf_reset(b);
	utf8_nfc_fold(b, s, n);
	return b->p ? b->p : (char *)"";
}

static void
index_keys(struct corpus *c)
{
	struct buf	 b = { 0 };
	size_t		 i, k;

	cmap_free(c->keys);
	c->keys = cmap_new();
	cmap_free(c->bypath);
	c->bypath = cmap_new();
	for (i = 0; i < c->n; i++) {
		const struct entry *e = &c->e[i];
		const char *stem = strrchr(e->path, '/');

		cmap_add(c->bypath, e->path, (int)i);
		stem = stem ? stem + 1 : e->path;
		cmap_add(c->keys, wiki_key(&b, e->path, strlen(e->path)),
		    (int)i);
		cmap_add(c->keys, wiki_key(&b, stem, strlen(stem)), (int)i);
		if (e->title != NULL)
			cmap_add(c->keys, wiki_key(&b, e->title,
			    strlen(e->title)), (int)i);
		for (k = 0; k < e->naliases; k++)
			cmap_add(c->keys, wiki_key(&b, e->aliases[k],
			    strlen(e->aliases[k])), (int)i);
	}
	buf_free(&b);
}

static size_t
dir_len(const char *path)
{
	const char	*s = strrchr(path, '/');

	return s ? (size_t)(s - path) : 0;
}

int
corpus_resolve_wiki(const struct corpus *c, int from, const char *target,
    int *ambiguous)
{
	const struct cslot *s;
	struct buf	 b = { 0 };
	size_t		 n, i;
	int		 best = -1;

	if (ambiguous != NULL)
		*ambiguous = 0;
	/* A title may hold a '#' ("Podcast #42"): the whole target first,
	 * then the part before each '#' from the right. */
	s = cmap_get(c->keys, wiki_key(&b, target, strlen(target)));
	for (n = strlen(target); (s == NULL || s->n == 0) && n > 0; ) {
		while (n > 0 && target[n - 1] != '#')
			n--;
		if (n == 0)
			break;
		n--;
		if (n == 0) {
			/* [[#Heading]]: this document. */
			buf_free(&b);
			return from;
		}
		s = cmap_get(c->keys, wiki_key(&b, target, n));
	}
	buf_free(&b);
	if (s == NULL || s->n == 0)
		return -1;
	if (s->n == 1)
		return s->v[0];
	if (ambiguous != NULL)
		*ambiguous = 1;
	/* Prefer the same folder, then the shortest path. */
	for (i = 0; i < s->n; i++) {
		const struct entry *e = &c->e[s->v[i]];

		if (from >= 0 && dir_len(e->path) == dir_len(c->e[from].path) &&
		    strncmp(e->path, c->e[from].path, dir_len(e->path)) == 0)
			return s->v[i];
		if (best < 0 || strlen(e->path) < strlen(c->e[best].path))
			best = s->v[i];
	}
	return best;
}

static int
hexval(int ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	ch |= 0x20;
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	return -1;
}

int
corpus_resolve_file(const struct corpus *c, int from, const char *href)
{
	struct buf	 b = { 0 }, norm = { 0 };
	const char	*p, *seg;
	size_t		 i, n;
	int		 r = -1;

	if (strstr(href, "://") != NULL || strncmp(href, "mailto:", 7) == 0)
		return -1;
	/* Percent-decode up to a fragment or query. */
	for (p = href; *p && *p != '#' && *p != '?'; p++) {
		if (*p == '%' && hexval(p[1]) >= 0 && hexval(p[2]) >= 0) {
			int v = hexval(p[1]) * 16 + hexval(p[2]);

			buf_addc(&b, v ? v : '?');
			p += 2;
		} else
			buf_addc(&b, *p);
	}
	if (b.len == 0)
		goto out;
	/* Join with the linking document's folder, then normalise. */
	if (buf_cstr(&b)[0] != '/' && from >= 0) {
		n = dir_len(c->e[from].path);
		buf_add(&norm, c->e[from].path, n);
		if (n > 0)
			buf_addc(&norm, '/');
	}
	buf_adds(&norm, buf_cstr(&b) + (buf_cstr(&b)[0] == '/'));
	/* Resolve "." and ".." segments in place. */
	{
		char *out = xmalloc(norm.len + 1), *q = out;

		seg = buf_cstr(&norm);
		while (*seg) {
			const char *e = strchr(seg, '/');

			n = e ? (size_t)(e - seg) : strlen(seg);
			if (n == 0 || (n == 1 && seg[0] == '.')) {
				/* skip */
			} else if (n == 2 && seg[0] == '.' && seg[1] == '.') {
				while (q > out && q[-1] != '/')
					q--;
				if (q > out)
					q--;
			} else {
				if (q > out)
					*q++ = '/';
				memcpy(q, seg, n);
				q += n;
			}
			seg += n + (e != NULL);
		}
		*q = '\0';
		for (i = 0; i < c->n; i++)
			if ((from < 0 || c->e[i].root == c->e[from].root) &&
			    strcmp(c->e[i].path, out) == 0) {
				r = (int)i;
				break;
			}
		free(out);
	}
out:
	buf_free(&b);
	buf_free(&norm);
	return r;
}

bool
corpus_links_to(const struct corpus *c, size_t j, size_t i)
{
	size_t	 k;

	for (k = 0; k < c->e[j].nlinks; k++)
		if (c->e[j].links[k].to == (int32_t)i)
			return true;
	return false;
}

int
corpus_find_path(const struct corpus *c, const char *path)
{
	const struct cslot *s;
	size_t		 i;

	if (c->bypath != NULL)
		return (s = cmap_get(c->bypath, path)) != NULL && s->n > 0 ?
		    s->v[0] : -1;
	for (i = 0; i < c->n; i++)
		if (strcmp(c->e[i].path, path) == 0)
			return (int)i;
	return -1;
}

int
corpus_find(const struct corpus *c, const char *arg)
{
	char	*abs;
	size_t	 i;

	if ((abs = realpath(arg, NULL)) != NULL) {
		for (i = 0; i < c->n; i++)
			if (strcmp(c->e[i].abspath, abs) == 0) {
				free(abs);
				return (int)i;
			}
		free(abs);
	}
	for (i = 0; i < c->n; i++)
		if (strcmp(c->e[i].path, arg) == 0)
			return (int)i;
	for (i = 0; i < c->n; i++)
		if (c->e[i].title != NULL && strcmp(c->e[i].title, arg) == 0)
			return (int)i;
	return -1;
}

/* ---- entities ------------------------------------------------------------ */

/* A plain word: one word of letters, lower case after the first letter
 * ("Make", "apple").  Such names match strictly (see corpus_mentions). */
static bool
is_plain_word(const char *s)
{
	size_t	 i;

	for (i = 0; s[i]; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (ch >= 0x80)
			return false;
		if (ch >= 'a' && ch <= 'z')
			continue;
		if (i == 0 && ch >= 'A' && ch <= 'Z')
			continue;
		return false;
	}
	return i > 0;
}

static int
add_entity(struct corpus *c, const char *name, const char *cat)
{
	struct buf	 b = { 0 };
	const struct cslot *s;
	struct entity	*e;
	int		 id;

	utf8_fold(&b, name, strlen(name), NULL);
	if (b.len == 0 || b.len > 200) {
		buf_free(&b);
		return -1;
	}
	/* One entity per folded name and category. */
	if ((s = cmap_get(c->entkeys, b.p)) != NULL) {
		size_t i;

		for (i = 0; i < s->n; i++)
			if (strcmp(c->ents[s->v[i]].category, cat) == 0) {
				buf_free(&b);
				return s->v[i];
			}
	}
	c->ents = xreallocarray(c->ents, c->nents + 1, sizeof(*c->ents));
	e = &c->ents[c->nents];
	memset(e, 0, sizeof(*e));
	e->name = arena_strdup(c->a, name);
	e->category = arena_strdup(c->a, cat);
	e->key = arena_strndup(c->a, b.p, b.len);
	e->plain = is_plain_word(name);
	id = (int)c->nents++;
	cmap_add(c->entkeys, e->key, id);
	buf_free(&b);
	return id;
}

int
corpus_entity(const struct corpus *c, const char *name)
{
	struct buf	 b = { 0 };
	const struct cslot *s;

	utf8_fold(&b, name, strlen(name), NULL);
	s = cmap_get(c->entkeys, buf_cstr(&b));
	buf_free(&b);
	return (s && s->n) ? s->v[0] : -1;
}

/* The first two bytes of a (folded) word, as a bit of corpus.pairs. */
static inline unsigned
pair_bit(const char *w)
{
	return (unsigned)(unsigned char)w[0] << 8 |
	    (w[0] != '\0' ? (unsigned char)w[1] : 0);
}

static void
pair_set(struct corpus *c, const char *w)
{
	unsigned b = pair_bit(w);

	c->pairs[b >> 3] |= (uint8_t)(1u << (b & 7));
}

/* Whether some entity's first word starts as w does (a cheap filter
 * before the lookup). */
static inline bool
pair_maybe(const struct corpus *c, const char *w)
{
	unsigned b = pair_bit(w);

	return c->pairs[b >> 3] & (1u << (b & 7));
}

static void
index_entities(struct corpus *c)
{
	size_t	 i, n;
	char	 w[256];

	cmap_free(c->firstword);
	c->firstword = cmap_new();
	memset(c->pairs, 0, sizeof(c->pairs));
	for (i = 0; i < c->nents; i++) {
		const char *k = c->ents[i].key;

		for (n = 0; k[n] && n < sizeof(w) - 1 &&
		    utf8_is_wordbyte((unsigned char)k[n]); n++)
			w[n] = k[n];
		w[n] = '\0';
		if (n > 0) {
			cmap_add(c->firstword, w, (int)i);
			pair_set(c, w);
		}
	}
}

static bool
sentence_start_at(const char *text, size_t off, bool block_start)
{
	while (off > 0) {
		unsigned char ch = (unsigned char)text[off - 1];

		if (ch == ' ' || ch == '"' || ch == '\'' || ch == '(' ||
		    ch == '\t' || ch == '\n' || ch == '*' || ch == '_') {
			off--;
			continue;
		}
		/* Closing curly quotes and the like. */
		if (ch >= 0x80 && off >= 3 && (unsigned char)text[off - 3] ==
		    0xe2) {
			off -= 3;
			continue;
		}
		return ch == '.' || ch == '!' || ch == '?' || ch == ':' ||
		    ch == '-' || ch == '#' || ch == '>';
	}
	return block_start;
}

static inline char
ascii_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
}

/* corpus_mentions() for ASCII text, where folding only lowers letters:
 * word by word, with no copy of the text. */
static size_t
ascii_mentions(const struct corpus *c, const char *text, size_t len,
    uint32_t base, bool block_start,
    void (*fn)(int, uint32_t, uint32_t, void *), void *arg)
{
	size_t		 i, j, k, n, kl, q, found = 0;
	char		 w[256];

	for (i = 0; i < len; i = j) {
		const struct cslot *s;

		if (!utf8_is_wordbyte((unsigned char)text[i])) {
			j = i + 1;
			continue;
		}
		for (j = i; j < len && utf8_is_wordbyte((unsigned char)text[j]);
		    j++)
			;
		if ((n = j - i) >= sizeof(w))
			continue;
		w[0] = ascii_lower(text[i]);
		w[1] = n > 1 ? ascii_lower(text[i + 1]) : '\0';
		if (!pair_maybe(c, w))
			continue;
		for (k = 0; k < n; k++)
			w[k] = ascii_lower(text[i + k]);
		w[n] = '\0';
		if ((s = cmap_get(c->firstword, w)) == NULL)
			continue;
		for (k = 0; k < s->n; k++) {
			const struct entity *e = &c->ents[s->v[k]];

			kl = strlen(e->key);
			if (i + kl > len)
				continue;
			for (q = 0; q < kl && ascii_lower(text[i + q]) ==
			    e->key[q]; q++)
				;
			if (q < kl)
				continue;
			if (i + kl < len &&
			    utf8_is_wordbyte((unsigned char)text[i + kl]) &&
			    utf8_is_wordbyte((unsigned char)e->key[kl - 1]))
				continue;
			/* Plain words count only as written, and never as
			 * the first word of a sentence. */
			if (e->plain && (kl != strlen(e->name) ||
			    memcmp(text + i, e->name, kl) != 0 ||
			    sentence_start_at(text, i, block_start)))
				continue;
			if (fn != NULL)
				fn(s->v[k], base + (uint32_t)i, (uint32_t)kl, arg);
			found++;
			break;
		}
	}
	return found;
}

size_t
corpus_mentions(const struct corpus *c, const char *text, size_t len,
    uint32_t base, bool block_start,
    void (*fn)(int, uint32_t, uint32_t, void *), void *arg)
{
	struct buf	 f = { 0 };
	uint32_t	*map;
	size_t		 i, j, found = 0;
	char		 w[256];

	if (c->nents == 0 || len == 0 || c->firstword == NULL)
		return 0;
	for (i = 0; i < len && (unsigned char)text[i] < 0x80; i++)
		continue;
	if (i == len)
		return ascii_mentions(c, text, len, base, block_start, fn, arg);
	map = xreallocarray(NULL, 4 * len + 8, sizeof(*map));
	utf8_fold(&f, text, len, map);
	map[f.len] = (uint32_t)len;
	for (i = 0; i < f.len; i = j) {
		const struct cslot *s;
		size_t n, k;

		if (!utf8_is_wordbyte((unsigned char)f.p[i])) {
			j = i + 1;
			continue;
		}
		for (j = i; j < f.len && utf8_is_wordbyte((unsigned char)f.p[j]);
		    j++)
			;
		if (i > 0 && utf8_is_wordbyte((unsigned char)f.p[i - 1]))
			continue;
		n = j - i;
		if (n >= sizeof(w))
			continue;
		memcpy(w, f.p + i, n);
		w[n] = '\0';
		if (!pair_maybe(c, w))
			continue;
		if ((s = cmap_get(c->firstword, w)) == NULL)
			continue;
		for (k = 0; k < s->n; k++) {
			const struct entity *e = &c->ents[s->v[k]];
			size_t kl = strlen(e->key);
			uint32_t so, se;

			if (i + kl > f.len || memcmp(f.p + i, e->key, kl) != 0)
				continue;
			if (i + kl < f.len &&
			    utf8_is_wordbyte((unsigned char)f.p[i + kl]) &&
			    utf8_is_wordbyte((unsigned char)e->key[kl - 1]))
				continue;
			so = map[i];
			se = i + kl < f.len ? map[i + kl] : (uint32_t)len;
			if (e->plain) {
				/* Plain words count only as written, and
				 * never as the first word of a sentence. */
				if (se - so != strlen(e->name) ||
				    memcmp(text + so, e->name, se - so) != 0 ||
				    sentence_start_at(text, so, block_start))
					continue;
			}
			if (fn != NULL)
				fn(s->v[k], base + so, se - so, arg);
			found++;
			break;
		}
	}
	free(map);
	buf_free(&f);
	return found;
}

/* ---- loading ------------------------------------------------------------ */

/* Append the front matter's values (to "m") and "path\tvalue" lines (to
 * "f"), unfolded; "path" is the dotted key path so far. */
static void
add_meta(struct buf *m, struct buf *f, struct buf *path,
    const struct fm_node *n, int depth)
{
	const struct fm_node *k;
	size_t		 plen = path->len;

	if (n == NULL || depth > 16)
		return;
	if (n->key != NULL) {
		if (path->len > 0)
			buf_addc(path, '.');
		buf_adds(path, n->key);
	}
	if (n->type == FM_MAP || n->type == FM_SEQ) {
		for (k = n->child; k != NULL; k = k->next)
			add_meta(m, f, path, k, depth + 1);
	} else if (n->str != NULL && n->slen < 4096 && n->type != FM_NULL) {
		buf_add(m, n->str, n->slen);
		buf_addc(m, '\n');
		size_t i;

		buf_add(f, path->p ? path->p : "", path->len);
		buf_addc(f, '\t');
		for (i = 0; i < n->slen; i++)
			buf_addc(f, (n->str[i] == '\n' || n->str[i] == '\t' ||
			    n->str[i] == '\r') ? ' ' : n->str[i]);
		buf_addc(f, '\n');
	}
	path->len = plen;
	if (path->p != NULL)
		path->p[plen] = '\0';
}

/* Fold and strip newlines and tabs inside values so lines stay lines. */
static char *
fold_lines(struct arena *a, struct buf *in)
{
	struct buf	 f = { 0 };
	char		*r;

	utf8_fold(&f, buf_cstr(in), in->len, NULL);
	r = arena_strndup(a, buf_cstr(&f), f.len);
	buf_free(&f);
	return r;
}

/* Copy what the library needs from a loaded document into its entry. */
static void
summarise(struct entry *e, struct doc *d, struct arena *a)
{
	struct buf	 m = { 0 }, f = { 0 }, path = { 0 };
	const struct fm_node *al;
	size_t		 i, n;

	e->loaded = 1;
	e->size = d->size;
	e->mtime = d->mtime;
	e->kind = d->kind;
	e->title = arena_strdup(a, d->title);
	e->date = d->date ? arena_strdup(a, d->date) : NULL;
	memcpy(e->video, d->video, sizeof(e->video));
	e->duration = d->duration;
	e->nts = d->nts;
	e->words = d->words;
	e->nerrors = d->nerrors;
	e->nwarnings = d->nproblems - d->nerrors;
	if (d->fm != NULL && (al = fm_get(d->fm, "aliases")) != NULL) {
		const struct fm_node *k;

		n = al->type == FM_SEQ ? al->nchild : 1;
		e->aliases = arena_alloc(a, (n + 1) * sizeof(*e->aliases));
		if (al->type == FM_SEQ) {
			for (k = al->child; k != NULL; k = k->next)
				if (k->str != NULL && k->slen > 0)
					e->aliases[e->naliases++] =
					    arena_strdup(a, k->str);
		} else if (al->str != NULL && al->slen > 0)
			e->aliases[e->naliases++] = arena_strdup(a, al->str);
	}
	/* Links, with their lines and context. */
	n = 0;
	for (i = 0; i < d->body->nitems; i++) {
		uint8_t t = d->body->items[i].type;

		if (t != ITEM_ENTITY && !(t == ITEM_TS &&
		    !d->body->items[i].in_link))
			n++;
	}
	e->links = n ? arena_alloc(a, n * sizeof(*e->links)) : NULL;
	for (i = 0; i < d->body->nitems; i++) {
		const struct item *it = &d->body->items[i];
		struct elink *l;
		const char *ctx;
		size_t cl;

		if (it->type == ITEM_ENTITY || (it->type == ITEM_TS &&
		    !it->in_link))
			continue;
		l = &e->links[e->nlinks++];
		l->type = it->type;
		l->embed = it->embed;
		l->line = doc_line(d, it->off);
		l->target = arena_strdup(a, it->target ? it->target : "");
		l->text = arena_strdup(a, it->text ? it->text : "");
		/* The line around a link to a document, for backlinks. */
		ctx = "";
		cl = 0;
		if (it->type == ITEM_WIKI || it->type == ITEM_FILE)
			ctx = doc_line_text(d, l->line, &cl);
		while (cl > 0 && (*ctx == ' ' || *ctx == '\t')) {
			ctx++;
			cl--;
		}
		if (cl > 400)
			cl = 400;
		l->context = arena_strndup(a, ctx, cl);
		l->seconds = it->seconds;
		memcpy(l->video, it->video, sizeof(l->video));
		l->to = -1;
	}
	/* Searchable metadata: title, path and every front-matter value. */
	buf_adds(&m, d->title);
	buf_addc(&m, '\n');
	buf_adds(&m, e->path);
	buf_addc(&m, '\n');
	if (d->fm != NULL && (d->fm->type == FM_MAP || d->fm->type == FM_SEQ))
		add_meta(&m, &f, &path, d->fm, 0);
	e->meta = fold_lines(a, &m);
	e->fields = fold_lines(a, &f);
	buf_free(&m);
	buf_free(&f);
	buf_free(&path);
}

/*
 * The entity names a front matter lists (under "entities", by category,
 * and "concepts"), as one allocation of "category\0name\0" pairs ended by
 * an empty category; NULL when there are none.  The caller frees it.
 */
static char *
entity_names(const struct fm_node *fm)
{
	static const char *const facets[] = { "concepts" };
	const struct fm_node *ents, *cat, *k;
	struct buf	 b = { 0 };
	size_t		 n = 0, i;

	if (fm == NULL || fm->type != FM_MAP)
		return NULL;
	if ((ents = fm_get(fm, "entities")) != NULL && ents->type == FM_MAP)
		for (cat = ents->child; cat != NULL; cat = cat->next) {
			if (cat->type != FM_SEQ || cat->key == NULL)
				continue;
			for (k = cat->child; k != NULL; k = k->next)
				if (k->str != NULL && k->slen > 0 &&
				    k->type != FM_MAP && k->type != FM_SEQ &&
				    n++ < MAX_DOC_ENTITIES) {
					buf_add(&b, cat->key,
					    strlen(cat->key) + 1);
					buf_add(&b, k->str, strlen(k->str) + 1);
				}
		}
	for (i = 0; i < ARRAY_SIZE(facets); i++) {
		if ((cat = fm_get(fm, facets[i])) == NULL ||
		    cat->type != FM_SEQ)
			continue;
		for (k = cat->child; k != NULL; k = k->next)
			if (k->str != NULL && k->slen > 0 &&
			    n++ < MAX_DOC_ENTITIES) {
				buf_add(&b, facets[i], strlen(facets[i]) + 1);
				buf_add(&b, k->str, strlen(k->str) + 1);
			}
	}
	if (b.len == 0)
		return NULL;
	buf_addc(&b, '\0');
	return b.p;
}

/* Add the entities of entry ei from its entity_names() list. */
static void
add_names(struct corpus *c, size_t ei, const char *names)
{
	int32_t		 ids[MAX_DOC_ENTITIES];
	size_t		 n = 0;
	const char	*cat, *name;
	int		 id;

	for (cat = names; cat != NULL && *cat != '\0';
	    cat = name + strlen(name) + 1) {
		name = cat + strlen(cat) + 1;
		if (n < ARRAY_SIZE(ids) && (id = add_entity(c, name, cat)) >= 0)
			ids[n++] = id;
	}
	if (n > 0) {
		c->e[ei].ents = arena_alloc(c->a, n * sizeof(int32_t));
		memcpy(c->e[ei].ents, ids, n * sizeof(int32_t));
		c->e[ei].nents = n;
	}
}

struct mention_acc {
	uint32_t	*cnt;		/* per entity */
};

static void
count_mention(int ent, uint32_t off, uint32_t len, void *arg)
{
	struct mention_acc *m = arg;

	(void)off;
	(void)len;
	m->cnt[ent]++;
}

/* Run fn over every in-source text run of a body. */
static void
each_text(const struct corpus *c, const struct body *b,
    void (*fn)(int, uint32_t, uint32_t, void *), void *arg)
{
	size_t	 bi, k;
	uint32_t i;

	for (bi = 0; bi < b->nblocks; bi++) {
		const struct block *bl = &b->blocks[bi];
		struct tcell whole = { bl->runs, bl->nruns };
		const struct tcell *cells = &whole;
		size_t ncell = 1;

		if (bl->type == BLK_CODE || bl->type == BLK_HTML)
			continue;
		if (bl->type == BLK_TABLE) {
			cells = bl->cells;
			ncell = (size_t)bl->nrows * bl->ncols;
		}
		for (k = 0; k < ncell; k++)
			for (i = 0; i < cells[k].nruns; i++) {
				const struct run *r = &cells[k].runs[i];

				if (r->off == RUN_NOOFF || r->item >= 0 ||
				    r->role == ROLE_CODE)
					continue;
				corpus_mentions(c, r->text, r->len, r->off,
				    i == 0, fn, arg);
			}
	}
}

/*
 * The library scan, in passes over the entries, each on every core:
 * 0. the front matter of each document not in the cache, for the entity
 *    dictionary (cheap: nothing else is parsed);
 * 1. each such document in full: its summary and its mentions of the
 *    dictionary, then it is freed (bodies are never all in memory);
 * 2. the mentions again in cached documents, when the dictionary changed.
 */
struct loader {
	struct corpus	*c;
	size_t		 next;
	pthread_mutex_t	 mu;
	int		 pass;
	char		**names;	/* pass 0: entity_names() per entry */
	uint8_t		*todo;		/* pass 2: entries to count again */
};

struct worker {
	struct loader	*l;
	struct arena	*a;		/* summaries, adopted by the library */
	uint32_t	*cnt;		/* mentions per entity */
};

/* Keep the mention counts of "cnt" (per entity) as entry e's list. */
static void
store_mentions(struct entry *e, const uint32_t *cnt, size_t nents,
    struct arena *a)
{
	size_t	 k, nm = 0;

	e->nmention = 0;
	e->mention_ent = e->mention_cnt = NULL;
	for (k = 0; k < nents; k++)
		nm += cnt[k] > 0;
	if (nm == 0)
		return;
	e->mention_ent = arena_alloc(a, nm * sizeof(uint32_t));
	e->mention_cnt = arena_alloc(a, nm * sizeof(uint32_t));
	for (k = 0; k < nents; k++)
		if (cnt[k] > 0) {
			e->mention_ent[e->nmention] = (uint32_t)k;
			e->mention_cnt[e->nmention++] = cnt[k];
		}
}

/* Count the dictionary's mentions in d's body into entry e. */
static void
count_into(struct worker *w, struct entry *e, const struct doc *d)
{
	const struct corpus *c = w->l->c;
	struct mention_acc acc = { w->cnt };

	if (c->nents == 0)
		return;
	memset(w->cnt, 0, (c->nents + 1) * sizeof(*w->cnt));
	each_text(c, d->body, count_mention, &acc);
	store_mentions(e, w->cnt, c->nents, w->a);
}

static void *
load_worker(void *arg)
{
	struct worker	*w = arg;
	struct loader	*l = w->l;
	struct corpus	*c = l->c;
	struct sbuf	*reuse = NULL;
	struct doc_opts	 o = { .summary = true };
	struct folio_err err;
	struct doc	*d;
	size_t		 i;

	for (;;) {
		pthread_mutex_lock(&l->mu);
		i = l->next++;
		pthread_mutex_unlock(&l->mu);
		if (i >= c->n || atomic_load_explicit(&c->cancel,
		    memory_order_relaxed))
			break;
		if (l->pass == 0 && !c->e[i].loaded) {
			struct arena *ta = arena_new(0);

			l->names[i] = entity_names(doc_front_matter(ta,
			    c->e[i].abspath, c->e[i].path, FOLIO_MAX_FM +
			    (64u << 10)));
			arena_free(ta);
		} else if (l->pass == 1 && !c->e[i].loaded) {
			d = doc_load(c->e[i].abspath, c->e[i].path, &reuse,
			    &o, &err);
			if (d == NULL) {
				c->e[i].unreadable = 1;
				c->e[i].nerrors = 1;
			} else {
				summarise(&c->e[i], d, w->a);
				count_into(w, &c->e[i], d);
				doc_free(d);
			}
			atomic_fetch_add_explicit(&c->progress, 1,
			    memory_order_relaxed);
		} else if (l->pass == 2 && l->todo[i]) {
			d = doc_load(c->e[i].abspath, c->e[i].path, &reuse,
			    &o, &err);
			if (d != NULL) {
				count_into(w, &c->e[i], d);
				doc_free(d);
			}
		}
	}
	sbuf_unref(reuse);
	return NULL;
}

/* Run pass "pass" over the entries on "threads" threads (the caller's
 * included; one when there is little to do). */
static void
run_pass(struct loader *l, int pass, int threads, size_t work)
{
	struct worker	 w[8];
	pthread_t	 th[8];
	size_t		 i, nth = 0, nw;

	l->pass = pass;
	l->next = 0;
	nw = work > 8 ? (size_t)threads : 1;
	for (i = 0; i < nw; i++) {
		w[i].l = l;
		w[i].a = arena_new(1u << 16);
		w[i].cnt = xcalloc(l->c->nents + 1, sizeof(*w[i].cnt));
	}
	pthread_mutex_init(&l->mu, NULL);
	for (i = 1; i < nw; i++)
		if (pthread_create(&th[nth], NULL, load_worker, &w[i]) == 0)
			nth++;
	load_worker(&w[0]);
	for (i = 0; i < nth; i++)
		pthread_join(th[i], NULL);
	pthread_mutex_destroy(&l->mu);
	for (i = 0; i < nw; i++) {
		arena_adopt(l->c->a, w[i].a);
		free(w[i].cnt);
	}
}

/* Length of "path" without its extension ("a/talk.en.vtt" -> "a/talk.en"). */
static size_t
stem_len(const char *path)
{
	const char	*dot = strrchr(path, '.'), *slash = strrchr(path, '/');

	if (dot == NULL || (slash != NULL && dot < slash))
		return strlen(path);
	return (size_t)(dot - path);
}

/*
 * A caption file without a video of its own takes the video of the
 * document beside it with the same stem ("talk.md" and "talk.vtt" or
 * "talk.en.vtt").
 */
static void
link_captions(struct corpus *c)
{
	size_t	 i, j, n, m;

	for (i = 0; i < c->n; i++) {
		struct entry *e = &c->e[i];

		if (e->kind != DOC_CAPTIONS || e->video[0] != '\0')
			continue;
		n = stem_len(e->path);
		for (j = 0; j < c->n; j++) {
			const struct entry *o = &c->e[j];

			if (o->kind == DOC_CAPTIONS || o->video[0] == '\0' ||
			    o->root != e->root)
				continue;
			m = stem_len(o->path);
			/* The same stem, or it plus a language tag. */
			if (strncmp(o->path, e->path, m) != 0 || (n != m &&
			    !(n > m + 1 && n - m <= 6 && e->path[m] == '.' &&
			    memchr(e->path + m + 1, '.', n - m - 1) == NULL)))
				continue;
			memcpy(e->video, o->video, sizeof(e->video));
			break;
		}
	}
}


/* ---- the summary cache ------------------------------------------------- */

/* Bump when what summarise() stores changes. */
#define CACHE_MAGIC	"folio summary cache 4\n"

void
corpus_set_cache(struct corpus *c, const char *path)
{
	free(c->cache);
	c->cache = path != NULL ? xstrdup(path) : NULL;
}

void
corpus_use_cache(struct corpus *c)
{
	free(c->cache);
	c->cache = cache_path(c->roots, c->nroots, "summary");
}

/* A fingerprint of the entity dictionary: names, categories, in id order
 * (cached mention counts are by id). */
static uint64_t
dict_hash(const struct corpus *c)
{
	uint64_t	 h = 1469598103934665603ULL;
	size_t		 i;
	const char	*p;

	for (i = 0; i < c->nents; i++) {
		for (p = c->ents[i].key; *p; p++)
			h = (h ^ (unsigned char)*p) * 1099511628211ULL;
		h = (h ^ 0x1f) * 1099511628211ULL;
		for (p = c->ents[i].category; *p; p++)
			h = (h ^ (unsigned char)*p) * 1099511628211ULL;
		h = (h ^ 0x1e) * 1099511628211ULL;
	}
	return h ^ c->nents;
}

uint64_t
corpus_fingerprint(const struct corpus *c)
{
	uint64_t	 h = dict_hash(c);
	size_t		 i, k;
	const char	*p;

	for (i = 0; i < c->n; i++) {
		const struct entry *e = &c->e[i];

		for (p = e->path; *p; p++)
			h = (h ^ (unsigned char)*p) * 1099511628211ULL;
		h = (h ^ 0x1f) * 1099511628211ULL;
		for (p = e->title ? e->title : ""; *p; p++)
			h = (h ^ (unsigned char)*p) * 1099511628211ULL;
		for (k = 0; k < e->naliases; k++)
			for (p = e->aliases[k]; *p; p++)
				h = (h ^ (unsigned char)*p) * 1099511628211ULL;
		h = (h ^ 0x1e) * 1099511628211ULL;
	}
	/* A library shown before its scan resolves no link. */
	return h ^ c->n ^ (c->keys != NULL ? 0x5bd1e995ULL : 0);
}

/* Per entry, where its entity names and mentions are in the cache. */
struct cached {
	size_t		 ents;		/* offset of the entity list, or 0 */
	size_t		 ments;		/* offset of the mention list */
};

/* Skip or read a record's entity list at r; with c, add them for entry i. */
static void
cache_ents(struct cache_rd *r, struct corpus *c, size_t i)
{
	uint64_t	 n = cache_get_u64(r), k;
	int32_t		 ids[512];
	size_t		 m = 0;
	int		 id;

	for (k = 0; k < n && !r->bad; k++) {
		const char *cat = cache_get_str(r, NULL);
		const char *name = cache_get_str(r, NULL);

		if (c != NULL && cat != NULL && name != NULL &&
		    m < ARRAY_SIZE(ids) && (id = add_entity(c, name, cat)) >= 0)
			ids[m++] = id;
	}
	if (c != NULL && m > 0) {
		c->e[i].ents = arena_alloc(c->a, m * sizeof(int32_t));
		memcpy(c->e[i].ents, ids, m * sizeof(int32_t));
		c->e[i].nents = m;
	}
}

/* Read a record's mentions at r; with c, store them in entry i. */
static void
cache_ments(struct cache_rd *r, struct corpus *c, size_t i)
{
	uint64_t	 n = cache_get_u64(r), k, id, cnt;
	struct entry	*e = c != NULL ? &c->e[i] : NULL;

	if (n > (r->len - r->pos) / 2) {
		r->bad = true;
		return;
	}
	if (e != NULL && n > 0) {
		e->mention_ent = arena_alloc(c->a, n * sizeof(uint32_t));
		e->mention_cnt = arena_alloc(c->a, n * sizeof(uint32_t));
	}
	for (k = 0; k < n && !r->bad; k++) {
		id = cache_get_u64(r);
		cnt = cache_get_u64(r);
		if (e != NULL && id < c->nents && cnt > 0 && cnt < UINT32_MAX) {
			e->mention_ent[e->nmention] = (uint32_t)id;
			e->mention_cnt[e->nmention++] = (uint32_t)cnt;
		}
	}
}

/* Fill entry e's list fields from its head record at r (strings stay in
 * the cache's bytes). */
static void
cache_fill_head(struct cache_rd *r, struct entry *e)
{
	const char	*v;
	size_t		 len;

	e->kind = (enum doc_kind)cache_get_u64(r);
	e->title = cache_get_str(r, NULL);
	e->date = cache_get_str(r, NULL);
	v = cache_get_str(r, &len);
	if (v != NULL && len < sizeof(e->video))
		memcpy(e->video, v, len + 1);
	e->duration = (long)cache_get_u64(r) - 1;	/* stored + 1 */
	e->nts = cache_get_u64(r);
	e->nerrors = cache_get_u64(r);
	e->nwarnings = cache_get_u64(r);
	e->words = cache_get_u64(r);
	if (e->title == NULL)
		r->bad = true;
}

/* Fill the rest of entry e from its detail record at r; false on a bad
 * record. */
static bool
cache_fill(struct cache_rd *r, struct corpus *c, struct entry *e,
    struct cached *at)
{
	uint64_t	 n, k;
	const char	*v;
	size_t		 len;

	n = cache_get_u64(r);
	if (r->bad || n > (r->len - r->pos) / 2)
		return false;
	e->aliases = arena_alloc(c->a, (n + 1) * sizeof(*e->aliases));
	for (k = 0; k < n && !r->bad; k++)
		if ((v = cache_get_str(r, NULL)) != NULL)
			e->aliases[e->naliases++] = v;
	e->meta = cache_get_str(r, NULL);
	e->fields = cache_get_str(r, NULL);
	n = cache_get_u64(r);
	if (r->bad || n > (r->len - r->pos) / 14)	/* 14: a link's least */
		return false;
	e->links = n ? arena_alloc(c->a, n * sizeof(*e->links)) : NULL;
	for (k = 0; k < n && !r->bad; k++) {
		struct elink *l = &e->links[e->nlinks++];

		l->type = (uint8_t)cache_get_u64(r);
		l->embed = (uint8_t)cache_get_u64(r);
		l->line = (unsigned)cache_get_u64(r);
		l->target = cache_get_str(r, NULL);
		l->text = cache_get_str(r, NULL);
		l->context = cache_get_str(r, NULL);
		l->seconds = (long)cache_get_u64(r) - 1;
		v = cache_get_str(r, &len);
		if (v != NULL && len < sizeof(l->video))
			memcpy(l->video, v, len + 1);
		/* as resolved in the library the cache was written from */
		l->to = (int32_t)((int64_t)cache_get_u64(r) - 1);
		l->ambiguous = (int)cache_get_u64(r);
		if (l->target == NULL || l->text == NULL || l->context == NULL)
			r->bad = true;
	}
	at->ents = r->pos;
	cache_ents(r, NULL, 0);
	at->ments = r->pos;
	cache_ments(r, NULL, 0);
	if (r->bad || e->meta == NULL)
		return false;
	return true;
}

/*
 * Open the cache file of c and read its header: dictionary fingerprint,
 * record count and the length of the head section; the reader is left at
 * the first head record.  "head_only": read no further than that section.
 * Returns false when there is no usable cache.
 */
static bool
cache_open(struct corpus *c, struct cache_rd *r, bool head_only,
    uint64_t *dict, uint64_t *n, uint64_t *headlen)
{
	size_t	 limit = 0;

	free(c->cdata);
	c->cdata = NULL;
	c->clen = 0;
	memset(r, 0, sizeof(*r));
	if (c->cache == NULL)
		return false;
	if (head_only) {
		/* The header first, to learn how much to read. */
		if ((r->len = cache_read_file(c->cache, CACHE_MAGIC, 64,
		    &c->cdata)) == 0)
			return false;
		r->p = c->cdata;
		r->pos = strlen(CACHE_MAGIC);
		*dict = cache_get_u64(r);
		*n = cache_get_u64(r);
		*headlen = cache_get_u64(r);
		if (r->bad || *headlen > SIZE_MAX / 2)
			return false;
		limit = r->pos + (size_t)*headlen;
		free(c->cdata);
		c->cdata = NULL;
	}
	if ((r->len = cache_read_file(c->cache, CACHE_MAGIC, limit,
	    &c->cdata)) == 0)
		return false;
	r->p = c->cdata;
	r->pos = strlen(CACHE_MAGIC);
	c->clen = r->len;
	*dict = cache_get_u64(r);
	*n = cache_get_u64(r);
	*headlen = cache_get_u64(r);
	return !r->bad && *n <= r->len - r->pos;
}

/* Whether entry e's file has this size and modification time (as the
 * scan saw it, or as it is now for a file added by hand). */
static bool
same_file(const struct entry *e, int64_t size, int64_t mtime)
{
	struct stat	 st;

	if (e->mtime != 0)
		return e->size == size && e->mtime == mtime;
	return stat(e->abspath, &st) == 0 && st.st_size == size &&
	    (int64_t)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec ==
	    mtime;
}

/*
 * Take every unchanged document's summary from the cache; returns the
 * cache's dictionary fingerprint (0 if nothing was taken).  "at" gets
 * where each taken entry's entity names and mentions are, *nrec the
 * number of records the cache held, *same whether it held exactly these
 * documents, unchanged and in this order (then its link resolution
 * holds).
 */
static uint64_t
cache_take(struct corpus *c, struct cached *at, size_t *nrec, bool *same)
{
	struct cache_rd	 r;
	struct cmap	*by = NULL;
	struct entry	 scratch;
	uint64_t	 dict, n, k, headlen;
	long		*to;
	size_t		 i;

	c->ncached = 0;
	*same = false;
	*nrec = 0;
	if (!cache_open(c, &r, false, &dict, &n, &headlen))
		return 0;
	*nrec = (size_t)n;
	*same = n == c->n;
	to = xcalloc(n + 1, sizeof(*to));
	/* Head records: which entry each is, if it is unchanged. */
	for (k = 0; k < n && !r.bad; k++) {
		const char *path = cache_get_str(&r, NULL);
		int64_t size = (int64_t)cache_get_u64(&r);
		int64_t mtime = (int64_t)cache_get_u64(&r);
		const struct cslot *s;
		long idx = -1;

		(void)cache_get_str(&r, NULL);		/* path in its root */
		(void)cache_get_u64(&r);		/* root + 1 */
		/* Records are in scan order: try the same place first. */
		if (path != NULL && k < c->n &&
		    strcmp(c->e[k].abspath, path) == 0)
			idx = (long)k;
		else if (path != NULL) {
			if (by == NULL) {
				by = cmap_new();
				for (i = 0; i < c->n; i++)
					cmap_add(by, c->e[i].abspath, (int)i);
			}
			if ((s = cmap_get(by, path)) != NULL && s->n == 1)
				idx = s->v[0];
		}
		if (idx >= 0 && (c->e[idx].loaded ||
		    !same_file(&c->e[idx], size, mtime)))
			idx = -1;
		if (idx != (long)k)
			*same = false;
		to[k] = idx;
		memset(&scratch, 0, sizeof(scratch));
		cache_fill_head(&r, idx >= 0 ? &c->e[idx] : &scratch);
		if (idx >= 0) {
			c->e[idx].size = size;
			c->e[idx].mtime = mtime;
			c->e[idx].loaded = 1;
		}
	}
	/* Detail records, in the same order. */
	for (k = 0; k < n && !r.bad; k++) {
		memset(&scratch, 0, sizeof(scratch));
		if (!cache_fill(&r, c, to[k] >= 0 ? &c->e[to[k]] : &scratch,
		    to[k] >= 0 ? &at[to[k]] : &(struct cached){ 0 }))
			r.bad = true;
		else if (to[k] >= 0)
			c->ncached++;
	}
	cmap_free(by);
	free(to);
	if (r.bad) {
		/* A damaged cache: forget everything it gave (nothing else
		 * is loaded yet). */
		for (i = 0; i < c->n; i++)
			entry_forget(&c->e[i]);
		memset(at, 0, c->n * sizeof(*at));
		c->ncached = 0;
		*nrec = 0;
		*same = false;
		return 0;
	}
	return dict;
}

/* Write every readable entry's summary to the cache file: the head
 * section (what the list shows), then the details. */
static void
cache_save(const struct corpus *c)
{
	struct buf	 b = { 0 }, h = { 0 };
	struct cache_out *out;
	size_t		 i, k, n = 0;

	for (i = 0; i < c->n; i++) {
		const struct entry *e = &c->e[i];

		if (!e->loaded || e->unreadable)
			continue;
		n++;
		cache_put_str(&h, e->abspath);
		cache_put_u64(&h, (uint64_t)e->size);
		cache_put_u64(&h, (uint64_t)e->mtime);
		cache_put_str(&h, e->path);
		cache_put_u64(&h, (uint64_t)(e->root + 1));
		cache_put_u64(&h, (uint64_t)e->kind);
		cache_put_str(&h, e->title);
		cache_put_str(&h, e->date);
		cache_put_str(&h, e->video);
		cache_put_u64(&h, (uint64_t)(e->duration + 1));
		cache_put_u64(&h, e->nts);
		cache_put_u64(&h, e->nerrors);
		cache_put_u64(&h, e->nwarnings);
		cache_put_u64(&h, e->words);
	}
	out = cache_create(c->cache);
	buf_adds(&b, CACHE_MAGIC);
	cache_put_u64(&b, dict_hash(c));
	cache_put_u64(&b, n);
	cache_put_u64(&b, h.len);
	cache_append(out, &b);
	cache_append(out, &h);
	buf_free(&h);
	for (i = 0; i < c->n; i++) {
		const struct entry *e = &c->e[i];

		if (!e->loaded || e->unreadable)
			continue;
		if (b.len > (1u << 20))		/* written as it grows */
			cache_append(out, &b);
		cache_put_u64(&b, e->naliases);
		for (k = 0; k < e->naliases; k++)
			cache_put_str(&b, e->aliases[k]);
		cache_put_str(&b, e->meta);
		cache_put_str(&b, e->fields);
		cache_put_u64(&b, e->nlinks);
		for (k = 0; k < e->nlinks; k++) {
			const struct elink *l = &e->links[k];

			cache_put_u64(&b, l->type);
			cache_put_u64(&b, l->embed);
			cache_put_u64(&b, l->line);
			cache_put_str(&b, l->target);
			cache_put_str(&b, l->text);
			cache_put_str(&b, l->context);
			cache_put_u64(&b, (uint64_t)(l->seconds + 1)); /* -1: none */
			cache_put_str(&b, l->video);
			cache_put_u64(&b, (uint64_t)((int64_t)l->to + 1));
			cache_put_u64(&b, (uint64_t)l->ambiguous);
		}
		cache_put_u64(&b, e->nents);
		for (k = 0; k < e->nents; k++) {
			cache_put_str(&b, c->ents[e->ents[k]].category);
			cache_put_str(&b, c->ents[e->ents[k]].name);
		}
		cache_put_u64(&b, e->nmention);
		for (k = 0; k < e->nmention; k++) {
			cache_put_u64(&b, e->mention_ent[k]);
			cache_put_u64(&b, e->mention_cnt[k]);
		}
	}
	cache_append(out, &b);
	(void)cache_commit(out);
	buf_free(&b);
}

struct corpus *
corpus_quick(char *const *roots, size_t nroots)
{
	struct folio_err err;
	struct corpus	*c = corpus_new();
	struct cache_rd	 r;
	uint64_t	 dict, n, k, headlen, root;
	size_t		 i;
	int		 idx;

	for (i = 0; i < nroots; i++)
		if (add_root(c, roots[i], false, &err) == -1)
			goto fail;
	corpus_use_cache(c);
	if (!cache_open(c, &r, true, &dict, &n, &headlen))
		goto fail;
	for (k = 0; k < n && !r.bad; k++) {
		const char *abspath = cache_get_str(&r, NULL);
		int64_t size = (int64_t)cache_get_u64(&r);
		int64_t mtime = (int64_t)cache_get_u64(&r);
		const char *path = cache_get_str(&r, NULL);
		struct entry *e;

		root = cache_get_u64(&r);
		if (r.bad || abspath == NULL || path == NULL ||
		    root > c->nroots)
			goto fail;
		if (root == 0) {
			/* a file opened outside the roots in another run */
			cache_fill_head(&r, &(struct entry){ 0 });
			continue;
		}
		idx = add_entry_ref(c, path, abspath, (int)root - 1);
		e = &c->e[idx];		/* after add_entry moved them */
		e->size = size;
		e->mtime = mtime;
		cache_fill_head(&r, e);
	}
	if (r.bad)
		goto fail;
	shrink(c);
	c->npending = c->n;
	atomic_store(&c->ptotal, c->n);
	return c;
fail:
	corpus_free(c);
	return NULL;
}

/* Take the cached mention counts of every entry that came from the
 * cache ("at"). */
static void
take_mentions(struct corpus *c, const struct cached *at)
{
	struct cache_rd	 r;
	size_t		 i;

	for (i = 0; i < c->n; i++)
		if (at[i].ents != 0) {
			r = (struct cache_rd){ c->cdata, c->clen, at[i].ments,
			    false };
			cache_ments(&r, c, i);
		}
}

/* Resolve link ln of entry i in the library. */
static void
resolve(const struct corpus *c, size_t i, struct elink *ln)
{
	if (ln->type == ITEM_WIKI)
		ln->to = corpus_resolve_wiki(c, (int)i, ln->target,
		    &ln->ambiguous);
	else if (ln->type == ITEM_FILE)
		ln->to = corpus_resolve_file(c, (int)i, ln->target);
	else
		ln->to = -1;
}

/* Load the library; with "cached_only", only what the cache holds (the
 * rest stays pending, nothing is read, the cache is not written). */
static void
load(struct corpus *c, int threads, bool cached_only)
{
	struct loader	 l;
	struct cached	*at;
	struct cache_rd	 r;
	uint64_t	 cdict;
	uint8_t		*mark;
	size_t		 i, k, nrec = 0, fresh = 0, recount = 0;
	long		 ncpu;
	bool		 same, unchanged, dict_done;

	if (threads <= 0) {
		ncpu = sysconf(_SC_NPROCESSORS_ONLN);
		threads = ncpu > 0 ? (int)ncpu : 1;
	}
	if (threads > 8)
		threads = 8;
	shrink(c);
	at = xcalloc(c->n + 1, sizeof(*at));
	cdict = cache_take(c, at, &nrec, &unchanged);
	atomic_store(&c->progress, c->ncached);
	atomic_store(&c->ptotal, c->n);
	memset(&l, 0, sizeof(l));
	l.c = c;
	l.names = xcalloc(c->n + 1, sizeof(*l.names));
	l.todo = xcalloc(c->n + 1, 1);
	fresh = cached_only ? 0 : c->n - c->ncached;
	if (fresh > 0)
		run_pass(&l, 0, threads, fresh);
	dict_done = !atomic_load(&c->cancel);

	/* The dictionary, in entry order: the same ids every time. */
	cmap_free(c->entkeys);
	c->entkeys = cmap_new();
	for (i = 0; i < c->n; i++) {
		if (at[i].ents != 0) {
			r = (struct cache_rd){ c->cdata, c->clen, at[i].ents,
			    false };
			cache_ents(&r, c, i);
		} else if (cached_only)
			c->npending++;
		else
			add_names(c, i, l.names[i]);
		free(l.names[i]);
	}
	index_entities(c);
	if (fresh > 0)
		run_pass(&l, 1, threads, fresh);
	/* Cached mention counts hold while the dictionary is the same. */
	same = c->ncached > 0 && cdict == dict_hash(c);
	if (atomic_load(&c->cancel) && dict_done && fresh > 0 &&
	    c->cache != NULL && (c->ncached == 0 || same)) {
		/* Stopped: what was read is kept for the next time. */
		take_mentions(c, at);
		cache_save(c);
	}
	if ((cached_only && c->ncached == 0) || atomic_load(&c->cancel))
		goto done;	/* nothing known yet, or stopped */
	index_keys(c);
	link_captions(c);
	/* Resolve links (an unchanged library keeps what the cache says),
	 * count backlinks. */
	for (i = 0; i < c->n; i++)
		for (k = 0; k < c->e[i].nlinks; k++) {
			struct elink *ln = &c->e[i].links[k];

			if (!unchanged || ln->to < -1 || ln->to >= (int32_t)c->n)
				resolve(c, i, ln);
			if (ln->to >= 0 && (size_t)ln->to != i &&
			    (k == 0 || c->e[i].links[k - 1].to != ln->to))
				c->e[ln->to].nbacklinks++;
		}
	/* Otherwise the cached documents are read again to count them. */
	if (same)
		take_mentions(c, at);
	else if (!cached_only && c->nents > 0)
		for (i = 0; i < c->n; i++)
			if (at[i].ents != 0) {
				l.todo[i] = 1;
				recount++;
			}
	if (recount > 0)
		run_pass(&l, 2, threads, recount);
	if (atomic_load(&c->cancel))
		goto done;
	/* Per entity, its documents (listed in front matter or mentioned)
	 * and mentions. */
	mark = xcalloc(c->nents + 1, 1);
	for (i = 0; i < c->n; i++) {
		struct entry *e = &c->e[i];

		if (e->unreadable)
			continue;
		for (k = 0; k < e->nmention; k++) {
			c->ents[e->mention_ent[k]].nmentions +=
			    e->mention_cnt[k];
			if (!mark[e->mention_ent[k]]++)
				c->ents[e->mention_ent[k]].ndocs++;
		}
		for (k = 0; k < e->nents; k++)
			if (!mark[e->ents[k]]++)
				c->ents[e->ents[k]].ndocs++;
		for (k = 0; k < e->nmention; k++)
			mark[e->mention_ent[k]] = 0;
		for (k = 0; k < e->nents; k++)
			mark[e->ents[k]] = 0;
	}
	free(mark);
	if (c->cache != NULL && !cached_only && (fresh > 0 || !same ||
	    nrec != c->ncached))
		cache_save(c);
	atomic_store(&c->progress, c->n);
done:
	free(l.names);
	free(l.todo);
	free(at);
}

uint64_t
corpus_pending_bytes(const struct corpus *c)
{
	uint64_t	 n = 0;
	size_t		 i;

	for (i = 0; i < c->n; i++)
		if (!c->e[i].loaded && !c->e[i].unreadable && c->e[i].size > 0)
			n += (uint64_t)c->e[i].size;
	return n;
}

void
corpus_cancel(struct corpus *c)
{
	atomic_store(&c->cancel, true);
}

void
corpus_load(struct corpus *c, int threads)
{
	load(c, threads, false);
}

void
corpus_load_cached(struct corpus *c)
{
	load(c, 1, true);
}

struct doc *
corpus_open(struct corpus *c, size_t i, struct folio_err *err)
{
	return corpus_open_opts(c, i, NULL, err);
}

struct doc *
corpus_open_opts(const struct corpus *c, size_t i, const struct doc_opts *o,
    struct folio_err *err)
{
	struct doc	*d;

	if (i >= c->n)
		return err_set(err, FOLIO_ERR_NOTFOUND, "no such document"),
		    NULL;
	d = doc_load(c->e[i].abspath, c->e[i].path, NULL, o, err);
	if (d == NULL)
		return NULL;
	/* Captions linked to a video by the document beside them. */
	if (d->kind == DOC_CAPTIONS && d->video[0] == '\0' &&
	    c->e[i].video[0] != '\0') {
		size_t k;

		memcpy(d->video, c->e[i].video, sizeof(d->video));
		for (k = 0; k < d->body->nitems; k++)
			memcpy(d->body->items[k].video, d->video,
			    sizeof(d->video));
	}
	corpus_decorate(c, (int)i, d);
	return d;
}

struct decorate {
	struct body	*b;
	struct doc	*d;
	const struct corpus *c;
};

static void
add_mention_item(int ent, uint32_t off, uint32_t len, void *arg)
{
	struct decorate	*dc = arg;
	struct item	 it;

	memset(&it, 0, sizeof(it));
	it.type = ITEM_ENTITY;
	it.role = ROLE_ENTITY;
	it.off = off;
	it.len = len;
	it.seconds = -1;
	it.ref = ent;
	it.target = dc->c->ents[ent].name;
	it.text = dc->c->ents[ent].name;
	markdown_add_item(dc->b, &it);
}

void
corpus_decorate(const struct corpus *c, int self, struct doc *d)
{
	struct decorate	 dc = { d->body, d, c };
	size_t		 i;
	int		 amb;

	for (i = 0; i < d->body->nitems; i++) {
		struct item *it = &d->body->items[i];

		if (it->type == ITEM_WIKI) {
			it->ref = corpus_resolve_wiki(c, self, it->target,
			    &amb);
			it->role = it->ref >= 0 ? ROLE_WIKILINK :
			    ROLE_WIKILINK_MISSING;
		} else if (it->type == ITEM_FILE) {
			it->ref = corpus_resolve_file(c, self, it->target);
		}
	}
	/* Fix the block of items: find it from the offset. */
	if (c->nents > 0) {
		each_text(c, d->body, add_mention_item, &dc);
		markdown_sort_items(d->body);
	}
}

static const struct corpus *sort_c;
static int sort_key;

static int
order_cmp(const void *pa, const void *pb)
{
	const struct entry *a = &sort_c->e[*(const size_t *)pa];
	const struct entry *b = &sort_c->e[*(const size_t *)pb];
	int	 r = 0;

	switch (sort_key) {
	case CORPUS_SORT_DATE:
		if (a->date && b->date)
			r = strcmp(b->date, a->date);
		else if (a->date || b->date)
			r = a->date ? -1 : 1;
		break;
	case CORPUS_SORT_DURATION:
		if (a->duration != b->duration)
			r = a->duration > b->duration ? -1 : 1;
		break;
	case CORPUS_SORT_PATH:
		r = strcmp(a->path, b->path);
		break;
	default:
		break;
	}
	if (r == 0)
		r = strcasecmp(a->title, b->title);
	if (r == 0)
		r = strcmp(a->path, b->path);
	return r;
}

size_t *
corpus_order(const struct corpus *c, enum corpus_sort key)
{
	size_t	*v, i;

	v = xcalloc(c->n + 1, sizeof(*v));
	for (i = 0; i < c->n; i++)
		v[i] = i;
	/* qsort has no context argument; sorting is never concurrent. */
	sort_c = c;
	sort_key = key;
	qsort(v, c->n, sizeof(*v), order_cmp);
	sort_c = NULL;
	return v;
}

const char *
corpus_sort_name(enum corpus_sort key)
{
	static const char *const names[] = { "date", "title", "path",
	    "duration" };

	return (unsigned)key < ARRAY_SIZE(names) ? names[key] : "date";
}

/* True if entry "e" lists or mentions entity "id". */
static bool
has_entity(const struct entry *e, int32_t id)
{
	size_t	 k;

	for (k = 0; k < e->nents; k++)
		if (e->ents[k] == id)
			return true;
	for (k = 0; k < e->nmention; k++)
		if ((int32_t)e->mention_ent[k] == id)
			return true;
	return false;
}

static const struct corpus *rel_c;

static int
rel_cmp(const void *a, const void *b)
{
	const struct corpus_rel *x = a, *y = b;
	unsigned sx = x->shared + (x->same_video ? 3 : 0);
	unsigned sy = y->shared + (y->same_video ? 3 : 0);

	if (sx != sy)
		return sx > sy ? -1 : 1;
	return strcmp(rel_c->e[x->entry].title, rel_c->e[y->entry].title);
}

size_t
corpus_related(const struct corpus *c, size_t i, struct corpus_rel **out,
    size_t max)
{
	const struct entry *self = &c->e[i];
	struct corpus_rel *v = NULL;
	int32_t		*mine = NULL;
	size_t		 n = 0, nm = 0, j, k;

	*out = NULL;
	/* This document's entities, once each. */
	mine = xreallocarray(NULL, self->nents + self->nmention + 1,
	    sizeof(*mine));
	for (k = 0; k < self->nents; k++)
		if (self->ents[k] >= 0)
			mine[nm++] = self->ents[k];
	for (k = 0; k < self->nmention; k++) {
		for (j = 0; j < nm; j++)
			if (mine[j] == (int32_t)self->mention_ent[k])
				break;
		if (j == nm)
			mine[nm++] = (int32_t)self->mention_ent[k];
	}
	for (j = 0; j < c->n; j++) {
		unsigned shared = 0;
		bool same;

		if (j == i)
			continue;
		for (k = 0; k < nm; k++)
			if (has_entity(&c->e[j], mine[k]))
				shared++;
		same = self->video[0] != '\0' &&
		    strcmp(self->video, c->e[j].video) == 0;
		if (shared == 0 && !same)
			continue;
		v = xreallocarray(v, n + 1, sizeof(*v));
		v[n].entry = j;
		v[n].shared = shared;
		v[n].same_video = same;
		n++;
	}
	free(mine);
	rel_c = c;
	if (n > 1)
		qsort(v, n, sizeof(*v), rel_cmp);
	if (n > max)
		n = max;
	*out = v;
	return n;
}
