/* SPDX-License-Identifier: ISC */
/*
 * Keys and the mouse to actions: the focused view first, then the
 * generic actions.
 */
#include "ui.h"

#include <string.h>

#include "folio/corpus.h"
#include "folio/markdown.h"

/* Do action "a" in the focused pane. */
/* The actions that walk the document's search hits and items, from any
 * pane; false for the others. */
static bool
act_items(struct app *app, enum action a)
{
	int		 e;

	switch (a) {
	case ACT_SEARCH_NEXT:
	case ACT_SEARCH_PREV:
		if (app->body.search.len == 0)
			app_message(app, false, "no search: press / first");
		else if (!body_search_next(app, a == ACT_SEARCH_NEXT ? 1 : -1,
		    false))
			app_message(app, true, "not found: %s",
			    buf_cstr(&app->body.search));
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
			nav_describe_item(app);
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
	int		 h = app->r[app->focus].h > 0 ? app->r[app->focus].h :
	    app->rows;
	int		 e;

	app->msg[0] = '\0';
	if (a != ACT_ENTER)
		app->create_item = -1;
	if (play_request(app, a))
		return;
	if (ui_view(app->focus)->request(app, a, h))
		return;
	if (act_items(app, a))
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
		prompt_start(app, PROMPT_FULLTEXT);
		return;
	case ACT_MARK_SET:
	case ACT_MARK_JUMP:
		/* Capital marks lead to other documents from anywhere. */
		if (app->body.doc == NULL && a == ACT_MARK_SET) {
			app_message(app, true, "no document open");
			return;
		}
		app->pending = a;
		app_message(app, false, a == ACT_MARK_SET ? "mark: a letter" :
		    "go to mark: a letter, or ' to go back");
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
		history_go(app, app->back, &app->nback, &app->fwd, &app->nfwd);
		return;
	case ACT_FORWARD:
		history_go(app, app->fwd, &app->nfwd, &app->back, &app->nback);
		return;
	case ACT_SORT:
		app->list.sort = (app->list.sort + 1) % CORPUS_SORT__MAX;
		list_init(app);
		app_message(app, false, "sorted by %s",
		    corpus_sort_name((enum corpus_sort)app->list.sort));
		return;
	case ACT_TOGGLE_META:
		ui_toggle_meta(app);
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
		prompt_start(app, PROMPT_COMMAND);
		return;
	case ACT_HELP:
		help_open(app);
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
		const struct rect *r = &app->r[p];

		if (!app->visible[p] || ev.y < r->y || ev.y >= r->y + r->h ||
		    ev.x < r->x || ev.x >= r->x + r->w)
			continue;
		if (ev.bstate & (BUTTON4_PRESSED | BUTTON5_PRESSED)) {
			long d = (ev.bstate & BUTTON4_PRESSED) ? -3 : 3;

			if (p == PANE_BODY)
				body_scroll(app, d);
			else if (p == PANE_LIST)
				list_move(app, d);
			else
				meta_move(app, d, r->h);
			return;
		}
		if (p == PANE_LIST) {
			long at = rows_at(&app->list.rows, ev.y - r->y);
			size_t row = at >= 0 ? (size_t)at : 0;

			if (at >= 0) {
				bool again = app->list.rows.sel == row &&
				    app->focus == PANE_LIST;

				app->list.rows.sel = row;
				app->focus = PANE_LIST;
				if (again || (ev.bstate & BUTTON1_DOUBLE_CLICKED))
					app_open_entry(app, list_selected(app), 0);
				else if (app_layout_class(app) == 2)
					nav_preview(app, list_selected(app));
			}
		} else
			app->focus = (enum pane)p;
		return;
	}
}

void
input_key(struct app *app, int ch, bool fkey)
{
	char		 nb[16];
	const char	*name;

	if (fkey && ch == KEY_RESIZE)
		return;
	if (fkey && ch == KEY_MOUSE) {
		mouse(app);
		return;
	}
	if (app->prompt == PROMPT_HINT) {
		nav_hint_key(app, ch, fkey);
		return;
	}
	if (app->prompt != PROMPT_NONE) {
		if ((name = screen_key_name(ch, fkey, nb, sizeof(nb))) != NULL)
			prompt_key(app, name);
		return;
	}
	if (app->pending != ACT_NONE) {
		enum action p = app->pending;

		app->pending = ACT_NONE;
		app->msg[0] = '\0';
		if (!fkey && ch == 27) {
			screen_escape_tail();
			return;
		}
		if (!fkey && p == ACT_MARK_JUMP && ch == '\'') {
			history_go(app, app->back, &app->nback, &app->fwd,
			    &app->nfwd);
			return;
		}
		if (fkey || ch > 127 || !((ch >= 'a' && ch <= 'z') ||
		    (ch >= 'A' && ch <= 'Z'))) {
			app_message(app, true, "marks are letters");
			return;
		}
		if (p == ACT_MARK_SET)
			persist_mark(app, (char)ch);
		else {
			int ent = app->body.entry;
			long off = persist_get_mark(app, (char)ch, &ent);

			if (off < 0)
				app_message(app, true, "mark %c is not set",
				    ch);
			else if (ent != app->body.entry)
				app_open_entry(app, ent, (uint32_t)off);
			else {
				app_push_jump(app);
				body_goto_off(app, (uint32_t)off);
			}
		}
		return;
	}
	if ((name = screen_key_name(ch, fkey, nb, sizeof(nb))) == NULL)
		return;
	if (app->pick.on) {
		enum action a = keymap_lookup(KM_GENERIC, name);

		if (picker_key(app, a))
			return;
		if (a == ACT_ENTER)
			nav_pick_enter(app, false, false);
		else if (a == ACT_OPEN_URL || a == ACT_PLAY)
			nav_pick_enter(app, true, a == ACT_PLAY);
		else if (a == ACT_HELP || a == ACT_CHAPTERS)
			picker_close(app);
		return;
	}
	if (app->help) {
		help_request(app, keymap_lookup(KM_GENERIC, name));
		return;
	}
	act(app, keymap_lookup(pane_keymap(app->focus), name));
}
