/* SPDX-License-Identifier: ISC */
#ifndef FOLIO_STATE_H
#define FOLIO_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "folio/err.h"

/*
 * What folio remembers between runs, in SQLite (WAL, every write one
 * transaction): per document (keyed by absolute path) the reading
 * position and marks; globally the jump history and a few values (the
 * last document, the last filter).
 */
struct state;

/* One entry of the saved jump history. */
struct state_jump {
	char		*path;		/* absolute */
	uint32_t	 off;
	int32_t		 item;		/* the current item there, or -1 */
};

/* $XDG_STATE_HOME/folio/state.sqlite (~/.local/state when unset). */
char		*state_default_path(void);

/*
 * Open the state at "path", creating it and its folder (mode 0700).  A
 * file that is not a usable state database is renamed aside to
 * "path.corrupt-N" and a fresh one started: "warn" then says so.
 * Returns 0, or -1 with "err" when no state can be had at all.
 */
int		 state_open(struct state **, const char *path, char *warn,
		    size_t warncap, struct folio_err *err);
void		 state_close(struct state *);	/* NULL allowed */

/* Save the reading position of a document (and the time it was read). */
int		 state_set_pos(struct state *, const char *path, uint32_t off);
/* The saved position, or -1. */
long		 state_pos(struct state *, const char *path);

/* Set mark "c" (a letter) of a document; get it back (-1 if unset). */
int		 state_set_mark(struct state *, const char *path, char c,
		    uint32_t off);
long		 state_mark(struct state *, const char *path, char c);

/* Global values such as "last_doc" and "last_filter". */
int		 state_set(struct state *, const char *key, const char *value);
char		*state_get(struct state *, const char *key);	/* heap/NULL */

/* Replace the saved jump history ("back" and "forward" lists) at once. */
int		 state_set_jumps(struct state *, const struct state_jump *back,
		    size_t nback, const struct state_jump *fwd, size_t nfwd);
/* Load one list (forward if "fwd"), oldest first; free with
 * state_jumps_free.  Returns the count. */
size_t		 state_jumps(struct state *, bool fwd, struct state_jump **out);
void		 state_jumps_free(struct state_jump *, size_t);

/*
 * Forget documents for which keep(path, arg) is false (moved or deleted
 * files); returns how many were forgotten, or -1.
 */
long		 state_prune(struct state *, bool (*keep)(const char *, void *),
		    void *arg);

/* ---- highlights ---------------------------------------------------------- */

/* A passage saved with its moment (the strings are heap, owned). */
struct state_highlight {
	long long	 id;		/* set by the database */
	char		*path;		/* the document's absolute path */
	char		*title;		/* its title when saved */
	unsigned	 line;		/* 1-based source line */
	uint32_t	 off;		/* source offset */
	long		 seconds;	/* the moment, or -1 */
	char		 video[12];	/* YouTube id or "" */
	char		*text;		/* the quoted line or cue */
	char		*note;		/* or NULL */
	long long	 created;	/* Unix time */
};

/* Save a highlight in one transaction; its id goes to *id (may be NULL).
 * Returns 0 or -1. */
int		 state_add_highlight(struct state *,
		    const struct state_highlight *, long long *id);
/*
 * Highlights of the document "path" (all when NULL), by path, then in
 * document order (offset), then by age; *out is freed with
 * state_highlights_free.  Returns the count.
 */
size_t		 state_highlights(struct state *, const char *path,
		    struct state_highlight **out);
void		 state_highlights_free(struct state_highlight *, size_t);
/* Forget one highlight; 0, or -1 when there is none with that id. */
int		 state_del_highlight(struct state *, long long id);

/*
 * Prompt history, per kind of prompt ("filter", "search", "command",
 * "fulltext"): add an entry (an equal one becomes the newest; the oldest
 * beyond STATE_HISTORY_MAX go); load them oldest first into *out (free
 * with state_history_free).  Returns 0/-1, and the count.
 */
#define STATE_HISTORY_MAX	100
int		 state_history_add(struct state *, const char *kind,
		    const char *text);
size_t		 state_history(struct state *, const char *kind, char ***out);
void		 state_history_free(char **, size_t);

/* Global marks (capital letters): a document and a position.  The path
 * is heap (NULL if the mark is unset). */
int		 state_set_global_mark(struct state *, char c,
		    const char *path, uint32_t off);
char		*state_global_mark(struct state *, char c, uint32_t *off);

#endif /* !FOLIO_STATE_H */
