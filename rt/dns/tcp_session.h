/* SPDX-License-Identifier: ISC */
/*
 * One DNS-over-TCP connection as a state machine without I/O (RFC 7766,
 * RFC 1035 4.2.2): octets in, in any split, and responses out, each with
 * its 2-octet length prefix, in the order of the queries (pipelining).
 * One query is answered at a time: while a response (or the rest of a zone
 * transfer) waits to be sent, the session takes no input, so a client that
 * does not read its answers fills its own window (back-pressure) and the
 * session never buffers more than one message each way.
 *
 * As NSD 4.6: a length below 17 octets (a header, the root name, type and
 * class) or a query that is dropped (QR set, ...) ends the connection.
 *
 *   for (;;) {                         // the transport's readable callback
 *           p = dns_tcp_recv_buf(t, &room);
 *           if (room == 0 || (n = read(p, room)) == 0) break;
 *           dns_tcp_received(t, n);
 *           while ((out = dns_tcp_send_buf(t, &len)) != NULL && len > 0)
 *                   if ((n = write(out, len)) == 0) break;  // writable later
 *                   else dns_tcp_sent(t, n);
 *   }
 *   if (dns_tcp_closing(t) || (eof && !dns_tcp_sending(t))) close();
 */
#ifndef UNI_DNS_TCP_SESSION_H
#define UNI_DNS_TCP_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dns/axfr.h"
#include "dns/server.h"

#define DNS_TCP_QUERY_MIN 17   /* NSD: header, root name, type, class */
#define DNS_TCP_IN_SMALL 512   /* a query up to this long is not allocated */
#define DNS_TCP_OUT_SMALL 1024 /* the same for a response */

/* Why a session wants its connection closed. */
enum dns_tcp_end {
	DNS_TCP_OPEN = 0,  /* it does not */
	DNS_TCP_SHORT = 1, /* a length below DNS_TCP_QUERY_MIN */
	DNS_TCP_DROP = 2,  /* a query that gets no response (QR set, ...) */
	DNS_TCP_NOMEM = 3, /* no memory for a long message */
};

struct dns_tcp {
	struct dns_server *srv;
	int xfr_allowed;
	int client_ipv6; /* the peer is on IPv6 (dns_server.client_ipv6) */
	enum dns_tcp_end end;
	size_t got;  /* octets of the current prefix and query received */
	size_t want; /* the query's length, once its prefix is in */
	uint8_t prefix[2];
	uint8_t *msg; /* in_small or allocated */
	const uint8_t *out;
	size_t out_len, out_off;
	uint8_t *out_heap;
	struct dns_axfr xfr;
	uint8_t in_small[DNS_TCP_IN_SMALL];
	uint8_t out_small[2 + DNS_TCP_OUT_SMALL];
};

/* xfr_allowed: the client may transfer zones (the allow-list admits it). */
void dns_tcp_init(struct dns_tcp *t, struct dns_server *srv, int xfr_allowed);
void dns_tcp_fini(struct dns_tcp *t);

/*
 * Where the next octets received go, and how many the session takes now
 * (*room): 0 while a response waits to be sent, and once it ends.
 */
uint8_t *dns_tcp_recv_buf(struct dns_tcp *t, size_t *room);
/* n (at most *room) octets were stored there; may queue a response. */
void dns_tcp_received(struct dns_tcp *t, size_t n);

/* The octets to send next (*len 0: none); valid until dns_tcp_sent(). */
const uint8_t *dns_tcp_send_buf(const struct dns_tcp *t, size_t *len);
/* The transport took n of them (the next message of a transfer follows). */
void dns_tcp_sent(struct dns_tcp *t, size_t n);

/* Copies octets in as far as the session takes them; returns how many. */
size_t dns_tcp_input(struct dns_tcp *t, const uint8_t *p, size_t n);

/*
 * A response waits to be sent. At the peer's FIN, a session that is not
 * sending is done (a query half received can never be answered).
 */
bool dns_tcp_sending(const struct dns_tcp *t);
/* The connection is to be closed now (t->end says why). */
bool dns_tcp_closing(const struct dns_tcp *t);

#endif
