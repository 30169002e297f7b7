/* SPDX-License-Identifier: ISC */
/*
 * Acting on what is shown: following links and anchors, creating notes,
 * going to a time, chapters, the same video, link hints, the pickers'
 * Enter, the next document.
 */
#include "ui.h"

#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>

#include "folio/config.h"
#include "folio/corpus.h"
#include "folio/markdown.h"
#include "folio/timestamp.h"
#include "folio/utf8.h"
#include "folio/xmalloc.h"

#define HINT_MAX	(26 * 26)

/* Enter again on this missing wikilink creates its note. */
static int32_t		 create_item = -1;
static int		 create_entry = -1;

void
nav_open_entry(struct app *app, int entry, uint32_t off)
{
	if (entry < 0)
		return;
	/* A previewed document was left by a jump already. */
	if (app->body.entry >= 0 && app->body.entry != entry &&
	    !app->body.preview)
		history_push(app);
	app->body.preview = false;
	if (entry != app->body.entry)
		body_open(app, entry, off);
	else if (off > 0)
		body_goto_off(app, off);
	list_select_entry(app, entry);
	app->focus = PANE_BODY;
}

/* The offset of a heading ("Note#Heading", percent-encoded in a Markdown
 * link) or block id ("#^id") of "d", found as check finds it; 0: none. */
static uint32_t
anchor_offset(const struct doc *d, const char *frag)
{
	struct buf	 want = { 0 };
	uint32_t	 off = 0, end;

	if (frag == NULL || d == NULL)
		return 0;
	buf_add_unpct(&want, frag, strlen(frag));
	if (!doc_anchor(d, buf_cstr(&want), &off, &end))
		off = 0;
	buf_free(&want);
	return off;
}

/* Filter the list by query "q" and focus it, the first match selected. */
static void
set_filter(struct app *app, const char *q)
{
	list_set_filter(app, q, false);
	list_home(app);
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

	create_item = -1;
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
	history_push(app);
	swap_reload(app, name);
	app_message(app, false, "created %s", name);
	free(path);
}

void
nav_follow(struct app *app)
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
	if (it->att > 0) {
		launch_open_attachment(app, it->att - 1);
		return;
	}
	/* A footnote reference: to its definition, a jump. */
	if (it->type == ITEM_NOTE) {
		long k = markdown_note_block(b->doc->body, it->ref);

		if (k >= 0) {
			history_push(app);
			body_goto_off(app, b->doc->body->blocks[k].off);
		}
		return;
	}
	if (it->type == ITEM_WIKI || it->type == ITEM_FILE) {
		const char *frag;
		int to = it->ref;
		char *fragcopy = NULL;

		if (to < 0 && it->type == ITEM_WIKI && it->target != NULL &&
		    create_item == b->cur && create_entry ==
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
				create_item = b->cur;
				create_entry = b->entry;
			}
			return;
		}
		frag = it->target ? strrchr(it->target, '#') : NULL;
		if (frag != NULL)
			fragcopy = xstrdup(frag + 1);
		nav_open_entry(app, to, 0);
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
		/* The status line shows the filter and its count. */
		set_filter(app, q);
		return;
	}
	if (launch_item_url(it, url, sizeof(url)))
		app_message(app, false, "%s  (o opens it)", url);
	else
		app_message(app, false, "%s", it->target ? it->target : "");
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
nav_goto_time(struct app *app, long secs, bool push)
{
	const struct doc *d = app->body.doc;
	bool		 approx;
	long		 off;

	if (d == NULL || (off = doc_off_at_time(d, secs, &approx)) < 0)
		return false;
	if (push)
		history_push(app);
	body_goto_off(app, (uint32_t)off);
	app->body.cur = approx ? -1 : item_at(d, (uint32_t)off, ITEM_TS);
	if (app->body.cur >= 0)
		ui_describe_item(app);
	return true;
}

/* Enter in the metadata pane: filter by the value, or open the document
 * (a backlink at its line). */
void
nav_meta_enter(struct app *app)
{
	const struct mline *l = meta_selected(app);
	char		*q;
	int		 ent;
	unsigned	 line;

	if (l != NULL && l->entry < 0 && l->att > 0) {
		launch_open_attachment(app, l->att - 1);
		return;
	}
	if (l == NULL || (l->query == NULL && l->entry < 0)) {
		app_message(app, false, "nothing to do on this line");
		return;
	}
	if (l->query != NULL) {
		q = xstrdup(l->query);
		set_filter(app, q);
		free(q);
		return;
	}
	ent = l->entry;
	line = l->line;
	nav_open_entry(app, ent, 0);
	if (line > 0 && app->body.doc != NULL)
		body_goto_off(app, (uint32_t)doc_line_off(app->body.doc, line));
}

/* Open the chapters picker: headings and timestamps, the nearest
 * preselected. */
void
nav_chapters(struct app *app)
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
	picker_select(app, (size_t)doc_chapter_near(v, n, body_offset(app)));
	doc_chapters_free(v, n);
}

/* Act on the picker's selected row: go there, or filter by it. */
void
nav_pick_enter(struct app *app, bool open, bool play)
{
	struct pick	 k;
	const struct pick *sel;
	char		 url[128], search[128];

	if (ui_modal_top(app) != &picker_view)
		return;
	if ((sel = picker_selected(app)) == NULL) {
		picker_close(app);
		return;
	}
	k = *sel;
	if (open) {
		/* o and p: the moment of the row, the picker stays. */
		if (k.entry < 0 || k.seconds < 0 || app->c->e[k.entry].video[0]
		    == '\0' || ts_url(url, sizeof(url),
		    app->c->e[k.entry].video, k.seconds) != 0) {
			app_message(app, true, "no video moment here");
			return;
		}
		launch_url(app, play, url, k.seconds, app->c->e[k.entry].video);
		return;
	}
	k.query = k.query ? xstrdup(k.query) : NULL;
	snprintf(search, sizeof(search), "%s", picker_search(app));
	picker_close(app);
	if (k.query != NULL) {
		set_filter(app, k.query);
		free(k.query);
		return;
	}
	if (k.entry < 0)
		return;
	if (k.entry == app->body.entry)
		history_push(app);
	nav_open_entry(app, k.entry, 0);
	if (k.off == UINT32_MAX) {
		/* Same video: the same moment here. */
		if (!nav_goto_time(app, k.seconds, false))
			app_message(app, true, "no timeline in this document");
		return;
	}
	body_goto_off(app, k.off);
	app->body.cur = k.seconds >= 0 ? item_at(app->body.doc, k.off,
	    ITEM_TS) : -1;
	if (k.line)
		play_pick_line(app, k.off, k.seconds);
	if (app->body.cur >= 0)
		ui_describe_item(app);
	/* A full-text hit: its word is the body's search, for n and N. */
	if (search[0] != '\0')
		body_set_search(app, search);
}

/* Go to the reader's moment in another document of the same video. */
void
nav_same_video(struct app *app)
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
		nav_open_entry(app, only, 0);
		if (!nav_goto_time(app, secs, false))
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

/* Label the visible links and timestamps and wait for a label. */
void
nav_hints(struct app *app)
{
	struct hint	*v;
	size_t		 n;

	if (!app->scr.visible[PANE_BODY] || app->body.doc == NULL) {
		app_message(app, true, "hints need the body on screen");
		return;
	}
	v = xreallocarray(NULL, HINT_MAX, sizeof(*v));
	n = body_hints(app, &app->scr.r[PANE_BODY], v, HINT_MAX);
	if (n == 0) {
		free(v);
		app_message(app, false, "no links or timestamps on screen");
		return;
	}
	hint_open(app, v, n);
}

/* The link hint of "item" was typed: timestamps and web links open;
 * notes and files are followed. */
void
nav_hint_chosen(struct app *app, int32_t item)
{
	if (app->body.doc == NULL || item < 0 ||
	    (size_t)item >= app->body.doc->body->nitems)
		return;
	app->body.cur = item;
	switch (app->body.doc->body->items[item].type) {
	case ITEM_TS:
	case ITEM_WEB:
	case ITEM_VIDEO:
		launch_open_url(app, false);
		break;
	default:
		nav_follow(app);
		break;
	}
}

/* The letter "ch" after m (a = ACT_MARK_SET) or ' (ACT_MARK_JUMP): set
 * the mark, or go to it; ' after ' goes back. */
void
nav_mark(struct app *app, int ch, enum action a)
{
	int	 ent;
	long	 off;

	if (a == ACT_MARK_JUMP && ch == '\'') {
		history_back(app);
		return;
	}
	if (a == ACT_MARK_SET) {
		persist_mark(app, (char)ch);
		return;
	}
	ent = app->body.entry;
	if ((off = persist_get_mark(app, (char)ch, &ent)) < 0)
		app_message(app, true, "mark %c is not set", ch);
	else if (ent != app->body.entry)
		nav_open_entry(app, ent, (uint32_t)off);
	else {
		history_push(app);
		body_goto_off(app, (uint32_t)off);
	}
}

/* Forget that Enter was pressed once on a missing wikilink. */
void
nav_unarm(struct app *app)
{
	(void)app;
	create_item = -1;
}

/* Open the document after the open one in the list (at its saved
 * place), as a jump. */
void
nav_open_next(struct app *app)
{
	int	 next = list_next(app, app->body.entry);

	if (next < 0) {
		app_message(app, false, "the end of the last document");
		return;
	}
	nav_open_entry(app, next, persist_pos(app, next));
	app_message(app, false, "next: %s", app->c->e[next].title);
}

void
nav_preview(struct app *app, int entry)
{
	if (entry < 0 || entry == app->body.entry)
		return;
	if (!app->body.preview)
		history_push(app);
	body_open(app, entry, persist_pos(app, entry));
	app->body.preview = true;
}
