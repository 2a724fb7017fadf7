/* linux/spinlock.h names on the vfsrace runtime (for the port and models). */
#ifndef VFSRACE_LINUX_SPINLOCK_H
#define VFSRACE_LINUX_SPINLOCK_H

#include "../rt_sched.h"
#include "../rt_spinlock.h"

typedef rt_spinlock_t spinlock_t;
#define SPIN_LOCK_UNLOCKED(name) RT_SPINLOCK_INITIALIZER(name)
#define spin_lock_init(l)	 rt_spin_init((l), #l)
#define spin_lock(l)		 rt_spin_lock_at((l), RT_HERE)
#define spin_unlock(l)		 rt_spin_unlock_at((l), RT_HERE)
#define spin_trylock(l)		 rt_spin_trylock_at((l), RT_HERE)

#endif
