/* linux/kernel.h names (printk, BUG) on the vfsrace runtime. */
#ifndef VFSRACE_LINUX_KERNEL_H
#define VFSRACE_LINUX_KERNEL_H

#include "../rt_report.h"
#include "../rt_sched.h"

#define KERN_ERR     ""
#define KERN_WARNING ""
#define KERN_DEBUG   ""
#define printk(...)  rt_printk(__VA_ARGS__)
#define BUG()	     rt_bug_at(RT_HERE, "BUG()")
#define BUG_ON(c)                               \
	do {                                    \
		if (c)                          \
			rt_bug_at(RT_HERE, #c); \
	} while (0)
/* cpu_relax()/yield(): a retry loop's turn; after a span that only read it
 * waits until another thread changes what it read (docs/runtime.md). */
#define cpu_relax() rt_yield()
#define yield()	    rt_yield()

#endif
