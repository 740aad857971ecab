/* SPDX-License-Identifier: ISC */
/*
 * A zone transfer (AXFR, RFC 5936) as a sequence of messages, written one
 * at a time so that a TCP connection sends each before the next is made:
 * the SOA, every other RRset of the zone in canonical name order (glue and
 * occluded data too), the SOA again. The messages are packed as NSD 4.6
 * packs them: up to 16384 octets each (a first RR may make one longer),
 * names compressed within each message, the question and the OPT in the
 * first message only. The state points into the loaded zone, which must
 * outlive the transfer.
 */
#ifndef UNI_DNS_AXFR_H
#define UNI_DNS_AXFR_H

#include <stddef.h>
#include <stdint.h>

#include "dns/wire.h"
#include "dns/zone.h"

#define DNS_AXFR_MSG_MAX 16384 /* NSD's AXFR_MAX_MESSAGE_LEN */

struct dns_axfr {
	const struct dns_zone *zone; /* NULL: no transfer in progress */
	size_t node;		     /* the next node, RRset and RR to send */
	unsigned rrset, rr;
	int first, soa_only;
	uint16_t id, flags; /* the query's ID and its RD bit */
	struct dns_question q;
	int edns;
	uint16_t edns_size, edns_flags;
};

/*
 * Starts the transfer of zone z for the query whose header, question and
 * OPT are given (edns: the query had an OPT; its DO bit is echoed).
 * soa_only: the answer to an IXFR whose serial is current (RFC 1995 2):
 * one message with the SOA.
 */
void dns_axfr_start(struct dns_axfr *x, const struct dns_zone *z,
		    const struct dns_hdr *h, const struct dns_question *q,
		    int edns, uint16_t edns_size, uint16_t edns_flags,
		    int soa_only);

/*
 * Writes the next message into resp (resp_cap at least 65535); returns its
 * length, or 0 once the last one was written (x->zone is then NULL).
 */
size_t dns_axfr_next(struct dns_axfr *x, uint8_t *resp, size_t resp_cap);

#endif
