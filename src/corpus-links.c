/* SPDX-License-Identifier: ISC */
#include "folio/corpus.h"
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "folio/buf.h"
#include "folio/markdown.h"
#include "folio/utf8.h"
#include "folio/xmalloc.h"
#include "corpus-int.h"

/* The wikilink key of a name: NFC, case-folded, without ".md". */
static char *
wiki_key(struct buf *b, const char *s, size_t n)
{
	static const char *const exts[] = { ".md", ".markdown", ".txt" };
	size_t	 i, el;

	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	while (n > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	for (i = 0; i < ARRAY_SIZE(exts); i++) {
		el = strlen(exts[i]);
		if (n > el && strncasecmp(s + n - el, exts[i], el) == 0) {
			n -= el;
			break;
		}
	}
	buf_reset(b);
	utf8_nfc_fold(b, s, n);
	return b->p ? b->p : (char *)"";
}

/* Index every entry under its wikilink keys (path, file name, title,
 * aliases) and its path. */
void
corpus_index_keys(struct corpus *c)
{
	struct buf	 b = { 0 };
	size_t		 i, k;

	cmap_free(c->keys);
	c->keys = cmap_new();
	cmap_free(c->bypath);
	c->bypath = cmap_new();
	for (i = 0; i < c->n; i++) {
		const struct entry *e = &c->e[i];
		const char *stem = strrchr(e->path, '/');

		cmap_add(c->bypath, e->path, (int)i);
		stem = stem ? stem + 1 : e->path;
		cmap_add(c->keys, wiki_key(&b, e->path, strlen(e->path)),
		    (int)i);
		cmap_add(c->keys, wiki_key(&b, stem, strlen(stem)), (int)i);
		if (e->title != NULL)
			cmap_add(c->keys, wiki_key(&b, e->title,
			    strlen(e->title)), (int)i);
		for (k = 0; k < e->naliases; k++)
			cmap_add(c->keys, wiki_key(&b, e->aliases[k],
			    strlen(e->aliases[k])), (int)i);
	}
	buf_free(&b);
}

static size_t
dir_len(const char *path)
{
	const char	*s = strrchr(path, '/');

	return s ? (size_t)(s - path) : 0;
}

int
corpus_resolve_wiki(const struct corpus *c, int from, const char *target,
    int *ambiguous)
{
	const struct cslot *s;
	struct buf	 b = { 0 };
	size_t		 n, i;
	int		 best = -1;

	if (ambiguous != NULL)
		*ambiguous = 0;
	/* A title may hold a '#' ("Podcast #42"): the whole target first,
	 * then the part before each '#' from the right. */
	s = cmap_get(c->keys, wiki_key(&b, target, strlen(target)));
	for (n = strlen(target); (s == NULL || s->n == 0) && n > 0; ) {
		while (n > 0 && target[n - 1] != '#')
			n--;
		if (n == 0)
			break;
		n--;
		if (n == 0) {
			/* [[#Heading]]: this document. */
			buf_free(&b);
			return from;
		}
		s = cmap_get(c->keys, wiki_key(&b, target, n));
	}
	buf_free(&b);
	if (s == NULL || s->n == 0)
		return -1;
	if (s->n == 1)
		return s->v[0];
	if (ambiguous != NULL)
		*ambiguous = 1;
	/* Prefer the same folder, then the shortest path. */
	for (i = 0; i < s->n; i++) {
		const struct entry *e = &c->e[s->v[i]];

		if (from >= 0 && dir_len(e->path) == dir_len(c->e[from].path) &&
		    strncmp(e->path, c->e[from].path, dir_len(e->path)) == 0)
			return s->v[i];
		if (best < 0 || strlen(e->path) < strlen(c->e[best].path))
			best = s->v[i];
	}
	return best;
}

static int
hexval(int ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	ch |= 0x20;
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	return -1;
}

int
corpus_resolve_file(const struct corpus *c, int from, const char *href)
{
	struct buf	 b = { 0 }, norm = { 0 };
	const char	*p, *seg;
	size_t		 i, n;
	int		 r = -1;

	if (strstr(href, "://") != NULL || strncmp(href, "mailto:", 7) == 0)
		return -1;
	/* Percent-decode up to a fragment or query. */
	for (p = href; *p && *p != '#' && *p != '?'; p++) {
		if (*p == '%' && hexval(p[1]) >= 0 && hexval(p[2]) >= 0) {
			int v = hexval(p[1]) * 16 + hexval(p[2]);

			buf_addc(&b, v ? v : '?');
			p += 2;
		} else
			buf_addc(&b, *p);
	}
	if (b.len == 0)
		goto out;
	/* Join with the linking document's folder, then normalise. */
	if (buf_cstr(&b)[0] != '/' && from >= 0) {
		n = dir_len(c->e[from].path);
		buf_add(&norm, c->e[from].path, n);
		if (n > 0)
			buf_addc(&norm, '/');
	}
	buf_adds(&norm, buf_cstr(&b) + (buf_cstr(&b)[0] == '/'));
	/* Resolve "." and ".." segments in place. */
	{
		char *out = xmalloc(norm.len + 1), *q = out;

		seg = buf_cstr(&norm);
		while (*seg) {
			const char *e = strchr(seg, '/');

			n = e ? (size_t)(e - seg) : strlen(seg);
			if (n == 0 || (n == 1 && seg[0] == '.')) {
				/* skip */
			} else if (n == 2 && seg[0] == '.' && seg[1] == '.') {
				while (q > out && q[-1] != '/')
					q--;
				if (q > out)
					q--;
			} else {
				if (q > out)
					*q++ = '/';
				memcpy(q, seg, n);
				q += n;
			}
			seg += n + (e != NULL);
		}
		*q = '\0';
		for (i = 0; i < c->n; i++)
			if ((from < 0 || c->e[i].root == c->e[from].root) &&
			    strcmp(c->e[i].path, out) == 0) {
				r = (int)i;
				break;
			}
		free(out);
	}
out:
	buf_free(&b);
	buf_free(&norm);
	return r;
}

/* Length of "path" without its extension ("a/talk.en.vtt" -> "a/talk.en"). */
static size_t
stem_len(const char *path)
{
	const char	*dot = strrchr(path, '.'), *slash = strrchr(path, '/');

	if (dot == NULL || (slash != NULL && dot < slash))
		return strlen(path);
	return (size_t)(dot - path);
}

/*
 * A caption file without a video of its own takes the video of the
 * document beside it with the same stem ("talk.md" and "talk.vtt" or
 * "talk.en.vtt").
 */
void
corpus_link_captions(struct corpus *c)
{
	size_t	 i, j, n, m;

	for (i = 0; i < c->n; i++) {
		struct entry *e = &c->e[i];

		if (e->kind != DOC_CAPTIONS || e->video[0] != '\0')
			continue;
		n = stem_len(e->path);
		for (j = 0; j < c->n; j++) {
			const struct entry *o = &c->e[j];

			if (o->kind == DOC_CAPTIONS || o->video[0] == '\0' ||
			    o->root != e->root)
				continue;
			m = stem_len(o->path);
			/* The same stem, or it plus a language tag. */
			if (strncmp(o->path, e->path, m) != 0 || (n != m &&
			    !(n > m + 1 && n - m <= 6 && e->path[m] == '.' &&
			    memchr(e->path + m + 1, '.', n - m - 1) == NULL)))
				continue;
			memcpy(e->video, o->video, sizeof(e->video));
			break;
		}
	}
}

/* Resolve link ln of entry i in the library. */
void
corpus_resolve_link(const struct corpus *c, size_t i, struct elink *ln)
{
	if (ln->type == ITEM_WIKI)
		ln->to = corpus_resolve_wiki(c, (int)i, ln->target,
		    &ln->ambiguous);
	else if (ln->type == ITEM_FILE)
		ln->to = corpus_resolve_file(c, (int)i, ln->target);
	else
		ln->to = -1;
}
