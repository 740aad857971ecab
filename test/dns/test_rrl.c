/* SPDX-License-Identifier: ISC */
/*
 * Response rate limiting (rt/dns/rrl.c) with a fake clock: the rate as NSD
 * counts it, the slip, client prefixes, kinds and names in separate
 * buckets, the whitelist, a table of one bucket (collisions, bounded
 * memory), the clock going back, the slip answer and the whitelist's
 * syntax; then the kinds the server gives its responses (server.c,
 * answer.c), from a fresh answer and from the memo.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dns/rrl.h"
#include "dns/server.h"
#include "unit.h"

UNIT_COUNTERS;

#define SEC 1000000000ull

static const struct dns_rrl_opts defaults = {
    .ratelimit = 10,
    .whitelist_ratelimit = 100,
    .slip = 2,
    .ipv4_prefix_length = 24,
    .ipv6_prefix_length = 64,
    .size = 4096,
};

static const struct ans_kind positive = {ANS_KIND_POSITIVE, 0,
					 (const uint8_t *)"\3www\7example"};
static const struct ans_kind nxdomain = {ANS_KIND_NXDOMAIN, 0,
					 (const uint8_t *)"\7example"};

static struct dns_rrl_client v4(uint8_t a, uint8_t b, uint8_t c, uint8_t d)
{
	return (struct dns_rrl_client){0, {a, b, c, d}};
}

struct tally {
	unsigned send, slip, drop;
};

/* n responses of kind k to c, spread over the second at. */
static struct tally burst(struct dns_rrl *r, const struct dns_rrl_client *c,
			  const struct ans_kind *k, unsigned n, uint64_t at)
{
	struct tally t = {0, 0, 0};

	for (unsigned i = 0; i < n; i++)
		switch (dns_rrl_check(r, c, k, at * SEC + i * (SEC / n))) {
		case DNS_RRL_SEND:
			t.send++;
			break;
		case DNS_RRL_SLIP:
			t.slip++;
			break;
		case DNS_RRL_DROP:
			t.drop++;
			break;
		}
	return t;
}

static void init(struct dns_rrl *r, const struct dns_rrl_opts *o)
{
	if (dns_rrl_init(r, o) != 0) {
		printf("no memory for the table\n");
		exit(1);
	}
}

/* At the limit nothing is held back; above it, all but the slips are. */
static void test_rate(void)
{
	struct dns_rrl r;
	struct dns_rrl_client c = v4(192, 0, 2, 1);
	struct tally t;
	unsigned sent = 0;

	init(&r, &defaults);
	for (unsigned s = 0; s < 20; s++)
		sent += burst(&r, &c, &positive, 10, s).send;
	CHECK(sent == 200, "10 a second at a limit of 10: %u of 200 sent",
	      sent);
	c = v4(198, 18, 0, 1);
	t = burst(&r, &c, &positive, 11, 20);
	CHECK(t.send == 11, "the first second at 11: %u sent", t.send);
	for (unsigned s = 21; s < 30; s++)
		t = burst(&r, &c, &positive, 11, s);
	CHECK(t.send == 0 && t.slip + t.drop == 11,
	      "11 a second at a limit of 10, in the end: %u sent", t.send);
	dns_rrl_fini(&r);

	init(&r, &defaults);
	t = burst(&r, &c, &positive, 1000, 0);
	/* The count of the second so far: twice the limit, less the one over.
	 */
	CHECK(t.send == 19, "a sudden flood: %u of its first second sent",
	      t.send);
	t = burst(&r, &c, &positive, 1000, 1);
	CHECK(t.send == 0, "a flood's second second: %u sent", t.send);
	t = burst(&r, &c, &positive, 1, 5);
	CHECK(t.send == 0,
	      "4 s later the rate is 1000/16 + 1000/8: still over");
	t = burst(&r, &c, &positive, 5, 30);
	CHECK(t.send == 5, "after a long pause: %u of 5 sent", t.send);
	CHECK(r.stats.limited == 981 + 1000 + 1 &&
		  r.stats.slipped + r.stats.dropped == r.stats.limited,
	      "limited %llu", (unsigned long long)r.stats.limited);
	dns_rrl_fini(&r);
}

/* Every slip-th response over the rate is a TC answer. */
static void test_slip(void)
{
	static const unsigned slips[] = {0, 1, 2, 3, 10};
	struct dns_rrl_client c = v4(198, 51, 100, 7);

	for (size_t i = 0; i < sizeof(slips) / sizeof(slips[0]); i++) {
		struct dns_rrl_opts o = defaults;
		struct dns_rrl r;
		struct tally t;

		o.slip = slips[i];
		init(&r, &o);
		burst(&r, &c, &positive, 1000, 0);
		t = burst(&r, &c, &positive, 600, 1);
		unsigned want = o.slip == 0 ? 0 : 600 / o.slip;
		CHECK(t.send == 0 && t.slip == want && t.drop == 600 - want,
		      "slip %u: %u slipped, %u dropped", o.slip, t.slip,
		      t.drop);
		dns_rrl_fini(&r);
	}
}

/* Clients are counted by prefix: /24 for IPv4, /64 for IPv6. */
static void test_prefixes(void)
{
	struct dns_rrl r;
	struct dns_rrl_client a = v4(192, 0, 2, 1), b = v4(192, 0, 2, 200);
	struct dns_rrl_client other = v4(192, 0, 3, 1);
	struct dns_rrl_client x6 = {1, {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 1, 9}};
	struct dns_rrl_client y6 = {1, {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 1, 7}};
	struct dns_rrl_client z6 = {1, {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 2, 9}};
	struct dns_rrl_client v6_like_v4 = {1, {192, 0, 2, 1}};

	init(&r, &defaults);
	CHECK(burst(&r, &a, &positive, 19, 0).send == 19, "a alone");
	CHECK(burst(&r, &b, &positive, 5, 0).send == 0,
	      "b is in a's /24: over already");
	CHECK(burst(&r, &other, &positive, 19, 0).send == 19,
	      "another /24 has its own bucket");
	CHECK(burst(&r, &v6_like_v4, &positive, 19, 0).send == 19,
	      "an IPv6 prefix never shares an IPv4 one's bucket");
	CHECK(burst(&r, &x6, &positive, 19, 0).send == 19, "x6 alone");
	CHECK(burst(&r, &y6, &positive, 5, 0).send == 0, "y6 is in x6's /64");
	CHECK(burst(&r, &z6, &positive, 19, 0).send == 19,
	      "another /64 has its own bucket");
	dns_rrl_fini(&r);

	struct dns_rrl_opts o = defaults;
	o.ipv4_prefix_length = 32;
	o.ipv6_prefix_length = 56;
	init(&r, &o);
	CHECK(burst(&r, &a, &positive, 19, 0).send == 19, "a alone, /32");
	CHECK(burst(&r, &b, &positive, 19, 0).send == 19,
	      "with /32 b has its own bucket");
	CHECK(burst(&r, &x6, &positive, 19, 0).send == 19, "x6, /56");
	CHECK(burst(&r, &z6, &positive, 5, 0).send == 0, "z6 is in x6's /56");
	dns_rrl_fini(&r);
}

/* A kind or a name over its rate does not hold back another. */
static void test_kinds(void)
{
	struct dns_rrl r;
	struct dns_rrl_client c = v4(203, 0, 113, 9);
	struct ans_kind mail = {ANS_KIND_POSITIVE, 0,
				(const uint8_t *)"\4MAIL\7example"};
	struct ans_kind mail_lower = {ANS_KIND_POSITIVE, 0,
				      (const uint8_t *)"\4mail\7example"};
	struct ans_kind nodata = {ANS_KIND_NODATA, 0, nxdomain.name};
	struct ans_kind error = {ANS_KIND_ERROR, 0, NULL};
	struct ans_kind unclassified = {0, 0, NULL};

	init(&r, &defaults);
	CHECK(burst(&r, &c, &nxdomain, 1000, 0).send == 19, "NXDOMAIN flood");
	CHECK(burst(&r, &c, &positive, 19, 0).send == 19,
	      "positive answers are counted apart from NXDOMAIN");
	CHECK(burst(&r, &c, &nodata, 19, 0).send == 19,
	      "NODATA of the same zone too");
	CHECK(burst(&r, &c, &mail, 19, 0).send == 19, "another name too");
	CHECK(burst(&r, &c, &mail_lower, 1, 0).send == 0,
	      "names are counted regardless of case");
	CHECK(burst(&r, &c, &error, 19, 0).send == 19 &&
		  burst(&r, &c, &error, 1, 0).send == 0,
	      "errors without a zone share one bucket");
	CHECK(burst(&r, &c, &unclassified, 100, 0).send == 100,
	      "a response without a kind is not counted");
	dns_rrl_fini(&r);
}

static void test_whitelist(void)
{
	struct dns_rrl_opts o = defaults;
	struct dns_rrl_client c = v4(192, 0, 2, 1);
	struct dns_rrl r;

	o.whitelist = ANS_KIND_NXDOMAIN;
	init(&r, &o);
	CHECK(burst(&r, &c, &nxdomain, 1000, 0).send == 199,
	      "whitelisted: the whitelist's rate (100)");
	CHECK(burst(&r, &c, &positive, 1000, 0).send == 19,
	      "others: the normal rate");
	dns_rrl_fini(&r);
	o.whitelist_ratelimit = 0;
	init(&r, &o);
	CHECK(burst(&r, &c, &nxdomain, 5000, 0).send == 5000,
	      "a whitelist rate of 0: unlimited");
	dns_rrl_fini(&r);
	o = defaults;
	o.ratelimit = 0;
	init(&r, &o);
	CHECK(burst(&r, &c, &positive, 5000, 0).send == 5000,
	      "a rate of 0: unlimited");
	dns_rrl_fini(&r);
}

/* One bucket for all: keys take it over in turn; memory does not grow. */
static void test_collisions(void)
{
	struct dns_rrl_opts o = defaults;
	struct dns_rrl r;
	struct rrl_bucket *table;
	struct tally t;
	struct dns_rrl_client c;

	o.size = 1;
	init(&r, &o);
	table = r.table;
	for (unsigned i = 0; i < 50000; i++) {
		c = v4(10, (uint8_t)(i >> 8), (uint8_t)i, 1);
		dns_rrl_check(&r, &c, &positive, SEC);
	}
	CHECK(r.table == table && r.size == 1,
	      "50000 prefixes in a table of one bucket");
	CHECK(r.stats.collision == 49999 && r.stats.limited == 0,
	      "each new prefix takes the bucket over: %llu",
	      (unsigned long long)r.stats.collision);
	c = v4(192, 0, 2, 1);
	t = burst(&r, &c, &positive, 1000, 2);
	CHECK(t.send == 19, "one key alone in the bucket is limited");
	dns_rrl_fini(&r);
}

/* A clock that goes back (or jumps) restarts the rate, as NSD's does. */
static void test_clock(void)
{
	struct dns_rrl r;
	struct dns_rrl_client c = v4(192, 0, 2, 1);

	init(&r, &defaults);
	burst(&r, &c, &positive, 1000, 100);
	CHECK(burst(&r, &c, &positive, 1, 101).send == 0, "over");
	CHECK(burst(&r, &c, &positive, 19, 50).send == 19,
	      "the clock went back: the rate restarts");
	burst(&r, &c, &positive, 1000, 60);
	CHECK(burst(&r, &c, &positive, 19, 77).send == 19,
	      "17 s later the rate is 0 again");
	dns_rrl_fini(&r);
}

static struct dns_zone zone;
static struct dns_zone_set set = {&zone, 1};

static const char zone_text[] =
    "@ SOA ns1 host 1 2 3 4 60\n  NS ns1\nns1 A 192.0.2.53\n"
    "www A 192.0.2.80\n*.w A 192.0.2.99\nsub NS ns.sub\n"
    "ns.sub A 192.0.2.201\nbig TXT \"aaaaaaaaaaaaaaaaaaaaaaaaa\"\n";

static void load(void)
{
	struct dns_zone_parse_opts o = {"t.zone", "example.com", NULL, NULL};
	char err[256];
	uint8_t *blob;
	size_t len;

	if (dns_zone_parse(zone_text, strlen(zone_text), &o, &blob, &len, err,
			   sizeof(err)) != DNS_ZONE_OK ||
	    dns_zone_load(&zone, blob, len) != DNS_ZONE_OK) {
		printf("zone: %s\n", err);
		exit(1);
	}
}

/* A query for name (wire form) and qtype, with an OPT when edns. */
static size_t query(uint8_t *buf, const char *name, uint16_t qtype, int edns)
{
	struct dns_hdr h = {0x1234, DNS_F_RD, 1, 0, 0, (uint16_t)edns};
	struct dns_writer w;

	dns_w_init(&w, buf, 512);
	dns_hdr_write(buf, &h);
	w.len = DNS_HDR_LEN;
	dns_w_bytes(&w, name, strlen(name) + 1);
	dns_w_u16(&w, qtype);
	dns_w_u16(&w, DNS_C_IN);
	if (edns)
		dns_w_bytes(&w, "\0\0\51\4\320\0\0\0\0\0\0", 11);
	return w.len;
}

struct kind_case {
	const char *qname;
	uint16_t qtype;
	uint16_t kind;
	const char *name; /* wire form; NULL: none */
};

static void check_kinds(struct dns_server *s)
{
	static const struct kind_case cases[] = {
	    {"\3WWW\7example\3com", DNS_T_A, ANS_KIND_POSITIVE,
	     "\3www\7example\3com"},
	    {"\4nope\7example\3com", DNS_T_A, ANS_KIND_NXDOMAIN,
	     "\7example\3com"},
	    {"\3www\7example\3com", DNS_T_MX, ANS_KIND_NODATA,
	     "\7example\3com"},
	    {"\1x\1w\7example\3com", DNS_T_A, ANS_KIND_WILDCARD,
	     "\1*\1w\7example\3com"},
	    {"\1a\3sub\7example\3com", DNS_T_A, ANS_KIND_REFERRAL,
	     "\3sub\7example\3com"},
	    {"\3www\7example\3com", DNS_T_ANY, ANS_KIND_ANY,
	     "\3www\7example\3com"},
	    {"\7example\3com", DNS_T_DNSKEY, ANS_KIND_NODATA, "\7example\3com"},
	    {"\3www\7example\3org", DNS_T_A, ANS_KIND_ERROR, NULL},
	    {"\3www\7example\3com", DNS_T_AXFR, ANS_KIND_ERROR, NULL},
	};
	uint8_t q[512], resp[1232];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct kind_case *c = &cases[i];
		size_t len = query(q, c->qname, c->qtype, 0);
		const uint8_t *got;
		int same;

		dns_answer(s, q, len, resp, sizeof(resp));
		got = s->last.kind.name;
		same = c->name == NULL
			   ? got == NULL
			   : got != NULL &&
				 dns_name_len(got) == strlen(c->name) + 1 &&
				 memcmp(got, c->name, strlen(c->name)) == 0;
		CHECK(s->last.kind.kind == c->kind && same,
		      "case %zu: kind %#x, name %s", i, s->last.kind.kind,
		      got != NULL ? "given" : "none");
	}
	/* A FORMERR (QDCOUNT 2) is an error counted under no zone. */
	size_t len = query(q, "\3www\7example\3com", DNS_T_A, 0);
	q[5] = 2;
	dns_answer(s, q, len, resp, sizeof(resp));
	CHECK(s->last.kind.kind == ANS_KIND_ERROR && s->last.kind.name == NULL,
	      "FORMERR: kind %#x", s->last.kind.kind);
	q[2] |= DNS_F_QR >> 8;
	CHECK(dns_answer(s, q, len, resp, sizeof(resp)) == 0 &&
		  s->last.kind.kind == 0,
	      "a dropped query has no kind");
}

/* The kinds the server gives its responses, fresh and from the memo. */
static void test_server_kinds(void)
{
	struct dns_server memo, plain;
	struct dns_server_opts no = {.no_memo = 1};

	if (dns_server_init(&memo, &set, NULL) != 0 ||
	    dns_server_init(&plain, &set, &no) != 0)
		exit(1);
	check_kinds(&plain);
	check_kinds(&memo);
	check_kinds(&memo); /* from the memo */
	CHECK(memo.stats.memo_hits > 0, "the memo answered");
	dns_server_fini(&memo);
	dns_server_fini(&plain);
}

/* The slip answer: TC, the question, the OPT, no other records. */
static void test_slip_answer(void)
{
	struct dns_server s;
	uint8_t q[512], resp[1232];
	size_t len, n;

	if (dns_server_init(&s, &set, NULL) != 0)
		exit(1);
	len = query(q, "\3BIG\7example\3com", DNS_T_TXT, 1);
	n = dns_answer(&s, q, len, resp, sizeof(resp));
	CHECK(n > len, "the TXT answer: %zu octets", n);
	n = dns_rrl_slip(resp, n);
	CHECK(n == len, "the slip answer is as long as the query: %zu", n);
	CHECK(resp[0] == 0x12 && resp[1] == 0x34 && (resp[2] & 0x82) == 0x82 &&
		  resp[4] == 0 && resp[5] == 1 && resp[6] == 0 &&
		  resp[7] == 0 && resp[8] == 0 && resp[9] == 0 &&
		  resp[10] == 0 && resp[11] == 1,
	      "QR, TC, ID, QDCOUNT 1, ARCOUNT 1 (the OPT)");
	CHECK(memcmp(resp + 12, q + 12, len - 12 - 11) == 0,
	      "the question as asked");
	CHECK(resp[len - 10] == 0 && resp[len - 9] == DNS_T_OPT,
	      "then the OPT");
	len = query(q, "\3big\7example\3com", DNS_T_TXT, 0);
	n = dns_rrl_slip(resp, dns_answer(&s, q, len, resp, 512));
	CHECK(n == len && resp[11] == 0 && (resp[2] & 0x02),
	      "without EDNS: the question alone, %zu octets", n);
	memset(resp, 0, 12);
	CHECK(dns_rrl_slip(resp, 40) == 12, "no question: the header");
	resp[5] = 1;
	memset(resp + 12, 63, 28);
	CHECK(dns_rrl_slip(resp, 40) == 12 && resp[5] == 0,
	      "a question that does not parse: the header");
	CHECK(dns_rrl_slip(resp, 5) == 5, "shorter than a header: as it is");
	dns_server_fini(&s);
}

static void test_kinds_parse(void)
{
	char err[256], big[2000];
	uint16_t k;

	CHECK(dns_rrl_kinds_parse("", &k, err, sizeof(err)) == 0 && k == 0,
	      "empty");
	CHECK(dns_rrl_kinds_parse("nxdomain, referral", &k, err, sizeof(err)) ==
		      0 &&
		  k == (ANS_KIND_NXDOMAIN | ANS_KIND_REFERRAL),
	      "two kinds: %#x", k);
	CHECK(dns_rrl_kinds_parse("all", &k, err, sizeof(err)) == 0 &&
		  k == ANS_KIND_ALL,
	      "all");
	CHECK(dns_rrl_kinds_parse("nxdomain,\x1b[31m", &k, err, sizeof(err)) ==
		      -1 &&
		  strstr(err, "found \"\\x1b[31m\"") != NULL,
	      "escaped: %s", err);
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = 0;
	CHECK(dns_rrl_kinds_parse(big, &k, err, sizeof(err)) == -1 &&
		  strlen(err) < 200 && strstr(err, "...\"") != NULL,
	      "cut: %s", err);
}

int main(void)
{
	load();
	test_rate();
	test_slip();
	test_prefixes();
	test_kinds();
	test_whitelist();
	test_collisions();
	test_clock();
	test_server_kinds();
	test_slip_answer();
	test_kinds_parse();
	return unit_summary();
}
