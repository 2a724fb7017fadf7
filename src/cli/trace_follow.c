/*
 * trace_follow.c - `vfsrace replay FILE --fix X`: the failing schedule run
 * under another fix for as long as it fits (ex_follow.h), and where and
 * how the fix changes the story: the lesson a fix teaches.
 */
#include <string.h>

#include "cli.h"
#include "vfsrace/ex_follow.h"

static void where(const struct rt_trace_step *s, char *buf, size_t len)
{
	char kern[96];
	const struct rt_event *e = &s->e;

	trace_kernel_loc(rt_trace_step_frame(s), kern, sizeof(kern));
	snprintf(buf, len, "%s(), %s:%d%s%s", e->op.loc.func ? e->op.loc.func : "?",
		 trace_basename(e->op.loc.file), e->op.loc.line, kern[0] ? ", 2.4.26 " : "", kern);
}

/* Who holds the lock obj after step `at`: the span's thread and the step
 * it took it in. */
static const struct rt_trace_span *holder(const struct lock_spans *ls, const void *obj, unsigned at,
					  int not_tid)
{
	for (unsigned k = 0; k < ls->n; k++)
		if (ls->s[k].obj == obj && ls->s[k].tid != not_tid &&
		    trace_lock_held_after(&ls->s[k], at))
			return &ls->s[k];
	return NULL;
}

static void print_story(FILE *f, const struct rt_trace *orig, const struct ex_follow_plan *plan,
			const struct rt_trace *tr, const struct ex_follow_stop *st,
			const char *orig_fix, const char *fix)
{
	char op[256], loc[256];

	fprintf(f, "\nWhere fix %s changes the story:\n  ", fix);
	if (st->why == EX_FOLLOW_FITS) {
		fprintf(f,
			"nowhere: every run of the schedule went as under fix %s, and it ends with "
			"%s (under %s: %s).\n",
			orig_fix, tr->nreports ? tr->report[0].v.kind : "no violation", orig_fix,
			orig->nreports ? orig->report[0].v.kind : "no violation");
		return;
	}
	const char *who = st->tid >= 0 && st->tid < tr->nthreads ? tr->thread[st->tid] : "?";
	int k = trace_next_step_of(tr, st->tid, st->step); /* once it can go on */
	if (st->why == EX_FOLLOW_BLOCKED || st->why == EX_FOLLOW_SHORT) {
		struct lock_spans ls;
		struct rt_trace_span held; /* the holder's span, if found */
		bool h = false;

		int last = k >= 0 ? k : trace_last_step_of(tr, st->tid, st->step);

		if (last >= 0) {
			rt_trace_step_describe(&tr->step[last], op, sizeof(op));
			/* the count it left behind ("down &sem = 0") is what
			 * happened once it could go on: not the story here */
			if (tr->step[last].e.has_values && tr->step[last].e.op.prim == RT_P_SEM)
				op[strcspn(op, "=")] = 0;
			for (size_t l = strlen(op); l && op[l - 1] == ' ';)
				op[--l] = 0;
			where(&tr->step[last], loc, sizeof(loc));
		} else {
			snprintf(op, sizeof(op), "%s",
				 st->has_op && st->op.what ? st->op.what : "?");
			snprintf(loc, sizeof(loc), "%s()",
				 st->has_op && st->op.loc.func ? st->op.loc.func : "?");
		}
		if (st->has_op && st->step > 0 && trace_lock_spans(&ls, tr) == 0) {
			const struct rt_trace_span *sp =
			    holder(&ls, st->op.obj, st->step - 1, st->tid);

			if (sp) {
				held = *sp;
				h = true;
			}
			trace_lock_spans_free(&ls);
		}
		if (h)
			fprintf(f, "step %u: %s blocks in %s (%s), held by %s since step %u",
				st->step, who, op, loc, tr->thread[held.tid], held.from);
		else if (st->has_op && st->op.access == RT_WAIT)
			fprintf(f, "step %u: %s sleeps in %s (%s) until another thread wakes it",
				st->step, who, op, loc);
		else
			fprintf(f, "step %u: %s %s %s (%s)", st->step, who,
				st->why == EX_FOLLOW_SHORT && k < 0 ? "ends after"
								    : "cannot go on at",
				op, loc);
		if (st->why == EX_FOLLOW_SHORT)
			fprintf(f, ", before it gets where the schedule switched away from it");
		if (h && held.from < tr->nsteps) {
			where(&tr->step[held.from], loc, sizeof(loc));
			fprintf(f, "\n  (%s took it in %s)", tr->thread[held.tid], loc);
		}
		fprintf(f, ".\n");
	} else {
		fprintf(f, "step %u: the schedule runs %s next, but %s has ended.\n", st->step, who,
			who);
	}
	/* What the original did at that point. */
	unsigned first = st->seg ? plan->seg[st->seg - 1].orig_step + 1 : 0;
	if (st->why == EX_FOLLOW_SHORT)
		first = plan->seg[st->seg].orig_step;
	if (first < orig->nsteps) {
		rt_trace_step_describe(&orig->step[first], op, sizeof(op));
		where(&orig->step[first], loc, sizeof(loc));
		if (st->why == EX_FOLLOW_SHORT)
			fprintf(f,
				"  Under fix %s, in its own trace, this run of %s went on to step "
				"%u: %s "
				"(%s).\n",
				orig_fix, orig->thread[orig->step[first].e.tid], first, op, loc);
		else
			fprintf(
			    f,
			    "  Under fix %s, in its own trace, %s went on at step %u: %s (%s).\n",
			    orig_fix, orig->thread[orig->step[first].e.tid], first, op, loc);
	}
	fprintf(f, "  From there each thread runs until it blocks or ends: %s.\n",
		tr->nreports ? tr->report[0].v.kind : "no violation");
}

int trace_follow(FILE *f, const struct model *m, const struct model_args *orig_a,
		 const struct model_args *fix_a, const struct ex_schedule *s, const char *path,
		 unsigned max_steps)
{
	char err[512];
	bool races = !strcmp(s->violation, "data-race"); /* found by explore --races */
	struct rt_trace *orig =
	    trace_replay(m, orig_a, s, max_steps, races, NULL, err, sizeof(err));
	/* The bound the replay uses, and room for what the fix adds. */
	unsigned bound = max_steps			   ? max_steps
			 : s->max_steps			   ? s->max_steps
			 : s->n + 1 > EX_DEFAULT_MAX_STEPS ? 2 * s->n
							   : EX_DEFAULT_MAX_STEPS;
	struct ex_follow_plan plan;
	struct ex_follow_stop stop;
	struct rt_result res;

	if (!orig)
		return cli_error("%s: %s", path, err);
	if (ex_follow_plan(orig, &plan) != 0 ||
	    ex_follow(m, fix_a, &plan, bound, races, &res, &stop) != 0) {
		rt_trace_free(orig);
		ex_follow_plan_free(&plan);
		return cli_error("out of memory");
	}
	struct rt_trace *tr = rt_trace_take(&res);
	if (!tr) {
		rt_trace_free(orig);
		ex_follow_plan_free(&plan);
		return cli_error("out of memory for the trace");
	}
	trace_resolve_origins(tr);
	const char *orig_fix = m->fixes[orig_a->fix].name, *fix = m->fixes[fix_a->fix].name;
	char mark[160];
	struct trace_info ti = {.m = m, .a = fix_a, .tr = tr, .schedule_path = path};

	if (stop.why != EX_FOLLOW_FITS) {
		snprintf(mark, sizeof(mark),
			 "here the schedule stops fitting under fix %s (below); from here each "
			 "thread runs until it blocks or ends",
			 fix);
		ti.mark = mark;
		ti.mark_step = stop.step;
	}

	fprintf(f,
		"The schedule %s (fix %s, %u runs of one thread) followed under fix %s: each "
		"run\ngoes on until its thread has done what it did where fix %s switched "
		"away.\n\n",
		path, orig_fix, plan.n, fix, orig_fix);
	trace_print_text(f, &ti);
	print_story(f, orig, &plan, tr, &stop, orig_fix, fix);
	int rc = tr->nreports ? EXIT_VIOLATION : EXIT_NO_VIOLATION;
	rt_trace_free(tr);
	rt_trace_free(orig);
	ex_follow_plan_free(&plan);
	return rc;
}
