/* SPDX-License-Identifier: ISC */
/*
 * The network stack as applications and drivers see it.
 *
 * Applications: udp_bind() a port with a receive callback, udp_send() from a
 * bound (or any) port. Callbacks run from the event loop, one datagram at a
 * time; the data is only valid during the call.
 *
 * Drivers: a network driver fills a struct uni_netdev (MAC, MTU, transmit)
 * and calls uni_netdev_register() from its init; it hands every received
 * frame to uni_netdev_receive(). The stack binds each device to the first
 * free interface (net0, net1) whose <if>.driver key names its driver and
 * brings it up from its keys (net0: static address or DHCP; net1: static).
 * A port is bound on every interface; a datagram leaves by the interface
 * on the destination's subnet, else the one the datagram being handled came
 * in on, else the first with a gateway.
 */
#ifndef UNI_NET_H
#define UNI_NET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What the calls below return. */
enum net_result {
	NET_OK = 0,
	NET_EINVAL = -1,       /* an argument is out of range */
	NET_EADDRINUSE = -2,   /* the port is already bound */
	NET_ENOMEM = -3,       /* no free slot (bindings, ARP queue) */
	NET_ENODEV = -4,       /* no interface is up */
	NET_ENOADDR = -5,      /* the interface has no IPv4 address yet */
	NET_ENOROUTE = -6,     /* no route to the destination (no gateway) */
	NET_EMSGSIZE = -7,     /* the datagram does not fit in one frame */
	NET_EAGAIN = -8,       /* the device's transmit queue is full: retry */
	NET_EAFNOSUPPORT = -9, /* IPv6 is off on every interface (net0.ipv6) */
};

#define NET_FAMILY_IPV4 4
#define NET_FAMILY_IPV6 6

/*
 * A UDP peer of either family. IPv4: addr and port in host order
 * ("10.0.2.2" is 0x0a000202), family 0 or NET_FAMILY_IPV4, so that
 * {addr, port} still names an IPv4 peer. IPv6: family NET_FAMILY_IPV6 and
 * addr6 in network order (addr unused). A callback's from may be handed
 * back to udp_send() as it is: the answer goes out in the query's family.
 */
struct udp_endpoint {
	uint32_t addr;
	uint16_t port;
	uint8_t family;
	uint8_t addr6[16];
};

/*
 * An address of either family: a[] holds the address in network order
 * (an IPv4 address in a[0..3], the rest zero). TCP and the pseudo-header
 * sums take it, so that IPv6 fills in without a change of interface.
 */

struct net_addr {
	uint8_t family; /* NET_FAMILY_IPV4 or NET_FAMILY_IPV6 */
	uint8_t a[16];
};

static inline struct net_addr net_addr_ipv4(uint32_t addr)
{
	struct net_addr n = {NET_FAMILY_IPV4, {0}};

	n.a[0] = (uint8_t)(addr >> 24);
	n.a[1] = (uint8_t)(addr >> 16);
	n.a[2] = (uint8_t)(addr >> 8);
	n.a[3] = (uint8_t)addr;
	return n;
}

/* An address and a port (TCP's connections). */
struct net_endpoint {
	struct net_addr addr;
	uint16_t port;
};

/* Called for each datagram to a bound port; data is valid during the call. */
typedef void (*udp_recv_fn)(void *arg, const struct udp_endpoint *from,
			    uint16_t local_port, const uint8_t *data,
			    size_t len);

int udp_bind(uint16_t port, udp_recv_fn fn, void *arg);
int udp_unbind(uint16_t port);

/* Send one datagram from src_port; NET_OK also when it waits for ARP. */
int udp_send(uint16_t src_port, const struct udp_endpoint *to, const void *data,
	     size_t len);

/* Largest UDP payload udp_send() accepts (one Ethernet frame, no IP frags);
 * over IPv6 it is 20 octets less (UDP_MAX_PAYLOAD6). */
#define UDP_MAX_PAYLOAD 1472
#define UDP_MAX_PAYLOAD6 1452

/* The first interface's address (host order), 0 while it has none. */
uint32_t net_ipv4_addr(void);

/* True once a device is bound and every bound interface has an address
 * (static, or a DHCP lease). */
bool net_ready(void);

/* Print the stack's counters (frames in/out, one per drop reason). */
void net_print_stats(void);

/* A network device, filled in by its driver. */
struct uni_netdev {
	const char *name; /* "virtio-net" */
	uint8_t mac[6];
	uint16_t mtu; /* IP MTU, 1500 for Ethernet */
	/* Copy frame[0..len) to the device; 0, or -1 when the ring is full. */
	int (*transmit)(struct uni_netdev *dev, const uint8_t *frame,
			size_t len);
	void *priv;
};

/* Bind dev to an interface (see above) and bring the stack up on it. */
int uni_netdev_register(struct uni_netdev *dev);

/* A frame received by dev (without any device header). */
void uni_netdev_receive(struct uni_netdev *dev, const uint8_t *frame,
			size_t len);

#endif
