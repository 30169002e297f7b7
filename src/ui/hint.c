/* SPDX-License-Identifier: ISC */
/*
 * Link hints, a modal view: labels drawn over the visible links and
 * timestamps of the body; typing one posts EV_HINT with its item.
 */
#include "ui.h"

#include <stdlib.h>
#include <string.h>

#include "folio/role.h"
#include "folio/utf8.h"
#include "folio/xmalloc.h"

#define HINT_KEYS	"asdfghjklqwertyuiopzxcvbnm"

static struct {
	struct hint	*v;
	size_t		 n;
	struct buf	 typed;
} hs;

/* Show the "n" hints of "v" (the view takes them), labelled a, s, d...
 * or two letters each when there are many. */
void
hint_open(struct app *app, struct hint *v, size_t n)
{
	size_t	 i, nk = strlen(HINT_KEYS);

	free(hs.v);
	hs.v = v;
	hs.n = n;
	for (i = 0; i < n; i++) {
		if (n <= nk) {
			v[i].label[0] = HINT_KEYS[i];
			v[i].label[1] = '\0';
		} else {
			v[i].label[0] = HINT_KEYS[i / nk % nk];
			v[i].label[1] = HINT_KEYS[i % nk];
			v[i].label[2] = '\0';
		}
	}
	buf_reset(&hs.typed);
	ui_modal_push(app, &hint_view);
}

/* Leave the hints. */
static void
hint_close(struct app *app)
{
	ui_modal_pop(app, &hint_view);
}

/* A label character was typed: post the item when it is complete. */
static void
typed(struct app *app)
{
	const char	*in = buf_cstr(&hs.typed);
	size_t		 i, n = strlen(in), match = 0;
	int32_t		 item = -1;

	for (i = 0; i < hs.n; i++)
		if (strncmp(hs.v[i].label, in, n) == 0) {
			match++;
			if (strcmp(hs.v[i].label, in) == 0)
				item = hs.v[i].item;
		}
	if (match == 0) {
		hint_close(app);
		app_message(app, true, "no hint %s", in);
		return;
	}
	if (item < 0)
		return;
	hint_close(app);
	ui_post(app, EV_HINT, item, 0);
}

/* A key while the hints show: a label character, Backspace, or leaving. */
static bool
hint_key(struct app *app, int ch, bool fkey)
{
	char	 enc[4];

	if (fkey || ch < 32 || ch == 127) {
		if (!fkey && (ch == 127 || ch == 8) && hs.typed.len > 0) {
			hs.typed.p[--hs.typed.len] = '\0';
			return true;
		}
		hint_close(app);
		return true;
	}
	if (hs.typed.len < 8) {
		buf_add(&hs.typed, enc, utf8_encode(ch, enc));
		typed(app);
	}
	return true;
}

/* Keys come through hint_key. */
static bool
hint_request(struct app *app, enum action a, int height)
{
	(void)app;
	(void)a;
	(void)height;
	return true;
}

/* The labels still possible over the panes, and "hint: " with what was
 * typed on the status line "r". */
static void
hint_draw(struct app *app, const struct rect *r)
{
	size_t	 i, n = hs.typed.len;
	int	 x;

	(void)app;
	for (i = 0; i < hs.n; i++)
		if (strncmp(hs.v[i].label, buf_cstr(&hs.typed), n) == 0)
			screen_puts(hs.v[i].y, hs.v[i].x, 3, hs.v[i].label,
			    A_REVERSE | A_BOLD | screen_attr(ROLE_SEARCH_HIT));
	x = screen_puts(r->y, 0, r->w, "hint: ", A_REVERSE | A_BOLD);
	x += screen_puts(r->y, x, r->w - x, buf_cstr(&hs.typed), A_REVERSE);
	screen_puts(r->y, x, r->w - x, "▏", A_REVERSE);
}

/* Free the labels. */
static void
hint_free(struct app *app)
{
	(void)app;
	free(hs.v);
	buf_free(&hs.typed);
	memset(&hs, 0, sizeof(hs));
}

static const struct hintdef hint_hints[] = {
	{ ACT_NONE, "type a label", 0, "a-z" },
	{ ACT_NONE, "cancel", 0, "<Esc>" },
};

const struct view_ops hint_view = {
	.draw = hint_draw,
	.request = hint_request,
	.key = hint_key,
	.free = hint_free,
	.hints = hint_hints,
	.nhints = ARRAY_SIZE(hint_hints),
	.cover = COVER_LINE,
};
