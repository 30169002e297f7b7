/* SPDX-License-Identifier: ISC */
#ifndef FOLIO_OPENER_H
#define FOLIO_OPENER_H

#include <stdbool.h>
#include <stddef.h>

#include "folio/err.h"

/*
 * True if "url" may be handed to a browser or player: http or https, a
 * host, and no control characters, spaces, quotes, backslashes or angle
 * brackets anywhere.
 */
bool		 opener_url_ok(const char *url);

/*
 * Split a command template into words (double and single quotes group,
 * backslash escapes the next character) and substitute placeholders in
 * each word: "%s" and "{url}" by the URL, "{seconds}", "{video}" and
 * "{time}" (H:MM:SS) by the moment.  Splitting happens before
 * substitution, so a URL can never become two words.  Returns a
 * NULL-terminated argv (free with opener_free_argv), or NULL with "err"
 * when the template is empty or badly quoted.  If the template has no
 * URL placeholder the URL is appended as the last word.  With "url" NULL
 * the words are returned as they are (an editor command).
 */
char		**opener_argv(const char *tmpl, const char *url, long seconds,
		    const char *video, struct folio_err *err);

void		 opener_free_argv(char **);

/*
 * Run argv detached: a new session, standard streams on /dev/null, never
 * through a shell (execvp).  The child is reaped by a double fork, so
 * the caller never blocks.  Returns 0 when the program started, -1 with
 * "err" when it could not be found or run.
 */
int		 opener_spawn(char *const argv[], struct folio_err *err);

/*
 * Open "url" the way the reader's `o` does: the configured "opener"
 * template if not NULL, else $BROWSER (commands separated by ':' tried in
 * order), else xdg-open (open on macOS).  Refuses unsafe URLs.  Returns 0
 * or -1 with "err".
 */
int		 opener_open(const char *opener, const char *url, long seconds,
		    const char *video, struct folio_err *err);

/*
 * Open the local file at "path" (an attachment: an image, a PDF) with the
 * same programs as opener_open, the path in the URL's place.  Refuses a
 * relative path (it could read as an option) or one with control
 * characters; a path that is not a regular file is FOLIO_ERR_NOTFOUND.
 * Returns 0 or -1 with "err".
 */
int		 opener_open_file(const char *opener, const char *path,
		    struct folio_err *err);

/*
 * The OSC 52 sequence that asks the terminal to put "text" on the
 * clipboard, appended to "out".  Refuses (returns -1) text that is not a
 * safe URL (see opener_url_ok) or is longer than 8 KB; returns 0.
 */
struct buf;
int		 opener_osc52(struct buf *out, const char *text);

#endif /* !FOLIO_OPENER_H */
