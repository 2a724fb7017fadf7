/*
 * free_baseline.c - what a user would do without vfsrace's explorer: run
 * the same port on real threads (primitives on real Concurrency Kit
 * spinlocks and POSIX-style semaphores, no scheduler), loop with random
 * start delays, and wait for the race to show.  Reports how many runs and
 * how long it took to hit a violation, if ever within the budget, next to
 * the explorer's executions and time to the first violation.
 *
 *   bench_free_baseline [MODEL] [--runs N] [--jitter-us U] [--seconds S]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "vfsrace/ex_explore.h"
#include "vfsrace/ex_model_program.h"
#include "vfsrace/model.h"
#include "vfsrace/rt_exec.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
	const char *name = "select_parent";
	unsigned long runs = 200000;
	double seconds = 20;
	unsigned jitter_us = 50;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--runs") && i + 1 < argc)
			runs = strtoul(argv[++i], NULL, 10);
		else if (!strcmp(argv[i], "--seconds") && i + 1 < argc)
			seconds = atof(argv[++i]);
		else if (!strcmp(argv[i], "--jitter-us") && i + 1 < argc)
			jitter_us = (unsigned)strtoul(argv[++i], NULL, 10);
		else
			name = argv[i];
	}
	const struct model *m = model_find(name);
	if (!m) {
		fprintf(stderr, "unknown model %s\n", name);
		return 2;
	}
	rt_init();
	struct model_args args;
	struct ex_model_program mp;
	model_default_args(m, &args);
	ex_model_program_init(&mp, m, &args);
	struct rt_result res;

	/* The explorer, for comparison: dpor, default model, first violation. */
	struct ex_options o;
	struct ex_report rep;
	char err[256];
	ex_options_default(&o);
	o.model = m;
	o.args = args;
	o.out_dir = "";
	if (ex_explore(&o, &rep, err, sizeof(err)) != 0) {
		fprintf(stderr, "explore: %s\n", err);
		return 1;
	}
	printf("explorer (dpor, random walk): %s after %lu executions, %.4f s\n",
	       rep.nfound ? rep.found[0].v.kind : "no violation", rep.stats.executions,
	       rep.stats.elapsed_s);
	ex_report_free(&rep);

	/* The free-running port can crash for real (a NULL pointer left by
	 * 2.4's list_del(), say): run the loop in a child and count its runs
	 * in shared memory, so a crash is a result, not the end of the bench. */
	unsigned long *runs_done = mmap(NULL, sizeof(*runs_done), PROT_READ | PROT_WRITE,
					MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (runs_done == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	*runs_done = 0;
	rt_free_start_jitter_ns = jitter_us * 1000;
	double t0 = now();
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		rt_after_fork(-1);
		for (unsigned long n = 1; n <= runs && now() - t0 < seconds; n++) {
			rt_run_free(&mp.prog, &res);
			*runs_done = n;
			if (res.nviolations) {
				printf("free-running threads: %s after %lu runs, %.3f s "
				       "(start jitter < %u us)\n",
				       res.v[0].kind, n, now() - t0, jitter_us);
				fflush(stdout);
				_exit(0);
			}
		}
		printf("free-running threads: no violation in %lu runs, %.3f s (start jitter < %u "
		       "us)\n",
		       *runs_done, now() - t0, jitter_us);
		fflush(stdout);
		_exit(0);
	}
	int st = 0;
	waitpid(pid, &st, 0);
	if (WIFSIGNALED(st))
		printf("free-running threads: the process crashed (signal %d) in run %lu, %.3f s "
		       "(start jitter < %u us)\n",
		       WTERMSIG(st), *runs_done + 1, now() - t0, jitter_us);
	return 0;
}
