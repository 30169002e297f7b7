/* SPDX-License-Identifier: ISC */
#include "folio/corpus.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "folio/arena.h"
#include "folio/markdown.h"
#include "folio/role.h"
#include "folio/xmalloc.h"
#include "corpus-int.h"

#define EMBED_DEPTH	3	/* notes embedded in embedded notes ... */
#define EMBED_BLOCKS	2000	/* blocks embedded into one document */

/* Blocks to insert after a block of the host document. */
struct insert {
	size_t		 after;
	struct block	*v;
	size_t		 n;
};

struct embedder {
	const struct corpus *c;
	struct body	*b;		/* the host's */
	struct insert	*ins;
	size_t		 nins;
	size_t		 total;
	int		 self;		/* the host */
	const int	*stack;		/* the notes embedding the host */
	int		 depth;
};

/* The kind of file an attachment is, by its extension: "image", "pdf" ... */
static const char *
file_kind(const char *name)
{
	static const struct {
		const char	*ext, *kind;
	} kinds[] = {
		{ "png", "image" }, { "jpg", "image" }, { "jpeg", "image" },
		{ "gif", "image" }, { "svg", "image" }, { "webp", "image" },
		{ "bmp", "image" }, { "avif", "image" }, { "pdf", "pdf" },
		{ "mp3", "audio" }, { "wav", "audio" }, { "m4a", "audio" },
		{ "ogg", "audio" }, { "flac", "audio" }, { "mp4", "video" },
		{ "webm", "video" }, { "mov", "video" }, { "mkv", "video" },
		{ "base", "base" }, { "canvas", "canvas" },
	};
	const char	*dot = strrchr(name, '.');
	size_t		 i;

	for (i = 0; dot != NULL && i < ARRAY_SIZE(kinds); i++)
		if (strcasecmp(dot + 1, kinds[i].ext) == 0)
			return kinds[i].kind;
	return "file";
}

/* A copy of block "src" from an embedded note for the host: its text in
 * the host's arena, in the frames of the "host" block and the embed's,
 * placed at the end of the host block; headings become strong
 * paragraphs. */
static void
copy_block(struct arena *a, struct block *dst, const struct block *src,
    const struct block *host)
{
	struct frame	*fr;
	struct run	*r;
	size_t		 i, k, nc, h = host->nframes;

	*dst = *src;
	/* Inside the host's containers (a list item's marker is drawn
	 * already), then the embed's frame, then its own. */
	if (h + 1 + src->nframes > 255)
		h = 0;
	fr = arena_alloc(a, (h + 1 + src->nframes) * sizeof(*fr));
	for (i = 0; i < h; i++) {
		fr[i] = host->frames[i];
		fr[i].marker = NULL;
	}
	fr[h].kind = FRAME_EMBED;
	fr[h].width = 2;
	for (i = 0; i < src->nframes && h + 1 + i < 255; i++) {
		fr[h + 1 + i] = src->frames[i];
		if (fr[h + 1 + i].marker != NULL)
			fr[h + 1 + i].marker = arena_strdup(a,
			    fr[h + 1 + i].marker);
	}
	dst->frames = fr;
	dst->nframes = (uint8_t)(h + 1 + i);
	dst->off = dst->end = host->end;
	dst->gutter = src->gutter ? arena_strdup(a, src->gutter) : NULL;
	dst->info = src->info ? arena_strdup(a, src->info) : NULL;
	if (src->type == BLK_HEADING) {
		dst->type = BLK_PARA;
		dst->level = 0;
	}
	r = src->nruns ? arena_alloc(a, src->nruns * sizeof(*r)) : NULL;
	for (i = 0; i < src->nruns; i++) {
		r[i] = src->runs[i];
		r[i].text = arena_strndup(a, r[i].text, r[i].len);
		r[i].off = RUN_NOOFF;
		r[i].item = -1;
		if (src->type == BLK_HEADING)
			r[i].role = ROLE_STRONG;
	}
	dst->runs = r;
	if (src->type == BLK_TABLE) {
		nc = (size_t)src->nrows * src->ncols;
		dst->align = arena_alloc(a, src->ncols + 1u);
		memcpy(dst->align, src->align, src->ncols);
		dst->cells = arena_alloc(a, (nc + 1) * sizeof(*dst->cells));
		for (k = 0; k < nc; k++) {
			const struct tcell *sc = &src->cells[k];

			r = sc->nruns ? arena_alloc(a, sc->nruns *
			    sizeof(*r)) : NULL;
			for (i = 0; i < sc->nruns; i++) {
				r[i] = sc->runs[i];
				r[i].text = arena_strndup(a, r[i].text,
				    r[i].len);
				r[i].off = RUN_NOOFF;
				r[i].item = -1;
			}
			dst->cells[k].runs = r;
			dst->cells[k].nruns = sc->nruns;
		}
	}
}

/* Embed note "to" (its part "frag", or all of it) after host block "bi";
 * false when it cannot be read or has no such part. */
static bool
embed_note(struct embedder *em, int to, const char *frag, size_t bi)
{
	const struct corpus *c = em->c;
	struct folio_err err;
	struct doc	*d;
	struct insert	*in;
	uint32_t	 off = 0, end = UINT32_MAX;
	size_t		 i, n = 0;
	int		*stack;

	if ((d = doc_load(c->e[to].abspath, c->e[to].path, NULL, NULL,
	    &err)) == NULL)
		return false;
	if (frag != NULL && !doc_anchor(d, frag, &off, &end)) {
		doc_free(d);
		return false;
	}
	/* Its own embeds first, one level deeper. */
	stack = xreallocarray(NULL, (size_t)em->depth + 2, sizeof(*stack));
	if (em->depth > 0)
		memcpy(stack, em->stack, (size_t)em->depth * sizeof(*stack));
	stack[em->depth] = em->self;
	corpus_decorate_depth(c, to, d, em->depth + 1, stack);
	free(stack);
	for (i = 0; i < d->body->nblocks; i++)
		if (d->body->blocks[i].off >= off &&
		    d->body->blocks[i].off < end)
			n++;
	if (n > EMBED_BLOCKS - em->total)
		n = EMBED_BLOCKS - em->total;
	em->ins = xreallocarray(em->ins, em->nins + 1, sizeof(*em->ins));
	in = &em->ins[em->nins++];
	in->after = bi;
	in->n = 0;
	in->v = arena_alloc(em->b->a, (n + 1) * sizeof(*in->v));
	for (i = 0; i < d->body->nblocks && in->n < n; i++)
		if (d->body->blocks[i].off >= off &&
		    d->body->blocks[i].off < end)
			copy_block(em->b->a, &in->v[in->n++],
			    &d->body->blocks[i], &em->b->blocks[bi]);
	em->total += in->n;
	doc_free(d);
	return true;
}

/* Put the collected blocks in place, fixing the items' block indexes. */
static void
splice(struct embedder *em)
{
	struct body	*b = em->b;
	struct block	*v;
	size_t		*map, i, k, n = b->nblocks, add = 0;

	for (k = 0; k < em->nins; k++)
		add += em->ins[k].n;
	if (add == 0)
		return;
	v = arena_alloc(b->a, (n + add) * sizeof(*v));
	map = xcalloc(n + 1, sizeof(*map));
	for (i = 0, n = 0; i < b->nblocks; i++) {
		map[i] = n;
		v[n++] = b->blocks[i];
		for (k = 0; k < em->nins; k++)
			if (em->ins[k].after == i) {
				memcpy(v + n, em->ins[k].v, em->ins[k].n *
				    sizeof(*v));
				n += em->ins[k].n;
			}
	}
	for (i = 0; i < b->nitems; i++)
		if (b->items[i].block < b->nblocks)
			b->items[i].block = (uint32_t)map[b->items[i].block];
	b->blocks = v;
	b->nblocks = n;
	free(map);
}

void
corpus_embed(const struct corpus *c, int self, struct doc *d, int depth,
    const int *stack)
{
	struct embedder	 em = { c, d->body, NULL, 0, 0, self, stack, depth };
	struct body	*b = d->body;
	const char	*name, *frag;
	char		*text;
	size_t		 i;
	int		 k;
	bool		 cycle;

	for (i = 0; i < b->nitems; i++) {
		struct item *it = &b->items[i];

		if (it->type != ITEM_WIKI || (it->att == 0 && it->ref < 0))
			continue;
		if (it->att > 0 && !it->embed) {
			it->role = ROLE_LINK;	/* a file: opened, not read */
			continue;
		}
		if (!it->embed || it->off < 3 || it->target == NULL)
			continue;
		if (it->att > 0) {
			name = strrchr(c->atts[it->att - 1].path, '/');
			name = name ? name + 1 : c->atts[it->att - 1].path;
			text = arena_alloc(b->a, strlen(name) + 16);
			sprintf(text, "[%s: %s]", file_kind(name), name);
			it->role = ROLE_LINK;
			(void)markdown_replace_span(b, it->block, it->off - 3,
			    it->len + 5, text, ROLE_LINK, (int32_t)i);
			continue;
		}
		/* A note: its text after the block, marked. */
		cycle = it->ref == self;
		for (k = 0; k < depth; k++)
			if (stack[k] == it->ref)
				cycle = true;
		frag = corpus_fragment(c, self, it->target);
		text = arena_alloc(b->a, strlen(it->target) + 32);
		if (cycle || depth >= EMBED_DEPTH || em.total >= EMBED_BLOCKS ||
		    !embed_note(&em, it->ref, frag, it->block))
			sprintf(text, "[embed: %s (not shown)]", it->target);
		else
			sprintf(text, "[embed: %s]", it->target);
		(void)markdown_replace_span(b, it->block, it->off - 3,
		    it->len + 5, text, it->role, (int32_t)i);
	}
	splice(&em);
	free(em.ins);
}
