/*
 * watchdog.c - see watchdog.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include "clock.h"
#include "counterexample.h"
#include "watchdog.h"

#define DEFAULT_TIMEOUT_S 10.0

/* Did an earlier worker of this unit die on the same schedule?  Then the
 * step over it did not work: the model does not repeat itself. */
static bool died_there_before(const struct ex_skip_list *skip, const uint8_t *choice, unsigned n)
{
	for (unsigned i = 0; i < skip->n; i++)
		if (skip->s[i].n == n && !memcmp(skip->s[i].choice, choice, n))
			return true;
	return false;
}

static void skip_add(struct ex_skip_list *skip, const uint8_t *choice, unsigned n)
{
	if (skip->n == skip->cap) {
		skip->cap = skip->cap ? 2 * skip->cap : 16;
		skip->s = realloc(skip->s, skip->cap * sizeof(*skip->s));
		if (!skip->s)
			abort();
	}
	uint8_t *copy = malloc(n);
	if (!copy)
		abort();
	memcpy(copy, choice, n);
	skip->s[skip->n++] = (struct ex_skip_choices){n, copy};
}

static void skip_clear(struct ex_skip_list *skip)
{
	for (unsigned i = 0; i < skip->n; i++)
		free(skip->s[i].choice);
	free(skip->s);
	memset(skip, 0, sizeof(*skip));
}

int watchdog_init(struct watchdog *w, const struct ex_options *o)
{
	memset(w, 0, sizeof(*w));
	w->timeout = o->isolate_timeout > 0 ? o->isolate_timeout : DEFAULT_TIMEOUT_S;
	w->pglen = sizeof(struct ex_progress) + o->max_steps + 1;
	w->pg = mmap(NULL, w->pglen, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (w->pg == MAP_FAILED) {
		w->pg = NULL;
		return -1;
	}
	return 0;
}

void watchdog_free(struct watchdog *w)
{
	ex_report_free(&w->kills);
	skip_clear(&w->skip);
	if (w->pg)
		munmap(w->pg, w->pglen);
	w->pg = NULL;
}

void watchdog_new_unit(struct watchdog *w)
{
	ex_report_free(&w->kills);
	skip_clear(&w->skip);
}

void watchdog_start(struct watchdog *w)
{
	memset(w->pg, 0, sizeof(*w->pg));
	w->pg->cap = (unsigned)(w->pglen - sizeof(*w->pg));
	w->heartbeat = 0;
	w->since = ex_now();
}

bool watchdog_stalled(struct watchdog *w)
{
	unsigned long hb = __atomic_load_n(&w->pg->heartbeat, __ATOMIC_RELAXED);
	double now = ex_now();

	if (hb != w->heartbeat) {
		w->heartbeat = hb;
		w->since = now;
		return false;
	}
	return now - w->since > w->timeout;
}

static void describe_death(struct rt_violation *v, int st, bool hung, double timeout, unsigned n)
{
	memset(v, 0, sizeof(*v));
	v->tid = -1;
	v->step = n;
	v->fatal = true;
	if (hung) {
		snprintf(v->kind, sizeof(v->kind), "hang");
		snprintf(v->message, sizeof(v->message),
			 "no scheduling point for %.1f s after step %u of an execution: a "
			 "thread loops without one (worker killed)",
			 timeout, n);
	} else if (WIFSIGNALED(st)) {
		snprintf(v->kind, sizeof(v->kind), "crash");
		snprintf(v->message, sizeof(v->message),
			 "the worker died of signal %d (%s) after step %u of an execution",
			 WTERMSIG(st), strsignal(WTERMSIG(st)), n);
	} else {
		snprintf(v->kind, sizeof(v->kind), "crash");
		snprintf(v->message, sizeof(v->message),
			 "the worker exited with status %d after step %u of an execution",
			 WEXITSTATUS(st), n);
	}
}

/*
 * Every death is stepped over; the first of each kind is kept as a
 * counterexample (the report keeps one schedule per kind anyway), so a
 * model that crashes in many executions is still explored to the end.
 */
bool watchdog_record_death(struct watchdog *w, const struct unit_job *job, int status, bool hung)
{
	unsigned n = __atomic_load_n(&w->pg->n, __ATOMIC_ACQUIRE);
	struct rt_violation v;

	describe_death(&v, status, hung, w->timeout, n);
	if (!ex_report_find(&w->kills, v.kind) && w->kills.nfound < EX_MAX_FOUND)
		counterexample_keep(job->o, job->index, w->pg->finished, &v, w->pg->choice, n,
				    &w->kills.found[w->kills.nfound++]);
	if (!job->o->keep_going || n == 0 || died_there_before(&w->skip, w->pg->choice, n))
		return false;
	skip_add(&w->skip, w->pg->choice, n);
	return true;
}

/* Move the deaths into r's report (unit order: after what r found). */
static void move_kills(struct watchdog *w, struct ex_report *r)
{
	for (int i = 0; i < w->kills.nfound; i++) {
		if (r->nfound < EX_MAX_FOUND)
			r->found[r->nfound++] = w->kills.found[i];
		else
			ex_schedule_free(&w->kills.found[i].sched);
	}
	w->kills.nfound = 0;
	skip_clear(&w->skip);
}

void watchdog_unit_ended(struct watchdog *w, const struct ex_options *o, struct unit_result *r)
{
	memset(r, 0, sizeof(*r));
	r->stopped_on_violation = !o->keep_going;
	r->ran = true;
	move_kills(w, &r->report);
}

void watchdog_unit_finished(struct watchdog *w, struct unit_result *r)
{
	move_kills(w, &r->report);
}
