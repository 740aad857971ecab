/* SPDX-License-Identifier: ISC */
/*
 * Ethernet II frames: destination, source, EtherType, payload. After
 * eth_check() returns NET_DROP_NONE, the accessors read inside the frame.
 *
 *   offset 0 dst[6] | 6 src[6] | 12 type[2] | 14 payload
 */
#ifndef NET_WIRE_ETH_H
#define NET_WIRE_ETH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/bytes.h"
#include "net/drop.h"

#define ETH_ALEN 6
#define ETH_HLEN 14
#define ETH_MIN_FRAME 60   /* without the FCS; shorter frames are padded */
#define ETH_MAX_FRAME 1514 /* header + a 1500-byte payload */
#define ETH_TYPE_IPV4 0x0800
#define ETH_TYPE_ARP 0x0806
#define ETH_TYPE_VLAN 0x8100	 /* 802.1Q tag */
#define ETH_TYPE_QINQ 0x88a8	 /* 802.1ad service tag */
#define ETH_TYPE_QINQ_OLD 0x9100 /* pre-standard double tag */

struct eth_hdr {
	uint8_t dst[ETH_ALEN];
	uint8_t src[ETH_ALEN];
	uint16_t type;
};

extern const uint8_t eth_broadcast[ETH_ALEN];

/* A group (multicast or broadcast) address: the I/G bit is set. */
static inline bool eth_addr_is_group(const uint8_t addr[ETH_ALEN])
{
	return (addr[0] & 1) != 0;
}

/* An EtherType that is a VLAN tag, not a protocol. */
static inline bool eth_type_is_vlan(uint16_t type)
{
	return type == ETH_TYPE_VLAN || type == ETH_TYPE_QINQ ||
	       type == ETH_TYPE_QINQ_OLD;
}

enum net_drop eth_check(struct bytes f);

static inline uint16_t eth_type(struct bytes f)
{
	return get16(f, 12);
}

/* Check f and decode its header; *payload is everything after it. */
enum net_drop eth_parse(struct bytes f, struct eth_hdr *h,
			struct bytes *payload);

/* Write h at buf[0..ETH_HLEN); returns ETH_HLEN, or 0 when cap is short. */
size_t eth_emit(uint8_t *buf, size_t cap, const struct eth_hdr *h);

#endif
