/*
 * ialloc.c - port of 2.4.26 fs/ext2/ialloc.c: the inode bitmap cache and
 * freeing an inode under lock_super.  Left out: inode allocation
 * (ext2_new_inode; the set-up marks inodes in use, ext2/mkfs.c), the
 * statistics and checks, quota.
 */
#include <vfsrace/linux/kernel.h>
#include <vfsrace/rt_sched.h>

#include "kernel/errno.h"
#include "kernel/ext2_fs.h"
#include "vfsrace/rt_frame.h"

/*
 * fs/ext2/ialloc.c: read_inode_bitmap() (2.4.26 line 44) — lock_super
 * held; sleeps while the bitmap block is read from disk.
 */
static struct buffer_head *read_inode_bitmap(struct super_block *sb, unsigned long block_group)
{
	RT_FRAME();
	struct ext2_group_desc *desc;
	struct buffer_head *bh = NULL;

	desc = ext2_get_group_desc(sb, (unsigned int)block_group, NULL);
	if (!desc)
		goto error_out;
	RT_READ(desc, "bg_inode_bitmap");
	bh = sb_bread(sb, desc->bg_inode_bitmap);
	if (!bh)
		ext2_error(sb, "read_inode_bitmap", "Cannot read inode bitmap");
error_out:
	return bh;
}

/*
 * fs/ext2/ialloc.c: load_inode_bitmap() (2.4.26 line 77) — lock_super
 * held.  The same cache as the block bitmaps' (balloc.c), written the
 * other way round in 2.4.26.  Returns the bitmap's buffer or NULL
 * (2.4.26: ERR_PTR(-EIO)).  Departs: ext2_panic() is a BUG().
 */
static struct buffer_head *load_inode_bitmap(struct super_block *sb, unsigned int block_group)
{
	RT_FRAME();
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	int i, slot = 0;
	struct buffer_head *bh;

	RT_READ(&sbi->s_inode_bitmap, "s_inode_bitmap[]");
	bh = sbi->s_inode_bitmap[0];
	if (block_group >= sbi->s_groups_count)
		BUG();

	if (sbi->s_loaded_inode_bitmaps > 0 && sbi->s_inode_bitmap_number[0] == block_group && bh)
		goto found;

	if (sbi->s_groups_count <= EXT2_MAX_GROUP_LOADED) {
		slot = (int)block_group;
		bh = sbi->s_inode_bitmap[slot];
		if (!bh)
			goto read_it;
		if (sbi->s_inode_bitmap_number[slot] == (unsigned long)slot)
			goto found;
		BUG(); /* ext2_panic(): block_group != inode_bitmap_number */
	}

	bh = NULL;
	for (i = 0; i < sbi->s_loaded_inode_bitmaps && sbi->s_inode_bitmap_number[i] != block_group;
	     i++)
		;
	RT_WRITE(&sbi->s_inode_bitmap, "s_inode_bitmap[] to the LRU head");
	if (i < sbi->s_loaded_inode_bitmaps)
		bh = sbi->s_inode_bitmap[i];
	else if (sbi->s_loaded_inode_bitmaps < EXT2_MAX_GROUP_LOADED)
		sbi->s_loaded_inode_bitmaps++;
	else
		brelse(sbi->s_inode_bitmap[--i]);

	while (i--) {
		sbi->s_inode_bitmap_number[i + 1] = sbi->s_inode_bitmap_number[i];
		sbi->s_inode_bitmap[i + 1] = sbi->s_inode_bitmap[i];
	}

read_it:
	if (!bh)
		bh = read_inode_bitmap(sb, block_group);
	RT_WRITE(&sbi->s_inode_bitmap, "s_inode_bitmap[] = bh");
	sbi->s_inode_bitmap_number[slot] = block_group;
	sbi->s_inode_bitmap[slot] = bh;
found:
	return bh;
}

/*
 * fs/ext2/ialloc.c: ext2_free_inode() (2.4.26 line 149) — entry: the BKL
 * (ext2_delete_inode()), no spinlock; takes lock_super(sb), which sleeps
 * while another thread holds it, clears the inode first (clear_inode(),
 * before its number can be reused), may sleep reading the group's inode
 * bitmap; exit: lock_super released.  Departs: no quota, no
 * MS_SYNCHRONOUS write.
 */
void ext2_free_inode(struct inode *inode)
{
	RT_FRAME();
	struct super_block *sb;
	struct ext2_sb_info *sbi;
	int is_directory;
	unsigned long ino, block_group, bit;
	struct buffer_head *bh, *bh2 = NULL;
	struct ext2_group_desc *desc;
	struct ext2_super_block *es;
	unsigned char *p;

	RT_READ(&inode->i_sb, "i_sb");
	sb = inode->i_sb;
	ino = inode->i_ino;

	lock_super(sb);
	sbi = EXT2_SB(sb);
	RT_READ(&sbi->s_es, "s_es");
	es = sbi->s_es;
	is_directory = S_ISDIR(inode->i_mode);

	/* Do this BEFORE marking the inode not in use or returning an error */
	clear_inode(inode);

	RT_READ(es, "s_inodes_count");
	if (ino < (unsigned long)sbi->s_first_ino || ino > es->s_inodes_count) {
		ext2_error(sb, "ext2_free_inode", "reserved or nonexistent inode");
		goto error_return;
	}
	block_group = (ino - 1) / sbi->s_inodes_per_group;
	bit = (ino - 1) % sbi->s_inodes_per_group;
	bh = load_inode_bitmap(sb, (unsigned int)block_group);
	if (!bh)
		goto error_return;

	/* ext2_clear_bit() on the inode bitmap */
	RT_WRITE(bh, "ext2_clear_bit");
	p = (unsigned char *)bh->b_data + bit / 8;
	if (!((*p >> (bit % 8)) & 1)) {
		ext2_error(sb, "ext2_free_inode", "bit already cleared for inode");
	} else {
		*p &= (unsigned char)~(1u << (bit % 8));
		desc = ext2_get_group_desc(sb, (unsigned int)block_group, &bh2);
		if (desc) {
			/* every writer holds lock_super: one step each */
			RT_WRITE(desc, "bg_free_inodes_count++");
			desc->bg_free_inodes_count++;
			if (is_directory)
				desc->bg_used_dirs_count--;
			mark_buffer_dirty(bh2);
		}
		RT_WRITE(es, "s_free_inodes_count++");
		es->s_free_inodes_count++;
		mark_buffer_dirty(sbi->s_sbh);
	}
	mark_buffer_dirty(bh);
	RT_WRITE(&sb->s_dirt, "s_dirt = 1");
	sb->s_dirt = 1;
error_return:
	unlock_super(sb);
}
