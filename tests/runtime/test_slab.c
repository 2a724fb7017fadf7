/*
 * test_slab.c - the simulated slab: use-after-free and double free caught
 * at the access without killing the process, leak reports, and the arena
 * being whole again for the next execution.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <vfsrace/linux/kernel.h>
#include <vfsrace/linux/slab.h>
#include <vfsrace/rt_exec.h>
#include <vfsrace/rt_report.h>

#include "harness.h"

struct victim {
	long head;
	long field; /* at +8 */
};

static kmem_cache_t victim_cache;
static struct victim *shared;
static long seen;
/* volatile: the compiler must not move the store above the faulting load */
static volatile int reached_end;

static void init_victim(void)
{
	rt_kmem_cache_init(&victim_cache, "victim_cache", sizeof(struct victim));
	shared = kmem_cache_alloc(&victim_cache, GFP_KERNEL);
	rt_obj_name(shared, "inode #12");
	shared->field = 7;
	seen = 0;
	reached_end = 0;
}

/* kmem_cache_free() is a scheduling point covering the whole object: the
 * schedule decides whether the free comes before the other thread's use. */
static void freer(void *arg)
{
	kmem_cache_free(&victim_cache, shared);
}

static void reader(void *arg)
{
	sched_point();
	seen = ((volatile struct victim *)shared)->field;
	reached_end = 1;
}

static void writer(void *arg)
{
	sched_point();
	((volatile struct victim *)shared)->field = 1;
	reached_end = 1;
}

static struct th_run freer_and(rt_thread_fn other, const char *other_name, const int *script)
{
	struct th_run r = {.nthreads = 2, .init = init_victim};

	r.t[0] = (struct th_thread){"kswapd", freer, NULL};
	r.t[1] = (struct th_thread){other_name, other, NULL};
	r.script = script;
	r.nscript = script ? 1 : 0;
	return r;
}

/* CMocka installs its own SIGSEGV handler around each test body: put the
 * runtime's back first (rt_init() again re-pins and reinstalls it). */
static void restore_fault_handler(void)
{
	assert_int_equal(rt_init(), 0);
}

static const int free_first[] = {0};
static const int other_first[] = {1};

static void assert_oops_names_object_and_freer(const struct rt_result *res, const char *user)
{
	const struct rt_violation *v = th_violation(res, RT_V_OOPS);

	assert_non_null(v);
	assert_true(v->fatal);
	assert_int_equal(v->tid, 1);
	assert_non_null(strstr(v->message, user));
	assert_non_null(strstr(v->message, "inode #12 (+8)"));
	assert_non_null(strstr(v->message, "after kswapd freed it"));
	assert_non_null(strstr(v->message, "in freer()"));
}

static void test_read_after_free_is_an_oops_at_the_access(void **state)
{
	restore_fault_handler();
	struct th_run r = freer_and(reader, "umount", free_first);
	struct rt_result res;

	assert_int_equal(th_run(&r, &res), 0);
	assert_oops_names_object_and_freer(&res, "umount touched");
	assert_int_equal(reached_end, 0);
	assert_int_equal(seen, 0);
}

static void test_write_after_free_is_an_oops_at_the_access(void **state)
{
	restore_fault_handler();
	struct th_run r = freer_and(writer, "prune", free_first);
	struct rt_result res;

	assert_int_equal(th_run(&r, &res), 0);
	assert_oops_names_object_and_freer(&res, "prune touched");
	assert_int_equal(reached_end, 0);
}

static void test_access_before_the_free_is_fine(void **state)
{
	restore_fault_handler();
	struct th_run r = freer_and(reader, "umount", other_first);
	struct rt_result res;

	r.cfg.check_leaks = true;
	assert_int_equal(th_run(&r, &res), 0);
	assert_int_equal(r.script_misses, 0);
	assert_int_equal(res.nviolations, 0);
	assert_int_equal(seen, 7);
	assert_int_equal(victim_cache.live, 0);
}

static void free_then_use(void *arg)
{
	struct victim *v = kmalloc(sizeof(*v), GFP_KERNEL);

	rt_obj_name(v, "buffer");
	kfree(v);
	seen = ((volatile struct victim *)v)->head;
	reached_end = 1;
}

/* Many executions in a row, each ending in an Oops: the arena pages come
 * back, the object sits at the same address, and the process lives on. */
static void test_uaf_executions_in_a_row_keep_the_runtime_usable(void **state)
{
	restore_fault_handler();
	struct th_run bad = {.nthreads = 1, .init = init_victim};
	struct th_run good = freer_and(reader, "umount", NULL);
	struct rt_result res;
	void *first = NULL;

	bad.t[0] = (struct th_thread){"user", free_then_use, NULL};
	good.script = other_first;
	good.nscript = 1;
	for (int i = 0; i < 50; i++) {
		assert_int_equal(th_run(&bad, &res), 0);
		const struct rt_violation *v = th_violation(&res, RT_V_OOPS);
		assert_non_null(v);
		assert_non_null(strstr(v->message, "user touched buffer (+0) after user freed"));
		assert_int_equal(reached_end, 0);

		assert_int_equal(th_run(&good, &res), 0);
		assert_int_equal(res.nviolations, 0);
		assert_int_equal(seen, 7);
		if (!first)
			first = shared;
		assert_ptr_equal(shared, first);
	}
}

static void second_freer(void *arg)
{
	sched_point();
	kmem_cache_free(&victim_cache, shared);
	reached_end = 1;
}

static void test_double_free_names_the_first_freer(void **state)
{
	restore_fault_handler();
	struct th_run r = freer_and(second_freer, "iput", free_first);
	struct rt_result res;
	const struct rt_violation *v;

	assert_int_equal(th_run(&r, &res), 0);
	v = th_violation(&res, RT_V_DOUBLE_FREE);
	assert_non_null(v);
	assert_true(v->fatal);
	assert_int_equal(v->tid, 1);
	assert_non_null(strstr(v->message, "kmem_cache_free of inode #12"));
	assert_non_null(strstr(v->message, "in second_freer()"));
	assert_non_null(strstr(v->message, "already freed by kswapd"));
	assert_non_null(strstr(v->message, "in freer()"));
	assert_int_equal(reached_end, 0);
}

static void kfree_twice(void *arg)
{
	void *p = kmalloc(100, GFP_KERNEL);

	kfree(p);
	kfree(p);
	reached_end = 1;
}

static void test_kfree_twice_is_a_double_free(void **state)
{
	restore_fault_handler();
	struct rt_result res;

	reached_end = 0;
	assert_int_equal(rt_run_single(kfree_twice, NULL, &res), 0);
	assert_non_null(th_violation(&res, RT_V_DOUBLE_FREE));
	assert_int_equal(reached_end, 0);
}

static void kfree_null(void *arg)
{
	kfree(NULL);
	reached_end = 1;
}

static void test_kfree_null_is_a_no_op(void **state)
{
	restore_fault_handler();
	struct rt_result res;

	reached_end = 0;
	assert_int_equal(rt_run_single(kfree_null, NULL, &res), 0);
	assert_int_equal(res.nviolations, 0);
	assert_int_equal(reached_end, 1);
}

static void leak_one(void *arg)
{
	void *p = kmem_cache_alloc(&victim_cache, GFP_KERNEL);

	rt_obj_name(p, "orphan dentry");
	kmem_cache_free(&victim_cache, shared);
}

static void test_objects_left_allocated_are_reported_as_leaks(void **state)
{
	restore_fault_handler();
	struct th_run r = {.nthreads = 1, .init = init_victim};
	struct rt_result res;
	const struct rt_violation *v;

	r.t[0] = (struct th_thread){"t0", leak_one, NULL};
	r.cfg.check_leaks = true;
	assert_int_equal(th_run(&r, &res), 0);
	assert_int_equal(res.nviolations, 1);
	v = th_violation(&res, RT_V_LEAK);
	assert_non_null(v);
	assert_false(v->fatal);
	assert_non_null(strstr(v->message, "1 object(s)"));
	assert_non_null(strstr(v->message, "orphan dentry (victim_cache)"));

	r.cfg.check_leaks = false;
	assert_int_equal(th_run(&r, &res), 0);
	assert_int_equal(res.nviolations, 0);
}

/* Each thread keeps what it allocated; the objects are left to the end. */
static void *allocated[2][2];

static void allocator(void *arg)
{
	int me = (int)(long)arg;

	for (int i = 0; i < 2; i++) {
		sched_point();
		allocated[me][i] = kmalloc(64, GFP_KERNEL);
	}
}

/* An object's address depends on its thread's history only: the two
 * threads' allocations, interleaved in any order, get the same addresses,
 * so a trace names the same objects whichever of its schedules ran. */
static void test_addresses_do_not_depend_on_the_interleaving(void **state)
{
	restore_fault_handler();
	static const int orders[][4] = {{0, 0, 1, 1}, {1, 1, 0, 0}, {0, 1, 1, 0}};
	void *first[2][2];

	for (unsigned o = 0; o < 3; o++) {
		struct th_run r = {.nthreads = 2, .script = orders[o], .nscript = 4};
		struct rt_result res;

		r.t[0] = (struct th_thread){"a", allocator, (void *)0L};
		r.t[1] = (struct th_thread){"b", allocator, (void *)1L};
		r.cfg.check_leaks = false;
		assert_int_equal(th_run(&r, &res), 0);
		assert_int_equal(r.script_misses, 0);
		for (int t = 0; t < 2; t++)
			for (int i = 0; i < 2; i++) {
				assert_non_null(allocated[t][i]);
				if (o == 0)
					first[t][i] = allocated[t][i];
				assert_ptr_equal(allocated[t][i], first[t][i]);
			}
	}
	assert_ptr_not_equal(first[0][0], first[1][0]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_read_after_free_is_an_oops_at_the_access),
	    cmocka_unit_test(test_write_after_free_is_an_oops_at_the_access),
	    cmocka_unit_test(test_access_before_the_free_is_fine),
	    cmocka_unit_test(test_uaf_executions_in_a_row_keep_the_runtime_usable),
	    cmocka_unit_test(test_double_free_names_the_first_freer),
	    cmocka_unit_test(test_kfree_twice_is_a_double_free),
	    cmocka_unit_test(test_kfree_null_is_a_no_op),
	    cmocka_unit_test(test_objects_left_allocated_are_reported_as_leaks),
	    cmocka_unit_test(test_addresses_do_not_depend_on_the_interleaving),
	};

	return cmocka_run_group_tests(tests, th_group_setup, th_group_teardown);
}
