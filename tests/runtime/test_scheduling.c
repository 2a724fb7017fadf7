/*
 * test_scheduling.c - the scheduling loop: what the scheduler is offered,
 * deadlock and livelock detection, CHESS fairness for yielding loops,
 * deterministic replay, and reuse of the runtime across executions.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <vfsrace/linux/atomic.h>
#include <vfsrace/linux/kernel.h>
#include <vfsrace/linux/semaphore.h>
#include <vfsrace/linux/slab.h>
#include <vfsrace/linux/smp_lock.h>
#include <vfsrace/linux/spinlock.h>
#include <vfsrace/linux/wait.h>
#include <vfsrace/rt_exec.h>
#include <vfsrace/rt_report.h>

#include "harness.h"

static spinlock_t lock_a, lock_b;
static atomic_t count;
static struct semaphore sem;
static wait_queue_head_t wq;
static kmem_cache_t cache;
static int flag;
static int done[RT_MAX_THREADS];

static void init_objects(void)
{
	spin_lock_init(&lock_a);
	spin_lock_init(&lock_b);
	rt_obj_name(&lock_a, "lock A");
	rt_obj_name(&lock_b, "lock B");
	rt_atomic_init(&count, 0, "count", true);
	init_MUTEX(&sem);
	init_waitqueue_head(&wq);
	rt_kmem_cache_init(&cache, "obj_cache", 48);
	flag = 0;
	memset(done, 0, sizeof(done));
}

static struct th_run two_threads(rt_thread_fn a, rt_thread_fn b)
{
	struct th_run r = {.nthreads = 2, .init = init_objects};

	r.t[0] = (struct th_thread){"t0", a, NULL};
	r.t[1] = (struct th_thread){"t1", b, NULL};
	return r;
}

/* A thread waiting for a held lock is never offered to the scheduler. */
static unsigned waiter_blocked, waiter_enabled_while_held, waiter_enabled_when_free;

static void observe_lock_waiter(const struct rt_sched_view *v)
{
	const struct rt_thread_view *t = &v->t[1];

	if (t->state == RT_T_DONE || t->next->obj != &lock_a || t->next->access != RT_ACQ)
		return;
	if (t->state == RT_T_BLOCKED)
		waiter_blocked++;
	else if (lock_a.owner)
		waiter_enabled_while_held++;
	else
		waiter_enabled_when_free++;
}

static void hold_a_for_three_steps(void *arg)
{
	spin_lock(&lock_a);
	sched_point();
	sched_point();
	sched_point();
	spin_unlock(&lock_a);
	sched_point();
	done[0] = 1;
}

static void take_a(void *arg)
{
	spin_lock(&lock_a);
	done[1] = 1;
	spin_unlock(&lock_a);
}

/* t1 whenever it can run: it is refused only while blocked. */
static int prefer_t1(const struct rt_sched_view *v)
{
	return v->t[1].state == RT_T_ENABLED ? 1 : th_lowest_enabled(v);
}

static void test_thread_waiting_for_a_held_lock_is_not_offered(void **state)
{
	static const int script[] = {0};
	struct th_run r = two_threads(hold_a_for_three_steps, take_a);
	struct rt_result res;

	waiter_blocked = waiter_enabled_while_held = waiter_enabled_when_free = 0;
	r.script = script;
	r.nscript = 1;
	r.observe = observe_lock_waiter;
	r.policy = prefer_t1;
	assert_int_equal(th_run(&r, &res), 0);
	assert_int_equal(res.nviolations, 0);
	/* t1 starts right after t0's lock: blocked at t0's three points and
	 * its unlock, offered once the unlock freed the lock. */
	assert_int_equal(waiter_blocked, 4);
	assert_int_equal(waiter_enabled_while_held, 0);
	assert_int_equal(waiter_enabled_when_free, 1);
	/* Woken by the unlock, t1 ran before t0's last point. */
	assert_int_equal(done[1], 1);
	assert_int_equal(done[0], 1);
}

static void lock_ab(void *arg)
{
	spin_lock(&lock_a);
	spin_lock(&lock_b);
	spin_unlock(&lock_b);
	spin_unlock(&lock_a);
}

static void lock_ba(void *arg)
{
	spin_lock(&lock_b);
	spin_lock(&lock_a);
	spin_unlock(&lock_a);
	spin_unlock(&lock_b);
}

static void test_abba_under_the_bad_order_is_a_deadlock(void **state)
{
	static const int script[] = {0, 1};
	struct th_run r = two_threads(lock_ab, lock_ba);
	struct rt_result res;
	const struct rt_violation *v;

	r.script = script;
	r.nscript = 2;
	assert_int_equal(th_run(&r, &res), 0);
	assert_int_equal(r.script_misses, 0);
	assert_int_equal(res.nviolations, 1);
	v = th_violation(&res, RT_V_DEADLOCK);
	assert_non_null(v);
	assert_true(v->fatal);
	assert_int_equal(v->step, 4); /* two starts, two locks */
	assert_non_null(strstr(v->message, "t0 waits in lock_ab()"));
	assert_non_null(strstr(v->message, "spin_lock lock B"));
	assert_non_null(strstr(v->message, "t1 waits in lock_ba()"));
	assert_non_null(strstr(v->message, "spin_lock lock A"));
}

static void test_abba_in_the_good_order_completes(void **state)
{
	static const int script[] = {0, 0, 0, 0, 1};
	struct th_run r = two_threads(lock_ab, lock_ba);
	struct rt_result res;

	r.script = script;
	r.nscript = 5;
	assert_int_equal(th_run(&r, &res), 0);
	assert_int_equal(r.script_misses, 0);
	assert_int_equal(res.nviolations, 0);
	assert_int_equal(res.steps, 10); /* two starts, eight lock steps */
}

static void lock_a_twice(void *arg)
{
	spin_lock(&lock_a);
	spin_lock(&lock_a);
}

static void test_spin_lock_twice_by_one_thread_is_a_deadlock(void **state)
{
	struct rt_result res;
	const struct rt_violation *v;

	assert_int_equal(rt_run_single(lock_a_twice, NULL, &res), 0);
	v = th_violation(&res, RT_V_DEADLOCK);
	assert_non_null(v);
	assert_non_null(strstr(v->message, "lock_a_twice()"));
}

static void spin_forever(void *arg)
{
	for (;;)
		sched_point();
}

static void test_step_bound_reports_a_livelock(void **state)
{
	struct th_run r = {.nthreads = 1, .init = init_objects};
	struct rt_result res;
	const struct rt_violation *v;

	r.t[0] = (struct th_thread){"spinner", spin_forever, NULL};
	r.cfg.max_steps = 50;
	assert_int_equal(th_run(&r, &res), 0);
	v = th_violation(&res, RT_V_LIVELOCK);
	assert_non_null(v);
	assert_true(v->fatal);
	assert_non_null(strstr(v->message, "step bound"));
	assert_true(res.step_bound);
	assert_int_equal(res.steps, 50);
}

static void yield_until_flag(void *arg)
{
	for (;;) {
		RT_READ(&flag, "flag");
		if (flag)
			break;
		rt_yield();
	}
	done[0] = 1;
}

static void set_flag_late(void *arg)
{
	sched_point();
	sched_point();
	RT_WRITE(&flag, "flag");
	flag = 1;
}

struct fair_outcomes {
	unsigned execs, livelocks, other, unfinished;
	unsigned max_steps;
};

static void count_fair(const struct th_run *r, const struct rt_result *res, void *arg)
{
	struct fair_outcomes *o = arg;

	o->execs++;
	if (th_violation(res, RT_V_LIVELOCK))
		o->livelocks++;
	else if (res->nviolations)
		o->other++;
	if (!done[0])
		o->unfinished++;
	if (res->steps > o->max_steps)
		o->max_steps = res->steps;
}

/*
 * Depth-first search tries the spinning thread first at every decision; it
 * ends because a yield after a turn that only read waits until another
 * thread writes what it read (docs/runtime.md, "Retry loops").  Every
 * schedule terminates, and none needs the step bound.
 */
static void test_yielding_spinner_terminates_under_every_dfs_schedule(void **state)
{
	struct th_run r = two_threads(yield_until_flag, set_flag_late);
	struct fair_outcomes o = {0};

	r.cfg.max_steps = 200;
	assert_int_not_equal(th_dfs(&r, 20000, count_fair, &o), 0);
	assert_true(o.execs > 1);
	assert_int_equal(o.livelocks, 0);
	assert_int_equal(o.other, 0);
	assert_int_equal(o.unfinished, 0);
	assert_true(o.max_steps < 20);
}

struct await_seen {
	unsigned execs, awaits, bad;
};

/* In every execution: at most one yield, an await on flag, taken only
 * after the setter's write of flag. */
static void check_await(const struct th_run *r, const struct rt_result *res, void *arg)
{
	struct await_seen *a = arg;
	unsigned n, yields = 0;
	const struct rt_event *ev = rt_events(&n);
	bool written = false;

	a->execs++;
	for (unsigned i = 0; i < n; i++) {
		if (ev[i].tid == 1 && ev[i].op.access == RT_WRITE && ev[i].op.obj == &flag)
			written = true;
		if (ev[i].tid != 0 || ev[i].op.prim != RT_P_YIELD)
			continue;
		yields++;
		if (ev[i].op.access != RT_AWAIT || !ev[i].op.await || ev[i].op.await->n != 1 ||
		    ev[i].op.await->obj[0] != &flag || !written)
			a->bad++;
		else
			a->awaits++;
	}
	if (yields > 1)
		a->bad++;
}

static void test_yield_after_a_read_only_turn_waits_for_a_write(void **state)
{
	struct th_run r = two_threads(yield_until_flag, set_flag_late);
	struct await_seen a = {0};

	r.cfg.record_events = true;
	r.cfg.max_steps = 200;
	assert_int_not_equal(th_dfs(&r, 20000, check_await, &a), 0);
	assert_int_equal(a.bad, 0);
	assert_true(a.awaits > 0);
}

static void spin_on_nothing(void *arg)
{
	for (;;)
		rt_yield();
}

/* A loop that reads nothing shared can never see a change: a livelock,
 * found without the step bound. */
static void test_spinning_on_nothing_is_a_livelock(void **state)
{
	struct th_run r = {.nthreads = 1};
	struct rt_result res;
	const struct rt_violation *v;

	r.t[0] = (struct th_thread){"spinner", spin_on_nothing, NULL};
	r.cfg.max_steps = 1000;
	assert_int_equal(th_run(&r, &res), 0);
	v = th_violation(&res, RT_V_LIVELOCK);
	assert_non_null(v);
	assert_non_null(strstr(v->message, "nothing it read will change"));
	assert_true(res.steps < 10);
	assert_false(res.step_bound);
}

/* Replay: a mixed workload under a pseudo-random schedule, recorded and
 * replayed. */
static void *objs[RT_MAX_THREADS];
static atomic_t arrived;

static void mixed_worker(void *arg)
{
	int id = (int)(intptr_t)arg;
	struct {
		int a, b;
	} *o = kmem_cache_alloc(&cache, GFP_KERNEL);

	rt_obj_name(o, "obj of t%d", id);
	RT_WRITE(o, "o->a");
	o->a = id;
	spin_lock(&lock_a);
	atomic_inc(&count);
	atomic_inc(&arrived);
	objs[id] = o;
	spin_unlock(&lock_a);
	if (spin_trylock(&lock_b)) {
		RT_WRITE(&flag, "flag");
		flag++;
		spin_unlock(&lock_b);
	}
	down(&sem);
	rt_yield();
	up(&sem);
	if (id == 0)
		wait_event(wq, atomic_read(&arrived) == 3);
	else
		wake_up(&wq);
	if (atomic_dec_and_lock(&count, &lock_a)) {
		RT_WRITE(&flag, "flag");
		flag += 10;
		spin_unlock(&lock_a);
	}
	kmem_cache_free(&cache, o);
}

static void init_mixed(void)
{
	init_objects();
	rt_atomic_init(&arrived, 0, "arrived", false);
	memset(objs, 0, sizeof(objs));
}

struct random_ctx {
	uint64_t seed;
};

static uint64_t lcg_state;

static int random_enabled(const struct rt_sched_view *v)
{
	int en[RT_MAX_THREADS], n = 0;

	for (int i = 0; i < v->nthreads; i++)
		if (v->t[i].state == RT_T_ENABLED)
			en[n++] = i;
	lcg_state = lcg_state * 6364136223846793005ull + 1442695040888963407ull;
	return n ? en[(lcg_state >> 33) % (uint64_t)n] : -1;
}

static bool same_loc(const struct rt_loc *a, const struct rt_loc *b)
{
	return a->line == b->line && strcmp(a->file, b->file) == 0 && strcmp(a->func, b->func) == 0;
}

static void assert_same_events(const struct rt_event *a, unsigned na, const struct rt_event *b,
			       unsigned nb)
{
	assert_int_equal(na, nb);
	for (unsigned i = 0; i < na; i++) {
		assert_int_equal(a[i].step, b[i].step);
		assert_int_equal(a[i].tid, b[i].tid);
		assert_ptr_equal(a[i].op.obj, b[i].op.obj);
		assert_int_equal(a[i].op.access, b[i].op.access);
		assert_int_equal(a[i].op.prim, b[i].op.prim);
		assert_string_equal(a[i].op.what, b[i].op.what);
		assert_true(same_loc(&a[i].op.loc, &b[i].op.loc));
		assert_int_equal(a[i].has_values, b[i].has_values);
		assert_int_equal(a[i].before, b[i].before);
		assert_int_equal(a[i].result, b[i].result);
		assert_int_equal(a[i].preemption, b[i].preemption);
	}
}

static void test_same_schedule_replays_the_same_event_log_100_times(void **state)
{
	static struct th_run r = {.nthreads = 3, .init = init_mixed};
	static int schedule[TH_MAX_DECISIONS];
	static struct rt_event first[4096];
	struct rt_result res;
	unsigned nfirst, nsched, n, switches = 0;
	const struct rt_event *ev;

	for (int i = 0; i < 3; i++)
		r.t[i] = (struct th_thread){"worker", mixed_worker, (void *)(intptr_t)i};
	r.cfg.record_events = true;
	r.cfg.check_leaks = true;
	r.policy = random_enabled;
	lcg_state = 42;
	assert_int_equal(th_run(&r, &res), 0);
	assert_int_equal(res.nviolations, 0);
	ev = rt_events(&nfirst);
	assert_true(nfirst > 30 && nfirst <= 4096);
	memcpy(first, ev, nfirst * sizeof(*ev));
	for (unsigned i = 1; i < nfirst; i++)
		switches += first[i].tid != first[i - 1].tid;
	assert_true(switches > 5); /* the schedule interleaves */
	nsched = r.ndecisions;
	memcpy(schedule, r.decisions, nsched * sizeof(*schedule));
	uint64_t hash = res.state_hash;

	r.policy = NULL;
	r.script = schedule;
	r.nscript = nsched;
	r.script_has_starts = true;
	for (int run = 0; run < 100; run++) {
		assert_int_equal(th_run(&r, &res), 0);
		assert_int_equal(r.script_misses, 0);
		assert_int_equal(r.ndecisions, nsched);
		assert_int_equal(res.nviolations, 0);
		assert_int_equal(res.state_hash, hash);
		ev = rt_events(&n);
		assert_same_events(first, nfirst, ev, n);
	}
}

/* Reuse: executions that end early, oops or deadlock, each followed by a
 * normal one that must behave exactly as on a fresh runtime. */
static pthread_t seen_thread[RT_MAX_THREADS];

static void normal_worker(void *arg)
{
	int id = (int)(intptr_t)arg;

	seen_thread[id] = pthread_self();
	spin_lock(&lock_a);
	atomic_inc(&count);
	spin_unlock(&lock_a);
	down(&sem);
	up(&sem);
	done[id] = 1;
}

static void return_early(void *arg)
{
	int id = (int)(intptr_t)arg;

	seen_thread[id] = pthread_self();
	if (id == 0)
		return; /* before any scheduling point */
	spin_lock(&lock_a);
	spin_unlock(&lock_a);
	done[id] = 1;
}

/* Oops with locks held: a spinlock, the semaphore and the BKL. */
static void oops_holding_locks(void *arg)
{
	int id = (int)(intptr_t)arg;

	seen_thread[id] = pthread_self();
	if (id != 1) {
		spin_lock(&lock_b);
		spin_unlock(&lock_b);
		done[id] = 1;
		return;
	}
	down(&sem);
	lock_kernel();
	spin_lock(&lock_a);
	BUG_ON(atomic_read(&count) == 0);
	done[id] = 1;
}

static void deadlock_on_sem(void *arg)
{
	int id = (int)(intptr_t)arg;

	seen_thread[id] = pthread_self();
	down(&sem);
	sched_point();
	down(&sem);
}

static void run_three(rt_thread_fn fn, unsigned seed, struct rt_result *res)
{
	struct th_run r = {.nthreads = 3, .init = init_objects};

	for (int i = 0; i < 3; i++)
		r.t[i] = (struct th_thread){"w", fn, (void *)(intptr_t)i};
	r.policy = random_enabled;
	r.cfg.check_leaks = true;
	lcg_state = seed;
	assert_int_equal(th_run(&r, res), 0);
}

static void test_runtime_is_reusable_after_early_returns_oopses_and_deadlocks(void **state)
{
	static const rt_thread_fn bad[] = {return_early, oops_holding_locks, deadlock_on_sem};
	static const char *const bad_kind[] = {NULL, RT_V_BUG, RT_V_DEADLOCK};
	pthread_t first[3];
	struct rt_result res;

	run_three(normal_worker, 1, &res);
	memcpy(first, seen_thread, sizeof(first));
	for (unsigned round = 0; round < 60; round++) {
		unsigned k = round % 3;

		run_three(bad[k], round, &res);
		if (bad_kind[k]) {
			assert_non_null(th_violation(&res, bad_kind[k]));
		} else {
			assert_int_equal(res.nviolations, 0);
			assert_int_equal(done[1] + done[2], 2);
		}
		run_three(normal_worker, round, &res);
		assert_int_equal(res.nviolations, 0);
		assert_int_equal(rt_atomic_peek(&count), 3);
		assert_int_equal(done[0] + done[1] + done[2], 3);
		assert_int_equal(res.steps, 18); /* five steps and a start each */
		assert_null(lock_a.owner);
		/* The same pooled pthreads run every execution. */
		for (int i = 0; i < 3; i++)
			assert_true(pthread_equal(first[i], seen_thread[i]));
	}
}

/*
 * rt_run_many, the explorer's loop: the thread that ends an execution
 * finishes it and starts the next.  Every execution must come out as
 * rt_run gives it -- normal ones, early returns, Oopses with locks held,
 * deadlocks with parked threads to unwind -- and the code between two
 * executions runs as the set-up pseudo-thread, off the main thread.
 */
struct exec_record {
	int nviolations;
	char kind[32];
	unsigned steps;
	uint64_t state_hash, events;
};

#define LOOP_EXECS 48
static struct exec_record by_run[LOOP_EXECS], by_loop[LOOP_EXECS];
static unsigned nloop, loop_off_main, loop_as_setup;
static pthread_t main_thread_id;
static const rt_thread_fn loop_fns[] = {normal_worker, return_early, oops_holding_locks,
					deadlock_on_sem};

static void record_exec(struct exec_record *e, const struct rt_result *res)
{
	unsigned n;
	const struct rt_event *ev = rt_events(&n);
	uint64_t h = 1469598103934665603ull;

	e->nviolations = res->nviolations;
	strcpy(e->kind, res->nviolations ? res->v[0].kind : "");
	e->steps = res->steps;
	e->state_hash = res->state_hash;
	for (unsigned i = 0; i < n; i++)
		h = (h ^ ((uint64_t)ev[i].tid << 32 ^ ev[i].step ^ (uint64_t)ev[i].op.access << 40 ^
			  (uint64_t)(uintptr_t)ev[i].op.obj)) *
		    1099511628211ull;
	e->events = h;
}

/* Execution i: three threads of loop_fns[i % 4], a random schedule of seed i. */
static void loop_program(struct th_run *r, unsigned i)
{
	for (int t = 0; t < 3; t++)
		r->t[t] = (struct th_thread){"w", loop_fns[i % 4], (void *)(intptr_t)t};
	lcg_state = i + 1;
}

static bool loop_next(struct th_run *r, struct rt_result *res, void *arg)
{
	(void)arg;
	record_exec(&by_loop[nloop], res);
	loop_off_main += !pthread_equal(pthread_self(), main_thread_id);
	loop_as_setup += rt_thread_self() == -1;
	if (++nloop == LOOP_EXECS)
		return false;
	loop_program(r, nloop);
	return true;
}

static void test_a_loop_of_executions_runs_each_as_rt_run_does(void **state)
{
	struct th_run r = {.nthreads = 3, .init = init_objects};
	struct rt_result res;

	(void)state;
	r.policy = random_enabled;
	r.cfg.check_leaks = true;
	r.cfg.record_events = true;
	for (unsigned i = 0; i < LOOP_EXECS; i++) {
		loop_program(&r, i);
		assert_int_equal(th_run(&r, &res), 0);
		record_exec(&by_run[i], &res);
	}
	main_thread_id = pthread_self();
	nloop = loop_off_main = loop_as_setup = 0;
	loop_program(&r, 0);
	assert_int_equal(th_run_many(&r, &res, loop_next, NULL), 0);
	assert_int_equal(nloop, LOOP_EXECS);
	/* Every execution ended on a controlled thread, which drove on. */
	assert_int_equal(loop_off_main, LOOP_EXECS);
	assert_int_equal(loop_as_setup, LOOP_EXECS);
	for (unsigned i = 0; i < LOOP_EXECS; i++) {
		assert_int_equal(by_loop[i].nviolations, by_run[i].nviolations);
		assert_string_equal(by_loop[i].kind, by_run[i].kind);
		assert_int_equal(by_loop[i].steps, by_run[i].steps);
		assert_int_equal(by_loop[i].state_hash, by_run[i].state_hash);
		assert_int_equal(by_loop[i].events, by_run[i].events);
	}
	/* The kinds the loop went through, so the comparison means something. */
	assert_string_equal(by_run[2].kind, RT_V_BUG);
	assert_string_equal(by_run[3].kind, RT_V_DEADLOCK);
	/* And the runtime is still fine for one rt_run after the loop. */
	loop_program(&r, 0);
	assert_int_equal(th_run(&r, &res), 0);
	assert_int_equal(res.nviolations, 0);
	assert_int_equal(rt_atomic_peek(&count), 3);
}

static void test_bug_report_names_the_condition_and_the_thread_keeps_its_place(void **state)
{
	struct rt_result res;
	const struct rt_violation *v;

	run_three(oops_holding_locks, 7, &res);
	v = th_violation(&res, RT_V_BUG);
	assert_non_null(v);
	assert_true(v->fatal);
	assert_int_equal(v->tid, 1);
	assert_non_null(strstr(v->message, "atomic_read(&count) == 0"));
	assert_non_null(strstr(v->message, "oops_holding_locks()"));
}

/* t0 starts and takes lock A, t1 starts and blocks on it: choose t1. */
static int choose_blocked(void *ctx, const struct rt_sched_view *v)
{
	for (int i = 0; i < v->nthreads; i++)
		if (v->t[i].state == RT_T_BLOCKED)
			return i;
	return v->step == 2 ? 1 : th_lowest_enabled(v);
}

static void prog_setup_ab(void *p)
{
	init_objects();
	rt_thread_create("t0", hold_a_for_three_steps, NULL);
	rt_thread_create("t1", take_a, NULL);
}

static int give_up(void *ctx, const struct rt_sched_view *v)
{
	return v->step == 2 ? -1 : th_lowest_enabled(v);
}

static int choose_out_of_range(void *ctx, const struct rt_sched_view *v)
{
	return 5;
}

/* The same report whether the bad choice is made on the main thread (the
 * first decision) or on a controlled thread. */
static void test_scheduler_choosing_a_thread_that_cannot_run_is_a_bug(void **state)
{
	int (*const choosers[])(void *, const struct rt_sched_view *) = {choose_blocked,
									 choose_out_of_range};
	struct rt_program prog = {.setup = prog_setup_ab};
	struct rt_exec_config cfg = {.max_steps = 100};
	struct rt_result res;
	const struct rt_violation *v;

	for (int i = 0; i < 2; i++) {
		struct rt_scheduler s = {choosers[i], NULL};

		assert_int_equal(rt_run(&prog, &s, &cfg, &res), 0);
		v = th_violation(&res, RT_V_BUG);
		assert_non_null(v);
		assert_non_null(strstr(v->message, "cannot run"));
		assert_false(res.abandoned);
	}
	assert_non_null(strstr(v->message, "thread 5"));
}

static void test_scheduler_returning_minus_one_abandons_the_execution(void **state)
{
	struct rt_program prog = {.setup = prog_setup_ab};
	struct rt_scheduler s = {give_up, NULL};
	struct rt_exec_config cfg = {.max_steps = 100};
	struct rt_result res;

	assert_int_equal(rt_run(&prog, &s, &cfg, &res), 0);
	assert_true(res.abandoned);
	assert_int_equal(res.nviolations, 0);
	assert_int_equal(res.steps, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_thread_waiting_for_a_held_lock_is_not_offered),
	    cmocka_unit_test(test_abba_under_the_bad_order_is_a_deadlock),
	    cmocka_unit_test(test_abba_in_the_good_order_completes),
	    cmocka_unit_test(test_spin_lock_twice_by_one_thread_is_a_deadlock),
	    cmocka_unit_test(test_step_bound_reports_a_livelock),
	    cmocka_unit_test(test_yielding_spinner_terminates_under_every_dfs_schedule),
	    cmocka_unit_test(test_yield_after_a_read_only_turn_waits_for_a_write),
	    cmocka_unit_test(test_spinning_on_nothing_is_a_livelock),
	    cmocka_unit_test(test_same_schedule_replays_the_same_event_log_100_times),
	    cmocka_unit_test(test_runtime_is_reusable_after_early_returns_oopses_and_deadlocks),
	    cmocka_unit_test(test_a_loop_of_executions_runs_each_as_rt_run_does),
	    cmocka_unit_test(test_bug_report_names_the_condition_and_the_thread_keeps_its_place),
	    cmocka_unit_test(test_scheduler_choosing_a_thread_that_cannot_run_is_a_bug),
	    cmocka_unit_test(test_scheduler_returning_minus_one_abandons_the_execution),
	};

	return cmocka_run_group_tests(tests, th_group_setup, th_group_teardown);
}
