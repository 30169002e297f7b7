/* SPDX-License-Identifier: ISC */
/* Unit tests: the key table (lookups, the keys listed per action, user
 * bindings that add, move and take over keys). */
#include "folio/action.h"

#include "t.h"

/* The defaults: generic keys apply in every pane, in table order. */
static void
test_defaults(void)
{
	char	 k[128];

	T_EQ(keymap_lookup(KM_BODY, "q"), ACT_QUIT);
	T_EQ(keymap_lookup(KM_LIST, "t"), ACT_TS_NEXT);
	T_EQ(keymap_lookup(KM_BODY, "<no such key>"), ACT_NONE);
	/* Only q quits; Esc cancels. */
	T_STREQ(keymap_keys(KM_BODY, ACT_QUIT, k, sizeof(k)), "q");
	T_STREQ(keymap_keys(KM_BODY, ACT_CANCEL, k, sizeof(k)), "<Esc>");
	T_STREQ(keymap_keys(KM_META, ACT_BACK, k, sizeof(k)), "H, <BS>");
	T_STREQ(keymap_keys(KM_BODY, ACT_NONE, k, sizeof(k)), "");
	/* A buffer too small is cut, never overrun. */
	T_EQ(strlen(keymap_keys(KM_BODY, ACT_BACK, k, 3)), 2);
}

/* User bindings: a new key is listed, a key bound to another action in
 * one pane leaves the action there but not elsewhere. */
static void
test_user(void)
{
	char	 k[128];

	keymap_bind(KM_BODY, "x", ACT_QUIT);
	T_EQ(keymap_lookup(KM_BODY, "x"), ACT_QUIT);
	T_EQ(keymap_lookup(KM_LIST, "x"), ACT_NONE);
	T_STREQ(keymap_keys(KM_BODY, ACT_QUIT, k, sizeof(k)), "q, x");
	keymap_bind(KM_BODY, "q", ACT_TS_NEXT);
	T_EQ(keymap_lookup(KM_BODY, "q"), ACT_TS_NEXT);
	T_STREQ(keymap_keys(KM_BODY, ACT_QUIT, k, sizeof(k)), "x");
	T_STREQ(keymap_keys(KM_BODY, ACT_TS_NEXT, k, sizeof(k)), "t, q");
	T_STREQ(keymap_keys(KM_LIST, ACT_QUIT, k, sizeof(k)), "q");
}

T_LIST(test_defaults, test_user)
