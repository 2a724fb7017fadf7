/*
 * clock.h - seconds on the monotonic clock, for budgets, rates and the
 * watchdog (never for anything a count depends on).
 */
#ifndef VFSRACE_EXPLORE_CLOCK_H
#define VFSRACE_EXPLORE_CLOCK_H

#include <time.h>

static inline double ex_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

#endif
