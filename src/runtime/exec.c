/*
 * exec.c - one execution: set-up, the scheduling loop, the end.
 *
 * The scheduling decision runs on whichever thread reached the scheduling
 * point (or ended); it builds the view of every thread's pending
 * operation, asks the scheduler, and passes the baton only when another
 * thread was chosen.  The main thread sleeps from the first decision until
 * the execution ends or is cut short; in a loop of executions
 * (rt_run_many) until the loop ends: the thread that ends an execution
 * finishes it, runs the caller's between-executions code and starts the
 * next one itself, as the set-up pseudo-thread (rt_tls_self NULL).
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

/* The driver: whoever waits for the execution's end (main, or the thread
 * that ended the previous execution of an rt_run_many loop). */
static void signal_driver(void)
{
	rt_wake_baton(rt.driver_go, rt.driver_sleeping);
}

static void wait_driver(void)
{
	rt_wait_baton(rt.driver_go, rt.driver_sleeping);
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

		if (t->state == RT_T_DONE || !t->has_next) {
			tv->state = RT_T_DONE;
			tv->next = NULL;
			continue;
		}
		tv->next = &t->next;
		tv->state = rt_op_enabled(t) ? RT_T_ENABLED : RT_T_BLOCKED;
		if (tv->state == RT_T_ENABLED)
			enabled |= 1u << i;
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

static void describe_blocked(char *buf, size_t len, bool *spinning)
{
	size_t off = 0;

	buf[0] = 0;
	*spinning = false;
	for (int i = 0; i < rt.nthreads && off < len; i++) {
		struct rt_thread *t = rt.t[i];

		if (t->state == RT_T_DONE)
			continue;
		if (t->next.access == RT_AWAIT) {
			*spinning = true;
			off += (size_t)snprintf(
			    buf + off, len - off,
			    "%s%s spins in %s() at %s:%d: nothing it read will change",
			    off ? "; " : "", t->name, t->next.loc.func, t->next.loc.file,
			    t->next.loc.line);
			continue;
		}
		off +=
		    (size_t)snprintf(buf + off, len - off, "%s%s waits in %s() at %s:%d (%s %s)",
				     off ? "; " : "", t->name, t->next.loc.func, t->next.loc.file,
				     t->next.loc.line, t->next.what, rt_op_object(&t->next));
	}
}

void rt_capture_pending(void)
{
	struct rt_result *res = rt.res;

	if (!res)
		return;
	rt_trace_capture_pending_stacks();
	res->nthreads = rt.nthreads;
	res->pending_mask = 0;
	res->pending_enabled = 0;
	for (int i = 0; i < rt.nthreads; i++) {
		struct rt_thread *t = rt.t[i];

		if (t->state == RT_T_DONE || !t->has_next)
			continue;
		res->pending[i] = t->next;
		res->pending_mask |= 1u << i;
		if (rt_op_enabled(t))
			res->pending_enabled |= 1u << i;
		res->pending_enabler[i] = t->next.prim == RT_P_START   ? t->spawned_by
					  : t->next.prim == RT_P_RWSEM ? t->granted_by
								       : t->woken_by;
	}
}

/* The scheduler found that nothing can go on: report it as the state the
 * execution ends in, not as any thread's step. */
static void report_terminal(const char *kind, const char *fmt, const char *what)
{
	rt_capture_pending();
	rt.ending = true;
	rt_report(kind, true, fmt, what);
	rt.ending = false;
}

/*
 * Pick the next thread and give it the baton.  `from` is the thread that
 * reached a scheduling point (pending op set) or ended (DONE), or NULL for
 * the first decision, made by the driver (main, or in a loop the thread
 * that ended the previous execution).  A controlled thread with a pending
 * op returns from here when it is chosen; otherwise this returns true when
 * it passed the baton to a thread, false when it did not (the execution
 * is over, and rt_execution_over() has run unless from is NULL).
 */
bool rt_schedule_next(struct rt_thread *from)
{
	struct rt_sched_view v;
	uint32_t enabled;
	bool from_waits = from && from->state != RT_T_DONE;

	if (rt.aborting || all_done())
		goto over;
	build_view(&v, &enabled);
	if (enabled == 0) {
		char why[400];
		bool spinning;

		describe_blocked(why, sizeof(why), &spinning);
		if (spinning)
			report_terminal(RT_V_LIVELOCK, "no thread can make progress: %s", why);
		else
			report_terminal(RT_V_DEADLOCK, "no thread can run: %s", why);
		goto over; /* the driver or a DONE thread gets here */
	}
	if (rt.step >= rt.cfg.max_steps) {
		rt.res->step_bound = true;
		report_terminal(RT_V_LIVELOCK, "%s",
				"still running at the step bound (--max-steps): a loop that "
				"writes shared memory on every turn, or a bound too small");
		goto over;
	}
	int next = rt.sched->choose(rt.sched->ctx, &v);
	if (next < 0 || next >= rt.nthreads || !(enabled & (1u << next))) {
		/* A bad choice is a bug to show, not an abandoned branch to hide,
		 * whichever thread happened to ask. */
		if (next >= 0) {
			char what[64];

			snprintf(what, sizeof(what), "%d", next);
			report_terminal(RT_V_BUG, "scheduler chose thread %s, which cannot run",
					what);
			goto over; /* the report ends the execution */
		}
		/* What each thread was about to do: a strategy that abandons
		 * a branch may still race those steps (dpor.c, analyse()). */
		rt_capture_pending();
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
	rt.preempting =
	    from_waits && (enabled & (1u << from->id)) && !rt_op_gives_up_cpu(&from->next);
	n->started = true;
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
		rt_execution_over();
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

/* ---- retry loops: what a thread read and wrote since its last yield ---- */

static uint64_t lock_hash(const void *obj)
{
	uint64_t h = (uint64_t)(uintptr_t)obj * 0x9e3779b97f4a7c15ull;

	return (h ^ (h >> 29)) | 1;
}

static void span_note_read(struct rt_thread *t, const void *obj)
{
	for (unsigned i = 0; i < t->nspan; i++)
		if (t->span[i].obj == obj) {
			t->span[i].changed = false; /* it now has the current value */
			return;
		}
	if (t->nspan == t->spancap) {
		t->spancap = t->spancap ? t->spancap * 2 : 16;
		t->span = realloc(t->span, t->spancap * sizeof(*t->span));
		if (!t->span)
			abort();
	}
	t->span[t->nspan++] = (struct rt_span_read){obj, false};
}

void rt_span_reset(struct rt_thread *t)
{
	t->nspan = 0;
	t->span_impure = false;
	t->span_locks = 0;
}

/* The running thread's own step: what it read, wrote, took, released. */
static void span_own_step(struct rt_thread *self, const struct rt_op *op,
			  const struct rt_step_info *si)
{
	switch (op->access) {
	case RT_READ:
		if (op->prim != RT_P_START)
			span_note_read(self, op->obj);
		break;
	case RT_TRY:
	case RT_TRY_SH:
		if (si->result)
			self->span_locks += lock_hash(op->obj);
		else
			span_note_read(self, op->obj); /* it read the lock busy */
		break;
	case RT_ACQ:
	case RT_ACQ_SH:
		self->span_locks += lock_hash(op->obj);
		break;
	case RT_REL:
	case RT_REL_SH:
		self->span_locks -= lock_hash(op->obj);
		break;
	case RT_WAIT:
		if (op->prim != RT_P_RWSEM) /* the rwsem wait ends its acquire */
			self->span_impure = true;
		break;
	case RT_WRITE:
	case RT_WAKE:
		self->span_impure = true;
		break;
	case RT_AWAIT:
		rt_span_reset(self);
		break;
	default:
		if (op->prim == RT_P_YIELD)
			rt_span_reset(self);
		break;
	}
}

/* Another thread's step: does it change something a thread read? */
static void span_others_step(const struct rt_thread *self, const struct rt_op *op)
{
	struct rt_op at_obj = {.obj = op->obj, .access = RT_READ};

	/* A read of op's own object is the one most likely to depend on op:
	 * if it does not, op's kind commutes with reads and no span entry
	 * needs looking at (every step used to test every entry). */
	if (!op->obj || op->access == RT_READ || op->access == RT_AWAIT ||
	    !rt_op_dependent(&at_obj, op))
		return;
	for (int i = 0; i < rt.nthreads; i++) {
		struct rt_thread *t = rt.t[i];

		if (t == self || t->state == RT_T_DONE)
			continue;
		for (unsigned k = 0; k < t->nspan; k++) {
			struct rt_op read = {.obj = t->span[k].obj, .access = RT_READ};

			if (t->span[k].changed)
				continue;
			/* Without a range, a read depends on op only at op's object. */
			if (op->size || op->node ? rt_op_dependent(&read, op) : read.obj == op->obj)
				t->span[k].changed = true;
		}
	}
}

bool rt_await_ready(const struct rt_thread *t)
{
	for (unsigned k = 0; k < t->nspan; k++)
		if (t->span[k].changed)
			return true;
	return false;
}

/* The objects of the running thread's span, as the await op's set. */
const struct rt_objset *rt_span_set(const struct rt_thread *t)
{
	const void *objs[64] = {0};
	const void **o = t->nspan <= 64 ? objs : malloc(t->nspan * sizeof(*o));

	if (!o)
		abort();
	for (unsigned k = 0; k < t->nspan; k++)
		o[k] = t->span[k].obj;
	const struct rt_objset *s = rt_objset_intern(o, t->nspan);
	if (o != objs)
		free(o);
	return s;
}

bool rt_span_pure(const struct rt_thread *t)
{
	return !t->span_impure && t->span_locks == 0;
}

static void grow_log(void)
{
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
}

static void record_state(void)
{
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

void rt_record_step(const struct rt_op *op, const struct rt_step_info *si)
{
	struct rt_thread *self = rt_tls_self;

	if (!self || rt.mode != RT_MODE_CONTROLLED)
		return;
	span_own_step(self, op, si);
	span_others_step(self, op);
	if (rt.cfg.record_events) {
		grow_log();
		struct rt_event *e = &rt.ev[rt.nev];
		memset(e, 0, sizeof(*e));
		e->step = rt.step;
		e->tid = self->id;
		e->op = *op;
		e->has_values = si->has_values;
		e->before = si->before;
		e->result = si->result;
		e->preemption = rt.preempting;
		e->counted = si->counted;
		e->count_before = si->count_before;
		e->count_after = si->count_after;
		e->enabler = si->enabler;
		if (rt.cfg.record_states)
			record_state();
		if (rt.cfg.record_trace) /* replays only: not on the explorer's path */
			rt_trace_record_step(rt.nev);
		rt.nev++;
	}
	rt.preempting = false;
	rt.step++;
	rt.current = self->id;
	self->has_next = false;
}

int rt_mark_fatal_step(void)
{
	struct rt_thread *self = rt_tls_self;

	if (!rt.res)
		return -1;
	if (self->has_next) {
		/* Chosen, and the report came before the step was recorded
		 * (a bad unlock, a free of something not allocated). */
		rt_record(&self->next, false, 0, 0);
	}
	if (!rt.cfg.record_events || rt.nev == 0 || rt.ev[rt.nev - 1].tid != self->id)
		return -1;
	rt.ev[rt.nev - 1].fatal = true;
	if (rt.res->fatal_event < 0)
		rt.res->fatal_event = (int)rt.nev - 1;
	return (int)rt.nev - 1;
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
	rt.ending = false;
	rt.nev = 0;
	res->fatal_event = -1;
	rt.main_thread.spin_held = 0;
	rt.main_thread.bkl_depth = 0;
	rt.main_thread.shadow.depth = 0;
	rt_trace_reset();
	rt_slab_claim_handler();
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
	rt.main_thread.shadow.depth = 0;
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

/* After a fatal report, every parked thread unwinds its stack; each
 * signals the driver once it has. */
static void unwind_parked(void)
{
	rt.unwinding = true;
	for (int i = 0; i < rt.nthreads; i++) {
		struct rt_thread *t = rt.t[i];

		if (t->started && t->state != RT_T_DONE) {
			rt_handoff_to(t);
			wait_driver();
		}
	}
	rt.unwinding = false;
}

/* Set up an execution and make its first decision.  True when a
 * controlled thread has the baton; false when the execution is already
 * over (set-up failed, or nothing could run). */
static bool start_execution(const struct rt_program *prog, const struct rt_scheduler *sched,
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
	/* Threads start lazily: each runs its code up to its first
	 * scheduling point as its first step, when it is first chosen. */
	return !rt.aborting && rt_schedule_next(NULL);
}

/* The loop's own state (driver, callback) does not nest: the callback
 * between two executions must not run one. */
static void refuse_inside_loop(void)
{
	if (rt.loop_next) {
		fprintf(stderr, "vfsrace: an execution started inside an rt_run_many loop\n");
		abort();
	}
}

/* The execution is over: unwind the parked threads and finish it; then,
 * in a loop, ask for another and start it.  True when a controlled thread
 * has the baton again, false when there is nothing more to run. */
static bool drive(void)
{
	for (;;) {
		struct rt_result *res = rt.res;
		const struct rt_program *prog = rt.prog;

		if (rt.aborting)
			unwind_parked();
		bool completed = !rt.aborting && !res->killed;
		finish(prog, res, completed);
		/* Reports after this point have no execution to go to. */
		rt.res = NULL;
		if (!rt.loop_next || !rt.loop_next(rt.loop_ctx, res))
			return false;
		struct rt_exec_config cfg = rt.cfg;

		if (start_execution(prog, rt.sched, &cfg, res))
			return true;
	}
}

void rt_execution_over(void)
{
	struct rt_thread *self = rt_tls_self;

	if (!rt.loop_next || rt.unwinding) {
		signal_driver();
		return;
	}
	/* Drive the loop from here, as the set-up pseudo-thread: set-up and
	 * finish code, their reports and the explorer between executions
	 * see what they see on main. */
	rt_tls_self = NULL;
	rt.driver_go = &self->go;
	rt.driver_sleeping = &self->sleeping;
	bool running = drive();
	rt_tls_self = self;
	if (!running)
		rt_signal_main(); /* the loop is over */
}

int rt_run_many(const struct rt_program *prog, const struct rt_scheduler *sched,
		const struct rt_exec_config *cfg, struct rt_result *res,
		bool (*next)(void *ctx, struct rt_result *res), void *ctx)
{
	refuse_inside_loop();
	rt.loop_next = next;
	rt.loop_ctx = ctx;
	rt.driver_go = &rt.main_go;
	rt.driver_sleeping = &rt.main_sleeping;
	bool running = start_execution(prog, sched, cfg, res);

	if (!running)
		running = drive();
	while (running) {
		wait_main();
		/* Looping, the thread that ended the last execution drove the
		 * loop to its end; otherwise main finishes the execution. */
		if (rt.loop_next)
			break;
		running = drive();
	}
	rt.loop_next = NULL;
	rt.loop_ctx = NULL;
	return 0;
}

int rt_run(const struct rt_program *prog, const struct rt_scheduler *sched,
	   const struct rt_exec_config *cfg, struct rt_result *res)
{
	return rt_run_many(prog, sched, cfg, res, NULL, NULL);
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

	refuse_inside_loop();
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
