/* SPDX-License-Identifier: ISC */
/*
 * The network card of the hosted platform: a Linux TAP device, named by
 * net0.tap, opened through /dev/net/tun (TUNSETIFF, IFF_TAP | IFF_NO_PI:
 * whole Ethernet frames, no packet information header). Attaching to a
 * device that exists needs its owner's rights or CAP_NET_ADMIN; the
 * device, its address and its link state are the host's business (`ip
 * tuntap add NAME mode tap`, see docs/hosted.md). The descriptor is
 * non-blocking: the poller reads frames until none is left (a bounded
 * number per call, so that timers keep running under load), and the
 * event loop sleeps in ppoll() on it (rt/hosted/wait.c). A frame goes out
 * with one write(2); a full queue (EAGAIN) refuses it as a full ring does.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <linux/errno.h>
#include <linux/fcntl.h>
#include <linux/if_tun.h>
#include <linux/ioctl.h>

#include "hosted/hosted.h"
#include "hosted/sys.h"
#include "uni/boot.h"
#include "uni/config.h"
#include "uni/driver.h"
#include "uni/net.h"
#include "uni/time.h"

UNI_CONFIG_STRING(net0, tap, "unilink0",
		  "the TAP device the tap driver (linux) attaches to; it "
		  "must exist or the process needs CAP_NET_ADMIN to make it");

/*
 * TUNSETIFF's argument, struct ifreq of <linux/if.h>: the interface name,
 * then a union whose first member is the flags; 40 bytes on x86-64.
 * <linux/if.h> itself wants libc's <sys/socket.h>, which an image has not.
 */
#define IFNAMSIZ 16
struct tap_ifreq {
	char name[IFNAMSIZ];
	union {
		short flags;
		char size[24];
	} u;
};
_Static_assert(sizeof(struct tap_ifreq) == 40, "struct ifreq is 40 bytes");

#define TAP_FRAME_MAX 65536 /* whatever the host sends, read whole */
#define TAP_RX_BUDGET 64    /* frames per poll */

static struct {
	int fd;
	struct uni_netdev netdev;
	struct uni_poller poller;
	uint64_t rx_frames, tx_frames, tx_full, rx_errors;
} tap = {.fd = -1};

static uint8_t rx_buf[TAP_FRAME_MAX];

static const char *errno_name(long e)
{
	switch (e) {
	case EPERM:
		return "EPERM";
	case EACCES:
		return "EACCES";
	case ENOENT:
		return "ENOENT";
	case EBUSY:
		return "EBUSY";
	case EINVAL:
		return "EINVAL";
	case ENODEV:
		return "ENODEV";
	default:
		return "error";
	}
}

static bool tap_poll(void *arg)
{
	unsigned n;

	for (n = 0; n < TAP_RX_BUDGET; n++) {
		long r =
		    sys_call3(__NR_read, tap.fd, (long)rx_buf, sizeof(rx_buf));

		if (r == -EAGAIN || r == 0)
			break;
		if (r == -EINTR)
			continue;
		if (r < 0) {
			tap.rx_errors++;
			break;
		}
		tap.rx_frames++;
		uni_netdev_receive(&tap.netdev, rx_buf, (size_t)r);
	}
	return n > 0;
}

static int tap_transmit(struct uni_netdev *nd, const uint8_t *frame, size_t len)
{
	long r;

	do
		r = sys_call3(__NR_write, tap.fd, (long)frame, (long)len);
	while (r == -EINTR);
	if (r != (long)len) {
		tap.tx_full++;
		return -1;
	}
	tap.tx_frames++;
	return 0;
}

/* A locally administered unicast MAC, different per process. */
static void tap_mac(uint8_t mac[6])
{
	long pid = sys_call3(__NR_getpid, 0, 0, 0);

	mac[0] = 0x02;
	mac[1] = 0x75; /* 'u' */
	mac[2] = (uint8_t)(pid >> 24);
	mac[3] = (uint8_t)(pid >> 16);
	mac[4] = (uint8_t)(pid >> 8);
	mac[5] = (uint8_t)pid;
}

static int tap_open(const char *name)
{
	struct tap_ifreq ifr;
	long fd, r;

	if (strlen(name) == 0 || strlen(name) >= IFNAMSIZ) {
		printf("tap: net0.tap: expected an interface name of 1 to %d "
		       "characters, found '%s'\n",
		       IFNAMSIZ - 1, name);
		return -1;
	}
	fd = sys_call3(__NR_open, (long)"/dev/net/tun",
		       O_RDWR | O_NONBLOCK | O_CLOEXEC, 0);
	if (fd < 0) {
		printf("tap: cannot open /dev/net/tun: %s (%ld)\n",
		       errno_name(-fd), -fd);
		return -1;
	}
	memset(&ifr, 0, sizeof(ifr));
	memcpy(ifr.name, name, strlen(name));
	ifr.u.flags = IFF_TAP | IFF_NO_PI;
	r = sys_call3(__NR_ioctl, fd, TUNSETIFF, (long)&ifr);
	if (r < 0) {
		printf("tap: cannot attach to the TAP device %s: %s (%ld); "
		       "expected a device made with `ip tuntap add %s mode "
		       "tap [user USER]` or CAP_NET_ADMIN\n",
		       name, errno_name(-r), -r, name);
		sys_call3(__NR_close, fd, 0, 0);
		return -1;
	}
	return (int)fd;
}

static int tap_probe(void)
{
	return uni_boot_hosted() ? UNI_DRIVER_OK : UNI_DRIVER_ABSENT;
}

static int tap_init(void)
{
	const char *name = UNI_CFG_VAR(net0, tap);

	tap.fd = tap_open(name);
	if (tap.fd < 0 || uni_hosted_watch_fd(tap.fd) < 0)
		return UNI_DRIVER_FAILED;
	tap_mac(tap.netdev.mac);
	tap.netdev.name = "tap";
	tap.netdev.mtu = 1500;
	tap.netdev.transmit = tap_transmit;
	tap.poller.name = "tap";
	tap.poller.poll = tap_poll;
	uni_poller_register(&tap.poller);
	printf("tap: %s, fd %d\n", name, tap.fd);
	return uni_netdev_register(&tap.netdev) == NET_OK ? UNI_DRIVER_OK
							  : UNI_DRIVER_FAILED;
}

UNI_DRIVER(tap, "tap", UNI_DRIVER_NET, UNI_DRIVER_ON_LINUX, tap_probe,
	   tap_init);
