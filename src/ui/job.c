/* SPDX-License-Identifier: ISC */
/*
 * Background work in the reader (the library scan, the index update, the
 * second step of reading a large document), all through one helper: start
 * a function on a thread (or run it at once when no thread can be made),
 * look whether it is done without waiting, wait a little, or join.  The
 * main loop polls; the job's owner takes its result once it is done.
 */
#include "ui.h"

/* The thread: run the job, then say so. */
static void *
trampoline(void *arg)
{
	struct job	*j = arg;

	j->fn(j->arg);
	atomic_store(&j->done, true);
	return NULL;
}

void
job_start(struct job *j, void (*fn)(void *), void *arg)
{
	j->fn = fn;
	j->arg = arg;
	atomic_init(&j->done, false);
	j->joinable = pthread_create(&j->th, NULL, trampoline, j) == 0;
	if (!j->joinable)
		trampoline(j);	/* no thread: do it here */
}

bool
job_done(struct job *j)
{
	return atomic_load(&j->done);
}

bool
job_wait(struct job *j, int ms)
{
	struct timespec	 step = { 0, 1000 * 1000 };
	int		 waited;

	for (waited = 0; waited < ms && !atomic_load(&j->done); waited++)
		nanosleep(&step, NULL);
	return atomic_load(&j->done);
}

void
job_join(struct job *j)
{
	if (j->joinable)
		pthread_join(j->th, NULL);
	j->joinable = false;
}
