/*
 * follow.c - a schedule's runs replayed under another fix (ex_follow.h).
 */
#include <stdlib.h>
#include <string.h>

#include "strategy.h"
#include "vfsrace/ex_follow.h"
#include "vfsrace/ex_model_program.h"
#include "vfsrace/ex_replay.h"

static bool same(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

/* Is e a step of the run's key: its thread, in its function, doing its
 * operation?  The plan and the live count both ask it. */
static bool is_key(const struct rt_event *e, int tid, const char *func, const char *what)
{
	return e->tid == tid && same(e->op.loc.func, func) && same(e->op.what, what);
}

static unsigned count_before(const struct rt_trace *t, unsigned upto, int tid, const char *func,
			     const char *what)
{
	unsigned k = 0;

	for (unsigned i = 0; i <= upto; i++)
		k += is_key(&t->step[i].e, tid, func, what);
	return k;
}

int ex_follow_plan(const struct rt_trace *orig, struct ex_follow_plan *plan)
{
	plan->n = 0;
	plan->seg = calloc(orig->nsteps ? orig->nsteps : 1, sizeof(*plan->seg));
	if (!plan->seg)
		return -1;
	for (unsigned i = 0; i < orig->nsteps; i++) {
		const struct rt_event *e = &orig->step[i].e;

		if (i + 1 < orig->nsteps && orig->step[i + 1].e.tid == e->tid)
			continue;
		struct ex_follow_seg *s = &plan->seg[plan->n++];
		s->tid = e->tid;
		s->func = e->op.loc.func;
		s->what = e->op.what;
		s->occurrence = count_before(orig, i, e->tid, s->func, s->what);
		s->orig_step = i;
	}
	return 0;
}

void ex_follow_plan_free(struct ex_follow_plan *plan)
{
	free(plan->seg);
	plan->seg = NULL;
	plan->n = 0;
}

struct follow {
	const struct ex_follow_plan *plan;
	unsigned seg;
	unsigned seg_start; /* events before the current run began */
	bool free_run;	    /* stopped fitting: each thread runs until it blocks */
	struct ex_follow_stop *stop;
};

/* Steps of tid with the run's key among the first n events. */
static unsigned key_count(const struct rt_event *ev, unsigned n, const struct ex_follow_seg *s)
{
	unsigned k = 0;

	for (unsigned i = 0; i < n; i++)
		k += is_key(&ev[i], s->tid, s->func, s->what);
	return k;
}

static bool ran_since(const struct rt_event *ev, unsigned n, unsigned from, int tid)
{
	for (unsigned i = from; i < n; i++)
		if (ev[i].tid == tid)
			return true;
	return false;
}

/* Account for the steps taken since the last decision: a run is done
 * once its thread has taken its key's step as often as in the original
 * (counted from the thread's start, as the plan counts it). */
static void take_events(struct follow *f)
{
	unsigned n;
	const struct rt_event *ev = rt_events(&n);

	/* A run is done when its thread took a step in it and has reached
	 * its key; one its thread got through in an earlier run (the fix
	 * made it go further) still costs its thread one step. */
	while (!f->free_run && f->seg < f->plan->n &&
	       ran_since(ev, n, f->seg_start, f->plan->seg[f->seg].tid) &&
	       key_count(ev, n, &f->plan->seg[f->seg]) >= f->plan->seg[f->seg].occurrence) {
		f->seg++;
		f->seg_start = n;
	}
}

static void stop_here(struct follow *f, const struct rt_sched_view *v, enum ex_follow_why why,
		      int tid)
{
	f->free_run = true;
	f->stop->why = why;
	f->stop->step = v->step;
	f->stop->seg = f->seg;
	f->stop->tid = tid;
	f->stop->has_op = tid >= 0 && tid < v->nthreads && v->t[tid].state != RT_T_DONE;
	if (f->stop->has_op)
		f->stop->op = *v->t[tid].next;
}

static int first_enabled(const struct rt_sched_view *v, int prefer)
{
	uint32_t en = ex_enabled_mask(v);

	if (prefer >= 0 && (en & (1u << prefer)))
		return prefer;
	return en ? __builtin_ctz(en) : -1;
}

static int follow_choose(void *p, const struct rt_sched_view *v)
{
	struct follow *f = p;

	take_events(f);
	if (!f->free_run && f->seg < f->plan->n) {
		const struct ex_follow_seg *s = &f->plan->seg[f->seg];
		int want = s->tid;

		if (want < v->nthreads && v->t[want].state == RT_T_ENABLED)
			return want;
		/* The run's own thread stopped short of its switch point, or
		 * the next run's thread cannot start it. */
		bool short_run = v->current == want;
		stop_here(f, v,
			  short_run						? EX_FOLLOW_SHORT
			  : want < v->nthreads && v->t[want].state == RT_T_DONE ? EX_FOLLOW_ENDED
										: EX_FOLLOW_BLOCKED,
			  want);
	}
	return first_enabled(v, v->current);
}

int ex_follow(const struct model *m, const struct model_args *a, const struct ex_follow_plan *plan,
	      unsigned max_steps, bool check_races, struct rt_result *res,
	      struct ex_follow_stop *stop)
{
	struct follow f = {.plan = plan, .stop = stop};
	struct rt_scheduler sched = {follow_choose, &f};
	struct rt_exec_config cfg = {
	    .max_steps = max_steps,
	    .record_events = true,
	    .record_states = true,
	    .check_leaks = true,
	    .record_trace = true,
	};
	struct ex_model_program mp;

	memset(stop, 0, sizeof(*stop));
	stop->why = EX_FOLLOW_FITS;
	stop->tid = -1;
	ex_model_program_init(&mp, m, a);
	if (rt_run(&mp.prog, &sched, &cfg, res) != 0)
		return -1;
	if (check_races)
		ex_replay_check_races(res);
	return 0;
}
