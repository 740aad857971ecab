/* SPDX-License-Identifier: ISC */
/*
 * The halt of the hosted event loop: where a VM runs `sti; hlt` until an
 * interrupt or the timer, a process sleeps in ppoll() on the descriptors
 * its drivers read (the TAP device), at most until the next deadline. A
 * frame that arrives after a poller looked is still in the descriptor's
 * queue, so ppoll() returns at once: no wake-up is lost.
 */
#include <linux/errno.h>
#include <linux/poll.h>
#include <linux/time_types.h>

#include "hosted/hosted.h"
#include "hosted/sys.h"
#include "uni/boot.h"
#include "uni/time.h"

#define MAX_WATCHED 8

static struct pollfd watched[MAX_WATCHED];
static unsigned nwatched;

int uni_hosted_watch_fd(int fd)
{
	if (nwatched == MAX_WATCHED)
		return -1;
	watched[nwatched].fd = fd;
	watched[nwatched].events = POLLIN;
	nwatched++;
	return 0;
}

void uni_hosted_wait(uint64_t deadline_ns)
{
	struct __kernel_timespec ts, *timeout = NULL;
	uint64_t now = uni_now_ns(), left;
	long r;

	if (deadline_ns != UINT64_MAX) {
		left = deadline_ns > now ? deadline_ns - now : 0;
		ts.tv_sec = (long long)(left / UNI_NSEC_PER_SEC);
		ts.tv_nsec = (long long)(left % UNI_NSEC_PER_SEC);
		timeout = &ts;
	}
	r = sys_call6(__NR_ppoll, (long)watched, nwatched, (long)timeout, 0, 0,
		      0);
	if (r < 0 && r != -EINTR)
		uni_panic("ppoll on %u descriptors: error %ld", nwatched, -r);
}
