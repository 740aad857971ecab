/* SPDX-License-Identifier: ISC */
/*
 * The queue of an INCOMPLETE ARP entry (arp_queue.h). The bound is per
 * next hop, as Linux's unres_qlen: a flood towards one silent address
 * cannot starve the resolution of another, and the memory held is at most
 * ARP_CACHE_SIZE * arp_p.queue frames.
 */
#include <stdlib.h>
#include <string.h>

#include "net/arp_queue.h"

int arp_queue_add(struct netif *nif, struct arp_entry *e, const uint8_t *frame,
		  size_t len)
{
	/* net_output_frame() pads in place: room for ETH_MIN_FRAME */
	size_t room = len < ETH_MIN_FRAME ? ETH_MIN_FRAME : len;
	struct arp_queued *q;

	if (e->queued >= nif->arp_p.queue ||
	    (q = malloc(sizeof(*q) + room)) == NULL) {
		net_count_drop(nif, NET_DROP_ARP_QUEUE_FULL);
		return NET_ENOMEM;
	}
	q->next = NULL;
	q->len = (uint16_t)len;
	memcpy(q->frame, frame, len);
	if (e->q_tail != NULL)
		e->q_tail->next = q;
	else
		e->q_head = q;
	e->q_tail = q;
	e->queued++;
	nif->arp_stats.queued++;
	return NET_OK;
}

/* Unlink and return e's first frame, or NULL. */
static struct arp_queued *arp_queue_pop(struct arp_entry *e)
{
	struct arp_queued *q = e->q_head;

	if (q == NULL)
		return NULL;
	e->q_head = q->next;
	if (e->q_head == NULL)
		e->q_tail = NULL;
	e->queued--;
	return q;
}

void arp_queue_flush(struct netif *nif, struct arp_entry *e)
{
	struct arp_queued *q;

	while ((q = arp_queue_pop(e)) != NULL) {
		memcpy(q->frame, e->mac, ETH_ALEN);
		net_output_frame(nif, q->frame, q->len);
		free(q);
	}
}

void arp_queue_drop(struct netif *nif, struct arp_entry *e)
{
	struct arp_queued *q;

	while ((q = arp_queue_pop(e)) != NULL) {
		net_count_drop(nif, NET_DROP_ARP_UNRESOLVED);
		free(q);
	}
}
