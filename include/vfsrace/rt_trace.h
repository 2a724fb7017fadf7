/*
 * rt_trace.h - one execution as a self-contained value: every step with
 * the names, call stack and state it had when it happened, and every
 * report with both of its sides.
 *
 * An execution run with rt_exec_config.record_trace keeps what a trace
 * needs as it happens: object names (a slab object's name changes when it
 * is freed and its address reused), the running thread's shadow call stack
 * (rt_frame.h) at each step, the stacks that allocated and freed each
 * object, notes the port attaches to a report (rt_note()).  rt_trace_take()
 * then hands all of it over.  Nothing in a trace points into the runtime's
 * per-execution state: the text, JSON, HTML and step views read only this
 * value, after the runtime has moved on to another execution.
 */
#ifndef VFSRACE_RT_TRACE_H
#define VFSRACE_RT_TRACE_H

#include <stdbool.h>
#include <stddef.h>

#include "rt_exec.h"
#include "rt_frame.h"

#define RT_TRACE_NAME 64

struct rt_trace_step {
	struct rt_event e; /* e.op.obj is identity only: never printed */
	/* The object as named when the step ran: rt_obj_describe() ("foo/",
	 * "sb memfs"), RT_OBJ_UNNAMED for an unnamed global, "-" for none. */
	char object[RT_TRACE_NAME];
	/* The primitive's own name, if it has one ("&dcache_lock"), else "". */
	char prim_name[RT_TRACE_NAME];
	struct rt_stack stack; /* of e.tid, innermost frame at e.op.loc */
	char *state;	       /* the model's state line after it, NULL: unchanged */
};

/* The other side of a report: who freed or allocated the memory, the
 * other racing access, the thread that holds the lock another waits for. */
struct rt_trace_side {
	char label[24]; /* "freed by", "allocated by", "the other access", "held by", "waiting" */
	int tid;	/* -1: the model's set-up, before any thread ran */
	int event;	/* its step's index in the trace, -1: not a step */
	char what[160]; /* "kmem_cache_free sb memfs", "spin_lock dcache_lock" */
	struct rt_stack stack;
};

#define RT_TRACE_MAX_SIDES 6
#define RT_TRACE_MAX_NOTES 8

struct rt_trace_report {
	struct rt_violation v;
	int event;	/* the step it came in, -1: found at the end */
	char what[160]; /* the bad access: "read of sb memfs (+80)", or "" */
	/* The reporting thread's stack when it reported (depth 0: found by
	 * the scheduler or at the end of the execution). */
	struct rt_stack stack;
	int nsides;
	struct rt_trace_side side[RT_TRACE_MAX_SIDES];
	int nnotes;
	char note[RT_TRACE_MAX_NOTES][160];
	/* Steps between the first side and the bad access: the window in
	 * which the other thread could have been stopped; -1 when none. */
	int window_from, window_to;
};

/* One thread holding one lock: after steps from .. to-1 of the trace. */
struct rt_trace_span {
	const void *obj;
	int tid;
	unsigned from, to; /* to: the releasing step, or nsteps if still held */
	unsigned depth;	   /* acquires by the same thread nest */
	bool open, shared; /* open: still held when the execution ended */
};

struct rt_trace {
	int nthreads;
	char thread[RT_MAX_THREADS][32];
	unsigned nsteps;
	struct rt_trace_step *step;
	unsigned preemptions; /* steps that switched away from an enabled thread */
	struct rt_result res; /* as the execution ended */
	int nreports;
	struct rt_trace_report report[RT_MAX_VIOLATIONS];
	/* Every acquire paired with its release, in the order taken. */
	unsigned nspans;
	struct rt_trace_span *span;
};

/* The trace of the last execution run with record_trace, or NULL (not
 * recorded, or out of memory).  The caller owns it. */
struct rt_trace *rt_trace_take(const struct rt_result *res);
void rt_trace_free(struct rt_trace *t);

/*
 * Resolve every frame of the trace to its 2.4.26 origin: origin(file,
 * line, k) fills k for a port line; call(file, caller, callee, &line, k)
 * finds where caller calls callee at or after *line, sets *line to it and
 * fills k.  Either returns false when it does not know.  The runtime
 * knows nothing of the kernel: the port supplies both (origin.h).
 */
struct rt_origin_resolver {
	bool (*origin)(const char *file, int line, struct rt_kloc *k);
	bool (*call)(const char *file, const char *caller, const char *callee, int *line,
		     struct rt_kloc *k);
};
void rt_trace_resolve(struct rt_trace *t, const struct rt_origin_resolver *r);

/* What a step touched, named for a person ("dcache_lock", "foo/"), and
 * the whole step ("atomic_dec_and_test d_count of foo/ 1→0"). */
void rt_trace_step_object(const struct rt_trace_step *s, char *buf, size_t len);
void rt_trace_step_describe(const struct rt_trace_step *s, char *buf, size_t len);

/* Does the step take a lock (a trylock that got it too), or give one
 * back?  Spinlocks, semaphores, rwsems, the BKL. */
bool rt_event_acquires(const struct rt_event *e);
bool rt_event_releases(const struct rt_event *e);

/* The step's innermost frame: where in the port (and in 2.4.26) it ran. */
static inline const struct rt_frame *rt_trace_step_frame(const struct rt_trace_step *s)
{
	unsigned n = rt_stack_frames(&s->stack);

	return n ? &s->stack.f[n - 1] : 0;
}

#endif
