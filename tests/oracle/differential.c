/*
 * differential.c - the explorer against the oracle on one program.
 *
 *   dfs                      every interleaving
 *   dpor (sticky, random)    every trace exactly once, none blocked
 *   bounded --preemptions K  every schedule with at most K preemptions
 *   dpor --preemptions K     every trace that has such a schedule, once
 *   -j 2 (dfs, bounded, dpor), two dpor shards merged
 *                            the same counts as one process
 *
 * and in each, exactly the oracle's violation kinds and terminal states.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "differential.h"
#include "prog_model.h"
#include "trace_classes.h"
#include "vfsrace/ex_explore.h"

struct run {
	struct ex_report r;
	struct trace_classes tc;
};

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static void options(struct ex_options *o, const char *strategy)
{
	ex_options_default(o);
	o->model = model_find("test-program");
	model_default_args(o->model, &o->args);
	o->strategy = ex_strategy_find(strategy);
	o->keep_going = true;
	o->out_dir = "";
	o->max_steps = 2000;
}

static int explore(struct ex_options *o, struct run *run, bool classify, char *msg, unsigned len)
{
	char err[256];
	int rc;

	memset(run, 0, sizeof(*run));
	run->tc.keep_canon = 1;
	if (classify)
		rc = trace_classes_run(o, &run->tc, &run->r, err, sizeof(err));
	else
		rc = ex_explore(o, &run->r, err, sizeof(err));
	if (rc != 0) {
		snprintf(msg, len, "%s: %s", ex_strategy_name(o->strategy), err);
		return 1;
	}
	return 0;
}

static void run_free(struct run *run)
{
	ex_report_free(&run->r);
	trace_classes_free(&run->tc);
}

/* Violation kinds, sorted, as one comma-separated string. */
static void kinds_of(const struct ex_report *r, char *buf, unsigned len)
{
	const char *k[EX_MAX_FOUND];
	int n = 0;

	for (int i = 0; i < r->nfound; i++)
		k[n++] = r->found[i].v.kind;
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && strcmp(k[j - 1], k[j]) > 0; j--) {
			const char *x = k[j];
			k[j] = k[j - 1];
			k[j - 1] = x;
		}
	buf[0] = 0;
	for (int i = 0; i < n; i++)
		snprintf(buf + strlen(buf), len - strlen(buf), "%s%s", i ? "," : "", k[i]);
}

static void oracle_kinds(const struct oracle_result *o, bool within, char *buf, unsigned len)
{
	int n = within ? o->nkinds_within : o->nkinds;

	buf[0] = 0;
	for (int i = 0; i < n; i++)
		snprintf(buf + strlen(buf), len - strlen(buf), "%s%s", i ? "," : "",
			 within ? o->kinds_within[i] : o->kinds[i]);
}

static bool same_states(const struct run *run, const struct oracle_result *o)
{
	if (run->r.nstate_hashes != o->nstates)
		return false;
	for (unsigned long i = 0; i < o->nstates; i++)
		if (run->r.state_hashes[i] != o->states[i])
			return false;
	return true;
}

/* The run's trace keys are pairwise distinct and exactly `keys`. */
static bool same_traces(const struct run *run, const uint64_t *keys, unsigned long n, bool verbose)
{
	bool ok = run->tc.n == n;

	for (unsigned long i = 0; i < run->tc.n; i++) {
		bool known = bsearch(&run->tc.key[i], keys, n, sizeof(*keys), cmp_u64) != NULL;

		if (run->tc.hits[i] != 1 || !known) {
			ok = false;
			if (verbose)
				printf("  %s: %s\n", !known ? "not a trace" : "explored twice",
				       run->tc.canon[i]);
		}
	}
	if (verbose && !ok)
		for (unsigned long i = 0; i < run->tc.n; i++)
			printf("  explored %016llx: %s\n", (unsigned long long)run->tc.key[i],
			       run->tc.canon[i]);
	if (verbose && !ok)
		for (unsigned long i = 0; i < n; i++)
			if (trace_classes_find(&run->tc, keys[i]) < 0)
				printf("  missed a trace (key %016llx)\n",
				       (unsigned long long)keys[i]);
	return ok;
}

static int check_run(const char *what, const struct run *run, const struct oracle_result *o,
		     unsigned long executions, const uint64_t *keys, unsigned long nkeys,
		     bool within, const struct diff_config *cfg, char *msg, unsigned len)
{
	char got[256], want[256];

	kinds_of(&run->r, got, sizeof(got));
	oracle_kinds(o, within, want, sizeof(want));
	if (!run->r.stats.complete) {
		snprintf(msg, len, "%s: not complete", what);
		return 1;
	}
	if (run->r.stats.executions != executions) {
		snprintf(msg, len, "%s: %lu executions, oracle %lu (blocked %lu)", what,
			 run->r.stats.executions, executions, run->r.stats.blocked);
		if (cfg->verbose && keys)
			same_traces(run, keys, nkeys, true);
		return 1;
	}
	if (strcmp(got, want)) {
		snprintf(msg, len, "%s: kinds {%s}, oracle {%s}", what, got, want);
		return 1;
	}
	if (keys && !same_traces(run, keys, nkeys, cfg->verbose)) {
		snprintf(msg, len, "%s: other traces than the oracle's", what);
		return 1;
	}
	if (keys && run->r.stats.blocked) {
		snprintf(msg, len, "%s: %lu executions blocked by sleep sets", what,
			 run->r.stats.blocked);
		return 1;
	}
	return 0;
}

static int check_strategy(const char *label, struct ex_options *o, const struct oracle_result * or,
			  unsigned long executions, const uint64_t *keys, unsigned long nkeys,
			  bool states, const struct diff_config *cfg, char *msg, unsigned len)
{
	struct run run;
	int bad = explore(o, &run, keys != NULL, msg, len);

	if (!bad)
		bad = check_run(label, &run, or, executions, keys, nkeys, o->preemptions >= 0, cfg,
				msg, len);
	if (!bad && states && !same_states(&run, or)) {
		snprintf(msg, len, "%s: %lu terminal states, oracle %lu (or other ones)", label,
			 run.r.nstate_hashes, or->nstates);
		bad = 1;
	}
	run_free(&run);
	return bad;
}

/* Two dpor shards, merged as `vfsrace merge` adds them up
 * (ex_report_merge), with their executions sorted into traces together:
 * every oracle trace explored once, by one shard or the other, and the
 * oracle's kinds and terminal states.  Executions blocked at the units'
 * borders are allowed (docs/scale-out.md). */
static int check_shards(const struct oracle_result * or, const struct diff_config *cfg, char *msg,
			unsigned len)
{
	struct run all;
	char err[256];
	int bad = 0;

	memset(&all, 0, sizeof(all));
	all.tc.keep_canon = 1;
	ex_report_init(&all.r);
	for (int i = 0; i < 2 && !bad; i++) {
		struct ex_options o;
		struct ex_report part;

		options(&o, "dpor");
		o.shard_index = i;
		o.shard_count = 2;
		if (trace_classes_run(&o, &all.tc, &part, err, sizeof(err))) {
			snprintf(msg, len, "dpor shard %d/2: %s", i, err);
			bad = 1;
			break;
		}
		ex_report_merge(&all.r, &part);
		ex_report_free(&part);
	}
	if (!bad) {
		all.r.stats.blocked = 0; /* allowed here, see above */
		bad = check_run("dpor, 2 shards", &all, or, or->traces, or->trace_keys, or->traces,
				false, cfg, msg, len);
	}
	if (!bad && !same_states(&all, or)) {
		snprintf(msg, len,
			 "dpor, 2 shards: %lu terminal states, oracle %lu (or other ones)",
			 all.r.nstate_hashes, or->nstates);
		bad = 1;
	}
	run_free(&all);
	return bad;
}

int diff_check(const struct prog *p, const struct oracle_result * or, const struct diff_config *cfg,
	       char *msg, unsigned len)
{
	struct ex_options o;
	char label[64];

	prog_model_current = *p;
	options(&o, "dfs");
	if (check_strategy("dfs", &o, or, or->interleavings, NULL, 0, true, cfg, msg, len))
		return 1;
	options(&o, "dpor");
	o.walk_stay_percent = 100;
	if (check_strategy("dpor sticky", &o, or, or->traces, or->trace_keys, or->traces, true, cfg,
			   msg, len))
		return 1;
	for (int seed = 1; seed <= cfg->seeds; seed++) {
		options(&o, "dpor");
		o.seed = (uint64_t)seed;
		snprintf(label, sizeof(label), "dpor random seed %d", seed);
		if (check_strategy(label, &o, or, or->traces, or->trace_keys, or->traces, true, cfg,
				   msg, len))
			return 1;
	}
	if (cfg->bound >= 0) {
		options(&o, "bounded");
		o.preemptions = cfg->bound;
		snprintf(label, sizeof(label), "bounded K=%d", cfg->bound);
		if (check_strategy(label, &o, or, or->schedules_within, NULL, 0, false, cfg, msg,
				   len))
			return 1;
		options(&o, "dpor");
		o.preemptions = cfg->bound;
		snprintf(label, sizeof(label), "dpor --preemptions %d", cfg->bound);
		if (check_strategy(label, &o, or, or->traces_within, or->traces_within_keys,
				   or->traces_within, false, cfg, msg, len))
			return 1;
	}
	if (cfg->parallel) {
		options(&o, "dfs");
		o.jobs = 2;
		if (check_strategy("dfs -j 2", &o, or, or->interleavings, NULL, 0, true, cfg, msg,
				   len))
			return 1;
		if (cfg->bound >= 0) {
			options(&o, "bounded");
			o.preemptions = cfg->bound;
			o.jobs = 2;
			snprintf(label, sizeof(label), "bounded K=%d -j 2", cfg->bound);
			if (check_strategy(label, &o, or, or->schedules_within, NULL, 0, false, cfg,
					   msg, len))
				return 1;
		}
		options(&o, "dpor");
		o.jobs = 2;
		if (check_strategy("dpor -j 2", &o, or, or->traces, NULL, 0, true, cfg, msg, len))
			return 1;
		if (check_shards(or, cfg, msg, len))
			return 1;
	}
	return 0;
}
