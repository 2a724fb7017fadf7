/*
 * test_dpor_differential.c - dpor against dfs and against a brute-force
 * oracle on many small generated programs: 2-3 threads of 2-4 reads and
 * writes of 2-3 shared variables, some inside a spinlock-held section.
 *
 * The oracle walks every interleaving of the program text without the
 * runtime and counts the interleavings, the Mazurkiewicz traces (each
 * interleaving reduced to the order of its dependent pairs: per object,
 * the sequence of accesses with runs of reads sorted) and the terminal
 * states.  dfs must find every interleaving, dpor one execution per
 * trace, and both exactly the oracle's terminal states.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "explore_helpers.h"
#include "vfsrace/model.h"
#include "vfsrace/rt_sched.h"
#include "vfsrace/rt_spinlock.h"
#include "vfsrace/rt_thread.h"

#define RP_THREADS    3
#define RP_VARS	      3
#define RP_OPS	      6 /* 4 accesses and a lock/unlock pair */
#define RP_PROGRAMS   200
#define RP_MAX_LEAVES 1500 /* keeps dfs quick */

enum rp_kind { RP_READ, RP_WRITE, RP_LOCK, RP_UNLOCK };

struct rp_op {
	enum rp_kind kind;
	int var;
};

struct rp_program {
	int nthreads;
	int nops[RP_THREADS];
	struct rp_op op[RP_THREADS][RP_OPS];
};

/* ---- the program as a model ---- */

static struct rp_program prog; /* what the model runs */
static int vars[RP_VARS];
static int regs[RP_THREADS];
static long tids[RP_THREADS];
static rt_spinlock_t lock;

static int read_value(int reg, int v)
{
	return reg * 3 + v + 1;
}

static int written_value(int reg, int t, int pc)
{
	return reg * 5 + t * 7 + pc + 1;
}

static uint64_t rp_hash(const int *vs, const int *rs)
{
	uint64_t h = 1469598103934665603ull;

	for (int i = 0; i < RP_VARS; i++)
		h = (h ^ (uint64_t)(unsigned)vs[i]) * 1099511628211ull;
	for (int i = 0; i < RP_THREADS; i++)
		h = (h ^ (uint64_t)(unsigned)rs[i]) * 1099511628211ull;
	return h;
}

static void rp_thread(void *arg)
{
	int t = (int)*(long *)arg;

	for (int pc = 0; pc < prog.nops[t]; pc++) {
		const struct rp_op *op = &prog.op[t][pc];

		switch (op->kind) {
		case RP_READ:
			RT_READ(&vars[op->var], "read");
			regs[t] = read_value(regs[t], vars[op->var]);
			break;
		case RP_WRITE:
			RT_WRITE(&vars[op->var], "write");
			vars[op->var] = written_value(regs[t], t, pc);
			break;
		case RP_LOCK:
			rt_spin_lock_at(&lock, RT_HERE);
			break;
		case RP_UNLOCK:
			rt_spin_unlock_at(&lock, RT_HERE);
			break;
		}
	}
}

static void rp_setup(const struct model_args *a)
{
	memset(vars, 0, sizeof(vars));
	memset(regs, 0, sizeof(regs));
	rt_spin_init(&lock, "rp_lock");
	for (int t = 0; t < prog.nthreads; t++) {
		tids[t] = t;
		rt_thread_create("rp", rp_thread, &tids[t]);
	}
}

static uint64_t rp_finish(const struct model_args *a, bool completed)
{
	return rp_hash(vars, regs);
}

static const struct model_param rp_params[] = {{"size", 0, 0, 0, "unused", NULL}};
static const struct model_fix rp_fix[] = {{"none", "generated test program"}};
static const struct model rp_model = {
    .name = "test-random-program",
    .summary = "test only: the program in test_dpor_differential.c's prog",
    .params = rp_params,
    .nparams = 1,
    .fixes = rp_fix,
    .nfixes = 1,
    .setup = rp_setup,
    .finish = rp_finish,
};
MODEL_REGISTER(rp_model)

/* ---- the oracle ---- */

#define RP_MAX_EVENTS (RP_THREADS * RP_OPS)

struct oracle {
	const struct rp_program *p;
	int pc[RP_THREADS], reg[RP_THREADS], var[RP_VARS];
	int owner;
	int trail[RP_MAX_EVENTS]; /* thread of each step so far */
	int len;
	unsigned long leaves;
	struct state_set traces, states;
};

static void set_add(struct state_set *s, uint64_t h)
{
	for (unsigned long i = 0; i < s->n; i++)
		if (s->h[i] == h)
			return;
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 64;
		s->h = realloc(s->h, s->cap * sizeof(*s->h));
		assert_non_null(s->h);
	}
	s->h[s->n++] = h;
}

/* Object an op touches: a variable, or the lock (RP_VARS). */
static int object_of(const struct rp_op *op)
{
	return op->kind == RP_READ || op->kind == RP_WRITE ? op->var : RP_VARS;
}

/* The trace of the interleaving in o->trail, as one hash: for each object
 * its accesses in order, each run of reads sorted by (thread, pc). */
static uint64_t trace_signature(const struct oracle *o)
{
	uint64_t h = 1469598103934665603ull;
	int pc[RP_THREADS] = {0};
	int ev_obj[RP_MAX_EVENTS], ev_code[RP_MAX_EVENTS];
	bool ev_read[RP_MAX_EVENTS];

	for (int k = 0; k < o->len; k++) {
		int t = o->trail[k];
		const struct rp_op *op = &o->p->op[t][pc[t]];

		ev_obj[k] = object_of(op);
		ev_read[k] = op->kind == RP_READ;
		ev_code[k] = t * RP_OPS + pc[t]++;
	}
	for (int obj = 0; obj <= RP_VARS; obj++) {
		int run[RP_MAX_EVENTS], nrun = 0;

		for (int k = 0; k <= o->len; k++) {
			bool end = k == o->len;

			if (!end && ev_obj[k] != obj)
				continue;
			if (!end && ev_read[k]) {
				run[nrun++] = ev_code[k];
				continue;
			}
			/* a write or the end closes the run of reads before it */
			for (int i = 1; i < nrun; i++)
				for (int j = i; j > 0 && run[j - 1] > run[j]; j--) {
					int x = run[j];
					run[j] = run[j - 1];
					run[j - 1] = x;
				}
			for (int i = 0; i < nrun; i++)
				h = (h ^ (uint64_t)(run[i] + 1)) * 1099511628211ull;
			nrun = 0;
			if (!end)
				h = (h ^ (uint64_t)(1000 + ev_code[k])) * 1099511628211ull;
		}
		h = (h ^ 0xffu) * 1099511628211ull;
	}
	return h;
}

static void oracle_walk(struct oracle *o)
{
	bool any = false;

	for (int t = 0; t < o->p->nthreads; t++) {
		if (o->pc[t] == o->p->nops[t])
			continue;
		const struct rp_op *op = &o->p->op[t][o->pc[t]];
		if (op->kind == RP_LOCK && o->owner >= 0)
			continue;
		int saved_reg = o->reg[t], saved_var = op->kind == RP_WRITE ? o->var[op->var] : 0;
		int saved_owner = o->owner;

		any = true;
		switch (op->kind) {
		case RP_READ:
			o->reg[t] = read_value(o->reg[t], o->var[op->var]);
			break;
		case RP_WRITE:
			o->var[op->var] = written_value(o->reg[t], t, o->pc[t]);
			break;
		case RP_LOCK:
			o->owner = t;
			break;
		case RP_UNLOCK:
			o->owner = -1;
			break;
		}
		o->pc[t]++;
		o->trail[o->len++] = t;
		oracle_walk(o);
		o->len--;
		o->pc[t]--;
		o->owner = saved_owner;
		o->reg[t] = saved_reg;
		if (op->kind == RP_WRITE)
			o->var[op->var] = saved_var;
	}
	if (any)
		return;
	o->leaves++;
	set_add(&o->traces, trace_signature(o));
	set_add(&o->states, rp_hash(o->var, o->reg));
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* ---- generating programs ---- */

static uint64_t rng_next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static int rng_below(uint64_t *s, int n)
{
	return (int)(rng_next(s) % (uint64_t)n);
}

static void generate(struct rp_program *p, uint64_t *rng)
{
	int nvars = 2 + rng_below(rng, 2);

	memset(p, 0, sizeof(*p));
	p->nthreads = 2 + rng_below(rng, 2);
	for (int t = 0; t < p->nthreads; t++) {
		int n = 2 + rng_below(rng, 3);
		bool locked = rng_below(rng, 3) == 0;
		int from = locked ? rng_below(rng, n) : -1;
		int to = locked ? from + rng_below(rng, n - from) : -1; /* inclusive */

		for (int i = 0; i < n; i++) {
			if (i == from)
				p->op[t][p->nops[t]++] = (struct rp_op){RP_LOCK, 0};
			p->op[t][p->nops[t]++] = (struct rp_op){
			    rng_below(rng, 2) ? RP_WRITE : RP_READ, rng_below(rng, nvars)};
			if (i == to)
				p->op[t][p->nops[t]++] = (struct rp_op){RP_UNLOCK, 0};
		}
	}
}

static void describe(const struct rp_program *p, char *buf, size_t len)
{
	static const char *const names[] = {"R", "W", "lock", "unlock"};
	size_t off = 0;

	buf[0] = 0;
	for (int t = 0; t < p->nthreads && off < len; t++) {
		off += (size_t)snprintf(buf + off, len - off, "%sT%d:", t ? " | " : "", t);
		for (int i = 0; i < p->nops[t] && off < len; i++) {
			const struct rp_op *op = &p->op[t][i];
			off += (size_t)snprintf(buf + off, len - off, " %s", names[op->kind]);
			if ((op->kind == RP_READ || op->kind == RP_WRITE) && off < len)
				off += (size_t)snprintf(buf + off, len - off, "%d", op->var);
		}
	}
}

static void check_program(int index)
{
	struct oracle o;
	struct ex_options opt;
	struct ex_report dfs, dpor;
	struct state_set dfs_states, dpor_states;
	char text[512];

	memset(&o, 0, sizeof(o));
	o.p = &prog;
	o.owner = -1;
	oracle_walk(&o);
	qsort(o.states.h, o.states.n, sizeof(*o.states.h), cmp_u64);
	describe(&prog, text, sizeof(text));

	explore_options(&opt, "test-random-program", 0, "dfs");
	explore_run(&opt, &dfs, &dfs_states);
	explore_options(&opt, "test-random-program", 0, "dpor");
	explore_run(&opt, &dpor, &dpor_states);
	if (!dfs.stats.complete || !dpor.stats.complete || dfs.stats.executions != o.leaves ||
	    dpor.stats.executions != o.traces.n || dpor.stats.executions > dfs.stats.executions ||
	    !state_set_equal(&dfs_states, &o.states) || !state_set_equal(&dpor_states, &o.states))
		fail_msg("program %d [%s]: interleavings %lu (dfs %lu), traces %lu (dpor %lu, "
			 "blocked %lu), states %lu (dfs %lu, dpor %lu; equal sets: dfs %d dpor %d)",
			 index, text, o.leaves, dfs.stats.executions, o.traces.n,
			 dpor.stats.executions, dpor.stats.blocked, o.states.n, dfs_states.n,
			 dpor_states.n, state_set_equal(&dfs_states, &o.states),
			 state_set_equal(&dpor_states, &o.states));
	state_set_free(&dfs_states);
	state_set_free(&dpor_states);
	state_set_free(&o.traces);
	state_set_free(&o.states);
}

static unsigned long leaves_of(const struct rp_program *p)
{
	struct oracle o;

	memset(&o, 0, sizeof(o));
	o.p = p;
	o.owner = -1;
	oracle_walk(&o);
	state_set_free(&o.traces);
	state_set_free(&o.states);
	return o.leaves;
}

static void test_dpor_matches_dfs_and_oracle_on_generated_programs(void **state)
{
	uint64_t rng = 20250101;

	for (int i = 0; i < RP_PROGRAMS; i++) {
		do
			generate(&prog, &rng);
		while (leaves_of(&prog) > RP_MAX_LEAVES);
		check_program(i);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_dpor_matches_dfs_and_oracle_on_generated_programs),
	};

	return cmocka_run_group_tests(tests, explore_group_setup, explore_group_teardown);
}
