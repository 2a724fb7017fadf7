/*
 * test_trace.c - the trace value (rt_trace.h): the shadow call stack as
 * each step saw it, frames popped however a function returns, stacks
 * fresh after a thread died, and reports that name both sides (freed by,
 * allocated by; waiting and held by in a deadlock) and the window between.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <vfsrace/linux/kernel.h>
#include <vfsrace/linux/slab.h>
#include <vfsrace/linux/sched.h>
#include <vfsrace/linux/smp_lock.h>
#include <vfsrace/linux/spinlock.h>
#include <vfsrace/rt_exec.h>
#include <vfsrace/rt_frame.h>
#include <vfsrace/rt_report.h>
#include <vfsrace/rt_trace.h>

#include "harness.h"

static const char *top(const struct rt_trace_step *s)
{
	const struct rt_frame *f = rt_trace_step_frame(s);

	return f ? f->func : "";
}

static int find_step(const struct rt_trace *t, const char *what)
{
	for (unsigned i = 0; i < t->nsteps; i++)
		if (t->step[i].e.op.what && !strcmp(t->step[i].e.op.what, what))
			return (int)i;
	return -1;
}

/* --- frames --- */

static int inner(int early)
{
	RT_FRAME();
	sched_point();
	if (early)
		return 1; /* popped here too */
	sched_point();
	return 0;
}

static void outer(void *arg)
{
	RT_FRAME();
	inner(1);
	inner(0);
	rt_access_at(&inner, RT_READ, "after inner", RT_HERE);
}

static struct rt_trace *run_traced(struct th_run *r, struct rt_result *res)
{
	r->cfg.record_events = true;
	r->cfg.record_trace = true;
	assert_int_equal(th_run(r, res), 0);
	struct rt_trace *t = rt_trace_take(res);
	assert_non_null(t);
	return t;
}

static void test_each_step_keeps_the_stack_it_ran_in(void **state)
{
	struct th_run r = {.nthreads = 1};
	struct rt_result res;

	r.t[0] = (struct th_thread){"kswapd", outer, NULL};
	struct rt_trace *t = run_traced(&r, &res);
	unsigned in_inner = 0;

	for (unsigned i = 0; i < t->nsteps; i++) {
		const struct rt_stack *s = &t->step[i].stack;

		if (!strcmp(top(&t->step[i]), "inner")) {
			in_inner++;
			assert_int_equal(s->depth, 2);
			assert_string_equal(s->f[0].func, "outer");
			assert_int_equal(s->f[1].line, t->step[i].e.op.loc.line);
		}
	}
	assert_int_equal(in_inner, 3);
	/* Both returns of inner(), the early one too, popped its frame. */
	int after = find_step(t, "after inner");
	assert_true(after >= 0);
	assert_int_equal(t->step[after].stack.depth, 1);
	assert_string_equal(top(&t->step[after]), "outer");
	assert_string_equal(t->thread[0], "kswapd");
	rt_trace_free(t);
}

/* --- use after free: the access, freed by, allocated by, the window --- */

struct victim {
	long head;
	long field;
};

static kmem_cache_t victim_cache;
static struct victim *shared;

static void init_victim(void)
{
	rt_kmem_cache_init(&victim_cache, "victim_cache", sizeof(struct victim));
	shared = kmem_cache_alloc(&victim_cache, GFP_KERNEL);
	rt_obj_name(shared, "sb memfs");
}

static void destroy_super(void)
{
	RT_FRAME();
	kmem_cache_free(&victim_cache, shared);
}

static void umount_fn(void *arg)
{
	RT_FRAME();
	destroy_super();
}

static volatile long seen;

static void iput(void)
{
	RT_FRAME();
	sched_point();
	seen = ((volatile struct victim *)shared)->field;
}

static void kswapd_fn(void *arg)
{
	RT_FRAME();
	iput();
}

static void test_use_after_free_names_both_sides(void **state)
{
	assert_int_equal(rt_init(), 0); /* CMocka's SIGSEGV handler out */
	struct th_run r = {.nthreads = 2, .init = init_victim};
	static const int script[] = {1, 1, 0, 0};
	struct rt_result res;

	r.t[0] = (struct th_thread){"kswapd", kswapd_fn, NULL};
	r.t[1] = (struct th_thread){"umount", umount_fn, NULL};
	r.script = script;
	r.nscript = 4;
	struct rt_trace *t = run_traced(&r, &res);

	assert_int_equal(t->nreports, 1);
	const struct rt_trace_report *rep = &t->report[0];
	assert_string_equal(rep->v.kind, RT_V_OOPS);
	assert_int_equal(rep->v.tid, 0);
	assert_int_equal(rep->event, (int)rep->v.step);
	assert_int_equal(rep->v.step, t->nsteps - 1);
	assert_true(t->step[rep->event].e.fatal);
	/* the access: kswapd in iput(), called from kswapd_fn() */
	assert_int_equal(rt_stack_frames(&rep->stack), 2);
	assert_string_equal(rep->stack.f[0].func, "kswapd_fn");
	assert_string_equal(rep->stack.f[1].func, "iput");
	assert_non_null(strstr(rep->what, "read of sb memfs (+8)"));

	const struct rt_trace_side *freed = NULL, *made = NULL;
	for (int i = 0; i < rep->nsides; i++) {
		if (!strcmp(rep->side[i].label, "freed by"))
			freed = &rep->side[i];
		if (!strcmp(rep->side[i].label, "allocated by"))
			made = &rep->side[i];
	}
	assert_non_null(freed);
	assert_int_equal(freed->tid, 1);
	assert_true(freed->event >= 0);
	assert_int_equal(t->step[freed->event].e.op.prim, RT_P_FREE);
	assert_int_equal(rt_stack_frames(&freed->stack), 2);
	assert_string_equal(freed->stack.f[1].func, "destroy_super");
	assert_non_null(made);
	assert_int_equal(made->tid, -1); /* the set-up */
	assert_string_equal(made->stack.f[rt_stack_frames(&made->stack) - 1].func, "init_victim");
	assert_int_equal(rep->window_from, freed->event);
	assert_int_equal(rep->window_to, rep->event);
	rt_trace_free(t);

	/* The dead thread's frames do not leak into the next execution. */
	static const int other[] = {0, 0};
	struct th_run r2 = {.nthreads = 2, .init = init_victim};
	r2.t[0] = (struct th_thread){"kswapd", kswapd_fn, NULL};
	r2.t[1] = (struct th_thread){"umount", umount_fn, NULL};
	r2.script = other;
	r2.nscript = 2;
	t = run_traced(&r2, &res);
	assert_int_equal(t->nreports, 0);
	for (unsigned i = 0; i < t->nsteps; i++)
		if (t->step[i].e.tid == 0)
			assert_true(t->step[i].stack.depth <= 2);
	rt_trace_free(t);
}

/* --- double free: "freed by" is the first free, not the second --- */

static void umount_again(void *arg)
{
	RT_FRAME();
	destroy_super();
}

static void test_double_free_names_the_first_free(void **state)
{
	struct th_run r = {.nthreads = 2, .init = init_victim};
	static const int script[] = {0, 0, 1, 1};
	struct rt_result res;

	r.t[0] = (struct th_thread){"umount", umount_fn, NULL};
	r.t[1] = (struct th_thread){"kswapd", umount_again, NULL};
	r.script = script;
	r.nscript = 4;
	struct rt_trace *t = run_traced(&r, &res);

	assert_int_equal(t->nreports, 1);
	const struct rt_trace_report *rep = &t->report[0];
	assert_string_equal(rep->v.kind, RT_V_DOUBLE_FREE);
	assert_int_equal(rep->v.tid, 1);
	const struct rt_trace_side *freed = NULL;
	for (int i = 0; i < rep->nsides; i++)
		if (!strcmp(rep->side[i].label, "freed by"))
			freed = &rep->side[i];
	assert_non_null(freed);
	assert_int_equal(freed->tid, 0);
	assert_true(freed->event >= 0);
	assert_int_equal(t->step[freed->event].e.tid, 0);
	assert_int_equal(t->step[freed->event].e.op.prim, RT_P_FREE);
	assert_true(freed->event < rep->event);
	assert_int_equal(rep->window_from, freed->event);
	rt_trace_free(t);
}

/* --- deadlock: who waits, who holds, since which step --- */

static spinlock_t lock_a, lock_b;

static void init_locks(void)
{
	spin_lock_init(&lock_a);
	spin_lock_init(&lock_b);
	rt_obj_name(&lock_a, "lock_a");
	rt_obj_name(&lock_b, "lock_b");
}

static void take_ab(void *arg)
{
	RT_FRAME();
	spin_lock(&lock_a);
	spin_lock(&lock_b);
	spin_unlock(&lock_b);
	spin_unlock(&lock_a);
}

static void take_ba(void *arg)
{
	RT_FRAME();
	spin_lock(&lock_b);
	spin_lock(&lock_a);
	spin_unlock(&lock_a);
	spin_unlock(&lock_b);
}

static void test_deadlock_names_waiters_and_holders(void **state)
{
	struct th_run r = {.nthreads = 2, .init = init_locks};
	/* each takes its first lock, then both want the other's */
	static const int script[] = {0, 1, 0, 1};
	struct rt_result res;

	r.t[0] = (struct th_thread){"A", take_ab, NULL};
	r.t[1] = (struct th_thread){"B", take_ba, NULL};
	r.script = script;
	r.nscript = 4;
	struct rt_trace *t = run_traced(&r, &res);

	assert_int_equal(t->nreports, 1);
	const struct rt_trace_report *rep = &t->report[0];
	assert_string_equal(rep->v.kind, RT_V_DEADLOCK);
	int waiting = 0, held = 0;
	for (int i = 0; i < rep->nsides; i++) {
		const struct rt_trace_side *sd = &rep->side[i];

		if (!strcmp(sd->label, "waiting")) {
			waiting++;
			assert_true(rt_stack_frames(&sd->stack) >= 1);
			assert_string_equal(sd->stack.f[0].func,
					    sd->tid == 0 ? "take_ab" : "take_ba");
		} else if (!strcmp(sd->label, "held by")) {
			held++;
			assert_true(sd->event >= 0);
			assert_int_equal(t->step[sd->event].e.tid, sd->tid);
			assert_true(rt_event_acquires(&t->step[sd->event].e));
		}
	}
	assert_int_equal(waiting, 2);
	assert_int_equal(held, 2);
	rt_trace_free(t);
}

/* The BKL is dropped while its holder sleeps and taken back after, with
 * no step for the drop: the sleeper that then unlocks holds it no more.
 * C waits for the BKL that B holds (B spins on the lock C holds); A
 * slept with the BKL and gave it back before either started. */
static void bkl_sleeper(void *arg)
{
	RT_FRAME();
	lock_kernel();
	schedule_io("disk");
	unlock_kernel();
}

static void bkl_then_a(void *arg)
{
	RT_FRAME();
	lock_kernel();
	spin_lock(&lock_a);
	spin_unlock(&lock_a);
	unlock_kernel();
}

static void a_then_bkl(void *arg)
{
	RT_FRAME();
	spin_lock(&lock_a);
	lock_kernel();
	unlock_kernel();
	spin_unlock(&lock_a);
}

static void test_deadlock_holders_follow_the_bkl_through_a_sleep(void **state)
{
	struct th_run r = {.nthreads = 3, .init = init_locks};
	struct rt_result res;
	int bkl_held = 0;

	r.t[0] = (struct th_thread){"A", bkl_sleeper, NULL};
	r.t[1] = (struct th_thread){"B", bkl_then_a, NULL};
	r.t[2] = (struct th_thread){"C", a_then_bkl, NULL};
	/* A to its end (start, lock_kernel, its drop at the sleep, the sleep,
	 * lock_kernel after it, unlock_kernel), then B takes the BKL and C
	 * lock_a: each then waits for the other's. */
	static const int script[] = {0, 0, 0, 0, 0, 0, 1, 1, 2, 2};
	r.script = script;
	r.nscript = sizeof(script) / sizeof(script[0]);
	r.script_has_starts = true;
	struct rt_trace *t = run_traced(&r, &res);

	assert_int_equal(t->nreports, 1);
	const struct rt_trace_report *rep = &t->report[0];
	assert_string_equal(rep->v.kind, RT_V_DEADLOCK);
	assert_true(find_step(t, "lock_kernel (after sleep)") >= 0);
	for (int i = 0; i < rep->nsides; i++) {
		const struct rt_trace_side *sd = &rep->side[i];

		if (strcmp(sd->label, "held by"))
			continue;
		assert_int_not_equal(sd->tid, 0); /* A gave the BKL back */
		bkl_held += t->step[sd->event].e.op.prim == RT_P_BKL;
	}
	assert_int_equal(bkl_held, 1); /* B */
	/* The spans: A's BKL span closed at its unlock_kernel. */
	for (unsigned k = 0; k < t->nspans; k++)
		if (t->span[k].tid == 0)
			assert_false(t->span[k].open);
	rt_trace_free(t);
}

/* --- notes go to the report of their kind --- */

static void noter(void *arg)
{
	sched_point();
	rt_note("busy-inodes", "inode 1 held by dentry /");
	rt_note("busy-inodes", "inode 1 held by dentry /"); /* the same again: once */
	rt_note("other-kind", "not for this report");
	rt_report("busy-inodes", false, "VFS: Busy inodes after unmount");
}

static void test_notes_attach_to_their_kind(void **state)
{
	struct th_run r = {.nthreads = 1};
	struct rt_result res;

	r.t[0] = (struct th_thread){"umount", noter, NULL};
	struct rt_trace *t = run_traced(&r, &res);

	assert_int_equal(t->nreports, 1);
	assert_int_equal(t->report[0].nnotes, 1);
	assert_non_null(strstr(t->report[0].note[0], "inode 1 held by dentry /"));
	/* a thread's non-fatal report is at the step it was in */
	assert_int_equal(t->report[0].v.step, t->nsteps - 1);
	rt_trace_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_each_step_keeps_the_stack_it_ran_in),
	    cmocka_unit_test(test_use_after_free_names_both_sides),
	    cmocka_unit_test(test_double_free_names_the_first_free),
	    cmocka_unit_test(test_deadlock_names_waiters_and_holders),
	    cmocka_unit_test(test_deadlock_holders_follow_the_bkl_through_a_sleep),
	    cmocka_unit_test(test_notes_attach_to_their_kind),
	};
	return cmocka_run_group_tests(tests, th_group_setup, th_group_teardown);
}
