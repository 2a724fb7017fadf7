/*
 * kernel/vmscan.h - kswapd's path down to the dcache shrinker (mm/vmscan.c
 * of 2.4.26), with the page-cache work reduced to nothing.
 */
#ifndef VFSRACE_KERNEL_VMSCAN_H
#define VFSRACE_KERNEL_VMSCAN_H

/* GFP_KSWAPD (include/linux/mm.h): may call down into the filesystem. */
#define GFP_KSWAPD 0x1d0

/* The priority kswapd hands the VFS shrinkers; 6 in 2.4.26. */
extern int vm_vfs_scan_ratio;

void vmscan_init(void);
/* One turn of kswapd's main loop: kswapd_balance() -> ... ->
 * try_to_free_pages_zone() -> shrink_dcache_memory()/shrink_icache_memory(). */
void kswapd_one_pass(void);
int try_to_free_pages_zone(unsigned int gfp_mask);

#endif
