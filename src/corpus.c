/* SPDX-License-Identifier: ISC */
#include "folio/corpus.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "folio/arena.h"
#include "folio/buf.h"
#include "folio/markdown.h"
#include "folio/xmalloc.h"
#include "corpus-int.h"

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
	cmap_free(c->pathkeys);
	cmap_free(c->aliaskeys);
	cmap_free(c->titlekeys);
	free(c->atts);
	cmap_free(c->entkeys);
	cmap_free(c->bypath);
	cmap_free(c->firstword);
	arena_free(c->a);
	free(c->cache);
	corpus_cache_drop(c);
	free(c->dirs);
	free(c);
}

/* Add a scan note (fmt takes path and why). */
void
corpus_note(struct corpus *c, const char *fmt, const char *path,
    const char *why)
{
	c->notes = xreallocarray(c->notes, c->nnotes + 1, sizeof(*c->notes));
	c->notes[c->nnotes++] = xasprintf(fmt, path, why);
}

/* Give back the entry array's spare room (the scan doubled it). */
void
corpus_shrink(struct corpus *c)
{
	if (c->cap > c->n + 16) {
		c->e = xreallocarray(c->e, c->n + 16, sizeof(*c->e));
		c->cap = c->n + 16;
	}
}

/* Reset an entry to its identity (path, root) with nothing loaded. */
void
corpus_entry_forget(struct entry *e)
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
int
corpus_add_entry_ref(struct corpus *c, const char *rel, const char *abs,
    int root)
{
	struct entry	*e;

	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 256;
		c->e = xbigarray(c->e, c->n, c->cap, sizeof(*c->e));
	}
	e = &c->e[c->n];
	e->path = rel;
	e->abspath = abs;
	e->root = root;
	corpus_entry_forget(e);
	return (int)c->n++;
}

/* Add an entry, copying its paths into the library; returns its index. */
int
corpus_add_entry(struct corpus *c, const char *rel, const char *abs, int root)
{
	return corpus_add_entry_ref(c, arena_strdup(c->a, rel),
	    arena_strdup(c->a, abs), root);
}

int
corpus_add_root(struct corpus *c, const char *dir, struct folio_err *err)
{
	return corpus_root(c, dir, true, err);
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
			r = corpus_add_entry(c, abs + rl + 1, abs, (int)i);
			free(abs);
			return r;
		}
	}
	r = corpus_add_entry(c, file, abs, -1);
	free(abs);
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
	return corpus_adopt(c, i, d);
}

struct doc *
corpus_adopt(const struct corpus *c, size_t i, struct doc *d)
{
	size_t	 k;

	/* Captions linked to a video by the document beside them. */
	if (d->kind == DOC_CAPTIONS && d->video[0] == '\0' &&
	    c->e[i].video[0] != '\0') {
		memcpy(d->video, c->e[i].video, sizeof(d->video));
		for (k = 0; k < d->body->nitems; k++)
			memcpy(d->body->items[k].video, d->video,
			    sizeof(d->video));
	}
	/* What it borrows from a document of the same video (the list
	 * keeps what the file says: queries and sorting go by it). */
	if (d->kind == DOC_CAPTIONS && c->e[i].loaded && c->e[i].title !=
	    NULL && strcmp(d->title, c->e[i].title) != 0)
		d->title = arena_strdup(d->a, c->e[i].title);
	for (k = 0; d->duration < 0 && d->video[0] != '\0' && k < c->n; k++)
		if (c->e[k].duration >= 0 && strcmp(c->e[k].video,
		    d->video) == 0)
			d->duration = c->e[k].duration;
	corpus_decorate(c, (int)i, d);
	return d;
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

/* An entry to sort by date, with numbers that order most pairs at once:
 * the date's first sixteen bytes (newest first), dated before undated;
 * equal numbers are ordered by order_cmp(). */
struct okey {
	uint64_t	 k[2];
	size_t		 i;
};

static int
okey_cmp(const void *pa, const void *pb)
{
	const struct okey *a = pa, *b = pb;

	if (a->k[0] != b->k[0])
		return a->k[0] < b->k[0] ? -1 : 1;
	if (a->k[1] != b->k[1])
		return a->k[1] < b->k[1] ? -1 : 1;
	return order_cmp(&a->i, &b->i);
}

size_t *
corpus_order(const struct corpus *c, enum corpus_sort key)
{
	struct okey	*o;
	size_t		*v, i, k;
	uint64_t	 be[2];
	const char	*d, *p;

	v = xcalloc(c->n + 1, sizeof(*v));
	/* qsort has no context argument; sorting is never concurrent. */
	sort_c = c;
	sort_key = key;
	if (key == CORPUS_SORT_DATE) {
		o = xreallocarray(NULL, c->n + 1, sizeof(*o));
		for (i = 0; i < c->n; i++) {
			p = d = c->e[i].date;
			be[0] = be[1] = 0;
			for (k = 0; k < 16; k++)
				be[k / 8] = be[k / 8] << 8 | (p != NULL &&
				    *p != '\0' ? (unsigned char)*p++ : 0);
			/* (Halved, to put the undated last: a tie on the
			 * last bit goes to order_cmp.) */
			o[i].k[0] = d != NULL ? (UINT64_MAX - be[0]) >> 1 :
			    UINT64_MAX;
			o[i].k[1] = UINT64_MAX - be[1];
			o[i].i = i;
		}
		qsort(o, c->n, sizeof(*o), okey_cmp);
		for (i = 0; i < c->n; i++)
			v[i] = o[i].i;
		free(o);
	} else {
		for (i = 0; i < c->n; i++)
			v[i] = i;
		qsort(v, c->n, sizeof(*v), order_cmp);
	}
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
