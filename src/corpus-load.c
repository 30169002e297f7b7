/* SPDX-License-Identifier: ISC */
#include "folio/corpus.h"
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "folio/arena.h"
#include "folio/buf.h"
#include "folio/cache.h"
#include "folio/frontmatter.h"
#include "folio/markdown.h"
#include "folio/search.h"
#include "folio/utf8.h"
#include "folio/xmalloc.h"
#include "corpus-int.h"

/* Append the front matter's values (to "m") and "path\tvalue" lines (to
 * "f"), unfolded; "path" is the dotted key path so far. */
static void
add_meta(struct buf *m, struct buf *f, struct buf *path,
    const struct fm_node *n, int depth)
{
	const struct fm_node *k;
	size_t		 plen = path->len;

	if (n == NULL || depth > 16)
		return;
	if (n->key != NULL) {
		if (path->len > 0)
			buf_addc(path, '.');
		buf_adds(path, n->key);
	}
	if (n->type == FM_MAP || n->type == FM_SEQ) {
		for (k = n->child; k != NULL; k = k->next)
			add_meta(m, f, path, k, depth + 1);
	} else if (n->str != NULL && n->slen < 4096 && n->type != FM_NULL) {
		buf_add(m, n->str, n->slen);
		buf_addc(m, '\n');
		size_t i;

		buf_add(f, path->p ? path->p : "", path->len);
		buf_addc(f, '\t');
		for (i = 0; i < n->slen; i++)
			buf_addc(f, (n->str[i] == '\n' || n->str[i] == '\t' ||
			    n->str[i] == '\r') ? ' ' : n->str[i]);
		buf_addc(f, '\n');
	}
	path->len = plen;
	if (path->p != NULL)
		path->p[plen] = '\0';
}

/* Fold and strip newlines and tabs inside values so lines stay lines. */
static char *
fold_lines(struct arena *a, struct buf *in)
{
	struct buf	 f = { 0 };
	char		*r;

	utf8_fold(&f, buf_cstr(in), in->len, NULL);
	r = arena_strndup(a, buf_cstr(&f), f.len);
	buf_free(&f);
	return r;
}

/* Append to *v every [[wikilink]] in the string values under front
 * matter node "n", as a link on the value's line. */
static void
fm_links(const struct doc *d, const struct fm_node *n, int depth,
    struct elink **v, size_t *nv, struct arena *a)
{
	const struct fm_node *k;
	const char	*p, *e, *t, *bar, *ctx;
	struct elink	*l;
	size_t		 cl, tl;

	if (n == NULL || depth > 16)
		return;
	if (n->type == FM_MAP || n->type == FM_SEQ) {
		for (k = n->child; k != NULL; k = k->next)
			fm_links(d, k, depth + 1, v, nv, a);
		return;
	}
	if (n->str == NULL || n->slen > 4096)
		return;
	for (p = n->str; *nv < 1024 && (t = strstr(p, "[[")) != NULL;
	    p = e + 2) {
		t += 2;
		if ((e = strstr(t, "]]")) == NULL || e == t ||
		    memchr(t, '\n', (size_t)(e - t)) != NULL)
			break;
		tl = (size_t)(e - t);
		bar = memchr(t, '|', tl);
		*v = xreallocarray(*v, *nv + 1, sizeof(**v));
		l = &(*v)[(*nv)++];
		memset(l, 0, sizeof(*l));
		l->type = ITEM_WIKI;
		l->fm = 1;
		l->line = n->line;
		l->target = arena_strndup(a, t, bar ? (size_t)(bar - t) -
		    (bar > t && bar[-1] == '\\') : tl);
		l->text = bar ? arena_strndup(a, bar + 1, (size_t)(e - bar -
		    1)) : l->target;
		ctx = doc_line_text(d, l->line, &cl);
		while (cl > 0 && (*ctx == ' ' || *ctx == '\t')) {
			ctx++;
			cl--;
		}
		l->context = arena_strndup(a, ctx, cl > 400 ? 400 : cl);
		l->seconds = -1;
		l->to = -1;
	}
}

/* Copy what the library needs from a loaded document into its entry. */
/* Whether item "it" is a link the library keeps: not a mention, a fold,
 * a footnote reference or a timestamp that is only text. */
static bool
is_link(const struct item *it)
{
	return it->type != ITEM_ENTITY && it->type != ITEM_FOLD &&
	    it->type != ITEM_NOTE && !(it->type == ITEM_TS && !it->in_link);
}

static void
summarise(struct entry *e, struct doc *d, struct arena *a)
{
	struct buf	 m = { 0 }, f = { 0 }, path = { 0 };
	struct elink	*fml = NULL;
	size_t		 i, n, nfm = 0;

	e->loaded = 1;
	e->size = d->size;
	e->mtime = d->mtime;
	e->kind = d->kind;
	e->title = arena_strdup(a, d->title);
	e->date = d->date ? arena_strdup(a, d->date) : NULL;
	memcpy(e->video, d->video, sizeof(e->video));
	e->duration = d->duration;
	e->nts = d->nts;
	e->words = d->words;
	e->nerrors = d->nerrors;
	e->nwarnings = d->nproblems - d->nerrors;
	corpus_read_aliases(e, d->fm, a);
	/* Links, with their lines and context: the front matter's first. */
	if (d->fm != NULL)
		fm_links(d, d->fm, 0, &fml, &nfm, a);
	n = nfm;
	for (i = 0; i < d->body->nitems; i++)
		if (is_link(&d->body->items[i]))
			n++;
	e->links = n ? arena_alloc(a, n * sizeof(*e->links)) : NULL;
	if (nfm > 0)
		memcpy(e->links, fml, nfm * sizeof(*fml));
	e->nlinks = nfm;
	free(fml);
	for (i = 0; i < d->body->nitems; i++) {
		const struct item *it = &d->body->items[i];
		struct elink *l;
		const char *ctx;
		size_t cl;

		if (!is_link(it))
			continue;
		l = &e->links[e->nlinks++];
		l->type = it->type;
		l->embed = it->embed;
		l->line = doc_line(d, it->off);
		l->target = arena_strdup(a, it->target ? it->target : "");
		l->text = arena_strdup(a, it->text ? it->text : "");
		/* The line around a link to a document, for backlinks. */
		ctx = "";
		cl = 0;
		if (it->type == ITEM_WIKI || it->type == ITEM_FILE)
			ctx = doc_line_text(d, l->line, &cl);
		while (cl > 0 && (*ctx == ' ' || *ctx == '\t')) {
			ctx++;
			cl--;
		}
		if (cl > 400)
			cl = 400;
		l->context = arena_strndup(a, ctx, cl);
		l->seconds = it->seconds;
		memcpy(l->video, it->video, sizeof(l->video));
		l->to = -1;
	}
	/* Searchable metadata: title, path and every front-matter value. */
	buf_adds(&m, d->title);
	buf_addc(&m, '\n');
	buf_adds(&m, e->path);
	buf_addc(&m, '\n');
	if (d->fm != NULL && (d->fm->type == FM_MAP || d->fm->type == FM_SEQ))
		add_meta(&m, &f, &path, d->fm, 0);
	e->meta = fold_lines(a, &m);
	e->fields = fold_lines(a, &f);
	buf_free(&m);
	buf_free(&f);
	buf_free(&path);
}

/*
 * The library scan, in passes over the entries, each on every core:
 * 0. the front matter of each document not in the cache, for the entity
 *    dictionary (cheap: nothing else is parsed);
 * 1. each such document in full: its summary and its mentions of the
 *    dictionary, then it is freed (bodies are never all in memory);
 * 2. the mentions again in cached documents, when the dictionary changed
 *    (and, for the plain list, the documents pass 3 left: read whole);
 * 3. for the plain list, instead of 0 and 1: the start of each document
 *    (its front matter and a few KB), enough for the list when the front
 *    matter names the title and the video; the others go to pass 2.
 */

/* Bytes of a body read for the plain list (pass 3): a document no
 * longer is read whole (and parsed); a longer one only for its front
 * matter. */
#define HEAD_BODY	4096
struct loader {
	struct corpus	*c;
	size_t		 next;
	pthread_mutex_t	 mu;
	int		 pass;
	char		**names;	/* pass 0: entity_names() per entry */
	uint8_t		*todo;		/* pass 2: entries to count again */
	bool		 list;		/* listing: no mentions counted */
	bool		 heads;		/* the plain list: pass 3 */
	size_t		 given;		/* this entry's document is ... */
	struct doc	*gdoc;		/* ... this one, read already */
};

struct worker {
	struct loader	*l;
	struct arena	*a;		/* summaries, adopted by the library */
	uint32_t	*cnt;		/* mentions per entity */
};

/* Keep the mention counts of "cnt" (per entity) as entry e's list. */
static void
store_mentions(struct entry *e, const uint32_t *cnt, size_t nents,
    struct arena *a)
{
	size_t	 k, nm = 0;

	e->nmention = 0;
	e->mention_ent = e->mention_cnt = NULL;
	for (k = 0; k < nents; k++)
		nm += cnt[k] > 0;
	if (nm == 0)
		return;
	e->mention_ent = arena_alloc(a, nm * sizeof(uint32_t));
	e->mention_cnt = arena_alloc(a, nm * sizeof(uint32_t));
	for (k = 0; k < nents; k++)
		if (cnt[k] > 0) {
			e->mention_ent[e->nmention] = (uint32_t)k;
			e->mention_cnt[e->nmention++] = cnt[k];
		}
}

/* Count the dictionary's mentions in d's body into entry e. */
static void
count_into(struct worker *w, struct entry *e, const struct doc *d)
{
	const struct corpus *c = w->l->c;

	if (c->nents == 0)
		return;
	memset(w->cnt, 0, (c->nents + 1) * sizeof(*w->cnt));
	entity_count(c, d->body, w->cnt);
	store_mentions(e, w->cnt, c->nents, w->a);
}

/* Where the first line of t[0..n) that may be a heading ends (after its
 * newline), or 0 when none may: an ATX heading is one to six '#' and a
 * blank, with nothing before them on their line but indent, blockquote
 * and list marks; a setext one is underlined by a line of '=' or '-'
 * (after any of those).  None is sure; a line found may be no heading. */
static size_t
heading_line(const char *t, size_t n)
{
	const char	*p, *e = t + n, *q, *k, *at = NULL;
	size_t		 left;

	for (p = t; (left = (size_t)(e - p)) > 0 &&
	    (q = memchr(p, '#', left)) != NULL; p = q + 1) {
		for (k = q; k > t && k[-1] != '\n' && strchr(" \t>*+-.)"
		    "0123456789", k[-1]) != NULL; k--)
			;
		if (k != t && k[-1] != '\n')
			continue;
		/* one to six '#' and a space, or the line's end */
		for (k = q; k < e && *k == '#'; k++)
			;
		if (k - q <= 6 && (k == e || *k == ' ' || *k == '\t' ||
		    *k == '\r' || *k == '\n')) {
			at = q;
			break;
		}
	}
	/* An underline before it, if any. */
	for (p = t; p < e && (at == NULL || p <= at); p = q + 1) {
		while (p < e && (*p == ' ' || *p == '\t' || *p == '>'))
			p++;
		if ((left = (size_t)(e - p)) == 0)
			break;
		if ((q = memchr(p, '\n', left)) == NULL)
			q = e;
		if (p < q && (*p == '=' || *p == '-')) {
			for (k = p; k < q && (*k == *p || *k == ' ' ||
			    *k == '\t' || *k == '\r'); k++)
				;
			if (k == q) {
				at = p;
				break;
			}
		}
	}
	if (at == NULL)
		return 0;
	q = memchr(at, '\n', (size_t)(e - at));
	return q != NULL ? (size_t)(q - t) + 1 : n;
}

/* Whether t[0..n) may link to a YouTube video: every host folio takes
 * for one has "youtu" in it, which an entity ("&#...;") could hide.
 * False is sure. */
static bool
may_have_video(const char *t, size_t n)
{
	const char	*p, *e = t + n;
	size_t		 left;

	for (p = t; (left = (size_t)(e - p)) > 0 &&
	    (p = memchr(p, '&', left)) != NULL; p++)
		if (left > 1 && p[1] == '#')
			return true;
	return search_ci_find(t, n, "youtu", 5) != NULL;
}

/* Whether d's title is its front matter's (no heading can change it). */
static bool
fm_title(const struct doc *d)
{
	const struct fm_node *t;

	return d->fm != NULL && (t = fm_get(d->fm, "title")) != NULL &&
	    t->str != NULL && d->title == t->str;
}

/* Whether d's video is its front matter's (no link can change it). */
static bool
fm_video(const struct doc *d)
{
	return d->video[0] != '\0' && !d->video_from_links;
}

/*
 * Whether what the list shows of d, whose body was not parsed, is what a
 * full reading would show, "text" being its whole text: its date,
 * duration and errors are the front matter's; its title is the front
 * matter's, or else its file name when no heading can be in the body;
 * its video is the front matter's, or else none when the body can link
 * to none.
 */
static bool
body_enough(const struct doc *d, const char *text, size_t len)
{
	bool		 title = fm_title(d), video = fm_video(d);

	if (title && video)
		return true;
	if (d->body_off > len || memchr(text, '\0', len) != NULL)
		return false;
	return (title || heading_line(text + d->body_off, len -
	    d->body_off) == 0) && (video || !may_have_video(text + d->body_off,
	    len - d->body_off));
}

/*
 * body_enough() of d, of which only the start was read (and its body
 * not parsed): 1 or 0, or -1 when the rest of the text decides.
 * Caption files are read whole.
 */
static int
head_enough(const struct doc *d)
{
	if (d->kind == DOC_CAPTIONS)
		return 0;
	if (!d->partial)
		return body_enough(d, d->src->p, d->len);
	return fm_title(d) && fm_video(d) ? 1 : -1;
}

/* body_enough() of d, whose start only was read, on the whole of its
 * file read into "raw": 1 or 0, or -1 when the file is not as its start
 * was (changed since, or with front matter the start did not have) and
 * raw is not to be used. */
static int
rest_enough(const struct doc *d, struct buf *raw, int fd)
{
	size_t		 want = (size_t)d->size;

	/* The file its start was read from, still open: read whole (if
	 * shorter than it was, it changed). */
	if (fd == -1 || d->size < 0 || want > FOLIO_MAX_FILE ||
	    buf_pread_start(raw, fd, want) == -1 || raw->len < want)
		return -1;
	if (!d->has_fm && raw->len >= 3 && memcmp(raw->p, "---", 3) == 0)
		return -1;
	return body_enough(d, raw->p, raw->len);
}

/*
 * The title a full reading gives d, whose start only was read and whose
 * whole text is in "raw", when its body's first heading settles it and
 * no link in the body can change its video; in d's arena, or NULL when
 * unsure.  The body is parsed up to the end of the first line that may
 * be a heading (then of the next such line, a few times): a line is
 * read the same whatever follows it, but for the link definitions a '['
 * could use (then it is NULL).
 */
static const char *
heading_title(const struct entry *e, struct doc *d, const struct buf *raw)
{
	struct doc_opts	 o = { .summary = true };
	const char	*body, *t = NULL;
	struct doc	*h;
	size_t		 n, cut = 0, at;
	int		 tries;

	if (fm_title(d) || d->body_off > raw->len ||
	    memchr(raw->p, '\0', raw->len) != NULL)
		return NULL;
	body = raw->p + d->body_off;
	n = raw->len - d->body_off;
	if (!fm_video(d) && may_have_video(body, n))
		return NULL;
	for (tries = 0; t == NULL && tries < 8; tries++) {
		if ((at = heading_line(body + cut, n - cut)) == 0 ||
		    memchr(body + cut, '[', at) != NULL)
			break;
		cut += at;
		h = doc_load_mem(e->path, raw->p, d->body_off + cut, &o);
		if (h->title_from_heading)
			t = arena_strdup(d->a, h->title);
		doc_free(h);
	}
	return t;
}

/* The document of entry e from its file's bytes in "raw" (of that size
 * and time), as doc_load() would have read it. */
static struct doc *
mem_doc(const struct entry *e, const struct buf *raw, int64_t size,
    int64_t mtime, const struct doc_opts *o)
{
	struct doc	*d = doc_load_mem(e->path, raw->p, raw->len, o);

	d->abspath = arena_strdup(d->a, e->abspath);
	d->size = size;
	d->mtime = mtime;
	return d;
}

/* Pass 3 on entry i: summarise it from its front matter (read from its
 * start, the rest of the text looked at only when it decides), or else
 * read and parse it whole (its mentions are not counted, as in pass 1 of
 * a listing). */
static void
load_head(struct worker *w, size_t i, struct sbuf **reuse, struct buf *raw)
{
	struct loader	*l = w->l;
	struct entry	*e = &l->c->e[i];
	struct doc_opts	 o = { .summary = true, .limit = HEAD_BODY,
			    .front_only = true };
	struct folio_err err;
	struct doc	*d;
	const char	*title;
	int64_t		 size, mtime;
	int		 ok = 0, rest = -1, fd = -1;

	o.keep = &fd;
	d = doc_load(e->abspath, e->path, reuse, &o, &err);
	if (d != NULL && (ok = head_enough(d)) == -1)
		ok = (rest = rest_enough(d, raw, fd)) == 1;
	/* A title from the first heading: the body parsed that far. */
	if (rest == 0 && (title = heading_title(e, d, raw)) != NULL) {
		d->title = title;
		ok = 1;
	}
	if (fd != -1)
		close(fd);
	if (d != NULL && !ok) {
		size = d->size;
		mtime = d->mtime;
		doc_free(d);
		o.keep = NULL;
		o.limit = 0;
		o.front_only = false;
		/* Read whole already: parsed from there, not read again. */
		if (rest == 0 && raw->len <= FOLIO_MAX_FILE)
			d = mem_doc(e, raw, size, mtime, &o);
		else
			d = doc_load(e->abspath, e->path, reuse, &o, &err);
	}
	if (d == NULL) {
		e->unreadable = 1;
		e->nerrors = 1;
		return;
	}
	l->names[i] = entity_names(d->fm);
	summarise(e, d, w->a);
	e->head = ok != 0;	/* its body not parsed: no links, words ... */
	doc_free(d);
}

static void *
load_worker(void *arg)
{
	struct worker	*w = arg;
	struct loader	*l = w->l;
	struct corpus	*c = l->c;
	struct sbuf	*reuse = NULL;
	struct buf	 raw = { 0 };
	struct doc_opts	 o = { .summary = true };
	struct folio_err err;
	struct doc	*d;
	size_t		 i;

	for (;;) {
		pthread_mutex_lock(&l->mu);
		i = l->next++;
		pthread_mutex_unlock(&l->mu);
		if (i >= c->n || atomic_load_explicit(&c->cancel,
		    memory_order_relaxed))
			break;
		if (l->pass == 3 && !c->e[i].loaded) {
			load_head(w, i, &reuse, &raw);
			atomic_fetch_add_explicit(&c->progress, 1,
			    memory_order_relaxed);
		} else if (l->pass == 0 && !c->e[i].loaded) {
			struct arena *ta = arena_new(0);

			l->names[i] = entity_names(doc_front_matter(ta,
			    c->e[i].abspath, c->e[i].path, FOLIO_MAX_FM +
			    (64u << 10)));
			arena_free(ta);
		} else if (l->pass == 1 && !c->e[i].loaded) {
			d = l->gdoc != NULL && i == l->given ? l->gdoc :
			    doc_load(c->e[i].abspath, c->e[i].path, &reuse,
			    &o, &err);
			if (d == NULL) {
				c->e[i].unreadable = 1;
				c->e[i].nerrors = 1;
			} else {
				summarise(&c->e[i], d, w->a);
				if (l->list)
					l->names[i] = entity_names(d->fm);
				else if (d != l->gdoc || c->cache != NULL)
					count_into(w, &c->e[i], d);
				if (d != l->gdoc)
					doc_free(d);
			}
			atomic_fetch_add_explicit(&c->progress, 1,
			    memory_order_relaxed);
		} else if (l->pass == 2 && l->todo[i]) {
			d = doc_load(c->e[i].abspath, c->e[i].path, &reuse,
			    &o, &err);
			if (d != NULL) {
				count_into(w, &c->e[i], d);
				doc_free(d);
			}
		}
	}
	sbuf_unref(reuse);
	buf_free(&raw);
	return NULL;
}

/* Run pass "pass" over the entries on "threads" threads (the caller's
 * included; one when there is little to do). */
static void
run_pass(struct loader *l, int pass, int threads, size_t work)
{
	struct worker	 w[8];
	pthread_t	 th[8];
	size_t		 i, nth = 0, nw;

	l->pass = pass;
	l->next = 0;
	nw = work > 8 ? (size_t)threads : 1;
	for (i = 0; i < nw; i++) {
		w[i].l = l;
		/* The plain list's summaries (pass 3, the command line's
		 * one pass) in huge pages: a fault each 4 KB of them cost
		 * a fifth of its time.  The reader keeps small pages (its
		 * peak memory). */
		w[i].a = arena_new(pass == 3 ? ARENA_HUGE : 1u << 16);
		w[i].cnt = xcalloc(l->c->nents + 1, sizeof(*w[i].cnt));
	}
	pthread_mutex_init(&l->mu, NULL);
	for (i = 1; i < nw; i++)
		if (pthread_create(&th[nth], NULL, load_worker, &w[i]) == 0)
			nth++;
	load_worker(&w[0]);
	for (i = 0; i < nth; i++)
		pthread_join(th[i], NULL);
	pthread_mutex_destroy(&l->mu);
	for (i = 0; i < nw; i++) {
		arena_adopt(l->c->a, w[i].a);
		free(w[i].cnt);
	}
}

/*
 * Load the library; with "cached_only", only what the cache holds (the
 * rest stays pending, nothing is read, the cache is not written); with
 * "gdoc", entry "given"'s document, read already (it stays the caller's).
 * With "list", each document is read once (its front matter's entities
 * taken from that reading) and mentions are not counted: a cache written
 * then says so, and the next full load counts them.
 */
static void
load(struct corpus *c, int threads, bool cached_only, size_t given,
    struct doc *gdoc, bool list, bool heads)
{
	struct loader	 l;
	struct cached	*at;
	struct cache_rd	 r;
	uint64_t	 cdict;
	uint8_t		*mark;
	size_t		 i, k, nrec = 0, fresh = 0, recount = 0;
	long		 ncpu;
	bool		 same, unchanged, dict_done, counted;

	if (threads <= 0) {
		ncpu = sysconf(_SC_NPROCESSORS_ONLN);
		threads = ncpu > 0 ? (int)ncpu : 1;
	}
	if (threads > 8)
		threads = 8;
	corpus_shrink(c);
	at = xcalloc(c->n + 1, sizeof(*at));
	cdict = corpus_cache_take(c, at, &nrec, &unchanged, heads);
	atomic_store(&c->progress, c->ncached);
	atomic_store(&c->ptotal, c->n);
	memset(&l, 0, sizeof(l));
	l.c = c;
	l.given = given;
	l.gdoc = gdoc;
	list = list || heads;	/* the plain list is a listing */
	l.list = list;
	l.heads = heads;
	l.names = xcalloc(c->n + 1, sizeof(*l.names));
	l.todo = xcalloc(c->n + 1, 1);
	fresh = cached_only ? 0 : c->n - c->ncached;
	if (fresh > 0)
		run_pass(&l, heads ? 3 : list ? 1 : 0, threads, fresh);
	dict_done = !atomic_load(&c->cancel);

	/* The dictionary, in entry order: the same ids every time. */
	cmap_free(c->entkeys);
	c->entkeys = cmap_new();
	for (i = 0; i < c->n; i++) {
		if (at[i].ents != 0) {
			r = (struct cache_rd){ c->cdata, c->clen, at[i].ents,
			    false };
			corpus_cache_ents(&r, c, i);
		} else if (cached_only)
			c->npending++;
		else
			entity_add_names(c, i, l.names[i]);
		free(l.names[i]);
	}
	entity_index(c);
	if (fresh > 0 && !list)
		run_pass(&l, 1, threads, fresh);
	/* Cached mention counts hold while the dictionary is the same. */
	same = c->ncached > 0 && cdict == corpus_dict_hash(c);
	counted = !list || (fresh == 0 && same);
	if (atomic_load(&c->cancel) && dict_done && fresh > 0 && !list &&
	    c->cache != NULL && (c->ncached == 0 || same)) {
		/* Stopped: what was read is kept for the next time. */
		corpus_cache_mentions(c, at);
		corpus_cache_save(c, true, false);
	}
	if ((cached_only && c->ncached == 0) || atomic_load(&c->cancel))
		goto done;	/* nothing known yet, or stopped */
	corpus_link_captions(c);
	/* Resolve links (every time: files that are not documents may have
	 * come or gone unseen by the cache), count backlinks: the lines that
	 * link to a document (two links on one line are one backlink).  The
	 * plain list shows neither. */
	if (!heads)
		corpus_index_keys(c);
	for (i = 0; !heads && i < c->n; i++)
		for (k = 0; k < c->e[i].nlinks; k++) {
			struct elink *ln = &c->e[i].links[k];
			size_t m;

			corpus_resolve_link(c, i, ln);
			if (ln->to < 0 || (size_t)ln->to == i)
				continue;
			for (m = k; m > 0 && c->e[i].links[m - 1].line ==
			    ln->line; m--)
				if (c->e[i].links[m - 1].to == ln->to)
					break;
			if (m == 0 || c->e[i].links[m - 1].line != ln->line)
				c->e[ln->to].nbacklinks++;
		}
	/* Otherwise the cached documents are read again to count them. */
	if (same)
		corpus_cache_mentions(c, at);
	else if (!cached_only && !list && c->nents > 0)
		for (i = 0; i < c->n; i++)
			if (at[i].ents != 0 && !c->e[i].head) {
				l.todo[i] = 1;
				recount++;
			}
	if (recount > 0)
		run_pass(&l, 2, threads, recount);
	if (atomic_load(&c->cancel))
		goto done;
	/* Per entity, its documents (listed in front matter or mentioned)
	 * and mentions. */
	mark = xcalloc(c->nents + 1, 1);
	for (i = 0; i < c->n; i++) {
		struct entry *e = &c->e[i];

		if (e->unreadable)
			continue;
		for (k = 0; k < e->nmention; k++) {
			c->ents[e->mention_ent[k]].nmentions +=
			    e->mention_cnt[k];
			if (!mark[e->mention_ent[k]]++)
				c->ents[e->mention_ent[k]].ndocs++;
		}
		for (k = 0; k < e->nents; k++)
			if (!mark[e->ents[k]]++)
				c->ents[e->ents[k]].ndocs++;
		for (k = 0; k < e->nmention; k++)
			mark[e->mention_ent[k]] = 0;
		for (k = 0; k < e->nents; k++)
			mark[e->ents[k]] = 0;
	}
	free(mark);
	if (c->cache != NULL && !cached_only && (fresh > 0 ||
	    (!same && !list) || nrec != c->ncached))
		corpus_cache_save(c, counted, !heads);
	corpus_borrow(c);	/* after the cache keeps what files say */
	atomic_store(&c->progress, c->n);
done:
	free(l.names);
	free(l.todo);
	free(at);
}

uint64_t
corpus_pending_bytes(const struct corpus *c)
{
	uint64_t	 n = 0;
	size_t		 i;

	for (i = 0; i < c->n; i++)
		if (!c->e[i].loaded && !c->e[i].unreadable && c->e[i].size > 0)
			n += (uint64_t)c->e[i].size;
	return n;
}

void
corpus_cancel(struct corpus *c)
{
	atomic_store(&c->cancel, true);
}

void
corpus_load(struct corpus *c, int threads)
{
	load(c, threads, false, 0, NULL, false, false);
}

void
corpus_load_list(struct corpus *c, int threads)
{
	load(c, threads, false, 0, NULL, true, false);
}

void
corpus_load_heads(struct corpus *c, int threads)
{
	load(c, threads, false, 0, NULL, false, true);
}

void
corpus_load_with(struct corpus *c, int threads, size_t i, struct doc *d)
{
	load(c, threads, false, i, d, false, false);
}

void
corpus_load_cached(struct corpus *c)
{
	load(c, 1, true, 0, NULL, false, false);
}
