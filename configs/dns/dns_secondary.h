/* SPDX-License-Identifier: ISC */
/*
 * Zones served as a secondary, and NOTIFY sent as a primary, in the DNS
 * appliance (dns_secondary.c, dns_notify.c): the state machine of
 * rt/dns/secondary.c on a TCP connection to dns.primary and a timer per
 * zone, swapping each transferred zone into the set the server answers
 * from. Used only when dns.secondary (or dns.notify) is set: main.c's
 * tests of the keys fold away otherwise, and this code with them.
 */
#ifndef DNS_APP_DNS_SECONDARY_H
#define DNS_APP_DNS_SECONDARY_H

#include <stddef.h>
#include <stdint.h>

#include "dns/server.h"
#include "uni/net.h"

/*
 * Adds a zone without data to zones for each name of dns.secondary and
 * starts their checks; 0, or -1 after a message (a malformed key).
 */
int dns_secondary_start(struct dns_server *srv, struct dns_zone_set *zones);

/*
 * A NOTIFY for one of our secondary zones from the primary: answers it
 * into resp and returns the length (the check starts at once); 0 for any
 * other datagram, which the server answers.
 */
size_t dns_secondary_notify_in(const struct udp_endpoint *from,
			       const uint8_t *msg, size_t len, uint8_t *resp,
			       size_t cap);

void dns_secondary_print_stats(void);

/*
 * Sends a NOTIFY of every zone with data to each address of dns.notify,
 * again every second up to five times until it is answered (RFC 1996
 * 3.6); 0, or -1 after a message.
 */
int dns_notify_start(const struct dns_zone_set *zones);
void dns_notify_print_stats(void);

#endif
