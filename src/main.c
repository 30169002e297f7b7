/* SPDX-License-Identifier: ISC */
#include <stdio.h>

#include "folio/folio.h"

int
main(void)
{
	puts("folio " FOLIO_VERSION);
	return 0;
}
