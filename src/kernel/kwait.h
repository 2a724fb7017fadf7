/*
 * kwait.h - wait_event() for the port, private to src/kernel.
 *
 * include/vfsrace/linux/wait.h passes RT_HERE to rt_wait_event_at() as one
 * macro argument, which is counted before it expands into three, so the
 * shim's wait_event() does not compile.  This expands RT_HERE first.
 */
#ifndef VFSRACE_KERNEL_KWAIT_H
#define VFSRACE_KERNEL_KWAIT_H

#include <vfsrace/linux/wait.h>

#define kwait_event_expand(wq, cond, ...) rt_wait_event_at(wq, cond, __VA_ARGS__)
#undef wait_event
#define wait_event(wq, cond) kwait_event_expand(&(wq), (cond), RT_HERE)

#endif
