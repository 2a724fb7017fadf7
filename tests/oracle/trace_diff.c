/*
 * trace_diff.c - a debugging and teaching tool: explore a model with dfs
 * (every interleaving) and with dpor, classify both into traces with the
 * oracle, and say which traces dpor missed or visited twice.
 *
 *   trace_diff MODEL [--fix F] [--PARAM N]... [--walk W] [--seed S]
 *              [--preemptions K] [--ref-sticky]
 *
 * --ref-sticky takes dpor with the sticky walk as the reference instead of
 * dfs, for models with too many interleavings.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tool_args.h"
#include "trace_classes.h"
#include "vfsrace/model.h"
#include "vfsrace/rt_exec.h"

static bool ref_sticky;

static int parse(struct ex_options *o, int argc, char **argv)
{
	o->model = tool_model("trace_diff", argv[1], &o->args);
	if (!o->model)
		return 2;
	for (int i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--walk") && i + 1 < argc) {
			o->walk_stay_percent = !strcmp(argv[++i], "sticky") ? 100 : 0;
		} else if (!strcmp(argv[i], "--seed") && i + 1 < argc) {
			o->seed = strtoull(argv[++i], NULL, 10);
		} else if (!strcmp(argv[i], "--ref-sticky")) {
			ref_sticky = true;
		} else if (!strcmp(argv[i], "--preemptions") && i + 1 < argc) {
			o->preemptions = atoi(argv[++i]);
		} else if (i + 1 < argc) {
			if (tool_model_option("trace_diff", o->model, &o->args, argv[i],
					      argv[i + 1]))
				return 2;
			i++;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct ex_options o;
	struct trace_classes all = {.keep_canon = 1}, dpor = {.keep_canon = 1};
	struct ex_report r;
	char err[256];

	if (argc < 2) {
		fprintf(stderr,
			"usage: trace_diff MODEL [--fix F] [--PARAM N]... [--walk W] [--seed S] "
			"[--preemptions K] [--ref-sticky]\n");
		return 2;
	}
	rt_init();
	ex_options_default(&o);
	o.out_dir = "";
	o.keep_going = true;
	if (parse(&o, argc, argv))
		return 2;
	int bound = o.preemptions;
	unsigned stay = o.walk_stay_percent;
	o.preemptions = -1;
	o.strategy = ex_strategy_find(ref_sticky ? "dpor" : "dfs");
	o.walk_stay_percent = 100;
	if (trace_classes_run(&o, &all, &r, err, sizeof(err))) {
		fprintf(stderr, "dfs: %s\n", err);
		return 2;
	}
	ex_report_free(&r);
	o.strategy = ex_strategy_find("dpor");
	o.preemptions = bound;
	o.walk_stay_percent = stay;
	if (trace_classes_run(&o, &dpor, &r, err, sizeof(err))) {
		fprintf(stderr, "dpor: %s\n", err);
		return 2;
	}
	printf("interleavings %lu, traces %lu; dpor executions %lu (blocked %lu), distinct %lu\n",
	       all.executions, all.n, r.stats.executions, r.stats.blocked, dpor.n);
	int bad = 0;
	for (unsigned long i = 0; i < dpor.n; i++) {
		if (dpor.hits[i] > 1) {
			printf("twice (%lu): %s\n", dpor.hits[i], dpor.canon[i]);
			bad = 1;
		}
		if (trace_classes_find(&all, dpor.key[i]) < 0) {
			printf("not a dfs trace: %s\n", dpor.canon[i]);
			bad = 1;
		}
	}
	for (unsigned long i = 0; i < all.n; i++)
		if (trace_classes_find(&dpor, all.key[i]) < 0) {
			printf("missed: %s\n", all.canon[i]);
			bad = 1;
		}
	ex_report_free(&r);
	trace_classes_free(&all);
	trace_classes_free(&dpor);
	rt_shutdown();
	return bad;
}
