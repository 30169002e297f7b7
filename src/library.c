/* SPDX-License-Identifier: ISC */
#include "folio/library.h"

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "folio/corpus.h"
#include "folio/doc.h"
#include "folio/folio.h"
#include "folio/xmalloc.h"

/* Whether the folder "dir" is a vault: it holds .obsidian/ or .folio. */
static bool
is_vault(const char *dir)
{
	struct stat	 st;
	char		*p;
	bool		 r;

	p = xasprintf("%s/.obsidian", dir);
	r = stat(p, &st) == 0 && S_ISDIR(st.st_mode);
	free(p);
	if (r)
		return true;
	p = xasprintf("%s/.folio", dir);
	r = stat(p, &st) == 0;
	free(p);
	return r;
}

/* Whether the absolute path "path" is "dir" or under it. */
static bool
is_under(const char *path, const char *dir)
{
	size_t	 n = strlen(dir);

	while (n > 1 && dir[n - 1] == '/')
		n--;
	return strncmp(path, dir, n) == 0 && (path[n] == '/' ||
	    path[n] == '\0' || (n == 1 && dir[0] == '/'));
}

char *
library_for_file(const char *file, char *const *roots, size_t nroots,
    enum library_scope *scope)
{
	char	*copy, *dir, *abs, *r, *up;
	size_t	 i, n;

	copy = xstrdup(file);
	dir = dirname(copy);
	abs = realpath(dir, NULL);
	free(copy);
	if (abs == NULL)
		return NULL;
	for (i = 0; i < nroots; i++) {
		if ((r = realpath(roots[i], NULL)) == NULL)
			continue;
		if (is_under(abs, r)) {
			free(abs);
			*scope = LIBRARY_ROOT;
			return r;
		}
		free(r);
	}
	/* The nearest vault: the folder itself, or one above it. */
	up = xstrdup(abs);
	for (;;) {
		if (is_vault(up)) {
			free(abs);
			*scope = LIBRARY_VAULT;
			return up;
		}
		if ((n = strlen(up)) <= 1)
			break;
		while (n > 1 && up[n - 1] != '/')
			n--;
		up[n > 1 ? n - 1 : 1] = '\0';
	}
	free(up);
	*scope = LIBRARY_FOLDER;
	return abs;
}

int
library_add_for_file(struct corpus *c, const char *file, char *const *roots,
    size_t nroots, struct folio_err *err)
{
	enum library_scope scope;
	struct dirent	**names;
	struct stat	 st;
	char		*lib, *copy, *dir, *p;
	int		 n, i;

	if ((lib = library_for_file(file, roots, nroots, &scope)) == NULL)
		return err_set(err, FOLIO_ERR_IO, "%s: %s", file,
		    strerror(errno));
	if (scope != LIBRARY_FOLDER) {
		if (corpus_add_root(c, lib, err) == -1) {
			free(lib);
			return -1;
		}
		free(lib);
		return (int)scope;
	}
	if ((n = scandir(lib, &names, NULL, alphasort)) < 0) {
		err_set(err, FOLIO_ERR_IO, "%s: %s", lib, strerror(errno));
		free(lib);
		return -1;
	}
	copy = xstrdup(file);
	dir = dirname(copy);
	for (i = 0; i < n; i++) {
		const char *name = names[i]->d_name;

		if (name[0] != '.' && doc_is_document(name)) {
			p = strcmp(dir, ".") == 0 ? xstrdup(name) :
			    xasprintf("%s/%s", dir, name);
			if (stat(p, &st) == 0 && S_ISREG(st.st_mode))
				corpus_add_file(c, p);
			free(p);
		}
		free(names[i]);
	}
	free(names);
	free(copy);
	free(lib);
	return (int)LIBRARY_FOLDER;
}
