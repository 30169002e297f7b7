/* SPDX-License-Identifier: ISC */
#ifndef FOLIO_CLI_H
#define FOLIO_CLI_H

#include <stdbool.h>

/* Options and arguments shared by the commands and the reader. */
struct config;

struct cli_opts {
	const char	**roots;	/* -L, in order */
	int		 nroots;
	const char	*config;	/* -c FILE */
	bool		 json;
	bool		 prune;		/* check --prune */
	bool		 unlinked;	/* backlinks --unlinked */
	int		 width;		/* --width, or -1 */
	const char	*at;		/* --at TIME */
	long		 line;		/* --line N, or -1 */
	bool		 markdown;	/* highlights --markdown */
	bool		 force;		/* highlights --output over any file */
	const char	*output;	/* highlights --output FILE */
	const char	*note;		/* highlight --note TEXT */
	const struct config *cfg;	/* the configuration (never NULL) */
	const char	**args;		/* positional arguments */
	int		 nargs;
};

/* Run command "cmd" ("list", "show", ...); return the exit status:
 * 0 success, 1 error, 2 usage. */
int		 cli_run(const char *cmd, const struct cli_opts *);

#endif /* !FOLIO_CLI_H */
