/* SPDX-License-Identifier: ISC */
/*
 * DNS over TCP in the DNS appliance (dns_tcp.c): the sessions of
 * rt/dns/tcp_session.c on the connections of <uni/tcp.h>.
 */
#ifndef DNS_APP_DNS_TCP_H
#define DNS_APP_DNS_TCP_H

#include <stdint.h>

#include "dns/server.h"

/*
 * Listens on port with dns.tcp_max_connections sessions, the idle timeout
 * dns.tcp_idle_ms and the allow-list dns.axfr_allow; 0, or -1 after a
 * message.
 */
int dns_tcp_service_start(struct dns_server *srv, uint16_t port);

/*
 * The data of zone z is about to change: the connections in the middle of
 * a transfer of it are closed (the client retries, RFC 5936 4.2).
 */
void dns_tcp_service_zone_changed(const struct dns_zone *z);

/* Prints the counters of the TCP service, one "name value" per line. */
void dns_tcp_service_print_stats(void);

#endif
