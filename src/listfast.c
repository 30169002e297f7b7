/* SPDX-License-Identifier: ISC */
/*
 * The warm "folio list": the folders walked as the library scan walks
 * them, the summary cache's first section read and checked against them
 * record by record, and the list fields taken in place from its bytes.
 */
#include "folio/listfast.h"

#include <stdlib.h>
#include <string.h>

#include "folio/cache.h"
#include "folio/corpus.h"

/* Read the first section of the cache file "path" into *data (heap);
 * the reader is left at the first record, *n the record count.  Returns
 * false when there is no usable cache. */
static bool
read_head(const char *path, char **data, struct cache_rd *r, uint64_t *n)
{
	uint64_t	 headlen;
	size_t		 limit;

	memset(r, 0, sizeof(*r));
	if ((r->len = cache_read_file(path, LISTFAST_MAGIC, 64, data)) == 0)
		return false;
	r->p = *data;
	r->pos = strlen(LISTFAST_MAGIC);
	(void)cache_get_u64(r);			/* the dictionary's hash */
	*n = cache_get_u64(r);
	headlen = cache_get_u64(r);
	free(*data);
	*data = NULL;
	if (r->bad || headlen > ((size_t)1 << 31))
		return false;
	limit = r->pos + (size_t)headlen;
	if ((r->len = cache_read_file(path, LISTFAST_MAGIC, limit, data)) == 0)
		return false;
	r->p = *data;
	return !r->bad && r->len == limit && *n <= r->len - r->pos;
}

struct corpus *
listfast_open(char *const *roots, size_t nroots)
{
	struct folio_err err;
	struct corpus	*c = corpus_new();
	struct cache_rd	 r;
	char		*path = NULL, *data = NULL;
	uint64_t	 n, k;
	size_t		 i, len;

	for (i = 0; i < nroots; i++)
		if (corpus_add_root(c, roots[i], &err) == -1)
			goto no;
	if (c->nnotes > 0 || c->nroots == 0)
		goto no;	/* something to say: the full path says it */
	path = cache_path(c->roots, c->nroots, "summary");
	if (!read_head(path, &data, &r, &n) || n != c->n)
		goto no;
	for (k = 0; k < n && !r.bad; k++) {
		struct entry *e = &c->e[k];
		const char *abspath = cache_get_str(&r, NULL), *v;

		if (abspath == NULL || strcmp(abspath, e->abspath) != 0 ||
		    (int64_t)cache_get_u64(&r) != e->size ||
		    (int64_t)cache_get_u64(&r) != e->mtime || e->mtime == 0)
			goto no;
		(void)cache_get_str(&r, NULL);		/* path in its root */
		(void)cache_get_u64(&r);		/* root + 1 */
		e->kind = (enum doc_kind)cache_get_u64(&r);
		e->title = cache_get_str(&r, NULL);
		e->date = cache_get_str(&r, NULL);
		v = cache_get_str(&r, &len);
		if (v != NULL && len < sizeof(e->video))
			memcpy(e->video, v, len + 1);
		e->duration = (long)cache_get_u64(&r) - 1;	/* stored + 1 */
		e->nts = (uint32_t)cache_get_u64(&r);
		e->nerrors = (uint32_t)cache_get_u64(&r);
		e->nwarnings = (uint32_t)cache_get_u64(&r);
		e->words = (uint32_t)cache_get_u64(&r);
		if (e->title == NULL)
			goto no;
		e->loaded = 1;
	}
	if (r.bad)
		goto no;
	/* The entries' strings point into these bytes: the library owns
	 * them now. */
	c->cdata = data;
	c->clen = r.len;
	free(path);
	return c;
no:
	free(data);
	free(path);
	corpus_free(c);
	return NULL;
}
