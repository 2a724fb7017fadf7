/*
 * pool.h - work units explored in forked worker processes: -j N runs N
 * at a time, and --isolate puts each under a watchdog (watchdog.h).
 *
 * The port's state is the kernel's global state, one instance per process,
 * so workers are processes, each pinned to its own CPU.  The parent hands
 * a worker one unit at a time through a pipe and the worker sends each
 * result back through another, whose end also tells the parent, at once,
 * that the worker is gone.  A worker takes unit after unit; a watched one
 * (--isolate) explores one unit and exits, so a crash costs only that
 * unit's worker.
 */
#ifndef VFSRACE_EXPLORE_POOL_H
#define VFSRACE_EXPLORE_POOL_H

#include "unit.h"

/* Explore jobs[0..n) (all with the same options), at most o->jobs at a
 * time, in order; results[i] is jobs[i]'s.  Without --keep-going no job
 * is started after one that stopped on a violation (its result stays
 * zeroed: not ran).  0, or -1 with errbuf when a worker could not be run
 * or, not watched, failed. */
int pool_run(const struct unit_job *jobs, struct unit_result *results, unsigned n, char *errbuf,
	     unsigned errlen);

#endif
