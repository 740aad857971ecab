/* SPDX-License-Identifier: ISC */
/*
 * The small ICMPv6 messages of Neighbor Discovery and MLD (NS, NA, RS,
 * reports), each built in a frame of its own (a send may be under way in
 * nif->tx) with hop limit 255, or 1 and a Router Alert for MLD, and sent
 * to the MAC given. Below every file of IPv6 that sends them.
 */
#include <string.h>

#include "net/ipv6.h"
#include "net/wire/ipv6_icmp.h"

#define ND_HLIM 255

IPV6_COLD void nd_send_msg(struct netif *nif, const uint8_t *src,
			   const uint8_t *dst, const uint8_t *mac, uint8_t *msg,
			   size_t len, bool router_alert)
{
	uint8_t f[ETH_HLEN + IPV6_HLEN + 8 + 128];
	struct eth_hdr eh = {.type = ETH_TYPE_IPV6};
	struct ipv6_hdr h = {.next = IPV6_NH_ICMPV6, .hlim = ND_HLIM};
	size_t off = ETH_HLEN + IPV6_HLEN;

	if (len > 128)
		return;
	memcpy(h.src, src, IPV6_ALEN);
	memcpy(h.dst, dst, IPV6_ALEN);
	if (router_alert) {
		/* RFC 3810 5: hop limit 1 and a Router Alert (RFC 2711) */
		static const uint8_t hbh[8] = {
		    IPV6_NH_ICMPV6, 0, IPV6_OPT_ROUTER_ALERT, 2, 0, 0,
		    IPV6_OPT_PADN,  0};

		h.next = IPV6_NH_HOPOPTS;
		h.hlim = 1;
		memcpy(f + off, hbh, sizeof(hbh));
		off += sizeof(hbh);
	}
	icmp6_set_csum(msg, len, src, dst);
	memcpy(f + off, msg, len);
	memcpy(eh.dst, mac, ETH_ALEN);
	memcpy(eh.src, nif->mac, ETH_ALEN);
	eth_emit(f, sizeof(f), &eh);
	ipv6_emit(f + ETH_HLEN, sizeof(f) - ETH_HLEN, &h,
		  off - ETH_HLEN - IPV6_HLEN + len);
	net_output_frame(nif, f, off + len);
}

IPV6_COLD void nd_send_ns(struct netif *nif, const uint8_t *src,
			  const uint8_t *dst, const uint8_t *target,
			  const uint8_t *mac)
{
	uint8_t msg[ND_NS_LEN + 8], group_mac[ETH_ALEN];
	bool dad = ipv6_addr_is_unspecified(src);
	size_t len = nd_emit(msg, sizeof(msg), ICMP6_ND_NS, 0, target,
			     dad ? NULL : nif->mac);

	if (mac == NULL) {
		ipv6_mcast_mac(group_mac, dst);
		mac = group_mac;
	}
	nif->v6->st.ns_out++;
	nd_send_msg(nif, src, dst, mac, msg, len, false);
}
