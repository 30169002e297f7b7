/* SPDX-License-Identifier: ISC */
/*
 * The metadata view: the open document's front matter, links, backlinks
 * and mentions, rebuilt when the document changes.
 */
#include "ui.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "folio/corpus.h"
#include "folio/doc.h"
#include "folio/frontmatter.h"
#include "folio/index.h"
#include "folio/role.h"
#include "folio/timestamp.h"
#include "folio/utf8.h"
#include "folio/xmalloc.h"

#define FOLD_LIST	8		/* list items shown before folding */

/* The metadata view's own state. */
struct metaview {
	struct mline	*v;		/* rows.n of them */
	struct rows	 rows;
	int		 entry;		/* whose metadata, or -1 */
	char		*path;		/* ... by path, across libraries */
};

static struct metaview	 mv;

static void	 meta_build(struct app *);

/* Free the lines. */
static void
meta_free(struct app *app)
{
	size_t	 i;

	(void)app;
	for (i = 0; i < mv.rows.n; i++) {
		free(mv.v[i].text);
		free(mv.v[i].query);
	}
	free(mv.v);
	free(mv.path);
	memset(&mv, 0, sizeof(mv));
}

static struct mline *
add(struct metaview *m, int role, int indent, const char *fmt, ...)
	FOLIO_PRINTF(4, 5);

/* Append one line (sanitised; wrapping happens when drawing) and return
 * it, so that the caller can say what Enter does on it. */
static struct mline *
add(struct metaview *m, int role, int indent, const char *fmt, ...)
{
	struct buf	 b = { 0 };
	va_list		 ap;
	char		*raw;
	int		 n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	raw = xmalloc((size_t)n + 1);
	raw[0] = '\0';
	va_start(ap, fmt);
	vsnprintf(raw, (size_t)n + 1, fmt, ap);
	va_end(ap);
	utf8_sanitize(&b, raw, strlen(raw));
	free(raw);
	m->v = xreallocarray(m->v, m->rows.n + 1, sizeof(*m->v));
	m->v[m->rows.n].text = xstrndup(buf_cstr(&b), b.len);
	m->v[m->rows.n].role = role;
	m->v[m->rows.n].indent = indent;
	m->v[m->rows.n].entry = -1;
	m->v[m->rows.n].line = 0;
	m->v[m->rows.n].query = NULL;
	m->v[m->rows.n].att = 0;
	m->v[m->rows.n].ent = -1;
	buf_free(&b);
	return &m->v[m->rows.n++];
}

/* A query matching "value" at front matter path "path": field:"value". */
static char *
value_query(const char *path, const char *value, size_t len)
{
	struct buf	 b = { 0 };
	size_t		 i;
	char		*s;

	buf_printf(&b, "%s:\"", path);
	for (i = 0; i < len && i < 400; i++)
		if (value[i] != '"' && value[i] != '\n' && value[i] != '\r')
			buf_addc(&b, value[i]);
	buf_addc(&b, '"');
	s = xstrndup(b.p, b.len);
	buf_free(&b);
	return s;
}

static void
add_node(struct metaview *m, const struct fm_node *n, int depth,
    const char *path)
{
	const struct fm_node *k;
	size_t		 i = 0;
	char		 sub[512];

	if (depth > 12)
		return;
	for (k = n->child; k != NULL; k = k->next, i++) {
		const char *key = n->type == FM_MAP ? (k->key ? k->key : "") :
		    "-";
		const char *sep = n->type == FM_MAP ? ":" : "";

		if (n->type == FM_SEQ && i == FOLD_LIST && n->nchild >
		    FOLD_LIST + 1) {
			add(m, ROLE_GUTTER, depth, "… %zu more",
			    n->nchild - FOLD_LIST);
			break;
		}
		/* Sequences keep their parent's path: tags:"x". */
		if (n->type == FM_MAP)
			snprintf(sub, sizeof(sub), "%s%s%s", path,
			    path[0] ? "." : "", key);
		else
			snprintf(sub, sizeof(sub), "%s", path);
		if (k->type == FM_MAP || k->type == FM_SEQ) {
			add(m, ROLE_H3, depth, "%s%s%s", key, sep,
			    k->nchild ? "" : (k->type == FM_MAP ? " {}" :
			    " []"));
			add_node(m, k, depth + 1, sub);
		} else {
			struct mline *l = add(m, ROLE_TEXT, depth, "%s%s %s%.*s",
			    key, sep, k->type == FM_ALIAS ? "*" : "",
			    (int)(k->slen > 4000 ? 4000 : k->slen), k->str ?
			    k->str : "");

			if (k->str != NULL && k->slen > 0 && k->slen < 200 &&
			    sub[0] != '\0' && k->type != FM_ALIAS)
				l->query = value_query(sub, k->str, k->slen);
		}
	}
}

void
meta_add(struct app *app, int role, int indent, const char *a,
    const char *b)
{
	add(&mv, role, indent, "%s%s", a, b);
}

/* Backlinks with their context, documents of the same video, related
 * documents: each opens with Enter. */
static void
add_links(struct app *app, struct metaview *m)
{
	const struct corpus *c = app->c;
	const struct entry *self = &c->e[app->body.entry];
	struct corpus_rel *rel;
	struct mline	*l;
	struct index	*ix;
	struct index_hit *uh;
	struct folio_err err;
	size_t		 i, k, n = 0;
	long		 nu;
	unsigned	 last_line = 0;

	for (i = 0; i < c->n; i++)
		for (k = 0; k < c->e[i].nlinks; k++) {
			const struct elink *el = &c->e[i].links[k];

			if (el->to != app->body.entry || (int)i ==
			    app->body.entry)
				continue;
			/* Two links on one line make one backlink. */
			if (k > 0 && el->line == last_line &&
			    c->e[i].links[k - 1].to == app->body.entry)
				continue;
			last_line = el->line;
			if (n++ == 0) {
				add(m, ROLE_TEXT, 0, "%s", "");
				add(m, ROLE_H2, 0, "Backlinks");
			}
			l = add(m, ROLE_WIKILINK, 1, "%s:%u", c->e[i].title,
			    el->line);
			l->entry = (int)i;
			l->line = el->line;
			l = add(m, ROLE_GUTTER, 2, "%s", el->context ?
			    el->context : "");
			l->entry = (int)i;
			l->line = el->line;
		}
	/* Unlinked mentions: cheap once the full-text index is fresh. */
	if ((ix = app->index) != NULL && (nu = index_unlinked(ix,
	    c, (size_t)app->body.entry, 20, &uh, &err)) > 0) {
		add(m, ROLE_TEXT, 0, "%s", "");
		add(m, ROLE_H2, 0, "Unlinked mentions");
		for (k = 0; k < (size_t)nu; k++) {
			l = add(m, ROLE_TEXT, 1, "%s:%u",
			    c->e[uh[k].entry].title, uh[k].line);
			l->entry = uh[k].entry;
			l->line = uh[k].line;
			l = add(m, ROLE_GUTTER, 2, "%s", uh[k].snippet);
			l->entry = uh[k].entry;
			l->line = uh[k].line;
		}
		index_hits_free(uh, (size_t)nu);
	}
	if (self->video[0] != '\0') {
		n = 0;
		for (i = 0; i < c->n; i++) {
			if ((int)i == app->body.entry ||
			    strcmp(c->e[i].video, self->video) != 0)
				continue;
			if (n++ == 0) {
				add(m, ROLE_TEXT, 0, "%s", "");
				add(m, ROLE_H2, 0, "Same video (a: same moment)");
			}
			l = add(m, ROLE_LINK, 1, "%s  (%s)", c->e[i].title,
			    doc_kind_name(c->e[i].kind));
			l->entry = (int)i;
		}
	}
	n = corpus_related(c, (size_t)app->body.entry, &rel, 8);
	if (n > 0) {
		add(m, ROLE_TEXT, 0, "%s", "");
		add(m, ROLE_H2, 0, "Related");
		for (i = 0; i < n; i++) {
			l = add(m, ROLE_LINK, 1, "%s  (%u shared%s)",
			    c->e[rel[i].entry].title, rel[i].shared,
			    rel[i].same_video ? ", same video" : "");
			l->entry = (int)rel[i].entry;
		}
	}
	free(rel);
}

/* The line of the heading or block a link "Note#Heading" names in its
 * note (read for it), or 0. */
static unsigned
fm_link_line(const struct corpus *c, const struct elink *el)
{
	struct folio_err err;
	struct doc	*d;
	const char	*frag = strchr(el->target, '#');
	uint32_t	 off, end;
	unsigned	 line = 0;

	if (el->to < 0 || frag == NULL || frag[1] == '\0' ||
	    (d = doc_load(c->e[el->to].abspath, c->e[el->to].path, NULL,
	    NULL, &err)) == NULL)
		return 0;
	if (doc_anchor(d, frag + 1, &off, &end))
		line = doc_line(d, off);
	doc_free(d);
	return line;
}

/* The wikilinks of the front matter ("related: [[Other]]"), a row each
 * that Enter follows (resolved as the body's links are, to the heading
 * or block it names). */
static void
add_fm_links(const struct corpus *c, struct metaview *m,
    const struct entry *e)
{
	const struct elink *el;
	const char	*ctx, *colon;
	struct mline	*l;
	size_t		 i, n = 0;
	int		 klen;
	bool		 found;

	for (i = 0; i < e->nlinks; i++) {
		if (!(el = &e->links[i])->fm)
			continue;
		if (n++ == 0) {
			add(m, ROLE_TEXT, 0, "%s", "");
			add(m, ROLE_H2, 0, "Links in front matter");
		}
		ctx = el->context != NULL ? el->context : "";
		colon = strchr(ctx, ':');
		klen = colon != NULL && colon - ctx < 60 ? (int)(colon - ctx) : 0;
		found = el->to >= 0 || el->att > 0;
		l = add(m, found ? ROLE_WIKILINK : ROLE_WIKILINK_MISSING, 1,
		    "%.*s%s[[%s]]%s", klen, ctx, klen > 0 ? ": " : "",
		    el->target, found ? "" : " (missing)");
		l->entry = el->to;
		l->att = el->att;
		l->line = fm_link_line(c, el);
	}
}

static void
meta_build(struct app *app)
{
	struct metaview	*m = &mv;
	const struct doc *d = app->body.doc;
	const struct entry *e;
	const struct fm_node *ents, *cat, *k;
	char		 t[32], url[128];
	size_t		 i;

	meta_free(app);
	m->entry = app->body.entry;
	if (d == NULL || app->body.entry < 0)
		return;
	m->path = xstrdup(app->c->e[app->body.entry].path);
	m->rows.sel = 0;
	e = &app->c->e[app->body.entry];
	add(m, ROLE_H1, 0, "%s", d->title);
	add(m, ROLE_TEXT, 0, "path: %s", e->path);
	add(m, ROLE_TEXT, 0, "kind: %s", doc_kind_name(d->kind));
	if (d->date)
		add(m, ROLE_TEXT, 0, "date: %s", d->date);
	if (d->duration >= 0) {
		ts_format(t, sizeof(t), d->duration);
		add(m, ROLE_TEXT, 0, "duration: %s", t);
	}
	if (d->video[0] && ts_url(url, sizeof(url), d->video, -1) == 0)
		add(m, ROLE_LINK, 0, "video: %s", url);
	ui_meta_lines(app);
	add(m, ROLE_TEXT, 0, "words: %zu (%zu min read)", d->words,
	    (d->words + 229) / 230);
	add(m, ROLE_TEXT, 0, "timestamps: %zu  links: %zu  backlinks: %u "
	    "line%s", d->nts, e->nlinks, e->nbacklinks,
	    app_plural(e->nbacklinks));
	if (d->fm_err.code != FOLIO_ERR_OK)
		add(m, ROLE_WIKILINK_MISSING, 0, "front matter error at %u:%u: "
		    "%s", d->fm_err.line, d->fm_err.col, err_text(&d->fm_err));
	for (i = 0; i < d->nproblems; i++)
		if (d->problems[i].sev == DOC_WARNING)
			add(m, ROLE_GUTTER, 0, "warning: %s",
			    d->problems[i].msg);
	add_fm_links(app->c, m, e);
	if (d->fm != NULL && d->fm->type == FM_MAP &&
	    (ents = fm_get(d->fm, "entities")) != NULL &&
	    ents->type == FM_MAP && ents->nchild > 0) {
		add(m, ROLE_TEXT, 0, "%s", "");
		add(m, ROLE_H2, 0, "Entities");
		for (cat = ents->child; cat != NULL; cat = cat->next) {
			if (cat->type != FM_SEQ || cat->nchild == 0)
				continue;
			add(m, ROLE_H3, 1, "%s", cat->key ? cat->key : "");
			for (k = cat->child; k != NULL; k = k->next) {
				int id = k->str ? corpus_entity(app->c, k->str) :
				    -1;

				size_t nd = id >= 0 ? app->c->ents[id].ndocs : 0;
				struct mline *l = add(m, ROLE_ENTITY, 2,
				    "%s (%zu document%s)", k->str ? k->str : "",
				    nd, app_plural(nd));

				if (k->str != NULL)
					l->query = value_query("entity", k->str,
					    strlen(k->str));
				l->ent = id;
			}
		}
	}
	if (e->nmention > 0) {
		add(m, ROLE_TEXT, 0, "%s", "");
		add(m, ROLE_H2, 0, "Mentions");
		for (i = 0; i < e->nmention; i++) {
			const struct entity *en = &app->c->ents[e->mention_ent[i]];
			struct mline *l = add(m, ROLE_ENTITY, 1,
			    "%s ×%u  (%zu document%s)", en->name,
			    e->mention_cnt[i], en->ndocs, app_plural(en->ndocs));

			l->query = value_query("entity", en->name,
			    strlen(en->name));
			l->ent = (int32_t)e->mention_ent[i];
		}
	}
	add_links(app, m);
	if (d->fm != NULL) {
		add(m, ROLE_TEXT, 0, "%s", "");
		add(m, ROLE_H2, 0, "Front matter");
		if (d->fm->type == FM_MAP || d->fm->type == FM_SEQ)
			add_node(m, d->fm, 1, "");
		else
			add(m, ROLE_TEXT, 1, "%s", d->fm->str ? d->fm->str : "");
	}
}

/*
 * The bytes of "s" (n bytes) that fit in "avail" columns on one display
 * line: up to the last blank that fits; a word longer than the line breaks
 * after a "/", "?", "=" or "&" (URLs, paths), else where it must.  At
 * least one character.
 */
static size_t
wrap_len(const char *s, size_t n, int avail)
{
	size_t	 k = 0, g, blank = 0, punct = 0;
	int	 used = 0, w;

	while (k < n) {
		g = utf8_grapheme(s + k, n - k, &w);
		if (used + w > avail)
			break;
		used += w;
		k += g;
		if (s[k - 1] == ' ')
			blank = k;
		else if (g == 1 && strchr("/?=&", s[k - 1]) != NULL)
			punct = k;
	}
	if (k >= n)
		return n;
	if (s[k] == ' ')
		return k;		/* the break falls on a blank */
	if (blank > 0)
		return blank;
	if (punct > 0)
		return punct;
	return k > 0 ? k : utf8_grapheme(s, n, &w);
}

/* The indent and width of display line "first" or a continuation of
 * metadata line "l" in a pane "w" wide. */
static void
line_box(const struct mline *l, bool first, int w, int *ind, int *avail)
{
	*ind = l->indent * 2 + (first ? 0 : 2);
	*avail = w - *ind;
	if (*avail < 4) {
		*ind = 0;
		*avail = w > 0 ? w : 1;
	}
}

/* Display lines that line "l" takes at width "w". */
static int
rows_of(const struct mline *l, int w)
{
	const char	*s = l->text;
	size_t		 n = strlen(s), k = 0;
	int		 rows = 0, ind, avail;

	if (n == 0)
		return 1;
	while (k < n) {
		line_box(l, rows == 0, w, &ind, &avail);
		k += wrap_len(s + k, n - k, avail);
		while (k < n && s[k] == ' ')
			k++;
		rows++;
	}
	return rows;
}

static void
meta_draw(struct app *app, const struct rect *r)
{
	struct metaview	*m = &mv;
	size_t		 i, k, len;
	int		 y = 0, ind, avail, row;
	attr_t		 a;

	if (r->h <= 0 || r->w <= 0)
		return;
	if (m->rows.n == 0) {
		screen_puts(r->y, r->x, r->w, "(no document)",
		    screen_attr(ROLE_GUTTER));
		return;
	}
	rows_show(&m->rows, r->h);
	/* Keep the selection on screen although lines wrap. */
	for (;;) {
		int used = 0;

		for (k = m->rows.top; k <= m->rows.sel && k < m->rows.n; k++)
			used += rows_of(&m->v[k], r->w);
		if (used <= r->h || m->rows.top >= m->rows.sel)
			break;
		m->rows.top++;
	}
	/* Long values wrap under their indent, at word boundaries. */
	for (i = m->rows.top; i < m->rows.n && y < r->h; i++) {
		const char *s = m->v[i].text;
		size_t n = strlen(s);
		bool sel = i == m->rows.sel && app->focus == PANE_META;

		if (n == 0) {
			y++;
			continue;
		}
		a = screen_attr(m->v[i].role) | (sel ? A_REVERSE : 0);
		if (sel)
			screen_fill(r->y + y, r->x, r->w, A_REVERSE);
		for (k = 0, row = 0; k < n && y < r->h; y++, row++) {
			line_box(&m->v[i], row == 0, r->w, &ind, &avail);
			if (sel && row > 0)
				screen_fill(r->y + y, r->x, r->w, A_REVERSE);
			len = wrap_len(s + k, n - k, avail);
			screen_put(r->y + y, r->x + ind, avail, s + k, len, a);
			k += len;
			while (k < n && s[k] == ' ')
				k++;
		}
	}
}

/* Move the metadata pane's selection by "delta" lines, keeping it in a
 * window of "height" rows (meta_draw() counts wrapped lines). */
void
meta_move(struct app *app, long delta, int height)
{
	rows_move(&mv.rows, delta, height);
}

const struct mline *
meta_selected(const struct app *app)
{
	if (mv.rows.n == 0 || mv.rows.sel >= mv.rows.n)
		return NULL;
	return &mv.v[mv.rows.sel];
}

/* The open document changed: rebuild, keeping the selection when it is
 * the same document (read again, read whole, or in a new library). */
static void
meta_doc_changed(struct app *app)
{
	struct metaview	*m = &mv;
	size_t		 sel = m->rows.sel;
	char		*was = m->rows.n > 0 && m->path != NULL ?
	    xstrdup(m->path) : NULL;

	meta_build(app);
	if (was != NULL && m->path != NULL && strcmp(was, m->path) == 0 &&
	    sel < m->rows.n)
		m->rows.sel = sel;
	free(was);
}

/* Keys of the metadata pane: moving, Enter on a value, / searches the
 * body. */
static bool
meta_request(struct app *app, enum action a, int height)
{
	if (rows_request(&mv.rows, a, height))
		return true;
	switch (a) {
	case ACT_ENTER:
		ui_post(app, EV_META_ENTER, 0, 0);
		return true;
	case ACT_SEARCH:
		ui_post(app, EV_PROMPT, PROMPT_SEARCH, 0);
		return true;
	default:
		return false;
	}
}

/* The metadata pane's title. */
static void
meta_title(struct app *app, char *buf, size_t cap)
{
	snprintf(buf, cap, "Metadata");
}

static const struct hintdef meta_hints[] = {
	{ ACT_ENTER, "apply", 2, NULL }, { ACT_MOVE_DOWN, "move", 4, NULL },
	{ ACT_TOGGLE_META, "hide", 5, NULL },
	{ ACT_PANE_NEXT, "pane", 3, NULL },
	{ ACT_HELP, "help", 1, NULL }, { ACT_QUIT, "quit", 0, NULL },
};

const struct view_ops meta_view = {
	.draw = meta_draw,
	.request = meta_request,
	.title = meta_title,
	.doc_changed = meta_doc_changed,
	.free = meta_free,
	.hints = meta_hints,
	.nhints = ARRAY_SIZE(meta_hints),
};
