/*
 * rt_exec.h - running one execution under a scheduler (the explorer's view).
 *
 * The runtime knows nothing of models or strategies: it runs a program (a
 * set-up function that registers threads, and an end-of-run check) and asks
 * a scheduler callback, at every scheduling point, which enabled thread runs
 * next.  The callback runs on the thread that reached the point, so a step
 * where the same thread goes on costs no handoff at all.
 */
#ifndef VFSRACE_RT_EXEC_H
#define VFSRACE_RT_EXEC_H

#include <stdbool.h>
#include <stdint.h>
#include "rt_op.h"
#include "rt_thread.h"

enum rt_tstate {
	RT_T_UNUSED = 0,
	RT_T_ENABLED, /* has a pending operation that can be performed now */
	RT_T_BLOCKED, /* pending operation cannot proceed (lock held, sleeping) */
	RT_T_DONE
};

struct rt_thread_view {
	enum rt_tstate state;
	const struct rt_op *next; /* its pending operation (unless DONE): the
				   * parked thread's own, valid during the decision */
};

/* What the scheduler sees at one scheduling point. */
struct rt_sched_view {
	unsigned step; /* index of the step about to be taken */
	int nthreads;
	int current; /* thread that ran the previous step, -1 at start */
	struct rt_thread_view t[RT_MAX_THREADS];
};

struct rt_scheduler {
	/* Return the id of an enabled thread.  Returning -1 abandons the
	 * execution (e.g. a sleep-set-blocked DPOR branch). */
	int (*choose)(void *ctx, const struct rt_sched_view *v);
	void *ctx;
};

/* One performed step, as the event log records it. */
struct rt_event {
	unsigned step;
	int tid;
	struct rt_op op;
	int result; /* trylock: 1 acquired / 0 not; atomics: new value */
	int before; /* atomics: old value */
	bool has_values;
	bool preemption; /* the previous thread was still enabled */
	/* A fatal report (Oops, BUG, bad unlock, sleeping in atomic
	 * context) came in this step: its thread died here, as a task that
	 * Oopses does, and the others went on. */
	bool fatal;
	/* Spinlock, semaphore and BKL steps: the lock's count before and
	 * after (a spinlock or the BKL counts 1 when free, 0 when held). */
	bool counted;
	int count_before, count_after;
	/* A wait, or a spawned thread's start: the step that made it
	 * possible (the wake_up, the granting up_read/up_write, the
	 * spawn), or -1. */
	int enabler;
};

struct rt_violation {
	char kind[32];
	char message[512];
	int tid; /* -1: found at the end of the execution */
	unsigned step;
	bool fatal;
	/* Reported after a fatal report of this execution (for traces: what
	 * follows an Oops, a lock the dead thread held for one).  Still a
	 * finding: which of two independent reports comes first is no
	 * property of the trace. */
	bool secondary;
	/* A report with a second step (a data race's other access). */
	bool has_other;
	unsigned other_step;
};

#define RT_MAX_VIOLATIONS 8

struct rt_result {
	unsigned steps;
	bool abandoned;	 /* the scheduler returned -1 */
	bool step_bound; /* cut at rt_exec_config.max_steps */
	int fatal_event; /* index of the first fatal step in the event log, or -1 */
	int killed;	 /* threads that died of a fatal report */
	/* What each thread was about to do when the execution ended with
	 * threads blocked for good: bit t of pending_mask says pending[t] is
	 * valid; the explorer also reverses races with these operations,
	 * which never ran. */
	int nthreads;
	uint32_t pending_mask;
	uint32_t pending_enabled; /* could run when the execution ended */
	struct rt_op pending[RT_MAX_THREADS];
	int pending_enabler[RT_MAX_THREADS]; /* as rt_event.enabler */
	int nviolations;
	struct rt_violation v[RT_MAX_VIOLATIONS];
	uint64_t state_hash; /* terminal state as the program hashes it */
};

struct rt_program {
	/* Build the initial state and register threads; runs uncontrolled. */
	void (*setup)(void *params);
	/* After all threads ended (or the execution was cut short): check
	 * invariants with rt_report(), hash the terminal state, free. */
	uint64_t (*finish)(void *params, bool completed);
	void *params;
	/* Optional: describe the state relevant to a trace after a step. */
	void (*describe)(void *params, char *buf, unsigned len);
};

struct rt_exec_config {
	unsigned max_steps; /* livelock bound: steps per execution */
	bool record_events; /* keep the event log (explorer and traces) */
	bool record_states; /* call describe() after each step */
	bool check_leaks;   /* report live slab objects after finish() */
	/* keep what rt_trace_take() hands over: names, stacks, both sides
	 * of each report (needs record_events) */
	bool record_trace;
};

/* Create nothing yet; pin this thread to one CPU (RT_CPU, else the one it
 * runs on if allowed, else the first allowed; RT_NOPIN=1 leaves affinity
 * alone) and install the fault handler. */
int rt_init(void);
/* Pin the calling thread to a CPU (-1: as rt_init chooses).  Pool threads
 * created afterwards inherit it. */
int rt_pin_cpu(int cpu);
/* In a child after fork(): forget the parent's pool, pin to cpu. */
void rt_after_fork(int cpu);
void rt_shutdown(void);

/* Run one execution to its end.  Returns 0, or -1 on an internal error. */
int rt_run(const struct rt_program *prog, const struct rt_scheduler *sched,
	   const struct rt_exec_config *cfg, struct rt_result *res);

/*
 * Run executions back to back: after each one, next(ctx, res) reads res
 * and the event log and says whether another runs (with the same
 * program, scheduler and config).  next runs on the thread that ended the
 * execution, as the set-up pseudo-thread, and that thread starts the next
 * execution itself: the main thread sleeps through the whole loop, which
 * saves two handoffs per execution (waking main, and main handing the
 * baton to the first thread).  next must not run executions itself
 * (rt_run or rt_run_many abort there).  Returns 0.
 */
int rt_run_many(const struct rt_program *prog, const struct rt_scheduler *sched,
		const struct rt_exec_config *cfg, struct rt_result *res,
		bool (*next)(void *ctx, struct rt_result *res), void *ctx);

/* The event log of the last execution (valid until the next rt_run). */
const struct rt_event *rt_events(unsigned *n);
/* State description recorded after event i, or NULL if unchanged. */
const char *rt_event_state(unsigned i);

/* Run fn as the only controlled thread (sequential tests of the port). */
int rt_run_single(void (*fn)(void *arg), void *arg, struct rt_result *res);

/* Free mode: threads run truly in parallel on real locks, no scheduler,
 * on every CPU the process may use; each thread starts after a random
 * delay below rt_free_start_jitter_ns (0: none). */
extern unsigned rt_free_start_jitter_ns;
int rt_run_free(const struct rt_program *prog, struct rt_result *res);

#endif
