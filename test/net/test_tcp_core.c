/* SPDX-License-Identifier: ISC */
/*
 * The pieces under the TCP state machine, alone: wrap-safe sequence
 * comparison (tcp_seq.h), the ring buffer across its end, the receive
 * queue's out-of-order ranges (merging, the most recent first, joining
 * the in-order data, running out of ranges), the send queue of copies
 * and references (order, lookups across extents and the ring's end,
 * consuming into a reference, the bound on references and on bytes), the
 * sender's SACK scoreboard, and SipHash-2-4 against the reference vector
 * of its paper.
 */
#include <string.h>

#include "net/tcp_conn.h"
#include "unit.h"

UNIT_COUNTERS;

static void test_seq(void)
{
	CHECK(seq_lt(0xfffffff0u, 0x10), "before, across the wrap");
	CHECK(seq_gt(0x10, 0xfffffff0u), "after, across the wrap");
	CHECK(!seq_lt(5, 5) && seq_le(5, 5) && seq_ge(5, 5), "equal");
	CHECK(seq_in(2, 0xfffffffeu, 10) && !seq_in(10, 0xfffffffeu, 10),
	      "in a range that wraps, right end open");
	CHECK(seq_max(0xffffffffu, 1) == 1 &&
		  seq_min(0xffffffffu, 1) == 0xffffffffu,
	      "max and min on the circle");
	CHECK(seq_diff(3, 0xfffffffdu) == 6, "distance across the wrap");
}

static void test_ring(void)
{
	struct tcp_ring r;
	uint8_t in[10] = "abcdefghij", out[10];

	CHECK(tcp_ring_alloc(&r, 8) == 0, "alloc");
	CHECK(tcp_ring_append(&r, in, 6) == 6, "append 6");
	tcp_ring_consume(&r, 5);
	CHECK(tcp_ring_append(&r, in + 6, 4) == 4 && r.len == 5,
	      "append across the end");
	CHECK(tcp_ring_append(&r, in, 10) == 3 && tcp_ring_space(&r) == 0,
	      "append stops when full");
	tcp_ring_get(&r, 0, out, 8);
	CHECK(memcmp(out, "fghijabc", 8) == 0, "bytes in order: %.8s", out);
	tcp_ring_free(&r);
	CHECK(r.buf == NULL && r.cap == 0, "freed");
}

static void test_rcvq(void)
{
	struct tcp_rcvq q = {0};
	uint8_t d[100], out[100];
	uint32_t nxt = 0xffffffc0u; /* 64 bytes before the wrap */
	unsigned i;

	for (i = 0; i < sizeof(d); i++)
		d[i] = (uint8_t)i;
	CHECK(tcp_ring_alloc(&q.r, 100) == 0, "alloc");
	CHECK(tcp_rcvq_add(&q, nxt, nxt + 20, d + 20, 10) == 0 && q.n == 1,
	      "out of order: one range");
	CHECK(tcp_rcvq_add(&q, nxt, nxt + 60, d + 60, 20) == 0 && q.n == 2 &&
		  q.ooo[0].left == nxt + 60,
	      "a second range, the most recent first");
	CHECK(tcp_rcvq_add(&q, nxt, nxt + 30, d + 30, 30) == 0 && q.n == 1 &&
		  q.ooo[0].left == nxt + 20 && q.ooo[0].right == nxt + 80,
	      "the gap between them filled: one range across the wrap");
	CHECK(tcp_rcvq_add(&q, nxt, nxt, d, 25) == 80 && q.n == 0 &&
		  q.r.len == 80,
	      "the hole filled: 80 bytes in order");
	tcp_ring_get(&q.r, 0, out, 80);
	CHECK(memcmp(out, d, 80) == 0, "the bytes are where they belong");
	tcp_ring_consume(&q.r, 80);
	nxt += 80;
	for (i = 0; i < TCP_OOO_RANGES; i++)
		tcp_rcvq_add(&q, nxt, nxt + 2 + 2 * i, d, 1);
	CHECK(q.n == TCP_OOO_RANGES, "all ranges used");
	CHECK(tcp_rcvq_add(&q, nxt, nxt + 19, d, 1) == -1,
	      "one more range does not fit");
	CHECK(tcp_rcvq_add(&q, nxt, nxt + 3, d, 1) == 0 &&
		  q.n == TCP_OOO_RANGES - 1,
	      "a byte that joins two ranges frees one");
	tcp_ring_free(&q.r);
}

static void test_sndq(void)
{
	static const uint8_t ref[] = "ABCDEFGHIJ", ref2[] = "xyz";
	struct tcp_sndq q = {0};
	uint8_t out[32];
	unsigned i;

	CHECK(tcp_ring_alloc(&q.r, 8) == 0, "alloc");
	CHECK(tcp_sndq_copy(&q, (const uint8_t *)"abc", 3) == 3, "copy 3");
	CHECK(tcp_sndq_ref(&q, ref, 10) == 10, "a reference of 10");
	CHECK(tcp_sndq_copy(&q, (const uint8_t *)"de", 2) == 2 &&
		  tcp_sndq_copy(&q, (const uint8_t *)"f", 1) == 1,
	      "copy 2, then 1");
	CHECK(q.n == 3 && q.refs == 1 && q.len == 16 && q.r.len == 6,
	      "three extents: a copy after a copy grows it (n %u)", q.n);
	tcp_sndq_get(&q, 0, out, 16);
	CHECK(memcmp(out, "abcABCDEFGHIJdef", 16) == 0, "in order: %.16s", out);
	tcp_sndq_get(&q, 2, out, 13);
	CHECK(memcmp(out, "cABCDEFGHIJde", 13) == 0,
	      "a lookup across three extents: %.13s", out);
	CHECK(tcp_sndq_copy_space(&q) == 2, "the reference takes no ring");
	CHECK(tcp_sndq_consume(&q, 5) && q.n == 2 && q.refs == 1,
	      "consume the copy and into the reference: ring space freed");
	CHECK(!tcp_sndq_consume(&q, 3), "inside a reference: nothing freed");
	tcp_sndq_get(&q, 0, out, 8);
	CHECK(memcmp(out, "FGHIJdef", 8) == 0, "after it: %.8s", out);
	CHECK(tcp_sndq_copy(&q, (const uint8_t *)"ghijk", 5) == 5 &&
		  q.r.len == 8,
	      "the ring fills, across its end");
	tcp_sndq_get(&q, 4, out, 9);
	CHECK(memcmp(out, "Jdefghijk", 9) == 0, "across the ring's end: %.9s",
	      out);
	CHECK(tcp_sndq_consume(&q, 5) && q.refs == 0 && q.n == 1,
	      "the reference ends: its slot is freed");
	for (i = 0; i < TCP_SEND_REFS; i++)
		CHECK(tcp_sndq_ref(&q, ref2, 3) == 3, "reference %u", i);
	CHECK(tcp_sndq_ref(&q, ref2, 3) == 0 && tcp_sndq_ref_space(&q) == 0,
	      "no more than %d references", TCP_SEND_REFS);
	CHECK(tcp_sndq_consume(&q, 8) && tcp_sndq_copy(&q, out, 2) == 2,
	      "the copies are taken, the ring has room");
	for (i = 0; i < TCP_SEND_REFS; i++)
		if (i % 2 == 0)
			tcp_sndq_consume(&q, 3);
	CHECK(q.n <= TCP_SEND_EXTENTS && q.len == 8 * 3 + 2,
	      "extents bounded (n %u, len %u)", q.n, q.len);
	tcp_sndq_free(&q);
	CHECK(q.r.buf == NULL && q.len == 0 && q.n == 0 && q.refs == 0,
	      "freed");
	CHECK(tcp_ring_alloc(&q.r, 8) == 0 &&
		  tcp_sndq_ref(&q, ref, TCP_SEND_MAX) == TCP_SEND_MAX &&
		  tcp_sndq_ref(&q, ref, 1) == 0 &&
		  tcp_sndq_copy(&q, out, 1) == 0,
	      "at most TCP_SEND_MAX bytes queued in all");
	tcp_sndq_free(&q);
}

static void test_board(void)
{
	struct tcp_sackboard b = {0};

	tcp_board_add(&b, 300, 400);
	tcp_board_add(&b, 100, 200);
	tcp_board_add(&b, 200, 250);
	CHECK(b.n == 2 && b.r[0].left == 100 && b.r[0].right == 250,
	      "sorted and merged: %u ranges", b.n);
	CHECK(tcp_board_sacked_in(&b, 150, 350) == 150, "bytes SACKed");
	CHECK(tcp_board_skip(&b, 120) == 250 && tcp_board_skip(&b, 260) == 260,
	      "skip SACKed bytes");
	CHECK(tcp_board_next_sacked(&b, 250, 1000) == 300, "next SACKed");
	tcp_board_prune(&b, 320);
	CHECK(b.n == 1 && b.r[0].left == 320, "pruned below snd_una");
}

/* SipHash-2-4, key 00..0f, message 00..0e: the paper's vector. */
static void test_siphash(void)
{
	uint8_t key[16], msg[15];
	unsigned i;

	for (i = 0; i < 16; i++)
		key[i] = (uint8_t)i;
	for (i = 0; i < 15; i++)
		msg[i] = (uint8_t)i;
	CHECK(tcp_siphash(key, msg, 15) == 0xa129ca6149be45e5ULL,
	      "SipHash-2-4 reference vector");
}

int main(void)
{
	test_seq();
	test_ring();
	test_rcvq();
	test_sndq();
	test_board();
	test_siphash();
	return unit_summary();
}
