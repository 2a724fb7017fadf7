/*
 * rt_op.h - what a scheduling point does, as the explorer sees it.
 *
 * Every scheduling point announces one operation on one object before it is
 * performed.  The access kind decides which operations are dependent (DPOR,
 * sleep sets) and how happens-before is built (race detector).
 */
#ifndef VFSRACE_RT_OP_H
#define VFSRACE_RT_OP_H

#include <stdbool.h>
#include <stdint.h>

enum rt_access {
	RT_NONE = 0, /* bare sched_point()/yield: touches nothing shared */
	RT_READ,     /* plain or atomic read */
	RT_WRITE,    /* plain write or atomic read-modify-write */
	RT_ACQ,	     /* blocking exclusive acquire (spin_lock, down, down_write) */
	RT_TRY,	     /* non-blocking exclusive acquire attempt (spin_trylock, down_trylock) */
	RT_REL,	     /* exclusive release (spin_unlock, up, up_write) */
	RT_ACQ_SH,   /* blocking shared acquire (down_read) */
	RT_TRY_SH,   /* down_read_trylock */
	RT_REL_SH,   /* up_read */
	RT_WAIT,     /* sleep on a wait queue until woken */
	RT_WAKE,     /* wake_up / enqueue on a wait queue */
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
	RT_P_FREE, /* kfree/kmem_cache_free: a write of the whole object */
	RT_P_COUNT
};

/* Where in the port a step comes from: file:line and the ported function,
 * whose name is the original 2.4.26 function's name. */
struct rt_loc {
	const char *file;
	int line;
	const char *func;
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
	/* A plain access the kernel races on on purpose (KCSAN's
	 * data_race()): scheduled and ordered like any other, but the data
	 * race detector reports its races as accepted, not as violations. */
	bool racy;
};

/*
 * Two operations are dependent when they touch the same object and do not
 * commute.  Lock releases do not commute with trylocks; blocking acquires
 * conflict with each other; shared acquires do not conflict with each other.
 */
bool rt_op_dependent(const struct rt_op *a, const struct rt_op *b);

const char *rt_access_name(enum rt_access a);

#endif
