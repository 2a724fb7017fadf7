/*
 * random.c - uniformly random choice among enabled threads, seeded.
 * Execution i draws from its own stream (seed, i), so workers that split
 * the executions between them see exactly what one process would.
 */
#include <stdio.h>
#include <stdlib.h>

#include "strategy.h"

struct rnd {
	uint64_t seed;
	uint64_t state;
	unsigned long next_exec;
	unsigned long stride, offset; /* this worker runs offset, offset+stride, ... */
};

static void *random_create(const struct ex_options *o, const struct ex_unit *unit, char *err,
			   unsigned errlen)
{
	struct rnd *r = calloc(1, sizeof(*r));

	if (!r)
		return NULL;
	r->seed = o->seed;
	r->stride = 1;
	return r;
}

static void random_destroy(void *p)
{
	free(p);
}

static bool random_begin(void *p)
{
	struct rnd *r = p;
	uint64_t s = r->seed ^ (0x51ed27e5ull * (r->next_exec + 1));

	r->state = ex_rand_next(&s);
	r->next_exec++;
	return true;
}

static int random_choose(void *p, const struct rt_sched_view *v)
{
	struct rnd *r = p;
	uint32_t en = ex_enabled_mask(v);
	unsigned k = ex_rand_below(&r->state, (unsigned)__builtin_popcount(en));

	while (k--)
		en &= en - 1;
	return __builtin_ctz(en);
}

static void random_end(void *p, const struct rt_result *res, const struct rt_event *ev, unsigned n)
{
}

static bool never_complete(void *p)
{
	return false;
}

static void random_bounds(void *p, char *buf, unsigned len)
{
	struct rnd *r = p;

	snprintf(buf, len, "random sampling, seed %llu (no coverage claim)",
		 (unsigned long long)r->seed);
}

const struct strategy_ops ex_random_ops = {
    .name = "random",
    .create = random_create,
    .destroy = random_destroy,
    .begin = random_begin,
    .choose = random_choose,
    .end = random_end,
    .complete = never_complete,
    .bounds = random_bounds,
};
