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

/* The spans still open, oldest first: a handful at any step, where the
 * trace may have thousands of closed ones. */
struct open_spans {
	unsigned *idx;
	unsigned n, cap;
};

/* The most recently opened span of obj still open (held by tid unless
 * any_tid), as its place in o, or -1. */
static int open_span(const struct rt_trace *t, const struct open_spans *o, const void *obj, int tid,
		     bool any_tid)
{
	for (unsigned k = o->n; k-- > 0;) {
		const struct rt_trace_span *sp = &t->span[o->idx[k]];

		if (sp->obj == obj && (any_tid || sp->tid == tid))
			return (int)k;
	}
	return -1;
}

static int add_span(struct rt_trace *t, struct open_spans *o, const struct rt_event *e, unsigned i,
		    unsigned *cap)
{
	if (t->nspans == *cap) {
		unsigned c = *cap ? *cap * 2 : 32;
		struct rt_trace_span *s = realloc(t->span, c * sizeof(*s));

		if (!s)
			return -1;
		t->span = s;
		*cap = c;
	}
	if (o->n == o->cap) {
		unsigned c = o->cap ? o->cap * 2 : 8;
		unsigned *idx = realloc(o->idx, c * sizeof(*idx));

		if (!idx)
			return -1;
		o->idx = idx;
		o->cap = c;
	}
	o->idx[o->n++] = t->nspans;
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
	struct open_spans o = {0};
	unsigned cap = 0;
	int rc = 0;

	for (unsigned i = 0; i < t->nsteps && rc == 0; i++) {
		const struct rt_event *e = &t->step[i].e;
		int k;

		if (rt_event_acquires(e)) {
			/* A nested lock_kernel() is no step (bkl.c), and the
			 * BKL's drop at a sleep is one ("unlock_kernel
			 * (schedule)"), so each acquire opens a span; a lock
			 * already held by the same thread would nest in it. */
			k = open_span(t, &o, e->op.obj, e->tid, false);
			if (k >= 0)
				t->span[o.idx[k]].depth++;
			else
				rc = add_span(t, &o, e, i, &cap);
		} else if (rt_event_releases(e)) {
			/* A semaphore may be upped by another thread than its holder. */
			k = open_span(t, &o, e->op.obj, e->tid, false);
			if (k < 0 && e->op.prim == RT_P_SEM)
				k = open_span(t, &o, e->op.obj, e->tid, true);
			if (k >= 0 && --t->span[o.idx[k]].depth == 0) {
				struct rt_trace_span *sp = &t->span[o.idx[k]];

				sp->open = false;
				sp->to = i;
				memmove(&o.idx[k], &o.idx[k + 1], (o.n - k - 1) * sizeof(*o.idx));
				o.n--;
			}
		}
	}
	for (unsigned k = 0; k < o.n; k++)
		t->span[o.idx[k]].to = t->nsteps;
	free(o.idx);
	return rc;
}
