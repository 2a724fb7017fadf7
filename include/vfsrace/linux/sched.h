/* linux/sched.h names on the vfsrace runtime: schedule() for a device's I/O. */
#ifndef VFSRACE_LINUX_SCHED_H
#define VFSRACE_LINUX_SCHED_H

#include "../rt_sched.h"
#include "../rt_schedule.h"

/* TASK_UNINTERRUPTIBLE + schedule() until the disk's interrupt wakes us. */
#define schedule_io(what) rt_schedule_io_at((what), RT_HERE)

#endif
