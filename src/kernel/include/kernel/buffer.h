/*
 * kernel/buffer.h - the buffer cache: struct buffer_head and the calls
 * ext2 makes (2.4.26 include/linux/fs.h, include/linux/locks.h,
 * fs/buffer.c, drivers/block/ll_rw_blk.c), cut down to one device: the
 * disk a super_block of a block-device filesystem sits on.
 *
 * A read of a block not in memory and a wait for a write sleep until the
 * disk's interrupt, as in 2.4.26: others run meanwhile and the BKL is
 * dropped (vfsrace/linux/sched.h).
 */
#ifndef VFSRACE_KERNEL_BUFFER_H
#define VFSRACE_KERNEL_BUFFER_H

#include <vfsrace/linux/atomic.h>
#include <vfsrace/linux/list.h>

struct super_block;

/* ext2's smallest block, the only size the port's disk has */
#define BLOCK_SIZE 1024

/* b_state bits (include/linux/fs.h) */
#define BH_Uptodate 0
#define BH_Dirty    1
#define BH_Lock	    2

#define READ  0
#define WRITE 1

struct buffer_head {
	struct list_head b_list; /* on lru_list (2.4.26: hash chain and lru_list) */
	unsigned long b_blocknr;
	struct super_block *b_sb; /* 2.4.26: b_dev */
	unsigned long b_state;
	atomic_t b_count;
	char *b_data;
	char b_page[BLOCK_SIZE]; /* what b_data points into */
};

/* (Re)initialise the buffer cache and an empty disk for an execution. */
void buffer_init(void);

struct buffer_head *getblk(struct super_block *sb, unsigned long block);
/* include/linux/fs.h: sb_bread() - the block, read from disk if need be; may sleep. */
struct buffer_head *sb_bread(struct super_block *sb, unsigned long block);
void brelse(struct buffer_head *bh);
void mark_buffer_dirty(struct buffer_head *bh);
int buffer_uptodate(struct buffer_head *bh);
void ll_rw_block(int rw, int nr, struct buffer_head *bhs[]);
/* include/linux/locks.h: sleeps while an I/O on bh is in flight. */
void wait_on_buffer(struct buffer_head *bh);
/* fs/buffer.c: sync_buffers() - write sb's dirty buffers; wait: and wait for them. */
int sync_buffers(struct super_block *sb, int wait);
/* fs/buffer.c: fsync_super() - dirty inodes, the super block, the buffers of sb. */
int fsync_super(struct super_block *sb);
/* fs/block_dev.c: kill_bdev() on the last close - forget sb's buffers. */
void kill_bdev(struct super_block *sb);

/*
 * The disk itself, for the set-up (mke2fs and what earlier writes left):
 * a block's bytes as the disk holds them.  Blocks never written read as
 * zeroes.  Not a kernel interface.
 */
unsigned char *disk_block(unsigned long block);

#endif
