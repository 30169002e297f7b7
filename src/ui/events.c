/* SPDX-License-Identifier: ISC */
/*
 * The events the views and the background jobs post (ui_post), each
 * handed to the module it concerns.  The main loop runs them after every
 * key and every look at the background work.
 */
#include "ui.h"

/* Hand one event to the module it concerns. */
static void
handle(struct app *app, const struct event *ev)
{
	switch (ev->kind) {
	case EV_OPEN:
		nav_open_entry(app, ev->a, (uint32_t)ev->b);
		break;
	case EV_OPEN_SAVED:
		nav_open_entry(app, ev->a, persist_pos(app, ev->a));
		break;
	case EV_PREVIEW:
		nav_preview(app, ev->a);
		break;
	case EV_FOLLOW:
		nav_follow(app);
		break;
	case EV_OPEN_NEXT:
		nav_open_next(app);
		break;
	case EV_META_ENTER:
		nav_meta_enter(app);
		break;
	case EV_PROMPT:
		command_prompt(app, (enum prompt_kind)ev->a);
		break;
	case EV_PROMPT_EDIT:
		command_edit(app, (enum prompt_kind)ev->a,
		    (enum lineedit_res)ev->b);
		break;
	case EV_PICK:
		nav_pick_enter(app, (ev->b & 1) != 0, (ev->b & 2) != 0);
		break;
	case EV_HINT:
		nav_hint_chosen(app, ev->a);
		break;
	case EV_MARK:
		nav_mark(app, ev->a, (enum action)ev->b);
		break;
	case EV_SCAN_DONE:
		swap_ready(app);
		break;
	case EV_INDEX_FRESH:
		/* The metadata pane can now list unlinked mentions. */
		if (app->body.doc != NULL)
			ui_doc_changed(app);
		break;
	}
}

/* Handle the events posted so far (and those they post). */
void
events_run(struct app *app)
{
	struct event	 ev;
	int		 n = 0;

	while (n++ < 64 && ui_next_event(app, &ev))
		handle(app, &ev);
}
