/* SPDX-License-Identifier: ISC */
/*
 * The reader's start and main loop: locale, roots, the first library
 * (from the cache or a scan), signals, the screen, the loop, teardown.
 */
#include "ui.h"

#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <langinfo.h>
#include <libgen.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "folio/cli.h"
#include "folio/config.h"
#include "folio/corpus.h"
#include "folio/reader.h"
#include "folio/xmalloc.h"

#define SCAN_WAIT_MS	100
#define SCAN_WAIT_BYTES	(4u << 20)	/* only for so little to read */

static volatile sig_atomic_t	 got_signal;

/* SIGINT, SIGTERM, SIGHUP: end the loop, saving the state. */
static void
on_signal(int sig)
{
	got_signal = sig;
}

/* folio --list-actions: every action name, one a line. */
int
reader_list_actions(void)
{
	int	 a;

	for (a = 1; a < ACT__MAX; a++)
		printf("%s\n", action_name((enum action)a));
	return 0;
}

/* Take the opener, player, layout, sort and key bindings from the
 * configuration (already checked when it was read). */
static void
apply_config(struct app *app, const struct config *cfg)
{
	size_t	 i;
	int	 k, p;

	app->cfg = cfg;
	if (cfg == NULL)
		return;
	app->player = cfg->player;
	if (cfg->layout != NULL && strcmp(cfg->layout, "auto") != 0)
		app->scr.layout = cfg->layout[0];
	for (k = 0; cfg->sort != NULL && k < CORPUS_SORT__MAX; k++)
		if (strcmp(cfg->sort, corpus_sort_name((enum corpus_sort)k)) ==
		    0)
			list_set_sort(app, k);
	for (i = 0; i < cfg->nkeys; i++) {
		if ((p = keymap_pane_from_name(cfg->keys[i].pane)) >= 0)
			keymap_bind((enum keymap_pane)p, cfg->keys[i].key,
			    action_from_name(cfg->keys[i].action));
	}
}

/* Out of memory: give the terminal back before dying. */
static void
die_hook(void)
{
	screen_done();
}

/* Add a library root (a copy of "dir"). */
static void
add_root(struct app *app, const char *dir)
{
	app->roots = xreallocarray(app->roots, (size_t)app->nroots + 1,
	    sizeof(*app->roots));
	app->roots[app->nroots++] = xstrdup(dir);
}

/* The roots and the file to open from the command line; returns 0, or
 * an exit status. */
static int
read_args(struct app *app, const struct cli_opts *o, const char **open_file)
{
	struct stat	 st;
	int		 i;

	for (i = 0; i < o->nroots; i++)
		add_root(app, o->roots[i]);
	for (i = 0; i < o->nargs; i++) {
		if (stat(o->args[i], &st) == -1) {
			fprintf(stderr, "folio: %s: %s\n", o->args[i],
			    strerror(errno));
			return 1;
		}
		if (S_ISDIR(st.st_mode))
			add_root(app, o->args[i]);
		else {
			*open_file = o->args[i];
			if (o->nroots == 0) {
				char *copy = xstrdup(o->args[i]);

				/* Neither in a configured root nor in a vault
				 * (main() gave those as roots): its folder
				 * alone, not the tree below it. */
				add_root(app, dirname(copy));
				app->flat = true;
				free(copy);
			}
		}
	}
	if (app->nroots == 0)
		add_root(app, ".");
	return 0;
}

/*
 * The first library.  The first frame comes from the summary cache and
 * the library is scanned in the background.  Without a file to open, the
 * library is first shown as the cache last saw it, without reading a
 * folder.  Otherwise the folders are read and what the cache lacks shows
 * its file name; for a few documents the scan is waited for a moment, so
 * small libraries never flash their file names.  Returns 0, or an exit
 * status.
 */
static int
first_library(struct app *app, const char *open_file)
{
	struct folio_err err;
	int		 i;

	if (open_file == NULL && (app->c = corpus_quick(app->roots,
	    (size_t)app->nroots)) != NULL) {
		scan_start(app, false);
		return 0;
	}
	app->c = corpus_new();
	app->c->flat = app->flat;
	for (i = 0; i < app->nroots; i++)
		if (corpus_add_root(app->c, app->roots[i], &err) == -1) {
			fprintf(stderr, "folio: %s\n", err_text(&err));
			corpus_free(app->c);
			return 1;
		}
	if (open_file != NULL && corpus_find(app->c, open_file) < 0) {
		corpus_add_file(app->c, open_file);
		app->extra = open_file;
	}
	corpus_use_cache(app->c);
	corpus_load_cached(app->c);
	if (app->c->npending > 0) {
		scan_start(app, false);
		if (corpus_pending_bytes(app->c) <= SCAN_WAIT_BYTES &&
		    scan_wait(app, SCAN_WAIT_MS)) {
			corpus_free(app->c);
			app->c = scan_take(app, NULL);
		}
	}
	return 0;
}

/* The main loop: background work, a frame, a key; until q or a signal.
 * "persisted": the state was opened before the first frame. */
static void
loop(struct app *app, bool persisted, int sync_fd)
{
	bool		 idle = true, input = false;
	wint_t		 wc;
	int		 ch, r, wait;

	while (!app->quit && !got_signal) {
		persist_tick(app);
		launch_watch_file(app);
		/* Wake often while the index is built or the library
		 * scanned, to show progress. */
		wait = idle ? 1 : body_loading(app) ? 20 : fts_busy(app) ||
		    scan_pending(app) ? 100 : 500;
		timeout(wait);
		fts_poll(app);
		scan_poll(app);
		events_run(app);
		body_poll(app);
		statusbar_frame(app);
		wnoutrefresh(stdscr);
		doupdate();
		screen_sync(sync_fd);
		if (!input) {
			screen_input();
			input = true;
		}
		body_kick(app);
		if (!persisted) {
			persist_open(app);
			persist_restore(app, false);
			persisted = true;
			continue;	/* a warning about the state shows */
		}
		/* The player's events are read while waiting for a key. */
		if (play_wait(app, wait))
			continue;
		r = get_wch(&wc);
		/* Nothing typed: the filter's memo is prepared meanwhile. */
		if (r == ERR) {
			idle = list_idle(app);
			continue;
		}
		ch = (int)wc;
		/* An Alt-key or an unknown escape sequence: ignored (a modal
		 * that only takes keys, a mark's letter, takes it whole). */
		if (r == OK && ch == 27 && (ui_modal_top(app) == NULL ||
		    ui_modal_top(app)->cover != COVER_NONE) &&
		    screen_escape_tail())
			continue;
		if (r == KEY_CODE_YES && ch == KEY_RESIZE) {
			getmaxyx(stdscr, app->scr.rows, app->scr.cols);
			ui_layout(app);
			continue;
		}
		input_key(app, ch, r == KEY_CODE_YES);
		events_run(app);
		if (app->scr.visible[PANE_BODY] || app->focus == PANE_BODY)
			ui_layout(app);
	}
}

/* Save the state and free everything: every view through the tables. */
static void
teardown(struct app *app)
{
	int	 i;

	play_close(app);
	persist_close(app);
	scan_stop(app);
	fts_stop(app, true);
	ui_free(app);
	command_free();
	history_free(app);
	corpus_free(app->c);
	for (i = 0; i < app->nroots; i++)
		free(app->roots[i]);
	free(app->roots);
}

/* The reader: folio without a command. */
int
reader_main(const struct cli_opts *o)
{
	struct app	 app;
	struct sigaction sa;
	const char	*fd, *open_file = NULL;
	int		 rc, start_entry = -1, sync_fd;
	bool		 persisted = false;

	/* Only the character set: numbers and dates stay as C writes them
	 * (and the other categories cost time to load). */
	if (setlocale(LC_CTYPE, "") == NULL || strcmp(nl_langinfo(CODESET),
	    "UTF-8") != 0)
		if (setlocale(LC_CTYPE, "C.UTF-8") == NULL)
			setlocale(LC_CTYPE, "C.utf8");
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "folio: the reader needs a terminal; see "
		    "folio --help for commands\n");
		return 2;
	}
	memset(&app, 0, sizeof(app));
	app.body.entry = -1;
	app.body.cur = -1;
	apply_config(&app, o->cfg);
	/* Positions are saved when a document is left; the player follows
	 * the open document and lists its media in the metadata. */
	ui_follow(&(struct follower){ persist_save_pos, NULL, NULL });
	ui_follow(&(struct follower){ NULL, play_doc_changed, play_meta });
	if ((rc = read_args(&app, o, &open_file)) != 0 ||
	    (rc = first_library(&app, open_file)) != 0)
		return rc;
	scan_watch(&app);
	if (open_file != NULL)
		start_entry = corpus_find(app.c, open_file);
	sync_fd = (fd = getenv("FOLIO_TEST_SYNC_FD")) ? atoi(fd) : -1;
	if (sync_fd == 0)
		sync_fd = -1;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	xmalloc_set_die_hook(die_hook);
	screen_init(o->cfg);
	getmaxyx(stdscr, app.scr.rows, app.scr.cols);
	list_init(&app);
	app.focus = PANE_LIST;
	if (start_entry >= 0) {
		app.focus = PANE_BODY;
		ui_layout(&app);
		nav_open_entry(&app, start_entry, 0);
	}
	ui_layout(&app);
	/* A document named on the command line needs no memory for its
	 * first frame: the state is opened right after it. */
	if (start_entry < 0) {
		persist_open(&app);
		persist_restore(&app, true);
		persisted = true;
	}
	if (app_layout_class(&app) == 2 && app.body.doc == NULL &&
	    list_selected(&app) >= 0) {
		body_open(&app, list_selected(&app),
		    persist_pos(&app, list_selected(&app)));
		app.body.preview = true;
	}
	ui_layout(&app);
	loop(&app, persisted, sync_fd);
	screen_done();
	xmalloc_set_die_hook(NULL);
	teardown(&app);
	return got_signal ? 128 + got_signal : 0;
}
