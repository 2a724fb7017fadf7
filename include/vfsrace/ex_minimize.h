/*
 * ex_minimize.h - the schedule with the fewest preemptions that still
 * shows a violation of the same kind: the easiest trace to read.
 */
#ifndef VFSRACE_EX_MINIMIZE_H
#define VFSRACE_EX_MINIMIZE_H

#include "ex_explore.h"
#include "ex_schedule.h"

struct ex_minimized {
	char kind[32]; /* the violation it shows */
	unsigned orig_preemptions;
	unsigned preemptions;	  /* of sched */
	int bound;		  /* K that found it; -1: the original was kept */
	unsigned long budget;	  /* executions the search could take */
	bool budget_out;	  /* it took them all before K reached the original's */
	int budget_bound;	  /* K being searched when it ran out */
	struct ex_schedule sched; /* the caller frees it */
	char path[1024];	  /* where it was saved */
};

/* Executions a minimisation takes at most unless o->max_executions says. */
#define EX_MINIMIZE_BUDGET 200000

/* Minimise orig (of o's model, arguments and max_steps), which must name
 * its violation and show it when replayed (refused otherwise), and save
 * the result to path.  The search takes at most o->max_executions
 * executions (0: EX_MINIMIZE_BUDGET); when they run out, the best
 * schedule found so far is kept.  The last replay is the result's
 * (rt_events() hold its trace).  0, or -1 with errbuf. */
int ex_minimize(const struct ex_options *o, const struct ex_schedule *orig, const char *path,
		struct ex_minimized *m, char *errbuf, unsigned errlen);
/* "out/x.vfsched" -> "out/x.min.vfsched"; without an extension, "x.min". */
void ex_minimize_default_path(const char *path, char *buf, size_t len);

#endif
