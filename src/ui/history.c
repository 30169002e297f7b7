/* SPDX-License-Identifier: ISC */
/*
 * The back and forward jump stacks.
 */
#include "ui.h"

#include "folio/corpus.h"
#include "folio/markdown.h"
#include "folio/xmalloc.h"

/* Push where the reader is (document, position, current item) on the
 * back stack; the forward stack is dropped. */
void
app_push_jump(struct app *app)
{
	if (app->body.entry < 0)
		return;
	app->back = xreallocarray(app->back, app->nback + 1,
	    sizeof(*app->back));
	app->back[app->nback].entry = app->body.entry;
	app->back[app->nback].off = body_offset(app);
	app->back[app->nback].cur = app->body.cur;
	app->nback++;
	app->nfwd = 0;
}

void
history_go(struct app *app, struct jump *from, size_t *nfrom, struct jump **to,
    size_t *nto)
{
	struct jump	 j;

	if (*nfrom == 0) {
		app_message(app, false, "no further jumps");
		return;
	}
	j = from[--*nfrom];
	if (app->body.entry >= 0) {
		*to = xreallocarray(*to, *nto + 1, sizeof(**to));
		(*to)[*nto].entry = app->body.entry;
		(*to)[*nto].off = body_offset(app);
		(*to)[*nto].cur = app->body.cur;
		(*nto)++;
	}
	if (j.entry != app->body.entry)
		body_open(app, j.entry, j.off);
	else
		body_goto_off(app, j.off);
	/* The item that was current comes back too. */
	if (app->body.doc != NULL && j.cur >= 0 &&
	    (size_t)j.cur < app->body.doc->body->nitems) {
		app->body.cur = j.cur;
		nav_describe_item(app);
	} else
		app->body.cur = -1;
	list_select_entry(app, j.entry);
	app->preview = false;
}

/* Rewrite jumps from entries of "from" to those of "to", dropping the
 * ones whose document is gone. */
void
history_remap(const struct corpus *from, const struct corpus *to,
    struct jump *v, size_t *n)
{
	size_t	 i, k = 0;
	int	 e;

	for (i = 0; i < *n; i++) {
		if (v[i].entry < 0 || (size_t)v[i].entry >= from->n ||
		    (e = corpus_find(to, from->e[v[i].entry].path)) < 0)
			continue;
		v[k] = v[i];
		v[k++].entry = e;
	}
	*n = k;
}
