/* SPDX-License-Identifier: ISC */
/*
 * ICMP messages (RFC 792): type, code, checksum over the whole message, four
 * bytes of "rest of header" (identifier and sequence for echo), data.
 * icmp_check() proves 8 bytes and a correct checksum.
 *
 *   0 type | 1 code | 2 csum[2] | 4 id[2] | 6 seq[2] | 8 data
 */
#ifndef NET_WIRE_ICMP_H
#define NET_WIRE_ICMP_H

#include <stddef.h>
#include <stdint.h>

#include "net/drop.h"
#include "net/wire/bytes.h"

#define ICMP_HLEN 8
#define ICMP_ECHO_REPLY 0
#define ICMP_ECHO_REQUEST 8

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

#endif
