/*
 * fix.c - the table of fix variants and the switch the port reads.
 */
#include <string.h>

#include "kernel/fix.h"

const struct vfs_fix_info vfs_fix_table[VFS_FIX_COUNT] = {VFS_FIX_ENTRIES};

enum vfs_fix_variant vfs_fix = VFS_FIX_NONE;

int vfs_fix_lookup(const char *name)
{
	int i;

	for (i = 0; i < VFS_FIX_COUNT; i++)
		if (strcmp(vfs_fix_table[i].name, name) == 0)
			return i;
	return -1;
}
