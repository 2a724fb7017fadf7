/*
 * kernel/dirtab.h - a directory table: the names a filesystem's directories
 * hold, where a disk filesystem keeps them in directory blocks and an NFS
 * server on its disk.  Not a port: memfs and ext2 use it instead of
 * directory blocks (ext2's fs/ext2/dir.c and namei.c are not on the race
 * paths), the NFS client model as its server's namespace.
 *
 * Each table function takes the table's spinlock itself and is one marked
 * read or write of the table (the object its markers name is the table).
 */
#ifndef VFSRACE_KERNEL_DIRTAB_H
#define VFSRACE_KERNEL_DIRTAB_H

#include <vfsrace/linux/spinlock.h>

#include "kernel/dcache.h"
#include "kernel/fs.h"

#define DIRTAB_ENTRIES 32

struct dirtab_entry {
	int used;
	unsigned long dir_ino;
	unsigned long ino;
	unsigned short mode;
	unsigned int len;
	char name[DNAME_INLINE_LEN];
};

struct dirtab {
	spinlock_t lock;
	unsigned long last_ino; /* inode numbers are handed out in order */
	struct dirtab_entry e[DIRTAB_ENTRIES];
};

/* An empty table whose root directory is inode root_ino. */
void dirtab_init(struct dirtab *t, unsigned long root_ino);
/* The inode number of name in directory dir_ino, or 0. */
unsigned long dirtab_ino(struct dirtab *t, unsigned long dir_ino, const unsigned char *name,
			 unsigned int len);
/* The mode of inode ino, or 0 when no entry names it. */
unsigned short dirtab_mode(struct dirtab *t, unsigned long ino);
/* Add name to dir_ino with a new inode number: the number, or -ENOSPC. */
long dirtab_add(struct dirtab *t, unsigned long dir_ino, const unsigned char *name,
		unsigned int len, unsigned short mode);
/* Remove name from dir_ino: 0 or -ENOENT. */
int dirtab_remove(struct dirtab *t, unsigned long dir_ino, const unsigned char *name,
		  unsigned int len);
/* Rename name to newname within dir_ino: 0 or -ENOENT. */
int dirtab_rename(struct dirtab *t, unsigned long dir_ino, const unsigned char *name,
		  unsigned int len, const char *newname);

/*
 * Directory operations over the table, for a filesystem whose
 * sb->s_fs_info starts with its struct dirtab: lookup (iget() of the
 * entry's inode, d_add()), create, mkdir (a new entry, iget(),
 * d_instantiate()), unlink (the entry goes, i_nlink drops), and the
 * read_inode that gives an inode its mode and these operations.
 */
extern struct inode_operations dirtab_dir_iops;
void dirtab_read_inode(struct inode *inode, unsigned long root_ino);

#endif
