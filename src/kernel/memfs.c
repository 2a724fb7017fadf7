/*
 * memfs.c - a tiny in-memory filesystem for the models.
 *
 * Not a port: its directories are a directory table (kernel/dirtab.h) in
 * the superblock's private data, so the dcache can forget any unused
 * dentry and a later lookup finds the name again (as on a disk or NFS
 * filesystem; ramfs instead pins its dentries).  Inodes are hashed and
 * found with iget(), so unused ones stay cached on inode_unused until
 * umount evicts them.  It has no put_inode, delete_inode or write_super:
 * nothing it does sleeps (--fs ext2 is the filesystem that does).
 */
#include <string.h>

#include <vfsrace/linux/kernel.h>
#include <vfsrace/linux/slab.h>
#include <vfsrace/rt_sched.h>
#include <vfsrace/rt_slab.h>

#include "kernel/dirtab.h"
#include "kernel/memfs.h"

#define MEMFS_ROOT_INO 1

struct memfs_sb_info {
	struct dirtab tab; /* first: the directory operations find it here */
};

static struct super_operations memfs_sops;

static void memfs_read_inode(struct inode *inode)
{
	dirtab_read_inode(inode, MEMFS_ROOT_INO);
}

/* super_operations.put_super: the last use of the directory table. */
static void memfs_put_super(struct super_block *sb)
{
	RT_READ(&sb->s_fs_info, "s_fs_info");
	kfree(sb->s_fs_info);
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
	dirtab_init(&sbi->tab, MEMFS_ROOT_INO);
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

/* (re)initialise memfs's statics for a new execution */
void memfs_init(void)
{
	memset(&memfs_sops, 0, sizeof(memfs_sops));
	memfs_sops.read_inode = memfs_read_inode;
	memfs_sops.put_super = memfs_put_super;
	INIT_LIST_HEAD(&memfs_fs_type.fs_supers);
}
