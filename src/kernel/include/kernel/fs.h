/*
 * kernel/fs.h - struct inode, struct super_block and their operations,
 * cut down from 2.4.26 include/linux/fs.h to the fields the lifetime code
 * on the umount/prune path touches.  Field names are the kernel's.
 */
#ifndef VFSRACE_KERNEL_FS_H
#define VFSRACE_KERNEL_FS_H

#include <sys/stat.h>
#include <vfsrace/linux/atomic.h>
#include <vfsrace/linux/list.h>
#include <vfsrace/linux/semaphore.h>
#include <vfsrace/linux/spinlock.h>
#include <vfsrace/linux/wait.h>

#include "kernel/ext2_fs_i.h"

struct dentry;
struct inode;
struct qstr;
struct super_block;
struct vfsmount;

/* i_state bits (include/linux/fs.h) */
#define I_DIRTY_SYNC	 1
#define I_DIRTY_DATASYNC 2
#define I_DIRTY_PAGES	 4
#define I_LOCK		 8
#define I_FREEING	 16
#define I_CLEAR		 32
#define I_NEW		 64
#define I_DIRTY		 (I_DIRTY_SYNC | I_DIRTY_DATASYNC | I_DIRTY_PAGES)

/* s_flags */
#define MS_RDONLY 1
#define MS_NOUSER (1 << 31)
#define MS_ACTIVE (1 << 30)

/* fs_flags */
#define FS_REQUIRES_DEV 1
#define FS_SINGLE	8
#define FS_NOMOUNT	16
#define FS_LITTER	32

/* umount flags */
#define MNT_FORCE  1
#define MNT_DETACH 2

/* super_block.s_count bias while the superblock has active references */
#define S_BIAS (1 << 30)

struct inode_operations {
	int (*create)(struct inode *dir, struct dentry *dentry, int mode);
	struct dentry *(*lookup)(struct inode *dir, struct dentry *dentry);
	int (*unlink)(struct inode *dir, struct dentry *dentry);
	int (*mkdir)(struct inode *dir, struct dentry *dentry, int mode);
};

struct inode {
	struct list_head i_hash;
	struct list_head i_list;   /* inode_in_use / inode_unused / s_dirty */
	struct list_head i_dentry; /* aliases: dentries' d_alias */
	unsigned long i_ino;
	atomic_t i_count;
	unsigned short i_mode;
	unsigned int i_nlink;
	struct inode_operations *i_op;
	struct super_block *i_sb;
	wait_queue_head_t i_wait;
	struct semaphore i_sem;
	unsigned long i_state;
	long long i_size;
	unsigned long i_blocks;	       /* 512-byte sectors */
	void *i_private;	       /* 2.4's u.generic_ip */
	struct ext2_inode_info i_ext2; /* 2.4's u.ext2_i */
};

struct super_operations {
	struct inode *(*alloc_inode)(struct super_block *);
	void (*destroy_inode)(struct inode *);
	void (*read_inode)(struct inode *);
	void (*write_inode)(struct inode *, int);
	void (*put_inode)(struct inode *);
	void (*delete_inode)(struct inode *);
	void (*put_super)(struct super_block *);
	void (*write_super)(struct super_block *);
	void (*clear_inode)(struct inode *);
	void (*umount_begin)(struct super_block *);
};

struct file_system_type {
	const char *name;
	int fs_flags;
	struct super_block *(*read_super)(struct super_block *, void *, int);
	struct list_head fs_supers;
};

struct dcache_shrinker;

struct super_block {
	struct list_head s_list; /* on super_blocks */
	int s_count;		 /* under sb_lock */
	atomic_t s_active;
	unsigned long s_flags;
	int s_dirt;
	unsigned long s_blocksize;
	struct file_system_type *s_type;
	struct super_operations *s_op;
	struct dentry *s_root;
	struct rw_semaphore s_umount;
	struct semaphore s_lock;
	struct list_head s_dirty; /* dirty inodes */
	struct list_head s_locked_inodes;
	struct list_head s_instances;
	/* korotaev: dentries pinned only by a dying child (s_dshrinkers) */
	struct list_head s_dshrinkers;
	void *s_fs_info; /* 2.4's u.generic_sbp */
};

struct inodes_stat_t {
	int nr_inodes;
	int nr_unused;
};

extern struct inodes_stat_t inodes_stat;
extern struct list_head super_blocks;
extern spinlock_t sb_lock;

/* fs/inode.c */
void inode_init(void);
struct inode *new_inode(struct super_block *sb);
struct inode *iget(struct super_block *sb, unsigned long ino);
struct inode *igrab(struct inode *inode);
void insert_inode_hash(struct inode *inode);
void remove_inode_hash(struct inode *inode);
void iput(struct inode *inode);
void clear_inode(struct inode *inode);
void __mark_inode_dirty(struct inode *inode, int flags);
#define mark_inode_dirty(inode) __mark_inode_dirty((inode), I_DIRTY)
void write_inode_now(struct inode *inode, int sync);
void sync_inodes_sb(struct super_block *sb);
int invalidate_inodes(struct super_block *sb);
void prune_icache(int goal);
int shrink_icache_memory(int priority, int gfp_mask);

/* fs/super.c */
void super_init(void);
struct vfsmount *do_kern_mount(struct file_system_type *type, int flags, void *data);
void kill_super(struct super_block *sb);
void lock_super(struct super_block *sb);
void unlock_super(struct super_block *sb);

#endif
