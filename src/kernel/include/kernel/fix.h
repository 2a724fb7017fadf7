/*
 * kernel/fix.h - the fix variants of the umount/prune race, one runtime
 * switch.
 *
 * VFS_FIX_NONE is 2.4.26 as shipped.  The others carry a proposed or merged
 * fix back onto the 2.4.26 code; each place a patch changed tests vfs_fix
 * and names the patch in a comment.  docs/port-map.md says how each text
 * was read and adapted.
 */
#ifndef VFSRACE_KERNEL_FIX_H
#define VFSRACE_KERNEL_FIX_H

enum vfs_fix_variant {
	VFS_FIX_NONE = 0,
	VFS_FIX_MOESTL_SEMAPHORE,
	VFS_FIX_MARCELO_RETRY,
	VFS_FIX_KOROTAEV,
	VFS_FIX_MAINLINE_S_UMOUNT,
	VFS_FIX_COUNT
};

/*
 * {name, origin} initialisers in enum order, so a model can build its own
 * fix table (struct model_fix has the same two fields):
 *	static const struct model_fix fixes[] = {VFS_FIX_ENTRIES};
 */
#define VFS_FIX_ENTRIES                                                                       \
	{"none", "Linux 2.4.26 as released (14 April 2004)"},                                 \
	    {"moestl-semaphore", "Thomas Moestl, linux-kernel 8 July 2004, quoted in "        \
				 "<20040709143242.GB11168@logos.cnet>; never merged"},        \
	    {"marcelo-retry", "Marcelo Tosatti's suggestion in "                              \
			      "<20040709143242.GB11168@logos.cnet>: kill_super's "            \
			      "shrink_dcache_parent loops again on a used dentry"},           \
	    {"korotaev", "Kirill Korotaev, <42822A2A.6000909@sw.ru> (May 2005), per-sb "      \
			 "dcache_shrinker list; in -mm until 2.6.16"},                        \
	{                                                                                     \
		"mainline-s_umount", "Neil Brown, \"Fix dcache race during umount\", merged " \
				     "2.6.18: prune_dcache(count, sb) + "                     \
				     "down_read_trylock(s_umount)"                            \
	}

struct vfs_fix_info {
	const char *name;
	const char *origin;
};

extern const struct vfs_fix_info vfs_fix_table[VFS_FIX_COUNT];

/* The variant in force; set by the model (vfs_init() leaves it alone). */
extern enum vfs_fix_variant vfs_fix;

/* Index of the named variant, or -1. */
int vfs_fix_lookup(const char *name);

#endif
