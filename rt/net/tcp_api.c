/* SPDX-License-Identifier: ISC */
/*
 * The calls of tcp.h that are not a segment: the stack's life (defaults,
 * init, fini), its timers (tick, next deadline), listening, connecting,
 * and what the application does with a connection (read, write, shutdown,
 * close, abort), plus the calls of <uni/tcp.h> that need no clock.
 * Each call that can send or call back enters the stack (tcp_enter) so
 * that a socket closed from a callback is reaped only at the end.
 */
#include <stdlib.h>
#include <string.h>

#include "net/tcp_conn.h"

#define MS 1000000ULL
#define SEC 1000000000ULL

void tcp_params_default(struct tcp_params *p)
{
	*p = (struct tcp_params){
	    .max_conns = 64,
	    .sndbuf = 65536,
	    .rcvbuf = 65535,
	    .backlog = 16,
	    .mss = 1460,
	    .cc = TCP_CC_NEWRENO,
	    .sack = true,
	    .timestamps = true,
	    .window_scale = true,
	    .keepalive = false,
	    .keepalive_idle_ns = 7200 * SEC,
	    .keepalive_intvl_ns = 75 * SEC,
	    .keepalive_probes = 9,
	    .rto_initial_ns = 1 * SEC,
	    .rto_min_ns = 200 * MS,
	    .rto_max_ns = 120 * SEC,
	    .syn_retries = 6,
	    .data_retries = 15,
	    .delack_ns = 40 * MS,
	    .time_wait_ns = 60 * SEC,
	    .fin_wait2_ns = 60 * SEC,
	    .xmit_retry_ns = 1 * MS,
	};
}

int tcp_stack_init(struct tcp_stack *st, const struct tcp_params *p,
		   const struct tcp_io *io, const uint8_t secret[16])
{
	*st = (struct tcp_stack){0};
	/* A window is at most 2^30 bytes (RFC 7323 2.3). */
	if (p->max_conns == 0 || p->mss < 64 || p->sndbuf == 0 ||
	    p->rcvbuf == 0 || p->sndbuf > 1u << 30 || p->rcvbuf > 1u << 30 ||
	    p->xmit_retry_ns == 0 || io == NULL || io->output == NULL)
		return -1;
	st->p = *p;
	st->io = *io;
	memcpy(st->secret, secret, 16);
	st->conns = calloc(p->max_conns, sizeof(*st->conns));
	st->tx = malloc(TCP_MAX_HLEN + (size_t)p->mss);
	if (st->conns == NULL || st->tx == NULL) {
		tcp_stack_fini(st);
		return -1;
	}
	st->nconns = p->max_conns;
	return 0;
}

void tcp_stack_fini(struct tcp_stack *st)
{
	uint32_t i;

	for (i = 0; st->conns != NULL && i < st->nconns; i++) {
		tcp_sndq_free(&st->conns[i].sndq);
		tcp_ring_free(&st->conns[i].rcvq.r);
	}
	free(st->conns);
	free(st->tx);
	st->conns = NULL;
	st->tx = NULL;
	st->nconns = 0;
}

void tcp_stack_tick(struct tcp_stack *st, uint64_t now_ns)
{
	uint32_t i;

	tcp_enter(st);
	for (i = 0; i < st->nconns; i++) {
		struct tcp_sock *s = &st->conns[i];

		if (!s->in_use || s->state == TCP_CLOSED)
			continue;
		tcp_timers_run(st, s, now_ns);
		tcp_deliver(st, s);
	}
	tcp_leave(st);
}

uint64_t tcp_stack_next_deadline(const struct tcp_stack *st)
{
	uint64_t next = TCP_NEVER;
	uint32_t i;
	unsigned t;

	for (i = 0; i < st->nconns; i++) {
		const struct tcp_sock *s = &st->conns[i];

		if (!s->in_use || s->state == TCP_CLOSED)
			continue;
		for (t = 0; t < TCP_NTIMERS; t++)
			if (s->timer[t] < next)
				next = s->timer[t];
	}
	return next;
}

int tcp_stack_listen(struct tcp_stack *st, uint16_t port, tcp_accept_fn fn,
		     void *arg)
{
	struct tcp_listener *l;

	if (port == 0 || fn == NULL)
		return NET_EINVAL;
	if (tcp_find_listener(st, port) != NULL)
		return NET_EADDRINUSE;
	l = tcp_find_listener(st, 0);
	for (unsigned i = 0; l == NULL && i < TCP_LISTENERS; i++)
		if (st->listeners[i].port == 0)
			l = &st->listeners[i];
	if (l == NULL)
		return NET_ENOMEM;
	*l = (struct tcp_listener){.port = port, .fn = fn, .arg = arg};
	return NET_OK;
}

int tcp_stack_unlisten(struct tcp_stack *st, uint16_t port)
{
	struct tcp_listener *l = tcp_find_listener(st, port);
	unsigned li;
	uint32_t i;

	if (l == NULL)
		return NET_EINVAL;
	li = (unsigned)(l - st->listeners);
	tcp_enter(st);
	for (i = 0; i < st->nconns; i++) {
		struct tcp_sock *s = &st->conns[i];

		if (s->in_use && s->state == TCP_SYN_RECEIVED &&
		    s->listener == li)
			tcp_sock_end(st, s, TCP_CLOSED_RESET);
	}
	*l = (struct tcp_listener){0};
	tcp_leave(st);
	return NET_OK;
}

static int connect_open(struct tcp_stack *st, uint64_t now_ns,
			struct tcp_sock *s)
{
	if (tcp_sock_buffers(st, s) < 0)
		return NET_ENOMEM;
	s->iss = tcp_isn(st, now_ns, s);
	s->snd_una = s->snd_nxt = s->snd_max = s->snd_sml = s->snd_push =
	    s->iss;
	s->sb_seq = s->iss + 1;
	s->ts_off = tcp_ts_offset(st, s);
	s->rto = st->p.rto_initial_ns;
	s->snd_mss = TCP_MSS_DEFAULT;
	s->rcv_wscale = st->p.window_scale ? tcp_our_wscale(st) : 0;
	tcp_set_state(st, s, TCP_SYN_SENT);
	st->stats.active_opens++;
	tcp_send_syn(st, s, now_ns);
	s->snd_nxt = s->iss + 1;
	s->rtt_timing = true;
	s->rtt_seq = s->iss;
	s->rtt_start = now_ns;
	return NET_OK;
}

int tcp_stack_connect(struct tcp_stack *st, uint64_t now_ns,
		      const struct net_addr *local,
		      const struct net_addr *remote, uint16_t rport,
		      const struct tcp_sock_ops *ops, void *arg,
		      struct tcp_sock **out)
{
	struct tcp_sock *s;
	uint16_t port;
	int r;

	if (local == NULL || remote == NULL || rport == 0 ||
	    local->family != remote->family)
		return NET_EINVAL;
	port = tcp_ephemeral_port(st, local, remote, rport);
	if (port == 0)
		return NET_EADDRINUSE;
	tcp_enter(st);
	s = tcp_sock_new(st);
	if (s == NULL) {
		st->stats.refused_full++;
		tcp_leave(st);
		return NET_ENOMEM;
	}
	s->laddr = *local;
	s->raddr = *remote;
	s->lport = port;
	s->rport = rport;
	s->ops = ops;
	s->arg = arg;
	s->app = true;
	r = connect_open(st, now_ns, s);
	if (r != NET_OK) {
		s->app = false;
		tcp_sock_end(st, s, TCP_CLOSED_REFUSED);
	} else if (out != NULL) {
		*out = s;
	}
	tcp_leave(st);
	return r;
}
