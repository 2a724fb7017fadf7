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
	if (rt.starting) {
		/* First scheduling point: park.  Whoever hands us the baton has
		 * already chosen us for this step, so go and perform it. */
		rt_signal_main();
		rt_wait_baton(&self->go, &self->sleeping);
		if (rt.aborting)
			rt_unwind();
		return;
	}
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

void rt_yield_at(const char *file, int line, const char *func)
{
	struct rt_op op = rt_mkop(NULL, RT_NONE, RT_P_YIELD, "yield", file, line, func);

	rt_point(&op);
	rt_record(&op, false, 0, 0);
}

void rt_access_at(const void *obj, enum rt_access access, const char *what, const char *file,
		  int line, const char *func)
{
	struct rt_op op = rt_mkop(obj, access, RT_P_MEM, what, file, line, func);

	if (!obj)
		rt_report(RT_V_BAD_ARG, true, "%s() at %s:%d: access marker on a NULL object", func,
			  file, line);
	rt_point(&op);
	rt_record(&op, false, 0, 0);
}
