/* SPDX-License-Identifier: ISC */
#ifndef FOLIO_CORPUS_INT_H
#define FOLIO_CORPUS_INT_H

/*
 * What the library's modules share and nobody else sees: corpus.c (the
 * entries), corpus-scan.c (walking folders), corpus-links.c (resolving
 * links), entity.c (the entity dictionary and its matcher), corpus-load.c
 * (the loading passes) and corpus-cache.c (the summary cache).
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "folio/corpus.h"
#include "cmap.h"

#define MAX_DOC_ENTITIES 512	/* entities listed by one document */

struct arena;
struct cache_rd;
struct fm_node;

/* Per entry, where its entity names and mentions are in the cache. */
struct cached {
	size_t		 ents;		/* offset of the entity list, or 0 */
	size_t		 ments;		/* offset of the mention list */
};

/* corpus.c: entries. */
void	 corpus_note(struct corpus *, const char *fmt, const char *path,
	    const char *why);
void	 corpus_shrink(struct corpus *);
void	 corpus_entry_forget(struct entry *);
int	 corpus_add_entry_ref(struct corpus *, const char *rel,
	    const char *abs, int root);
int	 corpus_add_entry(struct corpus *, const char *rel, const char *abs,
	    int root);

/* corpus-scan.c: add a root folder, scanning it when "scan". */
int	 corpus_root(struct corpus *, const char *dir, bool scan,
	    struct folio_err *err);
void	 corpus_scan(struct corpus *, int root);

/* corpus-links.c: link keys and resolution. */
void	 corpus_index_keys(struct corpus *);
void	 corpus_link_captions(struct corpus *);
void	 corpus_borrow(struct corpus *);
void	 corpus_resolve_link(const struct corpus *, size_t i,
	    struct elink *);
void	 corpus_read_aliases(struct entry *, const struct fm_node *fm,
	    struct arena *);

/* entity.c: the dictionary and its matcher. */
int	 entity_add(struct corpus *, const char *name, const char *cat);
void	 entity_index(struct corpus *);
char	*entity_names(const struct fm_node *);
void	 entity_add_names(struct corpus *, size_t ei, const char *names);
void	 entity_each_text(const struct corpus *, const struct body *,
	    void (*fn)(int, uint32_t, uint32_t, void *), void *arg);
void	 entity_count(const struct corpus *, const struct body *,
	    uint32_t *cnt);

/* corpus-embed.c: show embedded notes and attachments in d's body, d
 * being entry "self" embedded "depth" deep by the notes stack[0..depth). */
void	 corpus_embed(const struct corpus *, int self, struct doc *,
	    int depth, const int *stack);

/* entity.c: corpus_decorate() of a note embedded "depth" deep. */
void	 corpus_decorate_depth(const struct corpus *, int self, struct doc *,
	    int depth, const int *stack);

/* corpus-links.c: the "#fragment" part of a wikilink target after the
 * name that resolves (without '#'), or NULL. */
const char *corpus_fragment(const struct corpus *, int from,
	    const char *target);

/* corpus-cache.c: the summary cache. */
uint64_t corpus_dict_hash(const struct corpus *);
uint64_t corpus_cache_take(struct corpus *, struct cached *at, size_t *nrec,
	    bool *same, bool heads);
void	 corpus_cache_save(const struct corpus *, bool counted,
	    bool resolved);
void	 corpus_cache_drop(struct corpus *);
void	 corpus_cache_mentions(struct corpus *, const struct cached *at);
void	 corpus_cache_ents(struct cache_rd *, struct corpus *, size_t i);

#endif /* !FOLIO_CORPUS_INT_H */
