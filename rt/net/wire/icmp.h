/* SPDX-License-Identifier: ISC */
/*
 * ICMP messages (RFC 792): type, code, checksum over the whole message, four
 * bytes of "rest of header" (identifier and sequence for echo, unused and
 * zero for Destination Unreachable), data. icmp_check() proves 8 bytes and
 * a correct checksum.
 *
 *   0 type | 1 code | 2 csum[2] | 4 id[2] | 6 seq[2] | 8 data
 *
 * An error message's data quotes the datagram it is about: its IP header
 * (options included) and the first 8 octets of its payload (RFC 792; RFC
 * 1122 3.2.2 asks for at least these).
 */
#ifndef NET_WIRE_ICMP_H
#define NET_WIRE_ICMP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/bytes.h"
#include "net/drop.h"

#define ICMP_HLEN 8
#define ICMP_ECHO_REPLY 0
#define ICMP_ECHO_REQUEST 8
#define ICMP_UNREACH 3
#define ICMP_UNREACH_PROTO 2 /* codes of ICMP_UNREACH */
#define ICMP_UNREACH_PORT 3
#define ICMP_QUOTE_DATA 8 /* payload octets an error quotes */

struct icmp_hdr {
	uint8_t type, code;
	uint16_t id, seq; /* "rest of header" read as echo fields */
};

enum net_drop icmp_check(struct bytes b);
enum net_drop icmp_parse(struct bytes b, struct icmp_hdr *h,
			 struct bytes *data);

/*
 * Write the header for data[0..len) already placed at buf + ICMP_HLEN, with
 * the checksum over both. Returns ICMP_HLEN, or 0 when cap cannot hold them.
 */
size_t icmp_emit(uint8_t *buf, size_t cap, const struct icmp_hdr *h,
		 size_t data_len);

/*
 * True for the error types of RFC 792/1122: Destination Unreachable (3),
 * Source Quench (4), Redirect (5), Time Exceeded (11), Parameter Problem
 * (12). No error is ever sent about one of these.
 */
bool icmp_type_is_error(uint8_t type);

/*
 * Write an error message of type and code about dgram, an IPv4 datagram
 * that passed ipv4_check(): the 8-byte header (rest of header zero), its IP
 * header and up to ICMP_QUOTE_DATA octets of its payload, and the checksum.
 * Returns the ICMP length, or 0 when cap cannot hold it or dgram is
 * shorter than its header length.
 */
size_t icmp_error_emit(uint8_t *buf, size_t cap, uint8_t type, uint8_t code,
		       struct bytes dgram);

#endif
