/*
 * explore.c - the exploration driver: split the space into work units,
 * take this shard's, take finished ones from a --resume checkpoint, run the
 * rest within the budgets (here, or in the worker pool for -j and
 * --isolate), merge the results in unit order, checkpoint after each unit.
 *
 * It calls down into units, unit, pool and checkpoint; none of them calls
 * back.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "checkpoint.h"
#include "clock.h"
#include "pool.h"
#include "unit.h"
#include "units.h"
#include "whole_file.h"
#include "vfsrace/ex_testing.h"

/* The work units of one exploration and what is known of each. */
struct plan {
	struct ex_unit *units;
	unsigned n;
	bool *mine;		 /* this shard's */
	bool *done;		 /* res[i] is final: resumed, or checkpointed */
	struct unit_result *res; /* indexed by unit */
	char fingerprint[CHECKPOINT_FINGERPRINT_MAX];
	unsigned newly_done; /* units checkpointed by this run */
};

static void plan_free(struct plan *p)
{
	for (unsigned i = 0; i < p->n; i++)
		unit_result_free(&p->res[i]);
	free(p->units);
	free(p->mine);
	free(p->done);
	free(p->res);
}

/* --checkpoint F may be written: F is a new name, the file being
 * resumed, or (--force) a regular file; never a device, FIFO, directory
 * or symbolic link.  0, or -1 with errbuf. */
static int checkpoint_may_write(const struct ex_options *o, char *errbuf, unsigned errlen)
{
	struct stat a, b;
	bool exists;

	if (whole_file_target(o->checkpoint, &exists, errbuf, errlen) != 0)
		return -1;
	if (!exists || o->force)
		return 0;
	if (o->resume && stat(o->resume, &a) == 0 && stat(o->checkpoint, &b) == 0 &&
	    a.st_dev == b.st_dev && a.st_ino == b.st_ino)
		return 0;
	snprintf(errbuf, errlen,
		 "checkpoint %s already exists (another run's?): --resume %s goes on from it, "
		 "--force replaces it",
		 o->checkpoint, o->checkpoint);
	return -1;
}

/* Split, pick this shard's units, take the finished ones from --resume,
 * and write the checkpoint once before any unit runs: a run killed before
 * its first unit ends can be resumed too. */
static int plan_make(const struct ex_options *o, struct plan *p, char *errbuf, unsigned errlen)
{
	memset(p, 0, sizeof(*p));
	units_split(o, &p->units, &p->n);
	p->mine = calloc(p->n, sizeof(bool));
	p->done = calloc(p->n, sizeof(bool));
	p->res = calloc(p->n, sizeof(*p->res));
	if (!p->mine || !p->done || !p->res)
		abort();
	for (unsigned i = 0; i < p->n; i++)
		p->mine[i] =
		    o->shard_count <= 1 || i % (unsigned)o->shard_count == (unsigned)o->shard_index;
	checkpoint_fingerprint(o, p->units, p->n, p->fingerprint, sizeof(p->fingerprint));
	if (o->checkpoint && checkpoint_may_write(o, errbuf, errlen) != 0)
		return -1;
	if (o->resume &&
	    checkpoint_load(o->resume, p->fingerprint, p->res, p->done, p->n, errbuf, errlen) != 0)
		return -1;
	if (o->checkpoint && checkpoint_save(o->checkpoint, p->fingerprint, p->res, p->done, p->n,
					     errbuf, errlen) != 0)
		return -1;
	if (o->checkpoint && ex_test_hooks()->kill_before_units)
		raise(SIGKILL);
	return 0;
}

/* One unit, here or (--isolate) in a watched worker. */
static void run_unit(const struct ex_options *o, const struct ex_unit *u, unsigned index,
		     unsigned long budget, double deadline, struct unit_result *r)
{
	struct unit_job job = {o, u, index, budget, deadline};
	char err[256];

	if (!o->isolate)
		unit_explore(&job, NULL, NULL, r);
	else if (pool_run(&job, r, 1, err, sizeof(err)) != 0)
		snprintf(r->error, sizeof(r->error), "%s", err);
}

/* -j N: every unit still to do, each with the whole budget, in the pool;
 * the merge then takes them in order.  True if they ran. */
static bool run_ahead(const struct ex_options *o, struct plan *p, double deadline, int *rc,
		      char *errbuf, unsigned errlen)
{
	struct unit_job *jobs;
	struct unit_result *results;
	unsigned n = 0;

	if (o->jobs <= 1 || p->n <= 1)
		return false;
	jobs = calloc(p->n, sizeof(*jobs));
	results = calloc(p->n, sizeof(*results));
	if (!jobs || !results)
		abort();
	for (unsigned i = 0; i < p->n; i++)
		if (p->mine[i] && !p->done[i])
			jobs[n++] =
			    (struct unit_job){o, &p->units[i], i, o->max_executions, deadline};
	if (pool_run(jobs, results, n, errbuf, errlen) != 0)
		*rc = -1;
	for (unsigned k = 0; k < n; k++)
		p->res[jobs[k].index] = results[k];
	free(jobs);
	free(results);
	return true;
}

/* Unit i's result for the merge: the one at hand, unless there is none or
 * it straddles the budget (then explore it here with exactly what is
 * left, as one process would).  0, or 1 if a stop came first. */
static int unit_for_merge(const struct ex_options *o, struct plan *p, unsigned i, bool ran_ahead,
			  unsigned long left, double deadline)
{
	struct unit_result *u = &p->res[i];
	const struct ex_stats *s = &u->report.stats;
	bool have = p->done[i] || (ran_ahead && u->ran);

	if (have && !(left && s->executions + s->blocked > left))
		return 0;
	if (ex_stop_requested())
		return 1;
	unit_result_free(u);
	run_unit(o, &p->units[i], i, left, deadline, u);
	return 0;
}

/* After unit i: rewrite the checkpoint if its result is new and final. */
static int checkpoint_unit(const struct ex_options *o, struct plan *p, unsigned i, char *errbuf,
			   unsigned errlen)
{
	if (!o->checkpoint || p->done[i] || !unit_result_final(&p->res[i]))
		return 0;
	p->done[i] = true;
	if (checkpoint_save(o->checkpoint, p->fingerprint, p->res, p->done, p->n, errbuf, errlen) !=
	    0)
		return -1;
	if (++p->newly_done == ex_test_hooks()->interrupt_after_units)
		raise(SIGINT);
	return 0;
}

/* Interrupted: keep in the checkpoint what -j workers finished beyond the
 * first unit not done. */
static int checkpoint_finished(const struct ex_options *o, struct plan *p, char *errbuf,
			       unsigned errlen)
{
	for (unsigned i = 0; i < p->n; i++)
		p->done[i] |= p->mine[i] && unit_result_final(&p->res[i]);
	return checkpoint_save(o->checkpoint, p->fingerprint, p->res, p->done, p->n, errbuf,
			       errlen);
}

/* Merge this shard's units into r in unit order, within the execution
 * budget, stopping where one process would.  0, 1 when interrupted, -1 on
 * error. */
static int merge_units(const struct ex_options *o, struct plan *p, bool ran_ahead, double deadline,
		       struct ex_report *r, char *errbuf, unsigned errlen)
{
	unsigned long used = 0;

	for (unsigned i = 0; i < p->n; i++) {
		if (!p->mine[i])
			continue;
		if (o->max_executions && used >= o->max_executions) {
			r->stats.complete = false;
			return 0;
		}
		unsigned long left = o->max_executions ? o->max_executions - used : 0;
		if (unit_for_merge(o, p, i, ran_ahead, left, deadline) != 0)
			return 1;
		const struct unit_result *u = &p->res[i];
		if (u->interrupted) {
			ex_report_merge(r, &u->report); /* what it did before the stop */
			return 1;
		}
		if (u->error[0]) {
			snprintf(errbuf, errlen, "%s", u->error);
			return -1;
		}
		used += u->report.stats.executions + u->report.stats.blocked;
		ex_report_merge(r, &u->report);
		if (checkpoint_unit(o, p, i, errbuf, errlen) != 0)
			return -1;
		if (u->stopped_on_violation || u->budget_hit) {
			r->stats.complete = false;
			return 0;
		}
	}
	return 0;
}

/* The units of a splitting strategy.  0, 1 when interrupted, -1 on error. */
static int explore_units(const struct ex_options *o, struct ex_report *r, double deadline,
			 char *errbuf, unsigned errlen)
{
	struct plan p;
	int rc = plan_make(o, &p, errbuf, errlen);

	for (unsigned i = 0; rc == 0 && i < p.n; i++)
		r->resumed_units += p.done[i];
	if (rc == 0) {
		bool ran_ahead = run_ahead(o, &p, deadline, &rc, errbuf, errlen);
		if (rc == 0)
			rc = merge_units(o, &p, ran_ahead, deadline, r, errbuf, errlen);
	}
	if (rc == 1 && o->checkpoint && checkpoint_finished(o, &p, errbuf, errlen) != 0)
		rc = -1;
	if (rc == 0 && o->shard_count > 1) {
		size_t l = strlen(r->bounds);
		snprintf(r->bounds + l, sizeof(r->bounds) - l, "; shard %d/%d", o->shard_index,
			 o->shard_count); /* as --shard names it: 0..N-1 */
	}
	plan_free(&p);
	return rc;
}

/* A strategy that does not split: one unit, the whole space; an
 * interrupted run starts again from the beginning. */
static int explore_whole(const struct ex_options *o, struct ex_report *r, double deadline,
			 char *errbuf, unsigned errlen)
{
	struct unit_result u;
	int rc = 0;

	run_unit(o, NULL, 0, o->max_executions, deadline, &u);
	if (u.interrupted) {
		ex_report_merge(r, &u.report); /* what it did before the stop */
		rc = 1;
	} else if (u.error[0]) {
		snprintf(errbuf, errlen, "%s", u.error);
		rc = -1;
	} else {
		ex_report_merge(r, &u.report);
	}
	unit_result_free(&u);
	return rc;
}

int ex_explore(const struct ex_options *o, struct ex_report *r, char *errbuf, unsigned errlen)
{
	double t0 = ex_now();
	double deadline = o->max_seconds > 0 ? t0 + o->max_seconds : 0;
	int rc;

	ex_report_init(r);
	if (!o->strategy) {
		snprintf(errbuf, errlen, "no strategy");
		return -1;
	}
	if (!o->model) {
		snprintf(errbuf, errlen, "no model");
		return -1;
	}
	if (o->shard_count > 1 && !o->strategy->splits) {
		/* Each shard would sample the whole space: merged, N runs. */
		snprintf(errbuf, errlen,
			 "--shard splits the work units of dfs, dpor and bounded; %s samples "
			 "the whole space (vary --seed instead)",
			 o->strategy->name);
		return -1;
	}
	if ((o->checkpoint || o->resume) && !o->strategy->splits) {
		snprintf(errbuf, errlen,
			 "--checkpoint and --resume go with dfs, dpor and bounded, which split "
			 "into work units; %s does not",
			 o->strategy->name);
		return -1;
	}
	if (o->strategy->splits)
		rc = explore_units(o, r, deadline, errbuf, errlen);
	else
		rc = explore_whole(o, r, deadline, errbuf, errlen);
	if (rc == 1) {
		/* The report holds what was explored before the stop. */
		snprintf(errbuf, errlen, "interrupted");
		r->stats.complete = false;
		r->stats.interrupted = true;
	} else if (rc != 0) {
		ex_report_free(r);
		return rc;
	}
	r->stats.elapsed_s = ex_now() - t0;
	return rc;
}
