/* SPDX-License-Identifier: ISC */
/*
 * The player controller: mpv attached over its IPC, polled beside the
 * keyboard, and follow mode (the moment being played highlighted and kept
 * in view in the open document of that video); the keys that drive the
 * player, the metadata pane's media and speaker lines, and highlights
 * taken from the reader.
 */
#include "ui.h"

#include <errno.h>
#include <math.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "folio/config.h"
#include "folio/corpus.h"
#include "folio/doc.h"
#include "folio/follow.h"
#include "folio/highlight.h"
#include "folio/markdown.h"
#include "folio/media.h"
#include "folio/player.h"
#include "folio/role.h"
#include "folio/speaker.h"
#include "folio/state.h"
#include "folio/timestamp.h"
#include "folio/xmalloc.h"

/* The reader's one player and what follows it. */
static struct {
	struct player	*pl;		/* NULL: none attached */
	char		 video[12];	/* the video it plays */
	bool		 following;	/* the text follows the player */
	bool		 suspended;	/* ... but the reader scrolled away */
	struct follow	*fol;		/* moments of the open document */
	const struct doc *fol_doc;	/* whose moments fol holds */
	int		 entry;		/* the document open last seen */
	bool		 refollow;	/* it changed: follow once the key
					   that opened it is done */
	long		 shown_index;	/* the moment last shown, or -2 */
	uint32_t	 shown_off;
	long		 shown_sec;	/* the second last shown, or -1 */
	bool		 shown_paused;
	double		 shown_speed;
	/* A highlight waiting for its note. */
	int		 hl_entry;
	unsigned	 hl_line;
	long		 hl_seconds;
} P = { .shown_index = -2, .shown_sec = -1, .entry = -1, .hl_entry = -1 };

/* The folders where media of the library may be: its roots, then the
 * configured media folders.  Returns a heap array of n borrowed strings. */
static const char **
media_dirs(struct app *app, size_t *n)
{
	const char	**v;
	size_t		 i, k = 0, nm = app->cfg != NULL ? app->cfg->nmedia : 0;

	v = xcalloc((size_t)app->nroots + nm + 1, sizeof(*v));
	for (i = 0; i < (size_t)app->nroots; i++)
		v[k++] = app->roots[i];
	for (i = 0; i < nm; i++)
		v[k++] = app->cfg->media[i];
	*n = k;
	return v;
}

/* A local file of video "id" (heap), or NULL. */
static char *
local_media(struct app *app, const char *id)
{
	const char	**dirs;
	size_t		 n;
	char		*p;

	if (id[0] == '\0')
		return NULL;
	dirs = media_dirs(app, &n);
	p = media_find(id, dirs, n);
	free(dirs);
	return p;
}

/* Forget the moments of the open document. */
static void
drop_follow(void)
{
	follow_free(P.fol);
	P.fol = NULL;
	P.fol_doc = NULL;
	P.shown_index = -2;
}

/* The player went away: stop following and close the session. */
static void
gone(struct app *app, const char *why)
{
	player_close(P.pl, false);
	P.pl = NULL;
	P.following = P.suspended = false;
	P.video[0] = '\0';
	P.shown_sec = -1;
	drop_follow();
	player_reap();
	app_message(app, false, "player exited%s%s; follow mode off",
	    why[0] ? ": " : "", why);
}

/* Whether the open document is of the video being played. */
static bool
same_video(struct app *app)
{
	return P.pl != NULL && app->body.doc != NULL && P.video[0] != '\0' &&
	    strcmp(app->body.doc->video, P.video) == 0;
}

/* The time-stamp item on source line "line" of the open document, or -1. */
static int32_t
ts_item_on_line(const struct doc *d, unsigned line, uint32_t off)
{
	size_t	 i;
	int32_t	 best = -1;

	for (i = 0; i < d->body->nitems; i++) {
		const struct item *it = &d->body->items[i];

		if (it->type != ITEM_TS)
			continue;
		if (it->off == off)
			return (int32_t)i;
		if (best < 0 && doc_line(d, it->off) == line)
			best = (int32_t)i;
	}
	return best;
}

/*
 * Follow the player in the open document: highlight the current moment
 * and keep it in view.  Returns true when the screen should change (the
 * moment, or the second shown, changed).
 */
static bool
follow_now(struct app *app)
{
	const struct player_status *st = player_status(P.pl);
	struct follow_pos pos;
	struct bodyview	*b = &app->body;
	bool		 redraw = false;
	long		 sec = st->time >= 0 ? (long)st->time : -1;

	if (sec != P.shown_sec || st->paused != P.shown_paused ||
	    st->speed != P.shown_speed) {
		P.shown_sec = sec;
		P.shown_paused = st->paused;
		P.shown_speed = st->speed;
		redraw = true;
	}
	if (!P.following || P.suspended || !same_video(app) || st->time < 0)
		return redraw;
	if (P.fol_doc != b->doc) {
		drop_follow();
		P.fol = follow_new(b->doc);
		P.fol_doc = b->doc;
	}
	if (P.fol == NULL ||
	    follow_at(P.fol, (long)(st->time * 1000), &pos) != 0)
		return redraw;
	if (pos.index == P.shown_index && pos.off == P.shown_off)
		return redraw;
	P.shown_index = pos.index;
	P.shown_off = pos.off;
	b->cur = pos.approx ? -1 : ts_item_on_line(b->doc, pos.line, pos.off);
	body_reveal(app, pos.off);
	return true;
}

/* Handle the events read from the player; true to redraw. */
static bool
drain(struct app *app)
{
	struct player_ev ev;
	bool		 redraw = false;

	while (P.pl != NULL && player_event(P.pl, &ev)) {
		switch (ev.type) {
		case PLAYER_EV_EXIT:
			gone(app, ev.text);
			return true;
		case PLAYER_EV_REPLY:
			if (!ev.ok && ev.text[0] != '\0') {
				app_message(app, true, "player: %s", ev.text);
				redraw = true;
			}
			break;
		case PLAYER_EV_EOF:
			if (ev.flag) {
				app_message(app, false, "the video ended");
				redraw = true;
			}
			break;
		default:
			break;
		}
	}
	if (P.pl != NULL && follow_now(app))
		redraw = true;
	return redraw;
}

/* Milliseconds of the monotonic clock. */
static long long
now_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

bool
play_wait(struct app *app, int ms)
{
	struct pollfd	 fds[2];
	long long	 end = now_ms() + ms;
	int		 left = ms, r;

	if (P.pl == NULL)
		return false;
	/* A player gone before a word (it refused an option): say so. */
	if (player_fd(P.pl) < 0) {
		drain(app);
		return true;
	}
	/* A document opened while following: its moment now, after what
	 * opened it (a jump back, a same-moment pick) set its place. */
	if (P.refollow) {
		P.refollow = false;
		P.shown_index = -2;
		if (follow_now(app))
			return true;
	}
	for (;;) {
		fds[0].fd = STDIN_FILENO;
		fds[0].events = POLLIN;
		fds[1].fd = player_fd(P.pl);
		fds[1].events = player_poll_events(P.pl);
		fds[0].revents = fds[1].revents = 0;
		r = poll(fds, fds[1].fd >= 0 ? 2 : 1, left);
		if (r < 0 && errno != EINTR)
			return false;
		if (r > 0 && fds[1].revents != 0) {
			player_read(P.pl);
			if (drain(app))
				return true;
		}
		/* A key, a signal or the end of the wait: the caller reads
		 * the keyboard at once. */
		if (r < 0 || fds[0].revents != 0 || P.pl == NULL)
			return false;
		left = (int)(end - now_ms());
		if (left <= 0)
			return false;
	}
}

void
play_doc_changed(struct app *app)
{
	drop_follow();
	/* Another document of the video follows, even after scrolling
	 * away in the one before. */
	if (app->body.entry != P.entry && same_video(app))
		P.suspended = false;
	P.entry = app->body.entry;
	if (P.pl != NULL) {
		follow_now(app);
		P.refollow = true;
	}
}

void
play_status(struct app *app, char *out, size_t cap)
{
	char	 t[96];

	out[0] = '\0';
	if (P.pl == NULL)
		return;
	player_format(player_status(P.pl), t, sizeof(t));
	if (!P.following)
		snprintf(out, cap, "%s", t);
	else if (P.suspended || !same_video(app))
		snprintf(out, cap, "%s  (w: follow)", t);
	else
		snprintf(out, cap, "%s  following", t);
}

/* The moment of the reader: the current timestamp, else the time at the
 * top of the body; -1 without one. */
static long
reader_seconds(struct app *app)
{
	return body_time(app);
}

/* p: play the open document's video at the reader's moment in mpv
 * (its local file first), loading it into the attached player. */
static void
play_start(struct app *app)
{
	struct folio_err err;
	const struct doc *d = app->body.doc;
	char		 url[4096], *local;
	long		 secs;

	if (d == NULL || d->video[0] == '\0' || !player_is_mpv(app->player)) {
		launch_open_url(app, true);
		if (app->player != NULL && !player_is_mpv(app->player) &&
		    !app->msg_err)
			app_message(app, false, "%s (not mpv: the text will not "
			    "follow)", app->msg);
		return;
	}
	secs = reader_seconds(app);
	if (secs < 0)
		secs = 0;
	local = local_media(app, d->video);
	if (local != NULL)
		snprintf(url, sizeof(url), "%s", local);
	else if (ts_url(url, sizeof(url), d->video, -1) != 0) {
		app_message(app, true, "no URL for this video");
		return;
	}
	if (P.pl == NULL) {
		/* An mpv left playing this video (by an earlier folio):
		 * attach to it as it is, without a second one. */
		err_clear(&err);
		if ((P.pl = player_find(d->video, &err)) != NULL) {
			free(local);
			snprintf(P.video, sizeof(P.video), "%s", d->video);
			P.following = true;
			P.suspended = false;
			P.shown_index = -2;
			app_message(app, false, "attached to the player of "
			    "this video: following (= seeks it here)");
			follow_now(app);
			return;
		}
		err_clear(&err);
		P.pl = player_start(app->player, url, secs, NULL, &err);
		if (P.pl == NULL) {
			free(local);
			if (err.code == FOLIO_ERR_UNSAFE) {
				launch_open_url(app, true);
				return;
			}
			app_message(app, true, "player: %s", err_text(&err));
			return;
		}
	} else
		player_load(P.pl, url, secs);
	snprintf(P.video, sizeof(P.video), "%s", d->video);
	P.following = true;
	P.suspended = false;
	P.shown_index = -2;
	app_message(app, false, "playing %s from %ld s: following",
	    local != NULL ? "the local file" : "the stream", secs);
	free(local);
}

/* The 1-based source line being read: the current item's, else the top
 * line's. */
static unsigned
reading_line(struct app *app)
{
	const struct doc *d = app->body.doc;
	uint32_t	 off = body_offset(app);

	if (app->body.cur >= 0 && (size_t)app->body.cur < d->body->nitems)
		off = d->body->items[app->body.cur].off;
	return doc_line(d, off);
}

/* *: take the line or cue being read, then ask for the note. */
static void
highlight_begin(struct app *app)
{
	const struct player_status *st;

	if (app->body.doc == NULL || app->body.entry < 0) {
		app_message(app, true, "no document open");
		return;
	}
	if (app->state == NULL) {
		app_message(app, true, "highlights need the state database");
		return;
	}
	P.hl_entry = app->body.entry;
	P.hl_line = reading_line(app);
	P.hl_seconds = -1;
	if (P.pl != NULL && P.following && !P.suspended && same_video(app) &&
	    (st = player_status(P.pl))->time >= 0)
		P.hl_seconds = (long)st->time;
	prompt_start(app, PROMPT_NOTE);
}

void
play_note_done(struct app *app, const char *note, bool cancel)
{
	struct state_highlight h;
	struct folio_err err;

	if (cancel || P.hl_entry < 0 || P.hl_entry != app->body.entry ||
	    app->body.doc == NULL) {
		P.hl_entry = -1;
		app_message(app, false, "no highlight saved");
		return;
	}
	P.hl_entry = -1;
	if (highlight_from_doc(app->body.doc, P.hl_line, P.hl_seconds,
	    note[0] != '\0' ? note : NULL, &h, &err) == -1) {
		app_message(app, true, "highlight: %s", err_text(&err));
		return;
	}
	if (state_add_highlight(app->state, &h, NULL) == 0)
		app_message(app, false, "highlight saved (line %u)", h.line);
	else
		app_message(app, true, "highlight: could not save");
	highlight_clear(&h);
}

void
play_highlights(struct app *app)
{
	struct state_highlight *v;
	struct pick	*k;
	size_t		 n, i;
	char		 t[32];
	int		 e;

	if (app->state == NULL) {
		app_message(app, true, "highlights need the state database");
		return;
	}
	if ((n = state_highlights(app->state, NULL, &v)) == 0) {
		app_message(app, false, "no highlights: * saves one");
		return;
	}
	picker_open(app, "Highlights");
	for (i = 0; i < n; i++) {
		const char *path = v[i].path;
		int j;

		e = -1;
		for (j = 0; j < (int)app->c->n; j++)
			if (strcmp(app->c->e[j].abspath, path) == 0) {
				e = j;
				break;
			}
		if (i == 0 || strcmp(v[i - 1].path, path) != 0) {
			k = picker_add(app, v[i].title != NULL ? v[i].title :
			    path, e, 0, -1);
			k->role = ROLE_H2;
		}
		k = picker_add(app, v[i].text, e, v[i].off, v[i].seconds);
		k->indent = 1;
		k->line = true;
		if (v[i].seconds >= 0) {
			ts_format(t, sizeof(t), v[i].seconds);
			k->right = xstrdup(t);
		}
		if (v[i].note != NULL) {
			k = picker_add(app, v[i].note, e, v[i].off,
			    v[i].seconds);
			k->indent = 2;
			k->role = ROLE_GUTTER;
			k->line = true;
		}
	}
	state_highlights_free(v, n);
}

void
play_pick_line(struct app *app, uint32_t off, long seconds)
{
	const struct doc *d = app->body.doc;
	const struct item *it;
	int32_t		 first = -1, same = -1;
	unsigned	 line;
	size_t		 i;
	char		 t[32];

	if (d == NULL || seconds < 0 || off >= d->len)
		return;
	/* The timestamp or cue of the line, the one of its time first. */
	line = doc_line(d, off);
	for (i = 0; i < d->body->nitems && same < 0; i++) {
		it = &d->body->items[i];
		if (it->type != ITEM_TS || it->off >= d->len ||
		    doc_line(d, it->off) != line)
			continue;
		if (first < 0)
			first = (int32_t)i;
		if (it->seconds == seconds)
			same = (int32_t)i;
	}
	if (same >= 0 || first >= 0)
		app->body.cur = same >= 0 ? same : first;
	/* Its own moment (the player's time when it was saved) if the
	 * line's is another. */
	if (app->body.cur < 0 || (size_t)app->body.cur >= d->body->nitems ||
	    d->body->items[app->body.cur].type != ITEM_TS ||
	    d->body->items[app->body.cur].seconds != seconds) {
		ts_format(t, sizeof(t), seconds);
		app_message(app, false, "highlight at %s", t);
	}
}

/* Seek the player to "secs" (absolute) and follow again. */
static void
seek_to(struct app *app, long secs)
{
	char	 t[32];

	player_seek(P.pl, (double)secs, false);
	P.suspended = false;
	P.following = true;
	P.shown_index = -2;
	ts_format(t, sizeof(t), secs);
	app_message(app, false, "seek to %s", t);
}

/* Whether the action moves the body by hand (following then pauses). */
static bool
moves_body(enum action a)
{
	switch (a) {
	case ACT_MOVE_DOWN:
	case ACT_MOVE_UP:
	case ACT_PAGE_DOWN:
	case ACT_PAGE_UP:
	case ACT_HALF_DOWN:
	case ACT_HALF_UP:
	case ACT_TOP:
	case ACT_BOTTOM:
	case ACT_TS_NEXT:
	case ACT_TS_PREV:
	case ACT_HEADING_NEXT:
	case ACT_HEADING_PREV:
	case ACT_SEARCH_NEXT:
	case ACT_SEARCH_PREV:
		return true;
	default:
		return false;
	}
}

bool
play_request(struct app *app, enum action a)
{
	const struct doc *d = app->body.doc;
	long		 secs;

	if (moves_body(a) && P.pl != NULL && P.following && !P.suspended &&
	    app->focus == PANE_BODY) {
		P.suspended = true;
		app_message(app, false, "following paused: w follows again");
		return false;
	}
	switch (a) {
	case ACT_PLAY:
		play_start(app);
		return true;
	case ACT_HIGHLIGHT:
		highlight_begin(app);
		return true;
	case ACT_HIGHLIGHTS:
		play_highlights(app);
		return true;
	case ACT_ENTER:
		/* Enter on a moment of the played video seeks there. */
		if (P.pl == NULL || app->focus != PANE_BODY || !same_video(app) ||
		    app->body.cur < 0 || (size_t)app->body.cur >=
		    d->body->nitems || d->body->items[app->body.cur].type !=
		    ITEM_TS)
			return false;
		seek_to(app, d->body->items[app->body.cur].seconds);
		return true;
	case ACT_PAUSE:
	case ACT_SEEK_BACK:
	case ACT_SEEK_FORWARD:
	case ACT_SEEK_BACK_LONG:
	case ACT_SEEK_FORWARD_LONG:
	case ACT_SPEED_DOWN:
	case ACT_SPEED_UP:
	case ACT_SEEK_HERE:
	case ACT_FOLLOW:
		break;
	default:
		return false;
	}
	if (P.pl == NULL) {
		app_message(app, true, "no player: p plays this moment in mpv");
		return true;
	}
	switch (a) {
	case ACT_PAUSE:
		player_toggle_pause(P.pl);
		break;
	case ACT_SEEK_BACK:
	case ACT_SEEK_FORWARD:
		player_seek(P.pl, a == ACT_SEEK_BACK ? -5 : 5, true);
		break;
	case ACT_SEEK_BACK_LONG:
	case ACT_SEEK_FORWARD_LONG:
		player_seek(P.pl, a == ACT_SEEK_BACK_LONG ? -60 : 60, true);
		break;
	case ACT_SPEED_DOWN:
	case ACT_SPEED_UP:
		player_scale_speed(P.pl, a == ACT_SPEED_UP ? 1.1 : 1 / 1.1);
		break;
	case ACT_SEEK_HERE:
		if (!same_video(app) || (secs = reader_seconds(app)) < 0) {
			app_message(app, true, "no moment of the video played "
			    "here");
			break;
		}
		seek_to(app, secs);
		break;
	case ACT_FOLLOW:
		P.following = true;
		P.suspended = false;
		P.shown_index = -2;
		if (!same_video(app))
			app_message(app, true, "this document is not of the "
			    "video being played");
		else {
			app_message(app, false, "following the player");
			follow_now(app);
		}
		break;
	default:
		break;
	}
	return true;
}

void
play_meta(struct app *app)
{
	const struct doc *d = app->body.doc;
	struct speakers	 sp;
	const char	**known = NULL;
	size_t		 nknown = 0, k;
	char		*local, t[32];

	if (d == NULL)
		return;
	if (d->video[0] != '\0') {
		local = local_media(app, d->video);
		if (local != NULL) {
			const char *base = strrchr(local, '/');

			meta_add(app, ROLE_TEXT, 0, "media: ",
			    base != NULL ? base + 1 : local);
			free(local);
		} else
			meta_add(app, ROLE_TEXT, 0, "media: ", "stream");
	}
	for (k = 0; k < app->c->nents; k++)
		if (app->c->ents[k].category != NULL &&
		    strcmp(app->c->ents[k].category, "people") == 0) {
			known = xreallocarray(known, nknown + 1,
			    sizeof(*known));
			known[nknown++] = app->c->ents[k].name;
		}
	if (speaker_scan(d, known, nknown, &sp) > 0) {
		meta_add(app, ROLE_TEXT, 0, "", "");
		meta_add(app, ROLE_H2, 0, "Speakers", "");
		for (k = 0; k < sp.n; k++) {
			char line[SPEAKER_NAME_MAX + 64];

			if (sp.v[k].talk_ms >= 0) {
				ts_format(t, sizeof(t), sp.v[k].talk_ms / 1000);
				snprintf(line, sizeof(line), "%s  %s",
				    sp.v[k].name, t);
			} else
				snprintf(line, sizeof(line), "%s  %zu turn%s",
				    sp.v[k].name, sp.v[k].turns,
				    app_plural(sp.v[k].turns));
			meta_add(app, ROLE_TEXT, 1, line, "");
		}
	}
	speaker_free(&sp);
	free(known);
}

void
play_close(struct app *app)
{
	(void)app;
	drop_follow();
	/* mpv goes on playing; a later folio can attach to it. */
	player_close(P.pl, false);
	P.pl = NULL;
	player_reap();
}
