/*
 * minimize.c - the schedule with the fewest preemptions that still shows
 * a violation of the same kind.
 *
 * Preemption bounding (CHESS, Musuvathi & Qadeer, PLDI 2007) explores every
 * schedule with at most K preemptions; running it with K = 0, 1, 2, ... and
 * stopping at the first K that shows the kind gives a schedule with the
 * fewest preemptions possible, which is what makes a trace easy to read.
 * The original schedule bounds the search: its own count always suffices.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

int replay_schedule(const struct model *m, const struct model_args *a, const struct ex_schedule *s,
		    unsigned max_steps, struct rt_result *res, unsigned *preemptions, char *errbuf,
		    unsigned errlen)
{
	/* A fresh runtime: after an exploration without state recording the
	 * runtime's event log is already large and its state log was never
	 * allocated, so recording states would write through NULL (a runtime
	 * bug: exec.c grows rt.states only together with rt.ev). */
	rt_shutdown();
	rt_init();
	if (ex_replay(m, a, s, max_steps, res, errbuf, errlen) != 0)
		return -1;
	if (preemptions)
		*preemptions = trace_count_preemptions();
	return 0;
}

void minimize_default_path(const char *path, char *buf, size_t len)
{
	const char *dot = strrchr(path, '.');
	const char *slash = strrchr(path, '/');

	if (dot && dot != path && (!slash || dot > slash + 1))
		snprintf(buf, len, "%.*s.min%s", (int)(dot - path), path, dot);
	else
		snprintf(buf, len, "%s.min", path);
}

static const struct ex_found *find_kind(const struct ex_report *r, const char *kind)
{
	for (int i = 0; i < r->nfound; i++)
		if (strcmp(r->found[i].v.kind, kind) == 0)
			return &r->found[i];
	return NULL;
}

/* The explorer saves what it finds; minimisation keeps only its answer,
 * so the candidates go to a scratch directory removed afterwards. */
static void remove_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char path[1024];

	if (d) {
		while ((de = readdir(d)) != NULL) {
			if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
				continue;
			snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
			unlink(path);
		}
		closedir(d);
	}
	rmdir(dir);
}

/* One bounded run with bound k; with keep_going it collects every kind. */
static int run_bounded(const struct ex_options *base, int k, bool keep_going, const char *kind,
		       struct ex_report *r, const struct ex_found **hit, char *errbuf,
		       unsigned errlen)
{
	struct ex_options o = *base;

	o.strategy = "bounded";
	o.preemptions = k;
	o.keep_going = keep_going;
	o.progress = false;
	o.replay = NULL;
	memset(r, 0, sizeof(*r));
	if (ex_explore(&o, r, errbuf, errlen) != 0)
		return -1;
	*hit = find_kind(r, kind);
	return 0;
}

int minimize_schedule(const struct model *m, const struct model_args *a,
		      const struct ex_schedule *orig, const struct ex_options *base,
		      struct minimize_result *mr, char *errbuf, unsigned errlen)
{
	char scratch[] = "/tmp/vfsrace-minimize.XXXXXX";
	struct rt_result res;
	struct ex_options o = *base;
	int rc = -1;

	memset(mr, 0, sizeof(*mr));
	if (replay_schedule(m, a, orig, base->max_steps, &res, &mr->orig_preemptions, errbuf,
			    errlen) != 0)
		return -1;
	if (orig->violation[0])
		snprintf(mr->kind, sizeof(mr->kind), "%s", orig->violation);
	else if (res.nviolations > 0)
		snprintf(mr->kind, sizeof(mr->kind), "%s", res.v[0].kind);
	else {
		snprintf(errbuf, errlen, "the schedule shows no violation: nothing to minimise");
		return -1;
	}
	if (!mkdtemp(scratch)) {
		snprintf(errbuf, errlen, "cannot create a scratch directory in /tmp");
		return -1;
	}
	o.model = m;
	o.args = *a;
	o.out_dir = scratch;
	for (int k = 0; k <= (int)mr->orig_preemptions; k++) {
		struct ex_report r;
		const struct ex_found *hit;

		if (run_bounded(&o, k, false, mr->kind, &r, &hit, errbuf, errlen) != 0)
			goto out;
		if (!hit && r.nfound > 0) {
			/* Another kind came first: look through all of this bound. */
			ex_report_free(&r);
			if (run_bounded(&o, k, true, mr->kind, &r, &hit, errbuf, errlen) != 0)
				goto out;
		}
		if (hit) {
			ex_schedule_init(&mr->sched);
			ex_schedule_set_header(&mr->sched, m, a);
			for (unsigned i = 0; i < hit->sched.n; i++)
				ex_schedule_push(&mr->sched, hit->sched.choice[i]);
			snprintf(mr->sched.violation, sizeof(mr->sched.violation), "%s", mr->kind);
			mr->bound = k;
			ex_report_free(&r);
			rc = replay_schedule(m, a, &mr->sched, base->max_steps, &res,
					     &mr->preemptions, errbuf, errlen);
			goto out;
		}
		ex_report_free(&r);
	}
	/* Not found under the original's own count: keep the original. */
	ex_schedule_init(&mr->sched);
	ex_schedule_set_header(&mr->sched, m, a);
	for (unsigned i = 0; i < orig->n; i++)
		ex_schedule_push(&mr->sched, orig->choice[i]);
	snprintf(mr->sched.violation, sizeof(mr->sched.violation), "%s", mr->kind);
	mr->bound = -1;
	mr->preemptions = mr->orig_preemptions;
	rc = 0;
out:
	remove_dir(scratch);
	return rc;
}
