/* SPDX-License-Identifier: ISC */
/*
 * ICMPv6 (RFC 4443): echo requests to an address of ours are answered with
 * the same identifier, sequence and data; Neighbor Discovery (133-137)
 * goes to ipv6_nd.c and ipv6_addr.c; an MLD query (from a link-local
 * source) is answered by a report of our groups (ipv6_addr.c, which also
 * sends them unsolicited when they change); error messages received are
 * counted (nothing above uses them yet); unknown informational messages
 * are dropped (2.4 (b)). The errors sent follow 2.4 (e) and are
 * rate-limited by their own token bucket (2.4 (f)).
 */
#include <string.h>

#include "net/ipv6.h"
#include "net/wire/ipv6_icmp.h"

static void icmp6_echo(struct netif *nif, uint64_t now_ns,
		       const struct ipv6_hdr *ih, struct icmp6_hdr *h,
		       struct bytes data)
{
	uint8_t *out = nif->tx + NET_TX6_L4;
	size_t room = ETH_MAX_FRAME - NET_TX6_L4;

	if (ipv6_our_addr(nif, ih->dst) == NULL) {
		/* a group (ff02::1): no answer, as for IPv4 broadcasts */
		net_count_drop(nif, NET_DROP_ICMP6_ECHO_NOT_US);
		return;
	}
	if (data.len > room - ICMP6_HLEN ||
	    IPV6_HLEN + ICMP6_HLEN + data.len > nif->v6->mtu) {
		net_count_drop(nif, NET_DROP_ICMP6_TOO_BIG);
		return;
	}
	memmove(out + ICMP6_HLEN, data.p, data.len);
	h->type = ICMP6_ECHO_REPLY;
	h->code = 0;
	icmp6_emit(out, room, h, ih->dst, ih->src, data.len);
	ipv6_output(nif, now_ns, ih->dst, ih->src, IPV6_NH_ICMPV6, 0,
		    ICMP6_HLEN + data.len);
}

void icmp6_input(struct netif *nif, uint64_t now_ns, const struct ipv6_hdr *ih,
		 struct bytes pkt)
{
	struct icmp6_hdr h;
	struct bytes data;
	enum net_drop why = icmp6_parse(pkt, ih->src, ih->dst, &h, &data);

	if (why != NET_DROP_NONE) {
		net_count_drop(nif, why);
		return;
	}
	if (ipv6_addr_is_unspecified(ih->src) && h.type != ICMP6_ND_NS &&
	    h.type != ICMP6_MLDV2_REPORT && h.type != ICMP6_MLD_REPORT) {
		net_count_drop(nif, NET_DROP_IP6_BAD_SRC);
		return;
	}
	switch (h.type) {
	case ICMP6_ECHO_REQUEST:
		if (pkt.len < ICMP6_HLEN) {
			net_count_drop(nif, NET_DROP_ICMP6_SHORT);
			return;
		}
		icmp6_echo(nif, now_ns, ih, &h, data);
		return;
	case ICMP6_MLD_QUERY:
		/* RFC 3810 5.1.14: from a link-local source, or ignored */
		if (!ipv6_addr_is_linklocal(ih->src)) {
			net_count_drop(nif, NET_DROP_ICMP6_TYPE);
			return;
		}
		ipv6_mld_query(nif, now_ns);
		return;
	case ICMP6_ND_RS: /* for routers */
	case ICMP6_ND_REDIRECT:
	case ICMP6_MLD_REPORT:
	case ICMP6_MLD_DONE:
	case ICMP6_MLDV2_REPORT:
		net_count_drop(nif, NET_DROP_ICMP6_TYPE);
		return;
	case ICMP6_ND_RA:
	case ICMP6_ND_NS:
	case ICMP6_ND_NA:
		nd_input(nif, now_ns, ih, h.type, pkt);
		return;
	}
	net_count_drop(nif, icmp6_type_is_error(h.type)
				? NET_DROP_ICMP6_ERROR_IN
				: NET_DROP_ICMP6_TYPE);
}

/* An ICMPv6 error, or a redirect, or too short to tell (2.4 (e.1)). */
static bool icmp6_is_error_pkt(const struct ipv6_hdr *ih)
{
	struct bytes p = bytes_from(ih->dgram, IPV6_HLEN);

	if (ih->next != IPV6_NH_ICMPV6)
		return false;
	return p.len == 0 || icmp6_type_is_error(get8(p, 0)) ||
	       get8(p, 0) == ICMP6_ND_REDIRECT;
}

IPV6_COLD bool icmp6_send_error(struct netif *nif, uint64_t now_ns,
				const struct ipv6_hdr *ih, uint8_t type,
				uint8_t code, uint32_t param, bool allow_group)
{
	uint8_t src[IPV6_ALEN];
	size_t len;
	bool group = ipv6_addr_is_multicast(ih->dst) || nif->rx_link_bcast;

	if (icmp6_is_error_pkt(ih) || (group && !allow_group) ||
	    ipv6_addr_is_unspecified(ih->src) ||
	    ipv6_addr_is_multicast(ih->src))
		return false;
	if (ipv6_our_addr(nif, ih->dst) != NULL)
		memcpy(src, ih->dst, IPV6_ALEN);
	else if (!ipv6_source_for(nif, ih->src, src))
		return false;
	if (!token_bucket_take(&nif->v6->errors, now_ns)) {
		net_count_drop(nif, NET_DROP_ICMP6_RATE);
		return false;
	}
	len = icmp6_error_emit(nif->tx + NET_TX6_L4, ETH_MAX_FRAME - NET_TX6_L4,
			       type, code, param, src, ih->src, ih->dgram);
	if (len == 0)
		return false;
	return ipv6_output(nif, now_ns, src, ih->src, IPV6_NH_ICMPV6, 0, len) ==
	       NET_OK;
}
