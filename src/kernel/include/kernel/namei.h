/*
 * kernel/namei.h - the lookups, sys_unlink() and the open/close of a file,
 * from 2.4.26 fs/namei.c and fs/file_table.c, reduced to their reference
 * steps.
 */
#ifndef VFSRACE_KERNEL_NAMEI_H
#define VFSRACE_KERNEL_NAMEI_H

#include "kernel/dcache.h"
#include "kernel/fs.h"
#include "kernel/mount.h"

/* The part of struct file that pins a path (include/linux/fs.h). */
struct file {
	atomic_t f_count;
	struct dentry *f_dentry;
	struct vfsmount *f_vfsmnt;
};

/* Look up path below mnt's root and pin it with mnt, as open(2) leaves it. */
int namei_open(struct vfsmount *mnt, const char *path, struct file *file);
/* fs/file_table.c: fput() - the last reference drops the dentry, then the mount. */
void fput(struct file *file);
/* fs/namei.c: sys_unlink(), with the path resolved below mnt's root. */
int sys_unlink(struct vfsmount *mnt, const char *pathname);
int vfs_unlink(struct inode *dir, struct dentry *dentry);
/* fs/namei.c: cached_lookup() - the dcache only; a reference, or NULL. */
struct dentry *cached_lookup(struct dentry *parent, struct qstr *name);
/* fs/namei.c: real_lookup() - under the directory's i_sem, asking the
 * filesystem when the dcache does not have the name; a reference or NULL. */
struct dentry *real_lookup(struct dentry *parent, struct qstr *name);
/* fs/namei.c: lookup_hash() - caller holds base->d_inode->i_sem. */
struct dentry *lookup_hash(struct qstr *name, struct dentry *base);

#endif
