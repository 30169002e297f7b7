/* SPDX-License-Identifier: ISC */
#ifndef FOLIO_TUI_TUI_H
#define FOLIO_TUI_TUI_H

/* What the terminal test cases share (main.c runs them). */
#include <stddef.h>
#include <stdio.h>

#include "term.h"

#define WAIT	8000		/* ms for any one thing to appear */

extern const char *folio;	/* the binary under test */
extern char	 tmpdir[256];	/* removed after the run */
extern const char *case_name;
extern int	 case_failed;
extern int	 case_skipped;	/* the case could not run here */

#define CHECK(t, cond) do { \
	if (!(cond)) { \
		fprintf(stdout, "FAIL %s: %s (line %d)\n", case_name, #cond, \
		    __LINE__); \
		if ((t) != NULL) \
			term_dump((t), stdout); \
		case_failed = 1; \
	} \
} while (0)

/* Start folio with args in a rows x cols terminal, with the case's own
 * state and configuration folders and env added. */
struct term	*run(const char *const *args, int rows, int cols,
		    const char *const *env);
/* Write a file into the run's temporary folder; its path. */
void		 write_file(const char *name, const char *data, size_t len);
char		*tmp_path(const char *name);
/* Type q and wait for the exit: its status. */
int		 quit_ok(struct term *);

/* ui.c: the interaction layer's cases. */
void		 t_ui_escape_keys(void);
void		 t_ui_prompt_history(void);
void		 t_ui_help_rows(void);
void		 t_ui_focus_hints(void);
void		 t_ui_status_line(void);
void		 t_ui_meta_layout(void);
void		 t_ui_list_columns(void);
void		 t_ui_marks_filter(void);
void		 t_ui_jumps(void);
void		 t_ui_jumps_restart(void);
void		 t_ui_counts(void);
void		 t_ui_cut_rows(void);
void		 t_ui_fulltext_groups(void);
void		 t_ui_edit_line(void);

/* lead.c: commands and messages. */
void		 t_goto_heading(void);
void		 t_meta_singular(void);
void		 t_fulltext_never_waits(void);
void		 t_open_attachment(void);
void		 t_lone_file(void);

/* vault.c: an Obsidian vault in the reader. */
void		 t_vault_live(void);

/* play.c: playback (a real mpv) and highlights. */
void		 t_play_follow(void);
void		 t_play_highlights(void);
void		 t_play_keys(void);
void		 t_play_documents(void);
void		 t_play_attach(void);

#endif /* !FOLIO_TUI_TUI_H */
