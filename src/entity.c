/* SPDX-License-Identifier: ISC */
#include "folio/corpus.h"
#include <stdlib.h>
#include <string.h>

#include "folio/arena.h"
#include "folio/buf.h"
#include "folio/frontmatter.h"
#include "folio/markdown.h"
#include "folio/role.h"
#include "folio/utf8.h"
#include "folio/xmalloc.h"
#include "corpus-int.h"

/* A plain word: one word of letters, lower case after the first letter
 * ("Make", "apple").  Such names match strictly (see corpus_mentions). */
static bool
is_plain_word(const char *s)
{
	size_t	 i;

	for (i = 0; s[i]; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (ch >= 0x80)
			return false;
		if (ch >= 'a' && ch <= 'z')
			continue;
		if (i == 0 && ch >= 'A' && ch <= 'Z')
			continue;
		return false;
	}
	return i > 0;
}

/* Add an entity to the dictionary (one per folded name and category);
 * returns its id, or -1 for an empty or overlong name. */
int
entity_add(struct corpus *c, const char *name, const char *cat)
{
	struct buf	 b = { 0 };
	const struct cslot *s;
	struct entity	*e;
	int		 id;

	utf8_fold(&b, name, strlen(name), NULL);
	if (b.len == 0 || b.len > 200) {
		buf_free(&b);
		return -1;
	}
	/* One entity per folded name and category. */
	if ((s = cmap_get(c->entkeys, b.p)) != NULL) {
		size_t i;

		for (i = 0; i < s->n; i++)
			if (strcmp(c->ents[s->v[i]].category, cat) == 0) {
				buf_free(&b);
				return s->v[i];
			}
	}
	c->ents = xreallocarray(c->ents, c->nents + 1, sizeof(*c->ents));
	e = &c->ents[c->nents];
	memset(e, 0, sizeof(*e));
	e->name = arena_strdup(c->a, name);
	e->category = arena_strdup(c->a, cat);
	e->key = arena_strndup(c->a, b.p, b.len);
	e->plain = is_plain_word(name);
	id = (int)c->nents++;
	cmap_add(c->entkeys, e->key, id);
	buf_free(&b);
	return id;
}

int
corpus_entity(const struct corpus *c, const char *name)
{
	struct buf	 b = { 0 };
	const struct cslot *s;

	utf8_fold(&b, name, strlen(name), NULL);
	s = cmap_get(c->entkeys, buf_cstr(&b));
	buf_free(&b);
	return (s && s->n) ? s->v[0] : -1;
}

/* The first two bytes of a (folded) word, as a bit of corpus.pairs. */
static inline unsigned
pair_bit(const char *w)
{
	return (unsigned)(unsigned char)w[0] << 8 |
	    (w[0] != '\0' ? (unsigned char)w[1] : 0);
}

static void
pair_set(struct corpus *c, const char *w)
{
	unsigned b = pair_bit(w);

	c->pairs[b >> 3] |= (uint8_t)(1u << (b & 7));
}

/* Whether some entity's first word starts as w does (a cheap filter
 * before the lookup). */
static inline bool
pair_maybe(const struct corpus *c, const char *w)
{
	unsigned b = pair_bit(w);

	return c->pairs[b >> 3] & (1u << (b & 7));
}

/* Index the dictionary by the first word of each key. */
void
entity_index(struct corpus *c)
{
	size_t	 i, n;
	char	 w[256];

	cmap_free(c->firstword);
	c->firstword = cmap_new();
	memset(c->pairs, 0, sizeof(c->pairs));
	for (i = 0; i < c->nents; i++) {
		const char *k = c->ents[i].key;

		for (n = 0; k[n] && n < sizeof(w) - 1 &&
		    utf8_is_wordbyte((unsigned char)k[n]); n++)
			w[n] = k[n];
		w[n] = '\0';
		if (n > 0) {
			cmap_add(c->firstword, w, (int)i);
			pair_set(c, w);
		}
	}
}

static bool
sentence_start_at(const char *text, size_t off, bool block_start)
{
	while (off > 0) {
		unsigned char ch = (unsigned char)text[off - 1];

		if (ch == ' ' || ch == '"' || ch == '\'' || ch == '(' ||
		    ch == '\t' || ch == '\n' || ch == '*' || ch == '_') {
			off--;
			continue;
		}
		/* Closing curly quotes and the like. */
		if (ch >= 0x80 && off >= 3 && (unsigned char)text[off - 3] ==
		    0xe2) {
			off -= 3;
			continue;
		}
		return ch == '.' || ch == '!' || ch == '?' || ch == ':' ||
		    ch == '-' || ch == '#' || ch == '>';
	}
	return block_start;
}

/* utf8_is_wordbyte() as a table: one load for the scans below. */
static const unsigned char wordbyte[256] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0,
	0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 1,
	0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
};

#define WORDBYTE(c)	(wordbyte[(unsigned char)(c)] != 0)

static inline char
ascii_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
}

/* Report a mention of entity s->v[k] to fn, and to every other entity of
 * the same name (one listed under several categories): a mention belongs
 * to the name. */
static void
same_name(const struct corpus *c, const struct cslot *s, size_t k,
    uint32_t off, uint32_t len, void (*fn)(int, uint32_t, uint32_t, void *),
    void *arg)
{
	size_t	 j;

	fn(s->v[k], off, len, arg);
	for (j = k + 1; j < s->n; j++)
		if (strcmp(c->ents[s->v[j]].key, c->ents[s->v[k]].key) == 0)
			fn(s->v[j], off, len, arg);
}

/* corpus_mentions() for ASCII text, where folding only lowers letters:
 * word by word, with no copy of the text. */
static size_t
ascii_mentions(const struct corpus *c, const char *text, size_t len,
    uint32_t base, bool block_start,
    void (*fn)(int, uint32_t, uint32_t, void *), void *arg)
{
	size_t		 i, j, k, n, kl, q, found = 0;
	char		 w[256];

	for (i = 0; i < len; i = j) {
		const struct cslot *s;

		if (!WORDBYTE(text[i])) {
			j = i + 1;
			continue;
		}
		for (j = i; j < len && WORDBYTE(text[j]);
		    j++)
			;
		if ((n = j - i) >= sizeof(w))
			continue;
		w[0] = ascii_lower(text[i]);
		w[1] = n > 1 ? ascii_lower(text[i + 1]) : '\0';
		if (!pair_maybe(c, w))
			continue;
		for (k = 0; k < n; k++)
			w[k] = ascii_lower(text[i + k]);
		w[n] = '\0';
		if ((s = cmap_get(c->firstword, w)) == NULL)
			continue;
		for (k = 0; k < s->n; k++) {
			const struct entity *e = &c->ents[s->v[k]];

			kl = strlen(e->key);
			if (i + kl > len)
				continue;
			for (q = 0; q < kl && ascii_lower(text[i + q]) ==
			    e->key[q]; q++)
				;
			if (q < kl)
				continue;
			if (i + kl < len &&
			    WORDBYTE(text[i + kl]) &&
			    WORDBYTE(e->key[kl - 1]))
				continue;
			/* Plain words count only as written, and never as
			 * the first word of a sentence. */
			if (e->plain && (kl != strlen(e->name) ||
			    memcmp(text + i, e->name, kl) != 0 ||
			    sentence_start_at(text, i, block_start)))
				continue;
			if (fn != NULL)
				same_name(c, s, k, base + (uint32_t)i,
				    (uint32_t)kl, fn, arg);
			found++;
			break;
		}
	}
	return found;
}

size_t
corpus_mentions(const struct corpus *c, const char *text, size_t len,
    uint32_t base, bool block_start,
    void (*fn)(int, uint32_t, uint32_t, void *), void *arg)
{
	struct buf	 f = { 0 };
	uint32_t	*map;
	size_t		 i, j, found = 0;
	char		 w[256];

	if (c->nents == 0 || len == 0 || c->firstword == NULL)
		return 0;
	for (i = 0; i < len && (unsigned char)text[i] < 0x80; i++)
		continue;
	if (i == len)
		return ascii_mentions(c, text, len, base, block_start, fn, arg);
	map = xreallocarray(NULL, 4 * len + 8, sizeof(*map));
	utf8_fold(&f, text, len, map);
	map[f.len] = (uint32_t)len;
	for (i = 0; i < f.len; i = j) {
		const struct cslot *s;
		size_t n, k;

		if (!WORDBYTE(f.p[i])) {
			j = i + 1;
			continue;
		}
		for (j = i; j < f.len && WORDBYTE(f.p[j]);
		    j++)
			;
		if (i > 0 && WORDBYTE(f.p[i - 1]))
			continue;
		n = j - i;
		if (n >= sizeof(w))
			continue;
		w[0] = f.p[i];
		w[1] = n > 1 ? f.p[i + 1] : '\0';
		if (!pair_maybe(c, w))
			continue;
		memcpy(w, f.p + i, n);
		w[n] = '\0';
		if ((s = cmap_get(c->firstword, w)) == NULL)
			continue;
		for (k = 0; k < s->n; k++) {
			const struct entity *e = &c->ents[s->v[k]];
			size_t kl = strlen(e->key);
			uint32_t so, se;

			if (i + kl > f.len || memcmp(f.p + i, e->key, kl) != 0)
				continue;
			if (i + kl < f.len &&
			    WORDBYTE(f.p[i + kl]) &&
			    WORDBYTE(e->key[kl - 1]))
				continue;
			so = map[i];
			se = i + kl < f.len ? map[i + kl] : (uint32_t)len;
			if (e->plain) {
				/* Plain words count only as written, and
				 * never as the first word of a sentence. */
				if (se - so != strlen(e->name) ||
				    memcmp(text + so, e->name, se - so) != 0 ||
				    sentence_start_at(text, so, block_start))
					continue;
			}
			if (fn != NULL)
				same_name(c, s, k, base + so, se - so, fn,
				    arg);
			found++;
			break;
		}
	}
	free(map);
	buf_free(&f);
	return found;
}

/*
 * The entity names a front matter lists (under "entities", by category,
 * and "concepts"), as one allocation of "category\0name\0" pairs ended by
 * an empty category; NULL when there are none.  The caller frees it.
 */
char *
entity_names(const struct fm_node *fm)
{
	static const char *const facets[] = { "concepts" };
	const struct fm_node *ents, *cat, *k;
	struct buf	 b = { 0 };
	size_t		 n = 0, i;

	if (fm == NULL || fm->type != FM_MAP)
		return NULL;
	if ((ents = fm_get(fm, "entities")) != NULL && ents->type == FM_MAP)
		for (cat = ents->child; cat != NULL; cat = cat->next) {
			if (cat->type != FM_SEQ || cat->key == NULL)
				continue;
			for (k = cat->child; k != NULL; k = k->next)
				if (k->str != NULL && k->slen > 0 &&
				    k->type != FM_MAP && k->type != FM_SEQ &&
				    n++ < MAX_DOC_ENTITIES) {
					buf_add(&b, cat->key,
					    strlen(cat->key) + 1);
					buf_add(&b, k->str, strlen(k->str) + 1);
				}
		}
	for (i = 0; i < ARRAY_SIZE(facets); i++) {
		if ((cat = fm_get(fm, facets[i])) == NULL ||
		    cat->type != FM_SEQ)
			continue;
		for (k = cat->child; k != NULL; k = k->next)
			if (k->str != NULL && k->slen > 0 &&
			    n++ < MAX_DOC_ENTITIES) {
				buf_add(&b, facets[i], strlen(facets[i]) + 1);
				buf_add(&b, k->str, strlen(k->str) + 1);
			}
	}
	if (b.len == 0)
		return NULL;
	buf_addc(&b, '\0');
	return b.p;
}

/* Add the entities of entry ei from its entity_names() list. */
void
entity_add_names(struct corpus *c, size_t ei, const char *names)
{
	int32_t		 ids[MAX_DOC_ENTITIES];
	size_t		 n = 0;
	const char	*cat, *name;
	int		 id;

	for (cat = names; cat != NULL && *cat != '\0';
	    cat = name + strlen(name) + 1) {
		name = cat + strlen(cat) + 1;
		if (n < ARRAY_SIZE(ids) && (id = entity_add(c, name, cat)) >= 0)
			ids[n++] = id;
	}
	if (n > 0) {
		c->e[ei].ents = arena_alloc(c->a, n * sizeof(int32_t));
		memcpy(c->e[ei].ents, ids, n * sizeof(int32_t));
		c->e[ei].nents = n;
	}
}

struct mention_acc {
	uint32_t	*cnt;		/* per entity */
};

static void
count_mention(int ent, uint32_t off, uint32_t len, void *arg)
{
	struct mention_acc *m = arg;

	(void)off;
	(void)len;
	m->cnt[ent]++;
}

/* Count the dictionary's mentions in body b into cnt[entity]. */
void
entity_count(const struct corpus *c, const struct body *b, uint32_t *cnt)
{
	struct mention_acc acc = { cnt };
	size_t		 bi;
	uint32_t	 i;

	entity_each_text(c, b, count_mention, &acc);
	/* Caption cues: their cleaned text is not in the source, but it
	 * counts like any body's. */
	for (bi = 0; bi < b->nblocks; bi++) {
		const struct block *bl = &b->blocks[bi];

		if (bl->type != BLK_CUE)
			continue;
		for (i = 0; i < bl->nruns; i++)
			if (bl->runs[i].off == RUN_NOOFF &&
			    !(bl->runs[i].flags & RUN_SOFTBREAK))
				corpus_mentions(c, bl->runs[i].text,
				    bl->runs[i].len, 0, i == 0, count_mention,
				    &acc);
	}
}

/* Run fn over every in-source text run of a body. */
void
entity_each_text(const struct corpus *c, const struct body *b,
    void (*fn)(int, uint32_t, uint32_t, void *), void *arg)
{
	size_t	 bi, k;
	uint32_t i;

	for (bi = 0; bi < b->nblocks; bi++) {
		const struct block *bl = &b->blocks[bi];
		struct tcell whole = { bl->runs, bl->nruns };
		const struct tcell *cells = &whole;
		size_t ncell = 1;

		if (bl->type == BLK_CODE || bl->type == BLK_HTML)
			continue;
		if (bl->type == BLK_TABLE) {
			cells = bl->cells;
			ncell = (size_t)bl->nrows * bl->ncols;
		}
		for (k = 0; k < ncell; k++)
			for (i = 0; i < cells[k].nruns; i++) {
				const struct run *r = &cells[k].runs[i];

				if (r->off == RUN_NOOFF || r->item >= 0 ||
				    r->role == ROLE_CODE)
					continue;
				corpus_mentions(c, r->text, r->len, r->off,
				    i == 0, fn, arg);
			}
		/* A callout's title, kept apart from its runs. */
		for (i = 0; bl->callout != NULL && i < bl->callout->ntitle;
		    i++) {
			const struct run *r = &bl->callout->title[i];

			if (r->off != RUN_NOOFF && r->item < 0 &&
			    r->role != ROLE_CODE)
				corpus_mentions(c, r->text, r->len, r->off,
				    i == 0, fn, arg);
		}
	}
}

struct decorate {
	struct body	*b;
	struct doc	*d;
	const struct corpus *c;
};

static void
add_mention_item(int ent, uint32_t off, uint32_t len, void *arg)
{
	struct decorate	*dc = arg;
	struct item	 it;

	memset(&it, 0, sizeof(it));
	it.type = ITEM_ENTITY;
	it.role = ROLE_ENTITY;
	it.off = off;
	it.len = len;
	it.seconds = -1;
	it.ref = ent;
	it.target = dc->c->ents[ent].name;
	it.text = dc->c->ents[ent].name;
	markdown_add_item(dc->b, &it);
}

void
corpus_decorate(const struct corpus *c, int self, struct doc *d)
{
	corpus_decorate_depth(c, self, d, 0, NULL);
}

/* corpus_decorate() of a document embedded "depth" deep (0: the one
 * shown) by the notes stack[0..depth). */
void
corpus_decorate_depth(const struct corpus *c, int self, struct doc *d,
    int depth, const int *stack)
{
	struct decorate	 dc = { d->body, d, c };
	size_t		 i;
	int		 amb;

	for (i = 0; i < d->body->nitems; i++) {
		struct item *it = &d->body->items[i];

		if (it->type == ITEM_WIKI || it->type == ITEM_FILE) {
			it->ref = corpus_resolve(c, self, it->target,
			    it->type == ITEM_WIKI, &amb, &it->att);
			if (it->type == ITEM_WIKI)
				it->role = it->ref >= 0 || it->att > 0 ?
				    ROLE_WIKILINK : ROLE_WIKILINK_MISSING;
		}
	}
	/* Fix the block of items: find it from the offset. */
	if (c->nents > 0) {
		entity_each_text(c, d->body, add_mention_item, &dc);
		markdown_sort_items(d->body);
	}
	if (c->keys != NULL && !(d->body->flags & (BODY_PLAIN |
	    BODY_CAPTIONS)))
		corpus_embed(c, self, d, depth, stack);
}
