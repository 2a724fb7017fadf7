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
#include <stddef.h>
#include <stdint.h>
#include "ex_report.h"
#include "ex_schedule.h"
#include "model.h"
#include "rt_exec.h"

/* Steps per execution before it counts as a livelock, unless told. */
#define EX_DEFAULT_MAX_STEPS 5000
/* random and pct sample without end: the executions `vfsrace explore` and
 * `verify` run when neither --executions nor --time is given. */
#define EX_DEFAULT_SAMPLES 10000

/* A scheduling strategy (src/explore/strategy.h): dfs, dpor, bounded,
 * random or pct, found by name. */
struct strategy_ops;
const struct strategy_ops *ex_strategy_find(const char *name);
const char *ex_strategy_name(const struct strategy_ops *s);
/* Every name ex_strategy_find() knows, NULL-terminated. */
const char *const *ex_strategy_names(void);

struct ex_options {
	const struct model *model;
	struct model_args args;
	const struct strategy_ops *strategy;
	uint64_t seed;		      /* random, pct */
	int pct_depth;		      /* pct: bug depth d */
	int preemptions;	      /* bounded / dpor: bound K, -1 = none */
	unsigned long max_executions; /* 0 = no budget */
	double max_seconds;	      /* 0 = no budget */
	unsigned max_steps;	      /* per execution (livelock bound) */
	int jobs;		      /* -j N */
	int shard_index, shard_count; /* --shard i/N; count 0 = no sharding */
	bool keep_going;	      /* go on after a violation */
	/* dpor's first choice at a new state: the chance, in percent, that
	 * the running thread goes on, else a seeded random pick.  0 (--walk
	 * random) finds narrow windows early, 100 (--walk sticky) takes the
	 * fewest context switches; what lies between mixes the two.  The
	 * walk decides the order of the executions, not which traces a
	 * complete run explores, nor how many. */
	unsigned walk_stay_percent;
	bool race_detect;		  /* happens-before data race detector */
	bool progress;			  /* rate on stderr */
	const char *out_dir;		  /* where counterexamples are written */
	const struct ex_schedule *replay; /* strategy "replay" */
	/* Optional: called after every execution counted in `executions`,
	 * with its result and event log, in the process that ran it (so only
	 * with -j 1 and without --isolate).  Oracles classify traces. */
	void (*on_execution)(void *ctx, const struct rt_result *res, const struct rt_event *ev,
			     unsigned n);
	void *on_execution_ctx;
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
	/* --force: --checkpoint may replace an existing regular file that is
	 * not the one being resumed (without it, that is refused: it may be
	 * another run's unfinished checkpoint). */
	bool force;
};

void ex_options_default(struct ex_options *o);
/* "tool 0.1.0 model M fix F param.P V ... strategy S seed N ...": pairs of
 * words naming everything that decides which executions an exploration
 * runs and what each one reports (not how: -j, --isolate, --out, --time,
 * --shard).  Runs of equal spaces add up to one run of it. */
#define EX_SPACE_MAX 1024 /* enough for any model's space */
void ex_options_space(const struct ex_options *o, char *buf, size_t len);
/* Do two spaces differ?  If so, what names the first pair that does
 * ("preemptions 1 vs 3"). */
bool ex_options_space_differs(const char *a, const char *b, char *what, size_t len);
/* 0 on success (whether or not violations were found), -1 on error (r
 * holds nothing), 1 when interrupted by ex_request_stop(): the checkpoint,
 * if any, is written and r holds what was explored before the stop (its
 * counts and violations, complete false); free it as after 0. */
int ex_explore(const struct ex_options *o, struct ex_report *r, char *errbuf, unsigned errlen);
/* Ask a running exploration to stop after the current execution; safe
 * from a signal handler (SIGINT/SIGTERM, src/cli/signals.c). */
void ex_request_stop(void);
bool ex_stop_requested(void);

#endif
