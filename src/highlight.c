/* SPDX-License-Identifier: ISC */
#include "folio/highlight.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "folio/buf.h"
#include "folio/captions.h"
#include "folio/doc.h"
#include "folio/json.h"
#include "folio/markdown.h"
#include "folio/state.h"
#include "folio/timestamp.h"
#include "folio/utf8.h"
#include "folio/xmalloc.h"

#define HIGHLIGHT_TEXT_MAX	4000	/* bytes of a quote kept */

/* Copy s[0..n) with runs of white space (line ends too) as one space,
 * trimmed, at most HIGHLIGHT_TEXT_MAX bytes (cut at a character). */
static char *
squeeze(const char *s, size_t n)
{
	struct buf	 b = { 0 };
	size_t		 i;
	bool		 sp = false;
	char		*r;

	for (i = 0; i < n && b.len < HIGHLIGHT_TEXT_MAX; i++) {
		if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' ||
		    s[i] == '\r') {
			sp = b.len > 0;
			continue;
		}
		if (sp)
			buf_addc(&b, ' ');
		sp = false;
		buf_addc(&b, s[i]);
	}
	/* Do not end inside a UTF-8 sequence. */
	while (b.len > 0 && i < n && ((unsigned char)b.p[b.len - 1] & 0xc0) ==
	    0x80)
		b.len--;
	if (b.len > 0 && i < n && (unsigned char)b.p[b.len - 1] >= 0xc0)
		b.len--;
	r = xstrndup(buf_cstr(&b), b.len);
	buf_free(&b);
	return r;
}

/* Skip the Markdown markers that start a line: quote bars, list
 * bullets and numbers, task boxes, heading hashes. */
static size_t
skip_markers(const char *s, size_t n)
{
	size_t	 i = 0, j;
	bool	 more = true;

	while (more) {
		more = false;
		while (i < n && (s[i] == ' ' || s[i] == '\t'))
			i++;
		if (i < n && (s[i] == '>' || s[i] == '#')) {
			while (i < n && (s[i] == '>' || s[i] == '#'))
				i++;
			more = true;
		} else if (i + 1 < n && (s[i] == '-' || s[i] == '*' ||
		    s[i] == '+') && s[i + 1] == ' ') {
			i += 2;
			more = true;
		} else if (i < n && s[i] >= '0' && s[i] <= '9') {
			for (j = i; j < n && s[j] >= '0' && s[j] <= '9'; j++)
				;
			if (j + 1 < n && (s[j] == '.' || s[j] == ')') &&
			    s[j + 1] == ' ') {
				i = j + 2;
				more = true;
			}
		}
		if (n - i >= 4 && s[i] == '[' && (s[i + 1] == ' ' ||
		    s[i + 1] == 'x' || s[i + 1] == 'X') && s[i + 2] == ']' &&
		    s[i + 3] == ' ') {
			i += 4;
			more = true;
		}
	}
	return i;
}

/* Bytes of a leading "[1:02:03] " (the link says the time), or 0. */
static size_t
skip_clock(const char *s, size_t n)
{
	const char	*end;
	size_t		 i;

	if (n < 3 || s[0] != '[' || (end = memchr(s, ']', n < 12 ? n : 12))
	    == NULL || ts_parse_clock(s + 1, (size_t)(end - s - 1)) < 0)
		return 0;
	for (i = (size_t)(end - s) + 1; i < n && s[i] == ' '; i++)
		;
	return i;
}

int
highlight_from_doc(const struct doc *d, unsigned line, long seconds,
    const char *note, struct state_highlight *h, struct folio_err *err)
{
	const struct cue *cue = NULL;
	const struct item *ts = NULL;
	const char	*s;
	size_t		 len, off, k;
	bool		 approx;

	memset(h, 0, sizeof(*h));
	h->seconds = -1;
	if (line < 1 || line > d->nlines)
		return err_set(err, FOLIO_ERR_USAGE, "no line %u (the "
		    "document has %zu)", line, d->nlines);
	off = doc_line_off(d, line);
	s = doc_line_text(d, line, &len);
	if (d->ncues > 0) {
		/* The cue whose text holds the line, else the one after
		 * its timing or number lines. */
		for (k = 0; k < d->ncues; k++) {
			if (d->cues[k].off + d->cues[k].len < off)
				continue;
			cue = &d->cues[k];
			break;
		}
		if (cue == NULL)
			return err_set(err, FOLIO_ERR_USAGE, "line %u is not "
			    "in a cue", line);
		h->text = squeeze(cue->text, strlen(cue->text));
		h->off = cue->off;
		h->line = doc_line(d, cue->off);
	} else {
		k = skip_markers(s, len);
		k += skip_clock(s + k, len - k);
		h->text = squeeze(s + k, len - k);
		h->off = (uint32_t)off;
		h->line = line;
	}
	if (h->text[0] == '\0') {
		highlight_clear(h);
		return err_set(err, FOLIO_ERR_USAGE, "line %u holds no text",
		    line);
	}
	/* A timestamp of a video on the line gives both. */
	for (k = 0; d->body != NULL && k < d->body->nitems; k++) {
		const struct item *it = &d->body->items[k];

		if (it->type == ITEM_TS && it->video[0] != '\0' &&
		    doc_line(d, it->off) == line) {
			ts = it;
			break;
		}
	}
	snprintf(h->video, sizeof(h->video), "%s", ts ? ts->video : d->video);
	if (seconds >= 0)
		h->seconds = seconds;
	else if (cue != NULL)
		h->seconds = cue->start_ms / 1000;
	else if (ts != NULL)
		h->seconds = ts->seconds;
	else
		h->seconds = doc_time_at(d, off, &approx);
	h->path = xstrdup(d->abspath ? d->abspath : d->path);
	h->title = xstrdup(d->title ? d->title : d->path);
	h->note = note != NULL && note[0] != '\0' ? squeeze(note,
	    strlen(note)) : NULL;
	return 0;
}

void
highlight_clear(struct state_highlight *h)
{
	free(h->path);
	free(h->title);
	free(h->text);
	free(h->note);
	memset(h, 0, sizeof(*h));
}

/* Terminal-safe text of a string. */
static void
put_safe(struct buf *out, const char *s)
{
	if (s != NULL)
		utf8_sanitize(out, s, strlen(s));
}

/* The file name of a path. */
static const char *
base_name(const char *path)
{
	const char	*b = strrchr(path, '/');

	return b ? b + 1 : path;
}

void
highlight_export(struct buf *out, const struct state_highlight *v, size_t n,
    enum highlight_fmt fmt)
{
	char		 url[128], clock[32];
	size_t		 i;
	bool		 first_doc = true, newdoc, has_url;

	if (fmt == HIGHLIGHT_JSON)
		buf_addc(out, '[');
	if (fmt == HIGHLIGHT_MARKDOWN && n > 0)
		buf_adds(out, "# Highlights\n");
	for (i = 0; i < n; i++) {
		const struct state_highlight *h = &v[i];

		newdoc = i == 0 || strcmp(v[i - 1].path, h->path) != 0;
		has_url = ts_url(url, sizeof(url), h->video, h->seconds) == 0;
		ts_format(clock, sizeof(clock), h->seconds);
		switch (fmt) {
		case HIGHLIGHT_JSON:
			if (newdoc) {
				buf_adds(out, first_doc ? "\n" : "]},\n");
				buf_adds(out, "{\"path\":");
				json_cstr(out, h->path);
				buf_adds(out, ",\"title\":");
				json_cstr(out, h->title);
				buf_adds(out, ",\"highlights\":[");
				first_doc = false;
			} else
				buf_addc(out, ',');
			buf_printf(out, "\n {\"id\":%lld,\"line\":%u,"
			    "\"seconds\":", h->id, h->line);
			if (h->seconds >= 0)
				buf_printf(out, "%ld", h->seconds);
			else
				buf_adds(out, "null");
			buf_adds(out, ",\"video\":");
			json_cstr(out, h->video[0] ? h->video : NULL);
			buf_adds(out, ",\"url\":");
			json_cstr(out, has_url ? url : NULL);
			buf_adds(out, ",\"text\":");
			json_cstr(out, h->text);
			buf_adds(out, ",\"note\":");
			json_cstr(out, h->note);
			buf_printf(out, ",\"created\":%lld}", h->created);
			break;
		case HIGHLIGHT_MARKDOWN:
			if (newdoc) {
				buf_adds(out, "\n## ");
				put_safe(out, h->title);
				buf_adds(out, "\n\nFrom `");
				put_safe(out, base_name(h->path));
				buf_adds(out, "`.\n");
			}
			buf_adds(out, "\n> ");
			put_safe(out, h->text);
			buf_addc(out, '\n');
			if (has_url)
				buf_printf(out, "> — [%s](%s)\n",
				    h->seconds >= 0 ? clock : "video", url);
			else if (h->seconds >= 0)
				buf_printf(out, "> — %s\n", clock);
			if (h->note != NULL) {
				buf_addc(out, '\n');
				put_safe(out, h->note);
				buf_addc(out, '\n');
			}
			break;
		default:
			if (newdoc) {
				if (i > 0)
					buf_addc(out, '\n');
				put_safe(out, h->title);
				buf_adds(out, " (");
				put_safe(out, h->path);
				buf_adds(out, ")\n");
			}
			buf_printf(out, "%6u  %8s  ", h->line, clock);
			put_safe(out, h->text);
			buf_addc(out, '\n');
			if (has_url)
				buf_printf(out, "%18s%s\n", "", url);
			if (h->note != NULL) {
				buf_printf(out, "%18snote: ", "");
				put_safe(out, h->note);
				buf_addc(out, '\n');
			}
			break;
		}
	}
	if (fmt == HIGHLIGHT_JSON)
		buf_adds(out, n > 0 ? "]}\n]\n" : "]\n");
}

/* The identity of a file folio wrote: its size, time and inode. */
static char *
file_stamp(const struct stat *sb)
{
	return xasprintf("%lld:%lld.%09ld:%llu", (long long)sb->st_size,
	    (long long)sb->st_mtim.tv_sec, (long)sb->st_mtim.tv_nsec,
	    (unsigned long long)sb->st_ino);
}

int
highlight_write(struct state *st, const char *path, const char *data,
    size_t len, bool force, struct folio_err *err)
{
	struct stat	 sb;
	char		*copy, *dir, *real = NULL, *abs = NULL, *key = NULL;
	char		*tmp = NULL, *stamp, *saved;
	int		 fd = -1, rc = -1;
	size_t		 done = 0;
	ssize_t		 w;

	copy = xstrdup(path);
	dir = dirname(copy);
	if ((real = realpath(dir, NULL)) == NULL) {
		err_set(err, FOLIO_ERR_IO, "%s: %s", dir, strerror(errno));
		goto out;
	}
	abs = xasprintf("%s/%s", strcmp(real, "/") == 0 ? "" : real,
	    base_name(path));
	key = xasprintf("export:%s", abs);
	if (lstat(abs, &sb) == 0) {
		if (!S_ISREG(sb.st_mode)) {
			err_set(err, FOLIO_ERR_UNSAFE, "%s is not a plain "
			    "file", path);
			goto out;
		}
		if (!force) {
			stamp = file_stamp(&sb);
			saved = state_get(st, key);
			rc = saved != NULL && strcmp(saved, stamp) == 0 ?
			    0 : -1;
			free(stamp);
			free(saved);
			if (rc == -1) {
				err_set(err, FOLIO_ERR_UNSAFE, "%s exists and "
				    "folio did not write it (or it changed "
				    "since): --force replaces it", path);
				goto out;
			}
			rc = -1;
		}
	} else if (errno != ENOENT) {
		err_set(err, FOLIO_ERR_IO, "%s: %s", path, strerror(errno));
		goto out;
	}
	tmp = xasprintf("%s/.%s.XXXXXX", strcmp(real, "/") == 0 ? "" : real,
	    base_name(path));
	if ((fd = mkstemp(tmp)) == -1) {
		err_set(err, FOLIO_ERR_IO, "%s: %s", tmp, strerror(errno));
		free(tmp);
		tmp = NULL;
		goto out;
	}
	while (done < len) {
		w = write(fd, data + done, len - done);
		if (w == -1 && errno == EINTR)
			continue;
		if (w <= 0) {
			err_set(err, FOLIO_ERR_IO, "%s: %s", tmp,
			    strerror(errno));
			goto out;
		}
		done += (size_t)w;
	}
	if (fchmod(fd, 0644) == -1 || fsync(fd) == -1 || close(fd) == -1) {
		fd = -1;
		err_set(err, FOLIO_ERR_IO, "%s: %s", tmp, strerror(errno));
		goto out;
	}
	fd = -1;
	if (rename(tmp, abs) == -1) {
		err_set(err, FOLIO_ERR_IO, "%s: %s", path, strerror(errno));
		goto out;
	}
	free(tmp);
	tmp = NULL;
	if (stat(abs, &sb) == 0) {
		stamp = file_stamp(&sb);
		state_set(st, key, stamp);
		free(stamp);
	}
	rc = 0;
out:
	if (fd != -1)
		close(fd);
	if (tmp != NULL)
		unlink(tmp);
	free(tmp);
	free(key);
	free(abs);
	free(real);
	free(copy);
	return rc;
}
