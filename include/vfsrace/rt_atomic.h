/*
 * rt_atomic.h - atomic_t on the controlled runtime.
 *
 * Each operation is one scheduling point (RT_READ for atomic_read, RT_WRITE
 * for the read-modify-writes) and is recorded with its old and new value,
 * so traces show "d_count 1->0".  A counter going below zero is reported
 * when the caller marks the counter as a reference count.
 */
#ifndef VFSRACE_RT_ATOMIC_H
#define VFSRACE_RT_ATOMIC_H

#include <stdbool.h>
#include "rt_spinlock.h"

typedef struct rt_atomic {
	int counter;
	const char *name; /* "d_count" etc., for traces; may be NULL */
	bool refcount;	  /* a negative value is a violation */
} rt_atomic_t;

void rt_atomic_init(rt_atomic_t *a, int v, const char *name, bool refcount);
int rt_atomic_read_at(rt_atomic_t *a, const char *file, int line, const char *func);
void rt_atomic_set_at(rt_atomic_t *a, int v, const char *file, int line, const char *func);
void rt_atomic_add_at(rt_atomic_t *a, int d, const char *file, int line, const char *func);
/* Returns true when the new value is zero. */
bool rt_atomic_add_and_test_at(rt_atomic_t *a, int d, const char *file, int line, const char *func);
/*
 * arch/i386/lib/dec_and_lock.c: atomic_dec_and_lock().  Fast path: a
 * compare-and-swap decrement when the count is not 1; slow path: take the
 * lock, decrement, and keep the lock only when the count reached zero.
 */
bool rt_atomic_dec_and_lock_at(rt_atomic_t *a, rt_spinlock_t *l, const char *file, int line,
			       const char *func);

/* Plain value without a scheduling point, for the model's end-of-run checks. */
static inline int rt_atomic_peek(const rt_atomic_t *a)
{
	return a->counter;
}

#endif
