/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer target of the TCP state machine (rt/net/tcp_*.c). An input is
 * a program of small steps against one stack with a listener: a segment
 * from one of three peers (flags, options, data, and sequence and
 * acknowledgment numbers near the connection's own, so that the fuzzer
 * gets past the window checks), time passing, an application call (write,
 * read, shutdown, close, abort, connect), or raw bytes; the first byte
 * also picks keep-alive, IPv6 and CUBIC. Buffers are small
 * so that windows close. After every step: each segment the stack sent
 * passes the wire layer's own check, and every connection's numbers keep
 * their invariants (snd_una <= snd_nxt <= snd_max, buffers within their
 * capacity). The sanitizers catch the rest, leaks included.
 *
 *   net_fuzz_tcp_stack -max_len=512 CORPUS_DIR test/fuzz/corpus/net-tcp-stack
 */
#include <stdlib.h>
#include <string.h>

#include "net/tcp_conn.h"
#include "net/wire/ipv4.h"

#define MS 1000000ULL
#define NSOCK 8

static struct tcp_stack st;
static struct net_addr us, peer;
static struct tcp_sock *socks[NSOCK];
static uint64_t now;

static void require(bool ok)
{
	if (!ok)
		abort();
}

static int output(void *ctx, uint64_t now_ns, const struct net_addr *src,
		  const struct net_addr *dst, const uint8_t *seg, size_t len)
{
	uint8_t *copy = malloc(len);

	memcpy(copy, seg, len);
	require(tcp_check(bytes_make(copy, len), src, dst) == TCP_DROP_NONE);
	free(copy);
	return 0;
}

static void forget(struct tcp_sock *s)
{
	unsigned i;

	for (i = 0; i < NSOCK; i++)
		if (socks[i] == s)
			socks[i] = NULL;
}

static void keep(struct tcp_sock *s)
{
	unsigned i;

	for (i = 0; i < NSOCK; i++)
		if (socks[i] == NULL) {
			socks[i] = s;
			return;
		}
	tcp_conn_abort(s, now);
}

static void on_readable(void *arg, struct tcp_sock *s)
{
	uint8_t buf[700];

	if (now & 1)
		tcp_conn_read(s, now, buf, sizeof(buf));
}

static void on_closed(void *arg, struct tcp_sock *s, enum tcp_close_reason why)
{
	forget(s);
}

static const struct tcp_sock_ops ops = {.readable = on_readable,
					.closed = on_closed};

static void on_accept(void *arg, struct tcp_sock *s)
{
	tcp_sock_set_ops(s, &ops, NULL);
	keep(s);
}

struct input {
	const uint8_t *p;
	size_t n;
};

static unsigned take(struct input *in, unsigned bytes)
{
	unsigned v = 0;

	while (bytes-- > 0) {
		v = v << 8 | (in->n > 0 ? *in->p : 0);
		if (in->n > 0) {
			in->p++;
			in->n--;
		}
	}
	return v;
}

/* A segment from peer port rport, its numbers near the connection's. */
static void segment(struct input *in)
{
	static uint8_t b[TCP_MAX_HLEN + 600];
	uint16_t rport = (uint16_t)(40000 + take(in, 1) % 3);
	struct tcp_sock *s = tcp_lookup(&st, &us, 80, &peer, rport);
	struct tcp_hdr h = {.sport = rport, .dport = 80};
	unsigned optm, len, i;

	h.flags = (uint8_t)take(in, 1);
	h.seq = (s != NULL ? s->rcv_nxt : 5000) + (int16_t)take(in, 2);
	h.ack = (s != NULL ? s->snd_una : 1000) + (int16_t)take(in, 2);
	h.window = (uint16_t)take(in, 2);
	optm = take(in, 1);
	if (optm & 1) {
		h.opt.has |= TCP_HAS_MSS;
		h.opt.mss = (uint16_t)(take(in, 2) | 64);
	}
	if (optm & 2) {
		h.opt.has |= TCP_HAS_WSCALE;
		h.opt.wscale = (uint8_t)(take(in, 1) % 15);
	}
	if (optm & 4)
		h.opt.has |= TCP_HAS_SACK_OK;
	if (optm & 8) {
		h.opt.has |= TCP_HAS_TS;
		h.opt.ts_val = (uint32_t)take(in, 2) << 8;
		h.opt.ts_ecr = (uint32_t)(now / MS) + (int8_t)take(in, 1);
	}
	if ((optm & 16) && s != NULL) {
		h.opt.has |= TCP_HAS_SACK;
		h.opt.sack_n = 1 + (optm >> 5) % 3;
		for (i = 0; i < h.opt.sack_n; i++) {
			h.opt.sack[i].left = s->snd_una + take(in, 1) * 64;
			h.opt.sack[i].right =
			    h.opt.sack[i].left + take(in, 1) * 64;
		}
	}
	len = take(in, 1) * 2;
	memset(b + TCP_HLEN + tcp_options_len(&h.opt), 'x', len);
	len += tcp_emit(b, sizeof(b), &h, &peer, &us, len);
	tcp_stack_input(&st, now, &peer, &us, bytes_make(b, len));
}

/* Raw bytes as a segment (the checksum made right or not). */
static void raw(struct input *in)
{
	uint8_t *b;
	unsigned len = take(in, 1), i;

	b = malloc(len + 1);
	for (i = 0; i < len; i++)
		b[i] = (uint8_t)take(in, 1);
	if (len >= TCP_HLEN && (b[0] & 1)) {
		uint32_t sum =
		    csum_pseudo_addr(&peer, &us, IPV4_PROTO_TCP, len);

		put16(b + 16, 0);
		put16(b + 16, csum_finish(csum_add(sum, bytes_make(b, len))));
	}
	tcp_stack_input(&st, now, &peer, &us, bytes_make(b, len));
	free(b);
}

static void app(struct input *in, unsigned op)
{
	static uint8_t buf[3000];
	unsigned k = take(in, 1);
	struct tcp_sock *s = socks[k % NSOCK];

	if (op == 6) {
		struct tcp_sock *c = NULL;

		if (tcp_stack_connect(&st, now, &us, &peer, 40000 + k % 3, &ops,
				      NULL, &c) == NET_OK)
			keep(c);
		return;
	}
	if (s == NULL)
		return;
	switch (op) {
	case 2:
		tcp_conn_write(s, now, buf, (k * 13) % sizeof(buf));
		break;
	case 3:
		tcp_conn_read(s, now, buf, (k * 7) % sizeof(buf));
		break;
	case 4:
		forget(s);
		tcp_conn_close(s, now);
		break;
	case 5:
		if (k & 0x80) {
			forget(s);
			tcp_conn_abort(s, now);
		} else {
			tcp_conn_shutdown(s, now);
			tcp_set_nodelay(s, k & 1);
		}
		break;
	}
}

static void invariants(void)
{
	uint32_t i;

	for (i = 0; i < st.nconns; i++) {
		const struct tcp_sock *s = &st.conns[i];

		if (!s->in_use || s->state == TCP_CLOSED)
			continue;
		require(seq_le(s->snd_una, s->snd_nxt) &&
			seq_le(s->snd_nxt, s->snd_max));
		require(s->sndq.r.len <= s->sndq.r.cap &&
			s->rcvq.r.len <= s->rcvq.r.cap);
		require(s->rcvq.n <= TCP_OOO_RANGES &&
			s->sacked.n <= TCP_SACK_BOARD);
		require(s->state != TCP_SYN_RECEIVED ||
			s->listener < TCP_LISTENERS || s->sndq.r.buf != NULL);
		if (tcp_synchronized(s) && s->state != TCP_TIME_WAIT)
			require(seq_le(s->sb_seq, s->snd_una + 1) &&
				seq_le(s->snd_una, tcp_data_end(s) + 1));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t key[16] = "fuzz-tcp-secret";
	struct tcp_io io = {.output = output};
	struct tcp_params p;
	struct input in = {data, size};
	unsigned op, steps = 0;

	tcp_params_default(&p);
	p.max_conns = 4;
	p.backlog = 2;
	p.sndbuf = 3000;
	p.rcvbuf = 2000;
	p.mss = 536;
	/* The first byte: keep-alive, IPv6, CUBIC (and a first step). */
	p.keepalive = size > 0 && (data[0] & 1);
	p.cc = size > 0 && (data[0] & 4) ? TCP_CC_CUBIC : TCP_CC_NEWRENO;
	p.keepalive_idle_ns = 5000 * MS;
	p.keepalive_intvl_ns = 1000 * MS;
	us = net_addr_ipv4(0x0a00020f);
	peer = net_addr_ipv4(0x0a000202);
	if (size > 0 && (data[0] & 2)) {
		us = (struct net_addr){NET_FAMILY_IPV6, {0xfd, [15] = 0x0f}};
		peer = (struct net_addr){NET_FAMILY_IPV6, {0xfd, [15] = 0x02}};
	}
	memset(socks, 0, sizeof(socks));
	now = 1000 * MS;
	require(tcp_stack_init(&st, &p, &io, key) == 0);
	st.test.fixed = true;
	st.test.isn = 1000;
	tcp_stack_listen(&st, 80, on_accept, NULL);
	while (in.n > 0 && steps++ < 200) {
		op = take(&in, 1) % 8;
		if (op == 0)
			segment(&in);
		else if (op == 1)
			now += (uint64_t)take(&in, 1) * 10 * MS;
		else if (op == 7)
			raw(&in);
		else
			app(&in, op);
		if (op == 1 || tcp_stack_next_deadline(&st) <= now)
			tcp_stack_tick(&st, now);
		invariants();
	}
	tcp_stack_fini(&st);
	return 0;
}
