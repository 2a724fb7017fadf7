/*
 * select_parent.c - the race Thomas Moestl reported on linux-kernel on
 * 8 July 2004 ("umount() and NFS races in 2.4.26").
 *
 * A memfs is mounted with foo/bar unused on dentry_unused and foo/ pinned
 * only by bar.  kswapd prunes the dcache (and keeps pruning: --passes);
 * umount runs sys_umount -> do_umount -> kill_super.  If kswapd's
 * prune_one_dentry() has freed bar and dropped dcache_lock but not yet
 * done dput(foo/), umount's select_parent() sees foo/ busy, finds nothing,
 * and kill_super() goes on: "VFS: Busy inodes after unmount", foo/ left on
 * dentry_unused pointing at a freed super_block, and a later prune that
 * touches it is a use of freed memory.
 *
 * Parameters grow the tree: --depth D puts the leaves D-1 directories
 * deep (foo/bar is depth 2), --dentries N adds N-1 unused dentries beside
 * foo/ (with 6 or more, kswapd's count is nr_unused/6 > 0 and it stops
 * after bar, leaving foo/ on dentry_unused as Moestl saw).
 * --passes N lets kswapd prune N times; --icache 1 runs its whole
 * shrinker pass (kswapd_one_pass(): dcache, then icache), which adds the
 * separate prune_icache()/invalidate_inodes() race (docs/findings.md).
 * --fs ext2 mounts 2.4.26's ext2 instead of memfs, with bar written
 * through a shared mapping and written back (it holds preallocated
 * blocks): kswapd's iput() of bar, inside the window, gives them back
 * under lock_super and sleeps reading the group's bitmap from disk, so
 * the window opens without a preemption (--preemptions 0, a uniprocessor).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "kernel/dcache.h"
#include "kernel/fix.h"
#include "kernel/fs.h"
#include "kernel/localfs.h"
#include "kernel/vfs.h"
#include "kernel/vmscan.h"
#include "vfsrace/model.h"
#include "vfsrace/rt_frame.h"
#include "vfsrace/rt_report.h"
#include "vfsrace/rt_slab.h"
#include "vfsrace/rt_thread.h"

enum { P_DENTRIES, P_DEPTH, P_REFERENCED, P_PASSES, P_ICACHE, P_FS };

static const struct model_param params[] = {
    [P_DENTRIES] = {"dentries", 1, 1, 8,
		    "unused dentries: bar in the deepest directory, the others beside foo/", NULL},
    [P_DEPTH] = {"depth", 2, 2, 4, "path depth of the leaves (foo/bar is 2)", NULL},
    [P_REFERENCED] = {"referenced", 1, 0, 1,
		      "foo/ starts with DCACHE_REFERENCED set (as the set-up's lookup leaves it)",
		      NULL},
    [P_PASSES] = {"passes", 1, 1, 3, "kswapd passes over the dcache", NULL},
    [P_ICACHE] = {"icache", 0, 0, 1,
		  "kswapd also runs the inode shrinker (prune_icache), whose own race "
		  "with umount every dcache fix leaves open",
		  NULL},
    [P_FS] = LOCAL_FS_PARAM,
};

static const struct model_fix fixes[] = {VFS_FIX_ENTRIES};

#define MAX_NAMED 12

static struct model_mount mnt;
static struct dentry *named[MAX_NAMED];
static char named_label[MAX_NAMED][24];
static int nnamed;
static int passes;
static bool icache;
static int umount_rc;
static bool umount_returned;

static void kswapd_thread(void *arg)
{
	RT_FRAME();
	for (int i = 0; i < passes; i++) {
		if (icache)
			kswapd_one_pass();
		else
			/* mm/vmscan.c: try_to_free_pages_zone()'s dcache call, the
			 * one on Moestl's path; the inode shrinker is --icache 1. */
			shrink_dcache_memory(vm_vfs_scan_ratio, GFP_KSWAPD);
	}
}

static void umount_thread(void *arg)
{
	RT_FRAME();
	umount_rc = local_umount(&mnt, 0);
	umount_returned = true;
}

static void remember(struct dentry *d, const char *label)
{
	if (d && nnamed < MAX_NAMED) {
		named[nnamed] = d;
		snprintf(named_label[nnamed], sizeof(named_label[nnamed]), "%.23s", label);
		nnamed++;
	}
}

static void setup(const struct model_args *a)
{
	char dir[64] = "", path[96];
	int depth = a->value[P_DEPTH];

	vfs_fix = (enum vfs_fix_variant)a->fix;
	vfs_init();
	nnamed = 0;
	umount_rc = 0;
	umount_returned = false;
	passes = a->value[P_PASSES];
	icache = a->value[P_ICACHE];
	if (local_mount(&mnt, (enum local_fs)a->value[P_FS]) != 0) {
		rt_report(RT_V_BUG, true, "select_parent model: cannot mount %s",
			  local_fs_names[a->value[P_FS]]);
		return;
	}
	/* Directories foo/, foo/d1/, ... down to depth-1 components. */
	for (int i = 0; i < depth - 1; i++) {
		size_t l = strlen(dir);
		snprintf(dir + l, sizeof(dir) - l, i == 0 ? "foo/" : "d%d/", i);
	}
	/* bar is released first, so it sits at the LRU tail: kswapd's next
	 * victim.  The other unused dentries are siblings of foo/ (x2, ...):
	 * they raise nr_unused, and so the count shrink_dcache_memory() asks
	 * prune_dcache() for (nr_unused / 6), without pinning foo/. */
	for (int i = 0; i < a->value[P_DENTRIES]; i++) {
		if (i == 0)
			snprintf(path, sizeof(path), "%sbar", dir);
		else
			snprintf(path, sizeof(path), "x%d", i + 1);
		struct dentry *d = local_create_path(mnt.root, path);
		if (!d) {
			rt_report(RT_V_BUG, true, "select_parent model: cannot create %s", path);
			return;
		}
		remember(d, strrchr(path, '/') ? strrchr(path, '/') + 1 : path);
		/* ext2: bar's last writeback left it preallocated blocks */
		if (i == 0)
			local_written(d);
		local_release(d);
	}
	struct dentry *foo = local_lookup_path(mnt.root, "foo");
	if (foo) {
		/* The set-up's own lookup just set DCACHE_REFERENCED (d_lookup
		 * does); the parameter decides whether foo/ keeps it. */
		if (a->value[P_REFERENCED])
			local_set_referenced(foo);
		else
			foo->d_vfs_flags &= ~DCACHE_REFERENCED;
		remember(foo, "foo/");
		local_release(foo);
	}
	rt_thread_create("kswapd", kswapd_thread, NULL);
	rt_thread_create("umount", umount_thread, NULL);
}

/* A dentry is safe to read when its memory is still allocated. */
static bool live(const void *p)
{
	return p && rt_slab_is_live(p);
}

static void describe(const struct model_args *a, char *buf, unsigned len)
{
	size_t off = 0;

	for (int i = nnamed; i-- > 0 && off < len;) {
		struct dentry *d = named[i];

		if (!live(d)) {
			off += (size_t)snprintf(buf + off, len - off, "%s%s freed", off ? "  " : "",
						named_label[i]);
			continue;
		}
		off += (size_t)snprintf(
		    buf + off, len - off, "%s%s d_count=%d%s%s%s", off ? "  " : "", named_label[i],
		    rt_atomic_peek(&d->d_count), list_empty(&d->d_lru) ? "" : " lru",
		    list_empty(&d->d_hash) ? " unhashed" : "",
		    d->d_vfs_flags & DCACHE_REFERENCED ? " referenced" : "");
	}
	if (off < len)
		snprintf(buf + off, len - off, "%ssb %s", off ? "  " : "",
			 live(mnt.sb) ? "live" : "freed");
}

/*
 * End-of-execution invariants.  Nothing here may touch freed memory: every
 * pointer is checked with rt_slab_is_live() before it is followed.
 */
static int check_lru(struct super_block *sb, int *len)
{
	struct list_head *p = dentry_unused.next;
	int dangling = 0;

	*len = 0;
	while (p != &dentry_unused) {
		struct dentry *d = list_entry(p, struct dentry, d_lru);

		if (!live(d)) {
			rt_report("dcache-corrupt", false,
				  "dentry_unused links to freed memory after %d entries", *len);
			return dangling;
		}
		(*len)++;
		if (d->d_sb == sb || !live(d->d_sb)) {
			dangling++;
			rt_report("dangling-dentry", false,
				  "%s is still on dentry_unused after umount returned, its "
				  "super_block %s",
				  rt_obj_describe(d), live(d->d_sb) ? "still live" : "freed");
		}
		p = p->next;
	}
	return dangling;
}

struct count_ctx {
	int zero_off_lru;
	char which[64];
};

static void check_unused_dentry(void *obj, const char *cache, void *arg)
{
	struct count_ctx *c = arg;
	struct dentry *d = obj;

	if (strcmp(cache, "dentry_cache") != 0)
		return;
	if (rt_atomic_peek(&d->d_count) == 0 && list_empty(&d->d_lru)) {
		if (!c->zero_off_lru)
			snprintf(c->which, sizeof(c->which), "%s", rt_obj_describe(d));
		c->zero_off_lru++;
	}
}

static uint64_t finish(const struct model_args *a, bool completed)
{
	uint64_t h = 1469598103934665603ull;
	int len = 0;

	if (!completed)
		return 0;
	if (rt_printk_contains("VFS: Busy inodes after unmount"))
		rt_report("busy-inodes", false, "kill_super() printed: %s", rt_printk_buffer());
	if (umount_returned && umount_rc == 0)
		check_lru(mnt.sb, &len);
	else
		len = -1;
	if (len >= 0 && len != dentry_stat.nr_unused)
		rt_report("dcache-inconsistent", false,
			  "dentry_stat.nr_unused is %d but dentry_unused holds %d dentries",
			  dentry_stat.nr_unused, len);
	struct count_ctx c = {0};
	rt_slab_for_each_live(check_unused_dentry, &c);
	if (c.zero_off_lru)
		rt_report("dcache-inconsistent", false,
			  "%d live dentr%s with d_count 0 not on dentry_unused (%s)",
			  c.zero_off_lru, c.zero_off_lru == 1 ? "y" : "ies", c.which);
	h = (h ^ (uint64_t)rt_printk_contains("Busy inodes")) * 1099511628211ull;
	h = (h ^ (uint64_t)(unsigned)umount_rc) * 1099511628211ull;
	h = (h ^ (uint64_t)rt_slab_live_count()) * 1099511628211ull;
	h = (h ^ (uint64_t)(unsigned)dentry_stat.nr_unused) * 1099511628211ull;
	for (int i = 0; i < nnamed; i++)
		h = (h ^ (uint64_t)live(named[i])) * 1099511628211ull;
	return h;
}

/*
 * The dentry tree for `replay --format dot`: parent -> child edges from
 * d_subdirs, dentry_unused as a dotted chain in LRU order, the named
 * dentries already freed as grey boxes.  Only live memory is followed.
 */
#define DOT_MAX 64

struct dot_out {
	char *buf;
	unsigned len;
	size_t off;
	const struct dentry *seen[DOT_MAX];
	int nseen;
};

static void dot_put(struct dot_out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void dot_put(struct dot_out *o, const char *fmt, ...)
{
	va_list ap;

	if (o->off >= o->len)
		return;
	va_start(ap, fmt);
	o->off += (size_t)vsnprintf(o->buf + o->off, o->len - o->off, fmt, ap);
	va_end(ap);
}

static int dot_id(struct dot_out *o, const struct dentry *d)
{
	for (int i = 0; i < o->nseen; i++)
		if (o->seen[i] == d)
			return i;
	return -1;
}

static void dot_dentry(struct dot_out *o, struct dentry *d, int depth)
{
	int count, id;
	bool lru, hashed;

	if (!live(d) || dot_id(o, d) >= 0 || o->nseen == DOT_MAX || depth > 8)
		return;
	id = o->nseen;
	o->seen[o->nseen++] = d;
	count = rt_atomic_peek(&d->d_count);
	lru = !list_empty(&d->d_lru);
	hashed = !list_empty(&d->d_hash);
	dot_put(o,
		"  d%d [label=\"%s\\nd_count=%d\\n%s%s%s\", style=\"%s\", fillcolor=\"%s\", "
		"color=\"%s\"];\n",
		id, rt_obj_describe(d), count, lru ? "on dentry_unused" : "not on LRU",
		hashed ? ", hashed" : ", unhashed",
		d->d_vfs_flags & DCACHE_REFERENCED ? "\\nDCACHE_REFERENCED" : "",
		hashed ? "filled" : "filled,dashed", lru ? "#fff3b0" : "#ffffff",
		count < 0 || (count == 0 && !lru) ? "#d00000" : "#000000");
	if (d->d_parent != d && live(d->d_parent) && dot_id(o, d->d_parent) >= 0)
		dot_put(o, "  d%d -> d%d;\n", dot_id(o, d->d_parent), id);
	for (struct list_head *p = d->d_subdirs.next; p && p != &d->d_subdirs; p = p->next) {
		struct dentry *c = list_entry(p, struct dentry, d_child);
		if (!live(c))
			break;
		dot_dentry(o, c, depth + 1);
	}
}

static void dot_tree(const struct model_args *a, char *buf, unsigned len)
{
	struct dot_out o = {.buf = buf, .len = len};
	int prev = -1, n = 0;

	buf[0] = 0;
	dot_put(&o, "  sb [shape=note, label=\"sb %s\\n%s\"];\n", local_fs_names[a->value[P_FS]],
		live(mnt.sb) ? "live" : "freed");
	if (live(mnt.root)) {
		dot_dentry(&o, mnt.root, 0);
		dot_put(&o, "  sb -> d0 [style=dotted, label=\"s_root\"];\n");
	}
	/* dentry_unused, most recently used first; a dentry only reachable
	 * from here (its parent gone) still gets its node. */
	dot_put(&o, "  lru [shape=plaintext, label=\"dentry_unused\"];\n");
	for (struct list_head *p = dentry_unused.next; p != &dentry_unused && n < DOT_MAX;
	     p = p->next, n++) {
		struct dentry *d = list_entry(p, struct dentry, d_lru);
		if (!live(d))
			break;
		dot_dentry(&o, d, 0);
		int id = dot_id(&o, d);
		if (prev < 0)
			dot_put(&o, "  lru -> d%d [style=dotted, color=\"#b08000\"];\n", id);
		else
			dot_put(&o, "  d%d -> d%d [style=dotted, color=\"#b08000\"];\n", prev, id);
		prev = id;
	}
	for (int i = 0; i < nnamed; i++)
		if (!live(named[i]))
			dot_put(&o,
				"  f%d [label=\"%s\\nfreed\", style=\"filled,dashed\", "
				"fillcolor=\"#dddddd\", fontcolor=\"#666666\"];\n",
				i, named_label[i]);
}

static const struct model select_parent_model = {
    .name = "select_parent",
    .summary = "kswapd's prune_dcache() against umount's select_parent() (Moestl, July 2004)",
    .params = params,
    .nparams = sizeof(params) / sizeof(params[0]),
    .fixes = fixes,
    .nfixes = sizeof(fixes) / sizeof(fixes[0]),
    .setup = setup,
    .finish = finish,
    .describe = describe,
    .dot = dot_tree,
};
MODEL_REGISTER(select_parent_model)
