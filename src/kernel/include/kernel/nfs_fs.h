/*
 * kernel/nfs_fs.h - a small NFS client on the port: enough of 2.4.26
 * fs/nfs/dir.c and fs/nfs/unlink.c for silly rename and async unlink,
 * over an in-memory "server" table reached through kernel/sunrpc.h.
 *
 * nfs_unlink_release picks which release's fs/nfs/unlink.c runs: the code
 * tests it where `git diff 2.4.26 2.4.27|2.4.28|2.4.29 -- fs/nfs/unlink.c`
 * changed it, under a comment naming the release.
 */
#ifndef VFSRACE_KERNEL_NFS_FS_H
#define VFSRACE_KERNEL_NFS_FS_H

#include "kernel/dcache.h"
#include "kernel/fs.h"
#include "kernel/mount.h"
#include "kernel/sunrpc.h"

/* include/linux/dcache.h (2.4.26) */
#define DCACHE_NFSFS_RENAMED 0x0002

enum nfs_unlink_release {
	NFS_UNLINK_2_4_26 = 0,
	NFS_UNLINK_2_4_27, /* nfs_complete_unlink() waits for the task */
	NFS_UNLINK_2_4_28, /* ... and the !dir exit wakes it too */
	NFS_UNLINK_2_4_29, /* the wait is gone again: 2.4.26's text */
	NFS_UNLINK_COUNT
};

extern enum nfs_unlink_release nfs_unlink_release;
extern struct file_system_type nfs_fs_type;

/* (Re)initialise the NFS client, rpc and namei statics for an execution. */
void nfs_init(void);
/*
 * Mount an NFS filesystem whose server already holds the names in paths
 * ("dir/" a directory, "dir/file" a file; parents listed first).
 */
int nfs_mount(struct model_mount *m, const char *const *paths, int npaths);
/* Silly renames done, and silly names the server has removed (end-of-run checks). */
extern int nfs_silly_renames, nfs_silly_removes;

/* fs/nfs/unlink.c */
void nfs_unlink_init(void);
int nfs_async_unlink(struct dentry *dentry);
void nfs_complete_unlink(struct dentry *dentry);
/* Async unlinks not yet released (nfs_deletes), for end-of-run checks. */
int nfs_pending_unlinks(void);

/* fs/nfs/dir.c: the RPC client of an NFS superblock (NFS_CLIENT). */
struct rpc_clnt *nfs_client(struct inode *inode);
/* fs/nfs/inode.c: nfs_zap_caches() - dir's cached attributes are stale. */
void nfs_zap_caches(struct inode *inode);
/* fs/nfs/proc.c: NFS_PROTO()->unlink_setup / unlink_done for an async remove. */
int nfs_proc_unlink_setup(struct rpc_message *msg, struct dentry *dir, struct qstr *name);
void nfs_proc_unlink_done(struct dentry *dir, struct rpc_message *msg);

#endif
