/* SPDX-License-Identifier: ISC */
/*
 * The values of the secondary's keys, read at start: zone names
 * (dns.secondary: "example.com,example.net", with or without the final
 * dot) and addresses with an optional port (dns.primary, dns.notify:
 * "192.0.2.1" or "192.0.2.1#5353", separated by commas or blanks).
 */
#ifndef UNI_DNS_SEC_CONFIG_H
#define UNI_DNS_SEC_CONFIG_H

#include <stddef.h>
#include <stdint.h>

#include "dns/wire.h"

struct dns_peer {
	uint8_t a[4]; /* a[0] first on the wire */
	uint16_t port;
};

/*
 * The next item of a list (text from *pos on): 1 with the item and *pos
 * past it, 0 at the end, -1 when the item is malformed (*pos at it).
 */
int dns_zone_name_next(const char *text, size_t *pos,
		       uint8_t name[DNS_NAME_MAX]);
int dns_peer_next(const char *text, size_t *pos, struct dns_peer *out);

#endif
