/* SPDX-License-Identifier: ISC */
/*
 * The door of the stack: every segment enters by tcp_stack_input, is
 * checked by the wire layer, and goes to its connection or, with none, to
 * LISTEN (RFC 9293 3.10.7.2) or the RST reply of a closed port
 * (3.10.7.1). A SYN to a listener makes a SYN-RECEIVED entry with no
 * buffers; the listener's backlog bounds those entries and the oldest is
 * dropped for a new one (so a SYN flood churns its own entries and never
 * touches an established connection); a full table refuses the SYN with a
 * RST. A SYN to a TIME-WAIT connection may start a new one (RFC 9293
 * 3.6.1, RFC 6191) when its sequence number or timestamp is newer.
 */
#include "net/tcp_conn.h"

/* The oldest SYN-RECEIVED entry of listener li. */
static struct tcp_sock *oldest_syn_received(struct tcp_stack *st, unsigned li)
{
	struct tcp_sock *old = NULL;
	uint32_t i;

	for (i = 0; i < st->nconns; i++) {
		struct tcp_sock *s = &st->conns[i];

		if (s->in_use && s->state == TCP_SYN_RECEIVED &&
		    s->listener == li && (old == NULL || s->birth < old->birth))
			old = s;
	}
	return old;
}

/* Make room in the backlog of l (index li) by dropping the oldest. */
static void backlog_room(struct tcp_stack *st, struct tcp_listener *l,
			 unsigned li)
{
	struct tcp_sock *old;

	while (l->syn_received >= st->p.backlog &&
	       (old = oldest_syn_received(st, li)) != NULL) {
		st->stats.syn_queue_drops++;
		tcp_count_drop(st, TCP_DROP_SYN_QUEUE_FULL);
		tcp_sock_end(st, old, TCP_CLOSED_RESET);
	}
}

/* A SYN to listener l: a SYN-RECEIVED entry and its SYN-ACK. */
static void listen_syn(struct tcp_stack *st, uint64_t now_ns,
		       struct tcp_listener *l, const struct net_addr *src,
		       const struct net_addr *dst, const struct tcp_hdr *h)
{
	unsigned li = (unsigned)(l - st->listeners);
	struct tcp_sock *s;

	backlog_room(st, l, li);
	s = st->p.backlog != 0 ? tcp_sock_new(st) : NULL;
	if (s == NULL) {
		st->stats.refused_full++;
		tcp_count_drop(st, TCP_DROP_TABLE_FULL);
		tcp_send_rst_reply(st, now_ns, src, dst, h, 1);
		return;
	}
	s->laddr = *dst;
	s->raddr = *src;
	s->lport = h->dport;
	s->rport = h->sport;
	s->listener = (uint8_t)li;
	tcp_set_state(st, s, TCP_SYN_RECEIVED);
	s->irs = h->seq;
	s->rcv_nxt = s->rcv_adv = s->last_ack_sent = h->seq + 1;
	s->iss = tcp_isn(st, now_ns, s);
	s->snd_una = s->snd_nxt = s->snd_max = s->snd_sml = s->snd_push =
	    s->iss;
	s->ts_off = tcp_ts_offset(st, s);
	s->rto = st->p.rto_initial_ns;
	s->last_rcv_ns = now_ns;
	tcp_negotiate(st, s, now_ns, &h->opt);
	s->snd_wnd = h->window;
	st->stats.passive_opens++;
	tcp_send_syn(st, s, now_ns);
	s->snd_nxt = s->iss + 1;
	s->rtt_timing = true;
	s->rtt_seq = s->iss;
	s->rtt_start = now_ns;
}

/* RFC 9293 3.10.7.2 (LISTEN) and 3.10.7.1 (no connection). */
static void input_listen(struct tcp_stack *st, uint64_t now_ns,
			 const struct net_addr *src, const struct net_addr *dst,
			 const struct tcp_hdr *h, uint32_t len)
{
	struct tcp_listener *l = tcp_find_listener(st, h->dport);

	if (l == NULL) {
		tcp_send_rst_reply(st, now_ns, src, dst, h, len);
		tcp_count_drop(st, TCP_DROP_NO_LISTENER);
	} else if (h->flags & TCP_RST) {
		tcp_count_drop(st, TCP_DROP_RST_INVALID);
	} else if (h->flags & TCP_ACK) {
		tcp_send_rst_reply(st, now_ns, src, dst, h, len);
		tcp_count_drop(st, TCP_DROP_BAD_ACK);
	} else if (!(h->flags & TCP_SYN)) {
		tcp_count_drop(st, TCP_DROP_NO_SYN);
	} else if (h->flags & TCP_FIN) {
		tcp_count_drop(st, TCP_DROP_SYN_FIN); /* as Linux */
	} else {
		listen_syn(st, now_ns, l, src, dst, h);
	}
}

/* A new SYN may replace a TIME-WAIT connection when it cannot be an old
 * duplicate: a later sequence number, or a later timestamp. */
static bool time_wait_reopens(const struct tcp_stack *st,
			      const struct tcp_sock *s, const struct tcp_hdr *h)
{
	if (s->state != TCP_TIME_WAIT ||
	    (h->flags & (TCP_SYN | TCP_ACK | TCP_RST)) != TCP_SYN ||
	    tcp_find_listener((struct tcp_stack *)st, s->lport) == NULL)
		return false;
	if (s->ts_ok && (h->opt.has & TCP_HAS_TS))
		return seq_gt(h->opt.ts_val, s->ts_recent);
	return seq_gt(h->seq, s->rcv_nxt);
}

void tcp_stack_input(struct tcp_stack *st, uint64_t now_ns,
		     const struct net_addr *src, const struct net_addr *dst,
		     struct bytes seg)
{
	struct tcp_hdr h;
	struct bytes data;
	struct tcp_sock *s;
	enum tcp_drop why;

	st->stats.segs_in++;
	why = tcp_parse(seg, src, dst, &h, &data);
	if (why != TCP_DROP_NONE) {
		tcp_count_drop(st, why);
		return;
	}
	tcp_enter(st);
	s = tcp_lookup(st, dst, h.dport, src, h.sport);
	if (s != NULL && time_wait_reopens(st, s, &h)) {
		tcp_sock_end(st, s, TCP_CLOSED_NORMAL);
		s = NULL;
	}
	if (s == NULL) {
		input_listen(st, now_ns, src, dst, &h,
			     (uint32_t)data.len + !!(h.flags & TCP_SYN) +
				 !!(h.flags & TCP_FIN));
	} else {
		tcp_input_conn(st, s, now_ns, &h, data);
		tcp_deliver(st, s);
	}
	tcp_leave(st);
}
