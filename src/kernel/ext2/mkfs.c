/*
 * mkfs.c - the disk an ext2 model mounts (not a port): what mke2fs wrote,
 * and what earlier system calls left on it.  Runs in a model's set-up,
 * before any thread starts.
 *
 * Layout: 1024-byte blocks, block 1 the super block, block 2 the group
 * descriptors; 16 groups of 64 blocks, each starting with its block
 * bitmap, inode bitmap and a 2-block inode table (group 0 after the super
 * block and descriptors); 16 inodes per group, 1-10 reserved.  Sixteen
 * groups are more than the EXT2_MAX_GROUP_LOADED bitmaps the super block
 * caches, so the bitmap caches work as 2.4.26's LRU.
 */
#include <string.h>

#include "kernel/ext2_fs.h"

#define GROUPS		 16
#define BLOCKS_PER_GROUP 64
#define INODES_PER_GROUP 16
#define FIRST_DATA_BLOCK 1

static unsigned long group_base(unsigned long g)
{
	return FIRST_DATA_BLOCK + g * BLOCKS_PER_GROUP;
}

static void set_bits(unsigned char *map, unsigned long from, unsigned long n)
{
	for (unsigned long b = from; b < from + n; b++)
		map[b / 8] |= (unsigned char)(1u << (b % 8));
}

void ext2_mkfs(void)
{
	struct ext2_super_block *es = (struct ext2_super_block *)disk_block(1);
	struct ext2_group_desc *gd = (struct ext2_group_desc *)disk_block(2);

	memset(es, 0, sizeof(*es));
	es->s_blocks_per_group = BLOCKS_PER_GROUP;
	es->s_inodes_per_group = INODES_PER_GROUP;
	es->s_first_data_block = FIRST_DATA_BLOCK;
	es->s_blocks_count = FIRST_DATA_BLOCK + GROUPS * BLOCKS_PER_GROUP;
	es->s_inodes_count = GROUPS * INODES_PER_GROUP;
	es->s_magic = EXT2_SUPER_MAGIC;
	es->s_state = EXT2_VALID_FS;
	for (unsigned long g = 0; g < GROUPS; g++) {
		/* group 0 also holds the super block and the descriptors */
		unsigned long meta = g == 0 ? 2 : 0;
		unsigned long first = group_base(g) + meta;
		unsigned long used = meta + 4; /* bitmaps and inode table */

		gd[g].bg_block_bitmap = (uint32_t)first;
		gd[g].bg_inode_bitmap = (uint32_t)(first + 1);
		gd[g].bg_inode_table = (uint32_t)(first + 2);
		gd[g].bg_free_blocks_count = (uint16_t)(BLOCKS_PER_GROUP - used);
		gd[g].bg_free_inodes_count = INODES_PER_GROUP;
		set_bits(disk_block(first), 0, used);
		es->s_free_blocks_count += gd[g].bg_free_blocks_count;
	}
	/* inodes 1 to 10 are reserved, the root directory (2) among them */
	set_bits(disk_block(gd[0].bg_inode_bitmap), 0, EXT2_GOOD_OLD_FIRST_INO - 1);
	gd[0].bg_free_inodes_count -= EXT2_GOOD_OLD_FIRST_INO - 1;
	gd[0].bg_used_dirs_count = 1;
	es->s_free_inodes_count = GROUPS * INODES_PER_GROUP - (EXT2_GOOD_OLD_FIRST_INO - 1);
}

/* A group's bitmap as it is now: the cached buffer if loaded, else the disk's. */
static unsigned char *bitmap_now(struct ext2_sb_info *sbi, uint32_t block)
{
	for (int i = 0; i < EXT2_MAX_GROUP_LOADED; i++) {
		struct buffer_head *bh = sbi->s_block_bitmap[i];
		struct buffer_head *ih = sbi->s_inode_bitmap[i];

		if (bh && bh->b_blocknr == block)
			return (unsigned char *)bh->b_data;
		if (ih && ih->b_blocknr == block)
			return (unsigned char *)ih->b_data;
	}
	return disk_block(block);
}

void ext2_setup_new_inode(struct super_block *sb, unsigned long ino)
{
	struct ext2_sb_info *sbi = sb->s_fs_info;
	unsigned long group = (ino - 1) / sbi->s_inodes_per_group;
	struct ext2_group_desc *gd = ext2_get_group_desc(sb, (unsigned int)group, NULL);

	set_bits(bitmap_now(sbi, gd->bg_inode_bitmap), (ino - 1) % sbi->s_inodes_per_group, 1);
	gd->bg_free_inodes_count--;
	sbi->s_es->s_free_inodes_count--;
}

void ext2_setup_writeback(struct inode *inode)
{
	struct ext2_sb_info *sbi = inode->i_sb->s_fs_info;
	unsigned long group = (inode->i_ino - 1) / sbi->s_inodes_per_group;
	struct ext2_group_desc *gd = ext2_get_group_desc(inode->i_sb, (unsigned int)group, NULL);
	unsigned char *map = bitmap_now(sbi, gd->bg_block_bitmap);
	unsigned long bit = 0, block;

	/* ext2_new_block()'s goal: the first free block of the inode's group */
	while (map[bit / 8] & (1u << (bit % 8)))
		bit++;
	block = group_base(group) + bit;
	set_bits(map, bit, EXT2_DEFAULT_PREALLOC_BLOCKS);
	gd->bg_free_blocks_count -= EXT2_DEFAULT_PREALLOC_BLOCKS;
	sbi->s_es->s_free_blocks_count -= EXT2_DEFAULT_PREALLOC_BLOCKS;
	inode->i_ext2.i_data[0] = (uint32_t)block;
	inode->i_blocks = BLOCK_SIZE >> 9;
	inode->i_size = BLOCK_SIZE;
	inode->i_ext2.i_prealloc_block = (uint32_t)(block + 1);
	inode->i_ext2.i_prealloc_count = EXT2_DEFAULT_PREALLOC_BLOCKS - 1;
}
