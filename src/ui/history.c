/* SPDX-License-Identifier: ISC */
/*
 * The back and forward jump stacks: each jump the document, the position
 * and the current item; kept across runs through persist.c.
 */
#include "ui.h"

#include <stdlib.h>

#include "folio/corpus.h"
#include "folio/markdown.h"
#include "folio/xmalloc.h"

/* One stack of jumps. */
struct stack {
	struct jump	*v;
	size_t		 n;
};

static struct stack	 back, fwd;

/* Push jump "j" on stack "s". */
static void
push(struct stack *s, struct jump j)
{
	s->v = xreallocarray(s->v, s->n + 1, sizeof(*s->v));
	s->v[s->n++] = j;
}

/* Where the reader is: document, position, current item. */
static struct jump
here(struct app *app)
{
	return (struct jump){ app->body.entry, body_offset(app),
	    app->body.cur };
}

/* Push where the reader is on the back stack; the forward stack is
 * dropped. */
void
history_push(struct app *app)
{
	if (app->body.entry < 0)
		return;
	push(&back, here(app));
	fwd.n = 0;
}

/* Go to the top of "from", pushing where the reader is on "to". */
static void
go(struct app *app, struct stack *from, struct stack *to)
{
	struct jump	 j;

	if (from->n == 0) {
		app_message(app, false, "no further jumps");
		return;
	}
	j = from->v[--from->n];
	if (app->body.entry >= 0)
		push(to, here(app));
	if (j.entry != app->body.entry)
		body_open(app, j.entry, j.off);
	else
		body_goto_off(app, j.off);
	/* The item that was current comes back too. */
	if (app->body.doc != NULL && j.cur >= 0 &&
	    (size_t)j.cur < app->body.doc->body->nitems) {
		app->body.cur = j.cur;
		ui_describe_item(app);
	} else
		app->body.cur = -1;
	list_select_entry(app, j.entry);
	app->body.preview = false;
}

/* H: back one jump. */
void
history_back(struct app *app)
{
	go(app, &back, &fwd);
}

/* L: forward one jump. */
void
history_forward(struct app *app)
{
	go(app, &fwd, &back);
}

/* Rewrite the jumps of stack "s" from entries of "from" to those of "to",
 * dropping the ones whose document is gone. */
static void
remap(const struct corpus *from, const struct corpus *to, struct stack *s)
{
	size_t	 i, k = 0;
	int	 e;

	for (i = 0; i < s->n; i++) {
		if (s->v[i].entry < 0 || (size_t)s->v[i].entry >= from->n ||
		    (e = corpus_find(to, from->e[s->v[i].entry].path)) < 0)
			continue;
		s->v[k] = s->v[i];
		s->v[k++].entry = e;
	}
	s->n = k;
}

/* A new library "to" replaces "from": the jumps follow their documents
 * by path. */
void
history_remap(struct app *app, const struct corpus *from,
    const struct corpus *to)
{
	(void)app;
	remap(from, to, &back);
	remap(from, to, &fwd);
}

/* The jumps of the back (fwd false) or forward stack, for saving. */
const struct jump *
history_jumps(const struct app *app, bool forward, size_t *n)
{
	const struct stack *s = forward ? &fwd : &back;

	(void)app;
	*n = s->n;
	return s->v;
}

/* Add jump "j" at the top of the back or forward stack (loading). */
void
history_add(struct app *app, bool forward, struct jump j)
{
	(void)app;
	push(forward ? &fwd : &back, j);
}

/* Free the stacks. */
void
history_free(struct app *app)
{
	(void)app;
	free(back.v);
	free(fwd.v);
	back = fwd = (struct stack){ NULL, 0 };
}
