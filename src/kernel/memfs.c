/*
 * memfs.c - a tiny in-memory filesystem for the models, and the path
 * helpers (a reduced fs/namei.c) that build dcache states on top of it.
 *
 * The directory entries live in a per-superblock table under the
 * filesystem's own spinlock, so the dcache can forget any unused dentry
 * and a later lookup finds the name again (as on a disk or NFS filesystem;
 * ramfs instead pins its dentries).  Inodes are hashed and found with
 * iget(), so unused ones stay cached on inode_unused until umount evicts
 * them.
 */
#include <string.h>

#include <vfsrace/linux/kernel.h>
#include <vfsrace/linux/slab.h>
#include <vfsrace/linux/spinlock.h>
#include <vfsrace/rt_sched.h>
#include <vfsrace/rt_slab.h>

#include "kernel/memfs.h"

#define ENOENT 2
#define ENOMEM 12
#define ENOSPC 28

#define MEMFS_ROOT_INO	  1
#define MEMFS_MAX_ENTRIES 32

struct memfs_entry {
	int used;
	unsigned long dir_ino;
	unsigned long ino;
	unsigned short mode;
	unsigned int len;
	char name[DNAME_INLINE_LEN];
};

struct memfs_sb_info {
	spinlock_t lock; /* the entry table */
	unsigned long last_ino;
	struct memfs_entry e[MEMFS_MAX_ENTRIES];
};

static struct inode_operations memfs_dir_iops;
static struct inode_operations memfs_file_iops;
static struct super_operations memfs_sops;

static struct memfs_sb_info *MEMFS_SB(struct super_block *sb)
{
	RT_READ(&sb->s_fs_info, "s_fs_info");
	return sb->s_fs_info;
}

/* dir->i_sb, read where an operation on dir first needs its filesystem. */
static struct super_block *memfs_dir_sb(struct inode *dir)
{
	RT_READ(&dir->i_sb, "i_sb");
	return dir->i_sb;
}

/* Entry named name in directory dir_ino; sbi->lock held. */
static struct memfs_entry *memfs_find(struct memfs_sb_info *sbi, unsigned long dir_ino,
				      const struct qstr *name)
{
	int i;

	RT_READ(sbi, "memfs find entry");
	for (i = 0; i < MEMFS_MAX_ENTRIES; i++) {
		struct memfs_entry *e = &sbi->e[i];

		if (e->used && e->dir_ino == dir_ino && e->len == name->len &&
		    memcmp(e->name, name->name, name->len) == 0)
			return e;
	}
	return NULL;
}

/* Entry of inode ino; sbi->lock held. */
static struct memfs_entry *memfs_find_ino(struct memfs_sb_info *sbi, unsigned long ino)
{
	int i;

	RT_READ(sbi, "memfs find inode");
	for (i = 0; i < MEMFS_MAX_ENTRIES; i++)
		if (sbi->e[i].used && sbi->e[i].ino == ino)
			return &sbi->e[i];
	return NULL;
}

/* super_operations.read_inode: called by iget() for an I_NEW inode. */
static void memfs_read_inode(struct inode *inode)
{
	struct memfs_sb_info *sbi = MEMFS_SB(memfs_dir_sb(inode));
	unsigned short mode = S_IFDIR | 0755;

	if (inode->i_ino != MEMFS_ROOT_INO) {
		struct memfs_entry *e;

		spin_lock(&sbi->lock);
		e = memfs_find_ino(sbi, inode->i_ino);
		mode = e ? e->mode : 0;
		spin_unlock(&sbi->lock);
	}
	inode->i_mode = mode;
	inode->i_op = S_ISDIR(mode) ? &memfs_dir_iops : &memfs_file_iops;
}

/* inode_operations.lookup: hash dentry, positive if the name exists. */
static struct dentry *memfs_lookup(struct inode *dir, struct dentry *dentry)
{
	struct memfs_sb_info *sbi = MEMFS_SB(memfs_dir_sb(dir));
	struct memfs_entry *e;
	unsigned long ino = 0;
	struct inode *inode = NULL;

	spin_lock(&sbi->lock);
	e = memfs_find(sbi, dir->i_ino, &dentry->d_name);
	if (e)
		ino = e->ino;
	spin_unlock(&sbi->lock);
	if (ino)
		inode = iget(dir->i_sb, ino);
	d_add(dentry, inode);
	return NULL;
}

/* Add a directory entry and instantiate the negative dentry with it. */
static int memfs_make_node(struct inode *dir, struct dentry *dentry, unsigned short mode)
{
	struct memfs_sb_info *sbi = MEMFS_SB(memfs_dir_sb(dir));
	struct memfs_entry *slot = NULL;
	unsigned long ino = 0;
	struct inode *inode;
	int i;

	if (dentry->d_name.len >= DNAME_INLINE_LEN)
		return -ENOSPC;
	spin_lock(&sbi->lock);
	RT_WRITE(sbi, "memfs add entry");
	for (i = 0; i < MEMFS_MAX_ENTRIES && !slot; i++)
		if (!sbi->e[i].used)
			slot = &sbi->e[i];
	if (slot) {
		ino = ++sbi->last_ino;
		slot->used = 1;
		slot->dir_ino = dir->i_ino;
		slot->ino = ino;
		slot->mode = mode;
		slot->len = dentry->d_name.len;
		memcpy(slot->name, dentry->d_name.name, dentry->d_name.len);
	}
	spin_unlock(&sbi->lock);
	if (!slot)
		return -ENOSPC;

	inode = iget(dir->i_sb, ino);
	if (!inode)
		return -ENOMEM;
	d_instantiate(dentry, inode);
	return 0;
}

static int memfs_create(struct inode *dir, struct dentry *dentry, int mode)
{
	return memfs_make_node(dir, dentry, S_IFREG | (mode & 0777));
}

static int memfs_mkdir(struct inode *dir, struct dentry *dentry, int mode)
{
	return memfs_make_node(dir, dentry, S_IFDIR | (mode & 0777));
}

/* inode_operations.unlink: forget the entry; the inode loses its link. */
static int memfs_unlink(struct inode *dir, struct dentry *dentry)
{
	struct memfs_sb_info *sbi = MEMFS_SB(memfs_dir_sb(dir));
	struct inode *inode;
	struct memfs_entry *e;

	spin_lock(&sbi->lock);
	e = memfs_find(sbi, dir->i_ino, &dentry->d_name);
	if (e) {
		RT_WRITE(sbi, "memfs remove entry");
		e->used = 0;
	}
	spin_unlock(&sbi->lock);
	if (!e)
		return -ENOENT;
	RT_READ(&dentry->d_inode, "read d_inode");
	inode = dentry->d_inode;
	RT_WRITE(&inode->i_nlink, "i_nlink--");
	inode->i_nlink--;
	return 0;
}

/* super_operations.put_super: the last use of the entry table. */
static void memfs_put_super(struct super_block *sb)
{
	kfree(MEMFS_SB(sb));
	RT_WRITE(&sb->s_fs_info, "s_fs_info = NULL");
	sb->s_fs_info = NULL;
}

/* file_system_type.read_super: the root directory, s_root. */
static struct super_block *memfs_read_super(struct super_block *sb, void *data, int silent)
{
	struct memfs_sb_info *sbi;
	struct inode *root;
	struct dentry *root_dentry;

	RT_WRITE(&sb->s_op, "s_op = &memfs_sops");
	sb->s_op = &memfs_sops;
	sbi = kmalloc(sizeof(*sbi), GFP_KERNEL);
	if (!sbi)
		return NULL;
	memset(sbi, 0, sizeof(*sbi));
	spin_lock_init(&sbi->lock);
	sbi->last_ino = MEMFS_ROOT_INO;
	rt_obj_name(sbi, "memfs entries");
	RT_WRITE(&sb->s_fs_info, "s_fs_info = sbi");
	sb->s_fs_info = sbi;

	root = iget(sb, MEMFS_ROOT_INO);
	if (!root)
		goto fail;
	root_dentry = d_alloc_root(root);
	if (!root_dentry) {
		iput(root);
		goto fail;
	}
	RT_WRITE(&sb->s_root, "s_root = root");
	sb->s_root = root_dentry;
	return sb;
fail:
	memfs_put_super(sb);
	return NULL;
}

struct file_system_type memfs_fs_type = {
    .name = "memfs",
    .fs_flags = 0,
    .read_super = memfs_read_super,
};

/*
 * fs/namei.c: real_lookup() (2.4.26) — entry: no lock; exit: no lock.
 * Looks again under the directory's i_sem, then asks the filesystem.
 */
static struct dentry *real_lookup(struct dentry *parent, struct qstr *name)
{
	struct dentry *result;
	struct inode *dir;

	RT_READ(&parent->d_inode, "read d_inode");
	dir = parent->d_inode;
	down(&dir->i_sem);
	result = d_lookup(parent, name);
	if (!result) {
		struct dentry *dentry = d_alloc(parent, name);

		if (dentry) {
			RT_READ(&dir->i_op, "i_op");
			result = dir->i_op->lookup(dir, dentry);
			if (result)
				dput(dentry);
			else
				result = dentry;
		}
	}
	up(&dir->i_sem);
	return result;
}

/* fs/namei.c: cached_lookup() then real_lookup(), for one component. */
static struct dentry *lookup_component(struct dentry *parent, const char *name, size_t len)
{
	struct qstr q;
	struct dentry *dentry;

	q.name = (const unsigned char *)name;
	q.len = (unsigned int)len;
	q.hash = full_name_hash(q.name, q.len);
	dentry = d_lookup(parent, &q);
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

struct dentry *memfs_create_path(struct dentry *root, const char *path)
{
	return walk_path(root, path, 1);
}

struct dentry *memfs_lookup_path(struct dentry *root, const char *path)
{
	return walk_path(root, path, 0);
}

int memfs_open_path(struct memfs_mount *m, const char *path, struct nameidata *nd)
{
	nd->dentry = memfs_lookup_path(m->root, path);
	if (!nd->dentry)
		return -ENOENT;
	nd->mnt = mntget(m->mnt);
	return 0;
}

/* fs/namei.c: vfs_unlink() reduced: the op under dir's i_sem, then d_delete(). */
int memfs_unlink_path(struct dentry *root, const char *path)
{
	struct dentry *dentry = memfs_lookup_path(root, path);
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
	RT_READ(&dir->i_op, "i_op");
	err = dir->i_op->unlink(dir, dentry);
	if (!err)
		d_delete(dentry);
	up(&dir->i_sem);
	dput(dentry);
	dput(parent);
	return err;
}

void memfs_release(struct dentry *dentry)
{
	dput(dentry);
}

void memfs_set_referenced(struct dentry *dentry)
{
	spin_lock(&dcache_lock);
	RT_WRITE(&dentry->d_vfs_flags, "d_vfs_flags |= DCACHE_REFERENCED");
	dentry->d_vfs_flags |= DCACHE_REFERENCED;
	spin_unlock(&dcache_lock);
}

int memfs_mount(struct memfs_mount *m)
{
	struct vfsmount *mnt = do_kern_mount(&memfs_fs_type, 0, NULL);

	if (!mnt)
		return -ENOMEM;
	graft_tree(mnt);
	m->mnt = mnt;
	m->sb = mnt->mnt_sb;
	m->root = mnt->mnt_root;
	return 0;
}

int memfs_umount(struct memfs_mount *m, int flags)
{
	return sys_umount(m->mnt, flags);
}

/* (re)initialise memfs's statics for a new execution */
void memfs_init(void)
{
	memset(&memfs_dir_iops, 0, sizeof(memfs_dir_iops));
	memfs_dir_iops.lookup = memfs_lookup;
	memfs_dir_iops.create = memfs_create;
	memfs_dir_iops.mkdir = memfs_mkdir;
	memfs_dir_iops.unlink = memfs_unlink;
	memset(&memfs_file_iops, 0, sizeof(memfs_file_iops));
	memset(&memfs_sops, 0, sizeof(memfs_sops));
	memfs_sops.read_inode = memfs_read_inode;
	memfs_sops.put_super = memfs_put_super;
	INIT_LIST_HEAD(&memfs_fs_type.fs_supers);
}
