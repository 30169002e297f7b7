/* SPDX-License-Identifier: ISC */
#ifndef FOLIO_TIMESTAMP_H
#define FOLIO_TIMESTAMP_H

#include <stdbool.h>
#include <stddef.h>

#define TS_IDLEN	11	/* a YouTube video id */

/*
 * Parse exactly s[0..len) as a clock time: "1:02:03", "45:07", "7:05",
 * "00:12:34".  Seconds must be two digits 00-59, and minutes too when
 * hours are present.  Return seconds, or -1.
 */
long		 ts_parse_clock(const char *s, size_t len);

/*
 * Parse a duration: "7:37", "1:05:00", ISO 8601 "PT7M37S", a number of
 * seconds "457", or units "1h2m3s", "90s", "30m", "2h".  Return seconds or
 * -1.
 */
long		 ts_parse_duration(const char *s, size_t len);

/* True if id[0..len) is a well-formed 11-character YouTube id. */
bool		 ts_valid_id(const char *id, size_t len);

/*
 * Parse a YouTube URL (youtube.com/watch?v=, youtu.be/, embed/, shorts/,
 * live/, v/; www., m., music. and youtube-nocookie.com hosts).  On success
 * store the NUL-terminated id in vid[TS_IDLEN + 1] and return the time in
 * seconds from t=, start= or #t= ("75", "75s", "1h2m3s", "1m30s"), or -1
 * when the URL has no time.  Return -2 if it is not a YouTube video URL.
 */
long		 ts_parse_url(const char *url, size_t len, char *vid);

/*
 * Write the canonical URL https://www.youtube.com/watch?v=ID&t=Ns (without
 * "&t=" when seconds < 0) into out.  Return 0, or -1 if the id is invalid
 * or out is too small.
 */
int		 ts_url(char *out, size_t cap, const char *vid, long seconds);

/* Format seconds as "7:05" or "1:02:03" (negative: "-"). */
void		 ts_format(char *out, size_t cap, long seconds);

/* A clock time found in text. */
struct ts_match {
	size_t		 off;		/* of the time text (brackets excluded) */
	size_t		 len;
	long		 seconds;
};

/*
 * Find clock times in text[0..len): bare or in [..] or (..), on digit
 * boundaries, never inside a URL or a longer number/ratio ("16:9",
 * "25:99", "1:2:3:4").  Store at most "max" matches; return the count
 * found (which may exceed max).
 */
size_t		 ts_scan(const char *text, size_t len, struct ts_match *out,
		    size_t max);

/*
 * The time a link's label states: "4:08:50", "[4:08:50]" or "(17:51)"
 * alone, spaces aside.  Returns seconds, or -1 when the label is not a
 * clock time (a link's moment comes from its URL; a label that states
 * another time is a mistake worth a warning).
 */
long		 ts_label_time(const char *label);

/* True if a link's label is a web address (an autolink): it names no
 * moment, and is not shown as one. */
bool		 ts_label_is_url(const char *label);

/*
 * Estimated time for a document with no timestamps: "words_before" of
 * "words_total" words read, in a video of "duration" seconds.  Returns
 * seconds (0..duration), or -1 if it cannot be estimated.
 */
long		 ts_estimate(size_t words_before, size_t words_total,
		    long duration);

/*
 * Draw a timeline of a video of "duration" seconds into "out" as "width"
 * cells of UTF-8: a rule, a tick per mark (times in "marks"), and the
 * reader's position "now" (-1: none).  Returns 0, or -1 when there is no
 * duration, the width is under 2 or "out" is too small (4 bytes a cell).
 */
int		 ts_timeline(char *out, size_t cap, int width, long duration,
		    const long *marks, size_t nmarks, long now);

#endif /* !FOLIO_TIMESTAMP_H */
