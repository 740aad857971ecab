/* SPDX-License-Identifier: ISC */
/*
 * The kind of a response as response rate limiting (rrl.c) sorts it, with
 * the name it counts it under, as NSD 4.6's RRL does: each kind has its own
 * buckets, so that a flood of one kind does not stop answers of another.
 * The server fills one in for every response; the values are NSD's, so
 * that a whitelist reads as NSD's rrl-whitelist does.
 */
#ifndef UNI_DNS_ANSWER_KIND_H
#define UNI_DNS_ANSWER_KIND_H

#include <stdint.h>

enum ans_kind_bits {
	ANS_KIND_NXDOMAIN = 0x01, /* NXDOMAIN: named by the zone */
	ANS_KIND_ERROR = 0x02,	  /* another RCODE: the zone, if any */
	ANS_KIND_REFERRAL = 0x04, /* a delegation: the zone cut */
	ANS_KIND_ANY = 0x08,	  /* QTYPE ANY: the question's name */
	ANS_KIND_WILDCARD = 0x10, /* from a wildcard: the wildcard's name */
	ANS_KIND_NODATA = 0x20,	  /* no answer records: the zone */
	ANS_KIND_DNSKEY = 0x40,	  /* QTYPE DNSKEY: the question's name */
	ANS_KIND_POSITIVE = 0x80, /* any other answer: the question's name */
	ANS_KIND_RRSIG = 0x100,	  /* QTYPE RRSIG: the question's name */
	ANS_KIND_ALL = 0x1ff,
};

struct ans_kind {
	uint16_t kind;	     /* one of enum ans_kind_bits; 0: not classified */
	uint8_t of_question; /* 1: counted under the question's name */
	/*
	 * Else the name counted under: a name of the zones (any case, it
	 * outlives the response), or NULL: none (an error without a zone).
	 */
	const uint8_t *name;
};

#endif
