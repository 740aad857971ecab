/* SPDX-License-Identifier: ISC */
/*
 * ARP for IPv4 over Ethernet (RFC 826), the only kind the stack speaks.
 * After arp_check() returns NET_DROP_NONE the packet is 28 bytes or more,
 * Ethernet/IPv4 with 6/4-byte addresses, and a request or a reply.
 *
 *   0 htype[2] | 2 ptype[2] | 4 hlen | 5 plen | 6 oper[2]
 *   8 sha[6] | 14 spa[4] | 18 tha[6] | 24 tpa[4] | 28
 */
#ifndef NET_WIRE_ARP_H
#define NET_WIRE_ARP_H

#include <stddef.h>
#include <stdint.h>

#include "common/bytes.h"
#include "net/drop.h"
#include "net/wire/eth.h"

#define ARP_LEN 28
#define ARP_HTYPE_ETHER 1
#define ARP_OP_REQUEST 1
#define ARP_OP_REPLY 2

struct arp_pkt {
	uint16_t op;
	uint8_t sha[ETH_ALEN];
	uint32_t spa; /* host order */
	uint8_t tha[ETH_ALEN];
	uint32_t tpa;
};

enum net_drop arp_check(struct bytes b);
enum net_drop arp_parse(struct bytes b, struct arp_pkt *a);

/* Write a at buf[0..ARP_LEN); returns ARP_LEN, or 0 when cap is short. */
size_t arp_emit(uint8_t *buf, size_t cap, const struct arp_pkt *a);

#endif
