/* SPDX-License-Identifier: ISC */
/*
 * UDP datagrams (RFC 768). udp_check() proves: 8 bytes, a length field of at
 * least 8 that fits the IP payload, and a correct checksum over the IPv4
 * pseudo-header, unless the checksum field is zero (none was computed).
 * The payload ends at the length field.
 *
 *   0 sport[2] | 2 dport[2] | 4 len[2] | 6 csum[2] | 8 data
 */
#ifndef NET_WIRE_UDP_H
#define NET_WIRE_UDP_H

#include <stddef.h>
#include <stdint.h>

#include "common/bytes.h"
#include "net/drop.h"

#define UDP_HLEN 8

struct udp_hdr {
	uint16_t sport, dport, len;
};

/* src and dst are the IPv4 addresses of the pseudo-header (host order). */
enum net_drop udp_check(struct bytes b, uint32_t src, uint32_t dst);
enum net_drop udp_parse(struct bytes b, uint32_t src, uint32_t dst,
			struct udp_hdr *h, struct bytes *data);

/*
 * Write the header for data_len bytes already placed at buf + UDP_HLEN and
 * the checksum over pseudo-header, header and data (0 is sent as 0xffff).
 * Returns UDP_HLEN, or 0 when cap cannot hold them or the length overflows.
 */
size_t udp_emit(uint8_t *buf, size_t cap, uint32_t src, uint32_t dst,
		uint16_t sport, uint16_t dport, size_t data_len);

struct net_addr;
/*
 * The same with the pseudo-header of either family (csum_pseudo_addr()).
 * Over IPv6 a zero checksum is an error (RFC 8200 8.1): NET_DROP_UDP_CSUM.
 */
enum net_drop udp_parse_addr(struct bytes b, const struct net_addr *src,
			     const struct net_addr *dst, struct udp_hdr *h,
			     struct bytes *data);
size_t udp_emit_addr(uint8_t *buf, size_t cap, const struct net_addr *src,
		     const struct net_addr *dst, uint16_t sport, uint16_t dport,
		     size_t data_len);

#endif
