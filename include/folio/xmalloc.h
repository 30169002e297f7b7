/* SPDX-License-Identifier: ISC */
#ifndef FOLIO_XMALLOC_H
#define FOLIO_XMALLOC_H

#include <stddef.h>

#include "folio/folio.h"

/* Allocation wrappers: they never return NULL; running out of memory is fatal. */
void		*xmalloc(size_t);
void		*xcalloc(size_t, size_t);
void		*xreallocarray(void *, size_t, size_t);
void		*xbigarray(void *, size_t, size_t, size_t);
size_t		 xbiggrow(size_t, size_t, size_t);
void		*xbigcalloc(size_t, size_t);
char		*xstrdup(const char *);
char		*xstrndup(const char *, size_t);
char		*xasprintf(const char *, ...) FOLIO_PRINTF(1, 2);

/* Print "folio: message" to stderr after running the die hook, and exit 1. */
FOLIO_NORETURN void	 die(const char *, ...) FOLIO_PRINTF(1, 2);

/* Register a function (the UI's terminal restore) to run before die() prints. */
void		 xmalloc_set_die_hook(void (*)(void));

#endif /* !FOLIO_XMALLOC_H */
