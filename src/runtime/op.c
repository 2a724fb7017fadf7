/*
 * op.c - dependency between operations, and whether one can run now.
 */
#include "rt_internal.h"
#include "vfsrace/rt_rwsem.h"
#include "vfsrace/rt_semaphore.h"
#include "vfsrace/rt_spinlock.h"

static const char *const access_names[RT_ACCESS_COUNT] = {
    [RT_NONE] = "none",
    [RT_READ] = "read",
    [RT_WRITE] = "write",
    [RT_ACQ] = "acquire",
    [RT_TRY] = "tryacquire",
    [RT_REL] = "release",
    [RT_ACQ_SH] = "acquire-shared",
    [RT_TRY_SH] = "tryacquire-shared",
    [RT_REL_SH] = "release-shared",
    [RT_WAIT] = "wait",
    [RT_WAKE] = "wake",
};

const char *rt_access_name(enum rt_access a)
{
	return a < RT_ACCESS_COUNT ? access_names[a] : "?";
}

/*
 * conflict[a][b]: do two operations of these kinds on one object fail to
 * commute?  Reads commute; shared acquires commute with each other and with
 * shared releases; an exclusive release commutes with a blocking acquire
 * in every state where both are enabled (there is none), but not with a
 * trylock, whose outcome it decides.  WAIT/WAKE conflict so that a wake-up
 * happens before the sleep it ends.
 */
#define X 1
static const unsigned char conflict[RT_ACCESS_COUNT][RT_ACCESS_COUNT] = {
    /*              NONE READ WRITE ACQ TRY REL ASH TSH RSH WAIT WAKE */
    [RT_NONE] = {0},
    [RT_READ] = {0, 0, X, X, X, X, X, X, X, 0, 0},
    [RT_WRITE] = {0, X, X, X, X, X, X, X, X, X, X},
    [RT_ACQ] = {0, X, X, X, X, X, X, X, X, 0, 0},
    [RT_TRY] = {0, X, X, X, X, X, X, X, X, 0, 0},
    [RT_REL] = {0, X, X, X, X, 0, X, X, 0, 0, 0},
    [RT_ACQ_SH] = {0, X, X, X, X, X, 0, 0, 0, 0, 0},
    [RT_TRY_SH] = {0, X, X, X, X, X, 0, 0, 0, 0, 0},
    [RT_REL_SH] = {0, X, X, X, X, 0, 0, 0, 0, 0, 0},
    [RT_WAIT] = {0, 0, X, 0, 0, 0, 0, 0, 0, 0, X},
    [RT_WAKE] = {0, 0, X, 0, 0, 0, 0, 0, 0, X, X},
};
#undef X

/* Do the byte ranges the two operations cover overlap? */
static bool overlap(const struct rt_op *a, const struct rt_op *b)
{
	uintptr_t a0 = (uintptr_t)a->obj, b0 = (uintptr_t)b->obj;
	uintptr_t a1 = a0 + (a->size ? a->size : 1), b1 = b0 + (b->size ? b->size : 1);

	return a0 < b1 && b0 < a1;
}

bool rt_op_dependent(const struct rt_op *a, const struct rt_op *b)
{
	if (!a->obj || !b->obj)
		return false;
	if (a->size || b->size) {
		if (!overlap(a, b))
			return false;
		return conflict[a->access][b->access];
	}
	return a->obj == b->obj && conflict[a->access][b->access];
}

extern bool rt_wq_woken(const struct rt_thread *t, const void *wq);
extern bool rt_bkl_available(const struct rt_thread *t);

bool rt_op_enabled(const struct rt_thread *t)
{
	const struct rt_op *op = &t->next;

	switch (op->prim) {
	case RT_P_SPIN:
		if (op->access == RT_ACQ)
			return ((const rt_spinlock_t *)op->obj)->owner == NULL;
		return true;
	case RT_P_SEM:
		if (op->access == RT_ACQ)
			return ((const rt_semaphore_t *)op->obj)->count > 0;
		return true;
	case RT_P_RWSEM: {
		const rt_rwsem_t *s = op->obj;

		if (op->access == RT_ACQ)
			return s->readers == 0 && s->writer == NULL;
		if (op->access == RT_ACQ_SH)
			return s->writer == NULL;
		return true;
	}
	case RT_P_BKL:
		if (op->access == RT_ACQ)
			return rt_bkl_available(t);
		return true;
	case RT_P_WQ:
		if (op->access == RT_WAIT)
			return rt_wq_woken(t, op->obj);
		return true;
	default:
		return true;
	}
}
