/*
 * dcache.c - port of Linux 2.4.26 fs/dcache.c: dentry lifetime, the unused
 * list and its shrinkers, on the vfsrace runtime.
 *
 * Every function keeps the kernel's name, control flow, lock order and list
 * moves.  Plain accesses to shared state are preceded by an access marker
 * (RT_READ/RT_WRITE) naming the list or field; which objects stand for
 * which lists is listed in docs/port-map.md.  The fix variants are checked
 * where their patches changed the code, each under a comment naming it.
 */
#include <stdio.h>
#include <string.h>

#include <vfsrace/linux/kernel.h>
#include <vfsrace/linux/slab.h>
#include <vfsrace/rt_sched.h>
#include <vfsrace/rt_slab.h>

#include "kernel/dcache.h"
#include "kernel/dcache_korotaev.h"
#include "kernel/errno.h"
#include "kernel/fix.h"
#include "kernel/fs.h"
#include "kernel/rmw.h"
#include "vfsrace/rt_frame.h"

spinlock_t dcache_lock;
struct list_head dentry_unused;
struct dentry_stat_t dentry_stat;
struct semaphore dcache_lru_sem;

static kmem_cache_t dentry_cache;

/* 2.4.26 sizes the table from memory; a model needs only a few chains. */
#define D_HASHBITS     6
#define D_HASHSIZE     (1u << D_HASHBITS)
#define D_HASHMASK     (D_HASHSIZE - 1)
#define L1_CACHE_BYTES 64
static struct list_head dentry_hashtable[D_HASHSIZE];

static struct list_head *d_hash(struct dentry *parent, unsigned long hash)
{
	hash += (unsigned long)parent / L1_CACHE_BYTES;
	hash = hash ^ (hash >> D_HASHBITS);
	return dentry_hashtable + (hash & D_HASHMASK);
}

/* The chain a hashed dentry sits on: the object its d_hash markers name. */
static struct list_head *d_hash_chain(struct dentry *dentry)
{
	return d_hash(dentry->d_parent, dentry->d_name.hash);
}

/* The list a dentry's d_child is on: the object its d_child markers name. */
static struct list_head *d_child_list(struct dentry *dentry)
{
	return &dentry->d_parent->d_subdirs;
}

/* Path-like trace name: "/" for a root, "foo", "foo/bar", "foo/" for a dir. */
static void dentry_name_for_trace(struct dentry *dentry, int is_dir)
{
	const struct dentry *chain[16];
	char path[256];
	int n = 0;
	size_t len = 0;
	const struct dentry *d;

	for (d = dentry; d && !IS_ROOT(d) && n < 16; d = d->d_parent)
		chain[n++] = d;
	if (n == 0) {
		rt_obj_name(dentry, "/");
		return;
	}
	path[0] = '\0';
	while (n-- > 0) {
		int w = snprintf(path + len, sizeof(path) - len, "%s%s", len ? "/" : "",
				 (const char *)chain[n]->d_name.name);

		if (w < 0 || (size_t)w >= sizeof(path) - len)
			break;
		len += (size_t)w;
	}
	rt_obj_name(dentry, "%s%s", path, is_dir ? "/" : "");
}

/* fs/dcache.c: d_free() (2.4.26 line 59) — entry: dcache_lock not held; exit: not held */
static void d_free(struct dentry *dentry)
{
	RT_FRAME();
	RT_READ(&dentry->d_op, "d_op");
	if (dentry->d_op && dentry->d_op->d_release)
		dentry->d_op->d_release(dentry);
	if (dentry->d_name.name != dentry->d_iname)
		kfree((void *)dentry->d_name.name);
	kmem_cache_free(&dentry_cache, dentry);
	/* no lock: kswapd and umount may both be here, a count can be lost */
	RMW(dentry_stat.nr_dentry, -, 1, "nr_dentry--");
}

/* fs/dcache.c: dentry_iput() (2.4.26 line 74) — entry: dcache_lock held; exit: not held */
static void dentry_iput(struct dentry *dentry)
{
	RT_FRAME();
	struct inode *inode;

	RT_READ(&dentry->d_inode, "read d_inode");
	inode = dentry->d_inode;
	if (inode) {
		RT_WRITE(&dentry->d_inode, "d_inode = NULL");
		dentry->d_inode = NULL;
		RT_LIST_WRITE(&inode->i_dentry, &dentry->d_alias, "list_del_init d_alias");
		list_del_init(&dentry->d_alias);
		spin_unlock(&dcache_lock);
		RT_READ(&dentry->d_op, "d_op");
		if (dentry->d_op && dentry->d_op->d_iput)
			dentry->d_op->d_iput(dentry, inode);
		else
			iput(inode);
	} else
		spin_unlock(&dcache_lock);
}

/* include/linux/dcache.h: dget() (2.4.26 inline) — dcache_lock: any; unchanged */
struct dentry *dget(struct dentry *dentry)
{
	RT_FRAME();
	if (dentry) {
		if (!atomic_read(&dentry->d_count))
			BUG();
		atomic_inc(&dentry->d_count);
	}
	return dentry;
}

/*
 * fs/dcache.c: dput() (2.4.26 line 118) — entry: dcache_lock not held; exit:
 * not held.  Under korotaev this is the patch's dput_recursive(): the
 * parent's count drops under dcache_lock and the kill path records the
 * parent it still pins.
 */
void dput(struct dentry *dentry)
{
	RT_FRAME();
	struct dcache_shrinker *ds = dcache_shrinker_take();

	if (!dentry)
		return;

repeat:
	if (!atomic_dec_and_lock(&dentry->d_count, &dcache_lock))
		return;
	/* korotaev: the parent lost its last pin, so its record goes */
	dcache_shrinker_del(ds);
	ds = NULL;

last_reference_locked:
	RT_READ(&dentry_unused, "list_empty d_lru");
	if (!list_empty(&dentry->d_lru))
		BUG();
	RT_READ(&dentry->d_op, "d_op");
	if (dentry->d_op && dentry->d_op->d_delete) {
		if (dentry->d_op->d_delete(dentry))
			goto unhash_it;
	}
	/* An unhashed dentry can never be found again: free it now. */
	RT_READ(d_hash_chain(dentry), "list_empty d_hash");
	if (list_empty(&dentry->d_hash))
		goto kill_it;
	RT_LIST_WRITE(&dentry_unused, &dentry->d_lru, "list_add d_lru");
	list_add(&dentry->d_lru, &dentry_unused);
	RT_WRITE(&dentry_stat.nr_unused, "nr_unused++");
	dentry_stat.nr_unused++;
	spin_unlock(&dcache_lock);
	return;

unhash_it:
	RT_LIST_WRITE(d_hash_chain(dentry), &dentry->d_hash, "list_del_init d_hash");
	list_del_init(&dentry->d_hash);

kill_it : {
	struct dentry *parent;
	struct dcache_shrinker lds;

	RT_LIST_WRITE(d_child_list(dentry), &dentry->d_child, "list_del d_child");
	list_del(&dentry->d_child);
	/* korotaev: until the dput below, only this dying child pins parent */
	if (vfs_fix == VFS_FIX_KOROTAEV)
		dcache_shrinker_add(&lds, dentry);
	/* dentry_iput() drops dcache_lock; nobody can reach dentry now */
	dentry_iput(dentry);
	RT_READ(&dentry->d_parent, "d_parent");
	parent = dentry->d_parent;
	d_free(dentry);
	/* korotaev: drop the parent's count under dcache_lock, then unpin */
	if (vfs_fix == VFS_FIX_KOROTAEV) {
		spin_lock(&dcache_lock);
		dcache_shrinker_del(&lds);
		if (dentry == parent) {
			spin_unlock(&dcache_lock);
			return;
		}
		dentry = parent;
		if (atomic_dec_and_test(&dentry->d_count))
			goto last_reference_locked;
		spin_unlock(&dcache_lock);
		return;
	}
	if (dentry == parent)
		return;
	dentry = parent;
	goto repeat;
}
}

/* fs/dcache.c: d_invalidate() (2.4.26 line 174) — entry: dcache_lock not held; exit: not held */
int d_invalidate(struct dentry *dentry)
{
	RT_FRAME();
	spin_lock(&dcache_lock);
	RT_READ(d_hash_chain(dentry), "list_empty d_hash");
	if (list_empty(&dentry->d_hash)) {
		spin_unlock(&dcache_lock);
		return 0;
	}
	RT_READ(&dentry->d_subdirs, "list_empty d_subdirs");
	if (!list_empty(&dentry->d_subdirs)) {
		spin_unlock(&dcache_lock);
		shrink_dcache_parent(dentry);
		spin_lock(&dcache_lock);
	}

	/* A busy directory stays: someone could populate it again. */
	if (atomic_read(&dentry->d_count) > 1) {
		RT_READ(&dentry->d_inode, "read d_inode");
		if (dentry->d_inode && S_ISDIR(dentry->d_inode->i_mode)) {
			spin_unlock(&dcache_lock);
			return -EBUSY;
		}
	}

	RT_LIST_WRITE(d_hash_chain(dentry), &dentry->d_hash, "list_del_init d_hash");
	list_del_init(&dentry->d_hash);
	spin_unlock(&dcache_lock);
	return 0;
}

/* fs/dcache.c: __dget_locked() (2.4.26 line 218) — entry: dcache_lock held; exit: held */
static struct dentry *__dget_locked(struct dentry *dentry)
{
	RT_FRAME();
	atomic_inc(&dentry->d_count);
	if (atomic_read(&dentry->d_count) == 1) {
		RT_WRITE(&dentry_stat.nr_unused, "nr_unused--");
		dentry_stat.nr_unused--;
		RT_LIST_WRITE(&dentry_unused, &dentry->d_lru, "list_del_init d_lru");
		list_del_init(&dentry->d_lru);
	}
	return dentry;
}

/* fs/dcache.c: dget_locked() (2.4.26 line 228) — entry: dcache_lock held; exit: held */
struct dentry *dget_locked(struct dentry *dentry)
{
	RT_FRAME();
	return __dget_locked(dentry);
}

/*
 * fs/dcache.c: prune_one_dentry() (2.4.26 line 294) — entry: dcache_lock
 * held, the dentry already off dentry_unused; drops it; exit: held again.
 */
static void prune_one_dentry(struct dentry *dentry)
{
	RT_FRAME();
	struct dentry *parent;
	struct dcache_shrinker ds;

	RT_LIST_WRITE(d_hash_chain(dentry), &dentry->d_hash, "list_del_init d_hash");
	list_del_init(&dentry->d_hash);
	RT_LIST_WRITE(d_child_list(dentry), &dentry->d_child, "list_del d_child");
	list_del(&dentry->d_child);
	/* korotaev: record the parent this dying dentry alone may still pin */
	if (vfs_fix == VFS_FIX_KOROTAEV)
		dcache_shrinker_add(&ds, dentry);
	dentry_iput(dentry);
	RT_READ(&dentry->d_parent, "d_parent");
	parent = dentry->d_parent;
	d_free(dentry);
	if (parent != dentry) {
		/* korotaev: dput_recursive(parent, &ds) */
		if (vfs_fix == VFS_FIX_KOROTAEV)
			dcache_shrinker_handover(&ds);
		dput(parent);
	}
	spin_lock(&dcache_lock);
	/* korotaev: unpin, if dput() did not find the last reference */
	if (vfs_fix == VFS_FIX_KOROTAEV)
		dcache_shrinker_del(&ds);
}

/*
 * mainline-s_umount: prune a dentry of another filesystem only while its
 * s_umount is read-held and s_root is still set.  Returns 1 when pruned
 * (dcache_lock held again), 0 when the dentry must be left (lock held).
 */
static int prune_one_dentry_s_umount(struct dentry *dentry, struct super_block *sb)
{
	struct super_block *dsb;
	/* a local copy: dentry is freed by the time up_read() runs */
	struct rw_semaphore *s_umount;
	struct dentry *root;

	RT_READ(&dentry->d_sb, "d_sb");
	dsb = dentry->d_sb;
	s_umount = &dsb->s_umount;
	if (sb && dsb == sb) {
		prune_one_dentry(dentry);
		return 1;
	}
	if (down_read_trylock(s_umount)) {
		RT_READ(&dsb->s_root, "read s_root");
		root = dsb->s_root;
		if (root != NULL) {
			prune_one_dentry(dentry);
			up_read(s_umount);
			return 1;
		}
		up_read(s_umount);
	}
	return 0;
}

/*
 * fs/dcache.c: prune_dcache() (2.4.26 line 321) — entry: dcache_lock not
 * held; exit: not held.  Departs: takes the super_block argument of the
 * 2.6.18 fix in every variant; only mainline-s_umount reads it.
 */
void prune_dcache(int count, struct super_block *sb)
{
	RT_FRAME();
	spin_lock(&dcache_lock);
	for (;;) {
		struct dentry *dentry;
		struct list_head *tmp;

		RT_READ(&dentry_unused, "read dentry_unused.prev");
		tmp = dentry_unused.prev;
		/* mainline-s_umount: look a little way up the list for sb's dentries */
		if (vfs_fix == VFS_FIX_MAINLINE_S_UMOUNT && sb) {
			int skip = count;

			while (skip && tmp != &dentry_unused &&
			       list_entry(tmp, struct dentry, d_lru)->d_sb != sb) {
				skip--;
				RT_READ(&dentry_unused, "walk d_lru");
				tmp = tmp->prev;
			}
		}

		if (tmp == &dentry_unused)
			break;
		RT_LIST_WRITE(&dentry_unused, tmp, "list_del_init d_lru");
		list_del_init(tmp);
		dentry = list_entry(tmp, struct dentry, d_lru);

		/* Recently used: clear the mark and give it another round. */
		RT_READ(&dentry->d_vfs_flags, "test DCACHE_REFERENCED");
		if (dentry->d_vfs_flags & DCACHE_REFERENCED) {
			RT_WRITE(&dentry->d_vfs_flags, "d_vfs_flags &= ~DCACHE_REFERENCED");
			dentry->d_vfs_flags &= ~DCACHE_REFERENCED;
			RT_LIST_WRITE(&dentry_unused, &dentry->d_lru, "list_add d_lru");
			list_add(&dentry->d_lru, &dentry_unused);
			continue;
		}
		RT_WRITE(&dentry_stat.nr_unused, "nr_unused--");
		dentry_stat.nr_unused--;

		if (atomic_read(&dentry->d_count))
			BUG();

		/* mainline-s_umount: give up on a dentry of a dying filesystem */
		if (vfs_fix == VFS_FIX_MAINLINE_S_UMOUNT) {
			if (!prune_one_dentry_s_umount(dentry, sb))
				break;
		} else
			prune_one_dentry(dentry);
		if (!--count)
			break;
	}
	spin_unlock(&dcache_lock);
}

/*
 * fs/dcache.c: shrink_dcache_sb() (2.4.26 line 376) — entry: dcache_lock not
 * held; exit: not held.  Two passes: move sb's dentries to the head of
 * dentry_unused, then free them from there.
 */
void shrink_dcache_sb(struct super_block *sb)
{
	RT_FRAME();
	struct list_head *tmp, *next;
	struct dentry *dentry;

	/* moestl-semaphore: the whole function runs under dcache_lru_sem */
	if (vfs_fix == VFS_FIX_MOESTL_SEMAPHORE)
		down(&dcache_lru_sem);

	spin_lock(&dcache_lock);
	RT_READ(&dentry_unused, "walk d_lru");
	next = dentry_unused.next;
	while (next != &dentry_unused) {
		tmp = next;
		next = tmp->next;
		dentry = list_entry(tmp, struct dentry, d_lru);
		if (dentry->d_sb != sb)
			continue;
		RT_LIST_WRITE(&dentry_unused, tmp, "list_move d_lru to head");
		list_del(tmp);
		list_add(tmp, &dentry_unused);
	}

repeat:
	RT_READ(&dentry_unused, "walk d_lru");
	next = dentry_unused.next;
	while (next != &dentry_unused) {
		tmp = next;
		next = tmp->next;
		dentry = list_entry(tmp, struct dentry, d_lru);
		if (dentry->d_sb != sb)
			continue;
		if (atomic_read(&dentry->d_count))
			continue;
		RT_WRITE(&dentry_stat.nr_unused, "nr_unused--");
		dentry_stat.nr_unused--;
		RT_LIST_WRITE(&dentry_unused, tmp, "list_del_init d_lru");
		list_del_init(tmp);
		prune_one_dentry(dentry);
		goto repeat;
	}
	spin_unlock(&dcache_lock);

	/* moestl-semaphore */
	if (vfs_fix == VFS_FIX_MOESTL_SEMAPHORE)
		up(&dcache_lru_sem);
}

/* fs/dcache.c: have_submounts() (2.4.26 line 432) — entry: dcache_lock not held; exit: not held */
int have_submounts(struct dentry *parent)
{
	RT_FRAME();
	struct dentry *this_parent = parent;
	struct list_head *next;

	spin_lock(&dcache_lock);
	if (d_mountpoint(parent))
		goto positive;
repeat:
	RT_READ(&this_parent->d_subdirs, "walk d_subdirs");
	next = this_parent->d_subdirs.next;
resume:
	while (next != &this_parent->d_subdirs) {
		struct list_head *tmp = next;
		struct dentry *dentry = list_entry(tmp, struct dentry, d_child);

		next = tmp->next;
		if (d_mountpoint(dentry))
			goto positive;
		RT_READ(&dentry->d_subdirs, "list_empty d_subdirs");
		if (!list_empty(&dentry->d_subdirs)) {
			this_parent = dentry;
			goto repeat;
		}
	}
	/* This level is done: climb back and go on with the next sibling. */
	if (this_parent != parent) {
		RT_READ(&this_parent->d_parent->d_subdirs, "walk d_subdirs");
		next = this_parent->d_child.next;
		this_parent = this_parent->d_parent;
		goto resume;
	}
	spin_unlock(&dcache_lock);
	return 0;
positive:
	spin_unlock(&dcache_lock);
	return 1;
}

/*
 * fs/dcache.c: select_parent() (2.4.26 line 477) — entry: dcache_lock not
 * held; exit: not held.  Moves every unused dentry below parent to the
 * tail of dentry_unused and counts them.
 * korotaev: the caller holds dcache_lock across the call and, when retry
 * is given, learns whether a leaf seen before any find is pinned by a
 * dying child.  marcelo-retry: retry learns whether a used dentry was seen.
 */
int select_parent(struct dentry *parent, int *retry)
{
	RT_FRAME();
	struct dentry *this_parent = parent;
	struct list_head *next;
	int found = 0;
	/* korotaev: the patch moved the locking out to shrink_dcache_parent() */
	int own_lock = vfs_fix != VFS_FIX_KOROTAEV;

	if (own_lock)
		spin_lock(&dcache_lock);
repeat:
	RT_READ(&this_parent->d_subdirs, "walk d_subdirs");
	next = this_parent->d_subdirs.next;
resume:
	while (next != &this_parent->d_subdirs) {
		struct list_head *tmp = next;
		struct dentry *dentry = list_entry(tmp, struct dentry, d_child);

		next = tmp->next;
		if (!atomic_read(&dentry->d_count)) {
			RT_LIST_WRITE(&dentry_unused, &dentry->d_lru, "list_move d_lru to tail");
			list_del(&dentry->d_lru);
			list_add(&dentry->d_lru, dentry_unused.prev);
			found++;
		} else if (vfs_fix == VFS_FIX_MARCELO_RETRY && retry) {
			/* marcelo-retry: a used dentry: look again later */
			*retry = 1;
		}
		/* Go down a level when this one has children. */
		RT_READ(&dentry->d_subdirs, "list_empty d_subdirs");
		if (!list_empty(&dentry->d_subdirs)) {
			this_parent = dentry;
			goto repeat;
		}
		/* korotaev: is a dying child all that holds this leaf? */
		if (vfs_fix == VFS_FIX_KOROTAEV && !found && retry != NULL)
			shrink_dcache_racecheck(dentry, retry);
	}
	/* This level is done: climb back and go on with the next sibling. */
	if (this_parent != parent) {
		RT_READ(&this_parent->d_parent->d_subdirs, "walk d_subdirs");
		next = this_parent->d_child.next;
		this_parent = this_parent->d_parent;
		goto resume;
	}
	if (own_lock)
		spin_unlock(&dcache_lock);
	return found;
}

/*
 * marcelo-retry: is parent's filesystem being unmounted?  kill_super()
 * clears s_root before its shrink_dcache_parent(); only that caller is
 * made to wait for used dentries (d_invalidate() must not spin).
 */
static int called_from_kill_super(struct dentry *parent)
{
	struct super_block *sb;

	RT_READ(&parent->d_sb, "d_sb");
	sb = parent->d_sb;
	RT_READ(&sb->s_root, "read s_root");
	return sb->s_root == NULL;
}

/*
 * mainline-s_umount: shrink_dcache_parent() prunes on behalf of parent's
 * filesystem; the other variants' prune_dcache() ignores its sb argument,
 * so they pass NULL without reading d_sb.
 */
static struct super_block *prune_on_behalf_of(struct dentry *parent)
{
	if (vfs_fix != VFS_FIX_MAINLINE_S_UMOUNT)
		return NULL;
	RT_READ(&parent->d_sb, "d_sb");
	return parent->d_sb;
}

/* fs/dcache.c: shrink_dcache_parent() (2.4.26 line 531) — entry: dcache_lock not held; exit: not
 * held */
void shrink_dcache_parent(struct dentry *parent)
{
	RT_FRAME();
	int found;
	int used;
	int picky;

	/* korotaev */
	if (vfs_fix == VFS_FIX_KOROTAEV) {
		shrink_dcache_parent_korotaev(parent);
		return;
	}
	/* marcelo-retry */
	picky = vfs_fix == VFS_FIX_MARCELO_RETRY && called_from_kill_super(parent);
	/* moestl-semaphore: around the select/prune loop */
	if (vfs_fix == VFS_FIX_MOESTL_SEMAPHORE)
		down(&dcache_lru_sem);

	for (;;) {
		used = 0;
		found = select_parent(parent, picky ? &used : NULL);
		if (found) {
			prune_dcache(found, prune_on_behalf_of(parent));
			continue;
		}
		/* marcelo-retry: something below is still used: look again */
		if (!used)
			break;
		yield();
	}

	/* moestl-semaphore */
	if (vfs_fix == VFS_FIX_MOESTL_SEMAPHORE)
		up(&dcache_lru_sem);
}

/*
 * fs/dcache.c: shrink_dcache_memory() (2.4.26 line 550) — entry: dcache_lock
 * not held; exit: not held.  Departs: returns 0 where 2.4.26 returns
 * kmem_cache_shrink(dentry_cache), which frees no dentry.
 */
int shrink_dcache_memory(int priority, unsigned int gfp_mask)
{
	RT_FRAME();
	int count = 0;

	/* Do not recurse into a filesystem that may hold its own locks. */
	if (!(gfp_mask & __GFP_FS))
		return 0;

	/* moestl-semaphore: around the prune, after the __GFP_FS check */
	if (vfs_fix == VFS_FIX_MOESTL_SEMAPHORE)
		down(&dcache_lru_sem);

	/*
	 * No dcache_lock: 2.4.26 reads the count as an estimate of how much
	 * to prune; prune_dcache() walks the list under the lock and stops
	 * at its end whatever the count said.  An accepted race.
	 */
	RT_READ_RACY(&dentry_stat.nr_unused, "read nr_unused");
	count = dentry_stat.nr_unused / priority;

	/* mainline-s_umount: on behalf of no filesystem */
	prune_dcache(count, NULL);

	/* moestl-semaphore */
	if (vfs_fix == VFS_FIX_MOESTL_SEMAPHORE)
		up(&dcache_lru_sem);
	return 0;
}

/*
 * fs/dcache.c: d_alloc() (2.4.26 line 586) — entry: dcache_lock not held;
 * exit: not held.  The new dentry is private until it is linked on the
 * parent's d_subdirs, so its fields are set without markers.
 */
struct dentry *d_alloc(struct dentry *parent, const struct qstr *name)
{
	RT_FRAME();
	char *str;
	struct dentry *dentry;

	dentry = kmem_cache_alloc(&dentry_cache, GFP_KERNEL);
	if (!dentry)
		return NULL;

	if (name->len > DNAME_INLINE_LEN - 1) {
		str = kmalloc((name->len + 16) & ~15u, GFP_KERNEL);
		if (!str) {
			kmem_cache_free(&dentry_cache, dentry);
			return NULL;
		}
	} else
		str = (char *)dentry->d_iname;

	memcpy(str, name->name, name->len);
	str[name->len] = 0;

	/* replaces atomic_set(): unpublished object, named counter, negatives reported */
	rt_atomic_init(&dentry->d_count, 1, "d_count", true);
	dentry->d_vfs_flags = 0;
	dentry->d_flags = 0;
	dentry->d_inode = NULL;
	dentry->d_parent = NULL;
	dentry->d_sb = NULL;
	dentry->d_name.name = (const unsigned char *)str;
	dentry->d_name.len = name->len;
	dentry->d_name.hash = name->hash;
	dentry->d_op = NULL;
	dentry->d_fsdata = NULL;
	dentry->d_mounted = 0;
	INIT_LIST_HEAD(&dentry->d_hash);
	INIT_LIST_HEAD(&dentry->d_lru);
	INIT_LIST_HEAD(&dentry->d_subdirs);
	INIT_LIST_HEAD(&dentry->d_alias);
	if (parent) {
		dentry->d_parent = dget(parent);
		dentry->d_sb = parent->d_sb;
		dentry_name_for_trace(dentry, 0);
		spin_lock(&dcache_lock);
		RT_LIST_WRITE(&parent->d_subdirs, &dentry->d_child, "list_add d_child");
		list_add(&dentry->d_child, &parent->d_subdirs);
		spin_unlock(&dcache_lock);
	} else
		INIT_LIST_HEAD(&dentry->d_child);

	/* no lock, as in d_free() */
	RMW(dentry_stat.nr_dentry, +, 1, "nr_dentry++");
	return dentry;
}

/* fs/dcache.c: d_instantiate() (2.4.26 line 651) — entry: dcache_lock not held; exit: not held */
void d_instantiate(struct dentry *entry, struct inode *inode)
{
	RT_FRAME();
	if (!list_empty(&entry->d_alias))
		BUG();
	if (inode && S_ISDIR(inode->i_mode))
		dentry_name_for_trace(entry, 1);
	spin_lock(&dcache_lock);
	if (inode) {
		RT_LIST_WRITE(&inode->i_dentry, &entry->d_alias, "list_add d_alias");
		list_add(&entry->d_alias, &inode->i_dentry);
	}
	RT_WRITE(&entry->d_inode, "set d_inode");
	entry->d_inode = inode;
	spin_unlock(&dcache_lock);
}

/* fs/dcache.c: d_alloc_root() (2.4.26 line 670) — entry: dcache_lock not held; exit: not held */
struct dentry *d_alloc_root(struct inode *root_inode)
{
	RT_FRAME();
	struct dentry *res = NULL;

	if (root_inode) {
		static const struct qstr slash = {(const unsigned char *)"/", 1, 0};

		res = d_alloc(NULL, &slash);
		if (res) {
			res->d_sb = root_inode->i_sb;
			res->d_parent = res;
			rt_obj_name(res, "/");
			d_instantiate(res, root_inode);
		}
	}
	return res;
}

/* fs/dcache.c: d_lookup() (2.4.26 line 703) — entry: dcache_lock not held; exit: not held */
struct dentry *d_lookup(struct dentry *parent, struct qstr *name)
{
	RT_FRAME();
	unsigned int len = name->len;
	unsigned int hash = name->hash;
	const unsigned char *str = name->name;
	struct list_head *head = d_hash(parent, hash);
	struct list_head *tmp;

	spin_lock(&dcache_lock);
	RT_READ(head, "walk d_hash");
	tmp = head->next;
	for (;;) {
		struct dentry *dentry = list_entry(tmp, struct dentry, d_hash);

		if (tmp == head)
			break;
		tmp = tmp->next;
		if (dentry->d_name.hash != hash)
			continue;
		if (dentry->d_parent != parent)
			continue;
		if (dentry->d_name.len != len)
			continue;
		if (memcmp(dentry->d_name.name, str, len))
			continue;
		__dget_locked(dentry);
		RT_WRITE(&dentry->d_vfs_flags, "d_vfs_flags |= DCACHE_REFERENCED");
		dentry->d_vfs_flags |= DCACHE_REFERENCED;
		spin_unlock(&dcache_lock);
		return dentry;
	}
	spin_unlock(&dcache_lock);
	return NULL;
}

/* fs/dcache.c: d_delete() (2.4.26 line 807) — entry: dcache_lock not held; exit: not held */
void d_delete(struct dentry *dentry)
{
	RT_FRAME();
	/* The only user: keep the dentry as a negative one. */
	spin_lock(&dcache_lock);
	if (atomic_read(&dentry->d_count) == 1) {
		dentry_iput(dentry);
		return;
	}
	spin_unlock(&dcache_lock);

	/* Others still use it: unhash it and let the last dput() free it. */
	d_drop(dentry);
}

/* fs/dcache.c: d_rehash() (2.4.26 line 833) — entry: dcache_lock not held; exit: not held */
void d_rehash(struct dentry *entry)
{
	RT_FRAME();
	struct list_head *list = d_hash(entry->d_parent, entry->d_name.hash);

	if (!list_empty(&entry->d_hash))
		BUG();
	spin_lock(&dcache_lock);
	RT_LIST_WRITE(list, &entry->d_hash, "list_add d_hash");
	list_add(&entry->d_hash, list);
	spin_unlock(&dcache_lock);
}

/* include/linux/dcache.h: d_drop() (2.4.26 inline) — entry: dcache_lock not held; exit: not held */
void d_drop(struct dentry *dentry)
{
	RT_FRAME();
	spin_lock(&dcache_lock);
	RT_LIST_WRITE(d_hash_chain(dentry), &dentry->d_hash, "list_del d_hash");
	list_del(&dentry->d_hash);
	INIT_LIST_HEAD(&dentry->d_hash);
	spin_unlock(&dcache_lock);
}

/* include/linux/dcache.h: d_add() (2.4.26 inline) — entry: dcache_lock not held; exit: not held */
void d_add(struct dentry *entry, struct inode *inode)
{
	RT_FRAME();
	d_instantiate(entry, inode);
	d_rehash(entry);
}

/* include/linux/dcache.h: d_unhashed() (2.4.26 inline) — caller holds dcache_lock or owns entry */
int d_unhashed(struct dentry *dentry)
{
	RT_FRAME();
	RT_READ(d_hash_chain(dentry), "list_empty d_hash");
	return list_empty(&dentry->d_hash);
}

/* include/linux/dcache.h: d_mountpoint() (2.4.26 inline) — dcache_lock: any */
int d_mountpoint(struct dentry *dentry)
{
	RT_FRAME();
	RT_READ(&dentry->d_mounted, "read d_mounted");
	return dentry->d_mounted;
}

/*
 * fs/dcache.c: dcache_init() (2.4.26 line 1175) — boot time.  Departs: a
 * fixed 64-chain table; also (re)initialises what 2.4.26 initialises
 * statically, since every execution starts from here.
 */
void dcache_init(void)
{
	RT_FRAME();
	unsigned int i;

	spin_lock_init(&dcache_lock);
	INIT_LIST_HEAD(&dentry_unused);
	memset(&dentry_stat, 0, sizeof(dentry_stat));
	dentry_stat.age_limit = 45;
	rt_kmem_cache_init(&dentry_cache, "dentry_cache", sizeof(struct dentry));
	for (i = 0; i < D_HASHSIZE; i++)
		INIT_LIST_HEAD(&dentry_hashtable[i]);
	/* moestl-semaphore: initialised next to dentry_unused, as the patch does */
	sema_init(&dcache_lru_sem, 1);
	/* korotaev */
	dcache_korotaev_init();
}
