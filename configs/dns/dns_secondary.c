/* SPDX-License-Identifier: ISC */
/*
 * The secondary zones of the DNS appliance (dns_secondary.h). Each zone has
 * a slot in the zone set (without data until its first transfer), the
 * sans-I/O state of rt/dns/secondary.c, one timer for its next check or
 * expiry and one for the deadline of a check (dns.xfr_timeout_ms). A check
 * connects to dns.primary, sends the state machine's queries and feeds it
 * what arrives; a new zone is loaded, then swapped into its slot: the
 * transfers of the old data that TCP clients were reading are closed, the
 * memo is cleared, the old blob freed. Every failure is printed with its
 * reason, counted, and retried as the state machine says.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dns/sec_config.h"
#include "dns/secondary.h"
#include "dns_secondary.h"
#include "dns_tcp.h"
#include "uni/config.h"
#include "uni/cpu.h"
#include "uni/tcp.h"
#include "uni/time.h"

UNI_CONFIG_EXTERN_STRING(dns, secondary);
UNI_CONFIG_EXTERN_STRING(dns, primary);
UNI_CONFIG_EXTERN_INT(dns, xfr_max_size);
UNI_CONFIG_EXTERN_INT(dns, xfr_max_records);
UNI_CONFIG_EXTERN_INT(dns, xfr_timeout_ms);
UNI_CONFIG_EXTERN_BOOL(dns, tcp);

struct sec_zone {
	struct dns_secondary s;
	size_t slot; /* in zones->zones */
	struct uni_timer timer, deadline;
	struct tcp_sock *sock; /* NULL: no check connected */
	uint8_t q[DNS_SEC_QUERY_MAX];
	size_t qlen;
	char name[1024];
};

static struct dns_server *server;
static struct dns_zone_set *set;
static struct sec_zone *secs;
static size_t nsecs;
static struct dns_peer primary;
static uint32_t id_state;
static uint64_t notify_refused; /* NOTIFY not from the primary */

static uint16_t next_id(void)
{
	id_state ^= id_state << 13;
	id_state ^= id_state >> 17;
	id_state ^= id_state << 5;
	return (uint16_t)id_state;
}

static void on_timer(struct uni_timer *t, void *arg);

static void rearm(struct sec_zone *z)
{
	uint64_t at = dns_sec_deadline(&z->s);

	if (at != UINT64_MAX)
		uni_timer_start(&z->timer, at, on_timer, z);
}

/* Ends the check in progress (ok or not) and plans the next one. */
static void finish(struct sec_zone *z, int ok)
{
	if (z->sock != NULL)
		tcp_close(z->sock);
	z->sock = NULL;
	uni_timer_stop(&z->deadline);
	dns_sec_end(&z->s, ok, uni_now_ns());
	rearm(z);
}

static void fail_conn(struct sec_zone *z, int timeout, const char *why)
{
	printf("dns: zone %s: refresh from the primary failed: %s\n", z->name,
	       why);
	if (z->sock != NULL)
		tcp_abort(z->sock);
	z->sock = NULL;
	uni_timer_stop(&z->deadline);
	dns_sec_fail_conn(&z->s, timeout, why, uni_now_ns());
	rearm(z);
}

/* The zone's slot serves data no more; TCP transfers of it are closed. */
static void unserve(struct sec_zone *z)
{
	struct dns_zone *slot = &set->zones[z->slot];

	if (UNI_CFG_VAR(dns, tcp))
		dns_tcp_service_zone_changed(slot);
	dns_zone_free(slot);
	dns_zone_pending_init(slot, z->s.origin);
	dns_server_zones_changed(server);
}

/* Loads the new blob and swaps it into the slot; 0, or -1. */
static int install(struct sec_zone *z)
{
	struct dns_zone fresh;
	size_t len;
	uint8_t *blob = dns_sec_take(&z->s, &len);
	enum dns_zone_err e = dns_zone_load(&fresh, blob, len);

	if (e != DNS_ZONE_OK) {
		free(blob);
		printf("dns: zone %s: cannot load the transferred zone: error "
		       "%d\n",
		       z->name, (int)e);
		return -1;
	}
	unserve(z);
	set->zones[z->slot] = fresh;
	dns_sec_installed(&z->s, blob, len, uni_now_ns());
	printf("dns: zone %s: serial %u transferred, %zu names, %zu octets\n",
	       z->name, (unsigned)z->s.soa.serial, fresh.nnodes, len);
	return 0;
}

/* What the state machine made of the input: go on, or end the check. */
static int handle(struct sec_zone *z, enum dns_sec_event ev, size_t qlen)
{
	switch (ev) {
	case DNS_SEC_WAIT:
		return 0;
	case DNS_SEC_SEND:
		if (tcp_write(z->sock, z->q, qlen) != qlen) {
			fail_conn(z, 0,
				  "the AXFR query did not fit the send "
				  "buffer");
			return -1;
		}
		return 0;
	case DNS_SEC_CURRENT:
		finish(z, 1);
		return -1;
	case DNS_SEC_NEW:
		finish(z, install(z) == 0);
		return -1;
	case DNS_SEC_FAIL:
		printf("dns: zone %s: transfer refused (%s): %s\n", z->name,
		       dns_xfr_strerror(z->s.err), z->s.why);
		finish(z, 0);
		return -1;
	}
	return -1;
}

static void on_readable(void *arg, struct tcp_sock *s)
{
	struct sec_zone *z = arg;
	uint8_t buf[4096], q[DNS_SEC_QUERY_MAX];
	size_t n, off, used, qlen = 0;

	(void)s;
	while ((n = tcp_read(z->sock, buf, sizeof(buf))) > 0) {
		for (off = 0; off < n; off += used) {
			enum dns_sec_event ev = dns_sec_input(
			    &z->s, buf + off, n - off, &used, q, &qlen);
			memcpy(z->q, q, qlen);
			if (handle(z, ev, qlen) != 0)
				return;
		}
	}
	if (tcp_eof(z->sock))
		fail_conn(z, 0,
			  "the primary closed the connection before "
			  "the end");
}

static void on_connected(void *arg, struct tcp_sock *s)
{
	struct sec_zone *z = arg;

	if (tcp_write(s, z->q, z->qlen) != z->qlen)
		fail_conn(z, 0, "the query did not fit the send buffer");
}

static void on_closed(void *arg, struct tcp_sock *s, enum tcp_close_reason why)
{
	struct sec_zone *z = arg;

	(void)s;
	z->sock = NULL; /* gone: not ours to close */
	fail_conn(z, why == TCP_CLOSED_TIMEOUT,
		  why == TCP_CLOSED_REFUSED   ? "connection refused"
		  : why == TCP_CLOSED_RESET   ? "connection reset"
		  : why == TCP_CLOSED_TIMEOUT ? "connection timed out"
					      : "connection closed");
}

static const struct tcp_sock_ops sec_ops = {
    .readable = on_readable,
    .connected = on_connected,
    .closed = on_closed,
};

static void on_deadline(struct uni_timer *t, void *arg)
{
	(void)t;
	fail_conn(arg, 1, "no complete answer within dns.xfr_timeout_ms");
}

/* Starts a check: the query, the connection, the deadline. */
static void begin(struct sec_zone *z, uint64_t now)
{
	struct net_endpoint to = {net_addr_ipv4((uint32_t)primary.a[0] << 24 |
						(uint32_t)primary.a[1] << 16 |
						(uint32_t)primary.a[2] << 8 |
						primary.a[3]),
				  primary.port};
	int r;

	z->qlen = dns_sec_begin(&z->s, next_id(), z->q, now);
	if (z->qlen == 0) {
		rearm(z);
		return;
	}
	r = tcp_connect(&to, &sec_ops, z, &z->sock);
	if (r != NET_OK) {
		z->sock = NULL;
		fail_conn(z, 0, "cannot connect (no route or address yet)");
		return;
	}
	uni_timer_start(&z->deadline,
			now + (uint64_t)UNI_CFG_VAR(dns, xfr_timeout_ms) *
				  UNI_NSEC_PER_MSEC,
			on_deadline, z);
}

static void on_timer(struct uni_timer *t, void *arg)
{
	struct sec_zone *z = arg;
	uint64_t now = uni_now_ns();

	(void)t;
	if (z->s.blob != NULL && now >= z->s.expire_ns) {
		unserve(z);
		dns_sec_expire(&z->s, now);
		printf("dns: zone %s: expired (no refresh within the SOA's "
		       "EXPIRE): SERVFAIL until the next transfer\n",
		       z->name);
	}
	if (z->s.state == DNS_SEC_IDLE && now >= z->s.next_ns)
		begin(z, now);
	else
		rearm(z);
}

/* The zone names of dns.secondary; their count, or -1 after a message. */
static long parse_zones(uint8_t (*names)[DNS_NAME_MAX], size_t cap)
{
	const char *text = UNI_CFG_VAR(dns, secondary);
	size_t pos = 0, n = 0;
	int r;

	while ((r = dns_zone_name_next(text, &pos, names[n < cap ? n : 0])) ==
	       1)
		n++;
	if (r < 0 || n > cap) {
		printf("dns: dns.secondary = \"%s\": expected zone names "
		       "separated by commas, found \"%s\"\n",
		       text, text + pos);
		return -1;
	}
	return (long)n;
}

static int parse_primary(void)
{
	const char *text = UNI_CFG_VAR(dns, primary);
	size_t pos = 0;
	struct dns_peer extra;

	if (dns_peer_next(text, &pos, &primary) != 1 ||
	    dns_peer_next(text, &pos, &extra) != 0) {
		printf("dns: dns.primary = \"%s\": expected one IPv4 address "
		       "with an optional port, ADDR[#PORT]\n",
		       text);
		return -1;
	}
	return 0;
}

/* The zone slots: one more for each secondary zone, without data. */
static int add_slots(size_t n)
{
	struct dns_zone *v = realloc(set->zones, (set->n + n) * sizeof(*v));

	if (v == NULL)
		return -1;
	set->zones = v;
	for (size_t i = 0; i < n; i++) {
		secs[i].slot = set->n + i;
		dns_zone_pending_init(&v[set->n + i], secs[i].s.origin);
	}
	set->n += n;
	return 0;
}

int dns_secondary_start(struct dns_server *srv, struct dns_zone_set *zones)
{
	static uint8_t names[64][DNS_NAME_MAX];
	struct dns_xfr_limits lim = {(size_t)UNI_CFG_VAR(dns, xfr_max_size),
				     (size_t)UNI_CFG_VAR(dns, xfr_max_records)};
	long n = parse_zones(names, 64);
	uint64_t now = uni_now_ns();

	server = srv;
	set = zones;
	if (n < 0 || parse_primary() != 0)
		return -1;
	secs = calloc((size_t)n ? (size_t)n : 1, sizeof(*secs));
	if (secs == NULL)
		return -1;
	nsecs = (size_t)n;
	id_state = (uint32_t)rdtsc() | 1;
	for (size_t i = 0; i < nsecs; i++) {
		dns_sec_init(&secs[i].s, names[i], &lim, now);
		dns_name_to_text(names[i], secs[i].name, sizeof(secs[i].name));
	}
	if (add_slots(nsecs) != 0) {
		printf("dns: out of memory for the secondary zones\n");
		return -1;
	}
	for (size_t i = 0; i < nsecs; i++) {
		printf("dns: zone %s: secondary of %u.%u.%u.%u#%u, no data "
		       "yet (SERVFAIL)\n",
		       secs[i].name, primary.a[0], primary.a[1], primary.a[2],
		       primary.a[3], primary.port);
		uni_timer_start(&secs[i].timer, now, on_timer, &secs[i]);
	}
	return 0;
}

static struct sec_zone *zone_named(const uint8_t *name)
{
	for (size_t i = 0; i < nsecs; i++)
		if (dns_name_eq(secs[i].s.origin, name))
			return &secs[i];
	return NULL;
}

size_t dns_secondary_notify_in(const struct udp_endpoint *from,
			       const uint8_t *msg, size_t len, uint8_t *resp,
			       size_t cap)
{
	uint8_t name[DNS_NAME_MAX];
	uint32_t p = (uint32_t)primary.a[0] << 24 |
		     (uint32_t)primary.a[1] << 16 |
		     (uint32_t)primary.a[2] << 8 | primary.a[3];
	struct sec_zone *z;

	if (!dns_notify_read(msg, len, name) || (z = zone_named(name)) == NULL)
		return 0;
	if (from->family != NET_FAMILY_IPV4 || from->addr != p) {
		notify_refused++; /* the server refuses it, as NSD does */
		return 0;
	}
	dns_sec_notify(&z->s, uni_now_ns());
	if (z->s.state == DNS_SEC_IDLE)
		uni_timer_start(&z->timer, uni_now_ns(), on_timer, z);
	return dns_notify_reply(msg, len, resp, cap);
}

void dns_secondary_print_stats(void)
{
	for (size_t i = 0; i < nsecs; i++) {
		const struct dns_sec_stats *st = &secs[i].s.st;
		printf("dns.secondary %s serial %u %s\n", secs[i].name,
		       (unsigned)secs[i].s.soa.serial,
		       secs[i].s.blob != NULL ? "loaded" : "no-data");
		printf("dns.xfr_checks %llu\ndns.xfr_current %llu\n"
		       "dns.xfr_transfers %llu\ndns.xfr_expired %llu\n"
		       "dns.xfr_unreachable %llu\ndns.xfr_timeouts %llu\n"
		       "dns.xfr_notifies %llu\n",
		       (unsigned long long)st->checks,
		       (unsigned long long)st->current,
		       (unsigned long long)st->transfers,
		       (unsigned long long)st->expired,
		       (unsigned long long)st->unreachable,
		       (unsigned long long)st->timeouts,
		       (unsigned long long)st->notifies);
		for (int e = 1; e < DNS_XFR_E_COUNT; e++)
			printf("dns.xfr_refused_%s %llu\n",
			       dns_xfr_strerror((enum dns_xfr_err)e),
			       (unsigned long long)st->failed[e]);
	}
	printf("dns.notify_refused %llu\n", (unsigned long long)notify_refused);
}
