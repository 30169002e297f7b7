/*
 * Shared helpers of the libFuzzer targets: a library loaded once from
 * data/library (or $FOLIO_FUZZ_LIBRARY) for the targets that resolve
 * links or match queries.
 */
#ifndef FOLIO_FUZZ_H
#define FOLIO_FUZZ_H

#include <stddef.h>
#include <stdint.h>

struct corpus;

int		 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Return the fuzzing library, loading it on first use; never NULL. */
struct corpus	*fuzz_corpus(void);

/* Return a NUL-terminated copy of the input; the caller frees it. */
char		*fuzz_str(const uint8_t *data, size_t len);

#endif
