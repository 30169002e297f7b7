/* SPDX-License-Identifier: ISC */
/*
 * Waiting for a mark's letter after m or ', a modal view that only takes
 * keys (the screen stays as it is): the letter is posted as EV_MARK.
 */
#include "ui.h"

static enum action	 which;		/* ACT_MARK_SET or ACT_MARK_JUMP */

/* Wait for the letter of mark action "a". */
void
mark_open(struct app *app, enum action a)
{
	which = a;
	ui_modal_push(app, &mark_view);
	app_message(app, false, a == ACT_MARK_SET ? "mark: a letter" :
	    "go to mark: a letter, or ' to go back");
}

/* The key after m or ': a letter, ' after ', or anything else leaving
 * (Esc with the rest of its sequence). */
static bool
mark_key(struct app *app, int ch, bool fkey)
{
	ui_modal_pop(app, &mark_view);
	app->msg[0] = '\0';
	if (!fkey && ch == 27) {
		screen_escape_tail();
		return true;
	}
	if (!fkey && which == ACT_MARK_JUMP && ch == '\'') {
		ui_post(app, EV_MARK, ch, which);
		return true;
	}
	if (fkey || ch > 127 || !((ch >= 'a' && ch <= 'z') ||
	    (ch >= 'A' && ch <= 'Z'))) {
		app_message(app, true, "marks are letters");
		return true;
	}
	ui_post(app, EV_MARK, ch, which);
	return true;
}

/* Keys come through mark_key. */
static bool
mark_request(struct app *app, enum action a, int height)
{
	(void)app;
	(void)a;
	(void)height;
	return true;
}

/* Nothing of its own to draw. */
static void
mark_draw(struct app *app, const struct rect *r)
{
	(void)app;
	(void)r;
}

const struct view_ops mark_view = {
	.draw = mark_draw,
	.request = mark_request,
	.key = mark_key,
	.cover = COVER_NONE,
};
