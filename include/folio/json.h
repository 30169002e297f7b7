/* SPDX-License-Identifier: ISC */
#ifndef FOLIO_JSON_H
#define FOLIO_JSON_H

#include <stddef.h>

struct buf;

/* Append s[0..len) as a JSON string: quotes, backslashes and every control
 * character escaped, invalid UTF-8 replaced by \ufffd. */
void		 json_str(struct buf *, const char *s, size_t len);
/* Same for a NUL-terminated string; NULL is written as null. */
void		 json_cstr(struct buf *, const char *s);

#endif /* !FOLIO_JSON_H */
