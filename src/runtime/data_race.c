/*
 * data_race.c - RT_READ_RACY: a marked access whose race the kernel
 * accepts (rt_sched.h).
 */
#include "rt_internal.h"
#include "vfsrace/rt_report.h"
#include "vfsrace/rt_sched.h"

void rt_access_racy_at(const volatile void *obj, enum rt_access access, const char *what,
		       const char *file, int line, const char *func)
{
	struct rt_op op =
	    rt_mkop((const void *)(uintptr_t)obj, access, RT_P_MEM, what, file, line, func);

	op.racy = true;
	if (!obj)
		rt_report(RT_V_BAD_ARG, true, "%s() at %s:%d: access marker on a NULL object", func,
			  file, line);
	rt_point(&op);
	rt_record(&op, false, 0, 0);
}
