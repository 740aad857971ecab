/* SPDX-License-Identifier: ISC */
/*
 * The wire formats of rt/net/wire/ on golden bytes (golden.h, written by an
 * independent implementation): each decodes to the expected fields, encodes
 * back to the same bytes, and refuses every impossible length and every
 * malformed field with the drop reason that names it.
 */
#include <string.h>

#include "golden.h"
#include "net/wire/arp.h"
#include "net/wire/csum.h"
#include "net/wire/dhcp.h"
#include "net/wire/eth.h"
#include "net/wire/icmp.h"
#include "net/wire/ipv4.h"
#include "net/wire/udp.h"
#include "unit.h"

UNIT_COUNTERS;

#define IP(a, b, c, d) ((uint32_t)(a) << 24 | (b) << 16 | (c) << 8 | (d))
static const uint8_t host_mac[6] = {0x52, 0x55, 0, 0, 2, 2};
static const uint8_t our_mac[6] = {0x52, 0x54, 0, 0x12, 0x34, 0x56};

static struct bytes B(const uint8_t *p, size_t n) {
	return bytes_make(p, n);
}

static void
test_csum(void)
{
	uint8_t odd[3] = {0x01, 0x02, 0x03};

	CHECK(csum_of(B(golden_ipv4_wiki, 20)) == 0xb861, "got %04x",
	      csum_of(B(golden_ipv4_wiki, 20)));
	/* 0x0102 + 0x0300 = 0x0402 -> ~ = 0xfbfd */
	CHECK(csum_of(B(odd, 3)) == 0xfbfd, "odd length: %04x",
	      csum_of(B(odd, 3)));
	CHECK(csum_of(B(odd, 0)) == 0xffff, "empty: %04x", csum_of(B(odd, 0)));
	CHECK(csum_of(B(golden_udp + 14, 20)) == 0, "a valid header sums to 0");
}

static void test_eth(void)
{
	struct eth_hdr h;
	struct bytes pl;
	uint8_t out[ETH_HLEN];
	size_t n;

	CHECK(eth_parse(B(golden_arp_request, 60), &h, &pl) == NET_DROP_NONE,
	      "golden frame");
	CHECK(memcmp(h.dst, eth_broadcast, 6) == 0, "dst");
	CHECK(memcmp(h.src, host_mac, 6) == 0, "src");
	CHECK(h.type == ETH_TYPE_ARP, "type %04x", h.type);
	CHECK(pl.p == golden_arp_request + 14 && pl.len == 46, "payload %zu",
	      pl.len);
	CHECK(eth_emit(out, sizeof(out), &h) == ETH_HLEN &&
		  memcmp(out, golden_arp_request, ETH_HLEN) == 0,
	      "re-encoding gives the golden header");
	CHECK(eth_emit(out, ETH_HLEN - 1, &h) == 0, "emit into 13 bytes");
	for (n = 0; n < ETH_HLEN; n++)
		CHECK(eth_check(B(golden_arp_request, n)) == NET_DROP_ETH_SHORT,
		      "length %zu", n);
	CHECK(eth_check(B(golden_arp_request, ETH_HLEN)) == NET_DROP_NONE,
	      "a bare header is a frame");
}

static void test_arp(void)
{
	const uint8_t *p = golden_arp_request + 14;
	struct arp_pkt a;
	uint8_t buf[ARP_LEN], bad[ARP_LEN];
	size_t n, i;

	CHECK(arp_parse(B(p, 46), &a) == NET_DROP_NONE, "golden request");
	CHECK(a.op == ARP_OP_REQUEST && a.spa == IP(10, 0, 2, 2) &&
		  a.tpa == IP(10, 0, 2, 15) && memcmp(a.sha, host_mac, 6) == 0,
	      "fields op %u spa %08x tpa %08x", a.op, a.spa, a.tpa);
	CHECK(arp_emit(buf, sizeof(buf), &a) == ARP_LEN &&
		  memcmp(buf, p, ARP_LEN) == 0,
	      "re-encoding gives the golden packet");
	CHECK(arp_emit(buf, ARP_LEN - 1, &a) == 0, "emit into 27 bytes");
	CHECK(arp_parse(B(golden_arp_reply + 14, 28), &a) == NET_DROP_NONE &&
		  a.op == ARP_OP_REPLY && memcmp(a.tha, host_mac, 6) == 0 &&
		  memcmp(a.sha, our_mac, 6) == 0,
	      "golden reply");
	for (n = 0; n < ARP_LEN; n++)
		CHECK(arp_check(B(p, n)) == NET_DROP_ARP_SHORT, "length %zu",
		      n);
	/* htype, ptype, hlen, plen: each changed is a format error */
	static const size_t fields[] = {1, 2, 4, 5};
	for (i = 0; i < 4; i++) {
		memcpy(bad, p, ARP_LEN);
		bad[fields[i]] ^= 0x40;
		CHECK(arp_check(B(bad, ARP_LEN)) == NET_DROP_ARP_FORMAT,
		      "byte %zu changed", fields[i]);
	}
	memcpy(bad, p, ARP_LEN);
	bad[7] = 3;
	CHECK(arp_check(B(bad, ARP_LEN)) == NET_DROP_ARP_OP, "op 3");
	bad[7] = 0;
	CHECK(arp_check(B(bad, ARP_LEN)) == NET_DROP_ARP_OP, "op 0");
}

/* Copy the IPv4 packet of golden_udp into buf and fix its checksum. */
static size_t ip_copy(uint8_t *buf, size_t extra)
{
	size_t len = sizeof(golden_udp) - 14;

	memcpy(buf, golden_udp + 14, len);
	memset(buf + len, 0xee, extra);
	return len + extra;
}

static void ip_resum(uint8_t *h, size_t hlen)
{
	put16(h + 10, 0);
	put16(h + 10, csum_of(B(h, hlen)));
}

static void test_ipv4_decode(void)
{
	struct ipv4_hdr h;
	struct bytes pl;
	uint8_t buf[128];
	size_t len = ip_copy(buf, 6); /* Ethernet padding after the packet */

	CHECK(ipv4_parse(B(buf, len), &h, &pl) == NET_DROP_NONE, "golden");
	CHECK(h.hlen == 20 && h.ttl == 64 && h.proto == IPV4_PROTO_UDP &&
		  h.src == IP(10, 0, 2, 2) && h.dst == IP(10, 0, 2, 15) &&
		  h.id == 1 && h.frag == IPV4_FLAG_DF && !ipv4_is_fragment(&h),
	      "fields");
	CHECK(pl.p == buf + 20 && pl.len == h.total_len - 20u &&
		  pl.len == len - 6 - 20,
	      "payload stops at the total length, not at the padding: %zu",
	      pl.len);
	CHECK(ipv4_parse(
		  B(golden_ip_options + 14, sizeof(golden_ip_options) - 14), &h,
		  &pl) == NET_DROP_NONE &&
		  h.hlen == 24 && pl.p == golden_ip_options + 14 + 24 &&
		  pl.len == 8 + 3,
	      "options are skipped");
	h.frag = IPV4_FLAG_MF;
	CHECK(ipv4_is_fragment(&h), "MF is a fragment");
	h.frag = 5;
	CHECK(ipv4_is_fragment(&h), "an offset is a fragment");
}

static void test_ipv4_refuse(void)
{
	uint8_t buf[128];
	size_t len, n;

	len = ip_copy(buf, 0);
	for (n = 0; n < IPV4_MIN_HLEN; n++)
		CHECK(ipv4_check(B(buf, n)) == NET_DROP_IP_SHORT, "len %zu", n);
	buf[0] = 0x65;
	CHECK(ipv4_check(B(buf, len)) == NET_DROP_IP_VERSION, "version 6");
	buf[0] = 0x44;
	CHECK(ipv4_check(B(buf, len)) == NET_DROP_IP_IHL, "IHL 4");
	buf[0] = 0x4f; /* 60 bytes of header in a 20-byte buffer */
	CHECK(ipv4_check(B(buf, 20)) == NET_DROP_IP_IHL, "IHL past buffer");
	len = ip_copy(buf, 0);
	put16(buf + 2, 19);
	ip_resum(buf, 20);
	CHECK(ipv4_check(B(buf, len)) == NET_DROP_IP_TOTLEN, "total < header");
	put16(buf + 2, (uint16_t)(len + 1));
	ip_resum(buf, 20);
	CHECK(ipv4_check(B(buf, len)) == NET_DROP_IP_TOTLEN, "total > buffer");
	len = ip_copy(buf, 0);
	buf[11] ^= 1;
	CHECK(ipv4_check(B(buf, len)) == NET_DROP_IP_CSUM, "checksum");
	memset(buf, 0, 115); /* the example's total length is 115 */
	memcpy(buf, golden_ipv4_wiki, 20);
	CHECK(ipv4_check(B(buf, 115)) == NET_DROP_IP_CSUM,
	      "zero checksum field is checked, not skipped");
	put16(buf + 10, 0xb861);
	CHECK(ipv4_check(B(buf, 115)) == NET_DROP_NONE, "with its checksum");
}

static void test_ipv4_encode(void)
{
	struct ipv4_hdr h = {.ttl = 64,
			     .proto = IPV4_PROTO_ICMP,
			     .src = IP(10, 0, 2, 15),
			     .dst = IP(10, 0, 2, 2),
			     .id = 0,
			     .frag = IPV4_FLAG_DF};
	uint8_t out[20];

	CHECK(ipv4_emit(out, 20, &h, sizeof(golden_icmp_reply_l3) - 20) == 20 &&
		  memcmp(out, golden_icmp_reply_l3, 20) == 0,
	      "header of the golden echo reply");
	CHECK(ipv4_emit(out, 19, &h, 0) == 0, "emit into 19 bytes");
	CHECK(ipv4_emit(out, 20, &h, 0xffff - 19) == 0, "total over 65535");
}

static void test_icmp(void)
{
	const uint8_t *m = golden_icmp_echo + 34;
	size_t len = sizeof(golden_icmp_echo) - 34, n;
	struct icmp_hdr h;
	struct bytes data;
	uint8_t out[64], bad[64];

	CHECK(icmp_parse(B(m, len), &h, &data) == NET_DROP_NONE, "golden");
	CHECK(h.type == ICMP_ECHO_REQUEST && h.code == 0 && h.id == 0x1234 &&
		  h.seq == 1 && data.len == 8 &&
		  memcmp(data.p, "abcdefgh", 8) == 0,
	      "fields");
	memcpy(out + ICMP_HLEN, data.p, data.len);
	h.type = ICMP_ECHO_REPLY;
	CHECK(icmp_emit(out, sizeof(out), &h, data.len) == ICMP_HLEN &&
		  memcmp(out, golden_icmp_reply_l3 + 20, 16) == 0,
	      "encoding the reply gives the golden reply");
	CHECK(icmp_emit(out, 15, &h, 8) == 0, "emit into too little room");
	for (n = 0; n < ICMP_HLEN; n++)
		CHECK(icmp_check(B(m, n)) == NET_DROP_ICMP_SHORT, "len %zu", n);
	memcpy(bad, m, len);
	bad[len - 1] ^= 0x10;
	CHECK(icmp_check(B(bad, len)) == NET_DROP_ICMP_CSUM, "data changed");
}

static void test_udp_decode(void)
{
	const uint8_t *u = golden_udp + 34;
	size_t len = sizeof(golden_udp) - 34, n;
	uint32_t src = IP(10, 0, 2, 2), dst = IP(10, 0, 2, 15);
	struct udp_hdr h;
	struct bytes data;
	uint8_t bad[64];

	CHECK(udp_parse(B(u, len), src, dst, &h, &data) == NET_DROP_NONE,
	      "golden");
	CHECK(h.sport == 5000 && h.dport == 7 && h.len == 13 && data.len == 5 &&
		  memcmp(data.p, "hello", 5) == 0,
	      "fields");
	CHECK(udp_check(B(u, len), src, IP(10, 0, 2, 16)) == NET_DROP_UDP_CSUM,
	      "the pseudo-header is part of the checksum");
	CHECK(udp_check(B(golden_udp_nocsum + 34, 13), src, dst) ==
		  NET_DROP_NONE,
	      "a zero checksum means none");
	for (n = 0; n < UDP_HLEN; n++)
		CHECK(udp_check(B(u, n), src, dst) == NET_DROP_UDP_SHORT,
		      "len %zu", n);
	memcpy(bad, u, len);
	put16(bad + 4, 7);
	CHECK(udp_check(B(bad, len), src, dst) == NET_DROP_UDP_LEN, "len 7");
	put16(bad + 4, (uint16_t)(len + 1));
	CHECK(udp_check(B(bad, len), src, dst) == NET_DROP_UDP_LEN,
	      "len past the IP payload");
	memcpy(bad, u, len);
	bad[8] ^= 1;
	CHECK(udp_check(B(bad, len), src, dst) == NET_DROP_UDP_CSUM,
	      "data changed");
	/* a datagram shorter than the IP payload: the rest is not data */
	memcpy(bad, u, len);
	put16(bad + 4, 10);
	put16(bad + 6, 0);
	CHECK(udp_parse(B(bad, len), src, dst, &h, &data) == NET_DROP_NONE &&
		  data.len == 2,
	      "data ends at the length field: %zu", data.len);
}

static void test_udp_encode(void)
{
	uint32_t src = IP(10, 0, 2, 15), dst = IP(10, 0, 2, 2);
	uint8_t out[64];
	unsigned v;
	bool found = false;

	memcpy(out + 8, "hello", 5);
	CHECK(udp_emit(out, sizeof(out), src, dst, 7, 5000, 5) == 8 &&
		  memcmp(out, golden_udp_reply_l3 + 20, 13) == 0,
	      "encoding gives the golden reply");
	CHECK(udp_emit(out, 12, src, dst, 7, 5000, 5) == 0, "too little room");
	/* find two data bytes whose checksum is 0: it must go out as 0xffff */
	for (v = 0; v < 0x10000 && !found; v++) {
		put16(out + 8, (uint16_t)v);
		udp_emit(out, sizeof(out), src, dst, 7, 5000, 2);
		if (get16(B(out, 8), 6) == 0xffff)
			found = true;
	}
	CHECK(found, "no data gave a computed checksum of 0");
	CHECK(udp_check(B(out, 10), src, dst) == NET_DROP_NONE,
	      "0xffff verifies");
}

static void test_dhcp_decode(void)
{
	struct dhcp_msg m;
	size_t len = sizeof(golden_dhcp_offer), n;
	uint8_t bad[sizeof(golden_dhcp_offer)];

	CHECK(dhcp_parse(B(golden_dhcp_offer, len), &m) == NET_DROP_NONE,
	      "golden offer");
	CHECK(m.op == BOOTP_REPLY && m.type == DHCP_OFFER &&
		  m.xid == 0xdeadbeef && m.yiaddr == IP(10, 0, 2, 15) &&
		  m.server_id == IP(10, 0, 2, 2) &&
		  m.subnet_mask == IP(255, 255, 255, 0) &&
		  m.router == IP(10, 0, 2, 2) && m.lease_s == 86400 &&
		  m.t1_s == 0 && memcmp(m.chaddr, our_mac, 6) == 0,
	      "fields");
	for (n = 0; n < DHCP_OPTIONS_OFF; n += 7)
		CHECK(dhcp_check(B(golden_dhcp_offer, n)) ==
			  NET_DROP_DHCP_SHORT,
		      "len %zu", n);
	CHECK(dhcp_check(B(golden_dhcp_offer, DHCP_OPTIONS_OFF)) ==
		  NET_DROP_NONE,
	      "no options at all is allowed");
	/* cut inside an option: its length runs past the end */
	CHECK(dhcp_check(B(golden_dhcp_offer, DHCP_OPTIONS_OFF + 4)) ==
		  NET_DROP_DHCP_OPTIONS,
	      "option cut short");
	CHECK(dhcp_check(B(golden_dhcp_offer, DHCP_OPTIONS_OFF + 2)) ==
		  NET_DROP_DHCP_OPTIONS,
	      "value cut short");
	memcpy(bad, golden_dhcp_offer, len);
	bad[DHCP_FIXED_LEN] = 0;
	CHECK(dhcp_check(B(bad, len)) == NET_DROP_DHCP_FORMAT, "cookie");
	memcpy(bad, golden_dhcp_offer, len);
	bad[2] = 16;
	CHECK(dhcp_check(B(bad, len)) == NET_DROP_DHCP_FORMAT, "hlen 16");
	memcpy(bad, golden_dhcp_offer, len);
	bad[DHCP_OPTIONS_OFF + 1] = 2; /* message type with two bytes */
	CHECK(dhcp_check(B(bad, len)) == NET_DROP_DHCP_OPTIONS,
	      "message type of length 2");
	memcpy(bad, golden_dhcp_offer, len);
	bad[DHCP_OPTIONS_OFF + 4] = 200; /* server id says 200 bytes */
	CHECK(dhcp_check(B(bad, len)) == NET_DROP_DHCP_OPTIONS,
	      "length past the end");
}

static void test_dhcp_encode(void)
{
	struct dhcp_msg m = {.op = BOOTP_REQUEST,
			     .type = DHCP_REQUEST,
			     .xid = 0x01020304,
			     .secs = 3,
			     .flags = DHCP_FLAG_BROADCAST,
			     .requested_ip = IP(10, 0, 2, 15),
			     .server_id = IP(10, 0, 2, 2)},
			d;
	uint8_t out[DHCP_MAX_EMIT];
	size_t len;

	memcpy(m.chaddr, our_mac, 6);
	CHECK(dhcp_emit(out, DHCP_MAX_EMIT - 1, &m) == 0, "too little room");
	len = dhcp_emit(out, sizeof(out), &m);
	CHECK(len == DHCP_MIN_EMIT, "padded to 300 bytes, got %zu", len);
	CHECK(out[0] == 1 && out[1] == 1 && out[2] == 6 && out[4] == 1 &&
		  out[7] == 4 && out[9] == 3 && out[10] == 0x80 &&
		  memcmp(out + 28, our_mac, 6) == 0 && out[236] == 99 &&
		  out[239] == 99,
	      "fixed part");
	static const uint8_t opts[] = {53, 1,	 3,    61,   7,	 1,  0x52, 0x54,
				       0,  0x12, 0x34, 0x56, 50, 4,  10,   0,
				       2,  15,	 54,   4,    10, 0,  2,	   2,
				       55, 5,	 1,    3,    51, 58, 59,   255};
	CHECK(memcmp(out + 240, opts, sizeof(opts)) == 0, "options");
	CHECK(dhcp_parse(B(out, len), &d) == NET_DROP_NONE &&
		  d.type == DHCP_REQUEST && d.requested_ip == m.requested_ip &&
		  d.server_id == m.server_id && d.xid == m.xid,
	      "decodes back");
}

int main(void)
{
	test_csum();
	test_eth();
	test_arp();
	test_ipv4_decode();
	test_ipv4_refuse();
	test_ipv4_encode();
	test_icmp();
	test_udp_decode();
	test_udp_encode();
	test_dhcp_decode();
	test_dhcp_encode();
	return unit_summary();
}
