/* SPDX-License-Identifier: ISC */
#ifndef FOLIO_CONFIG_H
#define FOLIO_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "folio/err.h"
#include "folio/role.h"

struct buf;

/* Text attributes a theme entry can ask for. */
#define CONFIG_BOLD		0x01
#define CONFIG_UNDERLINE	0x02
#define CONFIG_REVERSE		0x04
#define CONFIG_DIM		0x08
#define CONFIG_ITALIC		0x10

/* The look of one style role; fg/bg are 0..255, or -1 for the default. */
struct config_style {
	bool		 set;
	int		 fg, bg;
	unsigned	 attrs;		/* CONFIG_* */
};

/* One key binding: in pane ("generic", "list", "body", "meta"), key name
 * as the help shows it ("j", "<C-d>", "<Enter>"), action name. */
struct config_key {
	char		*pane;
	char		*key;
	char		*action;
};

/* A named query. */
struct config_filter {
	char		*name;
	char		*query;
};

struct config {
	char		*path;		/* the file read, or NULL */
	char		**library;	/* roots, ~ expanded */
	size_t		 nlibrary;
	char		**media;	/* folders of downloaded videos */
	size_t		 nmedia;
	char		*opener;	/* command template, or NULL */
	char		*player;
	char		*layout;	/* "auto", "wide", "medium", "narrow" */
	char		*sort;		/* "date", "title", "path", "duration" */
	struct config_style theme[ROLE__MAX];
	struct config_key *keys;
	size_t		 nkeys;
	struct config_filter *filters;
	size_t		 nfilters;
};

/*
 * The default configuration file: $XDG_CONFIG_HOME/folio/config.yaml, or
 * ~/.config/folio/config.yaml.  Returns a heap string.
 */
char		*config_default_path(void);

/*
 * Read the configuration at "path" into "cfg" (zeroed first).  A missing
 * file is no error unless "must_exist".  Unknown keys, wrong types and bad
 * values (unknown actions, roles, colours, layouts, sort orders, queries)
 * are errors with the line and column in "err"; returns 0 or -1.  Free
 * with config_free() either way.
 */
int		 config_load(struct config *cfg, const char *path,
		    bool must_exist, struct folio_err *err);
void		 config_free(struct config *);

/* Append the effective configuration to "out" as YAML. */
void		 config_print(struct buf *out, const struct config *);

/* The query of the named filter "name", or NULL. */
const char	*config_filter(const struct config *, const char *name);

#endif /* !FOLIO_CONFIG_H */
