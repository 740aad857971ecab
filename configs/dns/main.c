/* SPDX-License-Identifier: ISC */
/*
 * The DNS appliance: an authoritative server for the zones that dns.zone
 * names, compiled into the image by the unilink command (uni_data_dns_zone,
 * validated at build time, indexed here by dns_zone_set_index). It
 * answers UDP queries on dns.port with dns_answer(), the sans-I/O server
 * of rt/dns, which turns any bytes into a correct answer or a counted drop,
 * and TCP queries and zone transfers on the same port (dns_tcp.c) unless
 * dns.tcp = false, which leaves TCP out of the image (config-fold folds
 * the test below, and then nothing calls tcp_listen()).
 * UDP answers are rate limited as NSD's RRL does (dns/rrl.h) unless
 * dns.rrl = false, which folds the test in on_query() and so leaves the
 * limiter out of the image.
 * Memoisation is on unless dns.memo = false. With dns.control_port set, a
 * datagram "stats" to that port prints the counters and "quit" prints them
 * and ends the appliance with status 0.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dns/rrl.h"
#include "dns/server.h"
#include "dns_secondary.h"
#include "dns_tcp.h"
#include "uni/boot.h"
#include "uni/cpu.h"
#include "uni/data.h"
#include "uni/mm.h"
#include "uni/net.h"
#include "uni/time.h"

UNI_DATA_EXTERN(dns, zone);
UNI_CONFIG_EXTERN_INT(dns, port);
UNI_CONFIG_EXTERN_BOOL(dns, memo);
UNI_CONFIG_EXTERN_BOOL(dns, tcp);
UNI_CONFIG_EXTERN_INT(dns, memo_slots);
UNI_CONFIG_EXTERN_INT(dns, control_port);
UNI_CONFIG_EXTERN_BOOL(dns, rrl);
UNI_CONFIG_EXTERN_INT(dns, rrl_ratelimit);
UNI_CONFIG_EXTERN_INT(dns, rrl_slip);
UNI_CONFIG_EXTERN_INT(dns, rrl_ipv4_prefix_length);
UNI_CONFIG_EXTERN_INT(dns, rrl_ipv6_prefix_length);
UNI_CONFIG_EXTERN_INT(dns, rrl_whitelist_ratelimit);
UNI_CONFIG_EXTERN_STRING(dns, rrl_whitelist);
UNI_CONFIG_EXTERN_INT(dns, rrl_size);
UNI_CONFIG_EXTERN_STRING(dns, secondary);
UNI_CONFIG_EXTERN_STRING(dns, notify);

/*
 * Whether the appliance serves zones as a secondary (sends NOTIFY): in a
 * specialised image the key is a constant, so the test folds and, when
 * the key is empty, the secondary's code (the NOTIFY sender's) is left out.
 */
static bool secondary_on(void)
{
	return UNI_CFG_VAR(dns, secondary)[0] != '\0';
}

/*
 * The same, tested after dns.tcp: transfers run over TCP, and config-fold
 * folds the boolean, so that with dns.tcp = false nothing reaches
 * tcp_connect() and protocol-prune leaves TCP out (the string's first
 * octet is folded only later, by LLVM).
 */
static bool secondary_runs(void)
{
	return UNI_CFG_VAR(dns, tcp) && secondary_on();
}

static bool notify_on(void)
{
	return UNI_CFG_VAR(dns, notify)[0] != '\0';
}

/* What the appliance counts besides the server's own counters. */
struct app_stats {
	uint64_t send_failed; /* udp_send refused an answer */
};

static struct dns_zone_set zones;
static struct dns_server server;
static struct dns_rrl rrl;
static struct app_stats app;
static uint8_t response[UDP_MAX_PAYLOAD];

/* The answer of n octets in response as the rate limit lets it go. */
static size_t rate_limit(const struct udp_endpoint *from, size_t n)
{
	struct dns_rrl_client c = {
	    0,
	    {(uint8_t)(from->addr >> 24), (uint8_t)(from->addr >> 16),
	     (uint8_t)(from->addr >> 8), (uint8_t)from->addr}};

	if (from->family ==
	    NET_FAMILY_IPV6) { /* by dns.rrl_ipv6_prefix_length */
		c.v6 = 1;
		memcpy(c.addr, from->addr6, sizeof(c.addr));
	}

	switch (dns_rrl_check(&rrl, &c, &server.last.kind, uni_now_ns())) {
	case DNS_RRL_SEND:
		return n;
	case DNS_RRL_SLIP:
		return dns_rrl_slip(response, n);
	case DNS_RRL_DROP:
		break;
	}
	return 0;
}

static void print_rrl_stats(void)
{
	printf("dns.rrl_limited %llu\ndns.rrl_slipped %llu\n"
	       "dns.rrl_dropped %llu\ndns.rrl_collision %llu\n",
	       (unsigned long long)rrl.stats.limited,
	       (unsigned long long)rrl.stats.slipped,
	       (unsigned long long)rrl.stats.dropped,
	       (unsigned long long)rrl.stats.collision);
}

static void on_query(void *arg, const struct udp_endpoint *from,
		     uint16_t local_port, const uint8_t *data, size_t len)
{
	size_t n;

	server.client_ipv6 = from->family == NET_FAMILY_IPV6;
	n = secondary_runs() ? dns_secondary_notify_in(
				   from, data, len, response, sizeof(response))
			     : 0;
	if (n > 0) {
		if (udp_send(local_port, from, response, n) != NET_OK)
			app.send_failed++;
		return;
	}
	n = dns_answer(&server, data, len, response, sizeof(response));

	if (n > 0 && UNI_CFG_VAR(dns, rrl))
		n = rate_limit(from, n);
	if (n > 0 && udp_send(local_port, from, response, n) != NET_OK)
		app.send_failed++;
}

static void print_stats(void)
{
	printf("dns: counters\n");
	dns_stats_print(&server.stats);
	printf("dns.send_failed %llu\n", (unsigned long long)app.send_failed);
	if (UNI_CFG_VAR(dns, rrl))
		print_rrl_stats();
	if (UNI_CFG_VAR(dns, tcp))
		dns_tcp_service_print_stats();
	if (secondary_runs())
		dns_secondary_print_stats();
	if (notify_on())
		dns_notify_print_stats();
	net_print_stats();
	uni_mm_print_stats();
}

static void on_control(void *arg, const struct udp_endpoint *from,
		       uint16_t local_port, const uint8_t *data, size_t len)
{
	if (len >= 5 && memcmp(data, "stats", 5) == 0) {
		print_stats();
	} else if (len >= 4 && memcmp(data, "quit", 4) == 0) {
		printf("dns: quit requested\n");
		uni_loop_stop(0);
	}
}

/* The embedded zones into zones; 0, or -1 after a message. */
static int load_zones(void)
{
	const struct uni_data_set *set = &UNI_DATA_VAR(dns, zone);
	size_t n = (size_t)set->count, bad = 0;
	const uint8_t **blobs = calloc(n ? n : 1, sizeof(*blobs));
	size_t *lens = calloc(n ? n : 1, sizeof(*lens));
	enum dns_zone_err e = DNS_ZONE_NOMEM;

	if (blobs != NULL && lens != NULL) {
		for (size_t i = 0; i < n; i++) {
			blobs[i] = set->files[i].data;
			lens[i] = (size_t)set->files[i].size;
		}
		e = dns_zone_set_index(&zones, blobs, lens, n, &bad);
	}
	free(blobs);
	free(lens);
	if (e == DNS_ZONE_OK)
		return 0;
	printf("dns: cannot load zone %s: error %d\n",
	       bad < n ? set->files[bad].name : "(none)", (int)e);
	return -1;
}

static void print_zones(void)
{
	char name[1024]; /* escaped text: up to 4 chars an octet */

	for (size_t i = 0; i < (size_t)UNI_DATA_VAR(dns, zone).count; i++) {
		dns_name_to_text(zones.zones[i].origin, name, sizeof(name));
		printf("dns: zone %s: %zu names (%s)\n", name,
		       zones.zones[i].nnodes,
		       UNI_DATA_VAR(dns, zone).files[i].name);
	}
	if (zones.n == 0 && !secondary_on())
		printf("dns: no zones (dns.zone names none): every query is "
		       "refused\n");
}

/* The rate limiter from the dns.rrl_* keys; 0, or -1 after a message. */
static int start_rrl(void)
{
	struct dns_rrl_opts o = {
	    .ratelimit = (unsigned)UNI_CFG_VAR(dns, rrl_ratelimit),
	    .whitelist_ratelimit =
		(unsigned)UNI_CFG_VAR(dns, rrl_whitelist_ratelimit),
	    .slip = (unsigned)UNI_CFG_VAR(dns, rrl_slip),
	    .ipv4_prefix_length =
		(unsigned)UNI_CFG_VAR(dns, rrl_ipv4_prefix_length),
	    .ipv6_prefix_length =
		(unsigned)UNI_CFG_VAR(dns, rrl_ipv6_prefix_length),
	    .size = (unsigned)UNI_CFG_VAR(dns, rrl_size),
	};
	char err[256];

	if (dns_rrl_kinds_parse(UNI_CFG_VAR(dns, rrl_whitelist), &o.whitelist,
				err, sizeof(err)) != 0) {
		printf("dns: dns.rrl_whitelist: %s\n", err);
		return -1;
	}
	if (dns_rrl_init(&rrl, &o) != 0) {
		printf(
		    "dns: out of memory for the %u buckets of dns.rrl_size\n",
		    o.size);
		return -1;
	}
	return 0;
}

static int start_server(void)
{
	struct dns_server_opts o = {
	    .no_memo = !UNI_CFG_VAR(dns, memo),
	    .memo_slots = (unsigned)UNI_CFG_VAR(dns, memo_slots),
	};
	uint16_t port = (uint16_t)UNI_CFG_VAR(dns, port);
	uint16_t ctl = (uint16_t)UNI_CFG_VAR(dns, control_port);

	if (secondary_on() && !UNI_CFG_VAR(dns, tcp)) {
		printf("dns: dns.secondary = \"%s\": zone transfers run over "
		       "TCP, which dns.tcp = false leaves out; set dns.tcp = "
		       "true\n",
		       UNI_CFG_VAR(dns, secondary));
		return -1;
	}
	if (secondary_runs() && dns_secondary_start(&server, &zones) != 0)
		return -1;
	if (dns_server_init(&server, &zones, &o) != 0) {
		printf("dns: out of memory for the server\n");
		return -1;
	}
	if (UNI_CFG_VAR(dns, rrl) && start_rrl() != 0)
		return -1;
	if (udp_bind(port, on_query, NULL) != NET_OK) {
		printf("dns: cannot bind UDP port %u\n", port);
		return -1;
	}
	if (UNI_CFG_VAR(dns, tcp) && dns_tcp_service_start(&server, port) != 0)
		return -1;
	if (ctl != 0 && udp_bind(ctl, on_control, NULL) != NET_OK) {
		printf("dns: cannot bind the control port %u\n", ctl);
		return -1;
	}
	return 0;
}

/* Runs the loop until net0 has an address (at once when static). */
static void wait_for_address(void)
{
	if (net_ready())
		return;
	printf("dns: waiting for net0's address\n");
	while (!net_ready())
		uni_sleep_ns(10 * UNI_NSEC_PER_MSEC);
}

static void print_ready(void)
{
	uint64_t tsc = rdtsc();
	uint64_t us =
	    uni_tsc_to_ns(tsc - uni_boot.tsc_at_entry) / UNI_NSEC_PER_USEC;
	uint32_t a = net_ipv4_addr();
	char where[24] = "[::]"; /* IPv6 only (net0.ipv4 = off): any */

	if (a != 0)
		snprintf(where, sizeof(where), "%u.%u.%u.%u", a >> 24,
			 (a >> 16) & 0xff, (a >> 8) & 0xff, a & 0xff);

	printf("dns: ready on %s:%u, %zu zone%s, memo %s, tcp %s, "
	       "rrl %s, PVH entry to ready in %llu us\n",
	       where, (unsigned)UNI_CFG_VAR(dns, port), zones.n,
	       zones.n == 1 ? "" : "s", server.memo != NULL ? "on" : "off",
	       UNI_CFG_VAR(dns, tcp) ? "on" : "off",
	       UNI_CFG_VAR(dns, rrl) ? "on" : "off", (unsigned long long)us);
	uni_boot_print_time("ready", tsc);
}

int main(void)
{
	int status;

	if (load_zones() < 0)
		return UNI_EXIT_FAILURE;
	print_zones();
	if (start_server() < 0)
		return UNI_EXIT_FAILURE;
	wait_for_address();
	if (notify_on() && dns_notify_start(&zones) != 0)
		return UNI_EXIT_FAILURE;
	print_ready();
	status = uni_loop_run();
	print_stats();
	dns_server_fini(&server);
	if (UNI_CFG_VAR(dns, rrl))
		dns_rrl_fini(&rrl);
	dns_zone_set_free(&zones);
	return status;
}
