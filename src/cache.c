/* SPDX-License-Identifier: ISC */
/*
 * The summary cache's file format: integers and strings, bounds-checked
 * reading, atomic writing.
 */
#include <sys/mman.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "folio/buf.h"
#include "folio/cache.h"
#include "folio/xmalloc.h"

#define NULL_LEN	UINT64_MAX	/* length of a stored NULL string */

char *
cache_path(char *const *roots, size_t nroots, const char *kind)
{
	const char	*base = getenv("XDG_CACHE_HOME"), *home, *p;
	uint64_t	 h = 1469598103934665603ULL;
	size_t		 i;

	for (i = 0; i < nroots; i++) {
		for (p = roots[i]; *p; p++)
			h = (h ^ (unsigned char)*p) * 1099511628211ULL;
		h = (h ^ 0xff) * 1099511628211ULL;
	}
	if (base != NULL && base[0] == '/')
		return xasprintf("%s/folio/%s-%016llx.bin", base, kind,
		    (unsigned long long)h);
	home = getenv("HOME");
	return xasprintf("%s/.cache/folio/%s-%016llx.bin", home ? home : "/tmp",
	    kind, (unsigned long long)h);
}

size_t
cache_read_file(const char *path, const char *magic, size_t limit,
    char **data)
{
	struct stat	 st;
	size_t		 n = strlen(magic), got = 0, want;
	ssize_t		 r;
	char		*p;
	int		 fd;

	*data = NULL;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) == -1)
		return 0;
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode) ||
	    st.st_size < (off_t)n || st.st_size > (off_t)1 << 31) {
		close(fd);
		return 0;
	}
	want = (size_t)st.st_size;
	if (limit > 0 && limit < want)
		want = limit;
	p = xmalloc(want + 1);
	while (got < want) {
		r = read(fd, p + got, want - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	close(fd);
	if (got != want || got < n || memcmp(p, magic, n) != 0) {
		free(p);
		return 0;
	}
	p[got] = '\0';
	*data = p;
	return got;
}

const char *
cache_map_file(const char *path, const char *magic, size_t *len)
{
	struct stat	 st;
	size_t		 n = strlen(magic);
	void		*p;
	int		 fd;

	*len = 0;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) == -1)
		return NULL;
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode) ||
	    st.st_size < (off_t)n || st.st_size > (off_t)1 << 31) {
		close(fd);
		return NULL;
	}
	p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		return NULL;
	if (memcmp(p, magic, n) != 0) {
		munmap(p, (size_t)st.st_size);
		return NULL;
	}
	*len = (size_t)st.st_size;
	return p;
}

void
cache_unmap(const char *p, size_t len)
{
	if (p != NULL)
		munmap((void *)(uintptr_t)p, len);
}

/* Create the parent folders of "path", private. */
static void
make_parents(const char *path)
{
	char	*d = xstrdup(path), *s;

	for (s = d + 1; (s = strchr(s, '/')) != NULL; s++) {
		*s = '\0';
		(void)mkdir(d, 0700);
		*s = '/';
	}
	free(d);
}

struct cache_out {
	char		*path, *tmp;
	int		 fd;
	bool		 bad;
	uint64_t	 written;
};

struct cache_out *
cache_create(const char *path)
{
	struct cache_out *o = xcalloc(1, sizeof(*o));

	make_parents(path);
	o->path = xstrdup(path);
	o->tmp = xasprintf("%s.%ld.tmp", path, (long)getpid());
	if ((o->fd = open(o->tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0600)) == -1)
		o->bad = true;
	return o;
}

void
cache_append(struct cache_out *o, struct buf *b)
{
	size_t	 off = 0;
	ssize_t	 r;

	while (!o->bad && off < b->len) {
		r = write(o->fd, b->p + off, b->len - off);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			o->bad = true;
		else
			off += (size_t)r;
	}
	o->written += off;
	buf_reset(b);
}

uint64_t
cache_written(const struct cache_out *o)
{
	return o->written;
}

void
cache_patch_u64(struct cache_out *o, uint64_t at, uint64_t v)
{
	struct buf	 b = { 0 };

	cache_put_u64_wide(&b, v);
	if (!o->bad && pwrite(o->fd, b.p, b.len, (off_t)at) != (ssize_t)b.len)
		o->bad = true;
	buf_free(&b);
}

int
cache_commit(struct cache_out *o)
{
	int	 rc = -1;

	if (o->fd != -1 && close(o->fd) != 0)
		o->bad = true;
	if (!o->bad && rename(o->tmp, o->path) == 0)
		rc = 0;
	else if (o->fd != -1)
		(void)unlink(o->tmp);
	free(o->tmp);
	free(o->path);
	free(o);
	return rc;
}

void
cache_put_u64_wide(struct buf *b, uint64_t v)
{
	unsigned char	 out[10];
	int		 i;

	/* Seven bits a byte, low first, every byte but the last saying
	 * more follow (the high ones zero). */
	for (i = 0; i < 10; i++, v >>= 7)
		out[i] = (unsigned char)((v & 0x7f) | (i < 9 ? 0x80 : 0));
	buf_add(b, out, sizeof(out));
}

void
cache_put_u64(struct buf *b, uint64_t v)
{
	unsigned char	 out[10];
	size_t		 n = 0;

	/* seven bits a byte, low first; the high bit says more follow */
	do {
		out[n] = v & 0x7f;
		v >>= 7;
		if (v != 0)
			out[n] |= 0x80;
		n++;
	} while (v != 0);
	buf_add(b, out, n);
}

void
cache_put_str(struct buf *b, const char *s)
{
	if (s == NULL) {
		cache_put_u64(b, NULL_LEN);
		return;
	}
	cache_put_u64(b, strlen(s));
	buf_add(b, s, strlen(s) + 1);	/* with its NUL: read in place */
}

uint64_t
cache_get_u64(struct cache_rd *r)
{
	uint64_t	 v = 0;
	unsigned	 shift = 0;
	unsigned char	 ch;

	if (r->bad)
		return 0;
	do {
		if (r->pos >= r->len || shift > 63) {
			r->bad = true;
			return 0;
		}
		ch = (unsigned char)r->p[r->pos++];
		v |= (uint64_t)(ch & 0x7f) << shift;
		shift += 7;
	} while (ch & 0x80);
	return v;
}

const char *
cache_get_str(struct cache_rd *r, size_t *len)
{
	uint64_t	 n = cache_get_u64(r);
	const char	*s;

	if (len != NULL)
		*len = 0;
	if (r->bad || n == NULL_LEN)
		return NULL;
	/* the bytes, then a NUL that must be there (one inside only makes
	 * the string shorter) */
	if (n >= r->len - r->pos || r->p[r->pos + n] != '\0') {
		r->bad = true;
		return NULL;
	}
	s = r->p + r->pos;
	r->pos += n + 1;
	if (len != NULL)
		*len = n;
	return s;
}
