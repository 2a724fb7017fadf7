/*
 * race.h - the happens-before data race detector (race.c).
 */
#ifndef VFSRACE_EXPLORE_RACE_H
#define VFSRACE_EXPLORE_RACE_H

#include "vfsrace/rt_exec.h"

/* Report in res, as non-fatal "data-race" violations, plain accesses in
 * ev[0..n) to one object, at least one a write, that nothing orders. */
void race_check(const struct rt_event *ev, unsigned n, struct rt_result *res);

#endif
