/*
 * pct.c - probabilistic concurrency testing (Burckhardt, Kothari,
 * Musuvathi, Nagarakatte, ASPLOS 2010).  Each thread gets a random
 * priority above d; d-1 priority change points are drawn uniformly among
 * the k steps of an execution; the highest-priority enabled thread runs,
 * and at the i-th change point the running thread drops to priority i.
 * For a bug of depth d, one execution finds it with probability at least
 * 1/(n * k^(d-1)) for n threads and k steps.  k is the longest execution
 * seen so far (the first execution runs with k from --max-steps' share).
 */
#include <stdio.h>
#include <stdlib.h>

#include "strategy.h"

#define PCT_MAX_DEPTH 16

struct pct {
	uint64_t seed, state;
	int depth;
	unsigned k; /* estimated steps per execution */
	unsigned long exec;
	int prio[RT_MAX_THREADS];
	unsigned change[PCT_MAX_DEPTH];
	bool assigned;
};

static void *pct_create(const struct ex_options *o, const struct ex_unit *unit, char *err,
			unsigned errlen)
{
	struct pct *p = calloc(1, sizeof(*p));

	if (!p)
		return NULL;
	if (o->pct_depth < 1 || o->pct_depth > PCT_MAX_DEPTH) {
		snprintf(err, errlen, "--pct-depth must be between 1 and %d", PCT_MAX_DEPTH);
		free(p);
		return NULL;
	}
	p->seed = o->seed;
	p->depth = o->pct_depth;
	p->k = 64;
	return p;
}

static void pct_destroy(void *p)
{
	free(p);
}

static bool pct_begin(void *pp)
{
	struct pct *p = pp;
	uint64_t s = p->seed ^ (0x7c7ull * (p->exec + 1));

	p->state = ex_rand_next(&s);
	p->exec++;
	p->assigned = false;
	for (int i = 0; i < p->depth - 1; i++)
		p->change[i] = 1 + ex_rand_below(&p->state, p->k);
	return true;
}

static int pct_choose(void *pp, const struct rt_sched_view *v)
{
	struct pct *p = pp;

	if (!p->assigned) {
		/* A random permutation of priorities d .. d+n-1. */
		int n = v->nthreads;

		for (int i = 0; i < n; i++)
			p->prio[i] = p->depth + i;
		for (int i = n - 1; i > 0; i--) {
			int j = (int)ex_rand_below(&p->state, (unsigned)i + 1);
			int t = p->prio[i];
			p->prio[i] = p->prio[j];
			p->prio[j] = t;
		}
		p->assigned = true;
	}
	/* At the i-th change point, the thread that ran last drops to i. */
	for (int i = 0; i < p->depth - 1; i++)
		if (p->change[i] == v->step && v->current >= 0)
			p->prio[v->current] = i + 1;
	int best = -1;
	for (int t = 0; t < v->nthreads; t++)
		if (v->t[t].state == RT_T_ENABLED && (best < 0 || p->prio[t] > p->prio[best]))
			best = t;
	return best;
}

static void pct_end(void *pp, const struct rt_result *r, const struct rt_event *ev, unsigned n)
{
	struct pct *p = pp;

	if (r->steps > p->k)
		p->k = r->steps;
}

static bool never_complete(void *p)
{
	return false;
}

static void pct_bounds(void *pp, char *buf, unsigned len)
{
	struct pct *p = pp;

	snprintf(buf, len, "pct depth %d, seed %llu (probabilistic, no coverage claim)", p->depth,
		 (unsigned long long)p->seed);
}

const struct strategy_ops ex_pct_ops = {
    .name = "pct",
    .create = pct_create,
    .destroy = pct_destroy,
    .begin = pct_begin,
    .choose = pct_choose,
    .end = pct_end,
    .complete = never_complete,
    .bounds = pct_bounds,
};
