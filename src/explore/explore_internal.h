/*
 * explore_internal.h - pieces of the explorer shared by its source files.
 */
#ifndef VFSRACE_EXPLORE_INTERNAL_H
#define VFSRACE_EXPLORE_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "strategy.h"
#include "vfsrace/ex_explore.h"

/* A set of 64-bit terminal-state hashes. */
struct hashset {
	uint64_t *slot;
	unsigned long n, cap;
	bool has_zero;
};

void hashset_add(struct hashset *h, uint64_t v);
void hashset_free(struct hashset *h);

/* What exploring one work unit gave. */
struct unit_result {
	struct ex_stats stats;
	struct hashset states;
	int nfound;
	struct ex_found found[EX_MAX_FOUND];
	bool stopped_on_violation;
	bool budget_hit;
	bool diverged;
	bool interrupted;	    /* ex_request_stop() came: a partial result */
	bool ran;		    /* explore_unit got to the end (or a budget) */
	struct ex_race_table races; /* --races: the pairs seen, and how often */
	char bounds[128];
	char error[256];
};

/* Run `o`'s strategy below one unit; budget 0 = none. */
void explore_unit(const struct ex_options *o, const struct ex_unit *u, unsigned unit_index,
		  unsigned long exec_budget, double deadline, struct unit_result *r);
void unit_result_free(struct unit_result *r);
/* A unit's result as bytes (unit_io.c); 0 or -1. */
int unit_result_write(FILE *f, const struct unit_result *r);
int unit_result_read(FILE *f, struct unit_result *r);

/* Schedules that crashed or hung an isolated worker: the recorder abandons
 * an execution instead of taking the last choice of one of them, so a
 * restarted worker steps over what killed the previous one. */
struct ex_skip_list {
	int n;
	const struct ex_schedule *s[EX_MAX_FOUND];
};

/* What an isolated worker shows its parent, in a shared mapping that
 * outlives the worker: the choices of the running execution (the schedule
 * of a crash) and a heartbeat the watchdog checks. */
struct ex_progress {
	unsigned long heartbeat; /* bumped at every choice (__atomic) */
	unsigned long finished;	 /* executions + blocked so far */
	unsigned n;		 /* choices of the running execution */
	unsigned cap;
	uint8_t choice[];
};

/* explore_unit with the recorder's choices mirrored to `mirror` (may be
 * NULL) and the skip list applied (may be NULL): isolate.c's worker side. */
void explore_unit_ex(const struct ex_options *o, const struct ex_unit *u, unsigned unit_index,
		     unsigned long exec_budget, double deadline, struct ex_progress *mirror,
		     const struct ex_skip_list *skip, struct unit_result *r);
/* --isolate: explore_unit in a forked worker under a watchdog (isolate.c). */
void explore_unit_isolated(const struct ex_options *o, const struct ex_unit *u, unsigned unit_index,
			   unsigned long exec_budget, double deadline, struct unit_result *r);
/* Save a counterexample's schedule beside the others (explore.c). */
void explore_keep_found(const struct ex_options *o, struct unit_result *r, unsigned unit_index,
			const struct rt_violation *v, const uint8_t *choice, unsigned n);

/* --checkpoint / --resume (checkpoint.c).  The fingerprint names what the
 * results depend on; a checkpoint of other options is refused. */
void checkpoint_fingerprint(const struct ex_options *o, unsigned nunits, char *buf, size_t len);
/* Write the results of units with done[i] atomically; 0 or -1 with err. */
int checkpoint_save(const char *path, const char *fingerprint, const struct unit_result *res,
		    const bool *done, unsigned nunits, char *err, unsigned errlen);
/* Load into res/done (nunits entries, zeroed by the caller); 0 or -1. */
int checkpoint_load(const char *path, const char *fingerprint, struct unit_result *res, bool *done,
		    unsigned nunits, char *err, unsigned errlen);

/* Split the first `levels` branching points into units, in thread order. */
int explore_enumerate_units(const struct ex_options *o, unsigned levels, struct ex_unit **out,
			    unsigned *n);

/* Run units on `jobs` worker processes; results indexed by unit. */
int explore_parallel(const struct ex_options *o, const struct ex_unit *units, unsigned nunits,
		     const bool *mine, double deadline, struct unit_result *res, char *err,
		     unsigned errlen);

/* Program adaptor: a model with its arguments as an rt_program. */
struct model_program {
	struct rt_program prog;
	const struct model *m;
	struct model_args args;
};
void model_program_init(struct model_program *mp, const struct model *m,
			const struct model_args *a);

/* Happens-before data race detector over one execution's events: the
 * first race not accepted becomes a "data-race" violation in res; every
 * distinct racing pair goes once into seen (race.c). */
void race_check(const struct rt_event *ev, unsigned n, struct rt_result *res,
		struct ex_race_table *seen);

double ex_now(void);

#endif
