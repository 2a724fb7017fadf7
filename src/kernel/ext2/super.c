/*
 * super.c - port of 2.4.26 fs/ext2/super.c: mounting reduced to reading
 * the super block and the group descriptors, and the umount side:
 * write_super, put_super (each writes the super block and waits for the
 * disk, under lock_super and the BKL that kill_super() holds).
 *
 * Departs: no mount options, no revision or feature checks, no statfs,
 * no remount; ext2_error() prints and goes on (errors=continue) without
 * writing the super block.  The super_block's u.ext2_sb is kmalloc'ed
 * (sb->s_fs_info) and freed by ext2_put_super(), where 2.4.26 frees it
 * with the super_block.
 */
#include <string.h>

#include <vfsrace/linux/kernel.h>
#include <vfsrace/linux/slab.h>
#include <vfsrace/rt_sched.h>
#include <vfsrace/rt_slab.h>

#include "kernel/ext2_fs.h"
#include "vfsrace/rt_frame.h"

static struct super_operations ext2_sops;
static struct inode_operations ext2_dir_inode_operations;

/* include/linux/ext2_fs.h: EXT2_SB() (2.4.26 macro) — &sb->u.ext2_sb */
struct ext2_sb_info *EXT2_SB(struct super_block *sb)
{
	RT_FRAME();
	RT_READ(&sb->s_fs_info, "s_fs_info");
	return sb->s_fs_info;
}

/* fs/ext2/super.c: ext2_error() (2.4.26 line 36) — reduced to its printk */
void ext2_error(struct super_block *sb, const char *function, const char *msg)
{
	RT_FRAME();
	printk(KERN_ERR "EXT2-fs error (device %s): %s: %s\n", "ext2", function, msg);
}

/*
 * fs/ext2/super.c: ext2_sync_super() (2.4.26 line 696) — lock_super held
 * (or the mount); writes the super block's buffer and sleeps until the
 * disk has it.
 */
static void ext2_sync_super(struct super_block *sb, struct ext2_super_block *es)
{
	RT_FRAME();
	struct ext2_sb_info *sbi = EXT2_SB(sb);

	RT_WRITE(es, "s_wtime");
	es->s_wtime = 1;
	mark_buffer_dirty(sbi->s_sbh);
	ll_rw_block(WRITE, 1, &sbi->s_sbh);
	wait_on_buffer(sbi->s_sbh);
	RT_WRITE(&sb->s_dirt, "s_dirt = 0");
	sb->s_dirt = 0;
}

/* fs/ext2/super.c: ext2_commit_super() (2.4.26 line 688) — lock_super held */
static void ext2_commit_super(struct super_block *sb, struct ext2_super_block *es)
{
	RT_FRAME();
	RT_WRITE(es, "s_wtime");
	es->s_wtime = 1;
	mark_buffer_dirty(EXT2_SB(sb)->s_sbh);
	RT_WRITE(&sb->s_dirt, "s_dirt = 0");
	sb->s_dirt = 0;
}

/*
 * fs/ext2/super.c: ext2_write_super() (2.4.26 line 716) — lock_super held
 * (fsync_super(), kill_super(), the mount).  A filesystem still marked
 * valid on disk is marked in use and written at once (sleeps); otherwise
 * the super block buffer is only dirtied.
 */
void ext2_write_super(struct super_block *sb)
{
	RT_FRAME();
	struct ext2_super_block *es;

	RT_READ(&sb->s_flags, "test MS_RDONLY");
	if (!(sb->s_flags & MS_RDONLY)) {
		struct ext2_sb_info *sbi = EXT2_SB(sb);

		RT_READ(&sbi->s_es, "s_es");
		es = sbi->s_es;
		RT_READ(es, "s_state");
		if (es->s_state & EXT2_VALID_FS) {
			RT_WRITE(es, "s_state &= ~EXT2_VALID_FS");
			es->s_state &= (uint16_t)~EXT2_VALID_FS;
			es->s_mtime = 1;
			ext2_sync_super(sb, es);
		} else
			ext2_commit_super(sb, es);
	}
	RT_WRITE(&sb->s_dirt, "s_dirt = 0");
	sb->s_dirt = 0;
}

/*
 * fs/ext2/super.c: ext2_put_super() (2.4.26 line 123) — lock_super and the
 * BKL held (kill_super()); writes the super block marked clean and sleeps
 * until the disk has it, then lets go of the buffers it kept.
 */
static void ext2_put_super(struct super_block *sb)
{
	RT_FRAME();
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	unsigned long db_count;
	int i;

	RT_READ(&sb->s_flags, "test MS_RDONLY");
	if (!(sb->s_flags & MS_RDONLY)) {
		struct ext2_super_block *es = sbi->s_es;

		RT_WRITE(es, "s_state = s_mount_state");
		es->s_state = sbi->s_mount_state;
		ext2_sync_super(sb, es);
	}
	db_count = sbi->s_gdb_count;
	for (unsigned long k = 0; k < db_count; k++)
		if (sbi->s_group_desc[k])
			brelse(sbi->s_group_desc[k]);
	kfree(sbi->s_group_desc);
	RT_WRITE(&sbi->s_block_bitmap, "release the bitmap caches");
	for (i = 0; i < EXT2_MAX_GROUP_LOADED; i++)
		if (sbi->s_inode_bitmap[i])
			brelse(sbi->s_inode_bitmap[i]);
	for (i = 0; i < EXT2_MAX_GROUP_LOADED; i++)
		if (sbi->s_block_bitmap[i])
			brelse(sbi->s_block_bitmap[i]);
	brelse(sbi->s_sbh);
	kfree(sbi);
	RT_WRITE(&sb->s_fs_info, "s_fs_info = NULL");
	sb->s_fs_info = NULL;
}

/*
 * fs/ext2/inode.c: ext2_read_inode() (2.4.26 line 908) — from iget() of a
 * new inode (I_LOCK held in i_state).  Departs: the mode comes from the
 * directory table and the block map from the inode's last write; the raw
 * inode is not read from its table block.
 */
static void ext2_read_inode(struct inode *inode)
{
	RT_FRAME();
	struct ext2_sb_info *sbi = EXT2_SB(inode->i_sb);

	dirtab_read_inode(inode, EXT2_ROOT_INO);
	if (S_ISDIR(inode->i_mode))
		inode->i_op = &ext2_dir_inode_operations;
	inode->i_ext2.i_block_group = (uint32_t)((inode->i_ino - 1) / sbi->s_inodes_per_group);
	inode->i_blocks = 0;
	inode->i_size = 0;
}

/*
 * fs/ext2/namei.c: ext2_create()/ext2_mkdir() stand-ins (not a port): the
 * directory table's operations, and the new inode marked in use on disk
 * as ext2_new_inode() leaves it.
 */
static int ext2_create(struct inode *dir, struct dentry *dentry, int mode)
{
	int err = dirtab_dir_iops.create(dir, dentry, mode);

	if (!err)
		ext2_setup_new_inode(dir->i_sb, dentry->d_inode->i_ino);
	return err;
}

static int ext2_mkdir(struct inode *dir, struct dentry *dentry, int mode)
{
	int err = dirtab_dir_iops.mkdir(dir, dentry, mode);

	if (!err)
		ext2_setup_new_inode(dir->i_sb, dentry->d_inode->i_ino);
	return err;
}

/*
 * fs/ext2/super.c: ext2_setup_super() (2.4.26 line 285) — the mount: one
 * more mount on disk, and ext2_write_super() marks it in use.
 */
static void ext2_setup_super(struct super_block *sb, struct ext2_super_block *es)
{
	RT_FRAME();
	es->s_mnt_count++;
	ext2_write_super(sb);
}

/* The group descriptors' blocks follow the super block (descriptor_loc()). */
static int ext2_read_group_desc(struct super_block *sb, struct ext2_sb_info *sbi)
{
	unsigned long i,
	    db_count = (sbi->s_groups_count + sbi->s_desc_per_block - 1) / sbi->s_desc_per_block;

	sbi->s_group_desc = kmalloc(db_count * sizeof(struct buffer_head *), GFP_KERNEL);
	if (!sbi->s_group_desc)
		return -1;
	for (i = 0; i < db_count; i++) {
		sbi->s_group_desc[i] = sb_bread(sb, 2 + i);
		if (!sbi->s_group_desc[i]) {
			while (i--)
				brelse(sbi->s_group_desc[i]);
			kfree(sbi->s_group_desc);
			return -1;
		}
	}
	sbi->s_gdb_count = db_count;
	return 0;
}

/*
 * fs/ext2/super.c: ext2_read_super() (2.4.26 line 420), reduced — the
 * mount, s_umount write-held.  Reads the super block (block 1 of 1024
 * bytes) and the group descriptors, starts with no bitmap loaded, and
 * gets the root inode.
 */
static struct super_block *ext2_read_super(struct super_block *sb, void *data, int silent)
{
	RT_FRAME();
	struct ext2_sb_info *sbi = kmalloc(sizeof(*sbi), GFP_KERNEL);
	struct ext2_super_block *es;
	struct buffer_head *bh;
	struct inode *root;

	if (!sbi)
		return NULL;
	memset(sbi, 0, sizeof(*sbi));
	dirtab_init(&sbi->tab, EXT2_ROOT_INO);
	sbi->tab.last_ino = EXT2_GOOD_OLD_FIRST_INO - 1;
	rt_obj_name(sbi, "ext2_sb_info");
	sb->s_fs_info = sbi;
	sb->s_blocksize = BLOCK_SIZE;
	bh = sb_bread(sb, 1);
	if (!bh)
		goto failed_mount;
	es = (struct ext2_super_block *)bh->b_data;
	sbi->s_es = es;
	sbi->s_sbh = bh;
	if (es->s_magic != EXT2_SUPER_MAGIC) {
		if (!silent)
			printk("VFS: Can't find an ext2 filesystem on dev %s.\n", "ext2");
		goto failed_mount_bh;
	}
	sbi->s_blocks_per_group = es->s_blocks_per_group;
	sbi->s_inodes_per_group = es->s_inodes_per_group;
	sbi->s_inodes_per_block = BLOCK_SIZE / EXT2_INODE_SIZE;
	sbi->s_itb_per_group = sbi->s_inodes_per_group / sbi->s_inodes_per_block;
	sbi->s_desc_per_block = BLOCK_SIZE / sizeof(struct ext2_group_desc);
	sbi->s_mount_state = es->s_state;
	sbi->s_first_ino = EXT2_GOOD_OLD_FIRST_INO;
	sbi->s_groups_count =
	    (es->s_blocks_count - es->s_first_data_block + sbi->s_blocks_per_group - 1) /
	    sbi->s_blocks_per_group;
	if (ext2_read_group_desc(sb, sbi) != 0) {
		printk("EXT2-fs: unable to read group descriptors\n");
		goto failed_mount_bh;
	}
	sbi->s_loaded_inode_bitmaps = 0;
	sbi->s_loaded_block_bitmaps = 0;

	sb->s_op = &ext2_sops;
	root = iget(sb, EXT2_ROOT_INO);
	sb->s_root = root ? d_alloc_root(root) : NULL;
	if (!sb->s_root) {
		iput(root);
		printk(KERN_ERR "EXT2-fs: get root inode failed\n");
		ext2_put_super(sb);
		return NULL;
	}
	ext2_setup_super(sb, es);
	return sb;

failed_mount_bh:
	brelse(bh);
failed_mount:
	kfree(sbi);
	sb->s_fs_info = NULL;
	return NULL;
}

/* fs/ext2/super.c: DECLARE_FSTYPE_DEV(ext2_fs_type, "ext2", ext2_read_super) */
struct file_system_type ext2_fs_type = {
    .name = "ext2",
    .fs_flags = FS_REQUIRES_DEV,
    .read_super = ext2_read_super,
};

/* (re)initialise ext2's statics for a new execution */
void ext2_init(void)
{
	memset(&ext2_sops, 0, sizeof(ext2_sops));
	ext2_sops.read_inode = ext2_read_inode;
	ext2_sops.write_inode = ext2_write_inode;
	ext2_sops.put_inode = ext2_put_inode;
	ext2_sops.delete_inode = ext2_delete_inode;
	ext2_sops.put_super = ext2_put_super;
	ext2_sops.write_super = ext2_write_super;
	ext2_dir_inode_operations = dirtab_dir_iops;
	ext2_dir_inode_operations.create = ext2_create;
	ext2_dir_inode_operations.mkdir = ext2_mkdir;
	INIT_LIST_HEAD(&ext2_fs_type.fs_supers);
}
