/*
 * autofs4_waitq.c - the wait-queue lifetime of 2.4.26 fs/autofs4/waitq.c,
 * where Ian Kent located a race behind the "Busy inodes after unmount"
 * reports of autofs users (linux-kernel, 10 July 2004, thread "umount()
 * and NFS races in 2.4.26").
 *
 * Threads: --requesters N processes look up the same missing name and
 * wait in autofs4_wait() (the first one writes the request to the
 * daemon's pipe); the daemon reads requests and answers each with the
 * AUTOFS_IOC_READY ioctl (autofs4_wait_release() under the BKL, as
 * sys_ioctl calls it); umount (--umount 1) runs autofs4_put_super()'s
 * catatonic mode under the BKL, as kill_super() does.  No dentries: the
 * model is about struct autofs_wait_queue alone.
 */
#include <stdio.h>
#include <string.h>

#include "kernel/autofs4.h"
#include "kernel/vfs.h"
#include "vfsrace/linux/slab.h"
#include "vfsrace/linux/smp_lock.h"
#include "vfsrace/model.h"
#include "vfsrace/rt_frame.h"
#include "vfsrace/rt_report.h"
#include "vfsrace/rt_slab.h"
#include "vfsrace/rt_thread.h"

enum { P_REQUESTERS, P_UMOUNT };

static const struct model_param params[] = {
    [P_REQUESTERS] = {"requesters", 2, 1, 3, "processes waiting for the same mount", NULL},
    [P_UMOUNT] = {"umount", 1, 1, 1, "umount (catatonic mode) runs meanwhile", NULL},
};

static const struct model_fix fixes[] = {
    {"none", "fs/autofs4/waitq.c of Linux 2.4.26 (unchanged through 2.4.29)"},
    {"kent-wq_sem", "Ian Kent's waitq.c change for 2.6.6-rc3-mm1 (lkml 3 May 2004, "
		    "<Pine.LNX.4.58.0405032250060.4454@donald.themaw.net>) carried back: "
		    "wq_sem around the queue list, atomic wait_ctr"},
};

static struct autofs_sb_info *sbi;
static struct autofs_pipe *pipe_;
static int req_status[3];
static int requesters;

static void requester_thread(void *arg)
{
	RT_FRAME();
	int i = (int)(long)arg;
	struct qstr name = {(const unsigned char *)"foo", 3, 0};

	name.hash = full_name_hash(name.name, name.len);
	req_status[i] = autofs4_wait(sbi, &name, NFY_MOUNT);
}

static void daemon_thread(void *arg)
{
	RT_FRAME();
	autofs_wqt_t token;

	/* read(2) on the pipe; EOF once catatonic mode has closed it */
	while ((token = autofs4_daemon_read(pipe_)) != 0) {
		lock_kernel(); /* sys_ioctl(AUTOFS_IOC_READY) */
		autofs4_wait_release(sbi, token, 0);
		unlock_kernel();
	}
}

static void umount_thread(void *arg)
{
	RT_FRAME();
	lock_kernel(); /* kill_super() -> autofs4_put_super() */
	RT_READ(&sbi->catatonic, "catatonic");
	if (!sbi->catatonic)
		autofs4_catatonic_mode(sbi);
	unlock_kernel();
}

static void setup(const struct model_args *a)
{
	vfs_init();
	autofs4_waitq_init();
	autofs4_fix = (enum autofs4_fix_variant)a->fix;
	requesters = a->value[P_REQUESTERS];
	sbi = kmalloc(sizeof(*sbi), GFP_KERNEL);
	pipe_ = kmalloc(sizeof(*pipe_), GFP_KERNEL);
	memset(sbi, 0, sizeof(*sbi));
	memset(pipe_, 0, sizeof(*pipe_));
	rt_obj_name(sbi, "autofs_sb_info");
	rt_obj_name(pipe_, "pipe");
	spin_lock_init(&pipe_->lock);
	init_waitqueue_head(&pipe_->readable);
	init_MUTEX(&sbi->wq_sem);
	sbi->pipe = pipe_;
	for (int i = 0; i < requesters; i++) {
		req_status[i] = 1;
		rt_thread_create(i == 0	  ? "req1"
				 : i == 1 ? "req2"
					  : "req3",
				 requester_thread, (void *)(long)i);
	}
	rt_thread_create("daemon", daemon_thread, NULL);
	/* --umount 0: the daemon's shutdown still closes the pipe, but only after
	 * the requesters are done (umount starts as the last thread, unpreempted) */
	rt_thread_create("umount", umount_thread, NULL);
}

static void describe(const struct model_args *a, char *buf, unsigned len)
{
	size_t off = (size_t)snprintf(buf, len, "queues %s catatonic=%d",
				      rt_slab_is_live(sbi) && sbi->queues ? "busy" : "empty",
				      rt_slab_is_live(sbi) ? sbi->catatonic : -1);

	for (int i = 0; i < requesters && off < len; i++)
		off += (size_t)snprintf(buf + off, len - off, "  req%d=%d", i + 1, req_status[i]);
}

static uint64_t finish(const struct model_args *a, bool completed)
{
	uint64_t h = 1469598103934665603ull;

	if (!completed)
		return 0;
	for (int i = 0; i < requesters; i++)
		h = (h ^ (uint64_t)(unsigned)req_status[i]) * 1099511628211ull;
	h = (h ^ (uint64_t)rt_slab_live_count()) * 1099511628211ull;
	/* the superblock's share goes with the mount: freed here, after the checks above */
	if (rt_slab_is_live(pipe_))
		kfree(pipe_);
	if (rt_slab_is_live(sbi))
		kfree(sbi);
	return h;
}

static const struct model autofs4_waitq_model = {
    .name = "autofs4_waitq",
    .summary = "autofs4 waitq.c: requesters, daemon and catatonic umount (Ian Kent, July 2004)",
    .params = params,
    .nparams = sizeof(params) / sizeof(params[0]),
    .fixes = fixes,
    .nfixes = sizeof(fixes) / sizeof(fixes[0]),
    .setup = setup,
    .finish = finish,
    .describe = describe,
};
MODEL_REGISTER(autofs4_waitq_model)
