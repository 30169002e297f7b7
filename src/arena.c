/* SPDX-License-Identifier: ISC */
#include "folio/arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "folio/xmalloc.h"

struct chunk {
	struct chunk	*prev;
	size_t		 size;
	size_t		 used;
	/* data follows, 16-aligned */
};

#define CHUNK_HDR	((sizeof(struct chunk) + 15) & ~(size_t)15)

struct arena {
	struct chunk	*cur;
	size_t		 chunk;
	size_t		 total;
};

struct arena *
arena_new(size_t chunk)
{
	struct arena	*a;

	a = xcalloc(1, sizeof(*a));
	a->chunk = chunk ? chunk : 16384;
	return a;
}

void *
arena_alloc(struct arena *a, size_t n)
{
	struct chunk	*c;
	size_t		 sz;
	char		*p;

	n = (n + 15) & ~(size_t)15;
	if (n == 0)
		n = 16;
	c = a->cur;
	if (c == NULL || c->size - c->used < n) {
		sz = a->chunk;
		if (n > sz / 4) {
			/* Big allocations get a chunk of their own, put
			 * behind the current one so it keeps serving (in
			 * huge pages from 2 MB). */
			c = CHUNK_HDR + n >= ARENA_HUGE ?
			    xbigarray(NULL, 0, CHUNK_HDR + n, 1) :
			    xmalloc(CHUNK_HDR + n);
			c->size = c->used = n;
			if (a->cur != NULL) {
				c->prev = a->cur->prev;
				a->cur->prev = c;
			} else {
				c->prev = NULL;
				a->cur = c;
			}
			a->total += n;
			p = (char *)c + CHUNK_HDR;
			memset(p, 0, n);
			return p;
		}
		if (a->chunk < (1u << 20))
			a->chunk *= 2;
		/* Chunks of 2 MB or more (arena_new's choice): in huge
		 * pages, the header inside the size asked for. */
		if (sz >= ARENA_HUGE) {
			c = xbigarray(NULL, 0, sz, 1);
			sz -= CHUNK_HDR;
		} else
			c = xmalloc(CHUNK_HDR + sz);
		c->size = sz;
		c->used = 0;
		c->prev = a->cur;
		a->cur = c;
	}
	p = (char *)c + CHUNK_HDR + c->used;
	c->used += n;
	a->total += n;
	memset(p, 0, n);
	return p;
}

char *
arena_strndup(struct arena *a, const char *s, size_t n)
{
	char	*p;

	p = arena_alloc(a, n + 1);
	if (n > 0)
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

void *
arena_grow(struct arena *a, void *old, size_t oldsz, size_t newsz)
{
	void	*p;

	p = arena_alloc(a, newsz);
	if (old != NULL && oldsz > 0)
		memcpy(p, old, oldsz < newsz ? oldsz : newsz);
	return p;
}

void
arena_set_chunk(struct arena *a, size_t chunk)
{
	a->chunk = chunk;
}

size_t
arena_used(const struct arena *a)
{
	return a->total;
}

void
arena_adopt(struct arena *a, struct arena *child)
{
	struct chunk	*last;

	if (child == NULL)
		return;
	if (child->cur != NULL) {
		for (last = child->cur; last->prev != NULL; last = last->prev)
			;
		if (a->cur == NULL) {
			a->cur = child->cur;
		} else {
			/* Child chunks go behind the current one. */
			last->prev = a->cur->prev;
			a->cur->prev = child->cur;
		}
	}
	a->total += child->total;
	free(child);
}

void
arena_free(struct arena *a)
{
	struct chunk	*c, *prev;

	if (a == NULL)
		return;
	for (c = a->cur; c != NULL; c = prev) {
		prev = c->prev;
		free(c);
	}
	free(a);
}
