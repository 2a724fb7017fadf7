/*
 * spinlock.c - spinlock_t: exclusive, not recursive, never sleeps.
 */
#include "rt_internal.h"
#include "vfsrace/rt_report.h"
#include "vfsrace/rt_spinlock.h"

void rt_spin_init(rt_spinlock_t *l, const char *name)
{
	ck_spinlock_fas_init(&l->free_lock);
	l->owner = NULL;
	l->name = name;
}

static void check_arg(const rt_spinlock_t *l, const char *what, const char *file, int line,
		      const char *func)
{
	if (!l)
		rt_report(RT_V_BAD_ARG, true, "%s(NULL) in %s() at %s:%d", what, func, file, line);
}

void rt_spin_lock_at(rt_spinlock_t *l, const char *file, int line, const char *func)
{
	struct rt_op op = rt_mkop(l, RT_ACQ, RT_P_SPIN, "spin_lock", file, line, func);

	check_arg(l, "spin_lock", file, line, func);
	if (rt.mode == RT_MODE_FREE) {
		ck_spinlock_fas_lock(&l->free_lock);
		return;
	}
	rt_point(&op);
	if (l->owner)
		rt_report(RT_V_DEADLOCK, true, "spin_lock(%s) in %s() at %s:%d: already held by %s",
			  l->name, func, file, line, l->owner->name);
	l->owner = rt_self();
	l->owner->spin_held++;
	rt_record_count(&op, false, 0, 1, 0);
}

void rt_spin_unlock_at(rt_spinlock_t *l, const char *file, int line, const char *func)
{
	struct rt_op op = rt_mkop(l, RT_REL, RT_P_SPIN, "spin_unlock", file, line, func);

	check_arg(l, "spin_unlock", file, line, func);
	if (rt.mode == RT_MODE_FREE) {
		ck_spinlock_fas_unlock(&l->free_lock);
		return;
	}
	rt_point(&op);
	if (l->owner != rt_self())
		rt_report(RT_V_BAD_UNLOCK, true, "spin_unlock(%s) in %s() at %s:%d by %s, owner %s",
			  l->name, func, file, line, rt_self()->name,
			  l->owner ? l->owner->name : "nobody");
	l->owner->spin_held--;
	l->owner = NULL;
	rt_record_count(&op, false, 0, 0, 1);
}

bool rt_spin_trylock_at(rt_spinlock_t *l, const char *file, int line, const char *func)
{
	struct rt_op op = rt_mkop(l, RT_TRY, RT_P_SPIN, "spin_trylock", file, line, func);
	bool got;

	check_arg(l, "spin_trylock", file, line, func);
	if (rt.mode == RT_MODE_FREE)
		return ck_spinlock_fas_trylock(&l->free_lock);
	rt_point(&op);
	got = l->owner == NULL;
	if (got) {
		l->owner = rt_self();
		l->owner->spin_held++;
	}
	rt_record_count(&op, true, got, got, 0);
	return got;
}

bool rt_spin_is_held_by_me(const rt_spinlock_t *l)
{
	return l && l->owner == rt_self();
}
