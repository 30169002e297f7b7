/*
 * Fuzz target: clock and duration parsing, YouTube URL parsing, the
 * timestamp scanner, the URL check, OSC 52 and the opener's argv.
 */
#include <stdbool.h>
#include <stdlib.h>

#include "folio/buf.h"
#include "folio/err.h"
#include "folio/opener.h"
#include "folio/timestamp.h"
#include "fuzz.h"

/* Run every timestamp and URL parser over one input. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct ts_match m[64];
	struct folio_err err;
	struct buf out = { 0 };
	char vid[12], url[128], clock[32], bar[400];
	long marks[8];
	char *s, **argv;
	long secs;
	size_t n;

	s = fuzz_str(data, len);
	(void)ts_parse_clock(s, len);
	(void)ts_parse_duration(s, len);
	(void)ts_valid_id(s, len);
	(void)ts_scan(s, len, m, 64);
	secs = ts_parse_url(s, len, vid);
	if (secs >= -1 && vid[0] != '\0')
		(void)ts_url(url, sizeof(url), vid, secs);
	ts_format(clock, sizeof(clock), len > 0 ? (long)data[0] * 997 : -1);
	for (n = 0; n < 8 && n < len; n++)
		marks[n] = (long)data[n] * 15 - 30;
	(void)ts_timeline(bar, sizeof(bar), (int)(len % 90), 3600, marks, n,
	    len > 1 ? data[1] * 14 : -1);

	(void)opener_url_ok(s);
	(void)opener_osc52(&out, s);
	buf_free(&out);
	/* the input as an opener template, and as the URL of a fixed one */
	if ((argv = opener_argv(s, "https://youtu.be/x", 5, "dQw4w9WgXcQ",
	    &err)) != NULL)
		opener_free_argv(argv);
	if ((argv = opener_argv("open --at {seconds} {url}", s, 5, "",
	    &err)) != NULL)
		opener_free_argv(argv);
	free(s);
	return 0;
}
