/*
 * test_isolate.c - --isolate: a model that aborts, faults outside the
 * slab or loops without a scheduling point is reported with the schedule
 * that did it, and --keep-going explores everything else.
 *
 * The test-only model "misbehave" is one writer W (tid 0) and two readers
 * R0, R1 of x.  R0 misbehaves (--mode) when it reads x after W wrote it:
 * of the 6! / (2!)^3 = 90 interleavings of the three threads' starts and
 * steps, the 45 with W's write before R0's read.
 */
#define _GNU_SOURCE /* sched_getcpu */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "vfsrace/ex_explore.h"
#include "vfsrace/model.h"
#include "vfsrace/rt_exec.h"
#include "vfsrace/rt_sched.h"
#include "vfsrace/rt_thread.h"

enum mode { M_NONE, M_ABORT, M_WILD, M_HANG };

static int x, seen[2], mode;
static long ids[2] = {0, 1};

static void writer(void *arg)
{
	RT_WRITE(&x, "x = 1");
	x = 1;
}

static void misbehave_now(void)
{
	volatile unsigned long spin = 0;

	switch (mode) {
	case M_ABORT:
		abort();
	case M_WILD:
		/* Far from the slab arena and the NULL page. */
		*(volatile int *)(uintptr_t)0x12340 = 1;
		break;
	case M_HANG:
		for (;;)
			spin++;
	}
}

static void reader(void *arg)
{
	long id = *(long *)arg;

	RT_READ(&x, "read x");
	seen[id] = x;
	if (id == 0 && x == 1)
		misbehave_now();
}

/* Where and when each execution ran, for the -j test: in a shared
 * mapping, so what the workers write reaches the test. */
struct visit {
	pid_t pid;
	int cpu;
	double start, end;
};
struct visits {
	unsigned n;
	struct visit v[256];
};
static struct visits *visits;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Start a visit record, and make the execution last long enough (20 ms)
 * for two workers' executions to overlap if they run side by side. */
static void visit_begin(void)
{
	unsigned i = __atomic_fetch_add(&visits->n, 1, __ATOMIC_RELAXED);

	assert_true(i < 256);
	visits->v[i] = (struct visit){getpid(), sched_getcpu(), now(), 0};
	usleep(20000);
}

static void visit_end(void)
{
	for (unsigned i = 0; i < visits->n; i++)
		if (visits->v[i].pid == getpid() && visits->v[i].end == 0)
			visits->v[i].end = now();
}

static void setup(const struct model_args *a)
{
	if (visits)
		visit_begin();
	x = 0;
	seen[0] = seen[1] = 0;
	mode = a->value[0];
	rt_thread_create("W", writer, NULL);
	rt_thread_create("R0", reader, &ids[0]);
	rt_thread_create("R1", reader, &ids[1]);
}

static uint64_t finish(const struct model_args *a, bool completed)
{
	if (visits)
		visit_end();
	return (uint64_t)(x + 2 * seen[0] + 4 * seen[1] + 1);
}

static const struct model_param params[] = {
    {"mode", 0, 0, 3, "0 none, 1 abort(), 2 wild pointer, 3 loop without scheduling points", NULL},
};
static const struct model_fix fixes[] = {{"none", "test model"}};
static const struct model misbehave = {
    .name = "misbehave",
    .summary = "test only: a reader that crashes or hangs when it sees the write",
    .params = params,
    .nparams = 1,
    .fixes = fixes,
    .nfixes = 1,
    .setup = setup,
    .finish = finish,
};
MODEL_REGISTER(misbehave)

static char out_dir[] = "/tmp/vfsrace-test-isolate-XXXXXX";

/* Seconds without a scheduling point that count as a hang: short, so the
 * test is quick, unless a slow checker (valgrind) asks for more. */
static double hang_timeout(void)
{
	const char *s = getenv("VFSRACE_TEST_HANG_TIMEOUT");

	return s && atof(s) > 0 ? atof(s) : 1.0;
}

static void options(struct ex_options *o, int m, const char *strategy, bool keep_going)
{
	ex_options_default(o);
	o->model = &misbehave;
	model_default_args(o->model, &o->args);
	o->args.value[0] = m;
	o->strategy = ex_strategy_find(strategy);
	o->out_dir = out_dir;
	o->keep_going = keep_going;
	o->isolate = true;
	o->isolate_timeout = m == M_HANG ? hang_timeout() : 0; /* 0: the default, 10 s */
}

static void explore(const struct ex_options *o, struct ex_report *r)
{
	char err[256] = "";

	if (ex_explore(o, r, err, sizeof(err)) != 0)
		fail_msg("ex_explore: %s", err);
}

/* The saved schedule is the one that misbehaved: W ran, then R0 was
 * chosen last, and the file on disk says the same. */
static void assert_schedule_blames_r0(const struct ex_found *f, const char *kind)
{
	struct ex_schedule s;
	char err[256];

	assert_string_equal(f->v.kind, kind);
	assert_true(f->sched.n >= 2);
	assert_int_equal(f->sched.choice[f->sched.n - 1], 1);
	assert_non_null(memchr(f->sched.choice, 0, f->sched.n - 1));
	assert_int_equal(ex_schedule_load(&s, f->path, err, sizeof(err)), 0);
	assert_int_equal(s.n, f->sched.n);
	assert_memory_equal(s.choice, f->sched.choice, s.n);
	assert_string_equal(s.violation, kind);
	ex_schedule_free(&s);
}

static void test_isolate_counts_like_plain_run_when_nothing_misbehaves(void **state)
{
	struct ex_options o;
	struct ex_report plain, iso;

	options(&o, M_NONE, "dfs", false);
	o.isolate = false;
	explore(&o, &plain);
	o.isolate = true;
	explore(&o, &iso);
	assert_int_equal(plain.stats.executions, 90);
	assert_int_equal(iso.stats.executions, plain.stats.executions);
	assert_int_equal(iso.stats.distinct_states, plain.stats.distinct_states);
	assert_true(iso.stats.complete);
	assert_int_equal(iso.nfound, 0);
	ex_report_free(&plain);
	ex_report_free(&iso);
}

static void test_abort_is_reported_with_its_schedule_and_stops(void **state)
{
	struct ex_options o;
	struct ex_report r;

	options(&o, M_ABORT, "dfs", false);
	explore(&o, &r);
	assert_int_equal(r.nfound, 1);
	assert_schedule_blames_r0(&r.found[0], "crash");
	assert_non_null(strstr(r.found[0].v.message, "signal 6"));
	assert_false(r.stats.complete);
	ex_report_free(&r);
}

/* Each misbehaving interleaving is abandoned (blocked) after it killed a
 * worker; the other 45 run to the end. */
static void check_keep_going(int m, const char *kind, const char *strategy)
{
	struct ex_options o;
	struct ex_report r;

	options(&o, m, strategy, true);
	explore(&o, &r);
	assert_int_equal(r.nfound, 1);
	assert_schedule_blames_r0(&r.found[0], kind);
	if (strcmp(strategy, "dfs") == 0) {
		assert_int_equal(r.stats.executions, 45);
		assert_int_equal(r.stats.blocked, 45);
	} else {
		/* 4 traces (R0 and R1 each before or after W), 2 of them bad:
		 * dpor still learns the races of an execution cut short. */
		assert_int_equal(r.stats.executions, 2);
		assert_int_equal(r.stats.blocked, 2);
	}
	ex_report_free(&r);
}

static void test_abort_keep_going_explores_the_rest(void **state)
{
	check_keep_going(M_ABORT, "crash", "dfs");
	check_keep_going(M_ABORT, "crash", "dpor");
}

/* dpor: a hang costs its timeout, and dfs has 45 of them. */
static void test_hang_is_killed_and_reported(void **state)
{
	check_keep_going(M_HANG, "hang", "dpor");
}

static void test_hang_without_keep_going_stops(void **state)
{
	struct ex_options o;
	struct ex_report r;

	options(&o, M_HANG, "dpor", false);
	explore(&o, &r);
	assert_int_equal(r.nfound, 1);
	assert_schedule_blames_r0(&r.found[0], "hang");
	ex_report_free(&r);
}

static bool overlap(const struct visit *a, const struct visit *b)
{
	return a->pid != b->pid && a->start < b->end && b->start < a->end;
}

/* --isolate -j 2: the watched workers run two at a time, each on its own
 * CPU, and count what one process counts. */
static void test_isolate_with_two_jobs_runs_two_workers_at_once(void **state)
{
	struct ex_options o;
	struct ex_report r;
	bool side_by_side = false, two_cpus = false;
	unsigned in_workers = 0;

	visits =
	    mmap(NULL, sizeof(*visits), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	assert_true(visits != MAP_FAILED);
	options(&o, M_NONE, "dfs", false);
	o.jobs = 2;
	explore(&o, &r);
	assert_int_equal(r.stats.executions, 90);
	assert_true(r.stats.complete);
	/* The rest ran here: the probes that split the space into units. */
	for (unsigned i = 0; i < visits->n; i++) {
		const struct visit *v = &visits->v[i];

		in_workers += v->pid != getpid();
		for (unsigned k = 0; k < visits->n && v->pid != getpid(); k++) {
			const struct visit *w = &visits->v[k];

			side_by_side |= w->pid != getpid() && overlap(v, w);
			two_cpus |= w->pid != getpid() && v->cpu != w->cpu;
		}
	}
	assert_int_equal(in_workers, 90);
	assert_true(side_by_side);
	if (sysconf(_SC_NPROCESSORS_ONLN) >= 2)
		assert_true(two_cpus);
	munmap(visits, sizeof(*visits));
	visits = NULL;
	ex_report_free(&r);
}

/* A fault outside the slab in a controlled thread is the runtime's own
 * "crash" report, isolated or not: the execution is unwound, not lost. */
static void test_wild_pointer_is_contained_with_or_without_isolation(void **state)
{
	for (int iso = 0; iso < 2; iso++) {
		struct ex_options o;
		struct ex_report r;

		/* CMocka installs its own SIGSEGV handler around each test
		 * body: rt_init() puts the runtime's back. */
		assert_int_equal(rt_init(), 0);
		options(&o, M_WILD, "dfs", true);
		o.isolate = iso;
		explore(&o, &r);
		assert_int_equal(r.nfound, 1);
		assert_string_equal(r.found[0].v.kind, "crash");
		assert_int_equal(r.stats.executions, 90);
		ex_report_free(&r);
	}
}

static int group_setup(void **state)
{
	if (!mkdtemp(out_dir))
		return -1;
	return rt_init();
}

static int group_teardown(void **state)
{
	char cmd[128];

	rt_shutdown();
	snprintf(cmd, sizeof(cmd), "rm -rf %s", out_dir);
	return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_isolate_counts_like_plain_run_when_nothing_misbehaves),
	    cmocka_unit_test(test_abort_is_reported_with_its_schedule_and_stops),
	    cmocka_unit_test(test_abort_keep_going_explores_the_rest),
	    cmocka_unit_test(test_hang_is_killed_and_reported),
	    cmocka_unit_test(test_hang_without_keep_going_stops),
	    cmocka_unit_test(test_wild_pointer_is_contained_with_or_without_isolation),
	    cmocka_unit_test(test_isolate_with_two_jobs_runs_two_workers_at_once),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
