/* SPDX-License-Identifier: ISC */
#include "folio/corpus.h"
#include <sys/stat.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "folio/arena.h"
#include "folio/buf.h"
#include "folio/cache.h"
#include "folio/xmalloc.h"
#include "corpus-int.h"

/* Bump when what summarise() stores changes. */
#define CACHE_MAGIC	"folio summary cache 7\n"

/* Header flags. */
#define CACHE_RESOLVED	1	/* links resolved in this library */

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
uint64_t
corpus_dict_hash(const struct corpus *c)
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
	uint64_t	 h = corpus_dict_hash(c);
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

/* Skip or read a record's entity list at r; with c, add them for entry i. */
void
corpus_cache_ents(struct cache_rd *r, struct corpus *c, size_t i)
{
	uint64_t	 n = cache_get_u64(r), k;
	int32_t		 ids[512];
	size_t		 m = 0;
	int		 id;

	for (k = 0; k < n && !r->bad; k++) {
		const char *cat = cache_get_str(r, NULL);
		const char *name = cache_get_str(r, NULL);

		if (c != NULL && cat != NULL && name != NULL &&
		    m < ARRAY_SIZE(ids) && (id = entity_add(c, name, cat)) >= 0)
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
	e->head = cache_get_u64(r) != 0;
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
		l->fm = l->embed >> 1;		/* stored as embed | fm << 1 */
		l->embed &= 1;
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
	corpus_cache_ents(r, NULL, 0);
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

	corpus_cache_drop(c);
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
		(void)cache_get_u64(r);		/* flags */
		*headlen = cache_get_u64(r);
		if (r->bad || *headlen > SIZE_MAX / 2)
			return false;
		limit = r->pos + (size_t)*headlen;
		corpus_cache_drop(c);
	}
	if ((r->len = cache_read_file(c->cache, CACHE_MAGIC, limit,
	    &c->cdata)) == 0)
		return false;
	r->p = c->cdata;
	r->pos = strlen(CACHE_MAGIC);
	c->clen = r->len;
	*dict = cache_get_u64(r);
	*n = cache_get_u64(r);
	(void)cache_get_u64(r);			/* flags */
	*headlen = cache_get_u64(r);
	return !r->bad && *n <= r->len - r->pos;
}

/* Release the cache's bytes (read or mapped). */
void
corpus_cache_drop(struct corpus *c)
{
	if (c->cmapped)
		cache_unmap(c->cdata, c->clen);
	else
		free(c->cdata);
	c->cdata = NULL;
	c->clen = 0;
	c->cmapped = false;
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
 * holds).  Summaries of a document's start ("head") are taken only with
 * "heads".
 */
uint64_t
corpus_cache_take(struct corpus *c, struct cached *at, size_t *nrec, bool *same,
    bool heads)
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
		if (idx >= 0 && c->e[idx].head && !heads) {
			/* read again, as the scan found it */
			corpus_entry_forget(&c->e[idx]);
			c->e[idx].size = size;
			c->e[idx].mtime = mtime;
			to[k] = idx = -1;
			*same = false;
		}
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
			corpus_entry_forget(&c->e[i]);
		memset(at, 0, c->n * sizeof(*at));
		c->ncached = 0;
		*nrec = 0;
		*same = false;
		return 0;
	}
	return dict;
}

/* Write every readable entry's summary to the cache file: the head
 * section (what the list shows), then the details.  Without "counted"
 * (mentions were not counted) the file says so: its dictionary
 * fingerprint is none, and the next load counts them.  Without
 * "resolved" (links were not resolved) its links are not to be taken as
 * they are (a full load resolves them again anyway). */
void
corpus_cache_save(const struct corpus *c, bool counted, bool resolved)
{
	struct buf	 b = { 0 };
	struct cache_out *out;
	uint64_t	 at, start;
	size_t		 i, k, n = 0;

	for (i = 0; i < c->n; i++)
		n += c->e[i].loaded && !c->e[i].unreadable;
	out = cache_create(c->cache);
	buf_adds(&b, CACHE_MAGIC);
	cache_put_u64(&b, counted ? corpus_dict_hash(c) : 0);
	cache_put_u64(&b, n);
	cache_put_u64(&b, resolved ? CACHE_RESOLVED : 0);
	/* The head section's length, known once it is written: a place
	 * held for it (the section is written as it is made, not held
	 * whole: 15 MB at 100,000 documents, twice that while it grew). */
	at = b.len;
	cache_put_u64_wide(&b, 0);
	start = b.len;
	for (i = 0; i < c->n; i++) {
		const struct entry *e = &c->e[i];

		if (!e->loaded || e->unreadable)
			continue;
		if (b.len > (1u << 20))		/* written as it grows */
			cache_append(out, &b);
		cache_put_str(&b, e->abspath);
		cache_put_u64(&b, (uint64_t)e->size);
		cache_put_u64(&b, (uint64_t)e->mtime);
		cache_put_str(&b, e->path);
		cache_put_u64(&b, (uint64_t)(e->root + 1));
		cache_put_u64(&b, (uint64_t)e->kind);
		cache_put_str(&b, e->title);
		cache_put_str(&b, e->date);
		cache_put_str(&b, e->video);
		cache_put_u64(&b, (uint64_t)(e->duration + 1));
		cache_put_u64(&b, e->nts);
		cache_put_u64(&b, e->nerrors);
		cache_put_u64(&b, e->nwarnings);
		cache_put_u64(&b, e->words);
		cache_put_u64(&b, e->head);
	}
	cache_append(out, &b);
	cache_patch_u64(out, at, cache_written(out) - start);
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
			cache_put_u64(&b, (uint64_t)(l->embed | l->fm << 1));
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
		if (corpus_root(c, roots[i], false, &err) == -1)
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
		idx = corpus_add_entry_ref(c, path, abspath, (int)root - 1);
		e = &c->e[idx];		/* after add_entry moved them */
		e->size = size;
		e->mtime = mtime;
		cache_fill_head(&r, e);
	}
	if (r.bad)
		goto fail;
	corpus_shrink(c);
	corpus_borrow(c);
	c->npending = c->n;
	atomic_store(&c->ptotal, c->n);
	return c;
fail:
	corpus_free(c);
	return NULL;
}

/* Take the cached mention counts of every entry that came from the
 * cache ("at"). */
void
corpus_cache_mentions(struct corpus *c, const struct cached *at)
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

/* Make room for the "n" entries a cache file (read by r, whose header's
 * count comes next) lists: no copy while walking. */
static void
reserve(struct corpus *c, struct cache_rd *r)
{
	uint64_t	 n = cache_get_u64(r);

	if (!r->bad && n > c->cap && n < (1u << 24)) {
		c->cap = (size_t)n + 1;
		c->e = xbigarray(c->e, c->n, c->cap, sizeof(*c->e));
	}
	/* A big library's paths in huge pages: a fault each 4 KB of them
	 * cost more than the memory (a command's, freed at its end). */
	if (c->cap >= 2000)
		arena_set_chunk(c->a, ARENA_HUGE);
}

/* reserve() as the library's summary cache lists (none when there is no
 * cache). */
static void
reserve_cached(struct corpus *c)
{
	struct cache_rd	 r;
	const char	*p;
	size_t		 len;

	if (c->cache == NULL || (p = cache_map_file(c->cache, CACHE_MAGIC,
	    &len)) == NULL)
		return;
	r = (struct cache_rd){ p, len, strlen(CACHE_MAGIC), false };
	(void)cache_get_u64(&r);		/* dictionary */
	reserve(c, &r);
	cache_unmap(p, len);
}

int
corpus_add_roots(struct corpus *c, const char *const *roots, size_t n,
    struct folio_err *err)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (corpus_root(c, roots[i], false, err) == -1)
			return -1;
	corpus_use_cache(c);
	return 0;
}

void
corpus_scan_all(struct corpus *c)
{
	size_t	 i;

	reserve_cached(c);
	for (i = 0; i < c->nroots; i++)
		corpus_scan(c, (int)i);
}

struct corpus *
corpus_fresh(const char *const *roots, size_t nroots, bool links)
{
	struct folio_err err;
	struct corpus	*c = corpus_new();
	struct cache_rd	 r, rn;
	struct cached	 at;
	uint64_t	 n, k, flags;
	size_t		 i, len;

	/* No cache, no walk: the cache is named by the roots alone. */
	for (i = 0; i < nroots; i++)
		if (corpus_root(c, roots[i], false, &err) == -1)
			goto fail;
	corpus_use_cache(c);
	if ((c->cdata = (char *)cache_map_file(c->cache, CACHE_MAGIC,
	    &len)) == NULL)
		goto fail;
	c->clen = len;
	c->cmapped = true;
	r = (struct cache_rd){ c->cdata, c->clen, strlen(CACHE_MAGIC), false };
	(void)cache_get_u64(&r);		/* dictionary */
	rn = r;
	reserve(c, &rn);
	for (i = 0; i < c->nroots; i++)
		corpus_scan(c, (int)i);
	n = cache_get_u64(&r);
	flags = cache_get_u64(&r);
	(void)cache_get_u64(&r);		/* head length */
	/* The same documents in the same order, none changed since (and
	 * links resolved, if they are wanted). */
	if (r.bad || n != c->n || (links && !(flags & CACHE_RESOLVED)))
		goto fail;
	for (k = 0; k < n; k++) {
		struct entry *e = &c->e[k];
		const char *abspath = cache_get_str(&r, NULL);
		int64_t size = (int64_t)cache_get_u64(&r);
		int64_t mtime = (int64_t)cache_get_u64(&r);

		(void)cache_get_str(&r, NULL);		/* path in its root */
		if (r.bad || abspath == NULL || strcmp(abspath, e->abspath) !=
		    0 || size != e->size || mtime != e->mtime ||
		    cache_get_u64(&r) != (uint64_t)e->root + 1)
			goto fail;
		cache_fill_head(&r, e);
		e->loaded = 1;
	}
	/* Links as resolved then, which hold while nothing changed (and
	 * are known only for documents read whole). */
	for (k = 0; links && k < n; k++) {
		if (c->e[k].head || !cache_fill(&r, c, &c->e[k], &at))
			goto fail;
		for (i = 0; i < c->e[k].nlinks; i++)
			if (c->e[k].links[i].to < -1 ||
			    c->e[k].links[i].to >= (int32_t)c->n)
				goto fail;
	}
	if (r.bad)
		goto fail;
	c->ncached = c->n;
	corpus_link_captions(c);
	corpus_borrow(c);	/* caption titles, as a full load gives them */
	return c;
fail:
	corpus_free(c);
	return NULL;
}

void
corpus_cache_summaries(struct corpus *c)
{
	struct cache_rd	 r;
	struct cmap	*by = NULL;
	const struct cslot *sl;
	struct entry	 e, *t;
	uint64_t	 n, k;
	size_t		 len, i;
	long		 idx;

	if (c->cache == NULL || c->cdata != NULL || (c->cdata = (char *)
	    cache_map_file(c->cache, CACHE_MAGIC, &len)) == NULL)
		return;
	c->clen = len;
	c->cmapped = true;
	r = (struct cache_rd){ c->cdata, c->clen, strlen(CACHE_MAGIC), false };
	(void)cache_get_u64(&r);		/* dictionary */
	n = cache_get_u64(&r);
	(void)cache_get_u64(&r);		/* flags */
	(void)cache_get_u64(&r);		/* head length */
	for (k = 0; k < n && !r.bad; k++) {
		const char *abspath = cache_get_str(&r, NULL);
		int64_t size = (int64_t)cache_get_u64(&r);
		int64_t mtime = (int64_t)cache_get_u64(&r);

		(void)cache_get_str(&r, NULL);		/* path in its root */
		(void)cache_get_u64(&r);		/* root + 1 */
		memset(&e, 0, sizeof(e));
		cache_fill_head(&r, &e);
		if (r.bad || abspath == NULL)
			break;
		/* Records are in scan order: the same place first. */
		idx = -1;
		if (k < c->n && strcmp(c->e[k].abspath, abspath) == 0)
			idx = (long)k;
		else {
			if (by == NULL) {
				by = cmap_new();
				for (i = 0; i < c->n; i++)
					cmap_add(by, c->e[i].abspath, (int)i);
			}
			if ((sl = cmap_get(by, abspath)) != NULL && sl->n == 1)
				idx = sl->v[0];
		}
		/* Unchanged as the walk found it, and read whole. */
		if (idx < 0 || e.head || (t = &c->e[idx])->loaded ||
		    t->mtime == 0 || t->size != size || t->mtime != mtime)
			continue;
		t->kind = e.kind;
		t->title = e.title;
		t->date = e.date;
		memcpy(t->video, e.video, sizeof(t->video));
		t->duration = e.duration;
		t->nts = e.nts;
		t->nerrors = e.nerrors;
		t->nwarnings = e.nwarnings;
		t->words = e.words;
		t->loaded = 1;
	}
	cmap_free(by);
}
