/* SPDX-License-Identifier: ISC */
#include <sys/ioctl.h>
#include <sys/stat.h>

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
#include "folio/library.h"
#include "folio/folio.h"
#include "folio/reader.h"
#include "folio/utf8.h"
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
"       folio [OPTIONS] search QUERY...             full text, ranked\n"
"       folio [OPTIONS] index                       bring the search index up to date\n"
"       folio [OPTIONS] url DOC [--at TIME | --line N]\n"
"       folio [OPTIONS] check [--prune]            problems; --prune forgets\n"
"                                                   the state of vanished files\n"
"       folio [OPTIONS] highlight DOC --line N [--at TIME] [--note TEXT]\n"
"       folio [OPTIONS] highlights [DOC] [--json | --markdown]\n"
"                                   [--output FILE [--force]]\n"
"       folio [OPTIONS] --print-config              the effective configuration\n"
"options: -L DIR (library root, repeatable), -c FILE, --json, --width N,\n"
"         --version, --help, --list-actions\n", fp);
}

static const char *const commands[] = {
	"list", "show", "meta", "timestamps", "links", "backlinks",
	"entities", "url", "check", "search", "index", "highlight",
	"highlights",
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

/* Whether a command takes the option "a" (a query term otherwise). */
static bool
takes_query(const char *cmd)
{
	return cmd != NULL && (strcmp(cmd, "list") == 0 ||
	    strcmp(cmd, "search") == 0);
}

/* The edit distance between a and b (insertions, deletions and
 * substitutions), counted up to 64 bytes of each. */
static size_t
edit_distance(const char *a, const char *b)
{
	size_t	 row[65], la = strnlen(a, 64), lb = strnlen(b, 64), i, j;
	size_t	 diag, up;

	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		diag = row[0];
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			up = row[j];
			row[j] = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < row[j])
				row[j] = up + 1;
			if (row[j - 1] + 1 < row[j])
				row[j] = row[j - 1] + 1;
			diag = up;
		}
	}
	return row[lb];
}

/* Say that "arg" is neither a command nor a file, with the nearest
 * command when one is close (at most a third of its letters differ);
 * returns the usage exit status. */
static int
unknown_command(const char *arg)
{
	struct buf	 b = { 0 };
	size_t		 i, d, best = SIZE_MAX, bi = 0;

	utf8_sanitize(&b, arg, strlen(arg));
	fprintf(stderr, "folio: unknown command or file: %s\n", buf_cstr(&b));
	buf_free(&b);
	for (i = 0; i < ARRAY_SIZE(commands); i++)
		if ((d = edit_distance(arg, commands[i])) < best) {
			best = d;
			bi = i;
		}
	if (best <= (strlen(commands[bi]) + 2) / 3)
		fprintf(stderr, "folio: did you mean %s?\n", commands[bi]);
	else {
		fputs("folio: the commands are", stderr);
		for (i = 0; i < ARRAY_SIZE(commands); i++)
			fprintf(stderr, "%s %s", i > 0 ? "," : "", commands[i]);
		fputs(" (folio --help)\n", stderr);
	}
	return 2;
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
	char		*cfgpath, *lib = NULL;
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
		} else if (strcmp(a, "--markdown") == 0) {
			o.markdown = true;
		} else if (strcmp(a, "--force") == 0) {
			o.force = true;
		} else if (strcmp(a, "--print-config") == 0) {
			print_config = true;
		} else if (strcmp(a, "--list-actions") == 0) {
			free(args);
			return reader_list_actions();
		} else if (strcmp(a, "-L") == 0 || strcmp(a, "-c") == 0 ||
		    strcmp(a, "--width") == 0 || strcmp(a, "--at") == 0 ||
		    strcmp(a, "--line") == 0 || strcmp(a, "--note") == 0 ||
		    strcmp(a, "--output") == 0) {
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
			} else if (strcmp(a, "--note") == 0) {
				o.note = argv[++i];
			} else if (strcmp(a, "--output") == 0) {
				o.output = argv[++i];
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
		} else if (takes_query(cmd)) {
			/* After list or search, "-word" is a negated term. */
			args[nargs++] = argv[i];
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
	/* The reader takes files and folders: a word that is neither is
	 * most likely a mistyped command. */
	if (cmd == NULL && !print_config)
		for (i = 0; i < nargs; i++) {
			struct stat st;

			if (stat(args[i], &st) == -1 && errno == ENOENT) {
				k = (size_t)unknown_command(args[i]);
				free(args);
				free(o.roots);
				return (int)k;
			}
		}
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
	/* The reader given one file and no library: the configured root or
	 * the vault holding the file is its library.  (A file in neither
	 * brings its folder alone, which the reader works out itself.) */
	if (cmd == NULL && o.nroots == 0 && nargs == 1) {
		struct stat st;
		enum library_scope scope;

		if (stat(args[0], &st) == 0 && !S_ISDIR(st.st_mode) &&
		    (lib = library_for_file(args[0], cfg.library,
		    cfg.nlibrary, &scope)) != NULL) {
			if (scope == LIBRARY_FOLDER) {
				free(lib);
				lib = NULL;
			} else {
				o.roots = xreallocarray(o.roots, 1,
				    sizeof(*o.roots));
				o.roots[o.nroots++] = lib;
			}
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
	free(lib);
	return i;
}
