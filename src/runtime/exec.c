/*
 * exec.c - one execution: set-up, the scheduling loop, the end.
 *
 * The scheduling decision runs on whichever thread reached the scheduling
 * point (or ended); it builds the view of every thread's pending
 * operation, asks the scheduler, and passes the baton only when another
 * thread was chosen.  The main thread sleeps from the first decision until
 * the execution ends or is cut short.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rt_internal.h"
#include "vfsrace/rt_slab.h"
#include "vfsrace/rt_report.h"
#include "vfsrace/rt_slab.h"

struct rt_state rt;

void rt_signal_main(void)
{
	rt_wake_baton(&rt.main_go, &rt.main_sleeping);
}

static void wait_main(void)
{
	rt_wait_baton(&rt.main_go, &rt.main_sleeping);
}

/*
 * Fairness (CHESS, Musuvathi & Qadeer, PLDI 2008): a thread that yields
 * while others are enabled must let each of them take a step before it is
 * scheduled again, so a retry loop cannot starve the thread that would end
 * it.  t->below holds the threads it is still waiting for.
 */
static bool fair_enabled(const struct rt_thread *t, uint32_t enabled)
{
	return (t->below & enabled) == 0;
}

static void build_view(struct rt_sched_view *v, uint32_t *enabled_out)
{
	uint32_t enabled = 0;

	v->step = rt.step;
	v->nthreads = rt.nthreads;
	v->current = rt.current;
	for (int i = 0; i < rt.nthreads; i++) {
		struct rt_thread *t = rt.t[i];
		struct rt_thread_view *tv = &v->t[i];

		tv->yielded = false;
		if (t->state == RT_T_DONE || !t->has_next) {
			tv->state = RT_T_DONE;
			continue;
		}
		tv->next = t->next;
		tv->state = rt_op_enabled(t) ? RT_T_ENABLED : RT_T_BLOCKED;
		if (tv->state == RT_T_ENABLED)
			enabled |= 1u << i;
	}
	for (int i = 0; i < rt.nthreads; i++) {
		struct rt_thread_view *tv = &v->t[i];

		if (tv->state == RT_T_ENABLED && !fair_enabled(rt.t[i], enabled)) {
			tv->state = RT_T_BLOCKED;
			tv->yielded = true;
			enabled &= ~(1u << i);
		}
	}
	*enabled_out = enabled;
}

static bool all_done(void)
{
	for (int i = 0; i < rt.nthreads; i++)
		if (rt.t[i]->state != RT_T_DONE)
			return false;
	return true;
}

static void describe_blocked(char *buf, size_t len)
{
	size_t off = 0;

	buf[0] = 0;
	for (int i = 0; i < rt.nthreads && off < len; i++) {
		struct rt_thread *t = rt.t[i];

		if (t->state == RT_T_DONE)
			continue;
		off +=
		    (size_t)snprintf(buf + off, len - off, "%s%s waits in %s() at %s:%d (%s %s)",
				     off ? "; " : "", t->name, t->next.loc.func, t->next.loc.file,
				     t->next.loc.line, t->next.what, rt_obj_describe(t->next.obj));
	}
}

/*
 * Pick the next thread and give it the baton.  `from` is the thread that
 * reached a scheduling point (pending op set) or ended (DONE), or NULL for
 * the first decision, made on the main thread.  A controlled thread with a
 * pending op returns from here when it is chosen; otherwise this returns
 * true when it passed the baton to a thread, false when it did not (the
 * execution is over, and main has been signalled unless from is NULL).
 */
bool rt_schedule_next(struct rt_thread *from)
{
	struct rt_sched_view v;
	uint32_t enabled;
	bool from_waits = from && from->state != RT_T_DONE;

	if (rt.starting || rt.aborting || all_done())
		goto over;
	build_view(&v, &enabled);
	if (enabled == 0) {
		char why[400];

		describe_blocked(why, sizeof(why));
		rt_report(RT_V_DEADLOCK, true, "no thread can run: %s", why);
		goto over; /* main or a DONE thread gets here */
	}
	if (rt.step >= rt.cfg.max_steps) {
		rt_report(RT_V_LIVELOCK, true,
			  "still running after %u steps under a fair schedule (step bound)",
			  rt.cfg.max_steps);
		goto over;
	}
	int next = rt.sched->choose(rt.sched->ctx, &v);
	if (next < 0 || next >= rt.nthreads || !(enabled & (1u << next))) {
		/* A bad choice is a bug to show, not an abandoned branch to hide,
		 * whichever thread happened to ask. */
		if (next >= 0) {
			rt_report(RT_V_BUG, true, "scheduler chose thread %d, which cannot run",
				  next);
			goto over; /* the main thread gets here */
		}
		rt.res->abandoned = true;
		rt.aborting = true;
		if (from_waits)
			rt_unwind();
		goto over;
	}
	struct rt_thread *n = rt.t[next];
	if (from == n)
		return true;
	/* A switch away from a thread that could go on is a preemption,
	 * unless that thread asked to yield. */
	rt.preempting = from_waits && (enabled & (1u << from->id)) && from->next.prim != RT_P_YIELD;
	if (from_waits) {
		rt_handoff_to(n);
		rt_wait_baton(&from->go, &from->sleeping);
		if (rt.aborting)
			rt_unwind();
		return true;
	}
	rt_handoff_to(n);
	return true;
over:
	rt.finishing = true;
	if (from_waits)
		rt_unwind();
	if (from)
		rt_signal_main();
	return false;
}

/* A fatal report: leave the thread's stack and go idle. */
_Noreturn void rt_unwind(void)
{
	struct rt_thread *self = rt_tls_self;

	if (self)
		siglongjmp(self->base, 1);
	if (rt.main_base_valid)
		siglongjmp(rt.main_base, 1);
	fprintf(stderr, "vfsrace: fatal report outside any execution\n");
	abort();
}

void rt_record(const struct rt_op *op, bool has_values, int before, int result)
{
	struct rt_thread *self = rt_tls_self;

	if (!self || rt.mode != RT_MODE_CONTROLLED)
		return;
	/* Fairness bookkeeping: this step releases everyone waiting on us. */
	for (int i = 0; i < rt.nthreads; i++)
		rt.t[i]->below &= ~(1u << self->id);
	if (op->prim == RT_P_YIELD) {
		uint32_t others = 0;

		for (int i = 0; i < rt.nthreads; i++)
			if (i != self->id && rt.t[i]->state != RT_T_DONE && rt.t[i]->has_next)
				others |= 1u << i;
		self->below = others;
	}
	if (rt.cfg.record_events) {
		if (rt.nev == rt.evcap) {
			rt.evcap = rt.evcap ? rt.evcap * 2 : 1024;
			rt.ev = realloc(rt.ev, rt.evcap * sizeof(*rt.ev));
			if (!rt.ev)
				abort();
		}
		if (rt.cfg.record_states && rt.nev >= rt.statecap) {
			/* Its own capacity: a replay may follow explorations that
			 * grew the event log without recording states. */
			rt.statecap = rt.evcap;
			rt.states = realloc(rt.states, rt.statecap * sizeof(*rt.states));
			if (!rt.states)
				abort();
		}
		struct rt_event *e = &rt.ev[rt.nev];
		e->step = rt.step;
		e->tid = self->id;
		e->op = *op;
		e->has_values = has_values;
		e->before = before;
		e->result = result;
		e->preemption = rt.preempting;
		if (rt.cfg.record_states) {
			char buf[1024];

			buf[0] = 0;
			if (rt.prog->describe)
				rt.prog->describe(rt.prog->params, buf, sizeof(buf));
			if (!rt.last_state || strcmp(buf, rt.last_state) != 0) {
				rt.states[rt.nev] = strdup(buf);
				rt.last_state = rt.states[rt.nev];
			} else {
				rt.states[rt.nev] = NULL;
			}
			rt.nstates = rt.nev + 1;
		}
		rt.nev++;
	}
	rt.preempting = false;
	rt.step++;
	rt.current = self->id;
	self->has_next = false;
}

const struct rt_event *rt_events(unsigned *n)
{
	*n = rt.nev;
	return rt.ev;
}

const char *rt_event_state(unsigned i)
{
	if (i >= rt.nstates || i >= rt.nev)
		return NULL;
	return rt.states[i];
}

static void clear_states(void)
{
	for (unsigned i = 0; i < rt.nstates; i++) {
		free(rt.states[i]);
		rt.states[i] = NULL;
	}
	rt.nstates = 0;
	rt.last_state = NULL;
}

static void begin(const struct rt_program *prog, const struct rt_exec_config *cfg,
		  struct rt_result *res)
{
	clear_states();
	memset(res, 0, sizeof(*res));
	rt.prog = prog;
	rt.cfg = *cfg;
	if (!rt.cfg.max_steps)
		rt.cfg.max_steps = 100000;
	rt.res = res;
	rt.nthreads = 0;
	rt.step = 0;
	rt.current = -1;
	rt.aborting = false;
	rt.finishing = false;
	rt.preempting = false;
	rt.starting = false;
	rt.nev = 0;
	rt.main_thread.spin_held = 0;
	rt.main_thread.bkl_depth = 0;
	rt_pool_reset();
	rt_slab_reset();
	rt_names_reset();
	rt_printk_reset();
	rt_bkl_reset();
}

static void finish(const struct rt_program *prog, struct rt_result *res, bool completed)
{
	rt.mode = RT_MODE_SETUP;
	rt.main_thread.spin_held = 0;
	if (sigsetjmp(rt.main_base, 0) == 0) {
		rt.main_base_valid = true;
		res->state_hash = prog->finish ? prog->finish(prog->params, completed) : 0;
		if (rt.cfg.check_leaks && completed)
			rt_slab_report_leaks();
	}
	rt.main_base_valid = false;
	res->steps = rt.step;
	rt.mode = RT_MODE_IDLE;
}

/* Let each thread run its local code up to its first scheduling point. */
static void start_threads(void)
{
	rt.starting = true;
	for (int i = 0; i < rt.nthreads && !rt.aborting; i++) {
		struct rt_thread *t = rt.t[i];

		t->started = true;
		rt_handoff_to(t);
		wait_main();
	}
	rt.starting = false;
}

/* After a fatal report, every parked thread unwinds its stack. */
static void unwind_parked(void)
{
	for (int i = 0; i < rt.nthreads; i++) {
		struct rt_thread *t = rt.t[i];

		if (t->started && t->state != RT_T_DONE) {
			rt_handoff_to(t);
			wait_main();
		}
	}
}

int rt_run(const struct rt_program *prog, const struct rt_scheduler *sched,
	   const struct rt_exec_config *cfg, struct rt_result *res)
{
	begin(prog, cfg, res);
	rt.sched = sched;
	rt.mode = RT_MODE_SETUP;
	if (sigsetjmp(rt.main_base, 0) == 0) {
		rt.main_base_valid = true;
		prog->setup(prog->params);
	}
	rt.main_base_valid = false;
	rt.mode = RT_MODE_CONTROLLED;
	if (!rt.aborting) {
		start_threads();
		if (!rt.aborting && rt_schedule_next(NULL))
			wait_main();
	}
	if (rt.aborting)
		unwind_parked();
	bool completed = !rt.aborting;
	finish(prog, res, completed);
	/* Reports after this point have no execution to go to. */
	rt.res = NULL;
	return 0;
}

static void run_single_setup(void *p)
{
	void **a = p;

	rt_thread_create("main", (rt_thread_fn)a[0], a[1]);
}

static int only_enabled(void *ctx, const struct rt_sched_view *v)
{
	for (int i = 0; i < v->nthreads; i++)
		if (v->t[i].state == RT_T_ENABLED)
			return i;
	return -1;
}

int rt_run_single(void (*fn)(void *arg), void *arg, struct rt_result *res)
{
	void *a[2] = {(void *)fn, arg};
	struct rt_program prog = {.setup = run_single_setup, .params = a};
	struct rt_scheduler s = {only_enabled, NULL};
	struct rt_exec_config cfg = {.max_steps = 1000000, .check_leaks = false};

	return rt_run(&prog, &s, &cfg, res);
}

int rt_run_free(const struct rt_program *prog, struct rt_result *res)
{
	struct rt_exec_config cfg = {0};

	begin(prog, &cfg, res);
	rt.mode = RT_MODE_FREE;
	prog->setup(prog->params);
	/* Real parallelism: let the pool use every CPU for this run. */
	rt_pool_set_all_cpus(true);
	atomic_store(&rt.free_running, rt.nthreads);
	for (int i = 0; i < rt.nthreads; i++)
		rt_handoff_to(rt.t[i]);
	if (rt.nthreads)
		wait_main();
	rt_pool_set_all_cpus(false);
	rt.mode = RT_MODE_SETUP;
	res->state_hash = prog->finish ? prog->finish(prog->params, true) : 0;
	rt.mode = RT_MODE_IDLE;
	rt.res = NULL;
	return 0;
}
