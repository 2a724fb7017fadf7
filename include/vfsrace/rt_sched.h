/*
 * rt_sched.h - scheduling points and access markers, the port's view.
 *
 * Under the controlled runtime each call stops the running thread, lets the
 * scheduler pick the next thread, and performs its operation only when this
 * thread is chosen again.  Outside an execution (model set-up, free mode)
 * they cost a branch.
 *
 * RT_HERE expands to the three location arguments (file, line, function).
 */
#ifndef VFSRACE_RT_SCHED_H
#define VFSRACE_RT_SCHED_H

#include "rt_op.h"

#define RT_HERE __FILE__, __LINE__, __func__

void rt_sched_point_at(const char *file, int line, const char *func);
void rt_yield_at(const char *file, int line, const char *func);
void rt_access_at(const volatile void *obj, enum rt_access access, const char *what,
		  const char *file, int line, const char *func);
void rt_access_racy_at(const volatile void *obj, enum rt_access access, const char *what,
		       const char *file, int line, const char *func);
void rt_access_node_at(const volatile void *obj, const volatile void *node, enum rt_access access,
		       const char *what, const char *file, int line, const char *func);

/* A scheduling point that touches nothing: lets others run here. */
#define sched_point() rt_sched_point_at(RT_HERE)
/* A retry loop's "let someone else make progress" hint (cpu_relax, yield):
 * after a span of steps that only read, an await (the thread waits until
 * another changes what it read); otherwise a plain scheduling point. */
#define rt_yield() rt_yield_at(RT_HERE)
/* Plain accesses to shared data: what names the field or list touched. */
#define RT_READ(obj, what)  rt_access_at((obj), RT_READ, (what), RT_HERE)
#define RT_WRITE(obj, what) rt_access_at((obj), RT_WRITE, (what), RT_HERE)
/* A plain read the kernel does without the lock on purpose, and whose
 * race it accepts (KCSAN's data_race()): a scheduling point like RT_READ,
 * but --races lists its races as accepted instead of reporting them.
 * Each use says in a comment why 2.4.26 accepts it. */
#define RT_READ_RACY(obj, what) rt_access_racy_at((obj), RT_READ, (what), RT_HERE)
/* A list operation: marked on the list (obj) like RT_WRITE, and writing
 * the entry `node`, which sits in the object it links (a dentry, an
 * inode): the step conflicts with a free of that object. */
#define RT_LIST_WRITE(obj, node, what) rt_access_node_at((obj), (node), RT_WRITE, (what), RT_HERE)

#endif
