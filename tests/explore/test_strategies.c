/*
 * test_strategies.c - bounded, random and pct on models whose schedule
 * counts are known: preemption bounding counts exactly the schedules with
 * at most K preemptions, and the seeded strategies repeat themselves.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "explore_helpers.h"

static unsigned long bounded_executions(const char *model, int size, int k)
{
	struct ex_options o;
	struct ex_report r;

	explore_options(&o, model, size, "bounded");
	o.preemptions = k;
	explore_run(&o, &r, NULL);
	assert_true(r.stats.complete);
	return r.stats.executions;
}

/* Two threads of a start and N steps: without preemptions one runs to
 * the end before the other starts (2 schedules); with one, the first is
 * preempted after i = 1..N of its steps and resumes when the other has
 * ended (2 + 2N). */
static void test_bounded_counts_schedules_with_at_most_k_preemptions(void **state)
{
	for (int n = 2; n <= 4; n++) {
		assert_int_equal(bounded_executions("conflict2", n, 0), 2);
		assert_int_equal(bounded_executions("conflict2", n, 1), 2 * n + 2);
	}
}

/* Without preemptions every thread runs to its end once started, so the
 * schedules are the (N+1)! orders of lastzero's threads. */
static void test_bounded_without_preemptions_runs_threads_in_every_order(void **state)
{
	assert_int_equal(bounded_executions("lastzero", 2, 0), 6);
	assert_int_equal(bounded_executions("lastzero", 3, 0), 24);
}

static void run_seeded(const char *strategy, uint64_t seed, struct ex_report *r,
		       struct state_set *states)
{
	struct ex_options o;

	explore_options(&o, "lastzero", 4, strategy);
	o.seed = seed;
	o.max_executions = 200;
	explore_run(&o, r, states);
}

static void check_seeded_strategy_repeats(const char *strategy)
{
	struct ex_report a, b;
	struct state_set sa, sb;

	run_seeded(strategy, 42, &a, &sa);
	run_seeded(strategy, 42, &b, &sb);
	assert_int_equal(a.stats.executions, 200);
	assert_int_equal(b.stats.executions, a.stats.executions);
	assert_int_equal(b.stats.steps, a.stats.steps);
	assert_int_equal(b.stats.max_depth, a.stats.max_depth);
	assert_int_equal(b.stats.max_preemptions, a.stats.max_preemptions);
	assert_true(state_set_equal(&sa, &sb));
	/* More than one schedule was tried: lastzero 4 has 28 states. */
	assert_true(sa.n > 1);
	state_set_free(&sa);
	state_set_free(&sb);
}

static void test_random_with_same_seed_repeats_itself(void **state)
{
	check_seeded_strategy_repeats("random");
}

static void test_pct_with_same_seed_repeats_itself(void **state)
{
	check_seeded_strategy_repeats("pct");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_bounded_counts_schedules_with_at_most_k_preemptions),
	    cmocka_unit_test(test_bounded_without_preemptions_runs_threads_in_every_order),
	    cmocka_unit_test(test_random_with_same_seed_repeats_itself),
	    cmocka_unit_test(test_pct_with_same_seed_repeats_itself),
	};

	return cmocka_run_group_tests(tests, explore_group_setup, explore_group_teardown);
}
