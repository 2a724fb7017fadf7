/*
 * atomic.c - atomic_t: each operation one indivisible step.
 */
#include "rt_internal.h"
#include "vfsrace/rt_slab.h"
#include "vfsrace/rt_atomic.h"
#include "vfsrace/rt_report.h"

void rt_atomic_init(rt_atomic_t *a, int v, const char *name, bool refcount)
{
	a->counter = v;
	a->name = name;
	a->refcount = refcount;
}

static void check(rt_atomic_t *a, const char *verb, const char *file, int line, const char *func)
{
	if (!a)
		rt_report(RT_V_BAD_ARG, true, "%s(NULL) in %s() at %s:%d", verb, func, file, line);
}

/* Perform a read-modify-write as one step, in every mode. */
static int rmw(rt_atomic_t *a, int delta, const char *verb, const char *file, int line,
	       const char *func)
{
	struct rt_op op = rt_mkop(a, RT_WRITE, RT_P_ATOMIC, verb, file, line, func);
	int old, new;

	check(a, verb, file, line, func);
	if (rt.mode == RT_MODE_FREE)
		return __atomic_add_fetch(&a->counter, delta, __ATOMIC_SEQ_CST);
	rt_point(&op);
	old = a->counter;
	new = old + delta;
	a->counter = new;
	rt_record(&op, true, old, new);
	if (new < 0 && a->refcount)
		rt_report(RT_V_NEGATIVE, true, "%s of %s went negative (%d) in %s() at %s:%d",
			  a->name ? a->name : "counter", rt_obj_describe(a), new, func, file, line);
	return new;
}

int rt_atomic_read_at(rt_atomic_t *a, const char *file, int line, const char *func)
{
	struct rt_op op = rt_mkop(a, RT_READ, RT_P_ATOMIC, "atomic_read", file, line, func);
	int v;

	check(a, "atomic_read", file, line, func);
	if (rt.mode == RT_MODE_FREE)
		return __atomic_load_n(&a->counter, __ATOMIC_SEQ_CST);
	rt_point(&op);
	v = a->counter;
	rt_record(&op, true, v, v);
	return v;
}

void rt_atomic_set_at(rt_atomic_t *a, int v, const char *file, int line, const char *func)
{
	struct rt_op op = rt_mkop(a, RT_WRITE, RT_P_ATOMIC, "atomic_set", file, line, func);
	int old;

	check(a, "atomic_set", file, line, func);
	if (rt.mode == RT_MODE_FREE) {
		__atomic_store_n(&a->counter, v, __ATOMIC_SEQ_CST);
		return;
	}
	rt_point(&op);
	old = a->counter;
	a->counter = v;
	rt_record(&op, true, old, v);
}

void rt_atomic_add_at(rt_atomic_t *a, int d, const char *file, int line, const char *func)
{
	rmw(a, d, d > 0 ? "atomic_inc" : "atomic_dec", file, line, func);
}

bool rt_atomic_add_and_test_at(rt_atomic_t *a, int d, const char *file, int line, const char *func)
{
	return rmw(a, d, "atomic_dec_and_test", file, line, func) == 0;
}

/* Fast path as one compare-and-swap step: decrement unless the count is 1. */
static bool dec_unless_one(rt_atomic_t *a, const char *file, int line, const char *func)
{
	struct rt_op op =
	    rt_mkop(a, RT_WRITE, RT_P_ATOMIC, "atomic_dec_and_lock cmpxchg", file, line, func);
	int old;

	if (rt.mode == RT_MODE_FREE) {
		int c = __atomic_load_n(&a->counter, __ATOMIC_SEQ_CST);

		while (c != 1)
			if (__atomic_compare_exchange_n(&a->counter, &c, c - 1, false,
							__ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
				return true;
		return false;
	}
	rt_point(&op);
	old = a->counter;
	if (old != 1)
		a->counter = old - 1;
	rt_record(&op, true, old, a->counter);
	if (old != 1 && old - 1 < 0 && a->refcount)
		rt_report(RT_V_NEGATIVE, true, "%s of %s went negative (%d) in %s() at %s:%d",
			  a->name ? a->name : "counter", rt_obj_describe(a), old - 1, func, file,
			  line);
	return old != 1;
}

bool rt_atomic_dec_and_lock_at(rt_atomic_t *a, rt_spinlock_t *l, const char *file, int line,
			       const char *func)
{
	check(a, "atomic_dec_and_lock", file, line, func);
	/* The fast path never touches the lock: check it here, or a NULL
	 * lock would only show when the count happens to be 1. */
	if (!l)
		rt_report(RT_V_BAD_ARG, true, "atomic_dec_and_lock(NULL lock) in %s() at %s:%d",
			  func, file, line);
	if (dec_unless_one(a, file, line, func))
		return false;
	rt_spin_lock_at(l, file, line, func);
	if (rt_atomic_add_and_test_at(a, -1, file, line, func))
		return true;
	rt_spin_unlock_at(l, file, line, func);
	return false;
}
