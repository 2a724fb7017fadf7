/*
 * kernel/vfs.h - (re)initialising every global of the port.
 *
 * The runtime runs thousands of executions in one process, so a model's
 * set-up calls vfs_init() first: locks, lists, counters, caches and the
 * fix variants' state start afresh.  vfs_fix itself is not touched.
 */
#ifndef VFSRACE_KERNEL_VFS_H
#define VFSRACE_KERNEL_VFS_H

#include "kernel/fix.h"

void vfs_init(void);

#endif
