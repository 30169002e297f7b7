/* SPDX-License-Identifier: ISC */
#include "folio/lineedit.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "folio/utf8.h"
#include "folio/xmalloc.h"

/* Set the text to "s" with the cursor at its end. */
static void
set_text(struct lineedit *le, const char *s)
{
	buf_reset(&le->text);
	buf_adds(&le->text, s != NULL ? s : "");
	if (le->text.len > LINEEDIT_MAX) {
		le->text.len = LINEEDIT_MAX;
		while (le->text.len > 0 && ((unsigned char)
		    le->text.p[le->text.len] & 0xc0) == 0x80)
			le->text.len--;
		le->text.p[le->text.len] = '\0';
	}
	le->cur = le->text.len;
}

void
lineedit_start(struct lineedit *le, const char *text)
{
	set_text(le, text);
	le->hpos = le->nhist;
	free(le->draft);
	le->draft = NULL;
}

const char *
lineedit_text(struct lineedit *le)
{
	return buf_cstr(&le->text);
}

/* The offset of the character before "off" (0 stays 0). */
static size_t
prev_char(const struct lineedit *le, size_t off)
{
	if (off == 0)
		return 0;
	off--;
	while (off > 0 && ((unsigned char)le->text.p[off] & 0xc0) == 0x80)
		off--;
	return off;
}

/* The offset of the character after "off". */
static size_t
next_char(const struct lineedit *le, size_t off)
{
	if (off >= le->text.len)
		return le->text.len;
	off++;
	while (off < le->text.len && ((unsigned char)le->text.p[off] &
	    0xc0) == 0x80)
		off++;
	return off;
}

/* Remove the bytes [from, to) and put the cursor at "from". */
static void
cut(struct lineedit *le, size_t from, size_t to)
{
	if (to <= from)
		return;
	memmove(le->text.p + from, le->text.p + to, le->text.len - to + 1);
	le->text.len -= to - from;
	le->cur = from;
}

/* Insert "s" (n bytes) at the cursor; false when the line is full. */
static bool
insert(struct lineedit *le, const char *s, size_t n)
{
	if (le->text.len + n > LINEEDIT_MAX)
		return false;
	buf_grow(&le->text, n);
	le->text.p[le->text.len] = '\0';
	memmove(le->text.p + le->cur + n, le->text.p + le->cur,
	    le->text.len - le->cur + 1);
	memcpy(le->text.p + le->cur, s, n);
	le->text.len += n;
	le->cur += n;
	return true;
}

/* Walk the history: dir -1 older, +1 newer. */
static enum lineedit_res
walk(struct lineedit *le, int dir)
{
	if (dir < 0) {
		if (le->hpos == 0)
			return LINEEDIT_MOVED;
		if (le->hpos == le->nhist) {
			free(le->draft);
			le->draft = xstrdup(buf_cstr(&le->text));
		}
		le->hpos--;
		set_text(le, le->hist[le->hpos]);
	} else {
		if (le->hpos >= le->nhist)
			return LINEEDIT_MOVED;
		le->hpos++;
		set_text(le, le->hpos == le->nhist ? le->draft :
		    le->hist[le->hpos]);
	}
	return LINEEDIT_CHANGED;
}

/* Whether "key" names one printable character; its bytes then. */
static size_t
typed(const char *key)
{
	int32_t	 cp;
	size_t	 n;

	if (strcmp(key, "<Space>") == 0)
		return 1;
	n = strlen(key);
	if (n == 0 || utf8_decode(key, n, &cp) != n || cp < 32 || cp == 127)
		return 0;
	return n;
}

enum lineedit_res
lineedit_key(struct lineedit *le, const char *key)
{
	size_t	 n, p;

	if (strcmp(key, "<Enter>") == 0)
		return LINEEDIT_DONE;
	if (strcmp(key, "<Esc>") == 0 || strcmp(key, "<C-g>") == 0)
		return LINEEDIT_CANCEL;
	if ((n = typed(key)) > 0)
		return insert(le, strcmp(key, "<Space>") == 0 ? " " : key, n) ?
		    LINEEDIT_CHANGED : LINEEDIT_IGNORED;
	if (strcmp(key, "<Left>") == 0 || strcmp(key, "<C-b>") == 0)
		le->cur = prev_char(le, le->cur);
	else if (strcmp(key, "<Right>") == 0 || strcmp(key, "<C-f>") == 0)
		le->cur = next_char(le, le->cur);
	else if (strcmp(key, "<Home>") == 0 || strcmp(key, "<C-a>") == 0)
		le->cur = 0;
	else if (strcmp(key, "<End>") == 0 || strcmp(key, "<C-e>") == 0)
		le->cur = le->text.len;
	else if (strcmp(key, "<Up>") == 0 || strcmp(key, "<C-p>") == 0)
		return walk(le, -1);
	else if (strcmp(key, "<Down>") == 0 || strcmp(key, "<C-n>") == 0)
		return walk(le, 1);
	else if (strcmp(key, "<BS>") == 0 || strcmp(key, "<C-h>") == 0) {
		if (le->cur == 0)
			return LINEEDIT_MOVED;
		cut(le, prev_char(le, le->cur), le->cur);
		return LINEEDIT_CHANGED;
	} else if (strcmp(key, "<Del>") == 0 || strcmp(key, "<C-d>") == 0) {
		if (le->cur >= le->text.len)
			return LINEEDIT_MOVED;
		cut(le, le->cur, next_char(le, le->cur));
		return LINEEDIT_CHANGED;
	} else if (strcmp(key, "<C-u>") == 0) {
		cut(le, 0, le->cur);
		return LINEEDIT_CHANGED;
	} else if (strcmp(key, "<C-k>") == 0) {
		cut(le, le->cur, le->text.len);
		return LINEEDIT_CHANGED;
	} else if (strcmp(key, "<C-w>") == 0) {
		/* The blanks before the cursor, then the word before them. */
		p = le->cur;
		while (p > 0 && le->text.p[p - 1] == ' ')
			p--;
		while (p > 0 && le->text.p[p - 1] != ' ')
			p--;
		cut(le, p, le->cur);
		return LINEEDIT_CHANGED;
	} else
		return LINEEDIT_IGNORED;
	return LINEEDIT_MOVED;
}

void
lineedit_set_history(struct lineedit *le, char *const *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < le->nhist; i++)
		free(le->hist[i]);
	free(le->hist);
	le->hist = n ? xcalloc(n, sizeof(*le->hist)) : NULL;
	for (i = 0; i < n; i++)
		le->hist[i] = xstrdup(v[i]);
	le->nhist = n;
	le->hpos = n;
}

void
lineedit_remember(struct lineedit *le, const char *text)
{
	size_t	 i;

	if (text == NULL || text[0] == '\0')
		return;
	for (i = 0; i < le->nhist; i++)
		if (strcmp(le->hist[i], text) == 0) {
			free(le->hist[i]);
			memmove(le->hist + i, le->hist + i + 1,
			    (le->nhist - i - 1) * sizeof(*le->hist));
			le->nhist--;
			break;
		}
	if (le->nhist >= LINEEDIT_HIST) {
		free(le->hist[0]);
		memmove(le->hist, le->hist + 1, (le->nhist - 1) *
		    sizeof(*le->hist));
		le->nhist--;
	}
	le->hist = xreallocarray(le->hist, le->nhist + 1, sizeof(*le->hist));
	le->hist[le->nhist++] = xstrdup(text);
	le->hpos = le->nhist;
}

void
lineedit_free(struct lineedit *le)
{
	lineedit_set_history(le, NULL, 0);
	buf_free(&le->text);
	free(le->draft);
	memset(le, 0, sizeof(*le));
}
