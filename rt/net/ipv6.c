/* SPDX-License-Identifier: ISC */
/*
 * IPv6 input and output (RFC 8200) for a host. Input checks the header
 * (ipv6_check), then the policy: a destination that is an address of ours
 * (a tentative one only for Neighbor Discovery, RFC 4862 5.4), ff02::1 or
 * a solicited-node group we joined; a source that is not a group, the
 * loopback, an IPv4-mapped address or ours (a looped frame). Then it walks
 * the extension headers, at most IPV6_EXT_MAX of them, each inside the
 * payload:
 *   - Hop-by-Hop (first only, RFC 8200 4.3) and Destination Options: the
 *     options are walked; an unrecognized one acts as its type's two high
 *     bits say (4.2): skip, discard, discard and send a Parameter Problem
 *     (code 2), or the same unless the destination is a group;
 *   - Routing: ignored when Segments Left is 0; otherwise a Parameter
 *     Problem (code 0) points at its type (4.4): a host forwards nothing;
 *   - Fragment: an atomic fragment (offset 0, M clear, RFC 6946) is read
 *     as the packet it carries; any other is dropped and counted: there is
 *     no reassembly (docs/net.md says why);
 *   - No Next Header (59): the packet ends, counted.
 * The upper layer is ICMPv6, UDP, or TCP when the application started it
 * (net_ipv6_tcp_input); another next header gets a Parameter Problem
 * (code 1) pointing at the field that named it. The hop limit is not
 * checked on input (a host does not forward), except by ND. Output is
 * ipv6_output.c, the address table ipv6_table.c.
 */
#include <string.h>

#include "net/iface.h"
#include "net/ipv6.h"
#include "net/wire/ipv6_icmp.h"
#include "uni/config.h"
#include "uni/protocol.h"

#define IPV6_EXT_MAX 8

UNI_CONFIG_EXTERN_STRING(net0, ipv6);

/* ff02::1, or the solicited-node group of one of our addresses. */
static bool ipv6_group_joined(const struct netif *nif, const uint8_t *dst)
{
	uint8_t g[IPV6_ALEN];

	if (memcmp(dst, ipv6_all_nodes, IPV6_ALEN) == 0)
		return true;
	for (unsigned i = 0; i < IPV6_ADDRS; i++) {
		const struct ipv6_addr *s = &nif->v6->addr[i];

		if (s->state == IP6A_FREE || s->state == IP6A_DUPLICATE)
			continue;
		ipv6_solicited_node(g, s->a);
		if (memcmp(g, dst, IPV6_ALEN) == 0)
			return true;
	}
	return false;
}

static enum net_drop ipv6_policy(struct netif *nif, const struct ipv6_hdr *h)
{
	struct ipv6_addr *d;

	if (ipv6_addr_is_multicast(h->src) || ipv6_addr_is_loopback(h->src) ||
	    ipv6_addr_is_v4mapped(h->src) || ipv6_our_addr(nif, h->src) != NULL)
		return NET_DROP_IP6_BAD_SRC;
	if (ipv6_addr_is_multicast(h->dst))
		return ipv6_group_joined(nif, h->dst) ? NET_DROP_NONE
						      : NET_DROP_IP6_NOT_US;
	d = ipv6_addr_slot(nif, h->dst);
	if (d == NULL)
		return NET_DROP_IP6_NOT_US;
	return d->state == IP6A_TENTATIVE ? NET_DROP_IP6_TENTATIVE
					  : NET_DROP_NONE;
}

/* Packets to a tentative address are ND's alone (RFC 4862 5.4). */
static bool ipv6_is_nd(struct bytes upper, uint8_t nh)
{
	return nh == IPV6_NH_ICMPV6 && bytes_has(upper, 0, 1) &&
	       (get8(upper, 0) == ICMP6_ND_NS || get8(upper, 0) == ICMP6_ND_NA);
}

/*
 * The options of a Hop-by-Hop or Destination Options header at off in
 * the datagram: NET_DROP_NONE to go on; for an unrecognized option whose
 * type says discard, its reason, with *pp the offset of the option to
 * point at when a Parameter Problem is due (else 0).
 */
static enum net_drop ipv6_options(const struct ipv6_hdr *h, size_t off,
				  size_t len, uint32_t *pp)
{
	struct bytes d = h->dgram;
	size_t o = off + 2, end = off + len;

	while (o < end) {
		uint8_t type = get8(d, o);
		size_t olen;

		if (type == IPV6_OPT_PAD1) {
			o++;
			continue;
		}
		if (o + 2 > end)
			return NET_DROP_IP6_EXT;
		olen = 2 + (size_t)get8(d, o + 1);
		if (o + olen > end)
			return NET_DROP_IP6_EXT;
		switch (type >> 6) {
		case 0: /* skip: PadN, Router Alert and any unknown 00 */
			break;
		case 1:
			return NET_DROP_IP6_OPTION;
		case 2:
			*pp = (uint32_t)o;
			return NET_DROP_IP6_OPTION;
		default:
			if (!ipv6_addr_is_multicast(h->dst))
				*pp = (uint32_t)o;
			return NET_DROP_IP6_OPTION;
		}
		o += olen;
	}
	return NET_DROP_NONE;
}

/* Where the walk stopped: the upper layer's header and where it was named. */
struct ipv6_walk {
	uint8_t nh;
	size_t off;    /* the upper layer, from the start of the datagram */
	size_t nh_off; /* the octet that holds nh, for a Parameter Problem */
};

/*
 * Walk the extension headers (see the top). NET_DROP_NONE with *w the
 * upper layer, or the reason the packet goes; a Parameter Problem due is
 * sent here.
 */
static enum net_drop ipv6_walk(struct netif *nif, uint64_t now_ns,
			       const struct ipv6_hdr *h, struct ipv6_walk *w)
{
	struct bytes d = h->dgram;
	unsigned n;

	w->nh = h->next;
	w->off = IPV6_HLEN;
	w->nh_off = 6;
	for (n = 0;; n++) {
		struct bytes rest = bytes_from(d, w->off);
		size_t len = ipv6_ext_len(rest, w->nh);
		uint32_t pp = 0;
		enum net_drop why = NET_DROP_NONE;

		switch (w->nh) {
		case IPV6_NH_HOPOPTS:
			if (n != 0) {
				icmp6_send_error(nif, now_ns, h,
						 ICMP6_PARAM_PROB,
						 ICMP6_PARAM_NEXT,
						 (uint32_t)w->nh_off, false);
				return NET_DROP_IP6_PROTO;
			}
			/* fall through */
		case IPV6_NH_DSTOPTS:
			if (len == 0)
				return NET_DROP_IP6_EXT;
			why = ipv6_options(h, w->off, len, &pp);
			if (why != NET_DROP_NONE) {
				if (pp != 0)
					icmp6_send_error(
					    nif, now_ns, h, ICMP6_PARAM_PROB,
					    ICMP6_PARAM_OPTION, pp, true);
				return why;
			}
			break;
		case IPV6_NH_ROUTING:
			if (len == 0)
				return NET_DROP_IP6_EXT;
			if (get8(d, w->off + 3) != 0) {
				icmp6_send_error(nif, now_ns, h,
						 ICMP6_PARAM_PROB,
						 ICMP6_PARAM_HEADER,
						 (uint32_t)(w->off + 2), false);
				return NET_DROP_IP6_ROUTING;
			}
			break;
		case IPV6_NH_FRAGMENT:
			if (len == 0)
				return NET_DROP_IP6_EXT;
			if ((get16(d, w->off + 2) &
			     (IPV6_FRAG_OFFSET_MASK | IPV6_FRAG_MF)) != 0)
				return NET_DROP_IP6_FRAGMENT;
			break;
		case IPV6_NH_NONE:
			return NET_DROP_IP6_NO_NEXT;
		default:
			return NET_DROP_NONE; /* the upper layer */
		}
		if (n + 1 >= IPV6_EXT_MAX)
			return NET_DROP_IP6_EXT;
		w->nh_off = w->off;
		w->nh = get8(d, w->off);
		w->off += len;
	}
}

void ipv6_input(struct netif *nif, uint64_t now_ns, const struct eth_hdr *eh,
		struct bytes pkt)
{
	struct ipv6_hdr h;
	struct bytes payload, upper;
	struct ipv6_walk w;
	enum net_drop why;

	(void)eh;
	if (nif->v6 == NULL) {
		net_count_drop(nif, NET_DROP_ETH_TYPE);
		return;
	}
	why = ipv6_parse(pkt, &h, &payload);
	if (why == NET_DROP_NONE)
		why = ipv6_policy(nif, &h);
	if (why == NET_DROP_IP6_TENTATIVE && ipv6_is_nd(payload, h.next))
		why = NET_DROP_NONE;
	if (why == NET_DROP_NONE)
		why = ipv6_walk(nif, now_ns, &h, &w);
	if (why != NET_DROP_NONE) {
		net_count_drop(nif, why);
		return;
	}
	upper = bytes_from(h.dgram, w.off);
	if (ipv6_addr_is_unspecified(h.src) && w.nh != IPV6_NH_ICMPV6) {
		net_count_drop(nif, NET_DROP_IP6_BAD_SRC);
		return;
	}
	switch (w.nh) {
	case IPV6_NH_ICMPV6:
		icmp6_input(nif, now_ns, &h, upper);
		return;
	case IPV6_NH_UDP:
		udp6_input(nif, now_ns, &h, upper);
		return;
	case IPV6_NH_TCP:
		if (net_ipv6_tcp_input != NULL &&
		    !ipv6_addr_is_multicast(h.dst)) {
			net_ipv6_tcp_input(nif, now_ns, h.src, h.dst, upper);
			return;
		}
		break;
	}
	net_count_drop(nif, NET_DROP_IP6_PROTO);
	icmp6_send_error(nif, now_ns, &h, ICMP6_PARAM_PROB, ICMP6_PARAM_NEXT,
			 (uint32_t)w.nh_off, false);
}

/*
 * Reachable when a kept driver delivers frames; net0.ipv6 = off removes
 * it (and, with it, everything of IPv6: nothing else calls into it).
 */
UNI_PROTOCOL_OFF_BY(ipv6, "ipv6", UNI_PROTO_ETHERTYPE, ETH_TYPE_IPV6,
		    ipv6_input, NULL, &UNI_CFG_VAR(net0, ipv6),
		    UNI_API_FN(uni_netdev_receive));
