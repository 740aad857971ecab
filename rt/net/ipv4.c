/* SPDX-License-Identifier: ISC */
/*
 * IPv4 input and output. Input validates the header once (ipv4_check:
 * version, header length, total length, checksum), then the policy of a
 * host: no fragments (dropped and counted: there is no reassembly), a
 * destination that is ours or a broadcast, a source that names one other
 * host (RFC 1122 3.2.1.3); then dispatches by protocol number through the
 * protocol table, answering a protocol nobody handles with an ICMP protocol
 * unreachable. The TTL is not checked: a host must not discard a datagram
 * for a TTL below 2 (RFC 1122 3.2.1.7). Options are skipped. Output routes
 * to the subnet or the gateway and lets ARP supply the next hop's address.
 */
#include <string.h>

#include "net/netif.h"
#include "net/wire/icmp.h"
#include "uni/config.h"
#include "uni/protocol.h"

/* A /31 (RFC 3021) or /32 has no subnet broadcast: both are hosts. */
bool ipv4_is_broadcast(const struct netif *nif, uint32_t addr)
{
	if (addr == IPV4_BROADCAST)
		return true;
	return nif->addr != 0 && nif->netmask != 0 &&
	       (nif->netmask & 2) == 0 && /* prefix of 30 or less */
	       addr == ((nif->addr & nif->netmask) | ~nif->netmask);
}

/* An interface without an address (during DHCP) takes every destination. */
static bool ipv4_for_us(const struct netif *nif, uint32_t dst)
{
	return nif->addr == 0 || dst == nif->addr ||
	       ipv4_is_broadcast(nif, dst);
}

/*
 * A source that cannot be another host on the wire: a broadcast, multicast
 * or loopback address, our own address (a looped frame), or 0.0.0.0 other
 * than to a broadcast (a host without an address yet, as in DHCP).
 */
static bool ipv4_src_is_martian(const struct netif *nif,
				const struct ipv4_hdr *h)
{
	if (h->src == 0)
		return !ipv4_is_broadcast(nif, h->dst);
	return ipv4_is_broadcast(nif, h->src) ||
	       ipv4_addr_is_multicast(h->src) ||
	       ipv4_addr_is_loopback(h->src) ||
	       (nif->addr != 0 && h->src == nif->addr);
}

static enum net_drop ipv4_policy(const struct netif *nif,
				 const struct ipv4_hdr *h)
{
	if (ipv4_is_fragment(h))
		return NET_DROP_IP_FRAGMENT;
	if (!ipv4_for_us(nif, h->dst))
		return NET_DROP_IP_NOT_US;
	if (ipv4_src_is_martian(nif, h))
		return NET_DROP_IP_BAD_SRC;
	return NET_DROP_NONE;
}

void ipv4_input(struct netif *nif, uint64_t now_ns, const struct eth_hdr *eh,
		struct bytes pkt)
{
	struct ipv4_hdr h;
	struct bytes payload;
	const struct uni_protocol *p;
	enum net_drop why = ipv4_parse(pkt, &h, &payload);

	if (why == NET_DROP_NONE)
		why = ipv4_policy(nif, &h);
	if (why != NET_DROP_NONE) {
		net_count_drop(nif, why);
		return;
	}
	p = uni_protocol_find(UNI_PROTO_IP, h.proto);
	if (p == NULL) {
		net_count_drop(nif, NET_DROP_IP_PROTO);
		icmp_send_unreach(nif, now_ns, &h, ICMP_UNREACH_PROTO);
		return;
	}
	((net_ip_handler)p->input)(nif, now_ns, &h, payload);
}

uint32_t ipv4_next_hop(const struct netif *nif, uint32_t dst)
{
	if (((dst ^ nif->addr) & nif->netmask) == 0)
		return dst;
	return nif->gateway;
}

int ipv4_output(struct netif *nif, uint64_t now_ns, uint32_t dst, uint8_t proto,
		size_t payload_len)
{
	struct ipv4_hdr h = {.ttl = IPV4_DEFAULT_TTL,
			     .proto = proto,
			     .src = nif->addr,
			     .dst = dst,
			     .frag = IPV4_FLAG_DF};
	struct eth_hdr eh = {.type = ETH_TYPE_IPV4};
	size_t len = NET_TX_L4 + payload_len;
	uint32_t hop;

	/* IPv6 only: nothing of IPv4 leaves, not even a broadcast */
	if (net_ipv4_configured_off() || nif->ipv4_off)
		return NET_EAFNOSUPPORT;
	if (payload_len > ETH_MAX_FRAME - NET_TX_L4)
		return NET_EMSGSIZE;
	h.id = nif->ip_id++;
	ipv4_emit(nif->tx + NET_TX_IP, ETH_MAX_FRAME - NET_TX_IP, &h,
		  payload_len);
	memcpy(eh.src, nif->mac, ETH_ALEN);
	if (ipv4_is_broadcast(nif, dst)) {
		memcpy(eh.dst, eth_broadcast, ETH_ALEN);
		eth_emit(nif->tx, ETH_MAX_FRAME, &eh);
		net_output_frame(nif, nif->tx, len);
		return NET_OK;
	}
	if (nif->addr == 0)
		return NET_ENOADDR;
	hop = ipv4_next_hop(nif, dst);
	if (hop == 0) {
		net_count_drop(nif, NET_DROP_IP_NO_ROUTE);
		return NET_ENOROUTE;
	}
	eth_emit(nif->tx, ETH_MAX_FRAME, &eh);
	return arp_output(nif, now_ns, hop, nif->tx, len);
}

/*
 * Reachable when a kept driver delivers frames; net0.ipv4 = off removes it
 * (IPv6 only: net1, IPv4 only, must then be off, config_rules.c).
 */
UNI_PROTOCOL_OFF_BY(ipv4, "ipv4", UNI_PROTO_ETHERTYPE, ETH_TYPE_IPV4,
		    ipv4_input, NULL, &UNI_CFG_VAR(net0, ipv4),
		    UNI_API_FN(uni_netdev_receive));
