/* SPDX-License-Identifier: ISC */
/*
 * Response rate limiting (RRL) for UDP answers, as NSD 4.6 does it (after
 * the design of Vixie and Schryver): responses are counted per (client
 * prefix, kind of response, name) in a fixed table of buckets; a bucket over
 * its rate gets no answer, except every slip-th, which is sent as a
 * truncated (TC) answer so that a real client retries over TCP. Sans-I/O:
 * the caller passes the time and the client's address; the table is
 * allocated once, so memory stays bounded whatever the traffic.
 *
 * The rate of a bucket is NSD's: r(t) = r(t-1)/2 + count(t) over whole
 * seconds, compared with twice the limit in queries per second, and the
 * count of the running second is taken into account as it grows, so that a
 * sudden flood is stopped within its first second.
 */
#ifndef UNI_DNS_RRL_H
#define UNI_DNS_RRL_H

#include <stddef.h>
#include <stdint.h>

#include "dns/answer_kind.h"

struct dns_rrl_opts {
	unsigned ratelimit;	      /* responses a second; 0: unlimited */
	unsigned whitelist_ratelimit; /* for the kinds of whitelist */
	uint16_t whitelist;	      /* ANS_KIND_* bits */
	unsigned slip;		      /* 0: drop all; n: every n-th gets TC */
	unsigned ipv4_prefix_length;  /* 0 to 32 */
	unsigned ipv6_prefix_length;  /* 0 to 64 */
	unsigned size;		      /* buckets in the table, at least 1 */
};

struct dns_rrl_stats {
	uint64_t limited;   /* responses over their bucket's rate */
	uint64_t slipped;   /* of those, sent as a TC answer */
	uint64_t dropped;   /* of those, not sent */
	uint64_t collision; /* a bucket taken over by another key */
};

struct rrl_bucket;

struct dns_rrl {
	struct rrl_bucket *table;
	size_t size;
	uint32_t limit, wl_limit; /* twice the responses a second */
	uint16_t whitelist;
	unsigned slip;
	uint32_t v4_mask;
	uint64_t v6_mask;
	struct dns_rrl_stats stats;
};

/* The client: an IPv4 (addr[0..3]) or IPv6 address, network order. */
struct dns_rrl_client {
	int v6;
	uint8_t addr[16];
};

enum dns_rrl_verdict {
	DNS_RRL_SEND, /* within the rate (or not limited): send */
	DNS_RRL_SLIP, /* over: send the TC answer of dns_rrl_slip() */
	DNS_RRL_DROP, /* over: send nothing */
};

/* 0, or -1 when the table cannot be allocated. */
int dns_rrl_init(struct dns_rrl *r, const struct dns_rrl_opts *o);
void dns_rrl_fini(struct dns_rrl *r);

/*
 * Counts a response of kind k to client c at time now_ns (any clock that
 * does not go back, in nanoseconds) and says what to do with it.
 */
enum dns_rrl_verdict dns_rrl_check(struct dns_rrl *r,
				   const struct dns_rrl_client *c,
				   const struct ans_kind *k, uint64_t now_ns);

/*
 * Turns the response resp (len octets, as dns_answer() wrote it) into its
 * slip answer in place, as NSD's: TC set, the question and the OPT record
 * kept, no other records. Returns the new length.
 */
size_t dns_rrl_slip(uint8_t *resp, size_t len);

/*
 * Reads a whitelist: kinds named as NSD's rrl-whitelist names them
 * (nxdomain, error, referral, any, wildcard, nodata, dnskey, positive,
 * rrsig, all), separated by commas or blanks. 0, or -1 with a message
 * "expected ..., found ..." in err.
 */
int dns_rrl_kinds_parse(const char *text, uint16_t *kinds, char *err,
			size_t errcap);

#endif
