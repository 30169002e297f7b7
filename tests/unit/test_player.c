/* SPDX-License-Identifier: ISC */
/*
 * The player session: mpv's IPC messages parsed (good, malformed and
 * partial lines), and a real mpv, run headless on a test video that mpv
 * itself makes here, driven and watched over the socket.
 */
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/un.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "folio/doc.h"
#include "folio/follow.h"
#include "folio/player.h"
#include "folio/xmalloc.h"
#include "t.h"

static bool
parse(const char *line, struct player_ev *ev)
{
	memset(ev, 0, sizeof(*ev));
	return player_parse_line(line, strlen(line), ev) == 0;
}

static void
test_parse_events(void)
{
	struct player_ev e;

	T_CHECK(parse("{\"event\":\"property-change\",\"id\":1,\"name\":"
	    "\"time-pos\",\"data\":12.625}", &e));
	T_EQ(e.type, PLAYER_EV_TIME);
	T_CHECK(fabs(e.value - 12.625) < 1e-9);
	T_CHECK(parse("{\"event\":\"property-change\",\"id\":2,\"name\":"
	    "\"pause\",\"data\":true}", &e));
	T_EQ(e.type, PLAYER_EV_PAUSE);
	T_CHECK(e.flag);
	T_CHECK(parse(" {\"name\":\"speed\",\"data\":1.5e0,"
	    "\"event\":\"property-change\"} ", &e));
	T_EQ(e.type, PLAYER_EV_SPEED);
	T_CHECK(fabs(e.value - 1.5) < 1e-9);
	/* No value yet: null. */
	T_CHECK(parse("{\"event\":\"property-change\",\"id\":1,\"name\":"
	    "\"time-pos\"}", &e));
	T_EQ(e.type, PLAYER_EV_TIME);
	T_CHECK(isnan(e.value));
	T_CHECK(parse("{\"event\":\"property-change\",\"name\":\"duration\","
	    "\"data\":600.0}", &e));
	T_EQ(e.type, PLAYER_EV_DURATION);
	T_CHECK(parse("{\"event\":\"property-change\",\"name\":"
	    "\"eof-reached\",\"data\":false}", &e));
	T_EQ(e.type, PLAYER_EV_EOF);
	T_CHECK(!e.flag);
	T_CHECK(parse("{\"event\":\"end-file\",\"reason\":\"eof\","
	    "\"playlist_entry_id\":1}", &e));
	T_EQ(e.type, PLAYER_EV_END_FILE);
	T_STREQ(e.text, "eof");
	T_CHECK(parse("{\"event\":\"shutdown\"}", &e));
	T_EQ(e.type, PLAYER_EV_SHUTDOWN);
	T_CHECK(parse("{\"event\":\"seek\"}", &e));
	T_EQ(e.type, PLAYER_EV_SEEK);
	/* Nested values are skipped, the rest kept. */
	T_CHECK(parse("{\"event\":\"client-message\",\"args\":[\"a\","
	    "{\"b\":[1,2,{}]}],\"x\":\"\\u00e9\\n\\\"\"}", &e));
	T_EQ(e.type, PLAYER_EV_OTHER);
}

static void
test_parse_replies(void)
{
	struct player_ev e;

	T_CHECK(parse("{\"data\":null,\"request_id\":7,\"error\":"
	    "\"success\"}", &e));
	T_EQ(e.type, PLAYER_EV_REPLY);
	T_EQ(e.id, 7);
	T_CHECK(e.ok);
	T_CHECK(parse("{\"request_id\":8,\"error\":\"property unavailable\"}",
	    &e));
	T_EQ(e.type, PLAYER_EV_REPLY);
	T_CHECK(!e.ok);
	T_STREQ(e.text, "property unavailable");
	T_CHECK(parse("{\"data\":2,\"request_id\":9,\"error\":\"success\"}",
	    &e));
	T_CHECK(fabs(e.value - 2) < 1e-9);
}

static void
test_parse_malformed(void)
{
	static const char *const bad[] = {
		"",
		"not json",
		"[1,2]",
		"{",
		"{\"event\":",
		"{\"event\":\"shutdown\"",
		"{\"event\":\"shutdown\"} trailing",
		"{\"event\":\"shutdown\",}",
		"{\"event\" \"shutdown\"}",
		"{event:\"shutdown\"}",
		"{\"data\":1}",			/* neither event nor reply */
		"{\"event\":\"shut\x01down\"}",	/* raw control byte */
		"{\"event\":\"a\\q\"}",		/* bad escape */
		"{\"event\":\"a\\u12\"}",	/* short \u */
		"{\"error\":\"success\",\"data\":1e999}",
		"{\"error\":\"success\",\"data\":-}",
		"{\"error\":\"success\",\"data\":1.}",
		"{\"error\":\"success\",\"data\":tru}",
		"{\"event\":\"property-change\",\"name\":\"pause\","
		    "\"data\":\"yes\"}",
		"{\"event\":\"property-change\",\"name\":\"time-pos\","
		    "\"data\":\"12\"}",
		"{\"event\":\"shutdown\",\"x\":[[[[[[[[[[[[[[[[[[[[[[[[[[["
		    "[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}",
	};
	struct player_ev e;
	size_t		 i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		e.type = PLAYER_EV_SEEK;
		if (parse(bad[i], &e)) {
			t_fail++;
			fprintf(stderr, "FAIL %s: accepted %s\n", t_name,
			    bad[i]);
		} else
			t_pass++;
	}
}

/* Random lines built from JSON's own characters: never a crash, never
 * a read past the line (run under ASan by make asan), and the nesting
 * bound holds for a line of brackets as long as a line may be. */
static void
test_parse_random(void)
{
	static const char alphabet[] = "{}[]\":,\\ u0123456789.-+eEtruefalsn"
	    "\"event\"\"data\"\"property-change\"\"time-pos\"";
	struct player_ev e;
	unsigned	 seed = 20;
	char		*line;
	size_t		 i, k, n, accepted = 0;

	line = xmalloc(PLAYER_LINE_MAX + 1);
	for (i = 0; i < 20000; i++) {
		n = (size_t)(rand_r(&seed) % 96);
		line[0] = '{';
		for (k = 1; k < n; k++)
			line[k] = alphabet[rand_r(&seed) % (sizeof(alphabet) -
			    1)];
		/* Exactly n bytes, no NUL after them to lean on. */
		accepted += player_parse_line(line, n, &e) == 0;
	}
	T_CHECK(accepted < 20000);
	memset(line, '[', PLAYER_LINE_MAX);
	memcpy(line, "{\"a\":", 5);
	T_EQ(player_parse_line(line, PLAYER_LINE_MAX, &e), -1);
	T_EQ(player_parse_line(line, PLAYER_LINE_MAX + 1, &e), -1);
	free(line);
}

static void
test_feed_lines(void)
{
	static const char two[] =
	    "{\"event\":\"property-change\",\"name\":\"time-pos\",\"data\":1}\n"
	    "{\"event\":\"property-change\",\"name\":\"time-pos\","
	    "\"data\":2}\n";
	static const char pause[] =
	    "{\"event\":\"property-change\",\"name\":\"pause\",\"data\":"
	    "true}\n";
	static const char three[] =
	    "{\"event\":\"property-change\",\"name\":\"duration\","
	    "\"data\":3912.5}\n"
	    "{\"event\":\"property-change\",\"name\":\"time-pos\","
	    "\"data\":754.9}\n"
	    "{\"event\":\"property-change\",\"name\":\"speed\","
	    "\"data\":1.25}\n";
	struct player	*p = player_new();
	struct player_ev e;
	char		*big, line[64];
	size_t		 i, n;
	bool		 ok;

	/* A line cut anywhere comes out whole, once. */
	for (i = 1, ok = true; i < sizeof(two) - 1; i++) {
		ok &= player_feed(p, two, i) + player_feed(p, two + i,
		    sizeof(two) - 1 - i) == 2;
		ok &= player_event(p, &e) && e.value == 1;
		ok &= player_event(p, &e) && e.value == 2;
		ok &= !player_event(p, &e);
		if (!ok) {
			fprintf(stderr, "  cut at byte %zu\n", i);
			break;
		}
	}
	T_CHECK(ok);
	/* Byte by byte. */
	for (i = 0, n = 0; i < sizeof(two) - 1; i++)
		n += player_feed(p, two + i, 1);
	T_EQ(n, 2);
	while (player_event(p, &e))
		;
	T_CHECK(fabs(player_status(p)->time - 2) < 1e-9);
	/* Bad and empty lines are skipped, the good ones around kept. */
	T_EQ(player_feed(p, "\n{oops\n{\"event\":\"shutdown\"}\n", 28), 1);
	T_CHECK(player_event(p, &e) && e.type == PLAYER_EV_SHUTDOWN);
	/* An overlong line is dropped, even in pieces; the next is read. */
	big = xmalloc(PLAYER_LINE_MAX * 2);
	memset(big, 'x', PLAYER_LINE_MAX * 2);
	T_EQ(player_feed(p, "{\"event\":\"", 10), 0);
	T_EQ(player_feed(p, big, PLAYER_LINE_MAX), 0);
	T_EQ(player_feed(p, big, PLAYER_LINE_MAX * 2), 0);
	T_EQ(player_feed(p, "\"}\n{\"event\":\"seek\"}\n", 20), 1);
	T_CHECK(player_event(p, &e) && e.type == PLAYER_EV_SEEK);
	T_CHECK(!player_event(p, &e));
	/* Status follows the events. */
	player_format(player_status(p), line, sizeof(line));
	T_STREQ(line, "\u25b6 0:02 \u00d71.0");
	T_EQ(player_feed(p, pause, strlen(pause)), 1);
	T_CHECK(player_status(p)->paused);
	T_EQ(player_feed(p, three, strlen(three)), 3);
	player_format(player_status(p), line, sizeof(line));
	T_STREQ(line, "\u23f8 12:34 / 1:05:12 \u00d71.2");
	free(big);
	player_close(p, false);
}

static void
test_not_mpv(void)
{
	struct folio_err err;

	T_CHECK(player_is_mpv("mpv --start={seconds} {url}"));
	T_CHECK(player_is_mpv("/usr/bin/mpv {url}"));
	T_CHECK(!player_is_mpv("vlc --start-time={seconds} {url}"));
	T_CHECK(!player_is_mpv("mpvx {url}"));
	T_CHECK(!player_is_mpv(NULL));
	err.code = FOLIO_ERR_OK;
	T_CHECK(player_start("vlc {url}", "https://example.com/v", 0, "/tmp",
	    &err) == NULL);
	T_EQ(err.code, FOLIO_ERR_UNSAFE);
}

static void
test_sock_dir(void)
{
	struct folio_err err;
	struct stat	 sb;
	char		 tmpl[] = "/tmp/folio-player.XXXXXX", *d, *run;

	T_CHECK(mkdtemp(tmpl) != NULL);
	setenv("XDG_RUNTIME_DIR", tmpl, 1);
	d = player_sock_dir(&err);
	T_CHECK(d != NULL);
	run = xasprintf("%s/folio", tmpl);
	T_STREQ(d, run);
	T_CHECK(stat(run, &sb) == 0 && (sb.st_mode & 0777) == 0700);
	free(d);
	/* A folder others can enter is refused. */
	chmod(run, 0755);
	T_CHECK(player_sock_dir(&err) == NULL);
	T_EQ(err.code, FOLIO_ERR_UNSAFE);
	rmdir(run);
	free(run);
	/* Without a runtime folder: under the state folder. */
	unsetenv("XDG_RUNTIME_DIR");
	setenv("XDG_STATE_HOME", tmpl, 1);
	d = player_sock_dir(&err);
	run = xasprintf("%s/folio/run", tmpl);
	T_STREQ(d, run);
	free(d);
	rmdir(run);
	free(run);
	run = xasprintf("%s/folio", tmpl);
	rmdir(run);
	free(run);
	rmdir(tmpl);
	unsetenv("XDG_STATE_HOME");
}

static void
test_parse_reply_str(void)
{
	char	 out[64];
	const char *ok = "{\"data\":\"/m/Talk [PlayTst0001].mkv\","
	    "\"request_id\":1,\"error\":\"success\"}";

	T_EQ(player_parse_reply_str(ok, strlen(ok), 1, out, sizeof(out)), 0);
	T_STREQ(out, "/m/Talk [PlayTst0001].mkv");
	/* Another request's answer, or not an answer. */
	T_EQ(player_parse_reply_str(ok, strlen(ok), 2, out, sizeof(out)), -1);
	{
		const char *ev = "{\"event\":\"seek\"}";

		T_EQ(player_parse_reply_str(ev, strlen(ev), 1, out,
		    sizeof(out)), -1);
	}
	/* That answer, but an error or no string. */
	{
		const char *e = "{\"request_id\":1,\"error\":\"property "
		    "unavailable\"}";
		const char *num = "{\"data\":12.5,\"request_id\":1,"
		    "\"error\":\"success\"}";

		T_EQ(player_parse_reply_str(e, strlen(e), 1, out,
		    sizeof(out)), 1);
		T_EQ(player_parse_reply_str(num, strlen(num), 1, out,
		    sizeof(out)), 1);
	}
	/* Escapes, and a path longer than the room: cut, still a string. */
	{
		const char *esc = "{\"request_id\":7,\"data\":\"a\\\"b\\\\c"
		    "\\/d\",\"error\":\"success\"}";
		const char *lng = "{\"data\":\"0123456789abcdefghij\","
		    "\"request_id\":1,\"error\":\"success\"}";
		char small[8];

		T_EQ(player_parse_reply_str(esc, strlen(esc), 7, out,
		    sizeof(out)), 0);
		T_STREQ(out, "a\"b\\c/d");
		T_EQ(player_parse_reply_str(lng, strlen(lng), 1, small,
		    sizeof(small)), 0);
		T_STREQ(small, "0123456");
	}
	/* Malformed and partial lines. */
	{
		static const char *const bad[] = {
			"",
			"{",
			"{\"data\":\"abc",
			"{\"data\":\"abc\",\"request_id\":1",
			"{\"data\":\"abc\",\"request_id\":1,\"error\":"
			    "\"success\"} x",
			"{\"data\":\"a\x01\",\"request_id\":1}",
			"[\"data\",\"x\"]",
			"{\"request_id\":1,,\"error\":\"success\"}",
			"{\"data\":\"\\q\",\"request_id\":1}",
		};
		size_t i;

		for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
			T_EQ(player_parse_reply_str(bad[i], strlen(bad[i]), 1,
			    out, sizeof(out)), -1);
	}
}

static void
test_path_has_video(void)
{
	T_CHECK(player_path_has_video("/m/Talk [PlayTst0001].mkv",
	    "PlayTst0001"));
	T_CHECK(player_path_has_video("PlayTst0001.webm", "PlayTst0001"));
	T_CHECK(player_path_has_video("https://www.youtube.com/watch?"
	    "v=PlayTst0001&t=5s", "PlayTst0001"));
	T_CHECK(player_path_has_video("https://youtu.be/PlayTst0001",
	    "PlayTst0001"));
	/* Inside a longer run of ID characters: another name. */
	T_CHECK(!player_path_has_video("/m/xPlayTst0001.mkv", "PlayTst0001"));
	T_CHECK(!player_path_has_video("/m/PlayTst0001x.mkv", "PlayTst0001"));
	T_CHECK(!player_path_has_video("/m/PlayTst0002.mkv", "PlayTst0001"));
	/* The second mention counts when the first is inside a word. */
	T_CHECK(player_path_has_video("/PlayTst0001_/PlayTst0001.mkv",
	    "PlayTst0001"));
	T_CHECK(!player_path_has_video(NULL, "PlayTst0001"));
	T_CHECK(!player_path_has_video("/m/x.mkv", ""));
}

/* A socket at dir/name: listening (its descriptor), or stale (bound and
 * closed: connect is refused; -2).  -1 on failure. */
static int
make_socket(const char *dir, const char *name, bool listening)
{
	struct sockaddr_un sa;
	char	*path = xasprintf("%s/%s", dir, name);
	int	 fd;

	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sa.sun_path) ||
	    (fd = socket(AF_UNIX, SOCK_STREAM, 0)) == -1) {
		free(path);
		return -1;
	}
	memcpy(sa.sun_path, path, strlen(path) + 1);
	free(path);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) == -1 ||
	    (listening && listen(fd, 8) == -1)) {
		close(fd);
		return -1;
	}
	if (listening)
		return fd;
	close(fd);
	return -2;
}

/* Whether dir/name exists. */
static bool
exists(const char *dir, const char *name)
{
	char	*path = xasprintf("%s/%s", dir, name);
	bool	 yes = access(path, F_OK) == 0;

	free(path);
	return yes;
}

/*
 * Stale sockets (nobody listens: connect is refused) are all removed by
 * the attach scan, whether a live one comes before or after them in the
 * folder, and by player_sweep; live ones and files not folio's stay.
 */
static void
test_stale_sockets(void)
{
	static const char *const stale[] = { "mpv-1-0.sock", "mpv-2-0.sock",
	    "mpv-3-0.sock", "mpv-4-0.sock", "mpv-5-0.sock", "mpv-6-0.sock" };
	struct folio_err err;
	struct player	*q;
	char		 tmpl[] = "/tmp/folio-sweep.XXXXXX", *dir, *live, *want;
	const char	*old = getenv("XDG_RUNTIME_DIR");
	char		*saved = old ? xstrdup(old) : NULL;
	int		 round, lfd, fd;
	size_t		 i;

	T_CHECK(mkdtemp(tmpl) != NULL);
	setenv("XDG_RUNTIME_DIR", tmpl, 1);
	dir = player_sock_dir(&err);
	T_CHECK(dir != NULL);
	if (dir == NULL)
		goto out;
	/* Live first, then stale; then the other way round. */
	for (round = 0; round < 2; round++) {
		live = xasprintf("mpv-9%d-0.sock", round);
		lfd = -1;
		if (round == 0)
			lfd = make_socket(dir, live, true);
		for (i = 0; i < sizeof(stale) / sizeof(stale[0]); i++)
			T_EQ(make_socket(dir, stale[i], false), -2);
		/* Not a socket at all: nobody listens either. */
		if ((fd = open(want = xasprintf("%s/mpv-7-0.sock", dir),
		    O_CREAT | O_WRONLY, 0600)) != -1)
			close(fd);
		free(want);
		if (round == 1)
			lfd = make_socket(dir, live, true);
		T_CHECK(lfd >= 0);
		q = player_attach(NULL, &err);
		T_CHECK(q != NULL);
		want = xasprintf("%s/%s", dir, live);
		T_STREQ(q ? player_sock_path(q) : NULL, want);
		free(want);
		for (i = 0; i < sizeof(stale) / sizeof(stale[0]); i++)
			T_CHECK(!exists(dir, stale[i]));
		T_CHECK(!exists(dir, "mpv-7-0.sock"));
		T_CHECK(exists(dir, live));
		player_close(q, false);
		/* Its listener closes: stale now, swept. */
		if (lfd >= 0)
			close(lfd);
		T_EQ(player_sweep(dir), 1);
		T_CHECK(!exists(dir, live));
		free(live);
	}
	/* The sweep leaves live sockets and names not folio's. */
	lfd = make_socket(dir, "mpv-8-0.sock", true);
	T_EQ(make_socket(dir, "mpv-1-0.sock", false), -2);
	T_EQ(make_socket(dir, "other.sock", false), -2);
	T_EQ(player_sweep(dir), 1);
	T_CHECK(exists(dir, "mpv-8-0.sock") && !exists(dir, "mpv-1-0.sock") &&
	    exists(dir, "other.sock"));
	if (lfd >= 0)
		close(lfd);
	T_EQ(player_sweep(dir), 1);
	/* Nothing live: attaching says so. */
	T_CHECK(player_attach(NULL, &err) == NULL);
	T_EQ(err.code, FOLIO_ERR_NOTFOUND);
	T_CHECK(player_find("PlayTst0001", &err) == NULL);
	T_EQ(err.code, FOLIO_ERR_NOTFOUND);
	{
		char *o = xasprintf("%s/other.sock", dir);

		unlink(o);
		free(o);
	}
	rmdir(dir);
	free(dir);
out:
	rmdir(tmpl);
	if (saved != NULL)
		setenv("XDG_RUNTIME_DIR", saved, 1);
	else
		unsetenv("XDG_RUNTIME_DIR");
	free(saved);
}

/* ---- a real mpv ----------------------------------------------------------- */

static char	*video, *captions, *sockdir, *rundir;

/* True if "mpv" is a program on the PATH. */
static bool
have_mpv(void)
{
	const char	*path = getenv("PATH");
	char		*copy, *dir, *save = NULL, *f;
	bool		 yes = false;

	if (path == NULL)
		return false;
	copy = xstrdup(path);
	for (dir = strtok_r(copy, ":", &save); dir && !yes;
	    dir = strtok_r(NULL, ":", &save)) {
		f = xasprintf("%s/mpv", dir);
		yes = access(f, X_OK) == 0;
		free(f);
	}
	free(copy);
	return yes;
}

/* Run argv and wait; its exit status, or -1. */
static int
run_wait(char *const argv[])
{
	pid_t	 pid;
	int	 status;

	if ((pid = fork()) == -1)
		return -1;
	if (pid == 0) {
		freopen("/dev/null", "w", stdout);
		freopen("/dev/null", "w", stderr);
		execvp(argv[0], argv);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) == -1 || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

/* Make the ten-minute test video with mpv itself (once per build
 * folder) and a caption file for it; false if that failed. */
static bool
make_media(void)
{
	const char	*b = getenv("B");
	char		*dir, *tmp, *out, *opt;
	FILE		*fp;
	struct stat	 sb;
	int		 rc;

	if (video != NULL)
		return true;
	dir = xasprintf("%s/tests/media", b && *b ? b : "build");
	(void)mkdir(dir, 0755);
	video = xasprintf("%s/testsrc.mkv", dir);
	if (stat(video, &sb) != 0 || sb.st_size == 0) {
		tmp = xasprintf("%s/testsrc.%ld.mkv", dir, (long)getpid());
		out = xasprintf("--o=%s", tmp);
		{
			char *argv[] = { "mpv", "--no-config", "--really-quiet",
			    "--ao=null", "--ovc=libx264", out,
			    "av://lavfi:testsrc=duration=600:size=32x32:rate=1",
			    NULL };

			rc = run_wait(argv);
		}
		if (rc == 0)
			rc = rename(tmp, video);
		else
			unlink(tmp);
		free(tmp);
		free(out);
		if (rc != 0) {
			free(dir);
			free(video);
			video = NULL;
			return false;
		}
	}
	captions = xasprintf("%s/testsrc.en.vtt", dir);
	if ((fp = fopen(captions, "w")) != NULL) {
		fputs("WEBVTT\n\n00:00:00.000 --> 00:02:00.000\n<v Ada>First "
		    "part.\n\n00:02:00.000 --> 00:05:00.000\n<v Bob>Second "
		    "part.\n\n00:05:00.000 --> 00:10:00.000\nThird part.\n",
		    fp);
		fclose(fp);
	}
	/* A runtime folder of the tests' own: the sockets go in its
	 * folio/ as they would in $XDG_RUNTIME_DIR/folio/. */
	opt = xasprintf("%s/run.XXXXXX", dir);
	rundir = mkdtemp(opt);
	if (rundir != NULL) {
		setenv("XDG_RUNTIME_DIR", rundir, 1);
		sockdir = player_sock_dir(NULL);
	}
	free(dir);
	return sockdir != NULL;
}

static long long
now_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

typedef bool (*ev_pred)(const struct player_ev *, void *);

/* Read events until "pred" holds for one (true) or "ms" pass (false);
 * waits in poll() on the socket, never in a fixed sleep. */
static bool
wait_event(struct player *p, ev_pred pred, void *arg, int ms,
    struct player_ev *out)
{
	long long	 end = now_ms() + ms, left;
	struct pollfd	 pfd;
	struct player_ev e;

	for (;;) {
		while (player_event(p, &e))
			if (pred(&e, arg)) {
				if (out != NULL)
					*out = e;
				return true;
			}
		if ((left = end - now_ms()) <= 0 || player_fd(p) == -1)
			return false;
		pfd.fd = player_fd(p);
		pfd.events = player_poll_events(p);
		if (poll(&pfd, 1, (int)left) > 0)
			player_read(p);
	}
}

/* A time-pos event within half a second of *(double *)arg. */
static bool
time_near(const struct player_ev *e, void *arg)
{
	return e->type == PLAYER_EV_TIME && !isnan(e->value) &&
	    fabs(e->value - *(double *)arg) < 0.6;
}

/* A time-pos event later than *(double *)arg. */
static bool
time_after(const struct player_ev *e, void *arg)
{
	return e->type == PLAYER_EV_TIME && !isnan(e->value) &&
	    e->value > *(double *)arg;
}

static bool
is_type(const struct player_ev *e, void *arg)
{
	return e->type == *(enum player_ev_type *)arg;
}

static bool
reply_to(const struct player_ev *e, void *arg)
{
	return e->type == PLAYER_EV_REPLY && e->id == *(long *)arg;
}

/* The template a user would configure, made headless for the tests. */
static char *
template(bool paused)
{
	return xasprintf("mpv --no-config --vo=null --ao=null --idle=no %s"
	    "--sub-file=%s --start={seconds} {url}", paused ? "--pause " : "",
	    captions);
}

static void
test_mpv_follow(void)
{
	struct folio_err err;
	struct player	*p, *q;
	struct player_ev e;
	struct stat	 sb;
	enum player_ev_type exit_type = PLAYER_EV_EXIT;
	char		*tmpl, *sock;
	double		 at;
	long		 id;
	pid_t		 pid;

	if (!have_mpv()) {
		T_SKIP("no mpv");
		return;
	}
	if (!make_media()) {
		T_SKIP("no mpv that can make the test video");
		return;
	}
	tmpl = template(true);
	p = player_start(tmpl, video, 300, sockdir, &err);
	free(tmpl);
	T_CHECK(p != NULL);
	if (p == NULL) {
		fprintf(stderr, "  %s\n", err_text(&err));
		return;
	}
	pid = player_pid(p);
	T_CHECK(pid > 0);
	/* It starts at the moment, paused. */
	at = 300;
	T_CHECK(wait_event(p, time_near, &at, 10000, &e));
	T_CHECK(player_status(p)->paused);
	T_CHECK(player_status(p)->alive);
	/* The video and the caption file are loaded. */
	id = player_command(p, "[\"get_property\",\"track-list/count\"]");
	T_CHECK(wait_event(p, reply_to, &id, 5000, &e));
	T_CHECK(e.ok && e.value == 2);
	/* The duration arrives. */
	T_CHECK(player_status(p)->duration >= 598 ||
	    (wait_event(p, is_type, &(enum player_ev_type){
	    PLAYER_EV_DURATION }, 5000, &e) && e.value >= 598));
	/* A seek moves it. */
	T_CHECK(player_seek(p, 120, false) > 0);
	at = 120;
	T_CHECK(wait_event(p, time_near, &at, 10000, NULL));
	T_CHECK(player_seek(p, 60, true) > 0);
	at = 180;
	T_CHECK(wait_event(p, time_near, &at, 10000, NULL));
	/* Speed and pause are followed; playing, time goes on. */
	T_CHECK(player_set_speed(p, 4) > 0);
	T_CHECK(wait_event(p, is_type, &(enum player_ev_type){
	    PLAYER_EV_SPEED }, 5000, &e) && fabs(e.value - 4) < 1e-6);
	T_CHECK(player_toggle_pause(p) > 0);
	T_CHECK(wait_event(p, is_type, &(enum player_ev_type){
	    PLAYER_EV_PAUSE }, 5000, &e) && !e.flag);
	at = 181;
	T_CHECK(wait_event(p, time_after, &at, 10000, NULL));

	/* Another folio attaches to its socket. */
	sock = xstrdup(player_sock_path(p));
	T_CHECK(stat(sock, &sb) == 0 && S_ISSOCK(sb.st_mode));
	q = player_attach(sock, &err);
	T_CHECK(q != NULL);
	at = 0;
	T_CHECK(q != NULL && wait_event(q, time_after, &at, 10000, NULL));

	/* A seek from elsewhere moves what the reader follows: the cue
	 * current in the caption file at the new time. */
	{
		struct follow_pos fp;
		struct follow *f = NULL;
		struct doc *d;
		size_t len = 0;
		char *text = NULL;
		FILE *cf = fopen(captions, "r");

		if (cf != NULL) {
			text = xmalloc(4096);
			len = fread(text, 1, 4096, cf);
			fclose(cf);
		}
		d = doc_load_mem("testsrc.en.vtt", text ? text : "", len, NULL);
		f = follow_new(d);
		T_CHECK(f != NULL);
		T_CHECK(q != NULL && player_set_pause(q, true) > 0 &&
		    player_seek(q, 310, false) > 0);
		at = 310;
		T_CHECK(wait_event(p, time_near, &at, 10000, &e));
		T_CHECK(f != NULL && follow_at(f, (long)(e.value * 1000),
		    &fp) == 0 && fp.index == 2);
		T_CHECK(q != NULL && player_seek(q, 130, false) > 0);
		at = 130;
		T_CHECK(wait_event(p, time_near, &at, 10000, &e));
		T_CHECK(f != NULL && follow_at(f, (long)(e.value * 1000),
		    &fp) == 0 && fp.index == 1 && fp.line == 7);
		follow_free(f);
		doc_free(d);
		free(text);
	}

	/* mpv dies: noticed, reaped, its socket removed. */
	T_CHECK(kill(pid, SIGKILL) == 0);
	T_CHECK(wait_event(p, is_type, &exit_type, 10000, &e));
	T_CHECK(strstr(e.text, "signal 9") != NULL);
	T_CHECK(!player_status(p)->alive);
	T_EQ(player_fd(p), -1);
	T_EQ(player_read(p), -1);
	T_CHECK(waitpid(pid, NULL, WNOHANG) == -1 && errno == ECHILD);
	T_CHECK(kill(pid, 0) == -1 && errno == ESRCH);
	T_CHECK(stat(sock, &sb) == -1 && errno == ENOENT);
	T_CHECK(player_seek(p, 10, false) == -1);
	/* The attached one notices too. */
	T_CHECK(q != NULL && wait_event(q, is_type, &exit_type, 10000, &e));
	player_close(q, false);
	player_close(p, true);
	free(sock);
}

static void
test_mpv_quit(void)
{
	struct folio_err err;
	struct player	*p;
	struct stat	 sb;
	char		*tmpl, *sock;
	double		 at = 42;
	pid_t		 pid;

	if (!have_mpv()) {
		T_SKIP("no mpv");
		return;
	}
	if (!make_media()) {
		T_SKIP("no mpv that can make the test video");
		return;
	}
	tmpl = template(true);
	p = player_start(tmpl, video, 42, sockdir, &err);
	free(tmpl);
	T_CHECK(p != NULL);
	if (p == NULL)
		return;
	T_CHECK(wait_event(p, time_near, &at, 10000, NULL));
	/* Another file (the same here) from another moment. */
	T_CHECK(player_load(p, video, 200) > 0);
	at = 200;
	T_CHECK(wait_event(p, time_near, &at, 10000, NULL));
	pid = player_pid(p);
	sock = xstrdup(player_sock_path(p));
	/* Attaching by folder finds it (and removes a stale socket). */
	{
		struct player *q;
		char *stale = xasprintf("%s/mpv-1-1.sock", sockdir);
		int fd = open(stale, O_CREAT | O_WRONLY, 0600);

		if (fd != -1)
			close(fd);
		q = player_attach(NULL, &err);
		T_CHECK(q != NULL);
		T_STREQ(player_sock_path(q), sock);
		T_CHECK(access(stale, F_OK) == -1);
		player_close(q, false);
		free(stale);
	}
	player_close(p, true);
	T_CHECK(waitpid(pid, NULL, WNOHANG) == -1 && errno == ECHILD);
	T_CHECK(stat(sock, &sb) == -1 && errno == ENOENT);
	free(sock);
}

/*
 * A later folio finds the mpv playing a video by its path (a file named
 * as yt-dlp names downloads) and attaches to it; mpv plays on after the
 * session that started it is closed, and when it quits its socket is
 * removed and it is reaped (no zombie).
 */
static void
test_mpv_find(void)
{
	struct folio_err err;
	struct player	*p, *q;
	struct player_ev e;
	enum player_ev_type exit_type = PLAYER_EV_EXIT;
	char		*tmpl, *link, *sock;
	double		 at = 30;
	pid_t		 pid;
	int		 i;

	if (!have_mpv()) {
		T_SKIP("no mpv");
		return;
	}
	if (!make_media()) {
		T_SKIP("no mpv that can make the test video");
		return;
	}
	link = xasprintf("%s/Talk [PlayTst0001].mkv", rundir);
	if (video[0] == '/')
		T_CHECK(symlink(video, link) == 0);
	else {
		char cwd[1024], *abs;

		T_CHECK(getcwd(cwd, sizeof(cwd)) != NULL);
		abs = xasprintf("%s/%s", cwd, video);
		T_CHECK(symlink(abs, link) == 0);
		free(abs);
	}
	tmpl = template(true);
	p = player_start(tmpl, link, 30, sockdir, &err);
	free(tmpl);
	T_CHECK(p != NULL);
	if (p == NULL)
		goto out;
	T_CHECK(wait_event(p, time_near, &at, 10000, NULL));
	pid = player_pid(p);
	sock = xstrdup(player_sock_path(p));
	/* Not that video: nothing found, nothing left open. */
	T_CHECK(player_find("Other000001", &err) == NULL);
	T_EQ(err.code, FOLIO_ERR_NOTFOUND);
	/* That video: found, and followed. */
	q = player_find("PlayTst0001", &err);
	T_CHECK(q != NULL);
	T_STREQ(q ? player_sock_path(q) : NULL, sock);
	T_EQ(player_pid(q), 0);
	T_CHECK(q != NULL && wait_event(q, time_near, &at, 10000, NULL));
	/* The session that started it closes: mpv plays on. */
	player_close(p, false);
	T_CHECK(kill(pid, 0) == 0);
	T_CHECK(q != NULL && player_seek(q, 90, false) > 0);
	at = 90;
	T_CHECK(q != NULL && wait_event(q, time_near, &at, 10000, NULL));
	/* It quits: noticed, its socket removed, reaped. */
	T_CHECK(q != NULL && player_quit(q) > 0);
	T_CHECK(q != NULL && wait_event(q, is_type, &exit_type, 10000, &e));
	T_CHECK(access(sock, F_OK) == -1);
	for (i = 0; i < 1000 && !(waitpid(pid, NULL, WNOHANG) == -1 &&
	    errno == ECHILD); i++) {
		struct pollfd none;

		player_reap();
		(void)poll(&none, 0, 10);
	}
	T_CHECK(waitpid(pid, NULL, WNOHANG) == -1 && errno == ECHILD);
	player_close(q, false);
	free(sock);
out:
	unlink(link);
	free(link);
}

static void
test_mpv_refuses(void)
{
	struct folio_err err;
	struct player	*p;
	enum player_ev_type exit_type = PLAYER_EV_EXIT;
	struct player_ev e;

	if (!have_mpv()) {
		T_SKIP("no mpv");
		return;
	}
	/* An option mpv does not know: it exits before a word. */
	p = player_start("mpv --no-config --no-such-option-here {url}",
	    "/nonexistent.mkv", 0, sockdir, &err);
	T_CHECK(p != NULL);
	T_CHECK(p != NULL && wait_event(p, is_type, &exit_type, 10000, &e));
	T_CHECK(strstr(e.text, "exited with status") != NULL &&
	    strstr(e.text, "mpv 0.35") != NULL);
	player_close(p, true);
}

static void
test_mpv_missing(void)
{
	struct folio_err err;

	err.code = FOLIO_ERR_OK;
	T_CHECK(player_start("/nonexistent/mpv {url}", "/tmp/x.mkv", 0,
	    "/tmp", &err) == NULL);
	T_EQ(err.code, FOLIO_ERR_NOTFOUND);
	T_CHECK(player_attach("/nonexistent/folio.sock", &err) == NULL);
	T_EQ(err.code, FOLIO_ERR_NOTFOUND);
}

static void
test_cleanup(void)
{
	if (sockdir != NULL)
		rmdir(sockdir);
	if (rundir != NULL)
		rmdir(rundir);
	free(video);
	free(captions);
	free(sockdir);
	free(rundir);
	t_pass++;
}

T_LIST(test_parse_events, test_parse_replies, test_parse_malformed,
    test_parse_random, test_feed_lines, test_not_mpv, test_sock_dir,
    test_parse_reply_str, test_path_has_video, test_stale_sockets,
    test_mpv_follow, test_mpv_quit, test_mpv_find, test_mpv_refuses,
    test_mpv_missing, test_cleanup)
