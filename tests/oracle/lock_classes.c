/*
 * lock_classes.c - a measurement, not a check: how many of a model's
 * Mazurkiewicz traces a lock-aware equivalence would merge.
 *
 *   lock_classes MODEL [--fix F] [--PARAM N]... [--time S]
 *
 * Explores MODEL with dpor (sticky walk, every violation kept) and puts
 * each complete execution into two classes: its Mazurkiewicz trace under
 * the oracle's dependency relation (oracle_trace.h), and its class when
 * lock operations (acquires and releases, exclusive or shared, of
 * spinlocks, semaphores, rwsems and the BKL) are taken as independent of
 * each other, so that two executions differing only in the order of
 * critical sections with no conflicting step fall into one class.  That
 * is the equivalence lock-aware reductions (LAPOR, Kokologiannakis, Raad
 * and Vafeiadis, PLDI 2019) explore up to; the count is an upper bound on
 * what they could save, not a reduction vfsrace makes.  A trylock still
 * depends on the lock, and a read of a lock word on its writes.
 *
 * A class is the partial order of its events: each event's vector clock
 * under program order and the relation, hashed with the event's thread,
 * index in its thread and kind, and summed over the events (the order of
 * the sum does not matter).  The Mazurkiewicz count printed beside it
 * must equal dpor's trace count: that is the check on this method.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hashset.h" /* src/explore: a set of 64-bit keys */
#include "oracle_trace.h"
#include "tool_args.h"
#include "trace_classes.h"
#include "vfsrace/model.h"
#include "vfsrace/rt_exec.h"

#define MAXT 32

static bool is_lock_op(enum or_kind k)
{
	return k == OR_ACQ || k == OR_REL || k == OR_ACQ_SH || k == OR_REL_SH;
}

static bool lock_aware_dependent(const struct or_event *a, const struct or_event *b)
{
	if (is_lock_op(a->kind) && is_lock_op(b->kind))
		return false;
	return or_dependent(a, b);
}

static uint64_t mix(uint64_t h, uint64_t v)
{
	h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
	h *= 0xff51afd7ed558ccdull;
	return h ^ (h >> 33);
}

/* The partial order of ev[0..n) under dep, as one key. */
static uint64_t order_key(const struct or_event *ev, const struct rt_event *rev, unsigned n,
			  bool (*dep)(const struct or_event *, const struct or_event *),
			  uint32_t (*vc)[MAXT])
{
	unsigned count[MAXT] = {0};
	int last[MAXT];
	uint64_t key = 0;

	for (int t = 0; t < MAXT; t++)
		last[t] = -1;
	for (unsigned k = 0; k < n; k++) {
		int t = ev[k].tid;

		if (t < 0 || t >= MAXT) {
			fprintf(stderr, "lock_classes: thread id %d out of range\n", t);
			exit(2);
		}
		if (last[t] >= 0)
			memcpy(vc[k], vc[last[t]], sizeof(vc[k]));
		else
			memset(vc[k], 0, sizeof(vc[k]));
		for (unsigned j = 0; j < k; j++)
			if (ev[j].tid != t && dep(&ev[j], &ev[k]))
				for (int u = 0; u < MAXT; u++)
					if (vc[j][u] > vc[k][u])
						vc[k][u] = vc[j][u];
		vc[k][t] = ++count[t];
		last[t] = (int)k;

		uint64_t h = mix((uint64_t)t, count[t]);
		h = mix(h, (uint64_t)ev[k].kind);
		h = mix(h, (uint64_t)rev[k].op.loc.line);
		for (int u = 0; u < MAXT; u++)
			h = mix(h, vc[k][u]);
		key += h;
	}
	return key;
}

static bool overlaps(const struct or_event *a, uintptr_t obj, unsigned long size)
{
	uintptr_t a1 = a->obj + (a->size ? a->size : 1), b1 = obj + (size ? size : 1);

	return a->obj && obj && a->obj < b1 && obj < a1;
}

static bool writes(const struct or_event *e, bool locks)
{
	if (!locks && is_lock_op(e->kind))
		return false;
	return e->kind == OR_WRITE || e->kind == OR_WAKE || e->kind == OR_TRY ||
	       e->kind == OR_TRY_SH || is_lock_op(e->kind);
}

/* The event ev[k] reads obj from: the latest earlier event that wrote
 * it, as (thread, index in its thread) folded into h; none: 0. */
static uint64_t source(const struct or_event *ev, const unsigned *idx, unsigned k, uintptr_t obj,
		       unsigned long size, bool locks)
{
	for (unsigned j = k; j-- > 0;)
		if (writes(&ev[j], locks) && overlaps(&ev[j], obj, size))
			return mix((uint64_t)ev[j].tid + 1, idx[j]);
	return 0;
}

/* An optimistic reads-from class: which write each read, lock step,
 * wait and await read from, with every plain write taken as blind (no
 * read of what it overwrites; list operations really read their
 * neighbours), so the count is a lower bound on the reads-from classes.
 * With locks false, lock acquires and releases read and write nothing
 * (a trylock still does: it sees whether the lock is held). */
static uint64_t reads_from_key(const struct or_event *ev, const struct rt_event *rev, unsigned n,
			       bool locks, unsigned *idx)
{
	unsigned count[MAXT] = {0};
	uint64_t key = 0;

	for (unsigned k = 0; k < n; k++) {
		int t = ev[k].tid;
		uint64_t h = 0;

		idx[k] = ++count[t];
		if (ev[k].kind == OR_AWAIT) {
			for (unsigned i = 0; i < ev[k].nset; i++)
				h = mix(h, source(ev, idx, k, ev[k].set[i], 0, locks));
		} else if (ev[k].kind != OR_WRITE && ev[k].kind != OR_NONE &&
			   (locks || !is_lock_op(ev[k].kind))) {
			h = source(ev, idx, k, ev[k].obj, ev[k].size, locks);
		}
		h = mix(h, mix((uint64_t)t, idx[k]));
		h = mix(h, (uint64_t)ev[k].kind);
		h = mix(h, (uint64_t)rev[k].op.loc.line);
		key += h;
	}
	return key;
}

struct counts {
	struct hashset mazurkiewicz, lock_aware, rf, rf_lock_free;
	unsigned *idx;
	unsigned long executions;
	unsigned first_steps[MAXT]; /* the first execution's steps per thread */
	int nthreads;
	uint32_t (*vc)[MAXT];
	unsigned vccap;
};

static void observe(void *ctx, const struct rt_result *res, const struct rt_event *ev, unsigned n)
{
	struct counts *c = ctx;
	uintptr_t *sets;

	if (res->abandoned)
		return;
	if (n > c->vccap) {
		c->vccap = 2 * n;
		c->vc = realloc(c->vc, c->vccap * sizeof(*c->vc));
		c->idx = realloc(c->idx, c->vccap * sizeof(*c->idx));
		if (!c->vc || !c->idx)
			abort();
	}
	struct or_event *oe = trace_events_of(ev, n, &sets);
	if (!c->executions++)
		for (unsigned k = 0; k < n; k++)
			if (ev[k].tid >= 0 && ev[k].tid < MAXT) {
				c->first_steps[ev[k].tid]++;
				if (ev[k].tid >= c->nthreads)
					c->nthreads = ev[k].tid + 1;
			}
	hashset_add(&c->mazurkiewicz, order_key(oe, ev, n, or_dependent, c->vc));
	hashset_add(&c->lock_aware, order_key(oe, ev, n, lock_aware_dependent, c->vc));
	hashset_add(&c->rf, reads_from_key(oe, ev, n, true, c->idx));
	hashset_add(&c->rf_lock_free, reads_from_key(oe, ev, n, false, c->idx));
	free(oe);
	free(sets);
}

static int parse(struct ex_options *o, int argc, char **argv)
{
	o->model = tool_model("lock_classes", argv[1], &o->args);
	if (!o->model)
		return 2;
	for (int i = 2; i < argc; i++) {
		if (i + 1 >= argc || strncmp(argv[i], "--", 2)) {
			fprintf(stderr, "unexpected argument %s\n", argv[i]);
			return 2;
		}
		if (!strcmp(argv[i], "--time")) {
			o->max_seconds = atof(argv[++i]);
			continue;
		}
		if (tool_model_option("lock_classes", o->model, &o->args, argv[i], argv[i + 1]))
			return 2;
		i++;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct ex_options o;
	struct counts c = {0};
	struct ex_report r;
	char err[256];

	if (argc < 2) {
		fprintf(stderr, "usage: lock_classes MODEL [--fix F] [--PARAM N]... [--time S]\n");
		return 2;
	}
	if (rt_init() != 0)
		return 2;
	ex_options_default(&o);
	o.out_dir = "";
	o.keep_going = true;
	o.walk_stay_percent = 100;
	o.strategy = ex_strategy_find("dpor");
	if (parse(&o, argc, argv))
		return 2;
	o.on_execution = observe;
	o.on_execution_ctx = &c;
	if (ex_explore(&o, &r, err, sizeof(err))) {
		fprintf(stderr, "dpor: %s\n", err);
		return 2;
	}
	printf("dpor: %lu traces (%s), %lu blocked\n", r.stats.executions,
	       r.stats.complete ? "complete" : "not complete", r.stats.blocked);
	printf("steps per thread in the first execution:");
	for (int t = 0; t < c.nthreads; t++)
		printf(" %u", c.first_steps[t]);
	printf("\n");
	printf("Mazurkiewicz traces (oracle's relation): %lu\n", c.mazurkiewicz.n);
	printf("classes with lock operations independent: %lu (%.1f traces per class)\n",
	       c.lock_aware.n, c.lock_aware.n ? (double)c.mazurkiewicz.n / c.lock_aware.n : 0.0);
	printf(
	    "reads-from classes, plain writes blind (a lower bound): %lu (%.1f traces per class)\n",
	    c.rf.n, c.rf.n ? (double)c.mazurkiewicz.n / c.rf.n : 0.0);
	printf("the same with lock operations ignored: %lu (%.1f traces per class)\n",
	       c.rf_lock_free.n,
	       c.rf_lock_free.n ? (double)c.mazurkiewicz.n / c.rf_lock_free.n : 0.0);
	int bad = c.mazurkiewicz.n != c.executions;
	if (bad)
		printf("the method disagrees with dpor: %lu executions, %lu traces\n", c.executions,
		       c.mazurkiewicz.n);
	ex_report_free(&r);
	hashset_free(&c.mazurkiewicz);
	hashset_free(&c.lock_aware);
	hashset_free(&c.rf);
	hashset_free(&c.rf_lock_free);
	free(c.idx);
	free(c.vc);
	rt_shutdown();
	return bad;
}
