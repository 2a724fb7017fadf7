/*
 * walk_check.c - does dpor's answer depend on its walk?
 *
 *   walk_check [--programs N] [--seed S] [--features F] [--threads T] [--units U]
 *              [--budget EXECUTIONS] [--program TEXT]
 *
 * Optimal DPOR explores every Mazurkiewicz trace exactly once whatever
 * order it picks among enabled threads, so the sticky walk and every
 * random walk must give the same set of traces.  The check needs no
 * enumeration of interleavings, so it reaches programs far larger than
 * the oracle differential can (more threads, more units, more features
 * at once): generate programs, run dpor sticky and random (seeds 1..3),
 * classify each execution by the oracle's canonical form, and print the
 * first program whose trace sets differ.  Its text can then go to the
 * differential test, whose oracle says which walk is right.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "prog.h"
#include "prog_model.h"
#include "trace_classes.h"
#include "vfsrace/model.h"
#include "vfsrace/rt_exec.h"

static unsigned long budget = 20000;

static int run(const char *walk, uint64_t seed, struct trace_classes *tc, struct ex_report *r)
{
	struct ex_options o;
	char err[256];

	ex_options_default(&o);
	o.model = model_find("test-program");
	model_default_args(o.model, &o.args);
	o.strategy = ex_strategy_find("dpor");
	o.keep_going = true;
	o.out_dir = "";
	o.max_steps = 2000;
	o.max_executions = budget;
	o.walk_stay_percent = !strcmp(walk, "sticky") ? 100 : 0;
	o.seed = seed;
	memset(tc, 0, sizeof(*tc));
	tc->keep_canon = 1;
	if (trace_classes_run(&o, tc, r, err, sizeof(err))) {
		fprintf(stderr, "%s: %s\n", walk, err);
		return -1;
	}
	return 0;
}

static int same(const struct trace_classes *a, const struct trace_classes *b)
{
	if (a->n != b->n)
		return 0;
	for (unsigned long i = 0; i < a->n; i++)
		if (trace_classes_find(b, a->key[i]) < 0)
			return 0;
	return 1;
}

int main(int argc, char **argv)
{
	unsigned long programs = 1000;
	uint64_t rng = 1;
	int features = 5, threads = 4, units = 4;
	const char *text = NULL;

	for (int i = 1; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--programs"))
			programs = strtoul(argv[i + 1], NULL, 10);
		else if (!strcmp(argv[i], "--seed"))
			rng = strtoull(argv[i + 1], NULL, 10);
		else if (!strcmp(argv[i], "--features"))
			features = atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "--threads"))
			threads = atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "--units"))
			units = atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "--budget"))
			budget = strtoul(argv[i + 1], NULL, 10);
		else if (!strcmp(argv[i], "--program"))
			text = argv[i + 1], programs = 1;
		else {
			fprintf(stderr, "walk_check: unknown option %s\n", argv[i]);
			return 2;
		}
	}
	rt_init();
	int bad = 0;
	for (unsigned long i = 0; i < programs && !bad; i++) {
		struct prog *p = &prog_model_current;
		char buf[1024], err[256];

		if (text) {
			if (prog_parse(p, text, err, sizeof(err))) {
				fprintf(stderr, "walk_check: %s\n", err);
				return 2;
			}
		} else {
			prog_generate_sized(p, &rng, features, threads, units);
		}
		prog_format(p, buf, sizeof(buf));
		struct trace_classes ref, tc;
		struct ex_report r;
		if (run("sticky", 0, &ref, &r))
			return 2;
		bool complete = r.stats.complete;
		ex_report_free(&r);
		if (!complete) { /* too big for the budget: the next one */
			trace_classes_free(&ref);
			continue;
		}
		for (uint64_t seed = 1; seed <= 3 && !bad; seed++) {
			if (run("random", seed, &tc, &r))
				return 2;
			if (!same(&ref, &tc) || r.stats.blocked) {
				printf("program %lu [%s]: sticky %lu traces, random seed %llu %lu "
				       "(executions %lu, blocked %lu)\n",
				       i, buf, ref.n, (unsigned long long)seed, tc.n,
				       (unsigned long)r.stats.executions,
				       (unsigned long)r.stats.blocked);
				bad = 1;
			}
			ex_report_free(&r);
			trace_classes_free(&tc);
		}
		trace_classes_free(&ref);
		if (i % 100 == 99)
			fprintf(stderr, "%lu programs\n", i + 1);
	}
	rt_shutdown();
	return bad;
}
