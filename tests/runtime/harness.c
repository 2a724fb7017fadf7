/*
 * harness.c - scripted and depth-first schedulers for the runtime's tests.
 */
#include <string.h>

#include "harness.h"

struct th_sched_ctx {
	struct th_run *r;
	const int *prefix; /* dfs: forced choices */
	unsigned nprefix;
	uint32_t *enabled_log; /* dfs: enabled set at each decision */
};

static uint32_t enabled_set(const struct rt_sched_view *v)
{
	uint32_t m = 0;

	for (int i = 0; i < v->nthreads; i++)
		if (v->t[i].state == RT_T_ENABLED)
			m |= 1u << i;
	return m;
}

int th_lowest_enabled(const struct rt_sched_view *v)
{
	for (int i = 0; i < v->nthreads; i++)
		if (v->t[i].state == RT_T_ENABLED)
			return i;
	return -1;
}

static int script_choose(void *p, const struct rt_sched_view *v)
{
	struct th_sched_ctx *ctx = p;
	struct th_run *r = ctx->r;
	unsigned d = r->ndecisions;
	int next = -1;

	if (r->observe)
		r->observe(v);
	if (ctx->enabled_log) {
		/* dfs: the forced prefix, then the lowest enabled thread. */
		next = d < ctx->nprefix ? ctx->prefix[d] : th_lowest_enabled(v);
	} else if (r->script && r->script_pos < r->nscript) {
		next = r->script[r->script_pos];
		if (next < 0 || next >= v->nthreads || v->t[next].state != RT_T_ENABLED) {
			r->script_misses++;
			next = th_lowest_enabled(v);
		}
		/* A thread's start step comes with the first entry naming it. */
		if (r->script_has_starts || next < 0 || v->t[next].next->prim != RT_P_START)
			r->script_pos++;
	} else {
		next = r->policy ? r->policy(v) : th_lowest_enabled(v);
	}
	if (ctx->enabled_log && d < TH_MAX_DECISIONS)
		ctx->enabled_log[d] = enabled_set(v);
	if (d < TH_MAX_DECISIONS)
		r->decisions[d] = next;
	r->ndecisions++;
	return next;
}

static void th_setup(void *params)
{
	struct th_run *r = params;

	if (r->init)
		r->init();
	for (int i = 0; i < r->nthreads; i++)
		rt_thread_create(r->t[i].name, r->t[i].fn, r->t[i].arg);
}

static uint64_t th_finish(void *params, bool completed)
{
	struct th_run *r = params;

	return r->check ? r->check(completed) : 0;
}

static int run_with(struct th_run *r, struct th_sched_ctx *ctx, struct rt_result *res)
{
	struct rt_program prog = {.setup = th_setup, .finish = th_finish, .params = r};
	struct rt_scheduler s = {script_choose, ctx};

	r->ndecisions = 0;
	r->script_pos = 0;
	r->script_misses = 0;
	return rt_run(&prog, &s, &r->cfg, res);
}

int th_run(struct th_run *r, struct rt_result *res)
{
	struct th_sched_ctx ctx = {.r = r};

	return run_with(r, &ctx, res);
}

struct th_many {
	struct th_run *r;
	bool (*next)(struct th_run *r, struct rt_result *res, void *arg);
	void *arg;
};

static bool many_next(void *p, struct rt_result *res)
{
	struct th_many *m = p;

	if (!m->next(m->r, res, m->arg))
		return false;
	m->r->ndecisions = 0;
	m->r->script_pos = 0;
	m->r->script_misses = 0;
	return true;
}

int th_run_many(struct th_run *r, struct rt_result *res,
		bool (*next)(struct th_run *r, struct rt_result *res, void *arg), void *arg)
{
	struct th_sched_ctx ctx = {.r = r};
	struct th_many m = {r, next, arg};
	struct rt_program prog = {.setup = th_setup, .finish = th_finish, .params = r};
	struct rt_scheduler s = {script_choose, &ctx};

	r->ndecisions = 0;
	r->script_pos = 0;
	r->script_misses = 0;
	return rt_run_many(&prog, &s, &r->cfg, res, many_next, &m);
}

const struct rt_violation *th_violation(const struct rt_result *res, const char *kind)
{
	for (int i = 0; i < res->nviolations; i++)
		if (strcmp(res->v[i].kind, kind) == 0)
			return &res->v[i];
	return NULL;
}

/* Next prefix after the execution just run: the deepest decision that has
 * an untried enabled thread above the one chosen. */
static bool dfs_backtrack(int *prefix, unsigned *nprefix, const struct th_run *r,
			  const uint32_t *enabled_log)
{
	unsigned n = r->ndecisions < TH_MAX_DECISIONS ? r->ndecisions : TH_MAX_DECISIONS;

	for (unsigned d = n; d-- > 0;) {
		int c = r->decisions[d];

		for (int alt = c + 1; alt < RT_MAX_THREADS; alt++) {
			if (enabled_log[d] & (1u << alt)) {
				memcpy(prefix, r->decisions, d * sizeof(*prefix));
				prefix[d] = alt;
				*nprefix = d + 1;
				return true;
			}
		}
	}
	return false;
}

unsigned th_dfs(struct th_run *r, unsigned max_execs,
		void (*on_exec)(const struct th_run *r, const struct rt_result *res, void *arg),
		void *arg)
{
	static int prefix[TH_MAX_DECISIONS];
	static uint32_t enabled_log[TH_MAX_DECISIONS];
	unsigned nprefix = 0;

	for (unsigned execs = 1; execs <= max_execs; execs++) {
		struct th_sched_ctx ctx = {
		    .r = r, .prefix = prefix, .nprefix = nprefix, .enabled_log = enabled_log};
		struct rt_result res;

		run_with(r, &ctx, &res);
		if (on_exec)
			on_exec(r, &res, arg);
		if (!dfs_backtrack(prefix, &nprefix, r, enabled_log))
			return execs;
	}
	return 0;
}

int th_group_setup(void **state)
{
	return rt_init();
}

int th_group_teardown(void **state)
{
	rt_shutdown();
	return 0;
}
