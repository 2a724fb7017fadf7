/*
 * trace_text.c - the readable trace of one replayed execution.
 *
 * Written for a person learning how the 2.4 dcache is locked: one line per
 * step in aligned columns (step, thread, the ported function, which has
 * the original 2.4.26 function's name, its port file:line and the 2.4.26
 * line it stands for, the operation), preemptions marked with the thread
 * they cut off, the model's state description under the step that changed
 * it; then each report as KASAN and KCSAN print theirs: the bad access
 * with its call trace, then the other side (who freed the memory, the
 * other access, who holds the lock) with its own.  Everything comes from
 * the trace value (rt_trace.h): nothing is read from the runtime.
 */
#include <ctype.h>
#include <string.h>

#include "cli.h"

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

const char *trace_state_at(const struct rt_trace *tr, unsigned i)
{
	for (unsigned k = i + 1; k-- > 0;) {
		const char *state = k < tr->nsteps ? tr->step[k].state : NULL;
		if (state && *state)
			return state;
	}
	return "";
}

void trace_kernel_loc(const struct rt_frame *f, char *buf, size_t len)
{
	if (!f || !f->k.file) {
		snprintf(buf, len, "%s", "");
		return;
	}
	if (f->k.line > 0)
		snprintf(buf, len, "%s%s:%d", f->k.approximate ? "~" : "", f->k.file, f->k.line);
	else
		snprintf(buf, len, "%s", f->k.file);
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
	int step, thread, func, loc, kloc, op;
};

static void where(const struct rt_event *e, char *buf, size_t len)
{
	snprintf(buf, len, "%s:%d", trace_basename(e->op.loc.file), e->op.loc.line);
}

static const char *thread_name(const struct rt_trace *tr, int tid)
{
	return tid >= 0 && tid < tr->nthreads ? tr->thread[tid] : "set-up";
}

static void measure(const struct rt_trace *tr, struct widths *w)
{
	char buf[256];

	*w = (struct widths){4, 6, 8, 14, 6, 9};
	for (unsigned i = 0; i < tr->nsteps; i++) {
		const struct rt_trace_step *s = &tr->step[i];

		w->step = max_int(w->step, snprintf(buf, sizeof(buf), "%u", s->e.step));
		w->thread = max_int(w->thread, (int)strlen(thread_name(tr, s->e.tid)));
		w->func = max_int(w->func, (int)strlen(s->e.op.loc.func ? s->e.op.loc.func : "?"));
		where(&s->e, buf, sizeof(buf));
		w->loc = max_int(w->loc, (int)strlen(buf));
		trace_kernel_loc(rt_trace_step_frame(s), buf, sizeof(buf));
		w->kloc = max_int(w->kloc, (int)strlen(buf));
		rt_trace_step_describe(s, buf, sizeof(buf));
		w->op = max_int(w->op, display_width(buf));
	}
	if (w->op > 60)
		w->op = 60; /* a long name pushes only its own marker out */
}

static void print_header(FILE *f, const struct trace_info *ti)
{
	char params[256];
	unsigned p = ti->tr->preemptions;

	format_params(ti->m, ti->a, params, sizeof(params));
	fprintf(f, "Trace of %s, fix %s%s%s: %u steps, %u preemption%s\n", ti->m->name,
		ti->m->fixes[ti->a->fix].name, params[0] ? ", " : "", params, ti->tr->nsteps, p,
		p == 1 ? "" : "s");
	if (ti->schedule_path)
		fprintf(f, "Schedule: %s\n", ti->schedule_path);
	fprintf(f, "A step marked \"<-- preempts T\" switched away from thread T while T could "
		   "have gone on.\n\"2.4.26\" is the line of Linux 2.4.26 the port's line stands "
		   "for (~: the nearest, the port's line has no exact counterpart).\n\n");
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

/* A call trace, innermost frame first, as the kernel prints one. */
static void print_stack(FILE *f, const struct rt_stack *st)
{
	unsigned n = rt_stack_frames(st);
	char port[96], kern[96];

	if (n == 0) {
		fprintf(f, "     (no call trace)\n");
		return;
	}
	for (unsigned i = n; i-- > 0;) {
		const struct rt_frame *fr = &st->f[i];

		if (i + 2 == n && st->depth > n)
			fprintf(f, "     (%u frames not kept here)\n", st->depth - n);

		snprintf(port, sizeof(port), "%s:%d", trace_basename(fr->file), fr->line);
		trace_kernel_loc(fr, kern, sizeof(kern));
		if (kern[0])
			fprintf(f, "     %-24s %-18s %s\n", fr->func ? fr->func : "?", port, kern);
		else
			fprintf(f, "     %-24s %s\n", fr->func ? fr->func : "?", port);
	}
}

static void print_side(FILE *f, const struct rt_trace *tr, const struct rt_trace_side *sd)
{
	const char *who = thread_name(tr, sd->tid);

	if (!strcmp(sd->label, "waiting"))
		fprintf(f, "\n   %s waits", who);
	else if (!strcmp(sd->label, "the other access"))
		fprintf(f, "\n   The other access, by %s", who);
	else
		fprintf(f, "\n   %c%s %s", toupper((unsigned char)sd->label[0]), sd->label + 1,
			who);
	if (sd->event >= 0)
		fprintf(f, " at step %d", sd->event);
	else if (sd->tid < 0)
		fprintf(f, " before the threads ran");
	fprintf(f, ": %s\n", sd->what);
	print_stack(f, &sd->stack);
}

static void print_report(FILE *f, const struct rt_trace *tr, const struct rt_trace_report *r)
{
	const struct rt_violation *v = &r->v;
	const struct rt_frame *top =
	    rt_stack_frames(&r->stack) ? &r->stack.f[rt_stack_frames(&r->stack) - 1] : NULL;

	fprintf(f, "  ==================================================================\n");
	fprintf(f, "  %s%s%s", v->kind, top ? " in " : "", top ? top->func : "");
	if (v->tid >= 0)
		fprintf(f, " (thread %s, step %u%s)\n", thread_name(tr, v->tid), v->step,
			v->fatal ? ", fatal: the thread dies here" : "");
	else
		fprintf(f, " (found when the execution ended)\n");
	if (v->secondary)
		fprintf(f, "  (after a thread died of an earlier report)\n");
	fputs("    ", f);
	print_message(f, "    ", v->message);
	if (r->what[0] && v->tid >= 0)
		fprintf(f, "\n   %s by %s at step %u:\n", r->what, thread_name(tr, v->tid),
			v->step);
	if (v->tid >= 0)
		print_stack(f, &r->stack);
	for (int i = 0; i < r->nsides; i++)
		print_side(f, tr, &r->side[i]);
	for (int i = 0; i < r->nnotes; i++)
		fprintf(f, "%s   %s\n", i ? "" : "\n", r->note[i]);
	if (r->window_from >= 0)
		fprintf(f, "\n   The window: steps %d to %d.\n", r->window_from, r->window_to);
	fprintf(f, "  ==================================================================\n");
}

void trace_print_violations(FILE *f, const struct rt_trace *tr)
{
	if (tr->nreports == 0) {
		fprintf(f, "\nNo violation in this execution.\n");
		return;
	}
	fprintf(f, "\nViolation%s in this execution:\n", tr->nreports == 1 ? "" : "s");
	for (int i = 0; i < tr->nreports; i++)
		print_report(f, tr, &tr->report[i]);
}

void trace_print_text(FILE *f, const struct trace_info *ti)
{
	const struct rt_trace *tr = ti->tr;
	struct widths w;
	char loc[256], kloc[128], op[256];

	measure(tr, &w);
	print_header(f, ti);
	fprintf(f, "%*s  %-*s  %-*s  %-*s  %-*s  %s\n", w.step, "step", w.thread, "thread", w.func,
		"function", w.loc, "port file:line", w.kloc, "2.4.26", "operation");
	for (unsigned i = 0; i < tr->nsteps; i++) {
		const struct rt_trace_step *s = &tr->step[i];
		const struct rt_event *e = &s->e;

		if (ti->mark && ti->mark_step == i)
			fprintf(f, "%*s  ----- %s -----\n", w.step, "", ti->mark);
		where(e, loc, sizeof(loc));
		trace_kernel_loc(rt_trace_step_frame(s), kloc, sizeof(kloc));
		rt_trace_step_describe(s, op, sizeof(op));
		fprintf(f, "%*u  %-*s  %-*s  %-*s  %-*s  %s", w.step, e->step, w.thread,
			thread_name(tr, e->tid), w.func, e->op.loc.func ? e->op.loc.func : "?",
			w.loc, loc, w.kloc, kloc, op);
		if (e->preemption && i > 0)
			fprintf(f, "%*s  <-- preempts %s", max_int(0, w.op - display_width(op)), "",
				thread_name(tr, tr->step[i - 1].e.tid));
		fputc('\n', f);
		if (s->state && *s->state)
			fprintf(f, "%*s  state: %s\n", w.step, "", s->state);
	}
	trace_print_violations(f, tr);
}
