/*
 * unit.c - exploring one work unit (see unit.h).
 *
 * The runtime asks the recorder at every scheduling point; the recorder
 * asks the strategy and keeps the choices of the running execution, so
 * the schedule of a violation is at hand the moment the execution ends.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "counterexample.h"
#include "hashset.h"
#include "vfsrace/ex_model_program.h"
#include "race.h"
#include "unit.h"

/* A line on stderr twice a second (the CLI asks only when it is a terminal). */
static void show_progress(const struct ex_stats *s, unsigned unit_index, double t0)
{
	static double last;
	double now = ex_now();

	if (now - last < 0.5)
		return;
	last = now;
	fprintf(stderr, "\r  unit %u: %lu executions, %lu blocked, %.0f executions/s, depth %u   ",
		unit_index, s->executions, s->blocked,
		(double)s->executions / (now - t0 > 1e-9 ? now - t0 : 1e-9), s->max_depth);
	fflush(stderr);
}

/* Records the choices of the running execution and its preemptions. */
struct recorder {
	const struct unit_job *job;
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
	for (unsigned k = 0; k < r->skip->n; k++) {
		const struct ex_skip_choices *s = &r->skip->s[k];

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

/* Why the unit must not start another execution, if it must not. */
static bool unit_must_stop(const struct unit_job *job, struct unit_result *r)
{
	const struct ex_stats *s = &r->report.stats;

	if (job->budget && s->executions + s->blocked >= job->budget) {
		r->budget_hit = true;
		return true;
	}
	if (job->deadline > 0 && ex_now() > job->deadline) {
		r->budget_hit = true;
		return true;
	}
	if (ex_stop_requested()) {
		r->interrupted = true;
		return true;
	}
	return false;
}

/* Count an execution that ran to its end; keep the first schedule of
 * each kind of violation it showed.  True if it showed one. */
static bool count_execution(const struct recorder *rec, const struct rt_result *res,
			    struct hashset *states, struct ex_report *r)
{
	struct ex_stats *s = &r->stats;

	s->executions++;
	s->steps += res->steps;
	if (res->steps > s->max_depth)
		s->max_depth = res->steps;
	if (rec->preemptions > s->max_preemptions)
		s->max_preemptions = rec->preemptions;
	hashset_add(states, res->state_hash);
	for (int i = 0; i < res->nviolations; i++)
		if (r->nfound < EX_MAX_FOUND && !ex_report_find(r, res->v[i].kind))
			counterexample_keep(rec->job->o, rec->job->index,
					    s->executions + s->blocked, &res->v[i], rec->choice,
					    rec->n, &r->found[r->nfound++]);
	return res->nviolations > 0;
}

/* What the loop of executions carries from one to the next. */
struct unit_loop {
	struct recorder *rec;
	struct hashset *states;
	struct unit_result *r;
	double t0;
	struct ex_race_table races; /* this execution's racing pairs */
};

/* Before an execution: may the unit run another? */
static bool before_execution(struct unit_loop *l)
{
	struct recorder *rec = l->rec;

	if (unit_must_stop(rec->job, l->r) || !rec->ops->begin(rec->s))
		return false;
	rec->n = 0;
	rec->preemptions = 0;
	if (rec->mirror)
		mirror_new_execution(rec->mirror,
				     l->r->report.stats.executions + l->r->report.stats.blocked);
	return true;
}

/* After an execution (on the thread that ended it: rt_run_many): analyse
 * and count it, then decide on the next one. */
static bool after_execution(void *p, struct rt_result *res)
{
	struct unit_loop *l = p;
	struct recorder *rec = l->rec;
	const struct ex_options *o = rec->job->o;
	const struct strategy_ops *ops = rec->ops;
	struct ex_stats *s = &l->r->report.stats;
	unsigned nev;
	const struct rt_event *ev = rt_events(&nev);

	l->races.n = 0;
	if (o->race_detect && !res->abandoned)
		race_check(ev, nev, res, &l->races);
	ops->end(rec->s, res, ev, nev);
	if (ops->counted && !ops->counted(rec->s))
		return before_execution(l);
	if (res->abandoned) {
		s->blocked++;
		return before_execution(l);
	}
	if (o->on_execution)
		o->on_execution(o->on_execution_ctx, res, ev, nev);
	for (int i = 0; i < l->races.n; i++)
		ex_race_table_add(&l->r->report.races, &l->races.r[i], 1);
	bool violated = count_execution(rec, res, l->states, &l->r->report);
	if (o->progress)
		show_progress(s, rec->job->index, l->t0);
	if (violated && !o->keep_going) {
		l->r->stopped_on_violation = true;
		return false;
	}
	return before_execution(l);
}

/* Run executions until the strategy is done or something stops the unit. */
static void run_executions(struct recorder *rec, struct hashset *states, struct unit_result *r,
			   double t0)
{
	const struct ex_options *o = rec->job->o;
	struct rt_exec_config cfg = {
	    .max_steps = o->max_steps,
	    .record_events = true,
	    .check_leaks = true,
	};
	struct rt_scheduler sched = {recorder_choose, rec};
	struct ex_model_program mp;
	struct rt_result res;
	static struct unit_loop l;

	l = (struct unit_loop){.rec = rec, .states = states, .r = r, .t0 = t0};
	ex_model_program_init(&mp, o->model, &o->args);
	if (before_execution(&l))
		rt_run_many(&mp.prog, &sched, &cfg, &res, after_execution, &l);
}

void unit_explore(const struct unit_job *job, struct ex_progress *mirror,
		  const struct ex_skip_list *skip, struct unit_result *r)
{
	const struct strategy_ops *ops = job->o->strategy;
	struct recorder rec = {
	    .job = job, .ops = ops, .mirror = mirror, .skip = skip && skip->n ? skip : NULL};
	struct ex_report *rep = &r->report;
	struct hashset states = {0};
	double t0 = ex_now();

	memset(r, 0, sizeof(*r));
	rec.s = ops->create(job->o, job->unit, r->error, sizeof(r->error));
	if (!rec.s) {
		if (!r->error[0])
			snprintf(r->error, sizeof(r->error), "out of memory");
		return;
	}
	run_executions(&rec, &states, r, t0);
	ops->bounds(rec.s, rep->bounds, sizeof(rep->bounds));
	if (ops->covers)
		ops->covers(rec.s, rep->covers, sizeof(rep->covers));
	r->ran = !r->interrupted;
	bool cut_short = r->budget_hit || r->stopped_on_violation || r->interrupted;
	rep->stats.complete = ops->complete(rec.s) && !cut_short;
	/* A strategy that replays prefixes ends short of complete only when
	 * the model took another path on the same choices. */
	if (ops->splits && !ops->complete(rec.s) && !cut_short)
		snprintf(r->error, sizeof(r->error),
			 "the model behaved differently on replay of the same choices "
			 "(it is not deterministic)");
	rep->state_hashes = hashset_sorted(&states);
	rep->nstate_hashes = rep->stats.distinct_states = states.n;
	ex_race_table_sort(&rep->races);
	hashset_free(&states);
	rep->stats.elapsed_s = ex_now() - t0;
	if (job->o->progress)
		fputs("\r\033[K", stderr); /* clear the progress line */
	ops->destroy(rec.s);
	free(rec.choice);
}

void unit_result_free(struct unit_result *r)
{
	ex_report_free(&r->report);
}

bool unit_result_final(const struct unit_result *r)
{
	return r->ran && !r->interrupted && !r->budget_hit && !r->error[0];
}
