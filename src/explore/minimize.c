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

/* Replay s and count its preemptions; 0 or -1 with errbuf. */
static int count_preemptions(const struct ex_options *o, const struct ex_schedule *s,
			     unsigned *preemptions, char *errbuf, unsigned errlen)
{
	struct rt_result res;

	if (ex_replay(o->model, &o->args, s, o->max_steps, &res, errbuf, errlen) != 0)
		return -1;
	*preemptions = ex_replay_preemptions();
	return 0;
}

/* One bounded run with bound k: 1 if it showed kind (its schedule copied
 * to out), 0 if not, -1 with errbuf.  *other: it stopped at another kind
 * first, so a run with --keep-going may still find this one. */
static int search_bound(const struct ex_options *o, int k, bool keep_going, const char *kind,
			struct ex_schedule *out, bool *other, char *errbuf, unsigned errlen)
{
	struct ex_options b = *o;
	struct ex_report r;
	const struct ex_found *hit;

	b.strategy = &ex_bounded_ops;
	b.preemptions = k;
	b.keep_going = keep_going;
	b.progress = false;
	b.out_dir = NULL; /* the candidates stay in memory */
	/* The whole space, not one shard's, and never the run's checkpoint. */
	b.shard_index = b.shard_count = 0;
	b.checkpoint = b.resume = NULL;
	if (ex_explore(&b, &r, errbuf, errlen) != 0)
		return -1;
	hit = ex_report_find(&r, kind);
	if (hit)
		ex_schedule_copy(out, &hit->sched);
	*other = !hit && r.nfound > 0;
	ex_report_free(&r);
	return hit != NULL;
}

/* The fewest-preemption schedule of m->kind with K = 0..max: 1 when found
 * (m->sched, m->bound), 0 when not, -1 with errbuf. */
static int search(const struct ex_options *o, unsigned max, struct ex_minimized *m, char *errbuf,
		  unsigned errlen)
{
	for (int k = 0; k <= (int)max; k++) {
		bool other;
		int rc = search_bound(o, k, false, m->kind, &m->sched, &other, errbuf, errlen);

		if (rc == 0 && other)
			rc = search_bound(o, k, true, m->kind, &m->sched, &other, errbuf, errlen);
		if (rc == 1)
			m->bound = k;
		if (rc != 0)
			return rc;
	}
	return 0;
}

int ex_minimize(const struct ex_options *o, const struct ex_schedule *orig, const char *path,
		struct ex_minimized *m, char *errbuf, unsigned errlen)
{
	memset(m, 0, sizeof(*m));
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
	if (count_preemptions(o, orig, &m->orig_preemptions, errbuf, errlen) != 0)
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
	if (count_preemptions(o, &m->sched, &m->preemptions, errbuf, errlen) != 0 ||
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
