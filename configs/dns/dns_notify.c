/* SPDX-License-Identifier: ISC */
/*
 * NOTIFY as a primary (RFC 1996): at start, a NOTIFY of every zone that
 * has data to each secondary of dns.notify, from a UDP port of its own;
 * each is sent again every second until it is answered, five times at
 * most (RFC 1996 3.6). An answer is matched by its ID and its sender.
 */
#include <stdio.h>
#include <stdlib.h>

#include "dns/sec_config.h"
#include "dns/secondary.h"
#include "dns_secondary.h"
#include "uni/config.h"
#include "uni/cpu.h"
#include "uni/time.h"

UNI_CONFIG_EXTERN_STRING(dns, notify);

#define NOTIFY_TRIES 5
#define NOTIFY_PORT_BASE 49152

struct pending {
	struct dns_peer to;
	const uint8_t *origin;
	uint16_t id;
	uint8_t tries, acked;
};

static struct pending *pend;
static size_t npend;
static uint16_t port;
static struct uni_timer timer;
static struct {
	uint64_t sent, acked, unanswered, stray;
} st;

static uint32_t peer_addr(const struct dns_peer *p)
{
	return (uint32_t)p->a[0] << 24 | (uint32_t)p->a[1] << 16 |
	       (uint32_t)p->a[2] << 8 | p->a[3];
}

static void send_one(struct pending *p)
{
	uint8_t msg[DNS_HDR_LEN + DNS_NAME_MAX + 4];
	size_t len = dns_notify_request(msg, sizeof(msg), p->id, p->origin);
	struct udp_endpoint to = {
	    peer_addr(&p->to), p->to.port, NET_FAMILY_IPV4, {0}};

	p->tries++;
	st.sent++;
	udp_send(port, &to, msg, len);
}

static void on_timer(struct uni_timer *t, void *arg)
{
	int again = 0;

	(void)arg;
	for (size_t i = 0; i < npend; i++) {
		struct pending *p = &pend[i];
		if (p->acked || p->tries > NOTIFY_TRIES)
			continue;
		if (p->tries == NOTIFY_TRIES) {
			p->tries++;
			st.unanswered++;
			printf("dns: NOTIFY to %u.%u.%u.%u#%u not answered "
			       "after %d tries\n",
			       p->to.a[0], p->to.a[1], p->to.a[2], p->to.a[3],
			       p->to.port, NOTIFY_TRIES);
			continue;
		}
		send_one(p);
		again = 1;
	}
	if (again)
		uni_timer_start(t, uni_now_ns() + UNI_NSEC_PER_SEC, on_timer,
				NULL);
}

static void on_reply(void *arg, const struct udp_endpoint *from,
		     uint16_t local_port, const uint8_t *data, size_t len)
{
	(void)arg;
	(void)local_port;
	for (size_t i = 0; i < npend; i++) {
		struct pending *p = &pend[i];
		if (!p->acked && from->family == NET_FAMILY_IPV4 &&
		    from->addr == peer_addr(&p->to) &&
		    from->port == p->to.port &&
		    dns_notify_acked(data, len, p->id)) {
			p->acked = 1;
			st.acked++;
			return;
		}
	}
	st.stray++;
}

/* The peers of dns.notify into v (up to cap); their count, or -1. */
static long parse_peers(struct dns_peer *v, size_t cap)
{
	const char *text = UNI_CFG_VAR(dns, notify);
	size_t pos = 0, n = 0;
	int r;

	while (n < cap && (r = dns_peer_next(text, &pos, &v[n])) == 1)
		n++;
	if (n == cap || r < 0) {
		printf("dns: dns.notify = \"%s\": expected at most %zu "
		       "addresses ADDR[#PORT] separated by commas, found "
		       "\"%s\"\n",
		       text, cap - 1, text + pos);
		return -1;
	}
	return (long)n;
}

int dns_notify_start(const struct dns_zone_set *zones)
{
	static struct dns_peer peers[33];
	long n = parse_peers(peers, 33);
	uint32_t x = (uint32_t)rdtsc();

	if (n < 0)
		return -1;
	pend = calloc((size_t)n * zones->n + 1, sizeof(*pend));
	if (pend == NULL)
		return -1;
	for (size_t z = 0; z < zones->n; z++)
		for (long i = 0; i < n && zones->zones[z].apex != NULL; i++) {
			pend[npend] = (struct pending){
			    peers[i], zones->zones[z].origin,
			    (uint16_t)(x + npend * 40503u), 0, 0};
			npend++;
		}
	for (unsigned k = 0; k < 64; k++) {
		port = (uint16_t)(NOTIFY_PORT_BASE + (x + k * 7919u) % 16384);
		if (udp_bind(port, on_reply, NULL) == NET_OK)
			break;
		port = 0;
	}
	if (port == 0) {
		printf("dns: no free UDP port to send NOTIFY from\n");
		return -1;
	}
	uni_timer_start(&timer, uni_now_ns(), on_timer, NULL);
	return 0;
}

void dns_notify_print_stats(void)
{
	printf("dns.notify_sent %llu\ndns.notify_acked %llu\n"
	       "dns.notify_unanswered %llu\ndns.notify_stray %llu\n",
	       (unsigned long long)st.sent, (unsigned long long)st.acked,
	       (unsigned long long)st.unanswered, (unsigned long long)st.stray);
}
