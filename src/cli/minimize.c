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

/*
 * Switching between runs that record states (replay) and runs that do not
 * (exploration) trips the runtime's state log: exec.c grows rt.states only
 * together with rt.ev (a NULL write when the event log is already large),
 * and after a replay it frees the same stale state strings at every later
 * begin (double free).  Until the runtime handles it: a replay starts from
 * a fresh runtime, and minimisation runs all its explorations before any
 * replay.
 */
static void fresh_runtime(void)
{
	rt_shutdown();
	rt_init();
}

int replay_schedule(const struct model *m, const struct model_args *a, const struct ex_schedule *s,
		    unsigned max_steps, struct rt_result *res, unsigned *preemptions, char *errbuf,
		    unsigned errlen)
{
	fresh_runtime();
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

	o.strategy = ex_strategy_find("bounded");
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

/* Well above the preemptions of any schedule worth minimising. */
#define MINIMIZE_MAX_BOUND 64

static void copy_schedule(struct ex_schedule *dst, const struct model *m,
			  const struct model_args *a, const struct ex_schedule *src,
			  const char *kind)
{
	ex_schedule_copy(dst, src);
	ex_schedule_set_header(dst, m, a);
	snprintf(dst->violation, sizeof(dst->violation), "%s", kind);
}

/*
 * The original's preemption count would bound K, but counting it needs a
 * replay, which must wait until the explorations are done (see
 * fresh_runtime()); a deterministic model shows the kind again at K no
 * larger than that count, so the loop ends there in practice.
 */
int minimize_schedule(const struct model *m, const struct model_args *a,
		      const struct ex_schedule *orig, const struct ex_options *base,
		      struct minimize_result *mr, char *errbuf, unsigned errlen)
{
	char scratch[] = "/tmp/vfsrace-minimize.XXXXXX";
	struct rt_result res;
	struct ex_options o = *base;
	bool found = false;
	int rc = -1;

	memset(mr, 0, sizeof(*mr));
	if (!orig->violation[0]) {
		snprintf(
		    errbuf, errlen,
		    "the schedule records no violation ('violation none'): nothing to minimise");
		return -1;
	}
	snprintf(mr->kind, sizeof(mr->kind), "%s", orig->violation);
	if (!mkdtemp(scratch)) {
		snprintf(errbuf, errlen, "cannot create a scratch directory in /tmp");
		return -1;
	}
	o.model = m;
	o.args = *a;
	o.out_dir = scratch;
	for (int k = 0; k <= MINIMIZE_MAX_BOUND && !found; k++) {
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
			copy_schedule(&mr->sched, m, a, &hit->sched, mr->kind);
			mr->bound = k;
			found = true;
		}
		ex_report_free(&r);
	}
	if (replay_schedule(m, a, orig, base->max_steps, &res, &mr->orig_preemptions, errbuf,
			    errlen) != 0)
		goto out;
	if (!found || mr->bound > (int)mr->orig_preemptions) {
		/* Nothing better than the original: keep it. */
		if (found)
			ex_schedule_free(&mr->sched);
		copy_schedule(&mr->sched, m, a, orig, mr->kind);
		mr->bound = -1;
	}
	rc = replay_schedule(m, a, &mr->sched, base->max_steps, &res, &mr->preemptions, errbuf,
			     errlen);
out:
	if (rc != 0 && found)
		ex_schedule_free(&mr->sched);
	remove_dir(scratch);
	return rc;
}
