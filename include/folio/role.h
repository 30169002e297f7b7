/* SPDX-License-Identifier: ISC */
#ifndef FOLIO_ROLE_H
#define FOLIO_ROLE_H

/*
 * Style roles: the model tags text with roles, the UI maps each role to a
 * terminal attribute once (from the theme).  Columns: id, config name,
 * one-letter code used by `folio show --roles` and golden files.
 */
#define ROLE_INFO(_) \
	_(TEXT,		"text",		'.') \
	_(H1,		"heading1",	'1') \
	_(H2,		"heading2",	'2') \
	_(H3,		"heading3",	'3') \
	_(EMPH,		"emphasis",	'i') \
	_(STRONG,	"strong",	'b') \
	_(STRIKE,	"strike",	's') \
	_(CODE,		"code",		'c') \
	_(CODEBLOCK,	"codeblock",	'C') \
	_(LINK,		"link",		'l') \
	_(WIKILINK,	"wikilink",	'w') \
	_(WIKILINK_MISSING, "wikilink-missing", 'W') \
	_(TIMESTAMP,	"timestamp",	't') \
	_(ENTITY,	"entity",	'e') \
	_(QUOTE,	"quote",	'q') \
	_(CALLOUT_NOTE,	"callout-note",	'N') \
	_(CALLOUT_TIP,	"callout-tip",	'P') \
	_(CALLOUT_WARNING, "callout-warning", 'A') \
	_(CALLOUT_DANGER, "callout-danger", 'D') \
	_(RULE,		"rule",		'-') \
	_(TABLE_RULE,	"table-rule",	'|') \
	_(TABLE_HEAD,	"table-head",	'h') \
	_(LIST_MARK,	"list-mark",	'm') \
	_(GUTTER,	"gutter",	'g') \
	_(HTML,		"html",		'H') \
	_(CONTROL,	"control",	'x') \
	_(SEARCH_HIT,	"search-hit",	'S') \
	_(CURRENT,	"current",	'*')

enum role {
#define ROLE_ENUM(id, name, code)	ROLE_##id,
	ROLE_INFO(ROLE_ENUM)
#undef ROLE_ENUM
	ROLE__MAX
};

/* Return the config name of a role ("heading1"), or NULL if out of range. */
const char	*role_name(int);
/* Return the one-letter code of a role. */
char		 role_code(int);
/* Return the role with this config name, or -1. */
int		 role_from_name(const char *);

#endif /* !FOLIO_ROLE_H */
