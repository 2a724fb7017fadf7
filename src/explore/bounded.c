/*
 * bounded.c - CHESS-style iterative preemption bounding (Musuvathi &
 * Qadeer, PLDI 2007): all schedules with 0 preemptions, then those with
 * exactly 1, ... up to --preemptions K.  A bug is first found with the
 * fewest preemptions that show it.  When no schedule was cut off by the
 * current bound, the whole space has been covered and the search stops.
 */
#include <stdio.h>
#include <stdlib.h>

#include "strategy.h"

struct bounded {
	struct ex_unit unit;
	int k, max_k;
	void *inner;
	bool exhausted;
	int last_preemptions; /* of the execution that just ended */
};

static void *bounded_create(const struct ex_options *o, const struct ex_unit *unit, char *err,
			    unsigned errlen)
{
	struct bounded *b = calloc(1, sizeof(*b));

	if (!b)
		return NULL;
	if (unit)
		b->unit = *unit;
	b->max_k = o->preemptions >= 0 ? o->preemptions : 2;
	b->inner = ex_dfs_create_bounded(unit, 0);
	return b;
}

static void bounded_destroy(void *p)
{
	struct bounded *b = p;

	ex_dfs_ops.destroy(b->inner);
	free(b);
}

static bool bounded_begin(void *p)
{
	struct bounded *b = p;

	while (!b->exhausted && !ex_dfs_ops.begin(b->inner)) {
		bool cut = ex_dfs_pruned(b->inner);

		if (!ex_dfs_ops.complete(b->inner) || !cut || b->k >= b->max_k) {
			b->exhausted = true;
			break;
		}
		ex_dfs_ops.destroy(b->inner);
		b->inner = ex_dfs_create_bounded(&b->unit, ++b->k);
	}
	return !b->exhausted;
}

static int bounded_choose(void *p, const struct rt_sched_view *v)
{
	struct bounded *b = p;

	return ex_dfs_ops.choose(b->inner, v);
}

static void bounded_end(void *p, const struct rt_result *r, const struct rt_event *ev, unsigned n)
{
	struct bounded *b = p;

	/* Read before end(): backtracking moves the inner dfs to the next
	 * branch, whose preemptions are not those of this execution. */
	b->last_preemptions = ex_dfs_last_preemptions(b->inner);
	ex_dfs_ops.end(b->inner, r, ev, n);
}

/* Executions with fewer preemptions than the current bound were already
 * counted in an earlier round. */
static bool bounded_counted(void *p)
{
	struct bounded *b = p;

	return b->last_preemptions == b->k;
}

static bool bounded_complete(void *p)
{
	struct bounded *b = p;

	return b->exhausted;
}

static void bounded_bounds(void *p, char *buf, unsigned len)
{
	struct bounded *b = p;

	/* Not "every schedule": a unit's rounds stop early when its own part
	 * of the tree has no schedule the bound cuts off, which says nothing
	 * of the other units. */
	snprintf(buf, len, "preemptions<=%d", b->max_k);
}

static void bounded_covers(void *p, char *buf, unsigned len)
{
	struct bounded *b = p;

	snprintf(buf, len, "schedules with at most %d preemption%s", b->max_k,
		 b->max_k == 1 ? "" : "s");
}

const struct strategy_ops ex_bounded_ops = {
    .name = "bounded",
    .splits = true,
    .create = bounded_create,
    .destroy = bounded_destroy,
    .begin = bounded_begin,
    .choose = bounded_choose,
    .end = bounded_end,
    .complete = bounded_complete,
    .bounds = bounded_bounds,
    .covers = bounded_covers,
    .counted = bounded_counted,
};
