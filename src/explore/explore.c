/*
 * explore.c - the exploration driver: split the space into work units,
 * take this shard's, take finished ones from a --resume checkpoint, run the
 * rest (here, or on -j workers, or watched with --isolate) within the
 * budgets, merge the results in unit order, checkpoint after each unit.
 *
 * It calls down into units, unit, the workers and the checkpoint; none of
 * them calls back.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkpoint.h"
#include "clock.h"
#include "isolate.h"
#include "parallel.h"
#include "unit.h"
#include "units.h"

void ex_options_default(struct ex_options *o)
{
	memset(o, 0, sizeof(*o));
	o->strategy = &ex_dpor_ops;
	o->seed = 1;
	o->pct_depth = 3;
	o->preemptions = -1;
	o->max_steps = EX_DEFAULT_MAX_STEPS;
	o->jobs = 1;
	o->out_dir = "vfsrace-out";
}

/* ---- the whole exploration ---- */

static void merge_unit(struct ex_report *r, struct hashset *states, const struct unit_result *u)
{
	struct ex_stats *s = &r->stats;

	s->executions += u->stats.executions;
	s->blocked += u->stats.blocked;
	s->steps += u->stats.steps;
	if (u->stats.max_depth > s->max_depth)
		s->max_depth = u->stats.max_depth;
	if (u->stats.max_preemptions > s->max_preemptions)
		s->max_preemptions = u->stats.max_preemptions;
	if (u->states.has_zero)
		hashset_add(states, 0);
	for (unsigned long i = 0; i < u->states.cap; i++)
		if (u->states.slot[i])
			hashset_add(states, u->states.slot[i]);
	for (int i = 0; i < u->nfound && r->nfound < EX_MAX_FOUND; i++) {
		bool dup = false;

		for (int j = 0; j < r->nfound; j++)
			dup |= strcmp(r->found[j].v.kind, u->found[i].v.kind) == 0;
		if (dup)
			continue;
		struct ex_found *f = &r->found[r->nfound++];
		*f = u->found[i];
		ex_schedule_copy(&f->sched, &u->found[i].sched);
	}
}

static void report_states(const struct ex_options *o, const struct hashset *states)
{
	if (!o->on_state)
		return;
	if (states->has_zero)
		o->on_state(o->on_state_ctx, 0);
	for (unsigned long i = 0; i < states->cap; i++)
		if (states->slot[i])
			o->on_state(o->on_state_ctx, states->slot[i]);
}

static void run_unit(const struct ex_options *o, const struct ex_unit *u, unsigned index,
		     unsigned long budget, double deadline, struct unit_result *r)
{
	struct unit_job job = {o, u, index, budget, deadline};

	if (o->isolate)
		explore_unit_isolated(&job, r);
	else
		unit_explore(&job, NULL, NULL, r);
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static void keep_state_hashes(struct ex_report *r, const struct hashset *states)
{
	r->state_hashes = malloc((states->n + 1) * sizeof(uint64_t));
	if (!r->state_hashes)
		abort();
	if (states->has_zero)
		r->state_hashes[r->nstate_hashes++] = 0;
	for (unsigned long i = 0; i < states->cap; i++)
		if (states->slot[i])
			r->state_hashes[r->nstate_hashes++] = states->slot[i];
	qsort(r->state_hashes, r->nstate_hashes, sizeof(uint64_t), cmp_u64);
}

/* The units of a splitting strategy, merged in unit order.  Returns 0, 1
 * when interrupted, -1 on error. */
static int explore_units(const struct ex_options *o, struct ex_report *r, struct hashset *states,
			 double deadline, char *errbuf, unsigned errlen)
{
	struct ex_unit *units;
	unsigned nunits, newly_done = 0;
	char fingerprint[512];

	units_split(o, &units, &nunits);
	bool *mine = calloc(nunits, sizeof(bool));
	bool *todo = calloc(nunits, sizeof(bool));
	bool *done = calloc(nunits, sizeof(bool));
	struct unit_result *res = calloc(nunits, sizeof(*res));
	if (!mine || !todo || !done || !res)
		abort();
	checkpoint_fingerprint(o, nunits, fingerprint, sizeof(fingerprint));
	int rc = 0;
	if (o->resume &&
	    checkpoint_load(o->resume, fingerprint, res, done, nunits, errbuf, errlen) != 0) {
		rc = -1;
		goto out;
	}
	for (unsigned i = 0; i < nunits; i++) {
		mine[i] =
		    o->shard_count <= 1 || i % (unsigned)o->shard_count == (unsigned)o->shard_index;
		todo[i] = mine[i] && !done[i];
		r->resumed_units += done[i];
	}
	/* Isolated units run one at a time: each worker already is a process. */
	bool ran_parallel = o->jobs > 1 && nunits > 1 && !o->isolate;
	if (ran_parallel &&
	    explore_parallel(o, units, nunits, todo, deadline, res, errbuf, errlen) != 0) {
		rc = -1;
		goto out;
	}
	bool complete = true;
	unsigned long used = 0;
	for (unsigned i = 0; i < nunits; i++) {
		if (!mine[i])
			continue;
		unsigned long left = 0;
		if (o->max_executions) {
			if (used >= o->max_executions) {
				complete = false;
				break;
			}
			left = o->max_executions - used;
		}
		struct unit_result *u = &res[i];
		bool have = done[i] || (ran_parallel && u->ran);
		if (!have || (left && u->stats.executions + u->stats.blocked > left)) {
			/* Not run yet, or the unit straddles the budget: (re)run
			 * it here with exactly what is left, as one process would. */
			if (ex_stop_requested()) {
				rc = 1;
				break;
			}
			unit_result_free(u);
			run_unit(o, &units[i], i, left, deadline, u);
		}
		if (u->interrupted) {
			rc = 1;
			break;
		}
		if (u->error[0]) {
			snprintf(errbuf, errlen, "%s", u->error);
			rc = -1;
			break;
		}
		used += u->stats.executions + u->stats.blocked;
		merge_unit(r, states, u);
		if (u->bounds[0]) /* not from a unit a crash cut short */
			snprintf(r->bounds, sizeof(r->bounds), "%s", u->bounds);
		complete &= u->stats.complete;
		if (o->checkpoint && !done[i] && unit_result_final(u)) {
			done[i] = true;
			if (checkpoint_save(o->checkpoint, fingerprint, res, done, nunits, errbuf,
					    errlen) != 0) {
				rc = -1;
				break;
			}
			if (++newly_done == o->test_interrupt_after_units)
				raise(SIGINT);
		}
		if (u->stopped_on_violation || u->budget_hit) {
			complete = false;
			break;
		}
	}
	if (rc == 1 && o->checkpoint) {
		/* Keep what -j workers finished beyond the first unit not done. */
		for (unsigned i = 0; i < nunits; i++)
			done[i] |= mine[i] && unit_result_final(&res[i]);
		if (checkpoint_save(o->checkpoint, fingerprint, res, done, nunits, errbuf, errlen))
			rc = -1;
	}
	r->stats.complete = complete;
	if (o->shard_count > 1) {
		size_t l = strlen(r->bounds);
		snprintf(r->bounds + l, sizeof(r->bounds) - l, "; shard %d/%d", o->shard_index + 1,
			 o->shard_count);
	}
out:
	for (unsigned i = 0; i < nunits; i++)
		unit_result_free(&res[i]);
	free(units);
	free(mine);
	free(todo);
	free(done);
	free(res);
	return rc;
}

int ex_explore(const struct ex_options *o, struct ex_report *r, char *errbuf, unsigned errlen)
{
	const struct strategy_ops *ops = o->strategy;
	struct hashset states = {0};
	double t0 = ex_now();
	double deadline = o->max_seconds > 0 ? t0 + o->max_seconds : 0;
	int rc = 0;

	memset(r, 0, sizeof(*r));
	if (!ops) {
		snprintf(errbuf, errlen, "no strategy");
		return -1;
	}
	if (!o->model) {
		snprintf(errbuf, errlen, "no model");
		return -1;
	}
	if (ops->splits) {
		rc = explore_units(o, r, &states, deadline, errbuf, errlen);
	} else {
		/* One unit: an interrupted run starts again from the beginning. */
		struct unit_result u;

		run_unit(o, NULL, 0, o->max_executions, deadline, &u);
		if (u.interrupted) {
			rc = 1;
		} else if (u.error[0]) {
			snprintf(errbuf, errlen, "%s", u.error);
			rc = -1;
		} else {
			merge_unit(r, &states, &u);
			r->stats.complete = u.stats.complete;
			snprintf(r->bounds, sizeof(r->bounds), "%s", u.bounds);
		}
		unit_result_free(&u);
	}
	if (rc == 1)
		snprintf(errbuf, errlen, "interrupted");
	if (rc != 0) {
		hashset_free(&states);
		ex_report_free(r);
		return rc;
	}
	r->stats.distinct_states = states.n;
	report_states(o, &states);
	if (o->keep_state_hashes)
		keep_state_hashes(r, &states);
	hashset_free(&states);
	r->stats.elapsed_s = ex_now() - t0;
	return 0;
}

void ex_report_free(struct ex_report *r)
{
	for (int i = 0; i < r->nfound; i++)
		ex_schedule_free(&r->found[i].sched);
	r->nfound = 0;
	free(r->state_hashes);
	r->state_hashes = NULL;
	r->nstate_hashes = 0;
}
