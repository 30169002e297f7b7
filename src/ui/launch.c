/* SPDX-License-Identifier: ISC */
/*
 * The world outside: URLs of the current item, the opener and player,
 * OSC 52 copy, the $EDITOR round trip and reloading from disk.
 */
#include "ui.h"

#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "folio/config.h"
#include "folio/corpus.h"
#include "folio/markdown.h"
#include "folio/opener.h"
#include "folio/timestamp.h"
#include "folio/xmalloc.h"

/* The configured opener's command template, or NULL. */
static const char *
opener(const struct app *app)
{
	return app->cfg != NULL ? app->cfg->opener : NULL;
}

bool
launch_item_url(const struct item *it, char *url, size_t cap)
{
	if (it->video[0] && (it->type == ITEM_TS || it->type == ITEM_VIDEO))
		return ts_url(url, cap, it->video, it->type == ITEM_TS ?
		    it->seconds : -1) == 0;
	if (it->type == ITEM_WEB && it->target != NULL &&
	    opener_url_ok(it->target)) {
		snprintf(url, cap, "%s", it->target);
		return strlen(it->target) < cap;
	}
	return false;
}

/*
 * The URL of what the reader points at: the current item's link, else the
 * video at the reading position.  Fills "url" and *secs (-1 if none) and
 * returns true, or false when there is nothing to open.
 */
static bool
current_url(struct app *app, char *url, size_t cap, long *secs)
{
	struct bodyview	*b = &app->body;
	bool		 approx;

	*secs = -1;
	if (b->doc == NULL)
		return false;
	if (b->cur >= 0 && (size_t)b->cur < b->doc->body->nitems &&
	    launch_item_url(&b->doc->body->items[b->cur], url, cap)) {
		*secs = b->doc->body->items[b->cur].seconds;
		return true;
	}
	if (b->doc->video[0] == '\0')
		return false;
	*secs = doc_time_at(b->doc, body_offset(app), &approx);
	return ts_url(url, cap, b->doc->video, *secs) == 0;
}

/* Hand "url" to the opener ("play": the player), reporting in the
 * status line. */
void
launch_url(struct app *app, bool play, const char *url, long secs,
    const char *video)
{
	struct folio_err err;
	int		 rc;

	if (play && app->player == NULL) {
		app_message(app, true, "no player: set player in config.yaml");
		return;
	}
	if (play) {
		char **argv;

		if (!opener_url_ok(url)) {
			app_message(app, true, "refused: not a safe http(s) URL");
			return;
		}
		argv = opener_argv(app->player, url, secs, video, &err);
		rc = argv == NULL ? -1 : opener_spawn(argv, &err);
		opener_free_argv(argv);
	} else
		rc = opener_open(opener(app), url, secs, video, &err);
	if (rc == -1)
		app_message(app, true, "%s", err_text(&err));
	else
		app_message(app, false, "%s %s", play ? "playing" : "opened",
		    url);
}

void
launch_open_attachment(struct app *app, uint32_t att)
{
	struct folio_err err;
	char		*path, *abs;
	const char	*name;

	if (app->c == NULL || att >= app->c->natts) {
		app_message(app, true, "that file is no longer in the library");
		return;
	}
	path = corpus_attachment_path(app->c, att);
	if ((abs = realpath(path, NULL)) == NULL) {
		app_message(app, true, "%s: %s", app->c->atts[att].path,
		    strerror(errno));
		free(path);
		return;
	}
	name = strrchr(abs, '/') + 1;
	if (opener_open_file(opener(app), abs, &err) == -1)
		app_message(app, true, "%s", err_text(&err));
	else
		app_message(app, false, "opened %s", name);
	free(abs);
	free(path);
}

void
launch_open_url(struct app *app, bool play)
{
	struct bodyview	*b = &app->body;
	char		 url[4096];
	long		 secs;

	/* o on an attachment opens the file. */
	if (!play && b->doc != NULL && b->cur >= 0 && (size_t)b->cur <
	    b->doc->body->nitems && b->doc->body->items[b->cur].att > 0) {
		launch_open_attachment(app,
		    b->doc->body->items[b->cur].att - 1);
		return;
	}

	if (!current_url(app, url, sizeof(url), &secs)) {
		app_message(app, true, "nothing to open here");
		return;
	}
	launch_url(app, play, url, secs, app->body.doc->video);
}

/* Put the current URL on the clipboard with OSC 52, outside curses. */
void
launch_copy_url(struct app *app)
{
	struct buf	 seq = { 0 };
	char		 url[4096];
	long		 secs;

	if (!current_url(app, url, sizeof(url), &secs)) {
		app_message(app, true, "nothing to copy here");
		return;
	}
	if (opener_osc52(&seq, url) == -1) {
		app_message(app, true, "refused: not a safe http(s) URL");
		buf_free(&seq);
		return;
	}
	/* The sequence is built from a checked URL: no control bytes. */
	fflush(stdout);
	if (write(STDOUT_FILENO, seq.p, seq.len) != (ssize_t)seq.len)
		app_message(app, true, "could not write to the terminal");
	else
		app_message(app, false, "copied %s", url);
	buf_free(&seq);
}

/* Reopen the document from disk, keeping the reading position. */
void
launch_reload_doc(struct app *app)
{
	uint32_t off = body_offset(app);
	int	 ent = app->body.entry;
	int32_t	 cur = app->body.cur;

	if (ent < 0)
		return;
	body_close(app);
	body_open(app, ent, off);
	if (app->body.doc != NULL && cur >= 0 &&
	    (size_t)cur < app->body.doc->body->nitems)
		app->body.cur = cur;
}

/* The offset of the line being read: the current item's when it is at
 * or below the top of the pane, else the top line's. */
static uint32_t
reading_off(struct app *app)
{
	const struct doc *d = app->body.doc;
	uint32_t	 top = body_offset(app);

	if (app->body.cur >= 0 && (size_t)app->body.cur < d->body->nitems &&
	    d->body->items[app->body.cur].off >= top)
		return d->body->items[app->body.cur].off;
	return top;
}

/*
 * Edit the document: the screen is suspended, $VISUAL or $EDITOR (split
 * into words, never a shell) runs at the current line, and the document is
 * read again afterwards.
 */
void
launch_edit(struct app *app)
{
	struct folio_err err;
	const char	*cmd = getenv("VISUAL");
	char		**words, **argv, lineopt[32];
	size_t		 n;
	pid_t		 pid;
	int		 status = 0;

	if (app->body.doc == NULL) {
		app_message(app, true, "no document open");
		return;
	}
	if (cmd == NULL || cmd[0] == '\0')
		cmd = getenv("EDITOR");
	if (cmd == NULL || cmd[0] == '\0')
		cmd = "vi";
	if ((words = opener_argv(cmd, NULL, -1, NULL, &err)) == NULL) {
		app_message(app, true, "editor: %s", err_text(&err));
		return;
	}
	for (n = 0; words[n] != NULL; n++)
		;
	argv = xcalloc(n + 3, sizeof(*argv));
	memcpy(argv, words, n * sizeof(*argv));
	snprintf(lineopt, sizeof(lineopt), "+%u", doc_line(app->body.doc,
	    reading_off(app)));
	argv[n] = lineopt;
	argv[n + 1] = (char *)app->c->e[app->body.entry].abspath;
	persist_save_pos(app);
	def_prog_mode();
	endwin();
	if ((pid = fork()) == 0) {
		execvp(argv[0], argv);
		_exit(127);
	}
	while (pid > 0 && waitpid(pid, &status, 0) == -1 && errno == EINTR)
		;
	reset_prog_mode();
	clearok(stdscr, TRUE);
	free(argv);
	opener_free_argv(words);
	if (pid < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		app_message(app, true, "editor %s failed%s", cmd,
		    pid > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 127 ?
		    ": not found" : "");
		launch_reload_doc(app);
		return;
	}
	launch_reload_doc(app);
	app_message(app, false, "edited and reloaded");
}

/* Live reload: read the open document again when its file changed; a
 * deleted file stays readable from memory. */
void
launch_watch_file(struct app *app)
{
	struct stat	 st;
	const char	*path;

	if (app->body.doc == NULL || app->body.entry < 0)
		return;
	path = app->c->e[app->body.entry].abspath;
	if (stat(path, &st) == -1) {
		if (!app->body.gone)
			app_message(app, true, "%s was deleted; showing the "
			    "copy in memory", app->c->e[app->body.entry].path);
		app->body.gone = true;
		return;
	}
	if ((long long)st.st_size == app->body.size &&
	    (long long)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec ==
	    app->body.mtime)
		return;
	launch_reload_doc(app);
	app_message(app, false, "%s changed on disk: reloaded",
	    app->c->e[app->body.entry].path);
}
