/* SPDX-License-Identifier: ISC */
/*
 * Noticing library changes: inotify where there is one, polling otherwise.
 */
#include "folio/watch.h"

#include <sys/stat.h>
#ifdef __linux__
#include <sys/inotify.h>
#endif

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "folio/corpus.h"
#include "folio/doc.h"
#include "folio/xmalloc.h"

#define POLL_MS		2000	/* polling pace */

struct watch {
	const struct corpus *c;
	int		 fd;		/* inotify, or -1: polling */
	int64_t		*dir_mtime;	/* polling: per folder */
	long long	 next_poll;
};

static int64_t
mtime_ns(const struct stat *st)
{
	return (int64_t)st->st_mtim.tv_sec * 1000000000LL + st->st_mtim.tv_nsec;
}

struct watch *
watch_new(const struct corpus *c)
{
	struct watch	*w = xcalloc(1, sizeof(*w));
	struct stat	 st;
	size_t		 i;

	w->c = c;
	w->fd = -1;
#ifdef __linux__
	if ((w->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) != -1)
		for (i = 0; i < c->ndirs; i++)
			if (inotify_add_watch(w->fd, c->dirs[i], IN_CREATE |
			    IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO |
			    IN_CLOSE_WRITE | IN_MODIFY | IN_ATTRIB |
			    IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR) == -1 &&
			    errno == ENOSPC) {
				/* out of watches: poll instead */
				close(w->fd);
				w->fd = -1;
				break;
			}
#endif
	if (w->fd == -1) {
		w->dir_mtime = xcalloc(c->ndirs + 1, sizeof(*w->dir_mtime));
		for (i = 0; i < c->ndirs; i++)
			if (stat(c->dirs[i], &st) == 0)
				w->dir_mtime[i] = mtime_ns(&st);
	}
	return w;
}

/* Whether a name in a watched folder can matter: a document, or a folder
 * that may hold some; not hidden files nor editors' leftovers. */
static bool
matters(const char *name, bool is_dir)
{
	size_t	 n = strlen(name);

	if (n == 0 || name[0] == '.' || name[n - 1] == '~' || name[0] == '#')
		return false;
	return is_dir || doc_is_document(name);
}

/* Polling: a folder's entries or a document's size or time changed. */
static bool
poll_changed(struct watch *w)
{
	const struct corpus *c = w->c;
	struct stat	 st;
	size_t		 i;

	for (i = 0; i < c->ndirs; i++)
		if (stat(c->dirs[i], &st) == -1 ||
		    mtime_ns(&st) != w->dir_mtime[i])
			return true;
	for (i = 0; i < c->n; i++) {
		const struct entry *e = &c->e[i];

		if (e->unreadable || e->mtime == 0)
			continue;
		if (stat(e->abspath, &st) == -1 || st.st_size != e->size ||
		    mtime_ns(&st) != e->mtime)
			return true;
	}
	return false;
}

bool
watch_changed(struct watch *w, long long now_ms)
{
	bool	 changed = false;

	if (w == NULL)
		return false;
#ifdef __linux__
	if (w->fd != -1) {
		char	 buf[8192]
		    __attribute__((aligned(__alignof__(struct inotify_event))));
		ssize_t	 r;
		size_t	 off;

		while ((r = read(w->fd, buf, sizeof(buf))) > 0)
			for (off = 0; off + sizeof(struct inotify_event) <=
			    (size_t)r; ) {
				const struct inotify_event *ev =
				    (const void *)(buf + off);

				if (ev->mask & (IN_Q_OVERFLOW | IN_DELETE_SELF |
				    IN_MOVE_SELF))
					changed = true;
				else if (ev->len > 0 && !(ev->mask &
				    IN_IGNORED) && matters(ev->name,
				    (ev->mask & IN_ISDIR) != 0))
					changed = true;
				off += sizeof(*ev) + ev->len;
			}
		return changed;
	}
#endif
	if (now_ms < w->next_poll)
		return false;
	w->next_poll = now_ms + POLL_MS;
	return poll_changed(w);
}

bool
watch_polling(const struct watch *w)
{
	return w != NULL && w->fd == -1;
}

void
watch_free(struct watch *w)
{
	if (w == NULL)
		return;
	if (w->fd != -1)
		close(w->fd);
	free(w->dir_mtime);
	free(w);
}
