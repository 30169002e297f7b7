/* SPDX-License-Identifier: ISC */
#include "folio/media.h"

#include <sys/stat.h>

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "folio/timestamp.h"
#include "folio/xmalloc.h"

static const char *const exts[] = {
	"mkv", "mp4", "webm", "m4a", "mp3", "opus", "ogg",
};

int
media_name_rank(const char *name, const char *id)
{
	const char	*dot, *stem;
	size_t		 idlen, stemlen, k;

	if (id == NULL || !ts_valid_id(id, strlen(id)) ||
	    (dot = strrchr(name, '.')) == NULL || dot == name)
		return 0;
	for (k = 0; k < sizeof(exts) / sizeof(exts[0]); k++)
		if (strcasecmp(dot + 1, exts[k]) == 0)
			break;
	if (k == sizeof(exts) / sizeof(exts[0]))
		return 0;
	idlen = strlen(id);
	stem = name;
	stemlen = (size_t)(dot - name);
	/* "VIDEOID.ext" */
	if (stemlen == idlen && memcmp(stem, id, idlen) == 0)
		return (int)k + 1;
	/* "Title [VIDEOID].ext" */
	if (stemlen >= idlen + 2 && stem[stemlen - 1] == ']' &&
	    stem[stemlen - idlen - 2] == '[' &&
	    memcmp(stem + stemlen - idlen - 1, id, idlen) == 0)
		return (int)k + 1;
	return 0;
}

struct search {
	const char	*id;
	char		*best;
	int		 rank;
	size_t		 entries;
};

/* Whether the entry "de" of folder "dir" is a folder (not a link to
 * one): from the folder's listing when it says, else by lstat. */
static bool
is_dir(const char *dir, const struct dirent *de)
{
	struct stat	 sb;
	char		*path;
	bool		 r;

	if (de->d_type == DT_DIR)
		return true;
	if (de->d_type != DT_UNKNOWN)
		return false;
	path = xasprintf("%s/%s", dir, de->d_name);
	r = lstat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
	free(path);
	return r;
}

/* Visit one folder (and those below it, "depth" levels more); only the
 * names are looked at, a path made for a candidate or a folder. */
static void
visit(struct search *s, const char *dir, int depth)
{
	struct dirent	*de;
	struct stat	 sb;
	DIR		*dp;
	char		*path;
	int		 r;

	if ((dp = opendir(dir)) == NULL)
		return;
	while ((de = readdir(dp)) != NULL && s->rank != 1) {
		if (++s->entries > MEDIA_ENTRIES_MAX)
			break;
		if (de->d_name[0] == '.')
			continue;
		r = media_name_rank(de->d_name, s->id);
		if (r > 0 && (s->rank == 0 || r < s->rank)) {
			path = xasprintf("%s/%s", dir, de->d_name);
			if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode)) {
				free(s->best);
				s->best = path;
				s->rank = r;
			} else
				free(path);
			continue;
		}
		if (r == 0 && depth > 0 && is_dir(dir, de)) {
			path = xasprintf("%s/%s", dir, de->d_name);
			visit(s, path, depth - 1);
			free(path);
		}
	}
	closedir(dp);
}

char *
media_find(const char *id, const char *const *dirs, size_t n)
{
	struct search	 s = { id, NULL, 0, 0 };
	size_t		 i;

	if (id == NULL || !ts_valid_id(id, strlen(id)))
		return NULL;
	for (i = 0; i < n && s.rank != 1; i++)
		if (dirs[i] != NULL)
			visit(&s, dirs[i], MEDIA_DEPTH_MAX);
	/* Absolute, so that it can never read as a player's option. */
	if (s.best != NULL && s.best[0] != '/') {
		char *abs = realpath(s.best, NULL);

		free(s.best);
		s.best = abs;
	}
	return s.best;
}
