/* asm/semaphore.h and linux/rwsem.h names on the vfsrace runtime. */
#ifndef VFSRACE_LINUX_SEMAPHORE_H
#define VFSRACE_LINUX_SEMAPHORE_H

#include "../rt_rwsem.h"
#include "../rt_sched.h"
#include "../rt_semaphore.h"

struct semaphore {
	rt_semaphore_t s;
};
struct rw_semaphore {
	rt_rwsem_t s;
};

#define sema_init(sem, n)      rt_sema_init(&(sem)->s, (n), (n) > 1 ? (n) : 1, #sem)
#define init_MUTEX(sem)	       rt_sema_init(&(sem)->s, 1, 1, #sem)
#define init_MUTEX_LOCKED(sem) rt_sema_init(&(sem)->s, 0, 1, #sem)
#define down(sem)	       rt_down_at(&(sem)->s, RT_HERE)
#define down_trylock(sem)      rt_down_trylock_at(&(sem)->s, RT_HERE)
#define up(sem)		       rt_up_at(&(sem)->s, RT_HERE)

#define init_rwsem(sem)	       rt_rwsem_init(&(sem)->s, #sem)
#define down_read(sem)	       rt_down_read_at(&(sem)->s, RT_HERE)
#define down_write(sem)	       rt_down_write_at(&(sem)->s, RT_HERE)
#define up_read(sem)	       rt_up_read_at(&(sem)->s, RT_HERE)
#define up_write(sem)	       rt_up_write_at(&(sem)->s, RT_HERE)
#define down_read_trylock(sem) rt_down_read_trylock_at(&(sem)->s, RT_HERE)

#endif
