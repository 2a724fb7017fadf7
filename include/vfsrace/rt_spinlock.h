/*
 * rt_spinlock.h - spinlock_t on the controlled runtime.
 *
 * A thread waiting for a held spinlock is not enabled (spinning is not
 * modelled step by step).  Unlocking a lock this thread does not hold is a
 * reported BUG.  In free mode the lock is a Concurrency Kit FAS spinlock.
 */
#ifndef VFSRACE_RT_SPINLOCK_H
#define VFSRACE_RT_SPINLOCK_H

#include <ck_spinlock.h>
#include <stdbool.h>

struct rt_thread;

typedef struct rt_spinlock {
	ck_spinlock_fas_t free_lock; /* used in free mode only */
	struct rt_thread *owner;     /* controlled mode */
	const char *name;
} rt_spinlock_t;

#define RT_SPINLOCK_INITIALIZER(n)                \
	{                                         \
		CK_SPINLOCK_FAS_INITIALIZER, 0, n \
	}

void rt_spin_init(rt_spinlock_t *l, const char *name);
void rt_spin_lock_at(rt_spinlock_t *l, const char *file, int line, const char *func);
void rt_spin_unlock_at(rt_spinlock_t *l, const char *file, int line, const char *func);
bool rt_spin_trylock_at(rt_spinlock_t *l, const char *file, int line, const char *func);
/* Does the running thread hold l?  (For assertions; no scheduling point.) */
bool rt_spin_is_held_by_me(const rt_spinlock_t *l);

#endif
