/* SPDX-License-Identifier: ISC */
/*
 * What the DNS fuzz targets (dns_query.c, dns_tcp.c) share: loading a zone
 * from its text, and the check that a response parses back with the wire
 * reader, with the counts its header gives and nothing left over.
 */
#ifndef TEST_FUZZ_DNS_FUZZ_H
#define TEST_FUZZ_DNS_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dns/server.h"

/* Parse and load text as the zone origin into z, or abort with the error. */
static void dns_fuzz_load(struct dns_zone *z, const char *origin,
			  const char *text)
{
	struct dns_zone_parse_opts o = {"fuzz", origin, NULL, NULL};
	char err[256];
	uint8_t *blob;
	size_t len;

	if (dns_zone_parse(text, strlen(text), &o, &blob, &len, err,
			   sizeof(err)) != DNS_ZONE_OK ||
	    dns_zone_load(z, blob, len) != DNS_ZONE_OK) {
		fprintf(stderr, "%s\n", err);
		abort();
	}
}

/* A response must parse back: header, question, then its records. */
static void dns_fuzz_check_response(const uint8_t *r, size_t len)
{
	struct bytes msg = bytes_make(r, len);
	struct dns_hdr h;
	struct dns_question q;
	struct dns_rr rr;
	size_t off = DNS_HDR_LEN;

	if (dns_hdr_read(msg, &h) != DNS_OK || !(h.flags & DNS_F_QR))
		abort();
	for (unsigned i = 0; i < h.qdcount; i++)
		if (dns_question_read(msg, &off, &q) != DNS_OK)
			abort();
	for (unsigned i = 0; i < h.ancount + h.nscount + h.arcount; i++)
		if (dns_rr_read(msg, &off, &rr) != DNS_OK)
			abort();
	if (off != len)
		abort();
}

#endif
