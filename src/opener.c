/* SPDX-License-Identifier: ISC */
#include "folio/opener.h"

#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "folio/buf.h"
#include "folio/timestamp.h"
#include "folio/xmalloc.h"

bool
opener_url_ok(const char *url)
{
	const unsigned char *p;
	const char	*host;

	if (strncmp(url, "https://", 8) == 0)
		host = url + 8;
	else if (strncmp(url, "http://", 7) == 0)
		host = url + 7;
	else
		return false;
	if (*host == '\0' || *host == '/' || *host == '?' || *host == '#')
		return false;
	for (p = (const unsigned char *)url; *p; p++)
		if (*p <= 0x20 || *p >= 0x7f || *p == '"' || *p == '\'' ||
		    *p == '\\' || *p == '<' || *p == '>' || *p == '`')
			return false;
	return strlen(url) < 4096;
}

/* Append word to a growing argv. */
static void
push_word(char ***v, size_t *n, struct buf *w)
{
	*v = xreallocarray(*v, *n + 2, sizeof(**v));
	(*v)[(*n)++] = xstrndup(buf_cstr(w), w->len);
	(*v)[*n] = NULL;
	buf_reset(w);
}

/* Replace every placeholder in one word. */
static char *
substitute(const char *word, const char *url, long seconds,
    const char *video, bool *used_url)
{
	struct buf	 b = { 0 };
	char		 num[32], clock[32];
	const char	*p;

	snprintf(num, sizeof(num), "%ld", seconds < 0 ? 0 : seconds);
	ts_format(clock, sizeof(clock), seconds < 0 ? 0 : seconds);
	for (p = word; *p; ) {
		if (strncmp(p, "%s", 2) == 0 || strncmp(p, "{url}", 5) == 0) {
			buf_adds(&b, url);
			*used_url = true;
			p += p[0] == '%' ? 2 : 5;
		} else if (strncmp(p, "{seconds}", 9) == 0) {
			buf_adds(&b, num);
			p += 9;
		} else if (strncmp(p, "{video}", 7) == 0) {
			buf_adds(&b, video ? video : "");
			p += 7;
		} else if (strncmp(p, "{time}", 6) == 0) {
			buf_adds(&b, clock);
			p += 6;
		} else if (strncmp(p, "%%", 2) == 0) {
			buf_addc(&b, '%');
			p += 2;
		} else
			buf_addc(&b, *p++);
	}
	p = xstrndup(buf_cstr(&b), b.len);
	buf_free(&b);
	return (char *)p;
}

char **
opener_argv(const char *tmpl, const char *url, long seconds,
    const char *video, struct folio_err *err)
{
	struct buf	 w = { 0 };
	char		**v = NULL, *s;
	size_t		 n = 0, i;
	const char	*p;
	char		 q = 0;
	bool		 inword = false, used = false;

	for (p = tmpl; *p; p++) {
		if (q != 0) {
			if (*p == q)
				q = 0;
			else if (*p == '\\' && q == '"' && p[1] != '\0')
				buf_addc(&w, *++p);
			else
				buf_addc(&w, *p);
			continue;
		}
		if (*p == '"' || *p == '\'') {
			q = *p;
			inword = true;
		} else if (*p == '\\' && p[1] != '\0') {
			buf_addc(&w, *++p);
			inword = true;
		} else if (*p == ' ' || *p == '\t') {
			if (inword)
				push_word(&v, &n, &w);
			inword = false;
		} else {
			buf_addc(&w, *p);
			inword = true;
		}
	}
	if (q != 0) {
		err_set(err, FOLIO_ERR_SYNTAX, "unbalanced quote in command");
		goto fail;
	}
	if (inword)
		push_word(&v, &n, &w);
	if (n == 0) {
		err_set(err, FOLIO_ERR_SYNTAX, "empty command");
		goto fail;
	}
	for (i = 0; url != NULL && i < n; i++) {
		s = substitute(v[i], url, seconds, video, &used);
		free(v[i]);
		v[i] = s;
	}
	if (!used && url != NULL) {
		buf_adds(&w, url);
		push_word(&v, &n, &w);
	}
	buf_free(&w);
	return v;
fail:
	buf_free(&w);
	opener_free_argv(v);
	return NULL;
}

void
opener_free_argv(char **v)
{
	size_t	 i;

	if (v == NULL)
		return;
	for (i = 0; v[i] != NULL; i++)
		free(v[i]);
	free(v);
}

int
opener_spawn(char *const argv[], struct folio_err *err)
{
	pid_t	 pid, st;
	int	 pfd[2], status, e = 0, fd;
	ssize_t	 n;

	/* A close-on-exec pipe tells the parent whether execvp worked. */
	if (pipe2(pfd, O_CLOEXEC) == -1)
		return err_set(err, FOLIO_ERR_IO, "pipe: %s", strerror(errno));
	if ((pid = fork()) == -1) {
		close(pfd[0]);
		close(pfd[1]);
		return err_set(err, FOLIO_ERR_IO, "fork: %s", strerror(errno));
	}
	if (pid == 0) {
		close(pfd[0]);
		setsid();
		if ((st = fork()) != 0)
			_exit(st == -1 ? 127 : 0);
		if ((fd = open("/dev/null", O_RDWR)) != -1) {
			dup2(fd, 0);
			dup2(fd, 1);
			dup2(fd, 2);
			if (fd > 2)
				close(fd);
		}
		execvp(argv[0], argv);
		e = errno;
		n = write(pfd[1], &e, sizeof(e));
		(void)n;
		_exit(127);
	}
	close(pfd[1]);
	while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
		;
	do {
		n = read(pfd[0], &e, sizeof(e));
	} while (n == -1 && errno == EINTR);
	close(pfd[0]);
	if (n == (ssize_t)sizeof(e))
		return err_set(err, FOLIO_ERR_NOTFOUND, "%s: %s", argv[0],
		    e == ENOENT ? "not found" : strerror(e));
	return 0;
}

static int	open_with(const char *, const char *, long, const char *,
		    struct folio_err *);

int
opener_open(const char *opener, const char *url, long seconds,
    const char *video, struct folio_err *err)
{
	if (!opener_url_ok(url))
		return err_set(err, FOLIO_ERR_UNSAFE, "refusing to open an "
		    "unsafe URL");
	return open_with(opener, url, seconds, video, err);
}

int
opener_open_file(const char *opener, const char *path, struct folio_err *err)
{
	const unsigned char *p;
	struct stat	 st;

	if (path[0] != '/')
		return err_set(err, FOLIO_ERR_UNSAFE, "refusing to open a "
		    "relative path");
	for (p = (const unsigned char *)path; *p != '\0'; p++)
		if (*p < 0x20 || *p == 0x7f)
			return err_set(err, FOLIO_ERR_UNSAFE, "refusing to "
			    "open a file name with control characters");
	if (stat(path, &st) == -1)
		return err_set(err, FOLIO_ERR_NOTFOUND, "%s: %s", path,
		    strerror(errno));
	if (!S_ISREG(st.st_mode))
		return err_set(err, FOLIO_ERR_NOTFOUND, "%s: not a file",
		    path);
	return open_with(opener, path, -1, "", err);
}

/* Hand "target" (a checked URL or file) to the opener, $BROWSER or the
 * system's opener; 0 or -1 with "err". */
static int
open_with(const char *opener, const char *target, long seconds,
    const char *video, struct folio_err *err)
{
	const char	*browser, *p, *end;
	char		**argv, *cmd;
	const char	*url = target;
	int		 rc = -1;

	if (opener != NULL && *opener != '\0') {
		if ((argv = opener_argv(opener, url, seconds, video, err)) ==
		    NULL)
			return -1;
		rc = opener_spawn(argv, err);
		opener_free_argv(argv);
		return rc;
	}
	if ((browser = getenv("BROWSER")) != NULL && *browser != '\0') {
		/* Several commands separated by ':', tried in order. */
		for (p = browser; *p; p = *end ? end + 1 : end) {
			end = strchr(p, ':');
			if (end == NULL)
				end = p + strlen(p);
			if (end == p)
				continue;
			cmd = xstrndup(p, (size_t)(end - p));
			argv = opener_argv(cmd, url, seconds, video, err);
			free(cmd);
			if (argv == NULL)
				continue;
			rc = opener_spawn(argv, err);
			opener_free_argv(argv);
			if (rc == 0)
				return 0;
		}
		return rc;
	}
#ifdef __APPLE__
	argv = opener_argv("open", url, seconds, video, err);
#else
	argv = opener_argv("xdg-open", url, seconds, video, err);
#endif
	if (argv == NULL)
		return -1;
	rc = opener_spawn(argv, err);
	opener_free_argv(argv);
	return rc;
}

int
opener_osc52(struct buf *out, const char *text)
{
	static const char b64[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const unsigned char *s = (const unsigned char *)text;
	size_t		 n = strlen(text), i;
	unsigned	 v;

	if (n > 8192 || !opener_url_ok(text))
		return -1;
	buf_adds(out, "\033]52;c;");
	for (i = 0; i + 2 < n; i += 3) {
		v = (unsigned)s[i] << 16 | (unsigned)s[i + 1] << 8 | s[i + 2];
		buf_addc(out, b64[v >> 18 & 63]);
		buf_addc(out, b64[v >> 12 & 63]);
		buf_addc(out, b64[v >> 6 & 63]);
		buf_addc(out, b64[v & 63]);
	}
	if (n - i == 1) {
		v = (unsigned)s[i] << 16;
		buf_addc(out, b64[v >> 18 & 63]);
		buf_addc(out, b64[v >> 12 & 63]);
		buf_adds(out, "==");
	} else if (n - i == 2) {
		v = (unsigned)s[i] << 16 | (unsigned)s[i + 1] << 8;
		buf_addc(out, b64[v >> 18 & 63]);
		buf_addc(out, b64[v >> 12 & 63]);
		buf_addc(out, b64[v >> 6 & 63]);
		buf_addc(out, '=');
	}
	buf_adds(out, "\033\\");
	return 0;
}
