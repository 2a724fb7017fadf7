/*
 * replay.c - follow a saved schedule exactly; a choice the model does not
 * allow at that point is a divergence, reported, never papered over.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vfsrace/ex_model_program.h"
#include "race.h"
#include "strategy.h"
#include "vfsrace/ex_replay.h"
#include "vfsrace/rt_thread.h"

struct replay {
	const struct ex_schedule *s;
	bool ran;
	bool diverged;
	unsigned used;
	unsigned diverged_at;
	char why[320];
};

static void *replay_create(const struct ex_options *o, const struct ex_unit *unit, char *err,
			   unsigned errlen)
{
	struct replay *r;

	if (!o->replay) {
		snprintf(err, errlen, "the replay strategy needs a schedule file");
		return NULL;
	}
	r = calloc(1, sizeof(*r));
	if (r)
		r->s = o->replay;
	return r;
}

static void replay_destroy(void *p)
{
	free(p);
}

static bool replay_begin(void *p)
{
	struct replay *r = p;

	if (r->ran)
		return false;
	r->ran = true;
	return true;
}

/* ", could run: kswapd, umount" (or "nothing could run") after r->why. */
static void add_runnable(struct replay *r, const struct rt_sched_view *v)
{
	size_t len = strlen(r->why);
	int n = 0;

	for (int i = 0; i < v->nthreads && len < sizeof(r->why); i++) {
		if (v->t[i].state != RT_T_ENABLED)
			continue;
		len += (size_t)snprintf(r->why + len, sizeof(r->why) - len, "%s%d (%s)",
					n++ ? ", " : "; threads that could run: ", i,
					rt_thread_name(i));
	}
	if (!n && len < sizeof(r->why))
		snprintf(r->why + len, sizeof(r->why) - len, "; no thread could run");
}

static int replay_choose(void *p, const struct rt_sched_view *v)
{
	struct replay *r = p;

	if (v->step >= r->s->n) {
		r->diverged = true;
		r->diverged_at = v->step;
		snprintf(r->why, sizeof(r->why),
			 "the schedule ends after %u steps but threads still run", r->s->n);
		add_runnable(r, v);
		return -1;
	}
	int c = r->s->choice[v->step];
	if (c >= v->nthreads || v->t[c].state != RT_T_ENABLED) {
		r->diverged = true;
		r->diverged_at = v->step;
		snprintf(r->why, sizeof(r->why), "step %u: the schedule picks thread %d, which %s",
			 v->step, c, c >= v->nthreads ? "does not exist" : "cannot run there");
		add_runnable(r, v);
		return -1;
	}
	r->used++;
	return c;
}

static void replay_end(void *p, const struct rt_result *res, const struct rt_event *ev, unsigned n)
{
}

static bool replay_complete(void *p)
{
	return !((struct replay *)p)->diverged;
}

static void replay_bounds(void *p, char *buf, unsigned len)
{
	snprintf(buf, len, "one schedule");
}

const struct strategy_ops ex_replay_ops = {
    .name = "replay",
    .create = replay_create,
    .destroy = replay_destroy,
    .begin = replay_begin,
    .choose = replay_choose,
    .end = replay_end,
    .complete = replay_complete,
    .bounds = replay_bounds,
};

/* The one execution a schedule describes, with events and states recorded
 * for the traces: the strategy on its own, no exploration around it. */
int ex_replay(const struct model *m, const struct model_args *a, const struct ex_schedule *s,
	      unsigned max_steps, struct rt_result *res, char *errbuf, unsigned errlen)
{
	struct replay r = {.s = s};
	struct rt_scheduler sched = {replay_choose, &r};
	struct rt_exec_config cfg = {
	    .max_steps = max_steps ? max_steps
			 : s->max_steps
			     ? s->max_steps
			     : (s->n + 1 > EX_DEFAULT_MAX_STEPS ? s->n + 1 : EX_DEFAULT_MAX_STEPS),
	    .record_events = true,
	    .record_states = true,
	    .check_leaks = true,
	    .record_trace = true,
	};
	struct ex_model_program mp;

	ex_model_program_init(&mp, m, a);
	replay_begin(&r);
	rt_run(&mp.prog, &sched, &cfg, res);
	if (r.diverged) {
		snprintf(errbuf, errlen, "replay diverged: %s", r.why);
		return -1;
	}
	if (r.used != s->n) {
		snprintf(
		    errbuf, errlen,
		    "replay diverged: the execution ended after %u of the schedule's %u choices",
		    r.used, s->n);
		return -1;
	}
	return 0;
}

unsigned ex_replay_preemptions(void)
{
	unsigned n, count = 0;
	const struct rt_event *ev = rt_events(&n);

	for (unsigned i = 0; i < n; i++)
		count += ev[i].preemption;
	return count;
}

void ex_replay_check_races(struct rt_result *res)
{
	static struct ex_race_table races; /* large: not on the stack */
	unsigned n;
	const struct rt_event *ev = rt_events(&n);

	races.n = 0;
	race_check(ev, n, res, &races);
}
