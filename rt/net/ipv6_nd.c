/* SPDX-License-Identifier: ISC */
/*
 * Neighbor Discovery (RFC 4861): the neighbour cache and Neighbor
 * Solicitations and Advertisements. The cache has the states, timers and
 * queue of ARP's (docs/net.md, "ARP"; the arp.* keys): INCOMPLETE asks by
 * a multicast NS to the target's solicited-node group, PROBE by a unicast
 * NS to the cached MAC; an NA with S set confirms (REACHABLE), one
 * without, or an unsolicited NS/RS/RA with a link-layer option, makes the
 * entry STALE when it brings a new MAC (7.2.5, 7.2.3). Every message is
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

struct nd_entry *nd_find(struct netif *nif, const uint8_t *ip)
{
	for (unsigned i = 0; i < ND_CACHE_SIZE; i++) {
		struct nd_entry *e = &nif->v6->nc[i];

		if (e->n.state != ARP_FREE && memcmp(e->ip, ip, IPV6_ALEN) == 0)
			return e;
	}
	return NULL;
}

static bool nd_valid(const struct nd_entry *e)
{
	return e->n.state != ARP_FREE && e->n.state != ARP_INCOMPLETE;
}

static void nd_free(struct netif *nif, struct nd_entry *e)
{
	arp_queue_drop(nif, &e->n);
	e->n.state = ARP_FREE;
}

/* A full cache gives up a STALE entry first, then the earliest deadline. */
static struct nd_entry *nd_alloc(struct netif *nif, const uint8_t *ip)
{
	struct nd_entry *v = &nif->v6->nc[0];

	for (unsigned i = 0; i < ND_CACHE_SIZE; i++) {
		struct nd_entry *e = &nif->v6->nc[i];

		if (e->n.state == ARP_FREE) {
			v = e;
			break;
		}
		if ((e->n.state == ARP_STALE) != (v->n.state == ARP_STALE)) {
			if (e->n.state == ARP_STALE)
				v = e;
		} else if (e->n.deadline_ns < v->n.deadline_ns) {
			v = e;
		}
	}
	if (v->n.state != ARP_FREE)
		nd_free(nif, v);
	memset(v, 0, sizeof(*v));
	memcpy(v->ip, ip, IPV6_ALEN);
	return v;
}

static void nd_set(struct nd_entry *e, enum arp_state s, uint64_t at)
{
	e->n.state = (uint8_t)s;
	e->n.deadline_ns = at;
	e->n.tries = 0;
}

static void nd_reachable(struct netif *nif, uint64_t now_ns, struct nd_entry *e)
{
	nif->arp_stats.confirmed++;
	nd_set(e, ARP_REACHABLE, now_ns + nif->arp_p.reachable_ns);
}

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

IPV6_COLD void nd_send_ns(struct netif *nif, uint64_t now_ns,
			  const uint8_t *src, const uint8_t *dst,
			  const uint8_t *target)
{
	uint8_t msg[ND_NS_LEN + 8], mac[ETH_ALEN];
	bool dad = ipv6_addr_is_unspecified(src);
	size_t len = nd_emit(msg, sizeof(msg), ICMP6_ND_NS, 0, target,
			     dad ? NULL : nif->mac);
	struct nd_entry *e;

	(void)now_ns;
	if (ipv6_addr_is_multicast(dst)) {
		ipv6_mcast_mac(mac, dst);
	} else {
		e = nd_find(nif, dst);
		if (e == NULL || !nd_valid(e))
			return;
		memcpy(mac, e->n.mac, ETH_ALEN);
	}
	nif->v6->st.ns_out++;
	nd_send_msg(nif, src, dst, mac, msg, len, false);
}

/* An NS for ip: multicast to its solicited-node group, or to its MAC. */
static void nd_solicit(struct netif *nif, uint64_t now_ns,
		       const struct nd_entry *e, bool unicast)
{
	uint8_t src[IPV6_ALEN], dst[IPV6_ALEN];

	if (!ipv6_source_for(nif, e->ip, src))
		return;
	if (unicast)
		memcpy(dst, e->ip, IPV6_ALEN);
	else
		ipv6_solicited_node(dst, e->ip);
	nd_send_ns(nif, now_ns, src, dst, e->ip);
}

IPV6_COLD void nd_learn(struct netif *nif, uint64_t now_ns, const uint8_t *ip,
			const uint8_t *mac, bool router)
{
	struct nd_entry *e = nd_find(nif, ip);
	bool incomplete;

	if (e == NULL) {
		e = nd_alloc(nif, ip);
		nd_set(e, ARP_INCOMPLETE, now_ns);
	}
	incomplete = e->n.state == ARP_INCOMPLETE;
	if (router)
		e->router = true;
	if (!incomplete && memcmp(e->n.mac, mac, ETH_ALEN) == 0)
		return;
	memcpy(e->n.mac, mac, ETH_ALEN);
	nd_set(e, ARP_STALE, now_ns + nif->arp_p.stale_ns);
	if (incomplete)
		arp_queue_flush(nif, &e->n);
}

void nd_forget_router(struct netif *nif, const uint8_t *ip)
{
	struct nd_entry *e = nd_find(nif, ip);

	if (e != NULL)
		e->router = false;
}

void nd_confirm(struct netif *nif, uint64_t now_ns, const uint8_t *ip)
{
	struct nd_entry *e = nd_find(nif, ip);

	if (e != NULL && nd_valid(e))
		nd_reachable(nif, now_ns, e);
}

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

int nd_output(struct netif *nif, uint64_t now_ns, const uint8_t *hop,
	      uint8_t *frame, size_t len)
{
	struct nd_entry *e = nd_find(nif, hop);

	if (len > ETH_MAX_FRAME)
		return NET_EMSGSIZE;
	if (e == NULL) {
		e = nd_alloc(nif, hop);
		nd_set(e, ARP_INCOMPLETE, now_ns + nif->arp_p.retry_ns);
		e->n.tries = 1;
		nif->arp_stats.requests++;
		nd_solicit(nif, now_ns, e, false);
	}
	if (e->n.state == ARP_INCOMPLETE)
		return arp_queue_add(nif, &e->n, frame, len);
	if (e->n.state == ARP_STALE)
		nd_set(e, ARP_DELAY, now_ns + nif->arp_p.delay_ns);
	memcpy(frame, e->n.mac, ETH_ALEN);
	return net_output_frame(nif, frame, len);
}

IPV6_COLD static void nd_expire(struct netif *nif, uint64_t now_ns,
				struct nd_entry *e)
{
	const struct arp_params *p = &nif->arp_p;

	switch ((enum arp_state)e->n.state) {
	case ARP_REACHABLE:
		nd_set(e, ARP_STALE, now_ns + p->stale_ns);
		return;
	case ARP_DELAY:
		nd_set(e, ARP_PROBE, now_ns);
		/* fall through: the first probe goes now */
	case ARP_PROBE:
	case ARP_INCOMPLETE:
		if (e->n.tries >= p->probes) {
			nif->arp_stats.failed++;
			nd_free(nif, e);
			return;
		}
		e->n.tries++;
		e->n.deadline_ns = now_ns + p->retry_ns;
		if (e->n.state == ARP_PROBE)
			nif->arp_stats.probes++;
		else
			nif->arp_stats.requests++;
		nd_solicit(nif, now_ns, e, e->n.state == ARP_PROBE);
		return;
	case ARP_STALE:
	case ARP_FREE:
		nd_free(nif, e);
		return;
	}
}

IPV6_COLD void nd_tick(struct netif *nif, uint64_t now_ns)
{
	for (unsigned i = 0; i < ND_CACHE_SIZE; i++) {
		struct nd_entry *e = &nif->v6->nc[i];

		if (e->n.state != ARP_FREE && now_ns >= e->n.deadline_ns)
			nd_expire(nif, now_ns, e);
	}
}

uint64_t nd_next_deadline(const struct netif *nif)
{
	uint64_t at = UINT64_MAX;

	for (unsigned i = 0; i < ND_CACHE_SIZE; i++)
		if (nif->v6->nc[i].n.state != ARP_FREE &&
		    nif->v6->nc[i].n.deadline_ns < at)
			at = nif->v6->nc[i].n.deadline_ns;
	return at;
}

IPV6_COLD void nd_release(struct netif *nif)
{
	for (unsigned i = 0; i < ND_CACHE_SIZE; i++)
		arp_queue_drop(nif, &nif->v6->nc[i].n);
}
