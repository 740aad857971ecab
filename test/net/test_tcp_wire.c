/* SPDX-License-Identifier: ISC */
/*
 * The TCP wire layer (rt/net/wire/tcp.c) on golden segments written by hand
 * from RFC 9293, RFC 7323 and RFC 2018 in the layout Linux sends: each
 * decodes to the expected fields, its checksum agrees with a reference sum
 * computed here independently of csum.c, it encodes back to the same bytes,
 * and every malformed length or option is refused with the reason that
 * names it.
 */
#include <string.h>

#include "net/wire/tcp.h"
#include "unit.h"

UNIT_COUNTERS;

#define IP(a, b, c, d) ((uint32_t)(a) << 24 | (b) << 16 | (c) << 8 | (d))

/* 10.0.2.2:54321 -> 10.0.2.15:53, SYN, window 64240, seq 0x12345678. */
static const uint8_t golden_syn[40] = {
    0xd4, 0x31, 0x00, 0x35, /* ports 54321 -> 53 */
    0x12, 0x34, 0x56, 0x78, /* seq */
    0x00, 0x00, 0x00, 0x00, /* ack */
    0xa0, 0x02, 0xfa, 0xf0, /* offset 10, SYN, window 64240 */
    0x15, 0xaa, 0x00, 0x00, /* checksum, urgent */
    0x02, 0x04, 0x05, 0xb4, /* MSS 1460 */
    0x04, 0x02, 0x08, 0x0a, /* SACK-permitted, timestamps: */
    0x00, 0x01, 0xe2, 0x40, /*   TSval 123456 */
    0x00, 0x00, 0x00, 0x00, /*   TSecr 0 */
    0x01, 0x03, 0x03, 0x07, /* NOP, window scale 7 */
};

/* 10.0.2.15:53 -> 10.0.2.2:54321, SYN-ACK, window 65160. */
static const uint8_t golden_synack[40] = {
    0x00, 0x35, 0xd4, 0x31, /* ports 53 -> 54321 */
    0xab, 0xcd, 0xef, 0x01, /* seq */
    0x12, 0x34, 0x56, 0x79, /* ack: the SYN's seq + 1 */
    0xa0, 0x12, 0xfe, 0x88, /* offset 10, SYN|ACK, window 65160 */
    0x15, 0x27, 0x00, 0x00, /* checksum, urgent */
    0x02, 0x04, 0x05, 0xb4, /* MSS 1460 */
    0x04, 0x02, 0x08, 0x0a, /* SACK-permitted, timestamps: */
    0x00, 0xbc, 0x61, 0x4e, /*   TSval 12345678 */
    0x00, 0x01, 0xe2, 0x40, /*   TSecr 123456 */
    0x01, 0x03, 0x03, 0x07, /* NOP, window scale 7 */
};

/* 10.0.2.2 -> 10.0.2.15, PSH|ACK with two SACK blocks and "hello\n". */
static const uint8_t golden_data_sack[58] = {
    0xd4, 0x31, 0x00, 0x35, /* ports 54321 -> 53 */
    0x12, 0x34, 0x56, 0x79, /* seq */
    0xab, 0xcd, 0xef, 0x02, /* ack */
    0xd0, 0x18, 0x01, 0xf6, /* offset 13, PSH|ACK, window 502 */
    0x14, 0xf8, 0x00, 0x00, /* checksum, urgent */
    0x01, 0x01, 0x08, 0x0a, /* NOP, NOP, timestamps: */
    0x00, 0x01, 0xe2, 0x4a, /*   TSval 123466 */
    0x00, 0xbc, 0x61, 0x4e, /*   TSecr 12345678 */
    0x01, 0x01, 0x05, 0x12, /* NOP, NOP, SACK of 2 blocks: */
    0xab, 0xcd, 0xf0, 0x00, /*   left 1 */
    0xab, 0xcd, 0xf5, 0xb4, /*   right 1 */
    0xab, 0xcd, 0xfb, 0x68, /*   left 2 */
    0xab, 0xce, 0x01, 0x1c, /*   right 2 */
    'h',  'e',	'l',  'l',  'o', '\n',
};

static struct net_addr host, us, other;

static struct bytes B(const uint8_t *p, size_t n) {
	return bytes_make(p, n);
}

/* The reference: RFC 1071 over pseudo-header and segment, word by word. */
static uint16_t
ref_sum(uint32_t src, uint32_t dst, const uint8_t *p, size_t n)
{
	uint64_t s =
	    (src >> 16) + (src & 0xffff) + (dst >> 16) + (dst & 0xffff) + 6 + n;
	size_t i;

	for (i = 0; i < n; i++)
		s += i % 2 ? p[i] : (uint32_t)p[i] << 8;
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

/* Copy seg into buf and recompute its checksum (src -> dst = host -> us). */
static void resum(uint8_t *buf, size_t n)
{
	buf[16] = buf[17] = 0;
	put16(buf + 16, ref_sum(IP(10, 0, 2, 2), IP(10, 0, 2, 15), buf, n));
}

static void test_reference_sums(void)
{
	CHECK(ref_sum(IP(10, 0, 2, 2), IP(10, 0, 2, 15), golden_syn, 40) == 0,
	      "SYN sums to 0");
	CHECK(ref_sum(IP(10, 0, 2, 15), IP(10, 0, 2, 2), golden_synack, 40) ==
		  0,
	      "SYN-ACK sums to 0");
	CHECK(ref_sum(IP(10, 0, 2, 2), IP(10, 0, 2, 15), golden_data_sack,
		      58) == 0,
	      "data segment sums to 0");
}

static void test_syn(void)
{
	struct bytes s = B(golden_syn, 40), data;
	struct tcp_hdr h;
	uint8_t out[64];

	CHECK(tcp_check(s, &host, &us) == TCP_DROP_NONE, "golden SYN");
	CHECK(tcp_parse(s, &host, &us, &h, &data) == TCP_DROP_NONE, "parse");
	CHECK(h.sport == 54321 && h.dport == 53 && h.seq == 0x12345678 &&
		  h.ack == 0 && h.hlen == 40 && h.flags == TCP_SYN &&
		  h.window == 64240 && h.csum == 0x15aa && h.urgent == 0,
	      "header fields");
	CHECK(h.opt.has ==
		  (TCP_HAS_MSS | TCP_HAS_WSCALE | TCP_HAS_SACK_OK | TCP_HAS_TS),
	      "presence %02x", h.opt.has);
	CHECK(h.opt.mss == 1460 && h.opt.wscale == 7 &&
		  h.opt.ts_val == 123456 && h.opt.ts_ecr == 0,
	      "mss %u ws %u ts %u/%u", h.opt.mss, h.opt.wscale, h.opt.ts_val,
	      h.opt.ts_ecr);
	CHECK(data.len == 0 && tcp_payload(s).len == 0, "no payload");
	CHECK(tcp_options_view(s).p == golden_syn + 20 &&
		  tcp_options_view(s).len == 20,
	      "options view");
	CHECK(tcp_emit(out, sizeof(out), &h, &host, &us, 0) == 40 &&
		  memcmp(out, golden_syn, 40) == 0,
	      "re-encoding gives the golden SYN");
	CHECK(tcp_emit(out, 39, &h, &host, &us, 0) == 0, "emit into 39 bytes");
	CHECK(tcp_check(s, &host, &other) == TCP_DROP_CSUM,
	      "another destination: the pseudo-header differs");
}

static void test_synack(void)
{
	struct bytes s = B(golden_synack, 40), data;
	struct tcp_hdr h;
	uint8_t out[40];

	CHECK(tcp_parse(s, &us, &host, &h, &data) == TCP_DROP_NONE,
	      "golden SYN-ACK");
	CHECK(h.flags == (TCP_SYN | TCP_ACK) && h.ack == 0x12345679 &&
		  h.seq == 0xabcdef01 && h.window == 65160,
	      "flags %02x ack %08x", h.flags, h.ack);
	CHECK(h.opt.ts_val == 12345678 && h.opt.ts_ecr == 123456 &&
		  h.opt.mss == 1460 && h.opt.wscale == 7,
	      "options");
	CHECK(tcp_emit(out, sizeof(out), &h, &us, &host, 0) == 40 &&
		  memcmp(out, golden_synack, 40) == 0,
	      "re-encoding gives the golden SYN-ACK");
}

static void test_data_sack(void)
{
	struct bytes s = B(golden_data_sack, 58), data;
	struct tcp_hdr h;
	uint8_t out[64];

	CHECK(tcp_parse(s, &host, &us, &h, &data) == TCP_DROP_NONE,
	      "golden data segment");
	CHECK(h.flags == (TCP_PSH | TCP_ACK) && h.hlen == 52 &&
		  h.opt.has == (TCP_HAS_TS | TCP_HAS_SACK) && h.opt.sack_n == 2,
	      "flags %02x hlen %u has %02x", h.flags, h.hlen, h.opt.has);
	CHECK(h.opt.sack[0].left == 0xabcdf000 &&
		  h.opt.sack[0].right == 0xabcdf5b4 &&
		  h.opt.sack[1].left == 0xabcdfb68 &&
		  h.opt.sack[1].right == 0xabce011c,
	      "SACK blocks");
	CHECK(data.p == golden_data_sack + 52 && data.len == 6 &&
		  memcmp(data.p, "hello\n", 6) == 0,
	      "payload");
	memcpy(out + 52, "hello\n", 6);
	CHECK(tcp_emit(out, sizeof(out), &h, &host, &us, 6) == 52 &&
		  memcmp(out, golden_data_sack, 58) == 0,
	      "re-encoding gives the golden segment");
	CHECK(tcp_emit(out, 57, &h, &host, &us, 6) == 0,
	      "emit with no room for the data");
}

static void test_short_and_offset(void)
{
	uint8_t b[64];
	size_t n;

	for (n = 0; n < TCP_HLEN; n++)
		CHECK(tcp_check(B(golden_syn, n), &host, &us) == TCP_DROP_SHORT,
		      "length %zu", n);
	for (n = 0; n < 5; n++) {
		memcpy(b, golden_syn, 40);
		b[12] = (uint8_t)(n << 4);
		resum(b, 40);
		CHECK(tcp_check(B(b, 40), &host, &us) == TCP_DROP_OFFSET,
		      "offset %zu words", n);
	}
	memcpy(b, golden_syn, 40);
	b[12] = 11 << 4; /* 44 bytes in a 40-byte segment */
	resum(b, 40);
	CHECK(tcp_check(B(b, 40), &host, &us) == TCP_DROP_OFFSET,
	      "offset past the segment");
	memcpy(b, golden_syn, 40);
	b[12] = 5 << 4; /* the options become payload */
	resum(b, 40);
	CHECK(tcp_check(B(b, 40), &host, &us) == TCP_DROP_NONE &&
		  tcp_payload(B(b, 40)).len == 20,
	      "offset 5: the rest is payload");
	CHECK(tcp_check(B(golden_syn, 36), &host, &us) == TCP_DROP_OFFSET,
	      "segment cut inside the options");
}

static void test_checksum(void)
{
	uint8_t b[64];
	size_t i;

	for (i = 0; i < 40; i++) {
		memcpy(b, golden_syn, 40);
		b[i] ^= 0x10;
		if (i == 12) /* would change the offset first */
			continue;
		CHECK(tcp_check(B(b, 40), &host, &us) == TCP_DROP_CSUM,
		      "byte %zu flipped", i);
	}
	memcpy(b, golden_data_sack, 58);
	CHECK(tcp_check(B(b, 57), &host, &us) == TCP_DROP_CSUM,
	      "one payload byte short");
}

/* The SYN's header with the 20 option bytes opt (already 4-aligned). */
static enum tcp_drop syn_with(const uint8_t *opt, size_t olen)
{
	uint8_t b[TCP_MAX_HLEN];

	memcpy(b, golden_syn, 20);
	memcpy(b + 20, opt, olen);
	b[12] = (uint8_t)((20 + olen) / 4 << 4);
	resum(b, 20 + olen);
	return tcp_check(B(b, 20 + olen), &host, &us);
}

static void test_bad_options(void)
{
	static const uint8_t len0[4] = {0x1e, 0, 1, 1};
	static const uint8_t len1[4] = {0x1e, 1, 1, 1};
	static const uint8_t past[4] = {1, 1, 0x1e, 3};
	static const uint8_t kind_only[4] = {1, 1, 1, 2};
	static const uint8_t mss3[4] = {2, 3, 5, 1};
	static const uint8_t mss5[8] = {2, 5, 5, 0xb4, 0, 1, 1, 1};
	static const uint8_t ws2[4] = {3, 2, 1, 1};
	static const uint8_t sackok3[4] = {4, 3, 0, 1};
	static const uint8_t ts8[8] = {8, 8, 0, 0, 0, 0, 1, 1};
	static const uint8_t sack0[4] = {1, 1, 5, 2};
	static const uint8_t sack_odd[16] = {1, 1, 5, 11, 0, 0, 0, 0,
					     0, 0, 0, 0,  0, 1, 1, 1};
	uint8_t sack5[42] = {5, 42};
	struct tcp_options o;

	CHECK(syn_with(len0, 4) == TCP_DROP_OPT_LEN, "length 0");
	CHECK(syn_with(len1, 4) == TCP_DROP_OPT_LEN, "length 1");
	CHECK(syn_with(past, 4) == TCP_DROP_OPT_LEN, "option past the header");
	CHECK(syn_with(kind_only, 4) == TCP_DROP_OPT_LEN,
	      "a kind with no length byte");
	CHECK(syn_with(mss3, 4) == TCP_DROP_OPT_SIZE, "MSS of length 3");
	CHECK(syn_with(mss5, 8) == TCP_DROP_OPT_SIZE, "MSS of length 5");
	CHECK(syn_with(ws2, 4) == TCP_DROP_OPT_SIZE, "WS of length 2");
	CHECK(syn_with(sackok3, 4) == TCP_DROP_OPT_SIZE,
	      "SACK-permitted of length 3");
	CHECK(syn_with(ts8, 8) == TCP_DROP_OPT_SIZE, "timestamps of length 8");
	CHECK(syn_with(sack0, 4) == TCP_DROP_OPT_SIZE, "SACK of 0 blocks");
	CHECK(syn_with(sack_odd, 16) == TCP_DROP_OPT_SIZE,
	      "SACK of length 11 (not 2 + 8n)");
	/* 5 blocks cannot fit a 40-byte option area at all... */
	CHECK(syn_with(sack5, 40) == TCP_DROP_OPT_LEN,
	      "SACK of 5 blocks in a header");
	/* ...and are refused on their own length too. */
	CHECK(tcp_options_parse(B(sack5, 42), &o) == TCP_DROP_OPT_SIZE,
	      "SACK of 5 blocks");
}

static void test_good_options(void)
{
	static const uint8_t unknown[8] = {0x1e, 6, 1, 2, 3, 4, 1, 0};
	static const uint8_t eol[8] = {3, 3, 8, 0, 0x1e, 0, 0xff, 0xff};
	static const uint8_t ws15[4] = {3, 3, 15, 0};
	static const uint8_t twice[8] = {2, 4, 1, 0, 2, 4, 2, 0};
	struct tcp_options o;

	CHECK(syn_with(unknown, 8) == TCP_DROP_NONE, "unknown kind skipped");
	CHECK(tcp_options_parse(B(unknown, 8), &o) == TCP_DROP_NONE &&
		  o.has == 0,
	      "nothing known in it: %02x", o.has);
	CHECK(tcp_options_parse(B(eol, 8), &o) == TCP_DROP_NONE &&
		  o.has == TCP_HAS_WSCALE && o.wscale == 8,
	      "EOL ends the list, the rest is not read");
	CHECK(tcp_options_parse(B(ws15, 4), &o) == TCP_DROP_NONE &&
		  o.wscale == 14 &&
		  o.has == (TCP_HAS_WSCALE | TCP_WSCALE_CLAMPED),
	      "a shift of 15 is clamped to 14 and flagged: %u %02x", o.wscale,
	      o.has);
	CHECK(tcp_options_parse(B(ws15, 4), &o) == TCP_DROP_NONE,
	      "clamping is not a drop");
	CHECK(tcp_options_parse(B(twice, 8), &o) == TCP_DROP_NONE &&
		  o.mss == 0x200,
	      "a repeated option: the last wins");
	CHECK(tcp_options_parse(B(eol, 0), &o) == TCP_DROP_NONE && o.has == 0,
	      "no options");
}

static void check_round_trip(const struct tcp_hdr *in, size_t data_len)
{
	uint8_t buf[TCP_MAX_HLEN + 16];
	struct tcp_hdr out;
	struct bytes data;
	size_t hlen;

	memset(buf, 0x5a, sizeof(buf));
	hlen = tcp_emit(buf, sizeof(buf), in, &host, &us, data_len);
	CHECK(hlen == TCP_HLEN + tcp_options_len(&in->opt) && hlen % 4 == 0,
	      "header length %zu", hlen);
	CHECK(tcp_parse(B(buf, hlen + data_len), &host, &us, &out, &data) ==
		  TCP_DROP_NONE,
	      "emitted segment parses");
	CHECK(out.sport == in->sport && out.dport == in->dport &&
		  out.seq == in->seq && out.ack == in->ack &&
		  out.flags == in->flags && out.window == in->window &&
		  out.urgent == in->urgent && data.len == data_len,
	      "header fields survive");
	CHECK(out.opt.has == in->opt.has, "presence %02x -> %02x", in->opt.has,
	      out.opt.has);
	CHECK(!(in->opt.has & TCP_HAS_MSS) || out.opt.mss == in->opt.mss,
	      "MSS");
	CHECK(!(in->opt.has & TCP_HAS_WSCALE) ||
		  out.opt.wscale == in->opt.wscale,
	      "WS");
	CHECK(!(in->opt.has & TCP_HAS_TS) ||
		  (out.opt.ts_val == in->opt.ts_val &&
		   out.opt.ts_ecr == in->opt.ts_ecr),
	      "timestamps");
	CHECK(!(in->opt.has & TCP_HAS_SACK) ||
		  (out.opt.sack_n == in->opt.sack_n &&
		   memcmp(out.opt.sack, in->opt.sack,
			  sizeof(in->opt.sack[0]) * in->opt.sack_n) == 0),
	      "SACK blocks");
}

static void test_round_trips(void)
{
	struct tcp_hdr h = {.sport = 1,
			    .dport = 2,
			    .seq = 0xfffffff0,
			    .ack = 7,
			    .flags =
				TCP_ACK | TCP_FIN | TCP_URG | TCP_ECE | TCP_CWR,
			    .window = 0xffff,
			    .urgent = 3};
	unsigned has, n;

	check_round_trip(&h, 16);
	h.opt = (struct tcp_options){
	    .mss = 536, .wscale = 14, .ts_val = 9, .ts_ecr = 10};
	/* Every subset of MSS, WS, SACK-permitted, timestamps. */
	for (has = 0; has < 32; has++) {
		if (has & TCP_HAS_SACK)
			continue;
		h.opt.has = (uint8_t)has;
		check_round_trip(&h, 3);
	}
	for (n = 1; n <= TCP_SACK_MAX_BLOCKS; n++) {
		h.opt.has = TCP_HAS_SACK;
		h.opt.sack_n = (uint8_t)n;
		h.opt.sack[n - 1].left = n * 1000;
		h.opt.sack[n - 1].right = n * 1000 + 500;
		check_round_trip(&h, 0);
		if (n <= 3) {
			h.opt.has |= TCP_HAS_TS;
			check_round_trip(&h, 0);
		}
	}
	h.opt.has = TCP_HAS_MSS | TCP_HAS_TS | TCP_HAS_SACK;
	h.opt.sack_n = 3;
	CHECK(tcp_options_len(&h.opt) == 44 &&
		  tcp_emit((uint8_t[64]){0}, 64, &h, &host, &us, 0) == 0,
	      "options of 44 bytes are refused");
}

static void test_ipv6_pseudo(void)
{
	struct net_addr a = {NET_FAMILY_IPV6, {0x20, 0x01, 0x0d, 0xb8}};
	struct net_addr b = {NET_FAMILY_IPV6, {0x20, 0x01, 0x0d, 0xb8}};
	struct tcp_hdr h = {.sport = 80, .dport = 443, .flags = TCP_SYN};
	uint8_t buf[TCP_HLEN];
	struct bytes data;

	a.a[15] = 1;
	b.a[15] = 2;
	CHECK(tcp_emit(buf, sizeof(buf), &h, &a, &b, 0) == TCP_HLEN,
	      "IPv6 emit");
	CHECK(tcp_parse(B(buf, TCP_HLEN), &a, &b, &h, &data) == TCP_DROP_NONE,
	      "IPv6 pseudo-header checks");
	b.a[15] = 3;
	CHECK(tcp_check(B(buf, TCP_HLEN), &a, &b) == TCP_DROP_CSUM,
	      "another IPv6 destination");
}

static void test_texts(void)
{
	CHECK(strcmp(tcp_drop_text(TCP_DROP_CSUM), "tcp: bad checksum") == 0,
	      "text");
	CHECK(strcmp(tcp_drop_text(TCP_DROP_COUNT), "unknown reason") == 0,
	      "out of range");
}

int main(void)
{
	host = net_addr_ipv4(IP(10, 0, 2, 2));
	us = net_addr_ipv4(IP(10, 0, 2, 15));
	other = net_addr_ipv4(IP(10, 0, 2, 16));
	test_reference_sums();
	test_syn();
	test_synack();
	test_data_sack();
	test_short_and_offset();
	test_checksum();
	test_bad_options();
	test_good_options();
	test_round_trips();
	test_ipv6_pseudo();
	test_texts();
	return unit_summary();
}
