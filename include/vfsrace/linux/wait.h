/* linux/wait.h names on the vfsrace runtime. */
#ifndef VFSRACE_LINUX_WAIT_H
#define VFSRACE_LINUX_WAIT_H

#include "../rt_sched.h"
#include "../rt_waitqueue.h"

typedef rt_waitqueue_t wait_queue_head_t;
#define init_waitqueue_head(wq) rt_waitqueue_init((wq), #wq)
/* The extra level lets RT_HERE expand into its three arguments first. */
#define rt_wait_event_expand(wq, cond, ...) rt_wait_event_at(wq, cond, __VA_ARGS__)
#define wait_event(wq, cond)		    rt_wait_event_expand(&(wq), (cond), RT_HERE)
#define wake_up(wq)			    rt_wake_up_at((wq), RT_HERE)

#endif
