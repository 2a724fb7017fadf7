/*
 * balloc.c - port of 2.4.26 fs/ext2/balloc.c: the group descriptors, the
 * block bitmap cache, and freeing blocks under lock_super.
 *
 * Everything here runs under lock_super(sb) (a semaphore: a thread that
 * finds it taken sleeps), and the bitmap read may sleep on the disk.  The
 * bitmap cache and the counters are read and written only under it, so
 * each is one marker on the cache or on the block's buffer.
 *
 * Left out: block allocation (ext2_new_block), the statistics and checks
 * (ext2_count_free_blocks, ext2_check_blocks_bitmap), quota.
 */
#include <vfsrace/linux/kernel.h>
#include <vfsrace/rt_sched.h>

#include "kernel/errno.h"
#include "kernel/ext2_fs.h"
#include "vfsrace/rt_frame.h"

#define in_range(b, first, len) ((b) >= (first) && (b) <= (first) + (len)-1)

/* ext2_clear_bit() (asm-i386/bitops.h: __test_and_clear_bit, under lock_super) */
static int ext2_clear_bit(unsigned long nr, struct buffer_head *bh)
{
	unsigned char *p = (unsigned char *)bh->b_data + nr / 8;
	int old;

	RT_WRITE(bh, "ext2_clear_bit");
	old = (*p >> (nr % 8)) & 1;
	*p &= (unsigned char)~(1u << (nr % 8));
	return old;
}

/*
 * fs/ext2/balloc.c: ext2_get_group_desc() (2.4.26 line 38) — lock_super
 * held (or the descriptor only read); the descriptor, and its buffer in
 * *bh if asked.
 */
struct ext2_group_desc *ext2_get_group_desc(struct super_block *sb, unsigned int block_group,
					    struct buffer_head **bh)
{
	RT_FRAME();
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	unsigned long group_desc, desc;
	struct buffer_head *gdb;

	RT_READ(&sbi->s_group_desc, "s_group_desc");
	if (block_group >= sbi->s_groups_count) {
		ext2_error(sb, "ext2_get_group_desc", "block_group >= groups_count");
		return NULL;
	}
	group_desc = block_group / sbi->s_desc_per_block;
	desc = block_group % sbi->s_desc_per_block;
	gdb = sbi->s_group_desc[group_desc];
	if (!gdb) {
		ext2_error(sb, "ext2_get_group_desc", "Group descriptor not loaded");
		return NULL;
	}
	if (bh)
		*bh = gdb;
	return (struct ext2_group_desc *)gdb->b_data + desc;
}

/*
 * fs/ext2/balloc.c: read_block_bitmap() (2.4.26 line 79) — lock_super
 * held; sleeps while the bitmap block is read from disk.
 */
static int read_block_bitmap(struct super_block *sb, unsigned int block_group,
			     unsigned long bitmap_nr)
{
	RT_FRAME();
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	struct ext2_group_desc *gdp;
	struct buffer_head *bh = NULL;
	int retval = -EIO;

	gdp = ext2_get_group_desc(sb, block_group, NULL);
	if (!gdp)
		goto error_out;
	retval = 0;
	RT_READ(gdp, "bg_block_bitmap");
	bh = sb_bread(sb, gdp->bg_block_bitmap);
	if (!bh) {
		ext2_error(sb, "read_block_bitmap", "Cannot read block bitmap");
		retval = -EIO;
	}
	/* On an I/O error the slot keeps a NULL; the next call reads again. */
error_out:
	RT_WRITE(&sbi->s_block_bitmap, "s_block_bitmap[] = bh");
	sbi->s_block_bitmap_number[bitmap_nr] = block_group;
	sbi->s_block_bitmap[bitmap_nr] = bh;
	return retval;
}

/* Move slots [0, n) one up, to free slot 0 (both branches of the LRU do it). */
static void shift_block_bitmaps(struct ext2_sb_info *sbi, int n)
{
	for (int j = n; j > 0; j--) {
		sbi->s_block_bitmap_number[j] = sbi->s_block_bitmap_number[j - 1];
		sbi->s_block_bitmap[j] = sbi->s_block_bitmap[j - 1];
	}
}

/*
 * fs/ext2/balloc.c: __load_block_bitmap() (2.4.26 line 122) — lock_super
 * held.  A filesystem of at most EXT2_MAX_GROUP_LOADED groups keeps group
 * g in slot g; a larger one keeps the most recently used bitmaps in an LRU
 * of EXT2_MAX_GROUP_LOADED slots, slot 0 the newest.  Returns the slot or
 * -errno.  Departs: ext2_panic() on a group out of range is a BUG().
 */
static int __load_block_bitmap(struct super_block *sb, unsigned int block_group)
{
	RT_FRAME();
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	int i, retval = 0;
	unsigned long block_bitmap_number;
	struct buffer_head *block_bitmap;

	if (block_group >= sbi->s_groups_count)
		BUG();

	RT_READ(&sbi->s_block_bitmap, "s_block_bitmap[]");
	if (sbi->s_groups_count <= EXT2_MAX_GROUP_LOADED) {
		if (sbi->s_block_bitmap[block_group]) {
			if (sbi->s_block_bitmap_number[block_group] == block_group)
				return block_group;
			ext2_error(sb, "__load_block_bitmap", "block_group != block_bitmap_number");
		}
		retval = read_block_bitmap(sb, block_group, block_group);
		if (retval < 0)
			return retval;
		return block_group;
	}

	for (i = 0; i < sbi->s_loaded_block_bitmaps && sbi->s_block_bitmap_number[i] != block_group;
	     i++)
		;
	if (i < sbi->s_loaded_block_bitmaps && sbi->s_block_bitmap_number[i] == block_group) {
		block_bitmap_number = sbi->s_block_bitmap_number[i];
		block_bitmap = sbi->s_block_bitmap[i];
		RT_WRITE(&sbi->s_block_bitmap, "s_block_bitmap[] to the LRU head");
		shift_block_bitmaps(sbi, i);
		sbi->s_block_bitmap_number[0] = block_bitmap_number;
		sbi->s_block_bitmap[0] = block_bitmap;

		/* A NULL cached here is an earlier read that failed: try again. */
		if (!block_bitmap)
			retval = read_block_bitmap(sb, block_group, 0);
	} else {
		RT_WRITE(&sbi->s_block_bitmap, "s_block_bitmap[] make room");
		if (sbi->s_loaded_block_bitmaps < EXT2_MAX_GROUP_LOADED)
			sbi->s_loaded_block_bitmaps++;
		else
			brelse(sbi->s_block_bitmap[EXT2_MAX_GROUP_LOADED - 1]);
		shift_block_bitmaps(sbi, sbi->s_loaded_block_bitmaps - 1);
		retval = read_block_bitmap(sb, block_group, 0);
	}
	return retval;
}

/*
 * fs/ext2/balloc.c: load_block_bitmap() (2.4.26 line 201) — lock_super
 * held.  The fast paths (the group of the last call, or a small
 * filesystem's own slot), else __load_block_bitmap().  Returns the slot or
 * -errno.
 */
static int load_block_bitmap(struct super_block *sb, unsigned int block_group)
{
	RT_FRAME();
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	int slot;

	RT_READ(&sbi->s_block_bitmap, "s_block_bitmap[]");
	if (sbi->s_loaded_block_bitmaps > 0 && sbi->s_block_bitmap_number[0] == block_group &&
	    sbi->s_block_bitmap[0])
		return 0;
	else if (sbi->s_groups_count <= EXT2_MAX_GROUP_LOADED &&
		 sbi->s_block_bitmap_number[block_group] == block_group &&
		 sbi->s_block_bitmap[block_group])
		slot = block_group;
	else
		slot = __load_block_bitmap(sb, block_group);

	if (slot < 0)
		return slot;
	/* a slot may still cache an earlier I/O error */
	RT_READ(&sbi->s_block_bitmap, "s_block_bitmap[]");
	if (!sbi->s_block_bitmap[slot])
		return -EIO;
	return slot;
}

/*
 * fs/ext2/balloc.c: ext2_free_blocks() (2.4.26 line 251) — entry: no
 * spinlock (the BKL from ext2_discard_prealloc()); takes lock_super(sb),
 * which sleeps while another thread holds it, and may sleep reading the
 * group's bitmap; exit: lock_super released.  Departs: no quota, no
 * MS_SYNCHRONOUS write.
 */
void ext2_free_blocks(struct inode *inode, unsigned long block, unsigned long count)
{
	RT_FRAME();
	struct buffer_head *bh, *bh2;
	unsigned long block_group, bit, i, overflow;
	int bitmap_nr;
	struct super_block *sb;
	struct ext2_sb_info *sbi;
	struct ext2_group_desc *gdp;
	struct ext2_super_block *es;

	RT_READ(&inode->i_sb, "i_sb");
	sb = inode->i_sb;
	if (!sb) {
		printk("ext2_free_blocks: nonexistent device");
		return;
	}
	lock_super(sb);
	sbi = EXT2_SB(sb);
	RT_READ(&sbi->s_es, "s_es");
	es = sbi->s_es;
	RT_READ(es, "s_first_data_block, s_blocks_count");
	if (block < es->s_first_data_block || block + count < block ||
	    (block + count) > es->s_blocks_count) {
		ext2_error(sb, "ext2_free_blocks", "Freeing blocks not in datazone");
		goto error_return;
	}

do_more:
	overflow = 0;
	block_group = (block - es->s_first_data_block) / sbi->s_blocks_per_group;
	bit = (block - es->s_first_data_block) % sbi->s_blocks_per_group;
	/* Freeing across a group boundary: the rest in the next pass. */
	if (bit + count > sbi->s_blocks_per_group) {
		overflow = bit + count - sbi->s_blocks_per_group;
		count -= overflow;
	}
	bitmap_nr = load_block_bitmap(sb, (unsigned int)block_group);
	if (bitmap_nr < 0)
		goto error_return;

	RT_READ(&sbi->s_block_bitmap, "s_block_bitmap[]");
	bh = sbi->s_block_bitmap[bitmap_nr];
	gdp = ext2_get_group_desc(sb, (unsigned int)block_group, &bh2);
	if (!gdp)
		goto error_return;

	for (i = 0; i < count; i++, block++) {
		RT_READ(gdp, "bg_block_bitmap, bg_inode_bitmap, bg_inode_table");
		if (block == gdp->bg_block_bitmap || block == gdp->bg_inode_bitmap ||
		    in_range(block, gdp->bg_inode_table, sbi->s_itb_per_group)) {
			ext2_error(sb, "ext2_free_blocks", "Freeing block in system zone");
			continue;
		}
		if (!ext2_clear_bit(bit + i, bh)) {
			ext2_error(sb, "ext2_free_blocks", "bit already cleared");
		} else {
			/* every writer holds lock_super: one step each */
			RT_WRITE(gdp, "bg_free_blocks_count++");
			gdp->bg_free_blocks_count++;
			RT_WRITE(es, "s_free_blocks_count++");
			es->s_free_blocks_count++;
		}
	}

	mark_buffer_dirty(bh2);
	mark_buffer_dirty(sbi->s_sbh);
	mark_buffer_dirty(bh);
	if (overflow) {
		count = overflow;
		goto do_more;
	}
	RT_WRITE(&sb->s_dirt, "s_dirt = 1");
	sb->s_dirt = 1;
error_return:
	unlock_super(sb);
}
