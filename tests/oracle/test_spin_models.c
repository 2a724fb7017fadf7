/*
 * test_spin_models.c - dpor on retry loops that spin in cpu_relax():
 * Peterson's and Dekker's mutual exclusion (models/validation_spin.c),
 * as published and with each one's classic mistake.
 *
 * The reference is dfs: every interleaving the runtime offers, sorted into
 * Mazurkiewicz traces by the oracle's canonical form (oracle_trace.c, which
 * shares no code with the explorer's dependency relation).  dpor, with the
 * sticky walk and random walks, must visit each of those traces exactly
 * once and no other and end no execution blocked; with -j 2 (whose
 * executions run in workers, out of this process's sight) explore as many,
 * and all of them find the same violation kinds and terminal states.
 *
 * dfs of Dekker's published algorithm takes 321006 interleavings: it runs
 * when VFSRACE_LONG_TESTS is set (tools/oracle-differential sets it).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "trace_classes.h"
#include "vfsrace/ex_explore.h"
#include "vfsrace/model.h"
#include "vfsrace/rt_exec.h"

struct run {
	struct ex_report r;
	struct trace_classes tc;
};

static void explore(struct run *run, const char *model, const char *fix, const char *strategy,
		    int stay_percent, uint64_t seed, int jobs)
{
	struct ex_options o;
	char err[256];

	ex_options_default(&o);
	o.model = model_find(model);
	assert_non_null(o.model);
	model_default_args(o.model, &o.args);
	o.args.fix = model_fix_index(o.model, fix);
	assert_true(o.args.fix >= 0);
	o.strategy = ex_strategy_find(strategy);
	o.walk_stay_percent = stay_percent;
	o.seed = seed;
	o.jobs = jobs;
	o.keep_going = true;
	o.out_dir = "";
	memset(run, 0, sizeof(*run));
	if (trace_classes_run(&o, &run->tc, &run->r, err, sizeof(err)) != 0)
		fail_msg("%s --fix %s --strategy %s: %s", model, fix, strategy, err);
	assert_true(run->r.stats.complete);
}

static void run_free(struct run *run)
{
	ex_report_free(&run->r);
	trace_classes_free(&run->tc);
}

static bool same_kinds(const struct ex_report *a, const struct ex_report *b)
{
	if (a->nfound != b->nfound)
		return false;
	for (int i = 0; i < a->nfound; i++)
		if (!ex_report_find(b, a->found[i].v.kind))
			return false;
	return true;
}

static void check_dpor_against(const struct run *dfs, const char *model, const char *fix, int stay,
			       uint64_t seed, int jobs)
{
	struct run d;

	explore(&d, model, fix, "dpor", stay, seed, jobs);
	if (d.r.stats.executions != dfs->tc.n)
		fail_msg("%s --fix %s (walk %d seed %llu -j %d): dpor %lu executions, %lu traces",
			 model, fix, stay, (unsigned long long)seed, jobs, d.r.stats.executions,
			 dfs->tc.n);
	assert_true(same_kinds(&d.r, &dfs->r));
	assert_int_equal(d.r.stats.distinct_states, dfs->r.stats.distinct_states);
	if (jobs > 1) {
		/* The executions ran in worker processes: the classes were
		 * counted there, not here. */
		run_free(&d);
		return;
	}
	assert_int_equal(d.r.stats.blocked, 0);
	assert_int_equal(d.tc.n, dfs->tc.n);
	for (unsigned long i = 0; i < d.tc.n; i++) {
		if (d.tc.hits[i] != 1)
			fail_msg("%s --fix %s: a trace explored %lu times", model, fix,
				 d.tc.hits[i]);
		if (trace_classes_find(&dfs->tc, d.tc.key[i]) < 0)
			fail_msg("%s --fix %s: dpor explored a trace dfs never saw", model, fix);
	}
	run_free(&d);
}

static void check_model(const char *model, const char *fix)
{
	struct run dfs;

	explore(&dfs, model, fix, "dfs", 100, 0, 1);
	assert_int_equal(dfs.tc.executions, dfs.r.stats.executions);
	check_dpor_against(&dfs, model, fix, 100, 0, 1);
	for (uint64_t seed = 1; seed <= 3; seed++)
		check_dpor_against(&dfs, model, fix, 0, seed, 1);
	check_dpor_against(&dfs, model, fix, 100, 0, 2);
	run_free(&dfs);
}

static void test_peterson_broken_is_caught_once_per_trace(void **state)
{
	check_model("peterson", "broken");
}

static void test_peterson_explores_each_trace_once(void **state)
{
	check_model("peterson", "none");
}

static void test_dekker_broken_is_caught_once_per_trace(void **state)
{
	check_model("dekker", "broken");
}

static void test_dekker_explores_each_trace_once(void **state)
{
	if (!getenv("VFSRACE_LONG_TESTS"))
		skip();
	check_model("dekker", "none");
}

/* The violations the broken variants exist for, and none in the others. */
static void test_mutual_exclusion_holds_only_in_the_published_algorithms(void **state)
{
	const char *models[] = {"peterson", "dekker"};

	for (int m = 0; m < 2; m++) {
		struct run ok, bad;

		explore(&ok, models[m], "none", "dpor", 100, 0, 1);
		explore(&bad, models[m], "broken", "dpor", 100, 0, 1);
		assert_int_equal(ok.r.nfound, 0);
		assert_non_null(ex_report_find(&bad.r, "mutual-exclusion"));
		run_free(&ok);
		run_free(&bad);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_peterson_broken_is_caught_once_per_trace),
	    cmocka_unit_test(test_peterson_explores_each_trace_once),
	    cmocka_unit_test(test_dekker_broken_is_caught_once_per_trace),
	    cmocka_unit_test(test_dekker_explores_each_trace_once),
	    cmocka_unit_test(test_mutual_exclusion_holds_only_in_the_published_algorithms),
	};

	if (rt_init() != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
