/*
 * kernel/memfs.h - a tiny in-memory filesystem (not a port): directories
 * in a table of its own, hashed inodes, nothing that sleeps.  Models mount
 * it through kernel/localfs.h.
 */
#ifndef VFSRACE_KERNEL_MEMFS_H
#define VFSRACE_KERNEL_MEMFS_H

#include "kernel/fs.h"

extern struct file_system_type memfs_fs_type;

void memfs_init(void);

#endif
