/* SPDX-License-Identifier: ISC */
/*
 * DNS over TCP (RFC 7766) in the DNS appliance: each accepted connection
 * gets a slot of a pool made at start (dns.tcp_max_connections; one more
 * connection is closed at once) holding a sans-I/O session
 * (rt/dns/tcp_session.c) and an idle timer. readable: read as far as the
 * session takes input, sending each response as it comes; writable: send
 * the rest; the peer's FIN: close once everything is sent. A session that
 * stops taking input while its response waits leaves the data in the
 * connection's receive buffer, whose window then closes: back-pressure.
 *
 * The idle timer (dns.tcp_idle_ms) restarts on every read and write; as
 * NSD does, a connection accepted while more than half of the pool is busy
 * gets 200 ms instead (RFC 7766 6.2.3: shorter timeouts under load).
 */
#include <stdio.h>
#include <stdlib.h>

#include "dns/acl.h"
#include "dns/tcp_session.h"
#include "dns_tcp.h"
#include "uni/config.h"
#include "uni/tcp.h"
#include "uni/time.h"

UNI_CONFIG_EXTERN_INT(dns, tcp_idle_ms);
UNI_CONFIG_EXTERN_INT(dns, tcp_max_connections);
UNI_CONFIG_EXTERN_STRING(dns, axfr_allow);

#define BUSY_IDLE_NS (200 * UNI_NSEC_PER_MSEC)

struct conn {
	struct tcp_sock *sock; /* NULL: a free slot */
	uint64_t idle_ns;
	struct uni_timer idle;
	struct dns_tcp t;
};

/* What the TCP service counts. */
static struct {
	uint64_t accepted, refused_full, closed_idle, closed_short;
	uint64_t closed_dropped, closed_nomem, closed_peer, closed_lost;
	uint64_t xfr_allowed;
} st;

static struct dns_server *server;
static struct dns_acl acl;
static struct conn *pool;
static size_t pool_n, busy;

static void conn_free(struct conn *c)
{
	uni_timer_stop(&c->idle);
	dns_tcp_fini(&c->t);
	c->sock = NULL;
	busy--;
}

/* Done with the connection: FIN after what was sent (RST if unread). */
static void conn_close(struct conn *c)
{
	tcp_close(c->sock);
	conn_free(c);
}

static void on_idle(struct uni_timer *t, void *arg)
{
	struct conn *c = arg;

	(void)t;
	st.closed_idle++;
	conn_close(c);
}

static void touch(struct conn *c)
{
	uni_timer_start(&c->idle, uni_now_ns() + c->idle_ns, on_idle, c);
}

/* Sends what the session has queued; false when the send buffer is full. */
static bool flush(struct conn *c)
{
	const uint8_t *p;
	size_t len, n;

	while ((p = dns_tcp_send_buf(&c->t, &len)) != NULL && len > 0) {
		n = tcp_write(c->sock, p, len);
		if (n == 0)
			return false;
		dns_tcp_sent(&c->t, n);
	}
	return true;
}

static void count_end(enum dns_tcp_end why)
{
	if (why == DNS_TCP_SHORT)
		st.closed_short++;
	else if (why == DNS_TCP_DROP)
		st.closed_dropped++;
	else
		st.closed_nomem++;
}

/* Reads and answers until the session or the connection has no more. */
static void serve(struct conn *c)
{
	uint8_t *p;
	size_t room, n;

	while (flush(c) && (p = dns_tcp_recv_buf(&c->t, &room)) != NULL &&
	       room > 0 && (n = tcp_read(c->sock, p, room)) > 0)
		dns_tcp_received(&c->t, n);
	if (dns_tcp_closing(&c->t)) {
		count_end(c->t.end);
		conn_close(c);
	} else if (tcp_eof(c->sock) && !dns_tcp_sending(&c->t)) {
		st.closed_peer++;
		conn_close(c);
	} else {
		touch(c);
	}
}

static void on_ready(void *arg, struct tcp_sock *s)
{
	(void)s;
	serve(arg);
}

static void on_closed(void *arg, struct tcp_sock *s, enum tcp_close_reason why)
{
	(void)s;
	(void)why;
	st.closed_lost++;
	conn_free(arg);
}

static const struct tcp_sock_ops conn_ops = {
    .readable = on_ready,
    .writable = on_ready,
    .closed = on_closed,
};

static bool xfr_allowed(const struct tcp_sock *s)
{
	struct net_endpoint peer = tcp_peer(s);

	return dns_acl_allows(&acl, &peer.addr);
}

static void on_accept(void *arg, struct tcp_sock *s)
{
	struct conn *c = NULL;

	(void)arg;
	for (size_t i = 0; i < pool_n && c == NULL; i++)
		if (pool[i].sock == NULL)
			c = &pool[i];
	if (c == NULL) {
		st.refused_full++;
		tcp_close(s);
		return;
	}
	st.accepted++;
	c->sock = s;
	c->idle_ns =
	    (uint64_t)UNI_CFG_VAR(dns, tcp_idle_ms) * UNI_NSEC_PER_MSEC;
	if (++busy > pool_n / 2 && c->idle_ns > BUSY_IDLE_NS)
		c->idle_ns = BUSY_IDLE_NS;
	dns_tcp_init(&c->t, server, xfr_allowed(s));
	c->t.client_ipv6 = tcp_peer(s).addr.family == NET_FAMILY_IPV6;
	st.xfr_allowed += c->t.xfr_allowed ? 1 : 0;
	tcp_set_nodelay(s, true);
	tcp_sock_set_ops(s, &conn_ops, c);
	serve(c);
}

int dns_tcp_service_start(struct dns_server *srv, uint16_t port)
{
	server = srv;
	if (dns_acl_init(&acl, UNI_CFG_VAR(dns, axfr_allow)) != 0) {
		printf("dns: dns.axfr_allow = \"%s\": expected IPv4 prefixes "
		       "a.b.c.d/len and IPv6 prefixes ADDR/LEN separated by "
		       "commas\n",
		       UNI_CFG_VAR(dns, axfr_allow));
		return -1;
	}
	pool_n = (size_t)UNI_CFG_VAR(dns, tcp_max_connections);
	pool = calloc(pool_n, sizeof(*pool));
	if (pool == NULL) {
		printf("dns: out of memory for %zu TCP connections\n", pool_n);
		return -1;
	}
	if (tcp_listen(port, on_accept, NULL) != NET_OK) {
		printf("dns: cannot listen on TCP port %u\n", port);
		return -1;
	}
	return 0;
}

void dns_tcp_service_zone_changed(const struct dns_zone *z)
{
	for (size_t i = 0; i < pool_n; i++)
		if (pool[i].sock != NULL && pool[i].t.xfr.zone == z) {
			st.closed_dropped++;
			conn_close(&pool[i]);
		}
}

void dns_tcp_service_print_stats(void)
{
	printf("dns.tcp_accepted %llu\n", (unsigned long long)st.accepted);
	printf("dns.tcp_refused_full %llu\n",
	       (unsigned long long)st.refused_full);
	printf("dns.tcp_closed_idle %llu\n",
	       (unsigned long long)st.closed_idle);
	printf("dns.tcp_closed_short %llu\n",
	       (unsigned long long)st.closed_short);
	printf("dns.tcp_closed_dropped %llu\n",
	       (unsigned long long)st.closed_dropped);
	printf("dns.tcp_closed_nomem %llu\n",
	       (unsigned long long)st.closed_nomem);
	printf("dns.tcp_closed_peer %llu\n",
	       (unsigned long long)st.closed_peer);
	printf("dns.tcp_closed_lost %llu\n",
	       (unsigned long long)st.closed_lost);
	printf("dns.tcp_xfr_allowed %llu\n",
	       (unsigned long long)st.xfr_allowed);
	printf("dns.tcp_open %zu\n", busy);
}
