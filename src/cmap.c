/* SPDX-License-Identifier: ISC */
#include "cmap.h"

#include <stdlib.h>
#include <string.h>

#include "folio/arena.h"
#include "folio/xmalloc.h"

static uint64_t
hash_str(const char *s)
{
	uint64_t	 h = 1469598103934665603ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/* Create an empty map (free it with cmap_free). */
struct cmap *
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

/* Append v to key's list, unless it is the last value already. */
void
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

/* The slot of key, or NULL when absent (or the map is NULL). */
const struct cslot *
cmap_get(const struct cmap *m, const char *key)
{
	if (m == NULL)
		return NULL;
	return cmap_slot((struct cmap *)m, key, 0);
}

/* Free the map and its keys. */
void
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
