/*
 * trace_classes.h - the traces an exploration visited, by canonical key.
 *
 * Runs a model through the explorer with an observer that turns each
 * complete execution's event log into oracle events and keeps its
 * canonical key (oracle_trace.h).  A set of keys with a count of how many
 * executions gave each one.
 */
#ifndef VFSRACE_TESTS_TRACE_CLASSES_H
#define VFSRACE_TESTS_TRACE_CLASSES_H

#include <stdint.h>

#include "vfsrace/ex_explore.h"

struct trace_classes {
	uint64_t *key;
	unsigned long *hits;
	unsigned long n, cap;
	unsigned long executions; /* complete executions seen */
	/* the canonical execution of each class, when keep_canon */
	char **canon;
	int keep_canon;
};

/* Explore with `o` (its on_execution is taken over) and classify. */
int trace_classes_run(struct ex_options *o, struct trace_classes *tc, struct ex_report *r,
		      char *err, unsigned errlen);
/* The oracle's view of an event log (oracle_trace.h): malloc'd events,
 * and in *sets the await sets they point into; the caller frees both. */
struct or_event;
struct or_event *trace_events_of(const struct rt_event *ev, unsigned n, uintptr_t **sets);
/* Index of key in tc, or -1. */
long trace_classes_find(const struct trace_classes *tc, uint64_t key);
void trace_classes_free(struct trace_classes *tc);

#endif
