/* SPDX-License-Identifier: ISC */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "folio/arena.h"
#include "folio/xmalloc.h"
#include "t.h"

/* xbigarray: grown by doubling from nothing to 4 MB, each size keeps
 * what was in it; a big one is 2 MB-aligned and freed by free(). */
static void
test_bigarray(void)
{
	uint32_t	*v = NULL;
	size_t		 n = 0, cap = 0, i, bad = 0;

	for (i = 0; i < (1u << 20); i++) {
		if (n == cap) {
			v = xbigarray(v, n, cap ? 2 * cap : 16, sizeof(*v));
			cap = cap ? 2 * cap : 16;
			if (cap * sizeof(*v) >= (1u << 20))
				bad += ((uintptr_t)v & ((2u << 20) - 1)) != 0;
		}
		v[n++] = (uint32_t)i * 2654435761u;
	}
	for (i = 0; i < n; i++)
		bad += v[i] != (uint32_t)i * 2654435761u;
	T_EQ(bad, 0);
	T_EQ(cap, 1u << 20);
	/* Shrinking keeps the first ones. */
	v = xbigarray(v, n, 10, sizeof(*v));
	T_EQ(v[9], 9u * 2654435761u);
	free(v);
}

/* An arena's allocations, small, big and over 2 MB (a chunk of their own
 * in huge pages), keep what was written in each. */
static void
test_arena_big(void)
{
	struct arena	*a = arena_new(0);
	char		*p[4000];
	size_t		 i, bad = 0;

	for (i = 0; i < 4000; i++) {
		size_t n = i % 1000 == 0 ? (3u << 20) : i % 100 == 0 ?
		    (600u << 10) : 100 + i % 900;

		p[i] = arena_alloc(a, n);
		memset(p[i], (int)(i & 0xff), n);
		p[i][n - 1] = (char)(i >> 8);
	}
	for (i = 0; i < 4000; i++)
		bad += (unsigned char)p[i][0] != (i & 0xff);
	T_EQ(bad, 0);
	T_CHECK(arena_used(a) > (1u << 20));
	arena_free(a);
}

T_LIST(test_bigarray, test_arena_big)
