/* SPDX-License-Identifier: ISC */
#include "folio/rows.h"

long
rows_page(int height)
{
	return height > 2 ? height - 2 : 1;
}

long
rows_half(int height)
{
	return height / 2 > 0 ? height / 2 : 1;
}

void
rows_show(struct rows *r, int height)
{
	size_t	 h = height > 0 ? (size_t)height : 1;

	if (r->n == 0) {
		r->sel = r->top = 0;
		return;
	}
	if (r->sel >= r->n)
		r->sel = r->n - 1;
	if (r->top > r->sel)
		r->top = r->sel;
	if (r->sel >= r->top + h)
		r->top = r->sel - h + 1;
	/* No empty lines below the last row while there are rows above. */
	if (r->n >= h && r->top > r->n - h)
		r->top = r->n - h;
	else if (r->n < h)
		r->top = 0;
}

void
rows_select(struct rows *r, size_t i, int height)
{
	r->sel = r->n == 0 ? 0 : i < r->n ? i : r->n - 1;
	rows_show(r, height);
}

void
rows_move(struct rows *r, long delta, int height)
{
	if (delta < 0 && (size_t)-delta > r->sel)
		rows_select(r, 0, height);
	else if (delta < 0)
		rows_select(r, r->sel - (size_t)-delta, height);
	else
		rows_select(r, r->sel + (size_t)delta, height);
}

void
rows_set_n(struct rows *r, size_t n, int height)
{
	r->n = n;
	rows_show(r, height);
}

bool
rows_request(struct rows *r, enum action a, int height)
{
	switch (a) {
	case ACT_MOVE_DOWN:
		rows_move(r, 1, height);
		return true;
	case ACT_MOVE_UP:
		rows_move(r, -1, height);
		return true;
	case ACT_PAGE_DOWN:
		rows_move(r, rows_page(height), height);
		return true;
	case ACT_PAGE_UP:
		rows_move(r, -rows_page(height), height);
		return true;
	case ACT_HALF_DOWN:
		rows_move(r, rows_half(height), height);
		return true;
	case ACT_HALF_UP:
		rows_move(r, -rows_half(height), height);
		return true;
	case ACT_TOP:
		rows_select(r, 0, height);
		return true;
	case ACT_BOTTOM:
		rows_select(r, r->n ? r->n - 1 : 0, height);
		return true;
	default:
		return false;
	}
}

long
rows_at(const struct rows *r, int y)
{
	size_t	 i;

	if (y < 0)
		return -1;
	i = r->top + (size_t)y;
	return i < r->n ? (long)i : -1;
}
