/* SPDX-License-Identifier: ISC */
#include "folio/buf.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "folio/xmalloc.h"

void
buf_grow(struct buf *b, size_t n)
{
	size_t	 need;

	need = b->len + n + 1;
	if (need <= b->cap)
		return;
	if (b->cap == 0)
		b->cap = 64;
	while (b->cap < need)
		b->cap *= 2;
	b->p = xbigarray(b->p, b->len + 1, b->cap, 1);	/* big: huge pages */
}

void
buf_add(struct buf *b, const void *p, size_t n)
{
	buf_grow(b, n);
	if (n > 0)
		memcpy(b->p + b->len, p, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void
buf_addc(struct buf *b, int c)
{
	buf_grow(b, 1);
	b->p[b->len++] = (char)c;
	b->p[b->len] = '\0';
}

void
buf_add_unpct(struct buf *b, const char *s, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		if (s[i] == '%' && i + 2 < n &&
		    folio_hexval(s[i + 1]) >= 0 && folio_hexval(s[i + 2]) >= 0) {
			int x = folio_hexval(s[i + 1]) * 16 + folio_hexval(s[i + 2]);

			buf_addc(b, x != 0 ? x : '?');
			i += 2;
		} else
			buf_addc(b, s[i]);
	}
}

void
buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list	 ap;
	int	 n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	buf_grow(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void
buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->p != NULL)
		b->p[0] = '\0';
}

void
buf_free(struct buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}

const char *
buf_cstr(struct buf *b)
{
	return b->p != NULL ? b->p : "";
}

struct sbuf *
sbuf_new(size_t cap)
{
	struct sbuf	*sb;

	sb = xcalloc(1, sizeof(*sb));
	sb->ref = 1;
	sb->cap = cap;
	sb->p = xbigarray(NULL, 0, cap + 1, 1);	/* a big file: huge pages */
	sb->p[0] = '\0';
	return sb;
}

void
sbuf_reserve(struct sbuf *sb, size_t cap)
{
	if (cap <= sb->cap)
		return;
	sb->p = xbigarray(sb->p, sb->cap + 1, cap + 1, 1);
	sb->cap = cap;
}

struct sbuf *
sbuf_ref(struct sbuf *sb)
{
	__atomic_add_fetch(&sb->ref, 1, __ATOMIC_ACQ_REL);
	return sb;
}

void
sbuf_unref(struct sbuf *sb)
{
	if (sb == NULL)
		return;
	if (__atomic_sub_fetch(&sb->ref, 1, __ATOMIC_ACQ_REL) == 0) {
		free(sb->p);
		free(sb);
	}
}

int
sbuf_unique(struct sbuf *sb)
{
	return __atomic_load_n(&sb->ref, __ATOMIC_ACQUIRE) == 1;
}

int
buf_pread_start(struct buf *b, int fd, size_t want)
{
	ssize_t		 n;
	int		 rc = 0;

	buf_reset(b);
	buf_grow(b, want);
	while (b->len < want) {
		n = pread(fd, b->p + b->len, want - b->len, (off_t)b->len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0) {
			rc = n == 0 ? 0 : -1;
			break;
		}
		b->len += (size_t)n;
	}
	b->p[b->len] = '\0';
	return rc;
}

int
buf_read_file(struct buf *b, const char *path, int64_t *size, int64_t *mtime)
{
	struct stat	 sb;
	ssize_t		 r = 0;
	int		 fd;

	buf_reset(b);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	if (fstat(fd, &sb) == -1 || !S_ISREG(sb.st_mode)) {
		close(fd);
		return -1;
	}
	*size = (int64_t)sb.st_size;
	if (mtime != NULL)
		*mtime = (int64_t)sb.st_mtim.tv_sec * 1000000000LL +
		    sb.st_mtim.tv_nsec;
	for (;;) {
		buf_grow(b, (size_t)sb.st_size + 65536);
		r = read(fd, b->p + b->len, b->cap - b->len - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		b->len += (size_t)r;
	}
	close(fd);
	buf_cstr(b);
	return r < 0 ? -1 : 0;
}
