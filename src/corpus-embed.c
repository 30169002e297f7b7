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
	size_t		 src_first;	/* index of v[0] in its note */
	size_t		 ifirst, iend;	/* the host items made for it */
};

/* A callout of an embedded note and its copy in the host. */
struct comap {
	const struct callout *from;
	struct callout	*to;
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
	/* While copying one note: */
	const struct doc *src;		/* the embedded note */
	int32_t		*imap;		/* its items -> host items, or -1 */
	uint32_t	 at;		/* host offset of the copies */
	uint32_t	 block;		/* the note's block being copied */
	struct comap	*co;
	size_t		 nco;
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

/*
 * The host item standing for item "k" of the embedded note (made on
 * first use), or -1 for none (a footnote reference: its definition is
 * not the host's).  It is "inner": shown at the copies' offset, its
 * block the note's until splice() puts the copies in place.
 */
static int32_t
host_item(struct embedder *em, int32_t k)
{
	const struct item *from;
	struct item	 it;

	if (k < 0 || (size_t)k >= em->src->body->nitems)
		return -1;
	if (em->imap[k] != -2)
		return em->imap[k];
	from = &em->src->body->items[k];
	if (from->type == ITEM_NOTE) {
		em->imap[k] = -1;
		return -1;
	}
	it = *from;
	it.off = em->at;
	it.len = 0;
	it.inner = 1;
	it.target = from->target ? arena_strdup(em->b->a, from->target) :
	    NULL;
	it.text = from->text ? arena_strdup(em->b->a, from->text) : NULL;
	/* A moment of the embedded note's video. */
	if (it.type == ITEM_TS && it.video[0] == '\0')
		memcpy(it.video, em->src->video, sizeof(it.video));
	em->imap[k] = markdown_add_item(em->b, &it);
	return em->imap[k];
}

/* The item of the embedded note covering its source offset "pos" (-1
 * if none) and where that stops holding, in *stop. */
static int32_t
src_item_at(const struct body *sb, uint32_t pos, uint32_t *stop)
{
	size_t	 lo = 0, hi = sb->nitems, k;

	/* The first item starting after pos. */
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (sb->items[mid].off <= pos)
			lo = mid + 1;
		else
			hi = mid;
	}
	*stop = lo < sb->nitems ? sb->items[lo].off : UINT32_MAX;
	for (k = lo; k-- > 0 && lo - k <= 4; ) {
		const struct item *it = &sb->items[k];

		if (it->len > 0 && it->off + it->len > pos && !it->inner) {
			*stop = it->off + it->len;
			return (int32_t)k;
		}
	}
	return -1;
}

/* Copy runs r[0..n) of the embedded note into the host's arena: no
 * source offsets, each piece naming its host item.  Returns the copy;
 * its length in *out. */
static struct run *
copy_runs(struct embedder *em, const struct run *r, uint32_t n,
    uint32_t *out, int role)
{
	struct arena	*a = em->b->a;
	struct run	*v;
	size_t		 cap = (size_t)n + 1, k = 0;
	uint32_t	 i, pos, end, stop;
	int32_t		 si;

	v = arena_alloc(a, cap * sizeof(*v));
	for (i = 0; i < n; i++) {
		struct run x = r[i];

		if (role >= 0)
			x.role = (uint8_t)role;
		if (x.off == RUN_NOOFF || x.item >= 0 || x.len == 0) {
			if (k == cap) {
				v = arena_grow(a, v, cap * sizeof(*v),
				    2 * cap * sizeof(*v));
				cap *= 2;
			}
			x.text = arena_strndup(a, x.text, x.len);
			x.item = host_item(em, x.item);
			x.off = RUN_NOOFF;
			if (x.item >= 0)
				em->b->items[x.item].block = em->block;
			v[k++] = x;
			continue;
		}
		/* Cut at the items the note's layout would find. */
		for (pos = x.off, end = x.off + x.len; pos < end; pos = stop) {
			si = src_item_at(em->src->body, pos, &stop);
			if (stop > end || stop <= pos)
				stop = end;
			if (k == cap) {
				v = arena_grow(a, v, cap * sizeof(*v),
				    2 * cap * sizeof(*v));
				cap *= 2;
			}
			v[k] = x;
			v[k].text = arena_strndup(a, x.text + (pos - x.off),
			    stop - pos);
			v[k].len = stop - pos;
			v[k].off = RUN_NOOFF;
			v[k].item = host_item(em, si);
			if (v[k].item >= 0)
				em->b->items[v[k].item].block = em->block;
			k++;
		}
	}
	*out = (uint32_t)k;
	return v;
}

/* The host's copy of callout "from" of the embedded note, at frame
 * depth "shift" deeper (made on first use). */
static struct callout *
host_callout(struct embedder *em, const struct callout *from, size_t shift)
{
	struct callout	*to;
	size_t		 i;

	for (i = 0; i < em->nco; i++)
		if (em->co[i].from == from)
			return em->co[i].to;
	to = arena_alloc(em->b->a, sizeof(*to));
	*to = *from;
	to->label = arena_strdup(em->b->a, from->label);
	to->title = copy_runs(em, from->title, from->ntitle, &to->ntitle,
	    -1);
	to->depth = (uint8_t)(from->depth + shift);
	to->marker = em->at;
	em->co = xreallocarray(em->co, em->nco + 1, sizeof(*em->co));
	em->co[em->nco++] = (struct comap){ from, to };
	return to;
}

/* A copy of block "src" from an embedded note for the host: its text in
 * the host's arena, in the frames of the "host" block and the embed's,
 * placed at the end of the host block; headings become strong
 * paragraphs.  Links, moments and attachments in it are host items. */
static void
copy_block(struct embedder *em, struct block *dst, const struct block *src,
    const struct block *host)
{
	struct arena	*a = em->b->a;
	struct frame	*fr;
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
		fr[i].flags = 0;
	}
	memset(&fr[h], 0, sizeof(fr[h]));
	fr[h].kind = FRAME_EMBED;
	fr[h].width = 2;
	for (i = 0; i < src->nframes && h + 1 + i < 255; i++) {
		fr[h + 1 + i] = src->frames[i];
		if (fr[h + 1 + i].marker != NULL)
			fr[h + 1 + i].marker = arena_strdup(a,
			    fr[h + 1 + i].marker);
		if (fr[h + 1 + i].co != NULL)
			fr[h + 1 + i].co = host_callout(em, fr[h + 1 + i].co,
			    h + 1);
	}
	dst->frames = fr;
	dst->nframes = (uint8_t)(h + 1 + i);
	dst->off = dst->end = host->end;
	dst->flags = 0;
	dst->note = 0;
	dst->gutter = src->gutter ? arena_strdup(a, src->gutter) : NULL;
	dst->info = src->info ? arena_strdup(a, src->info) : NULL;
	if (src->callout != NULL)
		dst->callout = host_callout(em, src->callout, h + 1);
	if (src->type == BLK_HEADING) {
		dst->type = BLK_PARA;
		dst->level = 0;
	}
	dst->runs = copy_runs(em, src->runs, src->nruns, &dst->nruns,
	    src->type == BLK_HEADING ? ROLE_STRONG : -1);
	if (src->type == BLK_TABLE) {
		nc = (size_t)src->nrows * src->ncols;
		dst->align = arena_alloc(a, src->ncols + 1u);
		memcpy(dst->align, src->align, src->ncols);
		dst->cells = arena_alloc(a, (nc + 1) * sizeof(*dst->cells));
		for (k = 0; k < nc; k++)
			dst->cells[k].runs = copy_runs(em, src->cells[k].runs,
			    src->cells[k].nruns, &dst->cells[k].nruns, -1);
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
	size_t		 i, n = 0, first = SIZE_MAX;
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
	/* A part leaves out the note's footnotes (gathered at its end). */
	for (i = 0; i < d->body->nblocks; i++)
		if (d->body->blocks[i].off >= off &&
		    d->body->blocks[i].off < end && (frag == NULL ||
		    !(d->body->blocks[i].flags & BLOCK_MOVED))) {
			if (first == SIZE_MAX)
				first = i;
			n++;
		}
	if (n > EMBED_BLOCKS - em->total)
		n = EMBED_BLOCKS - em->total;
	em->ins = xreallocarray(em->ins, em->nins + 1, sizeof(*em->ins));
	in = &em->ins[em->nins++];
	in->after = bi;
	in->n = 0;
	in->src_first = first;
	in->ifirst = em->b->nitems;
	in->v = arena_alloc(em->b->a, (n + 1) * sizeof(*in->v));
	em->src = d;
	em->at = em->b->blocks[bi].end;
	em->imap = xreallocarray(NULL, d->body->nitems + 1,
	    sizeof(*em->imap));
	for (i = 0; i < d->body->nitems; i++)
		em->imap[i] = -2;
	em->nco = 0;
	for (i = first; i < d->body->nblocks && in->n < n; i++) {
		em->block = (uint32_t)i;
		copy_block(em, &in->v[in->n++], &d->body->blocks[i],
		    &em->b->blocks[bi]);
	}
	/* The folds of its callouts (no run names them). */
	for (i = 0; i < d->body->nitems; i++)
		if (d->body->items[i].type == ITEM_FOLD &&
		    d->body->items[i].block >= first &&
		    d->body->items[i].block < first + in->n)
			(void)host_item(em, (int32_t)i);
	in->iend = em->b->nitems;
	em->total += in->n;
	free(em->imap);
	em->imap = NULL;
	em->src = NULL;
	doc_free(d);
	return true;
}

/* The callout boxes host block "h" ends end with "last" instead (its
 * frames are copies of h's). */
static void
move_ends(struct block *h, struct block *last)
{
	struct frame	*hf = (struct frame *)h->frames;
	struct frame	*lf = (struct frame *)last->frames;
	size_t		 k;

	for (k = 0; k < h->nframes && k < last->nframes; k++)
		if (hf[k].kind == FRAME_CALLOUT && (hf[k].flags & FRAME_LAST) &&
		    lf[k].kind == FRAME_CALLOUT) {
			hf[k].flags &= (uint8_t)~FRAME_LAST;
			lf[k].flags |= FRAME_LAST;
		}
}

/* Put the collected blocks in place, fixing the items' block indexes
 * (the inner ones' from their note's) and the callouts' last blocks. */
static void
splice(struct embedder *em)
{
	struct body	*b = em->b;
	struct block	*v;
	size_t		*map, i, j, k, n = b->nblocks, add = 0, start;

	for (k = 0; k < em->nins; k++)
		add += em->ins[k].n;
	if (add == 0)
		return;
	v = arena_alloc(b->a, (n + add) * sizeof(*v));
	map = xcalloc(n + 1, sizeof(*map));
	for (i = 0, n = 0; i < b->nblocks; i++) {
		map[i] = n;
		v[n++] = b->blocks[i];
		for (k = 0; k < em->nins; k++) {
			struct insert *in = &em->ins[k];

			if (in->after != i || in->n == 0)
				continue;
			start = n;
			memcpy(v + n, in->v, in->n * sizeof(*v));
			n += in->n;
			for (j = in->ifirst; j < in->iend; j++)
				b->items[j].block = (uint32_t)(start +
				    (b->items[j].block - in->src_first));
			for (j = start; j < n; j++) {
				struct callout *co = v[j].callout;

				/* Hidden with the host block, or by its own
				 * folded callout. */
				v[j].hidden = (uint8_t)(v[j].hidden +
				    b->blocks[i].hidden +
				    (b->blocks[i].callout != NULL &&
				    b->blocks[i].callout->folded));
				if (co != NULL && co->last >= in->src_first)
					co->last = (uint32_t)(start + co->last -
					    in->src_first);
				if (co != NULL && co->last >= n)
					co->last = (uint32_t)(n - 1);
			}
			/* The boxes that end with the host block end after
			 * what is embedded in it. */
			move_ends(&v[map[i]], &v[n - 1]);
		}
	}
	map[b->nblocks] = n;
	for (i = 0; i < b->nitems; i++)
		if (!b->items[i].inner && b->items[i].block < b->nblocks)
			b->items[i].block = (uint32_t)map[b->items[i].block];
	/* A box of the host takes in what is embedded in its last block. */
	for (i = 0; i < b->nblocks; i++)
		if (b->blocks[i].callout != NULL && b->blocks[i].callout->last <
		    b->nblocks)
			b->blocks[i].callout->last = (uint32_t)
			    (map[b->blocks[i].callout->last + 1] - 1);
	b->blocks = v;
	b->nblocks = n;
	free(map);
	markdown_sort_items(b);
}

void
corpus_embed(const struct corpus *c, int self, struct doc *d, int depth,
    const int *stack)
{
	struct embedder	 em;
	struct body	*b = d->body;
	const char	*name, *frag;
	char		*text;
	size_t		 i, n0 = b->nitems;
	int		 k;
	bool		 cycle, shown;

	memset(&em, 0, sizeof(em));
	em.c = c;
	em.b = b;
	em.self = self;
	em.stack = stack;
	em.depth = depth;
	for (i = 0; i < n0; i++) {
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
		shown = !cycle && depth < EMBED_DEPTH && em.total <
		    EMBED_BLOCKS && embed_note(&em, it->ref, frag, it->block);
		it = &b->items[i];	/* the items grew */
		sprintf(text, shown ? "[embed: %s]" : "[embed: %s (not shown)]",
		    it->target);
		(void)markdown_replace_span(b, it->block, it->off - 3,
		    it->len + 5, text, it->role, (int32_t)i);
	}
	splice(&em);
	free(em.ins);
	free(em.co);
}
