/*
 * sunrpc.c - the async-task path of 2.4.26 net/sunrpc/sched.c and clnt.c,
 * reduced to what an NFS async unlink needs: rpc_init_task, sleeping on
 * and waking from an rpc wait queue, rpciod running the task to its
 * tk_exit and tk_release, rpc_killall_tasks and rpc_shutdown_client.
 *
 * Departs: the call state machine is call_transmit -> (sleep on
 * xprt_pending until the net thread delivers the reply) -> call_decode;
 * transmitting runs the server procedure of the message.  No timeouts, no
 * retransmits, no credentials.  rpciod's SIGKILL from rpciod_down() is the
 * `rpciod_users == 0' part of its wait condition.
 */
#include <vfsrace/linux/kernel.h>
#include <vfsrace/linux/smp_lock.h>
#include <vfsrace/linux/spinlock.h>
#include <vfsrace/rt_report.h>
#include <vfsrace/rt_sched.h>

#include "kernel/errno.h"
#include "kernel/sunrpc.h"
#include "vfsrace/rt_frame.h"

static struct list_head all_tasks;	 /* under rpc_sched_lock */
static struct list_head schedq;		 /* runnable async tasks, under rpc_queue_lock */
static struct list_head xprt_reply_list; /* tasks on xprt_pending, under rpc_queue_lock */
static spinlock_t rpc_sched_lock;
static spinlock_t rpc_queue_lock;
static struct rpc_wait_queue xprt_pending = {"xprt_pending"};

static wait_queue_head_t rpciod_idle;
static wait_queue_head_t rpciod_killer;
static wait_queue_head_t destroy_wait;
static wait_queue_head_t xprt_data_ready; /* the net thread's wake-up */
static int rpciod_users;
static int rpciod_pid;

/* net/sunrpc/sched.c: rpc_init_task() (2.4.26) — no lock; the task is private */
void rpc_init_task(struct rpc_task *task, struct rpc_clnt *clnt, void (*exitfn)(struct rpc_task *),
		   int flags)
{
	RT_FRAME();
	INIT_LIST_HEAD(&task->tk_list);
	task->tk_client = clnt;
	task->tk_exit = exitfn;
	task->tk_flags = (unsigned short)flags;
	task->tk_rpcwait = NULL;
	task->tk_running = 0;
	task->tk_sleeping = 0;
	task->tk_active = 0;
	task->tk_status = 0;
	atomic_inc(&clnt->cl_users);
	spin_lock(&rpc_sched_lock);
	RT_LIST_WRITE(&all_tasks, &task->tk_task, "list_add tk_task all_tasks");
	list_add(&task->tk_task, &all_tasks);
	spin_unlock(&rpc_sched_lock);
}

/* net/sunrpc/sched.c: rpc_exit() (2.4.26 inline) — BKL or rpc_sched_lock held */
void rpc_exit(struct rpc_task *task, int status)
{
	RT_FRAME();
	RT_WRITE(&task->tk_status, "tk_status = status");
	task->tk_status = status;
	RT_WRITE(&task->tk_action, "tk_action = NULL");
	task->tk_action = NULL;
}

/* call_decode (clnt.c, reduced): the reply is the status; the call is over. */
static void call_decode(struct rpc_task *task)
{
	RT_READ(&task->tk_reply, "tk_reply");
	task->tk_status = task->tk_reply;
	RT_WRITE(&task->tk_action, "tk_action = NULL");
	task->tk_action = NULL;
}

/* call_transmit (clnt.c, reduced): the server runs the procedure; wait for the reply. */
static void call_transmit(struct rpc_task *task)
{
	int status = task->tk_msg.rpc_proc(task->tk_msg.rpc_argp);

	RT_WRITE(&task->tk_reply, "tk_reply = server status");
	task->tk_reply = status;
	RT_WRITE(&task->tk_action, "tk_action = call_decode");
	task->tk_action = call_decode;
	rpc_sleep_on(&xprt_pending, task);
}

/* net/sunrpc/clnt.c: rpc_call_setup() (2.4.26) — BKL held */
void rpc_call_setup(struct rpc_task *task, struct rpc_message *msg, int flags)
{
	RT_FRAME();
	task->tk_msg = *msg;
	RT_WRITE(&task->tk_action, "tk_action = call_transmit");
	task->tk_action = call_transmit;
}

/* net/sunrpc/sched.c: rpc_sleep_on() (2.4.26) — entry: no spinlock; exit: none */
void rpc_sleep_on(struct rpc_wait_queue *q, struct rpc_task *task)
{
	RT_FRAME();
	spin_lock(&rpc_queue_lock);
	/* a task put to sleep before it ever ran is activated here, asleep */
	RT_READ(&task->tk_running, "RPC_IS_ACTIVATED");
	if (!task->tk_active) {
		RT_WRITE(&task->tk_running, "rpc_set_sleeping");
		task->tk_active = 1;
		task->tk_sleeping = 1;
	}
	RT_WRITE(&task->tk_rpcwait, "tk_rpcwait = queue");
	task->tk_rpcwait = q;
	RT_WRITE(&task->tk_running, "rpc_clear_running");
	task->tk_running = 0;
	if (q == &xprt_pending) {
		RT_LIST_WRITE(&xprt_reply_list, &task->tk_list,
			      "list_add_tail tk_list xprt_pending");
		list_add_tail(&task->tk_list, &xprt_reply_list);
	}
	spin_unlock(&rpc_queue_lock);
	if (q == &xprt_pending)
		wake_up(&xprt_data_ready);
}

/*
 * __rpc_wake_up_task() + rpc_make_runnable() (2.4.26) — rpc_queue_lock
 * held.  The task goes on schedq only if __rpc_execute() has already let
 * go of it (RPC_IS_SLEEPING); otherwise the executor sees it running and
 * goes on with it.  1 when rpciod has to be woken.
 */
static int __rpc_wake_up_task(struct rpc_task *task)
{
	RT_FRAME();
	RT_READ(&task->tk_running, "RPC_IS_RUNNING");
	if (!task->tk_active || task->tk_running)
		return 0;
	RT_READ(&task->tk_rpcwait, "tk_rpcwait");
	if (task->tk_rpcwait == &xprt_pending) {
		RT_LIST_WRITE(&xprt_reply_list, &task->tk_list,
			      "list_del_init tk_list xprt_pending");
		list_del_init(&task->tk_list);
	}
	RT_WRITE(&task->tk_rpcwait, "tk_rpcwait = NULL");
	task->tk_rpcwait = NULL;
	RT_WRITE(&task->tk_running, "rpc_set_running");
	task->tk_running = 1;
	if (!task->tk_sleeping)
		return 0;
	RT_LIST_WRITE(&schedq, &task->tk_list, "list_add_tail tk_list schedq");
	list_add_tail(&task->tk_list, &schedq);
	task->tk_sleeping = 0;
	return 1;
}

/* net/sunrpc/sched.c: rpc_wake_up_task() (2.4.26) — entry: no spinlock; exit: none */
void rpc_wake_up_task(struct rpc_task *task)
{
	RT_FRAME();
	int woken;

	spin_lock(&rpc_queue_lock);
	woken = __rpc_wake_up_task(task);
	spin_unlock(&rpc_queue_lock);
	if (woken)
		wake_up(&rpciod_idle);
}

/* net/sunrpc/clnt.c: rpc_release_client() (2.4.26) — no lock */
static void rpc_release_client(struct rpc_clnt *clnt)
{
	RT_FRAME();
	if (!atomic_dec_and_test(&clnt->cl_users))
		return;
	wake_up(&destroy_wait);
}

/* net/sunrpc/sched.c: rpc_release_task() (2.4.26) — BKL held (rpciod) */
static void rpc_release_task(struct rpc_task *task)
{
	RT_FRAME();
	spin_lock(&rpc_sched_lock);
	RT_LIST_WRITE(&all_tasks, &task->tk_task, "list_del tk_task all_tasks");
	list_del(&task->tk_task);
	spin_unlock(&rpc_sched_lock);
	rpc_release_client(task->tk_client);
	/* tk_release may free the task (nfs_put_unlinkdata frees it with its data) */
	if (task->tk_release)
		task->tk_release(task);
}

/*
 * net/sunrpc/sched.c: __rpc_execute() (2.4.26) — BKL held (rpciod).
 * Returns when the task sleeps; a finished task gets tk_exit, then release.
 */
static void __rpc_execute(struct rpc_task *task)
{
	RT_FRAME();
	for (;;) {
		int asleep;

		RT_READ(&task->tk_action, "tk_action");
		if (!task->tk_action)
			break;
		task->tk_action(task);
		spin_lock(&rpc_queue_lock);
		RT_READ(&task->tk_running, "RPC_IS_RUNNING");
		asleep = !task->tk_running;
		if (asleep) {
			RT_WRITE(&task->tk_running, "rpc_set_sleeping");
			task->tk_sleeping = 1;
		}
		spin_unlock(&rpc_queue_lock);
		if (asleep)
			return;
	}
	if (task->tk_exit)
		task->tk_exit(task);
	rpc_release_task(task);
}

/* net/sunrpc/sched.c: __rpc_schedule() (2.4.26) — BKL held (rpciod) */
static void __rpc_schedule(void)
{
	RT_FRAME();
	for (;;) {
		struct rpc_task *task;

		spin_lock(&rpc_queue_lock);
		RT_READ(&schedq, "list_empty schedq");
		if (list_empty(&schedq)) {
			spin_unlock(&rpc_queue_lock);
			break;
		}
		task = list_entry(schedq.next, struct rpc_task, tk_list);
		RT_LIST_WRITE(&schedq, &task->tk_list, "list_del_init tk_list schedq");
		list_del_init(&task->tk_list);
		spin_unlock(&rpc_queue_lock);
		__rpc_execute(task);
	}
}

/* net/sunrpc/sched.c: rpc_killall_tasks() (2.4.26) — no lock; clnt NULL: every task */
void rpc_killall_tasks(struct rpc_clnt *clnt)
{
	RT_FRAME();
	struct list_head *le;

	spin_lock(&rpc_sched_lock);
	RT_READ(&all_tasks, "walk all_tasks");
	list_for_each(le, &all_tasks)
	{
		struct rpc_task *rovr = list_entry(le, struct rpc_task, tk_task);

		if (!clnt || rovr->tk_client == clnt) {
			rovr->tk_flags |= RPC_TASK_KILLED;
			rpc_exit(rovr, -EIO);
			rpc_wake_up_task(rovr);
		}
	}
	spin_unlock(&rpc_sched_lock);
}

static int rpc_clnt_idle(struct rpc_clnt *clnt)
{
	return atomic_read(&clnt->cl_users) == 0;
}

/*
 * net/sunrpc/clnt.c: rpc_shutdown_client() (2.4.26) — no spinlock; may
 * sleep (BKL dropped meanwhile).  Departs: sleep_on_timeout(1s) and kill
 * again becomes a wait for cl_users to reach 0 (no task is started here
 * after the kill).
 */
void rpc_shutdown_client(struct rpc_clnt *clnt)
{
	RT_FRAME();
	while (atomic_read(&clnt->cl_users)) {
		rpc_killall_tasks(clnt);
		wait_event(destroy_wait, rpc_clnt_idle(clnt));
	}
}

/*
 * rpciod()'s `while (rpciod_users)': 2.4.26 reads it without rpciod_sema
 * (rpciod_down() decrements it under the semaphore, then kills rpciod and
 * waits for it to go).  An accepted race.
 */
static int rpciod_users_left(void)
{
	RT_READ_RACY(&rpciod_users, "rpciod_users");
	return rpciod_users;
}

/* rpciod()'s wait condition: 2.4.26 tests schedq without rpc_queue_lock
 * inside wait_event_interruptible(), which tests again once queued.  An
 * accepted race. */
static int rpciod_task_pending(void)
{
	RT_READ_RACY(&schedq, "list_empty schedq");
	return !list_empty(&schedq);
}

static int all_tasks_empty(void)
{
	RT_READ(&all_tasks, "list_empty all_tasks");
	return list_empty(&all_tasks);
}

/* net/sunrpc/sched.c: rpciod_killall() (2.4.26) — BKL held */
static void rpciod_killall(void)
{
	RT_FRAME();
	while (!all_tasks_empty()) {
		rpc_killall_tasks(NULL);
		__rpc_schedule();
	}
}

/*
 * net/sunrpc/sched.c: rpciod() (2.4.26) — takes the BKL for life, as
 * 2.4.26 does; it is dropped only while rpciod sleeps.
 */
void rpciod(void *arg)
{
	RT_FRAME();
	lock_kernel();
	while (rpciod_users_left()) {
		__rpc_schedule();
		if (!rpciod_task_pending())
			wait_event(rpciod_idle, rpciod_task_pending() || !rpciod_users_left());
	}
	if (!all_tasks_empty()) {
		printk(KERN_ERR "rpciod: active tasks at shutdown?!\n");
		rpciod_killall();
	}
	RT_WRITE(&rpciod_pid, "rpciod_pid = 0");
	rpciod_pid = 0;
	wake_up(&rpciod_killer);
	wake_up(&xprt_data_ready);
	unlock_kernel();
}

/* rpciod_down()'s `while (rpciod_pid)': rpciod clears it and wakes
 * rpciod_killer with no lock; the waiter tests again after each sleep.  An
 * accepted race. */
static int rpciod_exited(void)
{
	RT_READ_RACY(&rpciod_pid, "rpciod_pid");
	return rpciod_pid == 0;
}

static int xprt_reply_ready(void)
{
	RT_READ(&xprt_reply_list, "list_empty xprt_pending");
	return !list_empty(&xprt_reply_list) || rpciod_exited();
}

/*
 * The transport's receive path (xprt.c udp_data_ready -> xprt_complete_rqst,
 * softirq context, no BKL): the reply to each transmitted call arrives and
 * wakes its task.  Ends when rpciod has exited.
 */
void rpc_net_thread(void *arg)
{
	for (;;) {
		wait_event(xprt_data_ready, xprt_reply_ready());
		spin_lock(&rpc_queue_lock);
		RT_READ(&xprt_reply_list, "list_empty xprt_pending");
		if (list_empty(&xprt_reply_list)) {
			spin_unlock(&rpc_queue_lock);
			if (rpciod_exited())
				return;
			continue;
		}
		if (__rpc_wake_up_task(
			list_entry(xprt_reply_list.next, struct rpc_task, tk_list))) {
			spin_unlock(&rpc_queue_lock);
			wake_up(&rpciod_idle);
		} else
			spin_unlock(&rpc_queue_lock);
	}
}

/* net/sunrpc/sched.c: rpciod_up() (2.4.26) — the thread itself is the model's */
void rpciod_up(void)
{
	RT_FRAME();
	RT_WRITE(&rpciod_users, "rpciod_users++");
	rpciod_users++;
}

/* net/sunrpc/sched.c: rpciod_down() (2.4.26) — may sleep until rpciod exits */
void rpciod_down(void)
{
	RT_FRAME();
	RT_WRITE(&rpciod_users, "rpciod_users--");
	if (--rpciod_users)
		return;
	/* stands for kill_proc(rpciod_pid, SIGKILL, 1) */
	wake_up(&rpciod_idle);
	wait_event(rpciod_killer, rpciod_exited());
}

/* (re)initialise the statics for a new execution; rpciod counts as running */
void rpc_init(void)
{
	INIT_LIST_HEAD(&all_tasks);
	INIT_LIST_HEAD(&schedq);
	INIT_LIST_HEAD(&xprt_reply_list);
	spin_lock_init(&rpc_sched_lock);
	spin_lock_init(&rpc_queue_lock);
	init_waitqueue_head(&rpciod_idle);
	init_waitqueue_head(&rpciod_killer);
	init_waitqueue_head(&destroy_wait);
	init_waitqueue_head(&xprt_data_ready);
	rpciod_users = 0;
	rpciod_pid = 1;
}
