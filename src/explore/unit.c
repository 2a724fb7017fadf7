/*
 * unit.c - exploring one work unit (see unit.h).
 *
 * The runtime asks the recorder at every scheduling point; the recorder
 * asks the strategy and keeps the choices of the running execution, so
 * the schedule of a violation is at hand the moment the execution ends.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "counterexample.h"
#include "model_program.h"
#include "race.h"
#include "unit.h"

static volatile sig_atomic_t stop_requested;

void ex_request_stop(void)
{
	stop_requested = 1;
}

bool ex_stop_requested(void)
{
	return stop_requested != 0;
}

/* A line on stderr twice a second (the CLI asks only when it is a terminal). */
static void show_progress(const struct unit_result *r, unsigned unit_index, double t0)
{
	static double last;
	double now = ex_now();

	if (now - last < 0.5)
		return;
	last = now;
	fprintf(stderr, "\r  unit %u: %lu executions, %lu blocked, %.0f executions/s, depth %u   ",
		unit_index, r->stats.executions, r->stats.blocked,
		(double)r->stats.executions / (now - t0 > 1e-9 ? now - t0 : 1e-9),
		r->stats.max_depth);
	fflush(stderr);
}

/* Records the choices of the running execution and its preemptions. */
struct recorder {
	const struct strategy_ops *ops;
	void *s;
	uint8_t *choice;
	unsigned n, cap;
	unsigned preemptions;
	struct ex_progress *mirror;	 /* watched worker: what the watchdog sees */
	const struct ex_skip_list *skip; /* watched worker: choices not to take */
};

/* Would choosing c now complete a schedule that killed a worker? */
static bool recorder_skips(const struct recorder *r, int c)
{
	for (int k = 0; k < r->skip->n; k++) {
		const struct ex_schedule *s = r->skip->s[k];

		if (s->n == r->n + 1 && s->choice[r->n] == c && !memcmp(s->choice, r->choice, r->n))
			return true;
	}
	return false;
}

static void mirror_choice(struct ex_progress *m, unsigned n, uint8_t c)
{
	if (n >= m->cap)
		return;
	m->choice[n] = c;
	__atomic_store_n(&m->n, n + 1, __ATOMIC_RELEASE);
	__atomic_fetch_add(&m->heartbeat, 1, __ATOMIC_RELAXED);
}

static void mirror_new_execution(struct ex_progress *m, unsigned long finished)
{
	__atomic_store_n(&m->finished, finished, __ATOMIC_RELAXED);
	__atomic_store_n(&m->n, 0, __ATOMIC_RELEASE);
	__atomic_fetch_add(&m->heartbeat, 1, __ATOMIC_RELAXED);
}

static int recorder_choose(void *p, const struct rt_sched_view *v)
{
	struct recorder *r = p;
	int c = r->ops->choose(r->s, v);

	if (c < 0)
		return c;
	if (r->skip && recorder_skips(r, c))
		return -1;
	if (r->mirror)
		mirror_choice(r->mirror, r->n, (uint8_t)c);
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 256;
		r->choice = realloc(r->choice, r->cap);
		if (!r->choice)
			abort();
	}
	r->choice[r->n++] = (uint8_t)c;
	if (ex_is_preemption(v, c))
		r->preemptions++;
	return c;
}

static bool already_found(const struct unit_result *r, const char *kind)
{
	for (int i = 0; i < r->nfound; i++)
		if (strcmp(r->found[i].v.kind, kind) == 0)
			return true;
	return false;
}

/* Why the unit must not start another execution, if it must not. */
static bool unit_must_stop(const struct unit_job *job, struct unit_result *r)
{
	if (job->budget && r->stats.executions + r->stats.blocked >= job->budget) {
		r->budget_hit = true;
		return true;
	}
	if (job->deadline > 0 && ex_now() > job->deadline) {
		r->budget_hit = true;
		return true;
	}
	if (stop_requested) {
		r->interrupted = true;
		return true;
	}
	return false;
}

/* Count an execution that ran to its end; keep the first schedule of
 * each kind of violation it showed.  True if it showed one. */
static bool count_execution(const struct unit_job *job, const struct recorder *rec,
			    const struct rt_result *res, struct unit_result *r)
{
	bool violated = false;

	r->stats.executions++;
	r->stats.steps += res->steps;
	if (res->steps > r->stats.max_depth)
		r->stats.max_depth = res->steps;
	if (rec->preemptions > r->stats.max_preemptions)
		r->stats.max_preemptions = rec->preemptions;
	hashset_add(&r->states, res->state_hash);
	for (int i = 0; i < res->nviolations; i++) {
		violated = true;
		if (r->nfound < EX_MAX_FOUND && !already_found(r, res->v[i].kind))
			counterexample_keep(job->o, job->index,
					    r->stats.executions + r->stats.blocked, &res->v[i],
					    rec->choice, rec->n, &r->found[r->nfound++]);
	}
	return violated;
}

/* Run executions until the strategy is done or something stops the unit. */
static void run_executions(const struct unit_job *job, struct recorder *rec, struct unit_result *r,
			   double t0)
{
	const struct ex_options *o = job->o;
	const struct strategy_ops *ops = rec->ops;
	struct rt_exec_config cfg = {
	    .max_steps = o->max_steps,
	    .record_events = true,
	    .check_leaks = true,
	};
	struct rt_scheduler sched = {recorder_choose, rec};
	struct model_program mp;
	struct rt_result res;

	model_program_init(&mp, o->model, &o->args);
	while (!unit_must_stop(job, r) && ops->begin(rec->s)) {
		rec->n = 0;
		rec->preemptions = 0;
		if (rec->mirror)
			mirror_new_execution(rec->mirror, r->stats.executions + r->stats.blocked);
		rt_run(&mp.prog, &sched, &cfg, &res);
		unsigned nev;
		const struct rt_event *ev = rt_events(&nev);
		if (o->race_detect && !res.abandoned)
			race_check(ev, nev, &res);
		ops->end(rec->s, &res, ev, nev);
		if (ops->counted && !ops->counted(rec->s))
			continue;
		if (res.abandoned) {
			r->stats.blocked++;
			continue;
		}
		bool violated = count_execution(job, rec, &res, r);
		if (o->progress)
			show_progress(r, job->index, t0);
		if (violated && !o->keep_going) {
			r->stopped_on_violation = true;
			break;
		}
	}
}

void unit_explore(const struct unit_job *job, struct ex_progress *mirror,
		  const struct ex_skip_list *skip, struct unit_result *r)
{
	const struct strategy_ops *ops = job->o->strategy;
	struct recorder rec = {.ops = ops, .mirror = mirror, .skip = skip && skip->n ? skip : NULL};
	double t0 = ex_now();

	memset(r, 0, sizeof(*r));
	rec.s = ops->create(job->o, job->unit, r->error, sizeof(r->error));
	if (!rec.s) {
		if (!r->error[0])
			snprintf(r->error, sizeof(r->error), "out of memory");
		return;
	}
	run_executions(job, &rec, r, t0);
	ops->bounds(rec.s, r->bounds, sizeof(r->bounds));
	r->ran = !r->interrupted;
	bool cut_short = r->budget_hit || r->stopped_on_violation || r->interrupted;
	r->stats.complete = ops->complete(rec.s) && !cut_short;
	/* A strategy that replays prefixes ends short of complete only when
	 * the model took another path on the same choices. */
	if (ops->splits && !ops->complete(rec.s) && !cut_short)
		snprintf(r->error, sizeof(r->error),
			 "the model behaved differently on replay of the same choices "
			 "(it is not deterministic)");
	r->stats.distinct_states = r->states.n;
	r->stats.elapsed_s = ex_now() - t0;
	if (job->o->progress)
		fputs("\r\033[K", stderr); /* clear the progress line */
	ops->destroy(rec.s);
	free(rec.choice);
}

void unit_result_free(struct unit_result *r)
{
	hashset_free(&r->states);
	for (int i = 0; i < r->nfound; i++)
		ex_schedule_free(&r->found[i].sched);
	r->nfound = 0;
}

bool unit_result_final(const struct unit_result *r)
{
	return r->ran && !r->interrupted && !r->budget_hit && !r->error[0];
}
