/*
 * dcache_korotaev.c - Kirill Korotaev's dcache_shrinker, carried back onto
 * 2.4.26 as the korotaev fix variant (kernel/dcache_korotaev.h).  Kept out
 * of dcache.c so that file reads as 2.4.26 plus the calls the patch adds;
 * docs/port-map.md says how the patch was read and adapted.
 */
#include <vfsrace/linux/kernel.h>
#include <vfsrace/linux/wait.h>
#include <vfsrace/rt_sched.h>
#include <vfsrace/rt_thread.h>

#include "kernel/dcache.h"
#include "kernel/dcache_korotaev.h"
#include "kernel/fs.h"

static wait_queue_head_t dcache_shrinker_wq;

/*
 * Stands in for the `ds' argument of the patch's dput_recursive():
 * prune_one_dentry() hands its record to the dput() it calls next on the
 * same thread, so traces keep the 2.4.26 name dput().  One slot per
 * controlled thread (slot 0: set-up code), cleared with the rest of the
 * model's state at each execution's set-up: a thread that Oopsed between
 * the two calls leaves nothing behind for the next execution.  (A
 * _Thread_local belonged to the pthread, which the pool reuses, and only
 * the set-up thread's copy was ever cleared.)
 */
static struct dcache_shrinker *dput_handover[RT_MAX_THREADS + 1];

static struct dcache_shrinker **handover_slot(void)
{
	return &dput_handover[rt_thread_self() + 1];
}

void dcache_shrinker_handover(struct dcache_shrinker *ds)
{
	*handover_slot() = ds;
}

struct dcache_shrinker *dcache_shrinker_take(void)
{
	struct dcache_shrinker *ds = *handover_slot();

	*handover_slot() = NULL;
	return ds;
}

/*
 * dcache_shrinker_add() — entry: dcache_lock held; exit: held.  Records
 * the parent of a dentry that prune_one_dentry() or dput() is killing.
 */
void dcache_shrinker_add(struct dcache_shrinker *ds, struct dentry *dentry)
{
	struct dentry *parent;
	struct super_block *sb;

	RT_READ(&dentry->d_parent, "d_parent");
	parent = dentry->d_parent;
	RT_READ(&parent->d_sb, "d_sb");
	sb = parent->d_sb;

	ds->dentry = parent;
	ds->sb = sb;
	RT_LIST_WRITE(&sb->s_dshrinkers, &ds->list, "list_add dcache_shrinker");
	list_add(&ds->list, &sb->s_dshrinkers);
}

/* dcache_shrinker_del() — entry: dcache_lock held; exit: held */
void dcache_shrinker_del(struct dcache_shrinker *ds)
{
	if (ds == NULL)
		return;
	RT_READ(&ds->list, "list_empty dcache_shrinker");
	if (list_empty(&ds->list))
		return;
	RT_LIST_WRITE(&ds->sb->s_dshrinkers, &ds->list, "list_del_init dcache_shrinker");
	list_del_init(&ds->list);
	wake_up(&dcache_shrinker_wq);
}

/* the wait condition, read without dcache_lock as wait_event() does. */
static int dcache_shrinkers_idle(struct super_block *sb)
{
	RT_READ(&sb->s_dshrinkers, "list_empty s_dshrinkers");
	return list_empty(&sb->s_dshrinkers);
}

/*
 * dcache_shrinker_wait() — entry: dcache_lock held; exit: not held.
 * Departs: the patch queues itself before dropping dcache_lock and sleeps
 * until the next dcache_shrinker_del(); wait_event() cannot queue under a
 * spinlock, so this waits for the sb's list to empty, which its callers
 * then re-check anyway.
 */
static void dcache_shrinker_wait(struct super_block *sb)
{
	spin_unlock(&dcache_lock);
	wait_event(dcache_shrinker_wq, dcache_shrinkers_idle(sb));
}

/* dcache_shrinker_wait_sb() — entry: dcache_lock not held; exit: not held */
void dcache_shrinker_wait_sb(struct super_block *sb)
{
	spin_lock(&dcache_lock);
	for (;;) {
		RT_READ(&sb->s_dshrinkers, "list_empty s_dshrinkers");
		if (list_empty(&sb->s_dshrinkers))
			break;
		dcache_shrinker_wait(sb);
		spin_lock(&dcache_lock);
	}
	spin_unlock(&dcache_lock);
}

/* shrink_dcache_racecheck() — entry: dcache_lock held; exit: held */
void shrink_dcache_racecheck(struct dentry *parent, int *racecheck)
{
	struct super_block *sb;
	struct list_head *p;

	RT_READ(&parent->d_sb, "d_sb");
	sb = parent->d_sb;
	RT_READ(&sb->s_dshrinkers, "walk s_dshrinkers");
	list_for_each(p, &sb->s_dshrinkers)
	{
		struct dcache_shrinker *ds = list_entry(p, struct dcache_shrinker, list);

		if (ds->dentry == parent) {
			*racecheck = 1;
			break;
		}
	}
}

/*
 * shrink_dcache_parent() as the patch rewrote it — entry:
 * dcache_lock not held; exit: not held.  When nothing is left to select,
 * a second pass checks for leaves pinned by a dying child and waits for
 * them before looking again.
 */
void shrink_dcache_parent_korotaev(struct dentry *parent)
{
	int found, r;

	for (;;) {
		spin_lock(&dcache_lock);
		found = select_parent(parent, NULL);
		if (found)
			goto found;
		r = 0;
		found = select_parent(parent, &r);
		if (found)
			goto found;
		if (!r)
			break;
		RT_READ(&parent->d_sb, "d_sb");
		dcache_shrinker_wait(parent->d_sb);
		continue;
	found:
		spin_unlock(&dcache_lock);
		/* the patch's prune_dcache(found): no super_block to prune for */
		prune_dcache(found, NULL);
	}
	spin_unlock(&dcache_lock);
}

void dcache_korotaev_init(void)
{
	init_waitqueue_head(&dcache_shrinker_wq);
	for (unsigned i = 0; i < sizeof(dput_handover) / sizeof(dput_handover[0]); i++)
		dput_handover[i] = NULL;
}
