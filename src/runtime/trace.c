/*
 * trace.c - the trace value (rt_trace.h): what an execution run with
 * record_trace keeps as it happens, and the hand-over at its end.
 *
 * Kept as it happens, because it would be wrong or gone afterwards: the
 * name of the object a step touched (a freed object's address is reused,
 * a name map is reset), the thread's call stack at each step and at each
 * report, the stacks that allocated and freed each slab object, the notes
 * the port attaches to a report.  Built at the end: each report's sides
 * (freed by, allocated by, the other access, who holds the lock another
 * waits for) and the window between them.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rt_internal.h"
#include "vfsrace/rt_report.h"
#include "vfsrace/rt_slab.h"
#include "vfsrace/rt_thread.h"
#include "vfsrace/rt_trace.h"

/* Staged by a reporter (the fault handler, the slab) for the report it
 * is about to make. */
static struct rt_trace_side staged[RT_TRACE_MAX_SIDES];
static int nstaged;
static char staged_what[160];

/* Per violation of the execution: what rt_report() saw. */
static struct rt_trace_report detail[RT_MAX_VIOLATIONS];
static bool has_detail[RT_MAX_VIOLATIONS];

/* Stacks the slab keeps for allocations and frees. */
static struct rt_stack *kept;
static unsigned nkept, keptcap;

/* Stacks of the threads blocked when the execution ended. */
static struct rt_stack pending_stack[RT_MAX_THREADS];
static bool has_pending_stack[RT_MAX_THREADS];

#define MAX_NOTES 32
static struct {
	char kind[32];
	char text[160];
} notes[MAX_NOTES];
static unsigned nnotes;

static bool tracing(void)
{
	return rt.cfg.record_trace && rt.cfg.record_events && rt.res;
}

void rt_trace_reset(void)
{
	nstaged = 0;
	staged_what[0] = 0;
	memset(has_detail, 0, sizeof(has_detail));
	memset(has_pending_stack, 0, sizeof(has_pending_stack));
	nkept = 0;
	nnotes = 0;
}

int rt_trace_keep_stack(const struct rt_stack *st)
{
	if (!tracing())
		return -1;
	if (nkept == keptcap) {
		unsigned cap = keptcap ? keptcap * 2 : 64;
		struct rt_stack *k = realloc(kept, cap * sizeof(*k));

		if (!k)
			return -1;
		kept = k;
		keptcap = cap;
	}
	kept[nkept] = *st;
	return (int)nkept++;
}

const struct rt_stack *rt_trace_kept_stack(int id)
{
	return id >= 0 && (unsigned)id < nkept ? &kept[id] : NULL;
}

void rt_trace_fill_names(struct rt_trace_step *s)
{
	const char *prim = rt_prim_name(&s->e.op);

	snprintf(s->object, sizeof(s->object), "%s", rt_obj_describe(s->e.op.obj));
	snprintf(s->prim_name, sizeof(s->prim_name), "%s", prim ? prim : "");
}

void rt_trace_record_step(unsigned i)
{
	struct rt_thread *self = rt_tls_self;

	if (i >= rt.tstepcap) {
		unsigned cap = rt.tstepcap ? rt.tstepcap * 2 : 1024;

		while (cap <= i)
			cap *= 2;
		struct rt_trace_step *t = realloc(rt.tsteps, cap * sizeof(*t));
		if (!t)
			abort();
		rt.tsteps = t;
		rt.tstepcap = cap;
	}
	struct rt_trace_step *s = &rt.tsteps[i];

	s->e = rt.ev[i];
	s->state = NULL;
	rt_trace_fill_names(s);
	rt_frame_step(self, &s->e.op.loc);
	rt_stack_snapshot(self, &s->e.op.loc, &s->stack);
}

void rt_report_stage_side(const char *label, int tid, int event, const char *what,
			  const struct rt_stack *st)
{
	if (!tracing() || nstaged == RT_TRACE_MAX_SIDES)
		return;
	struct rt_trace_side *sd = &staged[nstaged++];

	snprintf(sd->label, sizeof(sd->label), "%s", label);
	sd->tid = tid;
	sd->event = event;
	snprintf(sd->what, sizeof(sd->what), "%s", what);
	if (st)
		sd->stack = *st;
	else
		sd->stack.depth = 0;
}

void rt_report_stage_what(const char *what)
{
	if (tracing())
		snprintf(staged_what, sizeof(staged_what), "%s", what);
}

void rt_trace_record_report(int i, int event)
{
	if (!tracing() || i < 0 || i >= RT_MAX_VIOLATIONS) {
		nstaged = 0;
		staged_what[0] = 0;
		return;
	}
	struct rt_trace_report *d = &detail[i];

	memset(d, 0, sizeof(*d));
	d->event = event;
	/* A thread's report: where it was.  The scheduler's and the end of
	 * the run's: nobody's stack. */
	if (rt_controlled() && !rt.ending)
		rt_stack_snapshot(rt_tls_self, NULL, &d->stack);
	snprintf(d->what, sizeof(d->what), "%s", staged_what);
	d->nsides = nstaged;
	memcpy(d->side, staged, (size_t)nstaged * sizeof(staged[0]));
	has_detail[i] = true;
	nstaged = 0;
	staged_what[0] = 0;
}

void rt_note(const char *kind, const char *fmt, ...)
{
	va_list ap;

	char text[160];
	int n;

	if (!tracing() || nnotes == MAX_NOTES)
		return;
	/* the step the noting thread is in: its latest */
	n = snprintf(text, sizeof(text), "step %u, %s: ", rt.step ? rt.step - 1 : 0,
		     rt_thread_name(rt_thread_self()));
	if (n < 0 || (size_t)n >= sizeof(text))
		n = (int)sizeof(text) - 1;
	va_start(ap, fmt);
	vsnprintf(text + n, sizeof(text) - (size_t)n, fmt, ap);
	va_end(ap);
	for (unsigned i = 0; i < nnotes; i++)
		if (!strcmp(notes[i].kind, kind) &&
		    !strcmp(notes[i].text + strcspn(notes[i].text, ":"), text + strcspn(text, ":")))
			return; /* the same again (another list, another pass) */
	snprintf(notes[nnotes].kind, sizeof(notes[nnotes].kind), "%s", kind);
	snprintf(notes[nnotes].text, sizeof(notes[nnotes].text), "%s", text);
	nnotes++;
}

void rt_trace_capture_pending_stacks(void)
{
	if (!tracing())
		return;
	for (int i = 0; i < rt.nthreads && i < RT_MAX_THREADS; i++) {
		struct rt_thread *t = rt.t[i];

		has_pending_stack[i] = t->state != RT_T_DONE && t->has_next && t->started;
		if (has_pending_stack[i])
			rt_stack_snapshot(t, &t->next.loc, &pending_stack[i]);
	}
}

/* --- describing steps for people --- */

static bool is_trylock(const struct rt_op *op)
{
	return op->access == RT_TRY || op->access == RT_TRY_SH;
}

void rt_trace_step_object(const struct rt_trace_step *s, char *buf, size_t len)
{
	const char *name;

	if (strcmp(s->object, RT_OBJ_UNNAMED) != 0)
		name = s->object;
	else if (s->e.op.prim == RT_P_BKL)
		name = "BKL";
	else
		name = s->prim_name;
	snprintf(buf, len, "%s", name);
}

void rt_trace_step_describe(const struct rt_trace_step *s, char *buf, size_t len)
{
	const struct rt_event *e = &s->e;
	const char *what = e->op.what ? e->op.what : rt_access_name(e->op.access);
	const char *obj = s->object;
	const char *name = s->prim_name[0] ? s->prim_name : NULL;
	bool global = strcmp(obj, RT_OBJ_UNNAMED) == 0;
	size_t off;

	/* "spin_lock dcache_lock", "atomic_dec d_count of dentry foo/",
	 * "list_del d_lru of dentry foo/": a field is named with its object.
	 * An unnamed global's field says what it is, and lock_kernel names
	 * the one BKL: neither prints the address, which changes from run to
	 * run. */
	if (!e->op.obj || (global && !name && e->op.prim == RT_P_MEM) || e->op.prim == RT_P_BKL)
		off = (size_t)snprintf(buf, len, "%s", what);
	else if (name && global)
		off = (size_t)snprintf(buf, len, "%s %s", what, name);
	else if (name && e->op.prim == RT_P_ATOMIC)
		off = (size_t)snprintf(buf, len, "%s %s of %s", what, name, obj);
	else if (name && strcmp(name, obj) != 0)
		off = (size_t)snprintf(buf, len, "%s %s of %s", what, name, obj);
	else
		off = (size_t)snprintf(
		    buf, len, "%s%s%s", what,
		    e->op.prim == RT_P_MEM || e->op.prim == RT_P_ATOMIC ? " of " : " ", obj);
	if (off >= len || !e->has_values)
		return;
	if (is_trylock(&e->op))
		snprintf(buf + off, len - off, " → %s", e->result ? "acquired" : "busy");
	else if (e->op.prim == RT_P_ATOMIC)
		snprintf(buf + off, len - off, " %d→%d", e->before, e->result);
	else
		snprintf(buf + off, len - off, " = %d", e->result);
}

/* --- the hand-over --- */

/* Thread u's span on obj still open at the end, or NULL (one at most:
 * a thread nests in one span). */
static const struct rt_trace_span *held_at_end(const struct rt_trace *t, const void *obj, int u)
{
	for (unsigned k = 0; k < t->nspans; k++)
		if (t->span[k].open && t->span[k].obj == obj && t->span[k].tid == u)
			return &t->span[k];
	return NULL;
}

/* Who holds obj when the execution ends, in thread order: the acquiring
 * steps of the spans still open on it. */
static void add_holders(struct rt_trace *t, struct rt_trace_report *r, const void *obj)
{
	for (int u = 0; u < t->nthreads && r->nsides < RT_TRACE_MAX_SIDES; u++) {
		const struct rt_trace_span *sp = held_at_end(t, obj, u);
		bool listed = false;

		if (!sp)
			continue;
		for (int i = 0; i < r->nsides; i++)
			listed |= !strcmp(r->side[i].label, "held by") &&
				  r->side[i].event == (int)sp->from;
		if (listed)
			continue;
		struct rt_trace_side *sd = &r->side[r->nsides++];

		snprintf(sd->label, sizeof(sd->label), "held by");
		sd->tid = sp->tid;
		sd->event = (int)sp->from;
		rt_trace_step_describe(&t->step[sp->from], sd->what, sizeof(sd->what));
		sd->stack = t->step[sp->from].stack;
	}
}

/* Nothing could run: each blocked thread waits, and whoever holds what it
 * waits for holds it since some step. */
static void terminal_sides(struct rt_trace *t, struct rt_trace_report *r)
{
	const struct rt_result *res = &t->res;

	for (int i = 0; i < res->nthreads && i < RT_MAX_THREADS; i++) {
		if (!(res->pending_mask & (1u << i)) || (res->pending_enabled & (1u << i)))
			continue;
		if (r->nsides == RT_TRACE_MAX_SIDES)
			return;
		struct rt_trace_side *sd = &r->side[r->nsides++];
		struct rt_trace_step tmp;

		memset(&tmp, 0, sizeof(tmp));
		tmp.e.op = res->pending[i];
		tmp.e.tid = i;
		/* Names now: the objects a blocked thread waits on are live. */
		rt_trace_fill_names(&tmp);
		snprintf(sd->label, sizeof(sd->label), "waiting");
		sd->tid = i;
		sd->event = -1;
		rt_trace_step_describe(&tmp, sd->what, sizeof(sd->what));
		if (has_pending_stack[i])
			sd->stack = pending_stack[i];
		add_holders(t, r, res->pending[i].obj);
	}
}

static void race_sides(struct rt_trace *t, struct rt_trace_report *r)
{
	const struct rt_violation *v = &r->v;

	if (v->step < t->nsteps) {
		r->event = (int)v->step;
		r->stack = t->step[v->step].stack;
		rt_trace_step_describe(&t->step[v->step], r->what, sizeof(r->what));
	}
	if (v->other_step < t->nsteps && r->nsides < RT_TRACE_MAX_SIDES) {
		struct rt_trace_side *sd = &r->side[r->nsides++];
		const struct rt_trace_step *o = &t->step[v->other_step];

		snprintf(sd->label, sizeof(sd->label), "the other access");
		sd->tid = o->e.tid;
		sd->event = (int)v->other_step;
		rt_trace_step_describe(o, sd->what, sizeof(sd->what));
		sd->stack = o->stack;
	}
}

static void set_window(struct rt_trace_report *r)
{
	int from = -1;
	int to = r->event;

	for (int i = 0; i < r->nsides; i++) {
		int e = r->side[i].event;

		/* the window opens at the other side's latest step before
		 * the report: a free, the other access, the acquire */
		if (e >= 0 && (to < 0 || e < to) && e > from &&
		    strcmp(r->side[i].label, "allocated by") != 0)
			from = e;
	}
	r->window_from = to >= 0 ? from : -1;
	r->window_to = from >= 0 ? to : -1;
}

struct rt_trace *rt_trace_take(const struct rt_result *res)
{
	if (!rt.cfg.record_trace || !rt.cfg.record_events)
		return NULL;
	struct rt_trace *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	t->res = *res;
	t->nthreads = rt.nthreads;
	for (int i = 0; i < rt.nthreads && i < RT_MAX_THREADS; i++)
		snprintf(t->thread[i], sizeof(t->thread[i]), "%s", rt_thread_name(i));
	t->nsteps = rt.nev;
	t->step = calloc(rt.nev ? rt.nev : 1, sizeof(*t->step));
	if (!t->step) {
		free(t);
		return NULL;
	}
	for (unsigned i = 0; i < rt.nev; i++) {
		t->step[i] = rt.tsteps[i];
		t->step[i].e = rt.ev[i]; /* with what was learnt since: fatal */
		const char *st = rt_event_state(i);
		t->step[i].state = st ? strdup(st) : NULL;
		t->preemptions += rt.ev[i].preemption;
	}
	if (rt_trace_pair_locks(t) != 0) {
		rt_trace_free(t);
		return NULL;
	}
	t->nreports = res->nviolations;
	for (int i = 0; i < res->nviolations; i++) {
		struct rt_trace_report *r = &t->report[i];

		if (has_detail[i])
			*r = detail[i];
		else {
			memset(r, 0, sizeof(*r));
			r->event = -1;
		}
		r->v = res->v[i];
		if (r->v.has_other)
			race_sides(t, r);
		else if (r->v.tid < 0 && res->pending_mask && !res->abandoned)
			terminal_sides(t, r);
		for (unsigned k = 0; k < nnotes && r->nnotes < RT_TRACE_MAX_NOTES; k++)
			if (!strcmp(notes[k].kind, r->v.kind))
				snprintf(r->note[r->nnotes++], sizeof(r->note[0]), "%s",
					 notes[k].text);
		/* a report from code without frames: the step's own */
		if (r->event >= 0 && r->stack.depth == 0 && r->v.tid >= 0)
			r->stack = t->step[r->event].stack;
		if (r->event >= 0 && !r->what[0])
			rt_trace_step_describe(&t->step[r->event], r->what, sizeof(r->what));
		set_window(r);
	}
	return t;
}

void rt_trace_free(struct rt_trace *t)
{
	if (!t)
		return;
	for (unsigned i = 0; i < t->nsteps; i++)
		free(t->step[i].state);
	free(t->step);
	free(t->span);
	free(t);
}

static void resolve_stack(struct rt_stack *s, const struct rt_origin_resolver *r)
{
	unsigned n = rt_stack_frames(s);

	for (unsigned i = 0; i < n; i++) {
		struct rt_frame *f = &s->f[i];

		if (i + 1 < n && r->call &&
		    r->call(f->file, f->func, s->f[i + 1].func, &f->line, &f->k))
			continue;
		if (r->origin)
			r->origin(f->file, f->line, &f->k);
	}
	/* A step in a helper of the port's own (no 2.4.26 counterpart)
	 * stands for its caller's line, approximately. */
	for (unsigned i = n; n && i-- > 0 && !s->f[n - 1].k.file;)
		if (s->f[i].k.file) {
			s->f[n - 1].k = s->f[i].k;
			s->f[n - 1].k.approximate = 1;
		}
}

void rt_trace_resolve(struct rt_trace *t, const struct rt_origin_resolver *r)
{
	for (unsigned i = 0; i < t->nsteps; i++)
		resolve_stack(&t->step[i].stack, r);
	for (int i = 0; i < t->nreports; i++) {
		struct rt_trace_report *rep = &t->report[i];

		resolve_stack(&rep->stack, r);
		for (int k = 0; k < rep->nsides; k++)
			resolve_stack(&rep->side[k].stack, r);
	}
}
