/*
 * test_oracle_differential.c - the explorer held to the reference oracle
 * (oracle_enum.c) on generated programs over every runtime primitive, and
 * on the cases that showed the old explorer wrong.
 *
 * For each program: dfs explores exactly the oracle's interleavings; dpor
 * (sticky walk and random walks) exactly one execution per trace, none
 * blocked, the oracle's traces by canonical key; bounded and dpor with a
 * preemption bound exactly the schedules, and the traces, with at most K
 * preemptions; every run the oracle's violation kinds and terminal states.
 * A subset also runs with -j 2 and as two shards merged.
 *
 * VFSRACE_DIFF_PROGRAMS overrides the number of generated programs (the
 * valgrind run uses few); tools/oracle-differential runs many more.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "differential.h"
#include "vfsrace/rt_exec.h"

#define MAX_INTERLEAVINGS 1200

static void expect_agreement(const char *text, int bound, bool parallel)
{
	struct prog p;
	struct oracle_result o;
	struct diff_config cfg = {.seeds = 2, .bound = bound, .parallel = parallel};
	char err[128], msg[512];

	if (prog_parse(&p, text, err, sizeof(err)))
		fail_msg("[%s]: %s", text, err);
	if (getenv("DIFF_TRACE"))
		fprintf(stderr, "checking [%s] K=%d%s\n", text, bound, parallel ? " -j" : "");
	oracle_run(&p, bound, 0, &o);
	if (diff_check(&p, &o, &cfg, msg, sizeof(msg)))
		fail_msg("[%s]: %s", text, msg);
	oracle_result_free(&o);
}

static void expect_kinds(const char *text, const char *kinds)
{
	struct prog p;
	struct oracle_result o;
	char err[128], got[256] = "";

	assert_int_equal(prog_parse(&p, text, err, sizeof(err)), 0);
	oracle_run(&p, -1, 0, &o);
	for (int i = 0; i < o.nkinds; i++)
		snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s%s", i ? "," : "",
			 o.kinds[i]);
	if (strcmp(got, kinds))
		fail_msg("[%s]: oracle kinds {%s}, expected {%s}", text, got, kinds);
	oracle_result_free(&o);
}

/* The cases.  A retry loop that gives up after two tries (no
 * cpu_relax(): it ends by itself): the give-up is found.  The same poll as
 * a spin loop: no give-up exists, and the loop costs a trace per value it
 * can see, not a livelock.  A semaphore of count 2 around an increment:
 * the lost update is found. */
static void test_retry_loops_and_counting_semaphores(void **state)
{
	expect_kinds("w1 w0 | c02 r1", "gave-up");
	expect_agreement("w1 w0 | c02 r1", 1, false);
	expect_kinds("w1 w0 | s0 r1", "");
	expect_agreement("w1 w0 | s0 r1", 1, false);
	expect_kinds("sems=2,1;D0 i0 V0 | D0 i0 V0", "lost-update");
	expect_agreement("sems=2,1;D0 i0 V0 | D0 i0 V0", 1, false);
	expect_agreement("sems=1,1;D0 i0 V0 | D0 i0 V0", 1, false);
	/* dpor --preemptions 1 missed the trace where r0 reads the first
	 * section's write: no race of any execution names the point between
	 * the sections, where BPOR's conservative point (the run's start)
	 * does not reach (found by tools/oracle-differential). */
	expect_agreement("K w0 k K w0 k K w0 k | r0 K k", 1, false);
	expect_agreement("L0 w0 U0 L0 w0 U0 L0 w0 U0 | r0 L0 U0", 2, false);
	expect_agreement("sems=1,0;w0 | K K w0 k k K w0 k K K w0 k k | r0 K i0 k", 1, false);
}

/* Two shards lost a trace (found by tools/oracle-differential's program
 * 575 of seed 20261130): in the unit that starts T0, then T1, T0's write
 * is asleep; T1 takes the semaphore and blocks on its second down(), T2
 * blocks on its first, and the execution ends sleep-set blocked.  Only
 * there does T2's down() race with T1's, and dpor raced the steps of
 * threads blocked at the end of an execution only when it ended for good:
 * the trace where T2 goes first and writes var 0 before T0 was explored
 * by no unit. */
static void test_shards_race_the_steps_a_sleep_set_blocked_execution_waits_for(void **state)
{
	expect_agreement("w0 i2 | D0 D0 | D0 a0 V0 w0", -1, true);
}

/* Every kind of blocking, and what ends an execution early. */
static void test_each_primitive_against_the_oracle(void **state)
{
	static const char *const programs[] = {
	    "L0 w0 U0 | t0{r0} | L0 L1 U1 U0", /* spinlocks, trylock */
	    "L0 L1 U1 U0 | L1 L0 U0 U1",       /* ABBA: a deadlock */
	    "sems=0,1;D0 r0 | w0 V0",	       /* a semaphore as a signal */
	    "sems=1,1;d0{w0} | D0 r0 V0",      /* down_trylock */
	    "<0 r0 >0 | [0 w0 ]0 | ?0{r0}",    /* rwsem: queue, trylock */
	    "[0 w0 ]0 | <0 r0 >0 | <0 r1 >0",  /* readers queued behind a writer */
	    "K r0 K w0 k k | K w0 k",	       /* the BKL, nested */
	    "K e00 k | w0 n0",		       /* sleeping drops the BKL */
	    "sems=0,1;K D0 k | K w0 k V0",     /* down() drops it too */
	    "e00 | n0 w0",		       /* a lost wake-up: deadlock */
	    "s0 r1 | w1 w0",		       /* spin until: an await */
	    "s0 | r1",			       /* nobody writes: livelock */
	    "L0 U0 s1 | w1 L0 U0",	       /* a spin loop that takes a lock */
	    "f0 | o0 | o0 f0",		       /* use after free, double free */
	    "b0 | w0",			       /* BUG_ON */
	    "x{w0 r1} r0 | w1",		       /* spawn */
	    "L0 D0 U0 | L0 U0",		       /* down() with a spinlock held */
	    "z2 | r0 w1 | r1 w2",	       /* lastzero's reader */
	    "c01 i0 | w0 i0 | a0 a1",	       /* retry, lost update, atomics */
	    "sems=2,0;w0 r0 | s0 i0 | w0",     /* an await two writes enable */
	};

	for (unsigned i = 0; i < sizeof(programs) / sizeof(programs[0]); i++)
		expect_agreement(programs[i], (int)(i % 3), i % 4 == 0);
}

static unsigned long programs_to_check(void)
{
	const char *e = getenv("VFSRACE_DIFF_PROGRAMS");

	return e ? strtoul(e, NULL, 10) : 200;
}

static void test_generated_programs_against_the_oracle(void **state)
{
	uint64_t rng = 20261130;
	unsigned long n = programs_to_check();

	for (unsigned long i = 0; i < n;) {
		struct prog p;
		struct oracle_result o;
		char text[512], msg[512];

		prog_generate(&p, &rng);
		oracle_run(&p, (int)(i % 3), MAX_INTERLEAVINGS, &o);
		if (o.truncated) {
			oracle_result_free(&o);
			continue;
		}
		struct diff_config cfg = {.seeds = 2, .bound = (int)(i % 3), .parallel = true};
		if (diff_check(&p, &o, &cfg, msg, sizeof(msg))) {
			prog_format(&p, text, sizeof(text));
			fail_msg("program %lu [%s]: %s", i, text, msg);
		}
		oracle_result_free(&o);
		i++;
	}
}

static int setup(void **state)
{
	return rt_init();
}

static int teardown(void **state)
{
	rt_shutdown();
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_retry_loops_and_counting_semaphores),
	    cmocka_unit_test(test_shards_race_the_steps_a_sleep_set_blocked_execution_waits_for),
	    cmocka_unit_test(test_each_primitive_against_the_oracle),
	    cmocka_unit_test(test_generated_programs_against_the_oracle),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
