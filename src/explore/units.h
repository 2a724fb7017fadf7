/*
 * units.h - splitting the space of a strategy that splits (dfs, dpor,
 * bounded) into work units.
 *
 * dfs and bounded with -j N, --shard or --checkpoint, unbounded dpor with
 * --shard or --checkpoint only: the first SPLIT_LEVELS branching points
 * are fully expanded in thread order (unbounded dpor: as many as it takes to make
 * POR_SPLIT_UNITS units, units.c); each unit is the subtree below one
 * prefix, explored with the sleep set that order implies.  Where it
 * cuts depends on the model, its arguments and the strategy's options
 * only, never on -j or the shard count (whether dpor splits at all
 * depends on --shard and --checkpoint).  Every split covers
 * each trace exactly once, so executions (and violations) are the same
 * for -j 1, -j N and N shards; executions blocked at the units' borders
 * are not (one process runs one unit, the whole tree, and blocks none).
 */
#ifndef VFSRACE_EXPLORE_UNITS_H
#define VFSRACE_EXPLORE_UNITS_H

#include "strategy.h"
#include "vfsrace/ex_explore.h"

/* The units of o's model, in thread order; *units is the caller's to free. */
void units_split(const struct ex_options *o, struct ex_unit **units, unsigned *n);

#endif
