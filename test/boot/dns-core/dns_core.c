/* SPDX-License-Identifier: ISC */
/*
 * The DNS core of rt/dns in the image it was built for (freestanding, LTO,
 * no SSE, the image's own malloc): load the zone that the unilink command
 * compiled at build time from example.org.zone (dns.zone in dns-core.conf,
 * uni_data_dns_zone, as configs/dns/main.c loads its zones), check
 * dns_answer() on one query per kind of answer (the native tests check
 * the same code on the host), feed it 20000 mutated queries, which must be
 * answered or dropped and counted, never crash, and time it with and
 * without memoisation. The image has no zone parser: the zone compiler
 * runs only in the command.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dns/server.h"
#include "uni/data.h"
#include "uni/test.h"
#include "uni/time.h"

UNI_DATA_EXTERN(dns, zone);

static struct dns_zone_set zones;
static struct dns_server memo, plain;
static uint8_t resp[1472];

/* A query for name (dotted, relative to example.org.) and qtype. */
static size_t query(uint8_t *buf, uint16_t id, const char *name, uint16_t qtype)
{
	size_t n = 12, len;
	const char *p = name;

	memset(buf, 0, 12);
	buf[0] = id >> 8;
	buf[1] = id & 0xff;
	buf[2] = 0x01; /* RD */
	buf[5] = 1;    /* QDCOUNT */
	while (*p) {
		len = strcspn(p, ".");
		buf[n++] = (uint8_t)len;
		memcpy(buf + n, p, len);
		n += len;
		p += len + (p[len] == '.');
	}
	buf[n++] = 0;
	buf[n++] = qtype >> 8;
	buf[n++] = qtype & 0xff;
	buf[n++] = 0;
	buf[n++] = 1;
	return n;
}

struct check {
	const char *name;
	uint16_t qtype;
	uint8_t rcode, aa;
	uint16_t ancount, nscount;
};

static const struct check checks[] = {
    {"example.org", 1, 0, 1, 1, 1},	    /* A, NS in authority */
    {"example.org", 15, 0, 1, 1, 1},	    /* MX */
    {"example.org", 16, 0, 1, 1, 1},	    /* TXT */
    {"example.org", 6, 0, 1, 1, 1},	    /* SOA */
    {"www.example.org", 1, 0, 1, 2, 1},	    /* CNAME then A */
    {"a.b.w.example.org", 1, 0, 1, 1, 1},   /* wildcard */
    {"nothere.example.org", 1, 3, 1, 0, 1}, /* NXDOMAIN + SOA */
    {"web.example.org", 28, 0, 1, 0, 1},    /* NODATA + SOA */
    {"x.sub.example.org", 1, 0, 0, 0, 1},   /* referral */
    {"example.net", 1, 5, 0, 0, 0},	    /* REFUSED */
};

/* 1 when the answer to c is as expected. */
static int check_one(struct dns_server *s, const struct check *c)
{
	uint8_t q[300];
	size_t qlen = query(q, 0x4242, c->name, c->qtype);
	size_t n = dns_answer(s, q, qlen, resp, sizeof(resp));
	unsigned an, ns;

	if (n < 12) {
		test_fail("%s type %u: no answer", c->name, c->qtype);
		return 0;
	}
	an = resp[6] << 8 | resp[7];
	ns = resp[8] << 8 | resp[9];
	if ((resp[3] & 0xf) == c->rcode && !!(resp[2] & 0x04) == c->aa &&
	    an == c->ancount && ns == c->nscount)
		return 1;
	test_fail("%s type %u: rcode %u aa %u an %u ns %u, expected "
		  "%u %u %u %u",
		  c->name, c->qtype, resp[3] & 0xf, !!(resp[2] & 0x04), an, ns,
		  c->rcode, c->aa, c->ancount, c->nscount);
	return 0;
}

static int load(void)
{
	const struct uni_data_set *set = &UNI_DATA_VAR(dns, zone);
	const uint8_t *blobs[1];
	size_t len, bad;

	if (set->count != 1) {
		test_fail("expected 1 zone in dns.zone, found %llu",
			  (unsigned long long)set->count);
		return -1;
	}
	blobs[0] = set->files[0].data;
	len = (size_t)set->files[0].size;
	if (dns_zone_set_load(&zones, blobs, &len, 1, &bad) != DNS_ZONE_OK) {
		test_fail("the zone blob does not load");
		return -1;
	}
	struct dns_server_opts on = {0}, off = {.no_memo = 1};
	if (dns_server_init(&memo, &zones, &on) != 0 ||
	    dns_server_init(&plain, &zones, &off) != 0) {
		test_fail("dns_server_init: out of memory");
		return -1;
	}
	return 0;
}

static uint32_t rng = 12345;

static uint32_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng;
}

static void mutated(void)
{
	uint8_t q[300];
	unsigned answered = 0, i, k;
	uint64_t before = memo.stats.queries;

	for (i = 0; i < 20000; i++) {
		const struct check *c = &checks[i % 10];
		size_t len = query(q, (uint16_t)i, c->name, c->qtype);

		for (k = next() % 6 + 1; k > 0; k--)
			q[next() % len] = (uint8_t)next();
		len = next() % (len + 1);
		answered += dns_answer(&memo, q, len, resp, sizeof(resp)) > 0;
	}
	if (memo.stats.queries - before != 20000)
		test_fail("expected 20000 queries counted, found %llu",
			  (unsigned long long)(memo.stats.queries - before));
	printf("dns-core: 20000 mutated queries: %u answered, %u dropped, "
	       "all counted\n",
	       answered, 20000 - answered);
}

/* Answers per second to the check queries, round robin. */
static uint64_t rate(struct dns_server *s)
{
	uint8_t q[10][300];
	size_t len[10];
	uint64_t t0, ns;
	unsigned i;

	for (i = 0; i < 10; i++)
		len[i] =
		    query(q[i], (uint16_t)i, checks[i].name, checks[i].qtype);
	t0 = uni_now_ns();
	for (i = 0; i < 20000; i++)
		dns_answer(s, q[i % 10], len[i % 10], resp, sizeof(resp));
	ns = uni_now_ns() - t0;
	return ns ? 20000ull * UNI_NSEC_PER_SEC / ns : 0;
}

void test_main(void)
{
	unsigned i, ok = 0;

	if (load() < 0)
		return;
	for (i = 0; i < sizeof(checks) / sizeof(checks[0]); i++) {
		ok += check_one(&memo, &checks[i]);
		ok += check_one(&memo, &checks[i]); /* the memo's answer */
		ok += check_one(&plain, &checks[i]);
	}
	printf("dns-core: %u answer checks passed, %u failed\n", ok,
	       3 * i - ok);
	if (memo.stats.memo_hits < i)
		test_fail("expected at least %u memo hits, found %llu", i,
			  (unsigned long long)memo.stats.memo_hits);
	mutated();
	uint64_t with = rate(&memo), without = rate(&plain);
	printf("dns-core: %llu answers/s with the memo, %llu without\n",
	       (unsigned long long)with, (unsigned long long)without);
}
