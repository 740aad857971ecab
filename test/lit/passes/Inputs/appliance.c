/* SPDX-License-Identifier: ISC */
/*
 * A small appliance with several drivers and protocol handlers, written the
 * way rt/ and drivers/ declare them: the driver and protocol tests prune it
 * and measure-sizes.sh measures it. With -DAPP_USES_TCP main() listens on
 * TCP; without, nothing references the TCP API. The API functions are
 * noinline because in a real build they live in another file than the
 * application, so nothing inlines them before the passes run.
 */
#include "uni/config.h"
#include "uni/driver.h"
#include "uni/protocol.h"

UNI_CONFIG_STRING(console, driver, "uart", "console driver");
UNI_CONFIG_STRING(net0, driver, "virtio-net", "driver of the first NIC");
UNI_CONFIG_BOOL(net, tcp, true, "enable TCP");
UNI_CONFIG_BOOL(net, dhcp, true, "get the address by DHCP");
UNI_CONFIG_INT(net, mtu, 1500, 68, 9000, "MTU in bytes");

volatile unsigned long hw_port[64];

/* Each function does some work of its own so that its code is measurable. */
#define WORK(fn, n)                                                            \
	static int fn(void)                                                    \
	{                                                                      \
		for (int i = 0; i < 64; i++)                                   \
			hw_port[(i * n) & 63] += (unsigned long)i * n;         \
		return hw_port[n] == 0 ? UNI_DRIVER_OK : UNI_DRIVER_ABSENT;    \
	}

WORK(uart_probe, 1)
WORK(uart_init, 2)
WORK(xencons_probe, 3)
WORK(xencons_init, 4)
WORK(virtio_net_probe, 5)
WORK(virtio_net_init, 6)
WORK(netfront_probe, 7)
WORK(netfront_init, 8)
WORK(virtio_blk_probe, 9)
WORK(virtio_blk_init, 10)

UNI_DRIVER(uart, "uart", UNI_DRIVER_CONSOLE, UNI_DRIVER_ON_KVM, uart_probe,
	   uart_init);
UNI_DRIVER(xencons, "xencons", UNI_DRIVER_CONSOLE, UNI_DRIVER_ON_XEN,
	   xencons_probe, xencons_init);
UNI_DRIVER(virtio_net, "virtio-net", UNI_DRIVER_NET, UNI_DRIVER_ON_KVM,
	   virtio_net_probe, virtio_net_init);
UNI_DRIVER(netfront, "netfront", UNI_DRIVER_NET, UNI_DRIVER_ON_XEN,
	   netfront_probe, netfront_init);
UNI_DRIVER(virtio_blk, "virtio-blk", UNI_DRIVER_BLOCK, UNI_DRIVER_ON_KVM,
	   virtio_blk_probe, virtio_blk_init);

WORK(arp_input, 11)
WORK(icmp_input, 12)
WORK(udp_input, 13)
WORK(tcp_input, 14)
WORK(dhcp_input, 15)

__attribute__((noinline)) int tcp_listen(int port)
{
	hw_port[port & 63] = 1;
	return 0;
}

__attribute__((noinline)) int tcp_connect(int port)
{
	hw_port[port & 63] = 2;
	return 0;
}

__attribute__((noinline)) int udp_bind(int port)
{
	hw_port[port & 63] = 3;
	return 0;
}

UNI_PROTOCOL(arp, "arp", UNI_PROTO_ETHERTYPE, 0x806, arp_input, NULL,
	     UNI_API_NONE);
UNI_PROTOCOL(icmp, "icmp", UNI_PROTO_IP, 1, icmp_input, NULL, UNI_API_NONE);
UNI_PROTOCOL(udp, "udp", UNI_PROTO_IP, 17, udp_input, NULL,
	     UNI_API_FN(udp_bind));
UNI_PROTOCOL(tcp, "tcp", UNI_PROTO_IP, 6, tcp_input, &uni_cfg_net_tcp,
	     UNI_API_FN(tcp_listen), UNI_API_FN(tcp_connect));
UNI_PROTOCOL(dhcp, "dhcp", UNI_PROTO_UDP_PORT, 68, dhcp_input,
	     &uni_cfg_net_dhcp, UNI_API_NONE);

/* What boot does: walk the tables. */
int main(void)
{
	const struct uni_driver *d;
	const struct uni_protocol *p;
	int up = 0;

	for (d = __start_uni_drivers; d < __stop_uni_drivers; d++)
		if (d->probe() == UNI_DRIVER_OK && d->init() == UNI_DRIVER_OK)
			up++;
	for (p = __start_uni_protocols; p < __stop_uni_protocols; p++)
		p->input();
	udp_bind(53);
#ifdef APP_USES_TCP
	tcp_listen(80);
#endif
	return up + (int)uni_cfg_net_mtu;
}
