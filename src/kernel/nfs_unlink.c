/*
 * nfs_unlink.c - port of fs/nfs/unlink.c (sillydelete handling) of Linux
 * 2.4.26, with the later releases' versions as run-time variants.
 *
 * As in the kernel, nfs_deletes and the count of each nfs_unlinkdata are
 * protected by the BKL alone: nfs_async_unlink() runs under vfs_unlink()'s
 * lock_kernel(), nfs_complete_unlink() under nfs_dentry_iput()'s, and the
 * task callbacks on rpciod, which holds the BKL while it runs.
 *
 * Releases (`git diff 2.4.26 2.4.27|2.4.28|2.4.29 -- fs/nfs/unlink.c`):
 * 2.4.27 adds a wait queue and `completed' so that nfs_complete_unlink()
 * waits for the task's exit; 2.4.28 also wakes it on the `!dir' exit;
 * 2.4.29 takes both out again (its file is 2.4.26's, byte for byte).
 */
#include <string.h>

#include <vfsrace/linux/kernel.h>
#include <vfsrace/linux/slab.h>
#include <vfsrace/linux/smp_lock.h>
#include <vfsrace/linux/wait.h>
#include <vfsrace/rt_sched.h>
#include <vfsrace/rt_slab.h>

#include "kernel/errno.h"
#include "kernel/nfs_fs.h"
#include "vfsrace/rt_frame.h"

enum nfs_unlink_release nfs_unlink_release = NFS_UNLINK_2_4_26;

struct nfs_unlinkdata {
	struct nfs_unlinkdata *next;
	struct dentry *dir, *dentry;
	struct qstr name;
	struct rpc_task task;
	unsigned int count;
	/* 2.4.27, 2.4.28: nfs_complete_unlink() sleeps until the task exits */
	wait_queue_head_t waitq;
	int completed;
};

static struct nfs_unlinkdata *nfs_deletes;
static RPC_WAITQ(nfs_delete_queue, "nfs_delete_queue");

/* The releases that wait in nfs_complete_unlink(). */
static int nfs_unlink_waits(void)
{
	return nfs_unlink_release == NFS_UNLINK_2_4_27 || nfs_unlink_release == NFS_UNLINK_2_4_28;
}

/* fs/nfs/unlink.c: nfs_detach_unlinkdata() (2.4.26) — BKL held */
static void nfs_detach_unlinkdata(struct nfs_unlinkdata *data)
{
	RT_FRAME();
	struct nfs_unlinkdata **q;

	RT_WRITE(&nfs_deletes, "unlink from nfs_deletes");
	for (q = &nfs_deletes; *q != NULL; q = &((*q)->next)) {
		if (*q == data) {
			*q = data->next;
			break;
		}
	}
}

/* fs/nfs/unlink.c: nfs_put_unlinkdata() (2.4.26) — BKL held */
static void nfs_put_unlinkdata(struct nfs_unlinkdata *data)
{
	RT_FRAME();
	RT_WRITE(&data->count, "count--");
	if (--data->count == 0) {
		nfs_detach_unlinkdata(data);
		if (data->name.name != NULL)
			kfree((void *)data->name.name);
		kfree(data);
	}
}

#define NAME_ALLOC_LEN(len) ((len + 16) & ~15u)

/* fs/nfs/unlink.c: nfs_copy_dname() (2.4.26) — BKL held */
static void nfs_copy_dname(struct dentry *dentry, struct nfs_unlinkdata *data)
{
	RT_FRAME();
	char *str;
	unsigned int len = dentry->d_name.len;

	str = kmalloc(NAME_ALLOC_LEN(len), GFP_KERNEL);
	if (!str)
		return;
	memcpy(str, dentry->d_name.name, len);
	RT_WRITE(&data->name, "data->name = copy");
	if (!data->name.len) {
		data->name.len = len;
		data->name.name = (const unsigned char *)str;
	} else
		kfree(str);
}

/* fs/nfs/unlink.c: nfs_async_unlink_init() (2.4.26) — rpciod, BKL held */
static void nfs_async_unlink_init(struct rpc_task *task)
{
	RT_FRAME();
	struct nfs_unlinkdata *data = task->tk_calldata;
	struct dentry *dir = data->dir;
	struct rpc_message msg;
	int status = -ENOENT;

	RT_READ(&data->name, "data->name.len");
	if (!data->name.len)
		goto out_err;

	memset(&msg, 0, sizeof(msg));
	status = nfs_proc_unlink_setup(&msg, dir, &data->name);
	if (status < 0)
		goto out_err;
	rpc_call_setup(task, &msg, 0);
	return;
out_err:
	rpc_exit(task, status);
}

/*
 * fs/nfs/unlink.c: nfs_async_unlink_done() (2.4.26, tk_exit) — rpciod, BKL
 * held.  No jukebox retry: the model's server never answers EJUKEBOX.
 */
static void nfs_async_unlink_done(struct rpc_task *task)
{
	RT_FRAME();
	struct nfs_unlinkdata *data = task->tk_calldata;
	struct dentry *dir = data->dir;
	struct inode *dir_i;

	if (!dir) {
		/* 2.4.28: `goto out' - the waiter is woken on this exit too */
		if (nfs_unlink_release == NFS_UNLINK_2_4_28)
			goto out;
		return;
	}
	RT_READ(&dir->d_inode, "read d_inode");
	dir_i = dir->d_inode;
	nfs_zap_caches(dir_i);
	nfs_proc_unlink_done(dir, &task->tk_msg);
	dput(dir);
out:
	/* 2.4.27, 2.4.28: completed = 1; wake_up(&data->waitq) */
	if (nfs_unlink_waits()) {
		RT_WRITE(&data->completed, "completed = 1");
		data->completed = 1;
		wake_up(&data->waitq);
	}
}

/* fs/nfs/unlink.c: nfs_async_unlink_release() (2.4.26, tk_release) — rpciod, BKL held */
static void nfs_async_unlink_release(struct rpc_task *task)
{
	RT_FRAME();
	struct nfs_unlinkdata *data = task->tk_calldata;

	nfs_put_unlinkdata(data);
}

/*
 * fs/nfs/unlink.c: nfs_async_unlink() (2.4.26) — BKL held (vfs_unlink),
 * dir->i_sem held (sys_unlink).  Pins the parent with dget() until the
 * task's nfs_async_unlink_done().
 */
int nfs_async_unlink(struct dentry *dentry)
{
	RT_FRAME();
	struct dentry *dir = dentry->d_parent;
	struct nfs_unlinkdata *data;
	struct rpc_task *task;
	struct rpc_clnt *clnt;
	int status = -ENOMEM;

	RT_READ(&dir->d_inode, "read d_inode");
	clnt = nfs_client(dir->d_inode);
	data = kmalloc(sizeof(*data), GFP_KERNEL);
	if (!data)
		goto out;
	memset(data, 0, sizeof(*data));
	rt_obj_name(data, "nfs_unlinkdata %s", (const char *)dentry->d_name.name);

	data->dir = dget(dir);
	data->dentry = dentry;

	RT_WRITE(&nfs_deletes, "push nfs_deletes");
	data->next = nfs_deletes;
	nfs_deletes = data;
	data->count = 1;

	/* 2.4.27, 2.4.28: init_waitqueue_head(&data->waitq) */
	if (nfs_unlink_waits())
		init_waitqueue_head(&data->waitq);

	task = &data->task;
	rpc_init_task(task, clnt, nfs_async_unlink_done, RPC_TASK_ASYNC);
	task->tk_calldata = data;
	task->tk_action = nfs_async_unlink_init;
	task->tk_release = nfs_async_unlink_release;

	RT_WRITE(&dentry->d_flags, "d_flags |= DCACHE_NFSFS_RENAMED");
	dentry->d_flags |= DCACHE_NFSFS_RENAMED;

	rpc_sleep_on(&nfs_delete_queue, task);
	status = 0;
out:
	return status;
}

static int nfs_unlink_completed(struct nfs_unlinkdata *data)
{
	RT_READ(&data->completed, "completed");
	return data->completed == 1;
}

/*
 * fs/nfs/unlink.c: nfs_complete_unlink() (2.4.26) — BKL held
 * (nfs_dentry_iput, called from dentry_iput() with dcache_lock dropped).
 * 2.4.27/2.4.28 sleep here until the task has exited (BKL dropped while
 * asleep); nfs_wait_event() on a non-intr mount is wait_event().
 */
void nfs_complete_unlink(struct dentry *dentry)
{
	RT_FRAME();
	struct nfs_unlinkdata *data;

	RT_READ(&nfs_deletes, "walk nfs_deletes");
	for (data = nfs_deletes; data != NULL; data = data->next) {
		if (dentry == data->dentry)
			break;
	}
	if (!data)
		return;
	RT_WRITE(&data->count, "count++");
	data->count++;
	nfs_copy_dname(dentry, data);
	RT_WRITE(&dentry->d_flags, "d_flags &= ~DCACHE_NFSFS_RENAMED");
	dentry->d_flags &= ~DCACHE_NFSFS_RENAMED;
	RT_READ(&data->task.tk_rpcwait, "tk_rpcwait");
	if (data->task.tk_rpcwait == &nfs_delete_queue) {
		rpc_wake_up_task(&data->task);
		/* 2.4.27, 2.4.28: nfs_wait_event(clnt, data->waitq, data->completed == 1) */
		if (nfs_unlink_waits())
			wait_event(data->waitq, nfs_unlink_completed(data));
	}
	nfs_put_unlinkdata(data);
}

int nfs_pending_unlinks(void)
{
	int n = 0;

	for (struct nfs_unlinkdata *d = nfs_deletes; d; d = d->next)
		if (!rt_slab_is_live(d))
			return -1;
		else
			n++;
	return n;
}

/* (re)initialise for a new execution */
void nfs_unlink_init(void)
{
	nfs_deletes = NULL;
}
