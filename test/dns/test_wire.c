/* SPDX-License-Identifier: ISC */
/*
 * The DNS wire format (common/dns/wire.c, rt/dns/wire_write.c) on golden bytes:
 * decode, encode, and every impossible length, plus the name rules
 * (compression pointers, label types, 255/63 limits, canonical order).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "dns/wire.h"
#include "unit.h"

UNIT_COUNTERS;

#define VIEW(a) bytes_make((a), sizeof(a))

/* A query for www.example.com A, ID 0x1234, RD, with an OPT (4096, DO). */
static const uint8_t golden_query[] = {
    0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x01, 3,	'w',  'w',  'w',  7,	'e',  'x',  'a',  'm',	'p',
    'l',  'e',	3,    'c',  'o',  'm',	0,    0x00, 0x01, 0x00, 0x01,
    0x00, 0x00, 0x29, 0x10, 0x00, 0x00, 0x00, 0x80, 0x00, 0x00, 0x00};

static void test_header(void)
{
	struct dns_hdr h;
	uint8_t out[DNS_HDR_LEN];

	CHECK(dns_hdr_read(VIEW(golden_query), &h) == DNS_OK, "read");
	CHECK(h.id == 0x1234 && h.flags == DNS_F_RD && h.qdcount == 1 &&
		  h.ancount == 0 && h.nscount == 0 && h.arcount == 1,
	      "fields %x %x %u %u", h.id, h.flags, h.qdcount, h.arcount);
	dns_hdr_write(out, &h);
	CHECK(memcmp(out, golden_query, DNS_HDR_LEN) == 0, "round trip");
	for (size_t n = 0; n < DNS_HDR_LEN; n++) {
		struct bytes b = bytes_make(golden_query, n);
		CHECK(dns_hdr_read(b, &h) == DNS_E_SHORT, "length %zu", n);
	}
}

static void test_question(void)
{
	struct dns_question q;
	size_t off = DNS_HDR_LEN;

	CHECK(dns_question_read(VIEW(golden_query), &off, &q) == DNS_OK,
	      "read");
	CHECK(off == 33 && q.qtype == DNS_T_A && q.qclass == DNS_C_IN &&
		  q.name_len == 17 &&
		  memcmp(q.name, golden_query + 12, 17) == 0,
	      "off %zu type %u", off, q.qtype);
	/* Every truncation of the question is short, never a crash. */
	for (size_t n = DNS_HDR_LEN; n < 33; n++) {
		struct bytes b = bytes_make(golden_query, n);
		off = DNS_HDR_LEN;
		CHECK(dns_question_read(b, &off, &q) == DNS_E_SHORT,
		      "length %zu", n);
	}
}

static void test_opt(void)
{
	struct dns_rr rr;
	struct dns_opt opt;
	size_t off = 33;

	CHECK(dns_rr_read(VIEW(golden_query), &off, &rr) == DNS_OK, "read");
	CHECK(off == sizeof(golden_query) && rr.type == DNS_T_OPT, "type");
	CHECK(dns_opt_from_rr(&rr, &opt) == DNS_OK && opt.udp_size == 4096 &&
		  opt.version == 0 && opt.flags == DNS_EDNS_DO,
	      "opt %u %u %x", opt.udp_size, opt.version, opt.flags);
	for (size_t n = 33; n < sizeof(golden_query); n++) {
		struct bytes b = bytes_make(golden_query, n);
		off = 33;
		CHECK(dns_rr_read(b, &off, &rr) == DNS_E_SHORT, "length %zu",
		      n);
	}
	/* An option whose length runs past the rdata. */
	static const uint8_t bad[] = {0, 0, 41, 2,  0, 0, 0, 0, 0,
				      0, 6, 0,	10, 0, 8, 1, 2};
	off = 0;
	CHECK(dns_rr_read(VIEW(bad), &off, &rr) == DNS_OK, "bad opt rr");
	CHECK(dns_opt_from_rr(&rr, &opt) == DNS_E_SHORT, "bad option len");
	/* An OPT must be owned by the root. */
	static const uint8_t owner[] = {1, 'a', 0, 0, 41, 2, 0,
					0, 0,	0, 0, 0,  0, 0};
	off = 0;
	CHECK(dns_rr_read(VIEW(owner), &off, &rr) == DNS_OK &&
		  dns_opt_from_rr(&rr, &opt) == DNS_E_FORMAT,
	      "non-root OPT");
}

/* A message with example.com at 12 and mail + pointer(12) at 25. */
static const uint8_t golden_ptr[] = {
    0,	 0,   0,   0,	0, 0,	0,   0,	  0, 0, 0,   0,	  7,   'e', 'x',  'a',
    'm', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0, 4, 'm', 'a', 'i', 'l', 0xc0, 12};

static void test_pointers(void)
{
	uint8_t name[DNS_NAME_MAX];
	size_t off = 25, len;
	static const uint8_t want[] = {4,   'm', 'a', 'i', 'l', 7,
				       'e', 'x', 'a', 'm', 'p', 'l',
				       'e', 3,	 'c', 'o', 'm', 0};

	CHECK(dns_name_read(VIEW(golden_ptr), &off, name, &len) == DNS_OK,
	      "read");
	CHECK(off == sizeof(golden_ptr) && len == sizeof(want) &&
		  memcmp(name, want, len) == 0,
	      "off %zu len %zu", off, len);
	/* A pointer to itself, forward, and a pair pointing at each other. */
	uint8_t self[] = {0xc0, 0};
	off = 0;
	CHECK(dns_name_read(VIEW(self), &off, name, &len) == DNS_E_POINTER,
	      "self");
	uint8_t fwd[] = {0xc0, 2, 0};
	off = 0;
	CHECK(dns_name_read(VIEW(fwd), &off, name, &len) == DNS_E_POINTER,
	      "forward");
	uint8_t loop[] = {1, 'a', 0xc0, 4, 0xc0, 0};
	off = 4;
	CHECK(dns_name_read(VIEW(loop), &off, name, &len) == DNS_E_POINTER,
	      "loop");
	uint8_t half[] = {1, 'a', 0xc0};
	off = 0;
	CHECK(dns_name_read(VIEW(half), &off, name, &len) == DNS_E_SHORT,
	      "half pointer");
	uint8_t ext[] = {0x41, 'a', 0};
	off = 0;
	CHECK(dns_name_read(VIEW(ext), &off, name, &len) == DNS_E_LABEL_TYPE,
	      "label type 01");
	/* The question may not be compressed. */
	uint8_t q[sizeof(golden_ptr) + 4];
	memcpy(q, golden_ptr, sizeof(golden_ptr));
	memset(q + sizeof(golden_ptr), 0, 4);
	struct dns_question qq;
	struct bytes b = bytes_make(q, sizeof(q));
	off = 25;
	CHECK(dns_question_read(b, &off, &qq) == DNS_E_POINTER, "qname ptr");
}

static void test_limits(void)
{
	uint8_t msg[300], name[DNS_NAME_MAX];
	size_t off, len;

	/* 4 labels of 63 + the root: 257 octets, too long. */
	for (int i = 0; i < 4; i++) {
		msg[i * 64] = 63;
		memset(msg + i * 64 + 1, 'a', 63);
	}
	msg[256] = 0;
	off = 0;
	struct bytes b = bytes_make(msg, 257);
	CHECK(dns_name_read(b, &off, name, &len) == DNS_E_NAME_LONG, "257");
	/* 3 labels of 63 and one of 61: exactly 255, fine. */
	msg[192] = 61;
	msg[254] = 0;
	off = 0;
	b.len = 255;
	CHECK(dns_name_read(b, &off, name, &len) == DNS_OK && len == 255,
	      "255");
	CHECK(dns_name_check(name, 255) == DNS_OK, "check 255");
	CHECK(dns_name_check(name, 254) == DNS_E_SHORT, "check short");
	CHECK(dns_name_check(name, 256) == DNS_E_NAME_LONG, "check long");
	static const uint8_t trailing[] = {1, 'a', 0, 0};
	CHECK(dns_name_check(trailing, 4) == DNS_E_FORMAT, "trailing");
}

/* RFC 4034 6.1's example, in canonical order. */
static void test_canonical(void)
{
	static const char *const order[] = {"\7example",
					    "\1a\7example",
					    "\10yljkjljk\1a\7example",
					    "\1Z\1a\7example",
					    "\4zABC\1a\7EXAMPLE",
					    "\1z\7example",
					    "\1\001\1z\7example",
					    "\1*\1z\7example",
					    "\1\200\1z\7example"};
	for (size_t i = 0; i + 1 < sizeof(order) / sizeof(order[0]); i++) {
		const uint8_t *a = (const uint8_t *)order[i];
		const uint8_t *b = (const uint8_t *)order[i + 1];
		CHECK(dns_name_cmp(a, b) < 0 && dns_name_cmp(b, a) > 0,
		      "%zu < %zu", i, i + 1);
		CHECK(dns_name_cmp(a, a) == 0, "%zu == itself", i);
	}
	CHECK(dns_name_eq((const uint8_t *)"\3WwW\2eX",
			  (const uint8_t *)"\3www\2ex"),
	      "eq ignores case");
	CHECK(dns_name_is_sub((const uint8_t *)"\1a\1b\1c",
			      (const uint8_t *)"\1B\1c"),
	      "sub");
	CHECK(!dns_name_is_sub((const uint8_t *)"\2ab\1c",
			       (const uint8_t *)"\1b\1c"),
	      "not a label boundary");
	char text[64];
	dns_name_to_text((const uint8_t *)"\3a.b\2c\001\0", text, sizeof(text));
	CHECK(strcmp(text, "a\\.b.c\\001.") == 0, "text %s", text);
}

static void test_writer(void)
{
	uint8_t buf[64];
	struct dns_writer w;
	static const uint8_t want[] = {
	    3,	 'w', 'w', 'w', 7, 'e', 'x', 'a', 'm', 'p',  'l', 'e',	3,
	    'c', 'o', 'm', 0,	4, 'm', 'a', 'i', 'l', 0xc0, 4,	  0xc0, 0};

	dns_w_init(&w, buf, sizeof(buf));
	CHECK(dns_w_name(&w, (const uint8_t *)"\3www\7example\3com", 1) == 0,
	      "first");
	CHECK(dns_w_name(&w, (const uint8_t *)"\4mail\7EXAMPLE\3COM", 1) == 0,
	      "second");
	CHECK(dns_w_name(&w, (const uint8_t *)"\3WWW\7example\3com", 1) == 0,
	      "third");
	CHECK(w.len == sizeof(want) && memcmp(buf, want, w.len) == 0,
	      "compressed len %zu", w.len);
	/* A name that does not fit writes nothing. */
	struct dns_writer small;
	uint8_t tiny[8];
	dns_w_init(&small, tiny, sizeof(tiny));
	CHECK(dns_w_name(&small, (const uint8_t *)"\3www\7example\3com", 1) ==
		      -1 &&
		  small.len == 0 && small.ncomp == 0,
	      "overflow");
	CHECK(dns_w_u32(&small, 1) == 0 && dns_w_u32(&small, 2) == 0 &&
		  dns_w_u8(&small, 3) == -1 && small.len == 8,
	      "exact fill");
	dns_w_rewind(&w, 17);
	CHECK(w.len == 17 && w.ncomp == 3, "rewind forgets later names");
	CHECK(dns_w_name(&w, (const uint8_t *)"\3com", 1) == 0 && w.len == 19 &&
		  buf[17] == 0xc0 && buf[18] == 12,
	      "suffix pointer");
}

int main(void)
{
	test_header();
	test_question();
	test_opt();
	test_pointers();
	test_limits();
	test_canonical();
	test_writer();
	return unit_summary();
}
