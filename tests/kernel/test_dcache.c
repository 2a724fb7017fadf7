/*
 * test_dcache.c - sequential behaviour of the 2.4.26 port, run as the only
 * controlled thread (rt_run_single), once per fix variant: each fix must
 * leave the single-threaded behaviour of 2.4.26 alone.
 *
 * A scenario runs inside the controlled thread and records what it saw in
 * a struct obs; the test asserts on it afterwards (CMocka's asserts must
 * not unwind a controlled thread).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <vfsrace/rt_exec.h>
#include <vfsrace/rt_report.h>
#include <vfsrace/rt_slab.h>

#include "kernel/dcache.h"
#include "kernel/fix.h"
#include "kernel/fs.h"
#include "kernel/localfs.h"
#include "kernel/mount.h"
#include "kernel/vfs.h"
#include "kernel/vmscan.h"

#define NVAL 16

struct obs {
	int ok;	     /* the scenario reached its end */
	int v[NVAL]; /* scenario-specific observations */
};

static struct obs obs;
static enum vfs_fix_variant test_fix;

/* Fresh VFS with one memfs mounted; the scenario's common start. */
static int boot(struct model_mount *m)
{
	vfs_fix = test_fix;
	vfs_init();
	return local_mount(m, LOCAL_FS_MEMFS);
}

/* Create path and drop the reference: it sits unused on dentry_unused. */
static struct dentry *make_unused(struct model_mount *m, const char *path)
{
	struct dentry *d = local_create_path(m->root, path);

	if (d)
		local_release(d);
	return d;
}

static int on_lru(struct dentry *d)
{
	struct list_head *p;

	list_for_each(p, &dentry_unused)
	{
		if (p == &d->d_lru)
			return 1;
	}
	return 0;
}

static void run(void (*scenario)(void *))
{
	struct rt_result res;

	memset(&obs, 0, sizeof(obs));
	memset(&res, 0, sizeof(res));
	assert_int_equal(rt_run_single(scenario, NULL, &res), 0);
	for (int i = 0; i < res.nviolations; i++)
		print_message("violation %s: %s\n", res.v[i].kind, res.v[i].message);
	assert_int_equal(res.nviolations, 0);
	assert_true(obs.ok);
}

/* ---- last dput of a hashed dentry ---- */

static void scenario_dput_hashed(void *arg)
{
	struct model_mount m;
	struct dentry *d;

	if (boot(&m))
		return;
	d = local_create_path(m.root, "foo");
	obs.v[0] = dentry_stat.nr_unused;
	obs.v[1] = rt_atomic_peek(&d->d_count);
	local_release(d);
	obs.v[2] = dentry_stat.nr_unused;
	obs.v[3] = rt_atomic_peek(&d->d_count);
	obs.v[4] = dentry_unused.next == &d->d_lru;
	obs.v[5] = rt_slab_is_live(d);
	obs.v[6] = d->d_inode != NULL;
	obs.ok = 1;
}

static void test_last_dput_of_hashed_dentry_puts_it_on_dentry_unused(void **state)
{
	run(scenario_dput_hashed);
	assert_int_equal(obs.v[0], 0);
	assert_int_equal(obs.v[1], 1);
	assert_int_equal(obs.v[2], 1);
	assert_int_equal(obs.v[3], 0);
	assert_true(obs.v[4]);
	assert_true(obs.v[5]);
	assert_true(obs.v[6]);
}

/* ---- last dput of an unhashed dentry ---- */

static void scenario_dput_unhashed(void *arg)
{
	struct model_mount m;
	struct dentry *a, *b, *c;
	int before;

	if (boot(&m))
		return;
	c = local_create_path(m.root, "a/b/c");
	b = c->d_parent;
	a = b->d_parent;
	obs.v[0] = rt_atomic_peek(&m.root->d_count);
	d_drop(a);
	d_drop(b);
	d_drop(c);
	before = dentry_stat.nr_dentry;
	dput(c);
	obs.v[1] = before - dentry_stat.nr_dentry;
	obs.v[2] = rt_slab_is_live(a) + rt_slab_is_live(b) + rt_slab_is_live(c);
	obs.v[3] = rt_atomic_peek(&m.root->d_count);
	obs.v[4] = dentry_stat.nr_unused;
	obs.v[5] = list_empty(&m.root->d_subdirs);
	obs.ok = 1;
}

static void test_last_dput_of_unhashed_dentry_frees_it_and_its_parent_chain(void **state)
{
	run(scenario_dput_unhashed);
	assert_int_equal(obs.v[1], 3);
	assert_int_equal(obs.v[2], 0);
	assert_int_equal(obs.v[3], obs.v[0] - 1);
	assert_int_equal(obs.v[4], 0);
	assert_true(obs.v[5]);
}

/* ---- a hashed parent of a freed child goes on the LRU instead ---- */

static void scenario_dput_unhashed_child_of_hashed_parent(void *arg)
{
	struct model_mount m;
	struct dentry *c, *b;

	if (boot(&m))
		return;
	c = local_create_path(m.root, "b/c");
	b = c->d_parent;
	d_drop(c);
	dput(c);
	obs.v[0] = rt_slab_is_live(c);
	obs.v[1] = rt_slab_is_live(b);
	obs.v[2] = on_lru(b);
	obs.v[3] = rt_atomic_peek(&b->d_count);
	obs.ok = 1;
}

static void test_dput_stops_at_a_hashed_parent_which_goes_on_dentry_unused(void **state)
{
	run(scenario_dput_unhashed_child_of_hashed_parent);
	assert_false(obs.v[0]);
	assert_true(obs.v[1]);
	assert_true(obs.v[2]);
	assert_int_equal(obs.v[3], 0);
}

/* ---- prune_dcache ---- */

static void scenario_prune_tail(void *arg)
{
	struct model_mount m;
	struct dentry *f1, *f2, *f3;

	if (boot(&m))
		return;
	f1 = make_unused(&m, "f1");
	f2 = make_unused(&m, "f2");
	f3 = make_unused(&m, "f3");
	obs.v[0] = dentry_unused.prev == &f1->d_lru; /* oldest at the tail */
	prune_dcache(1, NULL);
	obs.v[1] = rt_slab_is_live(f1);
	obs.v[2] = rt_slab_is_live(f2) && rt_slab_is_live(f3);
	obs.v[3] = dentry_stat.nr_unused;
	obs.v[4] = dentry_unused.prev == &f2->d_lru;
	obs.ok = 1;
}

static void test_prune_dcache_frees_from_the_lru_tail(void **state)
{
	run(scenario_prune_tail);
	assert_true(obs.v[0]);
	assert_false(obs.v[1]);
	assert_true(obs.v[2]);
	assert_int_equal(obs.v[3], 2);
	assert_true(obs.v[4]);
}

static void scenario_prune_referenced(void *arg)
{
	struct model_mount m;
	struct dentry *f1, *f2;

	if (boot(&m))
		return;
	f1 = make_unused(&m, "f1");
	f2 = make_unused(&m, "f2");
	local_set_referenced(f1);
	prune_dcache(1, NULL);
	obs.v[0] = rt_slab_is_live(f1);
	obs.v[1] = rt_slab_is_live(f2);
	obs.v[2] = (f1->d_vfs_flags & DCACHE_REFERENCED) != 0;
	obs.v[3] = dentry_unused.next == &f1->d_lru; /* moved to the head */
	obs.v[4] = dentry_stat.nr_unused;
	obs.ok = 1;
}

static void test_prune_dcache_skips_referenced_dentry_and_clears_the_mark(void **state)
{
	run(scenario_prune_referenced);
	assert_true(obs.v[0]);
	assert_false(obs.v[1]);
	assert_false(obs.v[2]);
	assert_true(obs.v[3]);
	assert_int_equal(obs.v[4], 1);
}

static void scenario_prune_zero(void *arg)
{
	struct model_mount m;

	if (boot(&m))
		return;
	make_unused(&m, "f1");
	make_unused(&m, "f2");
	make_unused(&m, "d/f3");
	obs.v[0] = dentry_stat.nr_unused;
	prune_dcache(0, NULL);
	obs.v[1] = dentry_stat.nr_unused;
	obs.v[2] = list_empty(&m.root->d_subdirs);
	obs.ok = 1;
}

/* 2.4.26 tests !--count, so a count of 0 (nr_unused < priority) prunes all. */
static void test_prune_dcache_with_count_zero_prunes_the_whole_list(void **state)
{
	run(scenario_prune_zero);
	assert_int_equal(obs.v[0], 3);
	assert_int_equal(obs.v[1], 0);
	assert_true(obs.v[2]);
}

/* ---- shrink_dcache_parent ---- */

static void scenario_shrink_parent(void *arg)
{
	struct model_mount m;
	struct dentry *d, *x, *z;

	if (boot(&m))
		return;
	x = make_unused(&m, "d/x");
	make_unused(&m, "d/y");
	z = make_unused(&m, "d/e/z");
	make_unused(&m, "other");
	d = local_lookup_path(m.root, "d");
	obs.v[0] = dentry_stat.nr_dentry;
	shrink_dcache_parent(d);
	obs.v[1] = dentry_stat.nr_dentry;
	obs.v[2] = list_empty(&d->d_subdirs);
	obs.v[3] = rt_atomic_peek(&d->d_count);
	obs.v[4] = rt_slab_is_live(x) || rt_slab_is_live(z);
	obs.v[5] = dentry_stat.nr_unused; /* "other" is left alone */
	local_release(d);
	obs.ok = 1;
}

static void test_shrink_dcache_parent_frees_a_whole_unused_subtree(void **state)
{
	run(scenario_shrink_parent);
	assert_int_equal(obs.v[0] - obs.v[1], 4); /* x, y, e, z */
	assert_true(obs.v[2]);
	assert_int_equal(obs.v[3], 1);
	assert_false(obs.v[4]);
	assert_int_equal(obs.v[5], 1);
}

/* ---- umount ---- */

static void scenario_umount_idle(void *arg)
{
	struct model_mount m;

	if (boot(&m))
		return;
	make_unused(&m, "a/b/c");
	make_unused(&m, "a/d");
	make_unused(&m, "e");
	obs.v[0] = dentry_stat.nr_dentry;
	obs.v[1] = inodes_stat.nr_inodes;
	obs.v[2] = local_umount(&m, 0);
	obs.v[3] = dentry_stat.nr_dentry;
	obs.v[4] = inodes_stat.nr_inodes;
	obs.v[5] = rt_printk_contains("Busy inodes");
	obs.v[6] = rt_slab_live_count();
	obs.v[7] = list_empty(&super_blocks);
	obs.v[8] = dentry_stat.nr_unused;
	obs.v[9] = inodes_stat.nr_unused;
	obs.ok = 1;
}

static void test_umount_of_idle_sb_leaves_no_dentry_inode_or_busy_message(void **state)
{
	run(scenario_umount_idle);
	assert_int_equal(obs.v[0], 6); /* / a b c d e */
	assert_int_equal(obs.v[1], 6);
	assert_int_equal(obs.v[2], 0);
	assert_int_equal(obs.v[3], 0);
	assert_int_equal(obs.v[4], 0);
	assert_false(obs.v[5]);
	assert_int_equal(obs.v[6], 0); /* sb, vfsmount, memfs table freed too */
	assert_true(obs.v[7]);
	assert_int_equal(obs.v[8], 0);
	assert_int_equal(obs.v[9], 0);
}

static void scenario_umount_held_path(void *arg)
{
	struct model_mount m;
	struct nameidata nd;

	if (boot(&m))
		return;
	make_unused(&m, "a/b");
	if (local_open_path(&m, "a/b", &nd))
		return;
	obs.v[0] = local_umount(&m, 0);
	obs.v[1] = rt_slab_is_live(m.sb);
	obs.v[2] = rt_atomic_peek(&m.mnt->mnt_count);
	path_release(&nd);
	obs.v[3] = local_umount(&m, 0);
	obs.v[4] = rt_slab_live_count();
	obs.v[5] = rt_printk_contains("Busy inodes");
	obs.ok = 1;
}

static void test_umount_with_a_held_path_is_ebusy_from_do_umount(void **state)
{
	run(scenario_umount_held_path);
	assert_int_equal(obs.v[0], -16);
	assert_true(obs.v[1]);
	assert_int_equal(obs.v[2], 2);
	assert_int_equal(obs.v[3], 0);
	assert_int_equal(obs.v[4], 0);
	assert_false(obs.v[5]);
}

/*
 * A dentry held without its vfsmount (what NFS's async unlink does)
 * passes do_umount's mnt_count check; kill_super() then finds its inode
 * busy.  Under marcelo-retry, kill_super's shrink_dcache_parent waits for
 * the used dentry forever: run it separately (test_marcelo_*).
 */
static void scenario_umount_held_dentry(void *arg)
{
	struct model_mount m;
	struct dentry *d;

	if (boot(&m))
		return;
	d = local_create_path(m.root, "a/b");
	obs.v[0] = local_umount(&m, 0);
	obs.v[1] = rt_printk_contains("VFS: Busy inodes after unmount. Self-destruct in 5 "
				      "seconds.  Have a nice day...\n");
	obs.v[2] = rt_slab_is_live(m.sb);
	obs.v[3] = rt_slab_is_live(d);
	obs.ok = 1;
}

static void test_umount_with_a_held_dentry_prints_busy_inodes(void **state)
{
	if (test_fix == VFS_FIX_MARCELO_RETRY)
		skip();
	run(scenario_umount_held_dentry);
	assert_int_equal(obs.v[0], 0);
	assert_true(obs.v[1]);
	assert_false(obs.v[2]); /* the super_block is really gone */
	assert_true(obs.v[3]);
}

static void test_marcelo_retry_waits_forever_for_a_held_dentry_at_umount(void **state)
{
	struct rt_result res;

	if (test_fix != VFS_FIX_MARCELO_RETRY)
		skip();
	memset(&obs, 0, sizeof(obs));
	assert_int_equal(rt_run_single(scenario_umount_held_dentry, NULL, &res), 0);
	assert_false(obs.ok);
	assert_int_equal(res.nviolations, 1);
	assert_string_equal(res.v[0].kind, RT_V_LIVELOCK);
}

/* ---- d_invalidate ---- */

static void scenario_invalidate_busy_dir(void *arg)
{
	struct model_mount m;
	struct dentry *x, *d;

	if (boot(&m))
		return;
	x = local_create_path(m.root, "d/x"); /* held: d stays busy */
	d = local_lookup_path(m.root, "d");
	obs.v[0] = d_invalidate(d);
	obs.v[1] = d_unhashed(d);
	local_release(x);
	/* now only our reference is left once x is shrunk away */
	obs.v[2] = d_invalidate(d);
	obs.v[3] = d_unhashed(d);
	obs.v[4] = rt_slab_is_live(x);
	local_release(d);
	obs.v[5] = rt_slab_is_live(d); /* unhashed: freed by its last dput */
	obs.ok = 1;
}

static void test_d_invalidate_on_a_busy_directory_returns_ebusy(void **state)
{
	run(scenario_invalidate_busy_dir);
	assert_int_equal(obs.v[0], -16);
	assert_false(obs.v[1]);
	assert_int_equal(obs.v[2], 0);
	assert_true(obs.v[3]);
	assert_false(obs.v[4]);
	assert_false(obs.v[5]);
}

/* ---- lookup, unlink, kswapd ---- */

static void scenario_lookup_after_prune(void *arg)
{
	struct model_mount m;
	struct dentry *d;
	unsigned long ino;

	if (boot(&m))
		return;
	d = make_unused(&m, "dir/file");
	ino = d->d_inode->i_ino;
	prune_dcache(0, NULL);
	obs.v[0] = rt_slab_is_live(d);
	d = local_lookup_path(m.root, "dir/file");
	obs.v[1] = d && d->d_inode && d->d_inode->i_ino == ino;
	local_release(d);
	obs.v[2] = local_unlink_path(m.root, "dir/file");
	obs.v[3] = local_lookup_path(m.root, "dir/file") == NULL;
	obs.v[4] = local_umount(&m, 0);
	obs.v[5] = rt_slab_live_count();
	obs.ok = 1;
}

static void test_pruned_name_is_found_again_and_unlink_removes_it(void **state)
{
	run(scenario_lookup_after_prune);
	assert_false(obs.v[0]);
	assert_true(obs.v[1]);
	assert_int_equal(obs.v[2], 0);
	assert_true(obs.v[3]);
	assert_int_equal(obs.v[4], 0);
	assert_int_equal(obs.v[5], 0);
}

static void scenario_kswapd(void *arg)
{
	struct model_mount m;

	if (boot(&m))
		return;
	make_unused(&m, "a");
	make_unused(&m, "b");
	make_unused(&m, "c");
	obs.v[0] = dentry_stat.nr_unused;
	obs.v[1] = inodes_stat.nr_unused;
	kswapd_one_pass(); /* 3 / 6 == 0: prune_dcache(0) empties the list */
	obs.v[2] = dentry_stat.nr_unused;
	obs.v[3] = inodes_stat.nr_unused; /* the inodes went to inode_unused... */
	obs.v[4] = inodes_stat.nr_inodes; /* ...and prune_icache(0) freed one */
	obs.v[5] = local_umount(&m, 0);
	obs.v[6] = rt_slab_live_count();
	obs.ok = 1;
}

static void test_kswapd_pass_prunes_dentries_then_an_inode(void **state)
{
	run(scenario_kswapd);
	assert_int_equal(obs.v[0], 3);
	assert_int_equal(obs.v[1], 0);
	assert_int_equal(obs.v[2], 0);
	assert_int_equal(obs.v[3], 2);
	assert_int_equal(obs.v[4], 3); /* root + two cached */
	assert_int_equal(obs.v[5], 0);
	assert_int_equal(obs.v[6], 0);
}

static void test_fix_table_names_every_variant(void **state)
{
	assert_int_equal(vfs_fix_lookup("none"), VFS_FIX_NONE);
	assert_int_equal(vfs_fix_lookup("moestl-semaphore"), VFS_FIX_MOESTL_SEMAPHORE);
	assert_int_equal(vfs_fix_lookup("marcelo-retry"), VFS_FIX_MARCELO_RETRY);
	assert_int_equal(vfs_fix_lookup("korotaev"), VFS_FIX_KOROTAEV);
	assert_int_equal(vfs_fix_lookup("mainline-s_umount"), VFS_FIX_MAINLINE_S_UMOUNT);
	assert_int_equal(vfs_fix_lookup("nonsense"), -1);
	for (int i = 0; i < VFS_FIX_COUNT; i++)
		assert_non_null(vfs_fix_table[i].origin);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_last_dput_of_hashed_dentry_puts_it_on_dentry_unused),
	    cmocka_unit_test(test_last_dput_of_unhashed_dentry_frees_it_and_its_parent_chain),
	    cmocka_unit_test(test_dput_stops_at_a_hashed_parent_which_goes_on_dentry_unused),
	    cmocka_unit_test(test_prune_dcache_frees_from_the_lru_tail),
	    cmocka_unit_test(test_prune_dcache_skips_referenced_dentry_and_clears_the_mark),
	    cmocka_unit_test(test_prune_dcache_with_count_zero_prunes_the_whole_list),
	    cmocka_unit_test(test_shrink_dcache_parent_frees_a_whole_unused_subtree),
	    cmocka_unit_test(test_umount_of_idle_sb_leaves_no_dentry_inode_or_busy_message),
	    cmocka_unit_test(test_umount_with_a_held_path_is_ebusy_from_do_umount),
	    cmocka_unit_test(test_umount_with_a_held_dentry_prints_busy_inodes),
	    cmocka_unit_test(test_marcelo_retry_waits_forever_for_a_held_dentry_at_umount),
	    cmocka_unit_test(test_d_invalidate_on_a_busy_directory_returns_ebusy),
	    cmocka_unit_test(test_pruned_name_is_found_again_and_unlink_removes_it),
	    cmocka_unit_test(test_kswapd_pass_prunes_dentries_then_an_inode),
	    cmocka_unit_test(test_fix_table_names_every_variant),
	};
	int failed = 0;

	if (rt_init() != 0)
		return 1;
	for (int f = 0; f < VFS_FIX_COUNT; f++) {
		test_fix = (enum vfs_fix_variant)f;
		print_message("fix variant: %s\n", vfs_fix_table[f].name);
		failed += _cmocka_run_group_tests(vfs_fix_table[f].name, tests,
						  sizeof(tests) / sizeof(tests[0]), NULL, NULL);
	}
	rt_shutdown();
	return failed;
}
