/*
 * vmscan.c - port of Linux 2.4.26 mm/vmscan.c, reduced to kswapd's way
 * into the VFS shrinkers: kswapd() -> kswapd_balance() ->
 * kswapd_balance_pgdat() -> try_to_free_pages_zone() ->
 * shrink_dcache_memory() -> prune_dcache().
 *
 * No pages exist in the model: shrink_caches() frees nothing, so every
 * pass reaches the dcache and icache shrinkers, as under memory pressure
 * with nothing left to reclaim in the page cache.  One node, one zone that
 * needs balancing, one try per pass.
 */
#include "kernel/dcache.h"
#include "kernel/fs.h"
#include "kernel/vmscan.h"
#include "vfsrace/rt_frame.h"

#define SWAP_CLUSTER_MAX 32

int vm_vfs_scan_ratio;

/*
 * mm/vmscan.c: shrink_caches() (2.4.26 line 613) — no lock.  Departs:
 * kmem_cache_reap(), refill_inactive() and shrink_cache() have no pages to
 * free, so nr_pages comes back unchanged.
 */
static int shrink_caches(unsigned int gfp_mask, int nr_pages)
{
	RT_FRAME();
	return nr_pages;
}

/*
 * mm/vmscan.c: try_to_free_pages_zone() (2.4.26 line 630) — no lock.
 * Departs: one try instead of vm_passes; no swap_out(), no OOM path.
 * Returns 1 when enough pages were freed.
 */
int try_to_free_pages_zone(unsigned int gfp_mask)
{
	RT_FRAME();
	int nr_pages = SWAP_CLUSTER_MAX;

	nr_pages = shrink_caches(gfp_mask, nr_pages);
	if (nr_pages <= 0)
		return 1;
	shrink_dcache_memory(vm_vfs_scan_ratio, gfp_mask);
	shrink_icache_memory(vm_vfs_scan_ratio, (int)gfp_mask);
	return 0;
}

/*
 * mm/vmscan.c: kswapd_balance_pgdat() (2.4.26 line 703) — no lock.
 * Departs: a single zone that needs balancing; no need_resched or sleep.
 */
static int kswapd_balance_pgdat(void)
{
	RT_FRAME();
	try_to_free_pages_zone(GFP_KSWAPD);
	return 0;
}

/* mm/vmscan.c: kswapd_balance() (2.4.26 line 729) — no lock; one node */
static void kswapd_balance(void)
{
	RT_FRAME();
	int need_more_balance;

	do {
		need_more_balance = kswapd_balance_pgdat();
	} while (need_more_balance);
}

/*
 * mm/vmscan.c: kswapd() (2.4.26 line 782) — no lock.  One turn of its main
 * loop, woken with work to do; the wait on kswapd_wait and run_task_queue()
 * are left out.
 */
void kswapd_one_pass(void)
{
	RT_FRAME();
	kswapd_balance();
}

/* (re)initialise mm/vmscan.c's tunables for a new execution */
void vmscan_init(void)
{
	vm_vfs_scan_ratio = 6;
}
