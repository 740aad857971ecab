/* SPDX-License-Identifier: ISC */
/*
 * The I/O edge of the stack: the interfaces net0 and net1, each a struct
 * netif bound to a device its driver registers (the first free interface
 * whose <if>.driver names the driver), the clock read for each input and
 * tick, a timer per interface that runs the stack's timeouts, and the
 * application API of <uni/net.h>, which forwards to the sans-I/O functions
 * of rt/net/: a port is bound on every interface, a datagram leaves by the
 * interface on the destination's subnet, else the one the datagram being
 * handled came in on, else the first with a gateway. The timer of an
 * interface is kept at the stack's next deadline (net_next_deadline(),
 * checked on every loop iteration by a poller that does no other work), so
 * an idle interface with a static address wakes nobody. The other I/O edges
 * (TCP's) find interfaces through net/iface.h; nothing here names them.
 */
#include <stdio.h>
#include <string.h>

#include "common/config/value.h"
#include "net/iface.h"
#include "net/ipv6.h"
#include "net/netif.h"
#include "uni/config.h"
#include "uni/cpu.h"
#include "uni/net.h"
#include "uni/time.h"

UNI_CONFIG_EXTERN_STRING(net0, driver);
UNI_CONFIG_EXTERN_BOOL(net0, dhcp);
UNI_CONFIG_EXTERN_STRING(net0, ipv4);
UNI_CONFIG_EXTERN_IPV4(net0, gateway);
UNI_CONFIG_EXTERN_MAC(net0, mac);
UNI_CONFIG_EXTERN_STRING(net0, ipv6);
UNI_CONFIG_EXTERN_STRING(net0, ipv6_secret);
UNI_CONFIG_EXTERN_INT(net0, dhcp_retry_ms);
UNI_CONFIG_EXTERN_STRING(net1, driver);
UNI_CONFIG_EXTERN_IPV4(net1, ipv4);
UNI_CONFIG_EXTERN_IPV4(net1, gateway);
UNI_CONFIG_EXTERN_MAC(net1, mac);
UNI_CONFIG_EXTERN_INT(arp, reachable_ms);
UNI_CONFIG_EXTERN_INT(arp, stale_ms);
UNI_CONFIG_EXTERN_INT(arp, delay_ms);
UNI_CONFIG_EXTERN_INT(arp, retry_ms);
UNI_CONFIG_EXTERN_INT(arp, probes);
UNI_CONFIG_EXTERN_INT(arp, queue);

#define NET_IFACES 2

/* Key of interface i, read directly so that config-fold can fold it. */
#define IF_CFG(i, key)                                                         \
	((i) == 0 ? UNI_CFG_VAR(net0, key) : UNI_CFG_VAR(net1, key))

struct iface {
	struct netif nif;
	struct uni_netdev *dev; /* NULL: no device bound */
	struct uni_timer timer;
	uint64_t timer_at; /* where timer is armed; UINT64_MAX: not armed */
};

static struct iface ifaces[NET_IFACES];
static const char *const if_names[NET_IFACES] = {"net0", "net1"};

/* The interface whose input is being handled (its callbacks run), or NULL. */
static struct iface *rx_iface;

void (*net_stats_hook)(void);

/* Ports bound so far: bound again on an interface that comes up later. */
static struct udp_binding binds[UDP_BINDINGS];

static int iface_output(void *ctx, const uint8_t *frame, size_t len)
{
	struct uni_netdev *dev = ctx;

	return dev->transmit(dev, frame, len);
}

static void iface_tick(struct uni_timer *t, void *arg);

/* Bring ifc's timer forward to the stack's next deadline, if earlier. */
static void iface_rearm(struct iface *ifc, uint64_t now)
{
	uint64_t at = net_next_deadline(&ifc->nif, now);

	if (at >= ifc->timer_at)
		return;
	ifc->timer_at = at;
	uni_timer_start(&ifc->timer, at, iface_tick, ifc);
}

static void iface_tick(struct uni_timer *t, void *arg)
{
	struct iface *ifc = arg;
	uint64_t now = uni_now_ns();

	ifc->timer_at = UINT64_MAX;
	net_tick(&ifc->nif, now);
	iface_rearm(ifc, now);
}

/* Every loop iteration: a deadline that input or output moved earlier. */
static bool iface_poll(void *arg)
{
	for (unsigned i = 0; i < NET_IFACES; i++)
		if (ifaces[i].dev != NULL)
			iface_rearm(&ifaces[i], uni_now_ns());
	return false;
}

static struct uni_poller iface_poller = {.name = "net", .poll = iface_poll};
static bool iface_poller_registered;

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

static uint64_t ms(int64_t v)
{
	return (uint64_t)v * UNI_NSEC_PER_MSEC;
}

/* The arp.* keys, the same for every interface. */
static void iface_arp_params(struct arp_params *p)
{
	p->reachable_ns = ms(UNI_CFG_VAR(arp, reachable_ms));
	p->stale_ns = ms(UNI_CFG_VAR(arp, stale_ms));
	p->delay_ns = ms(UNI_CFG_VAR(arp, delay_ms));
	p->retry_ns = ms(UNI_CFG_VAR(arp, retry_ms));
	p->probes = (uint8_t)UNI_CFG_VAR(arp, probes);
	p->queue = (uint16_t)UNI_CFG_VAR(arp, queue);
}

/*
 * Read character by character so that, once config-fold made the key a
 * constant, the optimiser folds it and an image with net0.ipv6 = off has
 * no call of ipv6_start() left (protocol-prune removed IPv6's input).
 */
static bool ipv6_off(const char *v)
{
	return v[0] == 'o' && v[1] == 'f' && v[2] == 'f' && v[3] == '\0';
}

/* IPv6 on net0 from net0.ipv6 (docs/net.md, "IPv6"). */
static void iface_ipv6(struct netif *nif, uint64_t now)
{
	const char *v = UNI_CFG_VAR(net0, ipv6);
	int mode;
	uint8_t a[16] = {0}, plen = 0, secret[16];

	if (ipv6_off(v))
		return;
	if (uni_ipv6_mode_parse(v, strlen(v), &mode, a, &plen) < 0) {
		printf("net0: net0.ipv6: expected auto, off or static "
		       "ADDR/LEN, found \"%s\"; IPv6 stays off\n",
		       v);
		return;
	}
	if (mode == UNI_IPV6_OFF)
		return;
	ipv6_secret_from(UNI_CFG_VAR(net0, ipv6_secret), nif->mac, secret);
	if (ipv6_start(nif, now,
		       mode == UNI_IPV6_AUTO ? IPV6_AUTO : IPV6_STATIC, a, plen,
		       secret) != NET_OK) {
		printf("net0: ipv6: out of memory; IPv6 stays off\n");
		return;
	}
	printf("net0: ipv6 %s\n", v);
}

/*
 * net0.ipv4 = off, read as ipv6_off() reads net0.ipv6: a constant after
 * config-fold, so that the IPv4 set-up below folds away with it.
 */
static bool ipv4_off(const char *v)
{
	return v[0] == 'o' && v[1] == 'f' && v[2] == 'f' && v[3] == '\0';
}

/* net0's static IPv4 address (net0.ipv4, a string: "off" is handled). */
static struct uni_ipv4_prefix net0_ipv4(void)
{
	const char *v = UNI_CFG_VAR(net0, ipv4);
	struct uni_ipv4_prefix a = {{0, 0, 0, 0}, 0};
	bool off;

	if (uni_ipv4_mode_parse(v, strlen(v), &off, &a) < 0)
		printf("net0: net0.ipv4: expected a.b.c.d/len or off, found "
		       "\"%s\"; no IPv4 address\n",
		       v);
	return a;
}

/* Interface i (0 or 1): DHCP (net0 only) or its static address. */
static void iface_configure(unsigned i, uint64_t now)
{
	struct netif *nif = &ifaces[i].nif;
	struct uni_ipv4_prefix a;

	if (i == 0)
		iface_ipv6(nif, now);
	if (i == 0 && ipv4_off(UNI_CFG_VAR(net0, ipv4))) {
		/* no DHCP, no address: nothing of IPv4 or ARP is sent */
		nif->ipv4_off = true;
		printf("net0: ipv4 off\n");
		return;
	}
	if (i == 0 && UNI_CFG_VAR(net0, dhcp)) {
		nif->dhcp.p.retry_ns =
		    (uint64_t)UNI_CFG_VAR(net0, dhcp_retry_ms) *
		    UNI_NSEC_PER_MSEC;
		dhcp_start(nif, now, (uint32_t)rdtsc());
		printf("net0: DHCP started\n");
		return;
	}
	a = i == 0 ? net0_ipv4() : UNI_CFG_VAR(net1, ipv4);
	net_if_set_addr(nif, now, be32(a.addr), prefix_mask(a.len),
			be32(IF_CFG(i, gateway).addr));
	printf("%s: static %u.%u.%u.%u/%u\n", if_names[i], a.addr[0], a.addr[1],
	       a.addr[2], a.addr[3], a.len);
}

/* The free interface whose driver key names dev's driver, or -1. */
static int iface_for(const struct uni_netdev *dev)
{
	for (unsigned i = 0; i < NET_IFACES; i++)
		if (ifaces[i].dev == NULL &&
		    strcmp(IF_CFG(i, driver), dev->name) == 0)
			return (int)i;
	return -1;
}

int uni_netdev_register(struct uni_netdev *dev)
{
	int i = iface_for(dev);
	struct iface *ifc;
	struct uni_mac m;
	uint64_t now = uni_now_ns();

	if (i < 0) {
		printf("net: %s: expected a free interface whose driver key "
		       "names it, found net0.driver=%s net1.driver=%s\n",
		       dev->name, UNI_CFG_VAR(net0, driver),
		       UNI_CFG_VAR(net1, driver));
		return NET_EINVAL;
	}
	ifc = &ifaces[i];
	m = IF_CFG((unsigned)i, mac);
	ifc->dev = dev;
	net_if_init(&ifc->nif, mac_is_zero(m.b) ? dev->mac : m.b, iface_output,
		    dev);
	ifc->nif.name = if_names[i];
	iface_arp_params(&ifc->nif.arp_p);
	printf("%s: %s %02x:%02x:%02x:%02x:%02x:%02x\n", if_names[i], dev->name,
	       ifc->nif.mac[0], ifc->nif.mac[1], ifc->nif.mac[2],
	       ifc->nif.mac[3], ifc->nif.mac[4], ifc->nif.mac[5]);
	for (unsigned b = 0; b < UDP_BINDINGS; b++)
		if (binds[b].port != 0)
			net_udp_bind(&ifc->nif, binds[b].port, binds[b].fn,
				     binds[b].arg);
	iface_configure((unsigned)i, now);
	ifc->timer_at = UINT64_MAX;
	iface_rearm(ifc, now);
	if (!iface_poller_registered) {
		iface_poller_registered = true;
		uni_poller_register(&iface_poller);
	}
	return NET_OK;
}

void uni_netdev_receive(struct uni_netdev *dev, const uint8_t *frame,
			size_t len)
{
	for (unsigned i = 0; i < NET_IFACES; i++) {
		if (ifaces[i].dev != dev)
			continue;
		rx_iface = &ifaces[i];
		net_input(&ifaces[i].nif, uni_now_ns(), bytes_make(frame, len));
		rx_iface = NULL;
		return;
	}
}

static bool iface_up(const struct iface *ifc)
{
	return ifc->dev != NULL;
}

/* The slot of port in binds[], or of a free slot (port 0), or NULL. */
static struct udp_binding *bind_slot(uint16_t port)
{
	for (unsigned b = 0; b < UDP_BINDINGS; b++)
		if (binds[b].port == port)
			return &binds[b];
	return NULL;
}

int udp_bind(uint16_t port, udp_recv_fn fn, void *arg)
{
	struct udp_binding *slot;
	int r = NET_OK;

	if (port == 0 || fn == NULL)
		return NET_EINVAL;
	if (bind_slot(port) != NULL)
		return NET_EADDRINUSE;
	slot = bind_slot(0);
	if (slot == NULL)
		return NET_ENOMEM;
	for (unsigned i = 0; i < NET_IFACES && r == NET_OK; i++)
		if (iface_up(&ifaces[i]))
			r = net_udp_bind(&ifaces[i].nif, port, fn, arg);
	if (r != NET_OK) {
		for (unsigned i = 0; i < NET_IFACES; i++)
			if (iface_up(&ifaces[i]))
				net_udp_unbind(&ifaces[i].nif, port);
		return r;
	}
	*slot = (struct udp_binding){.port = port, .fn = fn, .arg = arg};
	return NET_OK;
}

int udp_unbind(uint16_t port)
{
	struct udp_binding *slot = port != 0 ? bind_slot(port) : NULL;

	if (slot == NULL)
		return NET_EINVAL;
	for (unsigned i = 0; i < NET_IFACES; i++)
		if (iface_up(&ifaces[i]))
			net_udp_unbind(&ifaces[i].nif, port);
	slot->port = 0;
	return NET_OK;
}

/* The interface a datagram to dst leaves by (see the top), or NULL. */
static struct iface *route(uint32_t dst)
{
	for (unsigned i = 0; i < NET_IFACES; i++) {
		const struct netif *n = &ifaces[i].nif;

		if (iface_up(&ifaces[i]) && n->addr != 0 &&
		    (dst & n->netmask) == (n->addr & n->netmask))
			return &ifaces[i];
	}
	if (rx_iface != NULL)
		return rx_iface;
	for (unsigned i = 0; i < NET_IFACES; i++)
		if (iface_up(&ifaces[i]) && ifaces[i].nif.gateway != 0)
			return &ifaces[i];
	for (unsigned i = 0; i < NET_IFACES; i++)
		if (iface_up(&ifaces[i]))
			return &ifaces[i]; /* it reports: no address, route */
	return NULL;
}

/* The interface an IPv6 packet to dst leaves by (the rule of route()). */
static struct iface *route6(const uint8_t *dst)
{
	uint64_t now = uni_now_ns();

	if (net_ipv6 == NULL)
		return NULL;
	for (unsigned i = 0; i < NET_IFACES; i++)
		if (iface_up(&ifaces[i]) && ifaces[i].nif.v6 != NULL &&
		    net_ipv6->routes(&ifaces[i].nif, now, dst, true))
			return &ifaces[i];
	if (rx_iface != NULL && rx_iface->nif.v6 != NULL)
		return rx_iface;
	for (unsigned i = 0; i < NET_IFACES; i++)
		if (iface_up(&ifaces[i]) && ifaces[i].nif.v6 != NULL &&
		    net_ipv6->routes(&ifaces[i].nif, now, dst, false))
			return &ifaces[i];
	for (unsigned i = 0; i < NET_IFACES; i++)
		if (iface_up(&ifaces[i]) && ifaces[i].nif.v6 != NULL)
			return &ifaces[i];
	return NULL;
}

struct netif *net_iface_route6(const uint8_t *dst)
{
	struct iface *ifc = route6(dst);

	return ifc != NULL ? &ifc->nif : NULL;
}

struct netif *net_iface_by_addr6(const uint8_t *a)
{
	if (net_ipv6 == NULL)
		return NULL;
	for (unsigned i = 0; i < NET_IFACES; i++)
		if (iface_up(&ifaces[i]) && ifaces[i].nif.v6 != NULL &&
		    net_ipv6->owns(&ifaces[i].nif, a))
			return &ifaces[i].nif;
	return NULL;
}

struct netif *net_iface_route(uint32_t dst)
{
	struct iface *ifc = route(dst);

	return ifc != NULL ? &ifc->nif : NULL;
}

struct netif *net_iface_by_addr(uint32_t addr)
{
	for (unsigned i = 0; i < NET_IFACES; i++)
		if (iface_up(&ifaces[i]) && addr != 0 &&
		    ifaces[i].nif.addr == addr)
			return &ifaces[i].nif;
	return NULL;
}

unsigned net_iface_mtu(void)
{
	unsigned mtu = 0;

	for (unsigned i = 0; i < NET_IFACES; i++)
		if (iface_up(&ifaces[i]) &&
		    (mtu == 0 || ifaces[i].dev->mtu < mtu))
			mtu = ifaces[i].dev->mtu;
	return mtu;
}

int udp_send(uint16_t src_port, const struct udp_endpoint *to, const void *data,
	     size_t len)
{
	struct iface *ifc;

	if (to == NULL)
		return NET_EINVAL;
	if (to->family == NET_FAMILY_IPV6) {
		ifc = route6(to->addr6);
		if (ifc == NULL)
			return net_ipv6 == NULL ? NET_EAFNOSUPPORT : NET_ENODEV;
	} else {
		ifc = route(to->addr);
	}
	if (ifc == NULL)
		return NET_ENODEV;
	return net_udp_send(&ifc->nif, uni_now_ns(), src_port, to, data, len);
}

uint32_t net_ipv4_addr(void)
{
	for (unsigned i = 0; i < NET_IFACES; i++)
		if (iface_up(&ifaces[i]) && ifaces[i].nif.addr != 0)
			return ifaces[i].nif.addr;
	return 0;
}

bool net_ready(void)
{
	bool any = false;

	for (unsigned i = 0; i < NET_IFACES; i++) {
		if (!iface_up(&ifaces[i]))
			continue;
		/* IPv6 only: ready at once, its addresses come on their own */
		if (ifaces[i].nif.addr == 0 && !ifaces[i].nif.ipv4_off)
			return false;
		any = true;
	}
	return any;
}

void net_print_stats(void)
{
	bool any = false;

	for (unsigned i = 0; i < NET_IFACES; i++) {
		if (!iface_up(&ifaces[i]))
			continue;
		net_if_print_stats(&ifaces[i].nif);
		any = true;
	}
	if (!any)
		printf("net0: no device\n");
	if (net_stats_hook != NULL)
		net_stats_hook();
}
