/* SPDX-License-Identifier: ISC */
/*
 * The frames that wait for an INCOMPLETE ARP entry: a FIFO per entry of
 * at most arp_p.queue frames (the arp.queue key), each copied into memory
 * of its own, sent in order when the entry gets a MAC, dropped and counted
 * when it never does.
 */
#ifndef NET_ARP_QUEUE_H
#define NET_ARP_QUEUE_H

#include "net/netif.h"

/* Queue a copy of frame for e: NET_OK, or NET_ENOMEM (counted). */
int arp_queue_add(struct netif *nif, struct arp_entry *e, const uint8_t *frame,
		  size_t len);
/* Send e's frames to e->mac, in the order they came. */
void arp_queue_flush(struct netif *nif, struct arp_entry *e);
/* Drop e's frames, each counted as unresolved. */
void arp_queue_drop(struct netif *nif, struct arp_entry *e);

#endif
