/*
 * frame: time the real reader in a pseudo-terminal, as a user sees it.
 *
 *	frame [-n RUNS] [-e K=V] STEP... -- folio ARGS...
 *
 * Each STEP is "TEXT" (wait until TEXT is on the screen), "+KEYS:TEXT"
 * (type KEYS, then wait for TEXT) or "!TEXT" (wait until TEXT is gone).
 * For every step it prints the best time over RUNS runs, in milliseconds
 * from the start of the program, and the best time from the step before
 * it; then the peak resident size of the reader in KB:
 *
 *	step 1 12.3
 *	delta 1 12.3
 *	step 2 40.1
 *	delta 2 27.8
 *	maxrss 52000
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <time.h>

#include "term.h"

#define MAXSTEP	16

/* Return the monotonic time in milliseconds. */
static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int
main(int argc, char *argv[])
{
	const char *env[8] = { NULL };
	const char *steps[MAXSTEP];
	double best[MAXSTEP], bestd[MAXSTEP], t0, t, prev;
	struct rusage ru;
	struct term *tm;
	int i, nsteps = 0, nenv = 0, runs = 3, run, s;

	for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
		if (strcmp(argv[i], "-n") == 0 && i + 1 < argc)
			runs = atoi(argv[++i]);
		else if (strcmp(argv[i], "-e") == 0 && i + 1 < argc &&
		    nenv < 7)
			env[nenv++] = argv[++i];
		else if (nsteps < MAXSTEP)
			steps[nsteps++] = argv[i];
	}
	if (i >= argc - 1 || nsteps == 0 || runs < 1) {
		fprintf(stderr, "usage: frame [-n RUNS] [-e K=V] STEP... -- "
		    "PROGRAM ARGS...\n");
		return 2;
	}
	for (s = 0; s < nsteps; s++)
		best[s] = bestd[s] = 1e12;
	for (run = 0; run < runs; run++) {
		prev = 0;
		if ((tm = term_spawn((const char *const *)argv + i + 1, 40, 160,
		    env)) == NULL) {
			perror("frame: spawn");
			return 1;
		}
		/* from the spawn: the terminal is there before the program,
		 * as a user's is */
		t0 = term_started(tm);
		for (s = 0; s < nsteps; s++) {
			const char *text = steps[s];
			char keys[256];

			if (text[0] == '+' && strchr(text, ':') != NULL) {
				size_t n = (size_t)(strchr(text, ':') - text - 1);

				if (n >= sizeof(keys))
					n = sizeof(keys) - 1;
				memcpy(keys, text + 1, n);
				keys[n] = '\0';
				text = strchr(text, ':') + 1;
				term_send(tm, keys);
			}
			if (text[0] == '!' ? term_wait_gone(tm, text + 1,
			    120000) == -1 : term_wait_seen(tm, text,
			    120000) == -1) {
				fprintf(stderr, "frame: \"%s\" never came; "
				    "the screen:\n", text);
				term_dump(tm, stderr);
				term_free(tm);
				return 1;
			}
			t = now_ms() - t0;
			if (t < best[s])
				best[s] = t;
			if (t - prev < bestd[s])
				bestd[s] = t - prev;
			prev = t;
		}
		/* leave any prompt or overlay, then quit */
		term_key(tm, VTERM_KEY_ESCAPE, VTERM_MOD_NONE);
		if (term_wait_exit(tm, 2000) == -1) {
			term_type(tm, "q");
			if (term_wait_exit(tm, 30000) == -1)
				fprintf(stderr, "frame: the program did not "
				    "quit\n");
		}
		term_free(tm);
	}
	for (s = 0; s < nsteps; s++)
		printf("step %d %.1f\ndelta %d %.1f\n", s + 1, best[s], s + 1,
		    bestd[s]);
	getrusage(RUSAGE_CHILDREN, &ru);
	printf("maxrss %ld\n", ru.ru_maxrss);
	return 0;
}
