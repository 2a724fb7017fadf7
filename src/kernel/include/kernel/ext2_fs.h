/*
 * kernel/ext2_fs.h - the second extended filesystem of 2.4.26
 * (include/linux/ext2_fs.h, ext2_fs_sb.h), cut down to what its
 * put_inode, delete_inode, write_inode, write_super and put_super paths
 * use: the super block, the group descriptors, the bitmap caches.
 *
 * Departs: on-disk structures keep 2.4.26's field names and order but
 * only the fields the port reads, in host byte order (no le*_to_cpu).
 * The directories are the directory table (kernel/dirtab.h), not
 * fs/ext2/dir.c's blocks.
 */
#ifndef VFSRACE_KERNEL_EXT2_FS_H
#define VFSRACE_KERNEL_EXT2_FS_H

#include <stdint.h>

#include "kernel/buffer.h"
#include "kernel/dirtab.h"
#include "kernel/fs.h"

#define EXT2_ROOT_INO		     2
#define EXT2_GOOD_OLD_FIRST_INO	     11
#define EXT2_SUPER_MAGIC	     0xEF53
#define EXT2_VALID_FS		     0x0001
#define EXT2_ERROR_FS		     0x0002
#define EXT2_MAX_GROUP_LOADED	     8
#define EXT2_DEFAULT_PREALLOC_BLOCKS 8
#define EXT2_INODE_SIZE		     128

struct ext2_super_block {
	uint32_t s_inodes_count;
	uint32_t s_blocks_count;
	uint32_t s_free_blocks_count;
	uint32_t s_free_inodes_count;
	uint32_t s_first_data_block;
	uint32_t s_blocks_per_group;
	uint32_t s_inodes_per_group;
	uint32_t s_mtime;
	uint32_t s_wtime;
	uint16_t s_mnt_count;
	uint16_t s_magic;
	uint16_t s_state;
};

struct ext2_group_desc {
	uint32_t bg_block_bitmap;
	uint32_t bg_inode_bitmap;
	uint32_t bg_inode_table;
	uint16_t bg_free_blocks_count;
	uint16_t bg_free_inodes_count;
	uint16_t bg_used_dirs_count;
	uint16_t bg_pad;
	uint32_t bg_reserved[3];
};

/* the on-disk inode, EXT2_INODE_SIZE bytes in the inode table */
struct ext2_inode {
	uint16_t i_mode;
	uint16_t i_links_count;
	uint32_t i_size;
	uint32_t i_dtime;
	uint32_t i_blocks;
	uint32_t i_block[EXT2_N_BLOCKS];
};

/* sb->u.ext2_sb (include/linux/ext2_fs_sb.h) */
struct ext2_sb_info {
	struct dirtab tab; /* first: the directory operations find it here */
	unsigned long s_blocks_per_group;
	unsigned long s_inodes_per_group;
	unsigned long s_inodes_per_block;
	unsigned long s_itb_per_group;
	unsigned long s_gdb_count;
	unsigned long s_desc_per_block;
	unsigned long s_groups_count;
	struct buffer_head *s_sbh;
	struct ext2_super_block *s_es;
	struct buffer_head **s_group_desc;
	unsigned short s_loaded_inode_bitmaps;
	unsigned short s_loaded_block_bitmaps;
	unsigned long s_inode_bitmap_number[EXT2_MAX_GROUP_LOADED];
	struct buffer_head *s_inode_bitmap[EXT2_MAX_GROUP_LOADED];
	unsigned long s_block_bitmap_number[EXT2_MAX_GROUP_LOADED];
	struct buffer_head *s_block_bitmap[EXT2_MAX_GROUP_LOADED];
	unsigned short s_mount_state;
	int s_first_ino;
};

extern struct file_system_type ext2_fs_type;

/* fs/ext2/super.c */
void ext2_init(void);
struct ext2_sb_info *EXT2_SB(struct super_block *sb);
void ext2_error(struct super_block *sb, const char *function, const char *msg);
void ext2_write_super(struct super_block *sb);

/* fs/ext2/balloc.c */
struct ext2_group_desc *ext2_get_group_desc(struct super_block *sb, unsigned int block_group,
					    struct buffer_head **bh);
void ext2_free_blocks(struct inode *inode, unsigned long block, unsigned long count);

/* fs/ext2/ialloc.c */
void ext2_free_inode(struct inode *inode);

/* fs/ext2/inode.c */
void ext2_put_inode(struct inode *inode);
void ext2_delete_inode(struct inode *inode);
void ext2_discard_prealloc(struct inode *inode);
void ext2_write_inode(struct inode *inode, int wait);
void ext2_truncate(struct inode *inode);

/*
 * The set-up's disk (not a port): mke2fs's layout before the mount, and
 * what an earlier writeback left for a file (ext2/mkfs.c).
 */
void ext2_mkfs(void);
/* The inode's first block allocated and EXT2_DEFAULT_PREALLOC_BLOCKS - 1
 * more preallocated after it, on disk and in the inode, as ext2_new_block()
 * leaves a regular file written through a shared mapping. */
void ext2_setup_writeback(struct inode *inode);
/* The inode marked in use on disk, as ext2_new_inode() leaves it. */
void ext2_setup_new_inode(struct super_block *sb, unsigned long ino);

#endif
