/* SPDX-License-Identifier: ISC */
#include "folio/player.h"

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/un.h>
#include <sys/wait.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "folio/buf.h"
#include "folio/json.h"
#include "folio/opener.h"
#include "folio/timestamp.h"
#include "folio/xmalloc.h"

#define PLAYER_DEPTH_MAX	16
#define PLAYER_QUEUE_MAX	4096	/* events kept before dropping */
#define PLAYER_OUT_MAX		65536	/* bytes of commands not yet sent */
#define PLAYER_READS_MAX	64	/* reads per player_read() */

struct player {
	int		 fd;
	pid_t		 pid;		/* mpv started by folio, or 0 */
	char		*sock;		/* its listening socket, or NULL */
	bool		 gone;
	bool		 heard;		/* mpv has said something */
	bool		 dropping;	/* inside an overlong line */
	struct buf	 in;		/* a partial line */
	struct buf	 out;		/* commands not yet written */
	struct player_ev *q;		/* ring of events */
	size_t		 qhead, qlen, qcap;
	long		 next_id;
	struct player_status st;
};

/* Players left playing by player_close(), to reap once they exit. */
static pid_t	*orphans;
static size_t	 norphans;

/* ---- a bounded JSON reader for mpv's messages ---------------------------- */

struct jp {
	const char	*s;
	size_t		 n, i;
};

enum jv_type { JV_NULL, JV_BOOL, JV_NUM, JV_STR, JV_OTHER };

struct jv {
	enum jv_type	 type;
	bool		 b;
	double		 num;
	char		 str[96];	/* truncated */
};

static void
jp_ws(struct jp *p)
{
	while (p->i < p->n && (p->s[p->i] == ' ' || p->s[p->i] == '\t' ||
	    p->s[p->i] == '\r' || p->s[p->i] == '\n'))
		p->i++;
}

/* Read a string at p->i (the opening quote) into out (truncated, may be
 * NULL); returns 0 or -1 when it is malformed. */
static int
jp_string(struct jp *p, char *out, size_t cap)
{
	size_t	 o = 0;
	char	 c;

	if (p->i >= p->n || p->s[p->i] != '"')
		return -1;
	for (p->i++; p->i < p->n; p->i++) {
		c = p->s[p->i];
		if (c == '"') {
			p->i++;
			if (out != NULL)
				out[o] = '\0';
			return 0;
		}
		if ((unsigned char)c < 0x20)
			return -1;
		if (c == '\\') {
			if (++p->i >= p->n)
				return -1;
			switch (p->s[p->i]) {
			case 'n': c = '\n'; break;
			case 't': c = '\t'; break;
			case 'r': c = '\r'; break;
			case 'b': c = '\b'; break;
			case 'f': c = '\f'; break;
			case '"': case '\\': case '/': c = p->s[p->i]; break;
			case 'u': {
				int k, h;

				if (p->n - p->i < 5)
					return -1;
				for (k = 1; k <= 4; k++)
					if ((h = folio_hexval(p->s[p->i + k])) < 0)
						return -1;
				p->i += 4;
				c = '?';	/* not needed by folio */
				break;
			}
			default:
				return -1;
			}
		}
		if (out != NULL && o + 1 < cap)
			out[o++] = c;
	}
	return -1;
}

/* Read a number: JSON syntax checked, value by strtod. */
static int
jp_number(struct jp *p, double *v)
{
	char	 tmp[64];
	size_t	 s = p->i, k;

	if (p->i < p->n && p->s[p->i] == '-')
		p->i++;
	if (p->i >= p->n || p->s[p->i] < '0' || p->s[p->i] > '9')
		return -1;
	while (p->i < p->n && p->s[p->i] >= '0' && p->s[p->i] <= '9')
		p->i++;
	if (p->i < p->n && p->s[p->i] == '.') {
		k = ++p->i;
		while (p->i < p->n && p->s[p->i] >= '0' && p->s[p->i] <= '9')
			p->i++;
		if (p->i == k)
			return -1;
	}
	if (p->i < p->n && (p->s[p->i] == 'e' || p->s[p->i] == 'E')) {
		p->i++;
		if (p->i < p->n && (p->s[p->i] == '+' || p->s[p->i] == '-'))
			p->i++;
		k = p->i;
		while (p->i < p->n && p->s[p->i] >= '0' && p->s[p->i] <= '9')
			p->i++;
		if (p->i == k)
			return -1;
	}
	if (p->i - s >= sizeof(tmp))
		return -1;
	memcpy(tmp, p->s + s, p->i - s);
	tmp[p->i - s] = '\0';
	*v = strtod(tmp, NULL);
	return isfinite(*v) ? 0 : -1;
}

/* True if the literal "w" is at p->i (and consume it). */
static bool
jp_lit(struct jp *p, const char *w)
{
	size_t	 n = strlen(w);

	if (p->n - p->i < n || memcmp(p->s + p->i, w, n) != 0)
		return false;
	p->i += n;
	return true;
}

static int jp_value(struct jp *, struct jv *, int depth);

/* Read an object or array (skipped: folio needs only scalars). */
static int
jp_container(struct jp *p, int depth)
{
	char	 close = p->s[p->i] == '{' ? '}' : ']';
	bool	 obj = close == '}', first = true;

	if (depth >= PLAYER_DEPTH_MAX)
		return -1;
	p->i++;
	for (;;) {
		jp_ws(p);
		if (p->i >= p->n)
			return -1;
		if (p->s[p->i] == close && first) {
			p->i++;
			return 0;
		}
		if (obj) {
			if (jp_string(p, NULL, 0) == -1)
				return -1;
			jp_ws(p);
			if (p->i >= p->n || p->s[p->i] != ':')
				return -1;
			p->i++;
		}
		if (jp_value(p, NULL, depth + 1) == -1)
			return -1;
		jp_ws(p);
		if (p->i >= p->n)
			return -1;
		if (p->s[p->i] == close) {
			p->i++;
			return 0;
		}
		if (p->s[p->i] != ',')
			return -1;
		p->i++;
		first = false;
	}
}

/* Read any value into v (may be NULL). */
static int
jp_value(struct jp *p, struct jv *v, int depth)
{
	struct jv	 dummy;

	if (v == NULL)
		v = &dummy;
	memset(v, 0, sizeof(*v));
	jp_ws(p);
	if (p->i >= p->n)
		return -1;
	switch (p->s[p->i]) {
	case '"':
		v->type = JV_STR;
		return jp_string(p, v->str, sizeof(v->str));
	case '{':
	case '[':
		v->type = JV_OTHER;
		return jp_container(p, depth);
	case 't':
		v->type = JV_BOOL;
		v->b = true;
		return jp_lit(p, "true") ? 0 : -1;
	case 'f':
		v->type = JV_BOOL;
		return jp_lit(p, "false") ? 0 : -1;
	case 'n':
		v->type = JV_NULL;
		return jp_lit(p, "null") ? 0 : -1;
	default:
		v->type = JV_NUM;
		return jp_number(p, &v->num);
	}
}

/*
 * Read up to the value of the next member of the object being read (its
 * "{" already taken): 1 with its key in "key", 0 at the object's "}",
 * -1 when the text is not an object.  *first: no member read yet.
 */
static int
jp_member(struct jp *p, char *key, size_t cap, bool *first)
{
	jp_ws(p);
	if (p->i < p->n && p->s[p->i] == '}' && *first) {
		p->i++;
		return 0;
	}
	if (!*first) {
		if (p->i < p->n && p->s[p->i] == '}') {
			p->i++;
			return 0;
		}
		if (p->i >= p->n || p->s[p->i] != ',')
			return -1;
		p->i++;
		jp_ws(p);
	}
	*first = false;
	if (jp_string(p, key, cap) == -1)
		return -1;
	jp_ws(p);
	if (p->i >= p->n || p->s[p->i] != ':')
		return -1;
	p->i++;
	return 1;
}

int
player_parse_line(const char *line, size_t len, struct player_ev *ev)
{
	struct jp	 p = { line, len, 0 };
	struct jv	 v, data = { .type = JV_NULL };
	struct player_ev e;
	char		 key[32], event[96] = "", name[96] = "", error[96] = "";
	char		 reason[96] = "";
	bool		 has_error = false, has_id = false, first = true;
	double		 id = 0;
	int		 r;

	if (len > PLAYER_LINE_MAX)
		return -1;
	jp_ws(&p);
	if (p.i >= p.n || p.s[p.i] != '{')
		return -1;
	p.i++;
	while ((r = jp_member(&p, key, sizeof(key), &first)) == 1) {
		if (jp_value(&p, &v, 1) == -1)
			return -1;
		if (strcmp(key, "event") == 0 && v.type == JV_STR)
			snprintf(event, sizeof(event), "%s", v.str);
		else if (strcmp(key, "name") == 0 && v.type == JV_STR)
			snprintf(name, sizeof(name), "%s", v.str);
		else if (strcmp(key, "reason") == 0 && v.type == JV_STR)
			snprintf(reason, sizeof(reason), "%s", v.str);
		else if (strcmp(key, "error") == 0 && v.type == JV_STR) {
			snprintf(error, sizeof(error), "%s", v.str);
			has_error = true;
		} else if (strcmp(key, "request_id") == 0 &&
		    v.type == JV_NUM) {
			id = v.num;
			has_id = true;
		} else if (strcmp(key, "data") == 0)
			data = v;
	}
	if (r == -1)
		return -1;
	jp_ws(&p);
	if (p.i != p.n)
		return -1;

	memset(&e, 0, sizeof(e));
	e.value = data.type == JV_NUM ? data.num : NAN;
	e.flag = data.type == JV_BOOL && data.b;
	if (event[0] == '\0') {
		if (!has_error && !has_id)
			return -1;
		e.type = PLAYER_EV_REPLY;
		e.id = has_id && id >= 0 && id < 1e15 ? (long)id : -1;
		e.ok = strcmp(error, "success") == 0;
		snprintf(e.text, sizeof(e.text), "%s", error);
	} else if (strcmp(event, "property-change") == 0) {
		if (strcmp(name, "time-pos") == 0)
			e.type = PLAYER_EV_TIME;
		else if (strcmp(name, "pause") == 0)
			e.type = PLAYER_EV_PAUSE;
		else if (strcmp(name, "speed") == 0)
			e.type = PLAYER_EV_SPEED;
		else if (strcmp(name, "duration") == 0)
			e.type = PLAYER_EV_DURATION;
		else if (strcmp(name, "eof-reached") == 0)
			e.type = PLAYER_EV_EOF;
		else
			e.type = PLAYER_EV_OTHER;
		/* A value of the wrong type is no value. */
		if ((e.type == PLAYER_EV_PAUSE || e.type == PLAYER_EV_EOF) &&
		    data.type != JV_BOOL && data.type != JV_NULL)
			return -1;
		if ((e.type == PLAYER_EV_TIME || e.type == PLAYER_EV_SPEED ||
		    e.type == PLAYER_EV_DURATION) && data.type != JV_NUM &&
		    data.type != JV_NULL)
			return -1;
	} else if (strcmp(event, "end-file") == 0) {
		e.type = PLAYER_EV_END_FILE;
		snprintf(e.text, sizeof(e.text), "%s", reason);
	} else if (strcmp(event, "shutdown") == 0)
		e.type = PLAYER_EV_SHUTDOWN;
	else if (strcmp(event, "seek") == 0)
		e.type = PLAYER_EV_SEEK;
	else if (strcmp(event, "file-loaded") == 0)
		e.type = PLAYER_EV_LOADED;
	else
		e.type = PLAYER_EV_OTHER;
	*ev = e;
	return 0;
}

/* ---- the session --------------------------------------------------------- */

struct player *
player_new(void)
{
	struct player	*p = xcalloc(1, sizeof(*p));

	p->fd = -1;
	p->st.time = -1;
	p->st.duration = -1;
	p->st.speed = 1.0;
	return p;
}

/* Fold an event into the status and queue it. */
static void
push_event(struct player *p, const struct player_ev *e)
{
	switch (e->type) {
	case PLAYER_EV_TIME:
		p->st.time = isnan(e->value) ? -1 : e->value;
		break;
	case PLAYER_EV_PAUSE:
		p->st.paused = e->flag;
		break;
	case PLAYER_EV_SPEED:
		if (!isnan(e->value) && e->value > 0)
			p->st.speed = e->value;
		break;
	case PLAYER_EV_DURATION:
		p->st.duration = isnan(e->value) ? -1 : e->value;
		break;
	case PLAYER_EV_EOF:
		p->st.eof = e->flag;
		break;
	case PLAYER_EV_EXIT:
		p->st.alive = false;
		break;
	default:
		break;
	}
	if (p->qlen == PLAYER_QUEUE_MAX)
		return;
	if (p->qlen == p->qcap) {
		/* Grow the ring, unrolling it. */
		struct player_ev *nq;
		size_t i, ncap = p->qcap ? p->qcap * 2 : 32;

		nq = xreallocarray(NULL, ncap, sizeof(*nq));
		for (i = 0; i < p->qlen; i++)
			nq[i] = p->q[(p->qhead + i) % p->qcap];
		free(p->q);
		p->q = nq;
		p->qcap = ncap;
		p->qhead = 0;
	}
	p->q[(p->qhead + p->qlen) % p->qcap] = *e;
	p->qlen++;
}

size_t
player_feed(struct player *p, const char *data, size_t n)
{
	struct player_ev e;
	const char	*nl;
	size_t		 piece, queued = 0;

	while (n > 0) {
		nl = memchr(data, '\n', n);
		piece = nl ? (size_t)(nl - data) : n;
		if (p->dropping) {
			if (nl == NULL)
				return queued;
			p->dropping = false;
		} else if (p->in.len + piece > PLAYER_LINE_MAX) {
			buf_reset(&p->in);
			if (nl == NULL) {
				p->dropping = true;
				return queued;
			}
		} else {
			buf_add(&p->in, data, piece);
			if (nl == NULL)
				return queued;
			if (player_parse_line(buf_cstr(&p->in), p->in.len,
			    &e) == 0) {
				push_event(p, &e);
				p->heard = true;
				queued++;
			}
			buf_reset(&p->in);
		}
		n -= piece + 1;
		data = nl + 1;
	}
	return queued;
}

bool
player_event(struct player *p, struct player_ev *e)
{
	if (p == NULL || p->qlen == 0)
		return false;
	*e = p->q[p->qhead];
	p->qhead = (p->qhead + 1) % p->qcap;
	p->qlen--;
	return true;
}

/* mkdir with mode 0700 and check that "d" is a private folder of ours. */
static int
private_dir(const char *d, struct folio_err *err)
{
	struct stat	 sb;

	if (mkdir(d, 0700) == -1 && errno != EEXIST)
		return err_set(err, FOLIO_ERR_IO, "%s: %s", d,
		    strerror(errno));
	if (lstat(d, &sb) == -1)
		return err_set(err, FOLIO_ERR_IO, "%s: %s", d,
		    strerror(errno));
	if (!S_ISDIR(sb.st_mode) || sb.st_uid != geteuid() ||
	    (sb.st_mode & 077) != 0)
		return err_set(err, FOLIO_ERR_UNSAFE, "%s is not a private "
		    "folder", d);
	return 0;
}

char *
player_sock_dir(struct folio_err *err)
{
	const char	*x = getenv("XDG_RUNTIME_DIR"), *h = getenv("HOME");
	char		*d, *p;

	if (x != NULL && x[0] == '/')
		d = xasprintf("%s/folio", x);
	else {
		const char *s = getenv("XDG_STATE_HOME");

		if (s != NULL && s[0] == '/')
			d = xasprintf("%s/folio/run", s);
		else
			d = xasprintf("%s/.local/state/folio/run",
			    h ? h : ".");
		/* The parents, private too when they are made here. */
		for (p = d + 1; *p != '\0'; p++)
			if (*p == '/') {
				*p = '\0';
				(void)mkdir(d, 0700);
				*p = '/';
			}
	}
	if (private_dir(d, err) == -1) {
		free(d);
		return NULL;
	}
	return d;
}

bool
player_is_mpv(const char *tmpl)
{
	char		**argv;
	const char	*base;
	bool		 yes;

	if (tmpl == NULL || (argv = opener_argv(tmpl, NULL, 0, NULL, NULL))
	    == NULL)
		return false;
	base = strrchr(argv[0], '/');
	base = base ? base + 1 : argv[0];
	yes = strcmp(base, "mpv") == 0 || strcmp(base, "mpv.exe") == 0;
	opener_free_argv(argv);
	return yes;
}

/* Queue a line and try to send it. */
static long
send_line(struct player *p, const char *cmd)
{
	long	 id;

	if (p->gone || p->fd < 0 || p->out.len > PLAYER_OUT_MAX)
		return -1;
	id = ++p->next_id;
	buf_printf(&p->out, "{\"command\":%s,\"request_id\":%ld}\n", cmd, id);
	while (p->out.len > 0) {
		ssize_t w = send(p->fd, p->out.p, p->out.len,
		    MSG_DONTWAIT | MSG_NOSIGNAL);

		if (w == -1 && errno == EINTR)
			continue;
		if (w <= 0)
			break;	/* full (later) or broken (read says) */
		memmove(p->out.p, p->out.p + w, p->out.len - (size_t)w);
		p->out.len -= (size_t)w;
	}
	return id;
}

long
player_command(struct player *p, const char *json_array)
{
	return p == NULL ? -1 : send_line(p, json_array);
}

/* Ask for the properties folio follows. */
static void
observe(struct player *p)
{
	static const char *const props[] = {
		"time-pos", "pause", "speed", "duration", "eof-reached",
	};
	char	 cmd[96];
	size_t	 i;

	for (i = 0; i < sizeof(props) / sizeof(props[0]); i++) {
		snprintf(cmd, sizeof(cmd), "[\"observe_property\",%zu,\"%s\"]",
		    i + 1, props[i]);
		send_line(p, cmd);
	}
}

/* Fill a sockaddr_un; -1 if the path does not fit. */
static int
sock_addr(struct sockaddr_un *sa, const char *path)
{
	memset(sa, 0, sizeof(*sa));
	sa->sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sa->sun_path))
		return -1;
	memcpy(sa->sun_path, path, strlen(path) + 1);
	return 0;
}

/* How mpv ended, from its wait status, into why[0..cap). */
static void
exit_text(int status, char *why, size_t cap)
{
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		snprintf(why, cap, "mpv has quit");
	else if (WIFEXITED(status))
		snprintf(why, cap, "mpv exited with status %d",
		    WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		snprintf(why, cap, "mpv was killed (signal %d)",
		    WTERMSIG(status));
	else
		snprintf(why, cap, "mpv has gone");
}

static int connect_to(const char *);
static bool unlink_stale(const char *);

#define CONNECT_MS	8000	/* for a starting mpv to open its socket */
#define CONNECT_STEP_MS	5
#define GONE_MS		1000	/* for an exiting mpv to close its socket */

struct player *
player_start(const char *tmpl, const char *url, long seconds,
    const char *sockdir, struct folio_err *err)
{
	static unsigned	 serial;
	struct sockaddr_un sa;
	struct timespec	 step = { 0, CONNECT_STEP_MS * 1000 * 1000 };
	struct player	*p;
	struct player_ev ev;
	char		**argv = NULL, **full = NULL, *dir = NULL, *sock = NULL;
	char		*ipc_server = NULL;
	int		 pfd[2] = { -1, -1 }, e = 0, fd, status = 0, waited;
	size_t		 n, i;
	ssize_t		 r;
	pid_t		 pid, w = 0;

	player_reap();
	if (!player_is_mpv(tmpl)) {
		err_set(err, FOLIO_ERR_UNSAFE, "the player is not mpv: it "
		    "cannot be followed");
		return NULL;
	}
	if ((argv = opener_argv(tmpl, url, seconds, NULL, err)) == NULL)
		return NULL;
	if ((dir = sockdir ? xstrdup(sockdir) : player_sock_dir(err)) == NULL)
		goto fail;
	/* Sockets of players that have gone go first. */
	(void)player_sweep(dir);
	sock = xasprintf("%s/mpv-%ld-%u.sock", dir, (long)getpid(), serial++);
	if (sock_addr(&sa, sock) == -1) {
		err_set(err, FOLIO_ERR_LIMIT, "socket path too long: %s",
		    sock);
		goto fail;
	}
	(void)unlink(sock);
	if (pipe2(pfd, O_CLOEXEC) == -1) {
		err_set(err, FOLIO_ERR_IO, "pipe: %s", strerror(errno));
		goto fail;
	}
	/*
	 * argv[0], folio's option, then the template's words.  folio
	 * connects to the listening socket rather than handing mpv one end
	 * of a pair (--input-ipc-client): mpv quits when that one closes,
	 * and it is to play on after folio quits.
	 */
	for (n = 0; argv[n] != NULL; n++)
		;
	full = xcalloc(n + 2, sizeof(*full));
	ipc_server = xasprintf("--input-ipc-server=%s", sock);
	full[0] = argv[0];
	full[1] = ipc_server;
	for (i = 1; i < n; i++)
		full[i + 1] = argv[i];
	if ((pid = fork()) == -1) {
		err_set(err, FOLIO_ERR_IO, "fork: %s", strerror(errno));
		goto fail;
	}
	if (pid == 0) {
		close(pfd[0]);
		setsid();
		if ((fd = open("/dev/null", O_RDWR)) != -1) {
			dup2(fd, 0);
			dup2(fd, 1);
			dup2(fd, 2);
			if (fd > 2)
				close(fd);
		}
		execvp(full[0], full);
		e = errno;
		r = write(pfd[1], &e, sizeof(e));
		(void)r;
		_exit(127);
	}
	close(pfd[1]);
	pfd[1] = -1;
	do {
		r = read(pfd[0], &e, sizeof(e));
	} while (r == -1 && errno == EINTR);
	close(pfd[0]);
	pfd[0] = -1;
	if (r == (ssize_t)sizeof(e)) {
		while (waitpid(pid, NULL, 0) == -1 && errno == EINTR)
			;
		err_set(err, FOLIO_ERR_NOTFOUND, "%s: %s", full[0],
		    e == ENOENT ? "not found" : strerror(e));
		goto fail;
	}
	/* mpv opens its socket as it starts: connect once it is there,
	 * unless it exits first (it refused an option, say). */
	fd = -1;
	for (waited = 0; waited < CONNECT_MS; waited += CONNECT_STEP_MS) {
		if ((fd = connect_to(sock)) != -1)
			break;
		if ((w = waitpid(pid, &status, WNOHANG)) == pid)
			break;
		nanosleep(&step, NULL);
	}
	p = player_new();
	p->sock = sock;
	sock = NULL;
	if (fd == -1 && w == pid) {
		/* It has gone already: a session that says why. */
		memset(&ev, 0, sizeof(ev));
		ev.type = PLAYER_EV_EXIT;
		ev.value = NAN;
		exit_text(status, ev.text, sizeof(ev.text));
		if (!(WIFEXITED(status) && WEXITSTATUS(status) == 0))
			snprintf(ev.text + strlen(ev.text), sizeof(ev.text) -
			    strlen(ev.text), " at once (following needs mpv "
			    "0.35 or later)");
		(void)unlink_stale(p->sock);
		p->gone = true;
		push_event(p, &ev);
	} else if (fd == -1) {
		/* It plays, but without the socket it cannot be followed:
		 * left to play, reaped when it ends. */
		err_set(err, FOLIO_ERR_IO, "mpv opened no IPC socket at %s",
		    p->sock);
		orphans = xreallocarray(orphans, norphans + 1,
		    sizeof(*orphans));
		orphans[norphans++] = pid;
		free(p->sock);
		free(p);
		p = NULL;
	} else {
		(void)fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
		p->fd = fd;
		p->pid = pid;
		p->st.alive = true;
		observe(p);
	}
	free(full);
	free(ipc_server);
	opener_free_argv(argv);
	free(dir);
	return p;
fail:
	if (pfd[0] != -1)
		close(pfd[0]);
	if (pfd[1] != -1)
		close(pfd[1]);
	free(full);
	free(ipc_server);
	opener_free_argv(argv);
	free(sock);
	free(dir);
	return NULL;
}

/* Connect to one socket; the descriptor, or -1 (errno set). */
static int
connect_to(const char *path)
{
	struct sockaddr_un sa;
	int		 fd;

	if (sock_addr(&sa, path) == -1) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
		return -1;
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == -1) {
		int e = errno;

		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

/* Remove the socket at "path" if nobody listens there any more (connect
 * is refused: its mpv exited or crashed); true if it was removed. */
static bool
unlink_stale(const char *path)
{
	int	 fd;

	if ((fd = connect_to(path)) != -1) {
		close(fd);
		return false;
	}
	return errno == ECONNREFUSED && unlink(path) == 0;
}

/* Whether "name" is one of folio's sockets, mpv-*.sock. */
static bool
is_sock_name(const char *name)
{
	size_t	 len = strlen(name);

	return strncmp(name, "mpv-", 4) == 0 && len > 9 &&
	    strcmp(name + len - 5, ".sock") == 0;
}

/* A session on the connected descriptor "fd" to socket "path" (taken). */
static struct player *
attached(int fd, char *path)
{
	struct player	*p;

	(void)fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	p = player_new();
	p->fd = fd;
	p->sock = path;
	p->st.alive = true;
	observe(p);
	return p;
}

/*
 * Go through the sockets of "dir": each one nobody listens on is removed;
 * "pick" is asked about each live one (with its connected descriptor)
 * until it says yes.  Returns that descriptor (its path in *found), or
 * -1.  All the folder is gone through, whatever is found first.
 */
static int
scan_socks(const char *dir, bool (*pick)(int, void *), void *arg,
    char **found)
{
	struct dirent	*de;
	DIR		*dp;
	char		*cand;
	int		 fd, keep = -1;

	*found = NULL;
	if ((dp = opendir(dir)) == NULL)
		return -1;
	while ((de = readdir(dp)) != NULL) {
		if (!is_sock_name(de->d_name))
			continue;
		cand = xasprintf("%s/%s", dir, de->d_name);
		if ((fd = connect_to(cand)) == -1) {
			/* Nobody listens: an mpv that exited or crashed. */
			if (errno == ECONNREFUSED)
				(void)unlink(cand);
			free(cand);
			continue;
		}
		if (keep == -1 && (pick == NULL || pick(fd, arg))) {
			keep = fd;
			*found = cand;
			continue;
		}
		close(fd);
		free(cand);
	}
	closedir(dp);
	return keep;
}

struct player *
player_attach(const char *path, struct folio_err *err)
{
	char		*dir, *found = NULL;
	int		 fd = -1;

	player_reap();
	if (path != NULL) {
		if ((fd = connect_to(path)) == -1) {
			err_set(err, FOLIO_ERR_NOTFOUND, "%s: %s", path,
			    strerror(errno));
			return NULL;
		}
		found = xstrdup(path);
	} else {
		if ((dir = player_sock_dir(err)) == NULL)
			return NULL;
		fd = scan_socks(dir, NULL, NULL, &found);
		free(dir);
		if (fd == -1) {
			err_set(err, FOLIO_ERR_NOTFOUND, "no player is "
			    "running");
			return NULL;
		}
	}
	return attached(fd, found);
}

size_t
player_sweep(const char *dir)
{
	struct dirent	*de;
	DIR		*dp;
	char		*cand;
	size_t		 n = 0;

	if ((dp = opendir(dir)) == NULL)
		return 0;
	while ((de = readdir(dp)) != NULL) {
		if (!is_sock_name(de->d_name))
			continue;
		cand = xasprintf("%s/%s", dir, de->d_name);
		if (unlink_stale(cand))
			n++;
		free(cand);
	}
	closedir(dp);
	return n;
}

/* An ID character of a YouTube video. */
static bool
id_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '-' || c == '_';
}

bool
player_path_has_video(const char *path, const char *video)
{
	const char	*p;
	size_t		 n = video != NULL ? strlen(video) : 0;

	if (path == NULL || n == 0)
		return false;
	for (p = path; (p = strstr(p, video)) != NULL; p++)
		if ((p == path || !id_char(p[-1])) && !id_char(p[n]))
			return true;
	return false;
}

int
player_parse_reply_str(const char *line, size_t len, long id, char *out,
    size_t cap)
{
	struct jp	 p = { line, len, 0 };
	struct jv	 v;
	char		 key[32];
	bool		 has_id = false, has_data = false, ok = false;
	bool		 first = true;
	int		 r;

	if (len > PLAYER_LINE_MAX || cap == 0)
		return -1;
	jp_ws(&p);
	if (p.i >= p.n || p.s[p.i] != '{')
		return -1;
	p.i++;
	while ((r = jp_member(&p, key, sizeof(key), &first)) == 1) {
		jp_ws(&p);
		if (strcmp(key, "data") == 0 && p.i < p.n && p.s[p.i] == '"') {
			if (jp_string(&p, out, cap) == -1)
				return -1;
			has_data = true;
		} else {
			if (jp_value(&p, &v, 1) == -1)
				return -1;
			if (strcmp(key, "request_id") == 0 &&
			    v.type == JV_NUM && v.num == (double)id)
				has_id = true;
			else if (strcmp(key, "error") == 0 &&
			    v.type == JV_STR && strcmp(v.str, "success") == 0)
				ok = true;
		}
	}
	if (r == -1)
		return -1;
	jp_ws(&p);
	if (p.i != p.n || !has_id)
		return -1;
	if (!ok || !has_data)
		return 1;
	return 0;
}

#define PROBE_ID	1		/* the request of a probe */
#define PROBE_MS	1000		/* how long an mpv may take to answer */

/*
 * Ask the mpv on "fd" (blocking, at most PROBE_MS) for the file it
 * plays: true if the path names video *(const char **)arg.
 */
static bool
plays_video(int fd, void *arg)
{
	static const char req[] = "{\"command\":[\"get_property\",\"path\"],"
	    "\"request_id\":1}\n";
	struct timespec	 t0, t1;
	struct pollfd	 pfd;
	struct buf	 line = { 0 };
	char		 b[4096], *nl, path[4096];
	const char	*s;
	ssize_t		 r;
	size_t		 n;
	long		 left = PROBE_MS;
	int		 rc = -1;

	if (send(fd, req, sizeof(req) - 1, MSG_NOSIGNAL) !=
	    (ssize_t)sizeof(req) - 1)
		return false;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (rc == -1 && left > 0) {
		pfd.fd = fd;
		pfd.events = POLLIN;
		if ((r = poll(&pfd, 1, (int)left)) == 0 || (r == -1 &&
		    errno != EINTR))
			break;
		if (r == -1)
			;	/* a signal: the time left is counted again */
		else if ((r = recv(fd, b, sizeof(b), 0)) <= 0) {
			if (r == -1 && errno == EINTR)
				continue;
			break;
		} else {
			s = b;
			n = (size_t)r;
			while (rc == -1 && n > 0) {
				nl = memchr(s, '\n', n);
				if (nl == NULL) {
					buf_add(&line, s, n);
					break;
				}
				buf_add(&line, s, (size_t)(nl - s));
				rc = player_parse_reply_str(buf_cstr(&line),
				    line.len, PROBE_ID, path, sizeof(path));
				buf_reset(&line);
				n -= (size_t)(nl - s) + 1;
				s = nl + 1;
			}
			if (line.len > PLAYER_LINE_MAX)
				break;
		}
		clock_gettime(CLOCK_MONOTONIC, &t1);
		left = PROBE_MS - ((t1.tv_sec - t0.tv_sec) * 1000 +
		    (t1.tv_nsec - t0.tv_nsec) / 1000000);
	}
	buf_free(&line);
	return rc == 0 && player_path_has_video(path, *(const char **)arg);
}

struct player *
player_find(const char *video, struct folio_err *err)
{
	char		*dir, *found = NULL;
	int		 fd;

	player_reap();
	if (video == NULL || video[0] == '\0') {
		err_set(err, FOLIO_ERR_NOTFOUND, "no video");
		return NULL;
	}
	if ((dir = player_sock_dir(err)) == NULL)
		return NULL;
	fd = scan_socks(dir, plays_video, &video, &found);
	free(dir);
	if (fd == -1) {
		err_set(err, FOLIO_ERR_NOTFOUND, "no player plays %s", video);
		return NULL;
	}
	return attached(fd, found);
}

int
player_fd(const struct player *p)
{
	return p == NULL || p->gone ? -1 : p->fd;
}

short
player_poll_events(const struct player *p)
{
	if (p == NULL || p->gone)
		return 0;
	return p->out.len > 0 ? POLLIN | POLLOUT : POLLIN;
}

/* Wait for a started mpv that closed its connection: it is exiting, so
 * the wait is short; bounded anyway, then it is killed. */
static void
reap_child(struct player *p, char *why, size_t cap)
{
	struct timespec	 ts = { 0, 5 * 1000 * 1000 };
	pid_t		 r = 0;
	int		 status = 0, i;

	for (i = 0; i < 200; i++) {
		r = waitpid(p->pid, &status, WNOHANG);
		if (r != 0 && !(r == -1 && errno == EINTR))
			break;
		nanosleep(&ts, NULL);
	}
	if (r == 0) {
		kill(p->pid, SIGKILL);
		while ((r = waitpid(p->pid, &status, 0)) == -1 &&
		    errno == EINTR)
			;
	}
	if (r == -1)
		snprintf(why, cap, "the player has gone");
	else
		exit_text(status, why, cap);
	p->pid = 0;
}

/* The connection ended: reap, clean up, and say so. */
static void
gone(struct player *p)
{
	struct player_ev e;

	memset(&e, 0, sizeof(e));
	e.type = PLAYER_EV_EXIT;
	e.value = NAN;
	if (p->pid > 0) {
		reap_child(p, e.text, sizeof(e.text));
		/* An mpv that refused folio's options says nothing. */
		if (!p->heard && strcmp(e.text, "mpv has quit") != 0)
			snprintf(e.text + strlen(e.text), sizeof(e.text) -
			    strlen(e.text), " at once (following needs mpv "
			    "0.35 or later)");
	} else
		snprintf(e.text, sizeof(e.text), "the player has gone");
	/* mpv leaves its socket behind: removed once nobody listens there
	 * (a started one has been reaped by now; one attached to may still
	 * be on its way out for a moment). */
	if (p->sock != NULL) {
		struct timespec ts = { 0, CONNECT_STEP_MS * 1000 * 1000 };
		int k;

		for (k = 0; k < GONE_MS / CONNECT_STEP_MS &&
		    access(p->sock, F_OK) == 0 && !unlink_stale(p->sock);
		    k++)
			nanosleep(&ts, NULL);
	}
	close(p->fd);
	p->fd = -1;
	p->gone = true;
	push_event(p, &e);
}

int
player_read(struct player *p)
{
	char	 b[4096];
	ssize_t	 r;
	int	 i, queued = 0;

	if (p == NULL || p->gone)
		return -1;
	/* Pending commands first. */
	while (p->out.len > 0) {
		r = send(p->fd, p->out.p, p->out.len, MSG_DONTWAIT |
		    MSG_NOSIGNAL);
		if (r == -1 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		memmove(p->out.p, p->out.p + r, p->out.len - (size_t)r);
		p->out.len -= (size_t)r;
	}
	for (i = 0; i < PLAYER_READS_MAX; i++) {
		r = recv(p->fd, b, sizeof(b), MSG_DONTWAIT);
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;
		if (r <= 0) {
			gone(p);
			queued++;
			break;
		}
		queued += (int)player_feed(p, b, (size_t)r);
	}
	return queued;
}

const struct player_status *
player_status(const struct player *p)
{
	return &p->st;
}

void
player_format(const struct player_status *st, char *out, size_t cap)
{
	char	 now[32], dur[32] = "";

	if (st->time < 0)
		snprintf(now, sizeof(now), "--:--");
	else
		ts_format(now, sizeof(now), (long)st->time);
	if (st->duration > 0) {
		memcpy(dur, " / ", 4);
		ts_format(dur + 3, sizeof(dur) - 3, (long)st->duration);
	}
	snprintf(out, cap, "%s %s%s \u00d7%.1f", st->paused ? "\u23f8" :
	    "\u25b6", now, dur, st->speed);
}

pid_t
player_pid(const struct player *p)
{
	return p == NULL ? 0 : p->pid;
}

const char *
player_sock_path(const struct player *p)
{
	return p == NULL ? NULL : p->sock;
}

long
player_seek(struct player *p, double seconds, bool relative)
{
	char	 cmd[96];

	if (p == NULL || !isfinite(seconds))
		return -1;
	if (!relative && seconds < 0)
		seconds = 0;
	snprintf(cmd, sizeof(cmd), "[\"seek\",%.3f,\"%s\"]", seconds,
	    relative ? "relative+exact" : "absolute+exact");
	return send_line(p, cmd);
}

long
player_toggle_pause(struct player *p)
{
	return p == NULL ? -1 : send_line(p, "[\"cycle\",\"pause\"]");
}

long
player_set_pause(struct player *p, bool paused)
{
	return p == NULL ? -1 : send_line(p, paused ?
	    "[\"set_property\",\"pause\",true]" :
	    "[\"set_property\",\"pause\",false]");
}

long
player_set_speed(struct player *p, double speed)
{
	char	 cmd[96];

	if (p == NULL || !isfinite(speed) || speed < 0.01 || speed > 100)
		return -1;
	snprintf(cmd, sizeof(cmd), "[\"set_property\",\"speed\",%.4f]", speed);
	return send_line(p, cmd);
}

long
player_scale_speed(struct player *p, double factor)
{
	char	 cmd[96];

	if (p == NULL || !isfinite(factor) || factor <= 0 || factor > 100)
		return -1;
	snprintf(cmd, sizeof(cmd), "[\"multiply\",\"speed\",%.4f]", factor);
	return send_line(p, cmd);
}

long
player_load(struct player *p, const char *url, long seconds)
{
	struct buf	 b = { 0 };
	long		 id;

	if (p == NULL)
		return -1;
	/* "start" applies to the next file loaded. */
	buf_printf(&b, "[\"set_property\",\"start\",\"%ld\"]",
	    seconds < 0 ? 0 : seconds);
	send_line(p, buf_cstr(&b));
	buf_reset(&b);
	buf_adds(&b, "[\"loadfile\",");
	json_cstr(&b, url);
	buf_adds(&b, ",\"replace\"]");
	id = send_line(p, buf_cstr(&b));
	buf_free(&b);
	return id;
}

long
player_quit(struct player *p)
{
	return p == NULL ? -1 : send_line(p, "[\"quit\"]");
}

void
player_close(struct player *p, bool quit)
{
	struct pollfd	 pfd;
	int		 i;

	if (p == NULL)
		return;
	if (!p->gone && quit && player_quit(p) != -1) {
		/* Wait (bounded) for mpv to close the connection. */
		for (i = 0; i < 100 && !p->gone; i++) {
			pfd.fd = p->fd;
			pfd.events = player_poll_events(p);
			if (poll(&pfd, 1, 20) > 0)
				player_read(p);
		}
		if (!p->gone && p->pid > 0) {
			kill(p->pid, SIGTERM);
			for (i = 0; i < 100 && !p->gone; i++) {
				pfd.fd = p->fd;
				pfd.events = POLLIN;
				if (poll(&pfd, 1, 20) > 0)
					player_read(p);
			}
		}
	}
	if (!p->gone) {
		close(p->fd);
		/* It goes on playing; reap it when it ends. */
		if (p->pid > 0) {
			orphans = xreallocarray(orphans, norphans + 1,
			    sizeof(*orphans));
			orphans[norphans++] = p->pid;
		}
	}
	buf_free(&p->in);
	buf_free(&p->out);
	free(p->q);
	free(p->sock);
	free(p);
}

void
player_reap(void)
{
	size_t	 i = 0;
	pid_t	 r;

	while (i < norphans) {
		r = waitpid(orphans[i], NULL, WNOHANG);
		if (r == 0 || (r == -1 && errno == EINTR)) {
			i++;
			continue;
		}
		orphans[i] = orphans[--norphans];
	}
	if (norphans == 0) {
		free(orphans);
		orphans = NULL;
	}
}
