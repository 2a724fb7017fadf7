/*
 * nfs_unlink.c - Thomas Moestl's conjecture (linux-kernel, 8 July 2004,
 * "umount() and NFS races in 2.4.26"): NFS async unlink keeps the parent
 * directory with dget() for the rpc task, while the mount is no longer
 * busy, so umount gets past do_umount()'s busy check, cannot free the
 * pinned dentry, and kill_super() finds a busy inode.
 *
 * An NFS mount holds dir/file, opened by a process.  Threads:
 *   process  sys_unlink("dir/file") - the file is open, so nfs_unlink()
 *            silly-renames it and nfs_async_unlink() queues a task that
 *            pins dir/ - then close(): fput() -> dput() -> dentry_iput()
 *            -> nfs_dentry_iput() -> nfs_complete_unlink() wakes the task,
 *            then mntput();
 *   rpciod   runs the task: NFSPROC_REMOVE of the silly name, then
 *            nfs_async_unlink_done() -> dput(dir/);
 *   net      delivers the server's reply (the transport's receive path);
 *   umount   sys_umount(); if that says EBUSY, once more after the
 *            process has exited;
 *   kswapd   (--kswapd 1) one pass of the dcache/icache shrinkers after
 *            umount, as the next memory pressure would.
 * Fix variants: fs/nfs/unlink.c as released in 2.4.26 (none), 2.4.27,
 * 2.4.28 and 2.4.29.
 */
#include <stdio.h>
#include <string.h>

#include "kernel/errno.h"
#include "kernel/dcache.h"
#include "kernel/fs.h"
#include "kernel/namei.h"
#include "kernel/nfs_fs.h"
#include "kernel/vfs.h"
#include "kernel/vmscan.h"
#include "vfsrace/linux/wait.h"
#include "vfsrace/model.h"
#include "vfsrace/rt_frame.h"
#include "vfsrace/rt_report.h"
#include "vfsrace/rt_slab.h"
#include "vfsrace/rt_thread.h"

enum { P_DEPTH, P_KSWAPD, P_SERVER };

static const struct model_param params[] = {
    [P_DEPTH] = {"depth", 2, 1, 2, "path depth of the file (dir/file is 2, file is 1)", NULL},
    [P_KSWAPD] = {"kswapd", 0, 0, 1, "kswapd shrinks the caches once umount has returned", NULL},
    [P_SERVER] = {"server", 0, 0, 1, "report a silly-renamed file left on the server", NULL},
};

static const struct model_fix fixes[] = {
    {"none", "fs/nfs/unlink.c of Linux 2.4.26 (14 April 2004)"},
    {"2.4.27", "fs/nfs/unlink.c of 2.4.27 (7 August 2004): nfs_complete_unlink() waits "
	       "for the task (waitq, completed)"},
    {"2.4.28", "fs/nfs/unlink.c of 2.4.28 (17 November 2004): the !dir exit of "
	       "nfs_async_unlink_done() wakes the waiter too"},
    {"2.4.29", "fs/nfs/unlink.c of 2.4.29 (19 January 2005): the wait taken out again "
	       "(2.4.26's text)"},
};

static struct model_mount mnt;
static struct file file;
static struct dentry *file_dentry, *dir_dentry;
static int umount_rc;
static bool umount_returned;
static int process_done;
static wait_queue_head_t process_exit;

static void process_thread(void *arg)
{
	RT_FRAME();
	const char *path = arg;

	sys_unlink(mnt.mnt, path);
	fput(&file); /* close() */
	RT_WRITE(&process_done, "process exits");
	process_done = 1;
	wake_up(&process_exit);
}

static int process_exited(void)
{
	RT_READ(&process_done, "process exited?");
	return process_done;
}

static void umount_thread(void *arg)
{
	RT_FRAME();
	int rc = sys_umount(mnt.mnt, 0);

	if (rc == -EBUSY) {
		/* as a shutdown script would: umount again once the process is gone */
		wait_event(process_exit, process_exited());
		rc = sys_umount(mnt.mnt, 0);
	}
	umount_rc = rc;
	umount_returned = true;
	if (rc != 0) {
		rt_report("umount-failed", false, "umount returned %d after the process exited",
			  rc);
		rpciod_down(); /* the model's stand-in for the mount staying: stop rpciod */
	}
}

static void kswapd_thread(void *arg)
{
	RT_FRAME();
	RT_READ(&umount_returned, "umount returned?");
	kswapd_one_pass();
}

static void setup(const struct model_args *a)
{
	static const char *const tree2[] = {"dir/", "dir/file"};
	static const char *const tree1[] = {"file"};
	int depth = a->value[P_DEPTH];
	const char *path = depth == 2 ? "dir/file" : "file";

	vfs_init();
	nfs_init();
	nfs_unlink_release = (enum nfs_unlink_release)a->fix;
	init_waitqueue_head(&process_exit);
	process_done = 0;
	umount_rc = 0;
	umount_returned = false;
	file_dentry = dir_dentry = NULL;
	if (nfs_mount(&mnt, depth == 2 ? tree2 : tree1, depth == 2 ? 2 : 1) != 0 ||
	    namei_open(mnt.mnt, path, &file) != 0) {
		rt_report(RT_V_BUG, true, "nfs_unlink model: cannot mount or open %s", path);
		return;
	}
	file_dentry = file.f_dentry;
	dir_dentry = file_dentry->d_parent;
	rt_thread_create("process", process_thread, (void *)path);
	rt_thread_create("rpciod", rpciod, NULL);
	rt_thread_create("net", rpc_net_thread, NULL);
	rt_thread_create("umount", umount_thread, NULL);
	if (a->value[P_KSWAPD])
		rt_thread_create("kswapd", kswapd_thread, NULL);
}

static bool live(const void *p)
{
	return p && rt_slab_is_live(p);
}

static void describe(const struct model_args *a, char *buf, unsigned len)
{
	size_t off = 0;
	struct dentry *d[2] = {file_dentry, dir_dentry};
	const char *label[2] = {"file", a->value[P_DEPTH] == 2 ? "dir/" : "/"};

	for (int i = 0; i < 2 && off < len; i++) {
		if (!live(d[i]))
			off += (size_t)snprintf(buf + off, len - off, "%s freed  ", label[i]);
		else
			off += (size_t)snprintf(
			    buf + off, len - off, "%s d_count=%d%s%s%s  ", label[i],
			    rt_atomic_peek(&d[i]->d_count), list_empty(&d[i]->d_lru) ? "" : " lru",
			    list_empty(&d[i]->d_hash) ? " unhashed" : "",
			    d[i]->d_flags & DCACHE_NFSFS_RENAMED ? " renamed" : "");
	}
	if (off < len)
		snprintf(buf + off, len - off, "unlinkdata %d  sb %s", nfs_pending_unlinks(),
			 live(mnt.sb) ? "live" : "freed");
}

struct leftovers {
	struct super_block *sb;
	int dentries, inodes, other;
	char first[96];
};

static void note_leftover(void *obj, const char *cache, void *arg)
{
	struct leftovers *l = arg;
	int *n = &l->other;

	if (strcmp(cache, "dentry_cache") == 0)
		n = &l->dentries;
	else if (strcmp(cache, "inode_cache") == 0)
		n = &l->inodes;
	if (!l->dentries && !l->inodes && !l->other)
		snprintf(l->first, sizeof(l->first), "%s", rt_obj_describe(obj));
	(*n)++;
}

static uint64_t finish(const struct model_args *a, bool completed)
{
	uint64_t h = 1469598103934665603ull;
	struct leftovers l = {mnt.sb, 0, 0, 0, ""};
	int pending = nfs_pending_unlinks();
	int silly_left = nfs_silly_renames - nfs_silly_removes;

	if (!completed)
		return 0;
	if (rt_printk_contains("VFS: Busy inodes after unmount"))
		rt_report("busy-inodes", false, "kill_super() printed: %s", rt_printk_buffer());
	if (umount_returned && umount_rc == 0) {
		rt_slab_for_each_live(note_leftover, &l);
		if (l.dentries || l.inodes)
			rt_report("dangling-dentry", false,
				  "after umount: %d dentr%s and %d inode%s of the unmounted "
				  "filesystem still allocated (%s)",
				  l.dentries, l.dentries == 1 ? "y" : "ies", l.inodes,
				  l.inodes == 1 ? "" : "s", l.first);
		else if (l.other)
			rt_report(RT_V_LEAK, false,
				  "after umount: %d object%s still allocated (%s)", l.other,
				  l.other == 1 ? "" : "s", l.first);
	}
	if (pending != 0)
		rt_report(RT_V_LEAK, false, "nfs_deletes still holds %d unlinkdata", pending);
	if (a->value[P_SERVER] && silly_left > 0)
		rt_report("silly-file-left", false,
			  "%d silly-renamed file%s never removed on the server (task killed "
			  "before it transmitted)",
			  silly_left, silly_left == 1 ? "" : "s");
	h = (h ^ (uint64_t)rt_printk_contains("Busy inodes")) * 1099511628211ull;
	h = (h ^ (uint64_t)(unsigned)umount_rc) * 1099511628211ull;
	h = (h ^ (uint64_t)rt_slab_live_count()) * 1099511628211ull;
	h = (h ^ (uint64_t)(unsigned)pending) * 1099511628211ull;
	h = (h ^ (uint64_t)(unsigned)silly_left) * 1099511628211ull;
	return h;
}

static const struct model nfs_unlink_model = {
    .name = "nfs_unlink",
    .summary = "NFS silly-rename async unlink (rpciod) against umount (Moestl's conjecture, "
	       "July 2004)",
    .params = params,
    .nparams = sizeof(params) / sizeof(params[0]),
    .fixes = fixes,
    .nfixes = sizeof(fixes) / sizeof(fixes[0]),
    .setup = setup,
    .finish = finish,
    .describe = describe,
};
MODEL_REGISTER(nfs_unlink_model)
