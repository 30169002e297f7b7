/* SPDX-License-Identifier: ISC */
#include "folio/query.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "folio/buf.h"
#include "folio/corpus.h"
#include "folio/doc.h"
#include "folio/markdown.h"
#include "folio/speaker.h"
#include "folio/timestamp.h"
#include "folio/utf8.h"
#include "folio/xmalloc.h"

#define MAX_DEPTH	64
#define MAX_NODES	4096
#define MEMO_SLOTS	64	/* terms whose results a memo keeps */
#define PAIR_WORDS	4	/* 256 bits of byte pairs per document */

enum qop {
	Q_AND,
	Q_OR,
	Q_NOT,
	Q_WORD,			/* any metadata value */
	Q_FIELD,		/* field:value */
	Q_CMP,			/* field op value */
};

enum qfield {
	F_TITLE,
	F_PATH,
	F_KIND,
	F_VIDEO,
	F_ENTITY,
	F_CATEGORY,		/* company:, people: ... */
	F_FACET,		/* concept:, keyword:, tag: */
	F_DATE,
	F_AFTER,
	F_BEFORE,
	F_DURATION,
	F_HAS,
	F_LINKS,
	F_LINKEDFROM,
	F_BODY,
	F_SPEAKER,		/* speaker: reads the document */
	F_PATHVAL,		/* any front-matter path */
};

struct qnode {
	enum qop	 op;
	enum qfield	 field;
	char		*name;		/* folded field or path name */
	char		*value;		/* folded value */
	char		 cmp[3];	/* "<", ">=", ... */
	long		 num;		/* duration seconds */
	struct qnode	*a, *b;
	/* Memo: which entities of the library "memo_c" match this node
	 * (its category and value), one byte each, and those entities'
	 * numbers modulo 64 as bits (0: none matches). */
	uint8_t		*memo;
	const struct corpus *memo_c;
	size_t		 memo_n;
	uint64_t	 emask;
	/* With a query_memo: this term's results, and the byte pairs of
	 * its value (when it has two bytes or more). */
	struct qslot	*slot;
	uint64_t	 pairs[PAIR_WORDS];
	bool		 haspairs;
};

struct query {
	struct qnode	*root;
	int		 body;
	int		 nodes;
	struct query_memo *memo;
};

/* What one term matched: a bit per document, and which are known. */
struct qslot {
	char		*key;		/* the term: operator, field, value */
	uint64_t	*known, *val;
	unsigned	 refs;		/* nodes of live queries using it */
	unsigned long	 used;		/* when it was last attached */
};

struct query_memo {
	const struct corpus *c;		/* the library it was built for */
	size_t		 n, nents;	/* its entries and entities then */
	uint64_t	*pairs;		/* PAIR_WORDS per document */
	uint64_t	*ents;		/* per document: entities named */
	uint64_t	*built;		/* a bit per document: its pairs */
	uint64_t	*ebuilt;	/* ... its entities */
	size_t		 prep;		/* documents before it: prepared */
	struct qslot	**slots;
	size_t		 nslots;
	unsigned long	 tick;
};

struct parser {
	const char	*s;
	size_t		 pos;
	struct folio_err *err;
	int		 depth;
	int		 nodes;
	int		 failed;
};

static bool	(*body_hook)(const struct corpus *, size_t, const char *,
		    void *);
static void	*body_arg;

void
query_set_body_hook(bool (*fn)(const struct corpus *, size_t, const char *,
    void *), void *arg)
{
	body_hook = fn;
	body_arg = arg;
}

/* ---- parsing -------------------------------------------------------------- */

static int
fail(struct parser *p, size_t at, const char *msg)
{
	if (!p->failed)
		err_setpos(p->err, FOLIO_ERR_SYNTAX, 1, (unsigned)at + 1,
		    "column %zu: %s", at + 1, msg);
	p->failed = 1;
	return -1;
}

static void
skip_space(struct parser *p)
{
	while (p->s[p->pos] == ' ' || p->s[p->pos] == '\t')
		p->pos++;
}

static struct qnode *
node(struct parser *p, enum qop op)
{
	struct qnode	*n;

	if (++p->nodes > MAX_NODES) {
		fail(p, p->pos, "query too long");
		return NULL;
	}
	n = xcalloc(1, sizeof(*n));
	n->op = op;
	return n;
}

static void
free_node(struct qnode *n)
{
	if (n == NULL)
		return;
	free_node(n->a);
	free_node(n->b);
	free(n->name);
	free(n->value);
	free(n->memo);
	if (n->slot != NULL)
		n->slot->refs--;
	free(n);
}

static char *
fold(const char *s, size_t n)
{
	struct buf	 b = { 0 };
	char		*r;

	utf8_fold(&b, s, n, NULL);
	r = xstrndup(buf_cstr(&b), b.len);
	buf_free(&b);
	return r;
}

/* Read a quoted string or a bare word at p->pos; NULL on error. */
static char *
read_value(struct parser *p, size_t *len)
{
	struct buf	 b = { 0 };
	size_t		 start = p->pos;
	char		*r;

	if (p->s[p->pos] == '"') {
		p->pos++;
		while (p->s[p->pos] != '"') {
			if (p->s[p->pos] == '\0') {
				buf_free(&b);
				fail(p, start, "unterminated quote");
				return NULL;
			}
			if (p->s[p->pos] == '\\' && p->s[p->pos + 1] != '\0')
				p->pos++;
			buf_addc(&b, p->s[p->pos++]);
		}
		p->pos++;
	} else {
		while (p->s[p->pos] != '\0' && p->s[p->pos] != ' ' &&
		    p->s[p->pos] != '\t' && p->s[p->pos] != '(' &&
		    p->s[p->pos] != ')')
			buf_addc(&b, p->s[p->pos++]);
	}
	*len = b.len;
	r = xstrndup(buf_cstr(&b), b.len);
	buf_free(&b);
	return r;
}

static const struct {
	const char	*name;
	enum qfield	 f;
} fields[] = {
	{ "title", F_TITLE }, { "path", F_PATH }, { "kind", F_KIND },
	{ "video", F_VIDEO }, { "entity", F_ENTITY }, { "entities", F_ENTITY },
	{ "date", F_DATE }, { "after", F_AFTER }, { "before", F_BEFORE },
	{ "duration", F_DURATION }, { "has", F_HAS }, { "links", F_LINKS },
	{ "linkedfrom", F_LINKEDFROM }, { "body", F_BODY },
	{ "speaker", F_SPEAKER }, { "speakers", F_SPEAKER },
	{ "concept", F_FACET }, { "concepts", F_FACET },
	{ "keyword", F_FACET }, { "keywords", F_FACET },
	{ "tag", F_FACET }, { "tags", F_FACET },
	{ "company", F_CATEGORY }, { "companies", F_CATEGORY },
	{ "person", F_CATEGORY }, { "people", F_CATEGORY },
	{ "product", F_CATEGORY }, { "products", F_CATEGORY },
	{ "model", F_CATEGORY }, { "models", F_CATEGORY },
};

static const char *const has_values[] = {
	"timestamps", "video", "errors", "links", "backlinks",
};

/* The plural a singular facet or category name stands for. */
static const char *
plural(const char *name)
{
	static const struct { const char *s, *p; } tab[] = {
		{ "company", "companies" }, { "person", "people" },
		{ "product", "products" }, { "model", "models" },
		{ "concept", "concepts" }, { "keyword", "keywords" },
		{ "tag", "tags" },
	};
	size_t	 i;

	for (i = 0; i < ARRAY_SIZE(tab); i++)
		if (strcmp(name, tab[i].s) == 0)
			return tab[i].p;
	return name;
}

static bool
is_name_char(int c, bool first)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
	    (!first && ((c >= '0' && c <= '9') || c == '.' || c == '-'));
}

bool
query_kind_ok(const char *v)
{
	static const char *const kinds[] = { "video", "captions", "note" };
	size_t	 i, n = strlen(v);

	for (i = 0; n > 0 && i < ARRAY_SIZE(kinds); i++)
		if (strncmp(kinds[i], v, n) == 0)
			return true;
	return false;
}

/* Whether s[0..n) is all digits, a number from lo to hi. */
static bool
digits_in(const char *s, size_t n, long lo, long hi)
{
	long	 v = 0;
	size_t	 i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	return v >= lo && v <= hi;
}

bool
query_date_ok(const char *v)
{
	size_t	 n = strlen(v);

	if (n != 4 && n != 7 && n != 10)
		return false;
	if (!digits_in(v, 4, 0, 9999))
		return false;
	if (n >= 7 && (v[4] != '-' || !digits_in(v + 5, 2, 1, 12)))
		return false;
	if (n == 10 && (v[7] != '-' || !digits_in(v + 8, 2, 1, 31)))
		return false;
	return true;
}

static struct qnode *parse_or(struct parser *);

static struct qnode *
parse_term(struct parser *p)
{
	struct qnode	*n;
	size_t		 start = p->pos, vstart, nl = 0, vl, i;
	char		*name, *v;
	char		 cmp[3] = "";
	const char	*why = NULL;

	/* A field name: letters, digits, '_', '.', '-', then ':' or an
	 * operator; "https://" stays a word. */
	while (is_name_char((unsigned char)p->s[p->pos + nl], nl == 0))
		nl++;
	if (nl > 0 && p->s[p->pos + nl] == ':' && strncmp(p->s + p->pos + nl,
	    "://", 3) != 0) {
		cmp[0] = ':';
	} else if (nl > 0 && (p->s[p->pos + nl] == '<' ||
	    p->s[p->pos + nl] == '>' || p->s[p->pos + nl] == '=')) {
		cmp[0] = p->s[p->pos + nl];
		if (p->s[p->pos + nl + 1] == '=')
			cmp[1] = '=';
	} else
		nl = 0;
	if (nl == 0) {
		v = read_value(p, &vl);
		if (v == NULL)
			return NULL;
		if (vl == 0) {
			free(v);
			fail(p, start, "empty word");
			return NULL;
		}
		if ((n = node(p, Q_WORD)) == NULL) {
			free(v);
			return NULL;
		}
		n->value = fold(v, vl);
		free(v);
		return n;
	}
	name = fold(p->s + p->pos, nl);
	p->pos += nl + strlen(cmp);
	if (p->s[p->pos] == '\0' || p->s[p->pos] == ' ' || p->s[p->pos] == ')') {
		free(name);
		fail(p, p->pos, "a value is missing");
		return NULL;
	}
	vstart = p->pos;
	v = read_value(p, &vl);
	if (v == NULL) {
		free(name);
		return NULL;
	}
	if ((n = node(p, cmp[0] == ':' ? Q_FIELD : Q_CMP)) == NULL) {
		free(name);
		free(v);
		return NULL;
	}
	memcpy(n->cmp, cmp, sizeof(n->cmp));
	n->field = F_PATHVAL;
	for (i = 0; i < ARRAY_SIZE(fields); i++)
		if (strcmp(name, fields[i].name) == 0)
			n->field = fields[i].f;
	n->name = xstrdup(plural(name));
	free(name);
	n->value = fold(v, vl);
	if (n->field == F_DURATION) {
		/* A bare number is minutes ("duration>30"). */
		n->num = vl > 0 && strspn(v, "0123456789") == vl && vl < 7 ?
		    atol(v) * 60 : ts_parse_duration(v, vl);
		if (n->num < 0)
			why = "duration: not a duration, use minutes, 30m, "
			    "1h30m, 90s or 45:00";
		if (n->op == Q_FIELD)
			memcpy(n->cmp, "=", 2);
		n->op = Q_CMP;
	} else if (n->op == Q_CMP && n->field != F_DATE) {
		why = "only date and duration compare with < > =";
		vstart = start + nl;	/* the caret under the operator */
	}
	else if (n->field == F_HAS) {
		for (i = 0; i < ARRAY_SIZE(has_values); i++)
			if (strcmp(n->value, has_values[i]) == 0)
				break;
		if (i == ARRAY_SIZE(has_values))
			why = "has: takes timestamps, video, errors, links or "
			    "backlinks";
	} else if (n->field == F_KIND) {
		if (!query_kind_ok(n->value))
			why = "kind: takes video, captions or note";
	} else if (n->field == F_DATE || n->field == F_AFTER ||
	    n->field == F_BEFORE) {
		if (!query_date_ok(n->value))
			why = n->field == F_DATE ? "date: not a date, use "
			    "YYYY[-MM[-DD]]" : n->field == F_AFTER ? "after: "
			    "not a date, use YYYY[-MM[-DD]]" : "before: not a "
			    "date, use YYYY[-MM[-DD]]";
	}
	if (why != NULL) {
		free(v);
		free_node(n);
		fail(p, vstart, why);
		return NULL;
	}
	free(v);
	return n;
}

static struct qnode *
parse_unary(struct parser *p)
{
	struct qnode	*n, *sub;
	size_t		 start;

	skip_space(p);
	start = p->pos;
	if (p->s[p->pos] == '-' && p->s[p->pos + 1] != '\0' &&
	    p->s[p->pos + 1] != ' ') {
		p->pos++;
		if (++p->depth > MAX_DEPTH) {
			fail(p, start, "nested too deep");
			return NULL;
		}
		sub = parse_unary(p);
		p->depth--;
		if (sub == NULL)
			return NULL;
		if ((n = node(p, Q_NOT)) == NULL) {
			free_node(sub);
			return NULL;
		}
		n->a = sub;
		return n;
	}
	if (p->s[p->pos] == '(') {
		p->pos++;
		if (++p->depth > MAX_DEPTH) {
			fail(p, start, "nested too deep");
			return NULL;
		}
		n = parse_or(p);
		p->depth--;
		if (n == NULL)
			return NULL;
		skip_space(p);
		if (p->s[p->pos] != ')') {
			free_node(n);
			fail(p, start, "unbalanced parenthesis");
			return NULL;
		}
		p->pos++;
		return n;
	}
	if (p->s[p->pos] == ')') {
		fail(p, start, "unexpected ')'");
		return NULL;
	}
	if (p->s[p->pos] == '\0') {
		fail(p, start, "a term is missing");
		return NULL;
	}
	return parse_term(p);
}

static bool
at_or(struct parser *p)
{
	return strncmp(p->s + p->pos, "OR", 2) == 0 &&
	    (p->s[p->pos + 2] == ' ' || p->s[p->pos + 2] == '(' ||
	    p->s[p->pos + 2] == '\0');
}

static struct qnode *
parse_and(struct parser *p)
{
	struct qnode	*left, *right, *n;

	if ((left = parse_unary(p)) == NULL)
		return NULL;
	for (;;) {
		skip_space(p);
		if (p->s[p->pos] == '\0' || p->s[p->pos] == ')' || at_or(p))
			return left;
		if ((right = parse_unary(p)) == NULL) {
			free_node(left);
			return NULL;
		}
		if ((n = node(p, Q_AND)) == NULL) {
			free_node(left);
			free_node(right);
			return NULL;
		}
		n->a = left;
		n->b = right;
		left = n;
	}
}

static struct qnode *
parse_or(struct parser *p)
{
	struct qnode	*left, *right, *n;

	if ((left = parse_and(p)) == NULL)
		return NULL;
	for (;;) {
		skip_space(p);
		if (!at_or(p))
			return left;
		p->pos += 2;
		if ((right = parse_and(p)) == NULL) {
			free_node(left);
			return NULL;
		}
		if ((n = node(p, Q_OR)) == NULL) {
			free_node(left);
			free_node(right);
			return NULL;
		}
		n->a = left;
		n->b = right;
		left = n;
	}
}

static int
uses_body(const struct qnode *n)
{
	if (n == NULL)
		return 0;
	if ((n->op == Q_FIELD || n->op == Q_CMP) && (n->field == F_BODY ||
	    n->field == F_SPEAKER))
		return 1;
	return uses_body(n->a) || uses_body(n->b);
}

struct query *
query_compile(const char *text, struct folio_err *err)
{
	struct parser	 p;
	struct query	*q;

	memset(&p, 0, sizeof(p));
	p.s = text;
	p.err = err;
	q = xcalloc(1, sizeof(*q));
	skip_space(&p);
	if (p.s[p.pos] == '\0')
		return q;
	q->root = parse_or(&p);
	if (q->root != NULL) {
		skip_space(&p);
		if (p.s[p.pos] != '\0') {
			fail(&p, p.pos, "unexpected ')'");
			free_node(q->root);
			q->root = NULL;
		}
	}
	if (q->root == NULL) {
		free(q);
		return NULL;
	}
	q->body = uses_body(q->root);
	return q;
}

void
query_free(struct query *q)
{
	if (q == NULL)
		return;
	free_node(q->root);
	free(q);
}

bool
query_uses_body(const struct query *q)
{
	return q != NULL && q->body;
}

/* ---- the memo ------------------------------------------------------------ */

/* The bit of the byte pair (a, b) among PAIR_WORDS * 64. */
static inline unsigned
pair_bit(unsigned char a, unsigned char b)
{
	return ((a * 0x9e3779b1u) ^ (b * 0x85ebca77u)) >> 24;
}

/* A byte as the "fields" lines hold it: newlines and tabs in values are
 * spaces there. */
static inline unsigned char
as_field(unsigned char c)
{
	return c == '\n' || c == '\t' || c == '\r' ? ' ' : c;
}

/*
 * Set in out the bits of every pair of adjacent bytes of s[0..n); of a
 * document's metadata ("doc"), the pairs as its "fields" hold them too, so
 * a value found there is never ruled out.
 */
static void
pairs_of(const char *s, size_t n, bool doc, uint64_t out[PAIR_WORDS])
{
	const unsigned char *u = (const unsigned char *)s;
	uint64_t w[PAIR_WORDS] = { 0 };	/* not through out: s may alias it */
	size_t	 k;
	unsigned b;
	int	 i;

	for (k = 0; k + 1 < n; k++) {
		b = pair_bit(u[k], u[k + 1]);
		w[b >> 6] |= 1ull << (b & 63);
		if (doc && (as_field(u[k]) != u[k] ||
		    as_field(u[k + 1]) != u[k + 1])) {
			b = pair_bit(as_field(u[k]), as_field(u[k + 1]));
			w[b >> 6] |= 1ull << (b & 63);
		}
	}
	for (i = 0; i < PAIR_WORDS; i++)
		out[i] |= w[i];
}

/* Words of a bit per document of the memo's library. */
static size_t
memo_words(const struct query_memo *m)
{
	return (m->n + 63) / 64 + 1;
}

/* Give slot s empty bits for the memo's library (none without one). */
static void
slot_reset(struct qslot *s, const struct query_memo *m)
{
	free(s->known);
	free(s->val);
	s->known = s->val = NULL;
	if (m->c != NULL) {
		s->known = xcalloc(memo_words(m), sizeof(uint64_t));
		s->val = xcalloc(memo_words(m), sizeof(uint64_t));
	}
}

struct query_memo *
query_memo_new(void)
{
	return xcalloc(1, sizeof(struct query_memo));
}

void
query_memo_clear(struct query_memo *m)
{
	size_t	 i, k;

	if (m == NULL)
		return;
	free(m->pairs);
	free(m->ents);
	free(m->built);
	free(m->ebuilt);
	m->pairs = m->ents = m->built = m->ebuilt = NULL;
	m->c = NULL;
	m->n = m->nents = m->prep = 0;
	/* Terms of live queries keep their slots, emptied. */
	for (i = k = 0; i < m->nslots; i++) {
		struct qslot *s = m->slots[i];

		slot_reset(s, m);
		if (s->refs == 0) {
			free(s->key);
			free(s);
			continue;
		}
		m->slots[k++] = s;
	}
	m->nslots = k;
}

void
query_memo_free(struct query_memo *m)
{
	size_t	 i;

	if (m == NULL)
		return;
	query_memo_clear(m);
	for (i = 0; i < m->nslots; i++) {	/* a query left alive */
		free(m->slots[i]->key);
		free(m->slots[i]);
	}
	free(m->slots);
	free(m);
}

/* Make the memo fit library c, emptied when c is not the one it was
 * for: what it derives from each document is filled in as it is met. */
static void
memo_sync(struct query_memo *m, const struct corpus *c)
{
	size_t	 i;

	if (m->c == c && m->n == c->n && m->nents == c->nents)
		return;
	query_memo_clear(m);
	m->c = c;
	m->n = c->n;
	m->nents = c->nents;
	m->pairs = xcalloc(c->n * PAIR_WORDS + 1, sizeof(*m->pairs));
	m->ents = xcalloc(c->n + 1, sizeof(*m->ents));
	m->built = xcalloc(memo_words(m), sizeof(*m->built));
	m->ebuilt = xcalloc(memo_words(m), sizeof(*m->ebuilt));
	for (i = 0; i < m->nslots; i++)
		slot_reset(m->slots[i], m);
}

/* The memo's byte pairs of document i, filled in on first use. */
static const uint64_t *
memo_pairs(struct query_memo *m, const struct corpus *c, size_t i)
{
	const struct entry *e = &c->e[i];
	uint64_t	 bit = 1ull << (i & 63);

	if (!(m->built[i >> 6] & bit)) {
		m->built[i >> 6] |= bit;
		if (e->meta != NULL)
			pairs_of(e->meta, strlen(e->meta), true,
			    &m->pairs[i * PAIR_WORDS]);
	}
	return &m->pairs[i * PAIR_WORDS];
}

/* The memo's entities of document i (numbers modulo 64, as bits),
 * filled in on first use. */
static uint64_t
memo_ents(struct query_memo *m, const struct corpus *c, size_t i)
{
	const struct entry *e = &c->e[i];
	uint64_t	 bit = 1ull << (i & 63), ents = 0;
	size_t		 k;

	if (m->ebuilt[i >> 6] & bit)
		return m->ents[i];
	m->ebuilt[i >> 6] |= bit;
	for (k = 0; k < e->nents; k++)
		ents |= 1ull << ((uint32_t)e->ents[k] & 63);
	for (k = 0; k < e->nmention; k++)
		ents |= 1ull << (e->mention_ent[k] & 63);
	return m->ents[i] = ents;
}

size_t
query_memo_prepare(struct query_memo *m, const struct corpus *c, size_t max)
{
	if (m == NULL || c == NULL)
		return 0;
	memo_sync(m, c);
	for (; m->prep < c->n && max > 0; m->prep++, max--) {
		memo_pairs(m, c, m->prep);
		memo_ents(m, c, m->prep);
	}
	return c->n - m->prep;
}

/* Whether a term's results are worth keeping: those that read more
 * than a number or two of the entry (body: terms change as the index
 * fills, and are not kept). */
static bool
keeps(const struct qnode *n)
{
	if (n->op == Q_WORD)
		return true;
	if (n->op != Q_FIELD)
		return false;
	switch (n->field) {
	case F_KIND:
	case F_DATE:
	case F_AFTER:
	case F_BEFORE:
	case F_DURATION:
	case F_HAS:
	case F_BODY:
	case F_SPEAKER:
		return false;
	default:
		return true;
	}
}

/* The memo's slot for term n, made (evicting the least recently used
 * one no query uses) if it has none. */
static struct qslot *
memo_slot(struct query_memo *m, const struct qnode *n)
{
	struct qslot	*s;
	char		*key;
	size_t		 i, lru = SIZE_MAX;

	key = xasprintf("%d %d %s\t%s", (int)n->op, (int)n->field,
	    n->name ? n->name : "", n->value ? n->value : "");
	for (i = 0; i < m->nslots; i++)
		if (strcmp(m->slots[i]->key, key) == 0) {
			free(key);
			return m->slots[i];
		}
	if (m->nslots >= MEMO_SLOTS)
		for (i = 0; i < m->nslots; i++)
			if (m->slots[i]->refs == 0 && (lru == SIZE_MAX ||
			    m->slots[i]->used < m->slots[lru]->used))
				lru = i;
	if (lru != SIZE_MAX) {
		s = m->slots[lru];
		free(s->key);
	} else {
		m->slots = xreallocarray(m->slots, m->nslots + 1,
		    sizeof(*m->slots));
		s = m->slots[m->nslots++] = xcalloc(1, sizeof(*s));
	}
	s->key = key;
	slot_reset(s, m);
	return s;
}

/* Attach the terms under n to memo slots; note their values' pairs. */
static void
use_memo(struct qnode *n, struct query_memo *m)
{
	if (n == NULL)
		return;
	use_memo(n->a, m);
	use_memo(n->b, m);
	if (!keeps(n) || n->slot != NULL)
		return;
	n->slot = memo_slot(m, n);
	n->slot->refs++;
	n->slot->used = ++m->tick;
	if (n->value != NULL && strlen(n->value) >= 2) {
		pairs_of(n->value, strlen(n->value), false, n->pairs);
		n->haspairs = true;
	}
}

void
query_use_memo(struct query *q, struct query_memo *m)
{
	if (q == NULL || q->memo != NULL || m == NULL)
		return;
	q->memo = m;
	use_memo(q->root, m);
}

/* False when document i cannot hold n's value in its metadata (nor so in
 * its fields, whose values are the metadata's): a pair of bytes of the
 * value is not among its pairs. */
static bool
meta_may_have(struct query_memo *m, const struct corpus *c,
    const struct qnode *n, size_t i)
{
	const uint64_t	*p;
	int		 w;

	if (m == NULL || m->pairs == NULL || !n->haspairs)
		return true;
	p = memo_pairs(m, c, i);
	for (w = 0; w < PAIR_WORDS; w++)
		if ((p[w] & n->pairs[w]) != n->pairs[w])
			return false;
	return true;
}

/* ---- matching ----------------------------------------------------------- */

/* The n-th line (0-based) of a folded blob, as a span. */
static const char *
line_of(const char *s, int n, size_t *len)
{
	const char	*e;

	while (n-- > 0 && s != NULL && (s = strchr(s, '\n')) != NULL)
		s++;
	if (s == NULL) {
		*len = 0;
		return "";
	}
	e = strchr(s, '\n');
	*len = e ? (size_t)(e - s) : strlen(s);
	return s;
}

static bool
span_has(const char *s, size_t n, const char *needle)
{
	size_t	 k = strlen(needle);

	if (k == 0)
		return true;
	return k <= n && memmem(s, n, needle, k) != NULL;
}

/* A front-matter path matches "name": equal, or the name is a prefix
 * followed by ".", or "entities.NAME". */
static bool
path_matches(const char *path, size_t plen, const char *name, bool cat)
{
	size_t	 nl = strlen(name);

	if (cat) {
		if (plen == 9 + nl && strncmp(path, "entities.", 9) == 0 &&
		    memcmp(path + 9, name, nl) == 0)
			return true;
		return false;
	}
	return plen >= nl && memcmp(path, name, nl) == 0 &&
	    (plen == nl || path[nl] == '.');
}

static bool
fields_match(const struct entry *e, const char *name, bool cat,
    const char *value)
{
	const char	*s = e->fields, *tab, *nl;

	if (s == NULL)
		return false;
	for (; *s; s = nl + 1) {
		nl = strchr(s, '\n');
		if (nl == NULL)
			nl = s + strlen(s);
		tab = memchr(s, '\t', (size_t)(nl - s));
		if (tab != NULL && path_matches(s, (size_t)(tab - s), name,
		    cat) && span_has(tab + 1, (size_t)(nl - tab - 1), value))
			return true;
		if (*nl == '\0')
			break;
	}
	return false;
}

/* Entities listed or mentioned in document i, optionally of one
 * category. */
static bool
entity_match(const struct corpus *c, size_t i, const struct qnode *cn,
    const char *cat, struct query_memo *m)
{
	struct qnode	*n = (struct qnode *)cn;	/* the memo only */
	const struct entry *e = &c->e[i];
	size_t		 k;

	/* Which entities match is the same for every document: work it
	 * out once per query and library. */
	if (n->memo == NULL || n->memo_c != c || n->memo_n != c->nents) {
		free(n->memo);
		n->memo = xcalloc(c->nents + 1, 1);
		n->memo_c = c;
		n->memo_n = c->nents;
		n->emask = 0;
		for (k = 0; k < c->nents; k++) {
			n->memo[k] = (cat == NULL ||
			    strcmp(c->ents[k].category, cat) == 0) &&
			    strstr(c->ents[k].key, n->value) != NULL;
			if (n->memo[k])
				n->emask |= 1ull << (k & 63);
		}
	}
	/* None matches, or none that document i names. */
	if (n->emask == 0)
		return false;
	if (m != NULL && m->ents != NULL) {
		if ((memo_ents(m, c, i) & n->emask) == 0)
			return false;
		if (c->nents <= 64)	/* one bit per entity: exact */
			return true;
	}
	for (k = 0; k < e->nents; k++)
		if (n->memo[e->ents[k]])
			return true;
	for (k = 0; k < e->nmention; k++)
		if (n->memo[e->mention_ent[k]])
			return true;
	return false;
}

static int
cmp_result(int r, const char *op)
{
	if (strcmp(op, "<") == 0)
		return r < 0;
	if (strcmp(op, "<=") == 0)
		return r <= 0;
	if (strcmp(op, ">") == 0)
		return r > 0;
	if (strcmp(op, ">=") == 0)
		return r >= 0;
	return r == 0;
}

/* Compare a date with a (possibly shorter) date prefix. */
static int
date_cmp(const char *date, const char *v)
{
	size_t	 n = strlen(v);
	int	 r = strncmp(date, v, n);

	return r;
}

static bool
body_scan(const struct corpus *c, size_t i, const char *phrase)
{
	struct folio_err err;
	struct buf	 f = { 0 };
	struct doc	*d;
	bool		 r;

	if (body_hook != NULL)
		return body_hook(c, i, phrase, body_arg);
	d = doc_load(c->e[i].abspath, c->e[i].path, NULL, NULL, &err);
	if (d == NULL)
		return false;
	utf8_fold(&f, d->src->p + d->body_off, d->len - d->body_off, NULL);
	r = strstr(buf_cstr(&f), phrase) != NULL;
	buf_free(&f);
	doc_free(d);
	return r;
}

/* speaker:NAME: a speaker of the document (voice tag or label) whose
 * name contains the folded value. */
static bool
speaker_scan_doc(const struct corpus *c, size_t i, const char *value)
{
	struct folio_err err;
	struct speakers	 sp;
	struct doc	*d;
	bool		 r;

	const char	**known = NULL;
	size_t		 nknown = 0, k;

	d = doc_load(c->e[i].abspath, c->e[i].path, NULL, NULL, &err);
	if (d == NULL)
		return false;
	/* The people of the entity dictionary are known speakers. */
	for (k = 0; k < c->nents; k++)
		if (c->ents[k].category != NULL &&
		    strcmp(c->ents[k].category, "people") == 0) {
			known = xreallocarray(known, nknown + 1,
			    sizeof(*known));
			known[nknown++] = c->ents[k].name;
		}
	speaker_scan(d, known, nknown, &sp);
	r = speaker_match(&sp, value);
	speaker_free(&sp);
	doc_free(d);
	free(known);
	return r;
}

static bool
names_doc(const struct entry *e, const char *v)
{
	size_t	 n;
	const char *t = line_of(e->meta, 0, &n);

	if (span_has(t, n, v))
		return true;
	t = line_of(e->meta, 1, &n);
	return span_has(t, n, v);
}

/* Whether term n (not AND, OR or NOT) matches document i. */
static bool
term(const struct qnode *n, const struct corpus *c, size_t i,
    struct query_memo *m)
{
	const struct entry *e = &c->e[i];
	const char	*s;
	size_t		 len, k;

	switch (n->op) {
	case Q_AND:
	case Q_OR:
	case Q_NOT:
		return false;		/* not a term */
	case Q_WORD:
		if (meta_may_have(m, c, n, i) && e->meta != NULL &&
		    strstr(e->meta, n->value) != NULL)
			return true;
		return entity_match(c, i, n, NULL, m);
	case Q_CMP:
		if (n->field == F_DURATION)
			return e->duration >= 0 && cmp_result(e->duration >
			    n->num ? 1 : e->duration < n->num ? -1 : 0,
			    n->cmp);
		return e->date != NULL && cmp_result(date_cmp(e->date,
		    n->value), n->cmp);
	case Q_FIELD:
		break;
	}
	switch (n->field) {
	case F_TITLE:
		if (!meta_may_have(m, c, n, i))
			return false;
		s = line_of(e->meta, 0, &len);
		return span_has(s, len, n->value);
	case F_PATH:
		if (!meta_may_have(m, c, n, i))
			return false;
		s = line_of(e->meta, 1, &len);
		return span_has(s, len, n->value);
	case F_KIND:
		return strncmp(doc_kind_name(e->kind), n->value,
		    strlen(n->value)) == 0;
	case F_VIDEO: {
		struct buf f = { 0 };
		bool r;

		utf8_fold(&f, e->video, strlen(e->video), NULL);
		r = e->video[0] != '\0' && strstr(buf_cstr(&f), n->value);
		buf_free(&f);
		return r;
	}
	case F_ENTITY:
		return entity_match(c, i, n, NULL, m) ||
		    (meta_may_have(m, c, n, i) &&
		    fields_match(e, "entities", false, n->value));
	case F_CATEGORY:
		return entity_match(c, i, n, n->name, m) ||
		    (meta_may_have(m, c, n, i) &&
		    fields_match(e, n->name, true, n->value));
	case F_FACET:
		return (meta_may_have(m, c, n, i) &&
		    fields_match(e, n->name, false, n->value)) ||
		    entity_match(c, i, n, n->name, m);
	case F_DATE:
		return e->date != NULL && date_cmp(e->date, n->value) == 0;
	case F_AFTER:
		return e->date != NULL && date_cmp(e->date, n->value) > 0;
	case F_BEFORE:
		return e->date != NULL && date_cmp(e->date, n->value) < 0;
	case F_HAS:
		if (strcmp(n->value, "timestamps") == 0)
			return e->nts > 0;
		if (strcmp(n->value, "video") == 0)
			return e->video[0] != '\0';
		if (strcmp(n->value, "errors") == 0)
			return e->nerrors > 0;
		if (strcmp(n->value, "links") == 0)
			return e->nlinks > 0;
		return e->nbacklinks > 0;
	case F_LINKS:
		for (k = 0; k < e->nlinks; k++) {
			const struct elink *l = &e->links[k];
			struct buf f = { 0 };
			bool r;

			if (l->to >= 0 && names_doc(&c->e[l->to], n->value))
				return true;
			utf8_fold(&f, l->target, strlen(l->target), NULL);
			r = strstr(buf_cstr(&f), n->value) != NULL;
			buf_free(&f);
			if (r)
				return true;
		}
		return false;
	case F_LINKEDFROM:
		for (k = 0; k < c->n; k++)
			if (k != i && names_doc(&c->e[k], n->value) &&
			    corpus_links_to(c, k, i))
				return true;
		return false;
	case F_BODY:
		return body_scan(c, i, n->value);
	case F_SPEAKER:
		return speaker_scan_doc(c, i, n->value);
	case F_PATHVAL:
	default:
		return fields_match(e, n->name, false, n->value);
	}
}

/* Whether node n matches document i; a term kept in the memo is
 * matched once per document. */
static bool
match(const struct qnode *n, const struct corpus *c, size_t i,
    struct query_memo *m)
{
	struct qslot	*s = n->slot;
	uint64_t	 bit = 1ull << (i & 63);
	bool		 r;

	switch (n->op) {
	case Q_AND:
		return match(n->a, c, i, m) && match(n->b, c, i, m);
	case Q_OR:
		return match(n->a, c, i, m) || match(n->b, c, i, m);
	case Q_NOT:
		return !match(n->a, c, i, m);
	default:
		break;
	}
	if (s == NULL || s->known == NULL)
		return term(n, c, i, m);
	if (s->known[i >> 6] & bit)
		return (s->val[i >> 6] & bit) != 0;
	r = term(n, c, i, m);
	s->known[i >> 6] |= bit;
	if (r)
		s->val[i >> 6] |= bit;
	return r;
}

bool
query_match(const struct query *q, const struct corpus *c, size_t i)
{
	if (q == NULL || q->root == NULL)
		return true;
	if (q->memo != NULL)
		memo_sync(q->memo, c);
	return match(q->root, c, i, q->memo);
}

size_t
query_filter(const struct query *q, const struct corpus *c,
    const size_t *list, size_t n, size_t *out)
{
	uint64_t	*bits, w;
	size_t		 k, i, words = (c->n + 63) / 64, m = 0;

	bits = xcalloc(words + 1, sizeof(*bits));
	for (k = 0; k < n; k++)
		if (list[k] < c->n)
			bits[list[k] >> 6] |= 1ull << (list[k] & 63);
	for (k = 0; k < words; k++)
		for (w = bits[k]; w != 0; w &= w - 1) {
			i = k * 64 + (size_t)__builtin_ctzll(w);
			if (!query_match(q, c, i))
				bits[k] &= ~(1ull << (i & 63));
		}
	for (k = 0; k < n; k++)
		if (list[k] < c->n && bits[list[k] >> 6] & 1ull << (list[k] & 63))
			out[m++] = list[k];
	free(bits);
	return m;
}

/* True if a node matches by containment (or prefix) of its value, so a
 * longer value can only match less. */
static bool
narrowing_field(const struct qnode *n)
{
	if (n->op == Q_WORD)
		return true;
	if (n->op != Q_FIELD)
		return false;
	switch (n->field) {
	case F_AFTER:
	case F_BEFORE:
	case F_DURATION:
	case F_HAS:
		return false;
	default:
		return true;
	}
}

/* Walk two trees side by side: same shape, and each changed value got
 * longer around the old one where that narrows (never under a NOT). */
static bool
narrows(const struct qnode *o, const struct qnode *n, bool neg)
{
	if (o == NULL || n == NULL)
		return o == n;
	if (o->op != n->op || o->field != n->field)
		return false;
	if ((o->name == NULL) != (n->name == NULL) || (o->name != NULL &&
	    strcmp(o->name, n->name) != 0))
		return false;
	if (o->op == Q_CMP && (strcmp(o->cmp, n->cmp) != 0 ||
	    o->num != n->num))
		return false;
	if ((o->value == NULL) != (n->value == NULL))
		return false;
	if (o->value != NULL && strcmp(o->value, n->value) != 0) {
		if (neg || !narrowing_field(n))
			return false;
		if (o->field == F_KIND || o->field == F_DATE) {
			if (strncmp(n->value, o->value, strlen(o->value)) != 0)
				return false;
		} else if (strstr(n->value, o->value) == NULL)
			return false;
	}
	if (o->op == Q_NOT)
		neg = !neg;
	return narrows(o->a, n->a, neg) && narrows(o->b, n->b, neg);
}

bool
query_narrows(const struct query *old, const struct query *q)
{
	if (q == NULL || q->root == NULL)
		return old == NULL || old->root == NULL;
	if (old == NULL || old->root == NULL)
		return true;
	return narrows(old->root, q->root, false);
}
