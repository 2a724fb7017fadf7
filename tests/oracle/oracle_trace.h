/*
 * oracle_trace.h - Mazurkiewicz traces, computed without the explorer.
 *
 * An execution is a sequence of events.  Two executions are the same
 * trace when one becomes the other by swapping adjacent independent
 * events; every trace has one canonical execution, the lexicographically
 * least (by thread id) topological order of its dependency graph, and two
 * executions are the same trace exactly when their canonical executions
 * are equal.  The dependency relation is the one docs/validation.md
 * writes down, implemented here again from that text: this file shares
 * no code with src/explore or src/runtime/op.c.
 */
#ifndef VFSRACE_TESTS_ORACLE_TRACE_H
#define VFSRACE_TESTS_ORACLE_TRACE_H

#include <stdbool.h>
#include <stdint.h>

/* The kinds of step docs/validation.md names. */
enum or_kind {
	OR_NONE,
	OR_READ,
	OR_WRITE,
	OR_ACQ,
	OR_TRY,
	OR_REL,
	OR_ACQ_SH,
	OR_TRY_SH,
	OR_REL_SH,
	OR_WAIT,
	OR_WAKE,
	OR_AWAIT
};

struct or_event {
	int tid;
	enum or_kind kind;
	uintptr_t obj;	      /* 0: touches nothing */
	unsigned long size;   /* bytes from obj; 0: the address obj only */
	uintptr_t node;	      /* a list operation's entry, inside a slab object; 0: none */
	const uintptr_t *set; /* OR_AWAIT: the objects read since the last yield */
	unsigned nset;
	bool fatal; /* its thread died of a fatal report in it (display only) */
};

/* Are two events of different threads dependent? */
bool or_dependent(const struct or_event *a, const struct or_event *b);

/* The canonical execution of the trace of ev[0..n): thread ids into
 * canon[0..n) (may be NULL), and a 64-bit key of it. */
uint64_t or_trace_key(const struct or_event *ev, unsigned n, uint8_t *canon);

#endif
