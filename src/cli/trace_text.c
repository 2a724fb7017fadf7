/*
 * trace_text.c - the readable trace of one replayed execution.
 *
 * Written for a person learning how the 2.4 dcache is locked: one line per
 * step in aligned columns (step, thread, the ported function, which has
 * the original 2.4.26 function's name, its port file:line, the operation),
 * preemptions marked with the thread they cut off, and the model's state
 * description under the step that changed it.
 */
#include <string.h>

#include "cli.h"
#include "vfsrace/rt_slab.h"
#include "vfsrace/rt_thread.h"

static int max_int(int a, int b)
{
	return a > b ? a : b;
}

const char *trace_basename(const char *path)
{
	const char *slash;

	if (!path)
		return "?";
	slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

static bool is_trylock(const struct rt_op *op)
{
	return op->access == RT_TRY || op->access == RT_TRY_SH;
}

void trace_object_name(const struct rt_op *op, char *buf, size_t len)
{
	const char *described = rt_obj_describe(op->obj);
	const char *name;

	if (strcmp(described, RT_OBJ_UNNAMED) != 0)
		name = described;
	else if (op->prim == RT_P_BKL)
		name = "BKL";
	else
		name = rt_prim_name(op);
	snprintf(buf, len, "%s", name ? name : "");
}

void trace_describe_op(const struct rt_event *e, char *buf, size_t len)
{
	const char *what = e->op.what ? e->op.what : rt_access_name(e->op.access);
	char obj[128];
	size_t off;

	snprintf(obj, sizeof(obj), "%s", rt_obj_describe(e->op.obj));
	const char *name = rt_prim_name(&e->op);
	bool global = strcmp(obj, RT_OBJ_UNNAMED) == 0;

	/* "spin_lock dcache_lock", "atomic_dec d_count of dentry foo/",
	 * "list_del d_lru of dentry foo/": a field is named with its object.
	 * An unnamed global's field says what it is, and lock_kernel names
	 * the one BKL: neither prints the address, which changes from run to
	 * run. */
	if (!e->op.obj || (global && !name && e->op.prim == RT_P_MEM) || e->op.prim == RT_P_BKL)
		off = snprintf(buf, len, "%s", what);
	else if (name && global)
		off = snprintf(buf, len, "%s %s", what, name);
	else if (name && e->op.prim == RT_P_ATOMIC)
		off = snprintf(buf, len, "%s %s of %s", what, name, obj);
	else if (name && strcmp(name, obj) != 0)
		off = snprintf(buf, len, "%s %s of %s", what, name, obj);
	else
		off = snprintf(buf, len, "%s%s%s", what,
			       e->op.prim == RT_P_MEM || e->op.prim == RT_P_ATOMIC ? " of " : " ",
			       obj);
	if (off >= len || !e->has_values)
		return;
	if (is_trylock(&e->op))
		snprintf(buf + off, len - off, " → %s", e->result ? "acquired" : "busy");
	else if (e->op.prim == RT_P_ATOMIC)
		snprintf(buf + off, len - off, " %d→%d", e->before, e->result);
	else
		snprintf(buf + off, len - off, " = %d", e->result);
}

const char *trace_state_at(unsigned i)
{
	for (unsigned k = i + 1; k-- > 0;) {
		const char *state = rt_event_state(k);
		if (state && *state)
			return state;
	}
	return "";
}

int trace_nthreads(void)
{
	unsigned n;
	const struct rt_event *ev = rt_events(&n);
	int nt = 0;

	for (unsigned i = 0; i < n; i++)
		nt = max_int(nt, ev[i].tid + 1);
	return nt;
}

/* Display width of UTF-8 text: count the bytes that start a character. */
static int display_width(const char *s)
{
	int w = 0;

	for (; *s; s++)
		w += ((unsigned char)*s & 0xc0) != 0x80;
	return w;
}

struct widths {
	int step, thread, func, loc, op;
};

static void where(const struct rt_event *e, char *buf, size_t len)
{
	snprintf(buf, len, "%s:%d", trace_basename(e->op.loc.file), e->op.loc.line);
}

static void measure(const struct rt_event *ev, unsigned n, struct widths *w)
{
	char buf[256];

	*w = (struct widths){4, 6, 8, 14, 9};
	for (unsigned i = 0; i < n; i++) {
		w->step = max_int(w->step, snprintf(buf, sizeof(buf), "%u", ev[i].step));
		w->thread = max_int(w->thread, (int)strlen(rt_thread_name(ev[i].tid)));
		w->func =
		    max_int(w->func, (int)strlen(ev[i].op.loc.func ? ev[i].op.loc.func : "?"));
		where(&ev[i], buf, sizeof(buf));
		w->loc = max_int(w->loc, (int)strlen(buf));
		trace_describe_op(&ev[i], buf, sizeof(buf));
		w->op = max_int(w->op, display_width(buf));
	}
	if (w->op > 60)
		w->op = 60; /* a long name pushes only its own marker out */
}

static void print_header(FILE *f, const struct trace_info *ti, unsigned nsteps)
{
	char params[256];
	unsigned p = ex_replay_preemptions();

	format_params(ti->m, ti->a, params, sizeof(params));
	fprintf(f, "Trace of %s, fix %s%s%s: %u steps, %u preemption%s\n", ti->m->name,
		ti->m->fixes[ti->a->fix].name, params[0] ? ", " : "", params, nsteps, p,
		p == 1 ? "" : "s");
	if (ti->schedule_path)
		fprintf(f, "Schedule: %s\n", ti->schedule_path);
	fprintf(f, "A step marked \"<-- preempts T\" switched away from thread T while T could "
		   "have gone on.\n\n");
}

static void print_message(FILE *f, const char *indent, const char *msg)
{
	/* Multi-line reports (an Oops) keep their indentation. */
	for (const char *p = msg; *p;) {
		const char *nl = strchr(p, '\n');
		int len = nl ? (int)(nl - p) : (int)strlen(p);
		if (p != msg)
			fputs(indent, f);
		fprintf(f, "%.*s\n", len, p);
		p += len + (nl ? 1 : 0);
	}
}

void trace_print_violations(FILE *f, const struct rt_result *res)
{
	if (res->nviolations == 0) {
		fprintf(f, "\nNo violation in this execution.\n");
		return;
	}
	fprintf(f, "\nViolation%s in this execution:\n", res->nviolations == 1 ? "" : "s");
	for (int i = 0; i < res->nviolations; i++) {
		const struct rt_violation *v = &res->v[i];
		char who[96];

		if (v->tid < 0)
			snprintf(who, sizeof(who), "found at the end of the execution");
		else
			snprintf(who, sizeof(who), "at step %u in thread %s", v->step,
				 rt_thread_name(v->tid));
		fprintf(f, "  %s (%s%s%s):\n    ", v->kind, who, v->fatal ? ", fatal" : "",
			v->secondary ? ", after a thread died of an earlier report" : "");
		print_message(f, "    ", v->message);
	}
}

void trace_print_text(FILE *f, const struct trace_info *ti)
{
	unsigned n;
	const struct rt_event *ev = rt_events(&n);
	struct widths w;
	char loc[256], op[256];

	measure(ev, n, &w);
	print_header(f, ti, n);
	fprintf(f, "%*s  %-*s  %-*s  %-*s  %s\n", w.step, "step", w.thread, "thread", w.func,
		"function", w.loc, "port file:line", "operation");
	for (unsigned i = 0; i < n; i++) {
		const struct rt_event *e = &ev[i];
		const char *state = rt_event_state(i);

		where(e, loc, sizeof(loc));
		trace_describe_op(e, op, sizeof(op));
		fprintf(f, "%*u  %-*s  %-*s  %-*s  %s", w.step, e->step, w.thread,
			rt_thread_name(e->tid), w.func, e->op.loc.func ? e->op.loc.func : "?",
			w.loc, loc, op);
		if (e->preemption && i > 0)
			fprintf(f, "%*s  <-- preempts %s", max_int(0, w.op - display_width(op)), "",
				rt_thread_name(ev[i - 1].tid));
		fputc('\n', f);
		if (state && *state)
			fprintf(f, "%*s  state: %s\n", w.step, "", state);
	}
	trace_print_violations(f, ti->res);
}
