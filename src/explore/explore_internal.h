/*
 * explore_internal.h - pieces of the explorer shared by its source files.
 */
#ifndef VFSRACE_EXPLORE_INTERNAL_H
#define VFSRACE_EXPLORE_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

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
	char bounds[128];
	char error[256];
};

/* Run `o`'s strategy below one unit; budget 0 = none. */
void explore_unit(const struct ex_options *o, const struct ex_unit *u, unsigned unit_index,
		  unsigned long exec_budget, double deadline, struct unit_result *r);
void unit_result_free(struct unit_result *r);

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

/* Happens-before data race detector over one execution's events. */
void race_check(const struct rt_event *ev, unsigned n, struct rt_result *res);

double ex_now(void);

#endif
