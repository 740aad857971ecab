/* SPDX-License-Identifier: ISC */
/*
 * Two TCP stacks talk over a simulated path that loses, delays and
 * reorders segments (a fixed pseudo-random sequence per run): each side
 * sends a stream of known bytes, half-closes, reads the other's to the
 * end and closes. Every run must deliver both streams intact and end
 * both connections normally, whatever the path did; the runs cover SACK
 * on and off, timestamps on and off, both address families, MSSs from
 * 536 to 1460, and loss from none to heavy; in half the runs each write
 * is, at random, a copy or a reference into the stream (tcp_write_ref),
 * so segments and retransmissions straddle the two; in 9 seeds of 24
 * the "device" refuses one segment in ten (NET_EAGAIN, a full ring), which
 * the stacks must send again themselves. Then ten connections in
 * turn go through tables of three, taking back the TIME-WAIT entries. This
 * exercises what the scripts test one case at a time (recovery,
 * reassembly, RTO, persist, FIN handling) in long random combinations,
 * under ASan and UBSan.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/tcp_conn.h"
#include "unit.h"

UNIT_COUNTERS;

#define MS 1000000ULL
#define SEC 1000000000ULL
#define MAXPKT 4096
#define STREAM (300 * 1000)

struct pkt {
	uint64_t at;
	int to; /* 0 or 1 */
	uint16_t len;
	uint8_t b[TCP_HLEN + 1460];
};

struct side {
	struct tcp_stack st;
	struct net_addr addr;
	struct tcp_sock *s;
	uint64_t sent, got;
	bool eof, closed, shut;
	int why;
	uint64_t stall_until; /* the reader pauses: the window closes */
};

static struct {
	struct side side[2];
	struct pkt *q;
	unsigned n;
	uint64_t now, rng;
	unsigned loss_pct;   /* per segment */
	unsigned refuse_pct; /* per segment: the device refuses (NET_EAGAIN) */
	unsigned dropped, refused, mss;
	bool bad, refs; /* refs: writes by reference too */
} W;

/* The streams, for writes by reference: written once, then only read. */
static uint8_t stream[2][STREAM];

static uint32_t rnd(void)
{
	W.rng = W.rng * 6364136223846793005ULL + 1442695040888963407ULL;
	return (uint32_t)(W.rng >> 33);
}

static uint8_t pattern(uint64_t i, int who)
{
	return (uint8_t)(i * 13 + (uint64_t)who * 101 + (i >> 9));
}

static int output(void *ctx, uint64_t now_ns, const struct net_addr *src,
		  const struct net_addr *dst, const uint8_t *seg, size_t len)
{
	int from = (int)(intptr_t)ctx;
	struct pkt *p;

	if (rnd() % 100 < W.refuse_pct) {
		W.refused++; /* not sent: the stack must send it again */
		return NET_EAGAIN;
	}
	if (rnd() % 100 < W.loss_pct) {
		W.dropped++;
		return 0;
	}
	/* Options count in the MSS (RFC 6691): 20 bytes of header more. */
	if (len > TCP_HLEN + W.mss && !W.bad) {
		W.bad = true;
		CHECK(0, "a segment of %zu bytes, MSS %u", len, W.mss);
	}
	if (W.n == MAXPKT || len > sizeof(p->b)) {
		W.dropped++;
		return 0;
	}
	p = &W.q[W.n++];
	/* 20 ms one way, plus up to 8 ms of jitter: segments overtake. */
	p->at = now_ns + 20 * MS + rnd() % (8 * MS);
	p->to = !from;
	p->len = (uint16_t)len;
	memcpy(p->b, seg, len);
	return 0;
}

static void send_some(struct side *d, int who)
{
	uint8_t buf[4000];
	size_t n, i, took;

	while (d->s != NULL && d->sent < STREAM) {
		n = 1 + rnd() % sizeof(buf);
		if (n > STREAM - d->sent)
			n = STREAM - d->sent;
		if (W.refs && rnd() % 2 == 0) {
			took = tcp_conn_write_ref(d->s, W.now,
						  &stream[who][d->sent], n);
		} else {
			for (i = 0; i < n; i++)
				buf[i] = pattern(d->sent + i, who);
			took = tcp_conn_write(d->s, W.now, buf, n);
		}
		d->sent += took;
		if (took < n)
			return;
	}
	if (d->s != NULL && d->sent == STREAM && !d->shut) {
		d->shut = true;
		tcp_conn_shutdown(d->s, W.now);
	}
}

static int who_of(struct tcp_sock *s)
{
	return s->st == &W.side[0].st ? 0 : 1;
}

static void drain(struct tcp_sock *s)
{
	int who = who_of(s);
	struct side *d = &W.side[who];
	uint8_t buf[3000];
	size_t n, i;

	while ((n = tcp_conn_read(s, W.now, buf, 1 + rnd() % sizeof(buf))) >
	       0) {
		for (i = 0; i < n; i++)
			if (buf[i] != pattern(d->got + i, !who) && !W.bad) {
				W.bad = true;
				CHECK(0, "side %d: byte %llu differs", who,
				      (unsigned long long)(d->got + i));
			}
		d->got += n;
	}
	if (tcp_eof(s))
		d->eof = true;
}

/* Now and then the reader pauses for up to 2 s (persist, window
 * updates), else it reads everything. */
static void on_readable(void *arg, struct tcp_sock *s)
{
	struct side *d = &W.side[who_of(s)];

	if (d->stall_until > W.now)
		return;
	if (rnd() % 16 == 0) {
		d->stall_until = W.now + rnd() % (2 * SEC);
		return;
	}
	drain(s);
}

static void unstall(void)
{
	int i;

	for (i = 0; i < 2; i++)
		if (W.side[i].stall_until != 0 &&
		    W.side[i].stall_until <= W.now) {
			W.side[i].stall_until = 0;
			if (W.side[i].s != NULL)
				drain(W.side[i].s);
		}
}

static void on_writable(void *arg, struct tcp_sock *s)
{
	send_some(&W.side[who_of(s)], who_of(s));
}

static void on_connected(void *arg, struct tcp_sock *s)
{
	send_some(&W.side[0], 0);
}

static void on_closed(void *arg, struct tcp_sock *s, enum tcp_close_reason why)
{
	struct side *d = &W.side[who_of(s)];

	drain(s); /* what is left unread is readable until we return */
	d->closed = true;
	d->why = why;
	d->s = NULL;
}

static const struct tcp_sock_ops ops = {on_readable, on_writable, on_connected,
					on_closed};

static void on_accept(void *arg, struct tcp_sock *s)
{
	W.side[1].s = s;
	tcp_sock_set_ops(s, &ops, NULL);
	send_some(&W.side[1], 1);
}

/* The earliest of the timers and the segments in flight. */
static uint64_t next_event(void)
{
	uint64_t t = tcp_stack_next_deadline(&W.side[0].st);
	uint64_t u = tcp_stack_next_deadline(&W.side[1].st);
	unsigned i;

	t = u < t ? u : t;
	for (i = 0; i < 2; i++)
		if (W.side[i].stall_until != 0 && W.side[i].stall_until < t)
			t = W.side[i].stall_until;
	for (i = 0; i < W.n; i++)
		if (W.q[i].at < t)
			t = W.q[i].at;
	return t;
}

static void deliver_due(void)
{
	unsigned i = 0;
	struct pkt p;

	while (i < W.n) {
		if (W.q[i].at > W.now) {
			i++;
			continue;
		}
		p = W.q[i];
		W.q[i] = W.q[--W.n];
		tcp_stack_input(&W.side[p.to].st, W.now, &W.side[!p.to].addr,
				&W.side[p.to].addr, bytes_make(p.b, p.len));
	}
}

static bool done(void)
{
	return W.side[0].closed && W.side[1].closed;
}

/* Both stacks, with the parameters of a run. */
static void setup(unsigned seed, unsigned loss, bool sack, bool ts, unsigned cc,
		  uint32_t max_conns)
{
	struct tcp_params p;
	struct tcp_io io0 = {.output = output, .ctx = (void *)0};
	struct tcp_io io1 = {.output = output, .ctx = (void *)1};
	static const uint8_t key[16] = "pair-test-secret";

	memset(&W.side, 0, sizeof(W.side));
	W.n = 0;
	W.now = SEC;
	W.rng = seed;
	W.loss_pct = loss;
	W.refs = false;
	W.dropped = 0;
	W.refuse_pct = 0;
	W.refused = 0;
	W.bad = false;
	tcp_params_default(&p);
	p.max_conns = max_conns;
	p.sack = sack;
	p.timestamps = ts;
	p.cc = (uint8_t)cc;
	p.sndbuf = 4000 + seed * 1009 % 60000;
	p.rcvbuf = 2000 + seed * 7717 % 100000;
	p.mss = (uint16_t)(536 + seed % 925);
	W.mss = p.mss;
	p.data_retries = 30;
	W.side[0].addr = net_addr_ipv4(0x0a000001);
	W.side[1].addr = net_addr_ipv4(0x0a000002);
	if (seed % 5 == 4) {
		W.side[0].addr = (struct net_addr){NET_FAMILY_IPV6, {0xfd, 1}};
		W.side[1].addr = (struct net_addr){NET_FAMILY_IPV6, {0xfd, 2}};
	}
	tcp_stack_init(&W.side[0].st, &p, &io0, key);
	tcp_stack_init(&W.side[1].st, &p, &io1, key);
	tcp_stack_listen(&W.side[1].st, 80, on_accept, NULL);
}

/* One connection from side 0 to side 1, to its end; the checks. */
static void one_connection(const char *what)
{
	uint64_t t, end = W.now + 3600 * SEC;
	int i, r;

	for (i = 0; i < 2; i++) {
		struct tcp_stack st = W.side[i].st;
		struct net_addr a = W.side[i].addr;

		memset(&W.side[i], 0, sizeof(W.side[i]));
		W.side[i].st = st;
		W.side[i].addr = a;
	}
	r = tcp_stack_connect(&W.side[0].st, W.now, &W.side[0].addr,
			      &W.side[1].addr, 80, &ops, NULL, &W.side[0].s);
	CHECK(r == NET_OK, "%s: connect %d", what, r);
	while (!done() && W.now < end && !W.bad) {
		t = next_event();
		if (t == UINT64_MAX)
			break;
		W.now = t > W.now ? t : W.now;
		deliver_due();
		unstall();
		tcp_stack_tick(&W.side[0].st, W.now);
		tcp_stack_tick(&W.side[1].st, W.now);
	}
	CHECK(W.side[0].got == STREAM && W.side[1].got == STREAM,
	      "%s: got %llu and %llu of %u", what,
	      (unsigned long long)W.side[0].got,
	      (unsigned long long)W.side[1].got, STREAM);
	CHECK(done() && W.side[0].why == TCP_CLOSED_NORMAL &&
		  W.side[1].why == TCP_CLOSED_NORMAL,
	      "%s: closed %d/%d reasons %d/%d", what, W.side[0].closed,
	      W.side[1].closed, W.side[0].why, W.side[1].why);
}

static void teardown(void)
{
	tcp_stack_fini(&W.side[0].st);
	tcp_stack_fini(&W.side[1].st);
}

static void run(unsigned seed, unsigned loss, bool sack, bool ts, unsigned cc,
		bool refs, unsigned refuse)
{
	char what[96];

	snprintf(what, sizeof(what),
		 "seed %u loss %u sack %d ts %d refs %d refuse %u", seed, loss,
		 sack, ts, refs, refuse);
	setup(seed, loss, sack, ts, cc, 64);
	W.refs = refs;
	W.refuse_pct = refuse;
	one_connection(what);
	CHECK(loss == 0 || W.side[0].st.stats.retransmits +
				   W.side[1].st.stats.retransmits >
			       0,
	      "losses were repaired by retransmissions");
	CHECK(W.side[0].st.stats.local_drops + W.side[1].st.stats.local_drops ==
		      W.refused &&
		  (refuse == 0 || W.refused > 0),
	      "%s: %u segments refused, counted %llu", what, W.refused,
	      (unsigned long long)(W.side[0].st.stats.local_drops +
				   W.side[1].st.stats.local_drops));
	teardown();
}

/* Connection after connection in tables of 3: the TIME-WAIT entries
 * they leave are taken back for the next ones. */
static void churn(void)
{
	char what[80];
	unsigned k;

	setup(77, 2, true, true, 0, 3);
	for (k = 0; k < 10 && !W.bad; k++) {
		snprintf(what, sizeof(what), "churn %u", k);
		one_connection(what);
	}
	CHECK(W.side[0].st.stats.established == 10 &&
		  W.side[1].st.stats.established == 10,
	      "10 connections through tables of 3");
	teardown();
}

int main(void)
{
	static const unsigned losses[] = {0, 1, 3, 10, 20};
	unsigned seed, l;
	size_t i;

	W.q = calloc(MAXPKT, sizeof(*W.q));
	for (i = 0; i < STREAM; i++) {
		stream[0][i] = pattern(i, 0);
		stream[1][i] = pattern(i, 1);
	}
	for (seed = 1; seed <= 24; seed++)
		for (l = 0; l < sizeof(losses) / sizeof(losses[0]); l++)
			run(seed * 7919 + l, losses[l], seed & 1, seed & 2,
			    seed % 3 == 0, seed & 4, seed & 8 ? 10 : 0);
	churn();
	free(W.q);
	return unit_summary();
}
