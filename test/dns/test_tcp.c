/* SPDX-License-Identifier: ISC */
/*
 * The DNS-over-TCP session (rt/dns/tcp_session.c) and zone transfers
 * (rt/dns/axfr.c) without a network: queries in one write, split an octet
 * at a time, prefixes alone; responses in order, each with its prefix,
 * sent in pieces; back-pressure (no input taken while a response waits);
 * the lengths and queries on which the session closes (as NSD); answers
 * longer than UDP allows, whole over TCP; long queries; AXFR and IXFR,
 * allowed and refused, and a transfer of many messages with an RR longer
 * than a message's limit; the allow-list of transfers (dns.axfr_allow).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dns/acl.h"
#include "dns/server.h"
#include "dns/tcp_session.h"
#include "unit.h"

UNIT_COUNTERS;

#define BIG                                                                    \
	"\"0123456789abcdef0123456789abcdef0123456789abcdef0123456789"         \
	"abcdef0123456789abcdef0123456789abcdef0123456789abcdef01234567\" "

static const char zone_text[] =
    "$TTL 300\n"
    "@ SOA ns1 host.master 7 2 3 4 60\n"
    "  NS ns1\n  MX 10 mail\n  A 192.0.2.1\n"
    "ns1 A 192.0.2.53\nmail A 192.0.2.25\nwww A 192.0.2.80\n"
    "sub NS ns.sub\nns.sub A 192.0.2.201\n"
    "big TXT " BIG BIG BIG BIG BIG BIG BIG BIG BIG BIG "\n";

#define ZONE_RRS 10 /* the RRs of zone_text, SOA included */

static struct dns_zone zone, many;
static struct dns_zone_set set = {&zone, 1}, many_set = {&many, 1};
static struct dns_server srv, many_srv;

static size_t query(uint8_t *buf, uint16_t id, const char *name, uint16_t qtype,
		    int edns)
{
	struct dns_writer w;
	struct dns_hdr h = {id, DNS_F_RD, 1, 0, 0, (uint16_t)(edns ? 1 : 0)};

	dns_w_init(&w, buf + 2, 1024);
	dns_hdr_write(buf + 2, &h);
	w.len = DNS_HDR_LEN;
	dns_w_bytes(&w, name, strlen(name) + 1);
	dns_w_u16(&w, qtype);
	dns_w_u16(&w, DNS_C_IN);
	if (edns) {
		static const uint8_t opt[] = {0, 0, 41, 2, 0, 0, 0, 0, 0, 0, 0};
		dns_w_bytes(&w, opt, sizeof(opt));
	}
	put16(buf, (uint16_t)w.len);
	return w.len + 2;
}

/* The messages a session sent, taken `step` octets at a time. */
struct sent {
	uint8_t buf[1 << 20];
	size_t len;
};

static void drain(struct dns_tcp *t, struct sent *s, size_t step)
{
	const uint8_t *p;
	size_t len;

	while ((p = dns_tcp_send_buf(t, &len)) != NULL && len > 0) {
		size_t n = len < step ? len : step;
		if (s->len + n <= sizeof(s->buf)) {
			memcpy(s->buf + s->len, p, n);
			s->len += n;
		}
		dns_tcp_sent(t, n);
	}
}

/* Feeds in, draining as the session answers; returns what it took. */
static size_t feed(struct dns_tcp *t, const uint8_t *in, size_t n,
		   struct sent *s, size_t step)
{
	size_t done = 0;

	while (done < n && !dns_tcp_closing(t)) {
		size_t k = dns_tcp_input(t, in + done, n - done);
		done += k;
		if (!dns_tcp_sending(t) && k == 0)
			break;
		drain(t, s, step);
	}
	return done;
}

/* The i-th message of s (its offset past the prefix, its length), or -1. */
static long msg_at(const struct sent *s, unsigned i, size_t *len)
{
	size_t off = 0;

	for (;;) {
		if (off + 2 > s->len)
			return -1;
		*len = (size_t)s->buf[off] << 8 | s->buf[off + 1];
		if (off + 2 + *len > s->len)
			return -1;
		if (i-- == 0)
			return (long)(off + 2);
		off += 2 + *len;
	}
}

static unsigned count_msgs(const struct sent *s)
{
	size_t len;
	unsigned n = 0;

	while (msg_at(s, n, &len) >= 0)
		n++;
	return n;
}

static uint16_t u16_at(const struct sent *s, long off, size_t at)
{
	return (uint16_t)(s->buf[off + (long)at] << 8 |
			  s->buf[off + (long)at + 1]);
}

static struct sent out;

static void test_pipelined(void)
{
	static const char *const names[] = {
	    "\3www\7example\3com", "\7example\3com", "\2nx\7example\3com"};
	uint8_t in[2048];
	size_t n = 0, len;
	struct dns_tcp t;

	for (unsigned i = 0; i < 3; i++)
		n += query(in + n, (uint16_t)(100 + i), names[i], DNS_T_A, 0);
	dns_tcp_init(&t, &srv, 0);
	out.len = 0;
	size_t first = dns_tcp_input(&t, in, n);
	CHECK(first == (size_t)(in[0] << 8 | in[1]) + 2,
	      "took %zu octets of %zu: no more than the first query", first, n);
	CHECK(dns_tcp_sending(&t), "the first response waits");
	uint8_t *p = dns_tcp_recv_buf(&t, &len);
	CHECK(p == NULL && len == 0, "no input while a response waits");
	drain(&t, &out, 3);
	CHECK(feed(&t, in + first, n - first, &out, 7) == n - first,
	      "the rest taken");
	CHECK(count_msgs(&out) == 3, "3 responses, found %u", count_msgs(&out));
	for (unsigned i = 0; i < 3; i++) {
		long off = msg_at(&out, i, &len);
		CHECK(off >= 0 && u16_at(&out, off, 0) == 100 + i,
		      "response %u answers query %u", i, 100 + i);
	}
	long off = msg_at(&out, 2, &len);
	CHECK(off >= 0 && (out.buf[off + 3] & 0xf) == DNS_R_NXDOMAIN,
	      "the third is NXDOMAIN");
	CHECK(!dns_tcp_closing(&t) && !dns_tcp_sending(&t), "open, idle");
	dns_tcp_fini(&t);
}

static void test_octet_at_a_time(void)
{
	uint8_t in[512];
	size_t n = query(in, 7, "\7example\3com", DNS_T_SOA, 1), len;
	struct dns_tcp t;

	dns_tcp_init(&t, &srv, 0);
	out.len = 0;
	for (size_t i = 0; i < n; i++) {
		CHECK(feed(&t, in + i, 1, &out, 1) == 1, "octet %zu taken", i);
		if (i + 1 < n)
			CHECK(out.len == 0,
			      "no response before the last octet");
	}
	long off = msg_at(&out, 0, &len);
	CHECK(off >= 0 && u16_at(&out, off, 0) == 7 &&
		  u16_at(&out, off, 6) == 1,
	      "one answer to the query");
	dns_tcp_fini(&t);
}

static void test_closing(void)
{
	uint8_t in[512];
	size_t n = query(in, 9, "\7example\3com", DNS_T_A, 0);
	struct dns_tcp t;
	static const uint8_t lens[][2] = {{0, 0}, {0, 12}, {0, 16}};

	for (unsigned i = 0; i < 3; i++) {
		dns_tcp_init(&t, &srv, 0);
		out.len = 0;
		feed(&t, lens[i], 2, &out, 100);
		CHECK(dns_tcp_closing(&t) && t.end == DNS_TCP_SHORT &&
			  out.len == 0,
		      "length %u closes at once", lens[i][1]);
		dns_tcp_fini(&t);
	}
	in[4] |= 0x80; /* QR */
	dns_tcp_init(&t, &srv, 0);
	out.len = 0;
	feed(&t, in, n, &out, 100);
	CHECK(dns_tcp_closing(&t) && t.end == DNS_TCP_DROP && out.len == 0,
	      "a response sent to us closes");
	dns_tcp_fini(&t);
}

static void test_long_messages(void)
{
	static uint8_t in[4096];
	size_t n = query(in, 11, "\3big\7example\3com", DNS_T_TXT, 0), len;
	struct dns_tcp t;
	uint8_t udp[65535];

	/* Over UDP without EDNS: TC. Over TCP: the whole TXT RR, no TC. */
	size_t ulen = dns_answer(&srv, in + 2, n - 2, udp, sizeof(udp));
	CHECK(ulen > 0 && (udp[2] & 0x02), "TC over UDP");
	/* Trailing octets make the query longer than the inline buffer. */
	memset(in + n, 0, 1000);
	put16(in, (uint16_t)(n - 2 + 1000));
	dns_tcp_init(&t, &srv, 0);
	out.len = 0;
	feed(&t, in, n + 1000, &out, 1000);
	long off = msg_at(&out, 0, &len);
	CHECK(off >= 0 && len > DNS_TCP_OUT_SMALL &&
		  !(out.buf[off + 2] & 0x02) && u16_at(&out, off, 6) == 1,
	      "the TXT RR whole in %zu octets, no TC", len);
	dns_tcp_fini(&t);
}

/* Checks a whole transfer: SOA first and last, rrs RRs in all. */
static void check_transfer(const struct sent *s, unsigned rrs, const char *what)
{
	unsigned msgs = count_msgs(s), total = 0;
	size_t len;

	for (unsigned i = 0; i < msgs; i++) {
		long off = msg_at(s, i, &len);
		CHECK(len <= DNS_AXFR_MSG_MAX || u16_at(s, off, 6) == 1,
		      "%s: message %u of %zu octets holds one RR", what, i,
		      len);
		CHECK((s->buf[off + 2] & 0x84) == 0x84 &&
			  (s->buf[off + 3] & 0xf) == 0,
		      "%s: message %u: QR, AA, NOERROR", what, i);
		CHECK(u16_at(s, off, 4) == (i == 0 ? 1 : 0),
		      "%s: question in the first message only", what);
		total += u16_at(s, off, 6);
	}
	CHECK(total == rrs, "%s: %u RRs in %u messages, expected %u", what,
	      total, msgs, rrs);
	long off = msg_at(s, msgs - 1, &len);
	/* The closing SOA: its type at 10 octets before its rdata's end. */
	CHECK(off >= 0 && len > 40, "%s: a last message", what);
}

static void test_axfr(void)
{
	uint8_t in[512];
	size_t n = query(in, 21, "\7example\3com", DNS_T_AXFR, 0), len;
	struct dns_tcp t;

	dns_tcp_init(&t, &srv, 0);
	out.len = 0;
	feed(&t, in, n, &out, 1 << 20);
	long off = msg_at(&out, 0, &len);
	CHECK(off >= 0 && (out.buf[off + 3] & 0xf) == DNS_R_REFUSED,
	      "refused unless allowed");
	dns_tcp_fini(&t);

	dns_tcp_init(&t, &srv, 1);
	out.len = 0;
	feed(&t, in, n, &out, 1 << 20);
	CHECK(count_msgs(&out) == 1, "a small zone in one message");
	check_transfer(&out, ZONE_RRS + 1, "example.com");
	CHECK(!dns_tcp_sending(&t) && !dns_tcp_closing(&t), "then idle");
	dns_tcp_fini(&t);

	/* Many messages, sent in pieces, the next query queued behind. */
	n = query(in, 22, "\4many", DNS_T_AXFR, 1);
	n += query(in + n, 23, "\4many", DNS_T_SOA, 0);
	dns_tcp_init(&t, &many_srv, 1);
	out.len = 0;
	feed(&t, in, n, &out, 1000);
	unsigned msgs = count_msgs(&out);
	CHECK(msgs > 4, "%u messages", msgs);
	off = msg_at(&out, msgs - 1, &len);
	CHECK(off >= 0 && u16_at(&out, off, 0) == 23, "then the SOA query");
	out.len = (size_t)msg_at(&out, msgs - 1, &len) - 2;
	check_transfer(&out, 3000 + 3 + 1, "many");
	dns_tcp_fini(&t);
}

static void test_ixfr(void)
{
	uint8_t in[512];
	size_t n = query(in, 31, "\7example\3com", DNS_T_IXFR, 0), len;
	struct dns_tcp t;

	dns_tcp_init(&t, &srv, 1);
	out.len = 0;
	feed(&t, in, n, &out, 1 << 20);
	long off = msg_at(&out, 0, &len);
	CHECK(off >= 0 && len == 12 &&
		  (out.buf[off + 3] & 0xf) == DNS_R_FORMERR,
	      "IXFR without the client's SOA: FORMERR");
	dns_tcp_fini(&t);
}

static void test_acl(void)
{
	static const char *const bad[] = {"10.0.0.0/33",
					  "10.0.0",
					  "10.0.0.0/8,",
					  ",10.0.0.0/8",
					  "10.0.0.0/8,,192.0.2.1",
					  "10.0.0.0/8 192.0.2.1",
					  "010.0.0.1",
					  "10.0.0.256",
					  "any"};
	static const uint8_t in10[4] = {10, 200, 3, 4},
			     in192[4] = {192, 0, 2, 1},
			     other[4] = {192, 0, 2, 2};
	struct dns_acl a;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		CHECK(dns_acl_init(&a, bad[i]) == -1, "\"%s\" refused", bad[i]);
	CHECK(dns_acl_init(&a, "") == 0 && a.n == 0 &&
		  !dns_acl_allows_ipv4(&a, in10),
	      "empty: nobody");
	dns_acl_fini(&a);
	CHECK(dns_acl_init(&a, " 10.0.0.0/8 , 192.0.2.1") == 0 && a.n == 2,
	      "two prefixes, blanks around them");
	CHECK(dns_acl_allows_ipv4(&a, in10) && dns_acl_allows_ipv4(&a, in192) &&
		  !dns_acl_allows_ipv4(&a, other),
	      "10/8 and 192.0.2.1/32 only");
	dns_acl_fini(&a);
	CHECK(dns_acl_init(&a, "0.0.0.0/0") == 0 &&
		  dns_acl_allows_ipv4(&a, other),
	      "/0: everybody");
	dns_acl_fini(&a);
}

/* An IPv6 address from the golden text of a case: 16 bytes, hex. */
static void hex16(const char *hex, uint8_t out[16])
{
	for (int i = 0; i < 16; i++) {
		unsigned v;

		sscanf(hex + 2 * i, "%2x", &v);
		out[i] = (uint8_t)v;
	}
}

/*
 * IPv6 prefixes in every text form of RFC 4291 2.2 and 2.3, parsed to the
 * bytes and lengths written out by hand, then matched bit by bit at the
 * prefix's edge; IPv4-mapped clients against IPv4 prefixes.
 */
static void test_acl_ipv6(void)
{
	static const struct {
		const char *text;
		const char *addr; /* 32 hex digits */
		unsigned len;
	} good[] = {
	    {"2001:db8::/32", "20010db8000000000000000000000000", 32},
	    {"2001:DB8:0:0:8:800:200C:417A", "20010db80000000000080800200c417a",
	     128},
	    {"::/0", "00000000000000000000000000000000", 0},
	    {"::", "00000000000000000000000000000000", 128},
	    {"::1", "00000000000000000000000000000001", 128},
	    {"fe80::/10", "fe800000000000000000000000000000", 10},
	    {"2001:db8:0:cd30::/60", "20010db80000cd300000000000000000", 60},
	    {"2001:db8::cd30:0:0:0/64", "20010db800000000cd30000000000000", 64},
	    {"::ffff:192.0.2.0/120", "00000000000000000000ffffc0000200", 120},
	    {"::13.1.68.3", "0000000000000000000000000d014403", 128},
	    {"1:2:3:4:5:6:7::", "00010002000300040005000600070000", 128},
	    {"::2:3:4:5:6:7:8", "00000002000300040005000600070008", 128},
	    {"1:2:3:4:5:6:1.2.3.4", "00010002000300040005000601020304", 128},
	    {"ff02::1:ff00:0/104", "ff0200000000000000000001ff000000", 104},
	};
	static const char *const bad[] = {
	    "2001:db8::/129", "2001:db8::/",	   "2001:db8::/032",
	    "2001:db8:::1",   "2001:db8::1::2",	   ":1::",
	    "1::2:",	      "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7",
	    "12345::",	      "2001:db8::g",	   "::1.2.3",
	    "::1.2.3.4/8/8",  "1.2.3.4::",	   "::1.2.3.256",
	    "fe80::1%eth0",   "2001:db8::/32 64",  "10.0.0.0/8,2001:db8::/33,"};
	struct dns_acl a;
	uint8_t want[16];

	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		CHECK(dns_acl_init(&a, good[i].text) == 0 && a.n == 1,
		      "\"%s\" accepted", good[i].text);
		if (a.n != 1)
			continue;
		hex16(good[i].addr, want);
		CHECK(a.v[0].family == 6 && a.v[0].len == good[i].len &&
			  memcmp(a.v[0].addr, want, 16) == 0,
		      "\"%s\": %s/%u", good[i].text, good[i].addr, good[i].len);
		dns_acl_fini(&a);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		CHECK(dns_acl_init(&a, bad[i]) == -1, "\"%s\" refused", bad[i]);

	/* Both families in one list; each matches its own clients. */
	uint8_t in32[16], edge[16], out33[16], mapped[16],
	    v4[4] = {10, 1, 2, 3};
	hex16("20010db8ffffffffffffffffffffffff", in32);
	hex16("20010db8000000000000000000000000", edge);
	hex16("20010db9000000000000000000000000", out33);
	hex16("00000000000000000000ffff0a010203", mapped);
	CHECK(dns_acl_init(&a, "10.0.0.0/8, 2001:db8::/32") == 0 && a.n == 2,
	      "a list of both families");
	CHECK(dns_acl_allows_ipv6(&a, in32) && dns_acl_allows_ipv6(&a, edge) &&
		  !dns_acl_allows_ipv6(&a, out33),
	      "2001:db8::/32 holds 2001:db8:ffff:..., not 2001:db9::");
	CHECK(dns_acl_allows_ipv4(&a, v4), "10.1.2.3 by 10/8");
	CHECK(!dns_acl_allows_ipv6(&a, mapped),
	      "::ffff:10.1.2.3 is not admitted by the IPv4 prefix 10/8");
	struct net_addr n6 = {NET_FAMILY_IPV6, {0}},
			n4 = net_addr_ipv4(0x0a010203);
	memcpy(n6.a, in32, 16);
	CHECK(dns_acl_allows(&a, &n6) && dns_acl_allows(&a, &n4),
	      "dns_acl_allows() by family");
	memcpy(n6.a, v4, 4);
	memset(n6.a + 4, 0, 12);
	CHECK(!dns_acl_allows(&a, &n6),
	      "an IPv6 client whose first bytes are 10.1.2.3 is not 10/8's");
	dns_acl_fini(&a);

	/* A length that ends inside a byte: /61 of 2001:db8:0:cd30::. */
	uint8_t in61[16], out61[16];
	hex16("20010db80000cd37ffffffffffffffff", in61);
	hex16("20010db80000cd380000000000000000", out61);
	CHECK(dns_acl_init(&a, "2001:db8:0:cd30::/61") == 0 &&
		  dns_acl_allows_ipv6(&a, in61) &&
		  !dns_acl_allows_ipv6(&a, out61),
	      "/61: cd30-cd37 in, cd38 out");
	dns_acl_fini(&a);

	/* A mapped prefix written as IPv6 admits mapped clients only. */
	CHECK(dns_acl_init(&a, "::ffff:10.0.0.0/104") == 0 &&
		  dns_acl_allows_ipv6(&a, mapped) &&
		  !dns_acl_allows_ipv4(&a, v4),
	      "::ffff:10.0.0.0/104: the mapped client, not the IPv4 one");
	dns_acl_fini(&a);

	/* ::/0 admits every IPv6 client and no IPv4 one; /0 bits ignored. */
	CHECK(dns_acl_init(&a, "::/0") == 0 && dns_acl_allows_ipv6(&a, out33) &&
		  !dns_acl_allows_ipv4(&a, v4),
	      "::/0: every IPv6 client, no IPv4 one");
	dns_acl_fini(&a);
	CHECK(dns_acl_init(&a, "2001:db8::1/0") == 0 &&
		  dns_acl_allows_ipv6(&a, mapped),
	      "host bits past the length are not compared");
	dns_acl_fini(&a);
}

static void load(struct dns_zone *z, const char *text, const char *origin)
{
	struct dns_zone_parse_opts o = {"t.zone", origin, NULL, NULL};
	uint8_t *blob = NULL;
	size_t len;
	char err[256];

	if (dns_zone_parse(text, strlen(text), &o, &blob, &len, err,
			   sizeof(err)) != DNS_ZONE_OK ||
	    dns_zone_load(z, blob, len) != DNS_ZONE_OK) {
		printf("FAIL: zone: %s\n", err);
		exit(1);
	}
}

/* 3000 A RRs, a 15 KB TXT and a 20 KB one (alone in its message). */
static char *many_text(void)
{
	size_t cap = 1 << 20, n = 0;
	char *t = malloc(cap);

	n += (size_t)snprintf(t + n, cap - n, "@ SOA ns h 1 2 3 4 5\n");
	for (int i = 0; i < 3000; i++)
		n += (size_t)snprintf(t + n, cap - n, "h%d A 10.0.%d.%d\n", i,
				      i >> 8, i & 255);
	for (int k = 0; k < 2; k++) {
		n += (size_t)snprintf(t + n, cap - n, "t%d TXT", k);
		for (int i = 0; i < (k ? 80 : 60); i++)
			n += (size_t)snprintf(t + n, cap - n, " \"%0250d\"", i);
		n += (size_t)snprintf(t + n, cap - n, "\n");
	}
	return t;
}

int main(void)
{
	char *text = many_text();

	load(&zone, zone_text, "example.com");
	load(&many, text, "many");
	free(text);
	if (dns_server_init(&srv, &set, NULL) != 0 ||
	    dns_server_init(&many_srv, &many_set, NULL) != 0)
		return 1;
	test_pipelined();
	test_octet_at_a_time();
	test_closing();
	test_long_messages();
	test_axfr();
	test_ixfr();
	test_acl();
	test_acl_ipv6();
	dns_stats_print(&srv.stats);
	return unit_summary();
}
