/* SPDX-License-Identifier: ISC */
/*
 * The answer of a well-formed query (internal to the server): the lookup
 * in the zones (answer.c) collects RRsets per section, then encoding
 * writes them in section order, truncating as NSD does.
 */
#ifndef UNI_DNS_ANSWER_H
#define UNI_DNS_ANSWER_H

#include "dns/answer_kind.h"
#include "dns/wire.h"
#include "dns/zone.h"

enum ans_outcome {
	ANS_ANSWER,
	ANS_NXDOMAIN,
	ANS_NODATA,
	ANS_REFERRAL,
	ANS_REFUSED,
};

/* What the server parsed from the query. */
struct dns_request {
	struct dns_hdr h;
	struct dns_question q;
	int edns;
	struct dns_opt opt;
	size_t limit;	 /* the response may not be longer */
	int client_ipv6; /* asked over IPv6: NS glue AAAA first (as NSD) */
};

/* Extended DNS Errors (RFC 8914) that NSD 4.6 attaches, as we do. */
#define DNS_EDE_NONE (-1)
#define DNS_EDE_OTHER 0
#define DNS_EDE_NOT_READY 14
#define DNS_EDE_PROHIBITED 18
#define DNS_EDE_NOT_AUTHORITATIVE 20
#define DNS_EDE_NOT_SUPPORTED 21

/*
 * Appends an OPT record (RFC 6891 6.1.3): our payload size, the extended
 * RCODE, the DO bit of flags and, unless ede is DNS_EDE_NONE, an Extended
 * DNS Error option with text (NULL: none), left out when it does not fit.
 */
int dns_put_opt(struct dns_writer *w, uint16_t size, uint8_t ext_rcode,
		uint16_t flags, int ede, const char *text);

/*
 * Builds the response to req into resp; returns its length. Sets *outcome,
 * *tc, and *kind: how rate limiting counts the response.
 */
size_t dns_answer_build(const struct dns_zone_set *zones,
			const struct dns_request *req, uint16_t edns_size,
			uint8_t *resp, enum ans_outcome *outcome, int *tc,
			struct ans_kind *kind);

#endif
