/* SPDX-License-Identifier: ISC */
/*
 * The server (rt/dns/server.c, answer.c) on a small zone: one case per
 * kind of answer (positive, CNAME chain and loop, wildcard, NXDOMAIN,
 * NODATA, empty non-terminal, referral with glue, DS at a cut, additional
 * data, ANY, TC, EDNS, BADVERS), every error (FORMERR, NOTIMP, REFUSED,
 * drops) with its counter, the case echo and the memo; DNAME redirection
 * (RFC 6672) against the bytes NSD 4.6.1 sends for the same zones.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dns/answer.h"
#include "dns/server.h"
#include "unit.h"

UNIT_COUNTERS;

#define BIG                                                                    \
	"\"0123456789abcdef0123456789abcdef0123456789abcdef0123456789"         \
	"abcdef0123456789abcdef0123456789abcdef0123456789abcdef01234567\" "

static const char zone_text[] =
    "$TTL 300\n"
    "@ SOA ns1 host.master 1 2 3 4 60\n"
    "  NS ns1\n  NS ns2\n  MX 10 mail\n  A 192.0.2.1\n"
    "ns1 A 192.0.2.53\n AAAA 2001:db8::53\nns2 A 192.0.2.54\n"
    "mail A 192.0.2.25\nwww CNAME web\nweb A 192.0.2.80\n A 192.0.2.81\n"
    "loop1 CNAME loop2\nloop2 CNAME loop1\nout CNAME www.example.net.\n"
    "_s._tcp SRV 1 2 3 sip\nsip A 192.0.2.6\n"
    "*.w A 192.0.2.99\nd.e.f A 192.0.2.7\n"
    "sub NS ns.sub\nns.sub A 192.0.2.201\n"
    "big TXT " BIG BIG BIG BIG BIG "\n";

static struct dns_zone zone;
static struct dns_zone_set set = {&zone, 1};
static struct dns_server memo, plain;

struct q {
	const char *name; /* wire form */
	uint16_t qtype, qclass, flags, qdcount, ancount;
	int edns, version;
	uint16_t size, ednsflags;
};

static size_t build(const struct q *q, uint8_t *buf, uint16_t id)
{
	struct dns_writer w;
	struct dns_hdr h = {id,		q->flags,
			    q->qdcount, q->ancount,
			    0,		(uint16_t)(q->edns ? q->edns : 0)};

	dns_w_init(&w, buf, 1024);
	dns_hdr_write(buf, &h);
	w.len = DNS_HDR_LEN;
	dns_w_bytes(&w, q->name, strlen(q->name) + 1);
	dns_w_u16(&w, q->qtype);
	dns_w_u16(&w, q->qclass);
	for (int i = 0; i < q->edns; i++) {
		dns_w_u8(&w, 0);
		dns_w_u16(&w, DNS_T_OPT);
		dns_w_u16(&w, q->size);
		dns_w_u8(&w, 0);
		dns_w_u8(&w, (uint8_t)q->version);
		dns_w_u16(&w, q->ednsflags);
		dns_w_u16(&w, 0);
	}
	return w.len;
}

struct reply {
	size_t len;
	struct dns_hdr h;
	unsigned n[3];
	struct dns_rr rr[3][32];
	int opt;
	struct dns_opt o;
	uint8_t raw[65536];
};

/* Parses a reply with the wire reader; 0 when it is well formed. */
static int parse_reply(struct reply *r)
{
	struct bytes msg = bytes_make(r->raw, r->len);
	struct dns_question q;
	size_t off = DNS_HDR_LEN;
	unsigned counts[3];

	if (dns_hdr_read(msg, &r->h) != DNS_OK)
		return -1;
	counts[0] = r->h.ancount;
	counts[1] = r->h.nscount;
	counts[2] = r->h.arcount;
	r->opt = 0;
	for (unsigned i = 0; i < r->h.qdcount; i++)
		if (dns_question_read(msg, &off, &q) != DNS_OK)
			return -1;
	for (int s = 0; s < 3; s++) {
		r->n[s] = 0;
		for (unsigned i = 0; i < counts[s] && i < 32; i++) {
			struct dns_rr *rr = &r->rr[s][r->n[s]];
			if (dns_rr_read(msg, &off, rr) != DNS_OK)
				return -1;
			if (rr->type == DNS_T_OPT) {
				r->opt = dns_opt_from_rr(rr, &r->o) == DNS_OK;
				continue;
			}
			r->n[s]++;
		}
	}
	return off == r->len ? 0 : -1;
}

static struct reply *ask_with(struct dns_server *s, const struct q *q,
			      uint16_t id)
{
	static struct reply r;
	uint8_t buf[1024];
	size_t n = build(q, buf, id);

	r.len = dns_answer(s, buf, n, r.raw, sizeof(r.raw));
	if (r.len > 0 && parse_reply(&r) != 0)
		r.len = (size_t)-1;
	return &r;
}

static struct reply *ask(const char *name, uint16_t qtype)
{
	struct q q = {name, qtype, DNS_C_IN, DNS_F_RD, 1, 0, 0, 0, 0, 0};

	return ask_with(&memo, &q, 0x4242);
}

/* How many RRs of a type in a section have this owner. */
static unsigned count(const struct reply *r, int sec, const char *owner,
		      uint16_t type)
{
	unsigned n = 0;

	for (unsigned i = 0; i < r->n[sec]; i++)
		n += r->rr[sec][i].type == type &&
		     dns_name_eq(r->rr[sec][i].name, (const uint8_t *)owner);
	return n;
}

#define APEX "\7example\3com"
#define RCODE(r) DNS_RCODE((r)->h.flags)
#define AA(r) (((r)->h.flags & DNS_F_AA) != 0)

static void test_positive(void)
{
	struct reply *r = ask("\3www" APEX, DNS_T_A);

	CHECK(RCODE(r) == DNS_R_NOERROR && AA(r) && r->h.id == 0x4242 &&
		  (r->h.flags & DNS_F_RD) && (r->h.flags & DNS_F_QR),
	      "flags %x", r->h.flags);
	CHECK(count(r, 0, "\3www" APEX, DNS_T_CNAME) == 1 &&
		  count(r, 0, "\3web" APEX, DNS_T_A) == 2 && r->n[0] == 3,
	      "CNAME chain followed");
	CHECK(count(r, 1, APEX, DNS_T_NS) == 2 && r->n[1] == 2,
	      "zone NS in authority");
	CHECK(count(r, 2, "\3ns1" APEX, DNS_T_A) == 1 &&
		  count(r, 2, "\3ns1" APEX, DNS_T_AAAA) == 1 &&
		  count(r, 2, "\3ns2" APEX, DNS_T_A) == 1 && r->n[2] == 3,
	      "NS addresses in additional");
	r = ask(APEX, DNS_T_MX);
	CHECK(count(r, 2, "\4mail" APEX, DNS_T_A) == 1, "MX target address");
	r = ask("\2_s\4_tcp" APEX, DNS_T_SRV);
	CHECK(count(r, 0, "\2_s\4_tcp" APEX, DNS_T_SRV) == 1 &&
		  count(r, 2, "\3sip" APEX, DNS_T_A) == 1,
	      "SRV target address");
	r = ask("\3ns1" APEX, DNS_T_A);
	CHECK(r->n[0] == 1 && count(r, 2, "\3ns1" APEX, DNS_T_A) == 0,
	      "an RRset is not repeated in additional");
}

static void test_negative(void)
{
	struct reply *r = ask("\2nx" APEX, DNS_T_A);

	CHECK(RCODE(r) == DNS_R_NXDOMAIN && AA(r) && r->n[0] == 0 &&
		  count(r, 1, APEX, DNS_T_SOA) == 1 && r->rr[1][0].ttl == 60,
	      "NXDOMAIN, SOA TTL min(300, 60)");
	r = ask("\3ns2" APEX, DNS_T_AAAA);
	CHECK(RCODE(r) == DNS_R_NOERROR && r->n[0] == 0 &&
		  count(r, 1, APEX, DNS_T_SOA) == 1,
	      "NODATA");
	r = ask("\1e\1f" APEX, DNS_T_A);
	CHECK(RCODE(r) == DNS_R_NOERROR && r->n[0] == 0 &&
		  count(r, 1, APEX, DNS_T_SOA) == 1,
	      "empty non-terminal is NODATA");
	r = ask("\1x\1e\1f" APEX, DNS_T_A);
	CHECK(RCODE(r) == DNS_R_NXDOMAIN, "below an ENT without wildcard");
	r = ask("\5loop1" APEX, DNS_T_A);
	CHECK(RCODE(r) == DNS_R_NOERROR && r->n[0] == 2 && r->n[1] == 0,
	      "CNAME loop stops");
	r = ask("\3out" APEX, DNS_T_A);
	CHECK(RCODE(r) == DNS_R_NOERROR && r->n[0] == 1 && r->n[1] == 0,
	      "CNAME out of our zones");
}

static void test_wildcard(void)
{
	struct reply *r = ask("\3abc\1w" APEX, DNS_T_A);

	CHECK(RCODE(r) == DNS_R_NOERROR && AA(r) &&
		  count(r, 0, "\3abc\1w" APEX, DNS_T_A) == 1,
	      "wildcard answer owned by the qname");
	r = ask("\1a\1b\1w" APEX, DNS_T_A);
	CHECK(count(r, 0, "\1a\1b\1w" APEX, DNS_T_A) == 1, "two labels deep");
	r = ask("\3abc\1w" APEX, DNS_T_MX);
	CHECK(RCODE(r) == DNS_R_NOERROR && r->n[0] == 0 &&
		  count(r, 1, APEX, DNS_T_SOA) == 1,
	      "wildcard NODATA");
	r = ask("\1w" APEX, DNS_T_A);
	CHECK(RCODE(r) == DNS_R_NOERROR && r->n[0] == 0,
	      "the wildcard's parent is an ENT");
}

static void test_referral(void)
{
	struct reply *r = ask("\3www\3sub" APEX, DNS_T_A);

	CHECK(RCODE(r) == DNS_R_NOERROR && !AA(r) && r->n[0] == 0 &&
		  count(r, 1, "\3sub" APEX, DNS_T_NS) == 1 &&
		  count(r, 2, "\2ns\3sub" APEX, DNS_T_A) == 1,
	      "referral with glue");
	r = ask("\2ns\3sub" APEX, DNS_T_A);
	CHECK(!AA(r) && r->n[0] == 0 && r->n[1] == 1, "glue is not an answer");
	r = ask("\3sub" APEX, DNS_T_DS);
	CHECK(AA(r) && r->n[0] == 0 && count(r, 1, APEX, DNS_T_SOA) == 1,
	      "DS at the cut is the parent's NODATA");
}

static void test_any_and_class(void)
{
	struct reply *r = ask(APEX, DNS_T_ANY);

	CHECK(r->n[0] == 1 && count(r, 0, APEX, DNS_T_SOA) == 1 && r->n[1] == 0,
	      "ANY: one RRset (RFC 8482)");
	struct q q = {APEX, DNS_T_A, DNS_C_ANY, 0, 1, 0, 0, 0, 0, 0};
	r = ask_with(&memo, &q, 7);
	CHECK(!AA(r) && r->n[0] == 1 && r->n[1] == 0, "class ANY");
	q.qclass = DNS_C_CH;
	r = ask_with(&memo, &q, 7);
	CHECK(RCODE(r) == DNS_R_REFUSED && r->h.qdcount == 1, "class CH");
	q.qclass = 4;
	r = ask_with(&memo, &q, 7);
	CHECK(RCODE(r) == DNS_R_REFUSED && r->h.qdcount == 0, "class HS");
	r = ask("\7example\3org", DNS_T_A);
	CHECK(RCODE(r) == DNS_R_REFUSED && !AA(r) && r->h.qdcount == 1,
	      "outside our zones");
}

static void test_edns_and_tc(void)
{
	struct q q = {"\3big" APEX, DNS_T_TXT, DNS_C_IN, 0, 1, 0, 0, 0, 0, 0};
	struct reply *r = ask_with(&memo, &q, 1);

	CHECK((r->h.flags & DNS_F_TC) && r->n[0] == 0 && r->len <= 512 &&
		  !r->opt,
	      "TC without EDNS (len %zu)", r->len);
	q.edns = 1;
	q.size = 4096;
	q.ednsflags = DNS_EDNS_DO;
	r = ask_with(&memo, &q, 2);
	CHECK(!(r->h.flags & DNS_F_TC) && r->n[0] == 1 && r->opt &&
		  r->o.udp_size == 1232 && r->o.flags == DNS_EDNS_DO,
	      "EDNS: fits, OPT with our size and DO");
	q.size = 600;
	r = ask_with(&memo, &q, 3);
	CHECK((r->h.flags & DNS_F_TC) && r->len <= 600 && r->opt,
	      "EDNS size honoured");
	q.size = 100;
	r = ask_with(&memo, &q, 3);
	CHECK((r->h.flags & DNS_F_TC) && r->len <= 512, "EDNS below 512");
	q.version = 1;
	r = ask_with(&memo, &q, 4);
	CHECK(RCODE(r) == 0 && r->opt && r->o.ext_rcode == 1 &&
		  r->h.ancount == 0,
	      "BADVERS");
}

static void test_errors(void)
{
	uint64_t formerr = memo.stats.formerr;
	struct q q = {APEX, DNS_T_A, DNS_C_IN, DNS_F_RD, 2, 0, 0, 0, 0, 0};
	struct reply *r = ask_with(&memo, &q, 9);

	CHECK(RCODE(r) == DNS_R_FORMERR && r->h.qdcount == 0 &&
		  !(r->h.flags & DNS_F_RD),
	      "QDCOUNT 2");
	q.qdcount = 1;
	q.ancount = 1;
	r = ask_with(&memo, &q, 9);
	CHECK(RCODE(r) == DNS_R_FORMERR && (r->h.flags & DNS_F_RD),
	      "ANCOUNT 1");
	q.ancount = 0;
	q.edns = 2;
	q.size = 1232;
	r = ask_with(&memo, &q, 9);
	CHECK(RCODE(r) == DNS_R_FORMERR, "two OPT records");
	CHECK(memo.stats.formerr == formerr + 3, "FORMERR counted");
	q.edns = 0;
	q.flags = 2 << 11;
	r = ask_with(&memo, &q, 9);
	CHECK(RCODE(r) == DNS_R_NOTIMP && memo.stats.notimp == 1, "NOTIMP");
	uint8_t buf[64], resp[600];
	size_t n = build(&(struct q){APEX, 1, 1, 0, 1, 0, 0, 0, 0, 0}, buf, 1);
	for (size_t cut = 0; cut < n; cut++) {
		size_t len = dns_answer(&memo, buf, cut, resp, sizeof(resp));
		CHECK(cut < DNS_HDR_LEN
			  ? len == 0
			  : len == DNS_HDR_LEN &&
				DNS_RCODE(resp[3]) == DNS_R_FORMERR,
		      "cut at %zu: len %zu", cut, len);
	}
	buf[2] |= 0x80;
	CHECK(dns_answer(&memo, buf, n, resp, sizeof(resp)) == 0 &&
		  memo.stats.drop_response == 1,
	      "a response is dropped");
	buf[2] &= 0x7f;
	CHECK(dns_answer(&memo, buf, n, resp, 100) == 0 &&
		  memo.stats.drop_small == 1,
	      "a buffer under 512 is refused");
	static const uint8_t ptr[] = {0, 1, 0, 0,    0,	 1, 0, 0, 0,
				      0, 0, 0, 0xc0, 12, 0, 1, 0, 1};
	CHECK(dns_answer(&memo, ptr, sizeof(ptr), resp, sizeof(resp)) == 12 &&
		  DNS_RCODE(resp[3]) == DNS_R_FORMERR,
	      "compressed question");
}

static void test_case_and_memo(void)
{
	static const char mixed[] = "\3WwW\7ExAmPlE\3cOm";
	struct q q = {mixed, DNS_T_A, DNS_C_IN, 0, 1, 0, 0, 0, 0, 0};
	uint64_t hits = memo.stats.memo_hits;
	struct reply *r = ask_with(&memo, &q, 77);
	static uint8_t first[65536];
	size_t flen = r->len;

	CHECK(memcmp(r->raw + 12, mixed, sizeof(mixed)) == 0 &&
		  memcmp(r->rr[0][0].name, mixed, sizeof(mixed)) == 0,
	      "the question's case is echoed");
	CHECK(memo.stats.memo_hits == hits + 1, "a repeated question hits");
	memcpy(first, r->raw, flen);
	r = ask_with(&plain, &q, 77);
	CHECK(r->len == flen && memcmp(r->raw, first, flen) == 0,
	      "memo and no memo agree");
	q.flags = DNS_F_RD;
	r = ask_with(&memo, &q, 78);
	CHECK(r->h.id == 78 && (r->h.flags & DNS_F_RD) &&
		  memo.stats.memo_hits == hits + 2,
	      "ID and RD patched in");
	CHECK(plain.memo == NULL && plain.stats.memo_hits == 0,
	      "memo can be turned off");
}

/* Sends raw bytes; the reply parsed, its OPT rdata in *opt_rd. */
static struct reply *ask_raw(const uint8_t *msg, size_t n)
{
	static struct reply r;

	r.len = dns_answer(&memo, msg, n, r.raw, sizeof(r.raw));
	if (r.len > 0 && parse_reply(&r) != 0)
		r.len = (size_t)-1;
	return &r;
}

/* The OPT's options as found in the last record of the reply. */
static int ede_is(const struct reply *r, int code)
{
	const struct dns_rr *rr = &r->rr[2][r->n[2]];
	uint8_t want[6] = {0, 15, 0, 2, 0, (uint8_t)code};

	if (!r->opt || rr->type != DNS_T_OPT)
		return 0;
	if (code < 0)
		return rr->rdata.len == 0;
	return rr->rdata.len == 6 && memcmp(rr->rdata.p, want, 6) == 0;
}

/* Raw queries: ID 0x1234, flags, QDCOUNT 1 unless said, then the rest. */
#define ID "\x12\x34"
#define QD1 "\0\1\0\0\0\0"
#define AR0 "\0\0"
#define AR1 "\0\1"
#define QAPEX "\7example\3com\0"
#define IN "\0\1"
#define OPT_DO "\0\0\x29\x04\xd0\0\0\x80\0\0\0"
#define RAW(s) ask_raw((const uint8_t *)(s), sizeof(s) - 1)

static void test_packets(void)
{
	struct reply *r = RAW(ID "\x2c\x30" QD1 AR0 "\xc0\x0c");
	CHECK(RCODE(r) == DNS_R_NOTIMP && r->h.flags == (0xac30 & ~0x20) + 4 &&
		  r->h.qdcount == 0,
	      "UPDATE: NOTIMP before the question is read, flags echoed "
	      "but AD (%x)",
	      r->h.flags);
	r = RAW(ID "\x01\x03" QD1 AR0 QAPEX "\0\1" IN);
	CHECK(r->h.flags == 0x8101 && r->h.qdcount == 0,
	      "RCODE in a query: FORMERR");
	r = RAW(ID "\x24\x00" QD1 AR0 QAPEX "\0\6" IN);
	CHECK(r->h.flags == 0xa405 && r->h.qdcount == 0,
	      "NOTIFY for our zone: REFUSED, header echoed (%x)", r->h.flags);
	r = RAW(ID "\x01\x00\0\0\0\0\0\0" AR1 OPT_DO);
	CHECK(r->h.flags == 0x8100 && r->opt && r->o.flags == DNS_EDNS_DO &&
		  r->h.arcount == 1,
	      "QDCOUNT 0 with an OPT: NOERROR with our OPT");
	r = RAW(ID "\x01\x10" QD1 AR1 QAPEX "\0\1" IN
		   "\0\0\x29\x04\xd0\0\1\x80\0\0\0");
	CHECK(r->h.flags == 0x8110 && r->h.qdcount == 1 && r->opt &&
		  r->o.ext_rcode == 1 && r->o.flags == 0,
	      "BADVERS: CD echoed, no DO");
	r = RAW(ID "\x01\x00" QD1 AR1 QAPEX "\0\xfc" IN OPT_DO);
	CHECK(RCODE(r) == DNS_R_NOTIMP && r->h.qdcount == 1 && ede_is(r, -1),
	      "AXFR over UDP: NOTIMP");
	r = RAW(ID "\x01\x00" QD1 AR1 QAPEX "\0\xfb" IN OPT_DO);
	CHECK(RCODE(r) == DNS_R_REFUSED && ede_is(r, DNS_EDE_PROHIBITED),
	      "IXFR of our zone: REFUSED, EDE 18");
	r = RAW(ID "\x01\x00" QD1 AR1 "\7version\4BIND\0\0\x10\0\3" OPT_DO);
	CHECK(RCODE(r) == DNS_R_REFUSED && r->h.qdcount == 1 && !AA(r) &&
		  ede_is(r, DNS_EDE_PROHIBITED),
	      "CH TXT version.bind: refused, EDE 18");
	r = RAW(ID "\x01\x00" QD1 AR1 "\7example\3org\0\0\1" IN OPT_DO);
	CHECK(RCODE(r) == DNS_R_REFUSED && ede_is(r, DNS_EDE_NOT_AUTHORITATIVE),
	      "outside our zones: EDE 20");
	/* Key "K", algorithm "A", fudge 300, no MAC, original ID 0x1234. */
	r = RAW(ID "\x01\x00" QD1 AR1 QAPEX "\0\1" IN
		   "\1K\0\0\xfa\0\xff\0\0\0\0\0\x13"
		   "\1A\0\0\0\0\0\0\0\1\x2c\0\0\x12\x34\0\0\0\0");
	const struct dns_rr *t = &r->rr[2][0];
	CHECK(RCODE(r) == DNS_R_NOTAUTH && r->n[2] == 1 &&
		  t->type == DNS_T_TSIG && t->name[1] == 'k' &&
		  t->rdata.len == 19 && t->rdata.p[1] == 'a' &&
		  t->rdata.p[15] == 0 && t->rdata.p[16] == 17,
	      "TSIG: NOTAUTH with BADKEY, the names lowercased");
}

/*
 * DNAME: dn.example redirects names below d, x, chain, loop1, loop2, self
 * and long; to.example is another zone we serve. The bytes below are what
 * NSD 4.6.1 answers to the same questions with these two zones (without
 * the occluded names, which NSD refuses to load): the synthesised names
 * lowercased, names into the question taking its case.
 */
static const char dname_text[] =
    "$TTL 300\n"
    "@ SOA ns host 1 2 3 4 60\n@ NS ns\nns A 192.0.2.53\n"
    "d 600 DNAME t\nd A 192.0.2.9\nt A 192.0.2.1\nwww.t A 192.0.2.2\n"
    "x DNAME to.example.\nchain DNAME hop\na.hop CNAME b.d\n"
    "loop1 DNAME loop2\nloop2 DNAME loop1\nself DNAME x.self\n"
    "long DNAME "
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa."
    "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb."
    "cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc\n"
    /*
     * Occluded by the DNAME at occ: a name, a wildcard and a zone cut. The
     * parser refuses data below a DNAME, as NSD does, but a blob can hold
     * it: the DNAME comes in as type 65534 and becomes one in the blob.
     */
    "occ TYPE65534 \\# 14 017402646e076578616d706c6500\n"
    "a.occ A 192.0.2.66\n*.occ A 192.0.2.67\n"
    "cut.occ NS ns.other.example.\n"
    /* A DNAME at a zone cut delegates. */
    "deleg NS ns.other.example.\ndeleg DNAME t\n";
static const char to_text[] =
    "$TTL 300\n"
    "@ SOA ns.dn.example. host.dn.example. 1 2 3 4 60\n"
    "www A 192.0.2.70\n";

static struct dns_zone dname_zones[2];
static struct dns_zone_set dname_set = {dname_zones, 2};
static struct dns_server dname_memo, dname_plain;

#define X40 "\50xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
#define DN "\2dn\7example"

static const struct golden {
	const char *what, *name;
	uint16_t qtype;
	int edns;
	const char *hex;
} dname_golden[] = {
    {"below a DNAME: DNAME, CNAME, then NXDOMAIN", "\1X\1Y\1D\2dn\7EXAMPLE",
     DNS_T_A, 0,
     "42428503000100020001000001580159014402646e074558414d504c450000010001"
     "c0100027000100000258000e017402646e076578616d706c6500c00c000500010000"
     "02580008017801790174c012c012000600010000003c0020026e73c01204686f7374"
     "c012000000010000000200000003000000040000003c"},
    {"below a DNAME: the target's A", "\3Www\1D" DN, DNS_T_A, 0,
     "42428500000100030001000103577777014402646e076578616d706c650000010001"
     "c0100027000100000258000e017402646e076578616d706c6500c00c000500010000"
     "02580008037777770174c012c048000100010000012c0004c0000202c01200020001"
     "0000012c0005026e73c012c06c000100010000012c0004c0000235"},
    {"two DNAMEs into each other stop", "\1a\5Loop1" DN, DNS_T_A, 0,
     "4242850000010004000000000161054c6f6f703102646e076578616d706c65000001"
     "0001c00e002700010000012c0012056c6f6f703202646e076578616d706c6500c00c"
     "000500010000012c000a0161056c6f6f7032c014c050002700010000012c0012056c"
     "6f6f703102646e076578616d706c65000161c050000500010000012c00040161c00e"},
    {"over 255 octets: YXDOMAIN, EDE 0 with NSD's text", X40 X40 "\4Long" DN,
     DNS_T_A, 1,
     "42428506000100010000000128787878787878787878787878787878787878787878"
     "78787878787878787878787878787878787878287878787878787878787878787878"
     "7878787878787878787878787878787878787878787878787878044c6f6e6702646e"
     "076578616d706c650000010001c05e002700010000012c00c93f6161616161616161"
     "61616161616161616161616161616161616161616161616161616161616161616161"
     "6161616161616161616161616161616161616161613f626262626262626262626262"
     "62626262626262626262626262626262626262626262626262626262626262626262"
     "62626262626262626262626262626262623c63636363636363636363636363636363"
     "63636363636363636363636363636363636363636363636363636363636363636363"
     "6363636363636363636302646e076578616d706c650000002904d000000000002600"
     "0f00220000444e414d4520657870616e73696f6e20626563616d6520746f6f206c61"
     "726765"},
    {"DNAME, CNAME, DNAME", "\1A\5Chain" DN, DNS_T_A, 0,
     "424285030001000500010000014105436861696e02646e076578616d706c65000001"
     "0001c00e002700010000012c001003686f7002646e076578616d706c6500c00c0005"
     "00010000012c0008016103686f70c014c04c000500010000012c000601620164c014"
     "c0620027000100000258000e017402646e076578616d706c65000162c06200050001"
     "00000258000601620174c014c014000600010000003c0020026e73c01404686f7374"
     "c014000000010000000200000003000000040000003c"},
    {"a CNAME query: the synthesised CNAME", "\3www\1D" DN, DNS_T_CNAME, 0,
     "42428500000100020000000003777777014402646e076578616d706c650000050001"
     "c0100027000100000258000e017402646e076578616d706c6500c00c000500010000"
     "02580008037777770174c012"},
    {"the owner: its DNAME, no substitution", "\1d" DN, DNS_T_DNAME, 0,
     "424285000001000100010001016402646e076578616d706c650000270001c00c0027"
     "000100000258000e017402646e076578616d706c6500c00e000200010000012c0005"
     "026e73c00ec044000100010000012c0004c0000235"},
    {"into another zone we serve", "\3Www\1X" DN, DNS_T_A, 0,
     "42428500000100030000000003577777015802646e076578616d706c650000010001"
     "c010002700010000012c000c02746f076578616d706c6500c00c000500010000012c"
     "00090377777702746fc015c046000100010000012c0004c0000246"},
    {"a DNAME below itself stops", "\1a\1b\4Self" DN, DNS_T_A, 0,
     "424285000001000200000000016101620453656c6602646e076578616d706c650000"
     "010001c010002700010000012c001301780473656c6602646e076578616d706c6500"
     "c00c000500010000012c0008016101620178c010"},
};

/* The golden bytes without the memo, and from it after another case. */
static void test_dname_golden(void)
{
	static uint8_t want[1024];
	static char other[DNS_NAME_MAX];

	for (size_t i = 0; i < sizeof(dname_golden) / sizeof(dname_golden[0]);
	     i++) {
		const struct golden *g = &dname_golden[i];
		size_t n = unit_unhex(g->hex, want, sizeof(want));
		struct q q = {g->name, g->qtype, DNS_C_IN, DNS_F_RD, 1,
			      0,       g->edns,	 0,	   1232,     0};
		struct reply *r = ask_with(&dname_plain, &q, 0x4242);
		CHECK(r->len == n && memcmp(r->raw, want, n) == 0,
		      "%s (%zu octets, NSD %zu)", g->what, r->len, n);
		strcpy(other, g->name);
		for (char *c = other; *c != 0; c++)
			if (*c >= 'a' && *c <= 'z')
				*c = (char)(*c - 32);
		q.name = other;
		ask_with(&dname_memo, &q, 1);
		q.name = g->name;
		uint64_t hits = dname_memo.stats.memo_hits;
		r = ask_with(&dname_memo, &q, 0x4242);
		CHECK(dname_memo.stats.memo_hits == hits + 1 && r->len == n &&
			  memcmp(r->raw, want, n) == 0,
		      "%s, from the memo", g->what);
	}
}

/* Occlusion and cuts, where NSD refuses the zone: what RFC 6672 says. */
static void test_dname_occluded(void)
{
	struct q q = {"\1a\3occ" DN, DNS_T_A, DNS_C_IN, 0, 1, 0, 0, 0, 0, 0};
	struct reply *r = ask_with(&dname_plain, &q, 1);

	CHECK(RCODE(r) == DNS_R_NXDOMAIN && AA(r) &&
		  count(r, 0, "\3occ" DN, DNS_T_DNAME) == 1 &&
		  count(r, 0, "\1a\3occ" DN, DNS_T_CNAME) == 1 &&
		  count(r, 0, "\1a\3occ" DN, DNS_T_A) == 0 && r->n[0] == 2,
	      "a name below a DNAME is occluded");
	q.name = "\1z\3occ" DN;
	r = ask_with(&dname_plain, &q, 1);
	CHECK(count(r, 0, "\1z\3occ" DN, DNS_T_CNAME) == 1 && r->n[0] == 2,
	      "a wildcard below a DNAME is occluded");
	q.name = "\1y\3cut\3occ" DN;
	r = ask_with(&dname_plain, &q, 1);
	CHECK(AA(r) && count(r, 0, "\3occ" DN, DNS_T_DNAME) == 1 &&
		  r->n[1] == 1 && count(r, 1, DN, DNS_T_SOA) == 1,
	      "a zone cut below a DNAME is occluded");
	q.name = "\3occ" DN;
	r = ask_with(&dname_plain, &q, 1);
	CHECK(RCODE(r) == DNS_R_NOERROR && r->n[0] == 0 &&
		  count(r, 1, DN, DNS_T_SOA) == 1,
	      "the owner itself: NODATA for A");
	q.name = "\1a\5deleg" DN;
	r = ask_with(&dname_plain, &q, 1);
	CHECK(!AA(r) && r->n[0] == 0 &&
		  count(r, 1, "\5deleg" DN, DNS_T_NS) == 1,
	      "a DNAME at a zone cut: referral");
	q.name = "\5deleg" DN;
	q.qtype = DNS_T_DNAME;
	r = ask_with(&dname_plain, &q, 1);
	CHECK(!AA(r) && r->n[0] == 0, "DNAME at a cut, asked for: referral");
}

/* The type 65534 RRset of node occ becomes a DNAME (see dname_text). */
static void occ_dname(uint8_t *blob, size_t len)
{
	static const uint8_t at[] = "\3occ" DN "\0\0\1\xff\xfe";
	size_t n = sizeof(at) - 1;

	for (size_t k = 0; k + n <= len; k++)
		if (memcmp(blob + k, at, n) == 0) {
			blob[k + n - 2] = 0;
			blob[k + n - 1] = DNS_T_DNAME;
			return;
		}
}

static void load_one(struct dns_zone *z, const char *text, const char *origin)
{
	struct dns_zone_parse_opts o = {"t.zone", origin, NULL, NULL};
	char err[256] = "the blob does not load";
	uint8_t *blob;
	size_t len;

	if (dns_zone_parse(text, strlen(text), &o, &blob, &len, err,
			   sizeof(err)) == DNS_ZONE_OK)
		occ_dname(blob, len);
	if (blob == NULL || dns_zone_load(z, blob, len) != DNS_ZONE_OK) {
		printf("%s: %s\n", origin, err);
		exit(1);
	}
}

static void load(void)
{
	struct dns_zone_parse_opts o = {"t.zone", "example.com", NULL, NULL};
	struct dns_server_opts no = {.no_memo = 1};
	char err[256];
	uint8_t *blob;
	size_t len;

	if (dns_zone_parse(zone_text, strlen(zone_text), &o, &blob, &len, err,
			   sizeof(err)) != DNS_ZONE_OK ||
	    dns_zone_load(&zone, blob, len) != DNS_ZONE_OK) {
		printf("zone: %s\n", err);
		exit(1);
	}
	if (dns_server_init(&memo, &set, NULL) != 0 ||
	    dns_server_init(&plain, &set, &no) != 0)
		exit(1);
	load_one(&dname_zones[0], dname_text, "dn.example");
	load_one(&dname_zones[1], to_text, "to.example");
	if (dns_server_init(&dname_memo, &dname_set, NULL) != 0 ||
	    dns_server_init(&dname_plain, &dname_set, &no) != 0)
		exit(1);
}

int main(void)
{
	load();
	/* Twice: the second round answers from the memo. */
	for (int round = 0; round < 2; round++) {
		test_positive();
		test_negative();
		test_wildcard();
		test_referral();
		test_any_and_class();
		test_edns_and_tc();
	}
	test_errors();
	test_packets();
	test_case_and_memo();
	test_dname_golden();
	test_dname_occluded();
	dns_stats_print(&memo.stats);
	return unit_summary();
}
