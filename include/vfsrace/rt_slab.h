/*
 * rt_slab.h - simulated slab allocator with use-after-free detection.
 *
 * In controlled mode every object gets pages of its own in an arena that is
 * reused, at the same addresses, by every execution.  kmem_cache_free()
 * makes the pages inaccessible (quarantine until the execution ends), so a
 * later access faults at the access itself; the runtime turns the fault
 * into an Oops naming the object, who freed it and at which step, and ends
 * the execution.  Double frees are reported the same way.  Objects still
 * allocated when an execution ends are reported as leaks.
 * In free mode this is calloc/free.
 */
#ifndef VFSRACE_RT_SLAB_H
#define VFSRACE_RT_SLAB_H

#include <stddef.h>

typedef struct rt_kmem_cache {
	const char *name;
	size_t size;
	int live; /* objects currently allocated in this execution */
} rt_kmem_cache_t;

void rt_kmem_cache_init(rt_kmem_cache_t *c, const char *name, size_t size);
void *rt_kmem_cache_alloc_at(rt_kmem_cache_t *c, const char *file, int line, const char *func);
void rt_kmem_cache_free_at(rt_kmem_cache_t *c, void *obj, const char *file, int line,
			   const char *func);
void *rt_kmalloc_at(size_t size, const char *file, int line, const char *func);
void rt_kfree_at(void *obj, const char *file, int line, const char *func);

/* Name an object for traces ("dentry foo/"); copied. */
void rt_obj_name(const void *obj, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The object's name, or a generated one ("obj#3"); valid until the next call. */
/* What rt_obj_describe() says of a global nobody named: no address (it
 * would change from process to process); callers name it by its marker. */
#define RT_OBJ_UNNAMED "an unnamed object"
const char *rt_obj_describe(const void *obj);
/* The name op's primitive (lock, counter, semaphore, wait queue) was
 * initialised with, when its memory may still be read; else NULL. */
struct rt_op;
const char *rt_prim_name(const struct rt_op *op);
/* What op touches, for a message: rt_obj_describe(), or for an unnamed
 * global its primitive's name, or "a global"; never an address. */
const char *rt_op_object(const struct rt_op *op);
/* Is obj a live (allocated, not freed) slab object of this execution? */
int rt_slab_is_live(const void *obj);
/* Number of objects still allocated, and a walk over them (end-of-run checks). */
int rt_slab_live_count(void);
void rt_slab_for_each_live(void (*fn)(void *obj, const char *cache, void *arg), void *arg);

#endif
