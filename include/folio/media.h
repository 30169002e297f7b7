/* SPDX-License-Identifier: ISC */
#ifndef FOLIO_MEDIA_H
#define FOLIO_MEDIA_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Local media: a downloaded file of a document's video, found by the
 * names yt-dlp gives downloads ("Title [VIDEOID].ext" or "VIDEOID.ext")
 * with a video or audio extension, so that it plays offline instead of
 * the stream.
 */

/* Folders visited below each root, and entries read in all, at most. */
#define MEDIA_DEPTH_MAX		4
#define MEDIA_ENTRIES_MAX	50000

/*
 * The rank of file name "name" as media of video "id": 1..7 for mkv,
 * mp4, webm, m4a, mp3, opus, ogg (videos first), 0 when it is not a
 * file of that video (another id, a partial download, another type).
 */
int		 media_name_rank(const char *name, const char *id);

/*
 * Look for a file of video "id" in the folders dirs[0..n) and below
 * (MEDIA_DEPTH_MAX deep, hidden folders skipped, symbolic links to
 * folders not followed below a root).  The best-ranked regular file
 * wins, the first found among equals.  Returns its absolute path (heap),
 * or NULL.
 */
char		*media_find(const char *id, const char *const *dirs, size_t n);

#endif /* !FOLIO_MEDIA_H */
