/*
 * test_report.c - ex_report_merge(), the one rule that adds results up
 * (work units, -j, shards, vfsrace merge), and a shard's --json result
 * read back as it was written.
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

#include "vfsrace/ex_result_json.h"

static void add_found(struct ex_report *r, const char *kind, unsigned unit, uint8_t choice)
{
	struct ex_found *f = &r->found[r->nfound++];

	memset(f, 0, sizeof(*f));
	snprintf(f->v.kind, sizeof(f->v.kind), "%s", kind);
	snprintf(f->v.message, sizeof(f->v.message), "%s in unit %u", kind, unit);
	ex_schedule_init(&f->sched);
	ex_schedule_push(&f->sched, choice);
	f->unit = unit;
}

static void set_states(struct ex_report *r, const uint64_t *h, unsigned long n)
{
	r->state_hashes = malloc(n * sizeof(*h));
	assert_non_null(r->state_hashes);
	memcpy(r->state_hashes, h, n * sizeof(*h));
	r->nstate_hashes = r->stats.distinct_states = n;
}

static void test_merge_adds_counts_and_takes_the_deepest(void **state)
{
	struct ex_report total, a, b;

	ex_report_init(&total);
	ex_report_init(&a);
	ex_report_init(&b);
	a.stats = (struct ex_stats){.executions = 3,
				    .blocked = 1,
				    .steps = 30,
				    .max_depth = 12,
				    .max_preemptions = 1,
				    .complete = true,
				    .elapsed_s = 2};
	b.stats = (struct ex_stats){.executions = 4,
				    .blocked = 2,
				    .steps = 50,
				    .max_depth = 9,
				    .max_preemptions = 3,
				    .complete = true,
				    .elapsed_s = 1};
	ex_report_merge(&total, &a);
	ex_report_merge(&total, &b);
	assert_int_equal(total.stats.executions, 7);
	assert_int_equal(total.stats.blocked, 3);
	assert_int_equal(total.stats.steps, 80);
	assert_int_equal(total.stats.max_depth, 12);
	assert_int_equal(total.stats.max_preemptions, 3);
	assert_true(total.stats.complete);
	assert_true(total.stats.elapsed_s == 2);
	b.stats.complete = false;
	ex_report_merge(&total, &b);
	assert_false(total.stats.complete);
	ex_report_free(&total);
}

static void test_merge_counts_a_state_reached_twice_once(void **state)
{
	static const uint64_t ha[] = {0, 5, 9}, hb[] = {5, 7, 9, 11};
	struct ex_report total, a, b;

	ex_report_init(&total);
	ex_report_init(&a);
	ex_report_init(&b);
	set_states(&a, ha, 3);
	set_states(&b, hb, 4);
	ex_report_merge(&total, &a);
	ex_report_merge(&total, &b);
	assert_int_equal(total.nstate_hashes, 5);
	assert_int_equal(total.stats.distinct_states, 5);
	static const uint64_t want[] = {0, 5, 7, 9, 11};
	assert_memory_equal(total.state_hashes, want, sizeof(want));
	ex_report_free(&a);
	ex_report_free(&b);
	ex_report_free(&total);
}

/* Shard 0 holds units 0 and 2, shard 1 unit 1: merged shard by shard, the
 * first violation of each kind is the lowest unit's, as in one run. */
static void test_merge_keeps_each_kind_from_its_lowest_unit(void **state)
{
	struct ex_report total, s0, s1;

	ex_report_init(&total);
	ex_report_init(&s0);
	ex_report_init(&s1);
	add_found(&s0, "leak", 0, 1);
	add_found(&s0, "use-after-free", 2, 2);
	add_found(&s1, "use-after-free", 1, 3);
	add_found(&s1, "deadlock", 1, 4);
	ex_report_merge(&total, &s0);
	ex_report_merge(&total, &s1);
	assert_int_equal(total.nfound, 3);
	assert_string_equal(total.found[0].v.kind, "leak");
	assert_string_equal(total.found[1].v.kind, "use-after-free");
	assert_int_equal(total.found[1].unit, 1);
	assert_int_equal(total.found[1].sched.choice[0], 3);
	assert_string_equal(total.found[2].v.kind, "deadlock");
	/* What was merged is copied: the parts are still theirs. */
	ex_report_free(&s0);
	ex_report_free(&s1);
	assert_int_equal(total.found[0].sched.n, 1);
	ex_report_free(&total);
}

static void test_merge_keeps_at_most_ex_max_found(void **state)
{
	struct ex_report total, part;
	char kind[32];

	ex_report_init(&total);
	ex_report_init(&part);
	for (int i = 0; i < EX_MAX_FOUND; i++) {
		snprintf(kind, sizeof(kind), "kind-%d", i);
		add_found(&part, kind, 5, 0);
	}
	ex_report_merge(&total, &part);
	ex_report_free(&part);
	add_found(&part, "kind-early", 1, 0);
	ex_report_merge(&total, &part);
	assert_int_equal(total.nfound, EX_MAX_FOUND);
	assert_string_equal(total.found[0].v.kind, "kind-early");
	assert_null(ex_report_find(&total, "kind-15"));
	ex_report_free(&part);
	ex_report_free(&total);
}

/* A shard's --json, written and read back: the same report and options. */
static void test_shard_json_reads_back_what_was_written(void **state)
{
	static const uint64_t h[] = {1, 0xfedcba9876543210ull};
	char path[] = "/tmp/vfsrace-test-report-XXXXXX", err[512], a[EX_SPACE_MAX];
	struct ex_options o;
	struct ex_report r;
	struct ex_shard_result back;
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	ex_options_default(&o);
	o.model = model_find("readers");
	assert_non_null(o.model);
	model_default_args(o.model, &o.args);
	o.args.value[0] = 3;
	o.preemptions = 2;
	o.shard_index = 1;
	o.shard_count = 3;
	ex_report_init(&r);
	r.stats.executions = 42;
	r.stats.steps = 420;
	snprintf(r.bounds, sizeof(r.bounds), "preemptions<=2; shard 2/3");
	add_found(&r, "leak", 4, 0);
	set_states(&r, h, 2);
	FILE *f = fdopen(fd, "w");
	ex_result_json_write(f, "explore", &o, &r, NULL);
	fclose(f);
	assert_int_equal(ex_shard_result_load(path, &back, err, sizeof(err)), 0);
	unlink(path);
	ex_options_space(&o, a, sizeof(a));
	assert_string_equal(back.space, a);
	assert_ptr_equal(back.o.model, o.model);
	assert_int_equal(back.o.args.value[0], 3);
	assert_int_equal(back.o.shard_index, 1);
	assert_int_equal(back.r.stats.executions, 42);
	assert_int_equal(back.r.stats.steps, 420);
	assert_string_equal(back.r.bounds, "preemptions<=2");
	assert_int_equal(back.r.nfound, 1);
	assert_int_equal(back.r.found[0].unit, 4);
	assert_int_equal(back.r.nstate_hashes, 2);
	assert_memory_equal(back.r.state_hashes, h, sizeof(h));
	ex_shard_result_free(&back);
	ex_report_free(&r);
}

static void test_spaces_differ_names_the_first_option(void **state)
{
	char what[128];

	assert_false(ex_options_space_differs("tool 1 seed 2", "tool 1 seed 2", what, 128));
	assert_true(ex_options_space_differs("tool 1 preemptions 1 walk 0",
					     "tool 1 preemptions 3 walk 100", what, 128));
	assert_string_equal(what, "preemptions 1 vs 3");
	assert_true(ex_options_space_differs("tool 1 seed 2", "tool 1", what, 128));
	assert_string_equal(what, "seed");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_merge_adds_counts_and_takes_the_deepest),
	    cmocka_unit_test(test_merge_counts_a_state_reached_twice_once),
	    cmocka_unit_test(test_merge_keeps_each_kind_from_its_lowest_unit),
	    cmocka_unit_test(test_merge_keeps_at_most_ex_max_found),
	    cmocka_unit_test(test_shard_json_reads_back_what_was_written),
	    cmocka_unit_test(test_spaces_differ_names_the_first_option),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
