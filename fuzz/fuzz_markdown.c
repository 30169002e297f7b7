/*
 * Fuzz target: a document from bytes (front matter, Markdown, items),
 * laid out at a width taken from the first input byte, then the
 * timeline, chapter and line lookups the reader runs on it.
 */
#include <stdbool.h>

#include "folio/buf.h"
#include "folio/doc.h"
#include "folio/layout.h"
#include "fuzz.h"

/* Load, lay out and query one document; every path must return. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct doc_opts opts = { 0 };
	struct lines lines;
	struct buf out = { 0 };
	struct chapter *ch;
	struct doc *d;
	size_t n, off;
	bool approx;
	int width;

	if (len < 1)
		return 0;
	width = 1 + data[0] % 160;
	d = doc_load_mem("fuzz.md", (const char *)data + 1, len - 1, &opts);
	if (d == NULL)
		return 0;
	lines_init(&lines);
	layout_body(&lines, d->body, width);
	layout_dump(&out, &lines, 1);
	buf_free(&out);
	lines_free(&lines);

	n = doc_chapters(d, &ch);
	for (off = 0; off <= d->len; off += 1 + d->len / 7) {
		(void)doc_time_at(d, off, &approx);
		(void)doc_line(d, off);
		(void)doc_heading_near(d, off, 1);
		(void)doc_heading_near(d, off, -1);
		(void)doc_chapter_near(ch, n, off);
	}
	(void)doc_off_at_time(d, 600, &approx);
	doc_chapters_free(ch, n);
	doc_free(d);
	return 0;
}
