/*
 * test_races.c - --races lists every racing pair of accesses once, by its
 * two code locations, with the number of executions in which it raced;
 * a pair with an RT_READ_RACY side is listed as accepted and is no
 * violation; accesses ordered by a lock are no pair at all.
 *
 * The model: "writer" writes x, then y under a spinlock; "reader" reads
 * x, then y under the spinlock; "peeker" reads x with RT_READ_RACY.  Both
 * accesses to x come before their thread's lock section, so the lock
 * never orders them: in every execution x's write races with both reads,
 * and y's accesses are ordered by the lock.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "explore_helpers.h"
#include "vfsrace/linux/spinlock.h"
#include "vfsrace/model.h"
#include "vfsrace/rt_sched.h"
#include "vfsrace/rt_thread.h"

static int x, y;
static spinlock_t ylock;

static void writer(void *arg)
{
	RT_WRITE(&x, "x = 1");
	x = 1;
	spin_lock(&ylock);
	RT_WRITE(&y, "y = 1");
	y = 1;
	spin_unlock(&ylock);
}

static void reader(void *arg)
{
	int v;

	RT_READ(&x, "read x");
	v = x;
	spin_lock(&ylock);
	RT_READ(&y, "read y");
	v += y;
	spin_unlock(&ylock);
	(void)v;
}

static void peeker(void *arg)
{
	RT_READ_RACY(&x, "peek x");
	(void)x;
}

static void setup(const struct model_args *a)
{
	x = y = 0;
	spin_lock_init(&ylock);
	rt_thread_create("writer", writer, NULL);
	rt_thread_create("reader", reader, NULL);
	rt_thread_create("peeker", peeker, NULL);
}

static uint64_t finish(const struct model_args *a, bool completed)
{
	return (uint64_t)(x * 2 + y);
}

static const struct model_param params[] = {{"size", 0, 0, 0, "unused", NULL}};
static const struct model_fix fixes[] = {{"none", "test model"}};
static const struct model races_model = {
    .name = "test-races",
    .summary = "test: two racing pairs, one accepted, one pair ordered by a lock",
    .params = params,
    .nparams = 1,
    .fixes = fixes,
    .nfixes = 1,
    .setup = setup,
    .finish = finish,
};
MODEL_REGISTER(races_model)

static const struct ex_race *pair_with(const struct ex_report *r, const char *what)
{
	for (int i = 0; i < r->races.n; i++)
		if (!strcmp(r->races.r[i].a.what, what) || !strcmp(r->races.r[i].b.what, what))
			return &r->races.r[i];
	return NULL;
}

static void explore_races(struct ex_report *r, int jobs)
{
	struct ex_options o;
	char err[256] = "";

	explore_options(&o, "test-races", 0, "dpor");
	o.race_detect = true;
	o.keep_going = true;
	o.jobs = jobs;
	assert_int_equal(ex_explore(&o, r, err, sizeof(err)), 0);
	assert_true(r->stats.complete);
}

static void test_races_lists_each_racing_pair_once_with_its_executions(void **state)
{
	struct ex_report r;
	const struct ex_race *plain, *peek;

	explore_races(&r, 1);
	assert_int_equal(r.races.n, 2);
	assert_int_equal(r.races.dropped, 0);
	plain = pair_with(&r, "read x");
	peek = pair_with(&r, "peek x");
	assert_non_null(plain);
	assert_non_null(peek);
	assert_null(pair_with(&r, "read y")); /* ordered by ylock */
	assert_null(pair_with(&r, "y = 1"));
	/* the two code locations, lower line first, both in this file */
	for (int i = 0; i < r.races.n; i++) {
		const struct ex_race *p = &r.races.r[i];

		assert_string_equal(p->a.file, "test_races.c");
		assert_string_equal(p->b.file, "test_races.c");
		assert_true(p->a.line < p->b.line);
		/* nothing orders x's write and its reads: every execution races */
		assert_int_equal(p->executions, r.stats.executions);
	}
	assert_true(plain->a.write != plain->b.write);
	assert_string_equal(plain->a.func, "writer");
	assert_false(plain->accepted);
	assert_true(peek->accepted);
	/* only the plain pair is a violation */
	assert_int_equal(r.nfound, 1);
	assert_string_equal(r.found[0].v.kind, "data-race");
	assert_non_null(strstr(r.found[0].v.message, "read x"));
	ex_report_free(&r);
}

static void test_races_table_is_the_same_with_two_workers(void **state)
{
	struct ex_report one, two;

	explore_races(&one, 1);
	explore_races(&two, 2);
	assert_int_equal(one.races.n, two.races.n);
	for (int i = 0; i < one.races.n; i++) {
		assert_string_equal(one.races.r[i].a.what, two.races.r[i].a.what);
		assert_string_equal(one.races.r[i].b.what, two.races.r[i].b.what);
		assert_int_equal(one.races.r[i].executions, two.races.r[i].executions);
	}
	ex_report_free(&one);
	ex_report_free(&two);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_races_lists_each_racing_pair_once_with_its_executions),
	    cmocka_unit_test(test_races_table_is_the_same_with_two_workers),
	};

	return cmocka_run_group_tests(tests, explore_group_setup, explore_group_teardown);
}
