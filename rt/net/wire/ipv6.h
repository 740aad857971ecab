/* SPDX-License-Identifier: ISC */
/*
 * IPv6 headers (RFC 8200) and the extension headers a host walks.
 * ipv6_check() proves: at least 40 bytes, version 6, and a payload length
 * that fits the buffer. The payload ends at the payload length, so
 * Ethernet padding never reaches the next layer. A jumbogram (payload
 * length 0 with a Jumbo Payload option, RFC 2675) cannot come over
 * Ethernet and is not accepted.
 *
 *   0 ver|tclass|flow[4] | 4 plen[2] | 6 next | 7 hlim | 8 src[16]
 *   24 dst[16] | 40 payload
 *
 * The extension headers with the generic layout (Hop-by-Hop, Routing,
 * Destination Options): next header, length in 8-octet units not counting
 * the first 8, body. The Fragment header is always 8 octets.
 */
#ifndef NET_WIRE_IPV6_H
#define NET_WIRE_IPV6_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/bytes.h"
#include "net/drop.h"

#define ETH_TYPE_IPV6 0x86dd
#define IPV6_HLEN 40
#define IPV6_ALEN 16
#define IPV6_MIN_MTU 1280
#define IPV6_DEFAULT_HLIM 64

/* Next-header values. */
#define IPV6_NH_HOPOPTS 0
#define IPV6_NH_TCP 6
#define IPV6_NH_UDP 17
#define IPV6_NH_ROUTING 43
#define IPV6_NH_FRAGMENT 44
#define IPV6_NH_ICMPV6 58
#define IPV6_NH_NONE 59
#define IPV6_NH_DSTOPTS 60

/* The options of Hop-by-Hop and Destination Options headers. */
#define IPV6_OPT_PAD1 0
#define IPV6_OPT_PADN 1
#define IPV6_OPT_ROUTER_ALERT 5

#define IPV6_FRAG_HLEN 8
#define IPV6_FRAG_MF 1
#define IPV6_FRAG_OFFSET_MASK 0xfff8

struct ipv6_hdr {
	uint8_t tclass;
	uint32_t flow;
	uint16_t plen;
	uint8_t next;
	uint8_t hlim;
	uint8_t src[IPV6_ALEN], dst[IPV6_ALEN];
	struct bytes dgram; /* parsed: the datagram, header to payload end */
};

enum net_drop ipv6_check(struct bytes b);
/* Check b and decode its header; *payload is [40, 40 + plen). */
enum net_drop ipv6_parse(struct bytes b, struct ipv6_hdr *h,
			 struct bytes *payload);
/*
 * Write the 40-byte header for payload_len bytes; h->plen is ignored.
 * Returns 40, or 0 when cap is short or payload_len does not fit 16 bits.
 */
size_t ipv6_emit(uint8_t *buf, size_t cap, const struct ipv6_hdr *h,
		 size_t payload_len);

/*
 * The length of the extension header of type nh at the start of b (8 for
 * a Fragment header, 8 * (1 + b[1]) for the others), or 0 when b is
 * shorter than the header or nh is not an extension header this layer
 * knows (Hop-by-Hop, Routing, Fragment, Destination Options).
 */
size_t ipv6_ext_len(struct bytes b, uint8_t nh);

/* Address classes (RFC 4291 2.4). */
static inline bool ipv6_addr_is_multicast(const uint8_t a[IPV6_ALEN])
{
	return a[0] == 0xff;
}

static inline bool ipv6_addr_is_linklocal(const uint8_t a[IPV6_ALEN])
{
	return a[0] == 0xfe && (a[1] & 0xc0) == 0x80;
}

bool ipv6_addr_is_unspecified(const uint8_t a[IPV6_ALEN]);
bool ipv6_addr_is_loopback(const uint8_t a[IPV6_ALEN]);
/* An IPv4-mapped address ::ffff:a.b.c.d (RFC 4291 2.5.5.2): never on a wire. */
bool ipv6_addr_is_v4mapped(const uint8_t a[IPV6_ALEN]);
/* Whether a and b share their first plen bits. */
bool ipv6_prefix_match(const uint8_t a[IPV6_ALEN], const uint8_t b[IPV6_ALEN],
		       unsigned plen);
/* ff02::1:ffXX:XXXX, the solicited-node group of a (RFC 4291 2.7.1). */
void ipv6_solicited_node(uint8_t out[IPV6_ALEN], const uint8_t a[IPV6_ALEN]);
/* 33:33 and the low 32 bits of the group (RFC 2464 7). */
void ipv6_mcast_mac(uint8_t mac[6], const uint8_t group[IPV6_ALEN]);

extern const uint8_t ipv6_all_nodes[IPV6_ALEN];	    /* ff02::1 */
extern const uint8_t ipv6_all_routers[IPV6_ALEN];   /* ff02::2 */
extern const uint8_t ipv6_mldv2_routers[IPV6_ALEN]; /* ff02::16 */
extern const uint8_t ipv6_unspecified[IPV6_ALEN];

#endif
