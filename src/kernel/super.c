/*
 * super.c - port of Linux 2.4.26 fs/super.c: super_block lifetime.
 *
 * s_count (under sb_lock) counts temporary references, biased by S_BIAS
 * while the superblock is active; s_active counts active references.  The
 * superblock is freed for real by the last put_super(), so any later
 * access is a detected use of freed memory.
 *
 * Left out: the filesystem-type registry, anonymous device numbers, block
 * device opening (a block-device filesystem is mounted as get_sb_nodev()
 * mounts), quota, remount, sync_supers().
 */
#include <string.h>

#include <vfsrace/linux/kernel.h>
#include <vfsrace/linux/slab.h>
#include <vfsrace/linux/smp_lock.h>
#include <vfsrace/rt_sched.h>
#include <vfsrace/rt_slab.h>

#include "kernel/buffer.h"
#include "kernel/errno.h"
#include "kernel/dcache.h"
#include "kernel/fix.h"
#include "kernel/fs.h"
#include "kernel/mount.h"
#include "vfsrace/rt_frame.h"

struct list_head super_blocks;
spinlock_t sb_lock;

static struct super_operations empty_sops;

/* include/linux/locks.h: lock_super() (2.4.26 inline) — takes s_lock */
void lock_super(struct super_block *sb)
{
	RT_FRAME();
	down(&sb->s_lock);
}

/* include/linux/locks.h: unlock_super() (2.4.26 inline) — releases s_lock */
void unlock_super(struct super_block *sb)
{
	RT_FRAME();
	up(&sb->s_lock);
}

/*
 * fs/super.c: alloc_super() (2.4.26 line 264) — no lock; returns the new
 * superblock with s_umount write-held, private until insert_super().
 */
static struct super_block *alloc_super(void)
{
	RT_FRAME();
	struct super_block *s = kmalloc(sizeof(struct super_block), GFP_KERNEL);

	if (s) {
		memset(s, 0, sizeof(struct super_block));
		INIT_LIST_HEAD(&s->s_dirty);
		INIT_LIST_HEAD(&s->s_locked_inodes);
		INIT_LIST_HEAD(&s->s_instances);
		/* korotaev: the per-sb list of pinned parents */
		INIT_LIST_HEAD(&s->s_dshrinkers);
		init_rwsem(&s->s_umount);
		sema_init(&s->s_lock, 1);
		down_write(&s->s_umount);
		s->s_count = S_BIAS;
		/* replaces atomic_set(): unpublished object, named counter, negatives reported */
		rt_atomic_init(&s->s_active, 1, "s_active", true);
		s->s_op = &empty_sops;
	}
	return s;
}

/* fs/super.c: destroy_super() (2.4.26 line 297) — called under sb_lock */
static void destroy_super(struct super_block *s)
{
	RT_FRAME();
	kfree(s);
}

/*
 * fs/super.c: deactivate_super() (2.4.26 line 311) — entry: sb_lock not
 * held; exit: not held.  1 when the last active reference went.
 */
static int deactivate_super(struct super_block *s)
{
	RT_FRAME();
	if (!atomic_dec_and_lock(&s->s_active, &sb_lock))
		return 0;
	RT_WRITE(&s->s_count, "s_count -= S_BIAS-1");
	s->s_count -= S_BIAS - 1;
	spin_unlock(&sb_lock);
	return 1;
}

/*
 * fs/super.c: put_super() (2.4.26 line 327) — entry: sb_lock not held;
 * exit: not held.  Frees the superblock with its last temporary reference.
 */
static void put_super(struct super_block *s)
{
	RT_FRAME();
	spin_lock(&sb_lock);
	RT_WRITE(&s->s_count, "s_count--");
	if (!--s->s_count)
		destroy_super(s);
	spin_unlock(&sb_lock);
}

/*
 * fs/super.c: insert_super() (2.4.26 line 374) — entry: sb_lock held; exit:
 * not held.  Departs: no module reference on the filesystem type.
 */
static void insert_super(struct super_block *s, struct file_system_type *type)
{
	RT_FRAME();
	s->s_type = type;
	rt_obj_name(s, "sb %s", type->name);
	RT_LIST_WRITE(&super_blocks, &s->s_list, "list_add_tail s_list");
	list_add(&s->s_list, super_blocks.prev);
	RT_LIST_WRITE(&type->fs_supers, &s->s_instances, "list_add s_instances");
	list_add(&s->s_instances, &type->fs_supers);
	spin_unlock(&sb_lock);
}

/*
 * fs/super.c: remove_super() (2.4.26 line 397) — entry: sb_lock not held,
 * s_umount write-held; exit: neither.  Departs: no anonymous device or
 * module reference to release; a block-device filesystem's blkdev_put()
 * is its kill_bdev() (the device is closed for the last time).
 */
static void remove_super(struct super_block *s)
{
	RT_FRAME();
	struct file_system_type *fs = s->s_type;

	spin_lock(&sb_lock);
	RT_LIST_WRITE(&super_blocks, &s->s_list, "list_del s_list");
	list_del(&s->s_list);
	RT_LIST_WRITE(&s->s_type->fs_supers, &s->s_instances, "list_del s_instances");
	list_del(&s->s_instances);
	spin_unlock(&sb_lock);
	up_write(&s->s_umount);
	put_super(s);
	if (fs->fs_flags & FS_REQUIRES_DEV)
		kill_bdev(s);
}

/*
 * fs/super.c: get_anon_super() (2.4.26 line 615) with compare == NULL —
 * entry: no lock; exit: the new sb with s_umount write-held.  Departs: no
 * anonymous device number is allocated.
 */
static struct super_block *get_anon_super(struct file_system_type *type)
{
	RT_FRAME();
	struct super_block *s = alloc_super();

	if (!s)
		return NULL;
	spin_lock(&sb_lock);
	insert_super(s, type);
	return s;
}

/* fs/super.c: get_sb_nodev() (2.4.26 line 747) — entry: no lock; exit: s_umount write-held */
static struct super_block *get_sb_nodev(struct file_system_type *fs_type, int flags, void *data)
{
	RT_FRAME();
	struct super_block *s = get_anon_super(fs_type);

	if (!s)
		return NULL;

	RT_WRITE(&s->s_flags, "s_flags = flags");
	s->s_flags = flags;
	if (!fs_type->read_super(s, data, 0)) {
		deactivate_super(s);
		remove_super(s);
		return NULL;
	}
	RT_WRITE(&s->s_flags, "s_flags |= MS_ACTIVE");
	s->s_flags |= MS_ACTIVE;
	return s;
}

/*
 * fs/super.c: do_kern_mount() (2.4.26 line 791) — entry: no lock; exit: no
 * lock.  Departs: takes the filesystem type itself, not its name, and
 * supports the "nodev" kind only; NULL on failure.
 */
struct vfsmount *do_kern_mount(struct file_system_type *type, int flags, void *data)
{
	RT_FRAME();
	struct super_block *sb;
	struct vfsmount *mnt;

	mnt = alloc_vfsmnt();
	if (!mnt)
		return NULL;
	sb = get_sb_nodev(type, flags, data);
	if (!sb) {
		free_vfsmnt(mnt);
		return NULL;
	}
	if (type->fs_flags & FS_NOMOUNT) {
		RT_WRITE(&sb->s_flags, "s_flags |= MS_NOUSER");
		sb->s_flags |= MS_NOUSER;
	}
	mnt->mnt_sb = sb;
	RT_READ(&sb->s_root, "read s_root");
	mnt->mnt_root = dget(sb->s_root);
	mnt->mnt_mountpoint = sb->s_root;
	mnt->mnt_parent = mnt;
	up_write(&sb->s_umount);
	return mnt;
}

/*
 * fs/super.c: kill_super() (2.4.26 line 827) — entry: no lock; exit: no
 * lock, sb freed unless someone still has a temporary reference.
 * Departs: no d_genocide() (no ported filesystem is FS_LITTER).
 */
void kill_super(struct super_block *sb)
{
	RT_FRAME();
	struct dentry *root;
	struct super_operations *sop;

	RT_READ(&sb->s_op, "s_op");
	sop = sb->s_op;
	RT_READ(&sb->s_root, "read s_root");
	root = sb->s_root;

	if (!deactivate_super(sb))
		return;

	down_write(&sb->s_umount);
	RT_WRITE(&sb->s_root, "s_root = NULL");
	sb->s_root = NULL;
	shrink_dcache_parent(root);
	dput(root);
	/* korotaev: wait until no dying child pins a dentry of this sb */
	if (vfs_fix == VFS_FIX_KOROTAEV)
		dcache_shrinker_wait_sb(sb);
	fsync_super(sb);
	lock_super(sb);
	lock_kernel();
	RT_WRITE(&sb->s_flags, "s_flags &= ~MS_ACTIVE");
	sb->s_flags &= ~MS_ACTIVE;
	invalidate_inodes(sb); /* evicts the unused inodes */
	if (sop) {
		if (sop->write_super) {
			RT_READ(&sb->s_dirt, "read s_dirt");
			if (sb->s_dirt)
				sop->write_super(sb);
		}
		if (sop->put_super)
			sop->put_super(sb);
	}

	/* Anything left now is referenced by someone the umount missed. */
	if (invalidate_inodes(sb)) {
		printk(KERN_ERR "VFS: Busy inodes after unmount. "
				"Self-destruct in 5 seconds.  Have a nice day...\n");
	}

	unlock_kernel();
	unlock_super(sb);
	remove_super(sb);
}

/* (re)initialise fs/super.c's statics for a new execution */
void super_init(void)
{
	INIT_LIST_HEAD(&super_blocks);
	spin_lock_init(&sb_lock);
	memset(&empty_sops, 0, sizeof(empty_sops));
}
