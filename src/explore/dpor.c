/*
 * dpor.c - exhaustive exploration with dynamic partial-order reduction:
 * source sets and sleep sets (Abdulla, Aronis, Jonsson, Sagonas, "Optimal
 * dynamic partial order reduction", POPL 2014, Algorithm 1 "Source-DPOR").
 *
 * Stateless: every execution re-runs the model from its initial state,
 * replaying the choices of a prefix of the previous one.  At the end of an
 * execution each new event is checked for races with earlier events (two
 * dependent events of different threads, ordered only by their own direct
 * conflict); for each race the source set of the state before the first
 * event gets one of the threads that can start the reversed order, unless
 * one of them is already there or asleep.  Sleep sets make sure no two
 * complete executions explored are equivalent, so the number of complete
 * executions is the number of Mazurkiewicz traces; executions cut short
 * because every enabled thread sleeps are counted as "blocked".
 *
 * Locks: an acquire is checked against earlier acquires of the same lock
 * (never against the release in between, which it cannot overtake), so the
 * order of critical sections is what gets reversed.
 *
 * With --preemptions K it becomes bounded POR with the conservative extra
 * backtrack point of Coons, Musuvathi, McKinley, "Bounded partial-order
 * reduction", OOPSLA 2013: the thread is also tried where the run of the
 * racing event began, so the reversal is reachable without a preemption.
 */
#include <stdlib.h>
#include <string.h>
#include <stdio.h>

#include "strategy.h"

#define MAXT RT_MAX_THREADS

struct node {
	uint32_t enabled;
	uint32_t backtrack;
	uint32_t done;
	uint32_t sleep;
	uint8_t chosen;
	bool frozen;	      /* inside the work unit's prefix: fully expanded */
	bool preempt;	      /* the choice here is a preemption */
	uint16_t preemptions; /* preemptions taken before this node */
	int8_t current;	      /* thread of the previous step */
	struct rt_op ops[MAXT];
};

struct dpor {
	struct ex_unit unit;
	int bound; /* preemption bound, -1 none */
	struct node *path;
	unsigned depth, cap;
	unsigned replay_len;
	unsigned new_from;
	bool exhausted;
	bool diverged;
	bool pruned_by_bound;
	uint64_t rng;	       /* seeded: the same run on every machine */
	unsigned stay_percent; /* chance the running thread goes on */
	/* analysis scratch, per event */
	uint32_t (*vc)[MAXT];
	uint32_t *idx;
	int *prev_same, *prev_thread;
	int *prev_nonread; /* previous event on the object that is no read */
	unsigned *vbuf;
	unsigned analysed;	       /* events whose clocks the scratch arrays hold */
	unsigned *cand;		       /* candidates() output */
	unsigned *ranged, *ranged_all; /* events covering a range (frees) */
	unsigned nranged, nranged_all;
	unsigned scratch_cap;
};

static struct node *node_at(struct dpor *d, unsigned i)
{
	if (i >= d->cap) {
		d->cap = d->cap ? d->cap * 2 : 256;
		while (d->cap <= i)
			d->cap *= 2;
		d->path = realloc(d->path, d->cap * sizeof(*d->path));
		if (!d->path)
			abort();
	}
	return &d->path[i];
}

static void *dpor_create(const struct ex_options *o, const struct ex_unit *unit, char *err,
			 unsigned errlen)
{
	struct dpor *d = calloc(1, sizeof(*d));

	if (!d)
		return NULL;
	if (unit)
		d->unit = *unit;
	d->bound = o->preemptions;
	d->stay_percent = o->walk_stay_percent;
	/* Each work unit draws from its own stream, whatever worker runs it. */
	d->rng = o->seed * 0x9e3779b97f4a7c15ull;
	for (unsigned i = 0; i < d->unit.n; i++)
		d->rng = d->rng * 31 + d->unit.choice[i] + 1;
	return d;
}

static void dpor_destroy(void *p)
{
	struct dpor *d = p;

	free(d->path);
	free(d->vc);
	free(d->idx);
	free(d->prev_same);
	free(d->prev_thread);
	free(d->prev_nonread);
	free(d->vbuf);
	free(d->cand);
	free(d->ranged);
	free(d->ranged_all);
	free(d);
}

static bool dpor_begin(void *p)
{
	struct dpor *d = p;

	return !d->exhausted && !d->diverged;
}

static inline uint32_t bit(int t)
{
	return 1u << t;
}

static int lowest(uint32_t m)
{
	return m ? __builtin_ctz(m) : -1;
}

/* Sleep set of a new node, from its parent: threads asleep or already
 * explored there stay asleep while what runs is independent of them. */
static uint32_t child_sleep(const struct node *parent)
{
	uint32_t cand = parent->sleep | (parent->done & ~bit(parent->chosen));
	uint32_t s = 0;
	const struct rt_op *ran = &parent->ops[parent->chosen];

	for (int t = 0; cand; t++, cand >>= 1)
		if ((cand & 1) && !rt_op_dependent(&parent->ops[t], ran))
			s |= bit(t);
	return s;
}

static void fill_node(struct node *n, const struct rt_sched_view *v)
{
	n->enabled = ex_enabled_mask(v);
	n->current = (int8_t)v->current;
	for (int t = 0; t < v->nthreads; t++)
		if (v->t[t].state != RT_T_DONE)
			n->ops[t] = v->t[t].next;
		else
			memset(&n->ops[t], 0, sizeof(n->ops[t]));
}

static int dpor_choose(void *p, const struct rt_sched_view *v)
{
	struct dpor *d = p;
	unsigned i = v->step;

	if (i < d->replay_len) {
		struct node *n = &d->path[i];

		if (!(ex_enabled_mask(v) & bit(n->chosen))) {
			d->diverged = true; /* the model is not deterministic */
			return -1;
		}
		return n->chosen;
	}
	struct node *n = node_at(d, i);
	fill_node(n, v);
	n->sleep = i ? child_sleep(&d->path[i - 1]) : 0;
	n->preemptions = i ? d->path[i - 1].preemptions + d->path[i - 1].preempt : 0;
	n->frozen = i < d->unit.n;
	d->depth = i + 1;
	uint32_t avail = n->enabled & ~n->sleep;
	int c;
	if (n->frozen) {
		c = d->unit.choice[i];
		if (!(avail & bit(c)))
			return -1; /* the unit's branch is asleep here: covered elsewhere */
		/* Full expansion in thread order: lower threads were explored first. */
		n->done = (avail & (bit(c) - 1)) | bit(c);
		n->backtrack = n->done;
	} else {
		if (!avail)
			return -1; /* sleep-set blocked */
		/* The first choice at a new state is a seeded random one: which
		 * complete executions are explored does not depend on it (one per
		 * trace), but their order does, and a random first walk reaches a
		 * bug in a narrow window long before a walk that always lets the
		 * current thread go on (measured in docs/performance.md). */
		int cur = v->current;
		bool cur_ok = cur >= 0 && (avail & bit(cur)) && v->t[cur].next.prim != RT_P_YIELD;
		/* Under a preemption bound the walk is non-preemptive: only
		 * backtracking spends the budget (Coons et al.), otherwise a random
		 * switch here would use up preemptions a race needs elsewhere. */
		bool must_stay = d->bound >= 0;
		if (cur_ok && (must_stay || d->stay_percent >= 100 ||
			       ex_rand_below(&d->rng, 100) < d->stay_percent)) {
			c = cur;
		} else {
			unsigned k = ex_rand_below(&d->rng, (unsigned)__builtin_popcount(avail));
			uint32_t m = avail;
			while (k--)
				m &= m - 1;
			c = lowest(m);
		}
		n->done = n->backtrack = bit(c);
	}
	n->chosen = (uint8_t)c;
	n->preempt = ex_is_preemption(v, c);
	if (d->bound >= 0 && n->preemptions + n->preempt > d->bound) {
		d->pruned_by_bound = true;
		return -1;
	}
	return c;
}

/* ---- race analysis over the events of the execution that just ended ---- */

static bool is_acq(enum rt_access a)
{
	return a == RT_ACQ || a == RT_ACQ_SH;
}

static bool is_rel(enum rt_access a)
{
	return a == RT_REL || a == RT_REL_SH;
}

/* Every earlier event dependent with a later one is also dependent with
 * an event of these kinds in between, so a backward scan may stop there. */
static bool stops_scan(enum rt_access a)
{
	return a == RT_WRITE || a == RT_ACQ || a == RT_TRY;
}

static void grow_scratch(struct dpor *d, unsigned n)
{
	if (n <= d->scratch_cap)
		return;
	d->scratch_cap = n * 2;
	d->vc = realloc(d->vc, d->scratch_cap * sizeof(*d->vc));
	d->idx = realloc(d->idx, d->scratch_cap * sizeof(*d->idx));
	d->prev_same = realloc(d->prev_same, d->scratch_cap * sizeof(int));
	d->prev_thread = realloc(d->prev_thread, d->scratch_cap * sizeof(int));
	d->prev_nonread = realloc(d->prev_nonread, d->scratch_cap * sizeof(int));
	d->vbuf = realloc(d->vbuf, d->scratch_cap * sizeof(unsigned));
	d->cand = realloc(d->cand, d->scratch_cap * sizeof(unsigned));
	d->ranged = realloc(d->ranged, d->scratch_cap * sizeof(unsigned));
	d->ranged_all = realloc(d->ranged_all, d->scratch_cap * sizeof(unsigned));
	if (!d->vc || !d->idx || !d->prev_same || !d->prev_thread || !d->prev_nonread || !d->vbuf ||
	    !d->cand || !d->ranged || !d->ranged_all)
		abort();
}

/*
 * The earlier events that may conflict with event k, latest first: those
 * on the same object, merged with the ranged events (frees) before k.  A
 * ranged event itself may conflict with any earlier event in its range.
 */
static unsigned candidates(struct dpor *d, const struct rt_event *ev, unsigned k)
{
	unsigned n = 0;

	if (ev[k].op.size) {
		uintptr_t lo = (uintptr_t)ev[k].op.obj, hi = lo + ev[k].op.size;

		for (unsigned j = k; j-- > 0;) {
			uintptr_t o = (uintptr_t)ev[j].op.obj;

			if (o >= lo && o < hi && rt_op_dependent(&ev[j].op, &ev[k].op))
				d->cand[n++] = j;
		}
		return n;
	}
	/* Reads commute with reads: a read only needs the other accesses. */
	const int *link = ev[k].op.access == RT_READ ? d->prev_nonread : d->prev_same;
	int j = link[k];
	unsigned r = d->nranged;
	uintptr_t a = (uintptr_t)ev[k].op.obj;
	while (j >= 0 || r > 0) {
		if (r > 0 && (j < 0 || d->ranged[r - 1] > (unsigned)j)) {
			const struct rt_op *f = &ev[d->ranged[--r]].op;

			/* only the frees whose object holds this address */
			if (a >= (uintptr_t)f->obj && a < (uintptr_t)f->obj + f->size)
				d->cand[n++] = d->ranged[r];
		} else {
			d->cand[n++] = (unsigned)j;
			j = link[j];
		}
	}
	return n;
}

/*
 * Link every event to the previous event on the same object and of the
 * same thread, then compute vector clocks of the dependency order.  Events
 * before `from` are those of the replayed prefix: the same as in the last
 * execution, so their clocks, computed then, are kept.
 */
static void build_clocks(struct dpor *d, const struct rt_event *ev, unsigned n, unsigned from)
{
	enum { HBITS = 10, HSIZE = 1 << HBITS };
	const void *key[HSIZE];
	int last[HSIZE], lastw[HSIZE];
	int last_thread[MAXT];
	uint32_t count[MAXT] = {0};

	memset(key, 0, sizeof(key));
	d->nranged = 0;
	for (int t = 0; t < MAXT; t++)
		last_thread[t] = -1;
	for (unsigned k = 0; k < n; k++) {
		const struct rt_op *op = &ev[k].op;
		int t = ev[k].tid;

		d->prev_thread[k] = last_thread[t];
		last_thread[t] = (int)k;
		d->idx[k] = ++count[t];
		d->prev_same[k] = -1;
		d->prev_nonread[k] = -1;
		if (op->obj) {
			uintptr_t h =
			    ((uintptr_t)op->obj >> 4) * 0x9e3779b97f4a7c15ull >> (64 - HBITS);
			while (key[h] && key[h] != op->obj)
				h = (h + 1) & (HSIZE - 1);
			if (key[h]) {
				d->prev_same[k] = last[h];
				d->prev_nonread[k] = lastw[h];
			} else {
				lastw[h] = -1;
			}
			key[h] = op->obj;
			last[h] = (int)k;
			if (op->access != RT_READ)
				lastw[h] = (int)k;
		}
		if (k < from) {
			if (op->size)
				d->ranged[d->nranged++] = k;
			continue;
		}
		uint32_t *c = d->vc[k];
		if (d->prev_thread[k] >= 0)
			memcpy(c, d->vc[d->prev_thread[k]], sizeof(d->vc[k]));
		else
			memset(c, 0, sizeof(d->vc[k]));
		c[t] = d->idx[k];
		unsigned nc = candidates(d, ev, k);
		for (unsigned x = 0; x < nc; x++) {
			int j = (int)d->cand[x];

			if (!rt_op_dependent(&ev[j].op, op))
				continue;
			for (int u = 0; u < MAXT; u++)
				if (d->vc[j][u] > c[u])
					c[u] = d->vc[j][u];
			if (!op->size && !ev[j].op.size && stops_scan(ev[j].op.access))
				break;
		}
		if (op->size)
			d->ranged[d->nranged++] = k;
	}
}

static inline bool hb(const struct dpor *d, const struct rt_event *ev, unsigned a, unsigned b)
{
	return d->vc[b][ev[a].tid] >= d->idx[a];
}

/* Threads that can start the reversed order: the first event of each
 * thread in v = (events after j not after it in happens-before) . k that
 * no earlier event of v happens before. */
static uint32_t initials(const struct dpor *d, const struct rt_event *ev, unsigned j, unsigned k)
{
	uint32_t seen = 0, init = 0;
	unsigned *vbuf = d->vbuf;
	unsigned nv = 0;

	for (unsigned m = j + 1; m <= k; m++) {
		if (m < k && hb(d, ev, j, m))
			continue;
		int t = ev[m].tid;
		if (!(seen & bit(t))) {
			bool first = true;

			for (unsigned x = 0; x < nv && first; x++)
				if (hb(d, ev, vbuf[x], m))
					first = false;
			if (first)
				init |= bit(t);
			seen |= bit(t);
		}
		vbuf[nv++] = m;
	}
	return init;
}

static void add_backtrack(struct dpor *d, unsigned at, uint32_t init, int prefer)
{
	struct node *n = &d->path[at];

	if (n->frozen || (init & (n->backtrack | n->done | n->sleep)))
		return;
	uint32_t cand = init & n->enabled & ~n->sleep;
	if (cand)
		n->backtrack |= (cand & bit(prefer)) ? bit(prefer) : bit(lowest(cand));
	else
		n->backtrack |= n->enabled & ~n->sleep; /* conservative: all of them */
}

/* Start of the run of same-thread steps that contains step j. */
static unsigned run_start(const struct dpor *d, unsigned j)
{
	while (j > 0 && d->path[j - 1].chosen == d->path[j].chosen)
		j--;
	return j;
}

static void analyse(struct dpor *d, const struct rt_event *ev, unsigned n)
{
	if (n > d->depth)
		n = d->depth;
	grow_scratch(d, n + 1);
	build_clocks(d, ev, n, d->new_from < d->analysed ? d->new_from : d->analysed);
	d->analysed = n;
	memcpy(d->ranged_all, d->ranged, d->nranged * sizeof(*d->ranged));
	d->nranged_all = d->nranged;
	for (unsigned k = d->new_from; k < n; k++) {
		const struct rt_op *op = &ev[k].op;

		if (!op->obj || op->access == RT_WAIT || op->access == RT_NONE)
			continue;
		uint32_t acc[MAXT] = {0};
		if (d->prev_thread[k] >= 0)
			memcpy(acc, d->vc[d->prev_thread[k]], sizeof(acc));
		/* ranged events before k only */
		d->nranged = 0;
		while (d->nranged < d->nranged_all && d->ranged_all[d->nranged] < k)
			d->nranged++;
		unsigned nc = candidates(d, ev, k);
		for (unsigned x = 0; x < nc; x++) {
			int j = (int)d->cand[x];
			const struct rt_op *jo = &ev[j].op;

			if (!rt_op_dependent(jo, op) || jo->access == RT_WAIT)
				continue;
			if ((is_acq(op->access) && is_rel(jo->access)) ||
			    (is_rel(op->access) && is_acq(jo->access)))
				continue;
			int tj = ev[j].tid;
			if (tj != ev[k].tid && acc[tj] < d->idx[j]) {
				uint32_t init = initials(d, ev, (unsigned)j, k);

				add_backtrack(d, (unsigned)j, init, ev[k].tid);
				if (d->bound >= 0)
					add_backtrack(d, run_start(d, (unsigned)j), init,
						      ev[k].tid);
			}
			for (int u = 0; u < MAXT; u++)
				if (d->vc[j][u] > acc[u])
					acc[u] = d->vc[j][u];
			if (!op->size && !jo->size && stops_scan(jo->access))
				break;
		}
	}
}

static void dpor_end(void *p, const struct rt_result *r, const struct rt_event *ev, unsigned n)
{
	struct dpor *d = p;

	if (d->diverged)
		return;
	analyse(d, ev, n);
	/* Backtrack: the deepest node with a thread left to try. */
	for (unsigned i = d->depth; i-- > 0;) {
		struct node *nd = &d->path[i];

		if (nd->frozen)
			break;
		for (;;) {
			uint32_t todo = nd->backtrack & ~nd->done & ~nd->sleep & nd->enabled;
			if (!todo)
				break;
			int q = lowest(todo);
			nd->done |= bit(q);
			bool pre = nd->current >= 0 && nd->current != q &&
				   (nd->enabled & bit(nd->current)) &&
				   nd->ops[nd->current].prim != RT_P_YIELD;
			if (d->bound >= 0 && nd->preemptions + pre > d->bound) {
				d->pruned_by_bound = true;
				continue;
			}
			nd->chosen = (uint8_t)q;
			nd->preempt = pre;
			d->replay_len = i + 1;
			d->depth = i + 1;
			d->new_from = i;
			return;
		}
	}
	d->exhausted = true;
}

static bool dpor_complete(void *p)
{
	struct dpor *d = p;

	return d->exhausted && !d->diverged;
}

static void dpor_bounds(void *p, char *buf, unsigned len)
{
	struct dpor *d = p;

	if (d->bound >= 0)
		snprintf(buf, len, "preemptions<=%d (bounded POR, Coons et al. 2013)", d->bound);
	else
		snprintf(buf, len, "none (all Mazurkiewicz traces)");
}

const struct strategy_ops ex_dpor_ops = {
    .name = "dpor",
    .splits = true,
    .create = dpor_create,
    .destroy = dpor_destroy,
    .begin = dpor_begin,
    .choose = dpor_choose,
    .end = dpor_end,
    .complete = dpor_complete,
    .bounds = dpor_bounds,
};
