/* SPDX-License-Identifier: ISC */
/* The error numbers the library OS uses (values as in Linux, for familiarity).
 */
#ifndef UNI_LIBC_ERRNO_H
#define UNI_LIBC_ERRNO_H

#define EPERM 1
#define ENOENT 2
#define EIO 5
#define E2BIG 7
#define EAGAIN 11
#define ENOMEM 12
#define EBUSY 16
#define EEXIST 17
#define ENODEV 19
#define EINVAL 22
#define ENOSPC 28
#define ERANGE 34
#define ENOSYS 38
#define ENOTSUP 95
#define ETIMEDOUT 110

extern int errno;

#endif
