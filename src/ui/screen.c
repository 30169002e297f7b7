/* SPDX-License-Identifier: ISC */
#include "ui.h"

#include "folio/config.h"

#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "folio/role.h"
#include "folio/utf8.h"

static attr_t	 role_attr[ROLE__MAX];
static bool	 active;

/* Colour and attribute per role: 8-colour, 256-colour, and none. */
static const struct {
	short	 fg8, fg256;
	attr_t	 a;		/* attributes used with colour */
	attr_t	 mono;		/* attributes without colour */
} theme[ROLE__MAX] = {
	[ROLE_TEXT] = { -1, -1, 0, 0 },
	[ROLE_H1] = { COLOR_YELLOW, 214, A_BOLD, A_BOLD | A_UNDERLINE },
	[ROLE_H2] = { COLOR_YELLOW, 178, A_BOLD, A_BOLD },
	[ROLE_H3] = { COLOR_CYAN, 80, A_BOLD, A_BOLD },
	[ROLE_EMPH] = { -1, -1, A_ITALIC, A_ITALIC },
	[ROLE_STRONG] = { -1, -1, A_BOLD, A_BOLD },
	[ROLE_STRIKE] = { -1, 244, A_DIM, A_DIM },
	[ROLE_CODE] = { COLOR_GREEN, 114, 0, A_BOLD },
	[ROLE_CODEBLOCK] = { COLOR_GREEN, 114, 0, 0 },
	[ROLE_LINK] = { COLOR_BLUE, 75, A_UNDERLINE, A_UNDERLINE },
	[ROLE_WIKILINK] = { COLOR_CYAN, 44, A_UNDERLINE, A_UNDERLINE },
	[ROLE_WIKILINK_MISSING] = { COLOR_RED, 203, A_UNDERLINE, A_DIM |
	    A_UNDERLINE },
	[ROLE_TIMESTAMP] = { COLOR_MAGENTA, 177, A_BOLD, A_BOLD },
	[ROLE_ENTITY] = { COLOR_GREEN, 150, 0, A_UNDERLINE },
	[ROLE_QUOTE] = { COLOR_BLUE, 67, 0, A_DIM },
	[ROLE_CALLOUT_NOTE] = { COLOR_BLUE, 75, 0, 0 },
	[ROLE_CALLOUT_TIP] = { COLOR_GREEN, 78, 0, 0 },
	[ROLE_CALLOUT_WARNING] = { COLOR_YELLOW, 214, 0, A_BOLD },
	[ROLE_CALLOUT_DANGER] = { COLOR_RED, 203, 0, A_BOLD },
	[ROLE_RULE] = { COLOR_BLUE, 60, 0, A_DIM },
	[ROLE_TABLE_RULE] = { COLOR_BLUE, 60, 0, A_DIM },
	[ROLE_TABLE_HEAD] = { -1, -1, A_BOLD, A_BOLD },
	[ROLE_LIST_MARK] = { COLOR_YELLOW, 179, 0, A_BOLD },
	[ROLE_GUTTER] = { COLOR_BLUE, 67, 0, A_DIM },
	[ROLE_HTML] = { COLOR_BLUE, 244, A_DIM, A_DIM },
	[ROLE_CONTROL] = { COLOR_RED, 203, 0, A_REVERSE },
	[ROLE_SEARCH_HIT] = { COLOR_BLACK, 0, A_REVERSE, A_STANDOUT },
	[ROLE_CURRENT] = { -1, -1, A_REVERSE, A_REVERSE },
};

void
screen_init(const struct config *cfg)
{
	const char	*nc;
	int		 r;
	bool		 color;

	if (getenv("ESCDELAY") == NULL)
		set_escdelay(25);
	initscr();
	active = true;
	cbreak();
	noecho();
	nonl();
	intrflush(stdscr, FALSE);
	curs_set(0);
	/*
	 * Until a screen has once been left and come back to, ncurses
	 * writes to the terminal after every cursor movement (it cannot
	 * tell its own moves from a terminfo program's): some sixty
	 * writes for one frame.  Leaving it once before anything is drawn
	 * makes the first doupdate() resume it, and from then on each frame
	 * goes out in one write, over SSH in one packet.
	 */
	endwin();
	/*
	 * The first frame clears the terminal anyway: saying so now spares
	 * each init_pair() below a pass over the whole screen for cells of
	 * its pair (a fortieth of a frame's instructions).
	 */
	clearok(curscr, TRUE);
	nc = getenv("NO_COLOR");
	color = has_colors() && (nc == NULL || nc[0] == '\0');
	if (color) {
		start_color();
		use_default_colors();
	}
	for (r = 0; r < ROLE__MAX; r++) {
		short fg = COLORS >= 256 ? theme[r].fg256 : theme[r].fg8;

		if (!color) {
			role_attr[r] = theme[r].mono;
			continue;
		}
		role_attr[r] = theme[r].a;
		if (fg >= 0 && r + 1 < COLOR_PAIRS) {
			init_pair((short)(r + 1), fg, -1);
			role_attr[r] |= COLOR_PAIR(r + 1);
		}
	}
	/* The configured theme replaces a role's look entirely. */
	for (r = 0; cfg != NULL && r < ROLE__MAX; r++) {
		const struct config_style *st = &cfg->theme[r];
		attr_t a = 0;

		if (!st->set)
			continue;
		a |= st->attrs & CONFIG_BOLD ? A_BOLD : 0;
		a |= st->attrs & CONFIG_UNDERLINE ? A_UNDERLINE : 0;
		a |= st->attrs & CONFIG_REVERSE ? A_REVERSE : 0;
		a |= st->attrs & CONFIG_DIM ? A_DIM : 0;
		a |= st->attrs & CONFIG_ITALIC ? A_ITALIC : 0;
		if (color && (st->fg >= 0 || st->bg >= 0) && r + 1 <
		    COLOR_PAIRS && st->fg < COLORS && st->bg < COLORS) {
			init_pair((short)(r + 1), (short)st->fg,
			    (short)st->bg);
			a |= COLOR_PAIR(r + 1);
		}
		role_attr[r] = a;
	}
}

void
screen_input(void)
{
	keypad(stdscr, TRUE);
	mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON1_DOUBLE_CLICKED |
	    BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
	mouseinterval(0);
}

void
screen_done(void)
{
	if (!active)
		return;
	active = false;
	endwin();
}

attr_t
screen_attr(int role)
{
	if (role < 0 || role >= ROLE__MAX)
		return 0;
	return role_attr[role];
}

/* Add already-sanitised UTF-8 at the cursor as wide characters: curses
 * takes those a call a character, where it assembles UTF-8 a call a
 * byte (some 400 instructions a character). */
static void
put_wide(const char *s, size_t n)
{
	wchar_t	 w[256];
	size_t	 i = 0, k;
	int32_t	 cp;

	while (i < n) {
		for (k = 0; k < sizeof(w) / sizeof(w[0]) && i < n; k++) {
			i += utf8_decode(s + i, n - i, &cp);
			w[k] = cp < 0 ? UTF8_REPLACEMENT : (wchar_t)cp;
		}
		addnwstr(w, (int)k);
	}
}

/* Draw already-sanitised UTF-8 clipped to "maxw" columns. */
void
screen_put(int y, int x, int maxw, const char *s, size_t n, attr_t a)
{
	size_t	 i = 0, g;
	int	 w, used = 0;

	if (maxw <= 0 || y < 0 || y >= LINES || x >= COLS)
		return;
	while (i < n) {
		g = utf8_grapheme(s + i, n - i, &w);
		if (used + w > maxw)
			break;
		i += g;
		used += w;
	}
	if (i == 0)
		return;
	attrset(a);
	move(y, x);
	put_wide(s, i);
	attrset(A_NORMAL);
}

/* Draw already-sanitised UTF-8 that takes "cols" columns, clipped to
 * "maxw" (measured only when it does not fit). */
void
screen_put_cols(int y, int x, int maxw, const char *s, size_t n, int cols,
    attr_t a)
{
	if (cols > maxw || y < 0 || y >= LINES || x >= COLS || n == 0) {
		screen_put(y, x, maxw, s, n, a);
		return;
	}
	attrset(a);
	move(y, x);
	put_wide(s, n);
	attrset(A_NORMAL);
}

/* Sanitise and draw a string; returns the columns drawn. */
int
screen_puts(int y, int x, int maxw, const char *s, attr_t a)
{
	struct buf	 b = { 0 };
	int		 w;

	if (s == NULL || maxw <= 0)
		return 0;
	utf8_sanitize(&b, s, strlen(s));
	w = utf8_strwidth(buf_cstr(&b), b.len);
	screen_put(y, x, maxw, buf_cstr(&b), b.len, a);
	buf_free(&b);
	return w < maxw ? w : maxw;
}

void
screen_fill(int y, int x, int w, attr_t a)
{
	if (w <= 0 || y < 0 || y >= LINES)
		return;
	attrset(a);
	mvhline(y, x, ' ', w);
	attrset(A_NORMAL);
}

/* Tell a waiting test harness that a frame is on the terminal. */
void
screen_sync(int fd)
{
	char	 c = '.';
	ssize_t	 n;

	if (fd < 0)
		return;
	fflush(stdout);
	n = write(fd, &c, 1);
	(void)n;
}

const char *
screen_key_name(int ch, bool fkey, char *buf, size_t cap)
{
	if (fkey) {
		switch (ch) {
		case KEY_DOWN: return "<Down>";
		case KEY_UP: return "<Up>";
		case KEY_LEFT: return "<Left>";
		case KEY_RIGHT: return "<Right>";
		case KEY_NPAGE: return "<PgDn>";
		case KEY_PPAGE: return "<PgUp>";
		case KEY_HOME: return "<Home>";
		case KEY_END: return "<End>";
		case KEY_BTAB: return "<S-Tab>";
		case KEY_BACKSPACE: return "<BS>";
		case KEY_ENTER: return "<Enter>";
		case KEY_DC: return "<Del>";
		default: return NULL;
		}
	}
	switch (ch) {
	case '\t': return "<Tab>";
	case '\r':
	case '\n': return "<Enter>";
	case 27: return "<Esc>";
	case ' ': return "<Space>";
	case 127:
	case 8: return "<BS>";
	default:
		break;
	}
	if (ch > 0 && ch < 32) {
		snprintf(buf, cap, "<C-%c>", ch + 'a' - 1);
		return buf;
	}
	if (ch >= 32 && ch < 0x110000) {
		char	 enc[5];
		size_t	 n = utf8_encode(ch, enc);

		enc[n] = '\0';
		snprintf(buf, cap, "%s", enc);
		return buf;
	}
	return NULL;
}

/*
 * After an Esc: read what came with it (an Alt-key, or the rest of an
 * escape sequence curses does not know) without waiting.  Returns true
 * when something did, so that the whole is ignored; false for a lone Esc.
 */
bool
screen_escape_tail(void)
{
	wint_t	 wc;
	int	 r, n = 0;
	bool	 csi = false, ss3 = false;

	timeout(0);
	while ((r = get_wch(&wc)) != ERR && n < 64) {
		n++;
		if (r == KEY_CODE_YES)
			break;
		if (n == 1) {
			/* ESC [ starts a CSI sequence, ESC O an SS3 one;
			 * anything else is a single Alt-key. */
			if (wc == '[')
				csi = true;
			else if (wc == 'O')
				ss3 = true;
			else
				break;
			continue;
		}
		if (ss3 || (csi && wc >= 0x40 && wc <= 0x7e))
			break;
	}
	return n > 0;
}
