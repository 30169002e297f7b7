/* SPDX-License-Identifier: ISC */
#include <stdlib.h>
#include <stdio.h>
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

/* Times of day are not moments; a second '?' in a URL is a '&'. */
static void
test_transcripts(void)
{
	struct ts_match	 m[8];
	const char	*t = "at 1:30pm, 2:30 o'clock, 3:15 PM, 4:00 a.m., "
	    "5:00 o\xe2\x80\x99" "clock; but 12:05 and (0:45) and 1:02:03 "
	    "amid";
	char		 vid[16];

	T_EQ(ts_scan(t, strlen(t), m, 8), 3);
	T_EQ(m[0].seconds, 725);
	T_EQ(m[1].seconds, 45);
	T_EQ(m[2].seconds, 3723);
	T_EQ(ts_parse_url("https://www.youtube.com/watch?v=dQw4w9WgXcQ?t=285",
	    49, vid), 285);
	T_STREQ(vid, "dQw4w9WgXcQ");
	T_EQ(ts_parse_url("https://youtu.be/dQw4w9WgXcQ?si=x?t=7", 37, vid), 7);
}

/* A time at every place around the scan's eight-byte steps, after
 * ASCII and after UTF-8 text, is found where it is. */
static void
test_scan_offsets(void)
{
	static const char *const pads[] = { "abc de fgh ij. ", "é — ü ",
	    "x" };
	struct ts_match	 m[4];
	char		 t[128];
	size_t		 k, p, n, off;

	for (p = 0; p < sizeof(pads) / sizeof(pads[0]); p++)
		for (k = 0; k < 24; k++) {
			off = 0;
			for (n = 0; n < k; n++)
				t[off++] = pads[p][n % strlen(pads[p])];
			if (off > 0 && t[off - 1] != ' ')
				t[off++] = ' ';
			n = (size_t)snprintf(t + off, sizeof(t) - off,
			    "1:23 and more words after it");
			T_EQ(ts_scan(t, off + n, m, 4), 1);
			T_EQ(m[0].off, off);
			T_EQ(m[0].len, 4);
			T_EQ(m[0].seconds, 83);
		}
}

T_LIST(test_transcripts, test_timeline, test_scan_offsets)
