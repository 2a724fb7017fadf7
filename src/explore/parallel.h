/*
 * parallel.h - -j N: work units explored by N forked worker processes.
 */
#ifndef VFSRACE_EXPLORE_PARALLEL_H
#define VFSRACE_EXPLORE_PARALLEL_H

#include "unit.h"

/* Run the units with mine[i] on o->jobs workers; results indexed by unit. */
int explore_parallel(const struct ex_options *o, const struct ex_unit *units, unsigned nunits,
		     const bool *mine, double deadline, struct unit_result *res, char *err,
		     unsigned errlen);

#endif
