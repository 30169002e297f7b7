/* SPDX-License-Identifier: ISC */
#include "folio/index.h"

#include <sys/stat.h>

#include <fcntl.h>

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "folio/folio.h"
#include "folio/buf.h"
#include "folio/corpus.h"
#include "folio/search.h"
#include "folio/utf8.h"
#include "folio/xmalloc.h"

#define SCHEMA_VERSION	6
#define CHUNK_BITS	24		/* passages per document: 16 M */
#define RANK_MAX	2000		/* matches read and ranked all at once */
#define RANK_DOCS	64		/* else: documents ranked exactly */
#define READ_DOC	16		/* and passages of each read */
#define PER_DOC		5		/* hits of a document, by default */
#define COMMIT_EVERY	256		/* documents per transaction */
#define DEAD_MAX	4096		/* rows left behind before a rebuild */

struct index {
	sqlite3		*db;
	char		*path;
	sqlite3_stmt	*get_doc, *put_doc, *del_doc, *put_chunk;
	struct index_pre *pre;		/* read ahead for one query */
	void		(*wait)(void *);	/* before placing hits */
	void		*wait_arg;
};

/* What index_prefetch() reads: the documents held (paths in one block)
 * and the query's matching rows, each list with whether it was read. */
struct pre_doc {
	sqlite3_int64	 id, size, mtime, nchunks;
	size_t		 path;		/* offset in paths */
	size_t		 offs, noffs;	/* its passages' offsets, there */
};

struct index_pre {
	pthread_t	 th;
	bool		 thread;
	char		*path;
	char		*query;
	struct index	*ix;
	struct pre_doc	*docs;
	size_t		 ndocs;
	char		*paths;		/* their paths, each NUL-ended, and
					   passage offsets (docs.offs) */
	size_t		 plen;
	bool		 docs_ok;
	sqlite3_int64	*rows;
	size_t		 nrows;
	bool		 rows_ok;
};

/*
 * The passages' text is not stored (content=''): a hit is read again
 * from its file, which the index holds only while its size and mtime are
 * unchanged.  docs.offs: the passages' first bytes, as varints of their
 * differences.  A contentless table cannot forget a row without its text,
 * so an edited or vanished document leaves its rows behind under an id
 * no document has (meta.dead counts them); the table is emptied and
 * built again when they outnumber the live ones.
 */
static const char schema[] =
	"PRAGMA page_size=16384;"	/* a new index's: fewer reads */
	"PRAGMA journal_mode=WAL;"
	"PRAGMA synchronous=OFF;"
	"PRAGMA secure_delete=OFF;"
	"CREATE TABLE IF NOT EXISTS meta(k TEXT PRIMARY KEY, v);"
	"CREATE TABLE IF NOT EXISTS docs(id INTEGER PRIMARY KEY,"
	" path TEXT UNIQUE NOT NULL, size INTEGER, mtime INTEGER,"
	" nchunks INTEGER, offs BLOB);"
	"CREATE VIRTUAL TABLE IF NOT EXISTS chunks USING fts5(body,"
	" content='', tokenize='unicode61 remove_diacritics 2');";

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
	sqlite3_finalize(ix->put_chunk);
	ix->get_doc = ix->put_doc = ix->del_doc = ix->put_chunk = NULL;
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
	    "size,mtime,nchunks,offs) VALUES(?,?,?,?,?,?)", -1, &ix->put_doc,
	    NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(ix->db, "DELETE FROM docs WHERE id=?", -1,
	    &ix->del_doc, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(ix->db, "INSERT INTO chunks(rowid,body) "
	    "VALUES(?,?)", -1, &ix->put_chunk, NULL) != SQLITE_OK)
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

/*
 * Make the database private before SQLite opens it: SQLite gives its
 * write-ahead log and shared-memory files the database's permissions, so
 * the file is created 0600 here (and any left from an older run that
 * made them 0644 are narrowed).
 */
static void
private_files(const char *path)
{
	static const char *const sfx[] = { "", "-wal", "-shm" };
	char	*p;
	size_t	 i;
	int	 fd;

	for (i = 0; i < ARRAY_SIZE(sfx); i++) {
		p = xasprintf("%s%s", path, sfx[i]);
		if (i == 0 && (fd = open(p, O_RDWR | O_CREAT | O_CLOEXEC |
		    O_NOFOLLOW, 0600)) != -1)
			close(fd);
		(void)chmod(p, 0600);
		free(p);
	}
}

/*
 * Give SQLite's page cache one block of memory advised to huge pages,
 * once, before SQLite first starts (after that it keeps its own): a
 * query reads hundreds of pages, and each fresh 4 KB of malloc's heap
 * is a fault costing ~11 us in a virtual machine that shadows page
 * tables.  Its slots fit the index's 16 KB pages (a read each, where
 * 4 KB pages took four: "tsmc" read 833 pages at 4 KB, 365 at 16 KB;
 * 64 KB pages made the index 5% bigger and no faster).  The block is
 * never freed (SQLite holds it to the end).
 */
static void
page_cache_once(void)
{
	enum { SLOT = 16384 + 512, SLOTS = (2 << 20) / SLOT };
	void	*mem = xbigarray(NULL, 0, SLOTS, SLOT);

	if (sqlite3_config(SQLITE_CONFIG_PAGECACHE, mem, SLOT, SLOTS) !=
	    SQLITE_OK)
		free(mem);
}

int
index_open(struct index **out, const char *path, struct folio_err *err)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	struct index	*ix;

	(void)pthread_once(&once, page_cache_once);

	ix = xcalloc(1, sizeof(*ix));
	ix->path = xstrdup(path);
	make_parents(path);
	private_files(path);
	if (try_open(ix, err) == -1) {
		int rc = ix->db != NULL ? sqlite3_errcode(ix->db) : SQLITE_OK;

		/* Busy (another process rebuilding it): not damaged, so not
		 * to be deleted; the caller goes without. */
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
			index_close(ix);
			return -1;
		}
		/* A cache: start again from nothing. */
		finalize_all(ix);
		sqlite3_close(ix->db);
		ix->db = NULL;
		drop_files(path);
		private_files(path);
		if (try_open(ix, err) == -1) {
			index_close(ix);
			return -1;
		}
	}
	*out = ix;
	return 0;
}

static void	pre_free(struct index_pre *);

void
index_before_placing(struct index *ix, void (*wait)(void *), void *arg)
{
	ix->wait = wait;
	ix->wait_arg = arg;
}

/* Call the caller's wait, once. */
static void
wait_once(struct index *ix)
{
	if (ix != NULL && ix->wait != NULL) {
		ix->wait(ix->wait_arg);
		ix->wait = NULL;
	}
}

void
index_close(struct index *ix)
{
	if (ix == NULL)
		return;
	wait_once(ix);
	pre_free(ix->pre);
	finalize_all(ix);
	sqlite3_close(ix->db);
	free(ix->path);
	free(ix);
}

/* Free what index_prefetch() read (NULL allowed). */
static void
pre_free(struct index_pre *pre)
{
	if (pre == NULL)
		return;
	free(pre->path);
	free(pre->query);
	free(pre->docs);
	free(pre->paths);
	free(pre->rows);
	free(pre);
}

/* The rowids of the passages matching FTS expression "expr" into
 * *rows (*n of them); SQLITE_DONE or an error code. */
static int
match_rows(struct index *ix, const struct buf *expr, sqlite3_int64 **rows,
    size_t *n)
{
	sqlite3_stmt	*st = NULL;
	size_t		 cap = 0;
	int		 rc;

	*rows = NULL;
	*n = 0;
	if ((rc = sqlite3_prepare_v2(ix->db, "SELECT rowid FROM chunks WHERE "
	    "chunks MATCH ?1", -1, &st, NULL)) != SQLITE_OK)
		return rc;
	sqlite3_bind_text(st, 1, expr->p, (int)expr->len, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = xbiggrow(cap, 1024, sizeof(**rows));
			*rows = xbigarray(*rows, *n, cap, sizeof(**rows));
		}
		(*rows)[(*n)++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	return rc;
}

/* Open the index and read the documents it holds and the query's rows
 * (a thread's start routine, or called directly); returns NULL. */
static void *
prefetch(void *arg)
{
	struct index_pre *pre = arg;
	struct folio_err err;
	struct search_query sq;
	struct buf	 expr = { 0 };
	sqlite3_stmt	*st = NULL;
	const char	*p;
	int		 rc;

	if (index_open(&pre->ix, pre->path, &err) == -1) {
		pre->ix = NULL;
		return NULL;
	}
	if (sqlite3_prepare_v2(pre->ix->db, "SELECT id, path, size, mtime, "
	    "nchunks, offs FROM docs", -1, &st, NULL) == SQLITE_OK) {
		size_t cap = 0, pcap = 0, n;
		const void *o;

		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			struct pre_doc *d;

			if ((p = (const char *)sqlite3_column_text(st, 1)) ==
			    NULL)
				continue;
			if (pre->ndocs == cap) {
				cap = xbiggrow(cap, 1024, sizeof(*pre->docs));
				pre->docs = xbigarray(pre->docs, pre->ndocs,
				    cap, sizeof(*pre->docs));
			}
			d = &pre->docs[pre->ndocs++];
			d->id = sqlite3_column_int64(st, 0);
			d->size = sqlite3_column_int64(st, 2);
			d->mtime = sqlite3_column_int64(st, 3);
			d->nchunks = sqlite3_column_int64(st, 4);
			d->path = pre->plen;
			n = strlen(p) + 1;
			o = sqlite3_column_blob(st, 5);
			d->noffs = o != NULL ? (size_t)sqlite3_column_bytes(st,
			    5) : 0;
			if (pre->plen + n + d->noffs > pcap) {
				while (pre->plen + n + d->noffs > pcap)
					pcap = xbiggrow(pcap, 16384, 1);
				pre->paths = xbigarray(pre->paths, pre->plen,
				    pcap, 1);
			}
			memcpy(pre->paths + pre->plen, p, n);
			pre->plen += n;
			d->offs = pre->plen;
			if (d->noffs > 0)
				memcpy(pre->paths + pre->plen, o, d->noffs);
			pre->plen += d->noffs;
		}
		pre->docs_ok = rc == SQLITE_DONE;
		sqlite3_finalize(st);
	}
	err_clear(&err);
	if (search_parse(&sq, pre->query, &err) == -1)
		return NULL;
	search_fts_expr(&expr, &sq);
	pre->rows_ok = match_rows(pre->ix, &expr, &pre->rows, &pre->nrows) ==
	    SQLITE_DONE;
	buf_free(&expr);
	search_query_free(&sq);
	return NULL;
}

struct index_pre *
index_prefetch(const char *path, const char *query)
{
	struct index_pre *pre = xcalloc(1, sizeof(*pre));

	pre->path = xstrdup(path);
	pre->query = xstrdup(query);
	pre->thread = pthread_create(&pre->th, NULL, prefetch, pre) == 0;
	return pre;
}

struct index *
index_prefetched(struct index_pre *pre)
{
	struct index	*ix;

	if (pre == NULL)
		return NULL;
	if (pre->thread)
		pthread_join(pre->th, NULL);
	else
		prefetch(pre);
	if ((ix = pre->ix) == NULL) {
		pre_free(pre);
		return NULL;
	}
	pre->ix = NULL;
	ix->pre = pre;
	return ix;
}

uint64_t
index_bytes(const struct index *ix)
{
	struct stat	 sb;
	uint64_t	 n = 0;
	char		*p;

	if (stat(ix->path, &sb) == 0)
		n += (uint64_t)sb.st_size;
	p = xasprintf("%s-wal", ix->path);
	if (stat(p, &sb) == 0)
		n += (uint64_t)sb.st_size;
	free(p);
	return n;
}

/* ---- the library's paths ------------------------------------------------- */

/* Entries by path, for matching the index's rows to the library without
 * the library's own maps (a search may not have built them). */
struct pathmap {
	int32_t		*slot;		/* entry + 1, or 0 */
	size_t		 mask;
	const struct corpus *c;
};

/* FNV-1a of a path. */
static uint64_t
path_hash(const char *s)
{
	uint64_t	 h = 1469598103934665603ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/* Fill the map with every entry of the library (heap: free m->slot). */
static void
pathmap_init(struct pathmap *m, const struct corpus *c)
{
	size_t	 n = 16, i, k;

	while (n < 2 * c->n + 2)
		n *= 2;
	m->slot = xbigcalloc(n, sizeof(*m->slot));
	m->mask = n - 1;
	m->c = c;
	for (i = 0; i < c->n; i++) {
		for (k = path_hash(c->e[i].path) & m->mask; m->slot[k] != 0;
		    k = (k + 1) & m->mask)
			continue;
		m->slot[k] = (int32_t)i + 1;
	}
}

/* The first entry of path "p", or -1. */
static int
pathmap_get(const struct pathmap *m, const char *p)
{
	size_t	 k;

	for (k = path_hash(p) & m->mask; m->slot[k] != 0; k = (k + 1) &
	    m->mask)
		if (strcmp(m->c->e[m->slot[k] - 1].path, p) == 0)
			return m->slot[k] - 1;
	return -1;
}

/* ---- building ------------------------------------------------------------ */

/* A number in meta, or 0. */
static sqlite3_int64
meta_get(struct index *ix, const char *k)
{
	sqlite3_stmt	*st = NULL;
	sqlite3_int64	 v = 0;

	if (sqlite3_prepare_v2(ix->db, "SELECT v FROM meta WHERE k=?", -1,
	    &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, k, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW)
			v = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	return v;
}

/* Set a number in meta. */
static void
meta_set(struct index *ix, const char *k, sqlite3_int64 v)
{
	sqlite3_stmt	*st = NULL;

	if (sqlite3_prepare_v2(ix->db, "INSERT OR REPLACE INTO meta VALUES"
	    "(?,?)", -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, k, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, v);
		sqlite3_step(st);
	}
	sqlite3_finalize(st);
}

/* Append n as a varint (7 bits a byte, the high bit: more follow). */
static void
put_varint(struct buf *b, uint64_t n)
{
	while (n >= 0x80) {
		buf_addc(b, (int)((n & 0x7f) | 0x80));
		n >>= 7;
	}
	buf_addc(b, (int)n);
}


/* Index the body of s[0..len) as passages under document "id"; their
 * first bytes go to "offs".  Returns the passages, or -1. */
static long
put_chunks(struct index *ix, sqlite3_int64 id, const char *path,
    const char *s, size_t len, struct buf *offs, struct buf *fold)
{
	size_t		 p, q, last = 0;
	long		 n = 0;

	buf_reset(offs);
	for (p = search_body_off(path, s, len); p < len; p = q) {
		q = search_chunk_end(s, p, len);
		sqlite3_bind_int64(ix->put_chunk, 1, (id << CHUNK_BITS) |
		    (sqlite3_int64)n);
		/* Folded as folio folds words (ß -> ss, ﬁ -> fi), so that
		 * the index finds what the scan finds. */
		buf_reset(fold);
		utf8_fold(fold, s + p, q - p, NULL);
		sqlite3_bind_text(ix->put_chunk, 2, buf_cstr(fold),
		    (int)fold->len, SQLITE_STATIC);
		if (sqlite3_step(ix->put_chunk) != SQLITE_DONE) {
			sqlite3_reset(ix->put_chunk);
			return -1;
		}
		sqlite3_reset(ix->put_chunk);
		put_varint(offs, p - last);
		last = p;
		if (++n >= (1L << CHUNK_BITS) - 1)
			break;
	}
	return n;
}

/* Forget every document: the index is built again from nothing. */
static int
reset_all(struct index *ix)
{
	if (sqlite3_exec(ix->db, "INSERT INTO chunks(chunks) VALUES"
	    "('delete-all'); DELETE FROM docs;", NULL, NULL, NULL) !=
	    SQLITE_OK)
		return -1;
	meta_set(ix, "dead", 0);
	return 0;
}

long
index_update(struct index *ix, const struct corpus *c,
    int (*progress)(size_t, size_t, void *), void *arg,
    struct folio_err *err)
{
	sqlite3_stmt	*all = NULL;
	struct buf	 text = { 0 }, offs = { 0 }, fold = { 0 };
	sqlite3_int64	 next_id = 1, *ids = NULL, *gone = NULL, dead, live = 0;
	sqlite3_int64	*gonen = NULL;
	uint8_t		*fresh = NULL;
	struct pathmap	 pm = { 0 };
	bool		 reset = false;
	size_t		 i, ngone = 0, batch = 0;
	long		 changed = 0;

	if (sqlite3_exec(ix->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		return db_err(ix, err, "begin");
	/* Rows left behind by edits outnumber the live ones: start again. */
	dead = meta_get(ix, "dead");
	if (sqlite3_prepare_v2(ix->db, "SELECT coalesce(max(id),0)+1, "
	    "coalesce(sum(nchunks),0) FROM docs", -1, &all, NULL) ==
	    SQLITE_OK && sqlite3_step(all) == SQLITE_ROW) {
		next_id = sqlite3_column_int64(all, 0);
		live = sqlite3_column_int64(all, 1);
	}
	sqlite3_finalize(all);
	if (dead > DEAD_MAX && dead > live) {
		if (reset_all(ix) == -1)
			goto fail;
		dead = live = 0;
		reset = true;
	}
	/* What the index holds, in one pass: which entries are fresh, and
	 * the rows of documents no longer in the library (gone). */
	ids = xcalloc(c->n + 1, sizeof(*ids));
	fresh = xcalloc(c->n + 1, 1);
	pathmap_init(&pm, c);
	if (sqlite3_prepare_v2(ix->db, "SELECT id, path, size, mtime, nchunks "
	    "FROM docs", -1, &all, NULL) == SQLITE_OK) {
		while (sqlite3_step(all) == SQLITE_ROW) {
			const char *p = (const char *)sqlite3_column_text(all,
			    1);
			int k = p != NULL ? pathmap_get(&pm, p) : -1;

			if (k >= 0 && ids[k] == 0) {
				ids[k] = sqlite3_column_int64(all, 0);
				fresh[k] = c->e[k].mtime != 0 &&
				    sqlite3_column_int64(all, 2) ==
				    c->e[k].size &&
				    sqlite3_column_int64(all, 3) ==
				    c->e[k].mtime;
				if (!fresh[k])
					dead += sqlite3_column_int64(all, 4);
				continue;
			}
			gone = xreallocarray(gone, ngone + 1, sizeof(*gone));
			gonen = xreallocarray(gonen, ngone + 1,
			    sizeof(*gonen));
			gone[ngone] = sqlite3_column_int64(all, 0);
			gonen[ngone++] = sqlite3_column_int64(all, 4);
		}
		sqlite3_finalize(all);
	}
	for (i = 0; i < ngone; i++) {
		sqlite3_bind_int64(ix->del_doc, 1, gone[i]);
		sqlite3_step(ix->del_doc);
		sqlite3_reset(ix->del_doc);
		dead += gonen[i];
		changed++;
	}
	for (i = 0; i < c->n; i++) {
		const struct entry *e = &c->e[i];
		int64_t size, mtime;
		long nch;

		/* Asked to stop: what is done so far is kept. */
		if (progress != NULL && progress(i, c->n, arg) != 0)
			break;
		if (fresh[i])
			continue;
		if (ids[i] != 0) {
			/* Its old rows stay behind under the old id. */
			sqlite3_bind_int64(ix->del_doc, 1, ids[i]);
			sqlite3_step(ix->del_doc);
			sqlite3_reset(ix->del_doc);
		}
		if (buf_read_file(&text, e->abspath, &size, &mtime) == -1)
			continue;
		if ((nch = put_chunks(ix, next_id, e->path, text.p, text.len,
		    &offs, &fold)) < 0)
			goto fail;
		sqlite3_bind_int64(ix->put_doc, 1, next_id++);
		sqlite3_bind_text(ix->put_doc, 2, e->path, -1, SQLITE_STATIC);
		sqlite3_bind_int64(ix->put_doc, 3, size);
		sqlite3_bind_int64(ix->put_doc, 4, mtime);
		sqlite3_bind_int64(ix->put_doc, 5, nch);
		sqlite3_bind_blob(ix->put_doc, 6, offs.p, (int)offs.len,
		    SQLITE_STATIC);
		if (sqlite3_step(ix->put_doc) != SQLITE_DONE) {
			sqlite3_reset(ix->put_doc);
			goto fail;
		}
		sqlite3_reset(ix->put_doc);
		changed++;
		/* Commit now and then: searches meanwhile see the documents
		 * done so far, and a stop keeps them. */
		if (++batch >= COMMIT_EVERY) {
			batch = 0;
			meta_set(ix, "dead", dead);
			if (sqlite3_exec(ix->db, "COMMIT; BEGIN", NULL, NULL,
			    NULL) != SQLITE_OK)
				goto fail;
		}
	}
	meta_set(ix, "dead", dead);
	free(pm.slot);
	free(ids);
	free(fresh);
	free(gone);
	free(gonen);
	buf_free(&text);
	buf_free(&offs);
	buf_free(&fold);
	if (sqlite3_exec(ix->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		return db_err(ix, err, "commit");
	/* Built again from nothing: give the old pages back; and keep the
	 * write-ahead log from growing. */
	if (reset)
		(void)sqlite3_exec(ix->db, "VACUUM", NULL, NULL, NULL);
	if (changed > 0)
		(void)sqlite3_exec(ix->db, "PRAGMA wal_checkpoint(TRUNCATE)",
		    NULL, NULL, NULL);
	if (progress != NULL)
		(void)progress(c->n, c->n, arg);
	return changed;
fail:
	free(pm.slot);
	free(ids);
	free(fresh);
	free(gone);
	free(gonen);
	buf_free(&text);
	buf_free(&offs);
	buf_free(&fold);
	db_err(ix, err, "update");
	sqlite3_exec(ix->db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

/* ---- queries ------------------------------------------------------------- */

/* A fresh document of the index: its id, entry and passages' offsets. */
struct held {
	sqlite3_int64	 id;
	int		 entry;
	uint32_t	 nmatch;	/* matching passages (then a score) */
	uint32_t	 nraw;		/* matching passages */
	uint32_t	 seen;
	uint32_t	*dec;		/* offs decoded (heap), or NULL */
	size_t		 ndec;
	const unsigned char *roffs;	/* offs as read ahead, or NULL */
	size_t		 nroffs;
};

struct holding {
	struct held	*h;		/* by id */
	size_t		 n, cap;
	sqlite3_stmt	*offs;		/* a document's offsets, read when
					   one of its passages is */
	uint8_t		*fresh;		/* by entry */
	uint64_t	 npassages;	/* of them all */
};

/* qsort, bsearch: held documents by id. */
static int
by_id(const void *a, const void *b)
{
	const struct held *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

/* The documents the index holds as they are now (their passages'
 * offsets are read only for those a query finds). */
static void
holding(struct index *ix, const struct corpus *c, struct holding *hd,
    const struct index_pre *pre)
{
	sqlite3_stmt	*st = NULL;
	struct pathmap	 pm = { 0 };
	struct pre_doc	 row;
	size_t		 i = 0, next = 0;

	memset(hd, 0, sizeof(*hd));
	hd->fresh = xcalloc(c->n + 1, 1);
	if (ix == NULL || (pre == NULL && sqlite3_prepare_v2(ix->db, "SELECT "
	    "id, path, size, mtime, nchunks FROM docs", -1, &st, NULL) !=
	    SQLITE_OK))
		return;
	if (sqlite3_prepare_v2(ix->db, "SELECT offs FROM docs WHERE id=?",
	    -1, &hd->offs, NULL) != SQLITE_OK) {
		sqlite3_finalize(st);
		return;
	}
	/* The rows as read ahead, or as the database gives them now. */
	for (;;) {
		const char *p;
		int k;
		struct held *h;

		if (pre != NULL) {
			if (i >= pre->ndocs)
				break;
			row = pre->docs[i++];
			p = pre->paths + row.path;
		} else {
			if (sqlite3_step(st) != SQLITE_ROW)
				break;
			row.id = sqlite3_column_int64(st, 0);
			p = (const char *)sqlite3_column_text(st, 1);
			row.size = sqlite3_column_int64(st, 2);
			row.mtime = sqlite3_column_int64(st, 3);
			row.nchunks = sqlite3_column_int64(st, 4);
			row.offs = row.noffs = 0;
		}
		/* An index built from a walk holds its documents in the
		 * walk's order: the entry after the last one first (one
		 * root: its paths are its own), else the map. */
		if (p != NULL && c->nroots == 1 && next < c->n &&
		    strcmp(c->e[next].path, p) == 0)
			k = (int)next;
		else {
			if (pm.slot == NULL && p != NULL)
				pathmap_init(&pm, c);
			k = p != NULL ? pathmap_get(&pm, p) : -1;
		}
		if (k >= 0)
			next = (size_t)k + 1;
		if (k < 0 || hd->fresh[k] || c->e[k].mtime == 0 ||
		    row.size != c->e[k].size || row.mtime != c->e[k].mtime)
			continue;
		hd->fresh[k] = 1;
		if (hd->n == hd->cap) {
			hd->cap = xbiggrow(hd->cap, 256, sizeof(*hd->h));
			hd->h = xbigarray(hd->h, hd->n, hd->cap,
			    sizeof(*hd->h));
		}
		h = &hd->h[hd->n++];
		h->id = row.id;
		h->entry = k;
		h->nmatch = h->nraw = h->seen = 0;
		h->dec = NULL;
		h->ndec = 0;
		/* (pre outlives the passages' offsets being read.) */
		h->roffs = row.noffs > 0 ? (const unsigned char *)pre->paths +
		    row.offs : NULL;
		h->nroffs = row.noffs;
		hd->npassages += (uint64_t)row.nchunks;
	}
	sqlite3_finalize(st);
	free(pm.slot);
	/* The rows come by id as a rule: sorted only if not. */
	for (i = 1; i < hd->n && hd->h[i - 1].id < hd->h[i].id; i++)
		continue;
	if (i < hd->n)
		qsort(hd->h, hd->n, sizeof(*hd->h), by_id);
}

/* Free what holding() filled in. */
static void
holding_free(struct holding *hd)
{
	size_t	 i;

	for (i = 0; i < hd->n; i++)
		free(hd->h[i].dec);
	free(hd->h);
	free(hd->fresh);
	sqlite3_finalize(hd->offs);
}

/* Hold nothing after all: every document is to be read. */
static void
holding_forget(struct holding *hd, size_t n)
{
	size_t	 i;

	for (i = 0; i < hd->n; i++)
		free(hd->h[i].dec);
	hd->n = 0;
	hd->npassages = 0;
	memset(hd->fresh, 0, n);
}

/* The held document of index id "id", or NULL. */
static struct held *
find_held(struct holding *hd, sqlite3_int64 id)
{
	struct held	 key = { .id = id };

	return hd->n == 0 ? NULL : bsearch(&key, hd->h, hd->n,
	    sizeof(*hd->h), by_id);
}

/* The first byte of passage "n" of a held document, or -1 (the offsets
 * are read and decoded once, on first use). */
static int64_t
passage_off(struct holding *hd, struct held *h, size_t n)
{
	const unsigned char *offs = NULL;
	size_t		 i = 0, noffs = 0;
	uint64_t	 off = 0, v;
	int		 sh;

	if (h->dec == NULL) {
		/* As read ahead, or asked for now. */
		if (h->roffs != NULL) {
			offs = h->roffs;
			noffs = h->nroffs;
		} else {
			sqlite3_bind_int64(hd->offs, 1, h->id);
			if (sqlite3_step(hd->offs) == SQLITE_ROW) {
				offs = sqlite3_column_blob(hd->offs, 0);
				noffs = (size_t)sqlite3_column_bytes(hd->offs,
				    0);
			}
		}
		h->dec = xreallocarray(NULL, noffs + 1, sizeof(*h->dec));
		while (offs != NULL && i < noffs) {
			for (v = 0, sh = 0; i < noffs && sh < 64; i++,
			    sh += 7) {
				v |= (uint64_t)(offs[i] & 0x7f) << sh;
				if (!(offs[i] & 0x80)) {
					i++;
					break;
				}
			}
			off += v;
			h->dec[h->ndec++] = (uint32_t)off;
		}
		sqlite3_reset(hd->offs);
	}
	return n < h->ndec ? (int64_t)h->dec[n] : -1;
}

/* A held document's place by the cheap score (matching passages, damped
 * by size): greater is better, the first entry first on a tie; no two
 * are equal. */
static uint64_t
rank_key(const struct held *h)
{
	return (uint64_t)h->nmatch << 32 | (UINT32_MAX - (uint32_t)h->entry);
}

/* The k-th largest of the n (> k > 0) distinct keys of v, which are
 * moved about (a selection, not a sort). */
static uint64_t
kth_largest(uint64_t *v, size_t n, size_t k)
{
	size_t		 lo = 0, hi = n - 1, i, j;
	uint64_t	 pivot, t;

	k--;			/* its index, largest first */
	while (lo < hi) {
		pivot = v[lo + (hi - lo) / 2];
		for (i = lo, j = hi; i <= j;) {
			while (v[i] > pivot)
				i++;
			while (v[j] < pivot)
				j--;
			if (i <= j) {
				t = v[i];
				v[i] = v[j];
				v[j] = t;
				i++;
				if (j == 0)
					break;
				j--;
			}
		}
		if (k <= j)
			hi = j;
		else if (k >= i)
			lo = i;
		else
			break;
	}
	return v[k];
}

/*
 * The index's matching passages among held documents, read again from
 * their files to be scored (as scanned ones are).  Few matches are all
 * read; past RANK_MAX, only those of the "want_docs" documents with the
 * most matching passages for their size (counting rowids is cheap), at
 * most READ_DOC of each: the work stays bounded however common the
 * words.  *nmatch: all the matches.
 */
static int
indexed_passages(struct index *ix, const struct corpus *c,
    const struct search_query *sq, struct holding *hd,
    struct index_pre *pre, size_t want_docs, struct search_passage **p,
    size_t *n, size_t *nmatch, struct folio_err *err)
{
	struct buf	 expr = { 0 };
	sqlite3_int64	*rows = NULL;
	size_t		 nrows = 0, all, i, stride = 0;
	int64_t		 off;
	struct held	*h;
	double		 avg = 0;
	int		 rc = SQLITE_DONE;

	*p = NULL;
	*n = 0;
	*nmatch = 0;
	if (hd->n == 0)
		return 0;
	/* The matching rows as read ahead, or asked for now. */
	if (pre != NULL && pre->rows_ok) {
		rows = pre->rows;
		all = pre->nrows;
		pre->rows = NULL;
	} else {
		search_fts_expr(&expr, sq);
		rc = match_rows(ix, &expr, &rows, &all);
		buf_free(&expr);
	}
	if (rc != SQLITE_DONE) {
		free(rows);
		return db_err(ix, err, "search");
	}
	/* Those of held documents, counted.  Rows come by rowid: a
	 * document's passages one after another. */
	for (h = NULL, i = 0; i < all; i++) {
		if ((h == NULL || h->id != rows[i] >> CHUNK_BITS) &&
		    (h = find_held(hd, rows[i] >> CHUNK_BITS)) == NULL)
			continue;
		h->nmatch++;
		h->nraw++;
		rows[nrows++] = rows[i];
	}
	*nmatch = nrows;
	if (nrows > RANK_MAX) {
		/* The cheap score: matching passages over the passages a
		 * document of its size would have on average; the best
		 * documents are kept (nmatch 0 marks the others). */
		for (i = 0; i < hd->n; i++)
			avg += (double)c->e[hd->h[i].entry].size;
		avg /= (double)hd->n;
		for (i = 0; i < hd->n; i++) {
			double len = (double)c->e[hd->h[i].entry].size /
			    (avg > 0 ? avg : 1);
			double m = hd->h[i].nmatch;

			hd->h[i].nmatch = m > 0 ? 1 + (uint32_t)(1e6 * m /
			    (m + 1.2 * (0.25 + 0.75 * len))) : 0;
		}
		if (want_docs < hd->n) {
			uint64_t *key = xreallocarray(NULL, hd->n,
			    sizeof(*key)), cut;

			/* The want_docs best (ties: the first entries). */
			for (i = 0; i < hd->n; i++)
				key[i] = rank_key(&hd->h[i]);
			cut = kth_largest(key, hd->n, want_docs);
			for (i = 0; i < hd->n; i++)
				if (rank_key(&hd->h[i]) < cut)
					hd->h[i].nmatch = 0;
			free(key);
		}
		/* ...and of each, at most READ_DOC passages, spread out. */
		stride = 1;
	}
	for (h = NULL, i = 0; i < nrows; i++) {
		if (h == NULL || h->id != rows[i] >> CHUNK_BITS)
			h = find_held(hd, rows[i] >> CHUNK_BITS);
		if (h == NULL || h->nmatch == 0)
			continue;
		if (stride && h->nraw > READ_DOC &&
		    h->seen++ % ((h->nraw + READ_DOC - 1) / READ_DOC) != 0)
			continue;
		if (*n % 1024 == 0)
			*p = xreallocarray(*p, *n + 1024, sizeof(**p));
		memset(&(*p)[*n], 0, sizeof(**p));
		(*p)[*n].entry = h->entry;
		off = passage_off(hd, h, (size_t)(rows[i] & ((1 << CHUNK_BITS) -
		    1)));
		(*p)[*n].off = (uint32_t)off;
		if (off >= 0)
			(*n)++;
	}
	free(rows);
	*n = search_measure(c, sq, *p, *n);
	return 0;
}

long
index_query(struct index *ix, const struct corpus *c, const char *query,
    size_t limit, size_t per_doc, struct index_hit **hits,
    struct index_answer *ans, struct folio_err *err)
{
	struct search_query sq;
	struct holding	 hd;
	struct search_passage *p = NULL, *sp = NULL;
	struct search_scan_stats st = { 0 };
	struct index_pre *pre = NULL;
	size_t		 np = 0, nsp = 0, i, nstale = 0, nmatch = 0;
	uint8_t		*want;
	long		 r;

	*hits = NULL;
	if (per_doc == 0)
		per_doc = PER_DOC;
	if (search_parse(&sq, query, err) == -1)
		return -1;
	/* What was read ahead for this query, used once. */
	if (ix != NULL && ix->pre != NULL && strcmp(ix->pre->query, query) ==
	    0 && ix->pre->docs_ok)
		pre = ix->pre;
	holding(ix, c, &hd, pre);
	for (i = 0; i < sq.n; i++)
		if (sq.t[i].cjk) {
			/* unicode61 does not split CJK runs into words: such
			 * a term is found by reading the documents. */
			holding_forget(&hd, c->n);
		}
	if (ix != NULL && indexed_passages(ix, c, &sq, &hd, pre, limit /
	    per_doc + RANK_DOCS, &p, &np, &nmatch, err) == -1) {
		/* A broken index: read everything. */
		holding_forget(&hd, c->n);
		nmatch = 0;
	}
	if (ix != NULL) {
		pre_free(ix->pre);
		ix->pre = NULL;
	}
	want = xcalloc(c->n + 1, 1);
	for (i = 0; i < c->n; i++)
		if (!hd.fresh[i]) {
			want[i] = 1;
			nstale++;
		}
	if (nstale > 0 && search_scan(c, want, &sq, &sp, &nsp, &st, err) ==
	    -1) {
		free(want);
		free(p);
		holding_free(&hd);
		search_query_free(&sq);
		return -1;
	}
	if (np == 0) {			/* none held: those read, as they are */
		free(p);
		p = sp;
		np = nsp;
	} else if (nsp > 0) {
		p = xbigarray(p, np, np + nsp, sizeof(*p));
		memcpy(p + np, sp, nsp * sizeof(*p));
		np += nsp;
		free(sp);
	} else
		free(sp);
	/* One bm25 over both: the passages the index holds and those read. */
	search_bm25(&sq, p, np, (double)(hd.npassages + st.passages),
	    (double)(nmatch + nsp));
	if (ans != NULL) {
		ans->indexed = hd.n;
		ans->scanned = nstale;
		ans->provisional = nstale > 0;
	}
	wait_once(ix);		/* the caller's summaries, for placing */
	r = search_rank(c, &sq, p, np, limit, per_doc, hits, err);
	free(want);
	free(p);
	holding_free(&hd);
	search_query_free(&sq);
	return r;
}

long
index_search(struct index *ix, const struct corpus *c, const char *query,
    size_t limit, struct index_hit **hits, struct folio_err *err)
{
	return index_query(ix, c, query, limit, 0, hits, NULL, err);
}

/* Whether "text" names "name" as words of its own, outside any link's
 * brackets (both folded as the index folds them). */
static bool
names_plainly(const char *text, size_t len, const char *name)
{
	struct buf	 ft = { 0 }, fn = { 0 };
	const char	*p, *q;
	bool		 r = false;
	int		 depth;

	utf8_fold(&ft, text, len, NULL);
	utf8_fold(&fn, name, strlen(name), NULL);
	for (p = buf_cstr(&ft); fn.len > 0 && (p = strstr(p, fn.p)) != NULL;
	    p++) {
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

/* Whether the source line of hit "h" names "name" plainly. */
static bool
line_names(const struct corpus *c, const struct index_hit *h,
    const char *name, struct buf *b)
{
	int64_t		 size, mtime;
	size_t		 ls, le;

	if (buf_read_file(b, c->e[h->entry].abspath, &size, &mtime) == -1 ||
	    h->off > b->len)
		return false;
	ls = h->off;
	for (le = ls; le < b->len && b->p[le] != '\n'; le++)
		continue;
	return names_plainly(b->p + ls, le - ls, name);
}

long
index_unlinked(struct index *ix, const struct corpus *c, size_t i,
    size_t limit, struct index_hit **hits, struct folio_err *err)
{
	const struct entry *e = &c->e[i];
	struct index_hit *h = NULL, *got;
	struct buf	 q = { 0 }, text = { 0 };
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
		if ((n = index_query(ix, c, buf_cstr(&q), limit * 4, limit * 4,
		    &got, NULL, err)) < 0) {
			buf_free(&q);
			buf_free(&text);
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
			    (size_t)got[k].entry, i) ||
			    !line_names(c, &got[k], name, &text)) {
				free(got[k].snippet);
				free(got[k].title);
				continue;
			}
			h = xreallocarray(h, nh + 1, sizeof(*h));
			h[nh++] = got[k];
		}
		free(got);
	}
	buf_free(&q);
	buf_free(&text);
	*hits = h;
	return (long)nh;
}

void
index_hits_free(struct index_hit *h, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		free(h[i].snippet);
		free(h[i].title);
	}
	free(h);
}

bool
index_contains(struct index *ix, const struct corpus *c, size_t i,
    const char *phrase)
{
	sqlite3_stmt	*st = NULL;
	struct buf	 q = { 0 }, f = { 0 };
	sqlite3_int64	 id = 0;
	bool		 r = false;

	sqlite3_bind_text(ix->get_doc, 1, c->e[i].path, -1, SQLITE_STATIC);
	if (sqlite3_step(ix->get_doc) == SQLITE_ROW)
		id = sqlite3_column_int64(ix->get_doc, 0);
	sqlite3_reset(ix->get_doc);
	if (id == 0)
		return false;
	utf8_fold(&f, phrase, strlen(phrase), NULL);	/* as indexed */
	buf_addc(&q, '"');
	for (phrase = buf_cstr(&f); *phrase; phrase++) {
		if (*phrase == '"')
			buf_addc(&q, '"');
		buf_addc(&q, *phrase);
	}
	buf_addc(&q, '"');
	buf_free(&f);
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
