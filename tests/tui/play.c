/* SPDX-License-Identifier: ISC */
/*
 * Terminal tests of playback: the reader starts a real mpv (headless) on
 * a test video that mpv itself makes, follows it, drives it, and notices
 * when it quits; checked over mpv's own socket.  Highlights taken with *
 * and listed in their view.
 */
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>

#include <dirent.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tui.h"

#define VIDEO_ID	"PlayTst0001"

static long long
now_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* True if "mpv" is a program on the PATH. */
static bool
have_mpv(void)
{
	const char	*path = getenv("PATH");
	char		 copy[4096], f[4200], *dir, *save = NULL;

	if (path == NULL || strlen(path) >= sizeof(copy))
		return false;
	strcpy(copy, path);
	for (dir = strtok_r(copy, ":", &save); dir != NULL;
	    dir = strtok_r(NULL, ":", &save)) {
		snprintf(f, sizeof(f), "%s/mpv", dir);
		if (access(f, X_OK) == 0)
			return true;
	}
	return false;
}

/* Run argv quietly and wait; its exit status, or -1. */
static int
run_wait(char *const argv[])
{
	pid_t	 pid;
	int	 status;

	if ((pid = fork()) == -1)
		return -1;
	if (pid == 0) {
		if (freopen("/dev/null", "w", stdout) == NULL ||
		    freopen("/dev/null", "w", stderr) == NULL)
			_exit(127);
		execvp(argv[0], argv);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) == -1 || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

/* The ten-minute test video, made with mpv once per build folder (the
 * unit tests make the same one); its path in "out", or false. */
static bool
test_video(char *out, size_t cap)
{
	char	 dir[600], tmp[700], opt[720];
	const char *slash = strrchr(folio, '/');
	struct stat sb;
	int	 rc;

	snprintf(dir, sizeof(dir), "%.*s/tests/media",
	    slash ? (int)(slash - folio) : 1, slash ? folio : ".");
	mkdir(dir, 0755);
	snprintf(out, cap, "%s/testsrc.mkv", dir);
	if (stat(out, &sb) == 0 && sb.st_size > 0)
		return true;
	snprintf(tmp, sizeof(tmp), "%s/testsrc.tui%ld.mkv", dir,
	    (long)getpid());
	snprintf(opt, sizeof(opt), "--o=%s", tmp);
	{
		char *argv[] = { "mpv", "--no-config", "--really-quiet",
		    "--ao=null", "--ovc=libx264", opt,
		    "av://lavfi:testsrc=duration=600:size=32x32:rate=1", NULL };

		rc = run_wait(argv);
	}
	if (rc == 0 && rename(tmp, out) == 0)
		return true;
	unlink(tmp);
	return false;
}

/* Copy file "from" to "to"; 0 or -1. */
static int
copy_file(const char *from, const char *to)
{
	char	 b[65536];
	FILE	*in = fopen(from, "rb"), *out;
	size_t	 n;
	int	 rc = 0;

	if (in == NULL)
		return -1;
	if ((out = fopen(to, "wb")) == NULL) {
		fclose(in);
		return -1;
	}
	while ((n = fread(b, 1, sizeof(b), in)) > 0)
		if (fwrite(b, 1, n, out) != n)
			rc = -1;
	fclose(in);
	if (fclose(out) != 0)
		rc = -1;
	return rc;
}

/* The case's configuration file. */
static void
case_config(const char *text)
{
	char	 path[700];
	FILE	*fp;

	snprintf(path, sizeof(path), "%s/config-%s", tmpdir, case_name);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/config-%s/folio", tmpdir, case_name);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/config-%s/folio/config.yaml", tmpdir,
	    case_name);
	if ((fp = fopen(path, "w")) != NULL) {
		fputs(text, fp);
		fclose(fp);
	}
}

/* A library of the test video: its captions (a cue every 30 seconds,
 * "mark 0120" from 2:00) and the video as yt-dlp names downloads. */
static bool
play_library(const char *video)
{
	char	 vtt[8192], dst[600];
	size_t	 n;
	int	 s;

	mkdir(tmp_path("playlib"), 0755);
	n = (size_t)snprintf(vtt, sizeof(vtt), "WEBVTT\n\n");
	for (s = 0; s < 600; s += 30)
		n += (size_t)snprintf(vtt + n, sizeof(vtt) - n,
		    "00:%02d:%02d.000 --> 00:%02d:%02d.000\n%smark %04d\n\n",
		    s / 60, s % 60, (s + 30) / 60, (s + 30) % 60,
		    s == 0 ? "<v Ada>" : s == 300 ? "<v Bob>" : "", s);
	write_file("playlib/" VIDEO_ID ".en.vtt", vtt, n);
	snprintf(dst, sizeof(dst), "%s", tmp_path("playlib/" VIDEO_ID
	    ".mkv"));
	return copy_file(video, dst) == 0;
}

/* The first socket in the runtime folder's folio/ into "out"; false when
 * there is none yet. */
static bool
find_socket(const char *rundir, char *out, size_t cap)
{
	char	 dir[1024];
	DIR	*d;
	struct dirent *de;
	bool	 found = false;

	snprintf(dir, sizeof(dir), "%s/folio", rundir);
	if ((d = opendir(dir)) == NULL)
		return false;
	while (!found && (de = readdir(d)) != NULL)
		if (strstr(de->d_name, ".sock") != NULL) {
			found = (size_t)snprintf(out, cap, "%s/", dir) +
			    strlen(de->d_name) < cap;
			if (found)
				strcat(out, de->d_name);
		}
	closedir(d);
	return found;
}

/* Connect to mpv's socket; the descriptor or -1. */
static int
mpv_connect(const char *path)
{
	struct sockaddr_un sa;
	int	 fd;

	if ((fd = socket(AF_UNIX, SOCK_STREAM, 0)) == -1)
		return -1;
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sa.sun_path)) {
		close(fd);
		return -1;
	}
	memcpy(sa.sun_path, path, strlen(path) + 1);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == -1) {
		close(fd);
		return -1;
	}
	return fd;
}

/*
 * Send command "cmd" (a JSON array) with request id "id" and wait up to
 * "ms" for its answer; the number in its "data" into *data (NaN-free:
 * -1 when it has none).  Returns 0 when mpv answered "success".
 */
static int
mpv_ask(int fd, const char *cmd, int id, double *data, int ms)
{
	char	 req[512], buf[16384], want[32];
	size_t	 len = 0;
	long long end = now_ms() + ms;
	struct pollfd pfd;
	ssize_t	 r;
	char	*line, *nl, *p;

	snprintf(req, sizeof(req), "{\"command\":%s,\"request_id\":%d}\n",
	    cmd, id);
	if (write(fd, req, strlen(req)) != (ssize_t)strlen(req))
		return -1;
	snprintf(want, sizeof(want), "\"request_id\":%d", id);
	for (;;) {
		long long left = end - now_ms();

		if (left <= 0) {
			printf("  mpv: no answer to %s\n", cmd);
			return -1;
		}
		pfd.fd = fd;
		pfd.events = POLLIN;
		if (poll(&pfd, 1, (int)left) <= 0)
			continue;
		r = read(fd, buf + len, sizeof(buf) - 1 - len);
		if (r <= 0)
			return -1;
		len += (size_t)r;
		buf[len] = '\0';
		line = buf;
		while ((nl = strchr(line, '\n')) != NULL) {
			*nl = '\0';
			if (strstr(line, want) != NULL) {
				if (data != NULL) {
					*data = -1;
					if ((p = strstr(line, "\"data\":")) !=
					    NULL && (p[7] == '-' ||
					    (p[7] >= '0' && p[7] <= '9')))
						*data = strtod(p + 7, NULL);
				}
				if (strstr(line, "\"success\"") != NULL)
					return 0;
				if (strstr(line, "unavailable") == NULL)
					printf("  mpv: %s\n", line);
				return -1;
			}
			line = nl + 1;
		}
		len = strlen(line);
		memmove(buf, line, len);
		if (len >= sizeof(buf) - 1)
			len = 0;
	}
}

/* mpv's playback time, waiting up to "ms" for it to be known; -1. */
static double
mpv_time(int fd, int ms)
{
	long long end = now_ms() + ms;
	double	 t = -1;
	static int id = 100;

	while (now_ms() < end) {
		if (mpv_ask(fd, "[\"get_property\",\"time-pos\"]", ++id, &t,
		    2000) == 0 && t >= 0)
			return t;
		/* Not known yet: ask again when mpv has said something. */
		{
			struct pollfd pfd = { .fd = fd, .events = POLLIN };

			(void)poll(&pfd, 1, 100);
		}
	}
	return -1;
}

/* Whether a row holding "needle" in the body has a reverse cell (the
 * current moment); the status and hint lines are not looked at. */
static bool
is_current(struct term *t, const char *needle)
{
	struct tcell	 c;
	int		 r = term_find(t, needle), col;

	if (r < 0 || r >= term_rows(t) - 2)
		return false;
	for (col = 0; col < term_cols(t); col++) {
		term_cell(t, r, col, &c);
		if (c.reverse)
			return true;
	}
	return false;
}

/* Wait up to "ms" for the row of "needle" to be the current moment. */
static bool
wait_current(struct term *t, const char *needle, int ms)
{
	long long end = now_ms() + ms;

	while (now_ms() < end) {
		if (is_current(t, needle))
			return true;
		term_settle(t);
	}
	return is_current(t, needle);
}

/* Select the picker's row holding "needle" and press Enter. */
static bool
pick_row(struct term *t, const char *needle)
{
	int	 i;

	for (i = 0; i < 20 && !is_current(t, needle); i++) {
		term_key(t, VTERM_KEY_DOWN, VTERM_MOD_NONE);
		term_settle(t);
	}
	if (!is_current(t, needle))
		return false;
	term_key(t, VTERM_KEY_ENTER, VTERM_MOD_NONE);
	return true;
}

/* Whether the status line shows "needle". */
static bool
status_has(struct term *t, const char *needle)
{
	char	 row[2048];

	return term_row(t, term_rows(t) - 2, row, sizeof(row)) != NULL &&
	    strstr(row, needle) != NULL;
}

void
t_play_follow(void)
{
	const char *a[] = { "-L", NULL, NULL };
	char	 video[700], rundir[600], renv[700], sock[2048], cfg[1200];
	const char *env[] = { renv, NULL };
	struct term *t;
	double	 secs;
	int	 fd = -1;
	long long end;

	if (!have_mpv() || !test_video(video, sizeof(video))) {
		printf("skipped: no mpv (%s)\n", case_name);
		case_skipped = 1;
		return;
	}
	CHECK(NULL, play_library(video));
	snprintf(rundir, sizeof(rundir), "%s", tmp_path("run-play"));
	mkdir(rundir, 0700);
	snprintf(renv, sizeof(renv), "XDG_RUNTIME_DIR=%s", rundir);
	snprintf(cfg, sizeof(cfg), "player: \"mpv --no-config --vo=null "
	    "--ao=null --start={seconds} {url}\"\n");
	case_config(cfg);
	a[1] = tmp_path("playlib");
	t = run(a, 30, 160, env);
	CHECK(t, term_wait_text(t, "mark 0000", WAIT) == 0);
	term_key(t, VTERM_KEY_ENTER, VTERM_MOD_NONE);
	/* The metadata pane says the local file plays, and who speaks. */
	CHECK(t, term_wait_text(t, "media: " VIDEO_ID ".mkv", WAIT) == 0);
	CHECK(t, term_wait_text(t, "Speakers", WAIT) == 0);
	CHECK(t, term_find(t, "Bob") >= 0);
	term_type(t, ":goto 2:00\r");
	CHECK(t, wait_current(t, "mark 0120", WAIT));

	/* p: mpv starts at the moment. */
	term_type(t, "p");
	CHECK(t, term_wait_text(t, "following", WAIT) == 0);
	end = now_ms() + WAIT;
	while (!find_socket(rundir, sock, sizeof(sock)) && now_ms() < end)
		term_settle(t);
	CHECK(t, (fd = find_socket(rundir, sock, sizeof(sock)) ?
	    mpv_connect(sock) : -1) >= 0);
	if (fd < 0)
		goto out;
	secs = mpv_time(fd, WAIT);
	CHECK(t, secs >= 119.5 && secs < 150);
	/* The status line shows the player's time. */
	CHECK(t, term_wait_text(t, "▶ 2:", WAIT) == 0);

	/* A seek from outside moves the reader's highlight. */
	CHECK(t, mpv_ask(fd, "[\"seek\",300,\"absolute\",\"exact\"]", 1,
	    NULL, WAIT) == 0);
	CHECK(t, wait_current(t, "mark 0300", WAIT));
	CHECK(t, !is_current(t, "mark 0120"));

	/* Scrolling by hand suspends following; Enter on a moment seeks
	 * mpv there and follows again. */
	term_type(t, "t");
	CHECK(t, term_wait_text(t, "(w: follow)", WAIT) == 0);
	CHECK(t, wait_current(t, "mark 0330", WAIT));
	term_key(t, VTERM_KEY_ENTER, VTERM_MOD_NONE);
	CHECK(t, term_wait_text(t, "seek to 5:30", WAIT) == 0);
	end = now_ms() + WAIT;
	do
		secs = mpv_time(fd, WAIT);
	while (!(secs >= 329.5 && secs < 360) && now_ms() < end);
	CHECK(t, secs >= 329.5 && secs < 360);
	CHECK(t, term_wait_text(t, "following", WAIT) == 0);

	/* mpv quits: the reader says so and stops following. */
	CHECK(t, mpv_ask(fd, "[\"quit\"]", 2, NULL, WAIT) == 0);
	CHECK(t, term_wait_text(t, "player exited", WAIT) == 0);
	CHECK(t, term_find(t, "following") < 0);
	CHECK(t, term_find(t, "▶ 5:") < 0);
	end = now_ms() + WAIT;
	while (access(sock, F_OK) == 0 && now_ms() < end)
		term_settle(t);
	CHECK(t, access(sock, F_OK) != 0);
out:
	if (fd >= 0)
		close(fd);
	CHECK(t, quit_ok(t) == 0);
	term_free(t);
}

void
t_play_highlights(void)
{
	const char *a[] = { "data/library/transcripts/compilers-weekly-42.md",
	    NULL };
	struct term *t;
	char	 row[1024];

	t = run(a, 30, 120, NULL);
	CHECK(t, term_wait_text(t, "Ada Park introduces", WAIT) == 0);
	/* Esc at the note: nothing saved. */
	term_type(t, "*");
	CHECK(t, term_wait_text(t, "note (Enter saves", WAIT) == 0);
	term_key(t, VTERM_KEY_ESCAPE, VTERM_MOD_NONE);
	CHECK(t, term_wait_text(t, "no highlight saved", WAIT) == 0);
	term_type(t, "#");
	CHECK(t, term_wait_text(t, "no highlights", WAIT) == 0);
	/* A highlight of the current moment, with a note. */
	term_type(t, "t");
	term_type(t, "t");
	term_type(t, "*");
	CHECK(t, term_wait_text(t, "note (Enter saves", WAIT) == 0);
	term_type(t, "parsers in editors\r");
	CHECK(t, term_wait_text(t, "highlight saved", WAIT) == 0);
	CHECK(t, is_current(t, "Why editors need"));
	/* Elsewhere, the view lists it and Enter goes back to it. */
	term_type(t, "t");
	term_type(t, "t");
	CHECK(t, wait_current(t, "[00:12:34]", WAIT) || !is_current(t,
	    "Why editors need"));
	term_type(t, "#");
	CHECK(t, term_wait_text(t, "Highlights", WAIT) == 0);
	CHECK(t, term_wait_text(t, "parsers in editors", WAIT) == 0);
	CHECK(t, term_find(t, "Why editors need") >= 0);
	term_key(t, VTERM_KEY_DOWN, VTERM_MOD_NONE);
	term_key(t, VTERM_KEY_ENTER, VTERM_MOD_NONE);
	CHECK(t, term_wait_gone(t, "parsers in editors", WAIT) == 0);
	CHECK(t, term_row(t, 1, row, sizeof(row)) != NULL &&
	    strstr(row, "Why editors need") != NULL);
	CHECK(t, wait_current(t, "Why editors need", WAIT));
	CHECK(t, status_has(t, "3:40 / 1:05:12"));

	/* A timestamp inside the line: after the jump it is current, and
	 * the time shown is the highlight's, not the timestamp's before. */
	term_type(t, ":goto 23:10\r");
	CHECK(t, wait_current(t, "they compare Lezer", WAIT));
	term_type(t, "*");
	CHECK(t, term_wait_text(t, "note (Enter saves", WAIT) == 0);
	term_type(t, "lezer size\r");
	CHECK(t, term_wait_text(t, "highlight saved", WAIT) == 0);
	term_type(t, "g");
	CHECK(t, term_wait_text(t, "Compilers Weekly #42", WAIT) == 0);
	term_type(t, "#");
	CHECK(t, term_wait_text(t, "lezer size", WAIT) == 0);
	CHECK(t, pick_row(t, "they compare Lezer"));
	CHECK(t, term_wait_gone(t, "lezer size", WAIT) == 0);
	CHECK(t, wait_current(t, "they compare Lezer", WAIT));
	CHECK(t, status_has(t, "23:10 / 1:05:12"));
	CHECK(t, !status_has(t, "12:34 / 1:05:12"));
	CHECK(t, quit_ok(t) == 0);
	term_free(t);
}

/* ---- the library of tests/fixtures/play ---------------------------------- */

/* A reader started on a document of tests/fixtures/play, with mpv
 * (headless) as its player and the test video in a media folder. */
struct pcase {
	struct term	*t;
	int		 fd;		/* a connection to mpv's socket */
	char		 rundir[600];	/* its XDG_RUNTIME_DIR */
	char		 renv[700];
	char		 sock[2048];
	char		 video[700];
	char		 dur[32];	/* mpv's duration, as m:ss */
};

/* Answer a JSON value's text after "data": in "line" into *num and
 * *flag: 1 true, 0 false, -1 neither. */
static void
reply_data(const char *line, double *num, int *flag)
{
	const char	*p = strstr(line, "\"data\":");

	*num = -1;
	*flag = -1;
	if (p == NULL)
		return;
	p += 7;
	if (*p == '-' || (*p >= '0' && *p <= '9'))
		*num = strtod(p, NULL);
	else if (strncmp(p, "true", 4) == 0)
		*flag = 1;
	else if (strncmp(p, "false", 5) == 0)
		*flag = 0;
}

/* Ask mpv for property "name": a number into *num, a flag into *flag;
 * 0 when it answered. */
static int
mpv_get(int fd, const char *name, double *num, int *flag)
{
	static int	 id = 1000;
	char		 cmd[256], req[512], buf[16384], want[32];
	size_t		 len = 0;
	long long	 end = now_ms() + WAIT;
	struct pollfd	 pfd;
	ssize_t		 r;
	char		*line, *nl;

	snprintf(cmd, sizeof(cmd), "[\"get_property\",\"%s\"]", name);
	snprintf(req, sizeof(req), "{\"command\":%s,\"request_id\":%d}\n",
	    cmd, ++id);
	if (write(fd, req, strlen(req)) != (ssize_t)strlen(req))
		return -1;
	snprintf(want, sizeof(want), "\"request_id\":%d", id);
	while (now_ms() < end) {
		pfd.fd = fd;
		pfd.events = POLLIN;
		if (poll(&pfd, 1, (int)(end - now_ms())) <= 0)
			continue;
		if ((r = read(fd, buf + len, sizeof(buf) - 1 - len)) <= 0)
			return -1;
		len += (size_t)r;
		buf[len] = '\0';
		line = buf;
		while ((nl = strchr(line, '\n')) != NULL) {
			*nl = '\0';
			if (strstr(line, want) != NULL) {
				reply_data(line, num, flag);
				return strstr(line, "\"success\"") ? 0 : -1;
			}
			line = nl + 1;
		}
		len = strlen(line);
		memmove(buf, line, len + 1);
		if (len >= sizeof(buf) - 1)
			len = 0;
	}
	return -1;
}

/* Wait until mpv's number property "name" is within "eps" of "want". */
static bool
mpv_wait_num(int fd, const char *name, double want, double eps)
{
	long long	 end = now_ms() + WAIT;
	double		 v = -1;
	int		 f;

	while (now_ms() < end) {
		if (mpv_get(fd, name, &v, &f) == 0 && v > want - eps &&
		    v < want + eps)
			return true;
		{
			struct pollfd pfd = { .fd = fd, .events = POLLIN };

			(void)poll(&pfd, 1, 50);
		}
	}
	printf("  mpv %s = %.3f, not %.3f\n", name, v, want);
	return false;
}

/* Wait until mpv's flag property "name" is "want". */
static bool
mpv_wait_flag(int fd, const char *name, bool want)
{
	long long	 end = now_ms() + WAIT;
	double		 v;
	int		 f = -1;

	while (now_ms() < end) {
		if (mpv_get(fd, name, &v, &f) == 0 && f == (int)want)
			return true;
		{
			struct pollfd pfd = { .fd = fd, .events = POLLIN };

			(void)poll(&pfd, 1, 50);
		}
	}
	printf("  mpv %s = %d, not %d\n", name, f, (int)want);
	return false;
}

/* The pids of the mpv processes run for runtime folder "rundir" (its
 * XDG_RUNTIME_DIR in their environment) into v[0..cap); how many. */
static int
mpv_pids(const char *rundir, pid_t *v, int cap)
{
	char	 path[300], comm[64], env[65536], want[700];
	DIR	*d;
	struct dirent *de;
	FILE	*fp;
	size_t	 n, i;
	int	 k = 0;

	snprintf(want, sizeof(want), "XDG_RUNTIME_DIR=%s", rundir);
	if ((d = opendir("/proc")) == NULL)
		return -1;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] < '1' || de->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/comm", de->d_name);
		if ((fp = fopen(path, "r")) == NULL)
			continue;
		n = fread(comm, 1, sizeof(comm) - 1, fp);
		fclose(fp);
		comm[n] = '\0';
		if (strcmp(comm, "mpv\n") != 0)
			continue;
		snprintf(path, sizeof(path), "/proc/%s/environ", de->d_name);
		if ((fp = fopen(path, "r")) == NULL)
			continue;
		n = fread(env, 1, sizeof(env) - 1, fp);
		fclose(fp);
		env[n] = '\0';
		for (i = 0; i < n; i += strlen(env + i) + 1)
			if (strcmp(env + i, want) == 0) {
				if (k < cap)
					v[k] = (pid_t)atol(de->d_name);
				k++;
				break;
			}
	}
	closedir(d);
	return k;
}

/* Set up the case's runtime folder, configuration (mpv with "opts") and
 * media folder; false (the case skipped) without mpv. */
static bool
pcase_prepare(struct pcase *pc, const char *opts)
{
	char	 cfg[2048], media[600];

	memset(pc, 0, sizeof(*pc));
	pc->fd = -1;
	if (!have_mpv() || !test_video(pc->video, sizeof(pc->video))) {
		printf("skipped: no mpv (%s)\n", case_name);
		case_skipped = 1;
		return false;
	}
	snprintf(pc->rundir, sizeof(pc->rundir), "%s", tmp_path("run-pc"));
	mkdir(pc->rundir, 0700);
	snprintf(pc->renv, sizeof(pc->renv), "XDG_RUNTIME_DIR=%s",
	    pc->rundir);
	snprintf(media, sizeof(media), "%s", tmp_path("media"));
	mkdir(media, 0755);
	if (copy_file(pc->video, tmp_path("media/" VIDEO_ID ".mkv")) != 0)
		return false;
	snprintf(cfg, sizeof(cfg), "player: \"mpv --no-config --vo=null "
	    "--ao=null %s --start={seconds} {url}\"\nmedia: \"%s\"\n", opts,
	    media);
	case_config(cfg);
	return true;
}

/* Start the reader on fixture "doc" (under tests/fixtures/play). */
static void
pcase_run(struct pcase *pc, const char *doc, int rows)
{
	const char *a[] = { NULL, NULL };
	const char *env[] = { pc->renv, NULL };
	char	 path[300];

	snprintf(path, sizeof(path), "tests/fixtures/play/%s", doc);
	a[0] = path;
	pc->t = run(a, rows, 160, env);
}

/* p: mpv starts (or is attached); connect to its socket. */
static bool
pcase_play(struct pcase *pc)
{
	long long end;

	term_type(pc->t, "p");
	if (term_wait_text(pc->t, "following", WAIT) != 0)
		return false;
	end = now_ms() + WAIT;
	while (!find_socket(pc->rundir, pc->sock, sizeof(pc->sock)) &&
	    now_ms() < end)
		term_settle(pc->t);
	if (!find_socket(pc->rundir, pc->sock, sizeof(pc->sock)))
		return false;
	if ((pc->fd = mpv_connect(pc->sock)) < 0)
		return false;
	{
		double d = -1;
		int f;
		long long end2 = now_ms() + WAIT;

		while (mpv_get(pc->fd, "duration", &d, &f) != 0 &&
		    now_ms() < end2)
			term_settle(pc->t);
		snprintf(pc->dur, sizeof(pc->dur), "%ld:%02ld",
		    (long)d / 60, (long)d % 60);
	}
	return true;
}

/* Wait for the status line's playback text: "now / DURATION" and then
 * "rest", the duration as mpv reports it. */
static int
pcase_status(struct pcase *pc, const char *now, const char *rest)
{
	char	 want[256];

	snprintf(want, sizeof(want), "%s / %s%s", now, pc->dur, rest);
	return term_wait_text(pc->t, want, WAIT);
}

/* Quit mpv and the reader. */
static void
pcase_end(struct pcase *pc)
{
	if (pc->fd >= 0) {
		(void)mpv_ask(pc->fd, "[\"quit\"]", 9, NULL, WAIT);
		close(pc->fd);
		if (pc->t != NULL)
			CHECK(pc->t, term_wait_text(pc->t, "player exited",
			    WAIT) == 0);
	}
	if (pc->t != NULL) {
		CHECK(pc->t, quit_ok(pc->t) == 0);
		term_free(pc->t);
	}
}

/* Seek mpv to "secs" from outside the reader and wait until it is there. */
static bool
pcase_seek(struct pcase *pc, int secs)
{
	char	 cmd[96];
	int	 k;

	snprintf(cmd, sizeof(cmd), "[\"seek\",%d,\"absolute\",\"exact\"]",
	    secs);
	/* mpv may refuse a seek while it is busy with another: again. */
	for (k = 0; k < 3; k++)
		if (mpv_ask(pc->fd, cmd, 3, NULL, WAIT) == 0)
			return mpv_wait_num(pc->fd, "time-pos", secs, 0.05);
	return false;
}

/*
 * The player's keys: P pauses and plays, < > seek 5 s, ( ) a minute,
 * - + change the speed and = seeks to the line being read; each checked
 * over mpv's socket and on the status line.
 */
void
t_play_keys(void)
{
	struct pcase	 pc;
	struct term	*t;

	if (!pcase_prepare(&pc, "--pause"))
		return;
	pcase_run(&pc, VIDEO_ID ".en.vtt", 30);
	t = pc.t;
	CHECK(t, term_wait_text(t, "cue 0000", WAIT) == 0);
	term_type(t, ":goto 2:00\r");
	CHECK(t, wait_current(t, "cue 0120", WAIT));
	CHECK(t, pcase_play(&pc));
	if (pc.fd < 0)
		goto out;
	/* Started paused at the moment. */
	CHECK(t, mpv_wait_num(pc.fd, "time-pos", 120, 0.05));
	CHECK(t, pcase_status(&pc, "⏸ 2:00", " ×1.0  following") == 0);
	/* P plays, P pauses. */
	term_type(t, "P");
	CHECK(t, mpv_wait_flag(pc.fd, "pause", false));
	CHECK(t, term_wait_text(t, "▶ 2:0", WAIT) == 0);
	term_type(t, "P");
	CHECK(t, mpv_wait_flag(pc.fd, "pause", true));
	CHECK(t, term_wait_text(t, "⏸ 2:0", WAIT) == 0);
	/* Back to 2:00 exactly: the line being read is cue 0120. */
	term_type(t, "=");
	CHECK(t, mpv_wait_num(pc.fd, "time-pos", 120, 0.05));
	/* > and < : five seconds. */
	term_type(t, ">");
	CHECK(t, mpv_wait_num(pc.fd, "time-pos", 125, 0.05));
	CHECK(t, pcase_status(&pc, "⏸ 2:05", "") == 0);
	term_type(t, "<");
	term_type(t, "<");
	CHECK(t, mpv_wait_num(pc.fd, "time-pos", 115, 0.05));
	CHECK(t, pcase_status(&pc, "⏸ 1:55", "") == 0);
	CHECK(t, wait_current(t, "cue 0090", WAIT));
	/* ) and ( : a minute. */
	term_type(t, ")");
	CHECK(t, mpv_wait_num(pc.fd, "time-pos", 175, 0.05));
	CHECK(t, pcase_status(&pc, "⏸ 2:55", "") == 0);
	CHECK(t, wait_current(t, "cue 0150", WAIT));
	term_type(t, ")");
	term_type(t, ")");
	CHECK(t, mpv_wait_num(pc.fd, "time-pos", 295, 0.05));
	term_type(t, "(");
	CHECK(t, mpv_wait_num(pc.fd, "time-pos", 235, 0.05));
	CHECK(t, pcase_status(&pc, "⏸ 3:55", "") == 0);
	CHECK(t, wait_current(t, "cue 0210", WAIT));
	/* + and - : faster and slower. */
	term_type(t, "+");
	CHECK(t, mpv_wait_num(pc.fd, "speed", 1.1, 0.01));
	CHECK(t, pcase_status(&pc, "⏸ 3:55", " ×1.1") == 0);
	term_type(t, "-");
	CHECK(t, mpv_wait_num(pc.fd, "speed", 1.0, 0.01));
	CHECK(t, pcase_status(&pc, "⏸ 3:55", " ×1.0") == 0);
	term_type(t, "-");
	CHECK(t, mpv_wait_num(pc.fd, "speed", 1 / 1.1, 0.01));
	CHECK(t, term_wait_text(t, "×0.9", WAIT) == 0);
	/* Read elsewhere, then = : the player goes to that line. */
	term_type(t, "t");
	term_type(t, "t");
	CHECK(t, term_wait_text(t, "(w: follow)", WAIT) == 0);
	CHECK(t, wait_current(t, "cue 0270", WAIT));
	term_type(t, "=");
	CHECK(t, mpv_wait_num(pc.fd, "time-pos", 270, 0.05));
	CHECK(t, pcase_status(&pc, "⏸ 4:30", " ×0.9  following") == 0);
	CHECK(t, wait_current(t, "cue 0270", WAIT));
	/* A highlight while following has the player's time, shown in
	 * the view and said when the reader goes back to it. */
	CHECK(t, pcase_seek(&pc, 285));
	CHECK(t, pcase_status(&pc, "⏸ 4:45", " ×0.9  following") == 0);
	term_type(t, "*");
	CHECK(t, term_wait_text(t, "note (Enter saves", WAIT) == 0);
	term_type(t, "said at the player\r");
	CHECK(t, term_wait_text(t, "highlight saved", WAIT) == 0);
	term_type(t, "g");
	CHECK(t, term_wait_text(t, "(w: follow)", WAIT) == 0);
	term_type(t, "#");
	CHECK(t, term_wait_text(t, "said at the player", WAIT) == 0);
	CHECK(t, term_find(t, "4:45") >= 0);
	CHECK(t, pick_row(t, "cue 0270"));
	CHECK(t, term_wait_gone(t, "said at the player", WAIT) == 0);
	CHECK(t, wait_current(t, "cue 0270", WAIT));
	CHECK(t, status_has(t, "highlight at 4:45"));
out:
	pcase_end(&pc);
}

/*
 * Following goes on in another document of the video: opened with :open
 * (a transcript with timestamps, following again after scrolling away),
 * with a (a summary table) and with H (back), the line or row at the
 * player's time is current and kept in view as mpv moves.
 */
void
t_play_documents(void)
{
	struct pcase	 pc;
	struct term	*t;

	if (!pcase_prepare(&pc, "--pause"))
		return;
	pcase_run(&pc, VIDEO_ID ".en.vtt", 14);
	t = pc.t;
	CHECK(t, term_wait_text(t, "cue 0000", WAIT) == 0);
	term_type(t, ":goto 2:00\r");
	CHECK(t, wait_current(t, "cue 0120", WAIT));
	CHECK(t, pcase_play(&pc));
	if (pc.fd < 0)
		goto out;
	CHECK(t, pcase_seek(&pc, 185));
	CHECK(t, wait_current(t, "cue 0180", WAIT));
	/* Reading elsewhere suspends following here. */
	term_type(t, "t");
	CHECK(t, term_wait_text(t, "(w: follow)", WAIT) == 0);
	CHECK(t, wait_current(t, "cue 0210", WAIT));

	/* A transcript of the video: following, its line at 3:05 current. */
	term_type(t, ":open talk-transcript.md\r");
	CHECK(t, term_wait_text(t, "Transcript minute three", WAIT) == 0);
	CHECK(t, wait_current(t, "Transcript minute three", WAIT));
	CHECK(t, pcase_status(&pc, "⏸ 3:05", " ×1.0  following") == 0);
	/* The player moves: so does the current line, kept in view. */
	CHECK(t, pcase_seek(&pc, 250));
	CHECK(t, wait_current(t, "Transcript minute four", WAIT));
	CHECK(t, !is_current(t, "Transcript minute three"));
	CHECK(t, pcase_seek(&pc, 545));
	CHECK(t, wait_current(t, "Transcript minute nine", WAIT));
	CHECK(t, term_find(t, "Transcript minute one") < 0);
	CHECK(t, pcase_seek(&pc, 70));
	CHECK(t, wait_current(t, "Transcript minute one", WAIT));
	CHECK(t, term_find(t, "Transcript minute nine") < 0);
	CHECK(t, term_find(t, "following") >= 0);

	/* A summary table of the video, by a: the row at 1:10 is current. */
	term_type(t, "a");
	CHECK(t, term_wait_text(t, "Play test talk: summary", WAIT) == 0);
	CHECK(t, pick_row(t, "Play test talk: summary"));
	CHECK(t, term_wait_text(t, "Summary row of the opening", WAIT) == 0);
	CHECK(t, wait_current(t, "Summary row of the opening", WAIT));
	CHECK(t, pcase_status(&pc, "⏸ 1:10", " ×1.0  following") == 0);
	CHECK(t, pcase_seek(&pc, 380));
	CHECK(t, wait_current(t, "Summary row at six ten", WAIT));
	CHECK(t, !is_current(t, "Summary row of the opening"));
	CHECK(t, pcase_seek(&pc, 260));
	CHECK(t, wait_current(t, "Summary row at three forty-five", WAIT));
	CHECK(t, !is_current(t, "Summary row at six ten"));
	CHECK(t, term_find(t, "following") >= 0);

	/* Back (H) to the transcript and to the captions: the moment
	 * played, not the one current when they were left. */
	term_type(t, "H");
	CHECK(t, term_wait_text(t, "Transcript minute four", WAIT) == 0);
	CHECK(t, wait_current(t, "Transcript minute four", WAIT));
	CHECK(t, !is_current(t, "Transcript minute one"));
	term_type(t, "H");
	CHECK(t, term_wait_text(t, "cue 0240", WAIT) == 0);
	CHECK(t, wait_current(t, "cue 0240", WAIT));
	CHECK(t, !is_current(t, "cue 0210"));
	CHECK(t, pcase_status(&pc, "⏸ 4:20", " ×1.0  following") == 0);
out:
	pcase_end(&pc);
}

/* Make a socket at "path" that nobody listens on (a crashed mpv's). */
static bool
stale_socket(const char *path)
{
	struct sockaddr_un sa;
	int	 fd;
	bool	 ok;

	if ((fd = socket(AF_UNIX, SOCK_STREAM, 0)) == -1)
		return false;
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sa.sun_path)) {
		close(fd);
		return false;
	}
	memcpy(sa.sun_path, path, strlen(path) + 1);
	ok = bind(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0;
	close(fd);
	return ok;
}

/* Reap child "pid" (mpv, adopted), waiting up to WAIT; true if it was. */
static bool
reap(struct term *t, pid_t pid)
{
	long long end = now_ms() + WAIT;
	pid_t	 r;

	while ((r = waitpid(pid, NULL, WNOHANG)) == 0 && now_ms() < end)
		term_settle(t);
	return r == pid;
}

/*
 * Quitting the reader leaves mpv playing; a later reader's p on the same
 * video attaches to it (one mpv, not seeked), follows it and drives it;
 * a stale socket beside it is removed on the way.
 */
void
t_play_attach(void)
{
	struct pcase	 pc;
	struct term	*t;
	pid_t		 pids[4], first;
	char		 stale[1024], dir[700];
	void		 (*old_pipe)(int);
	const char	*env[] = { pc.renv, NULL };
	const char	*a[] = { "tests/fixtures/play/talk-transcript.md", NULL };

	if (!pcase_prepare(&pc, "--pause"))
		return;
	/* mpv outlives its reader: adopt it, to reap it at the end. */
	(void)prctl(PR_SET_CHILD_SUBREAPER, 1);
	/* A socket mpv closed fails a check, not the run. */
	old_pipe = signal(SIGPIPE, SIG_IGN);
	pcase_run(&pc, VIDEO_ID ".en.vtt", 30);
	t = pc.t;
	CHECK(t, term_wait_text(t, "cue 0000", WAIT) == 0);
	term_type(t, ":goto 2:00\r");
	CHECK(t, wait_current(t, "cue 0120", WAIT));
	CHECK(t, pcase_play(&pc));
	if (pc.fd < 0) {
		pcase_end(&pc);
		goto out;
	}
	CHECK(t, mpv_wait_num(pc.fd, "time-pos", 120, 0.05));
	CHECK(t, mpv_pids(pc.rundir, pids, 4) == 1);
	first = pids[0];
	/* The first reader quits: mpv plays on. */
	CHECK(t, quit_ok(t) == 0);
	term_free(t);
	pc.t = NULL;
	CHECK(NULL, mpv_wait_num(pc.fd, "time-pos", 120, 0.05));
	CHECK(NULL, kill(first, 0) == 0);
	snprintf(dir, sizeof(dir), "%s/folio", pc.rundir);
	snprintf(stale, sizeof(stale), "%s/mpv-1-1.sock", dir);
	CHECK(NULL, stale_socket(stale));

	/* A second reader, on another document of the video: p attaches. */
	t = pc.t = run(a, 30, 160, env);
	CHECK(t, term_wait_text(t, "Transcript minute two", WAIT) == 0);
	term_type(t, "p");
	CHECK(t, term_wait_text(t, "attached to the player", WAIT) == 0);
	CHECK(t, pcase_status(&pc, "⏸ 2:00", " ×1.0  following") == 0);
	CHECK(t, wait_current(t, "Transcript minute two", WAIT));
	CHECK(t, mpv_pids(pc.rundir, pids, 4) == 1 && pids[0] == first);
	CHECK(t, mpv_wait_num(pc.fd, "time-pos", 120, 0.05));
	CHECK(t, access(stale, F_OK) != 0);
	/* It follows the player and drives it. */
	CHECK(t, pcase_seek(&pc, 250));
	CHECK(t, wait_current(t, "Transcript minute four", WAIT));
	term_type(t, ">");
	CHECK(t, mpv_wait_num(pc.fd, "time-pos", 255, 0.05));
	CHECK(t, pcase_status(&pc, "⏸ 4:15", " ×1.0  following") == 0);
	/* mpv quits: noticed, its socket gone, reaped (no zombie). */
	CHECK(t, mpv_ask(pc.fd, "[\"quit\"]", 9, NULL, WAIT) == 0);
	close(pc.fd);
	pc.fd = -1;
	CHECK(t, term_wait_text(t, "player exited", WAIT) == 0);
	CHECK(t, reap(t, first));
	CHECK(t, kill(first, 0) == -1);
	CHECK(t, !find_socket(pc.rundir, stale, sizeof(stale)));
	pcase_end(&pc);
out:
	signal(SIGPIPE, old_pipe);
	(void)prctl(PR_SET_CHILD_SUBREAPER, 0);
}
