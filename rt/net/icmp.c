/* SPDX-License-Identifier: ISC */
/*
 * ICMP: echo requests to our own address are answered with an echo reply
 * carrying the same identifier, sequence and data; everything else is
 * counted and dropped.
 */
#include <string.h>

#include "net/netif.h"
#include "net/wire/icmp.h"
#include "uni/protocol.h"

void icmp_input(struct netif *nif, uint64_t now_ns, const struct ipv4_hdr *ih,
		struct bytes pkt)
{
	struct icmp_hdr h;
	struct bytes data;
	uint8_t *out = nif->tx + NET_TX_L4;
	size_t room = ETH_MAX_FRAME - NET_TX_L4;
	enum net_drop why = icmp_parse(pkt, &h, &data);

	if (why == NET_DROP_NONE &&
	    (h.type != ICMP_ECHO_REQUEST || h.code != 0))
		why = NET_DROP_ICMP_TYPE;
	if (why == NET_DROP_NONE && ih->dst != nif->addr)
		why = NET_DROP_ICMP_BROADCAST;
	if (why != NET_DROP_NONE) {
		net_count_drop(nif, why);
		return;
	}
	if (data.len > room - ICMP_HLEN)
		data.len = room - ICMP_HLEN; /* cannot happen for 1500 MTU */
	memcpy(out + ICMP_HLEN, data.p, data.len);
	h.type = ICMP_ECHO_REPLY;
	icmp_emit(out, room, &h, data.len);
	ipv4_output(nif, now_ns, ih->src, IPV4_PROTO_ICMP,
		    ICMP_HLEN + data.len);
}

UNI_PROTOCOL(icmp, "icmp", UNI_PROTO_IP, IPV4_PROTO_ICMP, icmp_input, NULL,
	     "uni_netdev_receive");
