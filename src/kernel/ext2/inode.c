/*
 * inode.c - port of 2.4.26 fs/ext2/inode.c: what iput() calls in ext2
 * (put_inode, delete_inode) and what writing an inode back does
 * (write_inode), reduced to direct blocks.
 *
 * ext2_put_inode() runs on every iput(), also the one dentry_iput() makes
 * while prune_one_dentry() holds no lock and has not yet dput() the
 * parent: a file with preallocated blocks gives them back there, under
 * lock_super (2.4.26 fs/dcache.c's comment before shrink_dcache_memory()
 * names this path).  That is where a uniprocessor 2.4.26 can switch inside
 * the window.
 */
#include <vfsrace/linux/kernel.h>
#include <vfsrace/linux/smp_lock.h>
#include <vfsrace/rt_sched.h>

#include "kernel/errno.h"
#include "kernel/ext2_fs.h"
#include "vfsrace/rt_frame.h"

/*
 * fs/ext2/inode.c: ext2_discard_prealloc() (2.4.26 line 86) — takes the
 * BKL (the preallocation's writers hold it); gives the preallocated
 * blocks back through ext2_free_blocks(), which takes lock_super and may
 * sleep.  Nothing to give back: the BKL round trip only.
 */
void ext2_discard_prealloc(struct inode *inode)
{
	RT_FRAME();
	lock_kernel();
	RT_READ(&inode->i_ext2.i_prealloc_count, "i_prealloc_count");
	if (inode->i_ext2.i_prealloc_count) {
		unsigned long total = inode->i_ext2.i_prealloc_count;
		unsigned long block = inode->i_ext2.i_prealloc_block;

		RT_WRITE(&inode->i_ext2.i_prealloc_count, "i_prealloc_count = 0");
		inode->i_ext2.i_prealloc_count = 0;
		inode->i_ext2.i_prealloc_block = 0;
		ext2_free_blocks(inode, block, total);
	}
	unlock_kernel();
}

/* fs/ext2/inode.c: ext2_put_inode() (2.4.26 line 55) — from iput(), no lock; may sleep */
void ext2_put_inode(struct inode *inode)
{
	RT_FRAME();
	ext2_discard_prealloc(inode);
}

/*
 * fs/ext2/inode.c: ext2_free_data() (2.4.26 line 725) — BKL held; frees
 * the blocks p[0..q) names, contiguous runs at a time.
 */
static void ext2_free_data(struct inode *inode, uint32_t *p, uint32_t *q)
{
	RT_FRAME();
	unsigned long block_to_free = 0, count = 0;
	unsigned long nr;

	for (; p < q; p++) {
		nr = *p;
		if (nr) {
			*p = 0;
			/* accumulate blocks to free if they're contiguous */
			if (count == 0)
				goto free_this;
			else if (block_to_free == nr - count)
				count++;
			else {
				mark_inode_dirty(inode);
				ext2_free_blocks(inode, block_to_free, count);
			free_this:
				block_to_free = nr;
				count = 1;
			}
		}
	}
	if (count > 0) {
		mark_inode_dirty(inode);
		ext2_free_blocks(inode, block_to_free, count);
	}
}

/*
 * fs/ext2/inode.c: ext2_truncate() (2.4.26 line 800) to size 0 — BKL held
 * (ext2_delete_inode()).  Departs: only the direct blocks (no file of the
 * models has indirect ones), no page to truncate, no IS_SYNC path.
 */
void ext2_truncate(struct inode *inode)
{
	RT_FRAME();
	if (!(S_ISREG(inode->i_mode) || S_ISDIR(inode->i_mode)))
		return;
	ext2_discard_prealloc(inode);
	RT_WRITE(&inode->i_ext2.i_data, "free i_data[]");
	ext2_free_data(inode, inode->i_ext2.i_data, inode->i_ext2.i_data + EXT2_NDIR_BLOCKS);
	mark_inode_dirty(inode);
}

/*
 * fs/ext2/inode.c: ext2_update_inode() (2.4.26 line 1037) — BKL held;
 * reads the inode's table block (sleeps while the disk reads it), copies
 * the inode in, and with do_sync writes it and waits.  Departs: only the
 * fields of struct ext2_inode the port keeps.
 */
static int ext2_update_inode(struct inode *inode, int do_sync)
{
	RT_FRAME();
	struct super_block *sb;
	struct ext2_sb_info *sbi;
	struct ext2_group_desc *gdp;
	struct ext2_inode *raw_inode;
	struct buffer_head *bh;
	unsigned long block_group, offset, block;
	int err = 0;

	RT_READ(&inode->i_sb, "i_sb");
	sb = inode->i_sb;
	sbi = EXT2_SB(sb);
	if ((inode->i_ino != EXT2_ROOT_INO && inode->i_ino < (unsigned long)sbi->s_first_ino) ||
	    inode->i_ino > sbi->s_inodes_per_group * sbi->s_groups_count) {
		ext2_error(sb, "ext2_write_inode", "bad inode number");
		return -EIO;
	}
	block_group = (inode->i_ino - 1) / sbi->s_inodes_per_group;
	gdp = ext2_get_group_desc(sb, (unsigned int)block_group, NULL);
	if (!gdp)
		return -EIO;
	/* Figure out the offset within the block group inode table */
	offset = ((inode->i_ino - 1) % sbi->s_inodes_per_group) * EXT2_INODE_SIZE;
	RT_READ(gdp, "bg_inode_table");
	block = gdp->bg_inode_table + offset / BLOCK_SIZE;
	bh = sb_bread(sb, block);
	if (!bh) {
		ext2_error(sb, "ext2_write_inode", "unable to read inode block");
		return -EIO;
	}
	raw_inode = (struct ext2_inode *)(bh->b_data + offset % BLOCK_SIZE);
	RT_WRITE(bh, "copy inode to its block");
	raw_inode->i_mode = inode->i_mode;
	raw_inode->i_links_count = (uint16_t)inode->i_nlink;
	raw_inode->i_size = (uint32_t)inode->i_size;
	raw_inode->i_dtime = inode->i_ext2.i_dtime;
	raw_inode->i_blocks = (uint32_t)inode->i_blocks;
	for (int i = 0; i < EXT2_N_BLOCKS; i++)
		raw_inode->i_block[i] = inode->i_ext2.i_data[i];
	mark_buffer_dirty(bh);
	if (do_sync) {
		ll_rw_block(WRITE, 1, &bh);
		wait_on_buffer(bh);
	}
	brelse(bh);
	return err;
}

/* fs/ext2/inode.c: ext2_write_inode() (2.4.26 line 1169) — from __sync_one(), no lock; may sleep */
void ext2_write_inode(struct inode *inode, int wait)
{
	RT_FRAME();
	lock_kernel();
	ext2_update_inode(inode, wait);
	unlock_kernel();
}

/*
 * fs/ext2/inode.c: ext2_delete_inode() (2.4.26 line 63) — from the last
 * iput() of an unlinked inode, no lock; takes the BKL; sleeps in the
 * inode table read, in lock_super and in the bitmap reads.  Departs: no
 * bad-inode or ACL-inode test; CURRENT_TIME is 1.
 */
void ext2_delete_inode(struct inode *inode)
{
	RT_FRAME();
	lock_kernel();

	inode->i_ext2.i_dtime = 1;
	mark_inode_dirty(inode);
	ext2_update_inode(inode, 0);
	inode->i_size = 0;
	if (inode->i_blocks)
		ext2_truncate(inode);
	ext2_free_inode(inode);

	unlock_kernel();
}
