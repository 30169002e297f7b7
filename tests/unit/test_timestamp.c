/* SPDX-License-Identifier: ISC */
#include <stdlib.h>
#include <string.h>

#include "folio/timestamp.h"
#include "t.h"

static void
test_timeline(void)
{
	char	 out[256];
	long	 marks[] = { 0, 50, 100, -3, 400 };

	T_EQ(ts_timeline(out, sizeof(out), 11, 100, marks, 5, 20), 0);
	/* 11 cells: marks at 0, 5 and 10; the reader at 2. */
	T_STREQ(out, "┼─●──┼────┼");
	T_EQ(ts_timeline(out, sizeof(out), 11, 0, marks, 5, 20), -1);
	T_EQ(ts_timeline(out, sizeof(out), 1, 100, marks, 5, 20), -1);
	T_EQ(ts_timeline(out, 10, 11, 100, marks, 5, 20), -1);
	T_EQ(ts_timeline(out, sizeof(out), 4, 100, NULL, 0, 1000), 0);
	T_STREQ(out, "───●");
	T_EQ(ts_timeline(out, sizeof(out), 4, 100, NULL, 0, -1), 0);
	T_STREQ(out, "────");
}

T_LIST(test_timeline)
