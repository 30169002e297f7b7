/* SPDX-License-Identifier: ISC */
#include "folio/xmalloc.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define BIG	((size_t)2 << 20)	/* a huge page, where there are */

static void	(*die_hook)(void);

void
xmalloc_set_die_hook(void (*fn)(void))
{
	die_hook = fn;
}

void
die(const char *fmt, ...)
{
	va_list	 ap;

	if (die_hook != NULL) {
		void (*fn)(void) = die_hook;

		die_hook = NULL;
		fn();
	}
	fputs("folio: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

void *
xmalloc(size_t n)
{
	void	*p;

	if ((p = malloc(n == 0 ? 1 : n)) == NULL)
		die("out of memory (%zu bytes)", n);
	return p;
}

void *
xcalloc(size_t nmemb, size_t size)
{
	void	*p;

	if ((p = calloc(nmemb == 0 ? 1 : nmemb, size == 0 ? 1 : size)) == NULL)
		die("out of memory");
	return p;
}

void *
xreallocarray(void *old, size_t nmemb, size_t size)
{
	void	*p;

	if (size != 0 && nmemb > SIZE_MAX / size)
		die("allocation overflow");
	if ((p = realloc(old, nmemb * size == 0 ? 1 : nmemb * size)) == NULL)
		die("out of memory");
	return p;
}

/*
 * Grow (or make) an array of "oldn" elements to "nmemb", as
 * xreallocarray() does; one of 1 MB or more is rounded up to 2 MB,
 * 2 MB-aligned and advised to huge pages where the system has them:
 * touching its memory is then a fault every 2 MB, not every 4 KB (a
 * fault costs ~11 us in a virtual machine that shadows page tables).  A
 * big array grows by a copy (realloc() would give up the alignment, and
 * malloc may move it by a copy anyway).  The array returned is freed
 * with free(), or given back to this function.
 */
void *
xbigarray(void *old, size_t oldn, size_t nmemb, size_t size)
{
	void	*p;
	size_t	 n;

	if (size != 0 && nmemb > SIZE_MAX / size)
		die("allocation overflow");
	if ((n = nmemb * size) < BIG / 2 || n > SIZE_MAX - BIG)
		return xreallocarray(old, nmemb, size);
	n = (n + BIG - 1) & ~(BIG - 1);
	if (posix_memalign(&p, BIG, n) != 0)
		die("out of memory");
#ifdef MADV_HUGEPAGE
	(void)madvise(p, n, MADV_HUGEPAGE);
#endif
	if (old != NULL) {
		memcpy(p, old, (oldn < nmemb ? oldn : nmemb) * size);
		free(old);
	}
	return p;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char	*p;

	p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
xasprintf(const char *fmt, ...)
{
	va_list	 ap;
	char	*p;
	int	 n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		die("bad format");
	p = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

/*
 * The capacity after "cap" elements of "size" bytes ("first" when there
 * are none yet) for an array grown by xbigarray(): doubled, except that
 * from 64 KB it goes at once to a huge page's worth (one block and one
 * fault, instead of copies and a fault every 4 KB on the way; clearing
 * the huge page costs about what a dozen faults do).
 */
size_t
xbiggrow(size_t cap, size_t first, size_t size)
{
	size_t	 n = cap ? cap * 2 : first;

	if (size > 0 && n * size >= (64u << 10) && n * size < BIG)
		n = BIG / size;
	return n;
}

/*
 * A zeroed array, as xcalloc() gives it, but one of 64 KB to 2 MB is a
 * huge page's block (one fault, not one each 4 KB of it); a bigger one
 * is calloc's, whose pages cost no memory until they are touched (an
 * array that is only partly used stays small).  Freed with free().
 */
void *
xbigcalloc(size_t nmemb, size_t size)
{
	size_t	 n = xbiggrow(0, nmemb, size);
	void	*p;

	if (n == nmemb || size == 0)
		return xcalloc(nmemb ? nmemb : 1, size ? size : 1);
	p = xbigarray(NULL, 0, n, size);
	memset(p, 0, nmemb * size);
	return p;
}
