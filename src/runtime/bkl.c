/*
 * bkl.c - the big kernel lock: recursive, dropped across sleeps.
 */
#include "rt_internal.h"
#include "vfsrace/rt_bkl.h"
#include "vfsrace/rt_spinlock.h"
#include "vfsrace/rt_report.h"

static struct rt_thread *bkl_owner;
static rt_spinlock_t bkl_free = RT_SPINLOCK_INITIALIZER("kernel_flag");
/* Identity of the lock for dependency purposes. */
static const char bkl_obj[] = "kernel_flag";

bool rt_bkl_available(const struct rt_thread *t)
{
	return bkl_owner == NULL || bkl_owner == t;
}

void rt_lock_kernel_at(const char *file, int line, const char *func)
{
	struct rt_thread *self = rt_self();
	struct rt_op op = rt_mkop(bkl_obj, RT_ACQ, RT_P_BKL, "lock_kernel", file, line, func);

	if (rt.mode == RT_MODE_FREE) {
		if (self->bkl_depth++ == 0)
			ck_spinlock_fas_lock(&bkl_free.free_lock);
		return;
	}
	if (self->bkl_depth > 0) {
		self->bkl_depth++; /* nested: no visible step */
		return;
	}
	rt_point(&op);
	bkl_owner = self;
	self->bkl_depth = 1;
	rt_record_count(&op, false, 0, 1, 0);
}

void rt_unlock_kernel_at(const char *file, int line, const char *func)
{
	struct rt_thread *self = rt_self();
	struct rt_op op = rt_mkop(bkl_obj, RT_REL, RT_P_BKL, "unlock_kernel", file, line, func);

	if (self->bkl_depth <= 0)
		rt_report(RT_V_BAD_UNLOCK, true,
			  "unlock_kernel() in %s() at %s:%d without the lock", func, file, line);
	if (rt.mode == RT_MODE_FREE) {
		if (--self->bkl_depth == 0)
			ck_spinlock_fas_unlock(&bkl_free.free_lock);
		return;
	}
	if (self->bkl_depth > 1) {
		self->bkl_depth--;
		return;
	}
	rt_point(&op);
	bkl_owner = NULL;
	self->bkl_depth = 0;
	rt_record_count(&op, false, 0, 0, 1);
}

int rt_kernel_locked(void)
{
	return rt_self()->bkl_depth > 0;
}

/* schedule() drops the BKL before sleeping (release_kernel_lock in 2.4's
 * schedule()), a step of its own: another thread may take it now ... */
void rt_bkl_release_for_sleep(struct rt_thread *self, const struct rt_loc *loc)
{
	if (self->bkl_depth <= 0 || bkl_owner != self)
		return;
	struct rt_op op = rt_mkop(bkl_obj, RT_REL, RT_P_BKL, "unlock_kernel (schedule)", loc->file,
				  loc->line, loc->func);

	self->bkl_saved = self->bkl_depth;
	rt_point(&op);
	bkl_owner = NULL;
	self->bkl_depth = 0;
	rt_record_count(&op, false, 0, 0, 1);
}

/* ... and takes it back before the thread goes on (a step of its own). */
void rt_bkl_reacquire_after_sleep(struct rt_thread *self, const struct rt_loc *loc)
{
	if (self->bkl_saved == 0)
		return;
	int depth = self->bkl_saved;
	struct rt_op op = rt_mkop(bkl_obj, RT_ACQ, RT_P_BKL, "lock_kernel (after sleep)", loc->file,
				  loc->line, loc->func);

	self->bkl_saved = 0;
	rt_point(&op);
	bkl_owner = self;
	self->bkl_depth = depth;
	rt_record_count(&op, false, 0, 1, 0);
}

void rt_bkl_reset(void)
{
	bkl_owner = NULL;
}
