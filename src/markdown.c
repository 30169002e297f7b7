/* SPDX-License-Identifier: ISC */
#include "folio/markdown.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <md4c.h>

#include "folio/arena.h"
#include "folio/buf.h"
#include "folio/folio.h"
#include "folio/role.h"
#include "folio/timestamp.h"
#include "folio/utf8.h"
#include "folio/xmalloc.h"

/* Bodies smaller than this are parsed on the caller's thread. */
#define SYNC_LIMIT	(64u << 10)
#define MAX_CELLS	(4u << 20)

/* Active inline spans, as bits. */
#define SP_EMPH		0x01
#define SP_STRONG	0x02
#define SP_CODE		0x04
#define SP_STRIKE	0x08
#define SP_LINK		0x10
#define SP_WIKI		0x20

struct list_state {
	int		 ordered;
	unsigned	 next;
	int		 tight;
	int		 is_task;
};

/* The state of one parse: md4c callbacks build the body through it. */
struct mdb {
	struct arena	*a;
	const char	*src;
	size_t		 srcend;
	struct body	*body;
	int		*abort;		/* set by the waiting thread */

	struct block	*blocks;	/* heap while building */
	size_t		 nblocks, bcap;
	struct run	*runs;		/* runs of the open leaf or cell */
	size_t		 nruns, rcap;

	struct frame	 frames[FOLIO_MAX_NEST];
	int		 depth;		/* real container depth */
	struct list_state lists[FOLIO_MAX_NEST];
	int		 nlists;	/* real list depth */

	int		 leaf_open;
	struct block	 leaf;
	int		 in_code;
	int		 in_html;
	int		 heading;	/* level while in a heading */
	unsigned	 spans;
	int		 span_depth[8];
	int32_t		 link_item;	/* item being built, or -1 */
	size_t		 link_text;	/* bytes of text seen in the link */
	uint32_t	 last_off;
	int		 prev_in_list;	/* the previous leaf was in a list */
	uint32_t	 nextid;	/* the last container id given */

	int		 in_table;
	struct block	 tbl;
	uint32_t	 row, col;
	int		 in_cell;
	size_t		 ncells;
};

static const char softbreak[] = " ";
static const char replacement[] = "\xef\xbf\xbd";

/* ---- small helpers ---------------------------------------------------- */

static uint32_t
src_off(struct mdb *m, const char *p)
{
	if (p >= m->src && p < m->src + m->srcend)
		return (uint32_t)(p - m->src);
	return RUN_NOOFF;
}

static int
span_role(struct mdb *m)
{
	if (m->spans & SP_CODE)
		return ROLE_CODE;
	if (m->spans & SP_WIKI)
		return ROLE_WIKILINK;
	if (m->spans & SP_LINK)
		return ROLE_LINK;
	if (m->heading)
		return m->heading == 1 ? ROLE_H1 : m->heading == 2 ? ROLE_H2 :
		    ROLE_H3;
	if (m->spans & SP_STRONG)
		return ROLE_STRONG;
	if (m->spans & SP_EMPH)
		return ROLE_EMPH;
	if (m->spans & SP_STRIKE)
		return ROLE_STRIKE;
	if (m->in_code)
		return ROLE_CODEBLOCK;
	if (m->in_html)
		return ROLE_HTML;
	return ROLE_TEXT;
}

static void
add_run(struct mdb *m, const char *text, size_t len, uint32_t off, int role,
    int flags)
{
	struct run	*r;

	if (m->nruns == m->rcap) {
		m->rcap = m->rcap ? m->rcap * 2 : 16;
		m->runs = xreallocarray(m->runs, m->rcap, sizeof(*m->runs));
	}
	r = &m->runs[m->nruns++];
	r->text = text;
	r->len = (uint32_t)len;
	r->off = off;
	r->role = (uint8_t)role;
	r->flags = (uint8_t)flags;
	r->item = m->link_item;
	if (off != RUN_NOOFF && off + len > m->last_off)
		m->last_off = (uint32_t)(off + len);
}

/* Copy the pending runs into the arena; reset the pending list. */
static struct run *
take_runs(struct mdb *m, uint32_t *n)
{
	struct run	*r = NULL;

	*n = (uint32_t)m->nruns;
	if (m->nruns > 0) {
		r = arena_alloc(m->a, m->nruns * sizeof(*r));
		memcpy(r, m->runs, m->nruns * sizeof(*r));
	}
	m->nruns = 0;
	return r;
}

static void
push_block(struct mdb *m, const struct block *b)
{
	if (m->nblocks == m->bcap) {
		m->bcap = m->bcap ? m->bcap * 2 : 32;
		m->blocks = xreallocarray(m->blocks, m->bcap,
		    sizeof(*m->blocks));
	}
	m->blocks[m->nblocks++] = *b;
}

/* Snapshot the container frames for a new leaf; markers show once. */
static const struct frame *
snap_frames(struct mdb *m, uint8_t *n)
{
	struct frame	*f;
	int		 i, k;

	k = m->depth < FOLIO_MAX_NEST ? m->depth : FOLIO_MAX_NEST;
	*n = (uint8_t)k;
	if (k == 0)
		return NULL;
	f = arena_alloc(m->a, (size_t)k * sizeof(*f));
	for (i = 0; i < k; i++) {
		f[i] = m->frames[i];
		m->frames[i].marker = NULL;
	}
	return f;
}

static int
in_tight_list(struct mdb *m)
{
	return m->nlists > 0 && m->nlists <= FOLIO_MAX_NEST &&
	    m->lists[m->nlists - 1].tight;
}

static void
open_leaf(struct mdb *m, int type)
{
	memset(&m->leaf, 0, sizeof(m->leaf));
	m->leaf.type = (uint8_t)type;
	m->leaf.off = RUN_NOOFF;
	m->leaf.frames = snap_frames(m, &m->leaf.nframes);
	if (m->nblocks == 0)
		m->leaf.space_before = 0;
	else if (m->nlists > 0 && in_tight_list(m) && m->prev_in_list)
		m->leaf.space_before = 0;
	else
		m->leaf.space_before = 1;
	m->leaf_open = 1;
	m->nruns = 0;
}

static void
close_leaf(struct mdb *m)
{
	uint32_t	 i;

	if (!m->leaf_open)
		return;
	m->leaf_open = 0;
	m->leaf.runs = take_runs(m, &m->leaf.nruns);
	for (i = 0; i < m->leaf.nruns; i++)
		if (m->leaf.runs[i].off != RUN_NOOFF) {
			m->leaf.off = m->leaf.runs[i].off;
			break;
		}
	if (m->leaf.off == RUN_NOOFF)
		m->leaf.off = m->last_off;
	m->leaf.end = m->last_off > m->leaf.off ? m->last_off : m->leaf.off;
	/* An empty implicit paragraph (e.g. an empty list item) still
	 * shows its marker. */
	push_block(m, &m->leaf);
	m->prev_in_list = m->nlists > 0;
}

/* Ensure text has a leaf to go to (tight list items have no <p>). */
static void
need_leaf(struct mdb *m)
{
	if (!m->leaf_open && !m->in_cell)
		open_leaf(m, BLK_PARA);
}

static char *
attr_dup(struct mdb *m, const MD_ATTRIBUTE *at)
{
	struct buf	 b = { 0 };
	char		*s;
	unsigned	 i;

	if (at == NULL || at->text == NULL)
		return arena_strdup(m->a, "");
	for (i = 0; at->substr_offsets[i] < at->size; i++) {
		const char *p = at->text + at->substr_offsets[i];
		size_t n = at->substr_offsets[i + 1] - at->substr_offsets[i];

		if (at->substr_types[i] == MD_TEXT_ENTITY) {
			s = markdown_decode_entities(m->a, p, n);
			buf_adds(&b, s);
		} else if (at->substr_types[i] == MD_TEXT_NULLCHAR) {
			buf_adds(&b, replacement);
		} else {
			buf_add(&b, p, n);
		}
	}
	s = arena_strndup(m->a, buf_cstr(&b), b.len);
	buf_free(&b);
	return s;
}

/* YouTube moments in the href="..." attributes of HTML text[0..size) at
 * source offset "off": each URL with a time is a timestamp item. */
static void
html_links(struct mdb *m, const char *text, size_t size, uint32_t off)
{
	const char	*p = text, *e = text + size, *h, *v, *ve;
	struct item	 it;
	char		*url;
	long		 t;
	int		 n = 0;

	if (off == RUN_NOOFF)
		return;
	while (n++ < 64 && (h = memmem(p, (size_t)(e - p), "href=", 5)) !=
	    NULL) {
		p = h + 5;
		if (p >= e || (*p != '"' && *p != '\''))
			continue;
		v = p + 1;
		if ((ve = memchr(v, *p, (size_t)(e - v))) == NULL ||
		    ve - v > 2048)
			break;
		p = ve + 1;
		url = markdown_decode_entities(m->a, v, (size_t)(ve - v));
		memset(&it, 0, sizeof(it));
		if ((t = ts_parse_url(url, strlen(url), it.video)) < 0)
			continue;
		it.type = ITEM_TS;
		it.role = ROLE_TIMESTAMP;
		it.in_link = 1;
		it.seconds = t;
		it.ref = -1;
		it.target = url;
		it.off = off + (uint32_t)(v - text);
		it.len = (uint32_t)(ve - v);
		it.block = (uint32_t)m->nblocks;
		markdown_add_item(m->body, &it);
	}
}

/* Classify a link target and start an item for it. */
static void
start_link(struct mdb *m, const char *href, int wiki)
{
	struct item	 it;
	long		 t;

	memset(&it, 0, sizeof(it));
	it.off = RUN_NOOFF;
	it.seconds = -1;
	it.ref = -1;
	it.target = href;
	it.block = (uint32_t)m->nblocks;
	if (wiki) {
		it.type = ITEM_WIKI;
		it.role = ROLE_WIKILINK;
	} else if ((t = ts_parse_url(href, strlen(href), it.video)) >= 0) {
		it.type = ITEM_TS;
		it.role = ROLE_TIMESTAMP;
		it.seconds = t;
		it.in_link = 1;
	} else if (t == -1) {
		it.type = ITEM_VIDEO;
		it.role = ROLE_LINK;
	} else {
		it.video[0] = '\0';
		/* "#Heading" is a place in this note, as in Obsidian. */
		if (strstr(href, "://") ||
		    strncmp(href, "mailto:", 7) == 0 ||
		    strncmp(href, "www.", 4) == 0)
			it.type = ITEM_WEB;
		else
			it.type = ITEM_FILE;
		it.role = ROLE_LINK;
	}
	m->link_item = markdown_add_item(m->body, &it);
	m->link_text = 0;
}

static void
end_link(struct mdb *m, size_t first_run)
{
	struct item	*it;
	struct buf	 b = { 0 };
	size_t		 i;
	uint32_t	 end = 0;

	if (m->link_item < 0)
		return;
	it = &m->body->items[m->link_item];
	for (i = first_run; i < m->nruns; i++) {
		struct run *r = &m->runs[i];

		if (r->item != m->link_item)
			continue;
		buf_add(&b, r->text, r->len);
		if (r->off != RUN_NOOFF) {
			if (it->off == RUN_NOOFF)
				it->off = r->off;
			end = r->off + r->len;
		}
	}
	if (it->off == RUN_NOOFF)
		it->off = m->last_off;
	it->len = end > it->off ? end - it->off : 0;
	it->text = arena_strndup(m->a, buf_cstr(&b), b.len);
	buf_free(&b);
	m->link_item = -1;
}

/* ---- md4c callbacks --------------------------------------------------- */

static const char *
bullet(int depth)
{
	static const char *const marks[] = { "• ", "◦ ", "▪ " };

	return marks[depth % 3];
}

static int
enter_block(MD_BLOCKTYPE type, void *detail, void *u)
{
	struct mdb	*m = u;
	struct list_state *ls;

	if (m->abort != NULL && __atomic_load_n(m->abort, __ATOMIC_RELAXED))
		return 1;
	if (type != MD_BLOCK_DOC && type != MD_BLOCK_TR &&
	    type != MD_BLOCK_TH && type != MD_BLOCK_TD &&
	    type != MD_BLOCK_THEAD && type != MD_BLOCK_TBODY)
		close_leaf(m);
	switch (type) {
	case MD_BLOCK_QUOTE:
		if (m->depth < FOLIO_MAX_NEST) {
			memset(&m->frames[m->depth], 0, sizeof(m->frames[0]));
			m->frames[m->depth].kind = FRAME_QUOTE;
			m->frames[m->depth].width = 2;
			m->frames[m->depth].marker = "│ ";
			m->frames[m->depth].id = ++m->nextid;
		}
		m->depth++;
		m->prev_in_list = 0;
		break;
	case MD_BLOCK_UL:
	case MD_BLOCK_OL:
		if (m->nlists < FOLIO_MAX_NEST) {
			ls = &m->lists[m->nlists];
			memset(ls, 0, sizeof(*ls));
			if (type == MD_BLOCK_OL) {
				MD_BLOCK_OL_DETAIL *d = detail;

				ls->ordered = 1;
				ls->next = d->start;
				ls->tight = d->is_tight;
			} else {
				MD_BLOCK_UL_DETAIL *d = detail;

				ls->tight = d->is_tight;
			}
		}
		m->nlists++;
		break;
	case MD_BLOCK_LI: {
		MD_BLOCK_LI_DETAIL *d = detail;
		char		 mark[32];
		const char	*mk;
		int		 w;

		if (m->nlists > 0 && m->nlists <= FOLIO_MAX_NEST) {
			ls = &m->lists[m->nlists - 1];
			if (d->is_task)
				mk = (d->task_mark == ' ') ? "☐ " : "☑ ";
			else if (ls->ordered) {
				snprintf(mark, sizeof(mark), "%u. ",
				    ls->next++ % 1000000000u);
				mk = arena_strdup(m->a, mark);
			} else
				mk = bullet(m->nlists - 1);
		} else
			mk = "• ";
		w = utf8_strwidth(mk, strlen(mk));
		if (m->depth < FOLIO_MAX_NEST) {
			memset(&m->frames[m->depth], 0, sizeof(m->frames[0]));
			m->frames[m->depth].id = ++m->nextid;
			m->frames[m->depth].kind = FRAME_ITEM;
			m->frames[m->depth].width = (uint8_t)w;
			m->frames[m->depth].marker = mk;
		}
		m->depth++;
		break;
	}
	case MD_BLOCK_HR:
		open_leaf(m, BLK_HR);
		close_leaf(m);
		break;
	case MD_BLOCK_H:
		open_leaf(m, BLK_HEADING);
		m->leaf.level = (uint8_t)((MD_BLOCK_H_DETAIL *)detail)->level;
		m->heading = m->leaf.level;
		break;
	case MD_BLOCK_CODE: {
		MD_BLOCK_CODE_DETAIL *d = detail;

		open_leaf(m, BLK_CODE);
		m->in_code = 1;
		if (d->info.size > 0)
			m->leaf.info = attr_dup(m, &d->info);
		break;
	}
	case MD_BLOCK_HTML:
		open_leaf(m, BLK_HTML);
		m->in_html = 1;
		break;
	case MD_BLOCK_P:
		open_leaf(m, BLK_PARA);
		break;
	case MD_BLOCK_TABLE: {
		MD_BLOCK_TABLE_DETAIL *d = detail;
		size_t		 rows, cols;

		memset(&m->tbl, 0, sizeof(m->tbl));
		m->tbl.type = BLK_TABLE;
		m->tbl.off = RUN_NOOFF;
		m->tbl.frames = snap_frames(m, &m->tbl.nframes);
		m->tbl.space_before = m->nblocks > 0;
		cols = d->col_count > 0 ? d->col_count : 1;
		if (cols > 1000)
			cols = 1000;
		rows = (size_t)d->head_row_count + d->body_row_count;
		if (rows * cols > MAX_CELLS)
			rows = MAX_CELLS / cols;
		m->tbl.ncols = (uint16_t)cols;
		m->tbl.nrows = (uint32_t)rows;
		m->tbl.head_rows = (uint16_t)(d->head_row_count < rows ?
		    d->head_row_count : rows);
		m->tbl.cells = arena_alloc(m->a, rows * cols *
		    sizeof(struct tcell));
		m->tbl.align = arena_alloc(m->a, cols);
		m->in_table = 1;
		m->row = 0;
		break;
	}
	case MD_BLOCK_TR:
		m->col = 0;
		break;
	case MD_BLOCK_TH:
	case MD_BLOCK_TD: {
		MD_BLOCK_TD_DETAIL *d = detail;

		m->in_cell = 1;
		m->nruns = 0;
		if (m->row == 0 && m->col < m->tbl.ncols)
			m->tbl.align[m->col] = d->align == MD_ALIGN_CENTER ? 1 :
			    d->align == MD_ALIGN_RIGHT ? 2 : 0;
		break;
	}
	default:
		break;
	}
	return 0;
}

static int
leave_block(MD_BLOCKTYPE type, void *detail, void *u)
{
	struct mdb	*m = u;

	(void)detail;
	switch (type) {
	case MD_BLOCK_QUOTE:
		close_leaf(m);
		m->depth--;
		break;
	case MD_BLOCK_UL:
	case MD_BLOCK_OL:
		close_leaf(m);
		m->nlists--;
		if (m->nlists == 0)
			m->prev_in_list = 0;
		break;
	case MD_BLOCK_LI:
		close_leaf(m);
		m->depth--;
		break;
	case MD_BLOCK_H:
		close_leaf(m);
		m->heading = 0;
		break;
	case MD_BLOCK_CODE:
		/* Drop the break after the last line. */
		if (m->nruns > 0 && (m->runs[m->nruns - 1].flags &
		    RUN_HARDBREAK))
			m->nruns--;
		close_leaf(m);
		m->in_code = 0;
		break;
	case MD_BLOCK_HTML:
		if (m->nruns > 0 && (m->runs[m->nruns - 1].flags &
		    RUN_HARDBREAK))
			m->nruns--;
		close_leaf(m);
		m->in_html = 0;
		break;
	case MD_BLOCK_P:
		close_leaf(m);
		break;
	case MD_BLOCK_TH:
	case MD_BLOCK_TD:
		if (m->row < m->tbl.nrows && m->col < m->tbl.ncols) {
			struct tcell *c = &m->tbl.cells[(size_t)m->row *
			    m->tbl.ncols + m->col];

			c->runs = take_runs(m, &c->nruns);
			if (m->tbl.off == RUN_NOOFF)
				for (uint32_t i = 0; i < c->nruns; i++)
					if (c->runs[i].off != RUN_NOOFF) {
						m->tbl.off = c->runs[i].off;
						break;
					}
		}
		m->nruns = 0;
		m->in_cell = 0;
		m->col++;
		break;
	case MD_BLOCK_TR:
		m->row++;
		break;
	case MD_BLOCK_TABLE:
		if (m->row < m->tbl.nrows)
			m->tbl.nrows = m->row;
		if (m->tbl.off == RUN_NOOFF)
			m->tbl.off = m->last_off;
		m->tbl.end = m->last_off;
		push_block(m, &m->tbl);
		m->in_table = 0;
		m->prev_in_list = 0;
		break;
	default:
		break;
	}
	return 0;
}

static int
enter_span(MD_SPANTYPE type, void *detail, void *u)
{
	struct mdb	*m = u;

	switch (type) {
	case MD_SPAN_EM:
		m->spans |= SP_EMPH;
		break;
	case MD_SPAN_STRONG:
		m->spans |= SP_STRONG;
		break;
	case MD_SPAN_CODE:
		m->spans |= SP_CODE;
		break;
	case MD_SPAN_DEL:
		m->spans |= SP_STRIKE;
		break;
	case MD_SPAN_A:
	case MD_SPAN_IMG:
		if (((MD_SPAN_A_DETAIL *)detail)->href.size == 0)
			break;	/* "[x]()" goes nowhere: plain text */
		if (m->link_item < 0) {
			MD_SPAN_A_DETAIL *d = detail;

			need_leaf(m);
			start_link(m, attr_dup(m, &d->href), 0);
			m->span_depth[0] = (int)m->nruns;
		}
		m->spans |= SP_LINK;
		break;
	case MD_SPAN_WIKILINK:
		if (m->link_item < 0) {
			MD_SPAN_WIKILINK_DETAIL *d = detail;

			need_leaf(m);
			start_link(m, attr_dup(m, &d->target), 1);
			m->span_depth[0] = (int)m->nruns;
		}
		m->spans |= SP_WIKI;
		break;
	default:
		break;
	}
	return 0;
}

/* Split "T|label" wikilink targets (the [[T\|label]] table idiom). */
static void
fix_wiki_pipe(struct mdb *m, size_t first)
{
	struct item	*it = &m->body->items[m->link_item];
	char		*t = (char *)it->target;
	char		*bar;
	size_t		 n;

	if ((bar = strchr(t, '|')) == NULL)
		return;
	n = (size_t)(bar - t);
	if (n > 0 && t[n - 1] == '\\')
		n--;
	it->target = arena_strndup(m->a, t, n);
	/* Show only the label: replace the span's runs by one run. */
	if (first < m->nruns) {
		uint32_t off = m->runs[first].off;
		const char *label = arena_strdup(m->a, bar + 1);

		m->nruns = first;
		add_run(m, label, strlen(label), RUN_NOOFF, ROLE_WIKILINK, 0);
		it->off = off;
		it->len = 0;
		it->text = label;
		(void)it;
	}
}

static int
leave_span(MD_SPANTYPE type, void *detail, void *u)
{
	struct mdb	*m = u;

	(void)detail;
	switch (type) {
	case MD_SPAN_EM:
		m->spans &= ~SP_EMPH;
		break;
	case MD_SPAN_STRONG:
		m->spans &= ~SP_STRONG;
		break;
	case MD_SPAN_CODE:
		m->spans &= ~SP_CODE;
		break;
	case MD_SPAN_DEL:
		m->spans &= ~SP_STRIKE;
		break;
	case MD_SPAN_A:
	case MD_SPAN_IMG:
		if (m->spans & SP_LINK) {
			m->spans &= ~SP_LINK;
			end_link(m, (size_t)m->span_depth[0]);
		}
		break;
	case MD_SPAN_WIKILINK:
		if (m->spans & SP_WIKI) {
			size_t first = (size_t)m->span_depth[0];
			int32_t id = m->link_item;

			m->spans &= ~SP_WIKI;
			end_link(m, first);
			if (id >= 0) {
				m->link_item = id;
				fix_wiki_pipe(m, first);
				m->link_item = -1;
			}
		}
		break;
	default:
		break;
	}
	return 0;
}

static int
is_br_tag(const char *t, size_t n)
{
	size_t	 i = 0;

	if (n < 4 || t[0] != '<' || (t[1] | 0x20) != 'b' ||
	    (t[2] | 0x20) != 'r')
		return 0;
	for (i = 3; i < n - 1; i++)
		if (t[i] != ' ' && t[i] != '/')
			return 0;
	return t[n - 1] == '>';
}

static int
text_cb(MD_TEXTTYPE type, const MD_CHAR *text, MD_SIZE size, void *u)
{
	struct mdb	*m = u;
	uint32_t	 off;
	char		*s;

	if (m->abort != NULL && __atomic_load_n(m->abort, __ATOMIC_RELAXED))
		return 1;
	need_leaf(m);
	off = src_off(m, text);
	switch (type) {
	case MD_TEXT_BR:
		add_run(m, "", 0, RUN_NOOFF, ROLE_TEXT, RUN_HARDBREAK);
		break;
	case MD_TEXT_SOFTBR:
		add_run(m, softbreak, 1, RUN_NOOFF, span_role(m),
		    RUN_SOFTBREAK);
		break;
	case MD_TEXT_NULLCHAR:
		add_run(m, replacement, 3, RUN_NOOFF, span_role(m), 0);
		break;
	case MD_TEXT_ENTITY:
		s = markdown_decode_entities(m->a, text, size);
		add_run(m, s, strlen(s), RUN_NOOFF, span_role(m), 0);
		if (off != RUN_NOOFF && off + size > m->last_off)
			m->last_off = off + size;
		break;
	case MD_TEXT_HTML:
		if (m->in_html && size == 1 && text[0] == '\n')
			/* An HTML block keeps its lines, as written. */
			add_run(m, "", 0, RUN_NOOFF, ROLE_TEXT, RUN_HARDBREAK);
		else if (is_br_tag(text, size))
			add_run(m, "", 0, RUN_NOOFF, ROLE_TEXT, RUN_HARDBREAK);
		else {
			add_run(m, text, size, off, ROLE_HTML, 0);
			html_links(m, text, size, off);
		}
		break;
	case MD_TEXT_CODE:
	default:
		if ((m->in_code || m->in_html) && size == 1 &&
		    text[0] == '\n') {
			add_run(m, "", 0, RUN_NOOFF, ROLE_TEXT, RUN_HARDBREAK);
			break;
		}
		if (m->in_code || m->in_html) {
			/* Code lines end with "\n": keep them as breaks. */
			const char *p = text, *e = text + size, *nl;

			while (p < e) {
				nl = memchr(p, '\n', (size_t)(e - p));
				if (nl == NULL)
					nl = e;
				if (nl > p)
					add_run(m, p, (size_t)(nl - p),
					    src_off(m, p), span_role(m), 0);
				if (nl < e)
					add_run(m, "", 0, RUN_NOOFF, ROLE_TEXT,
					    RUN_HARDBREAK);
				p = nl + 1;
			}
			break;
		}
		add_run(m, text, size, off, span_role(m), 0);
		break;
	}
	return 0;
}

/* ---- post passes -------------------------------------------------------- */

/* The first "ab" in p[0..n), or NULL: memmem() for two bytes, which
 * glibc looks for a byte at a time (memchr() does 32 at a time). */
static const char *
find_pair(const char *p, size_t n, char a, char b)
{
	const char	*e = p + n, *q;

	while (p + 1 < e && (q = memchr(p, a, (size_t)(e - p) - 1)) != NULL) {
		if (q[1] == b)
			return q;
		p = q + 1;
	}
	return NULL;
}

/* Find [[wikilinks]] md4c leaves as text (embeds, long targets, \|). */
static void
find_missed_wikilinks(struct body *b, const char *src, size_t bi)
{
	struct block	*bl = &b->blocks[bi];
	struct tcell	 whole;
	struct tcell	*cells;
	size_t		 ncell, c;

	whole.runs = bl->runs;
	whole.nruns = bl->nruns;
	if (bl->type == BLK_TABLE) {
		cells = bl->cells;
		ncell = (size_t)bl->nrows * bl->ncols;
	} else if (bl->type == BLK_CODE) {
		return;
	} else {
		cells = &whole;
		ncell = 1;
	}
	for (c = 0; c < ncell; c++) {
		struct run *r = cells[c].runs;
		uint32_t i, j, n = cells[c].nruns;

		for (i = 0; i < n; i = j) {
			uint32_t g_off, g_end;
			const char *p, *e, *open, *close;

			if (r[i].off == RUN_NOOFF || r[i].item >= 0 ||
			    r[i].role == ROLE_CODE) {
				j = i + 1;
				continue;
			}
			/* A group of runs contiguous in the source. */
			g_off = r[i].off;
			g_end = r[i].off + r[i].len;
			/* (A table's "\|" leaves out the backslash.) */
			for (j = i + 1; j < n && (r[j].off == g_end ||
			    (r[j].off == g_end + 1 && src[g_end] == '\\')) &&
			    r[j].item < 0 && r[j].role != ROLE_CODE; j++)
				g_end = r[j].off + r[j].len;
			p = src + g_off;
			e = src + g_end;
			while (p < e && (open = find_pair(p, (size_t)(e - p),
			    '[', '[')) != NULL) {
				const char *t = open + 2, *nl, *bar;
				struct item it;
				size_t tl;

				/* "\[[x]]": the bracket is escaped, no link. */
				if (open > src && open[-1] == '\\') {
					p = t;
					continue;
				}
				close = find_pair(t, (size_t)(e - t), ']', ']');
				if (close == NULL)
					break;
				nl = memchr(t, '\n', (size_t)(close - t));
				if (nl != NULL || close == t) {
					p = t;
					continue;
				}
				/* The innermost "[[" before the "]]". */
				while ((open = find_pair(t, (size_t)(close - t),
				    '[', '[')) != NULL)
					t = open + 2;
				memset(&it, 0, sizeof(it));
				it.type = ITEM_WIKI;
				it.role = ROLE_WIKILINK;
				it.embed = t - 3 >= src + g_off &&
				    t[-3] == '!';
				it.off = (uint32_t)(t - src);
				it.len = (uint32_t)(close - t);
				it.block = (uint32_t)bi;
				it.seconds = -1;
				it.ref = -1;
				tl = (size_t)(close - t);
				bar = memchr(t, '|', tl);
				if (bar != NULL) {
					size_t k = (size_t)(bar - t);

					if (k > 0 && t[k - 1] == '\\')
						k--;
					it.target = arena_strndup(b->a, t, k);
					it.text = arena_strndup(b->a, bar + 1,
					    (size_t)(close - bar - 1));
				} else {
					it.target = arena_strndup(b->a, t, tl);
					it.text = it.target;
				}
				markdown_add_item(b, &it);
				p = close + 2;
			}
		}
	}
}

static void	 find_extensions(struct body *, const char *);
static bool	 is_label_byte(int);
static struct run *replace_in_runs(struct arena *, const struct run *,
		    uint32_t *, uint32_t, uint32_t, const char *, uint8_t,
		    int32_t);

/* Turn "Expand full comment" paragraphs into separators. */
static void
find_comment_seps(struct body *b)
{
	static const char sep[] = "Expand full comment";
	size_t	 i, count = 0;

	for (i = 0; i < b->nblocks; i++) {
		struct block *bl = &b->blocks[i];

		if (bl->type == BLK_PARA && bl->nruns == 1 &&
		    bl->runs[0].len == sizeof(sep) - 1 &&
		    memcmp(bl->runs[0].text, sep, sizeof(sep) - 1) == 0) {
			bl->type = BLK_SEP;
			count++;
		}
	}
	if (count > 0)
		b->flags |= BODY_COMMENTS;
}

/* ---- public ----------------------------------------------------------- */

int32_t
markdown_add_item(struct body *b, const struct item *it)
{
	if (b->nitems == b->itemcap) {
		size_t ncap = b->itemcap ? b->itemcap * 2 : 16;

		b->items = arena_grow(b->a, b->items,
		    b->itemcap * sizeof(*b->items), ncap * sizeof(*b->items));
		b->itemcap = ncap;
	}
	b->items[b->nitems] = *it;
	return (int32_t)b->nitems++;
}

static int
item_cmp(const void *pa, const void *pb)
{
	const struct item *a = pa, *b = pb;

	if (a->off != b->off)
		return a->off < b->off ? -1 : 1;
	/* Links (added first) before overlays at the same offset. */
	if (a->ref != b->ref && 0)
		return 0;
	return (a->type == ITEM_ENTITY) - (b->type == ITEM_ENTITY);
}

struct perm {
	struct item	 it;
	int32_t		 old;
};

static int
perm_cmp(const void *pa, const void *pb)
{
	const struct perm *a = pa, *b = pb;
	int	 c;

	if ((c = item_cmp(&a->it, &b->it)) != 0)
		return c;
	return a->old < b->old ? -1 : a->old > b->old;
}

static void
remap_runs(struct run *r, uint32_t n, const int32_t *map)
{
	uint32_t	 i;

	for (i = 0; i < n; i++)
		if (r[i].item >= 0)
			r[i].item = map[r[i].item];
}

void
markdown_sort_items(struct body *b)
{
	struct perm	*p;
	int32_t		*map;
	size_t		 i, n = 0, k;
	uint32_t	 end = 0;

	if (b->nitems == 0)
		return;
	p = xcalloc(b->nitems, sizeof(*p));
	map = xcalloc(b->nitems, sizeof(*map));
	for (i = 0; i < b->nitems; i++) {
		p[i].it = b->items[i];
		p[i].old = (int32_t)i;
	}
	qsort(p, b->nitems, sizeof(*p), perm_cmp);
	for (i = 0; i < b->nitems; i++) {
		/* Overlays (entities, clock times) must not overlap
		 * anything before them; links always stay. */
		int overlay = p[i].it.type == ITEM_ENTITY ||
		    (p[i].it.type == ITEM_TS && !p[i].it.in_link &&
		    !(b->flags & BODY_CAPTIONS));

		if (overlay && n > 0 && p[i].it.off < end) {
			map[p[i].old] = -1;
			continue;
		}
		map[p[i].old] = (int32_t)n;
		b->items[n++] = p[i].it;
		if (p[i].it.off + p[i].it.len > end)
			end = p[i].it.off + p[i].it.len;
	}
	b->nitems = n;
	for (i = 0; i < b->nblocks; i++) {
		struct block *bl = &b->blocks[i];

		remap_runs(bl->runs, bl->nruns, map);
		if (bl->callout != NULL)
			remap_runs(bl->callout->title, bl->callout->ntitle, map);
		if (bl->type == BLK_TABLE)
			for (k = 0; k < (size_t)bl->nrows * bl->ncols; k++)
				remap_runs(bl->cells[k].runs,
				    bl->cells[k].nruns, map);
	}
	free(map);
	free(p);
}

static struct body *
new_body(struct arena *a)
{
	struct body	*b;

	b = arena_alloc(a, sizeof(*b));
	b->a = a;
	return b;
}

/*
 * Widen the cells of a table delimiter row line[0..n) that are shorter
 * than md4c accepts ("| -- | :- |" becomes "|----|:---|", the same
 * length); returns whether the line is such a row (with some cell too
 * short and room to widen it).
 */
static bool
widen_row(char *line, size_t n)
{
	size_t	 i, cs, ce, l, r, k, w;
	bool	 shortcell = false, pipe = false;

	for (i = 0; i < n; i++) {
		if (line[i] == '|')
			pipe = true;
		else if (line[i] != '-' && line[i] != ':' && line[i] != ' ' &&
		    line[i] != '\t' && line[i] != '\r')
			return false;
	}
	if (!pipe)
		return false;
	/* Each cell: spaces, ":?-+:?", spaces. */
	for (cs = 0; cs < n; cs = ce + 1) {
		for (ce = cs; ce < n && line[ce] != '|'; ce++)
			;
		for (l = cs; l < ce && (line[l] == ' ' || line[l] == '\t'); l++)
			;
		for (r = ce; r > l && (line[r - 1] == ' ' || line[r - 1] ==
		    '\t' || line[r - 1] == '\r'); r--)
			;
		if (l == r) {
			/* Empty: only before the first or after the last pipe. */
			if (cs != 0 && ce != n)
				return false;
			continue;
		}
		k = l + (line[l] == ':');
		w = r - (r > k && line[r - 1] == ':');
		if (k >= w)
			return false;
		for (i = k; i < w; i++)
			if (line[i] != '-')
				return false;
		if (r - l < 3) {
			if (ce - cs < 3)
				return false;
			shortcell = true;
		}
	}
	if (!shortcell)
		return false;
	for (cs = 0; cs < n; cs = ce + 1) {
		bool lc, rc;

		for (ce = cs; ce < n && line[ce] != '|'; ce++)
			;
		for (l = cs; l < ce && (line[l] == ' ' || line[l] == '\t'); l++)
			;
		for (r = ce; r > l && (line[r - 1] == ' ' || line[r - 1] ==
		    '\t' || line[r - 1] == '\r'); r--)
			;
		if (l == r || r - l >= 3)
			continue;
		lc = line[l] == ':';
		rc = line[r - 1] == ':' && r - 1 > l;
		w = ce;
		if (ce == n && line[ce - 1] == '\r')
			w--;		/* keep a CR line end */
		memset(line + cs, '-', w - cs);
		if (lc)
			line[cs] = ':';
		if (rc)
			line[w - 1] = ':';
	}
	return true;
}

/*
 * GitHub takes "| -- | -- |" under a header row as a table; md4c wants at
 * least three characters per delimiter cell.  Returns src, or a copy in
 * "a" (the same length, so offsets hold) with such rows widened.
 */
static const char *
widen_delims(struct arena *a, const char *src, size_t off, size_t len)
{
	const char	*p = src + off, *end = src + len, *nl, *prev = NULL;
	char		*copy = NULL;
	size_t		 n;

	for (; p < end; prev = p, p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		n = (size_t)(nl - p);
		if (prev == NULL || n == 0 || memchr(p, '|', n) == NULL ||
		    memchr(prev, '|', (size_t)(p - prev)) == NULL ||
		    (*p != '|' && *p != '-' && *p != ':' && *p != ' '))
			continue;
		if (copy == NULL) {
			char tmp[256];

			/* Most rows are fine: try on a scratch copy first. */
			if (n >= sizeof(tmp))
				continue;
			memcpy(tmp, p, n);
			if (!widen_row(tmp, n))
				continue;
			copy = arena_alloc(a, len + 1);
			memcpy(copy, src, len);
			copy[len] = '\0';
		}
		(void)widen_row(copy + (p - src), n);
	}
	return copy != NULL ? copy : src;
}

/*
 * md4c takes a footnote definition "[^1]: text" for a link reference
 * definition and drops it (and makes "[^1]" a link to "text").  Returns
 * src, or a copy in "a" (the same length) where such lines start with a
 * backslash instead of the "[": "\^1]: text", shown by footnotes().
 */
static const char *
escape_footnotes(struct arena *a, const char *src, size_t off, size_t len)
{
	const char	*p = src + off, *end = src + len, *nl, *q;
	char		*copy = (char *)src;
	bool		 own = false;

	for (; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		if (nl - p < 5 || p[0] != '[' || p[1] != '^')
			continue;
		for (q = p + 2; q < nl && is_label_byte((unsigned char)*q); q++)
			;
		if (q == p + 2 || q + 1 >= nl || q[0] != ']' || q[1] != ':')
			continue;
		if (!own) {
			copy = arena_alloc(a, len + 1);
			memcpy(copy, src, len);
			own = true;
		}
		copy[p - src] = '\\';
	}
	return copy;
}

/* Parse synchronously into arena "a"; return NULL if md4c failed or was
 * aborted through "abort". */
static struct body *
parse_md(struct arena *a, const char *src, size_t off, size_t len,
    int *abort)
{
	MD_PARSER	 p;
	struct mdb	 m;
	struct body	*b;
	size_t		 i;
	int		 rc;

	memset(&p, 0, sizeof(p));
	p.flags = MD_DIALECT_GITHUB | MD_FLAG_WIKILINKS;
	p.enter_block = enter_block;
	p.leave_block = leave_block;
	p.enter_span = enter_span;
	p.leave_span = leave_span;
	p.text = text_cb;

	memset(&m, 0, sizeof(m));
	m.a = a;
	m.src = src;
	m.srcend = len;
	m.abort = abort;
	m.link_item = -1;
	m.last_off = (uint32_t)off;
	m.body = b = new_body(a);
	src = widen_delims(a, src, off, len);
	src = escape_footnotes(a, src, off, len);
	m.src = src;
	rc = md_parse(src + off, (MD_SIZE)(len - off), &p, &m);
	close_leaf(&m);
	if (rc != 0) {
		free(m.blocks);
		free(m.runs);
		return NULL;
	}
	b->nblocks = m.nblocks;
	if (m.nblocks > 0) {
		b->blocks = arena_alloc(a, m.nblocks * sizeof(*b->blocks));
		memcpy(b->blocks, m.blocks, m.nblocks * sizeof(*b->blocks));
	}
	free(m.blocks);
	free(m.runs);
	for (i = 0; i < b->nblocks; i++)
		find_missed_wikilinks(b, src, i);
	find_comment_seps(b);
	find_extensions(b, src);
	markdown_sort_items(b);
	return b;
}

struct body *
markdown_parse(struct arena *a, const char *src, size_t off, size_t len)
{
	struct body	*b;

	if (off > len)
		off = len;
	if (len - off > FOLIO_MAX_MD_RICH ||
	    (b = parse_md(a, src, off, len, NULL)) == NULL) {
		b = markdown_plain(a, src, off, len);
		b->flags |= BODY_LIMITED;
	}
	return b;
}

/* A parse on a worker thread, shared with the waiting caller. */
struct mdwork {
	pthread_mutex_t	 mu;
	pthread_cond_t	 cv;
	int		 done;
	int		 abandoned;
	int		 abort;
	struct sbuf	*sb;
	size_t		 off, len;
	struct arena	*wa;
	struct body	*body;
};

static void
work_free(struct mdwork *w)
{
	pthread_mutex_destroy(&w->mu);
	pthread_cond_destroy(&w->cv);
	sbuf_unref(w->sb);
	arena_free(w->wa);
	free(w);
}

static void *
work_main(void *arg)
{
	struct mdwork	*w = arg;
	struct body	*b;
	int		 abandoned;

	b = parse_md(w->wa, w->sb->p, w->off, w->len, &w->abort);
	pthread_mutex_lock(&w->mu);
	w->body = b;
	w->done = 1;
	abandoned = w->abandoned;
	pthread_cond_signal(&w->cv);
	pthread_mutex_unlock(&w->mu);
	if (abandoned)
		work_free(w);
	return NULL;
}

struct body *
markdown_parse_bounded(struct arena *a, struct sbuf *sb, size_t off,
    size_t len, unsigned budget_ms)
{
	struct mdwork	*w;
	struct body	*b = NULL;
	struct timespec	 ts;
	pthread_attr_t	 attr;
	pthread_t	 th;
	int		 ok;

	if (off > len)
		off = len;
	if (len - off <= SYNC_LIMIT || len - off > FOLIO_MAX_MD_RICH)
		return markdown_parse(a, sb->p, off, len);
	w = xcalloc(1, sizeof(*w));
	pthread_mutex_init(&w->mu, NULL);
	pthread_cond_init(&w->cv, NULL);
	w->sb = sbuf_ref(sb);
	w->off = off;
	w->len = len;
	w->wa = arena_new(1u << 16);
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	if (pthread_create(&th, &attr, work_main, w) != 0) {
		pthread_attr_destroy(&attr);
		work_free(w);
		return markdown_parse(a, sb->p, off, len);
	}
	pthread_attr_destroy(&attr);
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += budget_ms / 1000;
	ts.tv_nsec += (long)(budget_ms % 1000) * 1000000L;
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&w->mu);
	while (!w->done)
		if (pthread_cond_timedwait(&w->cv, &w->mu, &ts) != 0)
			break;
	ok = w->done;
	if (!ok) {
		w->abandoned = 1;
		__atomic_store_n(&w->abort, 1, __ATOMIC_RELAXED);
	}
	pthread_mutex_unlock(&w->mu);
	if (!ok) {
		/* The worker frees itself when md4c returns. */
		b = markdown_plain(a, sb->p, off, len);
		b->flags |= BODY_LIMITED;
		return b;
	}
	b = w->body;
	if (b == NULL) {
		b = markdown_plain(a, sb->p, off, len);
		b->flags |= BODY_LIMITED;
	} else {
		arena_adopt(a, w->wa);
		w->wa = NULL;
		b->a = a;
	}
	work_free(w);
	return b;
}

struct body *
markdown_plain(struct arena *a, const char *src, size_t off, size_t len)
{
	struct body	*b;
	struct block	*blocks = NULL, bl;
	struct run	*runs = NULL;
	size_t		 nb = 0, bcap = 0, nr = 0, rcap = 0;
	size_t		 p, e, q;
	int		 in_para = 0;

	b = new_body(a);
	b->flags = BODY_PLAIN;
	memset(&bl, 0, sizeof(bl));
	for (p = off; p < len; p = e + 1) {
		const char *nl = memchr(src + p, '\n', len - p);
		int blank;

		e = nl ? (size_t)(nl - src) : len;
		q = e;
		if (q > p && src[q - 1] == '\r')
			q--;
		blank = 1;
		for (size_t k = p; k < q; k++)
			if (src[k] != ' ' && src[k] != '\t') {
				blank = 0;
				break;
			}
		if (blank || nr > 100000) {
			if (in_para) {
				bl.runs = arena_alloc(a, nr * sizeof(*runs));
				memcpy(bl.runs, runs, nr * sizeof(*runs));
				bl.nruns = (uint32_t)nr;
				bl.end = (uint32_t)p;
				if (nb == bcap) {
					bcap = bcap ? bcap * 2 : 32;
					blocks = xreallocarray(blocks, bcap,
					    sizeof(*blocks));
				}
				blocks[nb++] = bl;
				in_para = 0;
				nr = 0;
			}
			if (blank)
				continue;
		}
		if (!in_para) {
			memset(&bl, 0, sizeof(bl));
			bl.type = BLK_PARA;
			bl.off = (uint32_t)p;
			bl.space_before = nb > 0;
			in_para = 1;
		} else {
			if (nr + 1 >= rcap) {
				rcap = rcap ? rcap * 2 : 64;
				runs = xreallocarray(runs, rcap, sizeof(*runs));
			}
			memset(&runs[nr], 0, sizeof(*runs));
			runs[nr].text = "";
			runs[nr].off = RUN_NOOFF;
			runs[nr].flags = RUN_HARDBREAK;
			runs[nr].item = -1;
			nr++;
		}
		if (nr + 1 >= rcap) {
			rcap = rcap ? rcap * 2 : 64;
			runs = xreallocarray(runs, rcap, sizeof(*runs));
		}
		memset(&runs[nr], 0, sizeof(*runs));
		runs[nr].text = src + p;
		runs[nr].len = (uint32_t)(q - p);
		runs[nr].off = (uint32_t)p;
		runs[nr].role = ROLE_TEXT;
		runs[nr].item = -1;
		nr++;
		if (nl == NULL)
			break;
	}
	if (in_para) {
		bl.runs = arena_alloc(a, nr * sizeof(*runs));
		memcpy(bl.runs, runs, nr * sizeof(*runs));
		bl.nruns = (uint32_t)nr;
		bl.end = (uint32_t)len;
		if (nb == bcap) {
			bcap = bcap ? bcap * 2 : 32;
			blocks = xreallocarray(blocks, bcap, sizeof(*blocks));
		}
		blocks[nb++] = bl;
	}
	if (nb > 0) {
		b->blocks = arena_alloc(a, nb * sizeof(*blocks));
		memcpy(b->blocks, blocks, nb * sizeof(*blocks));
	}
	b->nblocks = nb;
	free(blocks);
	free(runs);
	find_comment_seps(b);
	return b;
}

char *
markdown_decode_entities(struct arena *a, const char *s, size_t n)
{
	struct buf	 b = { 0 };
	const char	*u;
	char		*r, enc[4];
	size_t		 i, j, k;

	for (i = 0; i < n; i++) {
		if (s[i] != '&') {
			buf_addc(&b, s[i]);
			continue;
		}
		for (j = i + 1; j < n && j - i < 34 && s[j] != ';'; j++)
			;
		if (j >= n || s[j] != ';' || j == i + 1) {
			buf_addc(&b, '&');
			continue;
		}
		if (s[i + 1] == '#') {
			long cp = 0;
			int hex = (j > i + 2 && (s[i + 2] | 0x20) == 'x');
			int ok = 1;

			for (k = i + 2 + hex; k < j && ok; k++) {
				int c = (unsigned char)s[k], d;

				if (c >= '0' && c <= '9')
					d = c - '0';
				else if (hex && (c | 0x20) >= 'a' &&
				    (c | 0x20) <= 'f')
					d = (c | 0x20) - 'a' + 10;
				else {
					ok = 0;
					break;
				}
				cp = cp * (hex ? 16 : 10) + d;
				if (cp > 0x10ffff)
					cp = 0xfffd;
			}
			if (!ok || k == i + 2 + hex) {
				buf_addc(&b, '&');
				continue;
			}
			if (cp == 0)
				cp = 0xfffd;
			buf_add(&b, enc, utf8_encode((int32_t)cp, enc));
			i = j;
			continue;
		}
		if ((u = markdown_entity(s + i + 1, j - i - 1)) == NULL) {
			buf_addc(&b, '&');
			continue;
		}
		buf_adds(&b, u);
		i = j;
	}
	r = arena_strndup(a, buf_cstr(&b), b.len);
	buf_free(&b);
	return r;
}

/* Replace the source span [off, off + len) in runs[0..*n) by one run of
 * "text" for item "item" (role "role"); runs cut by the span keep their
 * outside parts.  Returns the new array (arena) or NULL if no run
 * overlaps. */
static struct run *
replace_in_runs(struct arena *a, const struct run *r, uint32_t *n,
    uint32_t off, uint32_t len, const char *text, uint8_t role,
    int32_t item)
{
	struct run	*v;
	uint32_t	 i, k = 0, end = off + len;
	bool		 hit = false, put = false;

	for (i = 0; i < *n; i++)
		if (r[i].off != RUN_NOOFF && r[i].off < end &&
		    r[i].off + r[i].len > off)
			hit = true;
	if (!hit)
		return NULL;
	v = arena_alloc(a, (*n + 3) * sizeof(*v));
	for (i = 0; i < *n; i++) {
		struct run x = r[i];

		if (x.off == RUN_NOOFF || x.off + x.len <= off ||
		    x.off >= end) {
			if (!put && x.off != RUN_NOOFF && x.off >= end) {
				v[k] = (struct run){ text, (uint32_t)strlen(text),
				    RUN_NOOFF, role, 0, item };
				k++;
				put = true;
			}
			v[k++] = x;
			continue;
		}
		if (x.off < off) {		/* the part before */
			v[k] = x;
			v[k++].len = off - x.off;
		}
		if (!put) {
			v[k] = (struct run){ text, (uint32_t)strlen(text),
			    RUN_NOOFF, role, 0, item };
			k++;
			put = true;
		}
		if (x.off + x.len > end) {	/* the part after */
			v[k] = x;
			v[k].text = x.text + (end - x.off);
			v[k].len = x.off + x.len - end;
			v[k++].off = end;
		}
	}
	*n = k;
	return v;
}

bool
markdown_replace_span(struct body *b, size_t bi, uint32_t off, uint32_t len,
    const char *text, uint8_t role, int32_t item)
{
	struct block	*bl;
	struct run	*v;
	size_t		 k;

	if (bi >= b->nblocks)
		return false;
	bl = &b->blocks[bi];
	if (bl->type == BLK_TABLE) {
		for (k = 0; k < (size_t)bl->nrows * bl->ncols; k++)
			if ((v = replace_in_runs(b->a, bl->cells[k].runs,
			    &bl->cells[k].nruns, off, len, text, role,
			    item)) != NULL) {
				bl->cells[k].runs = v;
				return true;
			}
		return false;
	}
	if ((v = replace_in_runs(b->a, bl->runs, &bl->nruns, off, len, text,
	    role, item)) == NULL)
		return false;
	bl->runs = v;
	return true;
}

/* Whether ch may be in a callout type, block id or footnote label. */
static bool
is_label_byte(int ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	    (ch >= '0' && ch <= '9') || ch == '-' || ch == '_';
}

/* The role of a callout's box by its type ("warning", "tip" ...): the
 * types Obsidian knows, in four colours; any other type is a note. */
static uint8_t
callout_role(const char *t, size_t n)
{
	static const struct {
		const char	*name;
		uint8_t		 role;
	} types[] = {
		{ "tip", ROLE_CALLOUT_TIP }, { "hint", ROLE_CALLOUT_TIP },
		{ "important", ROLE_CALLOUT_TIP },
		{ "success", ROLE_CALLOUT_TIP }, { "check", ROLE_CALLOUT_TIP },
		{ "done", ROLE_CALLOUT_TIP }, { "example", ROLE_CALLOUT_TIP },
		{ "warning", ROLE_CALLOUT_WARNING },
		{ "caution", ROLE_CALLOUT_WARNING },
		{ "attention", ROLE_CALLOUT_WARNING },
		{ "question", ROLE_CALLOUT_WARNING },
		{ "help", ROLE_CALLOUT_WARNING }, { "faq", ROLE_CALLOUT_WARNING },
		{ "danger", ROLE_CALLOUT_DANGER }, { "error", ROLE_CALLOUT_DANGER },
		{ "failure", ROLE_CALLOUT_DANGER }, { "fail", ROLE_CALLOUT_DANGER },
		{ "missing", ROLE_CALLOUT_DANGER }, { "bug", ROLE_CALLOUT_DANGER },
	};
	size_t	 i;

	for (i = 0; i < ARRAY_SIZE(types); i++)
		if (strlen(types[i].name) == n &&
		    strncasecmp(types[i].name, t, n) == 0)
			return types[i].role;
	return ROLE_CALLOUT_NOTE;
}

/* Hide (by +1) or show again (by -1) blocks [from, to]. */
static void
hide_blocks(struct body *b, size_t from, size_t to, int by)
{
	size_t	 j;

	for (j = from; j <= to && j < b->nblocks; j++)
		if (by > 0 || b->blocks[j].hidden > 0)
			b->blocks[j].hidden = (uint8_t)(b->blocks[j].hidden +
			    by);
}

/*
 * A quote whose first paragraph starts "[!type]" (maybe "-" or "+", the
 * folding, and a title) is a callout: its blocks are drawn in a box of
 * the type's role (FRAME_CALLOUT), the first opening it with a title line
 * ("Note: Title", or the label alone) kept apart in block.callout, the
 * marker gone.  A foldable one gets an ITEM_FOLD item on its marker; a
 * "-" one starts folded (its other blocks hidden).
 */
static void
callout(struct body *b, size_t bi, const char *src)
{
	struct block	*bl = &b->blocks[bi];
	struct callout	*co;
	struct frame	*fr;
	const struct run *r0;
	struct item	 it;
	struct run	*title, *rest;
	const char	*t, *nl;
	char		*label;
	uint32_t	 n, i, skip, k, brk, nt = 0, id;
	size_t		 j, last;

	if (bl->type != BLK_PARA || bl->nframes == 0 || bl->nruns == 0 ||
	    bl->frames[bl->nframes - 1].kind != FRAME_QUOTE)
		return;
	k = bl->nframes - 1u;
	id = bl->frames[k].id;
	/* Only the first paragraph of its quote. */
	if (bi > 0 && b->blocks[bi - 1].nframes > k &&
	    b->blocks[bi - 1].frames[k].id == id)
		return;
	r0 = &bl->runs[0];
	t = r0->text;
	if (r0->off == RUN_NOOFF || r0->len < 4 || t[0] != '[' || t[1] != '!')
		return;
	for (n = 2; n < r0->len && n < 40 && is_label_byte(t[n]); n++)
		;
	if (n == 2 || n >= r0->len || t[n] != ']')
		return;
	co = arena_alloc(b->a, sizeof(*co));
	memset(co, 0, sizeof(*co));
	label = arena_alloc(b->a, n);
	memcpy(label, t + 2, n - 2);
	label[n - 2] = '\0';
	/* "note", "NOTE": "Note". */
	for (i = 0; label[i] != '\0'; i++)
		if (i == 0 && label[i] >= 'a' && label[i] <= 'z')
			label[i] = (char)(label[i] - 32);
		else if (i > 0 && label[i] >= 'A' && label[i] <= 'Z')
			label[i] = (char)(label[i] + 32);
	co->label = label;
	co->role = callout_role(t + 2, n - 2);
	co->marker = r0->off;
	co->depth = (uint8_t)k;
	skip = n + 1;
	if (skip < r0->len && (t[skip] == '-' || t[skip] == '+'))
		co->fold = (uint8_t)t[skip++];
	co->folded = co->fold == '-';
	if (co->fold != 0) {
		memset(&it, 0, sizeof(it));
		it.type = ITEM_FOLD;
		it.role = co->role;
		it.off = r0->off;
		it.len = skip;
		it.block = (uint32_t)bi;
		it.text = label;
		it.target = label;
		it.seconds = -1;
		it.ref = -1;
		markdown_add_item(b, &it);
	}
	while (skip < r0->len && (t[skip] == ' ' || t[skip] == '\t'))
		skip++;
	/* The title: the rest of the first line; the body: what follows. */
	for (brk = 1; brk < bl->nruns && !(bl->runs[brk].flags &
	    (RUN_SOFTBREAK | RUN_HARDBREAK)); brk++)
		;
	title = arena_alloc(b->a, (brk + 1) * sizeof(*title));
	if (skip < r0->len) {
		title[nt] = *r0;
		title[nt].text += skip;
		title[nt].off += skip;
		title[nt++].len -= skip;
	}
	for (i = 1; i < brk; i++)
		title[nt++] = bl->runs[i];
	co->title = title;
	co->ntitle = nt;
	rest = brk + 1 < bl->nruns ? bl->runs + brk + 1 : NULL;
	bl->nruns = brk + 1 < bl->nruns ? bl->nruns - brk - 1 : 0;
	bl->runs = rest;
	/* Its blocks: those inside the same quote. */
	for (j = last = bi; j < b->nblocks && b->blocks[j].nframes > k &&
	    b->blocks[j].frames[k].id == id; j++) {
		fr = (struct frame *)b->blocks[j].frames;
		fr[k].kind = FRAME_CALLOUT;
		fr[k].role = co->role;
		fr[k].co = co;
		last = j;
	}
	fr = (struct frame *)b->blocks[last].frames;
	fr[k].flags |= FRAME_LAST;
	co->last = (uint32_t)last;
	/* Source lines below the title line. */
	nl = memchr(src + r0->off, '\n', b->blocks[last].end > r0->off ?
	    b->blocks[last].end - r0->off : 0);
	if (nl != NULL) {
		co->nlines = 1;
		for (t = nl + 1; t < src + b->blocks[last].end; t++)
			if (*t == '\n')
				co->nlines++;
	}
	bl->callout = co;
	if (co->folded)
		hide_blocks(b, bi + 1, last, 1);
}

long
markdown_fold(struct body *b, size_t bi)
{
	struct callout	*co;

	if (bi >= b->nblocks || (co = b->blocks[bi].callout) == NULL ||
	    co->fold == 0)
		return -1;
	co->folded = !co->folded;
	hide_blocks(b, bi + 1, co->last, co->folded ? 1 : -1);
	return co->last;
}

long
markdown_note_block(const struct body *b, long n)
{
	size_t	 i;

	for (i = 0; n > 0 && i < b->nblocks; i++)
		if (b->blocks[i].note == n)
			return (long)i;
	return -1;
}

/* Hide an Obsidian block id (" ^id") ending a paragraph. */
static void
hide_block_id(struct block *bl)
{
	struct run	*r;
	uint32_t	 n;

	if (bl->type != BLK_PARA || bl->nruns == 0)
		return;
	r = &bl->runs[bl->nruns - 1];
	if (r->off == RUN_NOOFF || r->item >= 0)
		return;
	for (n = r->len; n > 0 && is_label_byte((unsigned char)r->text[n - 1]);
	    n--)
		;
	if (n == r->len || n == 0 || r->text[n - 1] != '^' ||
	    (n >= 2 && r->text[n - 2] != ' ' && r->text[n - 2] != '\t'))
		return;
	n--;
	while (n > 0 && (r->text[n - 1] == ' ' || r->text[n - 1] == '\t'))
		n--;
	r->len = n;
}

/* A footnote definition: its label, block and number. */
struct fndef {
	const char	*label;		/* in the source */
	const char	*text;		/* its first line, in the arena */
	uint32_t	 len;
	uint32_t	 block;
	uint16_t	 num;		/* by first reference; 0: none yet */
};

/* The label "^label" of a definition block escaped by
 * escape_footnotes() ("\^1]: text"), or NULL; its length in *n. */
static const char *
def_label(const struct block *bl, const char *src, uint32_t *n)
{
	const char	*t, *e;

	if (bl->type != BLK_PARA || bl->nframes > 0 || bl->nruns == 0 ||
	    bl->runs[0].off == RUN_NOOFF || bl->runs[0].off == 0 ||
	    src[bl->runs[0].off - 1] != '\\' || src[bl->runs[0].off] != '^' ||
	    bl->runs[0].off >= bl->end)
		return NULL;
	/* md4c may split it in runs: read the source. */
	t = src + bl->runs[0].off;
	for (e = t + 1; e < src + bl->end && is_label_byte((unsigned char)*e);
	    e++)
		;
	if (e == t + 1 || e + 1 >= src + bl->end || e[0] != ']' || e[1] != ':')
		return NULL;
	*n = (uint32_t)(e - t - 1);
	return t + 1;
}

/* Order definitions by label, then by block. */
static int
def_cmp(const void *pa, const void *pb)
{
	const struct fndef *a = pa, *b = pb;
	int	 c = memcmp(a->label, b->label, a->len < b->len ? a->len :
	    b->len);

	if (c != 0)
		return c;
	if (a->len != b->len)
		return a->len < b->len ? -1 : 1;
	return a->block < b->block ? -1 : a->block > b->block;
}

/* The definition labelled s[0..n) in v (sorted by label), or NULL. */
static struct fndef *
find_def(struct fndef *v, size_t nv, const char *s, size_t n)
{
	size_t	 lo = 0, hi = nv;
	int	 c;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		c = memcmp(v[mid].label, s, v[mid].len < n ? v[mid].len : n);
		if (c == 0 && v[mid].len != n)
			c = v[mid].len < n ? -1 : 1;
		if (c == 0)
			return &v[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* "[n]" in the arena. */
static char *
note_mark(struct arena *a, unsigned n)
{
	char	 tmp[16];

	snprintf(tmp, sizeof(tmp), "[%u]", n);
	return arena_strdup(a, tmp);
}

/* Turn the references "[^label]" of block "bi" to defined footnotes into
 * "[n]" ITEM_NOTE items, numbering footnotes by their first reference. */
static void
note_refs(struct body *b, size_t bi, struct fndef *defs, size_t ndefs,
    unsigned *count)
{
	struct block	*bl = &b->blocks[bi];
	struct fndef	*df;
	struct item	 it;
	struct run	*v;
	const char	*t, *e;
	uint32_t	 i, n, off;
	int		 guard = 0;

	for (i = 0; i < bl->nruns && guard < 256; i++) {
		const struct run *r = &bl->runs[i];

		if (r->off == RUN_NOOFF || r->item >= 0 || r->role == ROLE_CODE ||
		    (t = find_pair(r->text, r->len, '[', '^')) == NULL)
			continue;
		for (e = t + 2; e < r->text + r->len && is_label_byte(*e); e++)
			;
		if (e == t + 2 || e >= r->text + r->len || *e != ']' ||
		    (df = find_def(defs, ndefs, t + 2, (size_t)(e - t - 2))) ==
		    NULL)
			continue;
		if (df->num == 0)
			df->num = (uint16_t)++*count;
		n = (uint32_t)(e - t + 1);
		off = r->off + (uint32_t)(t - r->text);
		memset(&it, 0, sizeof(it));
		it.type = ITEM_NOTE;
		it.role = ROLE_LINK;
		it.off = off;
		it.len = n;
		it.block = (uint32_t)bi;
		it.text = note_mark(b->a, df->num);
		it.target = df->text;		/* what the status line says */
		it.seconds = -1;
		it.ref = df->num;
		if ((v = replace_in_runs(b->a, bl->runs, &bl->nruns, off, n,
		    it.text, ROLE_LINK, markdown_add_item(b, &it))) == NULL)
			break;
		bl->runs = v;
		guard++;
	}
}

/* Whether run "r" starts a footnote definition "\^label]:". */
static bool
starts_def(const struct run *r, const char *src, size_t end)
{
	struct block	 one;
	uint32_t	 n;

	memset(&one, 0, sizeof(one));
	one.type = BLK_PARA;
	one.runs = (struct run *)r;
	one.nruns = 1;
	one.end = (uint32_t)end;
	return def_label(&one, src, &n) != NULL;
}

/* Split paragraphs of footnote definitions on consecutive lines into a
 * block each (md4c reads them as one paragraph). */
static void
split_defs(struct body *b, const char *src)
{
	struct block	*v;
	uint32_t	 j, start;
	size_t		 i, k, n = 0, extra = 0, *first;
	uint32_t	 len;

	for (i = 0; i < b->nblocks; i++)
		if (def_label(&b->blocks[i], src, &len) != NULL)
			for (j = 2; j < b->blocks[i].nruns; j++)
				if ((b->blocks[i].runs[j - 1].flags &
				    RUN_SOFTBREAK) && starts_def(
				    &b->blocks[i].runs[j], src, b->blocks[i].end))
					extra++;
	if (extra == 0)
		return;
	v = arena_alloc(b->a, (b->nblocks + extra) * sizeof(*v));
	first = xcalloc(b->nblocks + 1, sizeof(*first));
	for (i = 0; i < b->nblocks; i++) {
		struct block *bl = &b->blocks[i];

		first[i] = n;
		if (def_label(bl, src, &len) == NULL) {
			v[n++] = *bl;
			continue;
		}
		for (j = start = 0; j <= bl->nruns; j++) {
			if (j < bl->nruns && !(j >= 2 && (bl->runs[j - 1].flags &
			    RUN_SOFTBREAK) && starts_def(&bl->runs[j], src,
			    bl->end)))
				continue;
			v[n] = *bl;
			v[n].runs = bl->runs + start;
			v[n].nruns = (j < bl->nruns ? j - 1 : j) - start;
			v[n].off = bl->runs[start].off;
			v[n].space_before = start > 0 ? 1 : bl->space_before;
			if (j < bl->nruns)
				v[n].end = bl->runs[j].off - 1;
			n++;
			start = j;
		}
	}
	first[b->nblocks] = n;
	for (i = 0; i < b->nitems; i++) {
		struct item *it = &b->items[i];

		if (it->block >= b->nblocks)
			continue;
		k = first[it->block];
		while (k + 1 < first[it->block + 1] && v[k + 1].off <= it->off)
			k++;
		it->block = (uint32_t)k;
	}
	b->blocks = v;
	b->nblocks = n;
	free(first);
}

/*
 * Footnotes: a reference "[^label]" to a defined footnote shows as "[n]",
 * an ITEM_NOTE item, n counting footnotes by their first reference.  The
 * definitions ("[^label]: text", single paragraphs) are gathered at the
 * end in that order, "[n] text", after a rule and a "Footnotes" line;
 * they are BLOCK_MOVED, at the offset where the rest ends (footnote n at
 * that plus n, a place of its own), their runs (and items) keeping their
 * source offsets.
 */
static void
footnotes(struct body *b, const char *src)
{
	struct fndef	*defs = NULL;
	struct block	*v;
	struct run	*r;
	size_t		 ndefs = 0, i, j, k, n, *byblock;
	uint32_t	 len, anchor = 0, *map;
	unsigned	 count = 0;
	const char	*lab;

	split_defs(b, src);
	for (i = 0; i < b->nblocks && ndefs < 65000; i++)
		if ((lab = def_label(&b->blocks[i], src, &len)) != NULL) {
			const char *t = lab + len + 2, *e = src +
			    b->blocks[i].end, *nl;

			while (t < e && (*t == ' ' || *t == '\t'))
				t++;
			if ((nl = memchr(t, '\n', (size_t)(e - t))) != NULL)
				e = nl;
			if (e - t > 200)
				e = t + 200;
			defs = xreallocarray(defs, ndefs + 1, sizeof(*defs));
			defs[ndefs++] = (struct fndef){ lab, arena_strndup(b->a,
			    t, (size_t)(e - t)), len, (uint32_t)i, 0 };
		}
	if (ndefs == 0)
		return;
	/* By label; a label defined twice keeps its first definition (the
	 * others stay where they are). */
	qsort(defs, ndefs, sizeof(*defs), def_cmp);
	for (i = k = 0; i < ndefs; i++) {
		struct block *bl = &b->blocks[defs[i].block];

		if (k == 0 || defs[k - 1].len != defs[i].len ||
		    memcmp(defs[k - 1].label, defs[i].label, defs[i].len) != 0) {
			defs[k++] = defs[i];
			continue;
		}
		/* As written: the "[" escape_footnotes() took. */
		if ((r = replace_in_runs(b->a, bl->runs, &bl->nruns,
		    bl->runs[0].off, 1, "[^", ROLE_TEXT, -1)) != NULL)
			bl->runs = r;
	}
	ndefs = k;
	for (i = 0; i < b->nblocks; i++)
		note_refs(b, i, defs, ndefs, &count);
	/* The unreferenced ones after, in their order. */
	byblock = xcalloc(b->nblocks + 1, sizeof(*byblock));
	for (i = 0; i < ndefs; i++)
		byblock[defs[i].block] = i + 1;
	for (k = 0; k < b->nblocks; k++) {
		struct fndef *df;
		struct block *bl = &b->blocks[k];

		if (byblock[k] == 0)
			continue;
		df = &defs[byblock[k] - 1];

		if (df->num == 0)
			df->num = (uint16_t)++count;
		/* "\^label]:" gives way to "[n]". */
		if ((r = replace_in_runs(b->a, bl->runs, &bl->nruns,
		    bl->runs[0].off, df->len + 3, note_mark(b->a, df->num),
		    ROLE_LINK, -1)) != NULL)
			bl->runs = r;
		bl->note = df->num;
	}
	/* Numbers are 1..ndefs: the definitions in their order. */
	for (i = 0; i < ndefs; i++)
		byblock[defs[i].num - 1] = i;
	/* The rest first, then the rule, the label and the definitions. */
	v = arena_alloc(b->a, (b->nblocks + 2) * sizeof(*v));
	map = xcalloc(b->nblocks + 1, sizeof(*map));
	for (i = 0, n = 0; i < b->nblocks; i++) {
		if (b->blocks[i].note != 0)
			continue;
		if (b->blocks[i].end > anchor)
			anchor = b->blocks[i].end;
		map[i] = (uint32_t)n;
		v[n++] = b->blocks[i];
	}
	if (n > 0)
		v[0].space_before = 0;
	for (k = 0; k < 2; k++) {
		memset(&v[n], 0, sizeof(v[n]));
		v[n].type = k == 0 ? BLK_HR : BLK_PARA;
		v[n].space_before = n > 0 && k == 0;
		v[n].flags = BLOCK_MOVED;
		v[n].off = v[n].end = anchor;
		if (k == 1) {
			r = arena_alloc(b->a, sizeof(*r));
			*r = (struct run){ "Footnotes", 9, RUN_NOOFF,
			    ROLE_STRONG, 0, -1 };
			v[n].runs = r;
			v[n].nruns = 1;
		}
		n++;
	}
	for (j = 0; j < ndefs; j++) {
		i = defs[byblock[j]].block;
		map[i] = (uint32_t)n;
		v[n] = b->blocks[i];
		v[n].flags |= BLOCK_MOVED;
		v[n].space_before = 1;
		/* Each its own place: a position there is kept. */
		v[n].off = v[n].end = anchor + (uint32_t)j + 1;
		n++;
	}
	for (i = 0; i < b->nitems; i++)
		if (b->items[i].block < b->nblocks)
			b->items[i].block = map[b->items[i].block];
	for (i = 0; i < n; i++)
		if (v[i].callout != NULL && v[i].callout->last < b->nblocks)
			v[i].callout->last = map[v[i].callout->last];
	b->blocks = v;
	b->nblocks = n;
	free(map);
	free(byblock);
	free(defs);
}

/* Obsidian's and GitHub's additions md4c leaves as text: callouts,
 * block ids, footnotes. */
static void
find_extensions(struct body *b, const char *src)
{
	size_t	 i;

	for (i = 0; i < b->nblocks; i++) {
		callout(b, i, src);
		hide_block_id(&b->blocks[i]);
	}
	footnotes(b, src);
}
