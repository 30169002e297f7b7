/* SPDX-License-Identifier: ISC */
#include "folio/config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "folio/action.h"
#include "folio/arena.h"
#include "folio/buf.h"
#include "folio/frontmatter.h"
#include "folio/query.h"
#include "folio/xmalloc.h"

#define CONFIG_MAX_SIZE	(1u << 20)

char *
config_default_path(void)
{
	const char	*x = getenv("XDG_CONFIG_HOME"), *h = getenv("HOME");

	if (x != NULL && x[0] == '/')
		return xasprintf("%s/folio/config.yaml", x);
	return xasprintf("%s/.config/folio/config.yaml", h ? h : ".");
}

/* Record an error at node "n" and return -1. */
static int
bad(struct folio_err *err, const struct fm_node *n, bool at_key,
    const char *fmt, const char *what)
{
	char	 msg[200];

	snprintf(msg, sizeof(msg), fmt, what);
	return err_setpos(err, FOLIO_ERR_SYNTAX, at_key && n->key_line ?
	    n->key_line : n->line, at_key && n->key_line ? n->key_col :
	    n->col, "%s", msg);
}

/* A scalar value as a heap string; -1 if "n" is not a scalar. */
static int
str_of(const struct fm_node *n, char **out, struct folio_err *err)
{
	if (n->type == FM_SEQ || n->type == FM_MAP || n->type == FM_ALIAS ||
	    n->type == FM_NULL || n->str == NULL)
		return bad(err, n, false, "%s: expected a string", n->key ?
		    n->key : "value");
	free(*out);
	*out = xstrdup(n->str);
	return 0;
}

/* "~/x" to "$HOME/x". */
static char *
expand_home(const char *s)
{
	const char	*h = getenv("HOME");

	if (s[0] == '~' && (s[1] == '/' || s[1] == '\0') && h != NULL)
		return xasprintf("%s%s", h, s + 1);
	return xstrdup(s);
}

/* A folder or a list of folders ("media:"), ~ expanded, appended. */
static int
folder_list(const struct fm_node *k, char ***v, size_t *n,
    struct folio_err *err)
{
	const struct fm_node *e;
	char		*s;
	int		 rc = 0;

	for (e = k->type == FM_SEQ ? k->child : k; e != NULL && rc == 0;
	    e = k->type == FM_SEQ ? e->next : NULL) {
		s = NULL;
		if ((rc = str_of(e, &s, err)) == 0) {
			*v = xreallocarray(*v, *n + 1, sizeof(**v));
			(*v)[(*n)++] = expand_home(s);
		}
		free(s);
	}
	return rc;
}

static int
colour(const struct fm_node *n, const char *w, int *out,
    struct folio_err *err)
{
	static const char *const names[] = { "black", "red", "green",
	    "yellow", "blue", "magenta", "cyan", "white" };
	size_t	 i;
	char	*end;
	long	 v;

	if (strcmp(w, "default") == 0) {
		*out = -1;
		return 0;
	}
	for (i = 0; i < ARRAY_SIZE(names); i++)
		if (strcmp(w, names[i]) == 0) {
			*out = (int)i;
			return 0;
		}
	v = strtol(w, &end, 10);
	if (*w != '\0' && *end == '\0' && v >= -1 && v <= 255) {
		*out = (int)v;
		return 0;
	}
	return bad(err, n, false, "unknown colour \"%s\"", w);
}

/* A style: "bold underline", or a map {fg, bg, attrs}. */
static int
style(const struct fm_node *n, struct config_style *st,
    struct folio_err *err)
{
	static const struct {
		const char	*name;
		unsigned	 bit;
	} attrs[] = { { "bold", CONFIG_BOLD }, { "underline", CONFIG_UNDERLINE },
	    { "reverse", CONFIG_REVERSE }, { "dim", CONFIG_DIM },
	    { "italic", CONFIG_ITALIC }, { "normal", 0 } };
	const struct fm_node *k;
	char		 word[64];
	const char	*s, *e;
	size_t		 i;

	st->set = true;
	st->fg = st->bg = -1;
	st->attrs = 0;
	if (n->type == FM_MAP) {
		for (k = n->child; k != NULL; k = k->next) {
			if (k->str == NULL || k->type == FM_SEQ ||
			    k->type == FM_MAP)
				return bad(err, k, false, "%s: expected a "
				    "word", k->key);
			if (strcmp(k->key, "fg") == 0) {
				if (colour(k, k->str, &st->fg, err) == -1)
					return -1;
			} else if (strcmp(k->key, "bg") == 0) {
				if (colour(k, k->str, &st->bg, err) == -1)
					return -1;
			} else if (strcmp(k->key, "attrs") == 0) {
				struct config_style t;

				if (style(k, &t, err) == -1)
					return -1;
				st->attrs = t.attrs;
			} else
				return bad(err, k, true, "unknown style key "
				    "\"%s\" (fg, bg, attrs)", k->key);
		}
		return 0;
	}
	if (n->str == NULL || n->type == FM_SEQ)
		return bad(err, n, false, "%s: expected attributes or a map",
		    n->key ? n->key : "style");
	for (s = n->str; *s != '\0'; s = e) {
		while (*s == ' ' || *s == ',')
			s++;
		for (e = s; *e != '\0' && *e != ' ' && *e != ','; e++)
			;
		if (e == s)
			break;
		snprintf(word, sizeof(word), "%.*s", (int)(e - s), s);
		for (i = 0; i < ARRAY_SIZE(attrs); i++)
			if (strcmp(word, attrs[i].name) == 0)
				break;
		if (i < ARRAY_SIZE(attrs)) {
			st->attrs |= attrs[i].bit;
			continue;
		}
		if (colour(n, word, &st->fg, err) == -1)
			return bad(err, n, false, "unknown attribute or "
			    "colour \"%s\"", word);
	}
	return 0;
}

static int
theme(struct config *cfg, const struct fm_node *n, struct folio_err *err)
{
	const struct fm_node *k;
	int		 r;

	if (n->type != FM_MAP)
		return bad(err, n, false, "%s: expected a map of roles",
		    "theme");
	for (k = n->child; k != NULL; k = k->next) {
		for (r = 0; r < ROLE__MAX; r++)
			if (strcmp(role_name(r), k->key) == 0)
				break;
		if (r == ROLE__MAX)
			return bad(err, k, true, "unknown style role \"%s\"",
			    k->key);
		if (style(k, &cfg->theme[r], err) == -1)
			return -1;
	}
	return 0;
}

static int
keys(struct config *cfg, const struct fm_node *n, struct folio_err *err)
{
	const struct fm_node *p, *k;
	char		 names[128];
	int		 i;

	if (n->type != FM_MAP)
		return bad(err, n, false, "%s: expected a map of panes", "keys");
	for (p = n->child; p != NULL; p = p->next) {
		if (keymap_pane_from_name(p->key) < 0) {
			size_t len = (size_t)snprintf(names, sizeof(names),
			    "unknown pane \"%.40s\" (", p->key);

			for (i = 0; i < KM__MAX && len < sizeof(names); i++)
				len += (size_t)snprintf(names + len,
				    sizeof(names) - len, "%s%s", i ? ", " : "",
				    keymap_pane_name((enum keymap_pane)i));
			if (len < sizeof(names))
				snprintf(names + len, sizeof(names) - len, ")");
			return bad(err, p, true, "%s", names);
		}
		if (p->type != FM_MAP)
			return bad(err, p, false, "%s: expected a map of keys "
			    "to actions", p->key);
		for (k = p->child; k != NULL; k = k->next) {
			struct config_key *ck;

			if (k->str == NULL || k->type == FM_SEQ ||
			    k->type == FM_MAP)
				return bad(err, k, false, "%s: expected an "
				    "action name", k->key);
			if (strcmp(k->str, "none") != 0 &&
			    action_from_name(k->str) == ACT_NONE)
				return bad(err, k, false, "unknown action "
				    "\"%s\" (see folio --list-actions)", k->str);
			if (k->key[0] == '\0' || strlen(k->key) > 31)
				return bad(err, k, true, "bad key name \"%s\"",
				    k->key);
			cfg->keys = xreallocarray(cfg->keys, cfg->nkeys + 1,
			    sizeof(*cfg->keys));
			ck = &cfg->keys[cfg->nkeys++];
			ck->pane = xstrdup(p->key);
			ck->key = xstrdup(k->key);
			ck->action = xstrdup(k->str);
		}
	}
	return 0;
}

static int
filters(struct config *cfg, const struct fm_node *n, struct folio_err *err)
{
	const struct fm_node *k;
	struct folio_err qe;
	struct query	*q;

	if (n->type != FM_MAP)
		return bad(err, n, false, "%s: expected a map of names to "
		    "queries", "filters");
	for (k = n->child; k != NULL; k = k->next) {
		if (k->str == NULL || k->type == FM_SEQ || k->type == FM_MAP)
			return bad(err, k, false, "%s: expected a query",
			    k->key);
		if ((q = query_compile(k->str, &qe)) == NULL) {
			char msg[300];

			snprintf(msg, sizeof(msg), "filter %s: %s (column %u)",
			    k->key, err_text(&qe), qe.col);
			return err_setpos(err, FOLIO_ERR_SYNTAX, k->line,
			    k->col + (qe.col ? qe.col - 1 : 0), "%s", msg);
		}
		query_free(q);
		cfg->filters = xreallocarray(cfg->filters, cfg->nfilters + 1,
		    sizeof(*cfg->filters));
		cfg->filters[cfg->nfilters].name = xstrdup(k->key);
		cfg->filters[cfg->nfilters].query = xstrdup(k->str);
		cfg->nfilters++;
	}
	return 0;
}

static int
one_of(const struct fm_node *n, char **out, const char *const *words,
    struct folio_err *err)
{
	size_t	 i;

	if (str_of(n, out, err) == -1)
		return -1;
	for (i = 0; words[i] != NULL; i++)
		if (strcmp(*out, words[i]) == 0)
			return 0;
	return bad(err, n, false, "unknown value \"%s\"", *out);
}

static int
apply(struct config *cfg, const struct fm_node *root, struct folio_err *err)
{
	static const char *const layouts[] = { "auto", "wide", "medium",
	    "narrow", NULL };
	static const char *const sorts[] = { "date", "title", "path",
	    "duration", NULL };
	const struct fm_node *k, *v;

	if (root == NULL)
		return 0;
	if (root->type == FM_NULL)
		return 0;
	if (root->type != FM_MAP)
		return bad(err, root, false, "%s: expected a map of settings",
		    "config");
	for (k = root->child; k != NULL; k = k->next) {
		int rc = 0;

		if (strcmp(k->key, "library") == 0) {
			if (k->type == FM_SEQ) {
				for (v = k->child; v != NULL && rc == 0;
				    v = v->next) {
					char *s = NULL;

					if ((rc = str_of(v, &s, err)) == 0) {
						cfg->library = xreallocarray(
						    cfg->library,
						    cfg->nlibrary + 1,
						    sizeof(char *));
						cfg->library[cfg->nlibrary++] =
						    expand_home(s);
					}
					free(s);
				}
			} else {
				char *s = NULL;

				if ((rc = str_of(k, &s, err)) == 0) {
					cfg->library = xreallocarray(NULL, 1,
					    sizeof(char *));
					cfg->library[0] = expand_home(s);
					cfg->nlibrary = 1;
				}
				free(s);
			}
		} else if (strcmp(k->key, "media") == 0)
			rc = folder_list(k, &cfg->media, &cfg->nmedia, err);
		else if (strcmp(k->key, "opener") == 0)
			rc = str_of(k, &cfg->opener, err);
		else if (strcmp(k->key, "player") == 0)
			rc = str_of(k, &cfg->player, err);
		else if (strcmp(k->key, "layout") == 0)
			rc = one_of(k, &cfg->layout, layouts, err);
		else if (strcmp(k->key, "sort") == 0)
			rc = one_of(k, &cfg->sort, sorts, err);
		else if (strcmp(k->key, "theme") == 0)
			rc = theme(cfg, k, err);
		else if (strcmp(k->key, "keys") == 0)
			rc = keys(cfg, k, err);
		else if (strcmp(k->key, "filters") == 0)
			rc = filters(cfg, k, err);
		else
			rc = bad(err, k, true, "unknown setting \"%s\"",
			    k->key);
		if (rc == -1)
			return -1;
	}
	return 0;
}

int
config_load(struct config *cfg, const char *path, bool must_exist,
    struct folio_err *err)
{
	struct buf	 b = { 0 };
	struct arena	*a;
	struct fm_node	*root;
	FILE		*fp;
	char		 chunk[8192];
	size_t		 n;
	int		 rc;

	memset(cfg, 0, sizeof(*cfg));
	err_clear(err);
	if ((fp = fopen(path, "r")) == NULL) {
		if (errno == ENOENT && !must_exist)
			return 0;
		return err_set(err, FOLIO_ERR_IO, "%s", strerror(errno));
	}
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0) {
		buf_add(&b, chunk, n);
		if (b.len > CONFIG_MAX_SIZE) {
			fclose(fp);
			buf_free(&b);
			return err_set(err, FOLIO_ERR_LIMIT, "larger than "
			    "1 MB");
		}
	}
	fclose(fp);
	cfg->path = xstrdup(path);
	a = arena_new(0);
	root = fm_parse(a, b.p ? b.p : "", b.len, 1, err);
	if (err->code != FOLIO_ERR_OK)
		rc = -1;
	else
		rc = apply(cfg, root, err);
	arena_free(a);
	buf_free(&b);
	return rc;
}

void
config_free(struct config *cfg)
{
	size_t	 i;

	for (i = 0; i < cfg->nlibrary; i++)
		free(cfg->library[i]);
	free(cfg->library);
	for (i = 0; i < cfg->nmedia; i++)
		free(cfg->media[i]);
	free(cfg->media);
	for (i = 0; i < cfg->nkeys; i++) {
		free(cfg->keys[i].pane);
		free(cfg->keys[i].key);
		free(cfg->keys[i].action);
	}
	free(cfg->keys);
	for (i = 0; i < cfg->nfilters; i++) {
		free(cfg->filters[i].name);
		free(cfg->filters[i].query);
	}
	free(cfg->filters);
	free(cfg->path);
	free(cfg->opener);
	free(cfg->player);
	free(cfg->layout);
	free(cfg->sort);
	memset(cfg, 0, sizeof(*cfg));
}

const char *
config_filter(const struct config *cfg, const char *name)
{
	size_t	 i;

	for (i = 0; cfg != NULL && i < cfg->nfilters; i++)
		if (strcmp(cfg->filters[i].name, name) == 0)
			return cfg->filters[i].query;
	return NULL;
}

/* A YAML double-quoted scalar. */
static void
quoted(struct buf *out, const char *s)
{
	buf_addc(out, '"');
	for (; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			buf_addc(out, '\\');
		if ((unsigned char)*s < 0x20)
			buf_printf(out, "\\x%02x", (unsigned char)*s);
		else
			buf_addc(out, *s);
	}
	buf_addc(out, '"');
}

void
config_print(struct buf *out, const struct config *cfg)
{
	static const char *const attr_names[] = { "bold", "underline",
	    "reverse", "dim", "italic" };
	size_t	 i, k;
	int	 r;

	buf_printf(out, "# folio configuration%s%s\n", cfg->path ?
	    " from " : " (defaults)", cfg->path ? cfg->path : "");
	buf_adds(out, "library:\n");
	for (i = 0; i < cfg->nlibrary; i++) {
		buf_adds(out, "  - ");
		quoted(out, cfg->library[i]);
		buf_addc(out, '\n');
	}
	if (cfg->nmedia > 0)
		buf_adds(out, "media:\n");
	for (i = 0; i < cfg->nmedia; i++) {
		buf_adds(out, "  - ");
		quoted(out, cfg->media[i]);
		buf_addc(out, '\n');
	}
	buf_adds(out, "opener: ");
	if (cfg->opener)
		quoted(out, cfg->opener);
	else
		buf_adds(out, "null  # $BROWSER, else xdg-open");
	buf_adds(out, "\nplayer: ");
	if (cfg->player)
		quoted(out, cfg->player);
	else
		buf_adds(out, "null");
	buf_printf(out, "\nlayout: %s\nsort: %s\n", cfg->layout ?
	    cfg->layout : "auto", cfg->sort ? cfg->sort : "date");
	buf_adds(out, "theme:\n");
	for (r = 0; r < ROLE__MAX; r++) {
		const struct config_style *st = &cfg->theme[r];

		if (!st->set)
			continue;
		buf_printf(out, "  %s: {fg: %d, bg: %d, attrs: \"", role_name(r),
		    st->fg, st->bg);
		for (k = 0, i = 0; k < ARRAY_SIZE(attr_names); k++)
			if (st->attrs & (1u << k))
				buf_printf(out, "%s%s", i++ ? " " : "",
				    attr_names[k]);
		buf_adds(out, "\"}\n");
	}
	buf_adds(out, "keys:\n");
	for (k = 0; k < KM__MAX; k++) {
		const char *pane = keymap_pane_name((enum keymap_pane)k);
		bool head = false;

		for (i = 0; i < cfg->nkeys; i++) {
			if (strcmp(cfg->keys[i].pane, pane) != 0)
				continue;
			if (!head)
				buf_printf(out, "  %s:\n", pane);
			head = true;
			buf_adds(out, "    ");
			quoted(out, cfg->keys[i].key);
			buf_printf(out, ": %s\n", cfg->keys[i].action);
		}
	}
	buf_adds(out, "filters:\n");
	for (i = 0; i < cfg->nfilters; i++) {
		buf_printf(out, "  %s: ", cfg->filters[i].name);
		quoted(out, cfg->filters[i].query);
		buf_addc(out, '\n');
	}
}
