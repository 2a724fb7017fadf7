/*
 * trace_dot.c - `vfsrace replay FILE --format dot [--at STEP]`: the
 * model's dentry tree, as Graphviz, after one step of a saved schedule.
 *
 * The tree lives only while the execution runs (the model frees it in
 * finish()), so this follows the schedule itself and asks the model for
 * its tree (model->dot) at the scheduling point after step STEP, when
 * every thread is parked between two steps, or just before finish() for
 * the last step.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define DOT_BUF (64 * 1024)

struct dot_run {
	const struct model *m;
	const struct model_args *a;
	const struct ex_schedule *s;
	long at;
	bool taken;
	char *tree;
	char why[160];
};

static void snapshot(struct dot_run *dr)
{
	dr->m->dot(dr->a, dr->tree, DOT_BUF);
	dr->taken = true;
}

static void dr_setup(void *p)
{
	struct dot_run *dr = p;

	dr->m->setup(dr->a);
}

static uint64_t dr_finish(void *p, bool completed)
{
	struct dot_run *dr = p;

	if (!dr->taken)
		snapshot(dr);
	return dr->m->finish ? dr->m->finish(dr->a, completed) : 0;
}

static int dr_choose(void *p, const struct rt_sched_view *v)
{
	struct dot_run *dr = p;

	if (!dr->taken && dr->at >= 0 && v->step == (unsigned long)dr->at + 1)
		snapshot(dr);
	if (v->step >= dr->s->n) {
		snprintf(dr->why, sizeof(dr->why), "the schedule ends after %u steps", dr->s->n);
		return -1;
	}
	int c = dr->s->choice[v->step];
	if (c >= v->nthreads || v->t[c].state != RT_T_ENABLED) {
		snprintf(dr->why, sizeof(dr->why),
			 "step %u: the schedule picks thread %d, which "
			 "cannot run there",
			 v->step, c);
		return -1;
	}
	return c;
}

static void print_graph(FILE *f, const struct dot_run *dr, const struct rt_result *res,
			unsigned steps)
{
	char params[256];

	format_params(dr->m, dr->a, params, sizeof(params));
	fprintf(f, "// vfsrace replay --format dot: %s, fix %s, %s\n", dr->m->name,
		dr->m->fixes[dr->a->fix].name, params);
	fprintf(f, "digraph dcache {\n");
	fprintf(f,
		"  labelloc=t;\n  label=\"%s, fix %s: the dentry tree after step %lu of %u"
		"%s%s%s\";\n",
		dr->m->name, dr->m->fixes[dr->a->fix].name, dr->at >= 0 ? dr->at : (long)steps - 1,
		steps, res->nviolations ? " (the schedule ends in " : "",
		res->nviolations ? res->v[0].kind : "", res->nviolations ? ")" : "");
	fprintf(f, "  node [shape=box, fontname=\"monospace\", style=filled, fillcolor=white];\n");
	fputs(dr->tree, f);
	fprintf(f, "}\n");
}

int trace_print_dot(FILE *f, const struct model *m, const struct model_args *a,
		    const struct ex_schedule *s, long at, unsigned max_steps, char *errbuf,
		    unsigned errlen)
{
	struct dot_run dr = {.m = m, .a = a, .s = s, .at = at};
	struct rt_program prog = {.setup = dr_setup, .finish = dr_finish, .params = &dr};
	struct rt_scheduler sched = {.choose = dr_choose, .ctx = &dr};
	struct rt_result res;

	if (!m->dot) {
		snprintf(errbuf, errlen, "model %s has no dentry tree to draw", m->name);
		return EXIT_USAGE;
	}
	if (at >= (long)s->n) {
		snprintf(errbuf, errlen, "--at %ld: the schedule has steps 0..%u", at, s->n - 1);
		return EXIT_USAGE;
	}
	struct rt_exec_config cfg = {.max_steps = max_steps	 ? max_steps
						  : s->max_steps ? s->max_steps
								 : EX_DEFAULT_MAX_STEPS};
	dr.tree = calloc(1, DOT_BUF);
	if (!dr.tree) {
		snprintf(errbuf, errlen, "out of memory");
		return EXIT_USAGE;
	}
	if (rt_run(&prog, &sched, &cfg, &res) != 0 || res.abandoned) {
		snprintf(errbuf, errlen, "replay diverged: %s",
			 dr.why[0] ? dr.why : "internal error");
		free(dr.tree);
		return EXIT_USAGE;
	}
	print_graph(f, &dr, &res, s->n);
	free(dr.tree);
	return res.nviolations ? EXIT_VIOLATION : EXIT_NO_VIOLATION;
}
