/*
 * test_ext2.c - the ext2 port sleeps where 2.4.26 sleeps, and nowhere
 * else: iput() of a file with preallocated blocks gives them back under
 * lock_super and reads the group's bitmap from disk; lock_super() sleeps
 * while another thread holds it, dropping the BKL; the umount side writes
 * dirty inodes and the super block and waits for the disk.
 *
 * Two-thread scenarios run under a uniprocessor scheduler without kernel
 * preemption (2.4's): the running thread goes on until it sleeps, blocks
 * or ends, so a switch shows exactly where the code sleeps.  Each test
 * reads the event log afterwards.
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
#include <vfsrace/rt_thread.h>
#include <vfsrace/linux/sched.h>
#include <vfsrace/linux/smp_lock.h>

#include "kernel/buffer.h"
#include "kernel/dcache.h"
#include "kernel/ext2_fs.h"
#include "kernel/fs.h"
#include "kernel/localfs.h"
#include "kernel/mount.h"
#include "kernel/vfs.h"

static struct model_mount mnt;
static struct dentry *file;
static struct inode *inode;
static unsigned long file_ino;
static spinlock_t other_lock;

/* ---- a uniprocessor without kernel preemption ---- */

/* The running thread goes on unless it gives up the CPU (a disk wait, a
 * yield: schedule() runs another task if one can run) or cannot. */
static int up_choose(void *ctx, const struct rt_sched_view *v)
{
	int cur = v->current;
	bool cur_ok = cur >= 0 && v->t[cur].state == RT_T_ENABLED;

	if (cur_ok && !rt_op_gives_up_cpu(v->t[cur].next))
		return cur;
	for (int i = 0; i < v->nthreads; i++)
		if (i != cur && v->t[i].state == RT_T_ENABLED)
			return i;
	return cur_ok ? cur : -1;
}

struct scenario {
	enum local_fs fs;
	int written;	   /* file "f" holds preallocated blocks */
	rt_thread_fn a, b; /* thread A runs first */
};

/* Mount, create f (holding a second inode reference), start A and B. */
static void setup(void *p)
{
	struct scenario *s = p;

	vfs_init();
	spin_lock_init(&other_lock);
	if (local_mount(&mnt, s->fs) != 0)
		return;
	file = local_create_path(mnt.root, "f");
	if (!file)
		return;
	inode = igrab(file->d_inode);
	file_ino = inode->i_ino;
	if (s->written)
		local_written(file);
	rt_thread_create("A", s->a, s);
	rt_thread_create("B", s->b, s);
}

static uint64_t finish(void *p, bool completed)
{
	if (!completed)
		return 0;
	local_release(file);
	local_umount(&mnt, 0);
	return 0;
}

static struct rt_result res;

static void run_up(struct scenario *s)
{
	struct rt_program prog = {setup, finish, s, NULL};
	struct rt_scheduler sched = {up_choose, NULL};
	struct rt_exec_config cfg = {.max_steps = 20000, .record_events = true};

	memset(&res, 0, sizeof(res));
	assert_int_equal(rt_run(&prog, &sched, &cfg, &res), 0);
	for (int i = 0; i < res.nviolations; i++)
		print_message("violation %s: %s\n", res.v[i].kind, res.v[i].message);
	assert_int_equal(res.nviolations, 0);
}

/* Index of the first event of thread tid in function func whose what
 * starts with prefix, at or after from; -1 if none. */
static int find(int tid, const char *func, const char *prefix, int from)
{
	unsigned n;
	const struct rt_event *ev = rt_events(&n);

	for (unsigned i = (unsigned)from; i < n; i++)
		if (ev[i].tid == tid && !strcmp(ev[i].op.loc.func, func) &&
		    !strncmp(ev[i].op.what, prefix, strlen(prefix)))
			return (int)i;
	return -1;
}

static const struct rt_event *event(int i)
{
	unsigned n;

	return &rt_events(&n)[i];
}

/* Does thread tid take a step strictly between events lo and hi? */
static bool steps_between(int tid, int lo, int hi)
{
	unsigned n;
	const struct rt_event *ev = rt_events(&n);

	for (int i = lo + 1; i < hi && i < (int)n; i++)
		if (ev[i].tid == tid)
			return true;
	return false;
}

static unsigned prealloc_after_iput;

static void thread_iput(void *p)
{
	iput(inode);
	prealloc_after_iput = inode->i_ext2.i_prealloc_count; /* the dentry still holds it */
}

static void thread_other(void *p)
{
	spin_lock(&other_lock);
	spin_unlock(&other_lock);
}

/* ---- iput(): ext2_put_inode() -> ext2_free_blocks() ---- */

static void
test_ext2_iput_gives_back_preallocation_under_lock_super_and_sleeps_on_the_bitmap(void **state)
{
	struct scenario s = {LOCAL_FS_EXT2, 1, thread_iput, thread_other};
	int down, up, io;

	run_up(&s);
	down = find(0, "lock_super", "down", 0);
	up = find(0, "unlock_super", "up", 0);
	io = find(0, "__wait_on_buffer", "schedule", 0);
	assert_true(down >= 0 && io > down && up > io);
	/* B runs while A waits for the bitmap, inside A's lock_super: the
	 * disk wait's step is A's wake-up, so B's steps come before it */
	assert_true(steps_between(1, down, io));
	/* and the BKL that ext2_discard_prealloc() holds was dropped meanwhile */
	assert_true(find(0, "__wait_on_buffer", "lock_kernel (after sleep)", io) > io);
	assert_int_equal(prealloc_after_iput, 0);
}

static void test_ext2_iput_without_preallocation_only_takes_the_bkl(void **state)
{
	struct scenario s = {LOCAL_FS_EXT2, 0, thread_iput, thread_other};
	int last_a;

	run_up(&s);
	assert_true(find(0, "ext2_discard_prealloc", "lock_kernel", 0) >= 0);
	assert_int_equal(find(0, "lock_super", "down", 0), -1);
	last_a = find(0, "iput", "atomic_dec_and_lock", 0);
	assert_true(last_a >= 0);
	assert_false(steps_between(1, 0, last_a)); /* A never slept */
}

static void test_memfs_iput_never_sleeps(void **state)
{
	struct scenario s = {LOCAL_FS_MEMFS, 1, thread_iput, thread_other};
	int last_a;

	run_up(&s);
	last_a = find(0, "iput", "atomic_dec_and_lock", 0);
	assert_true(last_a >= 0);
	assert_false(steps_between(1, 0, last_a));
}

/* ---- lock_super() sleeps while it is held; the BKL goes meanwhile ---- */

/* A: lock_super, then a disk read under it (as ext2_new_block() does). */
static void thread_hold_lock_super(void *p)
{
	struct buffer_head *bh;

	lock_super(mnt.sb);
	bh = sb_bread(mnt.sb, 200); /* not in memory: sleeps */
	brelse(bh);
	lock_kernel();
	unlock_kernel();
	unlock_super(mnt.sb);
}

static void test_ext2_free_blocks_sleeps_on_a_held_lock_super_and_drops_the_bkl(void **state)
{
	struct scenario s = {LOCAL_FS_EXT2, 1, thread_hold_lock_super, thread_iput};
	int busy, a_up, b_down;

	run_up(&s);
	/* B (iput) tries lock_super while A sleeps holding it: busy */
	busy = find(1, "lock_super", "down (BKL held)", 0);
	assert_true(busy >= 0);
	assert_int_equal(event(busy)->result, 0);
	/* A takes the BKL B held when it went to sleep, and lets go */
	assert_true(find(0, "thread_hold_lock_super", "lock_kernel", busy) > busy);
	a_up = find(0, "unlock_super", "up", 0);
	b_down = find(1, "lock_super", "down", busy + 1);
	assert_true(a_up >= 0 && b_down > a_up);
}

/* ---- the umount side: dirty inodes and the super block reach the disk ---- */

static void thread_dirty_and_release(void *p)
{
	mark_inode_dirty(inode);
	iput(inode);
}

static void test_ext2_umount_writes_a_dirty_inode_through_write_inode(void **state)
{
	struct scenario s = {LOCAL_FS_EXT2, 1, thread_dirty_and_release, thread_other};
	/* mkfs.c: group 0's inode table starts at block 5, 128-byte inodes */
	unsigned long offset = (file_ino - 1) * EXT2_INODE_SIZE;
	const struct ext2_inode *raw;

	run_up(&s);
	/* finish() unmounted: fsync_super() -> sync_inodes_sb() -> __sync_one()
	 * -> ext2_write_inode() put the inode in its table block on disk */
	assert_int_equal(file_ino, EXT2_GOOD_OLD_FIRST_INO);
	offset = (file_ino - 1) * EXT2_INODE_SIZE;
	raw =
	    (const struct ext2_inode *)(disk_block(5 + offset / BLOCK_SIZE) + offset % BLOCK_SIZE);
	assert_int_equal(raw->i_size, BLOCK_SIZE);
	assert_int_equal(raw->i_block[0], 7); /* the first free block of group 0 */
}

/* ---- the last iput() of an unlinked file: ext2_delete_inode() ---- */

static int free_blocks0, free_inodes0, free_blocks1, free_inodes1;

static void scenario_delete(void *arg)
{
	struct ext2_group_desc *gd;

	vfs_init();
	if (local_mount(&mnt, LOCAL_FS_EXT2) != 0)
		return;
	gd = ext2_get_group_desc(mnt.sb, 0, NULL);
	free_blocks0 = gd->bg_free_blocks_count;
	free_inodes0 = gd->bg_free_inodes_count;
	file = local_create_path(mnt.root, "f");
	local_written(file);
	local_release(file);
	local_unlink_path(mnt.root, "f");
	/* ext2_free_blocks() and ext2_free_inode() gave everything back */
	free_blocks1 = gd->bg_free_blocks_count;
	free_inodes1 = gd->bg_free_inodes_count;
	local_umount(&mnt, 0);
}

static void test_ext2_delete_inode_gives_back_the_blocks_and_the_inode(void **state)
{
	struct rt_result r;

	free_blocks1 = free_inodes1 = -1;
	assert_int_equal(rt_run_single(scenario_delete, NULL, &r), 0);
	for (int i = 0; i < r.nviolations; i++)
		print_message("violation %s: %s\n", r.v[i].kind, r.v[i].message);
	assert_int_equal(r.nviolations, 0);
	assert_int_equal(free_blocks1, free_blocks0);
	assert_int_equal(free_inodes1, free_inodes0);
	assert_false(rt_printk_contains("EXT2-fs error"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(
		test_ext2_iput_gives_back_preallocation_under_lock_super_and_sleeps_on_the_bitmap),
	    cmocka_unit_test(test_ext2_iput_without_preallocation_only_takes_the_bkl),
	    cmocka_unit_test(test_memfs_iput_never_sleeps),
	    cmocka_unit_test(test_ext2_free_blocks_sleeps_on_a_held_lock_super_and_drops_the_bkl),
	    cmocka_unit_test(test_ext2_umount_writes_a_dirty_inode_through_write_inode),
	    cmocka_unit_test(test_ext2_delete_inode_gives_back_the_blocks_and_the_inode),
	};
	int failed;

	if (rt_init() != 0)
		return 1;
	failed = cmocka_run_group_tests(tests, NULL, NULL);
	rt_shutdown();
	return failed;
}
