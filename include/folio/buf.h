/* SPDX-License-Identifier: ISC */
#ifndef FOLIO_BUF_H
#define FOLIO_BUF_H

#include <stddef.h>

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
void	 buf_printf(struct buf *, const char *, ...) FOLIO_PRINTF(2, 3);
void	 buf_reset(struct buf *);		/* len = 0, keeps memory */
void	 buf_free(struct buf *);
/* Return the contents as a C string (never NULL, "" when empty). */
const char *buf_cstr(struct buf *);

#endif /* !FOLIO_BUF_H */
