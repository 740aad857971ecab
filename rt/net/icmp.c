/* SPDX-License-Identifier: ISC */
/*
 * ICMP (RFC 792, RFC 1122 3.2.2): echo requests to our own address are
 * answered with an echo reply carrying the same identifier, sequence and
 * data; error messages received are counted, never answered; everything
 * else is counted and dropped. IP and UDP call icmp_send_unreach() for a
 * protocol or port nobody handles; the errors sent are rate-limited by a
 * token bucket. The error path is part of ICMP (RFC 1122: ICMP is part of
 * IP), so it lives and goes with the IP stack: an image without a network
 * device has neither.
 */
#include <string.h>

#include "net/netif.h"
#include "net/wire/icmp.h"
#include "uni/config.h"
#include "uni/protocol.h"

/*
 * Echo requests to a broadcast or multicast address are not answered (RFC
 * 1122 3.2.2.6 allows silence; answering lets one datagram make every host
 * on the link reply to a forged source, the "smurf" amplification).
 */
static enum net_drop icmp_echo_check(const struct netif *nif,
				     const struct ipv4_hdr *ih,
				     const struct icmp_hdr *h)
{
	if (icmp_type_is_error(h->type))
		return NET_DROP_ICMP_ERROR_IN;
	if (h->type != ICMP_ECHO_REQUEST)
		return NET_DROP_ICMP_TYPE; /* any code, as Linux: RFC 792 has 0
					    */
	if (nif->addr == 0 || ih->dst != nif->addr)
		return NET_DROP_ICMP_BROADCAST;
	return NET_DROP_NONE;
}

void icmp_input(struct netif *nif, uint64_t now_ns, const struct ipv4_hdr *ih,
		struct bytes pkt)
{
	struct icmp_hdr h;
	struct bytes data;
	uint8_t *out = nif->tx + NET_TX_L4;
	size_t room = ETH_MAX_FRAME - NET_TX_L4;
	enum net_drop why = icmp_parse(pkt, &h, &data);

	if (why == NET_DROP_NONE)
		why = icmp_echo_check(nif, ih, &h);
	if (why == NET_DROP_NONE && data.len > room - ICMP_HLEN)
		why = NET_DROP_ICMP_TOO_BIG; /* a frame over the MTU */
	if (why != NET_DROP_NONE) {
		net_count_drop(nif, why);
		return;
	}
	memcpy(out + ICMP_HLEN, data.p, data.len);
	h.type = ICMP_ECHO_REPLY;
	h.code = 0;
	icmp_emit(out, room, &h, data.len);
	ipv4_output(nif, now_ns, ih->src, IPV4_PROTO_ICMP,
		    ICMP_HLEN + data.len);
}

bool token_bucket_take(struct token_bucket *b, uint64_t now_ns)
{
	uint64_t add;

	if (now_ns < b->at_ns || b->interval_ns == 0)
		b->at_ns = now_ns; /* a clock that went back: start over */
	add = b->interval_ns != 0 ? (now_ns - b->at_ns) / b->interval_ns : 0;
	if (add >= (uint64_t)(b->burst - b->tokens)) {
		b->tokens = b->burst;
		b->at_ns = now_ns;
	} else {
		b->tokens += (uint32_t)add;
		b->at_ns += add * b->interval_ns;
	}
	if (b->tokens == 0)
		return false;
	b->tokens--;
	return true;
}

/* The source names one host: not 0.0.0.0, broadcast, multicast, loopback. */
static bool icmp_src_is_host(const struct netif *nif, uint32_t src)
{
	return src != 0 && !ipv4_is_broadcast(nif, src) &&
	       !ipv4_addr_is_multicast(src) && !ipv4_addr_is_loopback(src);
}

/* An ICMP datagram that is an error, or too short to say: never answered. */
static bool icmp_is_error_dgram(const struct ipv4_hdr *ih)
{
	struct bytes payload = bytes_from(ih->dgram, ih->hlen);

	if (ih->proto != IPV4_PROTO_ICMP)
		return false;
	return payload.len == 0 || icmp_type_is_error(get8(payload, 0));
}

/*
 * RFC 1122 3.2.2: an error is never sent about an ICMP error, a datagram to
 * a broadcast or multicast address or in a link-layer broadcast, a
 * non-initial fragment, or one whose source is not a single host; and only
 * from an address of ours.
 */
static bool icmp_error_allowed(const struct netif *nif,
			       const struct ipv4_hdr *ih)
{
	return nif->addr != 0 && ih->dst == nif->addr && !nif->rx_link_bcast &&
	       (ih->frag & IPV4_FRAG_MASK) == 0 &&
	       icmp_src_is_host(nif, ih->src) && !icmp_is_error_dgram(ih);
}

bool icmp_send_unreach(struct netif *nif, uint64_t now_ns,
		       const struct ipv4_hdr *ih, uint8_t code)
{
	size_t len;

	if (net_ipv4_configured_off() || !icmp_error_allowed(nif, ih))
		return false;
	if (!token_bucket_take(&nif->icmp_errors, now_ns)) {
		net_count_drop(nif, NET_DROP_ICMP_RATE);
		return false;
	}
	len = icmp_error_emit(nif->tx + NET_TX_L4, ETH_MAX_FRAME - NET_TX_L4,
			      ICMP_UNREACH, code, ih->dgram);
	if (len == 0)
		return false;
	return ipv4_output(nif, now_ns, ih->src, IPV4_PROTO_ICMP, len) ==
	       NET_OK;
}

/*
 * Reachable when a kept driver delivers frames; net0.ipv4 = off removes it
 * (IPv6 only: net1, IPv4 only, must then be off, config_rules.c).
 */
UNI_PROTOCOL_OFF_BY(icmp, "icmp", UNI_PROTO_IP, IPV4_PROTO_ICMP, icmp_input,
		    NULL, &UNI_CFG_VAR(net0, ipv4),
		    UNI_API_FN(uni_netdev_receive));
