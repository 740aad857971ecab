/* SPDX-License-Identifier: ISC */
/*
 * ICMPv6 messages (RFC 4443) and the Neighbor Discovery messages and
 * options (RFC 4861) carried in them. icmp6_check() proves 4 octets (type,
 * code, checksum) and a correct checksum over the IPv6 pseudo-header and
 * the whole message; nd_check() proves the fixed part of an ND message and
 * that every option has a non-zero length and ends inside the message
 * (RFC 4861 4.6: a zero length is invalid and the message is dropped), so
 * that nd_opt_next() reads them in bounds.
 *
 *   0 type | 1 code | 2 csum[2] | 4 body (echo: id[2] seq[2] data)
 *   NS/NA: 4 reserved/flags[4] | 8 target[16] | 24 options
 *   RS: 4 reserved[4] | 8 options
 *   RA: 4 cur_hlim | 5 M|O | 6 lifetime[2] | 8 reachable[4] | 12 retrans[4]
 *       | 16 options
 *   option: 0 type | 1 length in 8-octet units | 2 body
 */
#ifndef NET_WIRE_IPV6_ICMP_H
#define NET_WIRE_IPV6_ICMP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/bytes.h"
#include "net/drop.h"
#include "net/wire/ipv6.h"

#define ICMP6_HLEN 8 /* type, code, checksum and the 4 octets after */

#define ICMP6_DST_UNREACH 1
#define ICMP6_PACKET_TOO_BIG 2
#define ICMP6_TIME_EXCEEDED 3
#define ICMP6_PARAM_PROB 4
#define ICMP6_ECHO_REQUEST 128
#define ICMP6_ECHO_REPLY 129
#define ICMP6_MLD_QUERY 130
#define ICMP6_MLD_REPORT 131
#define ICMP6_MLD_DONE 132
#define ICMP6_ND_RS 133
#define ICMP6_ND_RA 134
#define ICMP6_ND_NS 135
#define ICMP6_ND_NA 136
#define ICMP6_ND_REDIRECT 137
#define ICMP6_MLDV2_REPORT 143

/* Codes of Destination Unreachable and Parameter Problem. */
#define ICMP6_UNREACH_PORT 4
#define ICMP6_PARAM_HEADER 0 /* erroneous header field */
#define ICMP6_PARAM_NEXT 1   /* unrecognized next header */
#define ICMP6_PARAM_OPTION 2 /* unrecognized IPv6 option */

/* An error quotes as much of the packet as fits in the minimum MTU. */
#define ICMP6_ERROR_MAX (IPV6_MIN_MTU - IPV6_HLEN)

/* ND option types (RFC 4861 4.6). */
#define ND_OPT_SRC_LLADDR 1
#define ND_OPT_TGT_LLADDR 2
#define ND_OPT_PREFIX 3
#define ND_OPT_MTU 5

#define ND_NS_LEN 24
#define ND_RS_LEN 8
#define ND_RA_LEN 16
#define ND_NA_ROUTER 0x80
#define ND_NA_SOLICITED 0x40
#define ND_NA_OVERRIDE 0x20
#define ND_PREFIX_ONLINK 0x80
#define ND_PREFIX_AUTO 0x40
#define ND_PREFIX_LEN 32 /* the option, type and length included */

/* MLDv2 (RFC 3810 5.2): a record type, and the report's fixed part. */
#define MLDV2_CHANGE_TO_EXCLUDE 4
#define MLDV2_REPORT_HLEN 8
#define MLDV2_RECORD_LEN 20 /* without sources */

struct icmp6_hdr {
	uint8_t type, code;
	uint16_t id, seq; /* the 4 octets after the checksum, as echo reads */
};

/* src and dst are the addresses of the pseudo-header. */
enum net_drop icmp6_check(struct bytes b, const uint8_t src[IPV6_ALEN],
			  const uint8_t dst[IPV6_ALEN]);
enum net_drop icmp6_parse(struct bytes b, const uint8_t src[IPV6_ALEN],
			  const uint8_t dst[IPV6_ALEN], struct icmp6_hdr *h,
			  struct bytes *data);
/*
 * Write the 8-octet header for data_len octets already at buf +
 * ICMP6_HLEN (for echo: id and seq; for the others the 4 octets h->id,
 * h->seq as one 32-bit field) and the checksum. Returns the message
 * length, or 0 when cap cannot hold it.
 */
size_t icmp6_emit(uint8_t *buf, size_t cap, const struct icmp6_hdr *h,
		  const uint8_t src[IPV6_ALEN], const uint8_t dst[IPV6_ALEN],
		  size_t data_len);
/* The checksum of the message msg[0..len), its checksum field set. */
void icmp6_set_csum(uint8_t *msg, size_t len, const uint8_t src[IPV6_ALEN],
		    const uint8_t dst[IPV6_ALEN]);
/* Types 0-127 are errors (RFC 4443 2.1). */
static inline bool icmp6_type_is_error(uint8_t type)
{
	return type < 128;
}

/*
 * An error of type and code with the 32-bit parameter (the pointer of a
 * Parameter Problem, the MTU of Packet Too Big, else 0) about dgram, as
 * much of it as fits in ICMP6_ERROR_MAX. Returns the ICMPv6 length, or 0
 * when cap cannot hold the header.
 */
size_t icmp6_error_emit(uint8_t *buf, size_t cap, uint8_t type, uint8_t code,
			uint32_t param, const uint8_t src[IPV6_ALEN],
			const uint8_t dst[IPV6_ALEN], struct bytes dgram);

/* ND: the fixed part of message type is there and every option is sound. */
enum net_drop nd_check(struct bytes msg, uint8_t type);
/* The offset of type's options in its message. */
size_t nd_opts_offset(uint8_t type);

struct nd_opt {
	uint8_t type;
	struct bytes body; /* after type and length */
};
/*
 * The option at *off in msg (which passed nd_check()), *off moved to the
 * next one: true, or false at the end.
 */
bool nd_opt_next(struct bytes msg, size_t *off, struct nd_opt *o);

/* The Prefix Information option's fields (RFC 4861 4.6.2). */
struct nd_prefix {
	uint8_t plen, flags;
	uint32_t valid, preferred; /* seconds; 0xffffffff: infinity */
	uint8_t prefix[IPV6_ALEN];
};
/* Decode the body of a Prefix Information option: false when too short. */
bool nd_prefix_parse(struct bytes body, struct nd_prefix *p);

/*
 * Write an NS or NA (type) for target with, when lladdr is not NULL, the
 * source (NS) or target (NA) link-layer address option; flags are the NA's
 * R/S/O. The checksum is left to icmp6_set_csum(). Returns the length.
 */
size_t nd_emit(uint8_t *buf, size_t cap, uint8_t type, uint8_t flags,
	       const uint8_t target[IPV6_ALEN], const uint8_t *lladdr);
/* A Router Solicitation, with a source link-layer option when lladdr. */
size_t nd_rs_emit(uint8_t *buf, size_t cap, const uint8_t *lladdr);
/*
 * An MLDv2 report joining groups[0..n) (CHANGE_TO_EXCLUDE, no sources:
 * "every source"), checksum left to icmp6_set_csum(). Returns the length.
 */
size_t mldv2_report_emit(uint8_t *buf, size_t cap,
			 const uint8_t (*groups)[IPV6_ALEN], unsigned n);

#endif
