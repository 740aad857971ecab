/* SPDX-License-Identifier: ISC */
/*
 * The neighbour cache of IPv6 (RFC 4861 7.3): ARP's states, timers, queue
 * and keys (docs/net.md, "ARP"), keyed by an IPv6 address. INCOMPLETE asks
 * by a multicast NS to the target's solicited-node group, PROBE by a
 * unicast NS to the cached MAC; what confirms an entry or makes it STALE
 * is decided by the messages' handlers (ipv6_nd.c, ipv6_addr.c) through
 * nd_learn(), nd_set() and nd_reachable(). Below those handlers; above
 * the sender of ND messages (ipv6_send.c) and the address table.
 */
#include <string.h>

#include "net/arp_queue.h"
#include "net/ipv6.h"
#include "net/wire/ipv6_icmp.h"

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

void nd_set(struct nd_entry *e, enum arp_state s, uint64_t at)
{
	e->n.state = (uint8_t)s;
	e->n.deadline_ns = at;
	e->n.tries = 0;
}

void nd_reachable(struct netif *nif, uint64_t now_ns, struct nd_entry *e)
{
	nif->arp_stats.confirmed++;
	nd_set(e, ARP_REACHABLE, now_ns + nif->arp_p.reachable_ns);
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
	nd_send_ns(nif, src, dst, e->ip, unicast ? e->n.mac : NULL);
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
