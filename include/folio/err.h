/* SPDX-License-Identifier: ISC */
#ifndef FOLIO_ERR_H
#define FOLIO_ERR_H

#include "folio/folio.h"

#define FOLIO_ERR_INFO(_) \
	_(OK,		"no error") \
	_(IO,		"I/O error") \
	_(YAML,		"invalid front matter") \
	_(UTF8,		"invalid UTF-8") \
	_(LIMIT,	"input exceeds a limit") \
	_(DB,		"database error") \
	_(SYNTAX,	"syntax error") \
	_(USAGE,	"usage error") \
	_(NOTFOUND,	"not found") \
	_(UNSAFE,	"refused as unsafe")

enum folio_errc {
#define FOLIO_ERR_ENUM(id, text)	FOLIO_ERR_##id,
	FOLIO_ERR_INFO(FOLIO_ERR_ENUM)
#undef FOLIO_ERR_ENUM
};

struct folio_err {
	enum folio_errc	 code;
	int		 sys;		/* saved errno, or 0 */
	unsigned	 line, col;	/* 1-based position in the input; 0 if unknown */
	char		 msg[256];	/* human text, without the file name */
};

/* Fill "err" (if not NULL) with code and message and return -1. */
int		 err_set(struct folio_err *, enum folio_errc, const char *, ...)
		    FOLIO_PRINTF(3, 4);

/* Like err_set() but also record a 1-based line and column. */
int		 err_setpos(struct folio_err *, enum folio_errc, unsigned,
		    unsigned, const char *, ...) FOLIO_PRINTF(5, 6);

/* Reset "err" to FOLIO_ERR_OK. */
void		 err_clear(struct folio_err *);

/* Return the message, or the code's generic text if the message is empty. */
const char	*err_text(const struct folio_err *);

/* Return the generic text of an error code. */
const char	*err_code_text(enum folio_errc);

#endif /* !FOLIO_ERR_H */
