/*
 * kernel/mount.h - struct vfsmount and the namespace (include/linux/mount.h,
 * include/linux/namespace.h of 2.4.26), one namespace for the whole model.
 */
#ifndef VFSRACE_KERNEL_MOUNT_H
#define VFSRACE_KERNEL_MOUNT_H

#include <vfsrace/linux/atomic.h>
#include <vfsrace/linux/list.h>
#include <vfsrace/linux/semaphore.h>

struct dentry;
struct super_block;

struct vfsmount {
	struct list_head mnt_hash;
	struct vfsmount *mnt_parent;
	struct dentry *mnt_mountpoint;
	struct dentry *mnt_root;
	struct super_block *mnt_sb;
	struct list_head mnt_mounts;
	struct list_head mnt_child;
	atomic_t mnt_count;
	int mnt_flags;
	struct list_head mnt_list; /* on namespace->list */
};

struct namespace
{
	struct rw_semaphore sem;
	struct list_head list;
};

/* A looked-up path: what an open file or a cwd pins (include/linux/fs.h). */
struct nameidata {
	struct dentry *dentry;
	struct vfsmount *mnt;
};

/* A mounted filesystem as a model holds it: what sys_mount() leaves behind. */
struct model_mount {
	struct vfsmount *mnt;
	struct super_block *sb;
	struct dentry *root;
};

/* current->namespace: every thread of a model shares this one */
extern struct namespace init_namespace;

void mnt_init(void);
struct vfsmount *alloc_vfsmnt(void);
void free_vfsmnt(struct vfsmount *mnt);
struct vfsmount *mntget(struct vfsmount *mnt);
void mntput(struct vfsmount *mnt);
int graft_tree(struct vfsmount *mnt);
struct file_system_type;
/* do_kern_mount() + graft_tree(): a nodev filesystem of type mounted into
 * init_namespace, as sys_mount() leaves it for m.  0 or -ENOMEM. */
int mount_nodev(struct model_mount *m, struct file_system_type *type, void *data);
void path_release(struct nameidata *nd);
int sys_umount(struct vfsmount *mnt, int flags);

#endif
