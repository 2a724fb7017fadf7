/*
 * units.c - see units.h.  Probing runs the model once per prefix, taking
 * the lowest enabled thread until the first point where two or more are
 * enabled.  For unbounded dpor the probe follows the sleep sets dpor.c
 * will have inside the unit: a point is a branching point only when two
 * threads are awake there and none of them is about to take a step no
 * other step depends on (then that step is the only choice, a persistent
 * set of one), and the split goes on, round by round, until there are
 * POR_SPLIT_UNITS units, dropping units dpor finds empty.
 */
#include <stdlib.h>

#include "vfsrace/ex_model_program.h"
#include "strategy.h"
#include "units.h"

#define SPLIT_LEVELS 2
/* Unbounded dpor: at least this many units, over at most this many
 * rounds of branching points. */
#define POR_SPLIT_UNITS	 32
#define POR_SPLIT_ROUNDS 64
/* A unit whose first EMPTY_BUDGET executions all end blocked at its border,
 * leaving nothing to explore, holds no trace: it is dropped. */
#define EMPTY_BUDGET 2

struct probe {
	struct ex_unit prefix;
	uint32_t branch; /* threads to branch on at the first branching point */
	bool too_long;
	/* dpor without a bound: follow the sleep sets dpor.c will have in
	 * the unit, take an invisible step as the only choice, and branch
	 * only on threads that are awake */
	bool por;
	bool empty;	/* por: every enabled thread asleep, nothing to explore */
	uint32_t sleep; /* por: the sleep set at the current step */
};

/* A step that no other step can depend on, disable or enable (a thread's
 * start before it touches anything shared, a scheduling point): running
 * it first is as good as any order, so {its thread} is a persistent set. */
static bool invisible(const struct rt_op *op)
{
	return op->access == RT_NONE && !op->obj && !op->node && !op->size;
}

/* A thread's pending op as dpor.c's fill_node() records it: none once the
 * thread is done. */
static const struct rt_op *pending(const struct rt_sched_view *v, int t)
{
	static const struct rt_op none;

	return v->t[t].state != RT_T_DONE && v->t[t].next ? v->t[t].next : &none;
}

/* por: the choice at this step when it is not a branching point, or -1:
 * the lowest awake thread whose step is invisible, else the only awake
 * one. */
static int por_single(const struct rt_sched_view *v, uint32_t avail, bool *forced)
{
	for (uint32_t m = avail; m; m &= m - 1)
		if (invisible(pending(v, __builtin_ctz(m)))) {
			*forced = __builtin_popcount(avail) > 1;
			return __builtin_ctz(m);
		}
	return __builtin_popcount(avail) == 1 ? __builtin_ctz(avail) : -1;
}

/* The sleep set after c ran, as dpor.c's child_sleep() computes it. */
static uint32_t por_next_sleep(const struct rt_sched_view *v, uint32_t sleep, uint32_t done, int c)
{
	uint32_t cand = (sleep | done) & ~(1u << c), s = 0;

	for (uint32_t m = cand; m; m &= m - 1) {
		int t = __builtin_ctz(m);

		if (t < v->nthreads && !rt_op_dependent(pending(v, t), pending(v, c)))
			s |= 1u << t;
	}
	return s;
}

static int probe_choose(void *p, const struct rt_sched_view *v)
{
	struct probe *pr = p;
	uint32_t en = ex_enabled_mask(v), avail = en & ~pr->sleep;
	bool forced = false;
	int c;

	if (v->step < pr->prefix.n) {
		c = pr->prefix.choice[v->step];
		forced = ex_unit_forced(&pr->prefix, v->step);
	} else {
		if (pr->por && !avail) {
			pr->empty = true;
			return -1;
		}
		c = pr->por			  ? por_single(v, avail, &forced)
		    : __builtin_popcount(en) == 1 ? __builtin_ctz(en)
						  : -1;
		if (c < 0) {
			pr->branch = pr->por ? avail : en;
			return -1;
		}
		if (pr->prefix.n >= sizeof(pr->prefix.choice)) {
			pr->too_long = true;
			return -1;
		}
		if (forced)
			pr->prefix.forced[pr->prefix.n / 64] |= 1ull << (pr->prefix.n % 64);
		pr->prefix.choice[pr->prefix.n++] = (uint8_t)c;
	}
	if (pr->por) {
		/* dpor.c's rule for a node of the unit's prefix */
		uint32_t done = forced ? 1u << c : (avail & ((1u << c) - 1)) | 1u << c;

		pr->sleep = por_next_sleep(v, pr->sleep, done, c);
	}
	return c;
}

/* Probe the model below prefix `pre`: BRANCH with *ext, pre followed by the
 * single choices up to the first branching point, and *branch, the threads
 * to branch on there; LEAF if there is none (or the prefix would be too
 * long); EMPTY if every enabled thread is asleep on the way (por). */
enum probed { LEAF, BRANCH, EMPTY };

static enum probed probe(const struct ex_options *o, struct ex_model_program *mp,
			 const struct ex_unit *pre, bool skip_invisible, struct ex_unit *ext,
			 uint32_t *branch)
{
	struct probe pr = {.prefix = *pre, .por = skip_invisible};
	struct rt_scheduler s = {probe_choose, &pr};
	struct rt_exec_config cfg = {.max_steps = o->max_steps};
	struct rt_result res;

	rt_run(&mp->prog, &s, &cfg, &res);
	if (pr.empty)
		return EMPTY;
	if (!pr.branch || pr.too_long || pr.prefix.n >= sizeof(pr.prefix.choice))
		return LEAF;
	*ext = pr.prefix;
	*branch = pr.branch;
	return BRANCH;
}

/* por: does dpor find the unit empty (every execution blocked at its
 * border) within `budget` executions?  Nothing is reported or saved. */
static bool unit_empty(const struct ex_options *o, struct ex_model_program *mp,
		       const struct ex_unit *u, unsigned budget)
{
	char err[256];
	void *d = ex_dpor_ops.create(o, u, err, sizeof(err));
	struct rt_scheduler s = {ex_dpor_ops.choose, d};
	struct rt_exec_config cfg = {.max_steps = o->max_steps, .record_events = true};
	struct rt_result res;
	bool traces = false;

	if (!d)
		return false;
	for (unsigned k = 0; k < budget && !traces && ex_dpor_ops.begin(d); k++) {
		unsigned nev;
		const struct rt_event *ev;

		rt_run(&mp->prog, &s, &cfg, &res);
		ev = rt_events(&nev);
		ex_dpor_ops.end(d, &res, ev, nev);
		traces = !res.abandoned && ex_dpor_ops.counted(d);
	}
	bool empty = !traces && ex_dpor_ops.complete(d);
	ex_dpor_ops.destroy(d);
	return empty;
}

/* A unit of the split as it grows: its prefix, and where it branches next. */
struct cand {
	struct ex_unit u, ext; /* ext: u up to its next branching point */
	uint32_t branch;
	enum probed kind;
};

struct cand_list {
	struct cand *c;
	unsigned n, cap;
};

static void push_cand(struct cand_list *l, const struct cand *c)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->c = realloc(l->c, l->cap * sizeof(*l->c));
		if (!l->c)
			abort();
	}
	l->c[l->n++] = *c;
}

/*
 * Expand the branching points round by round, each fully, in thread
 * order: at least min_rounds of them, and more until there are at least
 * min_units units (or max_rounds).  A unit with no branching point left
 * stays as it is, in its place; with por, a unit whose every enabled thread
 * is asleep before it branches is dropped (it holds no trace), so a chain
 * of branching points where only one branch has work costs no unit.
 */
static void split(const struct ex_options *o, struct ex_model_program *mp, unsigned min_rounds,
		  unsigned min_units, unsigned max_rounds, bool por, struct ex_unit **units,
		  unsigned *n)
{
	struct cand_list cur = {0};
	struct cand root = {0};

	root.kind = probe(o, mp, &root.u, por, &root.ext, &root.branch);
	push_cand(&cur, &root);
	for (unsigned round = 0; round < max_rounds; round++) {
		struct cand_list next = {0};
		bool grew = false;

		if (round >= min_rounds && cur.n >= min_units)
			break;
		for (unsigned k = 0; k < cur.n; k++) {
			const struct cand *p = &cur.c[k];

			if (p->kind != BRANCH) {
				push_cand(&next, p);
				continue;
			}
			grew = true;
			for (uint32_t m = p->branch; m; m &= m - 1) {
				struct cand child = {.u = p->ext};

				child.u.choice[child.u.n++] = (uint8_t)__builtin_ctz(m);
				child.kind = probe(o, mp, &child.u, por, &child.ext, &child.branch);
				if (child.kind != EMPTY &&
				    !(por && unit_empty(o, mp, &child.u, EMPTY_BUDGET)))
					push_cand(&next, &child);
			}
		}
		free(cur.c);
		cur = next;
		if (!grew)
			break;
	}
	*units = malloc((cur.n ? cur.n : 1) * sizeof(**units));
	if (!*units)
		abort();
	for (unsigned k = 0; k < cur.n; k++)
		(*units)[k] = cur.c[k].u;
	*n = cur.n;
	free(cur.c);
}

void units_split(const struct ex_options *o, struct ex_unit **units, unsigned *n)
{
	struct ex_model_program mp;

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
	bool dpor = o->strategy == &ex_dpor_ops;
	bool bpor = dpor && o->preemptions >= 0;

	if (!bpor && (!dpor || o->shard_count > 1 || o->checkpoint || o->resume)) {
		/* Unbounded dpor: follow its sleep sets and go deeper, so that
		 * shards get work of similar size. */
		split(o, &mp, SPLIT_LEVELS, dpor ? POR_SPLIT_UNITS : 0, POR_SPLIT_ROUNDS, dpor,
		      units, n);
		return;
	}
	*units = calloc(1, sizeof(**units)); /* the root: the whole tree */
	if (!*units)
		abort();
	*n = 1;
}
