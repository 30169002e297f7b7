/* SPDX-License-Identifier: ISC */
#include "folio/state.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "folio/xmalloc.h"

#define STATE_JUMPS_MAX	500

struct state {
	sqlite3		*db;
};

static const char schema[] =
    "PRAGMA journal_mode=WAL;"
    "PRAGMA synchronous=NORMAL;"
    "CREATE TABLE IF NOT EXISTS pos(path TEXT PRIMARY KEY, off INTEGER "
    "NOT NULL, read_at INTEGER NOT NULL);"
    "CREATE TABLE IF NOT EXISTS marks(path TEXT NOT NULL, mark TEXT NOT "
    "NULL, off INTEGER NOT NULL, PRIMARY KEY(path, mark));"
    "CREATE TABLE IF NOT EXISTS jumps(fwd INTEGER NOT NULL, seq INTEGER "
    "NOT NULL, path TEXT NOT NULL, off INTEGER NOT NULL);"
    "CREATE TABLE IF NOT EXISTS kv(key TEXT PRIMARY KEY, value TEXT);";

char *
state_default_path(void)
{
	const char	*x = getenv("XDG_STATE_HOME"), *h = getenv("HOME");

	if (x != NULL && x[0] == '/')
		return xasprintf("%s/folio/state.sqlite", x);
	return xasprintf("%s/.local/state/folio/state.sqlite", h ? h : ".");
}

/* mkdir -p of the folder holding "path", private. */
static void
make_parent(const char *path)
{
	char	*d = xstrdup(path), *p;

	for (p = d + 1; *p != '\0'; p++)
		if (*p == '/') {
			*p = '\0';
			(void)mkdir(d, 0700);
			*p = '/';
		}
	free(d);
}

/* Open and check one database file; 0, or -1 if it is not usable. */
static int
try_open(const char *path, sqlite3 **out)
{
	sqlite3		*db = NULL;
	sqlite3_stmt	*st = NULL;
	int		 ok = 0;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE, NULL) != SQLITE_OK)
		goto bad;
	sqlite3_busy_timeout(db, 3000);
	if (sqlite3_prepare_v2(db, "PRAGMA quick_check", -1, &st, NULL) !=
	    SQLITE_OK || sqlite3_step(st) != SQLITE_ROW ||
	    strcmp((const char *)sqlite3_column_text(st, 0), "ok") != 0)
		goto bad;
	sqlite3_finalize(st);
	st = NULL;
	if (sqlite3_exec(db, schema, NULL, NULL, NULL) != SQLITE_OK)
		goto bad;
	/* Databases from before jumps kept their current item. */
	if (sqlite3_prepare_v2(db, "SELECT item FROM jumps", -1, &st, NULL) !=
	    SQLITE_OK && sqlite3_exec(db, "ALTER TABLE jumps ADD COLUMN item "
	    "INTEGER NOT NULL DEFAULT -1", NULL, NULL, NULL) != SQLITE_OK)
		goto bad;
	ok = 1;
bad:
	sqlite3_finalize(st);
	if (!ok) {
		sqlite3_close(db);
		return -1;
	}
	*out = db;
	return 0;
}

int
state_open(struct state **out, const char *path, char *warn, size_t warncap,
    struct folio_err *err)
{
	sqlite3		*db;
	char		*aside, *side;
	int		 n;

	*out = NULL;
	if (warncap > 0)
		warn[0] = '\0';
	make_parent(path);
	/* Private from the start: the umask is not trusted. */
	if (access(path, F_OK) != 0) {
		int fd = open(path, O_WRONLY | O_CREAT, 0600);

		if (fd >= 0)
			close(fd);
	}
	if (try_open(path, &db) == -1) {
		/* Set the damaged file aside, never delete it. */
		for (n = 1; n < 1000; n++) {
			aside = xasprintf("%s.corrupt-%d", path, n);
			if (access(aside, F_OK) != 0)
				break;
			free(aside);
			aside = NULL;
		}
		if (aside == NULL || rename(path, aside) == -1) {
			free(aside);
			return err_set(err, FOLIO_ERR_DB, "state %s is damaged "
			    "and cannot be moved aside", path);
		}
		side = xasprintf("%s-wal", path);
		(void)unlink(side);
		free(side);
		side = xasprintf("%s-shm", path);
		(void)unlink(side);
		free(side);
		if (warncap > 0)
			snprintf(warn, warncap, "state was damaged: kept as %s; "
			    "started afresh", aside);
		free(aside);
		if (try_open(path, &db) == -1)
			return err_set(err, FOLIO_ERR_DB, "cannot create state "
			    "%s", path);
	}
	(void)chmod(path, 0600);
	*out = xcalloc(1, sizeof(**out));
	(*out)->db = db;
	return 0;
}

void
state_close(struct state *s)
{
	if (s == NULL)
		return;
	sqlite3_close(s->db);
	free(s);
}

/* Run one statement with text/int parameters ("t" text, "i" int64). */
static int
run(struct state *s, const char *sql, const char *types, ...)
{
	sqlite3_stmt	*st;
	va_list		 ap;
	int		 i, rc;

	if (s == NULL || sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) !=
	    SQLITE_OK)
		return -1;
	va_start(ap, types);
	for (i = 0; types[i] != '\0'; i++) {
		if (types[i] == 't')
			sqlite3_bind_text(st, i + 1, va_arg(ap, const char *),
			    -1, SQLITE_TRANSIENT);
		else
			sqlite3_bind_int64(st, i + 1, va_arg(ap, long long));
	}
	va_end(ap);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : -1;
}

/* One integer from a query with text parameters, or -1. */
static long
get_int(struct state *s, const char *sql, const char *a, const char *b)
{
	sqlite3_stmt	*st;
	long		 v = -1;

	if (s == NULL || sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) !=
	    SQLITE_OK)
		return -1;
	sqlite3_bind_text(st, 1, a, -1, SQLITE_TRANSIENT);
	if (b != NULL)
		sqlite3_bind_text(st, 2, b, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = (long)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

int
state_set_pos(struct state *s, const char *path, uint32_t off)
{
	return run(s, "INSERT INTO pos(path, off, read_at) VALUES(?, ?, ?) "
	    "ON CONFLICT(path) DO UPDATE SET off = excluded.off, read_at = "
	    "excluded.read_at", "tii", path, (long long)off,
	    (long long)time(NULL));
}

long
state_pos(struct state *s, const char *path)
{
	return get_int(s, "SELECT off FROM pos WHERE path = ?", path, NULL);
}

int
state_set_mark(struct state *s, const char *path, char c, uint32_t off)
{
	char	 m[2] = { c, '\0' };

	return run(s, "INSERT OR REPLACE INTO marks(path, mark, off) "
	    "VALUES(?, ?, ?)", "tti", path, m, (long long)off);
}

long
state_mark(struct state *s, const char *path, char c)
{
	char	 m[2] = { c, '\0' };

	return get_int(s, "SELECT off FROM marks WHERE path = ? AND mark = ?",
	    path, m);
}

int
state_set(struct state *s, const char *key, const char *value)
{
	return run(s, "INSERT OR REPLACE INTO kv(key, value) VALUES(?, ?)",
	    "tt", key, value);
}

char *
state_get(struct state *s, const char *key)
{
	sqlite3_stmt	*st;
	char		*v = NULL;

	if (s == NULL || sqlite3_prepare_v2(s->db, "SELECT value FROM kv "
	    "WHERE key = ?", -1, &st, NULL) != SQLITE_OK)
		return NULL;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		v = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return v;
}

int
state_set_jumps(struct state *s, const struct state_jump *back, size_t nback,
    const struct state_jump *fwd, size_t nfwd)
{
	size_t	 i;
	int	 rc = 0;

	if (s == NULL || sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL,
	    NULL) != SQLITE_OK)
		return -1;
	rc |= run(s, "DELETE FROM jumps", "");
	/* Keep the newest entries when the history is long. */
	for (i = nback > STATE_JUMPS_MAX ? nback - STATE_JUMPS_MAX : 0;
	    i < nback && rc == 0; i++)
		rc |= run(s, "INSERT INTO jumps(fwd, seq, path, off, item) "
		    "VALUES(0, ?, ?, ?, ?)", "itii", (long long)i, back[i].path,
		    (long long)back[i].off, (long long)back[i].item);
	for (i = 0; i < nfwd && i < STATE_JUMPS_MAX && rc == 0; i++)
		rc |= run(s, "INSERT INTO jumps(fwd, seq, path, off, item) "
		    "VALUES(1, ?, ?, ?, ?)", "itii", (long long)i, fwd[i].path,
		    (long long)fwd[i].off, (long long)fwd[i].item);
	if (rc != 0) {
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	return sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK ?
	    0 : -1;
}

size_t
state_jumps(struct state *s, bool fwd, struct state_jump **out)
{
	sqlite3_stmt	*st;
	size_t		 n = 0;

	*out = NULL;
	if (s == NULL || sqlite3_prepare_v2(s->db, "SELECT path, off, item "
	    "FROM jumps WHERE fwd = ? ORDER BY seq", -1, &st, NULL) !=
	    SQLITE_OK)
		return 0;
	sqlite3_bind_int(st, 1, fwd ? 1 : 0);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *p = (const char *)sqlite3_column_text(st, 0);

		if (p == NULL)
			continue;
		*out = xreallocarray(*out, n + 1, sizeof(**out));
		(*out)[n].path = xstrdup(p);
		(*out)[n].off = (uint32_t)sqlite3_column_int64(st, 1);
		(*out)[n].item = (int32_t)sqlite3_column_int64(st, 2);
		n++;
	}
	sqlite3_finalize(st);
	return n;
}

void
state_jumps_free(struct state_jump *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		free(v[i].path);
	free(v);
}

long
state_prune(struct state *s, bool (*keep)(const char *, void *), void *arg)
{
	static const char *const tables[] = { "pos", "marks", "jumps" };
	sqlite3_stmt	*st;
	char		**gone = NULL, sql[128];
	size_t		 ngone = 0, i, t;
	long		 n = 0;

	if (s == NULL || sqlite3_prepare_v2(s->db, "SELECT path FROM pos "
	    "UNION SELECT path FROM marks UNION SELECT path FROM jumps", -1,
	    &st, NULL) != SQLITE_OK)
		return -1;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *p = (const char *)sqlite3_column_text(st, 0);

		if (p != NULL && !keep(p, arg)) {
			gone = xreallocarray(gone, ngone + 1, sizeof(*gone));
			gone[ngone++] = xstrdup(p);
		}
	}
	sqlite3_finalize(st);
	if (sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) ==
	    SQLITE_OK) {
		for (i = 0; i < ngone; i++)
			for (t = 0; t < sizeof(tables) / sizeof(tables[0]);
			    t++) {
				snprintf(sql, sizeof(sql), "DELETE FROM %s "
				    "WHERE path = ?", tables[t]);
				run(s, sql, "t", gone[i]);
			}
		n = sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) ==
		    SQLITE_OK ? (long)ngone : -1;
	} else
		n = -1;
	for (i = 0; i < ngone; i++)
		free(gone[i]);
	free(gone);
	return n;
}

/* ---- highlights ---------------------------------------------------------- */

static const char highlight_schema[] =
    "CREATE TABLE IF NOT EXISTS highlights(id INTEGER PRIMARY KEY, "
    "path TEXT NOT NULL, title TEXT, line INTEGER NOT NULL, off INTEGER "
    "NOT NULL, seconds INTEGER NOT NULL, video TEXT NOT NULL, text TEXT "
    "NOT NULL, note TEXT, created INTEGER NOT NULL);"
    "CREATE INDEX IF NOT EXISTS highlights_path ON highlights(path, off);";

/* Make the highlights table on first use; 0 or -1. */
static int
highlight_table(struct state *s)
{
	return s == NULL || sqlite3_exec(s->db, highlight_schema, NULL, NULL,
	    NULL) != SQLITE_OK ? -1 : 0;
}

int
state_add_highlight(struct state *s, const struct state_highlight *h,
    long long *id)
{
	sqlite3_stmt	*st;
	int		 rc;

	if (highlight_table(s) == -1 || sqlite3_prepare_v2(s->db,
	    "INSERT INTO highlights(path, title, line, off, seconds, video, "
	    "text, note, created) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)", -1, &st,
	    NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(st, 1, h->path, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, h->title, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 3, h->line);
	sqlite3_bind_int64(st, 4, h->off);
	sqlite3_bind_int64(st, 5, h->seconds < 0 ? -1 : h->seconds);
	sqlite3_bind_text(st, 6, h->video, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 7, h->text ? h->text : "", -1, SQLITE_TRANSIENT);
	if (h->note != NULL && h->note[0] != '\0')
		sqlite3_bind_text(st, 8, h->note, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, 8);
	sqlite3_bind_int64(st, 9, h->created ? h->created :
	    (long long)time(NULL));
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return -1;
	if (id != NULL)
		*id = (long long)sqlite3_last_insert_rowid(s->db);
	return 0;
}

/* A column as a heap string, or NULL. */
static char *
col_str(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	return t != NULL ? xstrdup((const char *)t) : NULL;
}

size_t
state_highlights(struct state *s, const char *path,
    struct state_highlight **out)
{
	sqlite3_stmt	*st;
	size_t		 n = 0;
	const unsigned char *v;

	*out = NULL;
	if (highlight_table(s) == -1 || sqlite3_prepare_v2(s->db,
	    "SELECT id, path, title, line, off, seconds, video, text, note, "
	    "created FROM highlights WHERE ?1 IS NULL OR path = ?1 ORDER BY "
	    "path, off, created, id", -1, &st, NULL) != SQLITE_OK)
		return 0;
	if (path != NULL)
		sqlite3_bind_text(st, 1, path, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, 1);
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct state_highlight *h;

		*out = xreallocarray(*out, n + 1, sizeof(**out));
		h = &(*out)[n++];
		memset(h, 0, sizeof(*h));
		h->id = sqlite3_column_int64(st, 0);
		h->path = col_str(st, 1);
		h->title = col_str(st, 2);
		h->line = (unsigned)sqlite3_column_int64(st, 3);
		h->off = (uint32_t)sqlite3_column_int64(st, 4);
		h->seconds = (long)sqlite3_column_int64(st, 5);
		if ((v = sqlite3_column_text(st, 6)) != NULL)
			snprintf(h->video, sizeof(h->video), "%s",
			    (const char *)v);
		h->text = col_str(st, 7);
		h->note = col_str(st, 8);
		h->created = sqlite3_column_int64(st, 9);
		if (h->path == NULL)
			h->path = xstrdup("");
		if (h->text == NULL)
			h->text = xstrdup("");
	}
	sqlite3_finalize(st);
	return n;
}

void
state_highlights_free(struct state_highlight *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		free(v[i].path);
		free(v[i].title);
		free(v[i].text);
		free(v[i].note);
	}
	free(v);
}

int
state_del_highlight(struct state *s, long long id)
{
	if (highlight_table(s) == -1 || run(s, "DELETE FROM highlights WHERE "
	    "id = ?", "i", id) == -1)
		return -1;
	return sqlite3_changes(s->db) > 0 ? 0 : -1;
}

/* The tables added after the first schema, made when first needed. */
static int
ensure_more(struct state *s)
{
	if (s == NULL)
		return -1;
	return sqlite3_exec(s->db, "CREATE TABLE IF NOT EXISTS history("
	    "kind TEXT NOT NULL, text TEXT NOT NULL, seq INTEGER NOT NULL, "
	    "PRIMARY KEY(kind, text));"
	    "CREATE TABLE IF NOT EXISTS gmarks(mark TEXT PRIMARY KEY, "
	    "path TEXT NOT NULL, off INTEGER NOT NULL);", NULL, NULL, NULL) ==
	    SQLITE_OK ? 0 : -1;
}

int
state_history_add(struct state *s, const char *kind, const char *text)
{
	int	 rc = 0;

	if (ensure_more(s) == -1 || sqlite3_exec(s->db, "BEGIN IMMEDIATE",
	    NULL, NULL, NULL) != SQLITE_OK)
		return -1;
	rc |= run(s, "INSERT OR REPLACE INTO history(kind, text, seq) "
	    "VALUES(?1, ?2, (SELECT coalesce(max(seq), 0) + 1 FROM history "
	    "WHERE kind = ?1))", "tt", kind, text);
	rc |= run(s, "DELETE FROM history WHERE kind = ?1 AND seq <= "
	    "(SELECT max(seq) FROM history WHERE kind = ?1) - ?2", "ti", kind,
	    (long long)STATE_HISTORY_MAX);
	if (rc != 0) {
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	return sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK ?
	    0 : -1;
}

size_t
state_history(struct state *s, const char *kind, char ***out)
{
	sqlite3_stmt	*st;
	size_t		 n = 0;

	*out = NULL;
	if (ensure_more(s) == -1 || sqlite3_prepare_v2(s->db, "SELECT text "
	    "FROM history WHERE kind = ? ORDER BY seq", -1, &st, NULL) !=
	    SQLITE_OK)
		return 0;
	sqlite3_bind_text(st, 1, kind, -1, SQLITE_TRANSIENT);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, 0);

		if (t == NULL)
			continue;
		*out = xreallocarray(*out, n + 1, sizeof(**out));
		(*out)[n++] = xstrdup(t);
	}
	sqlite3_finalize(st);
	return n;
}

void
state_history_free(char **v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

int
state_set_global_mark(struct state *s, char c, const char *path,
    uint32_t off)
{
	char	 m[2] = { c, '\0' };

	if (ensure_more(s) == -1)
		return -1;
	return run(s, "INSERT OR REPLACE INTO gmarks(mark, path, off) "
	    "VALUES(?, ?, ?)", "tti", m, path, (long long)off);
}

char *
state_global_mark(struct state *s, char c, uint32_t *off)
{
	sqlite3_stmt	*st;
	char		 m[2] = { c, '\0' };
	char		*path = NULL;

	if (ensure_more(s) == -1 || sqlite3_prepare_v2(s->db, "SELECT path, "
	    "off FROM gmarks WHERE mark = ?", -1, &st, NULL) != SQLITE_OK)
		return NULL;
	sqlite3_bind_text(st, 1, m, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0)) {
		path = xstrdup((const char *)sqlite3_column_text(st, 0));
		*off = (uint32_t)sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	return path;
}
