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

/* A key of a view's hint bar: an action, its verb there, and how soon it
 * goes when the line is short (the highest first; 0 never goes). */
struct hintdef {
	enum action	 act;
	const char	*verb;
	int		 drop;
};

/*
 * A pane of the reader, as tig's views: each lives in its own file with
 * its own state and answers through these operations; ui.c and input.c
 * call them through the PANE_INFO table (ui_view()), never a pane another.
 */
struct view_ops {
	/* Draw the pane in its rectangle. */
	void		 (*draw)(struct app *, const struct rect *);
	/* Act on "a" in a window "height" lines high; false when the
	 * action is not the view's (the generic ones then apply). */
	bool		 (*request)(struct app *, enum action a, int height);
	/* The text of the pane's title row. */
	void		 (*title)(struct app *, char *buf, size_t cap);
	/* The open document changed (NULL: none); may be NULL. */
	void		 (*doc_changed)(struct app *);
	/* The main keys for the hint bar. */
	const struct hintdef *hints;
	size_t		 nhints;
};

#define PANE_VIEW_DECL(id, view, name)	extern const struct view_ops view##_view;
PANE_INFO(PANE_VIEW_DECL)
#undef PANE_VIEW_DECL

/* The document list: the library in order, narrowed by the filter. */
struct listview {
	size_t		*order;		/* entries in sort order */
	size_t		*shown;		/* those matching the filter: rows.n */
	struct rows	 rows;		/* rows.sel indexes shown */
	int		 sort;		/* enum corpus_sort */
	struct buf	 filter;	/* the query text */
	char		 filter_err[160];
	struct query	*query;
	struct query_memo *memo;	/* for this library, across queries */
};

/* A display position: a block and a line inside its layout. */
struct bpos {
	size_t		 block;
	size_t		 line;
};

/* The body of the open document, laid out lazily block by block. */
struct bodyview {
	struct doc	*doc;		/* NULL when nothing is open */
	int		 entry;		/* library entry, or -1 */
	int		 width;		/* layout width */
	struct lines	*blk;		/* per block; .a == NULL: not laid out */
	size_t		 nblk;
	size_t		 nlaid;
	struct bpos	 top;
	int32_t		 cur;		/* current item, or -1 */
	struct buf	 search;	/* the search text */
	bool		 search_case;	/* smart case: it has capitals */
	struct buf	 folded;	/* folded search text */
	struct bpos	 saved;		/* position before a search */
	struct bodyload	*load;		/* the whole being read, or NULL */
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
};

struct metaview {
	struct mline	*v;		/* rows.n of them */
	struct rows	 rows;
	int		 entry;		/* whose metadata, or -1 */
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
	PROMPT_HINT,
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

/* A full-screen list to choose from: chapters, search hits, documents. */
#define PICK_WORDS	8
struct picker {
	bool		 on;
	char		 title[256];
	char		 words[PICK_WORDS][64];	/* marked in the rows */
	size_t		 nwords;
	char		 search[128];	/* the body's search after opening */
	struct pick	*v;		/* rows.n of them */
	struct rows	 rows;
};

struct app {
	struct corpus	*c;
	char		**roots;
	int		 nroots;
	struct listview	 list;
	struct bodyview	 body;
	struct metaview	 meta;
	enum pane	 focus;
	bool		 show_meta;	/* medium screens: meta visible */
	bool		 meta_off;	/* wide screens: meta hidden */
	bool		 preview;	/* the body shows the list's selection
					   on a wide screen, not opened */
	bool		 help;
	struct rows	 help_rows;	/* one per action */
	enum prompt_kind prompt;
	struct buf	 input;		/* PROMPT_HINT: the label typed */
	struct lineedit	 line[PROMPT_HINT];	/* per prompt kind */
	bool		 line_loaded[PROMPT_HINT];	/* its history */
	struct buf	 prompt_prev;	/* the filter or search before */
	char		 msg[512];	/* status message */
	bool		 msg_err;
	struct rect	 r[PANE__MAX];	/* h == 0: hidden */
	bool		 visible[PANE__MAX];
	bool		 titled;	/* a title row above each pane */
	int		 rows, cols;
	struct jump	*back;
	size_t		 nback;
	struct jump	*fwd;
	size_t		 nfwd;
	struct picker	 pick;
	struct state	*state;		/* NULL: nothing is remembered */
	long long	 saved_at;	/* when the position was last saved */
	int		 saved_entry;
	uint32_t	 saved_off;
	enum action	 pending;	/* waiting for a mark letter */
	long long	 doc_mtime;	/* of the open file, for live reload */
	long long	 doc_size;
	bool		 doc_gone;
	int32_t		 create_item;	/* Enter again on this missing */
	int		 create_entry;	/* wikilink creates the note */
	struct hint	*hints;		/* PROMPT_HINT: the labels */
	size_t		 nhints;
	struct fts	*fts;		/* full-text search state, or NULL */
	struct scan	*scan;		/* a library scan running, or NULL */
	struct watch	*watch;		/* changes to the library on disk */
	long long	 rescan_at;	/* scan then (monotonic ms), or 0 */
	const char	*extra;		/* a file opened outside the roots */
	bool		 flat;		/* the roots are read without their
					   subfolders (a file opened alone) */
	const char	*opener;	/* config: command template, or NULL */
	const char	*player;	/* config: command template, or NULL */
	const struct config *cfg;
	char		 layout;	/* config: 'w', 'm', 'n' or 0 (auto) */
	bool		 quit;
	int		 sync_fd;
	int		 last_click_row;
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

/* list.c */
void		 list_init(struct app *);
/* Apply the filter text; "typing": it follows a keystroke in the
 * filter prompt (what no longer matched cannot match again). */
void		 list_refilter(struct app *, bool typing);
void		 list_draw(struct app *, const struct rect *);
void		 list_move(struct app *, long delta);
void		 list_select_entry(struct app *, int entry);
int		 list_selected(const struct app *);
void		 list_free(struct app *);
/* Idle time: prepare the filter's memo until it is done (false) or a key
 * is waiting (true: there is more to do). */
bool		 list_idle(struct app *);

/* body.c */
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
void		 body_draw(struct app *, const struct rect *);
void		 body_scroll(struct app *, long lines);
void		 body_top(struct app *);
bool		 body_at_end(struct app *);
void		 body_bottom(struct app *);
uint32_t	 body_offset(struct app *);
void		 body_goto_off(struct app *, uint32_t off);
void		 body_relayout(struct app *, int width);
bool		 body_item_jump(struct app *, int kind, int dir,
		    int32_t ref);
bool		 body_heading_jump(struct app *, int dir);
bool		 body_search_next(struct app *, int dir, bool from_top);
void		 body_set_search(struct app *, const char *);
/* Bring source offset "off" into view, with some context above. */
void		 body_reveal(struct app *, uint32_t off);
const struct dline *body_line(struct app *, struct bpos);
void		 body_status(struct app *, char *, size_t);
size_t		 body_hints(struct app *, const struct rect *, struct hint *,
		    size_t max);
long		 body_time(struct app *);

/* body.c and bodyfind.c, between themselves */
/* Block "bi" laid out (NULL if it cannot be). */
struct lines	*body_get(struct bodyview *, size_t bi);
/* Step *p to the next or previous display line; false at an end. */
bool		 body_next_pos(struct bodyview *, struct bpos *);
bool		 body_prev_pos(struct bodyview *, struct bpos *);
/* Lines of the body pane. */
int		 body_page_height(struct app *);
/* The search hits of display line d: their starts and ends in s and e
 * (at most max); the count. */
size_t		 body_line_hits(struct bodyview *, const struct dline *,
		    uint32_t *s, uint32_t *e, size_t max);

/* picker.c */
void		 picker_open(struct app *, const char *title);
struct pick	*picker_add(struct app *, const char *label, int entry,
		    uint32_t off, long seconds);
void		 picker_close(struct app *);
void		 picker_draw(struct app *, int rows);
int		 picker_height(const struct app *);
void		 picker_mark_words(struct app *, const char *query);
bool		 picker_key(struct app *, enum action);

/* fts.c */
void		 fts_search(struct app *, const char *query);
void		 fts_poll(struct app *);
bool		 fts_busy(const struct app *);
/* The full-text index when it is up to date, else NULL. */
struct index	*fts_fresh_index(const struct app *);
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
/* Wait for the scan and return its library (the caller owns it). */
struct corpus	*scan_take(struct app *);
/* Called by the main loop: start a scan when the library changed on disk,
 * swap in a finished scan's library. */
void		 scan_poll(struct app *);
void		 scan_status(const struct app *, char *, size_t);
/* Stop a scan and drop its result. */
void		 scan_stop(struct app *);

/* ui.c */
/* Replace the library by "c", keeping the open document (or opening
 * "open_path" at its top), its position, the selection and the jumps. */
void		 app_swap_corpus(struct app *, struct corpus *c,
		    const char *open_path);

/* prompt.c */
/* Open prompt "k" (its history loaded once from the state). */
void		 prompt_start(struct app *, enum prompt_kind k);
/* A key (by name) while a line prompt is open. */
void		 prompt_key(struct app *, const char *name);
void		 prompt_draw(struct app *, int y, int w);
const char	*prompt_lead(enum prompt_kind);
struct lineedit	*prompt_line(struct app *);
/* Run a ":" command line. */
void		 prompt_command(struct app *, const char *cmd);

/* ui.c */
/* The view of pane "p". */
const struct view_ops *ui_view(enum pane p);
/* The open document changed: every view that cares is told. */
void		 ui_doc_changed(struct app *);
/* Compute the panes' rectangles for the screen size, layout class and
 * focus (a title row above each when there is room). */
void		 ui_layout(struct app *);
/* Draw one frame: the panes, or a modal view (help, picker) on top. */
void		 ui_draw(struct app *);
/* Scan the library again now, keeping the open document and position
 * (or opening "open_path", relative to the first root, at its top). */
void		 ui_reload_library(struct app *, const char *open_path);
/* The pane Tab (dir 1) or Shift-Tab (-1) goes to. */
enum pane	 ui_next_pane(struct app *, int dir);
/* i: show or hide the metadata, from any pane. */
void		 ui_toggle_meta(struct app *);

/* history.c */
/* Go back (from = back) or forward (from = fwd) one jump, pushing where
 * the reader is on the other stack. */
void		 history_go(struct app *, struct jump *from, size_t *nfrom,
		    struct jump **to, size_t *nto);
/* Rewrite jumps from entries of "from" to those of "to", dropping the
 * ones whose document is gone. */
void		 history_remap(const struct corpus *from,
		    const struct corpus *to, struct jump *v, size_t *n);

/* navigate.c */
/* Enter in the body: follow the current link or wikilink, open the
 * current moment. */
void		 nav_follow(struct app *);
/* Say what the current item is in the status line. */
void		 nav_describe_item(struct app *);
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
/* A key while link hints are shown: a label character, or leaving. */
void		 nav_hint_key(struct app *, int ch, bool fkey);
/* Open the document after the open one in the list, as a jump. */
void		 nav_open_next(struct app *);
/* Show entry "entry" in the body as a preview of the list's selection
 * (wide screens); leaving a document that was opened is a jump. */
void		 nav_preview(struct app *, int entry);

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

/* input.c */
/* A key (ch; fkey: a curses key code) to the prompt, the pending mark,
 * the modal view or the focused pane's action. */
void		 input_key(struct app *, int ch, bool fkey);

/* help.c: the help, a modal view. */
void		 help_open(struct app *);
void		 help_draw(struct app *);
void		 help_request(struct app *, enum action);

/* statusbar.c */
void		 statusbar_draw(struct app *);
void		 statusbar_hints(struct app *);
void		 statusbar_titles(struct app *);

/* persist.c */
void		 persist_open(struct app *);
void		 persist_save_pos(struct app *);
uint32_t	 persist_pos(struct app *, int entry);
void		 persist_tick(struct app *);
void		 persist_restore(struct app *, bool resume);
void		 persist_close(struct app *);
void		 persist_mark(struct app *, char);
long		 persist_get_mark(struct app *, char, int *entry);

/* meta.c */
void		 meta_build(struct app *);
void		 meta_draw(struct app *, const struct rect *);
void		 meta_free(struct app *);
void		 meta_move(struct app *, long delta, int height);
const struct mline *meta_selected(const struct app *);
/* Add a line "a" "b" to the metadata being built (play.c's lines). */
void		 meta_add(struct app *, int role, int indent, const char *a,
		    const char *b);

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

/* ui.c, history.c, navigate.c */
/* "s" unless n is one: "%zu document%s". */
const char	*app_plural(size_t n);
void		 app_message(struct app *, bool err, const char *, ...)
		    FOLIO_PRINTF(3, 4);
void		 app_push_jump(struct app *);
/* The layout class: 2 wide (three panes), 1 medium, 0 narrow. */
int		 app_layout_class(const struct app *);
/* Open library entry "entry" at "off" (0: the top) as a jump, select it
 * in the list and focus the body. */
void		 app_open_entry(struct app *, int entry, uint32_t off);
/* Go to video time "secs" in the open document; false without a
 * timeline. */
bool		 app_goto_time(struct app *, long secs, bool push);

#endif /* !FOLIO_UI_H */
