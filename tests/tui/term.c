/* SPDX-License-Identifier: ISC */
#define _GNU_SOURCE		/* POSIX_SPAWN_SETSID, pipe2 */
#include "term.h"

#include <sys/ioctl.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define QUIET_MS	40		/* output pause that ends a frame */

struct term {
	pid_t		 pid;
	int		 fd;		/* pty master */
	int		 sync;		/* read end of the sync pipe, or -1 */
	VTerm		*vt;
	VTermScreen	*vs;
	int		 rows, cols;
	char		 title[512];
	char		 osc[4096];	/* the last OSC the screen ignored */
	bool		 exited;
	int		 status;
	long		 frames;	/* sync bytes seen */
	double		 started;	/* monotonic ms at the spawn */
};

static long
now_ms(void)
{
	struct timespec	 t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000L + t.tv_nsec / 1000000;
}

static void
out_cb(const char *s, size_t len, void *user)
{
	struct term	*t = user;
	ssize_t		 w;

	while (len > 0) {
		w = write(t->fd, s, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0 && errno == EAGAIN) {
			struct pollfd p = { .fd = t->fd, .events = POLLOUT };

			poll(&p, 1, 100);
			continue;
		}
		if (w <= 0)
			return;
		s += w;
		len -= (size_t)w;
	}
}

static int
prop_cb(VTermProp p, VTermValue *v, void *user)
{
	struct term	*t = user;

	if (p == VTERM_PROP_TITLE)
		snprintf(t->title, sizeof(t->title), "%s", v->string ?
		    v->string : "");
	return 1;
}

static VTermScreenCallbacks callbacks = { .settermprop = prop_cb };

static int
osc_cb(const char *cmd, size_t len, void *user)
{
	struct term	*t = user;

	snprintf(t->osc, sizeof(t->osc), "%.*s", (int)len, cmd);
	return 1;
}

static VTermParserCallbacks fallbacks = { .osc = osc_cb };

/* Copy the environment with "name" set to "value" (NULL: removed). */
static char **
env_set(char **envp, const char *name, const char *value)
{
	size_t	 i, j, n, len = strlen(name);

	for (n = 0; envp[n] != NULL; n++)
		;
	for (i = j = 0; i < n; i++)
		if (strncmp(envp[i], name, len) != 0 || envp[i][len] != '=')
			envp[j++] = envp[i];
		else
			free(envp[i]);
	envp[j] = NULL;
	if (value != NULL) {
		char *kv = malloc(len + strlen(value) + 2);

		envp = realloc(envp, (j + 2) * sizeof(*envp));
		sprintf(kv, "%s=%s", name, value);
		envp[j++] = kv;
		envp[j] = NULL;
	}
	return envp;
}

extern char **environ;

/*
 * The pty is opened here and the program spawned into it (posix_spawn:
 * a new session, then the slave opened by name, which makes it the
 * controlling terminal).  Unlike forkpty, nothing of this process is
 * copied: the start costs what it costs from a shell, as hyperfine times
 * the references of the benchmark, and about half a millisecond less
 * than after a fork here.
 */
struct term *
term_spawn(const char *const argv[], int rows, int cols,
    const char *const env[])
{
	struct winsize	 ws = { .ws_row = (unsigned short)rows,
	    .ws_col = (unsigned short)cols };
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	sigset_t	 none, all;
	struct timespec	 ts;
	struct term	*t;
	char		 name[256], **envp;
	size_t		 n;
	int		 p[2], slave, i, rc;

	if (pipe2(p, O_CLOEXEC) == -1)
		return NULL;
	t = calloc(1, sizeof(*t));
	t->rows = rows;
	t->cols = cols;
	if (openpty(&t->fd, &slave, name, NULL, &ws) == -1) {
		free(t);
		close(p[0]);
		close(p[1]);
		return NULL;
	}
	fcntl(t->fd, F_SETFD, FD_CLOEXEC);
	fcntl(slave, F_SETFD, FD_CLOEXEC);
	for (n = 0; environ[n] != NULL; n++)
		;
	envp = calloc(n + 1, sizeof(*envp));
	for (n = 0; environ[n] != NULL; n++)
		envp[n] = strdup(environ[n]);
	envp = env_set(envp, "TERM", "xterm-256color");
	envp = env_set(envp, "LANG", "C.UTF-8");
	envp = env_set(envp, "LC_ALL", NULL);
	envp = env_set(envp, "ESCDELAY", "25");
	envp = env_set(envp, "FOLIO_TEST_SYNC_FD", "3");
	for (i = 0; env != NULL && env[i] != NULL; i++) {
		const char *eq = strchr(env[i], '=');
		char key[256];

		if (eq == NULL || (size_t)(eq - env[i]) >= sizeof(key))
			continue;
		memcpy(key, env[i], (size_t)(eq - env[i]));
		key[eq - env[i]] = '\0';
		envp = env_set(envp, key, eq[1] == '\0' ? NULL : eq + 1);
	}
	/* The screen first: its memory is not touched while the program
	 * starts. */
	t->vt = vterm_new(rows, cols);
	vterm_set_utf8(t->vt, 1);
	vterm_output_set_callback(t->vt, out_cb, t);
	t->vs = vterm_obtain_screen(t->vt);
	vterm_screen_set_callbacks(t->vs, &callbacks, t);
	vterm_screen_set_unrecognised_fallbacks(t->vs, &fallbacks, t);
	vterm_screen_enable_altscreen(t->vs, 1);
	vterm_screen_reset(t->vs, 1);
	/* A new session whose controlling terminal is the pty: opening
	 * the slave by name after setsid makes it so. */
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, name, O_RDWR, 0);
	posix_spawn_file_actions_adddup2(&fa, 0, 1);
	posix_spawn_file_actions_adddup2(&fa, 0, 2);
	posix_spawn_file_actions_adddup2(&fa, p[1], 3);
	posix_spawnattr_init(&at);
	sigemptyset(&none);
	sigfillset(&all);
	posix_spawnattr_setsigmask(&at, &none);
	posix_spawnattr_setsigdefault(&at, &all);
	posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSID |
	    POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
	clock_gettime(CLOCK_MONOTONIC, &ts);
	t->started = ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
	rc = posix_spawnp(&t->pid, argv[0], &fa, &at, (char *const *)argv,
	    envp);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&at);
	for (n = 0; envp[n] != NULL; n++)
		free(envp[n]);
	free(envp);
	close(slave);
	close(p[1]);
	if (rc != 0) {
		vterm_free(t->vt);
		close(t->fd);
		close(p[0]);
		free(t);
		errno = rc;
		return NULL;
	}
	t->sync = p[0];
	fcntl(t->fd, F_SETFL, fcntl(t->fd, F_GETFL) | O_NONBLOCK);
	fcntl(t->sync, F_SETFL, fcntl(t->sync, F_GETFL) | O_NONBLOCK);
	return t;
}

double
term_started(const struct term *t)
{
	return t->started;
}

/*
 * Pump output for at most "ms": returns 1 if anything arrived (output or
 * a sync byte), 0 if quiet, -1 when the program's side closed.
 */
static int
pump(struct term *t, int ms)
{
	struct pollfd	 p[2];
	char		 buf[65536];
	ssize_t		 n;
	int		 got = 0, np = 1;

	p[0].fd = t->fd;
	p[0].events = POLLIN;
	if (t->sync >= 0) {
		p[1].fd = t->sync;
		p[1].events = POLLIN;
		np = 2;
	}
	if (poll(p, (nfds_t)np, ms) <= 0)
		return 0;
	for (;;) {
		n = read(t->fd, buf, sizeof(buf));
		if (n > 0) {
			vterm_input_write(t->vt, buf, (size_t)n);
			got = 1;
			continue;
		}
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			break;
		/* EIO: the program is gone. */
		if (!got) {
			vterm_screen_flush_damage(t->vs);
			return -1;
		}
		break;
	}
	if (np == 2) {
		while ((n = read(t->sync, buf, sizeof(buf))) > 0) {
			t->frames += n;
			got = 1;
		}
		if (n == 0) {
			close(t->sync);
			t->sync = -1;
		}
	}
	vterm_screen_flush_damage(t->vs);
	return got;
}

void
term_settle(struct term *t)
{
	long	 deadline = now_ms() + 5000;

	/* Quiet for a while on both the pty and the sync pipe. */
	while (now_ms() < deadline)
		if (pump(t, QUIET_MS) <= 0)
			break;
}

static int
wait_cond(struct term *t, const char *needle, bool present, int timeout_ms)
{
	long	 deadline = now_ms() + timeout_ms;

	for (;;) {
		if ((term_find(t, needle) >= 0) == present) {
			term_settle(t);
			if ((term_find(t, needle) >= 0) == present)
				return 0;
		}
		if (now_ms() >= deadline)
			return -1;
		if (pump(t, 50) < 0 && (term_find(t, needle) >= 0) != present)
			return -1;
	}
}

int
term_wait_text(struct term *t, const char *needle, int timeout_ms)
{
	return wait_cond(t, needle, true, timeout_ms);
}

int
term_wait_seen(struct term *t, const char *needle, int timeout_ms)
{
	long	 deadline = now_ms() + timeout_ms;

	while (term_find(t, needle) < 0) {
		if (now_ms() >= deadline)
			return -1;
		if (pump(t, 5) < 0 && term_find(t, needle) < 0)
			return -1;
	}
	return 0;
}

void
term_send(struct term *t, const char *bytes)
{
	size_t	 len = strlen(bytes);
	ssize_t	 n;

	while (len > 0) {
		n = write(t->fd, bytes, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		bytes += n;
		len -= (size_t)n;
	}
}

int
term_wait_gone(struct term *t, const char *needle, int timeout_ms)
{
	return wait_cond(t, needle, false, timeout_ms);
}

/* After input: wait for the program's next frame, then for quiet. */
static void
after_input(struct term *t, long before)
{
	long	 deadline = now_ms() + 5000;

	while (t->sync >= 0 && t->frames == before && now_ms() < deadline)
		if (pump(t, 50) < 0)
			break;
	term_settle(t);
}

void
term_key(struct term *t, VTermKey key, VTermModifier mod)
{
	long	 before = t->frames;

	pump(t, 0);
	before = t->frames;
	vterm_keyboard_key(t->vt, key, mod);
	after_input(t, before);
}

void
term_type(struct term *t, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t	 cp;
	long		 before;
	int		 n;

	while (*p) {
		if (*p < 0x80) {
			cp = *p;
			n = 1;
		} else if ((*p & 0xe0) == 0xc0) {
			cp = *p & 0x1f;
			n = 2;
		} else if ((*p & 0xf0) == 0xe0) {
			cp = *p & 0x0f;
			n = 3;
		} else {
			cp = *p & 0x07;
			n = 4;
		}
		for (int i = 1; i < n && p[i]; i++)
			cp = (cp << 6) | (p[i] & 0x3f);
		pump(t, 0);
		before = t->frames;
		vterm_keyboard_unichar(t->vt, cp, VTERM_MOD_NONE);
		p += n;
		after_input(t, before);
	}
}

void
term_resize(struct term *t, int rows, int cols)
{
	struct winsize	 ws = { .ws_row = (unsigned short)rows,
	    .ws_col = (unsigned short)cols };

	long		 before;

	pump(t, 0);
	before = t->frames;
	ioctl(t->fd, TIOCSWINSZ, &ws);
	vterm_set_size(t->vt, rows, cols);
	t->rows = rows;
	t->cols = cols;
	after_input(t, before);
}

void
term_click(struct term *t, int row, int col)
{
	long	 before;

	pump(t, 0);
	before = t->frames;
	vterm_mouse_move(t->vt, row, col, VTERM_MOD_NONE);
	vterm_mouse_button(t->vt, 1, true, VTERM_MOD_NONE);
	vterm_mouse_button(t->vt, 1, false, VTERM_MOD_NONE);
	after_input(t, before);
}

void
term_wheel(struct term *t, int row, int col, bool down)
{
	long	 before;

	pump(t, 0);
	before = t->frames;
	vterm_mouse_move(t->vt, row, col, VTERM_MOD_NONE);
	vterm_mouse_button(t->vt, down ? 5 : 4, true, VTERM_MOD_NONE);
	after_input(t, before);
}

char *
term_row(struct term *t, int row, char *out, size_t cap)
{
	VTermRect	 r = { .start_row = row, .end_row = row + 1,
	    .start_col = 0, .end_col = t->cols };
	size_t		 n;

	n = vterm_screen_get_text(t->vs, out, cap - 1, r);
	out[n] = '\0';
	while (n > 0 && out[n - 1] == ' ')
		out[--n] = '\0';
	return out;
}

int
term_find(struct term *t, const char *needle)
{
	char	 line[8192];
	int	 r;

	for (r = 0; r < t->rows; r++)
		if (strstr(term_row(t, r, line, sizeof(line)), needle) != NULL)
			return r;
	return -1;
}

void
term_cell(struct term *t, int row, int col, struct tcell *c)
{
	VTermScreenCell	 cell;
	size_t		 n = 0;
	int		 i;

	memset(c, 0, sizeof(*c));
	if (!vterm_screen_get_cell(t->vs, (VTermPos){ row, col }, &cell))
		return;
	for (i = 0; i < VTERM_MAX_CHARS_PER_CELL && cell.chars[i]; i++) {
		uint32_t cp = cell.chars[i];

		if (n + 4 >= sizeof(c->text))
			break;
		if (cp < 0x80)
			c->text[n++] = (char)cp;
		else if (cp < 0x800) {
			c->text[n++] = (char)(0xc0 | (cp >> 6));
			c->text[n++] = (char)(0x80 | (cp & 0x3f));
		} else if (cp < 0x10000) {
			c->text[n++] = (char)(0xe0 | (cp >> 12));
			c->text[n++] = (char)(0x80 | ((cp >> 6) & 0x3f));
			c->text[n++] = (char)(0x80 | (cp & 0x3f));
		} else {
			c->text[n++] = (char)(0xf0 | (cp >> 18));
			c->text[n++] = (char)(0x80 | ((cp >> 12) & 0x3f));
			c->text[n++] = (char)(0x80 | ((cp >> 6) & 0x3f));
			c->text[n++] = (char)(0x80 | (cp & 0x3f));
		}
	}
	c->width = cell.width;
	c->bold = cell.attrs.bold;
	c->underline = cell.attrs.underline != 0;
	c->reverse = cell.attrs.reverse;
	c->italic = cell.attrs.italic;
}

int
term_find_col(struct term *t, int row, const char *needle)
{
	char	 line[8192];
	int	 col = 0, c;
	size_t	 nl = strlen(needle);

	/* Walk cells, matching the needle's bytes from each column. */
	for (c = 0; c < t->cols; c++) {
		struct tcell cell;
		size_t off = 0;
		int k = c;

		while (off < nl && k < t->cols) {
			size_t m;

			term_cell(t, row, k, &cell);
			m = strlen(cell.text);
			if (m == 0) {
				cell.text[0] = ' ';
				cell.text[1] = '\0';
				m = 1;
			}
			if (m > nl - off || memcmp(cell.text, needle + off, m))
				break;
			off += m;
			k += cell.width > 0 ? cell.width : 1;
		}
		if (off == nl)
			return c;
	}
	(void)line;
	(void)col;
	return -1;
}

void
term_dump(struct term *t, FILE *fp)
{
	char	 line[8192];
	int	 r;

	fprintf(fp, "  +--- screen %dx%d\n", t->cols, t->rows);
	for (r = 0; r < t->rows; r++)
		fprintf(fp, "  |%2d %s\n", r, term_row(t, r, line,
		    sizeof(line)));
	fprintf(fp, "  +---\n");
}

/* The last operating system command the screen did not handle (OSC 52
 * and the like), without its introducer and terminator. */
const char *
term_osc(struct term *t)
{
	return t->osc;
}

const char *
term_title(struct term *t)
{
	return t->title;
}

int
term_rows(struct term *t)
{
	return t->rows;
}

int
term_cols(struct term *t)
{
	return t->cols;
}

int
term_wait_exit(struct term *t, int timeout_ms)
{
	long	 deadline = now_ms() + timeout_ms;
	pid_t	 r;

	if (t->exited)
		return WIFEXITED(t->status) ? WEXITSTATUS(t->status) :
		    128 + WTERMSIG(t->status);
	while (now_ms() < deadline) {
		pump(t, 20);
		r = waitpid(t->pid, &t->status, WNOHANG);
		if (r == t->pid) {
			t->exited = true;
			return WIFEXITED(t->status) ? WEXITSTATUS(t->status) :
			    128 + WTERMSIG(t->status);
		}
	}
	return -1;
}

void
term_free(struct term *t)
{
	if (t == NULL)
		return;
	if (!t->exited) {
		kill(t->pid, SIGKILL);
		waitpid(t->pid, NULL, 0);
	}
	close(t->fd);
	if (t->sync >= 0)
		close(t->sync);
	vterm_free(t->vt);
	free(t);
}
