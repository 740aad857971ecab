/* SPDX-License-Identifier: ISC */
/*
 * The Internet checksum (RFC 1071): the ones' complement of the ones'
 * complement sum of 16-bit big-endian words. Sums are accumulated in 32 bits
 * and folded at the end; a buffer of odd length is padded with a zero byte.
 * Only the last piece added to a sum may have an odd length.
 */
#ifndef NET_WIRE_CSUM_H
#define NET_WIRE_CSUM_H

#include <stdint.h>

#include "common/bytes.h"
#include "uni/net.h"

/* Add b's 16-bit words to sum (32-bit wide, folded as it goes). */
uint32_t csum_add(uint32_t sum, struct bytes b);

/* Add one 16-bit value (a pseudo-header field) to sum. */
uint32_t csum_add16(uint32_t sum, uint16_t v);

/* Fold sum to 16 bits and complement it: the value to store. */
uint16_t csum_finish(uint32_t sum);

/* The sum over a header or message whose stored checksum is included. */
static inline uint16_t csum_of(struct bytes b)
{
	return csum_finish(csum_add(0, b));
}

/* The IPv4 pseudo-header of a UDP/TCP segment, as a partial sum. */
uint32_t csum_pseudo(uint32_t src, uint32_t dst, uint8_t proto, uint16_t len);

/*
 * The pseudo-header of src's family, as a partial sum: IPv4 (RFC 9293
 * 3.1: src, dst, zero, proto, 16-bit length) or IPv6 (RFC 8200 8.1: src,
 * dst, 32-bit length, zeros, next header). src and dst must have the same
 * family; len must fit 16 bits for IPv4 (the caller's check).
 */
uint32_t csum_pseudo_addr(const struct net_addr *src,
			  const struct net_addr *dst, uint8_t proto,
			  uint32_t len);

#endif
