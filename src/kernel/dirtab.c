/*
 * dirtab.c - the directory table memfs, ext2 and the NFS server model keep
 * their names in, and the directory operations memfs and ext2 run over it
 * (kernel/dirtab.h).  Not a port of any kernel file.
 */
#include <string.h>

#include <vfsrace/rt_sched.h>

#include "kernel/dirtab.h"
#include "kernel/errno.h"

void dirtab_init(struct dirtab *t, unsigned long root_ino)
{
	memset(t, 0, sizeof(*t));
	spin_lock_init(&t->lock);
	t->last_ino = root_ino;
}

/* The entry naming name in dir_ino; t->lock held. */
static struct dirtab_entry *find(struct dirtab *t, unsigned long dir_ino, const unsigned char *name,
				 unsigned int len)
{
	RT_READ(t, "dirtab find entry");
	for (int i = 0; i < DIRTAB_ENTRIES; i++) {
		struct dirtab_entry *e = &t->e[i];

		if (e->used && e->dir_ino == dir_ino && e->len == len &&
		    memcmp(e->name, name, len) == 0)
			return e;
	}
	return NULL;
}

unsigned long dirtab_ino(struct dirtab *t, unsigned long dir_ino, const unsigned char *name,
			 unsigned int len)
{
	struct dirtab_entry *e;
	unsigned long ino;

	spin_lock(&t->lock);
	e = find(t, dir_ino, name, len);
	ino = e ? e->ino : 0;
	spin_unlock(&t->lock);
	return ino;
}

unsigned short dirtab_mode(struct dirtab *t, unsigned long ino)
{
	unsigned short mode = 0;

	spin_lock(&t->lock);
	RT_READ(t, "dirtab find inode");
	for (int i = 0; i < DIRTAB_ENTRIES; i++)
		if (t->e[i].used && t->e[i].ino == ino)
			mode = t->e[i].mode;
	spin_unlock(&t->lock);
	return mode;
}

long dirtab_add(struct dirtab *t, unsigned long dir_ino, const unsigned char *name,
		unsigned int len, unsigned short mode)
{
	struct dirtab_entry *slot = NULL;
	long ino = -ENOSPC;

	if (len >= DNAME_INLINE_LEN)
		return -ENOSPC;
	spin_lock(&t->lock);
	RT_WRITE(t, "dirtab add entry");
	for (int i = 0; i < DIRTAB_ENTRIES && !slot; i++)
		if (!t->e[i].used)
			slot = &t->e[i];
	if (slot) {
		slot->used = 1;
		slot->dir_ino = dir_ino;
		slot->ino = ++t->last_ino;
		slot->mode = mode;
		slot->len = len;
		memcpy(slot->name, name, len);
		ino = (long)slot->ino;
	}
	spin_unlock(&t->lock);
	return ino;
}

int dirtab_remove(struct dirtab *t, unsigned long dir_ino, const unsigned char *name,
		  unsigned int len)
{
	struct dirtab_entry *e;

	spin_lock(&t->lock);
	e = find(t, dir_ino, name, len);
	if (e) {
		RT_WRITE(t, "dirtab remove entry");
		e->used = 0;
	}
	spin_unlock(&t->lock);
	return e ? 0 : -ENOENT;
}

int dirtab_rename(struct dirtab *t, unsigned long dir_ino, const unsigned char *name,
		  unsigned int len, const char *newname)
{
	struct dirtab_entry *e;
	size_t n = strlen(newname);

	if (n >= DNAME_INLINE_LEN)
		return -ENOSPC;
	spin_lock(&t->lock);
	e = find(t, dir_ino, name, len);
	if (e) {
		RT_WRITE(t, "dirtab rename entry");
		e->len = (unsigned int)n;
		memcpy(e->name, newname, n);
	}
	spin_unlock(&t->lock);
	return e ? 0 : -ENOENT;
}

/* ---- directory operations ---- */

static struct inode_operations dirtab_file_iops;

static struct dirtab *dir_table(struct inode *dir)
{
	struct super_block *sb;

	RT_READ(&dir->i_sb, "i_sb");
	sb = dir->i_sb;
	RT_READ(&sb->s_fs_info, "s_fs_info");
	return sb->s_fs_info;
}

void dirtab_read_inode(struct inode *inode, unsigned long root_ino)
{
	struct dirtab *t = dir_table(inode);
	unsigned short mode = S_IFDIR | 0755;

	if (inode->i_ino != root_ino)
		mode = dirtab_mode(t, inode->i_ino);
	inode->i_mode = mode;
	inode->i_op = S_ISDIR(mode) ? &dirtab_dir_iops : &dirtab_file_iops;
}

/* inode_operations.lookup: hash dentry, positive if the name exists. */
static struct dentry *dirtab_dir_lookup(struct inode *dir, struct dentry *dentry)
{
	unsigned long ino =
	    dirtab_ino(dir_table(dir), dir->i_ino, dentry->d_name.name, dentry->d_name.len);
	struct inode *inode = NULL;

	if (ino)
		inode = iget(dir->i_sb, ino);
	d_add(dentry, inode);
	return NULL;
}

/* Add a directory entry and instantiate the negative dentry with it. */
static int dirtab_make_node(struct inode *dir, struct dentry *dentry, unsigned short mode)
{
	long ino =
	    dirtab_add(dir_table(dir), dir->i_ino, dentry->d_name.name, dentry->d_name.len, mode);
	struct inode *inode;

	if (ino < 0)
		return (int)ino;
	inode = iget(dir->i_sb, (unsigned long)ino);
	if (!inode)
		return -ENOMEM;
	d_instantiate(dentry, inode);
	return 0;
}

static int dirtab_dir_create(struct inode *dir, struct dentry *dentry, int mode)
{
	return dirtab_make_node(dir, dentry, S_IFREG | (mode & 0777));
}

static int dirtab_dir_mkdir(struct inode *dir, struct dentry *dentry, int mode)
{
	return dirtab_make_node(dir, dentry, S_IFDIR | (mode & 0777));
}

/* inode_operations.unlink: forget the entry; the inode loses its link. */
static int dirtab_dir_unlink(struct inode *dir, struct dentry *dentry)
{
	struct inode *inode;
	int err =
	    dirtab_remove(dir_table(dir), dir->i_ino, dentry->d_name.name, dentry->d_name.len);

	if (err)
		return err;
	RT_READ(&dentry->d_inode, "read d_inode");
	inode = dentry->d_inode;
	RT_WRITE(&inode->i_nlink, "i_nlink--");
	inode->i_nlink--;
	return 0;
}

struct inode_operations dirtab_dir_iops = {
    .lookup = dirtab_dir_lookup,
    .create = dirtab_dir_create,
    .mkdir = dirtab_dir_mkdir,
    .unlink = dirtab_dir_unlink,
};
