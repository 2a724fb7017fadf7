/*
 * kernel/memfs.h - a tiny in-memory filesystem, and the helpers models use
 * to build a dcache state: mount, create "foo/bar", look up, drop a
 * reference so a dentry sits unused on dentry_unused, umount.
 *
 * Unlike ramfs, memfs keeps its directory entries in a table of its own and
 * hashes its inodes, like a disk or network filesystem: the dcache may
 * prune any unused dentry and a later lookup finds the name again.
 */
#ifndef VFSRACE_KERNEL_MEMFS_H
#define VFSRACE_KERNEL_MEMFS_H

#include "kernel/dcache.h"
#include "kernel/fs.h"
#include "kernel/mount.h"

extern struct file_system_type memfs_fs_type;

/* The mount a model works on: what sys_mount() would leave behind. */
struct memfs_mount {
	struct vfsmount *mnt;
	struct super_block *sb;
	struct dentry *root;
};

void memfs_init(void);
/* Mount a fresh memfs and graft it into init_namespace.  0 or -errno. */
int memfs_mount(struct memfs_mount *m);

/*
 * Look up or create every component of path below root ("foo/bar";
 * "foo/" makes foo a directory; intermediate components are directories).
 * Returns the last dentry, positive and hashed, with one reference held by
 * the caller; the references on the components above are dropped, so they
 * stay pinned only by their children.  NULL on failure.
 */
struct dentry *memfs_create_path(struct dentry *root, const char *path);
/* Look up an existing path (d_lookup, then memfs lookup): a reference, or NULL. */
struct dentry *memfs_lookup_path(struct dentry *root, const char *path);
/* Look up path and pin it with the mount, as an open file does (nd). */
int memfs_open_path(struct memfs_mount *m, const char *path, struct nameidata *nd);
/* unlink(2) of a regular file: i_nlink 0, d_delete(). 0 or -errno. */
int memfs_unlink_path(struct dentry *root, const char *path);

/* Drop the caller's reference: a hashed dentry goes on dentry_unused. */
void memfs_release(struct dentry *dentry);
/* Mark as recently used, as d_lookup() does; prune_dcache skips it once. */
void memfs_set_referenced(struct dentry *dentry);

/* umount(2) of m: sys_umount -> do_umount -> ... -> kill_super. */
int memfs_umount(struct memfs_mount *m, int flags);

#endif
