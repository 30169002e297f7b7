/* SPDX-License-Identifier: ISC */
#ifndef FOLIO_BUF_H
#define FOLIO_BUF_H

#include <stddef.h>
#include <stdint.h>

#include "folio/folio.h"

/* A growable byte buffer; always NUL-terminated once anything was added. */
struct buf {
	char	*p;
	size_t	 len;
	size_t	 cap;
};

void	 buf_grow(struct buf *, size_t);	/* ensure room for n more bytes */
void	 buf_add(struct buf *, const void *, size_t);
void	 buf_addc(struct buf *, int);
void	 buf_adds(struct buf *, const char *);
/* Add s[0..n) percent-decoded ("%20" -> ' '; "%00" -> '?'). */
void	 buf_add_unpct(struct buf *, const char *s, size_t n);
void	 buf_printf(struct buf *, const char *, ...) FOLIO_PRINTF(2, 3);
void	 buf_reset(struct buf *);		/* len = 0, keeps memory */
/* Read the regular file at "path" into b (replacing what it held,
 * NUL-terminated); its size and mtime (ns; may be NULL) too.  0 or -1. */
int	 buf_read_file(struct buf *, const char *path, int64_t *size,
	    int64_t *mtime);
/* Read the first "want" bytes of the open file fd into b (replacing what
 * it held, NUL-terminated), fewer when the file ends first.  0, or -1 on
 * an error (b keeps what was read). */
int	 buf_pread_start(struct buf *, int fd, size_t want);
void	 buf_free(struct buf *);
/* Return the contents as a C string (never NULL, "" when empty). */
const char *buf_cstr(struct buf *);

/*
 * A reference-counted byte buffer, for text that a worker thread may still
 * read after its first owner is done with it (see markdown_parse_bounded).
 */
struct sbuf {
	int		 ref;		/* atomic; starts at 1 */
	size_t		 len;
	size_t		 cap;
	char		*p;		/* NUL-terminated at p[len] */
};

struct sbuf	*sbuf_new(size_t cap);		/* ref 1, len 0 */
void		 sbuf_reserve(struct sbuf *, size_t cap);	/* keeps contents */
struct sbuf	*sbuf_ref(struct sbuf *);
void		 sbuf_unref(struct sbuf *);	/* frees at 0; NULL allowed */
/* True when nobody else holds a reference. */
int		 sbuf_unique(struct sbuf *);

#endif /* !FOLIO_BUF_H */
