/*
 * Fuzz target: config.yaml.  The loader reads a path, so the input goes
 * through a memfd named by /proc/self/fd.
 */
#include <stdbool.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#include "folio/buf.h"
#include "folio/config.h"
#include "folio/err.h"
#include "fuzz.h"

/* Load and print one configuration; every path must return. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct folio_err err;
	struct config cfg;
	struct buf out = { 0 };
	char path[64];
	int fd;

	if ((fd = memfd_create("config.yaml", 0)) == -1)
		return 0;
	if (write(fd, data, len) != (ssize_t)len) {
		close(fd);
		return 0;
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	if (config_load(&cfg, path, true, &err) == 0) {
		config_print(&out, &cfg);
		buf_free(&out);
	}
	config_free(&cfg);
	close(fd);
	return 0;
}
