/*
 * units.h - splitting the space of a strategy that splits (dfs, dpor,
 * bounded) into work units.
 *
 * The first SPLIT_LEVELS branching points are fully expanded in thread
 * order; each unit is the subtree below one prefix, explored with the
 * sleep set that order implies.  The split depends on the model and its
 * arguments only, never on -j or --shard, so every count is the same for
 * -j 1, -j N and N shards.
 */
#ifndef VFSRACE_EXPLORE_UNITS_H
#define VFSRACE_EXPLORE_UNITS_H

#include "strategy.h"
#include "vfsrace/ex_explore.h"

/* The units of o's model, in thread order; *units is the caller's to free. */
void units_split(const struct ex_options *o, struct ex_unit **units, unsigned *n);

#endif
