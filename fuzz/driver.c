/*
 * Replay driver: runs a fuzz target over the files named on the command
 * line without libFuzzer, so saved crash inputs and the seed corpus are
 * regression tests in every build (make check, make asan).
 */
#include <stdio.h>
#include <stdlib.h>

#include "folio/buf.h"
#include "fuzz.h"

/* Feed each file to the target; exit 1 if one cannot be read. */
int
main(int argc, char *argv[])
{
	struct buf b = { 0 };
	char chunk[65536];
	size_t n;
	FILE *fp;
	int i, rc = 0;

	for (i = 1; i < argc; i++) {
		if ((fp = fopen(argv[i], "rb")) == NULL) {
			perror(argv[i]);
			rc = 1;
			continue;
		}
		b.len = 0;
		while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
			buf_add(&b, chunk, n);
		fclose(fp);
		LLVMFuzzerTestOneInput((const unsigned char *)(b.p ? b.p : ""),
		    b.len);
	}
	buf_free(&b);
	return rc;
}
