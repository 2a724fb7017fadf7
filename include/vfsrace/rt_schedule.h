/*
 * rt_schedule.h - a sleep that nothing the model runs will end: the thread
 * waits for the disk (or another device) and wakes when its interrupt
 * comes.  2.4's __wait_on_buffer(): run_task_queue(&tq_disk), schedule().
 *
 * The thread gives up the CPU: a scheduling point where any thread may run
 * next and the switch is not a preemption (the device answers at a time of
 * its own), and, as in schedule(), the BKL is dropped meanwhile and taken
 * back (a step of its own) before the thread goes on.  With no other
 * thread able to run it goes on at once, as an idle CPU would.  Sleeping
 * with a spinlock held is reported.
 */
#ifndef VFSRACE_RT_SCHEDULE_H
#define VFSRACE_RT_SCHEDULE_H

void rt_schedule_io_at(const char *what, const char *file, int line, const char *func);

#endif
