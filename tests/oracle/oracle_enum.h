/*
 * oracle_enum.h - the reference oracle: every interleaving of a test
 * program, run by an interpreter of its own.
 *
 * It shares no code with the runtime or the explorer: the semantics of each
 * primitive (which steps it takes, when they can run, what they change),
 * the retry-loop rule, the dependency relation and the preemption count
 * are written here again from docs/runtime.md and docs/validation.md.  It
 * reports what an exhaustive explorer must find: the number of
 * interleavings, of Mazurkiewicz traces, of schedules with at most K
 * preemptions and of traces that have one, the violation kinds, the
 * terminal states, and the canonical key of every trace.
 */
#ifndef VFSRACE_TESTS_ORACLE_ENUM_H
#define VFSRACE_TESTS_ORACLE_ENUM_H

#include <stdint.h>

#include "prog.h"

#define ORACLE_KINDS 12

struct oracle_result {
	unsigned long interleavings;
	unsigned long traces;
	int bound;			/* K for the two counts below, -1: not asked */
	unsigned long schedules_within; /* interleavings with <= K preemptions */
	unsigned long traces_within;	/* traces with such an interleaving */
	char kinds[ORACLE_KINDS][32];	/* violation kinds found, sorted */
	int nkinds;
	char kinds_within[ORACLE_KINDS][32]; /* ... in schedules with <= K preemptions */
	int nkinds_within;
	uint64_t *trace_keys, *states; /* sorted */
	unsigned long nstates;
	uint64_t *traces_within_keys; /* sorted */
	bool truncated;		      /* stopped at the interleaving limit */
};

/* Enumerate p's interleavings (up to `limit`, 0: none); bound -1 or K. */
void oracle_run(const struct prog *p, int bound, unsigned long limit, struct oracle_result *r);
void oracle_result_free(struct oracle_result *r);

/* The terminal-state hash both the oracle and prog_model.c compute. */
uint64_t prog_state_hash(const int *var, const int *cnt, const int *atom, const int *reg,
			 int nthreads);

#endif
