/*
 * kernel/localfs.h - a local filesystem for a model: mount one (memfs or
 * ext2, the model's --fs), build a dcache state on it (create "foo/bar",
 * look up, drop a reference so a dentry sits unused on dentry_unused),
 * umount it.  The helpers go through the VFS as a process would: lookups
 * by cached_lookup()/real_lookup(), creation by the directory's ->create
 * or ->mkdir under its i_sem, umount by sys_umount().
 */
#ifndef VFSRACE_KERNEL_LOCALFS_H
#define VFSRACE_KERNEL_LOCALFS_H

#include "kernel/dcache.h"
#include "kernel/fs.h"
#include "kernel/mount.h"

enum local_fs {
	LOCAL_FS_MEMFS = 0, /* nothing on the umount/prune paths sleeps */
	LOCAL_FS_EXT2,	    /* 2.4.26's ext2: lock_super and disk reads sleep */
	LOCAL_FS_COUNT
};

/* The names of enum local_fs, for a model's --fs parameter. */
extern const char *const local_fs_names[LOCAL_FS_COUNT + 1];

/* A model's --fs parameter (a model_param initialiser), default memfs. */
#define LOCAL_FS_PARAM                                                                 \
	{                                                                              \
		"fs", LOCAL_FS_MEMFS, 0, LOCAL_FS_COUNT - 1,                           \
		    "filesystem: memfs (nothing sleeps) or ext2 (2.4.26's put_inode, " \
		    "delete_inode, put_super: lock_super and disk I/O sleep)",         \
		    local_fs_names                                                     \
	}

/* Mount a fresh filesystem of kind fs and graft it into init_namespace.  0 or -errno. */
int local_mount(struct model_mount *m, enum local_fs fs);

/*
 * Look up or create every component of path below root ("foo/bar";
 * "foo/" makes foo a directory; intermediate components are directories).
 * Returns the last dentry, positive and hashed, with one reference held by
 * the caller; the references on the components above are dropped, so they
 * stay pinned only by their children.  NULL on failure.
 */
struct dentry *local_create_path(struct dentry *root, const char *path);
/* Look up an existing path (d_lookup, then the filesystem): a reference, or NULL. */
struct dentry *local_lookup_path(struct dentry *root, const char *path);
/* Look up path and pin it with the mount, as an open file does (nd). */
int local_open_path(struct model_mount *m, const char *path, struct nameidata *nd);
/* unlink(2) of a regular file: i_nlink 0, d_delete(). 0 or -errno. */
int local_unlink_path(struct dentry *root, const char *path);

/* Drop the caller's reference: a hashed dentry goes on dentry_unused. */
void local_release(struct dentry *dentry);
/*
 * The file was written through a shared mapping and the mapping's pages
 * written back: on ext2 it then holds preallocated blocks, which the next
 * iput() gives back (ext2_put_inode() -> ext2_free_blocks(): lock_super,
 * and the group's bitmap read from disk).  Nothing on memfs.
 */
void local_written(struct dentry *file);
/* Mark as recently used, as d_lookup() does; prune_dcache skips it once. */
void local_set_referenced(struct dentry *dentry);

/* umount(2) of m: sys_umount -> do_umount -> ... -> kill_super. */
int local_umount(struct model_mount *m, int flags);

#endif
