/*
 * rt_thread.h - controlled threads as the model sees them.
 *
 * A model's set-up registers the threads of an execution (kswapd, umount,
 * ...).  They are real pthreads taken from a pool that lives across
 * executions; exactly one runs at a time.
 */
#ifndef VFSRACE_RT_THREAD_H
#define VFSRACE_RT_THREAD_H

#define RT_MAX_THREADS 16

typedef void (*rt_thread_fn)(void *arg);

/* Register a thread for the execution being set up; returns its id (0..). */
int rt_thread_create(const char *name, rt_thread_fn fn, void *arg);
/* Id of the running controlled thread, or -1 outside one. */
int rt_thread_self(void);
const char *rt_thread_name(int tid);

#endif
