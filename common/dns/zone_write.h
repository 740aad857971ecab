/* SPDX-License-Identifier: ISC */
/*
 * From a list of resource records to a zone blob (the layout is in
 * dns/zone.h): the records are sorted in canonical order, exact copies are
 * dropped (RFC 2181 5: the first stays, with its TTL), the empty
 * non-terminals are added and the index of rdata names is written. The
 * RRs of an RRset keep the order of the list, and the RRsets of a name the
 * order in which their types first appear in it: the order a zone transfer
 * (RFC 5936) or a master file gives them. The blob is ready for
 * dns_zone_load(), which the caller runs on it.
 */
#ifndef UNI_DNS_ZONE_WRITE_H
#define UNI_DNS_ZONE_WRITE_H

#include <stddef.h>
#include <stdint.h>

#include "dns/zone.h"

/* One RR: trusted names (dns_name_check()), rdata of its type. */
struct dns_zw_rr {
	const uint8_t *owner;
	const uint8_t *rdata;
	uint32_t ttl;
	uint32_t seq; /* the order in the list, which the caller numbers */
	uint16_t type, rdlen;
};

/*
 * Writes the zone of origin from rrs[0..n) (reordered in place) into a
 * malloc'ed blob. Every owner must be at or below origin and one SOA must
 * be at the apex (the caller checks). Returns DNS_ZONE_OK, DNS_ZONE_NOMEM,
 * or DNS_ZONE_SEMANTIC when an RRset or a name has more than 65535 parts,
 * or the blob would pass 4 GiB.
 */
enum dns_zone_err dns_zone_write(const uint8_t *origin, struct dns_zw_rr *rrs,
				 size_t n, uint8_t **blob, size_t *blob_len);

#endif
