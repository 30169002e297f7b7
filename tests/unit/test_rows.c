/* SPDX-License-Identifier: ISC */
#include "t.h"

#include "folio/rows.h"

/* Moving and paging clamp at both ends and keep the selection in view. */
static void
paging(void)
{
	struct rows r = { 0 };

	rows_set_n(&r, 100, 10);
	T_EQ(r.sel, 0);
	T_CHECK(rows_request(&r, ACT_MOVE_DOWN, 10));
	T_EQ(r.sel, 1);
	T_EQ(r.top, 0);
	rows_request(&r, ACT_PAGE_DOWN, 10);
	T_EQ(r.sel, 9);
	T_EQ(r.top, 0);
	rows_request(&r, ACT_MOVE_DOWN, 10);
	T_EQ(r.sel, 10);
	T_EQ(r.top, 1);
	rows_request(&r, ACT_HALF_DOWN, 10);
	T_EQ(r.sel, 15);
	T_EQ(r.top, 6);
	rows_request(&r, ACT_BOTTOM, 10);
	T_EQ(r.sel, 99);
	T_EQ(r.top, 90);
	rows_request(&r, ACT_PAGE_DOWN, 10);
	T_EQ(r.sel, 99);
	rows_request(&r, ACT_HALF_UP, 10);
	T_EQ(r.sel, 94);
	T_EQ(r.top, 90);
	rows_request(&r, ACT_PAGE_UP, 10);
	T_EQ(r.sel, 86);
	T_EQ(r.top, 86);
	rows_request(&r, ACT_TOP, 10);
	T_EQ(r.sel, 0);
	T_EQ(r.top, 0);
	rows_request(&r, ACT_MOVE_UP, 10);
	T_EQ(r.sel, 0);
	T_CHECK(!rows_request(&r, ACT_SEARCH, 10));
	/* Tiny windows still move by at least one row. */
	T_EQ(rows_page(1), 1);
	T_EQ(rows_half(1), 1);
	T_EQ(rows_page(0), 1);
}

/* Fewer rows than lines, none at all, a shrinking list, clicks. */
static void
edges(void)
{
	struct rows r = { 0 };

	rows_request(&r, ACT_BOTTOM, 10);
	T_EQ(r.sel, 0);
	rows_request(&r, ACT_MOVE_DOWN, 10);
	T_EQ(r.sel, 0);
	T_EQ(rows_at(&r, 0), -1);
	rows_set_n(&r, 3, 10);
	rows_request(&r, ACT_PAGE_DOWN, 10);
	T_EQ(r.sel, 2);
	T_EQ(r.top, 0);
	T_EQ(rows_at(&r, 2), 2);
	T_EQ(rows_at(&r, 3), -1);
	T_EQ(rows_at(&r, -1), -1);
	rows_set_n(&r, 50, 10);
	rows_select(&r, 45, 10);
	T_EQ(r.top, 36);
	T_EQ(rows_at(&r, 0), 36);
	/* The list shrinks under the selection: both are clamped. */
	rows_set_n(&r, 20, 10);
	T_EQ(r.sel, 19);
	T_EQ(r.top, 10);
	rows_set_n(&r, 0, 10);
	T_EQ(r.sel, 0);
	T_EQ(r.top, 0);
	/* A taller window shows everything from the top. */
	rows_set_n(&r, 20, 5);
	rows_select(&r, 19, 5);
	T_EQ(r.top, 15);
	rows_show(&r, 30);
	T_EQ(r.top, 0);
}

T_LIST(paging, edges)
