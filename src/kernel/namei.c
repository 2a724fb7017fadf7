/*
 * namei.c - sys_unlink() and its lookups from 2.4.26 fs/namei.c, and fput()
 * from fs/file_table.c, reduced to the reference steps: which dentry and
 * vfsmount each step pins and when it lets go.
 *
 * Departs: paths are resolved below a given mount's root (no current->fs,
 * no symlinks, no mountpoint crossing, no permission checks, no
 * d_revalidate); names are not copied from user space.
 */
#include <string.h>

#include <vfsrace/linux/kernel.h>
#include <vfsrace/linux/smp_lock.h>
#include <vfsrace/rt_sched.h>

#include "kernel/errno.h"
#include "kernel/namei.h"
#include "vfsrace/rt_frame.h"

static struct inode *dentry_inode(struct dentry *dentry)
{
	RT_READ(&dentry->d_inode, "read d_inode");
	return dentry->d_inode;
}

/*
 * fs/namei.c: cached_lookup() (2.4.26 line 263) — no lock on entry or exit.
 * Departs: no d_revalidate operation exists in the port, so it is d_lookup().
 */
struct dentry *cached_lookup(struct dentry *parent, struct qstr *name)
{
	RT_FRAME();
	return d_lookup(parent, name);
}

/*
 * fs/namei.c: real_lookup() (2.4.26 line 284) — no lock on entry or exit;
 * takes dir->i_sem, and the BKL around ->lookup.  Looks again under i_sem:
 * someone may have added the name meanwhile.  Departs: NULL where 2.4.26
 * returns ERR_PTR(-ENOMEM); no d_revalidate of a dentry found again.
 */
struct dentry *real_lookup(struct dentry *parent, struct qstr *name)
{
	RT_FRAME();
	struct inode *dir = dentry_inode(parent);
	struct dentry *result;

	down(&dir->i_sem);
	result = d_lookup(parent, name);
	if (!result) {
		struct dentry *dentry = d_alloc(parent, name);

		if (dentry) {
			lock_kernel();
			RT_READ(&dir->i_op, "i_op");
			result = dir->i_op->lookup(dir, dentry);
			unlock_kernel();
			if (result)
				dput(dentry);
			else
				result = dentry;
		}
	}
	up(&dir->i_sem);
	return result;
}

static void qstr_init(struct qstr *q, const char *name, size_t len)
{
	q->name = (const unsigned char *)name;
	q->len = (unsigned int)len;
	q->hash = full_name_hash(q->name, q->len);
}

/*
 * fs/namei.c: link_path_walk() (2.4.26 line 450), reduced — no lock.  Walks path
 * from nd (references held) and leaves the last component's dentry in nd,
 * or, with last given (LOOKUP_PARENT), its parent and the name in last.
 */
static int link_path_walk(const char *path, struct nameidata *nd, struct qstr *last)
{
	RT_FRAME();
	while (*path == '/')
		path++;
	while (*path) {
		size_t len = strcspn(path, "/");
		struct qstr this;
		struct dentry *dentry;

		qstr_init(&this, path, len);
		path += len;
		while (*path == '/')
			path++;
		if (!*path && last) {
			*last = this;
			return 0;
		}
		dentry = cached_lookup(nd->dentry, &this);
		if (!dentry)
			dentry = real_lookup(nd->dentry, &this);
		if (!dentry || !dentry_inode(dentry)) {
			dput(dentry);
			path_release(nd);
			return -ENOENT;
		}
		dput(nd->dentry);
		nd->dentry = dentry;
	}
	return 0;
}

/* fs/namei.c: path_init() (2.4.26 line 754) + path_walk() (656), from mnt's root — no lock */
static int path_lookup(struct vfsmount *mnt, const char *path, struct nameidata *nd,
		       struct qstr *last)
{
	RT_FRAME();
	nd->mnt = mntget(mnt);
	RT_READ(&mnt->mnt_root, "mnt_root");
	nd->dentry = dget(mnt->mnt_root);
	return link_path_walk(path, nd, last);
}

/*
 * fs/namei.c: lookup_hash() (2.4.26 line 772) — base->d_inode->i_sem held by
 * the caller; takes the BKL around ->lookup.  Departs: no permission()
 * check, no d_hash operation; NULL where 2.4.26 returns ERR_PTR(-ENOMEM).
 */
struct dentry *lookup_hash(struct qstr *name, struct dentry *base)
{
	RT_FRAME();
	struct inode *inode = dentry_inode(base);
	struct dentry *dentry = cached_lookup(base, name);

	if (!dentry) {
		struct dentry *new = d_alloc(base, name);

		if (!new)
			return NULL;
		lock_kernel();
		RT_READ(&inode->i_op, "i_op");
		dentry = inode->i_op->lookup(inode, new);
		unlock_kernel();
		if (!dentry)
			dentry = new;
		else
			dput(new);
	}
	return dentry;
}

/*
 * fs/namei.c: vfs_unlink() (2.4.26 line 1471) — dir->i_sem held (sys_unlink).
 * Departs: no i_zombie (the port's inode has none; sys_unlink's i_sem is
 * held around it anyway), no may_delete(), no dnotify.
 */
int vfs_unlink(struct inode *dir, struct dentry *dentry)
{
	RT_FRAME();
	int error = -EPERM;

	RT_READ(&dir->i_op, "i_op");
	if (dir->i_op && dir->i_op->unlink) {
		if (d_mountpoint(dentry))
			error = -EBUSY;
		else {
			lock_kernel();
			error = dir->i_op->unlink(dir, dentry);
			unlock_kernel();
			if (!error)
				d_delete(dentry);
		}
	}
	return error;
}

/*
 * fs/namei.c: sys_unlink() (2.4.26 line 1498) — no lock.  path_release() at the end
 * drops the parent and the mount that path_lookup() took.
 */
int sys_unlink(struct vfsmount *mnt, const char *pathname)
{
	RT_FRAME();
	struct nameidata nd;
	struct qstr last;
	struct dentry *dentry;
	struct inode *dir;
	int error;

	error = path_lookup(mnt, pathname, &nd, &last);
	if (error)
		return error;
	dir = dentry_inode(nd.dentry);
	down(&dir->i_sem);
	dentry = lookup_hash(&last, nd.dentry);
	error = -ENOENT;
	if (dentry) {
		error = dentry_inode(dentry) ? vfs_unlink(dir, dentry) : -ENOENT;
		dput(dentry);
	}
	up(&dir->i_sem);
	path_release(&nd);
	return error;
}

int namei_open(struct vfsmount *mnt, const char *path, struct file *file)
{
	struct nameidata nd;
	int error = path_lookup(mnt, path, &nd, NULL);

	if (error)
		return error;
	rt_atomic_init(&file->f_count, 1, "f_count", true);
	file->f_dentry = nd.dentry;
	file->f_vfsmnt = nd.mnt;
	return 0;
}

/*
 * fs/file_table.c: fput() (2.4.26 line 100) — no lock.  Departs: no ->release, no
 * locks or free-list bookkeeping; the order dput(dentry), then
 * mntput(mnt) is 2.4.26's.
 */
void fput(struct file *file)
{
	RT_FRAME();
	struct dentry *dentry = file->f_dentry;
	struct vfsmount *mnt = file->f_vfsmnt;

	if (atomic_dec_and_test(&file->f_count)) {
		file->f_dentry = NULL;
		file->f_vfsmnt = NULL;
		dput(dentry);
		mntput(mnt);
	}
}
