/* SPDX-License-Identifier: ISC */
/*
 * Ethernet II frames: destination, source, EtherType, payload. After
 * eth_check() returns NET_DROP_NONE, the accessors read inside the frame.
 *
 *   offset 0 dst[6] | 6 src[6] | 12 type[2] | 14 payload
 */
#ifndef NET_WIRE_ETH_H
#define NET_WIRE_ETH_H

#include <stddef.h>
#include <stdint.h>

#include "net/drop.h"
#include "net/wire/bytes.h"

#define ETH_ALEN 6
#define ETH_HLEN 14
#define ETH_MIN_FRAME 60   /* without the FCS; shorter frames are padded */
#define ETH_MAX_FRAME 1514 /* header + a 1500-byte payload */
#define ETH_TYPE_IPV4 0x0800
#define ETH_TYPE_ARP 0x0806

struct eth_hdr {
	uint8_t dst[ETH_ALEN];
	uint8_t src[ETH_ALEN];
	uint16_t type;
};

extern const uint8_t eth_broadcast[ETH_ALEN];

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
