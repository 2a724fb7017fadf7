/*
 * harness.h - running small multi-threaded programs on the runtime, for the
 * runtime's own tests.
 *
 * A test describes its threads and a scripted schedule; the harness builds
 * the rt_program and a scheduler that follows the script (one thread id per
 * scheduling decision; a thread's "start" step is taken, uncounted, when
 * the script first names it), then falls back to the lowest enabled
 * thread.  An
 * optional observer sees every view the scheduler is shown.  Threads and
 * observers run on controlled threads: they must record what they see and
 * leave the CMocka asserts to the test body, after rt_run() returned.
 */
#ifndef VFSRACE_TESTS_RUNTIME_HARNESS_H
#define VFSRACE_TESTS_RUNTIME_HARNESS_H

#include <stdbool.h>
#include <stdint.h>

#include <vfsrace/rt_exec.h>

#define TH_MAX_DECISIONS 4096

struct th_thread {
	const char *name;
	rt_thread_fn fn;
	void *arg;
};

struct th_run {
	int nthreads;
	struct th_thread t[RT_MAX_THREADS];
	/* Runs in set-up before the threads are registered: re-initialise the
	 * shared objects so every execution starts from the same state. */
	void (*init)(void);
	/* End-of-run check; its return value is the result's state_hash. */
	uint64_t (*check)(bool completed);
	const int *script; /* preferred thread per decision */
	unsigned nscript;
	bool script_has_starts; /* one entry per step, starts too: a replay */
	void (*observe)(const struct rt_sched_view *v);
	/* After the script: this policy, else the lowest enabled thread. */
	int (*policy)(const struct rt_sched_view *v);
	struct rt_exec_config cfg;

	/* Filled by th_run(). */
	unsigned ndecisions;
	int decisions[TH_MAX_DECISIONS]; /* what the scheduler chose */
	unsigned script_misses;		 /* script entries that were not enabled */
	unsigned script_pos;		 /* script entries used */
};

/* Run one execution of r; returns rt_run()'s value. */
int th_run(struct th_run *r, struct rt_result *res);
/* Executions of r back to back in one rt_run_many loop: after each,
 * next(r, res, arg) (on the thread that ended it) may change r and says
 * whether another runs. */
int th_run_many(struct th_run *r, struct rt_result *res,
		bool (*next)(struct th_run *r, struct rt_result *res, void *arg), void *arg);

/* The first violation of this kind, or NULL. */
const struct rt_violation *th_violation(const struct rt_result *res, const char *kind);

/* Lowest enabled thread, or -1. */
int th_lowest_enabled(const struct rt_sched_view *v);

/* CMocka group set-up and tear-down: start and stop the runtime once per
 * test binary (cmocka_run_group_tests(tests, th_group_setup,
 * th_group_teardown)). */
int th_group_setup(void **state);
int th_group_teardown(void **state);

/*
 * Depth-first enumeration of every schedule of r (stateless: each
 * execution replays the prefix chosen so far, then takes the lowest
 * enabled thread).  Calls on_exec after each execution; stops after
 * max_execs executions.  Returns the number of executions, or 0 when the
 * bound was hit before the search ended.
 */
unsigned th_dfs(struct th_run *r, unsigned max_execs,
		void (*on_exec)(const struct th_run *r, const struct rt_result *res, void *arg),
		void *arg);

#endif
