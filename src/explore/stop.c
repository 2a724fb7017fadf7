/*
 * stop.c - the request to stop an exploration after the current execution
 * (SIGINT/SIGTERM to explore, verify, minimize): a unit ends at it as interrupted,
 * and the pool passes it on to its workers.  Async-signal-safe.
 */
#include <signal.h>

#include "vfsrace/ex_explore.h"

static volatile sig_atomic_t stop_requested;

void ex_request_stop(void)
{
	stop_requested = 1;
}

bool ex_stop_requested(void)
{
	return stop_requested != 0;
}
