/*
 * test_bad_input.c - misuse of the primitives gives a clear report and
 * ends the execution, never undefined behaviour: NULL objects, releasing
 * what is not held, up() beyond a semaphore's limit, sleeping with a
 * spinlock held (which 2.4 forbids).
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
#include <vfsrace/linux/slab.h>
#include <vfsrace/linux/smp_lock.h>
#include <vfsrace/linux/spinlock.h>
#include <vfsrace/linux/wait.h>
#include <vfsrace/rt_exec.h>
#include <vfsrace/rt_report.h>

#include "harness.h"

static spinlock_t lock;
static atomic_t count;
static struct semaphore sem;
static struct rw_semaphore rwsem;
static wait_queue_head_t wq;
static int reached_end;
static int flag;

static void init_objects(void)
{
	spin_lock_init(&lock);
	rt_atomic_init(&count, 3, "count", false);
	init_MUTEX(&sem);
	init_rwsem(&rwsem);
	init_waitqueue_head(&wq);
	reached_end = 0;
	flag = 0;
}

/* One misuse per function; the thread must not get past it. */
static void null_spin_lock(void *a)
{
	spin_lock(NULL);
}
static void null_spin_unlock(void *a)
{
	spin_unlock(NULL);
}
static void null_spin_trylock(void *a)
{
	spin_trylock(NULL);
}
static void null_atomic_read(void *a)
{
	atomic_read(NULL);
}
static void null_atomic_inc(void *a)
{
	atomic_inc(NULL);
}
static void null_atomic_dec_and_lock_atomic(void *a)
{
	atomic_dec_and_lock(NULL, &lock);
}
/* count is 3: the fast path alone would never touch the lock. */
static void null_atomic_dec_and_lock_lock(void *a)
{
	atomic_dec_and_lock(&count, NULL);
}
static void null_down(void *a)
{
	rt_down_at(NULL, RT_HERE);
}
static void null_up(void *a)
{
	rt_up_at(NULL, RT_HERE);
}
static void null_down_trylock(void *a)
{
	rt_down_trylock_at(NULL, RT_HERE);
}
static void null_down_read(void *a)
{
	rt_down_read_at(NULL, RT_HERE);
}
static void null_down_write(void *a)
{
	rt_down_write_at(NULL, RT_HERE);
}
static void null_down_read_trylock(void *a)
{
	rt_down_read_trylock_at(NULL, RT_HERE);
}
static void null_wait_event(void *a)
{
	rt_wait_event_expand(NULL, flag, RT_HERE);
}
static void null_wake_up(void *a)
{
	wake_up(NULL);
}
static void null_access_marker(void *a)
{
	RT_WRITE(NULL, "nothing");
}
static void null_cache_alloc(void *a)
{
	kmem_cache_alloc(NULL, GFP_KERNEL);
}
static void kfree_not_slab(void *a)
{
	static long not_slab;

	kfree(&not_slab);
}

/* Releasing what is not held. */
static void unlock_free_spinlock(void *a)
{
	spin_unlock(&lock);
}
static void up_mutex_twice(void *a)
{
	down(&sem);
	up(&sem);
	up(&sem);
}
static void up_write_not_held(void *a)
{
	up_write(&rwsem);
}
static void up_read_not_held(void *a)
{
	up_read(&rwsem);
}
static void unlock_kernel_not_held(void *a)
{
	unlock_kernel();
}
static void unlock_kernel_once_too_often(void *a)
{
	lock_kernel();
	lock_kernel();
	unlock_kernel();
	unlock_kernel();
	unlock_kernel();
}

/* Sleeping with a spinlock held. */
static void down_under_spinlock(void *a)
{
	spin_lock(&lock);
	down(&sem);
}
static void down_read_under_spinlock(void *a)
{
	spin_lock(&lock);
	down_read(&rwsem);
}
static void down_write_under_spinlock(void *a)
{
	spin_lock(&lock);
	down_write(&rwsem);
}
static void wait_event_under_spinlock(void *a)
{
	spin_lock(&lock);
	wait_event(wq, flag);
}

struct misuse {
	const char *name;
	rt_thread_fn fn;
	const char *kind;
	const char *text; /* a substring of the message */
};

static const struct misuse misuses[] = {
    {"spin_lock(NULL)", null_spin_lock, RT_V_BAD_ARG, "spin_lock(NULL) in null_spin_lock()"},
    {"spin_unlock(NULL)", null_spin_unlock, RT_V_BAD_ARG, "spin_unlock(NULL)"},
    {"spin_trylock(NULL)", null_spin_trylock, RT_V_BAD_ARG, "spin_trylock(NULL)"},
    {"atomic_read(NULL)", null_atomic_read, RT_V_BAD_ARG, "atomic_read(NULL)"},
    {"atomic_inc(NULL)", null_atomic_inc, RT_V_BAD_ARG, "atomic_inc(NULL)"},
    {"atomic_dec_and_lock(NULL, l)", null_atomic_dec_and_lock_atomic, RT_V_BAD_ARG,
     "atomic_dec_and_lock(NULL)"},
    {"atomic_dec_and_lock(a, NULL)", null_atomic_dec_and_lock_lock, RT_V_BAD_ARG,
     "atomic_dec_and_lock(NULL lock)"},
    {"down(NULL)", null_down, RT_V_BAD_ARG, "down(NULL)"},
    {"up(NULL)", null_up, RT_V_BAD_ARG, "up(NULL)"},
    {"down_trylock(NULL)", null_down_trylock, RT_V_BAD_ARG, "down_trylock(NULL)"},
    {"down_read(NULL)", null_down_read, RT_V_BAD_ARG, "down_read(NULL)"},
    {"down_write(NULL)", null_down_write, RT_V_BAD_ARG, "down_write(NULL)"},
    {"down_read_trylock(NULL)", null_down_read_trylock, RT_V_BAD_ARG, "down_read_trylock(NULL)"},
    {"wait_event(NULL)", null_wait_event, RT_V_BAD_ARG, "prepare_to_wait(NULL)"},
    {"wake_up(NULL)", null_wake_up, RT_V_BAD_ARG, "wake_up(NULL)"},
    {"RT_WRITE(NULL)", null_access_marker, RT_V_BAD_ARG, "access marker on a NULL object"},
    {"kmem_cache_alloc(NULL)", null_cache_alloc, RT_V_BAD_ARG, "kmem_cache_alloc(NULL)"},
    {"kfree(not slab)", kfree_not_slab, RT_V_BAD_ARG, "not a slab object"},
    {"spin_unlock unheld", unlock_free_spinlock, RT_V_BAD_UNLOCK, "by t0, owner nobody"},
    {"up twice", up_mutex_twice, RT_V_BAD_UNLOCK, "beyond its limit 1"},
    {"up_write unheld", up_write_not_held, RT_V_BAD_UNLOCK,
     "up_write(&rwsem) in up_write_not_held()"},
    {"up_read unheld", up_read_not_held, RT_V_BAD_UNLOCK, "up_read(&rwsem) in up_read_not_held()"},
    {"unlock_kernel unheld", unlock_kernel_not_held, RT_V_BAD_UNLOCK,
     "unlock_kernel() in unlock_kernel_not_held()"},
    {"unlock_kernel thrice", unlock_kernel_once_too_often, RT_V_BAD_UNLOCK, "without the lock"},
    {"down with spinlock", down_under_spinlock, RT_V_SLEEP_ATOMIC, "down_under_spinlock() at"},
    {"down_read with spinlock", down_read_under_spinlock, RT_V_SLEEP_ATOMIC,
     "holding 1 spinlock(s)"},
    {"down_write with spinlock", down_write_under_spinlock, RT_V_SLEEP_ATOMIC,
     "down_write_under_spinlock()"},
    {"wait_event with spinlock", wait_event_under_spinlock, RT_V_SLEEP_ATOMIC,
     "wait_event_under_spinlock()"},
};

static void run_misuse(const struct misuse *m, struct rt_result *res)
{
	struct th_run r = {.nthreads = 1, .init = init_objects};

	r.t[0] = (struct th_thread){"t0", m->fn, NULL};
	assert_int_equal(th_run(&r, res), 0);
}

static void test_each_misuse_is_reported_with_its_kind_and_place(void **state)
{
	for (size_t i = 0; i < sizeof(misuses) / sizeof(misuses[0]); i++) {
		const struct misuse *m = &misuses[i];
		struct rt_result res;
		const struct rt_violation *v;

		print_message("%s\n", m->name);
		run_misuse(m, &res);
		assert_int_equal(res.nviolations, 1);
		v = &res.v[0];
		assert_string_equal(v->kind, m->kind);
		assert_true(v->fatal);
		assert_int_equal(v->tid, 0);
		assert_non_null(strstr(v->message, m->text));
	}
}

static void unlock_others_lock(void *a)
{
	sched_point();
	spin_unlock(&lock);
}

static void hold_lock(void *a)
{
	spin_lock(&lock);
	sched_point();
	spin_unlock(&lock);
}

static void test_unlocking_another_threads_spinlock_names_the_owner(void **state)
{
	struct th_run r = {.nthreads = 2, .init = init_objects};
	struct rt_result res;
	const struct rt_violation *v;

	r.t[0] = (struct th_thread){"owner", hold_lock, NULL};
	r.t[1] = (struct th_thread){"intruder", unlock_others_lock, NULL};
	r.script = (const int[]){0, 1, 1};
	r.nscript = 3;
	assert_int_equal(th_run(&r, &res), 0);
	assert_int_equal(r.script_misses, 0);
	v = th_violation(&res, RT_V_BAD_UNLOCK);
	assert_non_null(v);
	assert_non_null(strstr(v->message, "by intruder, owner owner"));
}

static void trylock_under_spinlock(void *a)
{
	spin_lock(&lock);
	reached_end = down_trylock(&sem) == 0 && down_read_trylock(&rwsem) == 1;
	up_read(&rwsem);
	up(&sem);
	spin_unlock(&lock);
}

static void test_trylocks_under_a_spinlock_do_not_sleep_and_are_allowed(void **state)
{
	struct th_run r = {.nthreads = 1, .init = init_objects};
	struct rt_result res;

	r.t[0] = (struct th_thread){"t0", trylock_under_spinlock, NULL};
	assert_int_equal(th_run(&r, &res), 0);
	assert_int_equal(res.nviolations, 0);
	assert_int_equal(reached_end, 1);
}

static void up_counting_semaphore(void *a)
{
	sema_init(&sem, 3);
	down(&sem);
	up(&sem); /* back to 3: fine */
	reached_end = 1;
	up(&sem); /* 4: beyond */
}

static void test_up_beyond_a_counting_semaphores_initial_count(void **state)
{
	struct th_run r = {.nthreads = 1, .init = init_objects};
	struct rt_result res;
	const struct rt_violation *v;

	r.t[0] = (struct th_thread){"t0", up_counting_semaphore, NULL};
	assert_int_equal(th_run(&r, &res), 0);
	assert_int_equal(reached_end, 1);
	v = th_violation(&res, RT_V_BAD_UNLOCK);
	assert_non_null(v);
	assert_non_null(strstr(v->message, "beyond its limit 3"));
}

static void nothing(void *a)
{
	reached_end++;
}

static void setup_too_many_threads(void *p)
{
	init_objects();
	for (int i = 0; i <= RT_MAX_THREADS; i++)
		rt_thread_create("many", nothing, NULL);
}

static void setup_null_thread_function(void *p)
{
	init_objects();
	rt_thread_create("ok", nothing, NULL);
	rt_thread_create("nofn", NULL, NULL);
}

static void setup_unlocking_unheld_lock(void *p)
{
	init_objects();
	rt_thread_create("ok", nothing, NULL);
	spin_unlock(&lock);
}

static bool finish_completed;

static uint64_t note_finish(void *p, bool completed)
{
	finish_completed = completed;
	return 0;
}

static void test_bad_set_up_is_reported_and_runs_no_thread(void **state)
{
	void (*const setups[])(void *) = {setup_too_many_threads, setup_null_thread_function,
					  setup_unlocking_unheld_lock};
	const char *const kinds[] = {RT_V_BAD_ARG, RT_V_BAD_ARG, RT_V_BAD_UNLOCK};
	const char *const texts[] = {"more than 16 threads", "nofn", "by main, owner nobody"};

	for (int i = 0; i < 3; i++) {
		struct rt_program prog = {.setup = setups[i], .finish = note_finish};
		struct rt_scheduler s = {NULL, NULL};
		struct rt_exec_config cfg = {.max_steps = 100};
		struct rt_result res;
		const struct rt_violation *v;

		finish_completed = true;
		assert_int_equal(rt_run(&prog, &s, &cfg, &res), 0);
		v = th_violation(&res, kinds[i]);
		assert_non_null(v);
		assert_non_null(strstr(v->message, texts[i]));
		assert_int_equal(v->tid, -1);
		assert_int_equal(reached_end, 0);
		assert_false(finish_completed);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_each_misuse_is_reported_with_its_kind_and_place),
	    cmocka_unit_test(test_unlocking_another_threads_spinlock_names_the_owner),
	    cmocka_unit_test(test_trylocks_under_a_spinlock_do_not_sleep_and_are_allowed),
	    cmocka_unit_test(test_up_beyond_a_counting_semaphores_initial_count),
	    cmocka_unit_test(test_bad_set_up_is_reported_and_runs_no_thread),
	};

	return cmocka_run_group_tests(tests, th_group_setup, th_group_teardown);
}
