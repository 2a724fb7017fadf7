/*
 * minimize.c - see ex_minimize.h.
 *
 * Preemption bounding (CHESS, Musuvathi & Qadeer, PLDI 2007) explores every
 * schedule with at most K preemptions; running it with K = 0, 1, 2, ... and
 * stopping at the first K that shows the kind gives a schedule with the
 * fewest preemptions possible.  The original's own count bounds K: it
 * shows the kind, so no larger K is needed.
 */
#include <stdio.h>
#include <string.h>

#include "strategy.h"
#include "whole_file.h"
#include "vfsrace/ex_minimize.h"
#include "vfsrace/ex_replay.h"

/* A data race is the race detector's finding, not the runtime's: replays
 * and searches for one run the detector. */
static bool races_wanted(const struct ex_options *o, const char *kind)
{
	return o->race_detect || (kind && strcmp(kind, "data-race") == 0);
}

/* Replay s and count its preemptions; 0 or -1 with errbuf.  With kind,
 * the replay must show a violation of that kind. */
static int count_preemptions(const struct ex_options *o, const struct ex_schedule *s,
			     const char *kind, unsigned *preemptions, char *errbuf, unsigned errlen)
{
	struct rt_result res;
	char why[400];

	if (ex_replay(o->model, &o->args, s, o->max_steps, &res, why, sizeof(why)) != 0) {
		snprintf(errbuf, errlen, "the schedule does not reproduce: %s", why);
		return -1;
	}
	if (races_wanted(o, kind))
		ex_replay_check_races(&res);
	bool shown = !kind;
	for (int i = 0; i < res.nviolations && !shown; i++)
		shown = strcmp(res.v[i].kind, kind) == 0;
	if (!shown) {
		snprintf(errbuf, errlen,
			 "the schedule does not reproduce its violation: it records %s, its replay "
			 "shows %s (see 'vfsrace replay')",
			 kind, res.nviolations ? res.v[0].kind : "no violation");
		return -1;
	}
	*preemptions = ex_replay_preemptions();
	return 0;
}

/* One bounded run with bound k: 1 if it showed kind (its schedule copied
 * to out), 0 if not, -1 with errbuf.  *other: it stopped at another kind
 * first, so a run with --keep-going may still find this one. */
static int search_bound(const struct ex_options *o, int k, bool keep_going, const char *kind,
			unsigned long *left, struct ex_schedule *out, bool *other, char *errbuf,
			unsigned errlen)
{
	struct ex_options b = *o;
	struct ex_report r;
	const struct ex_found *hit;

	b.max_executions = *left;
	b.max_seconds = 0;
	b.race_detect = races_wanted(o, kind);
	b.strategy = &ex_bounded_ops;
	b.preemptions = k;
	b.keep_going = keep_going;
	b.progress = false;
	b.out_dir = NULL; /* the candidates stay in memory */
	/* The whole space, not one shard's, and never the run's checkpoint. */
	b.shard_index = b.shard_count = 0;
	b.checkpoint = b.resume = NULL;
	int rc = ex_explore(&b, &r, errbuf, errlen);
	if (rc == 1)
		ex_report_free(&r); /* interrupted: what it found so far */
	if (rc != 0)
		return -1;
	hit = ex_report_find(&r, kind);
	if (hit)
		ex_schedule_copy(out, &hit->sched);
	*other = !hit && r.nfound > 0;
	unsigned long used = r.stats.executions + r.stats.blocked;
	*left = used < *left ? *left - used : 0;
	ex_report_free(&r);
	return hit != NULL;
}

/* The fewest-preemption schedule of m->kind with K = 0..max within the
 * budget: 1 when found (m->sched, m->bound), 0 when not (m->budget_out:
 * the budget ran out first), -1 with errbuf. */
static int search(const struct ex_options *o, unsigned max, struct ex_minimized *m, char *errbuf,
		  unsigned errlen)
{
	unsigned long left = m->budget;

	for (int k = 0; k <= (int)max; k++) {
		bool other;
		int rc =
		    search_bound(o, k, false, m->kind, &left, &m->sched, &other, errbuf, errlen);

		if (rc == 0 && other && left)
			rc = search_bound(o, k, true, m->kind, &left, &m->sched, &other, errbuf,
					  errlen);
		if (rc == 1)
			m->bound = k;
		if (rc != 0)
			return rc;
		if (!left) {
			m->budget_out = true;
			m->budget_bound = k;
			return 0;
		}
	}
	return 0;
}

int ex_minimize(const struct ex_options *o, const struct ex_schedule *orig, const char *path,
		struct ex_minimized *m, char *errbuf, unsigned errlen)
{
	memset(m, 0, sizeof(*m));
	m->budget = o->max_executions ? o->max_executions : EX_MINIMIZE_BUDGET;
	if (!orig->violation[0]) {
		snprintf(
		    errbuf, errlen,
		    "the schedule records no violation ('violation none'): nothing to minimise");
		return -1;
	}
	bool exists;
	/* Refuse a path that cannot be written before the search, not after. */
	if (whole_file_target(path, &exists, errbuf, errlen) != 0)
		return -1;
	snprintf(m->kind, sizeof(m->kind), "%s", orig->violation);
	snprintf(m->path, sizeof(m->path), "%s", path);
	/* A schedule that does not show its violation has nothing to
	 * minimise, and the search for it would not end in reasonable time. */
	if (count_preemptions(o, orig, m->kind, &m->orig_preemptions, errbuf, errlen) != 0)
		return -1;
	int found = search(o, m->orig_preemptions, m, errbuf, errlen);
	if (found < 0)
		return -1;
	if (!found) {
		ex_schedule_copy(&m->sched, orig);
		m->bound = -1;
	}
	ex_schedule_set_header(&m->sched, o->model, &o->args);
	snprintf(m->sched.violation, sizeof(m->sched.violation), "%s", m->kind);
	m->sched.max_steps = o->max_steps != EX_DEFAULT_MAX_STEPS ? o->max_steps : 0;
	if (count_preemptions(o, &m->sched, m->kind, &m->preemptions, errbuf, errlen) != 0 ||
	    ex_schedule_save(&m->sched, path, errbuf, errlen) != 0) {
		ex_schedule_free(&m->sched);
		return -1;
	}
	return 0;
}

void ex_minimize_default_path(const char *path, char *buf, size_t len)
{
	const char *dot = strrchr(path, '.');
	const char *slash = strrchr(path, '/');

	if (dot && dot != path && (!slash || dot > slash + 1))
		snprintf(buf, len, "%.*s.min%s", (int)(dot - path), path, dot);
	else
		snprintf(buf, len, "%s.min", path);
}
