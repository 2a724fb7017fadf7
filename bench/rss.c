/*
 * rss.c - no leaks across many executions: the resident set size before
 * and after N (default 10^5) executions of a small model, twice over.
 *
 *   bench_rss [N] [MODEL]     (MODEL: select_parent, the default, or any
 *                              registered model; random strategy, seed 1)
 *
 * The first N executions warm up every cache and pool the runtime keeps
 * (thread pool, event log, slab arena pages); the second N must then not
 * grow the RSS.  Exit 1 if it grew by more than 1 MiB.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vfsrace/ex_explore.h"
#include "vfsrace/rt_exec.h"

static long rss_kib(void)
{
	long pages = 0, resident = 0;
	FILE *f = fopen("/proc/self/statm", "r");

	if (!f)
		return -1;
	if (fscanf(f, "%ld %ld", &pages, &resident) != 2)
		resident = -1;
	fclose(f);
	return resident < 0 ? -1 : resident * (sysconf(_SC_PAGESIZE) / 1024);
}

static int run(const struct model *m, unsigned long n, double *secs)
{
	struct ex_options o;
	struct ex_report r;
	char err[256];

	ex_options_default(&o);
	o.model = m;
	model_default_args(m, &o.args);
	if (strcmp(m->name, "select_parent") == 0) {
		o.args.fix = model_fix_index(m, "korotaev");
		o.args.value[model_param_index(m, "passes")] = 1;
	}
	o.strategy = ex_strategy_find("random");
	o.max_executions = n;
	o.keep_going = true;
	o.out_dir = NULL; /* nothing saved: only memory is measured */
	if (ex_explore(&o, &r, err, sizeof(err)) != 0) {
		fprintf(stderr, "bench_rss: %s\n", err);
		return -1;
	}
	*secs = r.stats.elapsed_s;
	ex_report_free(&r);
	return 0;
}

int main(int argc, char **argv)
{
	unsigned long n = argc > 1 ? strtoul(argv[1], NULL, 10) : 100000;
	const struct model *m = model_find(argc > 2 ? argv[2] : "select_parent");
	double t1, t2;

	if (!m || n == 0 || rt_init() != 0) {
		fprintf(stderr, "usage: bench_rss [N] [MODEL]\n");
		return 2;
	}
	long before = rss_kib();
	if (run(m, n, &t1) != 0)
		return 2;
	long mid = rss_kib();
	if (run(m, n, &t2) != 0)
		return 2;
	long after = rss_kib();
	rt_shutdown();
	printf("model %s, random, %lu executions per run\n", m->name, n);
	printf("rss before:          %8ld KiB\n", before);
	printf("rss after run 1:     %8ld KiB  (%.0f executions/s)\n", mid, n / t1);
	printf("rss after run 2:     %8ld KiB  (%.0f executions/s)\n", after, n / t2);
	printf("growth during run 2: %8ld KiB\n", after - mid);
	return after - mid > 1024 ? 1 : 0;
}
