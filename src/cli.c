/* SPDX-License-Identifier: ISC */
#include "folio/cli.h"

#include <sys/ioctl.h>
#include <sys/stat.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "folio/buf.h"
#include "folio/captions.h"
#include "folio/config.h"
#include "folio/corpus.h"
#include "folio/doc.h"
#include "folio/frontmatter.h"
#include "folio/highlight.h"
#include "folio/index.h"
#include "folio/json.h"
#include "folio/layout.h"
#include "folio/library.h"
#include "folio/markdown.h"
#include "folio/query.h"
#include "folio/state.h"
#include "folio/timestamp.h"
#include "folio/utf8.h"
#include "folio/xmalloc.h"

/* ---- output helpers ------------------------------------------------------ */

/* Append text made safe for a terminal (no control bytes, valid UTF-8). */
static void
put_safe(struct buf *out, const char *s)
{
	if (s != NULL)
		utf8_sanitize(out, s, strlen(s));
}

static void
flush_out(struct buf *out)
{
	fwrite(buf_cstr(out), 1, out->len, stdout);
	buf_reset(out);
}

static void
json_time(struct buf *b, long v)
{
	if (v < 0)
		buf_adds(b, "null");
	else
		buf_printf(b, "%ld", v);
}

static void
json_video(struct buf *b, const char *v)
{
	if (v == NULL || v[0] == '\0')
		buf_adds(b, "null");
	else
		json_cstr(b, v);
}

static const char *
link_type_name(int t)
{
	switch (t) {
	case ITEM_WIKI:
		return "wiki";
	case ITEM_FILE:
		return "file";
	case ITEM_VIDEO:
	case ITEM_TS:
		return "video";
	default:
		return "web";
	}
}

/* ---- the library --------------------------------------------------------- */

/* A document read before its library, for show: its entry, and the
 * document (undecorated) or the error. */
struct preload {
	int		 i;
	struct doc	*d;
	struct folio_err err;
};

/*
 * Open the library named by the options; NULL (after a message) on error.
 * With "pre", a DOC found by its path is read first, and the library's
 * load summarises it from what was read (pre->i is its entry, or -1 when
 * it was not read).  With "listing", for a list of every document: no
 * entity mention is counted, and for the plain list a document whose
 * front matter says all the list shows is read no further than its start.
 */
static struct corpus *
open_library(const struct cli_opts *o, const char *docarg,
    struct preload *pre, bool listing)
{
	struct folio_err err;
	struct corpus	*c;
	struct stat	 st;
	int		 i, scope = -1;

	c = corpus_new();
	for (i = 0; i < o->nroots; i++)
		if (corpus_add_root(c, o->roots[i], &err) == -1) {
			fprintf(stderr, "folio: %s\n", err_text(&err));
			corpus_free(c);
			return NULL;
		}
	/* No library named: a DOC given as a path brings its library (its
	 * vault, or its folder without subfolders), anything else reads the
	 * current folder. */
	if (o->nroots == 0 && docarg != NULL && stat(docarg, &st) == 0 &&
	    !S_ISDIR(st.st_mode)) {
		if ((scope = library_add_for_file(c, docarg, o->cfg != NULL ?
		    o->cfg->library : NULL, o->cfg != NULL ?
		    o->cfg->nlibrary : 0, &err)) == -1) {
			fprintf(stderr, "folio: %s\n", err_text(&err));
			corpus_free(c);
			return NULL;
		}
	} else if (o->nroots == 0 && corpus_add_root(c, ".", &err) == -1) {
		fprintf(stderr, "folio: %s\n", err_text(&err));
		corpus_free(c);
		return NULL;
	}
	/* A DOC given as a path outside the roots joins the library. */
	if (docarg != NULL && corpus_find(c, docarg) < 0 &&
	    stat(docarg, &st) == 0 && !S_ISDIR(st.st_mode))
		corpus_add_file(c, docarg);
	/* A lone folder has no roots to name a cache by (and is small). */
	if (scope != LIBRARY_FOLDER)
		corpus_use_cache(c);
	if (pre != NULL && docarg != NULL && (pre->i = corpus_find(c,
	    docarg)) >= 0 && (pre->d = doc_load(c->e[pre->i].abspath,
	    c->e[pre->i].path, NULL, NULL, &pre->err)) != NULL)
		corpus_load_with(c, 0, (size_t)pre->i, pre->d);
	else if (listing && !o->json)
		corpus_load_heads(c, 0);
	else if (listing)
		corpus_load_list(c, 0);
	else
		corpus_load(c, 0);
	return c;
}

static int
need_doc(const struct cli_opts *o, const char *cmd)
{
	if (o->nargs < 1) {
		fprintf(stderr, "folio: %s: which document?\n", cmd);
		return -1;
	}
	if (o->nargs > 1) {
		fprintf(stderr, "folio: %s: one document only\n", cmd);
		return -1;
	}
	return 0;
}

/* Find the DOC argument; print why not and return -1. */
static int
find_doc(struct corpus *c, const char *arg)
{
	struct buf	 b = { 0 };
	int		 i, amb;


	if ((i = corpus_find(c, arg)) >= 0)
		return i;
	/* As a wikilink finds it: title or alias in any case, file name
	 * without its folder or extension. */
	if ((i = corpus_resolve_wiki(c, -1, arg, &amb)) >= 0) {
		if (amb) {
			put_safe(&b, arg);
			buf_adds(&b, ": several documents fit; reading ");
			put_safe(&b, c->e[i].path);
			fprintf(stderr, "folio: %s\n", buf_cstr(&b));
			buf_free(&b);
		}
		return i;
	}
	put_safe(&b, arg);
	fprintf(stderr, "folio: %s: no such document\n", buf_cstr(&b));
	buf_free(&b);
	return -1;
}

static struct doc *
open_doc(struct corpus *c, int i)
{
	struct folio_err err;
	struct buf	 b = { 0 };
	struct doc	*d;

	if ((d = corpus_open(c, (size_t)i, &err)) == NULL) {
		put_safe(&b, c->e[i].path);
		fprintf(stderr, "folio: %s: %s\n", buf_cstr(&b),
		    err_text(&err));
		buf_free(&b);
	}
	return d;
}

static void
fmt_dur(char *out, size_t cap, long secs)
{
	if (secs < 0)
		snprintf(out, cap, "-");
	else
		ts_format(out, cap, secs);
}

/* Append s (at most "max" bytes of it) padded with spaces to "width"
 * bytes, on the right ("left": left-justified) or on the left. */
static void
put_padded(struct buf *b, const char *s, size_t max, size_t width, bool left)
{
	size_t	 n = strnlen(s, max), i;

	for (i = n; !left && i < width; i++)
		buf_addc(b, ' ');
	buf_add(b, s, n);
	for (i = n; left && i < width; i++)
		buf_addc(b, ' ');
}

/* fmt_dur() of "secs" into out[0..16), without printf (a list line is
 * made 10,000 times). */
static void
fmt_dur_fast(char out[16], long secs)
{
	char	*p = out;
	long	 h, m, s;

	if (secs < 0 || secs >= 1000000000L) {
		fmt_dur(out, 16, secs);
		return;
	}
	h = secs / 3600;
	m = secs / 60 % 60;
	s = secs % 60;
	if (h > 0) {
		char	 d[12];
		int	 k = 0;

		while (h > 0) {
			d[k++] = (char)('0' + h % 10);
			h /= 10;
		}
		while (k > 0)
			*p++ = d[--k];
		*p++ = ':';
		*p++ = (char)('0' + m / 10);
	} else if (m >= 10)
		*p++ = (char)('0' + m / 10);
	*p++ = (char)('0' + m % 10);
	*p++ = ':';
	*p++ = (char)('0' + s / 10);
	*p++ = (char)('0' + s % 10);
	*p = '\0';
}

/* "1 document", "2 documents": n and the noun, plural when n is not 1. */
static const char *
plural(size_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

/*
 * Count the backlinks of every entry as `backlinks` lists them: lines of
 * other documents linking there (two links on one line are one), and the
 * documents those lines are in.  Arrays of c->n, stored in *lines and
 * *docs (free them).
 */
static void
count_backlinks(const struct corpus *c, uint32_t **lines, uint32_t **docs)
{
	uint32_t	*nl, *nd;
	size_t		*seen, j, k;

	nl = xcalloc(c->n + 1, sizeof(*nl));
	nd = xcalloc(c->n + 1, sizeof(*nd));
	seen = xcalloc(c->n + 1, sizeof(*seen));	/* j + 1 */
	for (j = 0; j < c->n; j++)
		for (k = 0; k < c->e[j].nlinks; k++) {
			const struct elink *l = &c->e[j].links[k];
			bool dup = false;
			size_t m;

			if (l->to < 0 || (size_t)l->to == j ||
			    (size_t)l->to >= c->n)
				continue;
			/* Another link there on a line already counted. */
			for (m = k; m > 0 && c->e[j].links[m - 1].line ==
			    l->line && !dup; m--)
				dup = c->e[j].links[m - 1].to == l->to;
			if (dup)
				continue;
			nl[l->to]++;
			if (seen[l->to] != j + 1) {
				seen[l->to] = j + 1;
				nd[l->to]++;
			}
		}
	free(seen);
	*lines = nl;
	*docs = nd;
}

/*
 * Record a warning in d for each timestamp link whose label states
 * another time than its URL ("[4:08:50](...?t=14870)": the URL says
 * 4:07:50, and the URL wins).
 */
static void
warn_link_times(struct doc *d)
{
	char	 said[32], is[32];
	size_t	 k;
	long	 t;

	for (k = 0; d->body != NULL && k < d->body->nitems; k++) {
		const struct item *it = &d->body->items[k];

		if (it->type != ITEM_TS || !it->in_link ||
		    (t = ts_label_time(it->text)) < 0 || t == it->seconds)
			continue;
		ts_format(said, sizeof(said), t);
		ts_format(is, sizeof(is), it->seconds);
		doc_problem(d, DOC_WARNING, doc_line(d, it->off), 0,
		    "link text %s but the link says %s", said, is);
	}
}

/* ---- commands -------------------------------------------------------------- */

/* The command's words, one space between them, into q (a query). */
static void
args_text(const struct cli_opts *o, struct buf *q)
{
	int	 i;

	for (i = 0; i < o->nargs; i++) {
		if (i > 0)
			buf_addc(q, ' ');
		buf_adds(q, o->args[i]);
	}
}

static int
cmd_list(struct corpus *c, const struct cli_opts *o)
{
	struct buf	 out = { 0 }, q = { 0 };
	struct folio_err err;
	struct query	*qy;
	size_t		*ord, k, shown = 0;
	uint32_t	*bl = NULL, *bd = NULL;

	args_text(o, &q);
	if ((qy = query_compile(buf_cstr(&q), &err)) == NULL) {
		struct buf m = { 0 };

		put_safe(&m, buf_cstr(&q));
		fprintf(stderr, "folio: query: %s\n  %s\n  %*s^\n",
		    err_text(&err), buf_cstr(&m), (int)err.col - 1, "");
		buf_free(&m);
		buf_free(&q);
		return 2;
	}
	ord = corpus_order(c, CORPUS_SORT_DATE);
	if (o->json) {
		count_backlinks(c, &bl, &bd);
		buf_addc(&out, '[');
	}
	for (k = 0; k < c->n; k++) {
		const struct entry *e = &c->e[ord[k]];
		char dur[32];

		if (!query_match(qy, c, ord[k]))
			continue;
		if (o->json) {
			if (shown > 0)
				buf_addc(&out, ',');
			buf_adds(&out, "{\"path\":");
			json_cstr(&out, e->path);
			buf_adds(&out, ",\"title\":");
			json_cstr(&out, e->title);
			buf_adds(&out, ",\"date\":");
			json_cstr(&out, e->date);
			buf_adds(&out, ",\"kind\":");
			json_cstr(&out, doc_kind_name(e->kind));
			buf_adds(&out, ",\"video\":");
			json_video(&out, e->video);
			buf_adds(&out, ",\"duration\":");
			json_time(&out, e->duration);
			buf_printf(&out, ",\"timestamps\":%u,\"links\":%zu,"
			    "\"backlinks\":%u,\"errors\":%u}", e->nts,
			    e->nlinks, bl[ord[k]], e->nerrors);
		} else {
			/* "%-10.10s %8s %-8s %s " */
			fmt_dur_fast(dur, e->duration);
			put_padded(&out, e->date ? e->date : "-", 10, 10,
			    true);
			buf_addc(&out, ' ');
			put_padded(&out, dur, sizeof(dur), 8, false);
			buf_addc(&out, ' ');
			put_padded(&out, doc_kind_name(e->kind), SIZE_MAX, 8,
			    true);
			buf_adds(&out, e->nerrors ? " ! " : "   ");
			put_safe(&out, e->title);
			buf_adds(&out, "  (");
			put_safe(&out, e->path);
			buf_adds(&out, ")\n");
		}
		shown++;
		if (out.len > 65536)
			flush_out(&out);
	}
	if (o->json)
		buf_adds(&out, "]\n");
	flush_out(&out);
	buf_free(&out);
	buf_free(&q);
	query_free(qy);
	free(ord);
	free(bl);
	free(bd);
	return 0;
}

static int
term_width(void)
{
	struct winsize	 ws;

	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) ==
	    0 && ws.ws_col > 0)
		return ws.ws_col;
	return 80;
}

/* Lines of blocks [from, to) of a body laid out at a width: as text, or
 * as JSON strings each after a comma. */
struct show_part {
	const struct body *body;
	size_t		 from, to;
	int		 width;
	bool		 json;
	struct buf	 out;
	struct buf	 t;		/* a JSON line's text */
	size_t		 nlines;
	FILE		*f;		/* written as it grows, or NULL */
};

/* Append lines of a part to its buffer, written out once it is large
 * (also the lines' spill function, for long paragraphs). */
static void
show_dump(struct lines *ls, void *arg)
{
	struct show_part *p = arg;
	size_t		 k;


	if (p->json) {
		for (k = 0; k < ls->n; k++, p->nlines++) {
			buf_reset(&p->t);
			layout_dump(&p->t, &(struct lines){ .v = &ls->v[k],
			    .n = 1 }, 0);
			buf_addc(&p->out, ',');
			json_str(&p->out, p->t.p, p->t.len - 1);
		}
	} else
		layout_dump(&p->out, ls, 0);
	if (p->f != NULL && p->out.len > 65536) {
		fwrite(p->out.p, 1, p->out.len, p->f);
		buf_reset(&p->out);
	}
}

/* Lay out a part of a body into its buffer (a thread's start routine). */
static void *
show_layout(void *arg)
{
	struct show_part *p = arg;
	struct lines	 ls;
	size_t		 bi;

	lines_init(&ls);
	ls.spill = show_dump;
	ls.spill_arg = p;
	for (bi = p->from; bi < p->to; bi++) {
		layout_block(&ls, p->body, bi, p->width);
		show_dump(&ls, p);
		lines_clear(&ls);
	}
	buf_free(&p->t);
	lines_free(&ls);
	return NULL;
}

/*
 * Print document i laid out at the terminal's width (or --width), as text
 * or JSON.  "pre" may hold the document already read.  A long document is
 * laid out in two halves, the second on another core; the output is the
 * same.
 */
static int
cmd_show(struct corpus *c, const struct cli_opts *o, int i,
    struct preload *pre)
{
	struct show_part p[2];
	struct buf	 out = { 0 };
	struct doc	*d;
	pthread_t	 th;
	size_t		 mid, k;
	int		 width = o->width > 0 ? o->width : term_width();
	bool		 two = false;

	if (pre != NULL && pre->i == i && pre->i >= 0) {
		if ((d = pre->d) == NULL) {
			put_safe(&out, c->e[i].path);
			fprintf(stderr, "folio: %s: %s\n", buf_cstr(&out),
			    err_text(&pre->err));
			buf_free(&out);
			return 1;
		}
		pre->d = NULL;
		corpus_adopt(c, (size_t)i, d);
	} else {
		if (pre != NULL) {
			doc_free(pre->d);
			pre->d = NULL;
		}
		if ((d = open_doc(c, i)) == NULL)
			return 1;
	}
	/* The middle block by source offset, for documents worth it. */
	mid = d->body->nblocks;
	if (d->body->nblocks > 64 && d->size > (1 << 20)) {
		uint32_t half = d->body->blocks[d->body->nblocks - 1].off / 2;

		for (mid = 0; mid < d->body->nblocks &&
		    d->body->blocks[mid].off < half; mid++)
			;
	}
	for (k = 0; k < 2; k++)
		p[k] = (struct show_part){ .body = d->body, .from = k ? mid : 0,
		    .to = k ? d->body->nblocks : mid, .width = width,
		    .json = o->json, .f = k ? NULL : stdout };
	if (mid < d->body->nblocks)
		two = pthread_create(&th, NULL, show_layout, &p[1]) == 0;
	if (o->json) {
		buf_adds(&out, "{\"path\":");
		json_cstr(&out, c->e[i].path);
		buf_printf(&out, ",\"width\":%d,\"lines\":[", width);
		flush_out(&out);
		/* The first line has no comma before it. */
		p[0].f = NULL;
		show_layout(&p[0]);
		if (p[0].out.len > 1)
			fwrite(p[0].out.p + 1, 1, p[0].out.len - 1, stdout);
	} else
		show_layout(&p[0]);
	if (p[0].out.len > 0 && !o->json)
		fwrite(p[0].out.p, 1, p[0].out.len, stdout);
	if (two)
		pthread_join(th, NULL);
	else
		show_layout(&p[1]);
	k = o->json && p[0].nlines == 0;
	if (p[1].out.len > k)
		fwrite(p[1].out.p + k, 1, p[1].out.len - k, stdout);
	if (o->json)
		buf_adds(&out, "]}\n");
	flush_out(&out);
	buf_free(&out);
	buf_free(&p[0].out);
	buf_free(&p[1].out);
	doc_free(d);
	return 0;
}

/* Print a front-matter node as indented text. */
static void
put_node(struct buf *out, const struct fm_node *n, int depth)
{
	const struct fm_node *k;
	int		 i;

	for (k = n->child; k != NULL; k = k->next) {
		for (i = 0; i < depth; i++)
			buf_adds(out, "  ");
		if (n->type == FM_MAP) {
			put_safe(out, k->key);
			buf_addc(out, ':');
		} else
			buf_addc(out, '-');
		if (k->type == FM_MAP || k->type == FM_SEQ) {
			if (k->nchild == 0)
				buf_adds(out, k->type == FM_MAP ? " {}" :
				    " []");
			buf_addc(out, '\n');
			put_node(out, k, depth + 1);
		} else {
			buf_addc(out, ' ');
			if (k->type == FM_ALIAS)
				buf_addc(out, '*');
			if (k->str != NULL)
				utf8_sanitize(out, k->str, k->slen);
			buf_addc(out, '\n');
		}
	}
}

/* Entities of a document by category, as the front matter lists them. */
static void
json_entities(struct buf *out, const struct doc *d)
{
	const struct fm_node *ents, *cat, *k;
	int		 first = 1, f2;

	buf_addc(out, '{');
	if (d->fm != NULL && (ents = fm_get(d->fm, "entities")) != NULL &&
	    ents->type == FM_MAP)
		for (cat = ents->child; cat != NULL; cat = cat->next) {
			if (cat->key == NULL)
				continue;
			if (!first)
				buf_addc(out, ',');
			first = 0;
			json_cstr(out, cat->key);
			buf_adds(out, ":[");
			f2 = 1;
			if (cat->type == FM_SEQ)
				for (k = cat->child; k; k = k->next) {
					if (k->str == NULL)
						continue;
					if (!f2)
						buf_addc(out, ',');
					f2 = 0;
					json_str(out, k->str, k->slen);
				}
			buf_addc(out, ']');
		}
	buf_addc(out, '}');
}

static int
cmd_meta(struct corpus *c, const struct cli_opts *o, int i)
{
	const struct entry *e = &c->e[i];
	struct buf	 out = { 0 };
	struct doc	*d;
	char		 dur[32], url[128];
	uint32_t	*bl, *bd;
	size_t		 k, n;

	if ((d = open_doc(c, i)) == NULL)
		return 1;
	warn_link_times(d);
	count_backlinks(c, &bl, &bd);
	if (d->video[0] == '\0' || ts_url(url, sizeof(url), d->video, -1) != 0)
		url[0] = '\0';
	if (o->json) {
		buf_adds(&out, "{\"path\":");
		json_cstr(&out, e->path);
		buf_adds(&out, ",\"title\":");
		json_cstr(&out, d->title);
		buf_adds(&out, ",\"date\":");
		json_cstr(&out, d->date);
		buf_adds(&out, ",\"kind\":");
		json_cstr(&out, doc_kind_name(d->kind));
		buf_adds(&out, ",\"video\":");
		json_video(&out, d->video);
		buf_adds(&out, ",\"duration\":");
		json_time(&out, d->duration);
		buf_adds(&out, ",\"frontmatter\":");
		if (d->fm != NULL)
			fm_to_json(&out, d->fm);
		else
			buf_adds(&out, d->has_fm ? "{}" : "null");
		buf_adds(&out, ",\"frontmatter_error\":");
		if (d->fm_err.code == FOLIO_ERR_OK)
			buf_adds(&out, "null");
		else {
			buf_printf(&out, "{\"line\":%u,\"column\":%u,"
			    "\"message\":", d->fm_err.line, d->fm_err.col);
			json_cstr(&out, err_text(&d->fm_err));
			buf_addc(&out, '}');
		}
		buf_adds(&out, ",\"entities\":");
		json_entities(&out, d);
		buf_adds(&out, ",\"video_url\":");
		json_cstr(&out, url[0] ? url : NULL);
		buf_printf(&out, ",\"video_from_links\":%s,\"words\":%zu,"
		    "\"reading_minutes\":%zu,\"timestamps\":%zu,\"links\":%zu,"
		    "\"backlinks\":%u,\"backlink_documents\":%u,"
		    "\"problems\":[", d->video_from_links ? "true" : "false",
		    d->words, (d->words + 229) / 230, d->nts, e->nlinks,
		    bl[i], bd[i]);
		for (k = n = 0; k < d->nproblems; k++) {
			const struct doc_problem *p = &d->problems[k];

			if (p->msg == NULL)
				continue;
			if (n++ > 0)
				buf_addc(&out, ',');
			buf_printf(&out, "{\"line\":%u,\"column\":%u,"
			    "\"severity\":\"%s\",\"message\":", p->line, p->col,
			    p->sev == DOC_ERROR ? "error" : "warning");
			json_cstr(&out, p->msg);
			buf_addc(&out, '}');
		}
		buf_adds(&out, "],\"mentions\":[");
		for (k = 0; k < e->nmention; k++) {
			const struct entity *en = &c->ents[e->mention_ent[k]];

			if (k > 0)
				buf_addc(&out, ',');
			buf_adds(&out, "{\"name\":");
			json_cstr(&out, en->name);
			buf_adds(&out, ",\"category\":");
			json_cstr(&out, en->category);
			buf_printf(&out, ",\"count\":%u}", e->mention_cnt[k]);
		}
		buf_adds(&out, "]}\n");
		goto done;
	}
	buf_adds(&out, "path: ");
	put_safe(&out, e->path);
	buf_adds(&out, "\ntitle: ");
	put_safe(&out, d->title);
	buf_printf(&out, "\nkind: %s\n", doc_kind_name(d->kind));
	if (d->date)
		buf_printf(&out, "date: %s\n", d->date);
	if (d->duration >= 0) {
		fmt_dur(dur, sizeof(dur), d->duration);
		buf_printf(&out, "duration: %s (%ld s)\n", dur, d->duration);
	}
	if (url[0] != '\0')
		buf_printf(&out, "video: %s %s%s\n", d->video, url,
		    d->video_from_links ? " (from its links)" : "");
	buf_printf(&out, "words: %zu (about %zu min to read)\n", d->words,
	    (d->words + 229) / 230);
	buf_printf(&out, "timestamps: %zu\nlinks: %zu\n", d->nts, e->nlinks);
	if (bl[i] == 0)
		buf_adds(&out, "backlinks: 0 lines\n");
	else
		buf_printf(&out, "backlinks: %u %s in %u %s\n", bl[i],
		    plural(bl[i], "line", "lines"), bd[i],
		    plural(bd[i], "document", "documents"));
	if (d->fm != NULL) {
		buf_adds(&out, "front matter:\n");
		if (d->fm->type == FM_MAP || d->fm->type == FM_SEQ)
			put_node(&out, d->fm, 1);
		else {
			buf_adds(&out, "  ");
			if (d->fm->str)
				utf8_sanitize(&out, d->fm->str, d->fm->slen);
			buf_addc(&out, '\n');
		}
	}
	if (d->fm_err.code != FOLIO_ERR_OK) {
		buf_printf(&out, "front matter error: line %u, column %u: ",
		    d->fm_err.line, d->fm_err.col);
		put_safe(&out, err_text(&d->fm_err));
		buf_addc(&out, '\n');
	}
	for (k = 0; k < d->nproblems; k++) {
		if (d->problems[k].msg == NULL || (d->fm_err.code !=
		    FOLIO_ERR_OK && d->problems[k].sev == DOC_ERROR))
			continue;
		buf_printf(&out, "%s: ", d->problems[k].sev == DOC_ERROR ?
		    "error" : "warning");
		put_safe(&out, d->problems[k].msg);
		buf_addc(&out, '\n');
	}
	if (e->nmention > 0) {
		buf_adds(&out, "mentions:\n");
		for (k = 0; k < e->nmention; k++) {
			const struct entity *en = &c->ents[e->mention_ent[k]];

			buf_adds(&out, "  ");
			put_safe(&out, en->name);
			buf_adds(&out, " (");
			put_safe(&out, en->category);
			buf_printf(&out, "): %u\n", e->mention_cnt[k]);
		}
	}
done:
	flush_out(&out);
	buf_free(&out);
	doc_free(d);
	free(bl);
	free(bd);
	return 0;
}

/* The trimmed source line of an offset. */
static const char *
context_of(const struct doc *d, unsigned line, size_t *len)
{
	const char	*s = doc_line_text(d, line, len);

	while (*len > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		(*len)--;
	}
	if (*len > 400)
		*len = 400;
	return s;
}

/*
 * The text of the caption cue at source offset "off", its lines joined by
 * spaces, into "tmp" (tags such as <v Name> and <c> are not part of it);
 * NULL when the document has no cue there.
 */
static const char *
cue_context(const struct doc *d, uint32_t off, struct buf *tmp, size_t *len)
{
	const char	*p;
	size_t		 k;

	for (k = 0; k < d->ncues; k++) {
		if (off < d->cues[k].off || off > d->cues[k].off + d->cues[k].len)
			continue;
		tmp->len = 0;
		for (p = d->cues[k].text; p != NULL && *p != '\0'; p++)
			buf_addc(tmp, *p == '\n' ? ' ' : *p);
		*len = tmp->len;
		return buf_cstr(tmp);
	}
	return NULL;
}

static int
cmd_timestamps(struct corpus *c, const struct cli_opts *o, int i)
{
	struct buf	 out = { 0 }, cue = { 0 };
	struct doc	*d;
	size_t		 k, n = 0, cl;
	char		 url[128], clock[32];

	if ((d = open_doc(c, i)) == NULL)
		return 1;
	if (o->json)
		buf_addc(&out, '[');
	for (k = 0; k < d->body->nitems; k++) {
		const struct item *it = &d->body->items[k];
		const char *ctx;
		unsigned line;

		if (it->type != ITEM_TS || it->inner)	/* embedded */
			continue;
		line = doc_line(d, it->off);
		if ((ctx = cue_context(d, it->off, &cue, &cl)) == NULL)
			ctx = context_of(d, line, &cl);
		if (ts_url(url, sizeof(url), it->video, it->seconds) != 0)
			url[0] = '\0';
		ts_format(clock, sizeof(clock), it->seconds);
		if (o->json) {
			if (n > 0)
				buf_addc(&out, ',');
			buf_printf(&out, "{\"seconds\":%ld,\"label\":",
			    it->seconds);
			json_cstr(&out, it->text && !ts_label_is_url(it->text) ?
			    it->text : clock);
			buf_printf(&out, ",\"line\":%u,\"video\":", line);
			json_video(&out, it->video);
			buf_adds(&out, ",\"url\":");
			json_cstr(&out, url[0] ? url : NULL);
			buf_adds(&out, ",\"context\":");
			json_str(&out, ctx, cl);
			buf_addc(&out, '}');
		} else {
			buf_printf(&out, "%8s  %5u  ", clock, line);
			buf_adds(&out, url[0] ? url : "-");
			buf_adds(&out, "  ");
			utf8_sanitize(&out, ctx, cl < 100 ? cl : 100);
			buf_addc(&out, '\n');
		}
		n++;
	}
	if (o->json)
		buf_adds(&out, "]\n");
	flush_out(&out);
	buf_free(&out);
	buf_free(&cue);
	if (n == 0 && !o->json) {
		put_safe(&out, c->e[i].path);
		fprintf(stderr, "folio: %s: no timestamps\n", buf_cstr(&out));
		buf_free(&out);
	}
	doc_free(d);
	return 0;
}

static int
cmd_links(struct corpus *c, const struct cli_opts *o, int i)
{
	const struct entry *e = &c->e[i];
	struct buf	 out = { 0 };
	size_t		 k;

	if (o->json)
		buf_addc(&out, '[');
	for (k = 0; k < e->nlinks; k++) {
		const struct elink *l = &e->links[k];
		const char *res = l->to >= 0 ? c->e[l->to].path : l->att > 0 ?
		    c->atts[l->att - 1].path : NULL;
		const char *kind = l->to >= 0 ? "document" : l->att > 0 ?
		    "attachment" : NULL;

		if (o->json) {
			if (k > 0)
				buf_addc(&out, ',');
			buf_adds(&out, "{\"type\":");
			json_cstr(&out, link_type_name(l->type));
			buf_adds(&out, ",\"target\":");
			json_cstr(&out, l->target);
			buf_adds(&out, ",\"text\":");
			json_cstr(&out, l->text);
			buf_printf(&out, ",\"line\":%u,\"resolved\":", l->line);
			json_cstr(&out, res);
			buf_adds(&out, ",\"kind\":");
			json_cstr(&out, kind);
			if (l->fm)
				buf_adds(&out, ",\"front_matter\":true");
			buf_addc(&out, '}');
		} else {
			buf_printf(&out, "%5u  %-5s  ", l->line,
			    link_type_name(l->type));
			put_safe(&out, l->target);
			if (l->type == ITEM_WIKI || l->type == ITEM_FILE) {
				buf_adds(&out, "  -> ");
				if (res != NULL) {
					put_safe(&out, res);
					if (l->att > 0)
						buf_adds(&out, " (attachment)");
				} else
					buf_adds(&out, l->type == ITEM_WIKI ?
					    "(missing)" : "(not in the library)");
				if (l->ambiguous)
					buf_adds(&out, " (ambiguous)");
			}
			buf_addc(&out, '\n');
		}
	}
	if (o->json)
		buf_adds(&out, "]\n");
	flush_out(&out);
	buf_free(&out);
	return 0;
}

/* Append the unlinked mentions of entry i (after n backlinks): the
 * full-text index answers for what it holds as it is now, the rest is
 * read (nothing waits for the index to be built); 0, or -1 after a
 * message. */
static int
unlinked(struct corpus *c, const struct cli_opts *o, int i, struct buf *out,
    size_t n)
{
	struct folio_err err;
	struct index	*ix;
	struct index_hit *h;
	char		*path = index_default_path(c->roots, c->nroots);
	long		 nh, k;

	/* No index (or a broken one) is no reason not to answer. */
	if (index_open(&ix, path, &err) == -1)
		ix = NULL;
	free(path);
	if ((nh = index_unlinked(ix, c, (size_t)i, 50, &h, &err)) < 0) {
		fprintf(stderr, "folio: index: %s\n", err_text(&err));
		index_close(ix);
		return -1;
	}
	for (k = 0; k < nh; k++, n++) {
		if (o->json) {
			if (n > 0)
				buf_addc(out, ',');
			buf_adds(out, "{\"path\":");
			json_cstr(out, c->e[h[k].entry].path);
			buf_printf(out, ",\"line\":%u,\"context\":",
			    h[k].line);
			json_cstr(out, h[k].snippet);
			buf_adds(out, ",\"unlinked\":true}");
		} else {
			put_safe(out, c->e[h[k].entry].path);
			buf_printf(out, ":%u: (unlinked) ", h[k].line);
			put_safe(out, h[k].snippet);
			buf_addc(out, '\n');
		}
	}
	index_hits_free(h, (size_t)nh);
	index_close(ix);
	return 0;
}

static int
cmd_backlinks(struct corpus *c, const struct cli_opts *o, int i)
{
	struct buf	 out = { 0 };
	size_t		 j, k, n = 0, seen = 0;
	unsigned	 last = 0;

	if (o->json)
		buf_addc(&out, '[');
	for (j = 0; j < c->n; j++)
		for (k = 0; k < c->e[j].nlinks; k++) {
			const struct elink *l = &c->e[j].links[k];

			if (l->to != i || (int)j == i)
				continue;
			/* Two links on one line make one backlink. */
			if (seen == j + 1 && last == l->line)
				continue;
			seen = j + 1;
			last = l->line;
			if (o->json) {
				if (n > 0)
					buf_addc(&out, ',');
				buf_adds(&out, "{\"path\":");
				json_cstr(&out, c->e[j].path);
				buf_printf(&out, ",\"line\":%u,\"context\":",
				    l->line);
				json_cstr(&out, l->context);
				buf_adds(&out, ",\"kind\":");
				json_cstr(&out, l->fm ? "front matter" :
				    l->embed ? "embed" : "link");
				buf_addc(&out, '}');
			} else {
				put_safe(&out, c->e[j].path);
				buf_printf(&out, ":%u: ", l->line);
				put_safe(&out, l->context);
				buf_addc(&out, '\n');
			}
			n++;
		}
	if (o->unlinked && unlinked(c, o, i, &out, n) == -1) {
		buf_free(&out);
		return 1;
	}
	if (o->json)
		buf_adds(&out, "]\n");
	flush_out(&out);
	buf_free(&out);
	return 0;
}

static int
ent_cmp_name(const void *a, const void *b)
{
	const struct entity *x = *(const struct entity *const *)a;
	const struct entity *y = *(const struct entity *const *)b;
	int	 r;

	if ((r = strcmp(x->category, y->category)) != 0)
		return r;
	return strcasecmp(x->name, y->name);
}

static int
cmd_entities(struct corpus *c, const struct cli_opts *o, int doc)
{
	const struct entity **v;
	struct buf	 out = { 0 };
	uint32_t	*cnt;
	size_t		 k, n = 0, q;

	cnt = xcalloc(c->nents + 1, sizeof(*cnt));
	v = xcalloc(c->nents + 1, sizeof(*v));
	if (doc >= 0) {
		const struct entry *e = &c->e[doc];

		for (k = 0; k < e->nents; k++)
			cnt[e->ents[k]] |= 0x80000000u;
		for (k = 0; k < e->nmention; k++)
			cnt[e->mention_ent[k]] += e->mention_cnt[k];
	}
	for (k = 0; k < c->nents; k++)
		if (doc < 0 || cnt[k] != 0)
			v[n++] = &c->ents[k];
	qsort(v, n, sizeof(*v), ent_cmp_name);
	if (o->json)
		buf_addc(&out, '[');
	for (k = 0; k < n; k++) {
		size_t id = (size_t)(v[k] - c->ents);
		size_t m = doc >= 0 ? (cnt[id] & 0x7fffffffu) : v[k]->nmentions;

		if (o->json) {
			if (k > 0)
				buf_addc(&out, ',');
			buf_adds(&out, "{\"name\":");
			json_cstr(&out, v[k]->name);
			buf_adds(&out, ",\"category\":");
			json_cstr(&out, v[k]->category);
			buf_printf(&out, ",\"documents\":%zu,\"mentions\":%zu}",
			    v[k]->ndocs, m);
		} else {
			q = out.len;
			put_safe(&out, v[k]->name);
			while (out.len - q < 28)
				buf_addc(&out, ' ');
			buf_printf(&out, " %-12s %5zu %-9s %6zu %s\n",
			    v[k]->category, v[k]->ndocs, plural(v[k]->ndocs,
			    "document", "documents"), m, plural(m, "mention",
			    "mentions"));
		}
	}
	if (o->json)
		buf_adds(&out, "]\n");
	flush_out(&out);
	buf_free(&out);
	free(v);
	free(cnt);
	return 0;
}

/* The seconds of an --at value (a clock time or a duration), or -1
 * after a message. */
static long
parse_at(const char *at)
{
	long	 v = ts_parse_clock(at, strlen(at));

	if (v < 0)
		v = ts_parse_duration(at, strlen(at));
	if (v < 0)
		fprintf(stderr, "folio: --at: not a time\n");
	return v;
}

static int
cmd_url(struct corpus *c, const struct cli_opts *o, int i)
{
	struct doc	*d;
	const struct item *best = NULL;
	char		 url[128];
	long		 at = -1, secs = -1;
	size_t		 k, off;
	bool		 approx = false;
	int		 rc = 1;

	if (o->at != NULL && (at = parse_at(o->at)) < 0)
		return 2;
	if ((d = open_doc(c, i)) == NULL)
		return 1;
	if (o->line > 0 && (size_t)o->line > d->nlines) {
		fprintf(stderr, "folio: --line %ld: past the end (%zu %s)\n",
		    o->line, d->nlines, plural(d->nlines, "line", "lines"));
		doc_free(d);
		return 2;
	}
	if (at >= 0) {
		/* The timestamp at or before that time, as :goto does. */
		for (k = 0; k < d->body->nitems; k++) {
			const struct item *it = &d->body->items[k];

			if (it->type == ITEM_TS && it->video[0] &&
			    it->seconds <= at && (best == NULL ||
			    it->seconds > best->seconds))
				best = it;
		}
		if (best != NULL)
			secs = best->seconds;
		else if (d->video[0])
			secs = at;
	} else if (o->line > 0) {
		off = doc_line_off(d, (unsigned)o->line);
		/* A timestamp on that line, else the time there. */
		for (k = 0; k < d->body->nitems; k++) {
			const struct item *it = &d->body->items[k];

			if (it->type != ITEM_TS || !it->video[0])
				continue;
			if (doc_line(d, it->off) == (unsigned)o->line) {
				best = it;
				break;
			}
		}
		if (best != NULL)
			secs = best->seconds;
		else
			secs = doc_time_at(d, off, &approx);
	} else if (d->video[0])
		secs = -1;
	if (best != NULL) {
		if (ts_url(url, sizeof(url), best->video, secs) == 0)
			rc = 0;
	} else if (d->video[0] && ts_url(url, sizeof(url), d->video,
	    (o->at || o->line > 0) ? secs : -1) == 0)
		rc = 0;
	if (rc == 0 && o->json) {
		struct buf b = { 0 };

		buf_adds(&b, "{\"path\":");
		json_cstr(&b, c->e[i].path);
		buf_adds(&b, ",\"url\":");
		json_cstr(&b, url);
		buf_adds(&b, ",\"video\":");
		json_video(&b, best != NULL ? best->video : d->video);
		buf_adds(&b, ",\"seconds\":");
		json_time(&b, best != NULL || o->at || o->line > 0 ? secs : -1);
		buf_adds(&b, ",\"approximate\":");
		buf_adds(&b, best == NULL && o->line > 0 && approx ? "true" :
		    "false");
		buf_adds(&b, "}\n");
		flush_out(&b);
		buf_free(&b);
	} else if (rc == 0)
		printf("%s\n", url);
	else
		fprintf(stderr, "folio: no video to open there\n");
	doc_free(d);
	return rc;
}

static bool
file_exists(const char *path, void *arg)
{
	(void)arg;
	return access(path, F_OK) == 0;
}

/* check --prune: forget the state of documents that no longer exist. */
static int
cmd_prune(void)
{
	struct folio_err err;
	struct state	*st;
	char		*path = state_default_path(), warn[512];
	long		 n;

	if (state_open(&st, path, warn, sizeof(warn), &err) == -1) {
		fprintf(stderr, "folio: state: %s\n", err_text(&err));
		free(path);
		return 1;
	}
	if (warn[0] != '\0')
		fprintf(stderr, "folio: %s\n", warn);
	n = state_prune(st, file_exists, NULL);
	state_close(st);
	free(path);
	if (n < 0) {
		fprintf(stderr, "folio: state: could not prune\n");
		return 1;
	}
	fprintf(stderr, "folio: forgot %ld vanished document%s\n", n,
	    n == 1 ? "" : "s");
	return 0;
}

static int
cmd_check(struct corpus *c, const struct cli_opts *o)
{
	struct buf	 out = { 0 };
	size_t		 i, k, nerr = 0, nwarn = 0, n = 0;
	struct doc	*d;

	if (o->json)
		buf_addc(&out, '[');
	for (i = 0; i < c->nnotes; i++) {
		if (o->json) {
			if (n++ > 0)
				buf_addc(&out, ',');
			buf_adds(&out, "{\"path\":null,\"line\":0,\"column\":0,"
			    "\"severity\":\"warning\",\"message\":");
			json_cstr(&out, c->notes[i]);
			buf_addc(&out, '}');
		} else {
			buf_adds(&out, "warning: ");
			put_safe(&out, c->notes[i]);
			buf_addc(&out, '\n');
		}
		nwarn++;
	}
	for (i = 0; i < c->n; i++) {
		struct folio_err err;
		const struct entry *e = &c->e[i];

		d = doc_load(e->abspath, e->path, NULL, NULL, &err);
		if (d == NULL) {
			if (o->json) {
				if (n++ > 0)
					buf_addc(&out, ',');
				buf_adds(&out, "{\"path\":");
				json_cstr(&out, e->path);
				buf_adds(&out, ",\"line\":0,\"column\":0,"
				    "\"severity\":\"error\",\"message\":");
				json_cstr(&out, err_text(&err));
				buf_addc(&out, '}');
			} else {
				put_safe(&out, e->path);
				buf_adds(&out, ": error: ");
				put_safe(&out, err_text(&err));
				buf_addc(&out, '\n');
			}
			nerr++;
			continue;
		}
		warn_link_times(d);
		for (k = 0; k < d->nproblems; k++) {
			const struct doc_problem *p = &d->problems[k];
			const char *sev = p->sev == DOC_ERROR ? "error" :
			    "warning";

			if (o->json) {
				if (n++ > 0)
					buf_addc(&out, ',');
				buf_adds(&out, "{\"path\":");
				json_cstr(&out, e->path);
				buf_printf(&out, ",\"line\":%u,\"column\":%u,"
				    "\"severity\":\"%s\",\"message\":", p->line,
				    p->col, sev);
				json_cstr(&out, p->msg);
				buf_addc(&out, '}');
			} else {
				put_safe(&out, e->path);
				if (p->line > 0)
					buf_printf(&out, ":%u", p->line);
				if (p->col > 0)
					buf_printf(&out, ":%u", p->col);
				buf_printf(&out, ": %s: ", sev);
				put_safe(&out, p->msg);
				buf_addc(&out, '\n');
			}
			if (p->sev == DOC_ERROR)
				nerr++;
			else
				nwarn++;
		}
		doc_free(d);
		for (k = 0; k < e->nlinks; k++) {
			const struct elink *l = &e->links[k];
			char *m;

			if ((m = corpus_link_problem(c, i, l)) == NULL)
				continue;
			if (o->json) {
				if (n++ > 0)
					buf_addc(&out, ',');
				buf_adds(&out, "{\"path\":");
				json_cstr(&out, e->path);
				buf_printf(&out, ",\"line\":%u,\"column\":0,"
				    "\"severity\":\"warning\",\"message\":",
				    l->line);
				json_cstr(&out, m);
				buf_addc(&out, '}');
			} else {
				put_safe(&out, e->path);
				buf_printf(&out, ":%u: warning: ", l->line);
				put_safe(&out, m);
				buf_addc(&out, '\n');
			}
			free(m);
			nwarn++;
		}
		if (out.len > 65536)
			flush_out(&out);
	}
	if (o->json)
		buf_adds(&out, "]\n");
	else
		buf_printf(&out, "%zu %s, %zu %s, %zu %s\n", c->n,
		    plural(c->n, "document", "documents"), nerr,
		    plural(nerr, "error", "errors"), nwarn,
		    plural(nwarn, "warning", "warnings"));
	flush_out(&out);
	buf_free(&out);
	return nerr > 0 ? 1 : 0;
}

/* The summary cache's titles read into a library, on a thread. */
struct summ {
	struct corpus	*c;
	pthread_t	 th;
	bool		 thread;
};

/* Read them (a thread's start routine, or called directly); NULL. */
static void *
summaries(void *arg)
{
	struct summ	*s = arg;

	corpus_cache_summaries(s->c);
	return NULL;
}

/* Wait for them to be read. */
static void
summaries_done(void *arg)
{
	struct summ	*s = arg;

	if (s->thread)
		pthread_join(s->th, NULL);
	s->thread = false;
}

/* The library as "search" needs it: its files and their sizes and times,
 * and what the summary cache holds of the unchanged ones (no document is
 * read; the hits' are, for their places); NULL after a message. */
static struct corpus *
search_library(const struct cli_opts *o, struct index **ixp)
{
	static struct summ summ;	/* outlives this call: see below */
	struct folio_err err;
	struct corpus	*c = corpus_new();
	struct index_pre *pre;
	struct buf	 q = { 0 };
	char		*path;

	*ixp = NULL;
	if (corpus_add_roots(c, o->nroots > 0 ? (const char *const *)o->roots :
	    (const char *[]){ "." }, o->nroots > 0 ? (size_t)o->nroots : 1,
	    &err) == -1)
		goto fail;
	/* The index is read while the folders are walked. */
	args_text(o, &q);
	path = index_default_path(c->roots, c->nroots);
	pre = index_prefetch(path, buf_cstr(&q));
	free(path);
	buf_free(&q);
	corpus_scan_all(c);
	/* Titles, videos and word counts as the summary cache has them:
	 * hits in documents without timestamps are placed without
	 * parsing them.  Taken on a thread of their own while the index
	 * finds the hits (which reads no entry's summary), joined before
	 * they are placed. */
	summ.c = c;
	summ.thread = pthread_create(&summ.th, NULL, summaries, &summ) == 0;
	if (!summ.thread)
		summaries(&summ);
	if ((*ixp = index_prefetched(pre)) != NULL)
		index_before_placing(*ixp, summaries_done, &summ);
	else
		summaries_done(&summ);
	return c;
fail:
	fprintf(stderr, "folio: %s\n", err_text(&err));
	corpus_free(c);
	return NULL;
}

/* Search the full text: whatever the index holds as it is now answers,
 * the rest is read directly (nothing waits for the index); 0, 1 or 2. */
static int
cmd_search(struct corpus *c, const struct cli_opts *o, struct index *ix)
{
	struct folio_err err;
	struct index_hit *h;
	struct index_answer ans;
	struct buf	 q = { 0 }, out = { 0 };
	char		 clock[32];
	long		 n, k;

	args_text(o, &q);
	/* No index (or a broken one) is no reason not to answer. */
	if ((n = index_query(ix, c, buf_cstr(&q), 200, 0, &h, &ans,
	    &err)) < 0) {
		fprintf(stderr, "folio: search: %s\n", err_text(&err));
		index_close(ix);
		buf_free(&q);
		return err.code == FOLIO_ERR_SYNTAX ? 2 : 1;
	}
	/* The ranking's caveat is said with the hits it concerns; no hit
	 * is said by the exit status alone. */
	if (ans.provisional && n > 0)
		fprintf(stderr, "folio: search: %zu of %zu documents read "
		    "directly (not indexed, or changed since); the ranking "
		    "improves once \"folio index\" has run\n", ans.scanned,
		    c->n);
	if (o->json)
		buf_addc(&out, '[');
	for (k = 0; k < n; k++) {
		const struct entry *e = &c->e[h[k].entry];
		long secs = h[k].seconds;
		bool approx = h[k].approx;
		if (o->json) {
			if (k > 0)
				buf_addc(&out, ',');
			buf_adds(&out, "{\"path\":");
			json_cstr(&out, e->path);
			buf_adds(&out, ",\"title\":");
			json_cstr(&out, h[k].title != NULL ? h[k].title :
			    e->title);
			buf_printf(&out, ",\"line\":%u,\"snippet\":",
			    h[k].line);
			json_cstr(&out, h[k].snippet);
			buf_printf(&out, ",\"match\":[%u,%u]", h[k].hl_off,
			    h[k].hl_off + h[k].hl_len);
			buf_adds(&out, ",\"seconds\":");
			json_time(&out, secs);
			buf_addc(&out, '}');
		} else {
			put_safe(&out, e->path);
			buf_printf(&out, ":%u: ", h[k].line);
			if (secs >= 0) {
				ts_format(clock, sizeof(clock), secs);
				buf_printf(&out, "[%s%s] ", approx ? "≈" : "",
				    clock);
			}
			put_safe(&out, h[k].snippet);
			buf_addc(&out, '\n');
		}
	}
	if (o->json)
		buf_adds(&out, "]\n");
	flush_out(&out);
	buf_free(&out);
	buf_free(&q);
	index_hits_free(h, (size_t)n);
	index_close(ix);
	/* Like grep: no hit is status 1, said only to a person. */
	if (n == 0 && isatty(STDERR_FILENO))
		fputs("folio: no match\n", stderr);
	return n > 0 ? 0 : 1;
}

/* ---- highlights ---------------------------------------------------------- */

/* Open the state for a command; NULL after a message. */
static struct state *
open_state(void)
{
	struct folio_err err;
	struct state	*st;
	char		*path = state_default_path(), warn[512];

	if (state_open(&st, path, warn, sizeof(warn), &err) == -1) {
		fprintf(stderr, "folio: state: %s\n", err_text(&err));
		st = NULL;
	} else if (warn[0] != '\0')
		fprintf(stderr, "folio: %s\n", warn);
	free(path);
	return st;
}

/* highlight DOC --line N [--at TIME] [--note TEXT]: save one. */
static int
cmd_highlight(struct corpus *c, const struct cli_opts *o, int i)
{
	struct state_highlight h;
	struct folio_err err;
	struct state	*st;
	struct doc	*d;
	long		 at = -1;
	long long	 id;
	int		 rc = 1;

	if (o->line < 1) {
		fprintf(stderr, "folio: highlight: which line? (--line N)\n");
		return 2;
	}
	if (o->at != NULL && (at = parse_at(o->at)) < 0)
		return 2;
	if ((d = open_doc(c, i)) == NULL)
		return 1;
	if (highlight_from_doc(d, (unsigned)o->line, at, o->note, &h, &err)
	    == -1) {
		fprintf(stderr, "folio: highlight: %s\n", err_text(&err));
		doc_free(d);
		return 1;
	}
	if ((st = open_state()) != NULL) {
		if (state_add_highlight(st, &h, &id) == 0) {
			printf("%lld\n", id);
			rc = 0;
		} else
			fprintf(stderr, "folio: highlight: could not save\n");
		state_close(st);
	}
	highlight_clear(&h);
	doc_free(d);
	return rc;
}

/* highlights [DOC] [--json | --markdown] [--output FILE [--force]]. */
static int
cmd_highlights(struct corpus *c, const struct cli_opts *o, int i)
{
	struct state_highlight *v;
	struct folio_err err;
	struct state	*st;
	struct buf	 out = { 0 };
	const char	*path = NULL;
	size_t		 n;
	int		 rc = 0;

	if (o->json && o->markdown) {
		fprintf(stderr, "folio: highlights: --json or --markdown, "
		    "not both\n");
		return 2;
	}
	if (o->force && o->output == NULL) {
		fprintf(stderr, "folio: highlights: --force goes with "
		    "--output\n");
		return 2;
	}
	if (c != NULL && i >= 0)
		path = c->e[i].abspath;
	if ((st = open_state()) == NULL)
		return 1;
	n = state_highlights(st, path, &v);
	highlight_export(&out, v, n, o->json ? HIGHLIGHT_JSON : o->markdown ?
	    HIGHLIGHT_MARKDOWN : HIGHLIGHT_TEXT);
	if (o->output != NULL) {
		if (highlight_write(st, o->output, buf_cstr(&out), out.len,
		    o->force, &err) == -1) {
			fprintf(stderr, "folio: highlights: %s\n",
			    err_text(&err));
			rc = 1;
		}
	} else
		flush_out(&out);
	buf_free(&out);
	state_highlights_free(v, n);
	state_close(st);
	return rc;
}

/* The progress line of "folio index" on a terminal. */
static int
index_progress(size_t done, size_t total, void *arg)
{
	(void)arg;
	fprintf(stderr, "\rfolio: indexing %zu/%zu", done, total);
	return 0;
}

/* Bring the full-text index up to date; 0, or 1 after a message. */
static int
cmd_index(struct corpus *c, const struct cli_opts *o)
{
	struct folio_err err;
	struct index	*ix;
	char		*path;
	long		 n;
	bool		 tty = isatty(STDERR_FILENO);

	(void)o;
	path = index_default_path(c->roots, c->nroots);
	if (index_open(&ix, path, &err) == -1) {
		fprintf(stderr, "folio: index: %s\n", err_text(&err));
		free(path);
		return 1;
	}
	n = index_update(ix, c, tty ? index_progress : NULL, NULL, &err);
	if (tty)
		fputc('\n', stderr);
	if (n < 0) {
		fprintf(stderr, "folio: index: %s\n", err_text(&err));
		index_close(ix);
		free(path);
		return 1;
	}
	printf("%ld of %zu documents indexed, %llu KB: %s\n", n, c->n,
	    (unsigned long long)(index_bytes(ix) / 1024), path);
	index_close(ix);
	free(path);
	return 0;
}

int
cli_run(const char *cmd, const struct cli_opts *o)
{
	struct preload	 pre;
	struct corpus	*c;
	struct index	*six = NULL;
	int		 rc, i = -1;
	bool		 wants_doc;

	wants_doc = strcmp(cmd, "list") != 0 && strcmp(cmd, "check") != 0 &&
	    strcmp(cmd, "entities") != 0 && strcmp(cmd, "search") != 0 &&
	    strcmp(cmd, "highlights") != 0 && strcmp(cmd, "index") != 0;
	/* All highlights need no library. */
	if (strcmp(cmd, "highlights") == 0 && o->nargs == 0)
		return cmd_highlights(NULL, o, -1);
	if (strcmp(cmd, "highlights") == 0 && o->nargs > 1) {
		fprintf(stderr, "folio: highlights: one document only\n");
		return 2;
	}
	if (strcmp(cmd, "search") == 0 && o->nargs == 0) {
		fprintf(stderr, "folio: search: what to search for?\n");
		return 2;
	}
	if (wants_doc && need_doc(o, cmd) == -1)
		return 2;
	if (strcmp(cmd, "entities") == 0 && o->nargs > 1) {
		fprintf(stderr, "folio: entities: one document only\n");
		return 2;
	}
	if (strcmp(cmd, "index") == 0 && o->nargs > 0) {
		fprintf(stderr, "folio: index takes no arguments\n");
		return 2;
	}
	if (strcmp(cmd, "check") == 0 && o->nargs > 0) {
		fprintf(stderr, "folio: check takes no arguments\n");
		return 2;
	}
	/* Everything listed, from a summary cache that is up to date. */
	if (strcmp(cmd, "list") == 0 && o->nargs == 0 &&
	    (c = corpus_fresh(o->nroots > 0 ? o->roots :
	    (const char *[]){ "." }, o->nroots > 0 ? (size_t)o->nroots : 1,
	    o->json)) != NULL) {
		rc = cmd_list(c, o);
		corpus_free(c);
		return rc;
	}
	pre.i = -1;
	pre.d = NULL;
	if (strcmp(cmd, "search") == 0)
		c = search_library(o, &six);
	else
		c = open_library(o, o->nargs > 0 && strcmp(cmd, "list") != 0 &&
		    strcmp(cmd, "search") != 0 ? o->args[0] : NULL,
		    strcmp(cmd, "show") == 0 ? &pre : NULL,
		    strcmp(cmd, "list") == 0 && o->nargs == 0);
	if (c == NULL)
		return 1;
	if ((wants_doc || ((strcmp(cmd, "entities") == 0 ||
	    strcmp(cmd, "highlights") == 0) && o->nargs == 1)) &&
	    (i = find_doc(c, o->args[0])) < 0) {
		doc_free(pre.d);
		corpus_free(c);
		return 1;
	}
	if (strcmp(cmd, "list") == 0)
		rc = cmd_list(c, o);
	else if (strcmp(cmd, "show") == 0)
		rc = cmd_show(c, o, i, &pre);
	else if (strcmp(cmd, "meta") == 0)
		rc = cmd_meta(c, o, i);
	else if (strcmp(cmd, "timestamps") == 0)
		rc = cmd_timestamps(c, o, i);
	else if (strcmp(cmd, "links") == 0)
		rc = cmd_links(c, o, i);
	else if (strcmp(cmd, "backlinks") == 0)
		rc = cmd_backlinks(c, o, i);
	else if (strcmp(cmd, "entities") == 0)
		rc = cmd_entities(c, o, i);
	else if (strcmp(cmd, "url") == 0)
		rc = cmd_url(c, o, i);
	else if (strcmp(cmd, "search") == 0)
		rc = cmd_search(c, o, six);
	else if (strcmp(cmd, "highlight") == 0)
		rc = cmd_highlight(c, o, i);
	else if (strcmp(cmd, "highlights") == 0)
		rc = cmd_highlights(c, o, i);
	else if (strcmp(cmd, "index") == 0)
		rc = cmd_index(c, o);
	else
		rc = cmd_check(c, o) | (o->prune ? cmd_prune() : 0);
	corpus_free(c);
	return rc;
}
