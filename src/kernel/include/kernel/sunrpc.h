/*
 * kernel/sunrpc.h - the part of 2.4.26 net/sunrpc (include/linux/sunrpc/
 * sched.h, clnt.h) that an NFS async unlink goes through, with the wire
 * replaced by a controlled thread.
 *
 * rpciod runs async tasks as in 2.4.26 (BKL held while it runs, dropped
 * while it sleeps); a task's call is "transmitted" by running its server
 * procedure, then the task sleeps on xprt_pending until the net thread
 * (the socket's data_ready callback) delivers the reply and wakes it.
 */
#ifndef VFSRACE_KERNEL_SUNRPC_H
#define VFSRACE_KERNEL_SUNRPC_H

#include <vfsrace/linux/atomic.h>
#include <vfsrace/linux/list.h>
#include <vfsrace/linux/wait.h>

struct rpc_task;

/* A queue a task sleeps on; only its identity matters here. */
struct rpc_wait_queue {
	const char *name;
};

#define RPC_WAITQ(var, qname) struct rpc_wait_queue var = {qname}

struct rpc_clnt {
	atomic_t cl_users; /* one per task (rpc_init_task) */
};

/* What rpc_call_setup() gets: the server procedure stands for the wire. */
struct rpc_message {
	int (*rpc_proc)(void *argp); /* runs "on the server"; returns the status */
	void *rpc_argp;
};

#define RPC_TASK_ASYNC	0x0001
#define RPC_TASK_KILLED 0x0100

struct rpc_task {
	struct list_head tk_task; /* on all_tasks */
	struct list_head tk_list; /* on schedq while runnable */
	struct rpc_clnt *tk_client;
	struct rpc_message tk_msg;
	void (*tk_action)(struct rpc_task *);
	void (*tk_exit)(struct rpc_task *);
	void (*tk_release)(struct rpc_task *);
	void *tk_calldata;
	struct rpc_wait_queue *tk_rpcwait; /* the queue it sleeps on, or NULL */
	int tk_status;
	int tk_reply; /* the server's answer, until call_decode reads it */
	unsigned short tk_flags;
	/* tk_runstate bits of 2.4.26, one field each; markers name &tk_running */
	int tk_running;	 /* RPC_IS_RUNNING: runnable or running */
	int tk_sleeping; /* RPC_IS_SLEEPING: no executor holds it */
	int tk_active;	 /* RPC_IS_ACTIVATED */
};

void rpc_init(void);
void rpc_init_task(struct rpc_task *task, struct rpc_clnt *clnt, void (*exitfn)(struct rpc_task *),
		   int flags);
void rpc_call_setup(struct rpc_task *task, struct rpc_message *msg, int flags);
void rpc_exit(struct rpc_task *task, int status);
void rpc_sleep_on(struct rpc_wait_queue *q, struct rpc_task *task);
void rpc_wake_up_task(struct rpc_task *task);
void rpc_killall_tasks(struct rpc_clnt *clnt);
void rpc_shutdown_client(struct rpc_clnt *clnt);

void rpciod_up(void);
void rpciod_down(void);
/* Thread bodies: rpciod() and the transport's reply path. */
void rpciod(void *arg);
void rpc_net_thread(void *arg);

#endif
