/* SPDX-License-Identifier: ISC */
/*
 * Time in TCP: the round-trip estimate and the retransmission timeout of
 * RFC 6298 (Karn's rule, or timestamps, for the samples; exponential
 * backoff up to rto_max; SYN and data retries), and the other timers of a
 * connection when they fall due: the zero-window probe (persist), the
 * delayed ACK, keep-alive, and the linger of TIME-WAIT (2MSL) and of an
 * orphaned FIN-WAIT-2. Timers are deadlines in struct tcp_sock; the caller
 * runs them with the time it reads (tcp_stack_tick).
 */
#include "net/tcp_conn.h"

/* RFC 6298 5.7: the RTO after a retransmitted SYN, until an RTT sample. */
#define SYN_FALLBACK 3000000000ULL

static uint64_t clamp_rto(const struct tcp_stack *st, uint64_t rto)
{
	if (rto > st->p.rto_max_ns)
		return st->p.rto_max_ns;
	return rto;
}

/*
 * RTO = SRTT + max(4 RTTVAR, rto_min) as Linux computes it (RFC 6298 2.4
 * asks for max(G, 4 RTTVAR) and a floor of 1 s; rto_min is the floor of
 * the variance term instead, which is what makes a 200 ms minimum safe).
 */
static uint64_t rto_of(const struct tcp_stack *st, const struct tcp_sock *s)
{
	uint64_t var = 4 * s->rttvar;

	if (s->srtt == 0 && s->syn_rxt && st->p.rto_initial_ns < SYN_FALLBACK)
		return SYN_FALLBACK;
	if (s->srtt == 0)
		return st->p.rto_initial_ns;
	return clamp_rto(
	    st, s->srtt + (var > st->p.rto_min_ns ? var : st->p.rto_min_ns));
}

void tcp_rtt_sample(struct tcp_stack *st, struct tcp_sock *s, uint64_t rtt_ns)
{
	uint64_t err;

	if (rtt_ns == 0)
		rtt_ns = 1;
	if (s->srtt == 0) {
		s->srtt = rtt_ns;
		s->rttvar = rtt_ns / 2;
	} else {
		err = s->srtt > rtt_ns ? s->srtt - rtt_ns : rtt_ns - s->srtt;
		s->rttvar = s->rttvar - s->rttvar / 4 + err / 4;
		s->srtt = s->srtt - s->srtt / 8 + rtt_ns / 8;
	}
	s->rto = rto_of(st, s);
}

void tcp_rto_restart(struct tcp_stack *st, struct tcp_sock *s, uint64_t now_ns)
{
	s->backoff = 0;
	s->retries = 0;
	s->rto = rto_of(st, s);
	tcp_timer_stop(s, TCP_T_RTO);
	if (s->snd_una != s->snd_max)
		tcp_rto_arm(st, s, now_ns);
}

void tcp_time_wait(struct tcp_stack *st, struct tcp_sock *s, uint64_t now_ns)
{
	unsigned t;

	tcp_set_state(st, s, TCP_TIME_WAIT);
	for (t = 0; t < TCP_NTIMERS; t++)
		if (t != TCP_T_DELACK)
			tcp_timer_stop(s, (enum tcp_timer)t);
	tcp_timer_set(s, TCP_T_LINGER, now_ns + st->p.time_wait_ns);
	if (s->app) {
		s->events |= TCP_EV_CLOSED;
		s->close_reason = TCP_CLOSED_NORMAL;
	}
}

static void backoff(struct tcp_stack *st, struct tcp_sock *s)
{
	if (s->backoff < UINT8_MAX)
		s->backoff++;
	s->rto = clamp_rto(st, s->rto * 2);
}

/* The SYN or SYN-ACK went unanswered. */
static void rto_syn(struct tcp_stack *st, struct tcp_sock *s, uint64_t now_ns)
{
	if (s->retries >= st->p.syn_retries) {
		tcp_sock_end(st, s, TCP_CLOSED_TIMEOUT);
		return;
	}
	s->retries++;
	s->syn_rxt = true;
	st->stats.rto_fires++;
	backoff(st, s);
	s->rtt_timing = false;
	tcp_xmit(st, s, now_ns, s->iss, 1);
}

/*
 * Algorithm (RFC 6298 5.4-5.6, RFC 5681 3.1): give up after data_retries;
 * else shrink the congestion window to one segment, double the RTO,
 * forget recovery, and go back to snd_una: the first segment goes now,
 * the rest as ACKs open the window again (SACKed data is skipped).
 */
static void rto_data(struct tcp_stack *st, struct tcp_sock *s, uint64_t now_ns)
{
	uint32_t used;

	if (s->snd_una == s->snd_max)
		return;
	if (s->retries >= st->p.data_retries) {
		tcp_sock_end(st, s, TCP_CLOSED_TIMEOUT);
		return;
	}
	s->retries++;
	st->stats.rto_fires++;
	tcp_cc_on_rto(&s->cc, now_ns, s->snd_max - s->snd_una);
	tcp_recovery_reset(s);
	s->cwr = false;
	backoff(st, s);
	s->rtt_timing = false;
	s->snd_nxt = s->snd_una;
	used = tcp_xmit(st, s, now_ns, s->snd_una, s->snd_mss + 1u);
	s->snd_nxt += used;
}

static void on_rto(struct tcp_stack *st, struct tcp_sock *s, uint64_t now_ns)
{
	if (s->state == TCP_SYN_SENT || s->state == TCP_SYN_RECEIVED)
		rto_syn(st, s, now_ns);
	else
		rto_data(st, s, now_ns);
}

/* A zero-window probe, as Linux sends it: an ACK of snd_una - 1. */
static void on_persist(struct tcp_stack *st, struct tcp_sock *s,
		       uint64_t now_ns)
{
	if (s->snd_nxt != s->snd_una || tcp_data_end(s) == s->snd_nxt ||
	    !tcp_synchronized(s))
		return;
	if (s->snd_wnd != 0) {
		/* A window too small for SWS avoidance: send what fits
		 * (RFC 9293 3.8.6.2.1, the override timeout). */
		s->snd_nxt += tcp_xmit(st, s, now_ns, s->snd_nxt, s->snd_wnd);
		return;
	}
	if (s->ka_probes >= st->p.data_retries) {
		tcp_sock_end(st, s, TCP_CLOSED_TIMEOUT);
		return;
	}
	s->ka_probes++;
	tcp_send_ack_seq(st, s, now_ns, s->snd_una - 1);
	if (s->backoff < UINT8_MAX)
		s->backoff++;
	tcp_timer_set(s, TCP_T_PERSIST, now_ns + tcp_backoff_ns(st, s));
}

static void on_keepalive(struct tcp_stack *st, struct tcp_sock *s,
			 uint64_t now_ns)
{
	uint64_t idle_at = s->last_rcv_ns + st->p.keepalive_idle_ns;

	if (!st->p.keepalive ||
	    (s->state != TCP_ESTABLISHED && s->state != TCP_CLOSE_WAIT))
		return;
	if (now_ns < idle_at) {
		tcp_timer_set(s, TCP_T_KEEPALIVE, idle_at);
		return;
	}
	if (s->ka_probes >= st->p.keepalive_probes) {
		tcp_send_rst(st, s, now_ns);
		tcp_sock_end(st, s, TCP_CLOSED_TIMEOUT);
		return;
	}
	s->ka_probes++;
	tcp_send_ack_seq(st, s, now_ns, s->snd_una - 1);
	tcp_timer_set(s, TCP_T_KEEPALIVE, now_ns + st->p.keepalive_intvl_ns);
}

/* TIME-WAIT ends; an orphaned FIN-WAIT-2 is reset, as Linux does. */
static void on_linger(struct tcp_stack *st, struct tcp_sock *s, uint64_t now_ns)
{
	if (s->state == TCP_FIN_WAIT_2)
		tcp_send_rst(st, s, now_ns);
	tcp_sock_end(st, s, TCP_CLOSED_NORMAL);
}

/* Retry after the output refused a segment (tcp_output.c, local_drop):
 * whatever the state allows now, and an ACK still owed. */
static void on_xmit(struct tcp_stack *st, struct tcp_sock *s, uint64_t now_ns)
{
	if (s->state == TCP_SYN_SENT || s->state == TCP_SYN_RECEIVED) {
		tcp_send_syn(st, s, now_ns);
		return;
	}
	if (s->in_recovery)
		tcp_recovery_send(st, s, now_ns);
	else
		tcp_output(st, s, now_ns);
	if (s->ack_pending && s->timer[TCP_T_XMIT] == TCP_NEVER &&
	    tcp_synchronized(s) && s->state != TCP_TIME_WAIT)
		tcp_send_ack(st, s, now_ns);
}

void tcp_timers_run(struct tcp_stack *st, struct tcp_sock *s, uint64_t now_ns)
{
	static void (*const run[TCP_NTIMERS])(struct tcp_stack *,
					      struct tcp_sock *, uint64_t) = {
	    [TCP_T_RTO] = on_rto,	   [TCP_T_PERSIST] = on_persist,
	    [TCP_T_DELACK] = tcp_send_ack, [TCP_T_KEEPALIVE] = on_keepalive,
	    [TCP_T_LINGER] = on_linger,	   [TCP_T_XMIT] = on_xmit,
	};
	unsigned t;

	for (t = 0; t < TCP_NTIMERS; t++) {
		if (s->state == TCP_CLOSED)
			return;
		if (s->timer[t] > now_ns)
			continue;
		tcp_timer_stop(s, (enum tcp_timer)t);
		run[t](st, s, now_ns);
	}
}
