/*
 * rt_internal.h - the runtime's private state, shared by its source files.
 *
 * Nothing outside src/runtime/ includes this.  One execution runs at a time
 * per process; its state is the global `rt` below.  Only the thread that
 * holds the baton touches it, and every handoff is a seq_cst store/load
 * pair, so no lock protects it.
 */
#ifndef VFSRACE_RT_INTERNAL_H
#define VFSRACE_RT_INTERNAL_H

#include <setjmp.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <pthread.h>

#include "vfsrace/rt_exec.h"
#include "vfsrace/rt_op.h"
#include "vfsrace/rt_trace.h"

enum rt_mode {
	RT_MODE_IDLE = 0,   /* no execution: primitives act directly */
	RT_MODE_SETUP,	    /* program set-up / finish on the main thread */
	RT_MODE_CONTROLLED, /* one controlled thread at a time */
	RT_MODE_FREE	    /* real parallelism, real locks */
};

/* One object read since the thread's last yield (docs/runtime.md,
 * "Retry loops"): changed = another thread has written it since. */
struct rt_span_read {
	const void *obj;
	bool changed;
};

struct rt_thread {
	int id;
	const char *name;
	pthread_t pt;
	rt_thread_fn fn;
	void *arg;
	atomic_uint go;	      /* futex word: 1 = this thread holds the baton */
	atomic_uint sleeping; /* 1 while in futex_wait on go */
	bool quit;	      /* pool shutdown */
	bool started;	      /* its start step has been chosen */
	enum rt_tstate state;
	struct rt_op next; /* pending operation */
	bool has_next;
	int spin_held;	     /* spinlocks held: sleeping now is a bug */
	int bkl_depth;	     /* lock_kernel() nesting */
	int bkl_saved;	     /* depth dropped while asleep, retaken on wake */
	int spawned_by;	     /* event index of the spawn step, -1: created in set-up */
	int woken_by;	     /* event index of the wake_up that dequeued it, or -1 */
	const void *granted; /* rwsem whose queue granted it the lock ... */
	int granted_by;	     /* ... in this event */
	/* Since the last yield: did it write, the locks it took minus those
	 * it released (a hash sum: 0 when balanced), what it read. */
	bool span_impure;
	uint64_t span_locks;
	struct rt_span_read *span;
	unsigned nspan, spancap;
	sigjmp_buf base;	/* where a fatal report unwinds to */
	struct rt_stack shadow; /* rt_frame.h */
};

struct rt_state {
	enum rt_mode mode;
	int nthreads;
	struct rt_thread *t[RT_MAX_THREADS];
	struct rt_thread main_thread; /* pseudo-thread for set-up code */
	const struct rt_scheduler *sched;
	struct rt_exec_config cfg;
	const struct rt_program *prog;
	struct rt_result *res;
	unsigned step;
	int current;	 /* thread that took the last step */
	bool aborting;	 /* a fatal report ends this execution */
	bool finishing;	 /* all threads done or aborted */
	bool preempting; /* the next recorded step follows a preemption */
	bool ending;	 /* the scheduler found a terminal state: its report is
			  * no thread's fatal step */
	atomic_uint main_go;
	atomic_uint main_sleeping;
	/* The baton of the thread that waits for the end of an execution
	 * (main's, or in rt_run_many the ending thread's while it unwinds
	 * the parked ones). */
	atomic_uint *driver_go, *driver_sleeping;
	/* rt_run_many: what decides on another execution; NULL: one only. */
	bool (*loop_next)(void *ctx, struct rt_result *res);
	void *loop_ctx;
	bool unwinding;	      /* the driver waits for parked threads to unwind */
	sigjmp_buf main_base; /* fatal faults in set-up/finish code */
	bool main_base_valid;
	/* event log */
	struct rt_event *ev;
	unsigned nev, evcap;
	char **states; /* per event, when record_states: NULL = unchanged */
	unsigned nstates, statecap;
	char *last_state;
	/* record_trace: per event, what the trace value needs (trace.c) */
	struct rt_trace_step *tsteps;
	unsigned tstepcap;
	/* free mode */
	atomic_int free_running;
};

extern struct rt_state rt;
extern _Thread_local struct rt_thread *rt_tls_self;

/* The thread running now: a controlled thread, or the main pseudo-thread. */
static inline struct rt_thread *rt_self(void)
{
	return rt_tls_self ? rt_tls_self : &rt.main_thread;
}

static inline bool rt_controlled(void)
{
	return rt.mode == RT_MODE_CONTROLLED && rt_tls_self != NULL;
}

/* sched_point.c: announce op, wait until chosen to perform it. */
void rt_point(const struct rt_op *op);
/* What a step records besides its operation. */
struct rt_step_info {
	bool has_values; /* before/result are shown in traces */
	int before, result;
	bool counted; /* a spinlock, semaphore or BKL count changed (or not) */
	int count_before, count_after;
	int enabler; /* event index that made a wait possible, or -1 */
};

/* Record the step just performed (event log, state description, retry
 * loop bookkeeping). */
void rt_record_step(const struct rt_op *op, const struct rt_step_info *si);
static inline void rt_record(const struct rt_op *op, bool has_values, int before, int result)
{
	struct rt_step_info si = {has_values, before, result, false, 0, 0, -1};

	rt_record_step(op, &si);
}
/* Record a lock step with the lock's count before and after. */
static inline void rt_record_count(const struct rt_op *op, bool has_values, int result, int before,
				   int after)
{
	struct rt_step_info si = {has_values, before, result, true, before, after, -1};

	if (!has_values)
		si.before = 0;
	rt_record_step(op, &si);
}
/* Called when the running thread may sleep: reports sleeping in atomic. */
void rt_check_may_sleep(const struct rt_loc *loc);

/* op.c: can this thread perform its pending operation now? */
bool rt_op_enabled(const struct rt_thread *t);

/* exec.c: retry loops (docs/runtime.md) */
void rt_span_reset(struct rt_thread *t);
bool rt_span_pure(const struct rt_thread *t);
const struct rt_objset *rt_span_set(const struct rt_thread *t);
bool rt_await_ready(const struct rt_thread *t);

/* thread.c: baton passing */
void rt_handoff_to(struct rt_thread *t);
void rt_wait_baton(atomic_uint *go, atomic_uint *sleeping);
void rt_wake_baton(atomic_uint *go, atomic_uint *sleeping);
void rt_pool_reset(void);
void rt_pool_set_all_cpus(bool all);
struct rt_thread *rt_pool_get(int id);

/* exec.c */
_Noreturn void rt_unwind(void);
bool rt_schedule_next(struct rt_thread *from);
/* trace_locks.c: pair t's acquires and releases into t->span; 0, or -1
 * out of memory. */
struct rt_trace;
int rt_trace_pair_locks(struct rt_trace *t);
void rt_signal_main(void);
/* The end of an execution, reached on the controlled thread that ended it
 * (exec.c): it wakes the driver, or in rt_run_many drives on itself. */
void rt_execution_over(void);
/* A fatal report in the running thread: mark the step it dies in; its
 * event index, or -1. */
int rt_mark_fatal_step(void);
/* Remember what every thread was about to do as the execution ends. */
void rt_capture_pending(void);
/* The event index the next recorded step will get. */
static inline int rt_next_event_index(void)
{
	return (int)rt.nev;
}

/* slab.c */
void rt_slab_reset(void);
void rt_slab_install_handler(void);
void rt_slab_claim_handler(void);
void rt_slab_report_leaks(void);
void rt_names_reset(void);

/* frame.c: the stack of t as it is at op (op's line in its innermost
 * frame; a frame for op's function when that function has none). */
void rt_stack_snapshot(const struct rt_thread *t, const struct rt_loc *at, struct rt_stack *out);
/* The running thread performed a step at loc: its frame is there now. */
void rt_frame_step(struct rt_thread *t, const struct rt_loc *loc);

/* trace.c: keep the trace's view of the event just recorded (called
 * with record_trace only) */
void rt_trace_record_step(unsigned i);
void rt_trace_reset(void);
/* Describe an object, a step, a pending operation for a person. */
void rt_trace_fill_names(struct rt_trace_step *s);
/* Report details (record_trace only): the side of a report about to be
 * made, the bad access it names; rt_report() takes them. */
void rt_report_stage_side(const char *label, int tid, int event, const char *what,
			  const struct rt_stack *st);
void rt_report_stage_what(const char *what);
/* The report just added as res->v[i]: its stack and the staged parts. */
void rt_trace_record_report(int i, int event);
/* Each blocked thread's stack as the execution ends (rt_capture_pending). */
void rt_trace_capture_pending_stacks(void);
/* Stacks kept by the slab for allocation and free (record_trace). */
int rt_trace_keep_stack(const struct rt_stack *st);
const struct rt_stack *rt_trace_kept_stack(int id);

/* bkl.c */
void rt_bkl_reset(void);

/* report.c */
void rt_printk_reset(void);

static inline struct rt_loc rt_mkloc(const char *file, int line, const char *func)
{
	struct rt_loc l = {file, line, func};
	return l;
}

static inline struct rt_op rt_mkop(const void *obj, enum rt_access a, enum rt_prim p,
				   const char *what, const char *file, int line, const char *func)
{
	struct rt_op op = {
	    .obj = obj, .access = a, .prim = p, .what = what, .loc = rt_mkloc(file, line, func)};
	return op;
}

#endif
