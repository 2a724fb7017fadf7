/*
 * localfs.c - mount a local filesystem and build a dcache state on it for a
 * model (kernel/localfs.h).  Not a port: the steps a process's system
 * calls take, through the ported VFS.
 */
#include <string.h>

#include <vfsrace/linux/kernel.h>
#include <vfsrace/rt_sched.h>

#include "kernel/errno.h"
#include "kernel/ext2_fs.h"
#include "kernel/localfs.h"
#include "kernel/memfs.h"
#include "kernel/namei.h"

const char *const local_fs_names[LOCAL_FS_COUNT + 1] = {"memfs", "ext2", NULL};

/* fs/namei.c: cached_lookup() then real_lookup(), for one component. */
static struct dentry *lookup_component(struct dentry *parent, const char *name, size_t len)
{
	struct qstr q;
	struct dentry *dentry;

	q.name = (const unsigned char *)name;
	q.len = (unsigned int)len;
	q.hash = full_name_hash(q.name, q.len);
	dentry = cached_lookup(parent, &q);
	if (!dentry)
		dentry = real_lookup(parent, &q);
	return dentry;
}

/* fs/namei.c: vfs_create()/vfs_mkdir() reduced: dir's i_sem around the op. */
static int make_node(struct dentry *parent, struct dentry *dentry, int is_dir)
{
	struct inode *dir;
	int err;

	RT_READ(&parent->d_inode, "read d_inode");
	dir = parent->d_inode;
	down(&dir->i_sem);
	RT_READ(&dir->i_op, "i_op");
	if (is_dir)
		err = dir->i_op->mkdir(dir, dentry, 0755);
	else
		err = dir->i_op->create(dir, dentry, 0644);
	up(&dir->i_sem);
	return err;
}

static int dentry_is_negative(struct dentry *dentry)
{
	RT_READ(&dentry->d_inode, "read d_inode");
	return dentry->d_inode == NULL;
}

/*
 * Walk path below root, one component at a time, creating the missing
 * ones when create is set.  The reference on each component is dropped
 * once the next one is held; the last one is returned with its reference.
 */
static struct dentry *walk_path(struct dentry *root, const char *path, int create)
{
	struct dentry *cur = dget(root);
	const char *p = path;

	while (*p) {
		const char *comp = p;
		size_t len = strcspn(p, "/");
		int is_dir, last;
		struct dentry *next;

		p += len;
		is_dir = *p == '/';
		if (is_dir)
			p++;
		if (len == 0)
			continue;
		last = *p == '\0';

		next = lookup_component(cur, comp, len);
		if (next && dentry_is_negative(next)) {
			if (!create || make_node(cur, next, is_dir || !last) != 0) {
				dput(next);
				next = NULL;
			}
		}
		dput(cur);
		if (!next)
			return NULL;
		cur = next;
	}
	return cur;
}

struct dentry *local_create_path(struct dentry *root, const char *path)
{
	return walk_path(root, path, 1);
}

struct dentry *local_lookup_path(struct dentry *root, const char *path)
{
	return walk_path(root, path, 0);
}

int local_open_path(struct model_mount *m, const char *path, struct nameidata *nd)
{
	nd->dentry = local_lookup_path(m->root, path);
	if (!nd->dentry)
		return -ENOENT;
	nd->mnt = mntget(m->mnt);
	return 0;
}

/* sys_unlink() reduced: the parent's i_sem around vfs_unlink() (which takes the BKL). */
int local_unlink_path(struct dentry *root, const char *path)
{
	struct dentry *dentry = local_lookup_path(root, path);
	struct dentry *parent;
	struct inode *dir;
	int err;

	if (!dentry)
		return -ENOENT;
	RT_READ(&dentry->d_parent, "d_parent");
	parent = dget(dentry->d_parent);
	RT_READ(&parent->d_inode, "read d_inode");
	dir = parent->d_inode;
	down(&dir->i_sem);
	err = vfs_unlink(dir, dentry);
	up(&dir->i_sem);
	dput(dentry);
	dput(parent);
	return err;
}

void local_release(struct dentry *dentry)
{
	dput(dentry);
}

void local_written(struct dentry *file)
{
	struct inode *inode = file->d_inode;

	if (inode && inode->i_sb->s_type == &ext2_fs_type && S_ISREG(inode->i_mode))
		ext2_setup_writeback(inode);
}

void local_set_referenced(struct dentry *dentry)
{
	spin_lock(&dcache_lock);
	RT_WRITE(&dentry->d_vfs_flags, "d_vfs_flags |= DCACHE_REFERENCED");
	dentry->d_vfs_flags |= DCACHE_REFERENCED;
	spin_unlock(&dcache_lock);
}

int local_mount(struct model_mount *m, enum local_fs fs)
{
	if (fs == LOCAL_FS_EXT2) {
		ext2_mkfs();
		return mount_nodev(m, &ext2_fs_type, NULL);
	}
	return mount_nodev(m, &memfs_fs_type, NULL);
}

int local_umount(struct model_mount *m, int flags)
{
	return sys_umount(m->mnt, flags);
}
