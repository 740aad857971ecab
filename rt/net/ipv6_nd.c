/* SPDX-License-Identifier: ISC */
/*
 * Neighbor Discovery (RFC 4861): Neighbor Solicitations and
 * Advertisements, and the dispatch of RAs. An NA with S set confirms its
 * neighbour (REACHABLE), one without, or an unsolicited NS with a
 * link-layer option, makes the entry STALE when it brings a new MAC
 * (7.2.5, 7.2.3); the cache itself is ipv6_ncache.c. Every message is
 * validated as 7.1 says (hop limit 255, code 0, lengths, options); an NS
 * for an address of ours is answered with a solicited NA carrying our MAC.
 * An NS or NA about a tentative address of ours is DAD's business
 * (ipv6_addr.c, RFC 4862 5.4.3/5.4.4); an NA for a preferred address of
 * ours from another MAC is a conflict, counted.
 */
#include <string.h>

#include "net/arp_queue.h"
#include "net/ipv6.h"
#include "net/wire/ipv6_icmp.h"

#define ND_HLIM 255

/* The link-layer address option of type in msg, or NULL. */
static const uint8_t *nd_lladdr(struct bytes msg, uint8_t msg_type,
				uint8_t opt_type)
{
	size_t off = nd_opts_offset(msg_type);
	struct nd_opt o;

	while (nd_opt_next(msg, &off, &o))
		if (o.type == opt_type && o.body.len >= ETH_ALEN)
			return o.body.p;
	return NULL;
}

/* RFC 4861 7.1.1 and 7.1.2, beyond nd_check(). */
static bool nd_ns_na_valid(const struct ipv6_hdr *ih, uint8_t type,
			   struct bytes msg, const uint8_t *ll)
{
	const uint8_t *target = msg.p + 8;

	if (ipv6_addr_is_multicast(target))
		return false;
	if (type == ICMP6_ND_NS && ipv6_addr_is_unspecified(ih->src)) {
		uint8_t g[IPV6_ALEN];

		ipv6_solicited_node(g, target);
		return memcmp(ih->dst, g, IPV6_ALEN) == 0 && ll == NULL;
	}
	if (type == ICMP6_ND_NA && ipv6_addr_is_multicast(ih->dst) &&
	    (get8(msg, 4) & ND_NA_SOLICITED) != 0)
		return false;
	return true;
}

IPV6_COLD static void nd_ns_input(struct netif *nif, uint64_t now_ns,
				  const struct ipv6_hdr *ih, struct bytes msg,
				  const uint8_t *ll)
{
	const uint8_t *target = msg.p + 8;
	struct ipv6_addr *mine = ipv6_addr_slot(nif, target);
	uint8_t out[ND_NS_LEN + 8], dst[IPV6_ALEN], mac[ETH_ALEN];
	bool dad = ipv6_addr_is_unspecified(ih->src);
	size_t len;

	nif->v6->st.ns_in++;
	if (mine == NULL) {
		net_count_drop(nif, NET_DROP_ND_NOT_US);
		return;
	}
	if (mine->state == IP6A_TENTATIVE) {
		/* RFC 4862 5.4.3: only another host's DAD is a conflict */
		if (dad)
			ipv6_dad_conflict(nif, now_ns, mine, nif->rx_mac_src);
		return;
	}
	if (!dad && ll != NULL)
		nd_learn(nif, now_ns, ih->src, ll, false);
	if (dad) {
		memcpy(dst, ipv6_all_nodes, IPV6_ALEN);
		ipv6_mcast_mac(mac, dst);
	} else {
		memcpy(dst, ih->src, IPV6_ALEN);
		memcpy(mac, ll != NULL ? ll : nif->rx_mac_src, ETH_ALEN);
	}
	len = nd_emit(out, sizeof(out), ICMP6_ND_NA,
		      (uint8_t)((dad ? 0 : ND_NA_SOLICITED) | ND_NA_OVERRIDE),
		      target, nif->mac);
	nif->v6->st.na_out++;
	nd_send_msg(nif, target, dst, mac, out, len, false);
}

IPV6_COLD static void nd_na_input(struct netif *nif, uint64_t now_ns,
				  struct bytes msg, const uint8_t *ll)
{
	const uint8_t *target = msg.p + 8;
	uint8_t flags = get8(msg, 4);
	struct ipv6_addr *mine = ipv6_addr_slot(nif, target);
	struct nd_entry *e;
	bool changed;

	nif->v6->st.na_in++;
	if (mine != NULL) {
		if (mine->state == IP6A_TENTATIVE)
			ipv6_dad_conflict(nif, now_ns, mine,
					  ll != NULL ? ll : nif->rx_mac_src);
		else
			net_count_drop(nif, NET_DROP_ND_DAD);
		return;
	}
	e = nd_find(nif, target);
	if (e == NULL)
		return; /* 7.2.5: nothing asked for it */
	if (e->n.state == ARP_INCOMPLETE) {
		if (ll == NULL)
			return;
		memcpy(e->n.mac, ll, ETH_ALEN);
		if (flags & ND_NA_SOLICITED)
			nd_reachable(nif, now_ns, e);
		else
			nd_set(e, ARP_STALE, now_ns + nif->arp_p.stale_ns);
		e->router = (flags & ND_NA_ROUTER) != 0;
		arp_queue_flush(nif, &e->n);
		return;
	}
	changed = ll != NULL && memcmp(ll, e->n.mac, ETH_ALEN) != 0;
	if (!(flags & ND_NA_OVERRIDE) && changed) {
		if (e->n.state == ARP_REACHABLE)
			nd_set(e, ARP_STALE, now_ns + nif->arp_p.stale_ns);
		return;
	}
	if (changed)
		memcpy(e->n.mac, ll, ETH_ALEN);
	if (flags & ND_NA_SOLICITED)
		nd_reachable(nif, now_ns, e);
	else if (changed)
		nd_set(e, ARP_STALE, now_ns + nif->arp_p.stale_ns);
	e->router = (flags & ND_NA_ROUTER) != 0;
}

IPV6_COLD void nd_input(struct netif *nif, uint64_t now_ns,
			const struct ipv6_hdr *ih, uint8_t type,
			struct bytes msg)
{
	enum net_drop why = nd_check(msg, type);
	const uint8_t *ll = NULL;

	if (why == NET_DROP_NONE && (ih->hlim != ND_HLIM || get8(msg, 1) != 0))
		why = NET_DROP_ND_INVALID;
	if (why != NET_DROP_NONE) {
		net_count_drop(nif, why);
		return;
	}
	if (type == ICMP6_ND_RA) {
		ipv6_ra_input(nif, now_ns, ih, msg);
		return;
	}
	ll = nd_lladdr(msg, type,
		       type == ICMP6_ND_NS ? ND_OPT_SRC_LLADDR
					   : ND_OPT_TGT_LLADDR);
	if (!nd_ns_na_valid(ih, type, msg, ll)) {
		net_count_drop(nif, NET_DROP_ND_INVALID);
		return;
	}
	if (type == ICMP6_ND_NS)
		nd_ns_input(nif, now_ns, ih, msg, ll);
	else
		nd_na_input(nif, now_ns, msg, ll);
}
