/*
 * nfs_dir.c - a small NFS client filesystem for the nfs_unlink model: the
 * parts of 2.4.26 fs/nfs/dir.c (lookup, silly rename, unlink, the dentry
 * operations), fs/nfs/inode.c (read_super, put_super) and fs/nfs/proc.c
 * (the async remove) that the async-unlink path goes through.
 *
 * The "server" is a name table in the superblock's private data, reached
 * by rpc procedures (kernel/sunrpc.h) or, for synchronous calls, directly.
 * Inodes are hashed and found with iget(), as NFS finds them by file handle.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <vfsrace/linux/kernel.h>
#include <vfsrace/linux/slab.h>
#include <vfsrace/linux/smp_lock.h>
#include <vfsrace/linux/spinlock.h>
#include <vfsrace/rt_report.h>
#include <vfsrace/rt_sched.h>
#include <vfsrace/rt_slab.h>

#include "kernel/dirtab.h"
#include "kernel/errno.h"
#include "kernel/nfs_fs.h"
#include "vfsrace/rt_frame.h"

#define NFS_ROOT_INO 1

/* sb->u.nfs_sb: the client's rpc_clnt, and the server's table it talks to */
struct nfs_sb_info {
	struct dirtab server; /* the server's namespace */
	struct rpc_clnt client;
};

/* What nfs_mount() hands read_super: the names already on the server. */
struct nfs_mount_data {
	const char *const *paths;
	int npaths;
};

/* NFSPROC_REMOVE's arguments (fs/nfs/proc.c: nfs_proc_unlink_setup kmallocs them) */
struct nfs_unlinkargs {
	struct nfs_sb_info *server;
	unsigned long dir_ino; /* the file handle */
	const struct qstr *name;
};

static struct inode_operations nfs_dir_inode_operations;
static struct inode_operations nfs_file_inode_operations;
static struct super_operations nfs_sops;
static struct dentry_operations nfs_dentry_operations;
static unsigned int sillycounter;
int nfs_silly_renames, nfs_silly_removes;

static struct nfs_sb_info *NFS_SB(struct super_block *sb)
{
	RT_READ(&sb->s_fs_info, "s_fs_info");
	return sb->s_fs_info;
}

static struct super_block *nfs_inode_sb(struct inode *inode)
{
	RT_READ(&inode->i_sb, "i_sb");
	return inode->i_sb;
}

/* The rpc procedure of an async remove: runs "on the server" at transmit. */
static int nfs_proc_remove_rpc(void *argp)
{
	struct nfs_unlinkargs *args = argp;
	int status =
	    dirtab_remove(&args->server->server, args->dir_ino, args->name->name, args->name->len);

	if (status == 0)
		nfs_silly_removes++;
	return status;
}

/* fs/nfs/inode.c: NFS_CLIENT(inode) (2.4.26 macro) */
struct rpc_clnt *nfs_client(struct inode *inode)
{
	RT_FRAME();
	return &NFS_SB(nfs_inode_sb(inode))->client;
}

/* fs/nfs/inode.c: nfs_zap_caches() (2.4.26) — any lock; the attribute cache is stale */
void nfs_zap_caches(struct inode *inode)
{
	RT_FRAME();
	RT_WRITE(&inode->i_private, "NFS_CACHEINV");
	inode->i_private = (void *)((uintptr_t)inode->i_private + 1);
}

/* fs/nfs/proc.c: nfs_proc_unlink_setup() (2.4.26) — BKL held (rpciod) */
int nfs_proc_unlink_setup(struct rpc_message *msg, struct dentry *dir, struct qstr *name)
{
	RT_FRAME();
	struct nfs_unlinkargs *arg;
	struct inode *dir_i;

	arg = kmalloc(sizeof(*arg), GFP_KERNEL);
	if (!arg)
		return -ENOMEM;
	RT_READ(&dir->d_inode, "read d_inode");
	dir_i = dir->d_inode;
	arg->server = NFS_SB(nfs_inode_sb(dir_i));
	arg->dir_ino = dir_i->i_ino;
	arg->name = name;
	msg->rpc_proc = nfs_proc_remove_rpc;
	msg->rpc_argp = arg;
	return 0;
}

/* fs/nfs/proc.c: nfs_proc_unlink_done() (2.4.26) — BKL held (rpciod) */
void nfs_proc_unlink_done(struct dentry *dir, struct rpc_message *msg)
{
	RT_FRAME();
	if (msg->rpc_argp) {
		RT_READ(&dir->d_inode, "read d_inode");
		nfs_zap_caches(dir->d_inode);
		kfree(msg->rpc_argp);
		msg->rpc_argp = NULL;
	}
}

/* fs/nfs/inode.c: nfs_fill_inode via read_inode — iget() of an I_NEW inode */
static void nfs_read_inode(struct inode *inode)
{
	struct nfs_sb_info *server = NFS_SB(nfs_inode_sb(inode));
	unsigned short mode = S_IFDIR | 0755;

	if (inode->i_ino != NFS_ROOT_INO)
		mode = dirtab_mode(&server->server, inode->i_ino);
	inode->i_mode = mode;
	inode->i_op = S_ISDIR(mode) ? &nfs_dir_inode_operations : &nfs_file_inode_operations;
}

/* fs/nfs/dir.c: nfs_lookup() (2.4.26) — dir->i_sem held; no lock on exit */
static struct dentry *nfs_lookup(struct inode *dir, struct dentry *dentry)
{
	RT_FRAME();
	struct nfs_sb_info *server = NFS_SB(nfs_inode_sb(dir));
	unsigned long ino;
	struct inode *inode = NULL;

	RT_WRITE(&dentry->d_op, "d_op = nfs_dentry_operations");
	dentry->d_op = &nfs_dentry_operations;
	ino = dirtab_ino(&server->server, dir->i_ino, dentry->d_name.name, dentry->d_name.len);
	if (ino)
		inode = iget(dir->i_sb, ino);
	d_add(dentry, inode);
	return NULL;
}

static unsigned int dentry_flags(struct dentry *dentry)
{
	RT_READ(&dentry->d_flags, "d_flags");
	return dentry->d_flags;
}

/* fs/nfs/dir.c: nfs_dentry_delete() (2.4.26) — dcache_lock held (from dput) */
static int nfs_dentry_delete(struct dentry *dentry)
{
	RT_FRAME();
	if (dentry_flags(dentry) & DCACHE_NFSFS_RENAMED) {
		/* Unhash it, so that ->d_iput() would be called */
		return 1;
	}
	RT_READ(&dentry->d_sb->s_flags, "test MS_ACTIVE");
	if (!(dentry->d_sb->s_flags & MS_ACTIVE)) {
		/* Unhash it, so that ancestors of killed async unlink
		 * files will be cleaned up during umount */
		return 1;
	}
	return 0;
}

/*
 * fs/nfs/dir.c: nfs_dentry_iput() (2.4.26) — dcache_lock dropped by
 * dentry_iput(); no lock on exit.  Departs: no is_bad_inode() check.
 */
static void nfs_dentry_iput(struct dentry *dentry, struct inode *inode)
{
	RT_FRAME();
	if (dentry_flags(dentry) & DCACHE_NFSFS_RENAMED) {
		lock_kernel();
		nfs_complete_unlink(dentry);
		unlock_kernel();
	}
	iput(inode);
}

/*
 * What fs/dcache.c: d_move() (2.4.26) does to the dentry it moves, for a
 * silly rename in the same directory: unhashed, renamed, hashed again
 * (d_move() is not ported).  BKL and dir->i_sem held.
 */
static void nfs_silly_d_move(struct dentry *dentry, const char *silly)
{
	RT_FRAME();
	unsigned int len = (unsigned int)strlen(silly);

	d_drop(dentry);
	spin_lock(&dcache_lock);
	RT_WRITE(&dentry->d_name, "d_name = silly name");
	memcpy(dentry->d_iname, silly, len + 1);
	dentry->d_name.name = dentry->d_iname;
	dentry->d_name.len = len;
	dentry->d_name.hash = full_name_hash(dentry->d_name.name, len);
	spin_unlock(&dcache_lock);
	d_rehash(dentry);
}

/*
 * fs/nfs/dir.c: nfs_sillyrename() (2.4.26) — BKL and dir->i_sem held.
 * Departs: no lookup_one_len() of the silly name and no d_move(): the
 * dentry is renamed in place by nfs_silly_d_move() (what d_move() leaves
 * for it: hashed under the new name); the silly name is ".nfs<counter>"
 * to fit the table.
 */
static int nfs_sillyrename(struct inode *dir, struct dentry *dentry)
{
	RT_FRAME();
	struct nfs_sb_info *server = NFS_SB(nfs_inode_sb(dir));
	char silly[DNAME_INLINE_LEN];
	int error = -EIO;

	if (atomic_read(&dentry->d_count) == 1)
		goto out; /* No need to silly rename. */
	error = -EBUSY;
	if (dentry_flags(dentry) & DCACHE_NFSFS_RENAMED)
		goto out;

	sillycounter++;
	snprintf(silly, sizeof(silly), ".nfs%x", sillycounter);
	nfs_zap_caches(dir);
	error = dirtab_rename(&server->server, dir->i_ino, dentry->d_name.name, dentry->d_name.len,
			      silly);
	if (!error) {
		nfs_silly_renames++;
		nfs_silly_d_move(dentry, silly);
		error = nfs_async_unlink(dentry);
	}
out:
	return error;
}

/*
 * fs/nfs/dir.c: nfs_safe_remove() (2.4.26) — BKL and dir->i_sem held.
 * Departs: the RENAMED short cut is kept, the attribute-cache steps are one
 * nfs_zap_caches().
 */
static int nfs_safe_remove(struct dentry *dentry)
{
	RT_FRAME();
	struct inode *dir, *inode;
	int error = -EBUSY, rehash = 0;

	RT_READ(&dentry->d_parent->d_inode, "read d_inode");
	dir = dentry->d_parent->d_inode;
	RT_READ(&dentry->d_inode, "read d_inode");
	inode = dentry->d_inode;
	if (!d_unhashed(dentry)) {
		d_drop(dentry);
		rehash = 1;
	}
	if (atomic_read(&dentry->d_count) > 1)
		goto out;
	if (dentry_flags(dentry) & DCACHE_NFSFS_RENAMED) {
		error = 0;
		goto out_delete;
	}
	nfs_zap_caches(dir);
	error = dirtab_remove(&NFS_SB(nfs_inode_sb(dir))->server, dir->i_ino, dentry->d_name.name,
			      dentry->d_name.len);
	if (error < 0)
		goto out;
	if (inode) {
		RT_WRITE(&inode->i_nlink, "i_nlink--");
		inode->i_nlink--;
	}
out_delete:
	d_delete(dentry);
out:
	if (rehash)
		d_rehash(dentry);
	return error;
}

/* fs/nfs/dir.c: nfs_unlink() (2.4.26) — BKL and dir->i_sem held */
static int nfs_unlink(struct inode *dir, struct dentry *dentry)
{
	RT_FRAME();
	int error = nfs_sillyrename(dir, dentry);

	if (error && error != -EBUSY)
		error = nfs_safe_remove(dentry);
	return error;
}

/*
 * fs/nfs/inode.c: nfs_put_super() (2.4.26) — BKL and lock_super held
 * (kill_super).  rpc_shutdown_client() kills the client's tasks and sleeps
 * until they are gone; rpciod_down() until rpciod has exited.
 */
static void nfs_put_super(struct super_block *sb)
{
	RT_FRAME();
	struct nfs_sb_info *server = NFS_SB(sb);

	rpc_shutdown_client(&server->client);
	rpciod_down();
	kfree(server);
	RT_WRITE(&sb->s_fs_info, "s_fs_info = NULL");
	sb->s_fs_info = NULL;
}

/* Put "a/b/" style paths on the server, parents first. */
static int nfs_server_populate(struct nfs_sb_info *server, const struct nfs_mount_data *d)
{
	for (int i = 0; d && i < d->npaths; i++) {
		const char *p = d->paths[i];
		unsigned long dir = NFS_ROOT_INO;

		for (;;) {
			size_t len = strcspn(p, "/");
			int is_dir = p[len] == '/';
			const unsigned char *name = (const unsigned char *)p;
			long ino = (long)dirtab_ino(&server->server, dir, name, (unsigned int)len);

			if (!ino)
				ino =
				    dirtab_add(&server->server, dir, name, (unsigned int)len,
					       is_dir || p[len] ? S_IFDIR | 0755 : S_IFREG | 0644);
			if (ino < 0)
				return (int)ino;
			p += len + is_dir;
			if (!*p)
				break;
			dir = (unsigned long)ino;
		}
	}
	return 0;
}

/* fs/nfs/inode.c: nfs_read_super() (2.4.26) — s_umount write-held; rpciod_up() */
static struct super_block *nfs_read_super(struct super_block *sb, void *data, int silent)
{
	RT_FRAME();
	struct nfs_sb_info *server;
	struct inode *root;
	struct dentry *root_dentry;

	RT_WRITE(&sb->s_op, "s_op = &nfs_sops");
	sb->s_op = &nfs_sops;
	server = kmalloc(sizeof(*server), GFP_KERNEL);
	if (!server)
		return NULL;
	memset(server, 0, sizeof(*server));
	dirtab_init(&server->server, NFS_ROOT_INO);
	rt_atomic_init(&server->client.cl_users, 0, "cl_users", true);
	rt_obj_name(server, "nfs server");
	if (nfs_server_populate(server, data) < 0) {
		kfree(server);
		return NULL;
	}
	RT_WRITE(&sb->s_fs_info, "s_fs_info = server");
	sb->s_fs_info = server;
	rpciod_up();

	root = iget(sb, NFS_ROOT_INO);
	if (!root)
		goto fail;
	root_dentry = d_alloc_root(root);
	if (!root_dentry) {
		iput(root);
		goto fail;
	}
	root_dentry->d_op = &nfs_dentry_operations;
	RT_WRITE(&sb->s_root, "s_root = root");
	sb->s_root = root_dentry;
	return sb;
fail:
	nfs_put_super(sb);
	return NULL;
}

struct file_system_type nfs_fs_type = {
    .name = "nfs",
    .fs_flags = 0,
    .read_super = nfs_read_super,
};

int nfs_mount(struct model_mount *m, const char *const *paths, int npaths)
{
	struct nfs_mount_data d = {paths, npaths};

	return mount_nodev(m, &nfs_fs_type, &d);
}

/* (re)initialise the NFS client's statics, rpc and unlink state */
void nfs_init(void)
{
	memset(&nfs_dir_inode_operations, 0, sizeof(nfs_dir_inode_operations));
	nfs_dir_inode_operations.lookup = nfs_lookup;
	nfs_dir_inode_operations.unlink = nfs_unlink;
	memset(&nfs_file_inode_operations, 0, sizeof(nfs_file_inode_operations));
	memset(&nfs_sops, 0, sizeof(nfs_sops));
	nfs_sops.read_inode = nfs_read_inode;
	nfs_sops.put_super = nfs_put_super;
	memset(&nfs_dentry_operations, 0, sizeof(nfs_dentry_operations));
	nfs_dentry_operations.d_delete = nfs_dentry_delete;
	nfs_dentry_operations.d_iput = nfs_dentry_iput;
	INIT_LIST_HEAD(&nfs_fs_type.fs_supers);
	sillycounter = 0;
	nfs_silly_renames = nfs_silly_removes = 0;
	rpc_init();
	nfs_unlink_init();
}
