/*
 * trace_replay.c - a saved schedule replayed into a trace value, the one
 * thing every view of a trace (text, JSON, HTML, step) reads.
 */
#include <string.h>

#include "cli.h"

struct rt_trace *trace_replay(const struct model *m, const struct model_args *a,
			      const struct ex_schedule *s, unsigned max_steps, bool check_races,
			      struct rt_trace **partial, char *errbuf, unsigned errlen)
{
	struct rt_result res;
	int rc = ex_replay(m, a, s, max_steps, &res, errbuf, errlen);

	if (rc == 0 && check_races)
		ex_replay_check_races(&res);
	struct rt_trace *tr = rt_trace_take(&res);
	if (tr)
		trace_resolve_origins(tr);
	if (rc == 0 && !tr)
		snprintf(errbuf, errlen, "out of memory for the trace");
	if (rc == 0 && tr)
		return tr;
	if (partial)
		*partial = tr;
	else
		rt_trace_free(tr);
	return NULL;
}

int trace_focus(const struct rt_trace *tr)
{
	int first_pre = -1;
	int until = -1;

	for (unsigned i = 1; i < tr->nsteps; i++)
		if (tr->step[i].e.preemption) {
			first_pre = (int)i;
			break;
		}
	if (tr->nreports) {
		const struct rt_trace_report *r = &tr->report[0];

		/* A report with no second side (busy inodes found at the
		 * end): the first preemption is where the story turns. */
		if (r->window_from < 0 && r->v.tid < 0)
			return first_pre >= 0 ? first_pre : 0;
		until = r->window_from >= 0 ? r->window_from : (int)r->v.step;
	}
	for (int i = until; i > 0; i--)
		if ((unsigned)i < tr->nsteps && tr->step[i].e.preemption)
			return i;
	if (first_pre >= 0)
		return first_pre;
	return until > 0 ? until : 0;
}

int trace_next_step_of(const struct rt_trace *tr, int tid, unsigned from)
{
	for (unsigned i = from; i < tr->nsteps; i++)
		if (tr->step[i].e.tid == tid)
			return (int)i;
	return -1;
}

int trace_last_step_of(const struct rt_trace *tr, int tid, unsigned before)
{
	for (unsigned i = before < tr->nsteps ? before : tr->nsteps; i-- > 0;)
		if (tr->step[i].e.tid == tid)
			return (int)i;
	return -1;
}
