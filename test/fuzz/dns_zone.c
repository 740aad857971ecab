/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer target of the zone parser: any text must parse or fail with a
 * message, never crash; a zone that parses must load, and every node's
 * RRsets must be readable. $INCLUDE opens a fixed small file.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dns/zone.h"

static const char included[] = "inc 60 A 192.0.2.9\n"
			       "  TXT \"from an include\"\n";

static int open_include(void *ctx, const char *path, const char **text,
			size_t *len)
{
	(void)ctx;
	if (strcmp(path, "missing") == 0)
		return -1;
	*text = included;
	*len = sizeof(included) - 1;
	return 0;
}

static void walk(const struct dns_zone *z)
{
	struct dns_rrset set;
	struct dns_rdata rd;

	for (size_t i = 0; i < z->nnodes; i++) {
		for (unsigned k = 0; k < dns_node_nrrsets(&z->nodes[i]); k++) {
			const uint8_t *cur;
			dns_node_rrset_at(&z->nodes[i], k, &set);
			cur = set.rrs;
			for (unsigned r = 0; r < set.count; r++)
				dns_rr_next(&cur, &rd);
		}
		if (dns_zone_find(z, z->nodes[i].name) != &z->nodes[i])
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dns_zone_parse_opts o = {"fuzz.zone", NULL, open_include, NULL};
	char err[256];
	uint8_t *blob;
	size_t len;
	struct dns_zone z;

	/* Every other input gets a zone name, the rest need $ORIGIN. */
	err[0] = '\0';
	if (size > 0 && (data[0] & 1))
		o.origin = "example.com";
	if (dns_zone_parse((const char *)data, size, &o, &blob, &len, err,
			   sizeof(err)) != DNS_ZONE_OK) {
		if (err[0] == '\0')
			abort(); /* a failure always says why */
		return 0;
	}
	if (dns_zone_load(&z, blob, len) != DNS_ZONE_OK)
		abort();
	walk(&z);
	dns_zone_free(&z);
	/* The image's boot path indexes what the compiler wrote alike. */
	if (dns_zone_index(&z, blob, len) != DNS_ZONE_OK)
		abort();
	walk(&z);
	dns_zone_free(&z);
	free(blob);
	return 0;
}
