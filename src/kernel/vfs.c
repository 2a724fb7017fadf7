/*
 * vfs.c - start every execution from a freshly booted VFS.
 *
 * In the kernel these run once at boot (vfs_caches_init(), kswapd_init());
 * here a model's set-up calls vfs_init() each time, before it builds its
 * state, because one process runs thousands of executions.
 */
#include "kernel/buffer.h"
#include "kernel/dcache.h"
#include "kernel/ext2_fs.h"
#include "kernel/fs.h"
#include "kernel/memfs.h"
#include "kernel/mount.h"
#include "kernel/vfs.h"
#include "kernel/vmscan.h"

void vfs_init(void)
{
	dcache_init();
	inode_init();
	super_init();
	mnt_init();
	vmscan_init();
	buffer_init();
	memfs_init();
	ext2_init();
}
