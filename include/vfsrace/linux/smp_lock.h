/* linux/smp_lock.h names on the vfsrace runtime. */
#ifndef VFSRACE_LINUX_SMP_LOCK_H
#define VFSRACE_LINUX_SMP_LOCK_H

#include "../rt_bkl.h"
#include "../rt_sched.h"

#define lock_kernel()	rt_lock_kernel_at(RT_HERE)
#define unlock_kernel() rt_unlock_kernel_at(RT_HERE)
#define kernel_locked() rt_kernel_locked()

#endif
