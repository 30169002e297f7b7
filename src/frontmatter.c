/* SPDX-License-Identifier: ISC */
#include "folio/frontmatter.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "folio/arena.h"
#include "folio/buf.h"
#include "folio/folio.h"
#include "folio/json.h"
#include "folio/xmalloc.h"

/* ---- splitting ------------------------------------------------------------ */

/* True if s[p..e) is "---" or "..." (delim) plus optional blanks. */
static bool
is_delim(const char *s, size_t p, size_t e, const char *delim)
{
	if (e - p < 3 || memcmp(s + p, delim, 3) != 0)
		return false;
	for (p += 3; p < e; p++)
		if (s[p] != ' ' && s[p] != '\t' && s[p] != '\r')
			return false;
	return true;
}

int
fm_split(const char *src, size_t len, size_t *yaml_off, size_t *yaml_len,
    size_t *body_off, struct folio_err *err)
{
	size_t	 bom = 0, p, e;
	const char *nl;

	if (len >= 3 && memcmp(src, "\xef\xbb\xbf", 3) == 0)
		bom = 3;
	*body_off = bom;
	*yaml_off = *yaml_len = 0;
	nl = memchr(src + bom, '\n', len - bom);
	if (nl == NULL || !is_delim(src, bom, (size_t)(nl - src), "---"))
		return 0;
	p = (size_t)(nl - src) + 1;
	*yaml_off = p;
	while (p < len) {
		nl = memchr(src + p, '\n', len - p);
		e = nl ? (size_t)(nl - src) : len;
		if (is_delim(src, p, e, "---") || is_delim(src, p, e, "...")) {
			*yaml_len = p - *yaml_off;
			*body_off = nl ? e + 1 : len;
			return 1;
		}
		if (p - *yaml_off > FOLIO_MAX_FM)
			break;
		p = nl ? e + 1 : len;
	}
	*yaml_off = *yaml_len = 0;
	*body_off = bom;
	err_setpos(err, FOLIO_ERR_YAML, 1, 1, "front matter is never closed "
	    "(no \"---\" line after it); shown as text");
	return -1;
}

/* ---- parsing --------------------------------------------------------------- */

struct keyset {
	uint64_t	*h;
	size_t		 cap;
	size_t		 n;
};

struct frame {
	struct fm_node	*node;		/* map or sequence being filled */
	struct fm_node	*last;		/* last child */
	struct keyset	 keys;		/* maps: hashes of the keys */
	const char	*key;		/* maps: pending key, or NULL */
	unsigned	 key_line, key_col;
	int		 skip;		/* the pending key is a duplicate */
};

struct fmp {
	struct arena	*a;
	const char	*yaml;
	size_t		 len;
	unsigned	 line0;
	struct folio_err *err;
	struct frame	 st[FOLIO_MAX_FM_DEPTH + 2];
	int		 depth;
	size_t		 nodes;
	struct fm_node	*root;
	int		 skip_depth;	/* > 0 while inside a dropped value */
};

static uint64_t
hash_bytes(const char *s, size_t n)
{
	uint64_t	 h = 1469598103934665603ULL;
	size_t		 i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
	return h | 1;
}

/* Add a key's hash; return false if it was already there. */
static bool
keyset_add(struct keyset *k, uint64_t h)
{
	size_t	 i;

	if ((k->n + 1) * 2 > k->cap) {
		uint64_t *old = k->h;
		size_t oc = k->cap, j;

		k->cap = k->cap ? k->cap * 2 : 16;
		k->h = xcalloc(k->cap, sizeof(*k->h));
		for (j = 0; j < oc; j++) {
			if (old[j] == 0)
				continue;
			i = old[j] & (k->cap - 1);
			while (k->h[i] != 0)
				i = (i + 1) & (k->cap - 1);
			k->h[i] = old[j];
		}
		free(old);
	}
	i = h & (k->cap - 1);
	while (k->h[i] != 0) {
		if (k->h[i] == h)
			return false;
		i = (i + 1) & (k->cap - 1);
	}
	k->h[i] = h;
	k->n++;
	return true;
}

static void
set_err(struct fmp *p, enum folio_errc code, unsigned line, unsigned col,
    const char *msg)
{
	if (p->err != NULL && p->err->code == FOLIO_ERR_OK)
		err_setpos(p->err, code, line, col, "%s", msg);
}

/* Core-schema resolution of a plain scalar. */
static void
resolve(struct fm_node *n, bool plain)
{
	const char	*s = n->str;
	char		*end;
	size_t		 l = n->slen;

	n->type = FM_STR;
	if (!plain)
		return;
	if (l == 0 || strcmp(s, "~") == 0 || strcmp(s, "null") == 0 ||
	    strcmp(s, "Null") == 0 || strcmp(s, "NULL") == 0) {
		n->type = FM_NULL;
		return;
	}
	if (strcmp(s, "true") == 0 || strcmp(s, "True") == 0 ||
	    strcmp(s, "TRUE") == 0) {
		n->type = FM_BOOL;
		n->v.b = true;
		return;
	}
	if (strcmp(s, "false") == 0 || strcmp(s, "False") == 0 ||
	    strcmp(s, "FALSE") == 0) {
		n->type = FM_BOOL;
		n->v.b = false;
		return;
	}
	if (memchr(s, '\0', l) != NULL)
		return;
	/* Integers: decimal, 0x, 0o. */
	{
		const char *d = s;
		int base = 10;
		long long v;

		if (*d == '+' || *d == '-')
			d++;
		if (d[0] == '0' && d[1] == 'x' && s == d)
			base = 16, d += 2;
		else if (d[0] == '0' && d[1] == 'o' && s == d)
			base = 8, d += 2;
		if (*d != '\0' && strspn(d, base == 16 ? "0123456789abcdefABCDEF"
		    : base == 8 ? "01234567" : "0123456789") == strlen(d)) {
			errno = 0;
			v = strtoll(base == 10 ? s : d, &end, base);
			if (errno == 0 && *end == '\0') {
				n->type = FM_INT;
				n->v.i = v;
			}
			return;
		}
	}
	/* Floats, .inf and .nan. */
	if (strcmp(s, ".inf") == 0 || strcmp(s, ".Inf") == 0 ||
	    strcmp(s, ".INF") == 0 || strcmp(s, "+.inf") == 0) {
		n->type = FM_FLOAT;
		n->v.f = HUGE_VAL;
		return;
	}
	if (strcmp(s, "-.inf") == 0 || strcmp(s, "-.Inf") == 0) {
		n->type = FM_FLOAT;
		n->v.f = -HUGE_VAL;
		return;
	}
	if (strcmp(s, ".nan") == 0 || strcmp(s, ".NaN") == 0 ||
	    strcmp(s, ".NAN") == 0) {
		n->type = FM_FLOAT;
		n->v.f = NAN;
		return;
	}
	if (strspn(s, "+-0123456789.eE") == l && strpbrk(s, "0123456789") &&
	    (strchr(s, '.') || strpbrk(s, "eE"))) {
		double f = strtod(s, &end);

		if (*end == '\0') {
			n->type = FM_FLOAT;
			n->v.f = f;
		}
		return;
	}
	/* Dates: YYYY-MM-DD, optionally followed by a time. */
	if (l >= 10 && strspn(s, "0123456789") == 4 && s[4] == '-' &&
	    s[5] >= '0' && s[5] <= '9' && s[6] >= '0' && s[6] <= '9' &&
	    s[7] == '-' && s[8] >= '0' && s[8] <= '9' && s[9] >= '0' &&
	    s[9] <= '9' && (l == 10 || s[10] == 'T' || s[10] == 't' ||
	    s[10] == ' '))
		n->type = FM_DATE;
}

/* Attach a finished node to the current container (or as root). */
static void
attach(struct fmp *p, struct fm_node *n)
{
	struct frame	*f;

	if (p->depth == 0) {
		if (p->root == NULL)
			p->root = n;
		return;
	}
	f = &p->st[p->depth - 1];
	if (f->node->type == FM_MAP) {
		if (f->skip) {
			f->key = NULL;
			f->skip = 0;
			return;
		}
		n->key = f->key;
		n->key_line = f->key_line;
		n->key_col = f->key_col;
		f->key = NULL;
	}
	if (f->last == NULL)
		f->node->child = n;
	else
		f->last->next = n;
	f->last = n;
	f->node->nchild++;
}

static struct fm_node *
new_node(struct fmp *p, enum fm_type t, const yaml_mark_t *m)
{
	struct fm_node	*n;

	n = arena_alloc(p->a, sizeof(*n));
	n->type = t;
	n->line = (unsigned)m->line + p->line0;
	n->col = (unsigned)m->column + 1;
	return n;
}

/* Handle a scalar: a map key, or a value. */
static void
on_scalar(struct fmp *p, yaml_event_t *ev)
{
	struct frame	*f = p->depth > 0 ? &p->st[p->depth - 1] : NULL;
	const char	*v = (const char *)ev->data.scalar.value;
	size_t		 vl = ev->data.scalar.length;
	struct fm_node	*n;

	if (f != NULL && f->node->type == FM_MAP && f->key == NULL &&
	    !f->skip) {
		/* A key: check for duplicates. */
		f->key = arena_strndup(p->a, v, vl);
		f->key_line = (unsigned)ev->start_mark.line + p->line0;
		f->key_col = (unsigned)ev->start_mark.column + 1;
		if (!keyset_add(&f->keys, hash_bytes(v, vl))) {
			char msg[200];

			snprintf(msg, sizeof(msg), "duplicate key \"%.*s\"",
			    (int)(vl > 60 ? 60 : vl), v);
			set_err(p, FOLIO_ERR_YAML, f->key_line, f->key_col, msg);
			f->skip = 1;
		}
		return;
	}
	n = new_node(p, FM_STR, &ev->start_mark);
	n->str = arena_strndup(p->a, v, vl);
	n->slen = vl;
	resolve(n, ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
	    ev->data.scalar.tag == NULL);
	attach(p, n);
}

/* A key that is a map or a list: YAML allows it, folio does not. */
static bool
complex_key(struct fmp *p, const yaml_mark_t *m)
{
	struct frame	*f = p->depth > 0 ? &p->st[p->depth - 1] : NULL;

	if (f != NULL && f->node->type == FM_MAP && f->key == NULL &&
	    !f->skip) {
		set_err(p, FOLIO_ERR_YAML, (unsigned)m->line + p->line0,
		    (unsigned)m->column + 1, "a key must be a plain value");
		return true;
	}
	return false;
}

static void
free_frames(struct fmp *p)
{
	int	 i;

	for (i = 0; i < p->depth; i++)
		free(p->st[i].keys.h);
	p->depth = 0;
}

/* Convert a byte offset of the YAML text to a file line and column. */
static void
offset_pos(const struct fmp *p, size_t off, unsigned *line, unsigned *col)
{
	size_t	 i, ls = 0;
	unsigned l = 0;

	if (off > p->len)
		off = p->len;
	for (i = 0; i < off; i++)
		if (p->yaml[i] == '\n') {
			l++;
			ls = i + 1;
		}
	*line = l + p->line0;
	*col = (unsigned)(off - ls) + 1;
}

static void
yaml_failed(struct fmp *p, yaml_parser_t *yp)
{
	char		 msg[256];
	unsigned	 line, col;

	if (yp->error == YAML_READER_ERROR) {
		offset_pos(p, yp->problem_offset, &line, &col);
		snprintf(msg, sizeof(msg), "%s", yp->problem ? yp->problem :
		    "unreadable text");
	} else {
		line = (unsigned)yp->problem_mark.line + p->line0;
		col = (unsigned)yp->problem_mark.column + 1;
		if (yp->context != NULL)
			snprintf(msg, sizeof(msg), "%s %s", yp->problem ?
			    yp->problem : "invalid YAML", yp->context);
		else
			snprintf(msg, sizeof(msg), "%s", yp->problem ?
			    yp->problem : "invalid YAML");
	}
	set_err(p, FOLIO_ERR_YAML, line, col, msg);
}

struct fm_node *
fm_parse(struct arena *a, const char *yaml, size_t len, unsigned line0,
    struct folio_err *err)
{
	yaml_parser_t	 yp;
	yaml_event_t	 ev;
	struct fmp	 p;
	struct fm_node	*n;
	int		 docs = 0, done = 0;

	if (len > FOLIO_MAX_FM) {
		err_setpos(err, FOLIO_ERR_LIMIT, line0, 1, "front matter "
		    "larger than %u KB", FOLIO_MAX_FM >> 10);
		return NULL;
	}
	memset(&p, 0, sizeof(p));
	p.a = a;
	p.yaml = yaml;
	p.len = len;
	p.line0 = line0 ? line0 : 1;
	p.err = err;
	if (!yaml_parser_initialize(&yp))
		return NULL;
	yaml_parser_set_input_string(&yp, (const unsigned char *)yaml, len);
	while (!done) {
		if (!yaml_parser_parse(&yp, &ev)) {
			yaml_failed(&p, &yp);
			break;
		}
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = 1;
			break;
		case YAML_DOCUMENT_START_EVENT:
			if (++docs > 1) {
				set_err(&p, FOLIO_ERR_YAML,
				    (unsigned)ev.start_mark.line + p.line0,
				    (unsigned)ev.start_mark.column + 1,
				    "more than one YAML document");
				done = 1;
			}
			break;
		case YAML_SCALAR_EVENT:
			if (++p.nodes > FOLIO_MAX_FM_NODES)
				goto too_many;
			if (p.skip_depth > 0)
				break;
			if (p.depth > 0 && p.st[p.depth - 1].skip &&
			    p.st[p.depth - 1].node->type == FM_MAP &&
			    p.st[p.depth - 1].key != NULL) {
				/* The value of a duplicate key: drop it. */
				p.st[p.depth - 1].key = NULL;
				p.st[p.depth - 1].skip = 0;
				break;
			}
			on_scalar(&p, &ev);
			break;
		case YAML_ALIAS_EVENT:
			if (++p.nodes > FOLIO_MAX_FM_NODES)
				goto too_many;
			if (p.skip_depth > 0)
				break;
			if (complex_key(&p, &ev.start_mark)) {
				p.st[p.depth - 1].skip = 1;
				p.st[p.depth - 1].key = "";
				break;
			}
			n = new_node(&p, FM_ALIAS, &ev.start_mark);
			n->str = arena_strdup(a, (const char *)
			    ev.data.alias.anchor);
			n->slen = strlen(n->str);
			attach(&p, n);
			break;
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			if (++p.nodes > FOLIO_MAX_FM_NODES)
				goto too_many;
			if (p.depth >= FOLIO_MAX_FM_DEPTH) {
				set_err(&p, FOLIO_ERR_LIMIT,
				    (unsigned)ev.start_mark.line + p.line0,
				    (unsigned)ev.start_mark.column + 1,
				    "front matter nested too deep");
				done = 1;
				break;
			}
			if (p.skip_depth > 0) {
				p.skip_depth++;
				break;
			}
			if (complex_key(&p, &ev.start_mark)) {
				/* Drop the key, then its value. */
				p.st[p.depth - 1].skip = 1;
				p.st[p.depth - 1].key = "";
				p.skip_depth = 1;
				break;
			}
			if (p.depth > 0 && p.st[p.depth - 1].skip &&
			    p.st[p.depth - 1].key != NULL) {
				/* The value of a dropped key. */
				p.st[p.depth - 1].key = NULL;
				p.st[p.depth - 1].skip = 0;
				p.skip_depth = 1;
				break;
			}
			n = new_node(&p, ev.type == YAML_MAPPING_START_EVENT ?
			    FM_MAP : FM_SEQ, &ev.start_mark);
			attach(&p, n);
			memset(&p.st[p.depth], 0, sizeof(p.st[p.depth]));
			p.st[p.depth].node = n;
			p.depth++;
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			if (p.skip_depth > 0) {
				p.skip_depth--;
				break;
			}
			if (p.depth > 0) {
				p.depth--;
				free(p.st[p.depth].keys.h);
				p.st[p.depth].keys.h = NULL;
			}
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
		continue;
too_many:
		set_err(&p, FOLIO_ERR_LIMIT, (unsigned)ev.start_mark.line +
		    p.line0, (unsigned)ev.start_mark.column + 1,
		    "front matter has too many values");
		yaml_event_delete(&ev);
		break;
	}
	free_frames(&p);
	yaml_parser_delete(&yp);
	if (p.root != NULL && p.root->type != FM_MAP)
		set_err(&p, FOLIO_ERR_YAML, p.root->line, p.root->col,
		    "front matter is not a mapping of keys to values");
	return p.root;
}

/* ---- access ------------------------------------------------------------- */

const struct fm_node *
fm_get(const struct fm_node *root, const char *path)
{
	const struct fm_node *k;
	const char	*dot;
	size_t		 n;

	if (root == NULL || path == NULL)
		return NULL;
	while (root != NULL && *path != '\0') {
		if (root->type != FM_MAP)
			return NULL;
		/* A key with dots in it wins over the split path. */
		for (k = root->child; k != NULL; k = k->next)
			if (k->key != NULL && strcmp(k->key, path) == 0)
				return k;
		dot = strchr(path, '.');
		n = dot ? (size_t)(dot - path) : strlen(path);
		for (k = root->child; k != NULL; k = k->next)
			if (k->key != NULL && strlen(k->key) == n &&
			    memcmp(k->key, path, n) == 0)
				break;
		if (k == NULL || dot == NULL)
			return k;
		root = k;
		path = dot + 1;
	}
	return root;
}

const char *
fm_get_str(const struct fm_node *root, const char *path)
{
	const struct fm_node *n = fm_get(root, path);

	if (n == NULL || n->str == NULL || n->slen == 0 || n->type == FM_MAP ||
	    n->type == FM_SEQ || n->type == FM_ALIAS || n->type == FM_NULL)
		return NULL;
	return n->str;
}

const char *
fm_type_name(enum fm_type t)
{
	static const char *const names[] = { "null", "bool", "int", "float",
	    "date", "string", "list", "map", "alias" };

	return (unsigned)t < ARRAY_SIZE(names) ? names[t] : "?";
}

static void
to_json(struct buf *b, const struct fm_node *n, int depth)
{
	const struct fm_node *k;

	if (n == NULL || depth > FOLIO_MAX_FM_DEPTH + 1) {
		buf_adds(b, "null");
		return;
	}
	switch (n->type) {
	case FM_NULL:
		buf_adds(b, "null");
		break;
	case FM_BOOL:
		buf_adds(b, n->v.b ? "true" : "false");
		break;
	case FM_INT:
		buf_printf(b, "%lld", n->v.i);
		break;
	case FM_FLOAT:
		if (isfinite(n->v.f))
			buf_printf(b, "%.17g", n->v.f);
		else
			json_str(b, n->str, n->slen);
		break;
	case FM_ALIAS: {
		struct buf t = { 0 };

		buf_addc(&t, '*');
		buf_add(&t, n->str, n->slen);
		json_str(b, t.p, t.len);
		buf_free(&t);
		break;
	}
	case FM_SEQ:
		buf_addc(b, '[');
		for (k = n->child; k != NULL; k = k->next) {
			to_json(b, k, depth + 1);
			if (k->next != NULL)
				buf_addc(b, ',');
		}
		buf_addc(b, ']');
		break;
	case FM_MAP:
		buf_addc(b, '{');
		for (k = n->child; k != NULL; k = k->next) {
			json_cstr(b, k->key ? k->key : "");
			buf_addc(b, ':');
			to_json(b, k, depth + 1);
			if (k->next != NULL)
				buf_addc(b, ',');
		}
		buf_addc(b, '}');
		break;
	default:
		json_str(b, n->str ? n->str : "", n->slen);
		break;
	}
}

void
fm_to_json(struct buf *b, const struct fm_node *n)
{
	to_json(b, n, 0);
}
