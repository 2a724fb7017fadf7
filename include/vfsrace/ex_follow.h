/*
 * ex_follow.h - a failing schedule run under another fix, for as long as
 * it still fits.
 *
 * A schedule saved under one fix is a list of thread choices; under
 * another fix the threads run other code (a down() more, a retry), so the
 * choices alone would cut them at other places.  Following keeps the
 * schedule's meaning instead: each run of one thread in the original goes
 * on until that thread has done the same operation (the same function and
 * marker, counted) where the original switched away.  It stops where the
 * fix changes the story: the thread the schedule runs next cannot run (it
 * blocks on a lock another holds, it has ended) or ends before it gets
 * there.  From that point every thread runs until it blocks or ends, so
 * the trace also shows how the fixed kernel comes out of it.
 */
#ifndef VFSRACE_EX_FOLLOW_H
#define VFSRACE_EX_FOLLOW_H

#include <stdbool.h>

#include "model.h"
#include "rt_exec.h"
#include "rt_trace.h"

/* Run tid until its occurrence-th step with this function and marker. */
struct ex_follow_seg {
	int tid;
	const char *func;
	const char *what;
	unsigned occurrence;
	unsigned orig_step; /* the original's last step of the run */
};

struct ex_follow_plan {
	unsigned n;
	struct ex_follow_seg *seg;
};

/* The runs of the original trace (which must outlive the plan's use). */
int ex_follow_plan(const struct rt_trace *orig, struct ex_follow_plan *plan);
void ex_follow_plan_free(struct ex_follow_plan *plan);

enum ex_follow_why {
	EX_FOLLOW_FITS = 0, /* every run went as in the original */
	EX_FOLLOW_BLOCKED,  /* the next run's thread cannot run */
	EX_FOLLOW_ENDED,    /* the next run's thread has ended */
	EX_FOLLOW_SHORT,    /* a run's thread ended or blocked before its switch point */
};

struct ex_follow_stop {
	enum ex_follow_why why;
	unsigned step;	 /* the step at which it stopped fitting */
	unsigned seg;	 /* the original's run it could not do */
	int tid;	 /* the thread that run needed */
	struct rt_op op; /* what tid was about to do (BLOCKED) */
	bool has_op;
};

/* Run plan under a (recording a trace) with this step bound; then, with
 * check_races, the data race detector over it (a schedule saved for a
 * data race).  0, or -1 on an internal error. */
int ex_follow(const struct model *m, const struct model_args *a, const struct ex_follow_plan *plan,
	      unsigned max_steps, bool check_races, struct rt_result *res,
	      struct ex_follow_stop *stop);

#endif
