/* SPDX-License-Identifier: ISC */
/*
 * The library scan in the reader.  The first frame is drawn from the
 * summary cache alone (documents it does not hold show their paths); the
 * full scan builds a new library in a background thread, which the main
 * loop swaps in when it is done, keeping the open document, its position,
 * the selection and the filter.  The user keeps reading meanwhile.
 */
#include "ui.h"

#include <sys/resource.h>
#ifdef __linux__
#include <sys/syscall.h>
#endif

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "folio/corpus.h"
#include "folio/err.h"
#include "folio/watch.h"
#include "folio/xmalloc.h"

#define SETTLE_MS	250	/* quiet time after a change before a scan */

/* A scan running in the background, with its own copy of what to scan. */
struct scan {
	struct job	 job;
	bool		 announce;	/* say so when swapped in */
	struct corpus	*c;		/* being built; read for progress */
	char		**roots;
	int		 nroots;
	char		*extra;
	bool		 flat;
};

static struct scan	*scan;		/* running, or NULL */
static struct watch	*watch;		/* changes to the library on disk */
static long long	 rescan_at;	/* scan then (monotonic ms), or 0 */

/* Scan "roots" and the file "extra" opened outside them into "c", then
 * load it. */
static void
fill(struct corpus *c, char *const *roots, int nroots, const char *extra,
    bool flat)
{
	struct folio_err err;
	int		 i;

	c->flat = flat;
	for (i = 0; i < nroots; i++)
		(void)corpus_add_root(c, roots[i], &err);
	if (extra != NULL && corpus_find(c, extra) < 0)
		corpus_add_file(c, extra);
	corpus_use_cache(c);
	corpus_load(c, 0);
}

/* Scan and load the library now, in this thread. */
struct corpus *
scan_corpus(struct app *app)
{
	struct corpus	*c = corpus_new();

	fill(c, app->roots, app->nroots, app->extra, app->flat);
	return c;
}

/* The job: scan and load the library, below the reader's priority. */
static void
worker(void *arg)
{
	struct scan	*s = arg;

#ifdef __linux__
	/* Below the reader (Linux: per thread, inherited by the loader's
	 * threads), so keys are answered at once while it scans. */
	(void)setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), 10);
#endif

	fill(s->c, s->roots, s->nroots, s->extra, s->flat);
}

/* Start a background scan (one at a time). */
void
scan_start(struct app *app, bool announce)
{
	struct scan	*s;
	int		 i;

	if (scan != NULL) {
		scan->announce |= announce;
		return;			/* one at a time */
	}
	s = xcalloc(1, sizeof(*s));
	s->announce = announce;
	s->c = corpus_new();
	s->roots = xcalloc((size_t)app->nroots + 1, sizeof(*s->roots));
	for (i = 0; i < app->nroots; i++)
		s->roots[i] = xstrdup(app->roots[i]);
	s->nroots = app->nroots;
	s->extra = app->extra != NULL ? xstrdup(app->extra) : NULL;
	s->flat = app->flat;
	scan = s;
	job_start(&s->job, worker, s);
}

/* Wait up to "ms" for the scan; whether it is done. */
bool
scan_wait(struct app *app, int ms)
{
	(void)app;
	if (scan == NULL)
		return false;
	return job_wait(&scan->job, ms);
}

/* Wait for the scan and take its library; *announce: whether to say so. */
struct corpus *
scan_take(struct app *app, bool *announce)
{
	struct scan	*s = scan;
	struct corpus	*c;
	int		 i;

	(void)app;
	if (s == NULL)
		return NULL;
	job_join(&s->job);
	c = s->c;
	if (announce != NULL)
		*announce = s->announce;
	for (i = 0; i < s->nroots; i++)
		free(s->roots[i]);
	free(s->roots);
	free(s->extra);
	free(s);
	scan = NULL;
	return c;
}

static long long
now_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Called by the main loop: start a scan when the library changed on disk;
 * a finished one is posted (EV_SCAN_DONE) until it is taken. */
void
scan_poll(struct app *app)
{
	long long	 now = now_ms();

	/* A change on disk: scan once things are quiet for a moment. */
	if (watch_changed(watch, now))
		rescan_at = now + SETTLE_MS;
	if (scan == NULL && rescan_at != 0 && now >= rescan_at) {
		rescan_at = 0;
		scan_start(app, false);
		return;
	}
	if (scan != NULL && job_done(&scan->job))
		ui_post(app, EV_SCAN_DONE, 0, 0);
}

/* Watch the library on disk for changes (again, after a swap). */
void
scan_watch(struct app *app)
{
	watch_free(watch);
	watch = watch_new(app->c);
}

/* Whether a scan runs or waits for the library to settle. */
bool
scan_pending(const struct app *app)
{
	(void)app;
	return scan != NULL || rescan_at != 0;
}

/* "scanning 120/1000" while a scan runs. */
void
scan_status(const struct app *app, char *out, size_t cap)
{
	struct corpus	*c = scan != NULL ? scan->c : NULL;
	size_t		 total;

	(void)app;
	if (c == NULL || job_done(&scan->job))
		out[0] = '\0';
	else if ((total = atomic_load(&c->ptotal)) == 0)
		snprintf(out, cap, "scanning");
	else
		snprintf(out, cap, "scanning %zu/%zu",
		    atomic_load(&c->progress), total);
}

/* Stop a scan, drop its library and stop watching. */
void
scan_stop(struct app *app)
{
	if (scan != NULL) {
		corpus_cancel(scan->c);
		corpus_free(scan_take(app, NULL));
	}
	watch_free(watch);
	watch = NULL;
}
