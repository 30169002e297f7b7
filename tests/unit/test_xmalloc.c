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

/* xbiggrow: doubles small arrays; from 64 KB straight to a huge page's
 * worth (2 MB, then doubling on); an array grown by it keeps its items. */
static void
test_biggrow(void)
{
	uint64_t	*v = NULL;
	size_t		 n = 0, cap = 0, i, bad = 0, steps = 0;

	T_EQ(xbiggrow(0, 1024, 8), 1024);
	T_EQ(xbiggrow(1024, 1024, 8), 2048);
	T_EQ(xbiggrow(4096, 1024, 8), (2u << 20) / 8);	/* 64 KB: 2 MB */
	T_EQ(xbiggrow((2u << 20) / 8, 1024, 8), (4u << 20) / 8);
	T_EQ(xbiggrow(0, 100000, 8), (2u << 20) / 8);
	T_EQ(xbiggrow(0, 300000, 8), 300000);		/* past 2 MB */
	for (i = 0; i < 600000; i++) {
		if (n == cap) {
			cap = xbiggrow(cap, 16, sizeof(*v));
			v = xbigarray(v, n, cap, sizeof(*v));
			steps++;
		}
		v[n++] = i * 0x9e3779b97f4a7c15ull;
	}
	for (i = 0; i < n; i++)
		bad += v[i] != i * 0x9e3779b97f4a7c15ull;
	T_EQ(bad, 0);
	T_EQ(steps, 12);	/* 16 .. 4096, 2 MB, 4 MB, 8 MB */
	free(v);
}

/* An arena of huge chunks (ARENA_HUGE), after small ones: what is
 * written stays, chunks are used up before the next. */
static void
test_arena_huge(void)
{
	struct arena	*a = arena_new(0);
	char		*p[30000];
	size_t		 i, bad = 0;

	for (i = 0; i < 30000; i++) {
		if (i == 100)
			arena_set_chunk(a, ARENA_HUGE);
		p[i] = arena_strdup(a, i % 2 ? "an odd string of some length" :
		    "even");
	}
	for (i = 0; i < 30000; i++)
		bad += strcmp(p[i], i % 2 ? "an odd string of some length" :
		    "even") != 0;
	T_EQ(bad, 0);
	arena_free(a);
	a = arena_new(ARENA_HUGE);
	for (i = 0; i < 30000; i++)
		p[i] = arena_alloc(a, 200);
	/* 6 MB in 2 MB chunks: consecutive within a chunk. */
	for (i = 1, bad = 0; i < 30000; i++)
		bad += p[i] != p[i - 1] + 208;
	T_CHECK(bad <= 3);
	arena_free(a);
}

/* xbigcalloc: zeroed at every size (small, a huge page's worth, past
 * 2 MB), even where the memory was used before. */
static void
test_bigcalloc(void)
{
	static const size_t n[] = { 10, 20000, 200000, 400000 };
	size_t		 i, k, bad = 0;
	uint64_t	*v;

	for (k = 0; k < 2; k++)
		for (i = 0; i < sizeof(n) / sizeof(n[0]); i++) {
			size_t j;

			v = xbigcalloc(n[i], sizeof(*v));
			for (j = 0; j < n[i]; j++)
				bad += v[j] != 0;
			memset(v, 0xab, n[i] * sizeof(*v));
			free(v);
		}
	T_EQ(bad, 0);
}

T_LIST(test_bigarray, test_arena_big, test_biggrow, test_arena_huge,
    test_bigcalloc)
