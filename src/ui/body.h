/* SPDX-License-Identifier: ISC */
#ifndef FOLIO_UI_BODY_H
#define FOLIO_UI_BODY_H

/*
 * The body view's own state, shared by its two files (body.c: layout,
 * scrolling, drawing; body-find.c: items, headings, search) and by no
 * other file.
 */
struct bodypriv {
	int		 width;		/* layout width */
	struct lines	*blk;		/* per block; .a NULL: not laid out */
	size_t		 nblk;
	size_t		 nlaid;
	struct bpos	 top;
	struct buf	 search;	/* the search text */
	bool		 search_case;	/* smart case: it has capitals */
	struct buf	 folded;	/* folded search text */
	struct bpos	 saved;		/* position before a search */
	struct bodyload	*load;		/* the whole being read, or NULL */
};

extern struct bodypriv	 body_b;

/* Block "bi" laid out (NULL if it cannot be). */
struct lines	*body_get(struct bodyview *, size_t bi);
/* Step *p to the next or previous display line; false at an end. */
bool		 body_next_pos(struct bodyview *, struct bpos *);
bool		 body_prev_pos(struct bodyview *, struct bpos *);
/* Lines of the body pane. */
int		 body_page_height(struct app *);
/* The search hits of display line d: their starts and ends in s and e
 * (at most max); the count. */
size_t		 body_line_hits(struct bodyview *, const struct dline *,
		    uint32_t *s, uint32_t *e, size_t max);

/* Enter on a foldable callout's title: fold or unfold it; false when
 * the current item is not one. */
bool		 body_fold(struct app *);

#endif /* !FOLIO_UI_BODY_H */
