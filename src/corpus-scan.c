/* SPDX-License-Identifier: ISC */
#include "folio/corpus.h"
#include <sys/stat.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
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

/* The files of a folder to stat: names[from, to) into st[] and errs[]
 * (an errno, or 0). */
struct stats {
	int		 fd;
	char		**names;
	struct stat	*st;
	int		*errs;
	size_t		 from, to;
};

/* Stat a range of a folder's files (a thread's start routine). */
static void *
stat_range(void *arg)
{
	struct stats	*s = arg;
	size_t		 i;

	for (i = s->from; i < s->to; i++)
		s->errs[i] = fstatat(s->fd, s->names[i], &s->st[i], 0) == -1 ?
		    errno : 0;
	return NULL;
}

/* Stat the n files "names" of the open folder fd, a large folder on two
 * cores (a stat is mostly the kernel's path lookup). */
static void
stat_all(int fd, char **names, size_t n, struct stat *st, int *errs)
{
	struct stats	 a = { fd, names, st, errs, 0, n }, b;
	pthread_t	 th;
	bool		 two = false;

	if (n >= 512) {
		b = a;
		a.to = b.from = n / 2;
		two = pthread_create(&th, NULL, stat_range, &b) == 0;
		if (!two)
			a.to = n;
	}
	stat_range(&a);
	if (two)
		pthread_join(th, NULL);
}

static void
scan_dir(struct corpus *c, int root, const char *abs, const char *rel,
    struct visited *v, int depth)
{
	struct buf	 ap = { 0 }, rp = { 0 };
	DIR		*dir;
	struct dirent	*de;
	struct stat	*sts, st;
	char		**names = NULL;
	size_t		 n = 0, i;
	int		*errs;

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
	while ((de = readdir(dir)) != NULL) {
		if (de->d_name[0] == '.')
			continue;	/* hidden files, ".", ".." */
#ifdef DT_REG
		/* Other files need no look (their type is known). */
		if (de->d_type == DT_REG && !doc_is_document(de->d_name)) {
			join_path(&rp, rel, de->d_name);
			add_attachment(c, rp.p, root);
			continue;
		}
#endif
		if ((n & (n - 1)) == 0)		/* 0, 1, 2, 4 ...: double */
			names = xreallocarray(names, n ? 2 * n : 1,
			    sizeof(*names));
		names[n++] = xstrdup(de->d_name);
	}
	if (n > 1)
		qsort(names, n, sizeof(*names), name_cmp);
	/* Relative to the open folder: no path walked per file.  An
	 * unreadable document is listed, and says so when read. */
	sts = xreallocarray(NULL, n + 1, sizeof(*sts));
	errs = xreallocarray(NULL, n + 1, sizeof(*errs));
	stat_all(dirfd(dir), names, n, sts, errs);
	for (i = 0; i < n; i++) {
		st = sts[i];
		if (errs[i] != 0) {
			join_path(&ap, abs, names[i]);
			join_path(&rp, rel, names[i]);
			corpus_note(c, "%s: %s", rp.p, strerror(errs[i]));
		} else if (S_ISDIR(st.st_mode)) {
			join_path(&rp, rel, names[i]);
			if (c->flat)
				;	/* a lone file's folder: no subfolders */
			else if (seen_dir(v, &st))
				corpus_note(c, "%s: %s", rp.p,
				    "symlink loop; skipped");
			else {
				char *a = xasprintf("%s/%s", abs, names[i]);
				char *r = xstrdup(rp.p);

				scan_dir(c, root, a, r, v, depth + 1);
				free(a);
				free(r);
			}
		} else if (S_ISREG(st.st_mode) && !doc_is_document(names[i])) {
			join_path(&rp, rel, names[i]);
			add_attachment(c, rp.p, root);
		} else if (S_ISREG(st.st_mode)) {
			int k;

			join_path(&ap, abs, names[i]);
			join_path(&rp, rel, names[i]);
			k = corpus_add_entry(c, rp.p, ap.p, root);
			c->e[k].size = st.st_size;
			c->e[k].mtime = (int64_t)st.st_mtim.tv_sec *
			    1000000000LL + st.st_mtim.tv_nsec;
		}
		free(names[i]);
	}
	buf_free(&ap);
	buf_free(&rp);
	closedir(dir);
	free(names);
	free(sts);
	free(errs);
}

/* Scan root r of the library (added without a scan). */
void
corpus_scan(struct corpus *c, int r)
{
	struct visited	 v = { 0 };
	struct stat	 st;

	if (stat(c->roots[r], &st) == -1) {
		corpus_note(c, "%s: %s", c->roots[r], strerror(errno));
		return;
	}
	seen_dir(&v, &st);
	scan_dir(c, r, c->roots[r], "", &v, 0);
	free(v.dev);
	free(v.ino);
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
