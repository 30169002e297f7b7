/* SPDX-License-Identifier: ISC */
#include "ui.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "folio/corpus.h"
#include "folio/doc.h"
#include "folio/frontmatter.h"
#include "folio/role.h"
#include "folio/timestamp.h"
#include "folio/utf8.h"
#include "folio/xmalloc.h"

#define FOLD_LIST	8		/* list items shown before folding */

void
meta_free(struct app *app)
{
	size_t	 i;

	for (i = 0; i < app->meta.n; i++)
		free(app->meta.v[i].text);
	free(app->meta.v);
	memset(&app->meta, 0, sizeof(app->meta));
}

static void
add(struct metaview *m, int role, int indent, const char *fmt, ...)
	FOLIO_PRINTF(4, 5);

/* Append one line (sanitised); wrapping happens when drawing. */
static void
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
		return;
	raw = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(raw, (size_t)n + 1, fmt, ap);
	va_end(ap);
	utf8_sanitize(&b, raw, strlen(raw));
	free(raw);
	m->v = xreallocarray(m->v, m->n + 1, sizeof(*m->v));
	m->v[m->n].text = xstrndup(buf_cstr(&b), b.len);
	m->v[m->n].role = role;
	m->v[m->n].indent = indent;
	m->n++;
	buf_free(&b);
}

static void
add_node(struct metaview *m, const struct fm_node *n, int depth)
{
	const struct fm_node *k;
	size_t		 i = 0;

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
		if (k->type == FM_MAP || k->type == FM_SEQ) {
			add(m, ROLE_H3, depth, "%s%s%s", key, sep,
			    k->nchild ? "" : (k->type == FM_MAP ? " {}" :
			    " []"));
			add_node(m, k, depth + 1);
		} else
			add(m, ROLE_TEXT, depth, "%s%s %s%.*s", key, sep,
			    k->type == FM_ALIAS ? "*" : "", (int)(k->slen > 4000 ?
			    4000 : k->slen), k->str ? k->str : "");
	}
}

void
meta_build(struct app *app)
{
	struct metaview	*m = &app->meta;
	const struct doc *d = app->body.doc;
	const struct entry *e;
	const struct fm_node *ents, *cat, *k;
	char		 t[32], url[128];
	size_t		 i;

	meta_free(app);
	if (d == NULL || app->body.entry < 0)
		return;
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
	add(m, ROLE_TEXT, 0, "words: %zu (%zu min read)", d->words,
	    (d->words + 229) / 230);
	add(m, ROLE_TEXT, 0, "timestamps: %zu  links: %zu  backlinks: %zu",
	    d->nts, e->nlinks, e->nbacklinks);
	if (d->fm_err.code != FOLIO_ERR_OK)
		add(m, ROLE_WIKILINK_MISSING, 0, "front matter error at %u:%u: "
		    "%s", d->fm_err.line, d->fm_err.col, err_text(&d->fm_err));
	for (i = 0; i < d->nproblems; i++)
		if (d->problems[i].sev == DOC_WARNING)
			add(m, ROLE_GUTTER, 0, "warning: %s",
			    d->problems[i].msg);
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

				add(m, ROLE_ENTITY, 2, "%s (%zu docs)", k->str ?
				    k->str : "", id >= 0 ?
				    app->c->ents[id].ndocs : (size_t)0);
			}
		}
	}
	if (e->nmention > 0) {
		add(m, ROLE_TEXT, 0, "%s", "");
		add(m, ROLE_H2, 0, "Mentions");
		for (i = 0; i < e->nmention; i++)
			add(m, ROLE_ENTITY, 1, "%s ×%u",
			    app->c->ents[e->mention_ent[i]].name,
			    e->mention_cnt[i]);
	}
	if (d->fm != NULL) {
		add(m, ROLE_TEXT, 0, "%s", "");
		add(m, ROLE_H2, 0, "Front matter");
		if (d->fm->type == FM_MAP || d->fm->type == FM_SEQ)
			add_node(m, d->fm, 1);
		else
			add(m, ROLE_TEXT, 1, "%s", d->fm->str ? d->fm->str : "");
	}
}

void
meta_draw(struct app *app, const struct rect *r)
{
	struct metaview	*m = &app->meta;
	size_t		 i = m->top, k, g;
	int		 y = 0, w;

	if (r->h <= 0 || r->w <= 0)
		return;
	if (m->n == 0) {
		screen_puts(r->y, r->x, r->w, "(no document)",
		    screen_attr(ROLE_GUTTER));
		return;
	}
	/* Long values wrap under their indent. */
	for (; i < m->n && y < r->h; i++) {
		const char *s = m->v[i].text;
		size_t n = strlen(s);
		int ind = m->v[i].indent * 2, avail = r->w - ind;

		if (avail < 4) {
			ind = 0;
			avail = r->w;
		}
		if (n == 0) {
			y++;
			continue;
		}
		for (k = 0; k < n && y < r->h; y++) {
			size_t st = k;
			int used = 0;

			while (k < n) {
				g = utf8_grapheme(s + k, n - k, &w);
				if (used + w > avail)
					break;
				used += w;
				k += g;
			}
			if (k == st)
				k += utf8_grapheme(s + k, n - k, &w);
			screen_put(r->y + y, r->x + ind, avail, s + st, k - st,
			    screen_attr(m->v[i].role));
			ind = m->v[i].indent * 2 + 2;
			avail = r->w - ind;
			if (avail < 4) {
				ind = 0;
				avail = r->w;
			}
		}
	}
}
