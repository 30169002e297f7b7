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

struct scan {
	struct job	 job;
	bool		 announce;	/* say so when swapped in */
	struct corpus	*c;		/* being built; read for progress */
};

/* Scan the roots and the file opened outside them into "c", then load
 * it (the roots and that file do not change while a scan runs). */
static void
fill(const struct app *app, struct corpus *c)
{
	struct folio_err err;
	int		 i;

	c->flat = app->flat;
	for (i = 0; i < app->nroots; i++)
		(void)corpus_add_root(c, app->roots[i], &err);
	if (app->extra != NULL && corpus_find(c, app->extra) < 0)
		corpus_add_file(c, app->extra);
	corpus_use_cache(c);
	corpus_load(c, 0);
}

struct corpus *
scan_corpus(struct app *app)
{
	struct corpus	*c = corpus_new();

	fill(app, c);
	return c;
}

/* The job: scan and load the library, below the reader's priority. */
static void
worker(void *arg)
{
	struct app	*app = arg;
	struct scan	*s = app->scan;

#ifdef __linux__
	/* Below the reader (Linux: per thread, inherited by the loader's
	 * threads), so keys are answered at once while it scans. */
	(void)setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), 10);
#endif

	fill(app, s->c);
}

void
scan_start(struct app *app, bool announce)
{
	struct scan	*s;

	if (app->scan != NULL) {
		app->scan->announce |= announce;
		return;			/* one at a time */
	}
	s = xcalloc(1, sizeof(*s));
	s->announce = announce;
	s->c = corpus_new();
	app->scan = s;
	job_start(&s->job, worker, app);
}

bool
scan_wait(struct app *app, int ms)
{
	if (app->scan == NULL)
		return false;
	return job_wait(&app->scan->job, ms);
}

struct corpus *
scan_take(struct app *app)
{
	struct scan	*s = app->scan;
	struct corpus	*c;

	if (s == NULL)
		return NULL;
	job_join(&s->job);
	c = s->c;
	free(s);
	app->scan = NULL;
	return c;
}

static long long
now_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void
scan_poll(struct app *app)
{
	struct scan	*s = app->scan;
	long long	 now = now_ms();
	size_t		 before = app->c->n;
	bool		 announce;

	/* A change on disk: scan once things are quiet for a moment. */
	if (watch_changed(app->watch, now))
		app->rescan_at = now + SETTLE_MS;
	if (s == NULL && app->rescan_at != 0 && now >= app->rescan_at) {
		app->rescan_at = 0;
		scan_start(app, false);
		return;
	}
	if (s == NULL || !job_done(&s->job))
		return;
	/* Pickers and prompts other than the filter's hold entries and
	 * items, the index thread reads the library, and a document deleted
	 * while open stays readable until it is left: swap after them. */
	if (app->pick.on || (app->prompt != PROMPT_NONE &&
	    app->prompt != PROMPT_FILTER) || fts_busy(app) || app->doc_gone)
		return;
	announce = s->announce;
	app_swap_corpus(app, scan_take(app), NULL);
	if (announce)
		app_message(app, false, "%zu document%s", app->c->n,
	    app_plural(app->c->n));
	else if (app->c->n != before)
		app_message(app, false, "the library changed: %zu document%s",
		    app->c->n, app_plural(app->c->n));
}

bool
scan_pending(const struct app *app)
{
	return app->scan != NULL || app->rescan_at != 0;
}

void
scan_status(const struct app *app, char *out, size_t cap)
{
	struct corpus	*c = app->scan != NULL ? app->scan->c : NULL;
	size_t		 total;

	if (c == NULL || job_done(&app->scan->job))
		out[0] = '\0';
	else if ((total = atomic_load(&c->ptotal)) == 0)
		snprintf(out, cap, "scanning");
	else
		snprintf(out, cap, "scanning %zu/%zu",
		    atomic_load(&c->progress), total);
}

void
scan_stop(struct app *app)
{
	if (app->scan != NULL) {
		corpus_cancel(app->scan->c);
		corpus_free(scan_take(app));
	}
}
