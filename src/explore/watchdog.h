/*
 * watchdog.h - --isolate: what a pool worker that runs a unit under watch
 * shows (its choices and a heartbeat, in shared memory), how its death is
 * told apart (crash or hang), and the unit's history of such deaths.
 *
 * A worker that dies, or whose heartbeat stands still for the timeout,
 * leaves the schedule it was on: that is saved as a violation of kind
 * "crash" or "hang".  With --keep-going the unit runs again in a new
 * worker that abandons any execution about to take the last choice of
 * such a schedule (counted as blocked), so the rest of the unit is still
 * explored, however many executions kill a worker (the first death of
 * each kind is the unit's counterexample); without it the unit stops
 * there, as with any other violation.  A restarted worker explores the
 * unit from its start again: n deaths cost n + 1 runs of the unit.
 */
#ifndef VFSRACE_EXPLORE_WATCHDOG_H
#define VFSRACE_EXPLORE_WATCHDOG_H

#include <stdbool.h>
#include <stddef.h>

#include "unit.h"

struct watchdog {
	struct ex_progress *pg; /* shared with the worker */
	size_t pglen;
	double timeout;		 /* seconds without a heartbeat: hung */
	unsigned long heartbeat; /* last seen */
	double since;		 /* when it last moved */
	struct ex_report kills;	 /* the unit's crashes and hangs so far */
	struct ex_skip_list skip;
};

/* 0, or -1 with errno when the shared mapping cannot be made. */
int watchdog_init(struct watchdog *w, const struct ex_options *o);
void watchdog_free(struct watchdog *w);
/* A new unit: forget the previous unit's deaths. */
void watchdog_new_unit(struct watchdog *w);
/* A worker starts on the unit. */
void watchdog_start(struct watchdog *w);
/* Has the heartbeat stood still for longer than the timeout? */
bool watchdog_stalled(struct watchdog *w);
/* The worker died (status from waitpid) or was killed as hung: save its
 * schedule as a violation.  True if the unit should run again, stepping
 * over it; false if the unit ends here (watchdog_unit_ended). */
bool watchdog_record_death(struct watchdog *w, const struct unit_job *job, int status, bool hung);
/* The result of a unit whose last worker died: what it explored is lost
 * with the worker, so its counts are not complete. */
void watchdog_unit_ended(struct watchdog *w, const struct ex_options *o, struct unit_result *r);
/* A worker finished the unit: add the deaths on the way to its result. */
void watchdog_unit_finished(struct watchdog *w, struct unit_result *r);

#endif
