/*
 * isolate.h - --isolate: a work unit explored in a forked worker under a
 * watchdog.
 */
#ifndef VFSRACE_EXPLORE_ISOLATE_H
#define VFSRACE_EXPLORE_ISOLATE_H

#include "unit.h"

void explore_unit_isolated(const struct unit_job *job, struct unit_result *r);

#endif
