/*
 * op_object.c - what an operation touches, named for a person: the name a
 * lock, counter or wait queue was initialised with, or the slab object's
 * description; never its address, which changes from run to run.
 */
#include <string.h>

#include "vfsrace/rt_atomic.h"
#include "vfsrace/rt_op.h"
#include "vfsrace/rt_rwsem.h"
#include "vfsrace/rt_semaphore.h"
#include "vfsrace/rt_slab.h"
#include "vfsrace/rt_spinlock.h"
#include "vfsrace/rt_waitqueue.h"

static bool unnamed(const char *described)
{
	return strcmp(described, RT_OBJ_UNNAMED) == 0;
}

const char *rt_prim_name(const struct rt_op *op)
{
	const void *o = op->obj;

	/* A freed slab object's pages fault on access: only globals and
	 * live objects are read. */
	if (!o || (!unnamed(rt_obj_describe(o)) && !rt_slab_is_live(o)))
		return NULL;
	switch (op->prim) {
	case RT_P_SPIN:
		return ((const rt_spinlock_t *)o)->name;
	case RT_P_ATOMIC:
		return ((const rt_atomic_t *)o)->name;
	case RT_P_SEM:
		return ((const rt_semaphore_t *)o)->name;
	case RT_P_RWSEM:
		return ((const rt_rwsem_t *)o)->name;
	case RT_P_WQ:
		return ((const rt_waitqueue_t *)o)->name;
	case RT_P_BKL:
		return "BKL";
	default:
		return NULL;
	}
}

const char *rt_op_object(const struct rt_op *op)
{
	const char *described = rt_obj_describe(op->obj);
	const char *name;

	if (!unnamed(described))
		return described;
	name = rt_prim_name(op);
	if (!name)
		return "a global";
	return name[0] == '&' ? name + 1 : name;
}
