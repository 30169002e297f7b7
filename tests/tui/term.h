/* SPDX-License-Identifier: ISC */
#ifndef FOLIO_TUI_TERM_H
#define FOLIO_TUI_TERM_H

/*
 * A terminal for tests: the program runs in a pseudo-terminal, its output
 * goes through libvterm, keys are encoded by libvterm (so they follow the
 * modes the program set), and the screen is read back cell by cell.  No
 * fixed sleeps: waits pump output until a condition holds or a deadline
 * passes.  The program may write a byte to fd 3 (FOLIO_TEST_SYNC_FD)
 * after each frame; waits use it when it comes.
 */
#include <stdbool.h>
#include <stdio.h>

#include <vterm.h>

struct term;

/* One screen cell. */
struct tcell {
	char		 text[16];	/* UTF-8 */
	int		 width;
	bool		 bold, underline, reverse, italic;
};

/* Start argv in a rows x cols pseudo-terminal, in a session of its own
 * with the terminal as its controlling one (what forkpty gives); env adds
 * "K=V" entries, "K=" removes K (NULL-terminated list, may be NULL).
 * Returns NULL on failure. */
struct term	*term_spawn(const char *const argv[], int rows, int cols,
		    const char *const env[]);
void		 term_free(struct term *);
/* When the program was started: monotonic clock, in milliseconds. */
double		 term_started(const struct term *);

/* Wait until "needle" is on the screen; 0, or -1 after timeout_ms. */
int		 term_wait_text(struct term *, const char *needle,
		    int timeout_ms);
/* Like term_wait_text, but return as soon as it shows, without waiting
 * for the program to settle (for timing). */
int		 term_wait_seen(struct term *, const char *needle,
		    int timeout_ms);
/* Write raw bytes to the program's input, without waiting. */
void		 term_send(struct term *, const char *bytes);
/* Wait until "needle" is gone from the screen. */
int		 term_wait_gone(struct term *, const char *needle,
		    int timeout_ms);
/* Wait for the program to finish drawing (sync byte or quiet output). */
void		 term_settle(struct term *);

void		 term_key(struct term *, VTermKey key, VTermModifier mod);
void		 term_type(struct term *, const char *utf8);
void		 term_resize(struct term *, int rows, int cols);
void		 term_click(struct term *, int row, int col);
void		 term_wheel(struct term *, int row, int col, bool down);

/* Row text (trailing blanks trimmed) into out; returns out. */
char		*term_row(struct term *, int row, char *out, size_t cap);
/* The first row holding "needle", or -1. */
int		 term_find(struct term *, const char *needle);
/* The column of "needle" in that row (in cells), or -1. */
int		 term_find_col(struct term *, int row, const char *needle);
void		 term_cell(struct term *, int row, int col, struct tcell *);
void		 term_dump(struct term *, FILE *);
const char	*term_title(struct term *);
const char	*term_osc(struct term *);
int		 term_rows(struct term *);
int		 term_cols(struct term *);

/* Wait for the program to exit: its status (128+signal), -1 on timeout. */
int		 term_wait_exit(struct term *, int timeout_ms);

#endif /* !FOLIO_TUI_TERM_H */
