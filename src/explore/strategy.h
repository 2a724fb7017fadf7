/*
 * strategy.h - one scheduling strategy behind two questions (as shuttle's
 * Scheduler trait asks them): "a new execution starts: go on?" and "these
 * threads can run: which one next?", plus what the strategy learns when an
 * execution ends.
 */
#ifndef VFSRACE_EXPLORE_STRATEGY_H
#define VFSRACE_EXPLORE_STRATEGY_H

#include <stdbool.h>
#include <stdint.h>

#include "vfsrace/ex_explore.h"
#include "vfsrace/rt_exec.h"

/* A work unit: the prefix of choices below which a strategy explores.
 * Used to split dfs/dpor deterministically between workers and shards. */
struct ex_unit {
	unsigned n;
	uint8_t choice[256];
	/* Positions (bit i: choice[i]) where the choice was the only one
	 * explored, not one of a fully expanded branching point: a step no
	 * other can depend on (units.c), so the lower threads there were not
	 * explored by other units. */
	uint64_t forced[256 / 64];
};

static inline bool ex_unit_forced(const struct ex_unit *u, unsigned i)
{
	return i < 256 && (u->forced[i / 64] >> (i % 64) & 1);
}

struct strategy_ops {
	const char *name;
	/* Exhaustive over a tree it walks by replaying prefixes (dfs, dpor,
	 * bounded): the explorer splits the tree into work units, and an end
	 * short of complete() with no budget or violation to blame means the
	 * model took another path on the same choices.  False for samplers. */
	bool splits;
	void *(*create)(const struct ex_options *o, const struct ex_unit *unit, char *err,
			unsigned errlen);
	void (*destroy)(void *s);
	/* A new execution starts: go on?  False when the space is covered. */
	bool (*begin)(void *s);
	/* Which enabled thread runs next; -1 abandons the execution. */
	int (*choose)(void *s, const struct rt_sched_view *v);
	/* The execution ended; ev/n are its events. */
	void (*end)(void *s, const struct rt_result *r, const struct rt_event *ev, unsigned n);
	/* Was the whole space (under the strategy's bounds) covered? */
	bool (*complete)(void *s);
	/* Describe the bounds this strategy explored under. */
	void (*bounds)(void *s, char *buf, unsigned len);
	/* Optional (exhaustive strategies): what one execution of a complete
	 * run stands for, plural ("Mazurkiewicz traces"): ex_report.covers. */
	void (*covers)(void *s, char *buf, unsigned len);
	/* Optional: false when the execution that just ended repeats one
	 * already counted (bounded search re-runs lower bounds). */
	bool (*counted)(void *s);
};

extern const struct strategy_ops ex_dfs_ops;
extern const struct strategy_ops ex_dpor_ops;
extern const struct strategy_ops ex_bounded_ops;
extern const struct strategy_ops ex_random_ops;
extern const struct strategy_ops ex_pct_ops;
/* Not in the table of strategies by name: ex_replay() runs it. */
extern const struct strategy_ops ex_replay_ops;

/* dfs.c, for bounded.c's rounds: a dfs under preemption bound k, and what
 * bounded needs to know of it after each execution. */
void *ex_dfs_create_bounded(const struct ex_unit *unit, int k);
/* Did the bound cut off a schedule? */
bool ex_dfs_pruned(void *dfs);
/* Preemptions of the execution that just ended (read before end()). */
int ex_dfs_last_preemptions(void *dfs);

/* Helpers shared by strategies. */
static inline uint32_t ex_enabled_mask(const struct rt_sched_view *v)
{
	uint32_t m = 0;

	for (int i = 0; i < v->nthreads; i++)
		if (v->t[i].state == RT_T_ENABLED)
			m |= 1u << i;
	return m;
}

/* Would running `next` here be a preemption of the thread that ran last? */
static inline bool ex_is_preemption(const struct rt_sched_view *v, int next)
{
	int cur = v->current;

	return cur >= 0 && cur != next && v->t[cur].state == RT_T_ENABLED &&
	       !rt_op_gives_up_cpu(v->t[cur].next);
}

/* splitmix64: a seeded generator that gives the same numbers everywhere. */
static inline uint64_t ex_rand_next(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static inline unsigned ex_rand_below(uint64_t *state, unsigned n)
{
	return n ? (unsigned)(ex_rand_next(state) % n) : 0;
}

#endif
