/* SPDX-License-Identifier: ISC */
/*
 * Native tests of rt/openflow on golden bytes: the OpenFlow 1.0.0
 * specification's layouts, as os-ken 2.5.0's OF 1.0 serializer writes them
 * (Debian's python3-os-ken; the hex strings below were made with it) for
 * what the controller sends, and the specification's structures packed
 * field by field for what a switch sends. Then the stream framing cut at
 * every size, and the controller's learning switch through a whole
 * conversation: handshake, flood, learn, flow install, ageing, a full
 * table, port removal, errors.
 */
#include <stdlib.h>
#include <string.h>

#include "openflow/ctl.h"
#include "openflow/stream.h"
#include "openflow/wire.h"
#include "unit.h"

UNIT_COUNTERS;

static uint8_t buf[2 * OF_CTL_REPLY_MAX];

static struct bytes unhex(const char *hex)
{
	static uint8_t b[4][4096];
	static int n;
	uint8_t *p = b[n++ % 4];

	return bytes_make(p, unit_unhex(hex, p, sizeof(b[0])));
}

static bool same(const uint8_t *p, size_t len, const char *hex)
{
	struct bytes g = unhex(hex);

	if (g.len != len || memcmp(g.p, p, len) != 0) {
		printf("  got      ");
		for (size_t i = 0; i < len; i++)
			printf("%02x", p[i]);
		printf("\n  expected %s\n", hex);
		return false;
	}
	return true;
}

static void test_emit(void)
{
	uint8_t act[8];
	struct of_flow_mod fm = {
	    .match.wildcards =
		OFPFW_ALL & ~(OFPFW_IN_PORT | OFPFW_DL_SRC | OFPFW_DL_DST),
	    .match.in_port = 1,
	    .match.dl_src = {0, 0, 0, 0, 0, 1},
	    .match.dl_dst = {0, 0, 0, 0, 0, 2},
	    .command = OFPFC_ADD,
	    .idle_timeout = 60,
	    .priority = 0x8000,
	    .buffer_id = OFP_NO_BUFFER,
	    .out_port = OFPP_NONE,
	    .actions = bytes_make(act, of_emit_action_output(act, 2, 0)),
	};
	struct of_match all = {.wildcards = OFPFW_ALL};
	struct of_packet_out po = {
	    .buffer_id = OFP_NO_BUFFER,
	    .in_port = 1,
	    .data = unhex("ffffffffffff0000000000010806"),
	};
	size_t n;

	n = of_emit_flow_mod(buf, 7, &fm);
	CHECK(n == 80 && same(buf, n,
			      "010e005000000007003ffff2000100000000000100000000"
			      "000200000000000000000000000000000000000000000000"
			      "00000000000000000000003c00008000ffffffffffff0000"
			      "0000000800020000"),
	      "FLOW_MOD");
	po.actions = bytes_make(act, of_emit_action_output(act, OFPP_FLOOD, 0));
	n = of_emit_packet_out(buf, 8, &po);
	CHECK(same(buf, n,
		   "010d002600000008ffffffff0001000800000008fffb0000ff"
		   "ffffffffff0000000000010806"),
	      "PACKET_OUT");
	n = of_emit_set_config(buf, 3, 0, 128);
	CHECK(same(buf, n, "0109000c0000000300000080"), "SET_CONFIG");
	n = of_emit_header(buf, OFPT_FEATURES_REQUEST, 8, 2);
	CHECK(same(buf, n, "0105000800000002"), "FEATURES_REQUEST");
	n = of_emit_echo(buf, OFPT_ECHO_REPLY, 9, bytes_make("abcd", 4));
	CHECK(same(buf, n, "0103000c0000000961626364"), "ECHO_REPLY");
	n = of_emit_hello(buf, 1);
	CHECK(same(buf, n, "0100000800000001"), "HELLO");
	n = of_emit_stats_request(buf, 4, OFPST_DESC, &all, OFPP_NONE);
	CHECK(same(buf, n, "0110000c0000000400000000"), "DESC request");
	n = of_emit_stats_request(buf, 10, OFPST_AGGREGATE, &all, OFPP_NONE);
	CHECK(same(buf, n,
		   "011000380000000a00020000003fffff000000000000000000000000"
		   "000000000000000000000000000000000000000000000000ff00ffff"),
	      "AGGREGATE request");
	n = of_emit_header(buf, OFPT_BARRIER_REQUEST, 8, 5);
	CHECK(same(buf, n, "0112000800000005"), "BARRIER_REQUEST");
	n = of_emit_error(
	    buf, 5, OFPET_BAD_REQUEST, OFPBRC_BAD_TYPE,
	    unhex("010e0008000000050000000000000000000000000000000"
		  "000000000000000000000000000000000000000000000"
		  "000000000000000000000000000000000000000000000"
		  "00000000000"));
	CHECK(n == OF_ERROR_LEN + OF_ERROR_DATA_MAX && buf[1] == OFPT_ERROR &&
		  buf[3] == n && buf[9] == 1 && buf[11] == 1 && buf[13] == 0x0e,
	      "ERROR keeps 64 bytes of the offending message, got %zu", n);
}

static void test_parse(void)
{
	struct of_features f;
	struct of_phy_port port;
	struct of_packet_in pi;
	struct of_header h;
	struct of_flow_mod fm;
	struct of_action a;
	size_t off = 0;
	struct bytes m;

	m = unhex("01060050000000020000000000000abc00000100fe000000000000c7"
		  "00000fff0001aabbccddeeff76657468310000000000000000000000"
		  "0000000000000000000000c0000000000000000000000000");
	CHECK(of_check_header(m, &h) == OF_OK &&
		  h.type == OFPT_FEATURES_REPLY && h.length == 80 && h.xid == 2,
	      "features header");
	CHECK(of_parse_features(m, &f) == OF_OK && f.datapath_id == 0xabc &&
		  f.n_buffers == 256 && f.n_tables == 254 &&
		  f.capabilities == 0xc7 && f.actions == 0xfff &&
		  f.n_ports == 1,
	      "features");
	CHECK(of_parse_phy_port(f.ports, &port) == OF_OK && port.port_no == 1 &&
		  port.hw_addr[0] == 0xaa && strcmp(port.name, "veth1") == 0 &&
		  port.curr == 0xc0,
	      "phy port");
	m.len -= 1;
	CHECK(of_parse_features(m, &f) == OFPBRC_BAD_LEN,
	      "a features reply with part of a port is refused");
	m = unhex("010a002000000011ffffffff000e000300000000000000020000000000"
		  "010800");
	CHECK(of_parse_packet_in(m, &pi) == OF_OK &&
		  pi.buffer_id == OFP_NO_BUFFER && pi.total_len == 14 &&
		  pi.in_port == 3 && pi.reason == OFPR_NO_MATCH &&
		  pi.data.len == 14 && pi.data.p[5] == 2,
	      "packet in");
	CHECK(of_parse_packet_in(bytes_sub(m, 0, 17), &pi) == OFPBRC_BAD_LEN,
	      "a short packet in");
	m = unhex("010e005000000007003ffff2000100000000000100000000"
		  "000200000000000000000000000000000000000000000000"
		  "00000000000000000000003c00008000ffffffffffff0000"
		  "0000000800020000");
	CHECK(of_parse_flow_mod(m, &fm) == OF_OK && fm.match.in_port == 1 &&
		  fm.match.dl_dst[5] == 2 && fm.idle_timeout == 60 &&
		  fm.priority == 0x8000 && fm.out_port == OFPP_NONE &&
		  fm.actions.len == 8,
	      "flow mod");
	CHECK(of_next_action(fm.actions, &off, &a) == 1 && a.type == 0 &&
		  a.port == 2 && of_next_action(fm.actions, &off, &a) == 0,
	      "one output action");
	off = 0;
	CHECK(of_next_action(unhex("0000000400020000"), &off, &a) ==
		  OFPBRC_BAD_LEN,
	      "an action of length 4");
	off = 0;
	CHECK(of_next_action(unhex("00000010000200000000"), &off, &a) ==
		  OFPBRC_BAD_LEN,
	      "an action past the end");
	CHECK(of_check_header(unhex("0100000400000000"), &h) == OFPBRC_BAD_LEN,
	      "a header of length 4");
	CHECK(of_check_header(unhex("01000008000000"), &h) == OFPBRC_BAD_LEN,
	      "7 bytes");
}

/* The stream cut into pieces of every size from 1 to 40. */
static void test_stream(void)
{
	static struct of_stream s;
	struct bytes two = unhex("0100000800000001010300"
				 "0c0000000961626364"),
		     msg;
	int ok = 1;

	for (size_t step = 1; step <= 40; step++) {
		int got = 0;

		of_stream_init(&s);
		for (size_t i = 0; i < two.len; i += step) {
			size_t n = two.len - i < step ? two.len - i : step;

			of_stream_put(&s, two.p + i, n);
			while (of_stream_next(&s, &msg) == OF_STREAM_MESSAGE)
				got += msg.len == 8    ? 1
				       : msg.len == 12 ? 2
						       : 100;
		}
		ok &= got == 3;
	}
	CHECK(ok, "two messages whatever the cuts");
	of_stream_init(&s);
	of_stream_put(&s, "\x01\x00\x00\x07\0\0\0\0", 8);
	CHECK(of_stream_next(&s, &msg) == OF_STREAM_BROKEN, "length 7 breaks");
	of_stream_init(&s);
	of_stream_put(&s, "\x01\x0a\xff\xff\0\0\0\0", 8);
	CHECK(of_stream_next(&s, &msg) == OF_STREAM_MORE &&
		  of_stream_room(&s) >= 65535 - 8,
	      "a 65535-byte message fits");
}

/* A switch's side of the conversation, and what the controller answered. */
static struct of_ctl c;
static struct of_mac_entry macs[16];
static const struct of_ctl_config cfg = {
    .idle_timeout = 60, .priority = 0x8000, .miss_send_len = 128};

/* Types of the messages in the controller's output, in order; cleared. */
static size_t out_types(uint8_t *types, size_t cap)
{
	size_t n = 0, off = 0;
	struct of_header h;

	while (off < c.out_len && n < cap &&
	       of_check_header(bytes_make(c.out + off, c.out_len - off), &h) ==
		   OF_OK) {
		types[n++] = h.type;
		off += h.length;
	}
	return n;
}

static void input(const char *hex, uint64_t now)
{
	c.out_len = 0;
	of_ctl_input(&c, unhex(hex), now);
}

static struct bytes packet_in(uint16_t port, uint32_t buffer, uint64_t dst,
			      uint64_t src)
{
	static uint8_t b[64];
	char frame[64];

	snprintf(frame, sizeof(frame), "%012llx%012llx0800",
		 (unsigned long long)dst, (unsigned long long)src);
	struct of_packet_in pi = {.buffer_id = buffer,
				  .total_len = 14,
				  .in_port = port,
				  .data = unhex(frame)};

	return bytes_make(b, of_emit_packet_in(b, 77, &pi));
}

static void pin(uint16_t port, uint32_t buffer, uint64_t dst, uint64_t src,
		uint64_t now)
{
	c.out_len = 0;
	of_ctl_input(&c, packet_in(port, buffer, dst, src), now);
}

/* PORT_STATUS OFPPR_DELETE of port, built on the specification's layout. */
static void port_deleted(uint16_t port, uint64_t now)
{
	uint8_t m[OF_PORT_STATUS_LEN] = {0};

	of_emit_header(m, OFPT_PORT_STATUS, OF_PORT_STATUS_LEN, 0);
	m[8] = OFPPR_DELETE;
	put16(m + 16, port);
	memcpy(m + 24, "eth4", 4);
	c.out_len = 0;
	of_ctl_input(&c, bytes_make(m, sizeof(m)), now);
}

static void test_ctl(void)
{
	static uint8_t out[2 * OF_CTL_REPLY_MAX];
	uint8_t t[8];
	struct of_flow_mod fm;
	struct of_packet_out po;
	struct of_action a;
	size_t off = 0;
	const uint64_t s = 1000000000ull;

	of_ctl_start(&c, &cfg, out, sizeof(out), macs, 8, 300 * s);
	CHECK(out_types(t, 8) == 1 && t[0] == OFPT_HELLO, "HELLO first");
	input("0400001000000001000100080000001a", s); /* 1.3: bitmap 1,3,4 */
	CHECK(c.state == OF_CTL_FEATURES && out_types(t, 8) == 1 &&
		  t[0] == OFPT_FEATURES_REQUEST,
	      "a 1.3 HELLO with 1.0 in its bitmap negotiates 1.0");
	input("01060050000000020000000000000abc00000100fe000000000000c7"
	      "00000fff0001aabbccddeeff76657468310000000000000000000000"
	      "0000000000000000000000c0000000000000000000000000",
	      s);
	CHECK(c.state == OF_CTL_READY && c.datapath_id == 0xabc &&
		  out_types(t, 8) == 3 && t[0] == OFPT_SET_CONFIG &&
		  t[1] == OFPT_STATS_REQUEST && t[2] == OFPT_BARRIER_REQUEST,
	      "features: SET_CONFIG, DESC, BARRIER");
	input("0102000c0000002a61626364", s);
	CHECK(same(c.out, c.out_len, "0103000c0000002a61626364"),
	      "ECHO_REPLY with the request's xid and payload");

	pin(1, OFP_NO_BUFFER, 0xffffffffffffull, 0xa1, s);
	CHECK(out_types(t, 8) == 1 && t[0] == OFPT_PACKET_OUT &&
		  of_parse_packet_out(bytes_make(c.out, c.out_len), &po) ==
		      OF_OK &&
		  of_next_action(po.actions, &off, &a) == 1 &&
		  a.port == OFPP_FLOOD && po.data.len == 14,
	      "unknown destination: flooded with the packet's bytes");
	pin(2, 99, 0xa1, 0xa2, 2 * s);
	CHECK(out_types(t, 8) == 1 && t[0] == OFPT_FLOW_MOD &&
		  of_parse_flow_mod(bytes_make(c.out, c.out_len), &fm) ==
		      OF_OK &&
		  fm.buffer_id == 99 && fm.match.in_port == 2 &&
		  fm.match.dl_dst[5] == 0xa1 && fm.match.dl_src[5] == 0xa2 &&
		  fm.idle_timeout == 60 && fm.actions.len == 8 &&
		  fm.actions.p[5] == 1,
	      "known destination, buffered: one FLOW_MOD with the buffer");
	pin(1, OFP_NO_BUFFER, 0xa2, 0xa1, 3 * s);
	CHECK(out_types(t, 8) == 2 && t[0] == OFPT_FLOW_MOD &&
		  t[1] == OFPT_PACKET_OUT,
	      "known destination, unbuffered: FLOW_MOD then PACKET_OUT");
	pin(1, OFP_NO_BUFFER, 0xa1, 0xa3, 3 * s);
	CHECK(c.out_len == 0 && c.st.dropped == 1,
	      "a destination on the in_port is dropped");
	pin(1, OFP_NO_BUFFER, 0xa2, 0xa1, 303 * s);
	CHECK(out_types(t, 8) == 1 && t[0] == OFPT_PACKET_OUT,
	      "after 300 s the address is aged out: flooded");
	for (int i = 0; i < 100; i++)
		pin(3, OFP_NO_BUFFER, 0xa1, 0x100 + i, 304 * s);
	CHECK(c.macs.used <= 8, "the table stays within its size (%zu)",
	      c.macs.used);
	pin(4, OFP_NO_BUFFER, 0xa1, 0xb4, 305 * s);
	port_deleted(4, 305 * s);
	CHECK(out_types(t, 8) == 1 && t[0] == OFPT_FLOW_MOD &&
		  of_parse_flow_mod(bytes_make(c.out, c.out_len), &fm) ==
		      OF_OK &&
		  fm.command == OFPFC_DELETE && fm.out_port == 4,
	      "a port deleted: its flows deleted");
	pin(1, OFP_NO_BUFFER, 0xb4, 0xa1, 305 * s);
	CHECK(out_types(t, 8) == 1 && t[0] == OFPT_PACKET_OUT,
	      "and its addresses forgotten");
	c.out_len = 0;
	of_ctl_echo_request(&c);
	CHECK(out_types(t, 8) == 1 && t[0] == OFPT_ECHO_REQUEST &&
		  c.out_len == OF_HEADER_LEN,
	      "an ECHO_REQUEST to a silent switch");
	input("010e0008000000050000", 305 * s);
	CHECK(c.state == OF_CTL_CLOSED,
	      "a length that is not the view's closes");
}

static void test_ctl_errors(void)
{
	static uint8_t out[2 * OF_CTL_REPLY_MAX];
	struct of_error e;
	uint8_t t[4];

	of_ctl_start(&c, &cfg, out, sizeof(out), macs, 8, 300000000000ull);
	input("04000010000000010001000800000018", 1); /* 1.3 and 1.4 only */
	CHECK(c.state == OF_CTL_CLOSED &&
		  of_parse_error(bytes_make(c.out, c.out_len), &e) == OF_OK &&
		  e.type == OFPET_HELLO_FAILED && e.code == OFPHFC_INCOMPATIBLE,
	      "no 1.0 in the bitmap: HELLO_FAILED, closed");
	of_ctl_start(&c, &cfg, out, sizeof(out), macs, 8, 300000000000ull);
	input("0105000800000001", 1);
	CHECK(c.state == OF_CTL_CLOSED && out_types(t, 4) == 1 &&
		  t[0] == OFPT_ERROR,
	      "a message before HELLO: HELLO_FAILED");
	of_ctl_start(&c, &cfg, out, sizeof(out), macs, 8, 300000000000ull);
	input("0000000800000001", 1);
	CHECK(c.state == OF_CTL_CLOSED, "version 0: HELLO_FAILED");
	of_ctl_start(&c, &cfg, out, sizeof(out), macs, 8, 300000000000ull);
	input("0100000800000001", 1);
	input("010e000800000005", 1);
	CHECK(of_parse_error(bytes_make(c.out, c.out_len), &e) == OF_OK &&
		  e.type == OFPET_BAD_REQUEST && e.code == OFPBRC_BAD_TYPE &&
		  c.state == OF_CTL_FEATURES,
	      "a FLOW_MOD from the switch: BAD_TYPE, the connection stays");
	input("0402000800000005", 1);
	CHECK(of_parse_error(bytes_make(c.out, c.out_len), &e) == OF_OK &&
		  e.code == OFPBRC_BAD_VERSION,
	      "version 4 after 1.0 was agreed: BAD_VERSION");
	input("010a000a000000050000", 1);
	CHECK(c.out_len == 0, "a PACKET_IN before FEATURES_REPLY is ignored");
}

int main(void)
{
	test_emit();
	test_parse();
	test_stream();
	test_ctl();
	test_ctl_errors();
	return unit_summary();
}
