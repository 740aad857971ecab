/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer target of the secondary's transfer reader: arbitrary octets as
 * the primary's side of the TCP connection of a check of example.com (the
 * AXFR of query ID 0x1234, rt/dns/secondary.c and xfr_read.c), fed in
 * pieces whose size the first octet picks, the limits small enough to be
 * reached. Checks that the state machine ends in a known event, and that a
 * zone it accepts loads (dns_zone_load) and that every name of it is found
 * again; the seed is NSD's AXFR of configs/dns/example.com.zone.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "dns/secondary.h"

static void check_zone(const uint8_t *blob, size_t len)
{
	struct dns_zone z;

	if (dns_zone_load(&z, blob, len) != DNS_ZONE_OK) {
		fprintf(stderr, "an accepted zone does not load\n");
		abort();
	}
	for (size_t i = 0; i < z.nnodes; i++)
		if (dns_zone_find(&z, z.nodes[i].name) != &z.nodes[i]) {
			fprintf(stderr, "a name of the zone is not found\n");
			abort();
		}
	dns_zone_free(&z);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dns_xfr_limits lim = {1 << 16, 2000};
	struct dns_secondary s;
	uint8_t q[DNS_SEC_QUERY_MAX], *blob;
	size_t step, off = 1, used, n, qlen, len;
	enum dns_sec_event ev = DNS_SEC_WAIT;

	if (size < 1)
		return 0;
	step = data[0] ? data[0] : 65536;
	dns_sec_init(&s, (const uint8_t *)"\7example\3com", &lim, 0);
	dns_sec_begin(&s, 0x1234, q, 0);
	while (off < size && (ev == DNS_SEC_WAIT || ev == DNS_SEC_SEND)) {
		n = size - off < step ? size - off : step;
		ev = dns_sec_input(&s, data + off, n, &used, q, &qlen);
		if (used == 0 || used > n)
			abort(); /* input must be taken while waiting */
		off += used;
	}
	if (ev == DNS_SEC_NEW) {
		blob = dns_sec_take(&s, &len);
		check_zone(blob, len);
		dns_sec_installed(&s, blob, len, 0);
	}
	dns_sec_end(&s, ev == DNS_SEC_NEW, 0);
	dns_sec_fini(&s);
	return 0;
}
