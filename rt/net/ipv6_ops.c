/* SPDX-License-Identifier: ISC */
/*
 * IPv6 as the interface, UDP and TCP reach it: ipv6_start() and the table
 * of net_ipv6 (netif.h) it installs. Outside rt/net/ipv6*.c only iface.c
 * names an IPv6 function, in a branch on net0.ipv6 that folds away when
 * it is off, so such an image has none of them.
 */
#include <stdlib.h>
#include <string.h>

#include "net/ipv6.h"

IPV6_COLD static void v6_tick(struct netif *nif, uint64_t now_ns)
{
	ipv6_addr_tick(nif, now_ns);
	nd_tick(nif, now_ns);
}

static uint64_t v6_next_deadline(const struct netif *nif)
{
	uint64_t a = ipv6_addr_next_deadline(nif), b = nd_next_deadline(nif);

	return a < b ? a : b;
}

IPV6_COLD static void v6_release(struct netif *nif)
{
	nd_release(nif);
	free(nif->v6);
	nif->v6 = NULL;
	nif->n_mcast = 0;
}

static bool v6_owns(struct netif *nif, const uint8_t *a)
{
	return ipv6_our_addr(nif, a) != NULL;
}

static void v6_confirm(struct netif *nif, uint64_t now_ns, const uint8_t *peer)
{
	uint8_t hop[IPV6_ALEN];

	if (ipv6_next_hop(nif, now_ns, peer, hop))
		nd_confirm(nif, now_ns, hop);
}

static bool v6_routes(const struct netif *nif, uint64_t now_ns,
		      const uint8_t *dst, bool on_link_only)
{
	uint8_t hop[IPV6_ALEN];

	if (!ipv6_next_hop(nif, now_ns, dst, hop))
		return false;
	return !on_link_only || memcmp(hop, dst, IPV6_ALEN) == 0;
}

static const struct net_ipv6_ops ops = {
    .tick = v6_tick,
    .next_deadline = v6_next_deadline,
    .release = v6_release,
    .print_stats = ipv6_print_stats,
    .output = ipv6_output,
    .source_for = ipv6_source_for,
    .owns = v6_owns,
    .confirm = v6_confirm,
    .routes = v6_routes,
};

int ipv6_start(struct netif *nif, uint64_t now_ns, enum ipv6_mode mode,
	       const uint8_t *addr, uint8_t plen, const uint8_t secret[16])
{
	nif->v6 = calloc(1, sizeof(*nif->v6));
	if (nif->v6 == NULL)
		return NET_ENOMEM;
	net_ipv6 = &ops;
	ipv6_addr_init(nif, now_ns, mode, addr, plen, secret);
	return NET_OK;
}
