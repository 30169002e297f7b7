/* SPDX-License-Identifier: ISC */
#ifndef FOLIO_ARENA_H
#define FOLIO_ARENA_H

#include <stddef.h>

/*
 * A bump allocator: everything of one document comes from its arena and
 * is released at once by arena_free().
 */
struct arena;

/* Chunks of "chunk" bytes (0: a default size, growing to 1 MB); of
 * ARENA_HUGE or more: each that size, in huge pages where the system has
 * them (for many small allocations made fast, at the cost of memory). */
#define ARENA_HUGE	((size_t)2 << 20)
struct arena	*arena_new(size_t chunk);
void		*arena_alloc(struct arena *, size_t);	/* zeroed, 16-aligned */
/* The size of the chunks to come (as arena_new's). */
void		 arena_set_chunk(struct arena *, size_t chunk);
char		*arena_strndup(struct arena *, const char *, size_t);
char		*arena_strdup(struct arena *, const char *);
/* Grow an array allocated from the arena (copying); returns the new one. */
void		*arena_grow(struct arena *, void *, size_t oldsz, size_t newsz);
size_t		 arena_used(const struct arena *);
/* Move every allocation of "child" into "a" and free the child handle. */
void		 arena_adopt(struct arena *a, struct arena *child);
void		 arena_free(struct arena *);		/* NULL is allowed */

#endif /* !FOLIO_ARENA_H */
