/* SPDX-License-Identifier: ISC */
/*
 * IPv6 output: the 40-octet header (no extension header) in front of the
 * payload already in nif->tx, to a group's MAC (RFC 2464 7) or to the next
 * hop through the neighbour cache. Packets larger than the link's MTU (an
 * RA may lower it) are refused: nothing here fragments.
 */
#include <string.h>

#include "net/ipv6.h"

int ipv6_output(struct netif *nif, uint64_t now_ns, const uint8_t *src,
		const uint8_t *dst, uint8_t nh, uint8_t hlim, size_t len)
{
	struct ipv6_hdr h = {.next = nh};
	struct eth_hdr eh = {.type = ETH_TYPE_IPV6};
	uint8_t hop[IPV6_ALEN];
	size_t flen = NET_TX6_L4 + len;

	if (nif->v6 == NULL)
		return NET_EAFNOSUPPORT;
	if (len > ETH_MAX_FRAME - NET_TX6_L4 || IPV6_HLEN + len > nif->v6->mtu)
		return NET_EMSGSIZE;
	h.hlim = hlim != 0 ? hlim : nif->v6->hlim;
	memcpy(h.src, src, IPV6_ALEN);
	memcpy(h.dst, dst, IPV6_ALEN);
	ipv6_emit(nif->tx + ETH_HLEN, ETH_MAX_FRAME - ETH_HLEN, &h, len);
	memcpy(eh.src, nif->mac, ETH_ALEN);
	if (ipv6_addr_is_multicast(dst)) {
		ipv6_mcast_mac(eh.dst, dst);
		eth_emit(nif->tx, ETH_MAX_FRAME, &eh);
		return net_output_frame(nif, nif->tx, flen);
	}
	if (!ipv6_next_hop(nif, now_ns, dst, hop)) {
		net_count_drop(nif, NET_DROP_IP6_NO_ROUTE);
		return NET_ENOROUTE;
	}
	eth_emit(nif->tx, ETH_MAX_FRAME, &eh);
	return nd_output(nif, now_ns, hop, nif->tx, flen);
}
