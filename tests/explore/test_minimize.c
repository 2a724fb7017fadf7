/*
 * test_minimize.c - minimisation starts from a schedule that reproduces
 * (issue 17, item 7): one whose replay diverges, or shows another kind
 * than it records, is refused at once with what happened instead; the
 * search keeps within its budget and then keeps the best found so far.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "vfsrace/ex_minimize.h"
#include "vfsrace/rt_exec.h"

static char dir[] = "/tmp/vfsrace-test-minimize.XXXXXX";
static char path[sizeof(dir) + 32];
static struct ex_options opts;
static struct ex_schedule uaf; /* select_parent's use-after-free, as found */

static int setup(void **state)
{
	struct ex_report r;
	char err[256];

	if (!mkdtemp(dir) || rt_init() != 0)
		return -1;
	snprintf(path, sizeof(path), "%s/min.vfsched", dir);
	ex_options_default(&opts);
	opts.model = model_find("select_parent");
	if (!opts.model)
		return -1;
	model_default_args(opts.model, &opts.args);
	opts.out_dir = NULL; /* in memory */
	if (ex_explore(&opts, &r, err, sizeof(err)) != 0 || r.nfound == 0 ||
	    strcmp(r.found[0].v.kind, "use-after-free") != 0)
		return -1;
	ex_schedule_copy(&uaf, &r.found[0].sched);
	ex_report_free(&r);
	return 0;
}

static int teardown(void **state)
{
	ex_schedule_free(&uaf);
	unlink(path);
	rmdir(dir);
	rt_shutdown();
	return 0;
}

static void test_reproducing_schedule_is_minimised(void **state)
{
	struct ex_minimized m;
	char err[512] = "";

	if (ex_minimize(&opts, &uaf, path, &m, err, sizeof(err)) != 0)
		fail_msg("ex_minimize: %s", err);
	assert_string_equal(m.kind, "use-after-free");
	assert_true(m.preemptions <= m.orig_preemptions);
	assert_false(m.budget_out);
	ex_schedule_free(&m.sched);
}

static void test_other_kind_refused(void **state)
{
	struct ex_schedule s;
	struct ex_minimized m;
	char err[512] = "";

	ex_schedule_copy(&s, &uaf);
	snprintf(s.violation, sizeof(s.violation), "deadlock");
	unlink(path);
	assert_int_equal(ex_minimize(&opts, &s, path, &m, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "records deadlock"));
	assert_non_null(strstr(err, "shows use-after-free"));
	assert_int_equal(access(path, F_OK), -1); /* nothing saved */
	ex_schedule_free(&s);
}

static void test_divergent_schedule_refused(void **state)
{
	struct ex_schedule s;
	struct ex_minimized m;
	char err[512] = "";

	ex_schedule_copy(&s, &uaf);
	s.n /= 2; /* ends while the threads still run */
	unlink(path);
	assert_int_equal(ex_minimize(&opts, &s, path, &m, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "does not reproduce"));
	assert_int_equal(access(path, F_OK), -1);
	ex_schedule_free(&s);
}

static void test_budget_keeps_the_best_so_far(void **state)
{
	struct ex_options o = opts;
	struct ex_minimized m;
	char err[512] = "";

	o.max_executions = 1;
	if (ex_minimize(&o, &uaf, path, &m, err, sizeof(err)) != 0)
		fail_msg("ex_minimize: %s", err);
	assert_true(m.budget_out);
	assert_int_equal(m.budget, 1);
	assert_string_equal(m.kind, "use-after-free");
	assert_int_equal(access(path, F_OK), 0);
	ex_schedule_free(&m.sched);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_reproducing_schedule_is_minimised),
	    cmocka_unit_test(test_other_kind_refused),
	    cmocka_unit_test(test_divergent_schedule_refused),
	    cmocka_unit_test(test_budget_keeps_the_best_so_far),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
