/* SPDX-License-Identifier: ISC */
#include "folio/corpus.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "folio/arena.h"
#include "folio/buf.h"
#include "folio/frontmatter.h"
#include "folio/markdown.h"
#include "folio/utf8.h"
#include "folio/xmalloc.h"
#include "corpus-int.h"

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

/* Add "s[0..n)", without surrounding blanks, to e's aliases if not
 * empty. */
static void
add_alias(struct entry *e, struct arena *a, const char *s, size_t n)
{
	while (n > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n > 0)
		e->aliases[e->naliases++] = arena_strndup(a, s, n);
}

/*
 * The aliases of entry e from its front matter, as Obsidian reads them: the
 * key "aliases" or "alias" in any case, a list, or a text of names
 * separated by commas ("aliases: Doggo, Woofer").
 */
void
corpus_read_aliases(struct entry *e, const struct fm_node *fm,
    struct arena *a)
{
	const struct fm_node *al = NULL, *k;
	const char	*s, *comma;
	size_t		 n = 0;

	if (fm == NULL || fm->type != FM_MAP)
		return;
	for (k = fm->child; k != NULL && al == NULL; k = k->next)
		if (k->key != NULL && strcasecmp(k->key, "aliases") == 0)
			al = k;
	for (k = fm->child; k != NULL && al == NULL; k = k->next)
		if (k->key != NULL && strcasecmp(k->key, "alias") == 0)
			al = k;
	if (al == NULL)
		return;
	if (al->type == FM_SEQ)
		n = al->nchild;
	else if (al->str != NULL)
		for (n = 1, s = al->str; (s = strchr(s, ',')) != NULL; s++)
			n++;
	if (n == 0)
		return;
	e->aliases = arena_alloc(a, (n + 1) * sizeof(*e->aliases));
	if (al->type == FM_SEQ) {
		for (k = al->child; k != NULL; k = k->next)
			if (k->str != NULL && k->type != FM_MAP &&
			    k->type != FM_SEQ)
				add_alias(e, a, k->str, strlen(k->str));
		return;
	}
	if (al->type == FM_MAP || al->type == FM_NULL)
		return;
	for (s = al->str; (comma = strchr(s, ',')) != NULL; s = comma + 1)
		add_alias(e, a, s, (size_t)(comma - s));
	add_alias(e, a, s, strlen(s));
}

/* Add attachment i (encoded -2 - i) or entry i (>= 0) under the keys of
 * its path and file name. */
static void
add_path_keys(struct corpus *c, struct buf *b, const char *path, int v)
{
	const char	*stem = strrchr(path, '/');

	stem = stem ? stem + 1 : path;
	cmap_add(c->pathkeys, wiki_key(b, path, strlen(path)), v);
	cmap_add(c->keys, wiki_key(b, stem, strlen(stem)), v);
}

/* Whether entry e's title is its front matter's "title" (a folded
 * "title\tvalue" line of its fields), not its first heading. */
static bool
fm_titled(const struct entry *e)
{
	const char	*f = e->fields;

	while (f != NULL && *f != '\0') {
		if (strncmp(f, "title\t", 6) == 0 && f[6] != '\n' &&
		    f[6] != '\0')
			return true;
		if ((f = strchr(f, '\n')) != NULL)
			f++;
	}
	return false;
}

/* Index every entry and attachment under its keys (path, file name) and
 * every entry under its title and aliases; and entries by path. */
void
corpus_index_keys(struct corpus *c)
{
	struct buf	 b = { 0 };
	size_t		 i, k;

	cmap_free(c->keys);
	c->keys = cmap_new();
	cmap_free(c->pathkeys);
	c->pathkeys = cmap_new();
	cmap_free(c->aliaskeys);
	c->aliaskeys = cmap_new();
	cmap_free(c->titlekeys);
	c->titlekeys = cmap_new();
	cmap_free(c->bypath);
	c->bypath = cmap_new();
	for (i = 0; i < c->n; i++) {
		const struct entry *e = &c->e[i];

		cmap_add(c->bypath, e->path, (int)i);
		add_path_keys(c, &b, e->path, (int)i);
		if (e->title != NULL)
			cmap_add(c->titlekeys, wiki_key(&b, e->title,
			    strlen(e->title)), (int)i);
		for (k = 0; k < e->naliases; k++)
			cmap_add(c->aliaskeys, wiki_key(&b, e->aliases[k],
			    strlen(e->aliases[k])), (int)i);
	}
	for (i = 0; i < c->natts && i < INT32_MAX / 2; i++)
		add_path_keys(c, &b, c->atts[i].path, -2 - (int)i);
	buf_free(&b);
}

static size_t
dir_len(const char *path)
{
	const char	*s = strrchr(path, '/');

	return s ? (size_t)(s - path) : 0;
}

/* The path and root of a value of the key maps. */
static const char *
value_path(const struct corpus *c, int v, int *root)
{
	if (v >= 0) {
		*root = c->e[v].root;
		return c->e[v].path;
	}
	*root = c->atts[-2 - v].root;
	return c->atts[-2 - v].path;
}

/* Append "p[0..n)" to "out" with "." and ".." segments resolved (".."
 * above the top is dropped); out holds a folder path already, or is
 * empty. */
static void
join_norm(struct buf *out, const char *p, size_t n)
{
	const char	*seg = p, *end = p + n, *e;
	size_t		 sl;

	while (seg < end) {
		e = memchr(seg, '/', (size_t)(end - seg));
		sl = e ? (size_t)(e - seg) : (size_t)(end - seg);
		if (sl == 0 || (sl == 1 && seg[0] == '.')) {
			/* skip */
		} else if (sl == 2 && seg[0] == '.' && seg[1] == '.') {
			while (out->len > 0 && out->p[out->len - 1] != '/')
				out->len--;
			if (out->len > 0)
				out->len--;
			if (out->p != NULL)
				out->p[out->len] = '\0';
		} else {
			if (out->len > 0)
				buf_addc(out, '/');
			buf_add(out, seg, sl);
		}
		seg += sl + (e != NULL);
	}
}

/* Among the values of slot s, the best for a link from root "root": with
 * "suffix" (a folded partial path), only those whose folded path ends
 * with it; the same root first, then the shortest path, then the first
 * in path order.  Returns the value or -1 (no value: -1 is never one);
 * *amb is set when several fit. */
static int
pick(const struct corpus *c, const struct cslot *s, int root,
    const char *suffix, int *amb)
{
	struct buf	 b = { 0 };
	const char	*bp = NULL, *p;
	size_t		 i, nfit = 0, sl = suffix ? strlen(suffix) : 0;
	int		 best = -1, br = 0, r;
	char		*k;

	if (s == NULL)
		return -1;
	for (i = 0; i < s->n; i++) {
		p = value_path(c, s->v[i], &r);
		if (suffix != NULL) {
			k = wiki_key(&b, p, strlen(p));
			if (strlen(k) < sl || strcmp(k + strlen(k) - sl,
			    suffix) != 0 || (strlen(k) > sl &&
			    k[strlen(k) - sl - 1] != '/'))
				continue;
		}
		nfit++;
		if (best == -1 || ((r == root) != (br == root) ?
		    r == root : strlen(p) != strlen(bp) ?
		    strlen(p) < strlen(bp) : strcmp(p, bp) < 0)) {
			best = s->v[i];
			bp = p;
			br = r;
		}
	}
	buf_free(&b);
	if (nfit > 1 && amb != NULL)
		*amb = 1;
	return best;
}

/* The value of the first key of slot s in root "root" (any root when
 * root < 0), or -1. */
static int
in_root(const struct corpus *c, const struct cslot *s, int root)
{
	size_t	 i;
	int	 r;

	for (i = 0; s != NULL && i < s->n; i++) {
		(void)value_path(c, s->v[i], &r);
		if (root < 0 || r == root)
			return s->v[i];
	}
	return -1;
}

/* Resolve the name t[0..n) from entry "from" by the rules of
 * corpus_resolve(); returns a value of the key maps or -1. */
static int
find_name(const struct corpus *c, int from, const char *t, size_t n,
    int *amb)
{
	struct buf	 b = { 0 }, rel = { 0 };
	const struct cslot *s;
	const char	*key, *base;
	int		 root = from >= 0 ? c->e[from].root : -1, v = -1;

	while (n > 0 && *t == '/') {
		t++;
		n--;
	}
	join_norm(&rel, t, n);
	key = wiki_key(&b, buf_cstr(&rel), rel.len);
	if (*key == '\0')
		goto out;
	/* 1. A path from the root. */
	if ((v = in_root(c, cmap_get(c->pathkeys, key), root)) != -1)
		goto out;
	/* 2. A path from the linking document's folder. */
	if (from >= 0 && dir_len(c->e[from].path) > 0) {
		buf_reset(&rel);
		buf_add(&rel, c->e[from].path, dir_len(c->e[from].path));
		join_norm(&rel, t, n);
		if ((v = in_root(c, cmap_get(c->pathkeys, wiki_key(&b,
		    buf_cstr(&rel), rel.len)), root)) != -1)
			goto out;
		buf_reset(&rel);
		join_norm(&rel, t, n);
		key = wiki_key(&b, buf_cstr(&rel), rel.len);
	}
	/* 3. The file name anywhere; a partial path ends the path. */
	base = strrchr(key, '/');
	if (base != NULL) {
		char *suffix = xstrdup(key);

		v = pick(c, cmap_get(c->keys, base + 1), root, suffix, amb);
		free(suffix);
	} else
		v = pick(c, cmap_get(c->keys, key), root, NULL, amb);
	if (v != -1)
		goto out;
	/* 4. An alias; 5. a front matter title; a title from the first
	 * heading only for a name typed by the user (from < 0), never for a
	 * link: Obsidian resolves no link by a heading. */
	if ((v = pick(c, cmap_get(c->aliaskeys, key), root, NULL, amb)) != -1)
		goto out;
	if (from < 0)
		v = pick(c, cmap_get(c->titlekeys, key), root, NULL, amb);
	else if ((s = cmap_get(c->titlekeys, key)) != NULL) {
		struct cslot fm = { 0 };
		size_t i;

		fm.v = xreallocarray(NULL, s->n, sizeof(*fm.v));
		for (i = 0; i < s->n; i++)
			if (s->v[i] >= 0 && fm_titled(&c->e[s->v[i]]))
				fm.v[fm.n++] = s->v[i];
		v = pick(c, &fm, root, NULL, amb);
		free(fm.v);
	}
out:
	buf_free(&b);
	buf_free(&rel);
	return v;
}

/* The value a Markdown link names: percent-decoded, the path from the
 * linking document's folder first (exact), then the rules of wikilinks;
 * -1 when none. */
static int
find_file(const struct corpus *c, int from, const char *href, int *amb)
{
	struct buf	 b = { 0 }, norm = { 0 }, k = { 0 };
	int		 v = -1, r, root = from >= 0 ? c->e[from].root : -1;
	size_t		 i;

	if (strstr(href, "://") != NULL || strncmp(href, "mailto:", 7) == 0)
		return -1;
	/* Percent-decode up to a fragment or query. */
	buf_add_unpct(&b, href, strcspn(href, "#?"));
	if (b.len == 0) {
		if (*href == '#')
			v = from;	/* "#Heading": this document */
		goto out;
	}
	if (buf_cstr(&b)[0] != '/' && from >= 0)
		buf_add(&norm, c->e[from].path, dir_len(c->e[from].path));
	join_norm(&norm, buf_cstr(&b), b.len);
	if (c->bypath != NULL) {
		const struct cslot *s = cmap_get(c->bypath, buf_cstr(&norm));

		for (i = 0; s != NULL && i < s->n; i++)
			if (from < 0 || c->e[s->v[i]].root == root) {
				v = s->v[i];
				goto out;
			}
		/* An attachment at exactly that path. */
		s = cmap_get(c->pathkeys, wiki_key(&k, buf_cstr(&norm),
		    norm.len));
		for (i = 0; s != NULL && i < s->n; i++)
			if (s->v[i] < -1 && (value_path(c, s->v[i], &r),
			    root < 0 || r == root)) {
				v = s->v[i];
				goto out;
			}
		v = find_name(c, from, buf_cstr(&b), b.len, amb);
	} else {
		for (i = 0; i < c->n; i++)
			if ((from < 0 || c->e[i].root == root) &&
			    strcmp(c->e[i].path, buf_cstr(&norm)) == 0) {
				v = (int)i;
				break;
			}
	}
out:
	buf_free(&b);
	buf_free(&norm);
	buf_free(&k);
	return v;
}

/* corpus_resolve(), also storing in *name the length of the part of the
 * target that names the file (the rest is "#fragment"). */
static int
resolve_split(const struct corpus *c, int from, const char *target,
    bool wiki, int *ambiguous, uint32_t *att, size_t *name)
{
	size_t		 n = strlen(target);
	int		 v = -1, amb = 0;

	if (ambiguous != NULL)
		*ambiguous = 0;
	if (att != NULL)
		*att = 0;
	*name = n;
	if (!wiki)
		v = find_file(c, from, target, &amb);
	else if (c->keys != NULL) {
		/* A title may hold a '#' ("Podcast #42"): the whole target
		 * first, then the part before each '#' from the right. */
		v = find_name(c, from, target, n, &amb);
		while (v == -1 && n > 0) {
			while (n > 0 && target[n - 1] != '#')
				n--;
			if (n == 0)
				break;
			n--;
			*name = n;
			if (n == 0)
				return from;	/* [[#Heading]]: this document */
			amb = 0;
			v = find_name(c, from, target, n, &amb);
		}
	}
	if (ambiguous != NULL)
		*ambiguous = amb;
	if (v < -1) {
		if (att != NULL)
			*att = (uint32_t)(-2 - v) + 1;
		return -1;
	}
	return v;
}

int
corpus_resolve(const struct corpus *c, int from, const char *target,
    bool wiki, int *ambiguous, uint32_t *att)
{
	size_t	 n;

	return resolve_split(c, from, target, wiki, ambiguous, att, &n);
}

const char *
corpus_fragment(const struct corpus *c, int from, const char *target)
{
	size_t	 n;
	uint32_t att;

	(void)resolve_split(c, from, target, true, NULL, &att, &n);
	return target[n] == '#' && target[n + 1] != '\0' ? target + n + 1 :
	    NULL;
}

/* Whether the file name t[0..n) has an extension other than a
 * document's. */
static bool
names_file(const char *t, size_t n)
{
	const char	*dot = NULL, *p;
	char		 name[256];

	for (p = t; p < t + n; p++)
		if (*p == '.')
			dot = p;
		else if (*p == '/')
			dot = NULL;
	if (dot == NULL || dot + 1 == t + n || t + n - dot > 8)
		return false;
	snprintf(name, sizeof(name), "x%.*s", (int)(t + n - dot), dot);
	return !doc_is_document(name);
}

/* Whether href starts with a URL scheme ("https:", "obsidian:", "C:"):
 * not a path in the library. */
static bool
has_scheme(const char *href)
{
	const char	*p = href;

	if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
		return false;
	while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
	    (*p >= '0' && *p <= '9') || *p == '+' || *p == '.' || *p == '-')
		p++;
	return *p == ':';
}

/* The heading or block "frag" that document "to" lacks, as a message, or
 * NULL (also when it cannot be read). */
static char *
anchor_problem(const struct corpus *c, int to, const char *frag)
{
	struct folio_err err;
	struct doc_opts	 o = { 0 };
	struct doc	*d;
	char		*msg = NULL;
	uint32_t	 off, end;

	if ((d = doc_load(c->e[to].abspath, c->e[to].path, NULL, &o,
	    &err)) == NULL)
		return NULL;
	if (!doc_anchor(d, frag, &off, &end))
		msg = xasprintf("no %s \"%s\" in %s", *frag == '^' ? "block" :
		    "heading", frag, c->e[to].path);
	doc_free(d);
	return msg;
}

/* What is wrong with the Markdown link "href" of entry "from": its path,
 * percent-decoded, names nothing, or its "#fragment" is not there. */
static char *
file_problem(const struct corpus *c, size_t from, const char *href)
{
	struct buf	 path = { 0 }, frag = { 0 };
	char		*msg = NULL;
	uint32_t	 att;
	size_t		 n;
	int		 to;

	if (*href == '\0' || has_scheme(href) || strncmp(href, "//", 2) == 0)
		return NULL;
	n = strcspn(href, "#?");
	buf_add_unpct(&path, href, n);
	if (href[n] == '#')
		buf_add_unpct(&frag, href + n + 1, strlen(href + n + 1));
	if (path.len == 0) {
		if (frag.len > 0)	/* "#Heading": this document's */
			msg = anchor_problem(c, (int)from, buf_cstr(&frag));
		goto out;
	}
	to = corpus_resolve(c, (int)from, href, false, NULL, &att);
	if (to < 0 && att == 0)
		msg = xasprintf("missing %s: %s", names_file(buf_cstr(&path),
		    path.len) ? "file" : "note", buf_cstr(&path));
	else if (to >= 0 && frag.len > 0)
		msg = anchor_problem(c, to, buf_cstr(&frag));
out:
	buf_free(&path);
	buf_free(&frag);
	return msg;
}

char *
corpus_link_problem(const struct corpus *c, size_t from,
    const struct elink *l)
{
	const char	*frag;
	uint32_t	 att;
	size_t		 n;
	int		 to;

	if (l->type == ITEM_FILE)
		return file_problem(c, from, l->target);
	if (l->type != ITEM_WIKI)
		return NULL;
	to = resolve_split(c, (int)from, l->target, true, NULL, &att, &n);
	if (to < 0 && att == 0)
		return xasprintf("missing %s: %s", names_file(l->target, n) ?
		    "file" : "note", l->target);
	frag = l->target + n;
	if (to < 0 || *frag != '#' || frag[1] == '\0')
		return NULL;
	return anchor_problem(c, to, frag + 1);
}

int
corpus_resolve_wiki(const struct corpus *c, int from, const char *target,
    int *ambiguous)
{
	return corpus_resolve(c, from, target, true, ambiguous, NULL);
}

int
corpus_resolve_file(const struct corpus *c, int from, const char *href)
{
	return corpus_resolve(c, from, href, false, NULL, NULL);
}

char *
corpus_attachment_path(const struct corpus *c, size_t i)
{
	const struct attachment *a = &c->atts[i];

	if (a->root < 0 || (size_t)a->root >= c->nroots)
		return xstrdup(a->path);
	return xasprintf("%s/%s", c->roots[a->root], a->path);
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
void
corpus_link_captions(struct corpus *c)
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

/* Whether a is more the video's own document than b: a duration of its
 * own, then more moments, then more words. */
static bool
better(const struct entry *a, const struct entry *b)
{
	if ((a->duration >= 0) != (b->duration >= 0))
		return a->duration >= 0;
	if (a->nts != b->nts)
		return a->nts > b->nts;
	return a->words > b->words;
}

/*
 * A caption file titled by its file name takes the title of its video's
 * transcript ("Talk — captions (en)").  (A document without a duration
 * takes its video's when opened: see corpus_open_opts.)
 */
void
corpus_borrow(struct corpus *c)
{
	struct cmap	*byvid, *want = NULL;
	const struct cslot *s;
	const char	*base, *dot, *lang;
	size_t		 i, k, n;
	int		 best;

	/* The videos of captions with a video (few), then the documents
	 * of those videos only. */
	for (i = 0; i < c->n; i++)
		if (c->e[i].kind == DOC_CAPTIONS && c->e[i].video[0] != '\0') {
			if (want == NULL)
				want = cmap_new();
			cmap_add(want, c->e[i].video, (int)i);
		}
	if (want == NULL)
		return;
	byvid = cmap_new();
	for (i = 0; i < c->n; i++)
		if (c->e[i].video[0] != '\0' && c->e[i].kind != DOC_CAPTIONS &&
		    cmap_get(want, c->e[i].video) != NULL)
			cmap_add(byvid, c->e[i].video, (int)i);
	cmap_free(want);
	for (i = 0; i < c->n; i++) {
		struct entry *e = &c->e[i];

		if (e->video[0] == '\0' || (s = cmap_get(byvid,
		    e->video)) == NULL)
			continue;
		if (e->kind != DOC_CAPTIONS || e->title == NULL)
			continue;
		/* Titled by its file name: "ID.en.vtt" is "ID.en". */
		base = strrchr(e->path, '/');
		base = base ? base + 1 : e->path;
		n = stem_len(base);
		if (strlen(e->title) != n || strncmp(e->title, base, n) != 0)
			continue;
		dot = memchr(base, '.', n);
		lang = dot != NULL && n - (size_t)(dot - base) - 1 >= 2 &&
		    n - (size_t)(dot - base) - 1 <= 5 ? dot + 1 : NULL;
		/* The transcript rather than a summary. */
		for (k = 0, best = -1; k < s->n; k++)
			if (c->e[s->v[k]].title != NULL &&
			    !c->e[s->v[k]].unreadable && (best < 0 ||
			    better(&c->e[s->v[k]], &c->e[best])))
				best = s->v[k];
		if (best >= 0) {
			const char *t = c->e[best].title;
			char *x = lang != NULL ? xasprintf(
			    "%s \xe2\x80\x94 captions (%.*s)", t,
			    (int)(base + n - lang), lang) : xasprintf(
			    "%s \xe2\x80\x94 captions", t);

			e->title = arena_strdup(c->a, x);
			free(x);
		}
	}
	cmap_free(byvid);
}

/* Resolve link ln of entry i in the library. */
void
corpus_resolve_link(const struct corpus *c, size_t i, struct elink *ln)
{
	ln->att = 0;
	if (ln->type == ITEM_WIKI || ln->type == ITEM_FILE)
		ln->to = corpus_resolve(c, (int)i, ln->target,
		    ln->type == ITEM_WIKI, &ln->ambiguous, &ln->att);
	else
		ln->to = -1;
}
