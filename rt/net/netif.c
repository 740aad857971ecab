/* SPDX-License-Identifier: ISC */
/*
 * The interface: Ethernet input and dispatch by EtherType through the
 * protocol table, the periodic tick, and the counters' report. Frame
 * output and drop counting (output.c) and the address (addr.c) are below
 * the protocols this file calls, so that they do not call back up. A frame is
 * taken when it is addressed to our MAC, to the broadcast address or to a
 * multicast group the interface joined (IPv6: nif->mcast), and comes
 * from an individual (not group) address; VLAN-tagged frames are dropped
 * and counted (no VLAN is ever configured), as are other EtherTypes.
 */
#include <stdio.h>
#include <string.h>

#include "net/netif.h"
#include "uni/config.h"
#include "uni/protocol.h"

UNI_CONFIG_EXTERN_BOOL(net0, dhcp);

void net_if_init(struct netif *nif, const uint8_t mac[ETH_ALEN],
		 net_output_fn output, void *ctx)
{
	memset(nif, 0, sizeof(*nif));
	memcpy(nif->mac, mac, ETH_ALEN);
	nif->output = output;
	nif->output_ctx = ctx;
	/* the defaults of the arp.* keys (config.c) */
	nif->arp_p.reachable_ns = 30 * 1000000000ULL;
	nif->arp_p.stale_ns = 60 * 1000000000ULL;
	nif->arp_p.delay_ns = 5 * 1000000000ULL;
	nif->arp_p.retry_ns = 1000000000ULL;
	nif->arp_p.probes = 3;
	nif->arp_p.queue = 64;
	dhcp_params_default(&nif->dhcp.p);
	/* ICMP errors: a burst of 10, then one every 10 ms (100 a second) */
	nif->icmp_errors.burst = 10;
	nif->icmp_errors.interval_ns = 10 * 1000000ULL;
	nif->icmp_errors.tokens = nif->icmp_errors.burst;
}

void net_if_release(struct netif *nif)
{
	if (nif->v6 != NULL && net_ipv6 != NULL)
		net_ipv6->release(nif);
	arp_release(nif);
}

static bool eth_for_us(const struct netif *nif, const struct eth_hdr *eh)
{
	if (memcmp(eh->dst, nif->mac, ETH_ALEN) == 0 ||
	    memcmp(eh->dst, eth_broadcast, ETH_ALEN) == 0)
		return true;
	for (unsigned i = 0; i < nif->n_mcast; i++)
		if (memcmp(eh->dst, nif->mcast[i], ETH_ALEN) == 0)
			return true;
	return false;
}

/* The policy of a host on the frame eh: NET_DROP_NONE to take it. */
static enum net_drop eth_policy(const struct netif *nif,
				const struct eth_hdr *eh)
{
	if (!eth_for_us(nif, eh))
		return NET_DROP_ETH_NOT_US;
	if (eth_addr_is_group(eh->src))
		return NET_DROP_ETH_BAD_SRC;
	if (eth_type_is_vlan(eh->type))
		return NET_DROP_ETH_VLAN;
	return NET_DROP_NONE;
}

void net_input(struct netif *nif, uint64_t now_ns, struct bytes frame)
{
	struct eth_hdr eh;
	struct bytes payload;
	enum net_drop why;
	const struct uni_protocol *p;

	nif->rx_frames++;
	why = eth_parse(frame, &eh, &payload);
	if (why == NET_DROP_NONE)
		why = eth_policy(nif, &eh);
	if (why != NET_DROP_NONE) {
		net_count_drop(nif, why);
		return;
	}
	p = uni_protocol_find(UNI_PROTO_ETHERTYPE, eh.type);
	/* IPv6 only (net0.ipv4 = off): IPv4 and ARP as any unknown type */
	if (nif->ipv4_off &&
	    (eh.type == ETH_TYPE_IPV4 || eh.type == ETH_TYPE_ARP))
		p = NULL;
	if (p == NULL) {
		net_count_drop(nif, NET_DROP_ETH_TYPE);
		return;
	}
	/* read by icmp_send_unreach() while the frame is handled */
	nif->rx_link_bcast = eth_addr_is_group(eh.dst);
	nif->rx_mac_src = eh.src;
	((net_eth_handler)p->input)(nif, now_ns, &eh, payload);
	nif->rx_link_bcast = false;
	nif->rx_mac_src = NULL;
}

void net_tick(struct netif *nif, uint64_t now_ns)
{
	if (!net_ipv4_configured_off())
		arp_tick(nif, now_ns);
	if (nif->v6 != NULL)
		net_ipv6->tick(nif, now_ns);
	/* the key first: folded to false, the client's timers go too */
	if (UNI_CFG_VAR(net0, dhcp) && nif->dhcp.state != DHCP_STOPPED)
		dhcp_tick(nif, now_ns);
}

uint64_t net_next_deadline(const struct netif *nif, uint64_t now_ns)
{
	uint64_t at = arp_next_deadline(nif);

	if (nif->v6 != NULL) {
		uint64_t v6 = net_ipv6->next_deadline(nif);

		if (v6 < at)
			at = v6;
	}

	if (UNI_CFG_VAR(net0, dhcp) && nif->dhcp.state != DHCP_STOPPED &&
	    now_ns + NET_DHCP_TICK_NS < at)
		at = now_ns + NET_DHCP_TICK_NS;
	return at;
}

static void print_ipv4(const char *what, uint32_t a)
{
	printf("%s %u.%u.%u.%u", what, a >> 24, (a >> 16) & 0xff,
	       (a >> 8) & 0xff, a & 0xff);
}

void net_if_print_stats(const struct netif *nif)
{
	const char *name = nif->name != NULL ? nif->name : "net0";
	unsigned i;

	printf("%s:", name);
	print_ipv4(" addr", nif->addr);
	print_ipv4(" mask", nif->netmask);
	print_ipv4(" gw", nif->gateway);
	printf(" rx %llu tx %llu frames\n", (unsigned long long)nif->rx_frames,
	       (unsigned long long)nif->tx_frames);
	printf("%s: arp requests %llu probes %llu replies %llu confirmed %llu "
	       "queued %llu failed %llu\n",
	       name, (unsigned long long)nif->arp_stats.requests,
	       (unsigned long long)nif->arp_stats.probes,
	       (unsigned long long)nif->arp_stats.replies,
	       (unsigned long long)nif->arp_stats.confirmed,
	       (unsigned long long)nif->arp_stats.queued,
	       (unsigned long long)nif->arp_stats.failed);
	if (nif->v6 != NULL)
		net_ipv6->print_stats(nif);
	for (i = 1; i < NET_DROP_COUNT; i++)
		if (nif->drops[i] != 0)
			printf("%s: dropped %llu: %s\n", name,
			       (unsigned long long)nif->drops[i],
			       net_drop_text((enum net_drop)i));
}
