/* SPDX-License-Identifier: ISC */
#ifndef FOLIO_PLAYER_H
#define FOLIO_PLAYER_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "folio/err.h"

/*
 * A video player driven over mpv's JSON IPC.  folio starts mpv from the
 * configured player template with a private listening socket
 * (--input-ipc-server) and connects to it; mpv plays on when folio lets
 * go of it, and a later folio can attach to the same socket.  Everything
 * after the start is non-blocking: the reader polls player_fd() with its
 * keyboard and calls player_read() when it is readable; state changes
 * come back as events.
 */
struct player;

/* The longest line accepted from mpv; longer ones are dropped whole. */
#define PLAYER_LINE_MAX	8192

enum player_ev_type {
	PLAYER_EV_TIME,		/* time-pos changed: value = seconds */
	PLAYER_EV_PAUSE,	/* pause changed: flag */
	PLAYER_EV_SPEED,	/* speed changed: value */
	PLAYER_EV_DURATION,	/* duration known: value = seconds */
	PLAYER_EV_EOF,		/* eof-reached changed: flag */
	PLAYER_EV_END_FILE,	/* the file ended: text = reason */
	PLAYER_EV_SEEK,		/* a seek started */
	PLAYER_EV_LOADED,	/* a file was loaded */
	PLAYER_EV_SHUTDOWN,	/* mpv is quitting */
	PLAYER_EV_REPLY,	/* answer to a request: id, ok, text = error */
	PLAYER_EV_EXIT,		/* the connection ended: text says why */
	PLAYER_EV_OTHER,	/* a message folio does not use */
};

struct player_ev {
	enum player_ev_type type;
	double		 value;		/* seconds or speed; NaN when null */
	bool		 flag;		/* pause, eof-reached */
	bool		 ok;		/* REPLY: error was "success" */
	long		 id;		/* REPLY: request_id */
	char		 text[96];	/* END_FILE reason, REPLY error, EXIT */
};

/* What folio knows of the player, kept up to date by the events. */
struct player_status {
	double		 time;		/* seconds, or -1 before the first */
	double		 duration;	/* seconds, or -1 */
	double		 speed;		/* 1.0 until told */
	bool		 paused;
	bool		 eof;
	bool		 alive;		/* connected and not exited */
};

/*
 * Parse one line of mpv's JSON IPC output (without the newline) into
 * "ev".  Bounded: at most PLAYER_LINE_MAX bytes, nesting 16 deep.
 * Returns 0, or -1 when the line is not a JSON object folio understands
 * (then "ev" is untouched).
 */
int		 player_parse_line(const char *line, size_t len,
		    struct player_ev *ev);

/* A player session that is not connected to anything (tests feed it). */
struct player	*player_new(void);

/*
 * Hand bytes read from mpv to the session: complete lines are parsed and
 * queued as events (bad lines are skipped), a partial line is kept for
 * the next call; a line longer than PLAYER_LINE_MAX is dropped.  Returns
 * the number of events queued.
 */
size_t		 player_feed(struct player *, const char *data, size_t n);

/* Take the next queued event; false when there is none. */
bool		 player_event(struct player *, struct player_ev *);

/*
 * The folder of folio's player sockets: $XDG_RUNTIME_DIR/folio, else
 * folio/run under the state folder ($XDG_STATE_HOME or ~/.local/state),
 * created mode 0700 and refused if it is not a private folder of ours.
 * Returns a heap string, or NULL with "err".
 */
char		*player_sock_dir(struct folio_err *err);

/*
 * True if the player template runs mpv (its first word's base name is
 * "mpv"); other players cannot be followed and are run as before.
 */
bool		 player_is_mpv(const char *tmpl);

/*
 * Start the player of template "tmpl" for "url" (a URL or an absolute
 * file path) at "seconds", detached in a new session without a shell,
 * with --input-ipc-server added after the program name: a listening
 * socket under "sockdir" (player_sock_dir() when NULL; stale sockets
 * there are removed first).  Waits (bounded) for mpv to open it, then
 * connects and observes the properties folio follows.  An mpv that
 * exits first gives a session already gone, its PLAYER_EV_EXIT queued.
 * Returns the session, or NULL with "err": FOLIO_ERR_UNSAFE when the
 * template is not mpv (run it with opener_spawn instead),
 * FOLIO_ERR_NOTFOUND when it cannot be run, FOLIO_ERR_IO when it opened
 * no socket (it is left playing).
 */
struct player	*player_start(const char *tmpl, const char *url,
		    long seconds, const char *sockdir, struct folio_err *err);

/*
 * Attach to the mpv listening on socket "path" (one started by another
 * folio); with "path" NULL, to the first live socket in player_sock_dir()
 * (all the stale ones there are removed, whatever is found first).
 * Observes the followed properties.  Returns the session or NULL with
 * "err" (FOLIO_ERR_NOTFOUND: none running).
 */
struct player	*player_attach(const char *path, struct folio_err *err);

/*
 * Attach to the mpv of one of folio's sockets in player_sock_dir() that
 * plays video "video" (an 11-character YouTube ID): each live mpv is
 * asked for its "path" (a bounded wait) and the first whose path names
 * the video (player_path_has_video) is taken.  Stale sockets found on
 * the way are removed.  Returns the session, or NULL with "err"
 * (FOLIO_ERR_NOTFOUND: no player plays it).
 */
struct player	*player_find(const char *video, struct folio_err *err);

/*
 * Whether "path" (a file or URL mpv plays) names video "video": the ID
 * appears in it not inside a longer run of ID characters, as in
 * "Title [ID].mkv", "ID.webm" or "watch?v=ID&t=5".
 */
bool		 player_path_has_video(const char *path, const char *video);

/*
 * Parse mpv's answer to request "id" in line[0..len) with a string in
 * "data" (copied, truncated, into out[0..cap)).  Returns 0, 1 when it
 * is that answer but an error or without a string, or -1 when the line
 * is not that answer (another message, or malformed).
 */
int		 player_parse_reply_str(const char *line, size_t len, long id,
		    char *out, size_t cap);

/*
 * Remove the sockets in "dir" (folio's, mpv-*.sock) that nobody listens
 * on any more (connect is refused: their mpv exited or crashed); live
 * ones stay.  Returns how many were removed.
 */
size_t		 player_sweep(const char *dir);

/* The descriptor to poll, or -1 once the player is gone. */
int		 player_fd(const struct player *);

/* The poll(2) events to ask for: POLLIN, plus POLLOUT while commands
 * wait to be written. */
short		 player_poll_events(const struct player *);

/*
 * Read what is available without blocking (call when player_fd() is
 * readable or writable), write pending commands, and queue the events.
 * When mpv has gone (end of the connection) the process is reaped, its
 * socket removed and a PLAYER_EV_EXIT event queued saying how it ended.
 * Returns the number of events queued, or -1 once the player is gone.
 */
int		 player_read(struct player *);

/* The state as of the events handled so far. */
const struct player_status *player_status(const struct player *);

/*
 * The status line's playback text into out[0..cap): "▶ 12:34 / 1:05:12
 * ×1.0" while playing, "⏸ ..." when paused, without the duration when it
 * is unknown, "--:--" before the first time.
 */
void		 player_format(const struct player_status *, char *out,
		    size_t cap);

/* The pid of the mpv folio started (0 when attached), and its socket. */
pid_t		 player_pid(const struct player *);
const char	*player_sock_path(const struct player *);

/*
 * Commands: each queues one request (sent at once when the socket takes
 * it) and returns its request id (the PLAYER_EV_REPLY that answers it
 * carries it), or -1 when the player is gone.
 */
/* Seeks are exact (not to the nearest keyframe). */
long		 player_seek(struct player *, double seconds, bool relative);
long		 player_toggle_pause(struct player *);
long		 player_set_pause(struct player *, bool paused);
long		 player_set_speed(struct player *, double speed);
/* Multiply the speed by "factor" (clamped by mpv to 0.01..100). */
long		 player_scale_speed(struct player *, double factor);
/* Play another file or URL, from "seconds". */
long		 player_load(struct player *, const char *url, long seconds);
/* Ask mpv to quit (the connection then ends: PLAYER_EV_EXIT). */
long		 player_quit(struct player *);
/* Send an arbitrary command, given as a JSON array text. */
long		 player_command(struct player *, const char *json_array);

/*
 * Close the session.  With "quit" mpv is asked to quit and waited for
 * (a bounded time, then killed); without, a started mpv goes on playing
 * and is reaped later by player_reap().  NULL is allowed.
 */
void		 player_close(struct player *, bool quit);

/* Reap players that were left playing and have since exited. */
void		 player_reap(void);

#endif /* !FOLIO_PLAYER_H */
