/* SPDX-License-Identifier: ISC */
#ifndef FOLIO_LIBRARY_H
#define FOLIO_LIBRARY_H

#include <stddef.h>

#include "folio/err.h"

struct corpus;

/* Where the library of a file given on its own lies. */
enum library_scope {
	LIBRARY_ROOT,		/* a configured library root holds it */
	LIBRARY_VAULT,		/* a vault holds it: a folder with .obsidian/
				   or a .folio marker, its own or above */
	LIBRARY_FOLDER,		/* its folder alone, without subfolders */
};

/*
 * The library of "file" when it is given alone: the configured root of
 * roots[0..nroots) holding it, else the nearest vault holding it, else its
 * own folder, not its subfolders (a note in a shared folder such as
 * Downloads brings no unrelated tree along).  Returns that folder (free
 * it), absolute, and its scope in *scope; NULL if the file's folder
 * cannot be found.
 */
char		*library_for_file(const char *file, char *const *roots,
		    size_t nroots, enum library_scope *scope);

/*
 * Add the library of "file" (see library_for_file) to c: a root or a
 * vault as a root, scanned; a lone folder as its documents, each added
 * with corpus_add_file (named by the file's folder as given, joined to
 * their names).  Returns the scope, or -1 with "err".
 */
int		 library_add_for_file(struct corpus *c, const char *file,
		    char *const *roots, size_t nroots, struct folio_err *err);

#endif /* !FOLIO_LIBRARY_H */
