/*
 * Fuzz target: wikilinks and local links parsed from a note and resolved
 * against a real library (names, aliases, headings, blocks, percent
 * encoding), plus the entity mention scanner over the same text.
 */
#include <stdbool.h>
#include <stdlib.h>

#include "folio/corpus.h"
#include "folio/doc.h"
#include "folio/markdown.h"
#include "fuzz.h"

/* Count a mention; the scanner must only report spans inside the text. */
static void
fuzz_mention(int ent, uint32_t off, uint32_t len, void *arg)
{
	size_t *n = arg;

	(void)ent;
	(void)off;
	(void)len;
	(*n)++;
}

/* Parse, decorate and resolve one note; every path must return. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct corpus *lib = fuzz_corpus();
	struct doc_opts opts = { 0 };
	struct doc *d;
	size_t i, n = 0;
	char *s;
	int amb;

	s = fuzz_str(data, len);
	(void)corpus_resolve_wiki(lib, 0, s, &amb);
	(void)corpus_resolve_file(lib, 0, s);
	(void)corpus_find(lib, s);
	(void)corpus_entity(lib, s);
	(void)corpus_mentions(lib, s, len, 0, true, fuzz_mention, &n);
	free(s);

	if ((d = doc_load_mem("notes/fuzz.md", (const char *)data, len,
	    &opts)) == NULL)
		return 0;
	corpus_decorate(lib, -1, d);
	for (i = 0; i < d->body->nitems; i++) {
		const struct item *it = &d->body->items[i];

		if (it->type == ITEM_WIKI && it->target != NULL)
			(void)corpus_resolve_wiki(lib, 1, it->target, &amb);
		else if (it->type == ITEM_FILE && it->target != NULL)
			(void)corpus_resolve_file(lib, 1, it->target);
	}
	doc_free(d);
	return 0;
}
