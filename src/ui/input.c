/* SPDX-License-Identifier: ISC */
/*
 * Keys and the mouse to actions: the modal view on top takes every key;
 * otherwise the focused view first, then the generic actions.
 */
#include "ui.h"

#include <string.h>

#include "folio/corpus.h"
#include "folio/markdown.h"

/* i: show or hide the metadata, from any pane.  Wide screens give its
 * columns to the body; medium ones show it in the list's place; narrow
 * ones switch between it and the body. */
static void
toggle_meta(struct app *app)
{
	bool	 shown;
	int	 e;

	switch (app_layout_class(app)) {
	case 2:
		app->scr.meta_off = !app->scr.meta_off;
		shown = !app->scr.meta_off;
		break;
	case 1:
		shown = !(app->scr.visible[PANE_META]);
		app->scr.show_meta = shown;
		if (shown && app->focus == PANE_LIST)
			app->focus = PANE_META;
		break;
	default:
		shown = app->focus != PANE_META;
		app->focus = shown ? PANE_META : PANE_BODY;
		break;
	}
	if (!shown && app->focus == PANE_META)
		app->focus = PANE_BODY;
	/* The metadata is of the open document: open the selection. */
	if (shown && app->body.doc == NULL && (e = list_selected(app)) >= 0)
		body_open(app, e, persist_pos(app, e));
	ui_layout(app);
}

/* The actions that walk the document's search hits and items, from any
 * pane; false for the others. */
static bool
act_items(struct app *app, enum action a)
{
	int		 e;

	switch (a) {
	case ACT_SEARCH_NEXT:
	case ACT_SEARCH_PREV:
		if (body_search(app)[0] == '\0')
			app_message(app, false, "no search: press / first");
		else if (!body_search_next(app, a == ACT_SEARCH_NEXT ? 1 : -1,
		    false))
			app_message(app, true, "not found: %s",
			    body_search(app));
		return true;
	case ACT_TS_NEXT:
	case ACT_TS_PREV:
	case ACT_LINK_NEXT:
	case ACT_LINK_PREV:
	case ACT_ENTITY_NEXT:
	case ACT_ENTITY_PREV: {
		int kind = (a == ACT_TS_NEXT || a == ACT_TS_PREV) ? ITEM_TS :
		    (a == ACT_ENTITY_NEXT || a == ACT_ENTITY_PREV) ?
		    ITEM_ENTITY : ITEM_WEB;
		int dir = (a == ACT_TS_NEXT || a == ACT_LINK_NEXT ||
		    a == ACT_ENTITY_NEXT) ? 1 : -1;

		const struct mline *ml = meta_selected(app);
		/* The entity selected in the metadata pane, if any. */
		int32_t only = kind == ITEM_ENTITY && ml != NULL ? ml->ent : -1;

		if (app->body.doc == NULL && (e = list_selected(app)) >= 0)
			body_open(app, e, 0);
		if (body_item_jump(app, kind, dir, only))
			ui_describe_item(app);
		else
			app_message(app, false, "no %s %s",
			    dir > 0 ? "more" : "earlier", kind == ITEM_TS ?
			    "timestamps" : kind == ITEM_ENTITY ? "entities" :
			    "links");
		if (app_layout_class(app) == 0)
			app->focus = PANE_BODY;
		return true;
	}
	case ACT_HEADING_NEXT:
	case ACT_HEADING_PREV:
		if (!body_heading_jump(app, a == ACT_HEADING_NEXT ? 1 : -1))
			app_message(app, false, "no more headings");
		return true;
	default:
		return false;
	}
}

/* Do action "a": the focused view's first, then the generic ones. */
static void
act(struct app *app, enum action a)
{
	int		 h = app->scr.r[app->focus].h > 0 ?
	    app->scr.r[app->focus].h : app->scr.rows;
	int		 e;

	app->msg[0] = '\0';
	if (a != ACT_ENTER)
		nav_unarm(app);
	if (play_request(app, a))
		return;
	if (ui_view(app->focus)->request(app, a, h))
		return;
	if (act_items(app, a))
		return;
	/* A modal view that this action opens. */
	if (ui_modal_open(app, a))
		return;
	switch (a) {
	case ACT_PANE_NEXT:
	case ACT_PANE_PREV:
		app->focus = ui_next_pane(app, a == ACT_PANE_NEXT ? 1 : -1);
		/* Leaving the list with nothing open opens the selection. */
		if (app->focus != PANE_LIST && app->body.doc == NULL &&
		    (e = list_selected(app)) >= 0)
			body_open(app, e, persist_pos(app, e));
		ui_layout(app);
		return;
	case ACT_PLAY:
		launch_open_url(app, true);
		return;
	case ACT_CHAPTERS:
		nav_chapters(app);
		return;
	case ACT_SAME_VIDEO:
		nav_same_video(app);
		return;
	case ACT_HINTS:
		nav_hints(app);
		return;
	case ACT_FULLTEXT:
		command_prompt(app, PROMPT_FULLTEXT);
		return;
	case ACT_MARK_SET:
	case ACT_MARK_JUMP:
		/* Capital marks lead to other documents from anywhere. */
		if (app->body.doc == NULL && a == ACT_MARK_SET) {
			app_message(app, true, "no document open");
			return;
		}
		mark_open(app, a);
		return;
	case ACT_EDIT:
		launch_edit(app);
		return;
	case ACT_COPY_URL:
		launch_copy_url(app);
		return;
	case ACT_OPEN_URL:
		launch_open_url(app, false);
		return;
	case ACT_BACK:
		history_back(app);
		return;
	case ACT_FORWARD:
		history_forward(app);
		return;
	case ACT_SORT:
		list_set_sort(app, (list_sort(app) + 1) % CORPUS_SORT__MAX);
		app_message(app, false, "sorted by %s",
		    corpus_sort_name((enum corpus_sort)list_sort(app)));
		return;
	case ACT_TOGGLE_META:
		toggle_meta(app);
		return;
	case ACT_RELOAD:
		if (app->body.entry >= 0) {
			launch_reload_doc(app);
			app_message(app, false, "reloaded");
		}
		return;
	case ACT_RELOAD_ALL:
		scan_start(app, true);
		return;
	case ACT_COMMAND:
		command_prompt(app, PROMPT_COMMAND);
		return;
	case ACT_QUIT:
		/* The focused view had nothing to leave. */
		app->quit = true;
		return;
	default:
		return;
	}
}

/* A mouse event: the wheel scrolls the pane under the pointer, a click
 * selects (twice: opens) in the list or focuses a pane. */
static void
mouse(struct app *app)
{
	MEVENT		 ev;
	int		 p;

	if (getmouse(&ev) != OK)
		return;
	for (p = 0; p < PANE__MAX; p++) {
		const struct rect *r = &app->scr.r[p];

		if (!app->scr.visible[p] || ev.y < r->y ||
		    ev.y >= r->y + r->h || ev.x < r->x || ev.x >= r->x + r->w)
			continue;
		if (ev.bstate & (BUTTON4_PRESSED | BUTTON5_PRESSED)) {
			long d = (ev.bstate & BUTTON4_PRESSED) ? -3 : 3;

			if (p == PANE_BODY)
				body_scroll(app, d);
			else if (p == PANE_LIST)
				list_move(app, d);
			else if (p == PANE_META)
				meta_move(app, d, r->h);
			else
				for (; d != 0; d += d > 0 ? -1 : 1)
					ui_view((enum pane)p)->request(app,
					    d > 0 ? ACT_MOVE_DOWN : ACT_MOVE_UP,
					    r->h);
			return;
		}
		if (p == PANE_LIST) {
			bool was = app->focus == PANE_LIST, again;
			int e = list_click(app, ev.y - r->y, &again);

			if (e >= 0) {
				app->focus = PANE_LIST;
				if ((again && was) ||
				    (ev.bstate & BUTTON1_DOUBLE_CLICKED))
					nav_open_entry(app, e, 0);
				else if (app_layout_class(app) == 2)
					nav_preview(app, e);
			}
		} else
			app->focus = (enum pane)p;
		return;
	}
}

/* A count typed before an action ("5j", "20G", as in less and vim), or
 * 0. */
static long count;

/* Whether a count repeats action "a". */
static bool
counted(enum action a)
{
	switch (a) {
	case ACT_MOVE_DOWN:
	case ACT_MOVE_UP:
	case ACT_PAGE_DOWN:
	case ACT_PAGE_UP:
	case ACT_HALF_DOWN:
	case ACT_HALF_UP:
	case ACT_SEARCH_NEXT:
	case ACT_SEARCH_PREV:
	case ACT_TS_NEXT:
	case ACT_TS_PREV:
	case ACT_LINK_NEXT:
	case ACT_LINK_PREV:
	case ACT_ENTITY_NEXT:
	case ACT_ENTITY_PREV:
	case ACT_HEADING_NEXT:
	case ACT_HEADING_PREV:
		return true;
	default:
		return false;
	}
}

/* Action "a" after count "n": NG or Ng goes to line n of the body (a
 * jump) or the n-th document of the list; a motion is repeated n times
 * (stopping when it says there is no more). */
static void
act_counted(struct app *app, enum action a, long n)
{
	char	 line[32];

	if ((a == ACT_TOP || a == ACT_BOTTOM) && app->focus == PANE_BODY &&
	    app->body.doc != NULL) {
		snprintf(line, sizeof(line), "%ld", n);
		command_run(app, line);
		return;
	}
	if ((a == ACT_TOP || a == ACT_BOTTOM) && app->focus == PANE_LIST) {
		list_home(app);
		list_move(app, n - 1);
		return;
	}
	if (!counted(a)) {
		act(app, a);
		return;
	}
	while (n-- > 0) {
		act(app, a);
		if (app->msg_err || strncmp(app->msg, "no ", 3) == 0)
			break;
	}
}

/* A key to the modal view on top or the focused view. */
void
input_key(struct app *app, int ch, bool fkey)
{
	const struct view_ops *m = ui_modal_top(app);
	char		 nb[16];
	const char	*name;
	enum action	 a;

	if (fkey && ch == KEY_RESIZE)
		return;
	if (fkey && ch == KEY_MOUSE) {
		mouse(app);
		return;
	}
	/* The modal view on top takes every key: its own first (a prompt's
	 * text), then as an action of the generic key map. */
	if (m != NULL) {
		if (m->key != NULL && m->key(app, ch, fkey))
			return;
		if ((name = screen_key_name(ch, fkey, nb, sizeof(nb))) != NULL)
			m->request(app, keymap_lookup(KM_GENERIC, name),
			    app->scr.rows);
		return;
	}
	if ((name = screen_key_name(ch, fkey, nb, sizeof(nb))) == NULL)
		return;
	a = keymap_lookup(pane_keymap(app->focus), name);
	/* Digits not bound to an action make a count. */
	if (a == ACT_NONE && !fkey && ch >= '0' && ch <= '9' &&
	    (ch != '0' || count > 0)) {
		if (count < 100000)
			count = count * 10 + (ch - '0');
		app_message(app, false, "%ld", count);
		return;
	}
	if (count > 0 && a != ACT_NONE) {
		long n = count;

		count = 0;
		app->msg[0] = '\0';
		act_counted(app, a, n);
		return;
	}
	count = 0;
	act(app, a);
}
