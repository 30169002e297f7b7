/* SPDX-License-Identifier: ISC */
#ifndef FOLIO_CMAP_H
#define FOLIO_CMAP_H

/* A string -> list of ints hash map, private to the library modules. */

#include <stddef.h>
#include <stdint.h>

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

/* Create an empty map. */
struct cmap	*cmap_new(void);

/* Append v to key's list (a repeat of the last value is dropped; an
 * empty key is ignored); the map copies the key. */
void		 cmap_add(struct cmap *, const char *key, int v);

/* The slot of key, or NULL (the map may be NULL). */
const struct cslot *cmap_get(const struct cmap *, const char *key);

/* Free the map and its keys (NULL is fine). */
void		 cmap_free(struct cmap *);

#endif /* !FOLIO_CMAP_H */
