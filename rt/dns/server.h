/* SPDX-License-Identifier: ISC */
/*
 * The authoritative DNS server as a pure function: a query in, a response
 * (or nothing: drop) out, from the loaded zones. No I/O, no clock: the
 * caller owns the sockets, so the same code runs in the image, as a native
 * unit test, under libFuzzer and behind the loopback harness that the
 * differential test against NSD uses.
 *
 * Behaviour follows RFC 1034/1035, 2308 (negative answers, SOA TTL =
 * min(SOA TTL, MINIMUM)), 4592 (wildcards), 6891 (EDNS0), 8482 (ANY: one
 * RRset) and, where RFCs leave a choice, NSD 4.6 with its defaults (NS
 * RRset in the authority section of positive answers, A/AAAA of NS, MX and
 * SRV targets in the additional section, EDNS payload 1232).
 */
#ifndef UNI_DNS_SERVER_H
#define UNI_DNS_SERVER_H

#include <stddef.h>
#include <stdint.h>

#include "dns/answer_kind.h"
#include "dns/zone.h"

/* One counter per outcome and per reason a query was dropped. */
struct dns_stats {
	uint64_t queries;	/* calls of dns_answer() */
	uint64_t drop_short;	/* shorter than a header: dropped */
	uint64_t drop_response; /* QR set: dropped */
	uint64_t drop_small;	/* resp_cap below 512: dropped */
	uint64_t formerr, notimp, refused, badvers, servfail, notauth;
	uint64_t answers, nxdomain, nodata, referrals, truncated;
	uint64_t memo_hits, memo_misses;
	uint64_t tcp_queries; /* calls of dns_answer_tcp() */
	uint64_t transfers;   /* AXFR and IXFR answered with the zone */
};

struct dns_server_opts {
	uint16_t edns_size;  /* our UDP payload size; 0: 1232 */
	int no_memo;	     /* 1: do not reuse encoded answers */
	unsigned memo_slots; /* 0: 1024 */
};

struct dns_memo;

/*
 * How response rate limiting (dns/rrl.h) counts the last response of
 * dns_answer(): its kind, and the name it is counted under (a name of the
 * zones, qname, or NULL). Kind 0 when dns_answer() returned 0.
 */
struct dns_last {
	struct ans_kind kind;
	uint8_t qname[DNS_NAME_MAX]; /* the question's name, lowercased */
};

struct dns_server {
	const struct dns_zone_set *zones;
	uint16_t edns_size;
	struct dns_memo *memo; /* NULL when memoisation is off */
	struct dns_stats stats;
	struct dns_last last;
	/*
	 * The query being answered came over IPv6 (the caller sets it before
	 * dns_answer() or dns_answer_tcp()): as NSD, the addresses of NS
	 * targets in the additional section then list AAAA before A.
	 */
	int client_ipv6;
};

/* 0 on success, -1 when out of memory. */
int dns_server_init(struct dns_server *s, const struct dns_zone_set *zones,
		    const struct dns_server_opts *opts);
void dns_server_fini(struct dns_server *s);
/*
 * The data of a zone changed (a secondary's transfer, or its expiry):
 * forgets the memoised answers.
 */
void dns_server_zones_changed(struct dns_server *s);

/*
 * Answers one query received over UDP. Returns the response length in
 * resp (at most resp_cap, which must be at least 512), or 0 to drop the
 * query; every outcome is counted in s->stats, and s->last says how rate
 * limiting counts the response. Any bytes are accepted.
 */
size_t dns_answer(struct dns_server *s, const uint8_t *query, size_t qlen,
		  uint8_t *resp, size_t resp_cap);

/* The longest DNS message over TCP (its length is a 16-bit prefix). */
#define DNS_TCP_MSG_MAX 65535

struct dns_axfr;

/*
 * Answers one query received over TCP (RFC 7766): as dns_answer(), but an
 * answer may fill resp_cap (at least 65535) octets whatever the EDNS size
 * (RFC 1035 4.2.2), so TC is set only past 65535; AXFR and IXFR are served
 * when xfr_allowed (the client is admitted), else refused as NSD refuses
 * them. When the response is the first message of a transfer, xfr->zone is
 * not NULL and dns_axfr_next() (dns/axfr.h) writes the next ones.
 */
size_t dns_answer_tcp(struct dns_server *s, const uint8_t *query, size_t qlen,
		      int xfr_allowed, struct dns_axfr *xfr, uint8_t *resp,
		      size_t resp_cap);

/* Prints the counters, one "name value" per line, with printf. */
void dns_stats_print(const struct dns_stats *st);

#endif
