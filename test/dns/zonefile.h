/* SPDX-License-Identifier: ISC */
/*
 * Host-side helpers of the DNS tests: read a zone file (with $INCLUDE
 * resolved relative to the file's folder) into a loaded zone.
 */
#ifndef UNI_TEST_DNS_ZONEFILE_H
#define UNI_TEST_DNS_ZONEFILE_H

#include <stddef.h>
#include <stdint.h>

#include "dns/zone.h"

/* Reads a whole file (NUL-terminated, malloc'ed); NULL on failure. */
char *read_file(const char *path, size_t *len);

/*
 * Parses origin's zone from path into *z (its blob in *blob, to free after
 * the zone). Prints the error and returns -1 on failure.
 */
int load_zone_file(const char *origin, const char *path, struct dns_zone *z,
		   uint8_t **blob);

#endif
