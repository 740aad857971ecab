/* SPDX-License-Identifier: ISC */
/*
 * IPv4 headers (RFC 791). ipv4_check() proves: at least 20 bytes, version 4,
 * a header length of at least 20 that fits, a total length between the
 * header length and the buffer, and a correct header checksum. Options are
 * skipped, not interpreted. The payload ends at the total length, so
 * Ethernet padding never reaches the next layer.
 *
 *   0 ver|ihl | 1 tos | 2 totlen[2] | 4 id[2] | 6 flags|frag[2] | 8 ttl
 *   9 proto | 10 csum[2] | 12 src[4] | 16 dst[4] | 20 options | ihl*4 data
 */
#ifndef NET_WIRE_IPV4_H
#define NET_WIRE_IPV4_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/bytes.h"
#include "net/drop.h"

#define IPV4_MIN_HLEN 20
#define IPV4_PROTO_ICMP 1
#define IPV4_PROTO_TCP 6
#define IPV4_PROTO_UDP 17
#define IPV4_FLAG_DF 0x4000
#define IPV4_FLAG_MF 0x2000
#define IPV4_FRAG_MASK 0x1fff
#define IPV4_BROADCAST 0xffffffffu

struct ipv4_hdr {
	uint8_t hlen; /* bytes */
	uint8_t tos;
	uint16_t total_len;
	uint16_t id;
	uint16_t frag; /* flags and fragment offset, as on the wire */
	uint8_t ttl;
	uint8_t proto;
	uint32_t src, dst;  /* host order */
	struct bytes dgram; /* parsed: the datagram, header to total length */
};

enum net_drop ipv4_check(struct bytes b);

/* Class D, 224.0.0.0/4. */
static inline bool ipv4_addr_is_multicast(uint32_t addr)
{
	return (addr >> 28) == 0xe;
}

/* 127.0.0.0/8: never valid on a wire (RFC 1122 3.2.1.3). */
static inline bool ipv4_addr_is_loopback(uint32_t addr)
{
	return (addr >> 24) == 127;
}

static inline unsigned ipv4_hlen(struct bytes b)
{
	return (get8(b, 0) & 0x0fu) * 4;
}

/* True for any fragment: MF set or a non-zero offset. */
static inline bool ipv4_is_fragment(const struct ipv4_hdr *h)
{
	return (h->frag & (IPV4_FLAG_MF | IPV4_FRAG_MASK)) != 0;
}

/* Check b and decode its header; *payload is [hlen, total_len). */
enum net_drop ipv4_parse(struct bytes b, struct ipv4_hdr *h,
			 struct bytes *payload);

/*
 * Write a 20-byte header (no options) with its checksum, for a payload of
 * payload_len bytes; h->hlen and h->total_len are ignored. Returns 20, or 0
 * when cap is short or the total would not fit 16 bits.
 */
size_t ipv4_emit(uint8_t *buf, size_t cap, const struct ipv4_hdr *h,
		 size_t payload_len);

#endif
