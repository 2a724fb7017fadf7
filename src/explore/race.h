/*
 * race.h - the happens-before data race detector (race.c).
 */
#ifndef VFSRACE_EXPLORE_RACE_H
#define VFSRACE_EXPLORE_RACE_H

#include "vfsrace/ex_report.h"
#include "vfsrace/rt_exec.h"

/* Plain accesses in ev[0..n) to one object, at least one a write, that
 * nothing orders: the first not accepted becomes a non-fatal "data-race"
 * violation in res; every distinct racing pair goes once into seen. */
void race_check(const struct rt_event *ev, unsigned n, struct rt_result *res,
		struct ex_race_table *seen);

#endif
