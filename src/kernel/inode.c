/*
 * inode.c - port of Linux 2.4.26 fs/inode.c: inode lookup and creation,
 * the in-use/unused lists under inode_lock, iput() and the disposal of a
 * filesystem's inodes at umount.
 *
 * No page cache, buffers, quota or dirty inodes are modelled: nrpages is
 * always 0 and no inode is ever dirty, so the branches that depend on them
 * are left out (docs/port-map.md lists each).
 */
#include <stdio.h>
#include <string.h>

#include <vfsrace/linux/kernel.h>
#include <vfsrace/linux/slab.h>
#include <vfsrace/linux/wait.h>

#include <vfsrace/linux/wait.h>
#include <vfsrace/rt_sched.h>
#include <vfsrace/rt_slab.h>

#include "kernel/dcache.h"
#include "kernel/fs.h"
#include "kernel/rmw.h"
#include "vfsrace/rt_frame.h"

/*
 * An inode moves between these lists by its i_list; a list_del() touches
 * whichever list it is on, so all of them (and the per-sb s_dirty and
 * s_locked_inodes) share one marker object: inode_in_use.
 */
static struct list_head inode_in_use;
static struct list_head inode_unused;
#define I_LIST_OBJ (&inode_in_use)

/* 2.4.26 sizes the table from memory; a model needs only a few chains. */
#define I_HASHBITS     6
#define I_HASHSIZE     (1u << I_HASHBITS)
#define I_HASHMASK     (I_HASHSIZE - 1)
#define L1_CACHE_BYTES 64
static struct list_head inode_hashtable[I_HASHSIZE];

static spinlock_t inode_lock;
struct inodes_stat_t inodes_stat;
static kmem_cache_t inode_cachep;
static unsigned long last_ino;

static struct inode_operations empty_iops;

/* fs/inode.c: alloc_inode() (2.4.26 line 80) — no lock; the inode is private */
static struct inode *alloc_inode(struct super_block *sb)
{
	RT_FRAME();
	struct inode *inode;

	RT_READ(&sb->s_op, "s_op");
	if (sb->s_op->alloc_inode)
		inode = sb->s_op->alloc_inode(sb);
	else
		inode = kmem_cache_alloc(&inode_cachep, GFP_KERNEL);

	if (inode) {
		/* inode_init_once(), which 2.4.26 runs as the slab constructor */
		memset(inode, 0, sizeof(*inode));
		init_waitqueue_head(&inode->i_wait);
		INIT_LIST_HEAD(&inode->i_hash);
		INIT_LIST_HEAD(&inode->i_dentry);
		sema_init(&inode->i_sem, 1);

		inode->i_sb = sb;
		/* replaces atomic_set(): unpublished object, named counter, negatives reported */
		rt_atomic_init(&inode->i_count, 1, "i_count", true);
		inode->i_op = &empty_iops;
		inode->i_nlink = 1;
	}
	return inode;
}

/*
 * fs/inode.c: destroy_inode() (2.4.26 line 126) — no lock.  Reads
 * inode->i_sb->s_op as 2.4.26 does: a super_block freed meanwhile faults
 * here.  Departs: no buffers to check (inode_has_buffers()).
 */
static void destroy_inode(struct inode *inode)
{
	RT_FRAME();
	struct super_block *sb;

	/* 2.4.26: __wait_on_freeing_inode() may leave stale entries behind
	 * (the port's find_inode() yields instead, so there are none) */
	init_waitqueue_head(&inode->i_wait);
	RT_READ(&inode->i_sb, "i_sb");
	sb = inode->i_sb;
	RT_READ(&sb->s_op, "s_op");
	if (sb->s_op->destroy_inode)
		sb->s_op->destroy_inode(inode);
	else
		kmem_cache_free(&inode_cachep, inode);
}

/*
 * Condition of wait_on_inode() and __wait_on_inode(): 2.4.26 tests
 * I_LOCK without inode_lock, so the test races with whoever sets or
 * clears it.  An accepted race: a stale "locked" costs one trip through
 * the wait, which tests again once queued; a stale "unlocked" is the
 * caller's own ordering (the writer of I_LOCK wakes i_wait after it).
 */
static int inode_unlocked(struct inode *inode)
{
	RT_READ_RACY(&inode->i_state, "test I_LOCK");
	return !(inode->i_state & I_LOCK);
}

/* fs/inode.c: wait_on_inode() (2.4.26 line 244) — entry: inode_lock not held; exit: not held */
static void wait_on_inode(struct inode *inode)
{
	RT_FRAME();
	if (!inode_unlocked(inode))
		wait_event(inode->i_wait, inode_unlocked(inode));
}

/* fs/inode.c: __iget() (2.4.26 line 282) — entry: inode_lock held; exit: held */
static void __iget(struct inode *inode)
{
	RT_FRAME();
	if (atomic_read(&inode->i_count)) {
		atomic_inc(&inode->i_count);
		return;
	}
	atomic_inc(&inode->i_count);
	RT_READ(&inode->i_state, "test I_DIRTY|I_LOCK");
	if (!(inode->i_state & (I_DIRTY | I_LOCK))) {
		RT_LIST_WRITE(I_LIST_OBJ, &inode->i_list, "list_move i_list to inode_in_use");
		list_del(&inode->i_list);
		list_add(&inode->i_list, &inode_in_use);
	}
	RT_WRITE(&inodes_stat.nr_unused, "inodes nr_unused--");
	inodes_stat.nr_unused--;
}

/*
 * fs/inode.c: __mark_inode_dirty() (2.4.26 line 199) — entry: inode_lock
 * not held; exit: not held.  Departs: no ->dirty_inode operation (no
 * ported filesystem has one).
 */
void __mark_inode_dirty(struct inode *inode, int flags)
{
	RT_FRAME();
	struct super_block *sb;

	RT_READ(&inode->i_sb, "i_sb");
	sb = inode->i_sb;
	if (!sb)
		return;

	/* "avoid the locking if we can": 2.4.26 tests without inode_lock and
	 * tests again under it, so the race is accepted */
	RT_READ_RACY(&inode->i_state, "test I_DIRTY");
	if ((inode->i_state & flags) == (unsigned long)flags)
		return;

	spin_lock(&inode_lock);
	RT_READ(&inode->i_state, "test I_DIRTY");
	if ((inode->i_state & flags) != (unsigned long)flags) {
		RMW(inode->i_state, |, (unsigned long)flags, "i_state |= I_DIRTY");
		/* Only hashed inodes that are not being written or freed go on s_dirty */
		RT_READ(inode_hashtable, "list_empty i_hash");
		if (!(inode->i_state & (I_LOCK | I_FREEING | I_CLEAR)) &&
		    !list_empty(&inode->i_hash)) {
			RT_LIST_WRITE(I_LIST_OBJ, &inode->i_list, "list_move i_list to s_dirty");
			list_del(&inode->i_list);
			list_add(&inode->i_list, &sb->s_dirty);
		}
	}
	spin_unlock(&inode_lock);
}

/*
 * fs/inode.c: __refile_inode() (2.4.26 line 296) — entry: inode_lock held;
 * exit: held.  Departs: no page cache, so no inode_unused_pagecache list.
 */
static void __refile_inode(struct inode *inode)
{
	RT_FRAME();
	struct list_head *to;

	RT_READ(&inode->i_state, "test I_FREEING");
	if (inode->i_state & I_FREEING)
		return;
	RT_READ(inode_hashtable, "list_empty i_hash");
	if (list_empty(&inode->i_hash))
		return;
	if (inode->i_state & I_DIRTY)
		to = &inode->i_sb->s_dirty;
	else if (atomic_read(&inode->i_count))
		to = &inode_in_use;
	else
		to = &inode_unused;
	RT_LIST_WRITE(I_LIST_OBJ, &inode->i_list,
		      to == &inode_unused   ? "list_move i_list to inode_unused"
		      : to == &inode_in_use ? "list_move i_list to inode_in_use"
					    : "list_move i_list to s_dirty");
	list_del(&inode->i_list);
	list_add(&inode->i_list, to);
}

/* fs/inode.c: write_inode() (2.4.26 line 276) — no lock; may sleep in ->write_inode */
static void write_inode(struct inode *inode, int sync)
{
	RT_FRAME();
	struct super_block *sb;

	RT_READ(&inode->i_sb, "i_sb");
	sb = inode->i_sb;
	if (sb)
		RT_READ(&sb->s_op, "s_op");
	if (sb && sb->s_op && sb->s_op->write_inode)
		sb->s_op->write_inode(inode, sync);
}

/*
 * fs/inode.c: __sync_one() (2.4.26 line 327) — entry: inode_lock held;
 * dropped while the inode is written; exit: held.  Departs: no pages
 * (filemap_fdatasync/filemap_fdatawait have nothing to do).
 */
static void __sync_one(struct inode *inode, int sync)
{
	RT_FRAME();
	unsigned long dirty;

	RT_LIST_WRITE(I_LIST_OBJ, &inode->i_list, "list_move i_list to s_locked_inodes");
	list_del(&inode->i_list);
	list_add(&inode->i_list, &inode->i_sb->s_locked_inodes);

	RT_READ(&inode->i_state, "test I_LOCK|I_FREEING");
	if (inode->i_state & (I_LOCK | I_FREEING))
		BUG();

	/* Set I_LOCK, reset I_DIRTY */
	dirty = inode->i_state & I_DIRTY;
	RMW(inode->i_state, |, I_LOCK, "i_state |= I_LOCK");
	RMW(inode->i_state, &, ~(unsigned long)I_DIRTY, "i_state &= ~I_DIRTY");
	spin_unlock(&inode_lock);

	/* Don't write the inode if only I_DIRTY_PAGES was set */
	if (dirty & (I_DIRTY_SYNC | I_DIRTY_DATASYNC))
		write_inode(inode, sync);

	spin_lock(&inode_lock);
	RMW(inode->i_state, &, ~(unsigned long)I_LOCK, "i_state &= ~I_LOCK");
	__refile_inode(inode);
	wake_up(&inode->i_wait);
}

/*
 * fs/inode.c: sync_one() (2.4.26 line 357) — entry: inode_lock held;
 * exit: held (dropped while it waits for a writer of the inode).
 */
static void sync_one(struct inode *inode, int sync)
{
	RT_FRAME();
	for (;;) {
		RT_READ(&inode->i_state, "test I_LOCK");
		if (!(inode->i_state & I_LOCK))
			break;
		__iget(inode);
		spin_unlock(&inode_lock);
		wait_on_inode(inode);
		iput(inode);
		spin_lock(&inode_lock);
	}

	__sync_one(inode, sync);
}

/* fs/inode.c: sync_list() (2.4.26 line 370) — entry: inode_lock held; exit: held */
static void sync_list(struct list_head *head)
{
	RT_FRAME();
	struct list_head *tmp;

	for (;;) {
		RT_READ(I_LIST_OBJ, "list_empty s_dirty");
		tmp = head->prev;
		if (tmp == head)
			break;
		__sync_one(list_entry(tmp, struct inode, i_list), 0);
	}
}

/*
 * fs/inode.c: wait_on_locked() (2.4.26 line 378) — entry: inode_lock held;
 * exit: held (dropped while it waits).
 */
static void wait_on_locked(struct list_head *head)
{
	RT_FRAME();
	struct list_head *tmp;

	for (;;) {
		struct inode *inode;

		RT_READ(I_LIST_OBJ, "list_empty s_locked_inodes");
		tmp = head->prev;
		if (tmp == head)
			break;
		inode = list_entry(tmp, struct inode, i_list);
		__iget(inode);
		spin_unlock(&inode_lock);
		wait_on_inode(inode);
		iput(inode);
		spin_lock(&inode_lock);
	}
}

/* fs/inode.c: sync_inodes_sb() (2.4.26 line 414) — entry: inode_lock not held; exit: not held */
void sync_inodes_sb(struct super_block *sb)
{
	RT_FRAME();
	spin_lock(&inode_lock);
	for (;;) {
		RT_READ(I_LIST_OBJ, "list_empty s_dirty|s_locked_inodes");
		if (list_empty(&sb->s_dirty) && list_empty(&sb->s_locked_inodes))
			break;
		sync_list(&sb->s_dirty);
		wait_on_locked(&sb->s_locked_inodes);
	}
	spin_unlock(&inode_lock);
}

/*
 * fs/inode.c: write_inode_now() (2.4.26 line 537) — entry: inode_lock not
 * held; exit: not held.  Writes a dirty inode out; with sync, also waits
 * until nobody is writing it.
 */
void write_inode_now(struct inode *inode, int sync)
{
	RT_FRAME();
	struct super_block *sb;

	RT_READ(&inode->i_sb, "i_sb");
	sb = inode->i_sb;
	if (sb) {
		spin_lock(&inode_lock);
		for (;;) {
			RT_READ(&inode->i_state, "test I_DIRTY");
			if (!(inode->i_state & I_DIRTY))
				break;
			sync_one(inode, sync);
		}
		spin_unlock(&inode_lock);
		if (sync)
			wait_on_inode(inode);
	} else
		printk(KERN_ERR "write_inode_now: no super block\n");
}

/*
 * fs/inode.c: clear_inode() (2.4.26 line 617) — no lock.  Departs: no
 * buffers, pages, quota or block/char device to drop.
 */
void clear_inode(struct inode *inode)
{
	RT_FRAME();
	struct super_block *sb;

	RT_READ(&inode->i_state, "test I_FREEING|I_CLEAR");
	if (!(inode->i_state & I_FREEING))
		BUG();
	if (inode->i_state & I_CLEAR)
		BUG();
	wait_on_inode(inode);
	RT_READ(&inode->i_sb, "i_sb");
	sb = inode->i_sb;
	if (sb)
		RT_READ(&sb->s_op, "s_op");
	if (sb && sb->s_op && sb->s_op->clear_inode)
		sb->s_op->clear_inode(inode);
	RT_WRITE(&inode->i_state, "i_state = I_CLEAR");
	inode->i_state = I_CLEAR;
}

/* fs/inode.c: dispose_list() (2.4.26 line 644) — entry: inode_lock not held; exit: not held */
static void dispose_list(struct list_head *head)
{
	RT_FRAME();
	int nr_disposed = 0;

	/* head is the caller's, but not private: an iput() that finds an
	 * inode of it with MS_ACTIVE clear unlinks it under inode_lock,
	 * which this loop does not hold (the race of the null-deref) */
	while (RT_READ(I_LIST_OBJ, "list_empty dispose"), !list_empty(head)) {
		struct inode *inode = list_entry(head->next, struct inode, i_list);

		RT_LIST_WRITE(I_LIST_OBJ, &inode->i_list, "list_del i_list");
		list_del(&inode->i_list);

		clear_inode(inode);
		spin_lock(&inode_lock);
		RT_LIST_WRITE(inode_hashtable, &inode->i_hash, "list_del i_hash");
		list_del(&inode->i_hash);
		INIT_LIST_HEAD(&inode->i_hash);
		spin_unlock(&inode_lock);
		wake_up(&inode->i_wait);
		destroy_inode(inode);
		nr_disposed++;
	}
	spin_lock(&inode_lock);
	RT_WRITE(&inodes_stat.nr_inodes, "nr_inodes -= nr_disposed");
	inodes_stat.nr_inodes -= nr_disposed;
	spin_unlock(&inode_lock);
}

/*
 * vfsrace, not in 2.4.26: name a busy inode and the dentries that still
 * hold it, for the "Busy inodes after unmount" report (rt_note()).  Plain
 * reads, no scheduling point: the walk is atomic, as a debugging printk
 * under inode_lock would be, and the report names the state it saw.
 */
static void note_busy_inode(struct inode *inode)
{
	char held[128];
	size_t off = 0;
	struct list_head *p;

	held[0] = 0;
	for (p = inode->i_dentry.next; p != &inode->i_dentry && off < sizeof(held); p = p->next) {
		struct dentry *d = list_entry(p, struct dentry, d_alias);

		off += (size_t)snprintf(held + off, sizeof(held) - off, "%sdentry %s (d_count=%d)",
					off ? ", " : "", rt_obj_describe(d), d->d_count.counter);
	}
	rt_note("busy-inodes", "busy when invalidate_inodes() ran: %s (i_count=%d), %s%s",
		rt_obj_describe(inode), inode->i_count.counter,
		held[0] ? "held by " : "no dentry holds it", held);
}

/*
 * fs/inode.c: invalidate_list() (2.4.26 line 673) — entry: inode_lock held;
 * exit: held.  Moves sb's unused inodes to dispose; says whether a used one
 * was left.
 */
static int invalidate_list(struct list_head *head, struct super_block *sb,
			   struct list_head *dispose)
{
	RT_FRAME();
	struct list_head *next;
	int busy = 0, count = 0;

	RT_READ(I_LIST_OBJ, "walk i_list");
	next = head->next;
	for (;;) {
		struct list_head *tmp = next;
		struct inode *inode;

		next = next->next;
		if (tmp == head)
			break;
		inode = list_entry(tmp, struct inode, i_list);
		if (inode->i_sb != sb)
			continue;
		if (!atomic_read(&inode->i_count)) {
			RT_LIST_WRITE(inode_hashtable, &inode->i_hash, "list_del_init i_hash");
			list_del_init(&inode->i_hash);
			RT_LIST_WRITE(I_LIST_OBJ, &inode->i_list, "list_move i_list to dispose");
			list_del(&inode->i_list);
			list_add(&inode->i_list, dispose);
			RMW(inode->i_state, |, I_FREEING, "i_state |= I_FREEING");
			count++;
			continue;
		}
		note_busy_inode(inode);
		busy = 1;
	}
	/* only inodes on the unused lists have i_count 0 */
	RT_WRITE(&inodes_stat.nr_unused, "inodes nr_unused -= count");
	inodes_stat.nr_unused -= count;
	return busy;
}

/*
 * fs/inode.c: invalidate_inodes() (2.4.26 line 722) — entry: inode_lock not
 * held; exit: not held.  Returns non-zero when a busy inode of sb remains.
 * Departs: inode_unused_pagecache is not modelled (no page cache).
 */
int invalidate_inodes(struct super_block *sb)
{
	RT_FRAME();
	int busy;
	struct list_head throw_away;

	INIT_LIST_HEAD(&throw_away);
	spin_lock(&inode_lock);
	busy = invalidate_list(&inode_in_use, sb, &throw_away);
	busy |= invalidate_list(&inode_unused, sb, &throw_away);
	busy |= invalidate_list(&sb->s_dirty, sb, &throw_away);
	busy |= invalidate_list(&sb->s_locked_inodes, sb, &throw_away);
	spin_unlock(&inode_lock);

	dispose_list(&throw_away);

	return busy;
}

/*
 * fs/inode.c: prune_icache() (2.4.26 line 790) — entry: inode_lock not
 * held; exit: not held.  Departs: CAN_UNUSE() reduces to i_state == 0 (no
 * pages or buffers); the unused_inodes_flush_task and the CONFIG_HIGHMEM
 * tail are left out.
 */
void prune_icache(int goal)
{
	RT_FRAME();
	struct list_head list;
	struct list_head *entry, *freeable = &list;
	int count;
	struct inode *inode;

	INIT_LIST_HEAD(&list);
	spin_lock(&inode_lock);

	count = 0;
	RT_READ(I_LIST_OBJ, "walk inode_unused");
	entry = inode_unused.prev;
	while (entry != &inode_unused) {
		struct list_head *tmp = entry;

		entry = entry->prev;
		inode = list_entry(tmp, struct inode, i_list);
		RT_READ(&inode->i_state, "test I_FREEING|I_CLEAR|I_LOCK");
		if (inode->i_state & (I_FREEING | I_CLEAR | I_LOCK))
			continue;
		if (inode->i_state != 0)
			continue;
		if (atomic_read(&inode->i_count))
			continue;
		RT_LIST_WRITE(I_LIST_OBJ, tmp, "list_move i_list to freeable");
		list_del(tmp);
		list_add(tmp, freeable);
		RMW(inode->i_state, |, I_FREEING, "i_state |= I_FREEING");
		count++;
		if (--goal <= 0)
			break;
	}
	RT_WRITE(&inodes_stat.nr_unused, "inodes nr_unused -= count");
	inodes_stat.nr_unused -= count;
	spin_unlock(&inode_lock);

	dispose_list(freeable);
}

/* fs/inode.c: shrink_icache_memory() (2.4.26 line 901) — entry: no lock; exit: no lock */
int shrink_icache_memory(int priority, int gfp_mask)
{
	RT_FRAME();
	int count = 0;

	/* Do not recurse into a filesystem that may hold its own locks. */
	if (!(gfp_mask & __GFP_FS))
		return 0;

	/* No inode_lock: an estimate, as in shrink_dcache_memory(); prune_icache()
	 * walks inode_unused under the lock.  An accepted race. */
	RT_READ_RACY(&inodes_stat.nr_unused, "read inodes nr_unused");
	count = inodes_stat.nr_unused / priority;

	prune_icache(count);
	return 0;
}

static struct list_head *hash(struct super_block *sb, unsigned long i_ino)
{
	unsigned long tmp = i_ino + ((unsigned long)sb / L1_CACHE_BYTES);

	tmp = tmp + (tmp >> I_HASHBITS);
	return inode_hashtable + (tmp & I_HASHMASK);
}

/*
 * fs/inode.c: find_inode() (2.4.26 line 927) — entry: inode_lock held;
 * exit: held (dropped meanwhile when it met a dying inode).  Departs: a
 * dying inode is waited for by dropping the lock and yielding, since
 * __wait_on_freeing_inode() sleeps on a queue inside the inode being freed.
 */
static struct inode *find_inode(struct super_block *sb, unsigned long ino, struct list_head *head)
{
	RT_FRAME();
	struct list_head *tmp;
	struct inode *inode;

repeat:
	RT_READ(inode_hashtable, "walk i_hash");
	tmp = head;
	for (;;) {
		tmp = tmp->next;
		inode = NULL;
		if (tmp == head)
			break;
		inode = list_entry(tmp, struct inode, i_hash);
		if (inode->i_ino != ino)
			continue;
		if (inode->i_sb != sb)
			continue;
		RT_READ(&inode->i_state, "test I_FREEING|I_CLEAR");
		if (inode->i_state & (I_FREEING | I_CLEAR)) {
			spin_unlock(&inode_lock);
			yield();
			spin_lock(&inode_lock);
			goto repeat;
		}
		break;
	}
	return inode;
}

/* Trace name of an inode, once its number is known. */
static void inode_name_for_trace(struct inode *inode)
{
	rt_obj_name(inode, "inode %lu", inode->i_ino);
}

/* fs/inode.c: new_inode() (2.4.26 line 962) — entry: inode_lock not held; exit: not held */
struct inode *new_inode(struct super_block *sb)
{
	RT_FRAME();
	struct inode *inode = alloc_inode(sb);

	if (inode) {
		spin_lock(&inode_lock);
		RT_WRITE(&inodes_stat.nr_inodes, "nr_inodes++");
		inodes_stat.nr_inodes++;
		RT_LIST_WRITE(I_LIST_OBJ, &inode->i_list, "list_add i_list inode_in_use");
		list_add(&inode->i_list, &inode_in_use);
		inode->i_ino = ++last_ino;
		inode->i_state = 0;
		inode_name_for_trace(inode);
		spin_unlock(&inode_lock);
	}
	return inode;
}

/* fs/inode.c: unlock_new_inode() (2.4.26 line 981) — no lock, as 2.4.26 */
static void unlock_new_inode(struct inode *inode)
{
	RT_FRAME();
	RMW(inode->i_state, &, ~(I_LOCK | I_NEW), "i_state &= ~(I_LOCK|I_NEW)");
	wake_up(&inode->i_wait);
}

/* fs/inode.c: get_new_inode() (2.4.26 line 1001) — entry: inode_lock not held; exit: not held */
static struct inode *get_new_inode(struct super_block *sb, unsigned long ino,
				   struct list_head *head)
{
	RT_FRAME();
	struct inode *inode = alloc_inode(sb);

	if (inode) {
		struct inode *old;

		spin_lock(&inode_lock);
		/* the lock was dropped: somebody may have added it meanwhile */
		old = find_inode(sb, ino, head);
		if (!old) {
			RT_WRITE(&inodes_stat.nr_inodes, "nr_inodes++");
			inodes_stat.nr_inodes++;
			RT_LIST_WRITE(I_LIST_OBJ, &inode->i_list, "list_add i_list inode_in_use");
			list_add(&inode->i_list, &inode_in_use);
			RT_LIST_WRITE(inode_hashtable, &inode->i_hash, "list_add i_hash");
			list_add(&inode->i_hash, head);
			inode->i_ino = ino;
			inode->i_state = I_LOCK | I_NEW;
			inode_name_for_trace(inode);
			spin_unlock(&inode_lock);
			return inode;
		}

		/* Lost the race: use the other thread's inode. */
		__iget(old);
		spin_unlock(&inode_lock);
		destroy_inode(inode);
		inode = old;
		wait_on_inode(inode);
	}
	return inode;
}

/* fs/inode.c: iget4_locked() (2.4.26 line 1134) — entry: inode_lock not held; exit: not held */
static struct inode *iget4_locked(struct super_block *sb, unsigned long ino)
{
	RT_FRAME();
	struct list_head *head = hash(sb, ino);
	struct inode *inode;

	spin_lock(&inode_lock);
	inode = find_inode(sb, ino, head);
	if (inode) {
		__iget(inode);
		spin_unlock(&inode_lock);
		wait_on_inode(inode);
		return inode;
	}
	spin_unlock(&inode_lock);

	return get_new_inode(sb, ino, head);
}

/* include/linux/fs.h: iget() (2.4.26 inline) — entry: no lock; exit: no lock */
struct inode *iget(struct super_block *sb, unsigned long ino)
{
	RT_FRAME();
	struct inode *inode = iget4_locked(sb, ino);

	if (inode) {
		RT_READ(&inode->i_state, "test I_NEW");
		if (inode->i_state & I_NEW) {
			RT_READ(&sb->s_op, "s_op");
			sb->s_op->read_inode(inode);
			unlock_new_inode(inode);
		}
	}
	return inode;
}

/* fs/inode.c: igrab() (2.4.26 line 1118) — entry: inode_lock not held; exit: not held */
struct inode *igrab(struct inode *inode)
{
	RT_FRAME();
	spin_lock(&inode_lock);
	RT_READ(&inode->i_state, "test I_FREEING");
	if (!(inode->i_state & I_FREEING))
		__iget(inode);
	else
		inode = NULL;
	spin_unlock(&inode_lock);
	return inode;
}

/* fs/inode.c: insert_inode_hash() (2.4.26 line 1164) — entry: inode_lock not held; exit: not held
 */
void insert_inode_hash(struct inode *inode)
{
	RT_FRAME();
	struct list_head *head = hash(inode->i_sb, inode->i_ino);

	spin_lock(&inode_lock);
	RT_LIST_WRITE(inode_hashtable, &inode->i_hash, "list_add i_hash");
	list_add(&inode->i_hash, head);
	spin_unlock(&inode_lock);
}

/* fs/inode.c: remove_inode_hash() (2.4.26 line 1181) — entry: inode_lock not held; exit: not held
 */
void remove_inode_hash(struct inode *inode)
{
	RT_FRAME();
	spin_lock(&inode_lock);
	RT_LIST_WRITE(inode_hashtable, &inode->i_hash, "list_del i_hash");
	list_del(&inode->i_hash);
	INIT_LIST_HEAD(&inode->i_hash);
	spin_unlock(&inode_lock);
}

/*
 * fs/inode.c: iput() (2.4.26 line 1197) — entry: inode_lock not held; exit:
 * not held.  Departs: no pages to truncate, no quota.
 */
void iput(struct inode *inode)
{
	RT_FRAME();
	if (inode) {
		struct super_block *sb;
		struct super_operations *op = NULL;

		RT_READ(&inode->i_sb, "i_sb");
		sb = inode->i_sb;
		RT_READ(&inode->i_state, "test I_CLEAR");
		if (inode->i_state == I_CLEAR)
			BUG();

		if (sb)
			RT_READ(&sb->s_op, "s_op");
		if (sb && sb->s_op)
			op = sb->s_op;
		if (op && op->put_inode)
			op->put_inode(inode);

		if (!atomic_dec_and_lock(&inode->i_count, &inode_lock))
			return;

		RT_READ(&inode->i_nlink, "read i_nlink");
		if (!inode->i_nlink) {
			RT_LIST_WRITE(I_LIST_OBJ, &inode->i_list, "list_del_init i_list");
			list_del(&inode->i_list);
			INIT_LIST_HEAD(&inode->i_list);
			RMW(inode->i_state, |, I_FREEING, "i_state |= I_FREEING");
			RT_WRITE(&inodes_stat.nr_inodes, "nr_inodes--");
			inodes_stat.nr_inodes--;
			spin_unlock(&inode_lock);

			if (op && op->delete_inode)
				op->delete_inode(inode); /* calls clear_inode() itself */
			else
				clear_inode(inode);
			spin_lock(&inode_lock);
			RT_LIST_WRITE(inode_hashtable, &inode->i_hash, "list_del i_hash");
			list_del(&inode->i_hash);
			INIT_LIST_HEAD(&inode->i_hash);
			spin_unlock(&inode_lock);
			wake_up(&inode->i_wait);
			RT_READ(&inode->i_state, "test I_CLEAR");
			if (inode->i_state != I_CLEAR)
				BUG();
		} else {
			RT_READ(inode_hashtable, "list_empty i_hash");
			if (!list_empty(&inode->i_hash)) {
				RT_READ(&inode->i_state, "test I_DIRTY|I_LOCK");
				if (!(inode->i_state & (I_DIRTY | I_LOCK)))
					__refile_inode(inode);
				RT_WRITE(&inodes_stat.nr_unused, "inodes nr_unused++");
				inodes_stat.nr_unused++;
				spin_unlock(&inode_lock);
				if (!sb)
					return;
				RT_READ(&sb->s_flags, "test MS_ACTIVE");
				if (sb->s_flags & MS_ACTIVE)
					return;
				write_inode_now(inode, 1);
				spin_lock(&inode_lock);
				RT_WRITE(&inodes_stat.nr_unused, "inodes nr_unused--");
				inodes_stat.nr_unused--;
				RT_LIST_WRITE(inode_hashtable, &inode->i_hash,
					      "list_del_init i_hash");
				list_del_init(&inode->i_hash);
			}
			RT_LIST_WRITE(I_LIST_OBJ, &inode->i_list, "list_del_init i_list");
			list_del_init(&inode->i_list);
			RMW(inode->i_state, |, I_FREEING, "i_state |= I_FREEING");
			RT_WRITE(&inodes_stat.nr_inodes, "nr_inodes--");
			inodes_stat.nr_inodes--;
			spin_unlock(&inode_lock);
			clear_inode(inode);
		}
		destroy_inode(inode);
	}
}

/*
 * fs/inode.c: inode_init() (2.4.26 line 1297) — boot time.  Departs: a fixed
 * 64-chain table; also (re)initialises what 2.4.26 initialises statically.
 */
void inode_init(void)
{
	RT_FRAME();
	unsigned int i;

	INIT_LIST_HEAD(&inode_in_use);
	INIT_LIST_HEAD(&inode_unused);
	for (i = 0; i < I_HASHSIZE; i++)
		INIT_LIST_HEAD(&inode_hashtable[i]);
	spin_lock_init(&inode_lock);
	memset(&inodes_stat, 0, sizeof(inodes_stat));
	rt_kmem_cache_init(&inode_cachep, "inode_cache", sizeof(struct inode));
	last_ino = 0;
}
