/* SPDX-License-Identifier: ISC */
/*
 * What the frame fuzz targets (net_frames.c, net_ipv6.c) share: the input
 * they are running, the echo binding that checks delivered bytes lie in
 * it, and the sink that checks each frame the stack sends. A target
 * defines sent_frame_ok(), and may call sent_arp_ipv4_ok() for the
 * families of IPv4's stack.
 */
#ifndef UNILINK_TEST_FUZZ_NET_FUZZ_IO_H
#define UNILINK_TEST_FUZZ_NET_FUZZ_IO_H

#include <stdint.h>
#include <stdlib.h>

#include "net/netif.h"
#include "net/wire/arp.h"
#include "net/wire/icmp.h"

static const uint8_t *in_p;
static size_t in_len;

/* What the stack sends must be what it would itself accept. */
static bool sent_frame_ok(struct bytes f);

/* An ARP or IPv4 (ICMP, UDP) frame's payload, as the stack reads it. */
static bool sent_arp_ipv4_ok(const struct eth_hdr *eh, struct bytes pl)
{
	struct ipv4_hdr ih;
	struct arp_pkt a;

	if (eh->type == ETH_TYPE_ARP)
		return arp_parse(pl, &a) == NET_DROP_NONE;
	if (eh->type != ETH_TYPE_IPV4 ||
	    ipv4_parse(pl, &ih, &pl) != NET_DROP_NONE || ih.ttl == 0)
		return false;
	if (ih.proto == IPV4_PROTO_ICMP)
		return icmp_check(pl) == NET_DROP_NONE;
	if (ih.proto == IPV4_PROTO_UDP)
		return udp_check(pl, ih.src, ih.dst) == NET_DROP_NONE;
	return false;
}

static int sink(void *ctx, const uint8_t *frame, size_t len)
{
	(void)ctx;
	if (len < ETH_MIN_FRAME || len > ETH_MAX_FRAME ||
	    !sent_frame_ok(bytes_make(frame, len)))
		abort();
	return 0;
}

static void echo(void *arg, const struct udp_endpoint *from, uint16_t port,
		 const uint8_t *data, size_t len)
{
	struct netif *nif = arg;

	if (len > in_len || data < in_p || data + len > in_p + in_len)
		abort(); /* delivered bytes must come from the frame */
	net_udp_send(nif, 1, port, from, data, len);
}

#endif
