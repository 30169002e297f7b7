/* SPDX-License-Identifier: ISC */
#include "folio/role.h"

#include <string.h>

static const struct {
	const char	*name;
	char		 code;
} roles[] = {
#define ROLE_ROW(id, name, code)	{ name, code },
	ROLE_INFO(ROLE_ROW)
#undef ROLE_ROW
};

const char *
role_name(int r)
{
	if (r < 0 || r >= ROLE__MAX)
		return NULL;
	return roles[r].name;
}

char
role_code(int r)
{
	if (r < 0 || r >= ROLE__MAX)
		return '?';
	return roles[r].code;
}

int
role_from_name(const char *name)
{
	int	 r;

	for (r = 0; r < ROLE__MAX; r++)
		if (strcmp(roles[r].name, name) == 0)
			return r;
	return -1;
}
