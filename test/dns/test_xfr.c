/* SPDX-License-Identifier: ISC */
/*
 * The secondary's side of zone transfers (rt/dns/xfr_read.c, secondary.c,
 * sec_config.c; common/dns/zone_write.c) without a network. The golden
 * transfers in xfr-golden/ are NSD 4.6's AXFR responses to the zones of
 * configs/dns (ID 0x1234 and 0x4321): read whole and an octet at a time,
 * they give the blob that the zone compiler makes from the same file, byte
 * for byte; then every way a transfer can be bad (ID, QR, RCODE, question,
 * first and last SOA, a serial that changes, records after the end, a
 * compression pointer forward, a class other than IN, limits of octets and
 * records), each refused with its reason; the SOA check and its serial
 * arithmetic (RFC 1982), the timers of the SOA, NOTIFY, the key parsers,
 * and the server's SERVFAIL for a zone without data.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dns/sec_config.h"
#include "dns/secondary.h"
#include "dns/server.h"
#include "dns/xfr_read.h"
#include "unit.h"
#include "zonefile.h"

UNIT_COUNTERS;

#define S 1000000000ull
static const struct dns_xfr_limits big = {1 << 24, 1 << 20};
static const char *configs_dir; /* configs/dns (argv[1]) */

struct stream {
	uint8_t *p;
	size_t len;
};

static struct stream golden(const char *zone)
{
	char path[512];
	struct stream s;

	snprintf(path, sizeof(path), "%s/../../test/dns/xfr-golden/%s.axfr",
		 configs_dir, zone);
	s.p = (uint8_t *)read_file(path, &s.len);
	if (s.p == NULL) {
		fprintf(stderr, "cannot read %s\n", path);
		exit(1);
	}
	return s;
}

/* Feeds every framed message of s to r; the last status. */
static enum dns_xfr_status feed_all(struct dns_xfr_read *r, struct stream s)
{
	enum dns_xfr_status st = DNS_XFR_MORE;
	size_t off = 0, n;

	while (off + 2 <= s.len && st == DNS_XFR_MORE) {
		n = (size_t)s.p[off] << 8 | s.p[off + 1];
		if (off + 2 + n > s.len)
			break;
		st = dns_xfr_read_msg(r, s.p + off + 2, n);
		off += 2 + n;
	}
	return st;
}

/* Whether blobs a and b hold the same zone: same bytes, same index. */
static int same_zone(const uint8_t *a, size_t alen, const uint8_t *b,
		     size_t blen)
{
	struct dns_zone za, zb;
	int same;
	size_t at;

	if (dns_zone_load(&za, a, alen) || dns_zone_load(&zb, b, blen))
		return 0;
	at = (size_t)(za.rdnames - a);
	same = alen == blen && za.nrdnames == zb.nrdnames &&
	       at == (size_t)(zb.rdnames - b) && memcmp(a, b, at) == 0;
	for (size_t i = 0; same && i < za.nrdnames; i++) {
		struct bytes ia = bytes_make(za.rdnames, 4 * za.nrdnames);
		struct bytes ib = bytes_make(zb.rdnames, 4 * zb.nrdnames);
		same = dns_name_eq(a + get32(ia, 4 * i), b + get32(ib, 4 * i));
	}
	dns_zone_free(&za);
	dns_zone_free(&zb);
	return same;
}

static void test_golden(const char *zone, uint16_t id)
{
	char path[512];
	uint8_t origin[DNS_NAME_MAX], *blob = NULL, *ref = NULL;
	size_t pos = 0, len = 0;
	struct dns_xfr_read r;
	struct dns_zone z;
	struct stream s = golden(zone);

	snprintf(path, sizeof(path), "%s/%s.zone", configs_dir, zone);
	dns_zone_name_next(zone, &pos, origin);
	dns_xfr_read_init(&r, origin, id, &big);
	CHECK(feed_all(&r, s) == DNS_XFR_DONE, "%s: %s", zone, r.why);
	CHECK(dns_xfr_read_zone(&r, &blob, &len) == DNS_XFR_DONE, "%s: %s",
	      zone, r.why);
	CHECK(load_zone_file(zone, path, &z, &ref) == 0, "%s compiles", path);
	CHECK(
	    blob && ref &&
		same_zone(blob, len, ref, (size_t)get32(bytes_make(ref, 8), 4)),
	    "%s: the transferred zone is the compiled one", zone);
	dns_zone_free(&z);
	free(ref);
	free(blob);
	dns_xfr_read_fini(&r);
	free(s.p);
}

/* A response message: header, the AXFR question, then records. */
struct msgb {
	uint8_t p[4096];
	size_t len;
	uint16_t ancount;
};

static void mb_init(struct msgb *m, uint16_t id, uint16_t flags, int question)
{
	static const uint8_t q[] = "\7example\3com\0\0\xfc\0\1";

	memset(m, 0, sizeof(*m));
	put16(m->p, id);
	put16(m->p + 2, flags);
	put16(m->p + 4, (uint16_t)question);
	m->len = DNS_HDR_LEN;
	if (question) {
		memcpy(m->p + m->len, q, sizeof(q) - 1);
		m->len += sizeof(q) - 1;
	}
}

static void mb_rr(struct msgb *m, const char *owner, size_t olen, uint16_t type,
		  uint16_t cls, const void *rd, size_t rdlen)
{
	uint8_t *p = m->p + m->len;

	memcpy(p, owner, olen);
	put16(p + olen, type);
	put16(p + olen + 2, cls);
	put32(p + olen + 4, 300);
	put16(p + olen + 8, (uint16_t)rdlen);
	memcpy(p + olen + 10, rd, rdlen);
	m->len += olen + 10 + rdlen;
	put16(m->p + 6, ++m->ancount);
}

#define OWNER(lit) (lit), sizeof(lit)
#define RESP (DNS_F_QR | DNS_F_AA)

static const uint8_t soa_rd[] =
    "\3ns1\7example\3com\0\4host\7example\3com\0"
    "\0\0\0\7\0\0\0\x3c\0\0\0\x1e\0\0\x0e\x10\0\0\0\x3c";
#define SOA_LEN (sizeof(soa_rd) - 1)

static void mb_soa(struct msgb *m, uint32_t serial)
{
	uint8_t rd[SOA_LEN];

	memcpy(rd, soa_rd, SOA_LEN);
	put32(rd + SOA_LEN - 20, serial);
	mb_rr(m, OWNER("\7example\3com"), DNS_T_SOA, DNS_C_IN, rd, SOA_LEN);
}

static const uint8_t origin[] = "\7example\3com";

/* Reads m with limits lim; the status, and the reason in *err. */
static enum dns_xfr_status read_one(const struct msgb *m,
				    const struct dns_xfr_limits *lim,
				    enum dns_xfr_err *err)
{
	struct dns_xfr_read r;
	enum dns_xfr_status st;

	dns_xfr_read_init(&r, origin, 7, lim);
	st = dns_xfr_read_msg(&r, m->p, m->len);
	*err = r.err;
	dns_xfr_read_fini(&r);
	return st;
}

static void expect_bad(const struct msgb *m, enum dns_xfr_err want,
		       const char *what)
{
	enum dns_xfr_err e;

	CHECK(read_one(m, &big, &e) == DNS_XFR_BAD && e == want,
	      "%s: refused as %s, got %s", what, dns_xfr_strerror(want),
	      dns_xfr_strerror(e));
}

static void test_bad_messages(void)
{
	struct msgb m;
	enum dns_xfr_err e;
	static const uint8_t a[] = {192, 0, 2, 1};
	struct dns_xfr_limits small = {100, 2};

	mb_init(&m, 7, RESP, 1);
	mb_soa(&m, 9);
	mb_rr(&m, OWNER("\3www\7example\3com"), DNS_T_A, DNS_C_IN, a, 4);
	mb_soa(&m, 9);
	CHECK(read_one(&m, &big, &e) == DNS_XFR_DONE, "a good transfer");
	mb_init(&m, 8, RESP, 1);
	mb_soa(&m, 9);
	expect_bad(&m, DNS_XFR_E_HEADER, "another ID");
	mb_init(&m, 7, DNS_F_AA, 1);
	mb_soa(&m, 9);
	expect_bad(&m, DNS_XFR_E_HEADER, "QR clear");
	mb_init(&m, 7, RESP | DNS_R_NOTAUTH, 1);
	expect_bad(&m, DNS_XFR_E_RCODE, "NOTAUTH");
	mb_init(&m, 7, RESP, 0);
	mb_soa(&m, 9);
	expect_bad(&m, DNS_XFR_E_HEADER, "no question in the first message");
	mb_init(&m, 7, RESP, 1);
	mb_rr(&m, OWNER("\3www\7example\3com"), DNS_T_A, DNS_C_IN, a, 4);
	expect_bad(&m, DNS_XFR_E_SOA, "an A first");
	mb_init(&m, 7, RESP, 1);
	mb_soa(&m, 9);
	mb_soa(&m, 10);
	expect_bad(&m, DNS_XFR_E_SOA, "the serial changed");
	mb_init(&m, 7, RESP, 1);
	mb_soa(&m, 9);
	mb_soa(&m, 9);
	mb_rr(&m, OWNER("\3www\7example\3com"), DNS_T_A, DNS_C_IN, a, 4);
	expect_bad(&m, DNS_XFR_E_SOA, "records after the final SOA");
	mb_init(&m, 7, RESP, 1);
	mb_soa(&m, 9);
	mb_rr(&m, OWNER("\3sub\7example\3com"), DNS_T_SOA, DNS_C_IN, soa_rd,
	      SOA_LEN);
	expect_bad(&m, DNS_XFR_E_SOA, "an SOA below the apex");
	mb_init(&m, 7, RESP, 1);
	mb_soa(&m, 9);
	mb_rr(&m, OWNER("\3www\7example\3com"), DNS_T_A, DNS_C_CH, a, 4);
	expect_bad(&m, DNS_XFR_E_MALFORMED, "class CH");
	mb_init(&m, 7, RESP, 1);
	mb_soa(&m, 9);
	mb_rr(&m, OWNER("\3www\7example\3com"), DNS_T_A, DNS_C_IN, a, 3);
	expect_bad(&m, DNS_XFR_E_MALFORMED, "an A of 3 octets");
	mb_init(&m, 7, RESP, 1);
	mb_soa(&m, 9);
	mb_rr(&m, OWNER("\3www\7example\3com"), DNS_T_CNAME, DNS_C_IN,
	      "\xc0\xff", 2);
	expect_bad(&m, DNS_XFR_E_MALFORMED, "a pointer forward in a CNAME");
	mb_init(&m, 7, RESP, 1);
	mb_soa(&m, 9);
	mb_rr(&m, OWNER("\3www\7example\3com"), 41, DNS_C_IN, "", 0);
	expect_bad(&m, DNS_XFR_E_MALFORMED, "an OPT among the records");
	mb_init(&m, 7, RESP, 1);
	mb_soa(&m, 9);
	mb_rr(&m, OWNER("\3www\7example\3com"), DNS_T_A, DNS_C_IN, a, 4);
	mb_rr(&m, OWNER("\3www\7example\3com"), DNS_T_A, DNS_C_IN, a, 4);
	mb_soa(&m, 9);
	CHECK(read_one(&m, &small, &e) == DNS_XFR_BAD && e == DNS_XFR_E_LIMIT,
	      "past the limits: %s", dns_xfr_strerror(e));
	m.len -= 5; /* the final SOA cut short */
	CHECK(read_one(&m, &big, &e) == DNS_XFR_BAD && e == DNS_XFR_E_MALFORMED,
	      "a truncated record");
}

/* Out-of-zone records are left out; a compressed CNAME is expanded. */
static void test_records(void)
{
	struct msgb m;
	struct dns_xfr_read r;
	static const uint8_t a[] = {192, 0, 2, 1};
	uint8_t *blob = NULL;
	size_t len = 0;
	struct dns_zone z;
	struct dns_rrset set;
	struct dns_rdata rd;
	const struct dns_node *n;

	mb_init(&m, 7, RESP, 1);
	mb_soa(&m, 9);
	mb_rr(&m, OWNER("\3www\7example\3org"), DNS_T_A, DNS_C_IN, a, 4);
	mb_rr(&m, OWNER("\1a\1b\7example\3com"), DNS_T_CNAME, DNS_C_IN,
	      "\3www\xc0\x0c", 6); /* www + the question's example.com */
	mb_soa(&m, 9);
	dns_xfr_read_init(&r, origin, 7, &big);
	CHECK(dns_xfr_read_msg(&r, m.p, m.len) == DNS_XFR_DONE, "%s", r.why);
	CHECK(r.ignored == 1, "one out-of-zone record left out");
	CHECK(dns_xfr_read_zone(&r, &blob, &len) == DNS_XFR_DONE, "%s", r.why);
	CHECK(dns_zone_load(&z, blob, len) == DNS_ZONE_OK, "loads");
	CHECK(z.nnodes == 3, "apex, b (empty non-terminal), a.b: %zu",
	      z.nnodes);
	n = dns_zone_find(&z, (const uint8_t *)"\1a\1b\7example\3com");
	CHECK(n && dns_node_rrset(n, DNS_T_CNAME, &set), "the CNAME");
	if (n) {
		const uint8_t *cur = set.rrs;
		dns_rr_next(&cur, &rd);
		CHECK(rd.len == 17 &&
			  memcmp(rd.p, "\3www\7example\3com", 17) == 0,
		      "its target decompressed");
	}
	dns_zone_free(&z);
	free(blob);
	dns_xfr_read_fini(&r);
}

/* Runs the state machine over input; the event that ends the input. */
static enum dns_sec_event run(struct dns_secondary *s, const uint8_t *p,
			      size_t len, size_t step)
{
	uint8_t out[DNS_SEC_QUERY_MAX];
	size_t off = 0, used, n, olen;
	enum dns_sec_event ev = DNS_SEC_WAIT;

	while (off < len) {
		n = len - off < step ? len - off : step;
		ev = dns_sec_input(s, p + off, n, &used, out, &olen);
		off += used;
		if (ev != DNS_SEC_WAIT && ev != DNS_SEC_SEND)
			return ev;
	}
	return ev;
}

/* A framed response to the SOA query id with serial. */
static size_t soa_answer(uint8_t *out, uint16_t id, uint32_t serial)
{
	struct msgb m;

	mb_init(&m, id, RESP, 1);
	m.p[DNS_HDR_LEN + 14] = DNS_T_SOA; /* the question's type */
	mb_soa(&m, serial);
	put16(out, (uint16_t)m.len);
	memcpy(out + 2, m.p, m.len);
	return m.len + 2;
}

static void test_state_machine(void)
{
	struct dns_secondary s;
	struct stream g = golden("example.com");
	uint8_t q[DNS_SEC_QUERY_MAX], ans[1024], *blob;
	size_t len, n;
	uint64_t now = 1000 * S;
	struct dns_xfr_limits lim = big;

	dns_sec_init(&s, (const uint8_t *)"\7example\3com", &lim, now);
	CHECK(dns_sec_deadline(&s) == now, "the first check is due at once");
	n = dns_sec_begin(&s, 0x1234, q, now);
	CHECK(n == 2 + 12 + 13 + 4 && q[n - 3] == DNS_T_AXFR,
	      "without data: AXFR at once");
	CHECK(run(&s, g.p, g.len, 1) == DNS_SEC_NEW,
	      "the golden transfer, an "
	      "octet at a time: %s",
	      s.why);
	blob = dns_sec_take(&s, &len);
	dns_sec_installed(&s, blob, len, now);
	dns_sec_end(&s, 1, now);
	CHECK(s.soa.serial == 2024060101 && s.soa.refresh == 7200 &&
		  s.soa.expire == 1209600,
	      "the SOA's timers");
	CHECK(dns_sec_deadline(&s) == now + 7200 * S, "refresh after 2h");
	now += 7200 * S;
	n = dns_sec_begin(&s, 77, q, now);
	CHECK(q[n - 3] == DNS_T_SOA, "with data: the SOA first");
	len = soa_answer(ans, 77, 2024060101);
	CHECK(run(&s, ans, len, 3) == DNS_SEC_CURRENT, "same serial: current");
	dns_sec_end(&s, 1, now);
	dns_sec_begin(&s, 78, q, now);
	len = soa_answer(ans, 78, 2024060101u - 5);
	CHECK(run(&s, ans, len, 100) == DNS_SEC_CURRENT,
	      "an older serial (RFC 1982): no transfer");
	dns_sec_end(&s, 1, now);
	dns_sec_begin(&s, 79, q, now);
	len = soa_answer(ans, 79, 2024060101u + 0x7fffffffu);
	CHECK(run(&s, ans, len, 100) == DNS_SEC_SEND,
	      "a serial 2^31-1 ahead is newer: AXFR");
	dns_sec_fail_conn(&s, 1, "timeout", now);
	CHECK(s.st.timeouts == 1 && dns_sec_deadline(&s) == now + 3600 * S,
	      "a failure: retry after 1h");
	dns_sec_begin(&s, 80, q, now);
	len = soa_answer(ans, 81, 2024060102u);
	CHECK(run(&s, ans, len, 100) == DNS_SEC_FAIL &&
		  s.st.failed[DNS_XFR_E_HEADER] == 1,
	      "an answer with another ID refused");
	dns_sec_end(&s, 0, now);
	dns_sec_notify(&s, now + 5);
	CHECK(dns_sec_deadline(&s) == now + 5, "NOTIFY: due at once");
	CHECK(!dns_sec_expire(&s, now + 1209599 * S - 7200 * S),
	      "not expired before EXPIRE");
	CHECK(dns_sec_expire(&s, now + 1209600 * S) && s.blob == NULL,
	      "expired after EXPIRE without refresh");
	dns_sec_fini(&s);
	dns_sec_init(&s, (const uint8_t *)"\7example\3com", &lim, now);
	dns_sec_begin(&s, 1, q, now);
	dns_sec_fail_conn(&s, 0, "refused", now);
	CHECK(dns_sec_deadline(&s) == now + S, "no data: retry after 1 s");
	dns_sec_begin(&s, 2, q, now);
	dns_sec_fail_conn(&s, 0, "refused", now);
	CHECK(dns_sec_deadline(&s) == now + 2 * S, "then after 2 s");
	dns_sec_fini(&s);
	free(g.p);
	CHECK(dns_serial_gt(1, 0xffffffffu) && !dns_serial_gt(0x80000000u, 0),
	      "RFC 1982: 1 after 2^32-1; 2^31 apart undefined");
}

static void test_notify_and_keys(void)
{
	uint8_t msg[512], resp[512], zone[DNS_NAME_MAX];
	size_t n = dns_notify_request(msg, sizeof(msg), 99, origin), r, pos;
	struct dns_peer p;

	CHECK(dns_notify_read(msg, n, zone) && dns_name_eq(zone, origin),
	      "a NOTIFY read back");
	r = dns_notify_reply(msg, n, resp, sizeof(resp));
	CHECK(r == n && dns_notify_acked(resp, r, 99) &&
		  !dns_notify_acked(resp, r, 98) &&
		  !dns_notify_read(resp, r, zone),
	      "its reply: the ID, QR, the question");
	msg[2] = 0; /* opcode QUERY */
	CHECK(!dns_notify_read(msg, n, zone), "a QUERY is no NOTIFY");
	pos = 0;
	CHECK(dns_peer_next(" 10.1.2.3#5353,", &pos, &p) == 1 && p.a[0] == 10 &&
		  p.a[3] == 3 && p.port == 5353,
	      "ADDR#PORT");
	pos = 0;
	CHECK(dns_peer_next("10.1.2.3", &pos, &p) == 1 && p.port == 53,
	      "port 53 by default");
	pos = 0;
	CHECK(dns_peer_next("10.1.2.256", &pos, &p) < 0, "300 is no octet");
	pos = 0;
	CHECK(dns_peer_next("10.1.2.3#70000", &pos, &p) < 0, "nor a port");
	pos = 0;
	CHECK(dns_zone_name_next("Example.COM.", &pos, zone) == 1 &&
		  dns_name_eq(zone, origin) && zone[1] == 'e',
	      "a zone name, lowercased");
	pos = 0;
	CHECK(dns_zone_name_next("a..b", &pos, zone) < 0, "an empty label");
}

/* Before its first transfer a secondary zone's names get SERVFAIL. */
static void test_servfail(void)
{
	struct dns_zone zs[1];
	struct dns_zone_set set = {zs, 1};
	struct dns_server srv;
	uint8_t q[64], resp[512];
	size_t n;

	dns_zone_pending_init(&zs[0], origin);
	CHECK(dns_server_init(&srv, &set, NULL) == 0, "server");
	n = dns_xfr_query(q, sizeof(q), 5,
			  (const uint8_t *)"\3www\7example\3com", DNS_T_A);
	n = dns_answer(&srv, q + 2, n - 2, resp, sizeof(resp));
	CHECK(n > 12 && (resp[3] & 0xf) == DNS_R_SERVFAIL && resp[5] == 1,
	      "SERVFAIL with the question");
	n = dns_xfr_query(q, sizeof(q), 5,
			  (const uint8_t *)"\3www\7example\3org", DNS_T_A);
	n = dns_answer(&srv, q + 2, n - 2, resp, sizeof(resp));
	CHECK(n > 12 && (resp[3] & 0xf) == DNS_R_REFUSED,
	      "other names: REFUSED");
	dns_server_fini(&srv);
}

int main(int argc, char **argv)
{
	configs_dir = argc > 1 ? argv[1] : "configs/dns";
	test_golden("example.com", 0x1234);
	test_golden("2.0.192.in-addr.arpa", 0x4321);
	test_bad_messages();
	test_records();
	test_state_machine();
	test_notify_and_keys();
	test_servfail();
	return unit_summary();
}
