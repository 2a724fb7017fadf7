/*
 * namespace.c - port of Linux 2.4.26 fs/namespace.c: vfsmount reference
 * counts, and umount(2) down to kill_super().
 *
 * A model's mounts hang directly in init_namespace: each is its own parent
 * (mnt_parent == mnt) and has no mountpoint dentry in another filesystem,
 * so attaching to and detaching from a parent mount are left out.
 */
#include <string.h>

#include <vfsrace/linux/kernel.h>
#include <vfsrace/linux/slab.h>
#include <vfsrace/linux/smp_lock.h>
#include <vfsrace/rt_sched.h>
#include <vfsrace/rt_slab.h>

#include "kernel/errno.h"
#include "kernel/dcache.h"
#include "kernel/fs.h"
#include "kernel/mount.h"
#include "vfsrace/rt_frame.h"

struct namespace init_namespace;
static kmem_cache_t mnt_cache;

/* fs/namespace.c: alloc_vfsmnt() (2.4.26 line 41) — no lock; the mount is private */
struct vfsmount *alloc_vfsmnt(void)
{
	RT_FRAME();
	struct vfsmount *mnt = kmem_cache_alloc(&mnt_cache, GFP_KERNEL);

	if (mnt) {
		memset(mnt, 0, sizeof(struct vfsmount));
		/* replaces atomic_set(): unpublished object, named counter, negatives reported */
		rt_atomic_init(&mnt->mnt_count, 1, "mnt_count", true);
		INIT_LIST_HEAD(&mnt->mnt_hash);
		INIT_LIST_HEAD(&mnt->mnt_child);
		INIT_LIST_HEAD(&mnt->mnt_mounts);
		INIT_LIST_HEAD(&mnt->mnt_list);
		rt_obj_name(mnt, "vfsmount");
	}
	return mnt;
}

/* fs/namespace.c: free_vfsmnt() (2.4.26 line 63) — no lock */
void free_vfsmnt(struct vfsmount *mnt)
{
	RT_FRAME();
	kmem_cache_free(&mnt_cache, mnt);
}

/* include/linux/mount.h: mntget() (2.4.26 inline) — any lock state */
struct vfsmount *mntget(struct vfsmount *mnt)
{
	RT_FRAME();
	if (mnt)
		atomic_inc(&mnt->mnt_count);
	return mnt;
}

/* fs/namespace.c: __mntput() (2.4.26 line 150) — entry: no lock; exit: no lock */
static void __mntput(struct vfsmount *mnt)
{
	RT_FRAME();
	struct super_block *sb;

	RT_READ(&mnt->mnt_sb, "mnt_sb");
	sb = mnt->mnt_sb;
	RT_READ(&mnt->mnt_root, "mnt_root");
	dput(mnt->mnt_root);
	free_vfsmnt(mnt);
	kill_super(sb);
}

/* include/linux/mount.h: mntput() (2.4.26 inline) — entry: no lock; exit: no lock */
void mntput(struct vfsmount *mnt)
{
	RT_FRAME();
	if (mnt) {
		if (atomic_dec_and_test(&mnt->mnt_count))
			__mntput(mnt);
	}
}

/* fs/namei.c: path_release() (2.4.26 inline in namei.c) — no lock */
void path_release(struct nameidata *nd)
{
	RT_FRAME();
	dput(nd->dentry);
	mntput(nd->mnt);
}

/* fs/namespace.c: next_mnt() (2.4.26 line 117) — entry: dcache_lock held; exit: held */
static struct vfsmount *next_mnt(struct vfsmount *p, struct vfsmount *root)
{
	RT_FRAME();
	struct list_head *next = p->mnt_mounts.next;

	if (next == &p->mnt_mounts) {
		for (;;) {
			if (p == root)
				return NULL;
			next = p->mnt_child.next;
			if (next != &p->mnt_parent->mnt_mounts)
				break;
			p = p->mnt_parent;
		}
	}
	return list_entry(next, struct vfsmount, mnt_child);
}

/*
 * fs/namespace.c: umount_tree() (2.4.26 line 263) — entry: dcache_lock held;
 * exit: held (dropped around each mntput()).  Departs: every mount is its
 * own parent, so detach_mnt() and its path_release() never run.
 */
static void umount_tree(struct vfsmount *mnt)
{
	RT_FRAME();
	struct vfsmount *p;
	struct list_head kill;

	INIT_LIST_HEAD(&kill);
	for (p = mnt; p; p = next_mnt(p, mnt)) {
		RT_LIST_WRITE(&init_namespace.list, &p->mnt_list, "list_move mnt_list to kill");
		list_del(&p->mnt_list);
		list_add(&p->mnt_list, &kill);
	}

	while (!list_empty(&kill)) {
		mnt = list_entry(kill.next, struct vfsmount, mnt_list);
		list_del_init(&mnt->mnt_list);
		if (mnt->mnt_parent != mnt)
			BUG();
		spin_unlock(&dcache_lock);
		mntput(mnt);
		spin_lock(&dcache_lock);
	}
}

/*
 * fs/namespace.c: do_umount() (2.4.26 line 289) — entry: no lock; exit: no
 * lock.  -EBUSY unless the namespace and the caller's lookup are the only
 * references to mnt.  Departs: no root-filesystem case, no quota or
 * accounting to switch off.
 */
static int do_umount(struct vfsmount *mnt, int flags)
{
	RT_FRAME();
	struct super_block *sb;
	int retval = 0;

	RT_READ(&mnt->mnt_sb, "mnt_sb");
	sb = mnt->mnt_sb;
	lock_kernel();
	if (flags & MNT_FORCE)
		RT_READ(&sb->s_op, "s_op");
	if ((flags & MNT_FORCE) && sb->s_op->umount_begin)
		sb->s_op->umount_begin(sb);
	unlock_kernel();

	down_write(&init_namespace.sem);
	spin_lock(&dcache_lock);

	if (atomic_read(&sb->s_active) == 1) {
		/* the last mount of sb: 2.4.26 turns quota and accounting off here */
		spin_unlock(&dcache_lock);
		lock_kernel();
		unlock_kernel();
		spin_lock(&dcache_lock);
	}
	retval = -EBUSY;
	if (atomic_read(&mnt->mnt_count) == 2 || flags & MNT_DETACH) {
		RT_READ(&init_namespace.list, "list_empty mnt_list");
		if (!list_empty(&mnt->mnt_list))
			umount_tree(mnt);
		retval = 0;
	}
	spin_unlock(&dcache_lock);
	up_write(&init_namespace.sem);
	return retval;
}

/*
 * fs/namespace.c: sys_umount() (2.4.26 line 364) — no lock.  Departs: the
 * path walk is replaced by taking the references it would leave in nd
 * (the mount and its root dentry).
 */
int sys_umount(struct vfsmount *mnt, int flags)
{
	RT_FRAME();
	struct nameidata nd;
	int retval;

	nd.mnt = mntget(mnt);
	RT_READ(&mnt->mnt_root, "mnt_root");
	nd.dentry = dget(mnt->mnt_root);
	retval = -EINVAL;
	if (nd.dentry != nd.mnt->mnt_root)
		goto dput_and_out;

	retval = do_umount(nd.mnt, flags);
dput_and_out:
	path_release(&nd);
	return retval;
}

/*
 * fs/namespace.c: graft_tree() (2.4.26 line 454) followed by
 * do_add_mount()'s mntput() (line 648) — no lock on entry or exit.
 * Departs: puts mnt on the namespace list without a mountpoint.
 */
int graft_tree(struct vfsmount *mnt)
{
	RT_FRAME();
	down_write(&init_namespace.sem);
	spin_lock(&dcache_lock);
	RT_LIST_WRITE(&init_namespace.list, &mnt->mnt_list, "list_add_tail mnt_list");
	list_add_tail(&mnt->mnt_list, &init_namespace.list);
	mntget(mnt);
	spin_unlock(&dcache_lock);
	up_write(&init_namespace.sem);
	mntput(mnt);
	return 0;
}

/* sys_mount() of a nodev filesystem, for a model: do_add_mount() (2.4.26 line 613) without the path
 */
int mount_nodev(struct model_mount *m, struct file_system_type *type, void *data)
{
	RT_FRAME();
	struct vfsmount *mnt = do_kern_mount(type, 0, data);

	if (!mnt)
		return -ENOMEM;
	graft_tree(mnt);
	m->mnt = mnt;
	m->sb = mnt->mnt_sb;
	m->root = mnt->mnt_root;
	return 0;
}

/* fs/namespace.c: mnt_init() (2.4.26 line 1020) — boot time: (re)initialise the statics */
void mnt_init(void)
{
	RT_FRAME();
	rt_kmem_cache_init(&mnt_cache, "mnt_cache", sizeof(struct vfsmount));
	init_rwsem(&init_namespace.sem);
	INIT_LIST_HEAD(&init_namespace.list);
}
