/* asm/atomic.h names on the vfsrace runtime. */
#ifndef VFSRACE_LINUX_ATOMIC_H
#define VFSRACE_LINUX_ATOMIC_H

#include "../rt_atomic.h"
#include "../rt_sched.h"

typedef rt_atomic_t atomic_t;
#define atomic_read(a)		  rt_atomic_read_at((a), RT_HERE)
#define atomic_set(a, v)	  rt_atomic_set_at((a), (v), RT_HERE)
#define atomic_inc(a)		  rt_atomic_add_at((a), 1, RT_HERE)
#define atomic_dec(a)		  rt_atomic_add_at((a), -1, RT_HERE)
#define atomic_dec_and_test(a)	  rt_atomic_add_and_test_at((a), -1, RT_HERE)
#define atomic_dec_and_lock(a, l) rt_atomic_dec_and_lock_at((a), (l), RT_HERE)

#endif
