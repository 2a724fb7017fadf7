/*
 * kernel/ext2_fs_i.h - ext2's part of struct inode (2.4.26
 * include/linux/ext2_fs_i.h), cut down to the fields the ported paths
 * use.  Kept apart from kernel/ext2_fs.h, as 2.4.26 keeps it, because
 * struct inode (kernel/fs.h) embeds it.
 */
#ifndef VFSRACE_KERNEL_EXT2_FS_I_H
#define VFSRACE_KERNEL_EXT2_FS_I_H

#include <stdint.h>

#define EXT2_NDIR_BLOCKS 12
#define EXT2_N_BLOCKS	 15

struct ext2_inode_info {
	uint32_t i_data[EXT2_N_BLOCKS];
	uint32_t i_dtime;
	uint32_t i_block_group;
	/* Writer: ->i_prealloc*, under the BKL (2.4.26's comments) */
	uint32_t i_prealloc_block;
	uint32_t i_prealloc_count;
};

#endif
