/*
 * report.c - printk capture and violation reports.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rt_internal.h"
#include "vfsrace/rt_report.h"

/* Only free mode has threads printing at once; the lock costs nothing
 * when uncontended. */
static pthread_mutex_t report_mu = PTHREAD_MUTEX_INITIALIZER;

#define PRINTK_CAP 8192
static char printk_buf[PRINTK_CAP];
static size_t printk_len;

void rt_printk_reset(void)
{
	printk_len = 0;
	printk_buf[0] = 0;
}

void rt_printk(const char *fmt, ...)
{
	va_list ap;

	pthread_mutex_lock(&report_mu);
	if (printk_len >= PRINTK_CAP - 1) {
		pthread_mutex_unlock(&report_mu);
		return;
	}
	va_start(ap, fmt);
	int n = vsnprintf(printk_buf + printk_len, PRINTK_CAP - printk_len, fmt, ap);
	va_end(ap);
	if (n > 0)
		printk_len +=
		    (size_t)n < PRINTK_CAP - printk_len ? (size_t)n : PRINTK_CAP - 1 - printk_len;
	pthread_mutex_unlock(&report_mu);
}

const char *rt_printk_buffer(void)
{
	return printk_buf;
}

bool rt_printk_contains(const char *needle)
{
	return strstr(printk_buf, needle) != NULL;
}

void rt_report(const char *kind, bool fatal, const char *fmt, ...)
{
	struct rt_result *res = rt.res;
	va_list ap;

	/* A fatal report in a running thread kills that thread in the step
	 * it was in, as an Oops kills the current task; the others go on.
	 * The scheduler's own reports (deadlock, livelock) end the run. */
	bool kills = fatal && rt_controlled() && !rt.ending && !rt.aborting;
	int step = kills ? rt_mark_fatal_step() : -1;

	/* A thread's report that does not kill it comes in the step it is
	 * in: its latest, recorded one. */
	if (step < 0 && rt_controlled() && !rt.ending && rt.cfg.record_events && rt.nev &&
	    rt.ev[rt.nev - 1].tid == rt_thread_self())
		step = (int)rt.nev - 1;
	pthread_mutex_lock(&report_mu);
	if (res && res->nviolations < RT_MAX_VIOLATIONS && !(fatal && rt.aborting)) {
		struct rt_violation *v = &res->v[res->nviolations++];

		snprintf(v->kind, sizeof(v->kind), "%s", kind);
		va_start(ap, fmt);
		vsnprintf(v->message, sizeof(v->message), fmt, ap);
		va_end(ap);
		v->tid = rt.ending ? -1 : rt_thread_self();
		v->step = step >= 0 ? (unsigned)step : rt.step;
		v->fatal = fatal;
		v->secondary = res->killed > 0;
		rt_trace_record_report(res->nviolations - 1, step);
	} else if (res) {
		rt_trace_record_report(-1, -1); /* drop what was staged */
	} else {
		va_start(ap, fmt);
		fprintf(stderr, "vfsrace: %s: ", kind);
		vfprintf(stderr, fmt, ap);
		fputc('\n', stderr);
		va_end(ap);
	}
	pthread_mutex_unlock(&report_mu);
	if (!fatal || rt.mode == RT_MODE_FREE)
		return;
	if (kills) {
		if (res)
			res->killed++;
		rt_unwind();
	}
	rt.aborting = true;
	if (rt.mode == RT_MODE_CONTROLLED && rt_tls_self)
		rt_unwind();
	if (rt.main_base_valid)
		rt_unwind();
}

_Noreturn void rt_bug_at(const char *file, int line, const char *func, const char *cond)
{
	rt_report(RT_V_BUG, true, "kernel BUG at %s:%d in %s(): %s", file, line, func, cond);
	/* Outside any execution there is nowhere to unwind to. */
	abort();
}
