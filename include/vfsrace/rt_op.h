/*
 * rt_op.h - what a scheduling point does, as the explorer sees it.
 *
 * Every scheduling point announces one operation on one object before it is
 * performed.  The access kind decides which operations are dependent (DPOR,
 * sleep sets, the trace oracle) and how happens-before is built (race
 * detector).  docs/validation.md writes the dependency relation down; this
 * header and op.c are its only implementation in the runtime.
 */
#ifndef VFSRACE_RT_OP_H
#define VFSRACE_RT_OP_H

#include <stdbool.h>
#include <stdint.h>

enum rt_access {
	RT_NONE = 0, /* sched_point(), a yield after a write, a thread's start */
	RT_READ,     /* plain or atomic read */
	RT_WRITE,    /* plain write, atomic read-modify-write, free, queueing */
	RT_ACQ,	     /* exclusive acquire: spin_lock, down, lock_kernel, down_write */
	RT_TRY,	     /* non-blocking exclusive attempt (spin_trylock, down_trylock) */
	RT_REL,	     /* exclusive release (spin_unlock, up, unlock_kernel, up_write) */
	RT_ACQ_SH,   /* shared acquire (down_read: take the lock or join its queue) */
	RT_TRY_SH,   /* down_read_trylock */
	RT_REL_SH,   /* up_read */
	RT_WAIT,     /* sleep until woken (wait queue) or granted (rwsem queue) */
	RT_WAKE,     /* wake_up */
	RT_AWAIT,    /* a yield that waits until something it read changes */
	RT_ACCESS_COUNT
};

/* Which primitive issued the operation: used for display and enabledness. */
enum rt_prim {
	RT_P_POINT = 0,
	RT_P_YIELD,
	RT_P_MEM,
	RT_P_ATOMIC,
	RT_P_SPIN,
	RT_P_SEM,
	RT_P_RWSEM,
	RT_P_BKL,
	RT_P_WQ,
	RT_P_FREE,   /* kfree/kmem_cache_free: a write of the whole object */
	RT_P_START,  /* a thread's first step: its code up to its first point */
	RT_P_SPAWN,  /* a running thread creates another (rt_thread_create) */
	RT_P_IOWAIT, /* sleeping until a device answers (rt_schedule_io) */
	RT_P_COUNT
};

/* Where in the port a step comes from: file:line and the ported function,
 * whose name is the original 2.4.26 function's name. */
struct rt_loc {
	const char *file;
	int line;
	const char *func;
};

/*
 * A set of objects, sorted by address, interned: equal sets are the same
 * pointer for the life of the process, so an operation can carry one by
 * reference from one execution to the next.
 */
struct rt_objset {
	unsigned n;
	const void *obj[];
};

struct rt_op {
	const void *obj; /* identity for dependency: address of the object */
	enum rt_access access;
	enum rt_prim prim;
	const char *what; /* short verb for traces: "spin_lock", "list_del d_lru" */
	struct rt_loc loc;
	/* Bytes from obj the operation covers; 0 = the address obj only.  A
	 * free covers its whole object, so it conflicts with an access to
	 * any field of it. */
	unsigned long size;
	/* A list operation marked on its list (obj) also writes the entry it
	 * links or unlinks, which lies inside a slab object (a dentry's
	 * d_lru, an inode's i_hash): node is that entry, so the step
	 * conflicts with a free of its object, as the write does.  NULL for
	 * every other operation. */
	const void *node;
	/* RT_AWAIT: what the thread read since its previous yield. */
	const struct rt_objset *await;
	/* A plain access the kernel races on on purpose (KCSAN's
	 * data_race()): scheduled and ordered like any other, but the data
	 * race detector reports its races as accepted, not as violations. */
	bool racy;
};

/*
 * Two operations of different threads are dependent when they touch the
 * same object and do not commute (docs/validation.md, "The dependency
 * relation").  An await depends on every operation that would conflict
 * with a read of one of its objects.  A step that ends its thread with a
 * fatal report is an operation like any other: the other threads go on
 * (docs/runtime.md, "An Oops kills the task").
 */
bool rt_op_dependent(const struct rt_op *a, const struct rt_op *b);
/* Does b conflict with a read of some object of the set? */
bool rt_objset_touched_by(const struct rt_objset *s, const struct rt_op *b);
/* The interned set of n objects (any order, duplicates allowed). */
const struct rt_objset *rt_objset_intern(const void *const *obj, unsigned n);
/* Does the op block until something else happens (its enabledness can
 * change)?  Acquires of counting locks, waits, awaits, a spawned start. */
bool rt_op_may_block(const struct rt_op *op);

/* Does the thread give up the CPU at this op (cpu_relax(), yield(), a
 * sleep on a device)?  Switching away from it then is no preemption. */
static inline bool rt_op_gives_up_cpu(const struct rt_op *op)
{
	return op->prim == RT_P_YIELD || op->prim == RT_P_IOWAIT;
}

const char *rt_access_name(enum rt_access a);

#endif
