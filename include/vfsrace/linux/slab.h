/* linux/slab.h names on the vfsrace runtime. */
#ifndef VFSRACE_LINUX_SLAB_H
#define VFSRACE_LINUX_SLAB_H

#include "../rt_sched.h"
#include "../rt_slab.h"

typedef rt_kmem_cache_t kmem_cache_t;
#define GFP_KERNEL		 0x1f0
#define __GFP_FS		 0x100
#define kmem_cache_alloc(c, gfp) rt_kmem_cache_alloc_at((c), RT_HERE)
#define kmem_cache_free(c, o)	 rt_kmem_cache_free_at((c), (o), RT_HERE)
#define kmalloc(size, gfp)	 rt_kmalloc_at((size), RT_HERE)
#define kfree(o)		 rt_kfree_at((o), RT_HERE)

#endif
