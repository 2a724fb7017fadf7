/*
 * sched_point.c - a scheduling point: announce, wait to be chosen, go on.
 */
#include "rt_internal.h"
#include "vfsrace/rt_slab.h"
#include "vfsrace/rt_report.h"
#include "vfsrace/rt_sched.h"

void rt_point(const struct rt_op *op)
{
	struct rt_thread *self = rt_tls_self;

	if (!rt_controlled())
		return;
	self->next = *op;
	self->has_next = true;
	rt_schedule_next(self);
}

void rt_check_may_sleep(const struct rt_loc *loc)
{
	struct rt_thread *self = rt_self();

	if (self->spin_held > 0)
		rt_report(RT_V_SLEEP_ATOMIC, true,
			  "%s() at %s:%d may sleep while holding %d spinlock(s)", loc->func,
			  loc->file, loc->line, self->spin_held);
}

void rt_sched_point_at(const char *file, int line, const char *func)
{
	struct rt_op op = rt_mkop(NULL, RT_NONE, RT_P_POINT, "sched_point", file, line, func);

	rt_point(&op);
	rt_record(&op, false, 0, 0);
}

/*
 * cpu_relax()/yield() in a retry loop.  When the thread wrote nothing and
 * holds the locks it held at its previous yield, the turn of the loop that
 * just ended changed nothing but what it read: running it again before any
 * of that changes would repeat it exactly.  So the yield waits (RT_AWAIT)
 * until another thread writes something it read (docs/runtime.md, "Retry
 * loops").  After a write it is a plain step.
 */
void rt_yield_at(const char *file, int line, const char *func)
{
	struct rt_op op = rt_mkop(NULL, RT_NONE, RT_P_YIELD, "yield", file, line, func);
	struct rt_thread *self = rt_tls_self;

	if (rt_controlled() && rt_span_pure(self)) {
		op.access = RT_AWAIT;
		op.await = rt_span_set(self);
		op.what = "yield (until what it read changes)";
	}
	rt_point(&op);
	rt_record(&op, false, 0, 0);
}

void rt_access_node_at(const volatile void *obj, const volatile void *node, enum rt_access access,
		       const char *what, const char *file, int line, const char *func)
{
	struct rt_op op =
	    rt_mkop((const void *)(uintptr_t)obj, access, RT_P_MEM, what, file, line, func);

	op.node = (const void *)(uintptr_t)node;
	if (!obj)
		rt_report(RT_V_BAD_ARG, true, "%s() at %s:%d: access marker on a NULL object", func,
			  file, line);
	rt_point(&op);
	rt_record(&op, false, 0, 0);
}

void rt_access_at(const volatile void *obj, enum rt_access access, const char *what,
		  const char *file, int line, const char *func)
{
	struct rt_op op =
	    rt_mkop((const void *)(uintptr_t)obj, access, RT_P_MEM, what, file, line, func);

	if (!obj)
		rt_report(RT_V_BAD_ARG, true, "%s() at %s:%d: access marker on a NULL object", func,
			  file, line);
	rt_point(&op);
	rt_record(&op, false, 0, 0);
}
