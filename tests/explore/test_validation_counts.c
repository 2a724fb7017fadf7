/*
 * test_validation_counts.c - dfs and dpor on the validation models against
 * counts nobody here chose: closed forms (models/validation.c), published
 * DPOR benchmark counts (models/validation_dpor.c), and an enumeration of
 * lastzero's interleavings written independently of the runtime.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "explore_helpers.h"
#include "vfsrace/rt_thread.h"

static unsigned long factorial(int n)
{
	unsigned long f = 1;

	for (int i = 2; i <= n; i++)
		f *= (unsigned long)i;
	return f;
}

static unsigned long binomial(int n, int k)
{
	unsigned long c = 1;

	for (int i = 1; i <= k; i++)
		c = c * (unsigned long)(n - k + i) / (unsigned long)i;
	return c;
}

/*
 * Every thread's first step is its start (docs/runtime.md, "Threads start
 * lazily"), so a thread of s steps takes s + 1.  Interleavings of N
 * threads of s + 1 independent-or-not steps each: (N(s+1))! / ((s+1)!)^N.
 */
static unsigned long uniform_interleavings(int n, int steps)
{
	unsigned long c = 1;

	for (int t = 1; t < n; t++)
		c *= binomial((steps + 1) * (t + 1), steps + 1);
	return c;
}

/* 3 * max(0, N-11) pairs of threads compute the same w = 11m + tid and
 * meet on one slot; each pair is ordered two ways (docs/validation.md). */
static unsigned long indexer_traces(int n)
{
	return n <= 11 ? 1 : 1ul << (3 * (n - 11));
}

/* (N+3) * 2^(N-2), derived in docs/validation.md; 64, 3328 and 147456
 * for N = 5, 10, 15 as published. */
static unsigned long lastzero_traces(int n)
{
	return ((unsigned long)(n + 3) << n) / 4;
}

/*
 * lastzero's interleavings counted by brute force over the program text,
 * without the runtime: every thread starts; thread 0 then reads array[i]
 * from i = N down until it sees a zero; writer j reads array[j-1], then
 * writes array[j] = that + 1.
 */
struct lz {
	int n;
	int array[RT_MAX_THREADS + 1];
	int reader; /* next index to read, -1 when done */
	bool reader_started;
	int pc[RT_MAX_THREADS + 1], val[RT_MAX_THREADS + 1]; /* pc -1: not started */
};

static unsigned long lz_count(struct lz *s)
{
	unsigned long total = 0;
	bool any = false;

	if (!s->reader_started) {
		any = true;
		s->reader_started = true;
		total += lz_count(s);
		s->reader_started = false;
	} else if (s->reader >= 0) {
		int i = s->reader;

		any = true;
		s->reader = s->array[i] == 0 ? -1 : i - 1;
		total += lz_count(s);
		s->reader = i;
	}
	for (int j = 1; j <= s->n; j++) {
		if (s->pc[j] == 2)
			continue;
		any = true;
		if (s->pc[j] < 0) {
			s->pc[j] = 0;
			total += lz_count(s);
			s->pc[j] = -1;
		} else if (s->pc[j] == 0) {
			s->val[j] = s->array[j - 1];
			s->pc[j] = 1;
			total += lz_count(s);
			s->pc[j] = 0;
		} else {
			int old = s->array[j];

			s->array[j] = s->val[j] + 1;
			s->pc[j] = 2;
			total += lz_count(s);
			s->pc[j] = 1;
			s->array[j] = old;
		}
	}
	return any ? total : 1;
}

static unsigned long lastzero_interleavings(int n)
{
	struct lz s;

	memset(&s, 0, sizeof(s));
	s.n = n;
	s.reader = n;
	for (int j = 1; j <= n; j++)
		s.pc[j] = -1;
	return lz_count(&s);
}

struct expect {
	const char *model;
	int size;
	unsigned long interleavings; /* 0: too many for dfs in a unit test */
	unsigned long traces;
};

/* dfs finds every interleaving, dpor one execution per trace, both reach
 * the same terminal states, and -j 2 reports what -j 1 does. */
static void check_model(const struct expect *e)
{
	struct ex_options o;
	struct ex_report dpor, dpor2;
	struct state_set dpor_states, dpor2_states;

	explore_options(&o, e->model, e->size, "dpor");
	explore_run(&o, &dpor, &dpor_states);
	assert_true(dpor.stats.complete);
	/* Optimal DPOR: no execution ends blocked in a sleep set. */
	assert_int_equal(dpor.stats.blocked, 0);
	if (dpor.stats.executions != e->traces)
		fail_msg("%s --size %d: dpor explored %lu executions, %lu traces expected",
			 e->model, e->size, dpor.stats.executions, e->traces);

	/* -j 2 runs Source-DPOR in its units: the same complete executions,
	 * maybe some blocked ones besides. */
	o.jobs = 2;
	explore_run(&o, &dpor2, &dpor2_states);
	assert_int_equal(dpor2.stats.executions, dpor.stats.executions);
	assert_int_equal(dpor2.stats.distinct_states, dpor.stats.distinct_states);
	assert_true(state_set_equal(&dpor_states, &dpor2_states));
	state_set_free(&dpor2_states);

	if (e->interleavings) {
		struct ex_report dfs, dfs2;
		struct state_set dfs_states;

		explore_options(&o, e->model, e->size, "dfs");
		explore_run(&o, &dfs, &dfs_states);
		assert_true(dfs.stats.complete);
		if (dfs.stats.executions != e->interleavings)
			fail_msg("%s --size %d: dfs explored %lu executions, %lu interleavings",
				 e->model, e->size, dfs.stats.executions, e->interleavings);
		if (!state_set_equal(&dfs_states, &dpor_states))
			fail_msg("%s --size %d: dfs reached %lu terminal states, dpor %lu, "
				 "or other ones",
				 e->model, e->size, dfs_states.n, dpor_states.n);
		o.jobs = 2;
		explore_run(&o, &dfs2, NULL);
		assert_int_equal(dfs2.stats.executions, dfs.stats.executions);
		assert_int_equal(dfs2.stats.blocked, dfs.stats.blocked);
		assert_int_equal(dfs2.stats.distinct_states, dfs.stats.distinct_states);
		state_set_free(&dfs_states);
	}
	state_set_free(&dpor_states);
}

static void test_writers_counts_match_closed_form(void **state)
{
	for (int n = 1; n <= 4; n++)
		check_model(
		    &(struct expect){"writers", n, uniform_interleavings(n, 1), factorial(n)});
}

static void test_independent_counts_match_closed_form(void **state)
{
	for (int n = 1; n <= 4; n++)
		check_model(&(struct expect){"independent", n, uniform_interleavings(n, 1), 1});
}

static void test_readers_counts_match_closed_form(void **state)
{
	for (int n = 1; n <= 4; n++)
		check_model(
		    &(struct expect){"readers", n, uniform_interleavings(n + 1, 1), 1ul << n});
}

static void test_conflict2_counts_match_closed_form(void **state)
{
	for (int n = 1; n <= 4; n++) {
		unsigned long c = binomial(2 * n, n);

		check_model(&(struct expect){"conflict2", n, uniform_interleavings(2, n), c});
	}
}

static void test_indexer_counts_match_published(void **state)
{
	const struct model *m = model_find("indexer");

	assert_non_null(m);
	for (int n = 1; n <= m->params[0].max && n <= 13; n++)
		check_model(&(struct expect){"indexer", n, n <= 2 ? uniform_interleavings(n, 4) : 0,
					     indexer_traces(n)});
}

static void test_lastzero_interleavings_match_enumeration(void **state)
{
	/* A hand-checked case keeps the enumerator itself honest.  N = 1:
	 * the reader (start, read a[1], maybe read a[0]) and the writer
	 * (start, read a[0], write a[1]).  Reading a[1] before the write
	 * ends the reader: 10 merges of 2 and 3 steps, less the 4 with the
	 * read last.  After the write: the reader's last two steps close 4
	 * merges of its start with the writer's three.  6 + 4 = 10. */
	assert_int_equal(lastzero_interleavings(1), 10);
	for (int n = 1; n <= 4; n++)
		check_model(&(struct expect){"lastzero", n, n <= 3 ? lastzero_interleavings(n) : 0,
					     lastzero_traces(n)});
}

static void test_lastzero_traces_match_published(void **state)
{
	const struct model *m = model_find("lastzero");

	assert_non_null(m);
	assert_int_equal(lastzero_traces(5), 64);
	assert_int_equal(lastzero_traces(10), 3328);
	assert_int_equal(lastzero_traces(15), 147456);
	for (int n = 5; n <= m->params[0].max && n <= 8; n++)
		check_model(&(struct expect){"lastzero", n, 0, lastzero_traces(n)});
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_writers_counts_match_closed_form),
	    cmocka_unit_test(test_independent_counts_match_closed_form),
	    cmocka_unit_test(test_readers_counts_match_closed_form),
	    cmocka_unit_test(test_conflict2_counts_match_closed_form),
	    cmocka_unit_test(test_indexer_counts_match_published),
	    cmocka_unit_test(test_lastzero_interleavings_match_enumeration),
	    cmocka_unit_test(test_lastzero_traces_match_published),
	};

	return cmocka_run_group_tests(tests, explore_group_setup, explore_group_teardown);
}
