/*
 * Fuzz target: WebVTT and SRT captions, parsed directly and as caption
 * documents (the first input byte picks .vtt or .srt), then laid out.
 */
#include <stdbool.h>

#include "folio/arena.h"
#include "folio/captions.h"
#include "folio/doc.h"
#include "folio/err.h"
#include "folio/layout.h"
#include "fuzz.h"

/* Parse one caption file both ways; every path must return. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct doc_opts opts = { 0 };
	struct folio_err err;
	struct lines lines;
	struct arena *a;
	struct cue *cues;
	struct body *b;
	struct doc *d;
	size_t n;
	bool approx;

	if (len < 1)
		return 0;
	a = arena_new(0);
	n = cap_parse(a, (const char *)data + 1, len - 1, &cues, &err);
	b = cap_body(a, cues, n);
	lines_init(&lines);
	if (b != NULL)
		layout_body(&lines, b, 40);
	lines_free(&lines);
	arena_free(a);

	d = doc_load_mem(data[0] & 1 ? "fuzz.srt" : "fuzz.vtt",
	    (const char *)data + 1, len - 1, &opts);
	if (d == NULL)
		return 0;
	lines_init(&lines);
	layout_body(&lines, d->body, 1 + data[0] % 120);
	lines_free(&lines);
	(void)doc_off_at_time(d, 90, &approx);
	(void)doc_time_at(d, d->len / 2, &approx);
	doc_free(d);
	return 0;
}
