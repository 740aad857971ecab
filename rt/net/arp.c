/* SPDX-License-Identifier: ISC */
/*
 * ARP (RFC 826) as a state machine over a small cache. A resolved entry
 * expires after arp_p.ttl_ns; an unresolved next hop gets a request now and
 * again every arp_p.retry_ns, up to arp_p.tries, while a bounded pool of
 * frames waits for it; when it never answers, its frames are dropped and
 * counted. Any ARP packet whose sender is in the cache refreshes its entry
 * (the merge step of RFC 826); a request or reply for our address also
 * adds its sender; a request for our address is answered, also an ARP
 * probe (sender 0.0.0.0, RFC 5227), whose reply goes to the prober's MAC.
 * A packet from another MAC with our address as sender is a conflict
 * (RFC 5227 2.4): counted, printed once, and answered with one
 * announcement every ARP_DEFEND_INTERVAL_NS at most.
 */
#include <stdio.h>
#include <string.h>

#include "net/netif.h"
#include "net/wire/arp.h"
#include "uni/protocol.h"

static struct arp_entry *arp_find(struct netif *nif, uint32_t ip)
{
	unsigned i;

	for (i = 0; i < ARP_CACHE_SIZE; i++)
		if (nif->arp[i].state != ARP_FREE && nif->arp[i].ip == ip)
			return &nif->arp[i];
	return NULL;
}

const uint8_t *arp_lookup(const struct netif *nif, uint32_t ip)
{
	struct arp_entry *e = arp_find((struct netif *)nif, ip);

	return e != NULL && e->state == ARP_RESOLVED ? e->mac : NULL;
}

/* Drop (and count) the frames queued for ip. */
static void arp_drop_queue(struct netif *nif, uint32_t ip, enum net_drop why)
{
	unsigned i;

	for (i = 0; i < ARP_QUEUE_SIZE; i++) {
		if (nif->arpq[i].used && nif->arpq[i].next_hop == ip) {
			nif->arpq[i].used = false;
			net_count_drop(nif, why);
		}
	}
}

static void arp_free(struct netif *nif, struct arp_entry *e)
{
	arp_drop_queue(nif, e->ip, NET_DROP_ARP_UNRESOLVED);
	e->state = ARP_FREE;
}

/* A free entry; when the cache is full, the one closest to its deadline. */
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
		if (e->deadline_ns < victim->deadline_ns)
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

void arp_announce(struct netif *nif)
{
	arp_request(nif, nif->addr);
}

/* Send the frames queued for e, now that it is resolved. */
static void arp_flush(struct netif *nif, const struct arp_entry *e)
{
	unsigned i;

	for (i = 0; i < ARP_QUEUE_SIZE; i++) {
		struct arp_queued *q = &nif->arpq[i];

		if (!q->used || q->next_hop != e->ip)
			continue;
		q->used = false;
		memcpy(q->frame, e->mac, ETH_ALEN);
		net_output_frame(nif, q->frame, q->len);
	}
}

static void arp_learn(struct netif *nif, uint64_t now_ns, struct arp_entry *e,
		      const uint8_t mac[ETH_ALEN])
{
	memcpy(e->mac, mac, ETH_ALEN);
	e->state = ARP_RESOLVED;
	e->deadline_ns = now_ns + nif->arp_p.ttl_ns;
	arp_flush(nif, e);
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
	if (e == NULL && for_us && a.spa != 0)
		e = arp_alloc(nif, a.spa);
	if (e != NULL)
		arp_learn(nif, now_ns, e, a.sha);
	if (!for_us) {
		if (e == NULL)
			net_count_drop(nif, NET_DROP_ARP_NOT_US);
		return;
	}
	if (a.op == ARP_OP_REQUEST)
		arp_send(nif, ARP_OP_REPLY, a.sha, a.sha, a.spa);
}

static int arp_enqueue(struct netif *nif, uint32_t next_hop,
		       const uint8_t *frame, size_t len)
{
	unsigned i;

	for (i = 0; i < ARP_QUEUE_SIZE; i++) {
		struct arp_queued *q = &nif->arpq[i];

		if (q->used)
			continue;
		q->used = true;
		q->next_hop = next_hop;
		q->len = (uint16_t)len;
		memcpy(q->frame, frame, len);
		return NET_OK;
	}
	net_count_drop(nif, NET_DROP_ARP_QUEUE_FULL);
	return NET_ENOMEM;
}

int arp_output(struct netif *nif, uint64_t now_ns, uint32_t next_hop,
	       uint8_t *frame, size_t len)
{
	struct arp_entry *e = arp_find(nif, next_hop);

	if (len > ETH_MAX_FRAME)
		return NET_EMSGSIZE;
	if (e != NULL && e->state == ARP_RESOLVED) {
		memcpy(frame, e->mac, ETH_ALEN);
		net_output_frame(nif, frame, len);
		return NET_OK;
	}
	if (e == NULL) {
		e = arp_alloc(nif, next_hop);
		e->state = ARP_PENDING;
		e->tries = 1;
		e->deadline_ns = now_ns + nif->arp_p.retry_ns;
		arp_request(nif, next_hop);
	}
	return arp_enqueue(nif, next_hop, frame, len);
}

void arp_tick(struct netif *nif, uint64_t now_ns)
{
	unsigned i;

	for (i = 0; i < ARP_CACHE_SIZE; i++) {
		struct arp_entry *e = &nif->arp[i];

		if (e->state == ARP_FREE || now_ns < e->deadline_ns)
			continue;
		if (e->state == ARP_RESOLVED || e->tries >= nif->arp_p.tries) {
			arp_free(nif, e);
			continue;
		}
		e->tries++;
		e->deadline_ns = now_ns + nif->arp_p.retry_ns;
		arp_request(nif, e->ip);
	}
}

/* Reachable when a kept driver delivers frames. */
UNI_PROTOCOL(arp, "arp", UNI_PROTO_ETHERTYPE, ETH_TYPE_ARP, arp_input, NULL,
	     UNI_API_FN(uni_netdev_receive));
