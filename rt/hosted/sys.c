/* SPDX-License-Identifier: ISC */
/* The few system calls wrapped as functions (sys.h). */
#include <linux/errno.h>

#include "hosted/sys.h"

long uni_sys_write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len > 0) {
		long n = sys_call3(__NR_write, fd, (long)p, (long)len);

		if (n == -EINTR || n == -EAGAIN)
			continue;
		if (n <= 0)
			return n < 0 ? n : -EIO;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

void uni_sys_exit(int status)
{
	for (;;)
		sys_call3(__NR_exit_group, status, 0, 0);
}
