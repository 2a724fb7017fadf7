/*
 * rt_semaphore.h - counting struct semaphore on the controlled runtime.
 *
 * down() blocks (the thread is not enabled) while the count is zero; it may
 * sleep, so calling it with a spinlock held is reported.  up() beyond the
 * limit given at init is a reported BUG (a mutex-style semaphore released
 * twice).  Free mode uses a pthread mutex and condition variable.
 */
#ifndef VFSRACE_RT_SEMAPHORE_H
#define VFSRACE_RT_SEMAPHORE_H

#include <pthread.h>
#include <stdbool.h>

typedef struct rt_semaphore {
	int count;
	int limit;
	const char *name;
	pthread_mutex_t free_mu;
	pthread_cond_t free_cv;
} rt_semaphore_t;

/* limit: the largest count up() may reach (a mutex has init 1, limit 1). */
void rt_sema_init(rt_semaphore_t *s, int count, int limit, const char *name);
void rt_down_at(rt_semaphore_t *s, const char *file, int line, const char *func);
/* Returns 0 when acquired, 1 when not (the kernel's convention). */
int rt_down_trylock_at(rt_semaphore_t *s, const char *file, int line, const char *func);
void rt_up_at(rt_semaphore_t *s, const char *file, int line, const char *func);

#endif
