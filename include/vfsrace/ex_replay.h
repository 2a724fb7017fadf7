/*
 * ex_replay.h - running the one execution a saved schedule describes,
 * exactly: a choice the model does not allow there is a divergence,
 * reported, never papered over.
 */
#ifndef VFSRACE_EX_REPLAY_H
#define VFSRACE_EX_REPLAY_H

#include "ex_schedule.h"
#include "model.h"
#include "rt_exec.h"

/* Replay s once with events and states recorded (rt_events(),
 * rt_event_state()); max_steps 0: enough for s.  0, or -1 with errbuf on
 * divergence. */
int ex_replay(const struct model *m, const struct model_args *a, const struct ex_schedule *s,
	      unsigned max_steps, struct rt_result *res, char *errbuf, unsigned errlen);
/* Run the data race detector (explore --races) over the last replay: its
 * first unaccepted race becomes a "data-race" violation in res. */
void ex_replay_check_races(struct rt_result *res);
/* Steps of the last execution that preempted a thread that could go on. */
unsigned ex_replay_preemptions(void);

#endif
