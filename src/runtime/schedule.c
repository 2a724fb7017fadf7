/*
 * schedule.c - sleeping until a device's interrupt (rt_schedule.h).
 */
#include "rt_internal.h"
#include "vfsrace/rt_schedule.h"

void rt_bkl_release_for_sleep(struct rt_thread *self, const struct rt_loc *loc);
void rt_bkl_reacquire_after_sleep(struct rt_thread *self, const struct rt_loc *loc);

void rt_schedule_io_at(const char *what, const char *file, int line, const char *func)
{
	struct rt_op op = rt_mkop(NULL, RT_NONE, RT_P_IOWAIT, what, file, line, func);
	struct rt_thread *self = rt_self();

	rt_check_may_sleep(&op.loc);
	if (!rt_controlled())
		return;
	rt_bkl_release_for_sleep(self, &op.loc);
	rt_point(&op);
	rt_record(&op, false, 0, 0);
	rt_bkl_reacquire_after_sleep(self, &op.loc);
}
