/*
 * rt_rwsem.h - struct rw_semaphore on the controlled runtime, as i386's
 * 2.4.26 rwsem behaves (include/asm-i386/rwsem.h, lib/rwsem.c).
 *
 * Readers share, a writer excludes all, and the queue is fair: a locker
 * that finds the lock contended, or anyone already waiting, joins the back
 * of the queue.  When the last active holder leaves, the front waiter is
 * granted the lock: a writer alone, or every reader up to the next writer.
 * down_read_trylock() fails while a writer holds the lock or anyone waits.
 *
 * down_read()/down_write() are one step when the lock is granted at once;
 * otherwise a step that joins the queue, then a sleep that ends when an
 * up_read()/up_write() grants the lock.
 */
#ifndef VFSRACE_RT_RWSEM_H
#define VFSRACE_RT_RWSEM_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "rt_thread.h"

struct rt_thread;

typedef struct rt_rwsem {
	int readers;		  /* active readers */
	struct rt_thread *writer; /* active writer */
	/* Waiters in arrival order: thread id, and whether it writes. */
	int8_t queue[RT_MAX_THREADS];
	bool queue_writes[RT_MAX_THREADS];
	int nqueue;
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
