/* SPDX-License-Identifier: ISC */
#ifndef FOLIO_ACTION_H
#define FOLIO_ACTION_H

#include <stddef.h>

/*
 * Every action of the reader, once: id, name (for config and :commands)
 * and help text.  The help screen, the hint bar, key bindings and the man
 * page check are all generated from this table.
 */
#define ACTION_INFO(_) \
	_(MOVE_DOWN,	"move-down",	"Move down a line, or to the next document") \
	_(MOVE_UP,	"move-up",	"Move up a line, or to the previous document") \
	_(PAGE_DOWN,	"page-down",	"Scroll a page down") \
	_(PAGE_UP,	"page-up",	"Scroll a page up") \
	_(HALF_DOWN,	"half-page-down", "Scroll half a page down") \
	_(HALF_UP,	"half-page-up",	"Scroll half a page up") \
	_(TOP,		"top",		"Go to the top") \
	_(BOTTOM,	"bottom",	"Go to the bottom") \
	_(PANE_NEXT,	"pane-next",	"Focus the next pane") \
	_(PANE_PREV,	"pane-prev",	"Focus the previous pane") \
	_(ENTER,	"enter",	"Open the document; follow the current item; filter by the value") \
	_(SEARCH,	"search",	"Filter the list, or search the body, as you type") \
	_(SEARCH_NEXT,	"search-next",	"Go to the next search hit") \
	_(SEARCH_PREV,	"search-prev",	"Go to the previous search hit") \
	_(TS_NEXT,	"timestamp-next", "Make the next timestamp current") \
	_(TS_PREV,	"timestamp-prev", "Make the previous timestamp current") \
	_(LINK_NEXT,	"link-next",	"Make the next link or wikilink current") \
	_(LINK_PREV,	"link-prev",	"Make the previous link or wikilink current") \
	_(ENTITY_NEXT,	"entity-next",	"Make the next entity mention current") \
	_(ENTITY_PREV,	"entity-prev",	"Make the previous entity mention current") \
	_(HEADING_NEXT,	"heading-next",	"Go to the next heading or comment") \
	_(HEADING_PREV,	"heading-prev",	"Go to the previous heading or comment") \
	_(OPEN_URL,	"open-url",	"Open the current timestamp or link in the browser") \
	_(PLAY,		"play",		"Play the current moment in the configured player") \
	_(PAUSE,	"pause",	"Pause or play the attached player") \
	_(SEEK_BACK,	"seek-back",	"Seek the player 5 seconds back") \
	_(SEEK_FORWARD,	"seek-forward",	"Seek the player 5 seconds forward") \
	_(SEEK_BACK_LONG, "seek-back-minute", "Seek the player a minute back") \
	_(SEEK_FORWARD_LONG, "seek-forward-minute", "Seek the player a minute forward") \
	_(SPEED_DOWN,	"speed-down",	"Play slower") \
	_(SPEED_UP,	"speed-up",	"Play faster") \
	_(SEEK_HERE,	"seek-here",	"Seek the player to the line being read") \
	_(FOLLOW,	"follow",	"Follow the player again after scrolling away") \
	_(HIGHLIGHT,	"highlight",	"Save the line or cue being read as a highlight, with a note") \
	_(HIGHLIGHTS,	"highlights",	"List the highlights to jump to") \
	_(COPY_URL,	"copy-url",	"Copy the current URL to the clipboard (OSC 52)") \
	_(CHAPTERS,	"chapters",	"List every timestamp and heading to jump to") \
	_(SAME_VIDEO,	"same-video",	"Go to this moment in another document of the same video") \
	_(HINTS,	"hints",	"Label every visible link and timestamp; type a label to act") \
	_(FULLTEXT,	"fulltext",	"Search the full text of the whole library") \
	_(MARK_SET,	"mark-set",	"Set a mark: m then a letter") \
	_(MARK_JUMP,	"mark-jump",	"Go to a mark: ' then a letter; '' goes back") \
	_(EDIT,		"edit",		"Edit the document in $VISUAL or $EDITOR at this line") \
	_(BACK,		"back",		"Go back to where the last jump came from") \
	_(FORWARD,	"forward",	"Go forward again after going back") \
	_(SORT,		"sort",		"Cycle the list order: date, title, path, duration") \
	_(TOGGLE_META,	"toggle-meta",	"Show or hide the metadata pane") \
	_(RELOAD,	"reload",	"Reload the document, keeping the position") \
	_(RELOAD_ALL,	"reload-library", "Reload the whole library") \
	_(COMMAND,	"command",	"Enter a command: goto, filter, sort, open, quit") \
	_(HELP,		"help",		"Show the keys") \
	_(CANCEL,	"cancel",	"Leave the overlay or prompt, clear the search or filter; never quits") \
	_(QUIT,		"quit",		"Leave the overlay, search or filter; else quit")

enum action {
	ACT_NONE,
#define ACTION_ENUM(id, name, help)	ACT_##id,
	ACTION_INFO(ACTION_ENUM)
#undef ACTION_ENUM
	ACT__MAX
};

/*
 * The reader's panes, once: id, view (the reader's "struct view_ops
 * id_view") and key map name.  This gives the reader's enum pane and view
 * table, the key maps (enum keymap_pane, "generic" first) and the pane
 * names the configuration accepts.  A new pane is one row here.
 */
#define PANE_INFO(_) \
	_(LIST,		list,	"list") \
	_(BODY,		body,	"body") \
	_(META,		meta,	"meta")

/* The key maps: "generic" applies everywhere, then one per pane. */
enum keymap_pane {
	KM_GENERIC,
#define PANE_KM_ENUM(id, view, name)	KM_##id,
	PANE_INFO(PANE_KM_ENUM)
#undef PANE_KM_ENUM
	KM__MAX
};

/* Name and help of an action; NULL when out of range. */
const char	*action_name(enum action);
const char	*action_help(enum action);

/* The action called "name", or ACT_NONE. */
enum action	 action_from_name(const char *);

/* Name of a pane's key map: "generic", "list", "body", "meta"; "?" when
 * out of range. */
const char	*keymap_pane_name(enum keymap_pane);
/* The key map called "name", or -1. */
int		 keymap_pane_from_name(const char *name);

/*
 * The action bound to "key" (a key name such as "j", "<Down>", "<C-d>",
 * "<S-Tab>") in "pane", falling back to the generic map; ACT_NONE if none.
 */
enum action	 keymap_lookup(enum keymap_pane, const char *key);

/*
 * The keys bound to "act" in "pane" (the generic map included), joined
 * with ", " into out; returns out ("" if none).
 */
char		*keymap_keys(enum keymap_pane, enum action act, char *out,
		    size_t cap);

/* Bind "key" to "act" in "pane" (replacing an existing binding). */
void		 keymap_bind(enum keymap_pane, const char *key, enum action act);

#endif /* !FOLIO_ACTION_H */
