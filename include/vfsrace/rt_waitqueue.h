/*
 * rt_waitqueue.h - wait queues: wait_event() and wake_up().
 *
 * wait_event(wq, cond) follows the kernel's pattern: queue this thread,
 * test cond, sleep until woken, repeat.  A wake_up() issued before the
 * thread queued itself is lost, exactly as in the kernel, and a thread that
 * is never woken shows up as a deadlock.
 */
#ifndef VFSRACE_RT_WAITQUEUE_H
#define VFSRACE_RT_WAITQUEUE_H

#include <pthread.h>
#include <stdint.h>

typedef struct rt_waitqueue {
	uint32_t waiters; /* bit i: thread i is queued and not yet woken */
	const char *name;
	pthread_mutex_t free_mu;
	pthread_cond_t free_cv;
} rt_waitqueue_t;

void rt_waitqueue_init(rt_waitqueue_t *wq, const char *name);
/* Queue the running thread (TASK_UNINTERRUPTIBLE); a scheduling point. */
void rt_wq_prepare_at(rt_waitqueue_t *wq, const char *file, int line, const char *func);
/* schedule(): sleep until a wake_up() dequeued us; returns at once if one
 * already did.  Reports sleeping with a spinlock held. */
void rt_wq_sleep_at(rt_waitqueue_t *wq, const char *file, int line, const char *func);
/* The condition held: leave the queue without sleeping (finish_wait). */
void rt_wq_finish_at(rt_waitqueue_t *wq, const char *file, int line, const char *func);
void rt_wake_up_at(rt_waitqueue_t *wq, const char *file, int line, const char *func);

#define rt_wait_event_at(wq, cond, F, L, FN)                     \
	do {                                                     \
		for (;;) {                                       \
			rt_wq_prepare_at((wq), F, L, FN);        \
			if (cond) {                              \
				rt_wq_finish_at((wq), F, L, FN); \
				break;                           \
			}                                        \
			rt_wq_sleep_at((wq), F, L, FN);          \
		}                                                \
	} while (0)

#endif
