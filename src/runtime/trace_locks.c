/*
 * trace_locks.c - who held which lock when: the acquires and releases of
 * a trace paired into spans, once, in the trace value.  The deadlock
 * report's "held by" sides and every view's lock lanes read these spans.
 */
#include <stdlib.h>
#include <string.h>

#include "rt_internal.h"
#include "vfsrace/rt_trace.h"

/* The primitives whose acquires and releases make spans. */
static bool is_lock(const struct rt_op *op)
{
	return op->prim == RT_P_SPIN || op->prim == RT_P_SEM || op->prim == RT_P_RWSEM ||
	       op->prim == RT_P_BKL;
}

bool rt_event_acquires(const struct rt_event *e)
{
	if (!is_lock(&e->op))
		return false;
	if (e->op.access == RT_ACQ || e->op.access == RT_ACQ_SH)
		return true;
	return (e->op.access == RT_TRY || e->op.access == RT_TRY_SH) && e->has_values && e->result;
}

bool rt_event_releases(const struct rt_event *e)
{
	return is_lock(&e->op) && (e->op.access == RT_REL || e->op.access == RT_REL_SH);
}

static struct rt_trace_span *open_span(struct rt_trace *t, const void *obj, int tid, bool any_tid)
{
	for (unsigned k = t->nspans; k-- > 0;)
		if (t->span[k].open && t->span[k].obj == obj && (any_tid || t->span[k].tid == tid))
			return &t->span[k];
	return NULL;
}

static int add_span(struct rt_trace *t, const struct rt_event *e, unsigned i, unsigned *cap)
{
	if (t->nspans == *cap) {
		unsigned c = *cap ? *cap * 2 : 32;
		struct rt_trace_span *s = realloc(t->span, c * sizeof(*s));

		if (!s)
			return -1;
		t->span = s;
		*cap = c;
	}
	t->span[t->nspans++] = (struct rt_trace_span){
	    .obj = e->op.obj,
	    .tid = e->tid,
	    .from = i,
	    .depth = 1,
	    .open = true,
	    .shared = e->op.access == RT_ACQ_SH || e->op.access == RT_TRY_SH,
	};
	return 0;
}

int rt_trace_pair_locks(struct rt_trace *t)
{
	unsigned cap = 0;

	for (unsigned i = 0; i < t->nsteps; i++) {
		const struct rt_event *e = &t->step[i].e;
		struct rt_trace_span *sp;

		if (rt_event_acquires(e)) {
			/* A nested lock_kernel() is no step (bkl.c), and the
			 * BKL's drop at a sleep is one ("unlock_kernel
			 * (schedule)"), so each acquire opens a span; a lock
			 * already held by the same thread would nest in it. */
			sp = open_span(t, e->op.obj, e->tid, false);
			if (sp)
				sp->depth++;
			else if (add_span(t, e, i, &cap) != 0)
				return -1;
		} else if (rt_event_releases(e)) {
			/* A semaphore may be upped by another thread than its holder. */
			sp = open_span(t, e->op.obj, e->tid, false);
			if (!sp && e->op.prim == RT_P_SEM)
				sp = open_span(t, e->op.obj, e->tid, true);
			if (sp && --sp->depth == 0) {
				sp->open = false;
				sp->to = i;
			}
		}
	}
	for (unsigned k = 0; k < t->nspans; k++)
		if (t->span[k].open)
			t->span[k].to = t->nsteps;
	return 0;
}
