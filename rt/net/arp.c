/* SPDX-License-Identifier: ISC */
/*
 * ARP (RFC 826) with the neighbour unreachability detection of Linux (NUD,
 * the states of netif.h). An unknown next hop is INCOMPLETE: a broadcast
 * request now and every arp_p.retry_ns, up to arp_p.probes, while up to
 * arp_p.queue frames wait for it (arp_queue.c); unanswered, its frames are
 * dropped and counted. A reply for us confirms its sender (REACHABLE for
 * arp_p.reachable_ns); then the entry goes STALE, its next use starts
 * DELAY, and, unconfirmed after arp_p.delay_ns, PROBE asks the cached MAC
 * by unicast. Frames keep going to the cached MAC throughout, so a busy
 * entry is refreshed without ever losing one; only when every probe goes
 * unanswered is the entry freed. A STALE entry unused for arp_p.stale_ns
 * is freed. Any ARP packet whose sender is in the cache updates its MAC
 * (the merge step of RFC 826); a request or reply for our address also
 * adds its sender (STALE: unsolicited, it confirms nothing); a request for
 * our address is answered, also an ARP probe (sender 0.0.0.0, RFC 5227),
 * whose reply goes to the prober's MAC. A packet from another MAC with our
 * address as sender is a conflict (RFC 5227 2.4): counted, printed once,
 * and answered with one announcement every ARP_DEFEND_INTERVAL_NS at most.
 */
#include <stdio.h>
#include <string.h>

#include "net/arp_queue.h"
#include "net/netif.h"
#include "net/wire/arp.h"
#include "uni/config.h"
#include "uni/protocol.h"

static struct arp_entry *arp_find(struct netif *nif, uint32_t ip)
{
	unsigned i;

	for (i = 0; i < ARP_CACHE_SIZE; i++)
		if (nif->arp[i].state != ARP_FREE && nif->arp[i].ip == ip)
			return &nif->arp[i];
	return NULL;
}

/* The entry has a MAC that frames may go to. */
static bool arp_valid(const struct arp_entry *e)
{
	return e->state != ARP_FREE && e->state != ARP_INCOMPLETE;
}

const uint8_t *arp_lookup(const struct netif *nif, uint32_t ip)
{
	struct arp_entry *e = arp_find((struct netif *)nif, ip);

	return e != NULL && arp_valid(e) ? e->mac : NULL;
}

enum arp_state arp_state_of(const struct netif *nif, uint32_t ip)
{
	struct arp_entry *e = arp_find((struct netif *)nif, ip);

	return e != NULL ? (enum arp_state)e->state : ARP_FREE;
}

static void arp_free(struct netif *nif, struct arp_entry *e)
{
	arp_queue_drop(nif, e);
	e->state = ARP_FREE;
}

/*
 * Which entry to take when the cache is full: a STALE one before any other
 * (nothing is using it), then the one closest to its deadline.
 */
static bool arp_better_victim(const struct arp_entry *e,
			      const struct arp_entry *v)
{
	if ((e->state == ARP_STALE) != (v->state == ARP_STALE))
		return e->state == ARP_STALE;
	return e->deadline_ns < v->deadline_ns;
}

static struct arp_entry *arp_alloc(struct netif *nif, uint32_t ip)
{
	struct arp_entry *victim = &nif->arp[0];
	unsigned i;

	for (i = 0; i < ARP_CACHE_SIZE; i++) {
		struct arp_entry *e = &nif->arp[i];

		if (e->state == ARP_FREE) {
			victim = e;
			break;
		}
		if (arp_better_victim(e, victim))
			victim = e;
	}
	if (victim->state != ARP_FREE)
		arp_free(nif, victim);
	memset(victim, 0, sizeof(*victim));
	victim->ip = ip;
	return victim;
}

static void arp_send(struct netif *nif, uint16_t op, const uint8_t *eth_dst,
		     const uint8_t *tha, uint32_t tpa)
{
	uint8_t frame[ETH_MIN_FRAME];
	struct eth_hdr eh = {.type = ETH_TYPE_ARP};
	struct arp_pkt a = {.op = op, .spa = nif->addr, .tpa = tpa};

	memcpy(eh.dst, eth_dst, ETH_ALEN);
	memcpy(eh.src, nif->mac, ETH_ALEN);
	memcpy(a.sha, nif->mac, ETH_ALEN);
	memcpy(a.tha, tha, ETH_ALEN);
	eth_emit(frame, sizeof(frame), &eh);
	arp_emit(frame + ETH_HLEN, sizeof(frame) - ETH_HLEN, &a);
	net_output_frame(nif, frame, ETH_HLEN + ARP_LEN);
}

static void arp_request(struct netif *nif, uint32_t ip)
{
	static const uint8_t zero[ETH_ALEN];

	arp_send(nif, ARP_OP_REQUEST, eth_broadcast, zero, ip);
}

/* A request to the MAC we have for e (RFC 1122 2.3.2.1, Linux's PROBE). */
static void arp_probe_unicast(struct netif *nif, const struct arp_entry *e)
{
	nif->arp_stats.probes++;
	arp_send(nif, ARP_OP_REQUEST, e->mac, e->mac, e->ip);
}

void arp_announce(struct netif *nif)
{
	arp_request(nif, nif->addr);
}

static void arp_set(struct arp_entry *e, enum arp_state state,
		    uint64_t deadline_ns)
{
	e->state = (uint8_t)state;
	e->deadline_ns = deadline_ns;
	e->tries = 0;
}

static void arp_reachable(struct netif *nif, uint64_t now_ns,
			  struct arp_entry *e)
{
	nif->arp_stats.confirmed++;
	arp_set(e, ARP_REACHABLE, now_ns + nif->arp_p.reachable_ns);
}

/*
 * What an ARP packet from e's address tells: its MAC (merge), and, when it
 * is a reply to us, that the neighbour is reachable. An unsolicited packet
 * confirms nothing: an INCOMPLETE entry or one whose MAC changed is STALE.
 */
static void arp_learn(struct netif *nif, uint64_t now_ns, struct arp_entry *e,
		      const uint8_t mac[ETH_ALEN], bool reply_to_us)
{
	bool changed = memcmp(e->mac, mac, ETH_ALEN) != 0;
	bool was_incomplete = e->state == ARP_INCOMPLETE;

	memcpy(e->mac, mac, ETH_ALEN);
	if (reply_to_us)
		arp_reachable(nif, now_ns, e);
	else if (was_incomplete || changed)
		arp_set(e, ARP_STALE, now_ns + nif->arp_p.stale_ns);
	if (was_incomplete)
		arp_queue_flush(nif, e);
}

void arp_confirm(struct netif *nif, uint64_t now_ns, uint32_t ip)
{
	struct arp_entry *e = arp_find(nif, ip);

	if (e != NULL && arp_valid(e))
		arp_reachable(nif, now_ns, e);
}

/* Not a group MAC, not our MAC (a looped frame), not a group address. */
static bool arp_sender_ok(const struct netif *nif, const struct arp_pkt *a)
{
	return !eth_addr_is_group(a->sha) &&
	       memcmp(a->sha, nif->mac, ETH_ALEN) != 0 &&
	       a->spa != IPV4_BROADCAST && !ipv4_addr_is_multicast(a->spa);
}

/* Someone else says it has our address: see the top of the file. */
static void arp_conflict(struct netif *nif, uint64_t now_ns,
			 const struct arp_pkt *a)
{
	const char *name = nif->name != NULL ? nif->name : "net0";
	uint32_t ip = nif->addr;

	net_count_drop(nif, NET_DROP_ARP_CONFLICT);
	if (!nif->conflict_seen) {
		nif->conflict_seen = true;
		printf("%s: address conflict: %u.%u.%u.%u is also claimed by "
		       "%02x:%02x:%02x:%02x:%02x:%02x\n",
		       name, ip >> 24, (ip >> 16) & 0xff, (ip >> 8) & 0xff,
		       ip & 0xff, a->sha[0], a->sha[1], a->sha[2], a->sha[3],
		       a->sha[4], a->sha[5]);
	}
	if (now_ns >= nif->defend_at_ns) {
		nif->defend_at_ns = now_ns + ARP_DEFEND_INTERVAL_NS;
		arp_announce(nif);
	}
}

void arp_input(struct netif *nif, uint64_t now_ns, const struct eth_hdr *eh,
	       struct bytes pkt)
{
	struct arp_pkt a;
	struct arp_entry *e;
	enum net_drop why = arp_parse(pkt, &a);
	bool for_us;

	if (why != NET_DROP_NONE) {
		net_count_drop(nif, why);
		return;
	}
	if (!arp_sender_ok(nif, &a)) {
		net_count_drop(nif, NET_DROP_ARP_BAD_SENDER);
		return;
	}
	if (nif->addr != 0 && a.spa == nif->addr) {
		arp_conflict(nif, now_ns, &a);
		return;
	}
	for_us = nif->addr != 0 && a.tpa == nif->addr;
	e = a.spa != 0 ? arp_find(nif, a.spa) : NULL;
	if (e == NULL && for_us && a.spa != 0) {
		e = arp_alloc(nif, a.spa);
		arp_set(e, ARP_INCOMPLETE, now_ns);
	}
	if (e != NULL)
		arp_learn(nif, now_ns, e, a.sha,
			  for_us && a.op == ARP_OP_REPLY);
	if (!for_us) {
		if (e == NULL)
			net_count_drop(nif, NET_DROP_ARP_NOT_US);
		return;
	}
	if (a.op == ARP_OP_REQUEST) {
		nif->arp_stats.replies++;
		arp_send(nif, ARP_OP_REPLY, a.sha, a.sha, a.spa);
	}
}

/* A new INCOMPLETE entry for next_hop, asked for now. */
static struct arp_entry *arp_resolve(struct netif *nif, uint64_t now_ns,
				     uint32_t next_hop)
{
	struct arp_entry *e = arp_alloc(nif, next_hop);

	arp_set(e, ARP_INCOMPLETE, now_ns + nif->arp_p.retry_ns);
	e->tries = 1;
	nif->arp_stats.requests++;
	arp_request(nif, next_hop);
	return e;
}

int arp_output(struct netif *nif, uint64_t now_ns, uint32_t next_hop,
	       uint8_t *frame, size_t len)
{
	struct arp_entry *e = arp_find(nif, next_hop);

	if (len > ETH_MAX_FRAME)
		return NET_EMSGSIZE;
	if (e == NULL)
		e = arp_resolve(nif, now_ns, next_hop);
	if (e->state == ARP_INCOMPLETE)
		return arp_queue_add(nif, e, frame, len);
	if (e->state == ARP_STALE)
		arp_set(e, ARP_DELAY, now_ns + nif->arp_p.delay_ns);
	memcpy(frame, e->mac, ETH_ALEN);
	return net_output_frame(nif, frame, len);
}

/* e's deadline passed: its next state (see the top of the file). */
static void arp_expire(struct netif *nif, uint64_t now_ns, struct arp_entry *e)
{
	const struct arp_params *p = &nif->arp_p;

	switch ((enum arp_state)e->state) {
	case ARP_REACHABLE:
		arp_set(e, ARP_STALE, now_ns + p->stale_ns);
		return;
	case ARP_DELAY:
		arp_set(e, ARP_PROBE, now_ns);
		/* fall through: the first probe goes now */
	case ARP_PROBE:
	case ARP_INCOMPLETE:
		if (e->tries >= p->probes) {
			nif->arp_stats.failed++;
			arp_free(nif, e);
			return;
		}
		e->tries++;
		e->deadline_ns = now_ns + p->retry_ns;
		if (e->state == ARP_PROBE) {
			arp_probe_unicast(nif, e);
			return;
		}
		nif->arp_stats.requests++;
		arp_request(nif, e->ip);
		return;
	case ARP_STALE:
	case ARP_FREE:
		arp_free(nif, e);
		return;
	}
}

void arp_tick(struct netif *nif, uint64_t now_ns)
{
	unsigned i;

	for (i = 0; i < ARP_CACHE_SIZE; i++) {
		struct arp_entry *e = &nif->arp[i];

		if (e->state != ARP_FREE && now_ns >= e->deadline_ns)
			arp_expire(nif, now_ns, e);
	}
}

uint64_t arp_next_deadline(const struct netif *nif)
{
	uint64_t at = UINT64_MAX;
	unsigned i;

	for (i = 0; i < ARP_CACHE_SIZE; i++)
		if (nif->arp[i].state != ARP_FREE &&
		    nif->arp[i].deadline_ns < at)
			at = nif->arp[i].deadline_ns;
	return at;
}

void arp_release(struct netif *nif)
{
	unsigned i;

	for (i = 0; i < ARP_CACHE_SIZE; i++)
		arp_queue_drop(nif, &nif->arp[i]);
}

/*
 * Reachable when a kept driver delivers frames; net0.ipv4 = off removes it
 * (IPv6 only: net1, IPv4 only, must then be off, config_rules.c).
 */
UNI_PROTOCOL_OFF_BY(arp, "arp", UNI_PROTO_ETHERTYPE, ETH_TYPE_ARP, arp_input,
		    NULL, &UNI_CFG_VAR(net0, ipv4),
		    UNI_API_FN(uni_netdev_receive));
