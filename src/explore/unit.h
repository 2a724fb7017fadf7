/*
 * unit.h - exploring one work unit: the strategy run below the unit's
 * prefix, one execution after another, until it covers the subtree, a
 * budget runs out, a violation stops it or a stop is requested.
 */
#ifndef VFSRACE_EXPLORE_UNIT_H
#define VFSRACE_EXPLORE_UNIT_H

#include <stdbool.h>
#include <stdint.h>

#include "strategy.h"
#include "vfsrace/ex_explore.h"

/* One unit to explore: the subtree below `unit` (NULL: the whole space of
 * a strategy that does not split), with at most `budget` executions
 * (0: none) until `deadline` on ex_now()'s clock (0: none). */
struct unit_job {
	const struct ex_options *o;
	const struct ex_unit *unit;
	unsigned index;
	unsigned long budget;
	double deadline;
};

/* What exploring one work unit gave, and how it ended. */
struct unit_result {
	struct ex_report report;
	bool stopped_on_violation;
	bool budget_hit;
	bool interrupted; /* ex_request_stop() came: a partial result */
	bool ran;	  /* the unit got to its end (or a budget) */
	char error[256];
};

/* What a watched worker shows its watchdog, in a shared mapping that
 * outlives the worker: the choices of the running execution (the schedule
 * of a crash) and a heartbeat. */
struct ex_progress {
	unsigned long heartbeat; /* bumped at every choice (__atomic) */
	unsigned long finished;	 /* executions + blocked so far */
	unsigned n;		 /* choices of the running execution */
	unsigned cap;
	uint8_t choice[];
};

/* Schedules that crashed or hung a watched worker: an execution about to
 * take the last choice of one of them is abandoned instead, so a
 * restarted worker steps over what killed the previous one. */
struct ex_skip_choices {
	unsigned n;
	uint8_t *choice;
};
struct ex_skip_list {
	unsigned n, cap;
	struct ex_skip_choices *s; /* owned */
};

/* Explore job's unit into r.  mirror and skip are NULL unless a watchdog
 * looks on (pool.c). */
void unit_explore(const struct unit_job *job, struct ex_progress *mirror,
		  const struct ex_skip_list *skip, struct unit_result *r);
void unit_result_free(struct unit_result *r);
/* A result the driver may take as final: not cut short by a stop, a
 * budget or an error. */
bool unit_result_final(const struct unit_result *r);

#endif
