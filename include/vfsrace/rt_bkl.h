/*
 * rt_bkl.h - the big kernel lock.
 *
 * Recursive per thread, as lock_kernel() is.  As in 2.4's schedule(), a
 * thread that sleeps while holding it releases it and takes it back before
 * it runs again.
 */
#ifndef VFSRACE_RT_BKL_H
#define VFSRACE_RT_BKL_H

void rt_lock_kernel_at(const char *file, int line, const char *func);
void rt_unlock_kernel_at(const char *file, int line, const char *func);
int rt_kernel_locked(void);

#endif
