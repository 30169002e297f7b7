/* SPDX-License-Identifier: ISC */
#include "ui.h"

#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <libgen.h>
#include <limits.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "folio/cli.h"
#include "folio/config.h"
#include "folio/corpus.h"
#include "folio/doc.h"
#include "folio/markdown.h"
#include "folio/opener.h"
#include "folio/query.h"
#include "folio/reader.h"
#include "folio/role.h"
#include "folio/timestamp.h"
#include "folio/utf8.h"
#include "folio/watch.h"
#include "folio/xmalloc.h"

#define WIDE		140
#define MEDIUM		80
/* At start, how long to wait for a library scan before drawing the first
 * frame from the cache alone (file names for what it lacks). */
#define SCAN_WAIT_MS	100
#define SCAN_WAIT_BYTES	(4u << 20)	/* only for so little to read */

static volatile sig_atomic_t	 got_signal;

static void
on_signal(int sig)
{
	got_signal = sig;
}

void
app_message(struct app *app, bool err, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(app->msg, sizeof(app->msg), fmt, ap);
	va_end(ap);
	app->msg_err = err;
}

int
reader_list_actions(void)
{
	int	 a;

	for (a = 1; a < ACT__MAX; a++)
		printf("%s\n", action_name((enum action)a));
	return 0;
}

/* ---- layout of the screen ------------------------------------------------- */

/* The layout class: 2 wide, 1 medium, 0 narrow; the configuration can
 * force one. */
int
app_layout_class(const struct app *app)
{
	switch (app->layout) {
	case 'w':
		return 2;
	case 'm':
		return 1;
	case 'n':
		return 0;
	default:
		return app->cols >= WIDE ? 2 : app->cols >= MEDIUM ? 1 : 0;
	}
}

static void
compute_layout(struct app *app)
{
	int	 rows = app->rows, cols = app->cols, h, lw, mw;
	int	 p;

	memset(app->r, 0, sizeof(app->r));
	memset(app->visible, 0, sizeof(app->visible));
	h = rows - 2;			/* status line and hint bar */
	if (rows < 3)
		h = rows - 1;
	if (h < 1)
		return;
	if (app_layout_class(app) == 2) {
		lw = cols * 28 / 100;
		if (lw > 56)
			lw = 56;
		mw = app->meta_off ? 0 : cols * 26 / 100;
		if (mw > 52)
			mw = 52;
		app->r[PANE_LIST] = (struct rect){ 0, 0, h, lw };
		app->r[PANE_BODY] = (struct rect){ 0, lw + 1, h,
		    cols - lw - mw - (mw ? 2 : 1) };
		app->r[PANE_META] = (struct rect){ 0, cols - mw, h, mw };
		app->visible[PANE_LIST] = app->visible[PANE_BODY] = true;
		app->visible[PANE_META] = !app->meta_off;
	} else if (app_layout_class(app) == 1) {
		/* Medium: the metadata takes the list's place, so that the
		 * body keeps its width. */
		lw = cols * 30 / 100;
		p = app->focus == PANE_META || (app->show_meta &&
		    app->focus != PANE_LIST) ? PANE_META : PANE_LIST;
		app->r[p] = (struct rect){ 0, 0, h, lw };
		app->visible[p] = true;
		app->r[PANE_BODY] = (struct rect){ 0, lw + 1, h,
		    cols - lw - 1 };
		app->visible[PANE_BODY] = true;
	} else {
		/* Narrow: the focused pane only. */
		p = app->focus;
		app->r[p] = (struct rect){ 0, 0, h, cols };
		app->visible[p] = true;
	}
	/* Each pane has a title row above it when there is room. */
	app->titled = h >= 4;
	for (p = 0; p < PANE__MAX; p++) {
		if (app->titled && app->visible[p]) {
			app->r[p].y++;
			app->r[p].h--;
		}
		if (app->r[p].w < 1 || app->r[p].h < 1) {
			app->r[p].w = app->r[p].h = 0;
			app->visible[p] = false;
		}
	}
	if (app->visible[PANE_BODY])
		body_relayout(app, app->r[PANE_BODY].w);
	else if (app->body.width == 0)
		body_relayout(app, cols > 0 ? cols : 1);
}

/* ---- drawing ------------------------------------------------------------- */

/* The help: one row per action with its keys in every pane, over the
 * whole screen. */
static void
draw_help(struct app *app)
{
	char		 keys[128], line[512];
	int		 y, h = app->rows - 1, p;
	long		 a;

	erase();
	if (h < 1)
		h = 1;
	rows_set_n(&app->help_rows, ACT__MAX - 1, h);
	for (y = 0; y < h && (a = rows_at(&app->help_rows, y)) >= 0; y++) {
		a++;		/* row 0 is the first action */
		keys[0] = '\0';
		for (p = KM_GENERIC + 1; p < KM__MAX; p++) {
			char k[64];

			keymap_keys((enum keymap_pane)p, (enum action)a, k,
			    sizeof(k));
			if (k[0] && strstr(keys, k) == NULL)
				snprintf(keys + strlen(keys), sizeof(keys) -
				    strlen(keys), "%s%s", keys[0] ? ", " : "",
				    k);
		}
		snprintf(line, sizeof(line), "%-22.22s %-18s %s", keys,
		    action_name((enum action)a), action_help((enum action)a));
		if ((size_t)a - 1 == app->help_rows.sel)
			screen_fill(y, 0, app->cols, A_REVERSE);
		screen_puts(y, 1, app->cols - 1, line,
		    (size_t)a - 1 == app->help_rows.sel ? A_REVERSE : 0);
	}
	screen_fill(app->rows - 1, 0, app->cols, A_REVERSE);
	screen_puts(app->rows - 1, 0, app->cols, " folio help: j/k move, "
	    "g/G top/bottom, q or Esc closes", A_REVERSE | A_BOLD);
}

static void
draw(struct app *app)
{
	int	 p, y;

	erase();
	if (app->help) {
		draw_help(app);
		return;
	}
	if (app->pick.on) {
		picker_draw(app, app->rows - 2 > 0 ? app->rows - 2 :
		    app->rows);
		statusbar_draw(app);
		statusbar_hints(app);
		return;
	}
	if (app->visible[PANE_LIST])
		list_draw(app, &app->r[PANE_LIST]);
	if (app->visible[PANE_BODY])
		body_draw(app, &app->r[PANE_BODY]);
	if (app->visible[PANE_META])
		meta_draw(app, &app->r[PANE_META]);
	/* Separators between visible panes, title rows included. */
	for (p = 1; p < PANE__MAX; p++) {
		const struct rect *r = &app->r[p];

		if (!app->visible[p] || r->x == 0)
			continue;
		for (y = app->titled ? -1 : 0; y < r->h; y++)
			screen_put(r->y + y, r->x - 1, 1, "│", strlen("│"),
			    screen_attr(ROLE_RULE));
	}
	statusbar_titles(app);
	if (app->prompt == PROMPT_HINT) {
		size_t i, n = app->input.len;

		for (i = 0; i < app->nhints; i++)
			if (strncmp(app->hints[i].label, buf_cstr(&app->input),
			    n) == 0)
				screen_puts(app->hints[i].y, app->hints[i].x,
				    3, app->hints[i].label, A_REVERSE | A_BOLD |
				    screen_attr(ROLE_SEARCH_HIT));
	}
	statusbar_draw(app);
	statusbar_hints(app);
}

static void	 describe_item(struct app *);

/* ---- history ---------------------------------------------------------------- */

void
app_push_jump(struct app *app)
{
	if (app->body.entry < 0)
		return;
	app->back = xreallocarray(app->back, app->nback + 1,
	    sizeof(*app->back));
	app->back[app->nback].entry = app->body.entry;
	app->back[app->nback].off = body_offset(app);
	app->back[app->nback].cur = app->body.cur;
	app->nback++;
	app->nfwd = 0;
}

static void
go_jump(struct app *app, struct jump *from, size_t *nfrom, struct jump **to,
    size_t *nto)
{
	struct jump	 j;

	if (*nfrom == 0) {
		app_message(app, false, "no further jumps");
		return;
	}
	j = from[--*nfrom];
	if (app->body.entry >= 0) {
		*to = xreallocarray(*to, *nto + 1, sizeof(**to));
		(*to)[*nto].entry = app->body.entry;
		(*to)[*nto].off = body_offset(app);
		(*to)[*nto].cur = app->body.cur;
		(*nto)++;
	}
	if (j.entry != app->body.entry)
		body_open(app, j.entry, j.off);
	else
		body_goto_off(app, j.off);
	/* The item that was current comes back too. */
	if (app->body.doc != NULL && j.cur >= 0 &&
	    (size_t)j.cur < app->body.doc->body->nitems) {
		app->body.cur = j.cur;
		describe_item(app);
	} else
		app->body.cur = -1;
	list_select_entry(app, j.entry);
	app->preview = false;
}

/* ---- acting on things ------------------------------------------------------- */

void
app_open_entry(struct app *app, int entry, uint32_t off)
{
	if (entry < 0)
		return;
	/* A previewed document was left by a jump already. */
	if (app->body.entry >= 0 && app->body.entry != entry && !app->preview)
		app_push_jump(app);
	app->preview = false;
	if (entry != app->body.entry)
		body_open(app, entry, off);
	else if (off > 0)
		body_goto_off(app, off);
	list_select_entry(app, entry);
	app->focus = PANE_BODY;
}

/* The offset of a heading ("Note#Heading") or block id ("#^id"). */
static uint32_t
anchor_offset(const struct doc *d, const char *frag)
{
	struct buf	 want = { 0 }, have = { 0 };
	size_t		 i;
	uint32_t	 r = 0;
	const char	*p;

	if (frag == NULL || d == NULL)
		return 0;
	if (frag[0] == '^') {
		/* " ^id" at the end of a line. */
		char *needle = xasprintf(" %s", frag);

		p = memmem(d->src->p, d->len, needle, strlen(needle));
		free(needle);
		return p ? (uint32_t)doc_line_off(d, doc_line(d,
		    (size_t)(p - d->src->p))) : 0;
	}
	utf8_fold(&want, frag, strlen(frag), NULL);
	for (i = 0; i < d->body->nblocks; i++) {
		const struct block *b = &d->body->blocks[i];
		uint32_t k;

		if (b->type != BLK_HEADING)
			continue;
		buf_reset(&have);
		for (k = 0; k < b->nruns; k++)
			utf8_fold(&have, b->runs[k].text, b->runs[k].len, NULL);
		if (strcmp(buf_cstr(&have), buf_cstr(&want)) == 0) {
			r = b->off;
			break;
		}
	}
	buf_free(&want);
	buf_free(&have);
	return r;
}

static bool
item_url(const struct item *it, char *url, size_t cap)
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

static void reload_library(struct app *, const char *open_path);

/* Filter the list by query "q" and focus it, the first match selected. */
static void
set_filter(struct app *app, const char *q)
{
	buf_reset(&app->list.filter);
	buf_adds(&app->list.filter, q);
	list_refilter(app, false);
	app->list.rows.sel = 0;
	app->focus = PANE_LIST;
}

/*
 * Create the note a missing wikilink names, in the first library root,
 * with a title heading, then open it.  An existing file is never
 * overwritten (O_EXCL); names that are not plain file names are refused.
 */
static void
create_note(struct app *app, const char *target)
{
	char		 name[512], *path;
	const char	*hash = strchr(target, '#'), *p;
	size_t		 n = hash ? (size_t)(hash - target) : strlen(target);
	int		 fd;
	FILE		*fp;

	app->create_item = -1;
	for (p = target; p < target + n; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f || *p == '/' ||
		    *p == '\\')
			break;
	if (n == 0 || p < target + n || target[0] == '.' || n > 200) {
		app_message(app, true, "cannot create a note named \"%.*s\"",
		    (int)(n > 200 ? 200 : n), target);
		return;
	}
	snprintf(name, sizeof(name), "%.*s.md", (int)n, target);
	path = xasprintf("%s/%s", app->c->roots[0], name);
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644)) == -1 ||
	    (fp = fdopen(fd, "w")) == NULL) {
		app_message(app, true, "%s: %s", name, strerror(errno));
		if (fd != -1)
			close(fd);
		free(path);
		return;
	}
	fprintf(fp, "# %.*s\n\n", (int)n, target);
	if (fclose(fp) != 0) {
		app_message(app, true, "%s: %s", name, strerror(errno));
		free(path);
		return;
	}
	app_push_jump(app);
	reload_library(app, name);
	app_message(app, false, "created %s", name);
	free(path);
}

static void
follow(struct app *app)
{
	struct bodyview	*b = &app->body;
	const struct item *it;
	char		 url[4096];

	if (b->doc == NULL || b->cur < 0 || (size_t)b->cur >=
	    b->doc->body->nitems) {
		app_message(app, false, "no current item: use ] t e to pick one");
		return;
	}
	it = &b->doc->body->items[b->cur];
	if (it->type == ITEM_WIKI || it->type == ITEM_FILE) {
		const char *frag;
		int to = it->ref;
		char *fragcopy = NULL;

		if (to < 0 && it->type == ITEM_WIKI && it->target != NULL &&
		    app->create_item == b->cur && app->create_entry ==
		    b->entry) {
			create_note(app, it->target);
			return;
		}
		if (to < 0) {
			app_message(app, true, it->type == ITEM_WIKI ?
			    "no note named \"%s\"; Enter again creates it" :
			    "%s is not in the library", it->target ?
			    it->target : "");
			if (it->type == ITEM_WIKI) {
				app->create_item = b->cur;
				app->create_entry = b->entry;
			}
			return;
		}
		frag = it->target ? strrchr(it->target, '#') : NULL;
		if (frag != NULL)
			fragcopy = xstrdup(frag + 1);
		app_open_entry(app, to, 0);
		if (fragcopy != NULL) {
			uint32_t off = anchor_offset(app->body.doc, fragcopy);

			if (off > 0)
				body_goto_off(app, off);
			free(fragcopy);
		}
		return;
	}
	if (it->type == ITEM_ENTITY) {
		char q[512];

		snprintf(q, sizeof(q), "entity:\"%s\"", it->text ? it->text :
		    "");
		set_filter(app, q);
		app_message(app, false, "%zu document%s with %s",
		    app->list.rows.n, app_plural(app->list.rows.n),
		    it->text ? it->text : "");
		return;
	}
	if (item_url(it, url, sizeof(url)))
		app_message(app, false, "%s  (o opens it)", url);
	else
		app_message(app, false, "%s", it->target ? it->target : "");
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
	    item_url(&b->doc->body->items[b->cur], url, cap)) {
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
static void
launch(struct app *app, bool play, const char *url, long secs,
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
		rc = opener_open(app->opener, url, secs, video, &err);
	if (rc == -1)
		app_message(app, true, "%s", err_text(&err));
	else
		app_message(app, false, "%s %s", play ? "playing" : "opened",
		    url);
}

static void
open_url(struct app *app, bool play)
{
	char		 url[4096];
	long		 secs;

	if (!current_url(app, url, sizeof(url), &secs)) {
		app_message(app, true, "nothing to open here");
		return;
	}
	launch(app, play, url, secs, app->body.doc->video);
}

/* Put the current URL on the clipboard with OSC 52, outside curses. */
static void
copy_url(struct app *app)
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

static void
describe_item(struct app *app)
{
	const struct doc *d = app->body.doc;
	const struct item *it;

	if (d == NULL || app->body.cur < 0)
		return;
	it = &d->body->items[app->body.cur];
	switch (it->type) {
	case ITEM_TS:
		/* Its time is the status line's time already. */
		break;
	case ITEM_WIKI:
		app_message(app, it->ref < 0, "[[%s]]%s", it->target ?
		    it->target : "", it->ref < 0 ? " (missing)" : "");
		break;
	case ITEM_ENTITY:
		app_message(app, false, "%s (%s)", it->text ? it->text : "",
		    it->ref >= 0 ? app->c->ents[it->ref].category : "");
		break;
	default:
		app_message(app, false, "%s", it->target ? it->target : "");
		break;
	}
}

/* Index of the item of "type" at offset "off", or -1. */
static int32_t
item_at(const struct doc *d, uint32_t off, int type)
{
	size_t	 i;

	for (i = 0; d != NULL && i < d->body->nitems; i++)
		if (d->body->items[i].off == off &&
		    d->body->items[i].type == type)
			return (int32_t)i;
	return -1;
}

/* Go to video time "secs" in the open document: its timestamp at or
 * before, else the estimated position.  Returns false without a
 * timeline. */
bool
app_goto_time(struct app *app, long secs, bool push)
{
	const struct doc *d = app->body.doc;
	bool		 approx;
	long		 off;

	if (d == NULL || (off = doc_off_at_time(d, secs, &approx)) < 0)
		return false;
	if (push)
		app_push_jump(app);
	body_goto_off(app, (uint32_t)off);
	app->body.cur = approx ? -1 : item_at(d, (uint32_t)off, ITEM_TS);
	if (app->body.cur >= 0)
		describe_item(app);
	return true;
}

/* Enter in the metadata pane: filter by the value, or open the document
 * (a backlink at its line). */
static void
meta_enter(struct app *app)
{
	const struct mline *l = meta_selected(app);
	char		*q;
	int		 ent;
	unsigned	 line;

	if (l == NULL || (l->query == NULL && l->entry < 0)) {
		app_message(app, false, "nothing to do on this line");
		return;
	}
	if (l->query != NULL) {
		q = xstrdup(l->query);
		set_filter(app, q);
		app_message(app, false, "%zu document%s: %s",
		    app->list.rows.n, app_plural(app->list.rows.n), q);
		free(q);
		return;
	}
	ent = l->entry;
	line = l->line;
	app_open_entry(app, ent, 0);
	if (line > 0 && app->body.doc != NULL)
		body_goto_off(app, (uint32_t)doc_line_off(app->body.doc, line));
}

/* Rewrite jumps from entries of "from" to those of "to", dropping the
 * ones whose document is gone. */
static void
remap_jumps(const struct corpus *from, const struct corpus *to,
    struct jump *v, size_t *n)
{
	size_t	 i, k = 0;
	int	 e;

	for (i = 0; i < *n; i++) {
		if (v[i].entry < 0 || (size_t)v[i].entry >= from->n ||
		    (e = corpus_find(to, from->e[v[i].entry].path)) < 0)
			continue;
		v[k] = v[i];
		v[k++].entry = e;
	}
	*n = k;
}

const char *
app_plural(size_t n)
{
	return n == 1 ? "" : "s";
}

void
app_swap_corpus(struct app *app, struct corpus *c, const char *open_path)
{
	int		 ent = app->body.entry, sel = list_selected(app), e;
	uint32_t	 off = ent >= 0 && open_path == NULL ? body_offset(app) : 0;
	int32_t		 cur = open_path == NULL ? app->body.cur : -1;
	size_t		 msel = app->meta.rows.sel;
	char		*path = open_path != NULL ? xstrdup(open_path) :
	    ent >= 0 ? xstrdup(app->c->e[ent].path) : NULL;
	char		*selpath = sel >= 0 ? xstrdup(app->c->e[sel].path) :
	    NULL;
	bool		 keep;

	/* The index thread reads the library: let it end. */
	fts_stop(app, false);
	picker_close(app);
	/* The open document stays as it is when nothing it was drawn
	 * from changed (its file, the names links resolve to, the entity
	 * dictionary); otherwise it is opened again. */
	body_finish(app);
	keep = open_path == NULL && app->body.doc != NULL && path != NULL &&
	    (e = corpus_find_path(c, path)) >= 0 &&
	    c->e[e].size == app->doc_size && c->e[e].mtime == app->doc_mtime &&
	    corpus_fingerprint(c) == corpus_fingerprint(app->c);
	if (keep)
		app->body.entry = e;
	else
		body_close(app);
	/* The jump history follows documents by path. */
	remap_jumps(app->c, c, app->back, &app->nback);
	remap_jumps(app->c, c, app->fwd, &app->nfwd);
	corpus_free(app->c);
	app->c = c;
	watch_free(app->watch);
	app->watch = watch_new(c);
	/* The list's entries were the old library's: filter afresh. */
	free(app->list.shown);
	app->list.shown = NULL;
	app->list.rows.n = 0;
	app->list.rows.sel = 0;
	list_init(app);
	if (selpath != NULL && (e = corpus_find_path(c, selpath)) >= 0)
		list_select_entry(app, e);
	if (keep) {
		meta_build(app);
		if (msel < app->meta.rows.n)
			app->meta.rows.sel = msel;
	} else if (path != NULL && (ent = corpus_find_path(c, path)) >= 0) {
		body_open(app, ent, off);
		if (open_path != NULL)
			list_select_entry(app, ent);
		if (app->body.doc != NULL && cur >= 0 &&
		    (size_t)cur < app->body.doc->body->nitems)
			app->body.cur = cur;
		if (msel < app->meta.rows.n)
			app->meta.rows.sel = msel;
	}
	free(path);
	free(selpath);
}

/*
 * Scan the library again now, keeping the open document and its position
 * (or opening "open_path", relative to the first root, at its top).
 */
static void
reload_library(struct app *app, const char *open_path)
{
	scan_stop(app);
	app_swap_corpus(app, scan_corpus(app), open_path);
	app_message(app, false, "%zu document%s", app->c->n,
	    app_plural(app->c->n));
}

/* ---- chapters, same video, hints ------------------------------------------ */

/* Open the chapters picker: headings and timestamps, the nearest
 * preselected. */
static void
chapters(struct app *app)
{
	struct chapter	*v;
	struct pick	*k;
	const struct doc *d = app->body.doc;
	size_t		 n, i;
	int		 level = 0;
	char		 t[32], title[300];

	if (d == NULL) {
		app_message(app, true, "no document open");
		return;
	}
	if ((n = doc_chapters(d, &v)) == 0) {
		app_message(app, false, "no headings or timestamps here");
		doc_chapters_free(v, n);
		return;
	}
	snprintf(title, sizeof(title), "Chapters: %s", d->title);
	picker_open(app, title);
	for (i = 0; i < n; i++) {
		k = picker_add(app, v[i].text, app->body.entry, v[i].off,
		    v[i].seconds);
		if (v[i].level > 0) {
			level = v[i].level;
			k->role = level == 1 ? ROLE_H1 : level == 2 ? ROLE_H2 :
			    ROLE_H3;
			k->indent = level - 1;
		} else {
			ts_format(t, sizeof(t), v[i].seconds);
			k->right = xstrdup(t);
			k->indent = level;
		}
	}
	app->pick.rows.sel = doc_chapter_near(v, n, body_offset(app));
	doc_chapters_free(v, n);
}

/* Act on the picker's selected row: go there, or filter by it. */
static void
pick_enter(struct app *app, bool open, bool play)
{
	struct pick	 k, *sel;
	char		 url[128], search[128];

	if (!app->pick.on || app->pick.rows.n == 0) {
		picker_close(app);
		return;
	}
	sel = &app->pick.v[app->pick.rows.sel];
	k = *sel;
	if (open) {
		/* o and p: the moment of the row, the picker stays. */
		if (k.entry < 0 || k.seconds < 0 || app->c->e[k.entry].video[0]
		    == '\0' || ts_url(url, sizeof(url),
		    app->c->e[k.entry].video, k.seconds) != 0) {
			app_message(app, true, "no video moment here");
			return;
		}
		launch(app, play, url, k.seconds, app->c->e[k.entry].video);
		return;
	}
	k.query = k.query ? xstrdup(k.query) : NULL;
	snprintf(search, sizeof(search), "%s", app->pick.search);
	picker_close(app);
	if (k.query != NULL) {
		set_filter(app, k.query);
		free(k.query);
		return;
	}
	if (k.entry < 0)
		return;
	if (k.entry == app->body.entry)
		app_push_jump(app);
	app_open_entry(app, k.entry, 0);
	if (k.off == UINT32_MAX) {
		/* Same video: the same moment here. */
		if (!app_goto_time(app, k.seconds, false))
			app_message(app, true, "no timeline in this document");
		return;
	}
	body_goto_off(app, k.off);
	app->body.cur = k.seconds >= 0 ? item_at(app->body.doc, k.off,
	    ITEM_TS) : -1;
	if (app->body.cur >= 0)
		describe_item(app);
	/* A full-text hit: its word is the body's search, for n and N. */
	if (search[0] != '\0')
		body_set_search(app, search);
}

/* Go to the reader's moment in another document of the same video. */
static void
same_video(struct app *app)
{
	const struct doc *d = app->body.doc;
	struct pick	*k;
	size_t		 i, n = 0;
	long		 secs;
	int		 only = -1;
	char		 t[32], title[300];

	if (d == NULL || d->video[0] == '\0') {
		app_message(app, true, "this document has no video");
		return;
	}
	secs = body_time(app);
	if (secs < 0)
		secs = 0;
	for (i = 0; i < app->c->n; i++)
		if ((int)i != app->body.entry &&
		    strcmp(app->c->e[i].video, d->video) == 0) {
			n++;
			only = (int)i;
		}
	if (n == 0) {
		app_message(app, false, "no other document of this video");
		return;
	}
	if (n == 1) {
		app_open_entry(app, only, 0);
		if (!app_goto_time(app, secs, false))
			app_message(app, true, "no timeline in this document");
		return;
	}
	ts_format(t, sizeof(t), secs);
	snprintf(title, sizeof(title), "Video %s at %s in:", d->video, t);
	picker_open(app, title);
	for (i = 0; i < app->c->n; i++)
		if ((int)i != app->body.entry &&
		    strcmp(app->c->e[i].video, d->video) == 0) {
			k = picker_add(app, app->c->e[i].title, (int)i,
			    UINT32_MAX, secs);
			k->right = xstrdup(doc_kind_name(app->c->e[i].kind));
		}
}

#define HINT_KEYS	"asdfghjklqwertyuiopzxcvbnm"
#define HINT_MAX	(26 * 26)

/* Label the visible links and timestamps and wait for a label. */
static void
hints(struct app *app)
{
	size_t	 i, nk = strlen(HINT_KEYS);

	if (!app->visible[PANE_BODY] || app->body.doc == NULL) {
		app_message(app, true, "hints need the body on screen");
		return;
	}
	app->hints = xreallocarray(app->hints, HINT_MAX, sizeof(*app->hints));
	app->nhints = body_hints(app, &app->r[PANE_BODY], app->hints,
	    HINT_MAX);
	if (app->nhints == 0) {
		app_message(app, false, "no links or timestamps on screen");
		return;
	}
	for (i = 0; i < app->nhints; i++) {
		if (app->nhints <= nk) {
			app->hints[i].label[0] = HINT_KEYS[i];
			app->hints[i].label[1] = '\0';
		} else {
			app->hints[i].label[0] = HINT_KEYS[i / nk];
			app->hints[i].label[1] = HINT_KEYS[i % nk];
			app->hints[i].label[2] = '\0';
		}
	}
	app->prompt = PROMPT_HINT;
	buf_reset(&app->input);
}

/* A label character was typed: act on the item when it is complete. */
static void
hint_typed(struct app *app)
{
	const char	*in = buf_cstr(&app->input);
	size_t		 i, n = strlen(in), match = 0;
	int32_t		 item = -1;

	for (i = 0; i < app->nhints; i++)
		if (strncmp(app->hints[i].label, in, n) == 0) {
			match++;
			if (strcmp(app->hints[i].label, in) == 0)
				item = app->hints[i].item;
		}
	if (match == 0) {
		app->prompt = PROMPT_NONE;
		app_message(app, true, "no hint %s", in);
		return;
	}
	if (item < 0)
		return;
	app->prompt = PROMPT_NONE;
	app->body.cur = item;
	/* Timestamps and web links open; notes and files are followed. */
	switch (app->body.doc->body->items[item].type) {
	case ITEM_TS:
	case ITEM_WEB:
	case ITEM_VIDEO:
		open_url(app, false);
		break;
	default:
		follow(app);
		break;
	}
}

/* A key while link hints are shown: a label character, or leaving. */
static void
hint_key(struct app *app, int ch, bool fkey)
{
	char	 enc[4];

	if (fkey || ch < 32 || ch == 127) {
		if (!fkey && (ch == 127 || ch == 8) && app->input.len > 0) {
			app->input.p[--app->input.len] = '\0';
			return;
		}
		app->prompt = PROMPT_NONE;
		return;
	}
	if (app->input.len < 8) {
		buf_add(&app->input, enc, utf8_encode(ch, enc));
		hint_typed(app);
	}
}

static enum pane
next_pane(struct app *app, int dir)
{
	int	 p = app->focus, i;

	for (i = 0; i < PANE__MAX; i++) {
		p = (p + dir + PANE__MAX) % PANE__MAX;
		/* Medium screens reach the metadata with Tab too. */
		if (app_layout_class(app) < 2 || app->visible[p])
			return (enum pane)p;
	}
	return app->focus;
}

/* Open the document after the open one in the list (at its saved
 * place), as a jump. */
static void
open_next(struct app *app)
{
	struct listview	*l = &app->list;
	size_t		 i;

	for (i = 0; i < l->rows.n; i++)
		if ((int)l->shown[i] == app->body.entry)
			break;
	if (i + 1 >= l->rows.n) {
		app_message(app, false, "the end of the last document");
		return;
	}
	app_open_entry(app, (int)l->shown[i + 1],
	    persist_pos(app, (int)l->shown[i + 1]));
	app_message(app, false, "next: %s", app->c->e[l->shown[i + 1]].title);
}

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
		app->meta_off = !app->meta_off;
		shown = !app->meta_off;
		break;
	case 1:
		shown = !(app->visible[PANE_META]);
		app->show_meta = shown;
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
	compute_layout(app);
}

/* Reopen the document from disk, keeping the reading position. */
static void
reload_doc(struct app *app)
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
static void
edit(struct app *app)
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
		reload_doc(app);
		return;
	}
	reload_doc(app);
	app_message(app, false, "edited and reloaded");
}

/* Live reload: read the open document again when its file changed; a
 * deleted file stays readable from memory. */
static void
watch_file(struct app *app)
{
	struct stat	 st;
	const char	*path;

	if (app->body.doc == NULL || app->body.entry < 0)
		return;
	path = app->c->e[app->body.entry].abspath;
	if (stat(path, &st) == -1) {
		if (!app->doc_gone)
			app_message(app, true, "%s was deleted; showing the "
			    "copy in memory", app->c->e[app->body.entry].path);
		app->doc_gone = true;
		return;
	}
	if ((long long)st.st_size == app->doc_size &&
	    (long long)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec ==
	    app->doc_mtime)
		return;
	reload_doc(app);
	app_message(app, false, "%s changed on disk: reloaded",
	    app->c->e[app->body.entry].path);
}

static void
act(struct app *app, enum action a)
{
	struct listview	*l = &app->list;
	int		 h = app->r[app->focus].h > 0 ? app->r[app->focus].h :
	    app->rows;
	long		 step = 0;
	int		 e;

	app->msg[0] = '\0';
	if (a != ACT_ENTER)
		app->create_item = -1;
	/* The list and the metadata move their selection alike. */
	if (app->focus == PANE_LIST && rows_request(&l->rows, a, h)) {
		/* Wide screens preview the selected document; leaving one
		 * that was opened is a jump. */
		if (app->visible[PANE_BODY] && app_layout_class(app) == 2 &&
		    (e = list_selected(app)) >= 0 && e != app->body.entry) {
			if (!app->preview)
				app_push_jump(app);
			body_open(app, e, persist_pos(app, e));
			app->preview = true;
		}
		return;
	}
	if (app->focus == PANE_META && rows_request(&app->meta.rows, a, h))
		return;
	switch (a) {
	case ACT_MOVE_DOWN:
		step = 1;
		break;
	case ACT_MOVE_UP:
		step = -1;
		break;
	case ACT_PAGE_DOWN:
		/* At the end of a document, on to the next one in the list,
		 * as newsboat and mutt do. */
		if (app->focus == PANE_BODY && body_at_end(app)) {
			open_next(app);
			return;
		}
		step = rows_page(h);
		break;
	case ACT_PAGE_UP:
		step = -rows_page(h);
		break;
	case ACT_HALF_DOWN:
		step = rows_half(h);
		break;
	case ACT_HALF_UP:
		step = -rows_half(h);
		break;
	case ACT_TOP:
		body_top(app);
		return;
	case ACT_BOTTOM:
		body_bottom(app);
		return;
	case ACT_PANE_NEXT:
	case ACT_PANE_PREV:
		app->focus = next_pane(app, a == ACT_PANE_NEXT ? 1 : -1);
		/* Leaving the list with nothing open opens the selection. */
		if (app->focus != PANE_LIST && app->body.doc == NULL &&
		    (e = list_selected(app)) >= 0)
			body_open(app, e, persist_pos(app, e));
		compute_layout(app);
		return;
	case ACT_ENTER:
		if (app->focus == PANE_LIST)
			app_open_entry(app, list_selected(app),
			    list_selected(app) == app->body.entry ? 0 :
			    persist_pos(app, list_selected(app)));
		else if (app->focus == PANE_BODY)
			follow(app);
		else
			meta_enter(app);
		return;
	case ACT_SEARCH:
		prompt_start(app, app->focus == PANE_LIST ? PROMPT_FILTER :
		    PROMPT_SEARCH);
		return;
	case ACT_SEARCH_NEXT:
	case ACT_SEARCH_PREV:
		if (app->body.search.len == 0)
			app_message(app, false, "no search: press / first");
		else if (!body_search_next(app, a == ACT_SEARCH_NEXT ? 1 : -1,
		    false))
			app_message(app, true, "not found: %s",
			    buf_cstr(&app->body.search));
		return;
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
			describe_item(app);
		else
			app_message(app, false, "no %s %s",
			    dir > 0 ? "more" : "earlier", kind == ITEM_TS ?
			    "timestamps" : kind == ITEM_ENTITY ? "entities" :
			    "links");
		if (app_layout_class(app) == 0)
			app->focus = PANE_BODY;
		return;
	}
	case ACT_HEADING_NEXT:
	case ACT_HEADING_PREV:
		if (!body_heading_jump(app, a == ACT_HEADING_NEXT ? 1 : -1))
			app_message(app, false, "no more headings");
		return;
	case ACT_PLAY:
		open_url(app, true);
		return;
	case ACT_CHAPTERS:
		chapters(app);
		return;
	case ACT_SAME_VIDEO:
		same_video(app);
		return;
	case ACT_HINTS:
		hints(app);
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
		edit(app);
		return;
	case ACT_COPY_URL:
		copy_url(app);
		return;
	case ACT_OPEN_URL:
		open_url(app, false);
		return;
	case ACT_BACK:
		go_jump(app, app->back, &app->nback, &app->fwd, &app->nfwd);
		return;
	case ACT_FORWARD:
		go_jump(app, app->fwd, &app->nfwd, &app->back, &app->nback);
		return;
	case ACT_SORT:
		l->sort = (l->sort + 1) % CORPUS_SORT__MAX;
		list_init(app);
		app_message(app, false, "sorted by %s",
		    corpus_sort_name((enum corpus_sort)l->sort));
		return;
	case ACT_TOGGLE_META:
		toggle_meta(app);
		return;
	case ACT_RELOAD:
		if (app->body.entry >= 0) {
			uint32_t off = body_offset(app);
			int ent = app->body.entry;

			(void)ent;
			(void)off;
			reload_doc(app);
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
		app->help = true;
		memset(&app->help_rows, 0, sizeof(app->help_rows));
		return;
	case ACT_CANCEL:
	case ACT_QUIT:
		if (app->focus == PANE_LIST && app->list.filter.len > 0) {
			buf_reset(&app->list.filter);
			list_refilter(app, false);
		} else if (app->body.search.len > 0 &&
		    app->focus == PANE_BODY) {
			body_set_search(app, "");
		} else if (a == ACT_QUIT)
			app->quit = true;
		return;
	default:
		return;
	}
	body_scroll(app, step);
}

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
				else if (app_layout_class(app) == 2 &&
				    list_selected(app) != app->body.entry) {
					if (!app->preview)
						app_push_jump(app);
					body_open(app, list_selected(app), 0);
					app->preview = true;
				}
			}
		} else
			app->focus = (enum pane)p;
		return;
	}
}

static void
key(struct app *app, int ch, bool fkey)
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
		hint_key(app, ch, fkey);
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
			go_jump(app, app->back, &app->nback, &app->fwd,
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
			pick_enter(app, false, false);
		else if (a == ACT_OPEN_URL || a == ACT_PLAY)
			pick_enter(app, true, a == ACT_PLAY);
		else if (a == ACT_HELP || a == ACT_CHAPTERS)
			picker_close(app);
		return;
	}
	if (app->help) {
		enum action a = keymap_lookup(KM_GENERIC, name);

		if (a == ACT_QUIT || a == ACT_CANCEL || a == ACT_HELP)
			app->help = false;
		else
			rows_request(&app->help_rows, a, app->rows - 1);
		return;
	}
	act(app, keymap_lookup(pane_keymap(app->focus), name));
}

/* ---- start and loop --------------------------------------------------------- */

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
	app->opener = cfg->opener;
	app->player = cfg->player;
	if (cfg->layout != NULL && strcmp(cfg->layout, "auto") != 0)
		app->layout = cfg->layout[0];
	for (k = 0; cfg->sort != NULL && k < CORPUS_SORT__MAX; k++)
		if (strcmp(cfg->sort, corpus_sort_name((enum corpus_sort)k)) ==
		    0)
			app->list.sort = k;
	for (i = 0; i < cfg->nkeys; i++) {
		if ((p = keymap_pane_from_name(cfg->keys[i].pane)) >= 0)
			keymap_bind((enum keymap_pane)p, cfg->keys[i].key,
			    action_from_name(cfg->keys[i].action));
	}
}

static void
die_hook(void)
{
	screen_done();
}

static void
add_root(struct app *app, const char *dir)
{
	app->roots = xreallocarray(app->roots, (size_t)app->nroots + 1,
	    sizeof(*app->roots));
	app->roots[app->nroots++] = xstrdup(dir);
}

int
reader_main(const struct cli_opts *o)
{
	struct app	 app;
	struct folio_err err;
	struct sigaction sa;
	const char	*fd, *open_file = NULL;
	struct stat	 st;
	int		 i, ch, r, start_entry = -1;
	bool		 persisted = false, idle = true, input = false;
	wint_t		 wc;

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
	app.create_item = -1;
	app.saved_entry = -1;
	apply_config(&app, o->cfg);
	for (i = 0; i < o->nroots; i++)
		add_root(&app, o->roots[i]);
	for (i = 0; i < o->nargs; i++) {
		if (stat(o->args[i], &st) == -1) {
			fprintf(stderr, "folio: %s: %s\n", o->args[i],
			    strerror(errno));
			return 1;
		}
		if (S_ISDIR(st.st_mode))
			add_root(&app, o->args[i]);
		else {
			open_file = o->args[i];
			if (o->nroots == 0) {
				char *copy = xstrdup(o->args[i]);

				add_root(&app, dirname(copy));
				free(copy);
			}
		}
	}
	if (app.nroots == 0)
		add_root(&app, ".");
	/*
	 * The first frame comes from the summary cache and the library is
	 * scanned in the background.  Without a file to open, the library
	 * is first shown as the cache last saw it, without reading a folder.
	 * Otherwise the folders are read and what the cache lacks shows its
	 * file name; for a few documents the scan is waited for a moment,
	 * so small libraries never flash their file names.
	 */
	if (open_file == NULL && (app.c = corpus_quick(app.roots,
	    (size_t)app.nroots)) != NULL)
		scan_start(&app, false);
	else {
		app.c = corpus_new();
		for (i = 0; i < app.nroots; i++)
			if (corpus_add_root(app.c, app.roots[i], &err) == -1) {
				fprintf(stderr, "folio: %s\n", err_text(&err));
				corpus_free(app.c);
				return 1;
			}
		if (open_file != NULL && corpus_find(app.c, open_file) < 0) {
			corpus_add_file(app.c, open_file);
			app.extra = open_file;
		}
		corpus_use_cache(app.c);
		corpus_load_cached(app.c);
		if (app.c->npending > 0) {
			scan_start(&app, false);
			if (corpus_pending_bytes(app.c) <= SCAN_WAIT_BYTES &&
			    scan_wait(&app, SCAN_WAIT_MS)) {
				corpus_free(app.c);
				app.c = scan_take(&app);
			}
		}
	}
	app.watch = watch_new(app.c);
	if (open_file != NULL)
		start_entry = corpus_find(app.c, open_file);
	app.sync_fd = (fd = getenv("FOLIO_TEST_SYNC_FD")) ? atoi(fd) : -1;
	if (app.sync_fd == 0)
		app.sync_fd = -1;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	xmalloc_set_die_hook(die_hook);
	screen_init(o->cfg);
	getmaxyx(stdscr, app.rows, app.cols);
	list_init(&app);
	app.focus = PANE_LIST;
	if (start_entry >= 0) {
		app.focus = PANE_BODY;
		compute_layout(&app);
		app_open_entry(&app, start_entry, 0);
	}
	compute_layout(&app);
	/* A document named on the command line needs no memory for its
	 * first frame: the state is opened right after it. */
	if (start_entry < 0) {
		persist_open(&app);
		persist_restore(&app, true);
		persisted = true;
	}
	if (app_layout_class(&app) == 2 && app.body.doc == NULL &&
	    list_selected(&app) >= 0)
		body_open(&app, list_selected(&app),
		    persist_pos(&app, list_selected(&app)));
	compute_layout(&app);
	while (!app.quit && !got_signal) {
		persist_tick(&app);
		watch_file(&app);
		/* Wake often while the index is built or the library
		 * scanned, to show progress. */
		timeout(idle ? 1 : body_loading(&app) ? 20 : fts_busy(&app) ||
		    scan_pending(&app) ? 100 : 500);
		fts_poll(&app);
		scan_poll(&app);
		body_poll(&app);
		draw(&app);
		wnoutrefresh(stdscr);
		doupdate();
		screen_sync(app.sync_fd);
		if (!input) {
			screen_input();
			input = true;
		}
		body_kick(&app);
		if (!persisted) {
			persist_open(&app);
			persist_restore(&app, false);
			persisted = true;
			continue;	/* a warning about the state shows */
		}
		r = get_wch(&wc);
		/* Nothing typed: the filter's memo is prepared meanwhile. */
		if (r == ERR) {
			idle = list_idle(&app);
			continue;
		}
		ch = (int)wc;
		/* An Alt-key or an unknown escape sequence: ignored. */
		if (r == OK && ch == 27 && app.pending == ACT_NONE &&
		    screen_escape_tail())
			continue;
		if (r == KEY_CODE_YES && ch == KEY_RESIZE) {
			getmaxyx(stdscr, app.rows, app.cols);
			compute_layout(&app);
			continue;
		}
		key(&app, ch, r == KEY_CODE_YES);
		if (app.visible[PANE_BODY] || app.focus == PANE_BODY)
			compute_layout(&app);
	}
	screen_done();
	xmalloc_set_die_hook(NULL);
	persist_close(&app);
	scan_stop(&app);
	watch_free(app.watch);
	fts_stop(&app, true);
	picker_close(&app);
	free(app.hints);
	body_close(&app);
	meta_free(&app);
	list_free(&app);
	buf_free(&app.input);
	buf_free(&app.prompt_prev);
	for (i = 0; i < PROMPT_HINT; i++)
		lineedit_free(&app.line[i]);
	buf_free(&app.body.search);
	buf_free(&app.body.folded);
	corpus_free(app.c);
	for (i = 0; i < app.nroots; i++)
		free(app.roots[i]);
	free(app.roots);
	free(app.back);
	free(app.fwd);
	return got_signal ? 128 + got_signal : 0;
}
