/* Fuzz target: front matter splitting, YAML parsing, lookup and JSON. */
#include <stdbool.h>

#include "folio/arena.h"
#include "folio/buf.h"
#include "folio/err.h"
#include "folio/frontmatter.h"
#include "fuzz.h"

/* Split, parse and print one input; every path must return. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	static const char *paths[] = { "title", "entities.people",
	    "video_id", "duration", "a.b.c", "" };
	struct folio_err err;
	struct arena *a;
	struct fm_node *root;
	struct buf out = { 0 };
	size_t yoff, ylen, boff, i;
	const char *src = (const char *)data;

	if (fm_split(src, len, &yoff, &ylen, &boff, &err) != 1) {
		/* no front matter: parse the whole input as YAML */
		yoff = 0;
		ylen = len;
	}
	a = arena_new(0);
	root = fm_parse(a, src + yoff, ylen, 1, &err);
	if (root != NULL) {
		for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
			(void)fm_get(root, paths[i]);
			(void)fm_get_str(root, paths[i]);
		}
		fm_to_json(&out, root);
		buf_free(&out);
	}
	arena_free(a);
	return 0;
}
