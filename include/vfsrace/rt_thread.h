/*
 * rt_thread.h - controlled threads as the model sees them.
 *
 * A model's set-up registers the threads of an execution (kswapd, umount,
 * ...).  They are real pthreads taken from a pool that lives across
 * executions; exactly one runs at a time.
 */
#ifndef VFSRACE_RT_THREAD_H
#define VFSRACE_RT_THREAD_H

#include "rt_sched.h"

#define RT_MAX_THREADS 16

typedef void (*rt_thread_fn)(void *arg);

/*
 * Register a thread; returns its id (0..).  From a model's set-up it exists
 * from the start; from a running thread, creating it is a step (a spawn)
 * and it exists from then on.  Either way it starts when first chosen.
 */
int rt_thread_create_at(const char *name, rt_thread_fn fn, void *arg, const char *file, int line,
			const char *func);
#define rt_thread_create(name, fn, arg) rt_thread_create_at((name), (fn), (arg), RT_HERE)
/* Id of the running controlled thread, or -1 outside one. */
int rt_thread_self(void);
const char *rt_thread_name(int tid);

#endif
