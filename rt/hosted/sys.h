/* SPDX-License-Identifier: ISC */
/*
 * Linux system calls for the hosted platform (appliance.platform = linux),
 * made with the syscall instruction: no libc. The numbers and structures
 * are Linux's user-space ABI headers (linux-libc-dev), never copies. A
 * call returns what the kernel returns: a result, or -errno.
 */
#ifndef UNI_HOSTED_SYS_H
#define UNI_HOSTED_SYS_H

#include <stddef.h>
#include <stdint.h>

#include <asm/unistd_64.h>

static inline long sys_call6(long n, long a, long b, long c, long d, long e,
			     long f)
{
	register long r10 __asm__("r10") = d;
	register long r8 __asm__("r8") = e;
	register long r9 __asm__("r9") = f;
	long ret;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8),
			   "r"(r9)
			 : "rcx", "r11", "memory");
	return ret;
}

static inline long sys_call3(long n, long a, long b, long c)
{
	return sys_call6(n, a, b, c, 0, 0, 0);
}

/* Write all of buf to fd (retrying short writes and EINTR); 0 or -errno. */
long uni_sys_write_all(int fd, const void *buf, size_t len);

/* exit_group(status): the process ends; never returns. */
__attribute__((noreturn)) void uni_sys_exit(int status);

#endif
