/*
 * buffer.c - the buffer cache of 2.4.26 fs/buffer.c (with ll_rw_block()
 * from drivers/block/ll_rw_blk.c and wait_on_buffer() from
 * include/linux/locks.h), reduced to what ext2's umount and inode-release
 * paths call, on one disk.
 *
 * Departs, for the whole file:
 * - one list of buffers (lru_list under lru_list_lock) stands for the hash
 *   table and the per-state LRU lists; a super_block stands for its device;
 * - the disk is not a thread: a request submitted by ll_rw_block() is
 *   carried out while a thread that waits on the buffer sleeps, and that
 *   thread runs end_buffer_io_sync() when it wakes (the disk's interrupt
 *   came while it slept).  A buffer nobody waits for stays locked until
 *   someone does (sync_buffers() with wait, as fsync_super() does);
 * - no pages, no bdflush/kupdated, no balance_dirty(), no buffer_delay.
 */
#include <string.h>

#include <vfsrace/linux/kernel.h>
#include <vfsrace/linux/sched.h>
#include <vfsrace/linux/slab.h>
#include <vfsrace/linux/smp_lock.h>
#include <vfsrace/rt_sched.h>
#include <vfsrace/rt_slab.h>

#include "kernel/buffer.h"
#include "kernel/fs.h"
#include "kernel/mount.h"
#include "vfsrace/rt_frame.h"

static struct list_head lru_list;
static spinlock_t lru_list_lock;

/*
 * The disk: the blocks ever written, each BLOCK_SIZE bytes (an ext2 of
 * 16 groups writes about 40).  Not kernel memory, so not a slab object.
 */
#define DISK_BLOCKS 64
static struct disk_block {
	int used;
	unsigned long nr;
	unsigned char data[BLOCK_SIZE];
} disk[DISK_BLOCKS];

unsigned char *disk_block(unsigned long block)
{
	struct disk_block *free = NULL;

	for (int i = 0; i < DISK_BLOCKS; i++) {
		if (disk[i].used && disk[i].nr == block)
			return disk[i].data;
		if (!disk[i].used && !free)
			free = &disk[i];
	}
	if (!free) {
		rt_report(RT_V_BUG, true, "the model's disk holds no more than %d blocks",
			  DISK_BLOCKS);
		return NULL;
	}
	free->used = 1;
	free->nr = block;
	memset(free->data, 0, sizeof(free->data));
	return free->data;
}

/* b_state bit operations are atomic in the kernel: one step each */
static int test_buffer_bit(struct buffer_head *bh, int bit)
{
	RT_READ(&bh->b_state, "test_bit b_state");
	return (bh->b_state >> bit) & 1;
}

static int test_and_set_buffer_bit(struct buffer_head *bh, int bit, const char *what)
{
	int old;

	RT_WRITE(&bh->b_state, what);
	old = (bh->b_state >> bit) & 1;
	bh->b_state |= 1ul << bit;
	return old;
}

static int test_and_clear_buffer_bit(struct buffer_head *bh, int bit, const char *what)
{
	int old;

	RT_WRITE(&bh->b_state, what);
	old = (bh->b_state >> bit) & 1;
	bh->b_state &= ~(1ul << bit);
	return old;
}

int buffer_uptodate(struct buffer_head *bh)
{
	return test_buffer_bit(bh, BH_Uptodate);
}

static int buffer_locked(struct buffer_head *bh)
{
	return test_buffer_bit(bh, BH_Lock);
}

/* fs/buffer.c: unlock_buffer() (2.4.26 line 163) — any lock; no wait queue to wake (see above) */
static void unlock_buffer(struct buffer_head *bh)
{
	RT_FRAME();
	test_and_clear_buffer_bit(bh, BH_Lock, "clear_bit BH_Lock");
}

/*
 * fs/buffer.c: end_buffer_io_sync() (2.4.26 line 221) — the disk's
 * interrupt: the block read (or written), the buffer unlocked.
 */
static void end_buffer_io_sync(struct buffer_head *bh)
{
	RT_FRAME();
	/* the transfer itself: disk to memory for a read, memory to disk for a write */
	if (!test_buffer_bit(bh, BH_Uptodate))
		memcpy(bh->b_page, disk_block(bh->b_blocknr), BLOCK_SIZE);
	else
		memcpy(disk_block(bh->b_blocknr), bh->b_page, BLOCK_SIZE);
	test_and_set_buffer_bit(bh, BH_Uptodate, "set_bit BH_Uptodate");
	unlock_buffer(bh);
	atomic_dec(&bh->b_count); /* put_bh() */
}

/*
 * fs/buffer.c: __wait_on_buffer() (2.4.26 line 185) — no spinlock; sleeps.
 * run_task_queue(&tq_disk) and schedule(): the request reaches the disk
 * and the thread sleeps until its interrupt; the first waiter to wake
 * completes it (see the head of this file).
 */
static void __wait_on_buffer(struct buffer_head *bh)
{
	RT_FRAME();
	atomic_inc(&bh->b_count); /* get_bh() */
	do {
		schedule_io("schedule (waits for the disk)");
		if (buffer_locked(bh))
			end_buffer_io_sync(bh);
	} while (buffer_locked(bh));
	atomic_dec(&bh->b_count); /* put_bh() */
}

/* include/linux/locks.h: wait_on_buffer() (2.4.26 inline) */
void wait_on_buffer(struct buffer_head *bh)
{
	RT_FRAME();
	if (buffer_locked(bh))
		__wait_on_buffer(bh);
}

/* include/linux/locks.h: lock_buffer() (2.4.26 inline) */
static void lock_buffer(struct buffer_head *bh)
{
	RT_FRAME();
	while (test_and_set_buffer_bit(bh, BH_Lock, "test_and_set_bit BH_Lock"))
		__wait_on_buffer(bh);
}

/*
 * drivers/block/ll_rw_blk.c: ll_rw_block() (2.4.26 line 1354) — no
 * spinlock; may sleep in lock_buffer().  Departs: no size or read-only
 * checks; submit_bh() leaves the request to the next waiter.
 */
void ll_rw_block(int rw, int nr, struct buffer_head *bhs[])
{
	RT_FRAME();
	for (int i = 0; i < nr; i++) {
		struct buffer_head *bh = bhs[i];

		lock_buffer(bh);
		atomic_inc(&bh->b_count);
		if (rw == WRITE) {
			if (!test_and_clear_buffer_bit(bh, BH_Dirty, "test_and_clear_bit BH_Dirty"))
				goto end_io; /* nothing to write */
		} else if (test_buffer_bit(bh, BH_Uptodate)) {
			goto end_io; /* already have it */
		}
		/* submit_bh(): the request is queued for the disk */
		if (rw == READ)
			test_and_clear_buffer_bit(bh, BH_Uptodate, "clear_bit BH_Uptodate");
		else
			test_and_set_buffer_bit(bh, BH_Uptodate, "set_bit BH_Uptodate");
		continue;
	end_io:
		unlock_buffer(bh);
		atomic_dec(&bh->b_count);
	}
}

/* fs/buffer.c: get_hash_table() (2.4.26 line 627) — takes lru_list_lock (2.4.26: hash_table_lock)
 */
static struct buffer_head *get_hash_table(struct super_block *sb, unsigned long block)
{
	RT_FRAME();
	struct buffer_head *found = NULL;
	struct list_head *p;

	spin_lock(&lru_list_lock);
	RT_READ(&lru_list, "walk buffer hash");
	list_for_each(p, &lru_list)
	{
		struct buffer_head *bh = list_entry(p, struct buffer_head, b_list);

		if (bh->b_blocknr == block && bh->b_sb == sb) {
			atomic_inc(&bh->b_count); /* get_bh() */
			found = bh;
			break;
		}
	}
	spin_unlock(&lru_list_lock);
	return found;
}

/*
 * fs/buffer.c: grow_buffers() (2.4.26 line 2598) — no lock on entry or
 * exit.  Departs: one buffer, not a page of them; hashed unless another
 * thread hashed the same block meanwhile.
 */
static int grow_buffers(struct super_block *sb, unsigned long block)
{
	RT_FRAME();
	struct buffer_head *bh = kmalloc(sizeof(*bh), GFP_KERNEL);
	struct list_head *p;

	if (!bh)
		return 0;
	memset(bh, 0, sizeof(*bh) - BLOCK_SIZE);
	bh->b_blocknr = block;
	bh->b_sb = sb;
	bh->b_data = bh->b_page;
	rt_atomic_init(&bh->b_count, 0, "b_count", true);
	rt_obj_name(bh, "buffer %lu", block);
	spin_lock(&lru_list_lock);
	RT_WRITE(&lru_list, "list_add buffer hash");
	list_for_each(p, &lru_list)
	{
		struct buffer_head *other = list_entry(p, struct buffer_head, b_list);

		if (other->b_blocknr == block && other->b_sb == sb) {
			spin_unlock(&lru_list_lock);
			kfree(bh);
			return 1;
		}
	}
	list_add(&bh->b_list, &lru_list);
	spin_unlock(&lru_list_lock);
	return 1;
}

/* fs/buffer.c: getblk() (2.4.26 line 1012) — no lock; the buffer with a reference */
struct buffer_head *getblk(struct super_block *sb, unsigned long block)
{
	RT_FRAME();
	for (;;) {
		struct buffer_head *bh = get_hash_table(sb, block);

		if (bh)
			return bh;
		if (!grow_buffers(sb, block))
			return NULL; /* 2.4.26: free_more_memory() and try again */
	}
}

/* fs/buffer.c: __brelse() (2.4.26 line 1161), through fs.h's brelse() */
void brelse(struct buffer_head *bh)
{
	RT_FRAME();
	if (!bh)
		return;
	if (atomic_read(&bh->b_count)) {
		atomic_dec(&bh->b_count);
		return;
	}
	printk(KERN_ERR "VFS: brelse: Trying to free free buffer\n");
}

/*
 * fs/buffer.c: bread() (2.4.26 line 1188) through fs.h's sb_bread() — no
 * spinlock; sleeps when the block is not in memory.
 */
struct buffer_head *sb_bread(struct super_block *sb, unsigned long block)
{
	RT_FRAME();
	struct buffer_head *bh = getblk(sb, block);

	if (!bh || buffer_uptodate(bh))
		return bh;
	ll_rw_block(READ, 1, &bh);
	wait_on_buffer(bh);
	if (buffer_uptodate(bh))
		return bh;
	brelse(bh);
	return NULL;
}

/* fs/buffer.c: mark_buffer_dirty() (2.4.26 line 1109) — any lock */
void mark_buffer_dirty(struct buffer_head *bh)
{
	RT_FRAME();
	test_and_set_buffer_bit(bh, BH_Dirty, "set_bit BH_Dirty");
}

/*
 * The next buffer of sb after `from' (NULL: the first) that passes
 * `want', with a reference; lru_list_lock is taken and dropped around the
 * walk, as 2.4.26's write_some_buffers() and wait_for_buffers() drop it
 * around each I/O.
 */
static struct buffer_head *next_buffer(struct super_block *sb, unsigned long *skip)
{
	struct buffer_head *found = NULL;
	unsigned long n = 0;
	struct list_head *p;

	spin_lock(&lru_list_lock);
	RT_READ(&lru_list, "walk lru_list");
	list_for_each(p, &lru_list)
	{
		struct buffer_head *bh = list_entry(p, struct buffer_head, b_list);

		if (bh->b_sb != sb || n++ < *skip)
			continue;
		atomic_inc(&bh->b_count);
		found = bh;
		break;
	}
	spin_unlock(&lru_list_lock);
	*skip = n;
	return found;
}

/*
 * fs/buffer.c: sync_buffers() (2.4.26 line 356) with write_unlocked_buffers()
 * (296) and wait_for_locked_buffers() (338) — no lock on entry or exit.
 * Departs: the dirty buffers of sb are written one by one, then (wait)
 * each locked one is waited for, instead of the passes over lru_list[].
 */
int sync_buffers(struct super_block *sb, int wait)
{
	RT_FRAME();
	struct buffer_head *bh;
	unsigned long skip = 0;

	while ((bh = next_buffer(sb, &skip)) != NULL) {
		if (test_buffer_bit(bh, BH_Dirty))
			ll_rw_block(WRITE, 1, &bh);
		atomic_dec(&bh->b_count);
	}
	if (!wait)
		return 0;
	skip = 0;
	while ((bh = next_buffer(sb, &skip)) != NULL) {
		wait_on_buffer(bh);
		atomic_dec(&bh->b_count);
	}
	return 0;
}

/*
 * fs/buffer.c: fsync_super() (2.4.26 line 375) — no lock on entry or exit;
 * kill_super() calls it (fs/super.c line 843) before lock_super().
 * Departs: no quota to sync, no ->sync_fs (no 2.4.26 filesystem of the
 * port has one).
 */
int fsync_super(struct super_block *sb)
{
	RT_FRAME();
	struct super_operations *sop;

	sync_buffers(sb, 0);

	lock_kernel();
	sync_inodes_sb(sb);
	lock_super(sb);
	RT_READ(&sb->s_op, "s_op");
	sop = sb->s_op;
	RT_READ(&sb->s_dirt, "read s_dirt");
	if (sb->s_dirt && sop && sop->write_super)
		sop->write_super(sb);
	unlock_super(sb);
	unlock_kernel();

	return sync_buffers(sb, 1);
}

/*
 * fs/block_dev.c: kill_bdev() (2.4.26 line 58), from blkdev_put() on the
 * device's last close at umount — no lock on entry or exit.  Frees the
 * buffers of sb nobody holds (invalidate_bdev() leaves busy ones).
 */
void kill_bdev(struct super_block *sb)
{
	RT_FRAME();
	struct list_head *p, *next;

	spin_lock(&lru_list_lock);
	RT_WRITE(&lru_list, "invalidate_bdev");
	for (p = lru_list.next; p != &lru_list; p = next) {
		struct buffer_head *bh = list_entry(p, struct buffer_head, b_list);

		next = p->next;
		if (bh->b_sb != sb || atomic_read(&bh->b_count))
			continue;
		list_del(&bh->b_list);
		kfree(bh);
	}
	spin_unlock(&lru_list_lock);
}

void buffer_init(void)
{
	INIT_LIST_HEAD(&lru_list);
	spin_lock_init(&lru_list_lock);
	for (int i = 0; i < DISK_BLOCKS; i++)
		disk[i].used = 0;
}
