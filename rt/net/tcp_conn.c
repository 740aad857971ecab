/* SPDX-License-Identifier: ISC */
/*
 * The table of connections: lookup by the four-tuple, slots taken and
 * given back, states set (with each listener's count of SYN-RECEIVED
 * entries), the end of a connection, and the delivery of the events that
 * input and timers leave for the application. A slot whose connection
 * ended is reaped only when the outermost call into the stack returns
 * (tcp_leave), so a callback can close its socket safely.
 */
#include <string.h>

#include "net/tcp_conn.h"

static const char *const state_names[TCP_NSTATES] = {
    "CLOSED",	   "LISTEN",	 "SYN-SENT",   "SYN-RECEIVED",
    "ESTABLISHED", "FIN-WAIT-1", "FIN-WAIT-2", "CLOSE-WAIT",
    "CLOSING",	   "LAST-ACK",	 "TIME-WAIT",
};

const char *tcp_state_name(unsigned state)
{
	return state < TCP_NSTATES ? state_names[state] : "?";
}

void tcp_count_drop(struct tcp_stack *st, enum tcp_drop why)
{
	if ((unsigned)why < TCP_DROP_COUNT)
		st->stats.drops[why]++;
}

void tcp_progress(struct tcp_stack *st, struct tcp_sock *s, uint64_t now_ns)
{
	/* Once per TCP_PROGRESS_NS saves a lookup per segment, and is
	 * often enough for the shortest arp.reachable_ms (100 ms): an entry
	 * that went STALE in between waits arp.delay_ms in DELAY, and the
	 * next report confirms it before any probe. */
	if (st->io.progress == NULL || now_ns < s->progress_at)
		return;
	s->progress_at = now_ns + TCP_PROGRESS_NS;
	st->io.progress(st->io.ctx, now_ns, &s->laddr, &s->raddr);
}

void tcp_timer_set(struct tcp_sock *s, enum tcp_timer t, uint64_t at_ns)
{
	s->timer[t] = at_ns;
}

static void sock_release(struct tcp_sock *s)
{
	tcp_sndq_free(&s->sndq);
	tcp_ring_free(&s->rcvq.r);
	s->in_use = false;
}

void tcp_enter(struct tcp_stack *st)
{
	st->depth++;
}

void tcp_leave(struct tcp_stack *st)
{
	uint32_t i;

	if (--st->depth != 0 || !st->reap)
		return;
	st->reap = false;
	for (i = 0; i < st->nconns; i++)
		if (st->conns[i].in_use && st->conns[i].state == TCP_CLOSED)
			sock_release(&st->conns[i]);
}

static bool addr_eq(const struct net_addr *a, const struct net_addr *b)
{
	return a->family == b->family && memcmp(a->a, b->a, 16) == 0;
}

struct tcp_sock *tcp_lookup(struct tcp_stack *st, const struct net_addr *laddr,
			    uint16_t lport, const struct net_addr *raddr,
			    uint16_t rport)
{
	uint32_t i;

	for (i = 0; i < st->nconns; i++) {
		struct tcp_sock *s = &st->conns[i];

		if (s->in_use && s->state != TCP_CLOSED && s->lport == lport &&
		    s->rport == rport && addr_eq(&s->raddr, raddr) &&
		    addr_eq(&s->laddr, laddr))
			return s;
	}
	return NULL;
}

struct tcp_listener *tcp_find_listener(struct tcp_stack *st, uint16_t port)
{
	unsigned i;

	for (i = 0; i < TCP_LISTENERS; i++)
		if (st->listeners[i].port == port && port != 0)
			return &st->listeners[i];
	return NULL;
}

static void sock_reset(struct tcp_stack *st, struct tcp_sock *s)
{
	unsigned t;

	*s = (struct tcp_sock){0};
	s->in_use = true;
	s->st = st;
	s->listener = UINT8_MAX;
	s->birth = ++st->births;
	for (t = 0; t < TCP_NTIMERS; t++)
		s->timer[t] = TCP_NEVER;
}

/* The oldest TIME-WAIT slot: nothing refers to it, it can be taken now. */
static struct tcp_sock *reclaim_time_wait(struct tcp_stack *st)
{
	struct tcp_sock *old = NULL;
	uint32_t i;

	for (i = 0; i < st->nconns; i++) {
		struct tcp_sock *s = &st->conns[i];

		if (s->in_use && s->state == TCP_TIME_WAIT &&
		    (old == NULL || s->birth < old->birth))
			old = s;
	}
	if (old != NULL)
		sock_release(old);
	return old;
}

struct tcp_sock *tcp_sock_new(struct tcp_stack *st)
{
	struct tcp_sock *s = NULL;
	uint32_t i;

	for (i = 0; i < st->nconns && s == NULL; i++)
		if (!st->conns[i].in_use)
			s = &st->conns[i];
	if (s == NULL)
		s = reclaim_time_wait(st);
	if (s != NULL)
		sock_reset(st, s);
	return s;
}

uint8_t tcp_our_wscale(const struct tcp_stack *st)
{
	uint8_t ws = 0;

	while (ws < TCP_WSCALE_MAX && (st->p.rcvbuf >> ws) > 0xffff)
		ws++;
	return ws;
}

/*
 * The receive ring has 2^wscale - 1 bytes more than rcvbuf: a scaled
 * window rounded up so as not to shrink (tcp_output.c) may promise that
 * much past rcvbuf.
 */
int tcp_sock_buffers(struct tcp_stack *st, struct tcp_sock *s)
{
	uint32_t slack = (1u << tcp_our_wscale(st)) - 1;

	if (s->sndq.r.buf == NULL &&
	    tcp_ring_alloc(&s->sndq.r, st->p.sndbuf) < 0)
		return -1;
	if (s->rcvq.r.buf == NULL &&
	    tcp_ring_alloc(&s->rcvq.r, st->p.rcvbuf + slack) < 0) {
		tcp_sndq_free(&s->sndq);
		return -1;
	}
	return 0;
}

void tcp_set_state(struct tcp_stack *st, struct tcp_sock *s, unsigned state)
{
	struct tcp_listener *l =
	    s->listener < TCP_LISTENERS ? &st->listeners[s->listener] : NULL;

	if (l != NULL && s->state == TCP_SYN_RECEIVED && l->syn_received > 0)
		l->syn_received--;
	if (l != NULL && state == TCP_SYN_RECEIVED)
		l->syn_received++;
	if (state != TCP_SYN_RECEIVED)
		s->listener = UINT8_MAX;
	s->state = (uint8_t)state;
}

void tcp_sock_end(struct tcp_stack *st, struct tcp_sock *s,
		  enum tcp_close_reason why)
{
	unsigned t;

	tcp_set_state(st, s, TCP_CLOSED);
	for (t = 0; t < TCP_NTIMERS; t++)
		s->timer[t] = TCP_NEVER;
	if (s->app) {
		s->events |= TCP_EV_CLOSED;
		s->close_reason = (uint8_t)why;
	}
	st->reap = true;
}

/* The next event to deliver, cleared from s->events. */
static unsigned next_event(struct tcp_sock *s)
{
	static const uint8_t order[] = {TCP_EV_ACCEPT, TCP_EV_CONNECTED,
					TCP_EV_READABLE, TCP_EV_WRITABLE,
					TCP_EV_CLOSED};
	unsigned i;

	for (i = 0; i < sizeof(order); i++)
		if (s->events & order[i]) {
			s->events &= (uint8_t)~order[i];
			return order[i];
		}
	return 0;
}

static void call_accept(struct tcp_stack *st, struct tcp_sock *s,
			const struct tcp_listener *l)
{
	if (l != NULL && l->fn != NULL)
		l->fn(l->arg, s);
}

/*
 * Algorithm: one event at a time, accept or connected first and closed
 * last; after each callback, stop when the application let go of s (it
 * called tcp_close or tcp_abort, or the closed callback ran).
 */
void tcp_deliver(struct tcp_stack *st, struct tcp_sock *s)
{
	const struct tcp_sock_ops *o;
	unsigned ev;

	while (s->in_use && s->app && (ev = next_event(s)) != 0) {
		o = s->ops;
		if (ev == TCP_EV_ACCEPT)
			call_accept(st, s, tcp_find_listener(st, s->lport));
		else if (ev == TCP_EV_CONNECTED && o && o->connected)
			o->connected(s->arg, s);
		else if (ev == TCP_EV_READABLE && o && o->readable)
			o->readable(s->arg, s);
		else if (ev == TCP_EV_WRITABLE && o && o->writable)
			o->writable(s->arg, s);
		else if (ev == TCP_EV_CLOSED) {
			s->app = false;
			if (o && o->closed)
				o->closed(
				    s->arg, s,
				    (enum tcp_close_reason)s->close_reason);
		}
	}
	if (s->app)
		return;
	s->events = 0;
	/* TIME-WAIT needs no buffer: free them for its 2MSL. */
	if (s->state == TCP_TIME_WAIT) {
		tcp_sndq_free(&s->sndq);
		tcp_ring_free(&s->rcvq.r);
	}
}
