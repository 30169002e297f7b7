/* SPDX-License-Identifier: ISC */
#include "folio/corpus.h"
#include <sys/stat.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "folio/arena.h"
#include "folio/buf.h"
#include "folio/xmalloc.h"
#include "corpus-int.h"

#define MAX_SCAN_DEPTH	64
#define MAX_ATTACHMENTS	(1u << 22)	/* files known as link targets */

struct visited {
	dev_t		*dev;
	ino_t		*ino;
	size_t		 n;
};

static int
seen_dir(struct visited *v, const struct stat *st)
{
	size_t	 i;

	for (i = 0; i < v->n; i++)
		if (v->dev[i] == st->st_dev && v->ino[i] == st->st_ino)
			return 1;
	v->dev = xreallocarray(v->dev, v->n + 1, sizeof(*v->dev));
	v->ino = xreallocarray(v->ino, v->n + 1, sizeof(*v->ino));
	v->dev[v->n] = st->st_dev;
	v->ino[v->n] = st->st_ino;
	v->n++;
	return 0;
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Set b to "dir/name" ("name" when dir is empty). */
static void
join_path(struct buf *b, const char *dir, const char *name)
{
	buf_reset(b);
	if (*dir != '\0') {
		buf_adds(b, dir);
		buf_addc(b, '/');
	}
	buf_adds(b, name);
}

/* Know the file "rel" of root "root" as an attachment (not read). */
static void
add_attachment(struct corpus *c, const char *rel, int root)
{
	if (c->natts >= MAX_ATTACHMENTS)
		return;
	if (c->natts == c->attcap) {
		c->attcap = c->attcap ? c->attcap * 2 : 64;
		c->atts = xreallocarray(c->atts, c->attcap, sizeof(*c->atts));
	}
	c->atts[c->natts].path = arena_strdup(c->a, rel);
	c->atts[c->natts++].root = root;
}

/* Add the document of path ap (its path in its root rp) as an entry,
 * with one copy of the two when the one ends with the other (as it does
 * but for a root of "/"); returns its index. */
static int
add_document(struct corpus *c, const struct buf *ap, const struct buf *rp,
    int root)
{
	char	*abs;

	if (ap->len <= rp->len || ap->p[ap->len - rp->len - 1] != '/' ||
	    memcmp(ap->p + ap->len - rp->len, rp->p, rp->len) != 0)
		return corpus_add_entry(c, rp->p, ap->p, root);
	abs = arena_strndup(c->a, ap->p, ap->len);
	return corpus_add_entry_ref(c, abs + ap->len - rp->len, abs, root);
}

/* A walk of one root.  The main thread reads each folder's names and
 * makes the entries, in order; the documents a folder's listing says are
 * regular files are stat-ed by a second thread meanwhile, and by both
 * once the names are read (a stat is mostly the kernel's path lookup,
 * and a library of thousands of documents is thousands of stats).  Other
 * names (folders, symbolic links, a file system that does not say) are
 * stat-ed at once. */
#define PEND_BLOCK	1024		/* documents to stat, a block */
#define PEND_BLOCKS	4096		/* blocks at most: then stat at once */
#define WALK_OPEN	512		/* folders kept open (then: the path) */
#define STAT_CHUNK	64		/* stats a thread takes at a time */

struct pend {
	int		 fd;		/* its folder, or AT_FDCWD */
	int		 err;		/* an errno, or 0 */
	const char	*name;		/* in its folder, or its path */
	size_t		 entry;
	int64_t		 size, mtime;	/* size -1: not a file any more */
};

struct walk {
	struct corpus	*c;
	struct visited	 v;
	struct pend	*blk[PEND_BLOCKS];	/* never moved: shared */
	struct pend	*slab;		/* the first nslab blocks, at once */
	size_t		 nslab;
	atomic_size_t	 made;		/* pending so far */
	atomic_size_t	 next;		/* the first not taken by a thread */
	atomic_bool	 done;		/* no more to come */
	pthread_t	 th;
	bool		 two;		/* the second thread runs */
	DIR		**dirs;		/* folders kept open, and their */
	char		**blocks;	/* names */
	size_t		 ndirs;
};

/* Stat pending document i. */
static void
stat_one(struct walk *w, size_t i)
{
	struct pend	*p = &w->blk[i / PEND_BLOCK][i % PEND_BLOCK];
	struct stat	 st;

	if (fstatat(p->fd, p->name, &st, 0) == -1) {
		p->err = errno;
		return;
	}
	p->err = 0;
	p->size = S_ISREG(st.st_mode) ? st.st_size : -1;
	p->mtime = (int64_t)st.st_mtim.tv_sec * 1000000000LL +
	    st.st_mtim.tv_nsec;
}

/* Take chunks of the pending documents and stat them until the walk is
 * done and none is left (both threads); returns NULL. */
static void *
stat_chunks(void *arg)
{
	struct walk	*w = arg;
	size_t		 from, i;

	for (;;) {
		from = atomic_fetch_add(&w->next, STAT_CHUNK);
		for (i = from; i < from + STAT_CHUNK; i++) {
			/* Wait for the walk to make it, or to end (done is
			 * set after the last is made). */
			while (i >= atomic_load(&w->made)) {
				if (atomic_load(&w->done) &&
				    i >= atomic_load(&w->made))
					return NULL;
				sched_yield();
			}
			stat_one(w, i);
		}
	}
}

/* Know document "name" of the open folder fd (or -1: by its path) as
 * entry k, to be stat-ed; at the first of many, start the second
 * thread. */
static void
walk_defer(struct walk *w, int fd, const char *name, int k)
{
	size_t		 i = atomic_load(&w->made);
	struct pend	*p;

	if (i == 0 && w->c->cap >= 4 * PEND_BLOCK) {
		/* As many as the library had (its cache says): in one
		 * block, in huge pages (not a fault each 4 KB). */
		w->nslab = xbiggrow(0, w->c->cap, sizeof(*w->slab)) /
		    PEND_BLOCK;
		if (w->nslab > PEND_BLOCKS)
			w->nslab = PEND_BLOCKS;
		w->slab = xbigarray(NULL, 0, w->nslab * PEND_BLOCK,
		    sizeof(*w->slab));
	}
	if (i % PEND_BLOCK == 0)
		w->blk[i / PEND_BLOCK] = i / PEND_BLOCK < w->nslab ? w->slab +
		    i : xreallocarray(NULL, PEND_BLOCK, sizeof(**w->blk));
	p = &w->blk[i / PEND_BLOCK][i % PEND_BLOCK];
	p->fd = fd < 0 ? AT_FDCWD : fd;
	p->name = fd < 0 ? w->c->e[k].abspath : name;
	p->entry = (size_t)k;
	atomic_store(&w->made, i + 1);
	if (i + 1 == 256)
		w->two = pthread_create(&w->th, NULL, stat_chunks, w) == 0;
}

/* Finish the stats (both threads), record each document's size and time,
 * drop those that went away since their folder was read (with a note),
 * and close the folders. */
static void
walk_finish(struct walk *w)
{
	struct corpus	*c = w->c;
	struct entry	*e;
	struct pend	*p;
	size_t		 i, k, to, first = SIZE_MAX;
	size_t		 made = atomic_load(&w->made);

	atomic_store(&w->done, true);
	(void)stat_chunks(w);
	if (w->two)
		pthread_join(w->th, NULL);
	for (i = 0; i < made; i++) {
		p = &w->blk[i / PEND_BLOCK][i % PEND_BLOCK];
		e = &c->e[p->entry];
		if (p->err != 0 || p->size < 0) {
			corpus_note(c, "%s: %s", e->path, p->err != 0 ?
			    strerror(p->err) : "not a file any more");
			e->abspath = NULL;
			if (first == SIZE_MAX)
				first = p->entry;
			continue;
		}
		e->size = p->size;
		e->mtime = p->mtime;
	}
	for (i = w->nslab; i * PEND_BLOCK < made; i++)
		free(w->blk[i]);
	free(w->slab);
	if (first != SIZE_MAX) {	/* rare: gone while walked */
		for (k = to = first; k < c->n; k++)
			if (c->e[k].abspath != NULL)
				c->e[to++] = c->e[k];
		c->n = to;
	}
	for (i = 0; i < w->ndirs; i++) {
		closedir(w->dirs[i]);
		free(w->blocks[i]);
	}
	free(w->dirs);
	free(w->blocks);
}

/* Read a folder's visible names into one block (*blockp, the caller's),
 * each after a byte that says whether the listing calls it a regular
 * file.  Returns their count, the names sorted in *namesp (the
 * caller's). */
static size_t
read_names(DIR *dir, char **blockp, char ***namesp)
{
	struct dirent	*de;
	size_t		*off = NULL, n = 0, i, len = 0, cap = 0, k;
	char		**names, *nb = NULL;

	while ((de = readdir(dir)) != NULL) {
		if (de->d_name[0] == '.')
			continue;	/* hidden files, ".", ".." */
		if ((n & (n - 1)) == 0)		/* 0, 1, 2, 4 ...: double */
			off = xreallocarray(off, n ? 2 * n : 1, sizeof(*off));
		k = strlen(de->d_name) + 1;
		if (len + 1 + k > cap) {
			while (len + 1 + k > cap)
				cap = cap ? 2 * cap : 4096;
			nb = xreallocarray(nb, cap, 1);
		}
#ifdef DT_REG
		nb[len++] = de->d_type == DT_REG;
#else
		nb[len++] = 0;
#endif
		off[n++] = len;
		memcpy(nb + len, de->d_name, k);
		len += k;
	}
	names = xreallocarray(NULL, n + 1, sizeof(*names));
	for (i = 0; i < n; i++)
		names[i] = nb + off[i];
	if (n > 1)
		qsort(names, n, sizeof(*names), name_cmp);
	free(off);
	*blockp = nb;
	*namesp = names;
	return n;
}

static void
scan_dir(struct walk *w, int root, const char *abs, const char *rel,
    int depth)
{
	struct corpus	*c = w->c;
	struct buf	 ap = { 0 }, rp = { 0 };
	DIR		*dir;
	struct stat	 st;
	char		**names, *block;
	size_t		 n, i;
	bool		 keep;
	int		 k;

	if (depth > MAX_SCAN_DEPTH) {
		corpus_note(c, "%s: %s", rel,
		    "folders nested too deep; skipped");
		return;
	}
	if ((dir = opendir(abs)) == NULL) {
		corpus_note(c, "%s: %s", *rel ? rel : abs, strerror(errno));
		return;
	}
	c->dirs = xreallocarray(c->dirs, c->ndirs + 1, sizeof(*c->dirs));
	c->dirs[c->ndirs++] = arena_strdup(c->a, abs);
	n = read_names(dir, &block, &names);
	/* Its documents are stat-ed in it while it is open, or by path. */
	keep = w->ndirs < WALK_OPEN;
	for (i = 0; i < n; i++) {
		join_path(&rp, rel, names[i]);
		if (names[i][-1] && !doc_is_document(names[i])) {
			add_attachment(c, rp.p, root);	/* no look needed */
			continue;
		}
		if (names[i][-1] &&
		    atomic_load(&w->made) < PEND_BLOCK * PEND_BLOCKS) {
			join_path(&ap, abs, names[i]);
			k = add_document(c, &ap, &rp, root);
			walk_defer(w, keep ? dirfd(dir) : -1, names[i], k);
			continue;
		}
		if (fstatat(dirfd(dir), names[i], &st, 0) == -1)
			corpus_note(c, "%s: %s", rp.p, strerror(errno));
		else if (S_ISDIR(st.st_mode)) {
			if (c->flat)
				;	/* a lone file's folder: no subfolders */
			else if (seen_dir(&w->v, &st))
				corpus_note(c, "%s: %s", rp.p,
				    "symlink loop; skipped");
			else {
				char *a = xasprintf("%s/%s", abs, names[i]);
				char *r = xstrdup(rp.p);

				scan_dir(w, root, a, r, depth + 1);
				free(a);
				free(r);
			}
		} else if (S_ISREG(st.st_mode) && !doc_is_document(names[i]))
			add_attachment(c, rp.p, root);
		else if (S_ISREG(st.st_mode)) {
			join_path(&ap, abs, names[i]);
			k = add_document(c, &ap, &rp, root);
			c->e[k].size = st.st_size;
			c->e[k].mtime = (int64_t)st.st_mtim.tv_sec *
			    1000000000LL + st.st_mtim.tv_nsec;
		}
	}
	buf_free(&ap);
	buf_free(&rp);
	free(names);
	if (!keep) {
		closedir(dir);
		free(block);
		return;
	}
	if ((w->ndirs & (w->ndirs - 1)) == 0) {	/* 0, 1, 2, 4 ...: double */
		w->dirs = xreallocarray(w->dirs, w->ndirs ? 2 * w->ndirs : 1,
		    sizeof(*w->dirs));
		w->blocks = xreallocarray(w->blocks, w->ndirs ?
		    2 * w->ndirs : 1, sizeof(*w->blocks));
	}
	w->dirs[w->ndirs] = dir;
	w->blocks[w->ndirs++] = block;
}

/* Scan root r of the library (added without a scan). */
void
corpus_scan(struct corpus *c, int r)
{
	struct walk	*w = xcalloc(1, sizeof(*w));
	struct stat	 st;

	if (stat(c->roots[r], &st) == -1) {
		corpus_note(c, "%s: %s", c->roots[r], strerror(errno));
		free(w);
		return;
	}
	w->c = c;
	seen_dir(&w->v, &st);
	scan_dir(w, r, c->roots[r], "", 0);
	walk_finish(w);
	free(w->v.dev);
	free(w->v.ino);
	free(w);
}

/* Add the root "dir" (made absolute), scanning it when "scan". */
int
corpus_root(struct corpus *c, const char *dir, bool scan,
    struct folio_err *err)
{
	struct stat	 st;
	char		*abs;

	if ((abs = realpath(dir, NULL)) == NULL)
		return err_set(err, FOLIO_ERR_IO, "%s: %s", dir,
		    strerror(errno));
	if (stat(abs, &st) == -1 || !S_ISDIR(st.st_mode)) {
		free(abs);
		return err_set(err, FOLIO_ERR_IO, "%s: not a folder", dir);
	}
	c->roots = xreallocarray(c->roots, c->nroots + 1, sizeof(*c->roots));
	c->roots[c->nroots++] = abs;
	if (scan)
		corpus_scan(c, (int)c->nroots - 1);
	return 0;
}
