/* SPDX-License-Identifier: ISC */
/*
 * Memoisation of encoded answers (Mirage's trick): a direct-mapped table
 * keyed by everything an answer depends on except the ID, the RD bit and
 * the case of the question name, which the server patches in on a hit.
 */
#ifndef UNI_DNS_MEMO_H
#define UNI_DNS_MEMO_H

#include <stddef.h>
#include <stdint.h>

#include "dns/answer_kind.h"
#include "dns/wire.h"

struct memo_key {
	uint8_t name[DNS_NAME_MAX]; /* lowercased */
	size_t name_len;
	uint16_t qtype, qclass, limit;
	uint8_t edns; /* 0: none, 1: EDNS, 3: EDNS with DO; 4: over IPv6 */
	uint32_t hash;
};

/* What is kept with a response besides its bytes. */
struct memo_meta {
	unsigned tag;	      /* the server's outcome and TC bit */
	struct ans_kind kind; /* how rate limiting counts it */
};

struct dns_memo;

struct dns_memo *dns_memo_new(unsigned slots);
void dns_memo_free(struct dns_memo *m);
/* Forgets every stored response (the zones changed). */
void dns_memo_clear(struct dns_memo *m);
void memo_key_init(struct memo_key *k, const uint8_t *qname, size_t len,
		   uint16_t qtype, uint16_t qclass, uint16_t limit,
		   uint8_t edns);
/* The stored response for k, or NULL; *len and *meta as stored. */
const uint8_t *memo_get(const struct dns_memo *m, const struct memo_key *k,
			size_t *len, struct memo_meta *meta);
/* Stores a response and its meta (silently not, when out of memory). */
void memo_put(struct dns_memo *m, const struct memo_key *k, const uint8_t *resp,
	      size_t len, const struct memo_meta *meta);

#endif
