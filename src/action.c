/* SPDX-License-Identifier: ISC */
#include "folio/action.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "folio/folio.h"
#include "folio/xmalloc.h"

static const struct {
	const char	*name;
	const char	*help;
} actions[] = {
	{ "none", "" },
#define ACTION_ROW(id, name, help)	{ name, help },
	ACTION_INFO(ACTION_ROW)
#undef ACTION_ROW
};

struct binding {
	enum keymap_pane pane;
	const char	*key;
	enum action	 act;
};

/* The default bindings, as data; see PRODUCT's key table. */
static const struct binding defaults[] = {
	{ KM_GENERIC, "j", ACT_MOVE_DOWN },
	{ KM_GENERIC, "<Down>", ACT_MOVE_DOWN },
	{ KM_GENERIC, "k", ACT_MOVE_UP },
	{ KM_GENERIC, "<Up>", ACT_MOVE_UP },
	{ KM_GENERIC, "<PgDn>", ACT_PAGE_DOWN },
	{ KM_GENERIC, "<Space>", ACT_PAGE_DOWN },
	{ KM_GENERIC, "<C-f>", ACT_PAGE_DOWN },
	{ KM_GENERIC, "<PgUp>", ACT_PAGE_UP },
	{ KM_GENERIC, "b", ACT_PAGE_UP },
	{ KM_GENERIC, "<C-b>", ACT_PAGE_UP },
	{ KM_GENERIC, "d", ACT_HALF_DOWN },
	{ KM_GENERIC, "<C-d>", ACT_HALF_DOWN },
	{ KM_GENERIC, "u", ACT_HALF_UP },
	{ KM_GENERIC, "<C-u>", ACT_HALF_UP },
	{ KM_GENERIC, "g", ACT_TOP },
	{ KM_GENERIC, "<Home>", ACT_TOP },
	{ KM_GENERIC, "G", ACT_BOTTOM },
	{ KM_GENERIC, "<End>", ACT_BOTTOM },
	{ KM_GENERIC, "<Tab>", ACT_PANE_NEXT },
	{ KM_GENERIC, "<S-Tab>", ACT_PANE_PREV },
	{ KM_GENERIC, "<Enter>", ACT_ENTER },
	{ KM_GENERIC, "/", ACT_SEARCH },
	{ KM_GENERIC, "n", ACT_SEARCH_NEXT },
	{ KM_GENERIC, "N", ACT_SEARCH_PREV },
	{ KM_GENERIC, "t", ACT_TS_NEXT },
	{ KM_GENERIC, "T", ACT_TS_PREV },
	{ KM_GENERIC, "]", ACT_LINK_NEXT },
	{ KM_GENERIC, "[", ACT_LINK_PREV },
	{ KM_GENERIC, "e", ACT_ENTITY_NEXT },
	{ KM_GENERIC, "E", ACT_ENTITY_PREV },
	{ KM_GENERIC, "}", ACT_HEADING_NEXT },
	{ KM_GENERIC, "{", ACT_HEADING_PREV },
	{ KM_GENERIC, "o", ACT_OPEN_URL },
	{ KM_GENERIC, "p", ACT_PLAY },
	{ KM_GENERIC, "P", ACT_PAUSE },
	{ KM_GENERIC, "<", ACT_SEEK_BACK },
	{ KM_GENERIC, ">", ACT_SEEK_FORWARD },
	{ KM_GENERIC, "(", ACT_SEEK_BACK_LONG },
	{ KM_GENERIC, ")", ACT_SEEK_FORWARD_LONG },
	{ KM_GENERIC, "-", ACT_SPEED_DOWN },
	{ KM_GENERIC, "+", ACT_SPEED_UP },
	{ KM_GENERIC, "=", ACT_SEEK_HERE },
	{ KM_GENERIC, "w", ACT_FOLLOW },
	{ KM_GENERIC, "*", ACT_HIGHLIGHT },
	{ KM_GENERIC, "#", ACT_HIGHLIGHTS },
	{ KM_GENERIC, "y", ACT_COPY_URL },
	{ KM_GENERIC, "c", ACT_CHAPTERS },
	{ KM_GENERIC, "a", ACT_SAME_VIDEO },
	{ KM_GENERIC, "f", ACT_HINTS },
	{ KM_GENERIC, "F", ACT_FULLTEXT },
	{ KM_GENERIC, "m", ACT_MARK_SET },
	{ KM_GENERIC, "'", ACT_MARK_JUMP },
	{ KM_GENERIC, "v", ACT_EDIT },
	{ KM_GENERIC, "H", ACT_BACK },
	{ KM_GENERIC, "<BS>", ACT_BACK },
	{ KM_GENERIC, "L", ACT_FORWARD },
	{ KM_GENERIC, "s", ACT_SORT },
	{ KM_GENERIC, "i", ACT_TOGGLE_META },
	{ KM_GENERIC, "r", ACT_RELOAD },
	{ KM_GENERIC, "R", ACT_RELOAD_ALL },
	{ KM_GENERIC, ":", ACT_COMMAND },
	{ KM_GENERIC, "?", ACT_HELP },
	{ KM_GENERIC, "q", ACT_QUIT },
	{ KM_GENERIC, "<Esc>", ACT_CANCEL },
};

static struct binding *user;		/* bindings added at run time */
static size_t	 nuser;

const char *
action_name(enum action a)
{
	if ((unsigned)a >= ARRAY_SIZE(actions))
		return NULL;
	return actions[a].name;
}

const char *
action_help(enum action a)
{
	if ((unsigned)a >= ARRAY_SIZE(actions))
		return NULL;
	return actions[a].help;
}

enum action
action_from_name(const char *name)
{
	size_t	 i;

	for (i = 1; i < ARRAY_SIZE(actions); i++)
		if (strcmp(actions[i].name, name) == 0)
			return (enum action)i;
	return ACT_NONE;
}

const char *
keymap_pane_name(enum keymap_pane p)
{
	static const char *const names[] = { "generic",
#define PANE_KM_NAME(id, view, name)	name,
	    PANE_INFO(PANE_KM_NAME)
#undef PANE_KM_NAME
	};

	return (unsigned)p < ARRAY_SIZE(names) ? names[p] : "?";
}

int
keymap_pane_from_name(const char *name)
{
	int	 p;

	for (p = 0; p < KM__MAX; p++)
		if (strcmp(keymap_pane_name((enum keymap_pane)p), name) == 0)
			return p;
	return -1;
}

/* Look a key up in one pane's map: user bindings first, then defaults. */
static int
find(enum keymap_pane pane, const char *key, enum action *out)
{
	size_t	 i;

	for (i = nuser; i-- > 0; )
		if (user[i].pane == pane && strcmp(user[i].key, key) == 0) {
			*out = user[i].act;
			return 1;
		}
	for (i = 0; i < ARRAY_SIZE(defaults); i++)
		if (defaults[i].pane == pane && strcmp(defaults[i].key, key) ==
		    0) {
			*out = defaults[i].act;
			return 1;
		}
	return 0;
}

enum action
keymap_lookup(enum keymap_pane pane, const char *key)
{
	enum action	 a;

	if (pane != KM_GENERIC && find(pane, key, &a))
		return a;
	if (find(KM_GENERIC, key, &a))
		return a;
	return ACT_NONE;
}

char *
keymap_keys(enum keymap_pane pane, enum action act, char *out, size_t cap)
{
	size_t	 i, len = 0;

	out[0] = '\0';
	for (i = 0; i < ARRAY_SIZE(defaults) + nuser; i++) {
		const struct binding *b = i < ARRAY_SIZE(defaults) ?
		    &defaults[i] : &user[i - ARRAY_SIZE(defaults)];

		/* A key that does "act" here has a binding to "act": only
		 * those need looking up (the hint bar asks every frame). */
		if (b->act != act || (b->pane != pane &&
		    b->pane != KM_GENERIC) || keymap_lookup(pane, b->key) != act)
			continue;
		if (strstr(out, b->key) != NULL)
			continue;
		len += (size_t)snprintf(out + len, len < cap ? cap - len : 0,
		    "%s%s", len ? ", " : "", b->key);
		if (len >= cap) {
			out[cap - 1] = '\0';
			break;
		}
	}
	return out;
}

void
keymap_bind(enum keymap_pane pane, const char *key, enum action act)
{
	user = xreallocarray(user, nuser + 1, sizeof(*user));
	user[nuser].pane = pane;
	user[nuser].key = xstrdup(key);
	user[nuser].act = act;
	nuser++;
}
