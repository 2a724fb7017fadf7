/*
 * ex_explore.h - exploring the schedules of one model with one strategy.
 *
 * The explorer re-runs the model from scratch under the runtime, letting a
 * strategy choose at every scheduling point, until the strategy says the
 * space is covered or a budget runs out.  It knows the runtime and the
 * model table, never the kernel port.
 */
#ifndef VFSRACE_EX_EXPLORE_H
#define VFSRACE_EX_EXPLORE_H

#include <stdbool.h>
#include <stdint.h>
#include "ex_schedule.h"
#include "model.h"
#include "rt_exec.h"

struct ex_options {
	const struct model *model;
	struct model_args args;
	const char *strategy;	      /* dfs, dpor, bounded, random, pct, replay */
	uint64_t seed;		      /* random, pct */
	int pct_depth;		      /* pct: bug depth d */
	int preemptions;	      /* bounded / dpor: bound K, -1 = none */
	unsigned long max_executions; /* 0 = no budget */
	double max_seconds;	      /* 0 = no budget */
	unsigned max_steps;	      /* per execution (livelock bound) */
	int jobs;		      /* -j N */
	int shard_index, shard_count; /* --shard i/N; count 0 = no sharding */
	bool keep_going;	      /* go on after a violation */
	/* dpor's first choice at a new state: false = seeded random (finds
	 * narrow windows early), true = let the running thread go on (fewest
	 * context switches, fastest complete runs).  Counts are the same. */
	bool sticky_walk;
	bool race_detect;		  /* happens-before data race detector */
	bool progress;			  /* rate on stderr */
	const char *out_dir;		  /* where counterexamples are written */
	const struct ex_schedule *replay; /* strategy "replay" */
	/* Optional: called once for each distinct terminal state hash when
	 * the exploration ends, in the calling process whatever -j says
	 * (tests compare the state sets that two strategies reach). */
	void (*on_state)(void *ctx, uint64_t state_hash);
	void *on_state_ctx;
	/* Keep the distinct terminal state hashes in the report (for merging
	 * the results of --shard runs). */
	bool keep_state_hashes;
	/* --isolate: each work unit runs in a forked worker; a crash (abort,
	 * a fault outside the slab) or a step that takes longer than
	 * isolate_timeout seconds without a scheduling point becomes a
	 * violation of kind "crash" or "hang" with the schedule so far. */
	bool isolate;
	double isolate_timeout;
	/* --checkpoint FILE: after each finished work unit, the merged
	 * results so far are written to FILE; --resume FILE: units found in
	 * FILE are not run again (the options must be the same). */
	const char *checkpoint;
	const char *resume;
	/* Test hooks: raise(SIGINT) once this many units are checkpointed;
	 * raise(SIGKILL) right after the first counterexample is saved. */
	unsigned test_interrupt_after_units;
	bool test_kill_after_save;
};

struct ex_found {
	struct rt_violation v;
	struct ex_schedule sched;
	char path[512]; /* saved schedule file */
};

struct ex_stats {
	unsigned long executions;      /* complete executions explored */
	unsigned long blocked;	       /* abandoned: sleep-set blocked / redundant */
	unsigned long distinct_states; /* distinct terminal state hashes */
	unsigned long steps;	       /* scheduling decisions taken */
	unsigned max_depth;
	unsigned max_preemptions;
	bool complete; /* space covered under the stated bounds */
	double elapsed_s;
};

#define EX_MAX_FOUND 16

/*
 * --races: every distinct pair of accesses the data race detector saw
 * racing, identified by the two code locations (a before b in (file,
 * line) order), with the number of executions in which it saw the pair.
 */
struct ex_race_site {
	char file[32]; /* the port file's name */
	int line;
	char func[48]; /* the ported function */
	char what[64]; /* the marker's text: "read nr_unused" */
	bool write;
};

struct ex_race {
	struct ex_race_site a, b;
	bool accepted;		  /* one side is RT_READ_RACY: the kernel accepts it */
	unsigned long executions; /* executions in which the pair raced */
};

#define EX_MAX_RACES 64

struct ex_race_table {
	int n;
	struct ex_race r[EX_MAX_RACES];
	unsigned long dropped; /* pairs seen beyond EX_MAX_RACES, not kept */
};

/* Count pair r `executions` more times in t (added if new). */
void ex_race_table_add(struct ex_race_table *t, const struct ex_race *r, unsigned long executions);
/* Most executions first, then by location. */
void ex_race_table_sort(struct ex_race_table *t);

struct ex_report {
	struct ex_stats stats;
	int nfound;
	struct ex_found found[EX_MAX_FOUND];
	char bounds[128];	/* e.g. "steps<=2000, preemptions<=2" */
	unsigned resumed_units; /* taken from the --resume checkpoint */
	/* With race_detect: every racing pair, most executions first. */
	struct ex_race_table races;
	/* With keep_state_hashes: the distinct terminal states, ascending. */
	uint64_t *state_hashes;
	unsigned long nstate_hashes;
};

void ex_options_default(struct ex_options *o);
/* 0 on success (whether or not violations were found), -1 on error, 1 when
 * interrupted by ex_request_stop() (the checkpoint, if any, is written). */
int ex_explore(const struct ex_options *o, struct ex_report *r, char *errbuf, unsigned errlen);
void ex_report_free(struct ex_report *r);
/* Ask a running exploration to stop after the current execution; safe
 * from a signal handler (SIGINT/SIGTERM with --checkpoint). */
void ex_request_stop(void);
bool ex_stop_requested(void);

/* Replay a schedule once with events and states recorded; the event log is
 * then available from rt_events().  Returns -1 with errbuf on divergence. */
int ex_replay(const struct model *m, const struct model_args *a, const struct ex_schedule *s,
	      unsigned max_steps, struct rt_result *res, char *errbuf, unsigned errlen);

const char *const *ex_strategy_names(void);

#endif
