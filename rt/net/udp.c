/* SPDX-License-Identifier: ISC */
/*
 * UDP: input checks the datagram (length, checksum with the pseudo-header)
 * and delivers it to a well-known service in the protocol table (the DHCP
 * client on port 68) or to the application's binding of the port; a
 * datagram to a port nobody listens on gets an ICMP port unreachable
 * (icmp_send_unreach() decides whether one may be sent). Output
 * writes the header and checksum in front of data placed in nif->tx.
 */
#include <string.h>

#include "net/ipv6.h"
#include "net/netif.h"
#include "net/wire/icmp.h"
#include "net/wire/ipv6_icmp.h"
#include "uni/protocol.h"

static struct udp_binding *udp_find(struct netif *nif, uint16_t port)
{
	unsigned i;

	for (i = 0; i < UDP_BINDINGS; i++)
		if (nif->udp[i].port == port)
			return &nif->udp[i];
	return NULL;
}

static bool udp_deliver_service(struct netif *nif, uint64_t now_ns,
				const struct ipv4_hdr *ih,
				const struct udp_hdr *uh, struct bytes data)
{
	const struct uni_protocol *p;

	p = uni_protocol_find(UNI_PROTO_UDP_PORT, uh->dport);
	if (p == NULL)
		return false;
	((net_udp_handler)p->input)(nif, now_ns, ih, uh, data);
	return true;
}

void udp_input(struct netif *nif, uint64_t now_ns, const struct ipv4_hdr *ih,
	       struct bytes pkt)
{
	struct udp_hdr uh;
	struct bytes data;
	struct udp_binding *b;
	struct udp_endpoint from = {.family = NET_FAMILY_IPV4};
	enum net_drop why = udp_parse(pkt, ih->src, ih->dst, &uh, &data);

	if (why != NET_DROP_NONE) {
		net_count_drop(nif, why);
		return;
	}
	if (udp_deliver_service(nif, now_ns, ih, &uh, data))
		return;
	b = uh.dport != 0 ? udp_find(nif, uh.dport) : NULL;
	if (b == NULL || nif->addr == 0) {
		net_count_drop(nif, NET_DROP_UDP_PORT);
		icmp_send_unreach(nif, now_ns, ih, ICMP_UNREACH_PORT);
		return;
	}
	from.addr = ih->src;
	from.port = uh.sport;
	b->fn(b->arg, &from, uh.dport, data.p, data.len);
}

static struct net_addr addr6(const uint8_t *a)
{
	struct net_addr n = {.family = NET_FAMILY_IPV6};

	memcpy(n.a, a, IPV6_ALEN);
	return n;
}

/*
 * The same over IPv6 (called by ipv6.c only, so it goes with IPv6): the
 * binding of the port serves both families, and from carries the peer's
 * IPv6 address for the answer.
 */
void udp6_input(struct netif *nif, uint64_t now_ns, const struct ipv6_hdr *ih,
		struct bytes pkt)
{
	struct udp_hdr uh;
	struct bytes data;
	struct udp_binding *b;
	struct udp_endpoint from = {.family = NET_FAMILY_IPV6};
	struct net_addr src = addr6(ih->src), dst = addr6(ih->dst);
	enum net_drop why = udp_parse_addr(pkt, &src, &dst, &uh, &data);

	if (why != NET_DROP_NONE) {
		net_count_drop(nif, why);
		return;
	}
	b = uh.dport != 0 ? udp_find(nif, uh.dport) : NULL;
	if (b == NULL) {
		net_count_drop(nif, NET_DROP_UDP_PORT);
		icmp6_send_error(nif, now_ns, ih, ICMP6_DST_UNREACH,
				 ICMP6_UNREACH_PORT, 0, false);
		return;
	}
	memcpy(from.addr6, ih->src, IPV6_ALEN);
	from.port = uh.sport;
	b->fn(b->arg, &from, uh.dport, data.p, data.len);
}

int net_udp_bind(struct netif *nif, uint16_t port, udp_recv_fn fn, void *arg)
{
	struct udp_binding *b;

	if (port == 0 || fn == NULL)
		return NET_EINVAL;
	if (udp_find(nif, port) != NULL)
		return NET_EADDRINUSE;
	b = udp_find(nif, 0);
	if (b == NULL)
		return NET_ENOMEM;
	b->port = port;
	b->fn = fn;
	b->arg = arg;
	return NET_OK;
}

int net_udp_unbind(struct netif *nif, uint16_t port)
{
	struct udp_binding *b = port != 0 ? udp_find(nif, port) : NULL;

	if (b == NULL)
		return NET_EINVAL;
	memset(b, 0, sizeof(*b));
	return NET_OK;
}

int net_udp_output(struct netif *nif, uint64_t now_ns, uint16_t sport,
		   const struct udp_endpoint *to, size_t data_len)
{
	if (data_len > UDP_MAX_PAYLOAD)
		return NET_EMSGSIZE;
	udp_emit(nif->tx + NET_TX_L4, ETH_MAX_FRAME - NET_TX_L4, nif->addr,
		 to->addr, sport, to->port, data_len);
	return ipv4_output(nif, now_ns, to->addr, IPV4_PROTO_UDP,
			   UDP_HLEN + data_len);
}

/* To an IPv6 peer, through IPv6's table (netif.h). */
static int net_udp6_send(struct netif *nif, uint64_t now_ns, uint16_t sport,
			 const struct udp_endpoint *to, const void *data,
			 size_t len)
{
	struct net_addr src = {.family = NET_FAMILY_IPV6};
	struct net_addr dst = addr6(to->addr6);

	if (len > UDP_MAX_PAYLOAD6)
		return NET_EMSGSIZE;
	if (nif->v6 == NULL || net_ipv6 == NULL)
		return NET_EAFNOSUPPORT;
	if (!net_ipv6->source_for(nif, to->addr6, src.a))
		return NET_ENOADDR;
	memmove(nif->tx + NET_TX6_UDP_DATA, data, len);
	udp_emit_addr(nif->tx + NET_TX6_L4, ETH_MAX_FRAME - NET_TX6_L4, &src,
		      &dst, sport, to->port, len);
	return net_ipv6->output(nif, now_ns, src.a, dst.a, IPV4_PROTO_UDP, 0,
				UDP_HLEN + len);
}

int net_udp_send(struct netif *nif, uint64_t now_ns, uint16_t sport,
		 const struct udp_endpoint *to, const void *data, size_t len)
{
	if (len > UDP_MAX_PAYLOAD || (len != 0 && data == NULL) || to == NULL ||
	    to->port == 0)
		return NET_EINVAL;
	if (to->family == NET_FAMILY_IPV6)
		return net_udp6_send(nif, now_ns, sport, to, data, len);
	if (to->family != 0 && to->family != NET_FAMILY_IPV4)
		return NET_EINVAL;
	if (nif->addr == 0)
		return NET_ENOADDR;
	memmove(nif->tx + NET_TX_UDP_DATA, data, len);
	return net_udp_output(nif, now_ns, sport, to, len);
}

/*
 * Reachable when a kept driver delivers frames and the application uses
 * UDP; the DHCP client receives through UDP too: dhcp_start keeps it.
 */
UNI_PROTOCOL(udp, "udp", UNI_PROTO_IP, IPV4_PROTO_UDP, udp_input, NULL,
	     UNI_API_FN(uni_netdev_receive), UNI_API_GROUP,
	     UNI_API_FN(udp_bind), UNI_API_FN(udp_send),
	     UNI_API_FN(dhcp_start));
