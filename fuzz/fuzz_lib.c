/* Shared helpers of the libFuzzer targets. */
#include <stdlib.h>
#include <string.h>

#include "folio/corpus.h"
#include "folio/err.h"
#include "folio/xmalloc.h"
#include "fuzz.h"

static struct corpus *lib;

/* Free the library at exit, so leak detection sees only the target's leaks. */
static void
fuzz_corpus_free(void)
{
	corpus_free(lib);
	lib = NULL;
}

/* Return the fuzzing library, loading it on first use. */
struct corpus *
fuzz_corpus(void)
{
	struct folio_err err;
	const char *dir;

	if (lib != NULL)
		return lib;
	if ((dir = getenv("FOLIO_FUZZ_LIBRARY")) == NULL)
		dir = "data/library";
	lib = corpus_new();
	if (corpus_add_root(lib, dir, &err) == -1)
		abort();	/* run from the source tree */
	corpus_load(lib, 1);
	atexit(fuzz_corpus_free);
	return lib;
}

/* Return a NUL-terminated copy of the input; the caller frees it. */
char *
fuzz_str(const uint8_t *data, size_t len)
{
	char *s = xmalloc(len + 1);

	memcpy(s, data, len);
	s[len] = '\0';
	return s;
}
