/*
 * example_two_dput.c - the walk-through model of docs/writing-models.md:
 * two threads drop the last two references to the same dentry.
 *
 * foo/bar is created on a memfs (--fs ext2: an ext2) and held twice.
 * Each thread calls dput() once.  Whatever the order, exactly one of them sees d_count reach 0 and
 * puts bar on dentry_unused; the finish checks that it is there once.
 */
#include "kernel/dcache.h"
#include "kernel/localfs.h"
#include "kernel/vfs.h"
#include "vfsrace/model.h"
#include "vfsrace/rt_frame.h"
#include "vfsrace/rt_report.h"
#include "vfsrace/rt_thread.h"

enum { P_EXTRA, P_FS };

static const struct model_param params[] = {
    [P_EXTRA] = {"extra", 0, 0, 1, "a third reference that nobody drops", NULL},
    [P_FS] = LOCAL_FS_PARAM,
};

static const struct model_fix fixes[] = {
    {"none", "Linux 2.4.26 fs/dcache.c dput() as released"},
};

static struct model_mount mnt;
static struct dentry *bar;

static void dput_thread(void *arg)
{
	RT_FRAME();
	dput(bar);
}

static void setup(const struct model_args *a)
{
	vfs_init();
	if (local_mount(&mnt, (enum local_fs)a->value[P_FS]) != 0) {
		rt_report(RT_V_BUG, true, "example_two_dput: cannot mount %s",
			  local_fs_names[a->value[P_FS]]);
		return;
	}
	bar = local_create_path(mnt.root, "foo/bar"); /* one reference */
	dget(bar);				      /* a second one */
	if (a->value[P_EXTRA])
		dget(bar);
	rt_thread_create("A", dput_thread, NULL);
	rt_thread_create("B", dput_thread, NULL);
}

static uint64_t finish(const struct model_args *a, bool completed)
{
	int count, on_lru = 0;

	if (!completed)
		return 0;
	count = rt_atomic_peek(&bar->d_count);
	for (struct list_head *p = dentry_unused.next; p != &dentry_unused; p = p->next)
		on_lru += list_entry(p, struct dentry, d_lru) == bar;
	if (count != a->value[P_EXTRA])
		rt_report("bad-count", false, "d_count of foo/bar is %d", count);
	if (on_lru != (count == 0))
		rt_report("bad-lru", false, "foo/bar is %d times on dentry_unused", on_lru);
	if (count)
		dput(bar);
	local_umount(&mnt, 0);
	return (uint64_t)on_lru;
}

static const struct model example_two_dput_model = {
    .name = "example_two_dput",
    .summary = "example: two threads dput() the same dentry (docs/writing-models.md)",
    .params = params,
    .nparams = sizeof(params) / sizeof(params[0]),
    .fixes = fixes,
    .nfixes = sizeof(fixes) / sizeof(fixes[0]),
    .setup = setup,
    .finish = finish,
};
MODEL_REGISTER(example_two_dput_model)
