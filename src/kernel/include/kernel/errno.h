/*
 * kernel/errno.h - the error numbers the port returns (as -E...), with the
 * values of 2.4.26 include/asm-i386/errno.h.  Only those the port uses.
 */
#ifndef VFSRACE_KERNEL_ERRNO_H
#define VFSRACE_KERNEL_ERRNO_H

#define EPERM  1
#define ENOENT 2
#define EINTR  4
#define EIO    5
#define ENOMEM 12
#define EBUSY  16
#define EISDIR 21
#define EINVAL 22
#define ENOSPC 28

#endif
