/*
 * kernel/dcache.h - the 2.4.26 dentry cache (include/linux/dcache.h).
 *
 * All dcache lists and d_count transitions happen under dcache_lock, as in
 * 2.4.26; d_count is an atomic_t so that dput() can use
 * atomic_dec_and_lock() exactly as the kernel does.
 */
#ifndef VFSRACE_KERNEL_DCACHE_H
#define VFSRACE_KERNEL_DCACHE_H

#include <vfsrace/linux/atomic.h>
#include <vfsrace/linux/list.h>
#include <vfsrace/linux/semaphore.h>
#include <vfsrace/linux/spinlock.h>

struct inode;
struct super_block;

#define IS_ROOT(x) ((x) == (x)->d_parent)

struct qstr {
	const unsigned char *name;
	unsigned int len;
	unsigned int hash;
};

struct dentry_stat_t {
	int nr_dentry;
	int nr_unused;
	int age_limit;
	int want_pages;
};

#define DNAME_INLINE_LEN 16

struct dentry {
	atomic_t d_count;
	unsigned int d_flags;
	struct inode *d_inode; /* NULL: negative dentry */
	struct dentry *d_parent;
	struct list_head d_hash;  /* hash chain */
	struct list_head d_lru;	  /* dentry_unused when d_count == 0 */
	struct list_head d_child; /* on the parent's d_subdirs */
	struct list_head d_subdirs;
	struct list_head d_alias; /* on the inode's i_dentry */
	int d_mounted;
	struct qstr d_name;
	struct dentry_operations *d_op;
	struct super_block *d_sb;
	unsigned long d_vfs_flags;
	void *d_fsdata;
	unsigned char d_iname[DNAME_INLINE_LEN];
};

struct dentry_operations {
	int (*d_delete)(struct dentry *);
	void (*d_release)(struct dentry *);
	void (*d_iput)(struct dentry *, struct inode *);
};

/* d_vfs_flags */
#define DCACHE_REFERENCED 0x0008

extern spinlock_t dcache_lock;
extern struct dentry_stat_t dentry_stat;
extern struct list_head dentry_unused;

/* moestl-semaphore: serialises the purging users of dentry_unused */
extern struct semaphore dcache_lru_sem;

static inline unsigned int full_name_hash(const unsigned char *name, unsigned int len)
{
	unsigned long hash = 0;

	while (len--) {
		unsigned long c = *name++;

		hash = (hash + (c << 4) + (c >> 4)) * 11;
	}
	return (unsigned int)hash;
}

void dcache_init(void);

struct dentry *dget(struct dentry *dentry);
struct dentry *dget_locked(struct dentry *dentry);
void dput(struct dentry *dentry);
int d_invalidate(struct dentry *dentry);
void prune_dcache(int count, struct super_block *sb);
void shrink_dcache_sb(struct super_block *sb);
int have_submounts(struct dentry *parent);
void shrink_dcache_parent(struct dentry *parent);
int shrink_dcache_memory(int priority, unsigned int gfp_mask);
struct dentry *d_alloc(struct dentry *parent, const struct qstr *name);
void d_instantiate(struct dentry *entry, struct inode *inode);
struct dentry *d_alloc_root(struct inode *root_inode);
struct dentry *d_lookup(struct dentry *parent, struct qstr *name);
void d_delete(struct dentry *dentry);
void d_rehash(struct dentry *entry);
void d_drop(struct dentry *dentry);
void d_add(struct dentry *entry, struct inode *inode);
int d_unhashed(struct dentry *dentry);
int d_mountpoint(struct dentry *dentry);

/* korotaev: wait until no dying child pins a dentry of sb (at umount) */
void dcache_shrinker_wait_sb(struct super_block *sb);

#endif
