/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer target of rt/openflow: the input is what a switch sends. Its
 * first byte picks the size of the pieces the stream gets (1 to 64, or
 * whole) and whether the controller has seen a HELLO and FEATURES_REPLY
 * already (so the fuzzer reaches PACKET_IN and the rest at once); the rest
 * goes through of_stream into of_ctl, with the parsers run on every
 * message too. Invariants: every message the stream cuts has its header's
 * length (8 to 65535); the controller's output is always whole OpenFlow
 * 1.0 messages that parse back, within its buffer; a closed controller
 * takes nothing more.
 *
 *   openflow_fuzz -max_len=4096 CORPUS_DIR test/openflow/corpus
 */
#include <stdlib.h>
#include <string.h>

#include "openflow/ctl.h"
#include "openflow/stream.h"
#include "openflow/wire.h"

static struct of_stream st;
static struct of_ctl c;
static uint8_t out[2 * OF_CTL_REPLY_MAX];
static struct of_mac_entry macs[64];
static const struct of_ctl_config cfg = {.idle_timeout = 5,
					 .miss_send_len = 128};

static void require(bool ok)
{
	if (!ok)
		abort();
}

/* The output: whole version-1 messages whose lengths add up. */
static void check_output(void)
{
	size_t off = 0;
	struct of_header h;

	require(c.out_len <= sizeof(out));
	while (off < c.out_len) {
		require(of_check_header(bytes_make(out + off, c.out_len - off),
					&h) == OF_OK);
		require(h.version == OFP_VERSION &&
			h.length <= c.out_len - off);
		off += h.length;
	}
	c.out_len = 0;
}

/* Every parser on msg: none may read outside it (ASan sees to that). */
static void parse_all(struct bytes msg)
{
	union {
		struct of_features f;
		struct of_packet_in pi;
		struct of_packet_out po;
		struct of_flow_mod fm;
		struct of_flow_removed fr;
		struct of_port_status ps;
		struct of_error e;
		struct of_stats s;
		struct of_switch_config sc;
	} u;
	struct of_action a;
	struct of_flow_stats fs;
	uint32_t v;
	size_t off = 0;

	of_parse_hello(msg, &v);
	of_parse_features(msg, &u.f);
	of_parse_packet_in(msg, &u.pi);
	of_parse_flow_removed(msg, &u.fr);
	of_parse_port_status(msg, &u.ps);
	of_parse_error(msg, &u.e);
	of_parse_switch_config(msg, &u.sc);
	if (of_parse_packet_out(msg, &u.po) == OF_OK)
		while (of_next_action(u.po.actions, &off, &a) == 1)
			require(off <= u.po.actions.len);
	off = 0;
	if (of_parse_flow_mod(msg, &u.fm) == OF_OK)
		while (of_next_action(u.fm.actions, &off, &a) == 1)
			require(off <= u.fm.actions.len);
	off = 0;
	if (of_parse_stats(msg, &u.s) == OF_OK)
		while (of_next_flow_stats(u.s.body, &off, &fs) == 1)
			require(off <= u.s.body.len);
}

static void handshake(void)
{
	static const uint8_t hello[] = {1, 0, 0, 8, 0, 0, 0, 1};
	uint8_t feat[OF_FEATURES_REPLY_LEN] = {1, OFPT_FEATURES_REPLY, 0, 32};

	of_ctl_input(&c, bytes_make(hello, sizeof(hello)), 1);
	of_ctl_input(&c, bytes_make(feat, sizeof(feat)), 1);
	require(c.state == OF_CTL_READY);
	check_output();
}

static void deliver(uint64_t now)
{
	struct bytes msg;
	enum of_stream_result r;

	while (of_ctl_can_take(&c) &&
	       (r = of_stream_next(&st, &msg)) == OF_STREAM_MESSAGE) {
		struct of_header h;

		require(of_check_header(msg, &h) == OF_OK &&
			h.length == msg.len);
		parse_all(msg);
		enum of_ctl_state before = c.state;
		of_ctl_input(&c, msg, now);
		require(before != OF_CTL_CLOSED || c.out_len == 0);
		check_output();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t step, i, n;
	uint8_t *copy;

	if (size < 1)
		return 0;
	step = (data[0] & 0x3f) + 1;
	if (data[0] & 0x80)
		step = size;
	of_stream_init(&st);
	of_ctl_start(&c, &cfg, out, sizeof(out), macs, 60, 1000);
	check_output();
	if (data[0] & 0x40)
		handshake();
	data++, size--;
	copy = malloc(size + 1); /* exact size: reads past it are caught */
	memcpy(copy, data, size);
	for (i = 0; i < size; i += n) {
		n = size - i < step ? size - i : step;
		require(of_stream_put(&st, copy + i, n) == n);
		deliver(1 + i);
	}
	free(copy);
	return 0;
}
