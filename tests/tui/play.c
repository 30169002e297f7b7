/* SPDX-License-Identifier: ISC */
/*
 * Terminal tests of playback: the reader starts a real mpv (headless) on
 * a test video that mpv itself makes, follows it, drives it, and notices
 * when it quits; checked over mpv's own socket.  Highlights taken with *
 * and listed in their view.
 */
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>

#include <dirent.h>
#include <poll.h>
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

		if (left <= 0)
			return -1;
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
				return strstr(line, "\"success\"") != NULL ?
				    0 : -1;
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
	CHECK(t, quit_ok(t) == 0);
	term_free(t);
}
