/*
 * test_primitives.c - semantics of the runtime's kernel primitives:
 * spinlock_t, atomic_t (with atomic_dec_and_lock), counting semaphores,
 * rw_semaphores, the big kernel lock and wait queues.
 *
 * Threads record what they saw in globals; the asserts run after rt_run().
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <vfsrace/linux/atomic.h>
#include <vfsrace/linux/kernel.h>
#include <vfsrace/linux/semaphore.h>
#include <vfsrace/linux/smp_lock.h>
#include <vfsrace/linux/spinlock.h>
#include <vfsrace/linux/wait.h>
#include <vfsrace/rt_exec.h>
#include <vfsrace/rt_report.h>

#include "harness.h"

#define NOBS 64

static spinlock_t lock_a;
static atomic_t count;
static struct semaphore sem;
static struct rw_semaphore rwsem;
static wait_queue_head_t wq;
static int shared; /* plain shared data, accessed through markers */
static int flag;   /* condition of a wait_event */
static int obs[NOBS];
static int nobs;
static int max_inside; /* threads seen in a critical section at once */
static int inside;

static void note(int v)
{
	if (nobs < NOBS)
		obs[nobs++] = v;
}

static void init_objects(void)
{
	spin_lock_init(&lock_a);
	rt_atomic_init(&count, 0, "count", false);
	sema_init(&sem, 1);
	init_rwsem(&rwsem);
	init_waitqueue_head(&wq);
	shared = 0;
	flag = 0;
	nobs = 0;
	inside = 0;
	max_inside = 0;
}

static void plain_increment(void)
{
	int v;

	RT_READ(&shared, "shared");
	v = shared;
	RT_WRITE(&shared, "shared");
	shared = v + 1;
}

static void locked_increment(void *arg)
{
	spin_lock(&lock_a);
	if (++inside > max_inside)
		max_inside = inside;
	plain_increment();
	inside--;
	spin_unlock(&lock_a);
}

static void unlocked_increment(void *arg)
{
	plain_increment();
}

struct outcomes {
	unsigned execs;
	unsigned lost_update; /* executions where shared != 2 */
	unsigned violations;
	unsigned deadlocks;
	unsigned overlap; /* executions with two threads in the critical section */
};

static void count_outcome(const struct th_run *r, const struct rt_result *res, void *arg)
{
	struct outcomes *o = arg;

	o->execs++;
	if (shared != 2)
		o->lost_update++;
	if (max_inside > 1)
		o->overlap++;
	o->violations += (unsigned)res->nviolations;
	if (th_violation(res, RT_V_DEADLOCK))
		o->deadlocks++;
}

static struct th_run two_threads(rt_thread_fn a, rt_thread_fn b)
{
	struct th_run r = {.nthreads = 2, .init = init_objects};

	r.t[0] = (struct th_thread){"t0", a, NULL};
	r.t[1] = (struct th_thread){"t1", b, NULL};
	return r;
}

static void test_spin_lock_excludes_under_every_schedule(void **state)
{
	struct th_run r = two_threads(locked_increment, locked_increment);
	struct outcomes o = {0};

	assert_int_not_equal(th_dfs(&r, 10000, count_outcome, &o), 0);
	assert_true(o.execs >= 2);
	assert_int_equal(o.lost_update, 0);
	assert_int_equal(o.overlap, 0);
	assert_int_equal(o.violations, 0);
}

/* The control: the same search does see the lost update without the lock. */
static void test_dfs_finds_the_lost_update_without_the_lock(void **state)
{
	struct th_run r = two_threads(unlocked_increment, unlocked_increment);
	struct outcomes o = {0};

	assert_int_not_equal(th_dfs(&r, 10000, count_outcome, &o), 0);
	assert_true(o.lost_update > 0);
	assert_true(o.lost_update < o.execs);
}

static void hold_lock_briefly(void *arg)
{
	spin_lock(&lock_a);
	sched_point();
	spin_unlock(&lock_a);
}

static void trylock_twice(void *arg)
{
	note(spin_trylock(&lock_a)); /* while t0 holds it */
	note(spin_trylock(&lock_a)); /* after t0 released it */
	note(spin_trylock(&lock_a)); /* held by this thread: not recursive */
	spin_unlock(&lock_a);
}

static void test_spin_trylock_fails_while_held_and_succeeds_once_free(void **state)
{
	/* t0 locks, t1 tries, t0 steps and unlocks, t1 tries twice more. */
	static const int script[] = {0, 1, 0, 0, 1, 1, 1};
	struct th_run r = two_threads(hold_lock_briefly, trylock_twice);
	struct rt_result res;
	unsigned n;

	r.script = script;
	r.nscript = sizeof(script) / sizeof(script[0]);
	r.cfg.record_events = true;
	assert_int_equal(th_run(&r, &res), 0);
	assert_int_equal(r.script_misses, 0);
	assert_int_equal(res.nviolations, 0);
	assert_int_equal(nobs, 3);
	assert_int_equal(obs[0], 0);
	assert_int_equal(obs[1], 1);
	assert_int_equal(obs[2], 0);
	/* The log records each trylock's outcome as its result. */
	const struct rt_event *ev = rt_events(&n);
	int tries = 0;
	for (unsigned i = 0; i < n; i++) {
		if (ev[i].op.access != RT_TRY)
			continue;
		assert_true(ev[i].has_values);
		assert_int_equal(ev[i].result, obs[tries]);
		assert_ptr_equal(ev[i].op.obj, &lock_a);
		tries++;
	}
	assert_int_equal(tries, 3);
}

static void atomic_sequence(void *arg)
{
	atomic_set(&count, 5);
	atomic_inc(&count);
	note(atomic_read(&count));	   /* 6 */
	note(atomic_dec_and_test(&count)); /* 5: false */
	atomic_set(&count, 1);
	note(atomic_dec_and_test(&count)); /* 0: true */
	note(atomic_read(&count));	   /* 0 */
}

static const struct rt_event *find_event(const char *what, unsigned from, unsigned *at)
{
	unsigned n;
	const struct rt_event *ev = rt_events(&n);

	for (unsigned i = from; i < n; i++)
		if (strcmp(ev[i].op.what, what) == 0) {
			if (at)
				*at = i;
			return &ev[i];
		}
	return NULL;
}

static struct th_run one_thread(rt_thread_fn fn)
{
	struct th_run r = {.nthreads = 1, .init = init_objects};

	r.t[0] = (struct th_thread){"t0", fn, NULL};
	r.cfg.record_events = true;
	return r;
}

static void test_atomic_operations_return_and_log_their_values(void **state)
{
	struct th_run r = one_thread(atomic_sequence);
	struct rt_result res;
	const struct rt_event *e;

	assert_int_equal(th_run(&r, &res), 0);
	assert_int_equal(res.nviolations, 0);
	assert_int_equal(nobs, 4);
	assert_int_equal(obs[0], 6);
	assert_false(obs[1]);
	assert_true(obs[2]);
	assert_int_equal(obs[3], 0);
	e = find_event("atomic_inc", 0, NULL);
	assert_non_null(e);
	assert_true(e->has_values);
	assert_int_equal(e->before, 5);
	assert_int_equal(e->result, 6);
	assert_int_equal(e->op.access, RT_WRITE);
	e = find_event("atomic_read", 0, NULL);
	assert_non_null(e);
	assert_int_equal(e->op.access, RT_READ);
	assert_int_equal(e->result, 6);
}

static void dec_and_lock_once(void *arg)
{
	int got = atomic_dec_and_lock(&count, &lock_a);

	note(got);
	note(rt_spin_is_held_by_me(&lock_a));
	note(rt_atomic_peek(&count));
	if (got)
		spin_unlock(&lock_a);
}

static void set_count(int v)
{
	count.counter = v;
}

static void init_count_3(void)
{
	init_objects();
	set_count(3);
}

static void init_count_1(void)
{
	init_objects();
	set_count(1);
}

static void test_atomic_dec_and_lock_fast_path_decrements_without_the_lock(void **state)
{
	struct th_run r = one_thread(dec_and_lock_once);
	struct rt_result res;
	unsigned n;

	r.init = init_count_3;
	assert_int_equal(th_run(&r, &res), 0);
	assert_int_equal(res.nviolations, 0);
	assert_int_equal(obs[0], 0); /* not zero: false */
	assert_int_equal(obs[1], 0); /* lock not taken */
	assert_int_equal(obs[2], 2);
	const struct rt_event *ev = rt_events(&n);
	assert_int_equal(n, 2); /* the thread's start, one cmpxchg step, nothing else */
	assert_int_equal(ev[0].op.prim, RT_P_START);
	assert_null(find_event("spin_lock", 0, NULL));
}

static void test_atomic_dec_and_lock_slow_path_returns_true_with_the_lock(void **state)
{
	struct th_run r = one_thread(dec_and_lock_once);
	struct rt_result res;
	unsigned cas = 0, lock = 0, dec = 0;

	r.init = init_count_1;
	assert_int_equal(th_run(&r, &res), 0);
	assert_int_equal(res.nviolations, 0);
	assert_int_equal(obs[0], 1);
	assert_int_equal(obs[1], 1);
	assert_int_equal(obs[2], 0);
	assert_non_null(find_event("atomic_dec_and_lock cmpxchg", 0, &cas));
	assert_non_null(find_event("spin_lock", cas, &lock));
	const struct rt_event *d = find_event("atomic_dec_and_test", lock, &dec);
	assert_non_null(d);
	assert_int_equal(d->before, 1);
	assert_int_equal(d->result, 0);
}

static void take_a_reference(void *arg)
{
	atomic_inc(&count);
}

/* Count 1 at the cmpxchg, then another thread takes a reference before the
 * slow path decrements: the count ends at 1 and the lock is dropped. */
static void test_atomic_dec_and_lock_slow_path_drops_the_lock_if_count_grew(void **state)
{
	static const int script[] = {0, 1};
	struct th_run r = two_threads(dec_and_lock_once, take_a_reference);
	struct rt_result res;

	r.init = init_count_1;
	r.script = script;
	r.nscript = 2;
	r.cfg.record_events = true;
	assert_int_equal(th_run(&r, &res), 0);
	assert_int_equal(r.script_misses, 0);
	assert_int_equal(res.nviolations, 0);
	assert_int_equal(obs[0], 0);
	assert_int_equal(obs[1], 0);
	assert_int_equal(obs[2], 1);
	assert_non_null(find_event("spin_unlock", 0, NULL));
}

static void drop_refcount_below_zero(void *arg)
{
	atomic_dec(&count);
}

static void init_refcount_0(void)
{
	init_objects();
	rt_atomic_init(&count, 0, "d_count", true);
}

static void test_refcount_going_negative_is_reported(void **state)
{
	struct th_run r = one_thread(drop_refcount_below_zero);
	struct rt_result res;
	const struct rt_violation *v;

	r.init = init_refcount_0;
	assert_int_equal(th_run(&r, &res), 0);
	v = th_violation(&res, RT_V_NEGATIVE);
	assert_non_null(v);
	assert_non_null(strstr(v->message, "d_count"));
	assert_non_null(strstr(v->message, "-1"));
}

/* Semaphore: count 2, three threads down(); the third is blocked exactly
 * while the count is zero and gets in after an up(). */
static int sem_blocked_seen, sem_bad_view;

static void observe_sem_waiter(const struct rt_sched_view *v)
{
	const struct rt_thread_view *t = &v->t[2];

	if (t->state == RT_T_DONE || t->next->obj != &sem.s || t->next->access != RT_ACQ)
		return;
	if (t->state == RT_T_BLOCKED)
		sem_blocked_seen++;
	if ((t->state == RT_T_BLOCKED) != (sem.s.count == 0))
		sem_bad_view++;
}

static void down_step_up(void *arg)
{
	down(&sem);
	note(rt_thread_self());
	sched_point();
	up(&sem);
}

static void init_sem_2(void)
{
	init_objects();
	sema_init(&sem, 2);
	sem_blocked_seen = 0;
	sem_bad_view = 0;
}

static void test_semaphore_counts_and_blocks_only_at_zero(void **state)
{
	/* t0 and t1 take both units, then t2 is offered and must be blocked. */
	static const int script[] = {0, 1, 2, 2, 0, 0, 2};
	struct th_run r = {.nthreads = 3, .init = init_sem_2, .observe = observe_sem_waiter};
	struct rt_result res;

	for (int i = 0; i < 3; i++)
		r.t[i] = (struct th_thread){"t", down_step_up, NULL};
	r.script = script;
	r.nscript = sizeof(script) / sizeof(script[0]);
	assert_int_equal(th_run(&r, &res), 0);
	assert_int_equal(res.nviolations, 0);
	assert_true(sem_blocked_seen > 0);
	assert_int_equal(sem_bad_view, 0);
	assert_int_equal(nobs, 3);
	assert_int_equal(obs[2], 2); /* t2 got in last, after t0's up() */
	assert_int_equal(sem.s.count, 2);
}

static void trylock_sem(void *arg)
{
	note(down_trylock(&sem)); /* 0: acquired */
	note(sem.s.count);
	note(down_trylock(&sem)); /* 1: busy */
	note(sem.s.count);
	up(&sem);
	note(sem.s.count);
}

static void test_down_trylock_returns_0_when_acquired_and_1_when_busy(void **state)
{
	struct th_run r = one_thread(trylock_sem);
	struct rt_result res;

	assert_int_equal(th_run(&r, &res), 0);
	assert_int_equal(res.nviolations, 0);
	assert_int_equal(nobs, 5);
	assert_int_equal(obs[0], 0);
	assert_int_equal(obs[1], 0);
	assert_int_equal(obs[2], 1);
	assert_int_equal(obs[3], 0);
	assert_int_equal(obs[4], 1);
}

/* rwsem: t0 and t1 read, t2 writes.  Record, at each decision, what the
 * view offered against the lock's state: a down is always offered (it
 * takes the lock or joins the queue), and a sleeper is offered exactly
 * when an up has granted it, that is when it has left the queue. */
static int rw_bad_view, rw_readers_shared, rw_writer_blocked, rw_reader_blocked;

static bool rw_queued(int tid)
{
	for (int i = 0; i < rwsem.s.nqueue; i++)
		if (rwsem.s.queue[i] == tid)
			return true;
	return false;
}

static void observe_rwsem(const struct rt_sched_view *v)
{
	for (int i = 0; i < v->nthreads; i++) {
		const struct rt_thread_view *t = &v->t[i];
		bool expect = true;

		if (t->state == RT_T_DONE || t->next->obj != &rwsem.s)
			continue;
		if (t->next->access == RT_ACQ_SH) {
			if (!rwsem.s.writer && rwsem.s.nqueue == 0 && rwsem.s.readers > 0)
				rw_readers_shared++;
		} else if (t->next->access == RT_WAIT) {
			expect = !rw_queued(i);
			if (!expect && strstr(t->next->what, "down_write"))
				rw_writer_blocked++;
			else if (!expect)
				rw_reader_blocked++;
		} else if (t->next->access != RT_ACQ) {
			continue;
		}
		if ((t->state == RT_T_ENABLED) != expect)
			rw_bad_view++;
	}
}

static void reader(void *arg)
{
	down_read(&rwsem);
	sched_point();
	up_read(&rwsem);
	down_read(&rwsem);
	up_read(&rwsem);
}

static void writer(void *arg)
{
	down_write(&rwsem);
	note(down_read_trylock(&rwsem)); /* own write lock: 0 */
	sched_point();
	up_write(&rwsem);
	note(down_read_trylock(&rwsem)); /* free: 1 */
	up_read(&rwsem);
}

static void init_rw(void)
{
	init_objects();
	rw_bad_view = rw_readers_shared = rw_writer_blocked = rw_reader_blocked = 0;
}

static void test_rwsem_readers_share_and_the_writer_excludes(void **state)
{
	/* t0 reads, t1 reads alongside, t2 queues for writing; both readers
	 * leave, the last up grants t2; t0 queues to read again; t2 wakes,
	 * writes, and its up_write grants t0, whose read t2's trylock then
	 * shares. */
	static const int script[] = {0, 1, 2, 0, 0, 1, 1, 0, 2, 2, 2, 2, 2, 2};
	struct th_run r = {.nthreads = 3, .init = init_rw, .observe = observe_rwsem};
	struct rt_result res;

	r.t[0] = (struct th_thread){"r0", reader, NULL};
	r.t[1] = (struct th_thread){"r1", reader, NULL};
	r.t[2] = (struct th_thread){"w", writer, NULL};
	r.script = script;
	r.nscript = sizeof(script) / sizeof(script[0]);
	assert_int_equal(th_run(&r, &res), 0);
	assert_int_equal(res.nviolations, 0);
	assert_int_equal(r.script_misses, 0);
	assert_int_equal(rw_bad_view, 0);
	assert_true(rw_readers_shared > 0);
	assert_true(rw_writer_blocked > 0);
	assert_true(rw_reader_blocked > 0);
	assert_int_equal(nobs, 2);
	assert_int_equal(obs[0], 0);
	assert_int_equal(obs[1], 1);
	assert_int_equal(rwsem.s.readers, 0);
	assert_null(rwsem.s.writer);
}

static void rwsem_under_every_schedule(void *arg)
{
	if (arg) {
		down_write(&rwsem);
		plain_increment();
		up_write(&rwsem);
	} else {
		down_read(&rwsem);
		RT_READ(&shared, "shared");
		up_read(&rwsem);
	}
}

static void test_rwsem_schedules_all_complete_without_violation(void **state)
{
	struct th_run r = {.nthreads = 3, .init = init_rw, .observe = observe_rwsem};
	struct outcomes o = {0};

	r.t[0] = (struct th_thread){"r0", rwsem_under_every_schedule, NULL};
	r.t[1] = (struct th_thread){"r1", rwsem_under_every_schedule, NULL};
	r.t[2] = (struct th_thread){"w", rwsem_under_every_schedule, &r};
	assert_int_not_equal(th_dfs(&r, 100000, count_outcome, &o), 0);
	assert_int_equal(o.violations, 0);
	assert_int_equal(rw_bad_view, 0);
	assert_true(o.execs > 3);
}

/* BKL: recursive; a second thread's lock_kernel() is blocked until the
 * outermost unlock. */
static int bkl_blocked_seen, bkl_offered_while_held;

static void observe_bkl(const struct rt_sched_view *v)
{
	const struct rt_thread_view *t = &v->t[1];

	if (t->state == RT_T_DONE || t->next->prim != RT_P_BKL || t->next->access != RT_ACQ)
		return;
	if (t->state == RT_T_BLOCKED)
		bkl_blocked_seen++;
	else if (obs[0] == 1 && nobs == 2)
		bkl_offered_while_held++; /* t0 still between its unlocks */
}

static void bkl_nested(void *arg)
{
	lock_kernel();
	lock_kernel();
	note(kernel_locked());
	unlock_kernel();
	note(kernel_locked()); /* still held once */
	sched_point();
	unlock_kernel();
	note(kernel_locked());
}

static void bkl_plain(void *arg)
{
	lock_kernel();
	unlock_kernel();
}

static void init_bkl(void)
{
	init_objects();
	bkl_blocked_seen = 0;
	bkl_offered_while_held = 0;
}

static void test_bkl_is_recursive_and_excludes_until_the_outer_unlock(void **state)
{
	static const int script[] = {0, 1, 0, 1, 0, 1};
	struct th_run r = two_threads(bkl_nested, bkl_plain);
	struct rt_result res;
	unsigned n, nlock = 0;

	r.init = init_bkl;
	r.observe = observe_bkl;
	r.script = script;
	r.nscript = sizeof(script) / sizeof(script[0]);
	r.cfg.record_events = true;
	assert_int_equal(th_run(&r, &res), 0);
	assert_int_equal(res.nviolations, 0);
	assert_int_equal(nobs, 3);
	assert_int_equal(obs[0], 1);
	assert_int_equal(obs[1], 1);
	assert_int_equal(obs[2], 0);
	assert_true(bkl_blocked_seen > 0);
	assert_int_equal(bkl_offered_while_held, 0);
	/* Nested lock_kernel() is not a step of its own. */
	const struct rt_event *ev = rt_events(&n);
	for (unsigned i = 0; i < n; i++)
		if (ev[i].tid == 0 && strcmp(ev[i].op.what, "lock_kernel") == 0)
			nlock++;
	assert_int_equal(nlock, 1);
}

/* A thread that sleeps in wait_event() with the BKL held (twice) gives it
 * up while asleep, so the waker can take it, and has it back (at the same
 * depth) when wait_event() returns. */
static void bkl_sleeper(void *arg)
{
	lock_kernel();
	lock_kernel();
	wait_event(wq, flag);
	note(kernel_locked());
	unlock_kernel();
	note(kernel_locked());
	unlock_kernel();
	note(kernel_locked());
}

static void bkl_waker(void *arg)
{
	lock_kernel();
	RT_WRITE(&flag, "flag");
	flag = 1;
	wake_up(&wq);
	unlock_kernel();
}

static void test_bkl_is_released_across_a_wait_event_sleep(void **state)
{
	/* t0 takes the BKL and goes to sleep before t1 runs at all. */
	static const int script[] = {0, 0};
	struct th_run r = two_threads(bkl_sleeper, bkl_waker);
	struct rt_result res;
	unsigned sleep_at = 0, waker_unlock = 0, relock = 0;

	r.script = script;
	r.nscript = 2;
	r.cfg.record_events = true;
	assert_int_equal(th_run(&r, &res), 0);
	assert_int_equal(r.script_misses, 0);
	assert_int_equal(res.nviolations, 0);
	assert_int_equal(nobs, 3);
	assert_int_equal(obs[0], 1);
	assert_int_equal(obs[1], 1); /* depth 2 was restored */
	assert_int_equal(obs[2], 0);
	assert_non_null(find_event("schedule (sleep)", 0, &sleep_at));
	assert_non_null(find_event("unlock_kernel", 0, &waker_unlock));
	assert_non_null(find_event("lock_kernel (after sleep)", 0, &relock));
	const struct rt_event *ev = rt_events(&sleep_at);
	assert_int_equal(ev[waker_unlock].tid, 1);
	assert_true(relock > waker_unlock);
	assert_int_equal(ev[relock].tid, 0);
}

static void waiter(void *arg)
{
	wait_event(wq, flag);
	note(flag);
}

static void good_waker(void *arg)
{
	RT_WRITE(&flag, "flag");
	flag = 1;
	wake_up(&wq);
}

/* The wake-up comes before the condition is set: a waiter that tested the
 * condition in between sleeps forever. */
static void lost_waker(void *arg)
{
	wake_up(&wq);
	RT_WRITE(&flag, "flag");
	flag = 1;
}

static void test_wait_event_with_a_correct_waker_never_deadlocks(void **state)
{
	struct th_run r = two_threads(waiter, good_waker);
	struct outcomes o = {0};

	assert_int_not_equal(th_dfs(&r, 10000, count_outcome, &o), 0);
	assert_true(o.execs > 2);
	assert_int_equal(o.violations, 0);
}

static void test_lost_wake_up_shows_as_a_deadlock(void **state)
{
	struct th_run r = two_threads(waiter, lost_waker);
	struct outcomes o = {0};

	assert_int_not_equal(th_dfs(&r, 10000, count_outcome, &o), 0);
	assert_true(o.deadlocks > 0);
	assert_true(o.deadlocks < o.execs);
	assert_int_equal(o.violations, o.deadlocks);
}

static void test_lost_wake_up_schedule_names_the_sleeper(void **state)
{
	/* t1 wakes nobody, t0 queues itself and tests the flag, t1 sets it. */
	static const int script[] = {1, 0, 1};
	struct th_run r = two_threads(waiter, lost_waker);
	struct rt_result res;
	const struct rt_violation *v;

	r.t[0].name = "sleeper";
	r.script = script;
	r.nscript = 3;
	assert_int_equal(th_run(&r, &res), 0);
	assert_int_equal(r.script_misses, 0);
	v = th_violation(&res, RT_V_DEADLOCK);
	assert_non_null(v);
	assert_true(v->fatal);
	assert_non_null(strstr(v->message, "sleeper waits in waiter()"));
	assert_non_null(strstr(v->message, "schedule (sleep)"));
	assert_int_equal(nobs, 0); /* wait_event never returned */
}

static void test_wake_up_wakes_every_queued_waiter(void **state)
{
	/* Both waiters go to sleep before the waker runs. */
	static const int script[] = {0, 1, 2, 2};
	struct th_run r = {.nthreads = 3, .init = init_objects};
	struct rt_result res;

	r.t[0] = (struct th_thread){"w0", waiter, NULL};
	r.t[1] = (struct th_thread){"w1", waiter, NULL};
	r.t[2] = (struct th_thread){"waker", good_waker, NULL};
	r.script = script;
	r.nscript = sizeof(script) / sizeof(script[0]);
	assert_int_equal(th_run(&r, &res), 0);
	assert_int_equal(r.script_misses, 0);
	assert_int_equal(res.nviolations, 0);
	assert_int_equal(nobs, 2);
	assert_int_equal(wq.waiters, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_spin_lock_excludes_under_every_schedule),
	    cmocka_unit_test(test_dfs_finds_the_lost_update_without_the_lock),
	    cmocka_unit_test(test_spin_trylock_fails_while_held_and_succeeds_once_free),
	    cmocka_unit_test(test_atomic_operations_return_and_log_their_values),
	    cmocka_unit_test(test_atomic_dec_and_lock_fast_path_decrements_without_the_lock),
	    cmocka_unit_test(test_atomic_dec_and_lock_slow_path_returns_true_with_the_lock),
	    cmocka_unit_test(test_atomic_dec_and_lock_slow_path_drops_the_lock_if_count_grew),
	    cmocka_unit_test(test_refcount_going_negative_is_reported),
	    cmocka_unit_test(test_semaphore_counts_and_blocks_only_at_zero),
	    cmocka_unit_test(test_down_trylock_returns_0_when_acquired_and_1_when_busy),
	    cmocka_unit_test(test_rwsem_readers_share_and_the_writer_excludes),
	    cmocka_unit_test(test_rwsem_schedules_all_complete_without_violation),
	    cmocka_unit_test(test_bkl_is_recursive_and_excludes_until_the_outer_unlock),
	    cmocka_unit_test(test_bkl_is_released_across_a_wait_event_sleep),
	    cmocka_unit_test(test_wait_event_with_a_correct_waker_never_deadlocks),
	    cmocka_unit_test(test_lost_wake_up_shows_as_a_deadlock),
	    cmocka_unit_test(test_lost_wake_up_schedule_names_the_sleeper),
	    cmocka_unit_test(test_wake_up_wakes_every_queued_waiter),
	};

	return cmocka_run_group_tests(tests, th_group_setup, th_group_teardown);
}
