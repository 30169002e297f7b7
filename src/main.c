/* SPDX-License-Identifier: ISC */
#include <sys/ioctl.h>

#include <errno.h>
#include <limits.h>
#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "folio/buf.h"
#include "folio/cli.h"
#include "folio/config.h"
#include "folio/corpus.h"
#include "folio/doc.h"
#include "folio/folio.h"
#include "folio/reader.h"
#include "folio/xmalloc.h"

static void
usage(FILE *fp)
{
	fputs(
"usage: folio [OPTIONS] [PATH...]                   the reader\n"
"       folio [OPTIONS] list [QUERY]                documents matching QUERY\n"
"       folio [OPTIONS] show DOC [--width N]        the body as plain text\n"
"       folio [OPTIONS] meta DOC                    front matter and derived fields\n"
"       folio [OPTIONS] timestamps DOC\n"
"       folio [OPTIONS] links DOC\n"
"       folio [OPTIONS] backlinks DOC [--unlinked]   and unlinked mentions\n"
"       folio [OPTIONS] entities [DOC]\n"
"       folio [OPTIONS] search QUERY                full text, ranked\n"
"       folio [OPTIONS] index                       bring the search index up to date\n"
"       folio [OPTIONS] url DOC [--at TIME | --line N]\n"
"       folio [OPTIONS] check [--prune]            problems; --prune forgets\n"
"                                                   the state of vanished files\n"
"       folio [OPTIONS] --print-config              the effective configuration\n"
"options: -L DIR (library root, repeatable), -c FILE, --json, --width N,\n"
"         --version, --help, --list-actions\n", fp);
}

static const char *const commands[] = {
	"list", "show", "meta", "timestamps", "links", "backlinks",
	"entities", "url", "check", "search", "index",
};

static bool
is_command(const char *s)
{
	size_t	 i;

	for (i = 0; i < ARRAY_SIZE(commands); i++)
		if (strcmp(s, commands[i]) == 0)
			return true;
	return false;
}

/* Parse a whole decimal number in [lo, hi]; -1 if it is not one. */
static long
parse_num(const char *s, long lo, long hi)
{
	char	*end;
	long	 v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < lo || v > hi)
		return -1;
	return v;
}

int
main(int argc, char *argv[])
{
	struct cli_opts	 o;
	const char	*cmd = NULL;
	char		**args;
	int		 nargs = 0, i;
	bool		 dashdash = false, print_config = false;
	struct config	 cfg;
	struct folio_err err;
	char		*cfgpath;
	size_t		 k;

	memset(&o, 0, sizeof(o));
	o.width = -1;
	o.line = -1;
	args = xcalloc((size_t)argc + 1, sizeof(*args));
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (dashdash || a[0] != '-' || a[1] == '\0') {
			if (cmd == NULL && nargs == 0 && is_command(a))
				cmd = a;
			else
				args[nargs++] = argv[i];
			continue;
		}
		if (strcmp(a, "--") == 0) {
			dashdash = true;
		} else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			usage(stdout);
			free(args);
			return 0;
		} else if (strcmp(a, "--version") == 0 || strcmp(a, "-V") == 0) {
			puts("folio " FOLIO_VERSION);
			free(args);
			return 0;
		} else if (strcmp(a, "--json") == 0) {
			o.json = true;
		} else if (strcmp(a, "--prune") == 0) {
			o.prune = true;
		} else if (strcmp(a, "--unlinked") == 0) {
			o.unlinked = true;
		} else if (strcmp(a, "--print-config") == 0) {
			print_config = true;
		} else if (strcmp(a, "--list-actions") == 0) {
			free(args);
			return reader_list_actions();
		} else if (strcmp(a, "-L") == 0 || strcmp(a, "-c") == 0 ||
		    strcmp(a, "--width") == 0 || strcmp(a, "--at") == 0 ||
		    strcmp(a, "--line") == 0) {
			if (i + 1 >= argc) {
				fprintf(stderr, "folio: %s needs a value\n", a);
				free(args);
				return 2;
			}
			if (strcmp(a, "-L") == 0) {
				o.roots = xreallocarray(o.roots,
				    (size_t)o.nroots + 1, sizeof(*o.roots));
				o.roots[o.nroots++] = argv[++i];
			} else if (strcmp(a, "-c") == 0) {
				o.config = argv[++i];
			} else if (strcmp(a, "--width") == 0) {
				if ((o.width = (int)parse_num(argv[++i], 1,
				    10000)) < 0) {
					fprintf(stderr, "folio: --width: not a "
					    "width: %s\n", argv[i]);
					free(args);
					free(o.roots);
					return 2;
				}
			} else if (strcmp(a, "--at") == 0) {
				o.at = argv[++i];
			} else {
				if ((o.line = parse_num(argv[++i], 1,
				    INT_MAX)) < 0) {
					fprintf(stderr, "folio: --line: not a "
					    "line number: %s\n", argv[i]);
					free(args);
					free(o.roots);
					return 2;
				}
			}
		} else if (strncmp(a, "-L", 2) == 0) {
			o.roots = xreallocarray(o.roots, (size_t)o.nroots + 1,
			    sizeof(*o.roots));
			o.roots[o.nroots++] = a + 2;
		} else if (strncmp(a, "--width=", 8) == 0) {
			if ((o.width = (int)parse_num(a + 8, 1, 10000)) < 0) {
				fprintf(stderr, "folio: --width: not a width: "
				    "%s\n", a + 8);
				free(args);
				free(o.roots);
				return 2;
			}
		} else {
			fprintf(stderr, "folio: unknown option %s\n", a);
			usage(stderr);
			free(args);
			free(o.roots);
			return 2;
		}
	}
	o.args = (const char **)args;
	o.nargs = nargs;
	/* The configuration: -c FILE must exist, the default may not. */
	cfgpath = o.config ? xstrdup(o.config) : config_default_path();
	if (config_load(&cfg, cfgpath, o.config != NULL, &err) == -1) {
		if (err.line > 0)
			fprintf(stderr, "folio: %s:%u:%u: %s\n", cfgpath,
			    err.line, err.col, err_text(&err));
		else
			fprintf(stderr, "folio: %s: %s\n", cfgpath,
			    err_text(&err));
		config_free(&cfg);
		free(cfgpath);
		free(args);
		free(o.roots);
		return 2;
	}
	free(cfgpath);
	o.cfg = &cfg;
	/* Library roots: -L, else the configuration's (the reader also
	 * takes directories as arguments). */
	if (o.nroots == 0 && cfg.nlibrary > 0 && (cmd != NULL ||
	    nargs == 0)) {
		for (k = 0; k < cfg.nlibrary; k++) {
			o.roots = xreallocarray(o.roots, (size_t)o.nroots + 1,
			    sizeof(*o.roots));
			o.roots[o.nroots++] = cfg.library[k];
		}
	}
	if (print_config) {
		struct buf b = { 0 };

		config_print(&b, &cfg);
		fwrite(b.p, 1, b.len, stdout);
		buf_free(&b);
		i = 0;
	} else if (cmd == NULL)
		i = reader_main(&o);
	else
		i = cli_run(cmd, &o);
	config_free(&cfg);
	free(args);
	free(o.roots);
	return i;
}
