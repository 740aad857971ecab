/* SPDX-License-Identifier: ISC */
/*
 * The I/O edge of the stack: net0 as one struct netif bound to the device
 * its driver registers, the clock read for each input and tick, a timer
 * that runs the stack's timeouts, and the application API of <uni/net.h>,
 * which forwards to the sans-I/O functions of rt/net/.
 */
#include <stdio.h>
#include <string.h>

#include "net/netif.h"
#include "uni/config.h"
#include "uni/cpu.h"
#include "uni/net.h"
#include "uni/time.h"

UNI_CONFIG_EXTERN_BOOL(net0, dhcp);
UNI_CONFIG_EXTERN_IPV4(net0, ipv4);
UNI_CONFIG_EXTERN_IPV4(net0, gateway);
UNI_CONFIG_EXTERN_MAC(net0, mac);
UNI_CONFIG_EXTERN_INT(net0, dhcp_retry_ms);

#define NET_TICK_NS (100 * UNI_NSEC_PER_MSEC)

static struct netif net0;
static struct uni_netdev *net0_dev;
static struct uni_timer net0_timer;

static int net0_output(void *ctx, const uint8_t *frame, size_t len)
{
	struct uni_netdev *dev = ctx;

	return dev->transmit(dev, frame, len);
}

static void net0_tick(struct uni_timer *t, void *arg)
{
	uint64_t now = uni_now_ns();

	net_tick(&net0, now);
	uni_timer_start(t, now + NET_TICK_NS, net0_tick, arg);
}

static uint32_t be32(const uint8_t b[4])
{
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
	       (uint32_t)b[2] << 8 | b[3];
}

static uint32_t prefix_mask(uint8_t len)
{
	return len == 0 ? 0 : len >= 32 ? 0xffffffffu : ~(0xffffffffu >> len);
}

static bool mac_is_zero(const uint8_t *m)
{
	static const uint8_t zero[ETH_ALEN];

	return memcmp(m, zero, ETH_ALEN) == 0;
}

static void net0_configure(uint64_t now)
{
	const struct uni_ipv4_prefix *a = &UNI_CFG_VAR(net0, ipv4);

	if (UNI_CFG_VAR(net0, dhcp)) {
		net0.dhcp.p.retry_ns =
		    (uint64_t)UNI_CFG_VAR(net0, dhcp_retry_ms) *
		    UNI_NSEC_PER_MSEC;
		dhcp_start(&net0, now, (uint32_t)rdtsc());
		printf("net0: DHCP started\n");
		return;
	}
	net_if_set_addr(&net0, now, be32(a->addr), prefix_mask(a->len),
			be32(UNI_CFG_VAR(net0, gateway).addr));
	printf("net0: static %u.%u.%u.%u/%u\n", a->addr[0], a->addr[1],
	       a->addr[2], a->addr[3], a->len);
}

int uni_netdev_register(struct uni_netdev *dev)
{
	const uint8_t *mac = UNI_CFG_VAR(net0, mac).b;
	uint64_t now = uni_now_ns();

	if (net0_dev != NULL) {
		printf("net: %s: net0 is already %s; only one interface\n",
		       dev->name, net0_dev->name);
		return NET_EINVAL;
	}
	if (mac_is_zero(mac))
		mac = dev->mac;
	net0_dev = dev;
	net_if_init(&net0, mac, net0_output, dev);
	printf("net0: %s %02x:%02x:%02x:%02x:%02x:%02x\n", dev->name, mac[0],
	       mac[1], mac[2], mac[3], mac[4], mac[5]);
	net0_configure(now);
	uni_timer_start(&net0_timer, now + NET_TICK_NS, net0_tick, NULL);
	return NET_OK;
}

void uni_netdev_receive(struct uni_netdev *dev, const uint8_t *frame,
			size_t len)
{
	if (dev != net0_dev)
		return;
	net_input(&net0, uni_now_ns(), bytes_make(frame, len));
}

int udp_bind(uint16_t port, udp_recv_fn fn, void *arg)
{
	return net_udp_bind(&net0, port, fn, arg);
}

int udp_unbind(uint16_t port)
{
	return net_udp_unbind(&net0, port);
}

int udp_send(uint16_t src_port, const struct udp_endpoint *to, const void *data,
	     size_t len)
{
	if (net0_dev == NULL)
		return NET_ENODEV;
	return net_udp_send(&net0, uni_now_ns(), src_port, to, data, len);
}

uint32_t net_ipv4_addr(void)
{
	return net0.addr;
}

bool net_ready(void)
{
	return net0_dev != NULL && net0.addr != 0;
}

void net_print_stats(void)
{
	if (net0_dev == NULL) {
		printf("net0: no device\n");
		return;
	}
	net_if_print_stats(&net0);
}
