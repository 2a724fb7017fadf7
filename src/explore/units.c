/*
 * units.c - see units.h.  Probing runs the model once per prefix, taking
 * the lowest enabled thread until the first point where two or more are
 * enabled.
 */
#include <stdlib.h>

#include "vfsrace/ex_model_program.h"
#include "strategy.h"
#include "units.h"

#define SPLIT_LEVELS 2

struct probe {
	struct ex_unit prefix;
	uint32_t branch; /* enabled threads at the first branching point */
	bool too_long;
};

static int probe_choose(void *p, const struct rt_sched_view *v)
{
	struct probe *pr = p;
	uint32_t en = ex_enabled_mask(v);

	if (v->step < pr->prefix.n)
		return pr->prefix.choice[v->step];
	if (__builtin_popcount(en) >= 2) {
		pr->branch = en;
		return -1;
	}
	if (pr->prefix.n >= sizeof(pr->prefix.choice)) {
		pr->too_long = true;
		return -1;
	}
	pr->prefix.choice[pr->prefix.n++] = (uint8_t)__builtin_ctz(en);
	return __builtin_ctz(en);
}

struct unit_list {
	struct ex_unit *u;
	unsigned n, cap;
};

static void push_unit(struct unit_list *l, const struct ex_unit *u)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->u = realloc(l->u, l->cap * sizeof(*l->u));
		if (!l->u)
			abort();
	}
	l->u[l->n++] = *u;
}

static void split(const struct ex_options *o, struct ex_model_program *mp,
		  const struct ex_unit *pre, unsigned levels, struct unit_list *out)
{
	struct probe pr = {.prefix = *pre};
	struct rt_scheduler s = {probe_choose, &pr};
	struct rt_exec_config cfg = {.max_steps = o->max_steps};
	struct rt_result res;

	rt_run(&mp->prog, &s, &cfg, &res);
	if (!pr.branch || pr.too_long || pr.prefix.n >= sizeof(pr.prefix.choice)) {
		push_unit(out, pre);
		return;
	}
	for (uint32_t m = pr.branch; m; m &= m - 1) {
		struct ex_unit child = pr.prefix;

		child.choice[child.n++] = (uint8_t)__builtin_ctz(m);
		if (levels > 1)
			split(o, mp, &child, levels - 1, out);
		else
			push_unit(out, &child);
	}
}

void units_split(const struct ex_options *o, struct ex_unit **units, unsigned *n)
{
	struct ex_model_program mp;
	struct unit_list l = {0};
	struct ex_unit root = {0};

	ex_model_program_init(&mp, o->model, &o->args);
	/* dfs and bounded split the same way whatever -j says, so -j 1 and
	 * -j N report the same, counterexamples included.  dpor in one
	 * process explores the whole tree with optimal DPOR; split (--shard,
	 * and --checkpoint, whose unit of progress is a unit), its units run
	 * Source-DPOR (dpor.c), which explores the same traces but may end
	 * some executions blocked at the units' borders, and may pick other
	 * schedules for the same traces: another first schedule of a kind of
	 * violation, other preemption counts.  So -j alone does not split
	 * dpor: -j N reports exactly what -j 1 does (it runs on one worker;
	 * split, autofs4_waitq --requesters 1 --keep-going at -j 2 named other
	 * schedules, lastzero 6 another max_preemptions). */
	/* dpor under a preemption bound (BPOR) recognises a trace it has
	 * seen by its clocks, within its own run only: split into units, a
	 * trace that two units reach counted twice (select_parent K=2: 342
	 * at -j 2, 270 at -j 1).  It stays one unit, so -j N, --shard i/N
	 * (shard 0 runs it, the others nothing) and merge report what -j 1
	 * does. */
	bool bpor = o->strategy == &ex_dpor_ops && o->preemptions >= 0;

	bool dpor = o->strategy == &ex_dpor_ops;

	if (!bpor && (!dpor || o->shard_count > 1 || o->checkpoint || o->resume))
		split(o, &mp, &root, SPLIT_LEVELS, &l);
	else
		push_unit(&l, &root);
	*units = l.u;
	*n = l.n;
}
