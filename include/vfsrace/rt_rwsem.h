/*
 * rt_rwsem.h - struct rw_semaphore on the controlled runtime.
 *
 * Readers share, a writer excludes all.  Departure from 2.4's rwsem: no
 * writer preference (a queued writer does not hold back new readers); see
 * docs/runtime.md.
 */
#ifndef VFSRACE_RT_RWSEM_H
#define VFSRACE_RT_RWSEM_H

#include <pthread.h>
#include <stdbool.h>

struct rt_thread;

typedef struct rt_rwsem {
	int readers;
	struct rt_thread *writer;
	const char *name;
	pthread_rwlock_t free_rw;
} rt_rwsem_t;

void rt_rwsem_init(rt_rwsem_t *s, const char *name);
void rt_down_read_at(rt_rwsem_t *s, const char *file, int line, const char *func);
void rt_down_write_at(rt_rwsem_t *s, const char *file, int line, const char *func);
void rt_up_read_at(rt_rwsem_t *s, const char *file, int line, const char *func);
void rt_up_write_at(rt_rwsem_t *s, const char *file, int line, const char *func);
/* Returns 1 when acquired, 0 when not (the kernel's convention). */
int rt_down_read_trylock_at(rt_rwsem_t *s, const char *file, int line, const char *func);

#endif
