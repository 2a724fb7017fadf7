/*
 * kernel/dcache_korotaev.h - Kirill Korotaev's dcache_shrinker (the
 * korotaev fix variant), between fs/dcache.c and dcache_korotaev.c only.
 *
 * Source: "[PATCH] Fix of dcache race leading to busy inodes on umount",
 * <42822A2A.6000909@sw.ru> (May 2005); the text read is his 2.6.15 version
 * <4410199D.1050505@sw.ru>.  A dentry that only a dying child still pins
 * is recorded on its super_block's s_dshrinkers list from before
 * dentry_iput() drops dcache_lock until the child's reference is dropped;
 * umount waits while the list is not empty.
 */
#ifndef VFSRACE_KERNEL_DCACHE_KOROTAEV_H
#define VFSRACE_KERNEL_DCACHE_KOROTAEV_H

#include <vfsrace/linux/list.h>

struct dentry;
struct super_block;

/*
 * A record that `dentry' is pinned only by a child on its way out.  sb is
 * kept so the record can be unlinked without reading the dentry, which
 * may be gone by then (the patch reads dentry->d_sb once).
 */
struct dcache_shrinker {
	struct list_head list;
	struct dentry *dentry;
	struct super_block *sb;
};

/* dcache_lock held on entry and exit; add records dentry's parent */
void dcache_shrinker_add(struct dcache_shrinker *ds, struct dentry *dentry);
void dcache_shrinker_del(struct dcache_shrinker *ds);
void shrink_dcache_racecheck(struct dentry *parent, int *racecheck);

/*
 * The patch's dput_recursive(parent, ds): prune_one_dentry() hands its
 * record to the dput() it calls next on the same thread, which takes it
 * on entry (NULL when nothing was handed over).
 */
void dcache_shrinker_handover(struct dcache_shrinker *ds);
struct dcache_shrinker *dcache_shrinker_take(void);

/* shrink_dcache_parent() as the patch rewrote it; no lock on entry or exit. */
void shrink_dcache_parent_korotaev(struct dentry *parent);

/* fs/dcache.c's select_parent(), which the patch calls with dcache_lock held. */
int select_parent(struct dentry *parent, int *retry);

/* dcache_init(): the wait queue and the handover start empty. */
void dcache_korotaev_init(void);

#endif
