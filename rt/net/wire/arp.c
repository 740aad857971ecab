/* SPDX-License-Identifier: ISC */
/* ARP packets for IPv4 over Ethernet: check, decode, encode. */
#include <string.h>

#include "net/wire/arp.h"

enum net_drop arp_check(struct bytes b)
{
	uint16_t op;

	if (!bytes_has(b, 0, ARP_LEN))
		return NET_DROP_ARP_SHORT;
	if (get16(b, 0) != ARP_HTYPE_ETHER || get16(b, 2) != ETH_TYPE_IPV4 ||
	    get8(b, 4) != ETH_ALEN || get8(b, 5) != 4)
		return NET_DROP_ARP_FORMAT;
	op = get16(b, 6);
	if (op != ARP_OP_REQUEST && op != ARP_OP_REPLY)
		return NET_DROP_ARP_OP;
	return NET_DROP_NONE;
}

enum net_drop arp_parse(struct bytes b, struct arp_pkt *a)
{
	enum net_drop why = arp_check(b);

	if (why != NET_DROP_NONE)
		return why;
	a->op = get16(b, 6);
	memcpy(a->sha, b.p + 8, ETH_ALEN);
	a->spa = get32(b, 14);
	memcpy(a->tha, b.p + 18, ETH_ALEN);
	a->tpa = get32(b, 24);
	return NET_DROP_NONE;
}

size_t arp_emit(uint8_t *buf, size_t cap, const struct arp_pkt *a)
{
	if (cap < ARP_LEN)
		return 0;
	put16(buf, ARP_HTYPE_ETHER);
	put16(buf + 2, ETH_TYPE_IPV4);
	buf[4] = ETH_ALEN;
	buf[5] = 4;
	put16(buf + 6, a->op);
	memcpy(buf + 8, a->sha, ETH_ALEN);
	put32(buf + 14, a->spa);
	memcpy(buf + 18, a->tha, ETH_ALEN);
	put32(buf + 24, a->tpa);
	return ARP_LEN;
}
