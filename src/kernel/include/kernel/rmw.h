/*
 * kernel/rmw.h - a read-modify-write of a plain shared field, as compiled
 * kernel code performs `x++', `x -= n', `x |= f': a load, then a store.
 * Without a lock prefix even i386's `incl mem' is two bus accesses on SMP,
 * so another CPU's update between them is lost.
 *
 * RMW() makes the load and the store two scheduling points (marked read,
 * then marked write of the same object), so the explorer can run another
 * thread's update in between.  The port uses it only where another thread
 * can update the field without holding the lock this one holds;
 * docs/port-map.md, "Read-modify-writes", lists every statement and why.
 *
 *	RMW(dentry_stat.nr_dentry, -, 1, "nr_dentry--");
 *	RMW(inode->i_state, |, I_FREEING, "i_state |= I_FREEING");
 *
 * Evaluates to the value stored (for `if (!--x)').
 */
#ifndef VFSRACE_KERNEL_RMW_H
#define VFSRACE_KERNEL_RMW_H

#include <vfsrace/rt_sched.h>

#define RMW(lval, op, val, what)                    \
	({                                          \
		__typeof__(lval) *rmw_p_ = &(lval); \
		__typeof__(lval) rmw_v_;            \
		RT_READ(rmw_p_, what " (load)");    \
		rmw_v_ = *rmw_p_ op(val);           \
		RT_WRITE(rmw_p_, what " (store)");  \
		*rmw_p_ = rmw_v_;                   \
	})

#endif
