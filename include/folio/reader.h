/* SPDX-License-Identifier: ISC */
#ifndef FOLIO_READER_H
#define FOLIO_READER_H

/* The interactive reader's entry points; no curses types here. */
struct cli_opts;

/* Run the reader on the paths in opts->args; return the exit status. */
int		 reader_main(const struct cli_opts *);

/* Print the name of every action of the key table, one per line. */
int		 reader_list_actions(void);

#endif /* !FOLIO_READER_H */
