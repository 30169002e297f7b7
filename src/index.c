/* SPDX-License-Identifier: ISC */
#include "folio/index.h"

#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "folio/buf.h"
#include "folio/corpus.h"
#include "folio/doc.h"
#include "folio/markdown.h"
#include "folio/timestamp.h"
#include "folio/utf8.h"
#include "folio/xmalloc.h"

#define SCHEMA_VERSION	4
#define CHUNK_BYTES	1024
#define CHUNK_BITS	24		/* chunks per document: 16 M */
#define RANK_MAX	20000		/* matches ranked by relevance */

struct index {
	sqlite3		*db;
	char		*path;
	sqlite3_stmt	*get_doc, *put_doc, *del_doc, *del_chunks, *put_chunk;
};

static const char schema[] =
	"PRAGMA journal_mode=WAL;"
	"PRAGMA synchronous=OFF;"
	"PRAGMA secure_delete=OFF;"
	"CREATE TABLE IF NOT EXISTS meta(k TEXT PRIMARY KEY, v);"
	"CREATE TABLE IF NOT EXISTS docs(id INTEGER PRIMARY KEY,"
	" path TEXT UNIQUE NOT NULL, size INTEGER, mtime INTEGER);"
	"CREATE VIRTUAL TABLE IF NOT EXISTS chunks USING fts5(body,"
	" line UNINDEXED, tl UNINDEXED,"
	" tokenize='unicode61 remove_diacritics 2');";

char *
index_default_path(char *const *roots, size_t nroots)
{
	const char	*base = getenv("XDG_CACHE_HOME"), *home;
	uint64_t	 h = 1469598103934665603ULL;
	size_t		 i;
	const char	*p;

	for (i = 0; i < nroots; i++) {
		for (p = roots[i]; *p; p++)
			h = (h ^ (unsigned char)*p) * 1099511628211ULL;
		h = (h ^ 0xff) * 1099511628211ULL;
	}
	if (base != NULL && base[0] == '/')
		return xasprintf("%s/folio/index-%016llx.sqlite", base,
		    (unsigned long long)h);
	home = getenv("HOME");
	return xasprintf("%s/.cache/folio/index-%016llx.sqlite",
	    home ? home : "/tmp", (unsigned long long)h);
}

/* Create the parent folders of "path" with private permissions. */
static void
make_parents(const char *path)
{
	char	*d = xstrdup(path), *s;

	for (s = d + 1; (s = strchr(s, '/')) != NULL; s++) {
		*s = '\0';
		mkdir(d, 0700);
		*s = '/';
	}
	free(d);
}

static int
db_err(struct index *ix, struct folio_err *err, const char *what)
{
	return err_set(err, FOLIO_ERR_DB, "%s: %s", what,
	    ix->db ? sqlite3_errmsg(ix->db) : "no database");
}

static void
finalize_all(struct index *ix)
{
	sqlite3_finalize(ix->get_doc);
	sqlite3_finalize(ix->put_doc);
	sqlite3_finalize(ix->del_doc);
	sqlite3_finalize(ix->del_chunks);
	sqlite3_finalize(ix->put_chunk);
	ix->get_doc = ix->put_doc = ix->del_doc = ix->del_chunks =
	    ix->put_chunk = NULL;
}

/* Open the file and check the schema; -1 when it is not usable. */
static int
try_open(struct index *ix, struct folio_err *err)
{
	sqlite3_stmt	*st = NULL;
	int		 v = -1;

	if (sqlite3_open_v2(ix->path, &ix->db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
		return db_err(ix, err, "open");
	sqlite3_busy_timeout(ix->db, 2000);
	if (sqlite3_exec(ix->db, schema, NULL, NULL, NULL) != SQLITE_OK)
		return db_err(ix, err, "schema");
	if (sqlite3_prepare_v2(ix->db, "SELECT v FROM meta WHERE k='version'",
	    -1, &st, NULL) != SQLITE_OK)
		return db_err(ix, err, "schema");
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (v == -1) {
		char q[64];

		snprintf(q, sizeof(q), "INSERT INTO meta VALUES('version',%d)",
		    SCHEMA_VERSION);
		if (sqlite3_exec(ix->db, q, NULL, NULL, NULL) != SQLITE_OK)
			return db_err(ix, err, "schema");
	} else if (v != SCHEMA_VERSION)
		return err_set(err, FOLIO_ERR_DB, "index of another version");
	/* A cheap probe that fails on a damaged file. */
	if (sqlite3_exec(ix->db, "SELECT count(*) FROM docs;"
	    "SELECT rowid FROM chunks LIMIT 1", NULL, NULL, NULL) != SQLITE_OK)
		return db_err(ix, err, "probe");
	if (sqlite3_prepare_v2(ix->db, "SELECT id,size,mtime FROM docs WHERE "
	    "path=?", -1, &ix->get_doc, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(ix->db, "INSERT OR REPLACE INTO docs(id,path,"
	    "size,mtime) VALUES(?,?,?,?)", -1, &ix->put_doc, NULL) !=
	    SQLITE_OK ||
	    sqlite3_prepare_v2(ix->db, "DELETE FROM docs WHERE id=?", -1,
	    &ix->del_doc, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(ix->db, "DELETE FROM chunks WHERE rowid "
	    "BETWEEN ? AND ?", -1, &ix->del_chunks, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(ix->db, "INSERT INTO chunks(rowid,body,line,tl) "
	    "VALUES(?,?,?,?)", -1, &ix->put_chunk, NULL) != SQLITE_OK)
		return db_err(ix, err, "prepare");
	return 0;
}

static void
drop_files(const char *path)
{
	char	*p;

	unlink(path);
	p = xasprintf("%s-wal", path);
	unlink(p);
	free(p);
	p = xasprintf("%s-shm", path);
	unlink(p);
	free(p);
}

int
index_open(struct index **out, const char *path, struct folio_err *err)
{
	struct index	*ix;

	ix = xcalloc(1, sizeof(*ix));
	ix->path = xstrdup(path);
	make_parents(path);
	if (try_open(ix, err) == -1) {
		/* A cache: start again from nothing. */
		finalize_all(ix);
		sqlite3_close(ix->db);
		ix->db = NULL;
		drop_files(path);
		if (try_open(ix, err) == -1) {
			index_close(ix);
			return -1;
		}
	}
	chmod(path, 0600);
	*out = ix;
	return 0;
}

void
index_close(struct index *ix)
{
	if (ix == NULL)
		return;
	finalize_all(ix);
	sqlite3_close(ix->db);
	free(ix->path);
	free(ix);
}

/* A word separator, as doc_count_words() has them. */
static bool
is_space(char c)
{
	return c == ' ' || c == '\n' || c == '\t' || c == '\r';
}

/* The body's words counted up to a position, moving forward only. */
struct wordpos {
	size_t		 pos, words;
	int		 in;		/* inside a word at pos */
};

/*
 * A chunk's timeline, so that a hit's place and moment need no parse:
 * "OFF T0 W0[ REL:SECONDS...]", the chunk's source offset, the time in
 * effect at its start (-1: none), the body's words before it (a word cut
 * by its start counts in the chunk), then the timestamps inside it by
 * offset from its start.  "*it" walks the body's items (sorted by offset)
 * and "wp" the words, from chunk to chunk.
 */
static void
timeline(struct buf *b, const struct doc *d, size_t p, size_t q, size_t *it,
    long *t0, struct wordpos *wp)
{
	const struct body *bd = d->body;
	const char	*s = d->src->p;
	size_t		 w;

	buf_reset(b);
	while (*it < bd->nitems && bd->items[*it].off < p) {
		if (bd->items[*it].type == ITEM_TS)
			*t0 = bd->items[*it].seconds;
		(*it)++;
	}
	for (; wp->pos < p; wp->pos++) {
		if (!is_space(s[wp->pos]) && !wp->in)
			wp->words++;
		wp->in = !is_space(s[wp->pos]);
	}
	w = wp->words;
	if (wp->in && w > 0 && p < d->len && !is_space(s[p]))
		w--;
	buf_printf(b, "%zu %ld %zu", p, *t0, w);
	for (; *it < bd->nitems && bd->items[*it].off < q; (*it)++)
		if (bd->items[*it].type == ITEM_TS) {
			buf_printf(b, " %zu:%ld", bd->items[*it].off - p,
			    bd->items[*it].seconds);
			*t0 = bd->items[*it].seconds;
		}
}

/* Insert the body of "d" as chunks of whole lines. */
static int
put_chunks(struct index *ix, sqlite3_int64 id, const struct doc *d)
{
	const char	*s = d->src->p;
	size_t		 p = d->body_off, q, n = 0, it = 0;
	unsigned	 line;
	struct buf	 tl = { 0 };
	struct wordpos	 wp = { d->body_off, 0, 0 };
	long		 t0 = -1;

	while (p < d->len) {
		line = doc_line(d, p);
		q = p + CHUNK_BYTES < d->len ? p + CHUNK_BYTES : d->len;
		/* End at a line end when one is near; never split UTF-8. */
		if (q < d->len) {
			const char *nl = memrchr(s + p, '\n', q - p);

			if (nl != NULL && (size_t)(nl - s) > p + CHUNK_BYTES / 4)
				q = (size_t)(nl - s) + 1;
			else
				while (q > p + 1 &&
				    ((unsigned char)s[q] & 0xc0) == 0x80)
					q--;
		}
		sqlite3_bind_int64(ix->put_chunk, 1, (id << CHUNK_BITS) |
		    (sqlite3_int64)n);
		sqlite3_bind_text(ix->put_chunk, 2, s + p, (int)(q - p),
		    SQLITE_STATIC);
		sqlite3_bind_int(ix->put_chunk, 3, (int)line);
		timeline(&tl, d, p, q, &it, &t0, &wp);
		sqlite3_bind_text(ix->put_chunk, 4, buf_cstr(&tl), (int)tl.len,
		    SQLITE_STATIC);
		if (sqlite3_step(ix->put_chunk) != SQLITE_DONE) {
			sqlite3_reset(ix->put_chunk);
			buf_free(&tl);
			return -1;
		}
		sqlite3_reset(ix->put_chunk);
		p = q;
		if (++n >= (1u << CHUNK_BITS) - 1)
			break;
	}
	buf_free(&tl);
	return 0;
}

static void
del_doc_chunks(struct index *ix, sqlite3_int64 id)
{
	sqlite3_bind_int64(ix->del_chunks, 1, id << CHUNK_BITS);
	sqlite3_bind_int64(ix->del_chunks, 2, ((id + 1) << CHUNK_BITS) - 1);
	sqlite3_step(ix->del_chunks);
	sqlite3_reset(ix->del_chunks);
}

long
index_update(struct index *ix, const struct corpus *c,
    int (*progress)(size_t, size_t, void *), void *arg,
    struct folio_err *err)
{
	sqlite3_stmt	*all = NULL;
	struct sbuf	*reuse = NULL;
	struct doc_opts	 o = { .summary = true };
	sqlite3_int64	 next_id = 1, *ids = NULL, *gone = NULL;
	uint8_t		*fresh = NULL;
	size_t		 i, ngone = 0;
	long		 changed = 0;

	if (sqlite3_exec(ix->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		return db_err(ix, err, "begin");
	if (sqlite3_prepare_v2(ix->db, "SELECT coalesce(max(id),0)+1 FROM docs",
	    -1, &all, NULL) == SQLITE_OK && sqlite3_step(all) == SQLITE_ROW)
		next_id = sqlite3_column_int64(all, 0);
	sqlite3_finalize(all);
	/* What the index holds, in one pass: which entries are fresh, and
	 * the rows of documents no longer in the library (gone). */
	ids = xcalloc(c->n + 1, sizeof(*ids));
	fresh = xcalloc(c->n + 1, 1);
	if (sqlite3_prepare_v2(ix->db, "SELECT id, path, size, mtime FROM "
	    "docs", -1, &all, NULL) == SQLITE_OK) {
		while (sqlite3_step(all) == SQLITE_ROW) {
			const char *p = (const char *)sqlite3_column_text(all,
			    1);
			int k = p != NULL ? corpus_find_path(c, p) : -1;

			if (k >= 0 && ids[k] == 0) {
				ids[k] = sqlite3_column_int64(all, 0);
				fresh[k] = c->e[k].mtime != 0 &&
				    sqlite3_column_int64(all, 2) ==
				    c->e[k].size &&
				    sqlite3_column_int64(all, 3) ==
				    c->e[k].mtime;
				continue;
			}
			gone = xreallocarray(gone, ngone + 1, sizeof(*gone));
			gone[ngone++] = sqlite3_column_int64(all, 0);
		}
		sqlite3_finalize(all);
	}
	for (i = 0; i < ngone; i++) {
		del_doc_chunks(ix, gone[i]);
		sqlite3_bind_int64(ix->del_doc, 1, gone[i]);
		sqlite3_step(ix->del_doc);
		sqlite3_reset(ix->del_doc);
		changed++;
	}
	for (i = 0; i < c->n; i++) {
		const struct entry *e = &c->e[i];
		struct folio_err derr;
		sqlite3_int64 id = ids[i];
		struct doc *d;

		/* Asked to stop: what is done so far is kept. */
		if (progress != NULL && (i % 64) == 0 &&
		    progress(i, c->n, arg) != 0)
			break;
		if (fresh[i])
			continue;
		if (id != 0)
			del_doc_chunks(ix, id);
		else
			id = next_id++;
		d = doc_load(e->abspath, e->path, &reuse, &o, &derr);
		if (d == NULL)
			continue;
		if (put_chunks(ix, id, d) == -1) {
			doc_free(d);
			goto fail;
		}
		sqlite3_bind_int64(ix->put_doc, 1, id);
		sqlite3_bind_text(ix->put_doc, 2, e->path, -1, SQLITE_STATIC);
		sqlite3_bind_int64(ix->put_doc, 3, d->size);
		sqlite3_bind_int64(ix->put_doc, 4, d->mtime);
		if (sqlite3_step(ix->put_doc) != SQLITE_DONE) {
			sqlite3_reset(ix->put_doc);
			doc_free(d);
			goto fail;
		}
		sqlite3_reset(ix->put_doc);
		doc_free(d);
		changed++;
	}
	free(ids);
	free(fresh);
	free(gone);
	sbuf_unref(reuse);
	if (sqlite3_exec(ix->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		return db_err(ix, err, "commit");
	if (progress != NULL)
		(void)progress(c->n, c->n, arg);
	return changed;
fail:
	free(ids);
	free(fresh);
	free(gone);
	sbuf_unref(reuse);
	db_err(ix, err, "update");
	sqlite3_exec(ix->db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

/* ---- queries ------------------------------------------------------------- */

static bool
is_cjk(const char *s)
{
	size_t	 i, n;
	int32_t	 cp;

	for (i = 0; s[i]; i += n) {
		n = utf8_decode(s + i, strlen(s + i), &cp);
		if ((cp >= 0x2e80 && cp <= 0x9fff) || (cp >= 0xac00 &&
		    cp <= 0xd7af) || (cp >= 0xf900 && cp <= 0xfaff) ||
		    (cp >= 0x20000 && cp <= 0x2fa1f))
			return true;
	}
	return false;
}

struct term {
	char		*text;		/* unquoted */
	bool		 neg;
};

/* Split a search string into words and "phrases", with -negation. */
static size_t
split_terms(const char *q, struct term **out)
{
	struct term	*t = NULL;
	struct buf	 w = { 0 };
	size_t		 n = 0;
	const char	*p = q;
	bool		 neg;

	while (*p) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0')
			break;
		neg = false;
		if (*p == '-' && p[1] != '\0' && p[1] != ' ') {
			neg = true;
			p++;
		}
		buf_reset(&w);
		if (*p == '"') {
			for (p++; *p && *p != '"'; p++)
				buf_addc(&w, *p);
			if (*p == '"')
				p++;
		} else
			for (; *p && *p != ' ' && *p != '\t'; p++)
				buf_addc(&w, *p);
		if (w.len == 0)
			continue;
		t = xreallocarray(t, n + 1, sizeof(*t));
		t[n].text = xstrndup(w.p, w.len);
		t[n].neg = neg;
		n++;
	}
	buf_free(&w);
	*out = t;
	return n;
}

static void
free_terms(struct term *t, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		free(t[i].text);
	free(t);
}

/* Append a term as an FTS5 string: "..." with quotes doubled. */
static void
add_quoted(struct buf *b, const char *s)
{
	buf_addc(b, '"');
	for (; *s; s++) {
		if (*s == '"')
			buf_addc(b, '"');
		buf_addc(b, *s);
	}
	buf_addc(b, '"');
}

/* The 1-based line inside a chunk where the first term occurs. */
static unsigned
hit_line(const char *chunk, unsigned line, const struct term *t, size_t n)
{
	struct buf	 f = { 0 }, ft = { 0 };
	uint32_t	*map;
	size_t		 len = strlen(chunk), i;
	const char	*hit = NULL;
	unsigned	 l = line;

	map = xreallocarray(NULL, 4 * len + 8, sizeof(*map));
	utf8_fold(&f, chunk, len, map);
	for (i = 0; i < n && hit == NULL; i++) {
		if (t[i].neg)
			continue;
		buf_reset(&ft);
		utf8_fold(&ft, t[i].text, strlen(t[i].text), NULL);
		hit = strstr(buf_cstr(&f), buf_cstr(&ft));
		if (hit == NULL && strchr(buf_cstr(&ft), ' ') == NULL) {
			/* Tokens may join with punctuation between them. */
			char *sp = strpbrk(ft.p, "-_.:/");

			if (sp != NULL) {
				*sp = '\0';
				hit = strstr(buf_cstr(&f), ft.p);
			}
		}
	}
	if (hit != NULL) {
		size_t off = map[hit - buf_cstr(&f)];

		for (i = 0; i < off; i++)
			if (chunk[i] == '\n')
				l++;
	}
	free(map);
	buf_free(&f);
	buf_free(&ft);
	return l;
}

/* Fill the source offset and the moment of hit h, on line h->line of a
 * chunk starting at line "first", from the chunk's timeline "tl". */
static void
hit_moment(struct index_hit *h, const struct entry *e, const char *chunk,
    unsigned first, const char *tl)
{
	const char	*s = chunk, *nl;
	unsigned long long off0 = 0, w0 = 0, rel;
	long		 t0 = -1, secs;
	size_t		 hoff, lead;
	int		 used = 0;

	h->off = 0;
	h->seconds = -1;
	h->approx = false;
	while (first < h->line && (nl = strchr(s, '\n')) != NULL) {
		s = nl + 1;
		first++;
	}
	hoff = (size_t)(s - chunk);
	if (tl == NULL || sscanf(tl, "%llu %ld %llu%n", &off0, &t0, &w0,
	    &used) != 3)
		return;
	h->off = (uint32_t)(off0 + hoff);
	if (e->nts > 0) {
		/* The last timestamp at or before the hit's line, or
		 * opening it ("[05:00] ...", "| (4:05) ..."). */
		for (lead = hoff; chunk[lead] != '\0' &&
		    strchr(" \t[(|*->#", chunk[lead]) != NULL; lead++)
			continue;
		for (tl += used; sscanf(tl, " %llu:%ld%n", &rel, &secs,
		    &used) == 2 && rel <= lead; tl += used)
			t0 = secs;
		h->seconds = t0 >= 0 ? t0 : 0;
	} else if (e->video[0] != '\0' && e->duration > 0) {
		h->approx = true;
		h->seconds = ts_estimate((size_t)w0 + doc_count_words(chunk,
		    hoff), e->words, e->duration);
	}
}

/* A short plain snippet around the hit line of a chunk. */
static char *
make_snippet(const char *chunk, unsigned first, unsigned hit)
{
	const char	*s = chunk, *e;
	struct buf	 b = { 0 };
	char		*r;
	size_t		 n;

	while (first < hit && (e = strchr(s, '\n')) != NULL) {
		s = e + 1;
		first++;
	}
	while (*s == ' ' || *s == '\t')
		s++;
	e = strchr(s, '\n');
	n = e ? (size_t)(e - s) : strlen(s);
	if (n > 160) {
		n = 160;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
	}
	buf_add(&b, s, n);
	if (n < (e ? (size_t)(e - s) : strlen(s)))
		buf_adds(&b, "…");
	r = xstrndup(buf_cstr(&b), b.len);
	buf_free(&b);
	return r;
}

/* Whether "expr" matches more than "max" chunks: counted no further than
 * max + 1 (a common word matches hundreds of thousands). */
static bool
matches_over(struct index *ix, const char *expr, long max)
{
	sqlite3_stmt	*st = NULL;
	bool		 over = false;

	if (sqlite3_prepare_v2(ix->db, "SELECT count(*) FROM (SELECT 1 FROM "
	    "chunks WHERE chunks MATCH ?1 LIMIT ?2)", -1, &st, NULL) ==
	    SQLITE_OK &&
	    sqlite3_bind_text(st, 1, expr, -1, SQLITE_STATIC) == SQLITE_OK &&
	    sqlite3_bind_int64(st, 2, (sqlite3_int64)max + 1) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		over = sqlite3_column_int64(st, 0) > max;
	sqlite3_finalize(st);
	return over;
}

long
index_search(struct index *ix, const struct corpus *c, const char *query,
    size_t limit, struct index_hit **hits, struct folio_err *err)
{
	struct term	*t;
	struct buf	 m = { 0 }, like = { 0 };
	sqlite3_stmt	*st = NULL, *pst = NULL;
	struct index_hit *h = NULL;
	size_t		 n, i, nh = 0, npos = 0;
	bool		 cjk = false, ranked = true;
	int		 rc;

	*hits = NULL;
	n = split_terms(query, &t);
	for (i = 0; i < n; i++) {
		if (!t[i].neg)
			npos++;
		if (is_cjk(t[i].text))
			cjk = true;
	}
	if (npos == 0) {
		free_terms(t, n);
		return err_set(err, FOLIO_ERR_SYNTAX, "search needs a word");
	}
	if (cjk) {
		/* unicode61 does not split CJK runs: match substrings of
		 * the stored text instead. */
		buf_adds(&m, "SELECT rowid, line, body, 0.0, tl FROM chunks "
		    "WHERE 1");
		for (i = 0; i < n; i++)
			buf_printf(&m, " AND body %s LIKE ?%zu ESCAPE '\\'",
			    t[i].neg ? "NOT" : "", i + 1);
		buf_printf(&m, " LIMIT %zu", limit);
	} else {
		struct buf e = { 0 };
		bool first = true;

		for (i = 0; i < n; i++)
			if (!t[i].neg) {
				if (!first)
					buf_addc(&e, ' ');
				add_quoted(&e, t[i].text);
				first = false;
			}
		for (i = 0; i < n; i++)
			if (t[i].neg) {
				buf_adds(&e, " NOT ");
				add_quoted(&e, t[i].text);
			}
		like = e;
		/* Ranking computes every match's score: past RANK_MAX
		 * matches the hits come in library order instead. */
		ranked = !matches_over(ix, buf_cstr(&like), RANK_MAX);
		buf_printf(&m, "SELECT rowid, line, body, %s, tl FROM "
		    "chunks WHERE chunks MATCH ?1 %s LIMIT %zu",
		    ranked ? "rank" : "0.0", ranked ? "ORDER BY rank" : "",
		    limit);
	}
	if (sqlite3_prepare_v2(ix->db, buf_cstr(&m), -1, &st, NULL) !=
	    SQLITE_OK) {
		db_err(ix, err, "search");
		goto fail;
	}
	if (cjk) {
		for (i = 0; i < n; i++) {
			struct buf l = { 0 };
			const char *p;

			buf_addc(&l, '%');
			for (p = t[i].text; *p; p++) {
				if (*p == '%' || *p == '_' || *p == '\\')
					buf_addc(&l, '\\');
				buf_addc(&l, *p);
			}
			buf_addc(&l, '%');
			sqlite3_bind_text(st, (int)i + 1, l.p, (int)l.len,
			    SQLITE_TRANSIENT);
			buf_free(&l);
		}
	} else
		sqlite3_bind_text(st, 1, buf_cstr(&like), (int)like.len,
		    SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		sqlite3_int64 rowid = sqlite3_column_int64(st, 0);
		const char *body = (const char *)sqlite3_column_text(st, 2);
		const char *path;
		unsigned line = (unsigned)sqlite3_column_int(st, 1), hl;
		int entry;

		if (pst == NULL && sqlite3_prepare_v2(ix->db, "SELECT path "
		    "FROM docs WHERE id=?", -1, &pst, NULL) != SQLITE_OK)
			break;
		sqlite3_bind_int64(pst, 1, rowid >> CHUNK_BITS);
		entry = -1;
		if (sqlite3_step(pst) == SQLITE_ROW &&
		    (path = (const char *)sqlite3_column_text(pst, 0)) != NULL)
			entry = corpus_find_path(c, path);
		sqlite3_reset(pst);
		if (entry < 0 || body == NULL)
			continue;
		hl = hit_line(body, line, t, n);
		h = xreallocarray(h, nh + 1, sizeof(*h));
		h[nh].entry = entry;
		h[nh].line = hl;
		hit_moment(&h[nh], &c->e[entry], body, line, (const char *)
		    sqlite3_column_text(st, 4));
		h[nh].snippet = make_snippet(body, line, hl);
		h[nh].rank = sqlite3_column_double(st, 3);
		nh++;
	}
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		db_err(ix, err, "search");
		index_hits_free(h, nh);
		h = NULL;
		nh = 0;
		goto fail;
	}
	sqlite3_finalize(st);
	sqlite3_finalize(pst);
	buf_free(&m);
	buf_free(&like);
	free_terms(t, n);
	*hits = h;
	return (long)nh;
fail:
	sqlite3_finalize(st);
	sqlite3_finalize(pst);
	buf_free(&m);
	buf_free(&like);
	free_terms(t, n);
	return -1;
}

/* Whether "text" names "name" as words of its own, outside any link's
 * brackets (both folded as the index folds them). */
static bool
names_plainly(const char *text, const char *name)
{
	struct buf	 ft = { 0 }, fn = { 0 };
	const char	*p, *q;
	bool		 r = false;
	int		 depth;

	utf8_fold(&ft, text, strlen(text), NULL);
	utf8_fold(&fn, name, strlen(name), NULL);
	for (p = ft.p; fn.len > 0 && (p = strstr(p, fn.p)) != NULL; p++) {
		if ((p > ft.p && utf8_is_wordbyte((unsigned char)p[-1])) ||
		    utf8_is_wordbyte((unsigned char)p[fn.len]))
			continue;
		for (depth = 0, q = ft.p; q < p; q++)
			depth += *q == '[' ? 1 : *q == ']' ? -1 : 0;
		if (depth > 0)
			continue;	/* a link's text or target */
		r = true;
		break;
	}
	buf_free(&ft);
	buf_free(&fn);
	return r;
}

long
index_unlinked(struct index *ix, const struct corpus *c, size_t i,
    size_t limit, struct index_hit **hits, struct folio_err *err)
{
	const struct entry *e = &c->e[i];
	struct index_hit *h = NULL, *got;
	struct buf	 q = { 0 };
	size_t		 nh = 0, k, a, x;
	long		 n;
	const char	*name, *p;

	*hits = NULL;
	for (a = 0; a <= e->naliases && nh < limit; a++) {
		name = a == 0 ? e->title : e->aliases[a - 1];
		/* Short names mention too much; a title that is only the
		 * file's path is no name. */
		if (name == NULL || strlen(name) < 4 || (a == 0 &&
		    strcmp(name, e->path) == 0))
			continue;
		buf_reset(&q);
		buf_addc(&q, '"');
		for (p = name; *p; p++)
			if (*p != '"')
				buf_addc(&q, *p);
		buf_addc(&q, '"');
		if ((n = index_search(ix, c, buf_cstr(&q), limit * 4, &got,
		    err)) < 0) {
			buf_free(&q);
			index_hits_free(h, nh);
			return -1;
		}
		for (k = 0; k < (size_t)n; k++) {
			for (x = 0; x < nh; x++)
				if (h[x].entry == got[k].entry &&
				    h[x].line == got[k].line)
					break;
			if ((size_t)got[k].entry == i || x < nh ||
			    nh >= limit || corpus_links_to(c,
			    (size_t)got[k].entry, i) || !names_plainly(got[k].snippet, name)) {
				free(got[k].snippet);
				continue;
			}
			h = xreallocarray(h, nh + 1, sizeof(*h));
			h[nh++] = got[k];
		}
		free(got);
	}
	buf_free(&q);
	*hits = h;
	return (long)nh;
}

void
index_hits_free(struct index_hit *h, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		free(h[i].snippet);
	free(h);
}

bool
index_contains(struct index *ix, const struct corpus *c, size_t i,
    const char *phrase)
{
	sqlite3_stmt	*st = NULL;
	struct buf	 q = { 0 };
	sqlite3_int64	 id = 0;
	bool		 r = false;

	sqlite3_bind_text(ix->get_doc, 1, c->e[i].path, -1, SQLITE_STATIC);
	if (sqlite3_step(ix->get_doc) == SQLITE_ROW)
		id = sqlite3_column_int64(ix->get_doc, 0);
	sqlite3_reset(ix->get_doc);
	if (id == 0)
		return false;
	add_quoted(&q, phrase);
	if (sqlite3_prepare_v2(ix->db, "SELECT 1 FROM chunks WHERE chunks "
	    "MATCH ?1 AND rowid BETWEEN ?2 AND ?3 LIMIT 1", -1, &st, NULL) ==
	    SQLITE_OK) {
		sqlite3_bind_text(st, 1, q.p, (int)q.len, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, id << CHUNK_BITS);
		sqlite3_bind_int64(st, 3, ((id + 1) << CHUNK_BITS) - 1);
		r = sqlite3_step(st) == SQLITE_ROW;
	}
	sqlite3_finalize(st);
	buf_free(&q);
	return r;
}
