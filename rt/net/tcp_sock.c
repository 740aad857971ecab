/* SPDX-License-Identifier: ISC */
/*
 * What the application does with one connection: the tcp_conn_* calls of
 * tcp.h (read, write, shutdown, close, abort, with the time they are
 * made) and the calls of <uni/tcp.h> that need no clock. A read may open
 * the window (a window update goes when it grows by a segment or half the
 * buffer); a write (a copy, or a reference: tcp_sndq.h) sends what the
 * windows allow; close sends a FIN after the data, or a RST when received
 * data was left unread.
 */
#include <string.h>

#include "net/tcp_conn.h"

static bool receiving(const struct tcp_sock *s)
{
	return s->state == TCP_ESTABLISHED || s->state == TCP_FIN_WAIT_1 ||
	       s->state == TCP_FIN_WAIT_2;
}

/* After a read: tell the peer when the window grew enough. */
static void window_update(struct tcp_stack *st, struct tcp_sock *s,
			  uint64_t now_ns)
{
	uint32_t cap = st->p.rcvbuf, adv = tcp_rcv_window(s);
	uint32_t space = s->rcvq.r.len < cap ? cap - s->rcvq.r.len : 0;
	uint32_t step = st->p.mss < cap / 2 ? st->p.mss : cap / 2;

	if (receiving(s) && !s->fin_rcvd && space >= adv + step)
		tcp_send_ack(st, s, now_ns);
}

size_t tcp_conn_read(struct tcp_sock *s, uint64_t now_ns, void *buf, size_t cap)
{
	struct tcp_stack *st = s->st;
	uint32_t n = s->rcvq.r.len;

	if (n > cap)
		n = (uint32_t)cap;
	if (n == 0 || s->rcvq.r.buf == NULL)
		return 0;
	tcp_enter(st);
	tcp_ring_get(&s->rcvq.r, 0, buf, n);
	tcp_ring_consume(&s->rcvq.r, n);
	window_update(st, s, now_ns);
	tcp_leave(st);
	return n;
}

static bool can_write(const struct tcp_sock *s)
{
	return !s->fin_queued && s->sndq.r.buf != NULL &&
	       (s->state == TCP_SYN_SENT || s->state == TCP_ESTABLISHED ||
		s->state == TCP_CLOSE_WAIT);
}

/* Queue len bytes by put (a copy or a reference) and send what the
 * windows allow; a write cut short asks for the writable callback. */
static size_t
queue_data(struct tcp_sock *s, uint64_t now_ns, const void *data, size_t len,
	   uint32_t (*put)(struct tcp_sndq *, const uint8_t *, uint32_t))
{
	struct tcp_stack *st = s->st;
	uint32_t n, want = len > TCP_SEND_MAX ? TCP_SEND_MAX : (uint32_t)len;

	if (!can_write(s) || len == 0 || data == NULL)
		return 0;
	tcp_enter(st);
	n = put(&s->sndq, data, want);
	if (n < len)
		s->want_writable = true;
	tcp_output(st, s, now_ns);
	tcp_leave(st);
	return n;
}

size_t tcp_conn_write(struct tcp_sock *s, uint64_t now_ns, const void *data,
		      size_t len)
{
	return queue_data(s, now_ns, data, len, tcp_sndq_copy);
}

size_t tcp_conn_write_ref(struct tcp_sock *s, uint64_t now_ns, const void *data,
			  size_t len)
{
	return queue_data(s, now_ns, data, len, tcp_sndq_ref);
}

/* Queue the FIN: the state moves now (RFC 9293 3.10.4), the FIN goes
 * after the data. */
static int queue_fin(struct tcp_stack *st, struct tcp_sock *s, uint64_t now_ns)
{
	if (s->fin_queued)
		return NET_OK;
	if (s->state == TCP_ESTABLISHED)
		tcp_set_state(st, s, TCP_FIN_WAIT_1);
	else if (s->state == TCP_CLOSE_WAIT)
		tcp_set_state(st, s, TCP_LAST_ACK);
	else if (s->state != TCP_SYN_SENT && s->state != TCP_SYN_RECEIVED)
		return NET_EINVAL; /* before ESTABLISHED: FIN-WAIT-1 then */
	s->fin_queued = true;
	tcp_output(st, s, now_ns);
	return NET_OK;
}

int tcp_conn_shutdown(struct tcp_sock *s, uint64_t now_ns)
{
	struct tcp_stack *st = s->st;
	int r;

	tcp_enter(st);
	r = queue_fin(st, s, now_ns);
	tcp_leave(st);
	return r;
}

int tcp_conn_close(struct tcp_sock *s, uint64_t now_ns)
{
	struct tcp_stack *st = s->st;

	s->app = false;
	s->events = 0;
	if (s->state == TCP_CLOSED || s->state == TCP_TIME_WAIT ||
	    s->state == TCP_CLOSING || s->state == TCP_LAST_ACK)
		return NET_OK;
	if (s->state == TCP_SYN_SENT || s->state == TCP_SYN_RECEIVED ||
	    s->rcvq.r.len != 0 || s->rcvq.n != 0) {
		tcp_conn_abort(s, now_ns);
		return NET_OK;
	}
	tcp_enter(st);
	queue_fin(st, s, now_ns);
	if (s->state == TCP_FIN_WAIT_2)
		tcp_timer_set(s, TCP_T_LINGER, now_ns + st->p.fin_wait2_ns);
	tcp_leave(st);
	return NET_OK;
}

void tcp_conn_abort(struct tcp_sock *s, uint64_t now_ns)
{
	struct tcp_stack *st = s->st;

	s->app = false;
	s->events = 0;
	if (s->state == TCP_CLOSED)
		return;
	tcp_enter(st);
	if (s->state != TCP_SYN_SENT && s->state != TCP_TIME_WAIT)
		tcp_send_rst(st, s, now_ns);
	tcp_sock_end(st, s, TCP_CLOSED_RESET);
	tcp_leave(st);
}

void tcp_sock_set_ops(struct tcp_sock *s, const struct tcp_sock_ops *ops,
		      void *arg)
{
	s->ops = ops;
	s->arg = arg;
}

size_t tcp_readable(const struct tcp_sock *s)
{
	return s->rcvq.r.len;
}

bool tcp_eof(const struct tcp_sock *s)
{
	return s->fin_rcvd && s->rcvq.r.len == 0;
}

size_t tcp_writable(const struct tcp_sock *s)
{
	return can_write(s) ? tcp_sndq_copy_space(&s->sndq) : 0;
}

size_t tcp_writable_ref(const struct tcp_sock *s)
{
	return can_write(s) ? tcp_sndq_ref_space(&s->sndq) : 0;
}

void tcp_set_nodelay(struct tcp_sock *s, bool nodelay)
{
	s->nodelay = nodelay;
}

void tcp_conn_set_cork(struct tcp_sock *s, uint64_t now_ns, bool cork)
{
	struct tcp_stack *st = s->st;
	bool was = s->cork;

	s->cork = cork;
	if (!was || cork || s->state == TCP_CLOSED)
		return;
	/* Uncorked: what waits goes now, a partial segment too (as Linux
	 * pushes at TCP_CORK's end, Nagle or not). */
	s->snd_push = tcp_data_end(s);
	tcp_enter(st);
	tcp_output(st, s, now_ns);
	tcp_leave(st);
}

struct net_endpoint tcp_peer(const struct tcp_sock *s)
{
	struct net_endpoint e = {.addr = s->raddr, .port = s->rport};

	return e;
}
