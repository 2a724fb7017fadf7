/*
 * dfs.c - plain exhaustive depth-first search over all interleavings: the
 * reference the reductions are checked against.  With a preemption bound K
 * it explores every schedule with at most K preemptions (CHESS's bounded
 * search, Musuvathi & Qadeer, PLDI 2007); bounded.c iterates K upwards.
 */
#include <stdio.h>
#include <stdlib.h>

#include "strategy.h"

struct dfs_node {
	uint32_t enabled;
	uint32_t done;
	uint8_t chosen;
	bool frozen;
	int8_t current;
	bool cur_preemptible; /* current thread enabled and not yielding */
	uint16_t preemptions; /* before this node */
};

struct dfs {
	struct ex_unit unit;
	int bound;
	struct dfs_node *path;
	unsigned depth, cap, replay_len;
	bool exhausted, diverged, pruned;
};

static void *dfs_create(const struct ex_options *o, const struct ex_unit *unit, char *err,
			unsigned errlen)
{
	struct dfs *d = calloc(1, sizeof(*d));

	if (!d)
		return NULL;
	if (unit)
		d->unit = *unit;
	d->bound = o->preemptions;
	return d;
}

void *ex_dfs_create_bounded(const struct ex_unit *unit, int k)
{
	struct dfs *d = calloc(1, sizeof(*d));

	if (!d)
		return NULL;
	if (unit)
		d->unit = *unit;
	d->bound = k;
	return d;
}

bool ex_dfs_pruned(void *p)
{
	return ((struct dfs *)p)->pruned;
}

static void dfs_destroy(void *p)
{
	struct dfs *d = p;

	free(d->path);
	free(d);
}

static bool dfs_begin(void *p)
{
	struct dfs *d = p;

	return !d->exhausted && !d->diverged;
}

static bool preempts(const struct dfs_node *n, int c)
{
	return n->cur_preemptible && c != n->current;
}

static int dfs_choose(void *p, const struct rt_sched_view *v)
{
	struct dfs *d = p;
	unsigned i = v->step;
	uint32_t en = ex_enabled_mask(v);

	if (i < d->replay_len) {
		if (!(en & (1u << d->path[i].chosen))) {
			d->diverged = true;
			return -1;
		}
		return d->path[i].chosen;
	}
	if (i >= d->cap) {
		d->cap = d->cap ? d->cap * 2 : 256;
		d->path = realloc(d->path, d->cap * sizeof(*d->path));
		if (!d->path)
			abort();
	}
	struct dfs_node *n = &d->path[i];
	n->enabled = en;
	n->current = (int8_t)v->current;
	n->cur_preemptible = v->current >= 0 && (en & (1u << v->current)) &&
			     !rt_op_gives_up_cpu(v->t[v->current].next);
	n->preemptions =
	    i ? d->path[i - 1].preemptions + preempts(&d->path[i - 1], d->path[i - 1].chosen) : 0;
	n->frozen = i < d->unit.n;
	d->depth = i + 1;
	int c;
	if (n->frozen) {
		c = d->unit.choice[i];
		if (!(en & (1u << c)))
			return -1;
	} else {
		/* Non-preemptive choice first: the current thread if it can go on. */
		c = n->cur_preemptible ? n->current : __builtin_ctz(en);
	}
	n->chosen = (uint8_t)c;
	n->done = 1u << c;
	if (d->bound >= 0 && n->preemptions + preempts(n, c) > d->bound) {
		d->pruned = true;
		return -1;
	}
	return c;
}

static void dfs_end(void *p, const struct rt_result *r, const struct rt_event *ev, unsigned nev)
{
	struct dfs *d = p;

	for (unsigned i = d->depth; i-- > 0;) {
		struct dfs_node *n = &d->path[i];

		if (n->frozen)
			break;
		uint32_t todo = n->enabled & ~n->done;
		while (todo) {
			int c = __builtin_ctz(todo);

			todo &= todo - 1;
			n->done |= 1u << c;
			if (d->bound >= 0 && n->preemptions + preempts(n, c) > d->bound) {
				d->pruned = true;
				continue;
			}
			n->chosen = (uint8_t)c;
			d->replay_len = i + 1;
			d->depth = i + 1;
			return;
		}
	}
	d->exhausted = true;
}

int ex_dfs_last_preemptions(void *p)
{
	struct dfs *d = p;

	if (!d->depth)
		return 0;
	struct dfs_node *n = &d->path[d->depth - 1];
	return n->preemptions + preempts(n, n->chosen);
}

static bool dfs_complete(void *p)
{
	struct dfs *d = p;

	return d->exhausted && !d->diverged;
}

static void dfs_bounds(void *p, char *buf, unsigned len)
{
	struct dfs *d = p;

	if (d->bound >= 0)
		snprintf(buf, len, "preemptions<=%d", d->bound);
	else
		snprintf(buf, len, "none (all interleavings)");
}

static void dfs_covers(void *p, char *buf, unsigned len)
{
	struct dfs *d = p;

	if (d->bound >= 0)
		snprintf(buf, len, "schedules with at most %d preemption%s", d->bound,
			 d->bound == 1 ? "" : "s");
	else
		snprintf(buf, len, "interleavings");
}

const struct strategy_ops ex_dfs_ops = {
    .name = "dfs",
    .splits = true,
    .create = dfs_create,
    .destroy = dfs_destroy,
    .begin = dfs_begin,
    .choose = dfs_choose,
    .end = dfs_end,
    .complete = dfs_complete,
    .bounds = dfs_bounds,
    .covers = dfs_covers,
};
