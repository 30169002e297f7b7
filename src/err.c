/* SPDX-License-Identifier: ISC */
#include "folio/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *const err_texts[] = {
#define FOLIO_ERR_TEXT(id, text)	text,
	FOLIO_ERR_INFO(FOLIO_ERR_TEXT)
#undef FOLIO_ERR_TEXT
};

static void
err_vset(struct folio_err *err, enum folio_errc code, unsigned line,
    unsigned col, const char *fmt, va_list ap)
{
	err->code = code;
	err->sys = 0;
	err->line = line;
	err->col = col;
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
}

int
err_set(struct folio_err *err, enum folio_errc code, const char *fmt, ...)
{
	va_list	 ap;

	if (err == NULL)
		return -1;
	va_start(ap, fmt);
	err_vset(err, code, 0, 0, fmt, ap);
	va_end(ap);
	return -1;
}

int
err_setpos(struct folio_err *err, enum folio_errc code, unsigned line,
    unsigned col, const char *fmt, ...)
{
	va_list	 ap;

	if (err == NULL)
		return -1;
	va_start(ap, fmt);
	err_vset(err, code, line, col, fmt, ap);
	va_end(ap);
	return -1;
}

void
err_clear(struct folio_err *err)
{
	if (err != NULL)
		memset(err, 0, sizeof(*err));
}

const char *
err_code_text(enum folio_errc code)
{
	if ((size_t)code >= ARRAY_SIZE(err_texts))
		return "unknown error";
	return err_texts[code];
}

const char *
err_text(const struct folio_err *err)
{
	if (err->msg[0] != '\0')
		return err->msg;
	return err_code_text(err->code);
}
