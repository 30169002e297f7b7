/* SPDX-License-Identifier: ISC */
#ifndef FOLIO_WATCH_H
#define FOLIO_WATCH_H

/*
 * Noticing that the library changed on disk: inotify on the scanned
 * folders on Linux, polling the folders' and documents' modification
 * times elsewhere (or when inotify is out of watches).  Only documents
 * count: hidden files, editors' swap and backup files are ignored.
 */
#include <stdbool.h>

struct corpus;
struct watch;

/* Watch the folders and documents of "c" (which must outlive the watch);
 * never fails: without inotify it polls.  Free with watch_free(). */
struct watch	*watch_new(const struct corpus *c);

/* Whether a document was added, removed or changed since the last call;
 * never blocks ("now_ms": a monotonic clock, for the polling pace). */
bool		 watch_changed(struct watch *, long long now_ms);

/* Whether the watch polls instead of being told (for messages). */
bool		 watch_polling(const struct watch *);

void		 watch_free(struct watch *);	/* NULL is allowed */

#endif /* !FOLIO_WATCH_H */
