/* SPDX-License-Identifier: ISC */
#ifndef FOLIO_FOLIO_H
#define FOLIO_FOLIO_H

#ifndef FOLIO_VERSION
#define FOLIO_VERSION	"0.1.0"
#endif

#define FOLIO_PRINTF(f, a)	__attribute__((format(printf, f, a)))
#define FOLIO_NORETURN		__attribute__((noreturn))
#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))

/* The value of hex digit "c", or -1. */
static inline int
folio_hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Limits applied to every untrusted input. */
#define FOLIO_MAX_FILE		(256u << 20)	/* bytes read of one document */
#define FOLIO_MAX_FM		(256u << 10)	/* bytes of front matter */
#define FOLIO_MAX_FM_DEPTH	64		/* nesting of front matter */
#define FOLIO_MAX_FM_NODES	100000		/* nodes in one front matter */
#define FOLIO_MAX_MD_RICH	(8u << 20)	/* larger bodies render as plain text */
#define FOLIO_MAX_NEST		32		/* quote/list nesting drawn */
#define FOLIO_PREFIX_MAX	FOLIO_MAX_NEST

#endif /* !FOLIO_FOLIO_H */
