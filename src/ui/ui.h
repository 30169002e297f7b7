/* SPDX-License-Identifier: ISC */
#ifndef FOLIO_UI_H
#define FOLIO_UI_H

/* The reader's internals: the only header that includes curses. */
#include <curses.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "folio/action.h"
#include "folio/buf.h"
#include "folio/layout.h"
#include "folio/lineedit.h"
#include "folio/rows.h"

struct corpus;
struct doc;
struct query;
struct fts;
struct config;
struct state;

/* The panes, from PANE_INFO; pane p uses key map pane_keymap(p). */
enum pane {
#define PANE_ENUM(id, view, name)	PANE_##id,
	PANE_INFO(PANE_ENUM)
#undef PANE_ENUM
	PANE__MAX
};
#define pane_keymap(p)	((enum keymap_pane)((int)(p) + 1))

/* A rectangle of the screen. */
struct rect {
	int		 y, x, h, w;
};

struct app;

/* A key of a view's hint bar: an action (or fixed key text), its verb
 * there, and how soon it goes when the line is short (the highest first;
 * 0 never goes). */
struct hintdef {
	enum action	 act;
	const char	*verb;
	int		 drop;
	const char	*keys;		/* shown instead of act's keys */
};

/* What a modal view covers of the screen. */
enum cover {
	COVER_NONE,		/* a pane, or a modal that only takes keys
				   (whole escape sequences too) */
	COVER_LINE,		/* the status line (over the panes: hints) */
	COVER_PANES,		/* the panes; the status line stays */
	COVER_ALL,		/* the whole screen */
};

/*
 * A view of the reader, as tig's views and tmux's window modes: each pane
 * (PANE_INFO) and each modal (MODAL_INFO) lives in its own file with its
 * own private state and answers through these operations.  The frame,
 * the keys, a swap of the library and teardown reach every view through
 * the tables (ui_view(), ui_modal()), never a view another: views report
 * to the rest through events (ui_post()).
 */
struct view_ops {
	/* Draw the view in its rectangle. */
	void		 (*draw)(struct app *, const struct rect *);
	/* Act on "a" in a window "height" lines high; false when the
	 * action is not the view's (the generic ones then apply). */
	bool		 (*request)(struct app *, enum action a, int height);
	/* A key before the key map (prompts take text); may be NULL. */
	bool		 (*key)(struct app *, int ch, bool fkey);
	/* The text of the pane's title row; may be NULL. */
	void		 (*title)(struct app *, char *buf, size_t cap);
	/* The open document changed (NULL: none); may be NULL. */
	void		 (*doc_changed)(struct app *);
	/* A new library replaced "old" (app->c); may be NULL. */
	void		 (*library_swapped)(struct app *,
			    const struct corpus *old);
	/* The panes' rectangles changed (ui_layout); may be NULL. */
	void		 (*resize)(struct app *);
	/* Release the view's state (teardown); may be NULL. */
	void		 (*free)(struct app *);
	/* The main keys for the hint bar. */
	const struct hintdef *hints;
	size_t		 nhints;
	enum cover	 cover;		/* modals: what they cover */
	/* Modals: the action that opens it from any pane (ACT_NONE: none,
	 * it is opened by a module), and how. */
	enum action	 action;
	void		 (*open)(struct app *);
};

#define PANE_VIEW_DECL(id, view, name)	extern const struct view_ops view##_view;
PANE_INFO(PANE_VIEW_DECL)
#undef PANE_VIEW_DECL

/*
 * The modal views, on top of the panes, one row each: a new one is its
 * file (with its view_ops) and a row here.
 */
#define MODAL_INFO(_) \
	_(HELP, help) \
	_(PICKER, picker) \
	_(PROMPT, prompt) \
	_(HINT, hint) \
	_(MARK, mark)

enum modal {
#define MODAL_ENUM(id, view)	MODAL_##id,
	MODAL_INFO(MODAL_ENUM)
#undef MODAL_ENUM
	MODAL__MAX
};
#define MODAL_VIEW_DECL(id, view) \
	extern const struct view_ops view##_view;
MODAL_INFO(MODAL_VIEW_DECL)
#undef MODAL_VIEW_DECL

/* A display position: a block and a line inside its layout. */
struct bpos {
	size_t		 block;
	size_t		 line;
};

/* The open document, which every view shows a side of (the body view's
 * layout of it is private to body.c). */
struct bodyview {
	struct doc	*doc;		/* NULL when nothing is open */
	int		 entry;		/* library entry, or -1 */
	int32_t		 cur;		/* current item, or -1 */
	long long	 mtime;		/* of its file, for live reload */
	long long	 size;
	bool		 gone;		/* its file was deleted */
	bool		 preview;	/* it shows the list's selection on a
					   wide screen, not opened */
};

/* One line of the metadata pane. */
struct mline {
	char		*text;		/* sanitised */
	int		 role;
	int		 indent;
	int		 entry;		/* Enter opens this entry, or -1 */
	unsigned	 line;		/* ... at this source line (1-based) */
	char		*query;		/* Enter filters the list, or NULL */
	int32_t		 ent;		/* the entity of this line, or -1 */
	uint32_t	 att;		/* Enter opens attachment att - 1; 0:
					   none */
};

/* A place to come back to. */
struct jump {
	int		 entry;
	uint32_t	 off;
	int32_t		 cur;		/* the current item, or -1 */
};

enum prompt_kind {
	PROMPT_NONE,
	PROMPT_FILTER,
	PROMPT_SEARCH,
	PROMPT_COMMAND,
	PROMPT_FULLTEXT,
	PROMPT_NOTE,		/* a highlight's note */
	PROMPT__MAX,
};

/* A link hint: a label drawn over a visible item of the body. */
struct hint {
	int32_t		 item;
	int		 y, x;
	char		 label[4];
};

/* One row of a picker: where it leads and how it looks. */
struct pick {
	char		*label;		/* raw; sanitised when drawn */
	char		*right;		/* a time or count, or NULL */
	int		 role;
	int		 indent;
	int		 entry;		/* library entry, or -1 */
	uint32_t	 off;		/* source offset in it */
	long		 seconds;	/* a moment of its video, or -1 */
	char		*query;		/* a filter to apply, or NULL */
	bool		 line;		/* off is a highlight's line */
};

/* What a view or a background job tells the rest of the reader; the
 * main loop hands each to the module it concerns (events.c). */
enum ui_event {
	EV_OPEN,		/* open entry a at offset b, as a jump */
	EV_OPEN_SAVED,		/* open entry a at its saved position */
	EV_PREVIEW,		/* show entry a as a preview */
	EV_FOLLOW,		/* Enter in the body */
	EV_OPEN_NEXT,		/* the document after the open one */
	EV_META_ENTER,		/* Enter in the metadata pane */
	EV_PROMPT,		/* open prompt a */
	EV_PROMPT_EDIT,		/* prompt a: b is a lineedit_res */
	EV_PICK,		/* the picker's row: b&1 open, b&2 play */
	EV_HINT,		/* link hint of item a chosen */
	EV_MARK,		/* letter a after mark action b */
	EV_SCAN_DONE,		/* a scanned library is ready */
	EV_INDEX_FRESH,		/* the full-text index is up to date */
};

struct event {
	enum ui_event	 kind;
	int		 a;
	long		 b;
};

#define UI_EVENTS	16
#define UI_MODALS	4

/* The screen and where the panes are on it. */
struct geometry {
	int		 rows, cols;
	struct rect	 r[PANE__MAX];	/* h == 0: hidden */
	bool		 visible[PANE__MAX];
	bool		 titled;	/* a title row above each pane */
	bool		 show_meta;	/* medium screens: meta visible */
	bool		 meta_off;	/* wide screens: meta hidden */
	char		 layout;	/* config: 'w', 'm', 'n' or 0 (auto) */
};

/* What every view shares; each view's own state is private to its file. */
struct app {
	struct corpus	*c;		/* the library */
	char		**roots;
	int		 nroots;
	const char	*extra;		/* a file opened outside the roots */
	bool		 flat;		/* the roots are read without their
					   subfolders (a file opened alone) */
	struct bodyview	 body;		/* the open document */
	enum pane	 focus;
	struct geometry	 scr;
	const struct view_ops *modal[UI_MODALS];	/* the top last */
	int		 nmodal;
	struct event	 ev[UI_EVENTS];	/* posted, not yet handled */
	size_t		 nev;
	char		 msg[512];	/* status message */
	bool		 msg_err;
	struct state	*state;		/* NULL: nothing is remembered */
	struct index	*index;		/* the full-text index when it is up
					   to date, else NULL */
	const struct config *cfg;
	const char	*player;	/* config: command template, or NULL */
	bool		 quit;
};

/* job.c: one piece of background work. */
struct job {
	pthread_t	 th;
	atomic_bool	 done;
	bool		 joinable;	/* th runs or ran it: join it */
	void		 (*fn)(void *);
	void		*arg;
};
/* Run fn(arg) on a thread, or here and now when none can be made. */
void		 job_start(struct job *, void (*fn)(void *), void *arg);
/* Whether it has finished, without waiting. */
bool		 job_done(struct job *);
/* Wait up to "ms" milliseconds; whether it has finished. */
bool		 job_wait(struct job *, int ms);
/* Wait for it to finish and release its thread. */
void		 job_join(struct job *);

/* screen.c */
void		 screen_init(const struct config *);
/* Turn on function keys and the mouse: after the first frame is out (the
 * key table takes a while to build), before the first key is read. */
void		 screen_input(void);
void		 screen_done(void);
attr_t		 screen_attr(int role);
void		 screen_put(int y, int x, int maxw, const char *s, size_t n,
		    attr_t a);
void		 screen_put_cols(int y, int x, int maxw, const char *s, size_t n,
		    int cols, attr_t a);
int		 screen_puts(int y, int x, int maxw, const char *s, attr_t a);
void		 screen_fill(int y, int x, int w, attr_t a);
void		 screen_sync(int fd);
const char	*screen_key_name(int ch, bool fkey, char *buf, size_t cap);
bool		 screen_escape_tail(void);

/*
 * The core (ui.c): what every view may call.  It calls the views only
 * through the tables.
 */
/* A module that is not a view but follows the open document: "leaving"
 * is told before another document replaces it, "changed" after, "meta"
 * adds its lines to the metadata pane (each may be NULL). */
struct follower {
	void		 (*leaving)(struct app *);
	void		 (*changed)(struct app *);
	void		 (*meta)(struct app *);
};
void		 ui_follow(const struct follower *);
/* The view of pane "p", of modal "m". */
const struct view_ops *ui_view(enum pane p);
const struct view_ops *ui_modal(enum modal m);
/* Put modal view "v" on top (once), take it off wherever it is. */
void		 ui_modal_push(struct app *, const struct view_ops *v);
void		 ui_modal_pop(struct app *, const struct view_ops *v);
/* Open the modal view that action "a" opens; false when none does. */
bool		 ui_modal_open(struct app *, enum action a);
/* The modal view on top, or NULL. */
const struct view_ops *ui_modal_top(const struct app *);
/* Post an event for the main loop (events.c); the same one once. */
void		 ui_post(struct app *, enum ui_event, int a, long b);
/* Take the oldest event; false when there is none. */
bool		 ui_next_event(struct app *, struct event *);
/* The open document is about to be replaced: its followers are told. */
void		 ui_doc_leaving(struct app *);
/* The open document changed: every view and follower is told. */
void		 ui_doc_changed(struct app *);
/* The followers' lines of the metadata pane (play.c's media lines). */
void		 ui_meta_lines(struct app *);
/* A new library replaced "old": every view is told. */
void		 ui_library_swapped(struct app *, const struct corpus *old);
/* Free every view (teardown). */
void		 ui_free(struct app *);
/* Compute the panes' rectangles for the screen size, layout class and
 * focus (a title row above each when there is room); views are told. */
void		 ui_layout(struct app *);
/* The pane Tab (dir 1) or Shift-Tab (-1) goes to. */
enum pane	 ui_next_pane(struct app *, int dir);
/* Say what the current item is in the status line. */
void		 ui_describe_item(struct app *);
/* "s" unless n is one: "%zu document%s". */
const char	*app_plural(size_t n);
void		 app_message(struct app *, bool err, const char *, ...)
		    FOLIO_PRINTF(3, 4);
/* The layout class: 2 wide (three panes), 1 medium, 0 narrow. */
int		 app_layout_class(const struct app *);

/* ---- the views: they call the core only ---------------------------- */

/* list.c */
/* Order the library afresh and filter it. */
void		 list_init(struct app *);
int		 list_selected(const struct app *);
void		 list_select_entry(struct app *, int entry);
void		 list_move(struct app *, long delta);
/* Idle time: prepare the filter's memo until it is done (false) or a key
 * is waiting (true: there is more to do). */
bool		 list_idle(struct app *);
const char	*list_filter(const struct app *);
const char	*list_filter_err(const struct app *);
void		 list_set_filter(struct app *, const char *q, bool typing);
void		 list_home(struct app *);
size_t		 list_count(const struct app *);
int		 list_sort(const struct app *);
void		 list_set_sort(struct app *, int k);
int		 list_next(const struct app *, int entry);
int		 list_click(struct app *, int y, bool *again);

/* body.c, body-find.c */
void		 body_open(struct app *, int entry, uint32_t off);
void		 body_close(struct app *);
/* Whether the whole of a large document is still being read; called by
 * the main loop, body_poll() swaps it in when it is. */
bool		 body_loading(const struct app *);
void		 body_poll(struct app *);
/* Have the whole of a document shown in part now (reading it if need be):
 * before going to its end, searching it or walking its items. */
void		 body_finish(struct app *);
/* Start reading the whole of a document shown in part (after a frame). */
void		 body_kick(struct app *);
void		 body_scroll(struct app *, long lines);
void		 body_top(struct app *);
bool		 body_at_end(struct app *);
void		 body_bottom(struct app *);
uint32_t	 body_offset(struct app *);
void		 body_goto_off(struct app *, uint32_t off);
bool		 body_item_jump(struct app *, int kind, int dir,
		    int32_t ref);
bool		 body_heading_jump(struct app *, int dir);
bool		 body_search_next(struct app *, int dir, bool from_top);
void		 body_set_search(struct app *, const char *);
const char	*body_search(const struct app *);
void		 body_save_top(struct app *);
void		 body_restore_top(struct app *);
/* Bring source offset "off" into view, with some context above. */
void		 body_reveal(struct app *, uint32_t off);
const struct dline *body_line(struct app *, struct bpos);
void		 body_status(struct app *, char *, size_t);
size_t		 body_hints(struct app *, const struct rect *, struct hint *,
		    size_t max);
long		 body_time(struct app *);

/* meta.c */
void		 meta_move(struct app *, long delta, int height);
const struct mline *meta_selected(const struct app *);
/* Add a line "a" "b" to the metadata being built (play.c's lines). */
void		 meta_add(struct app *, int role, int indent, const char *a,
		    const char *b);

/* picker.c: a modal view. */
void		 picker_open(struct app *, const char *title);
struct pick	*picker_add(struct app *, const char *label, int entry,
		    uint32_t off, long seconds);
void		 picker_close(struct app *);
void		 picker_mark_words(struct app *, const char *query);
void		 picker_set_search(struct app *, const char *);
const char	*picker_search(const struct app *);
const char	*picker_word(const struct app *);
void		 picker_select(struct app *, size_t i);
size_t		 picker_count(const struct app *);
const struct pick *picker_selected(const struct app *);

/* hint.c: a modal view. */
void		 hint_open(struct app *, struct hint *v, size_t n);

/* mark.c: a modal view. */
void		 mark_open(struct app *, enum action a);

/* prompt.c: a modal view. */
void		 prompt_open(struct app *, enum prompt_kind k, const char *pre);
/* Open an empty prompt "k". */
void		 prompt_start(struct app *, enum prompt_kind k);
void		 prompt_close(struct app *);
enum prompt_kind prompt_kind(const struct app *);
const char	*prompt_text(const struct app *);
void		 prompt_set_error(struct app *, const char *);
void		 prompt_remember(struct app *, enum prompt_kind k,
		    const char *text);

/* ---- the rest: they may call the views and one another, in no circle */

/* events.c */
/* Handle the events posted so far. */
void		 events_run(struct app *);

/* command.c */
/* Open prompt "k", filled as its kind wants. */
void		 command_prompt(struct app *, enum prompt_kind k);
/* Act on an edit "r" of prompt "k". */
void		 command_edit(struct app *, enum prompt_kind k,
		    enum lineedit_res r);
/* Run a ":" command line. */
void		 command_run(struct app *, const char *cmd);
void		 command_free(void);

/* swap.c */
void		 swap_library(struct app *, struct corpus *c,
		    const char *open_path);
void		 swap_reload(struct app *, const char *open_path);
void		 swap_ready(struct app *);

/* statusbar.c */
/* Draw one frame: panes, status line, hint bar, the modal on top. */
void		 statusbar_frame(struct app *);

/* input.c */
/* A key (ch; fkey: a curses key code) to the modal view on top, the
 * pending mark or the focused view's action. */
void		 input_key(struct app *, int ch, bool fkey);

/* fts.c */
void		 fts_search(struct app *, const char *query);
void		 fts_poll(struct app *);
bool		 fts_busy(const struct app *);
void		 fts_status(const struct app *, char *, size_t);
void		 fts_stop(struct app *, bool all);

/* scan.c */
/* Scan and load the library now; returns it. */
struct corpus	*scan_corpus(struct app *);
/* Start scanning the library in the background (once at a time); with
 * "announce", the swap says how many documents there are. */
void		 scan_start(struct app *, bool announce);
/* Whether a scan runs or waits for the library to settle. */
bool		 scan_pending(const struct app *);
/* Wait up to "ms" for the scan; true when it is done. */
bool		 scan_wait(struct app *, int ms);
/* Wait for the scan and return its library (the caller owns it);
 * *announce (when not NULL): whether it asked to be announced. */
struct corpus	*scan_take(struct app *, bool *announce);
/* Called by the main loop: start a scan when the library changed on disk,
 * post EV_SCAN_DONE when one is done. */
void		 scan_poll(struct app *);
void		 scan_status(const struct app *, char *, size_t);
/* Watch the library for changes on disk. */
void		 scan_watch(struct app *);
/* Stop a scan and drop its result; stop watching. */
void		 scan_stop(struct app *);

/* history.c */
/* Push where the reader is (document, position, item) on the back stack;
 * the forward stack is dropped. */
void		 history_push(struct app *);
void		 history_back(struct app *);
void		 history_forward(struct app *);
/* The jumps follow their documents from library "from" to "to". */
void		 history_remap(struct app *, const struct corpus *from,
		    const struct corpus *to);
const struct jump *history_jumps(const struct app *, bool fwd, size_t *n);
void		 history_add(struct app *, bool fwd, struct jump j);
void		 history_free(struct app *);

/* navigate.c */
/* Enter in the body: follow the current link or wikilink, open the
 * current moment. */
void		 nav_follow(struct app *);
/* Enter in the metadata pane: filter by the value, or open the document
 * (a backlink at its line). */
void		 nav_meta_enter(struct app *);
/* Open the chapters picker: headings and timestamps, the nearest
 * preselected. */
void		 nav_chapters(struct app *);
/* Act on the picker's selected row: go there, or filter by it; "open"
 * (o, p with "play"): its video moment, the picker staying. */
void		 nav_pick_enter(struct app *, bool open, bool play);
/* Go to the reader's moment in another document of the same video. */
void		 nav_same_video(struct app *);
/* Label the visible links and timestamps and wait for a label. */
void		 nav_hints(struct app *);
void		 nav_hint_chosen(struct app *, int32_t item);
void		 nav_unarm(struct app *);
/* Set mark "ch" (a = ACT_MARK_SET) or go to it (' goes back). */
void		 nav_mark(struct app *, int ch, enum action a);
/* Open the document after the open one in the list, as a jump. */
void		 nav_open_next(struct app *);
/* Show entry "entry" in the body as a preview of the list's selection
 * (wide screens); leaving a document that was opened is a jump. */
void		 nav_preview(struct app *, int entry);
/* Open library entry "entry" at "off" (0: the top) as a jump, select it
 * in the list and focus the body. */
void		 nav_open_entry(struct app *, int entry, uint32_t off);
/* Go to video time "secs" in the open document; false without a
 * timeline. */
bool		 nav_goto_time(struct app *, long secs, bool push);

/* launch.c */
struct item;
/* The URL of item "it" (a video moment or a checked web link) into url;
 * false when it has none. */
bool		 launch_item_url(const struct item *it, char *url, size_t cap);
/* Hand "url" to the opener ("play": the player), reporting in the
 * status line. */
void		 launch_url(struct app *, bool play, const char *url, long secs,
		    const char *video);
/* o and p: open or play the current item's URL (o on an attachment
 * opens the file). */
void		 launch_open_url(struct app *, bool play);
/* Open attachment "att" of the library with the opener. */
void		 launch_open_attachment(struct app *, uint32_t att);
/* Put the current URL on the clipboard with OSC 52, outside curses. */
void		 launch_copy_url(struct app *);
/* Reopen the document from disk, keeping the reading position. */
void		 launch_reload_doc(struct app *);
/* Edit the document in $VISUAL or $EDITOR at the line being read, then
 * read it again. */
void		 launch_edit(struct app *);
/* Live reload: read the open document again when its file changed; a
 * deleted file stays readable from memory. */
void		 launch_watch_file(struct app *);

/* persist.c */
void		 persist_open(struct app *);
void		 persist_save_pos(struct app *);
uint32_t	 persist_pos(struct app *, int entry);
void		 persist_tick(struct app *);
void		 persist_restore(struct app *, bool resume);
void		 persist_close(struct app *);
void		 persist_mark(struct app *, char);
long		 persist_get_mark(struct app *, char, int *entry);

/* play.c: the player attached over mpv's IPC, and follow mode. */
/* Wait up to "ms" for the keyboard or the player, handling the player's
 * events; true when they changed what the screen shows (draw a frame),
 * false when a key waits or the time is up (none attached: at once). */
bool		 play_wait(struct app *, int ms);
/* The player's actions (p, pause, seeks, speed, follow, Enter on a
 * moment of the played video, highlights); false when "a" is not one
 * (scrolling the body by hand also suspends following, and is not). */
bool		 play_request(struct app *, enum action a);
/* The playback text for the status line, "" without a player. */
void		 play_status(struct app *, char *out, size_t cap);
/* The open document changed: follow it when it is of the video. */
void		 play_doc_changed(struct app *);
/* The metadata pane's media and speaker lines. */
void		 play_meta(struct app *);
/* The note prompt ended: save the highlight (not when "cancel"). */
void		 play_note_done(struct app *, const char *note, bool cancel);
/* The highlights, as a picker: Enter goes to one. */
void		 play_highlights(struct app *);
/* After a jump to a highlight's line at "off": its moment current. */
void		 play_pick_line(struct app *, uint32_t off, long seconds);
/* Let go of the player (it plays on) at exit. */
void		 play_close(struct app *);

#endif /* !FOLIO_UI_H */
