/* SPDX-License-Identifier: ISC */
#include "folio/reader.h"

#include <stdio.h>

#include "folio/cli.h"

int
reader_main(const struct cli_opts *o)
{
	const char *argv[] = { NULL };
	struct cli_opts lo = *o;

	/* The reader is not built yet: show the list instead. */
	lo.args = argv;
	lo.nargs = 0;
	return cli_run("list", &lo);
}

int
reader_list_actions(void)
{
	return 0;
}
