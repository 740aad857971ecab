/* SPDX-License-Identifier: ISC */
/*
 * Segment arrival (RFC 9293 3.10.7) for every state: a segment with no
 * connection (3.10.7.1: RST reply), LISTEN (a SYN makes a SYN-RECEIVED
 * entry, bounded per listener by the backlog with the oldest dropped
 * first, and by the table), SYN-SENT, and the synchronized states, checked
 * in the RFC's order: PAWS (RFC 7323 5), sequence acceptability, RST (RFC
 * 5961 3: exact, else a challenge ACK), SYN (RFC 5961 4: challenge ACK),
 * the ACK (RFC 5961 5 acceptability, then the window, RTT, congestion
 * control and recovery), the data (in order, or kept in place out of
 * order and SACKed), and the FIN. This file is the longest of the core
 * because the RFC's steps are one sequence; each step is its own function.
 */
#include "net/tcp_conn.h"

/* What the steps of one segment share. */
struct seg {
	const struct tcp_hdr *h;
	struct bytes data;
	uint32_t seq; /* after trimming to the window */
	bool fin;     /* still carries a FIN after trimming */
	bool ack_now; /* an ACK must go at once */
	bool dropped; /* stop processing */
};

static uint32_t seg_len(const struct tcp_hdr *h, struct bytes data)
{
	return (uint32_t)data.len + !!(h->flags & TCP_SYN) +
	       !!(h->flags & TCP_FIN);
}

static void drop(struct tcp_stack *st, struct seg *g, enum tcp_drop why)
{
	tcp_count_drop(st, why);
	g->dropped = true;
}

void tcp_negotiate(struct tcp_stack *st, struct tcp_sock *s, uint64_t now_ns,
		   const struct tcp_options *o)
{
	uint32_t mss;

	s->peer_mss = o->has & TCP_HAS_MSS		   ? o->mss
		      : s->raddr.family == NET_FAMILY_IPV6 ? TCP_MSS_DEFAULT6
							   : TCP_MSS_DEFAULT;
	s->ts_ok = st->p.timestamps && (o->has & TCP_HAS_TS);
	s->sack_ok = st->p.sack && (o->has & TCP_HAS_SACK_OK);
	s->ws_ok = st->p.window_scale && (o->has & TCP_HAS_WSCALE);
	s->snd_wscale = s->ws_ok ? o->wscale : 0;
	s->rcv_wscale = s->ws_ok ? tcp_our_wscale(st) : 0;
	if (s->ts_ok) {
		s->ts_recent = o->ts_val;
		s->ts_recent_ns = now_ns;
	}
	mss =
	    s->peer_mss < tcp_our_mss(st, s) ? s->peer_mss : tcp_our_mss(st, s);
	if (s->ts_ok) /* an MSS option below 12 must not wrap */
		mss = mss > 12 ? mss - 12 : 0;
	s->snd_mss = (uint16_t)(mss < 64 ? 64 : mss);
	s->rcv_mss = TCP_MSS_DEFAULT;
}

/* RFC 7323 4.3: the timestamp to echo, from segments not past the ACK. */
static void ts_update(struct tcp_sock *s, uint64_t now_ns,
		      const struct tcp_hdr *h)
{
	if (s->ts_ok && (h->opt.has & TCP_HAS_TS) &&
	    seq_le(h->seq, s->last_ack_sent) &&
	    seq_ge(h->opt.ts_val, s->ts_recent)) {
		s->ts_recent = h->opt.ts_val;
		s->ts_recent_ns = now_ns;
	}
}

/* A round trip from the timestamp echoed, or from the timed segment. */
static void rtt_measure(struct tcp_stack *st, struct tcp_sock *s,
			uint64_t now_ns, const struct tcp_hdr *h)
{
	uint32_t ms;

	if (s->ts_ok && (h->opt.has & TCP_HAS_TS) && h->opt.ts_ecr != 0) {
		ms = tcp_ts_now(s, now_ns) - h->opt.ts_ecr;
		if (ms < 0x7fffffff)
			tcp_rtt_sample(st, s, (uint64_t)ms * 1000000);
		s->rtt_timing = false;
		return;
	}
	if (s->rtt_timing && seq_gt(h->ack, s->rtt_seq)) {
		s->rtt_timing = false;
		tcp_rtt_sample(st, s, now_ns - s->rtt_start);
	}
}

/* The handshake is complete: buffers, windows, the application. */
static bool establish(struct tcp_stack *st, struct tcp_sock *s, uint64_t now_ns,
		      const struct tcp_hdr *h)
{
	bool passive = s->listener < TCP_LISTENERS;

	if (tcp_sock_buffers(st, s) < 0) {
		tcp_send_rst(st, s, now_ns);
		tcp_count_drop(st, TCP_DROP_NO_MEMORY);
		tcp_sock_end(st, s, TCP_CLOSED_RESET);
		return false;
	}
	rtt_measure(st, s, now_ns, h);
	s->snd_una = h->ack;
	s->snd_wnd = (uint32_t)h->window
		     << (h->flags & TCP_SYN ? 0 : s->snd_wscale);
	s->max_snd_wnd = s->snd_wnd;
	s->snd_wl1 = h->seq;
	s->snd_wl2 = h->ack;
	s->sb_seq = s->iss + 1;
	tcp_set_state(st, s, s->fin_queued ? TCP_FIN_WAIT_1 : TCP_ESTABLISHED);
	tcp_cc_init(&s->cc, st->p.cc, s->snd_mss);
	tcp_rto_restart(st, s, now_ns);
	tcp_progress(st, s, now_ns); /* our SYN was acknowledged */
	st->stats.established++;
	if (passive)
		s->app = true;
	s->events |= passive ? TCP_EV_ACCEPT : TCP_EV_CONNECTED;
	if (st->p.keepalive)
		tcp_timer_set(s, TCP_T_KEEPALIVE,
			      now_ns + st->p.keepalive_idle_ns);
	return true;
}

/* RFC 9293 3.10.7.3, SYN-SENT. */
static void input_syn_sent(struct tcp_stack *st, struct tcp_sock *s,
			   uint64_t now_ns, const struct tcp_hdr *h,
			   struct seg *g)
{
	bool ack = h->flags & TCP_ACK;

	if (ack && (seq_le(h->ack, s->iss) || seq_gt(h->ack, s->snd_max))) {
		if (!(h->flags & TCP_RST))
			tcp_send_rst_reply(st, now_ns, &s->raddr, &s->laddr, h,
					   seg_len(h, g->data));
		drop(st, g, TCP_DROP_BAD_ACK);
		return;
	}
	if (h->flags & TCP_RST) {
		if (!ack) {
			drop(st, g, TCP_DROP_RST_INVALID);
			return;
		}
		st->stats.resets_in++;
		tcp_sock_end(st, s, TCP_CLOSED_REFUSED);
		return;
	}
	if (!(h->flags & TCP_SYN)) {
		drop(st, g, TCP_DROP_NO_SYN);
		return;
	}
	s->irs = h->seq;
	s->rcv_nxt = h->seq + 1;
	s->last_ack_sent = s->rcv_nxt;
	s->rcv_adv = s->rcv_nxt;
	tcp_negotiate(st, s, now_ns, &h->opt);
	if (!ack) { /* simultaneous open */
		tcp_set_state(st, s, TCP_SYN_RECEIVED);
		s->snd_wnd = h->window;
		tcp_send_syn(st, s, now_ns);
		return;
	}
	if (!establish(st, s, now_ns, h))
		return;
	g->ack_now = true;
	s->ack_pending = true;
}

/* RFC 9293 3.4: the four cases of acceptability, len and window in bytes. */
static bool acceptable(uint32_t seq, uint32_t len, uint32_t nxt, uint32_t wnd)
{
	if (len == 0)
		return wnd == 0 ? seq == nxt : seq_in(seq, nxt, nxt + wnd);
	if (wnd == 0)
		return false;
	return seq_in(seq, nxt, nxt + wnd) ||
	       seq_in(seq + len - 1, nxt, nxt + wnd);
}

/* PAWS (RFC 7323 5.3 R1): an older timestamp than ts_recent is a
 * duplicate from an earlier wrap; idle over 24 days resets the test. */
static bool paws_reject(const struct tcp_sock *s, uint64_t now_ns,
			const struct tcp_hdr *h)
{
	return s->ts_ok && (h->opt.has & TCP_HAS_TS) && !(h->flags & TCP_RST) &&
	       seq_lt(h->opt.ts_val, s->ts_recent) &&
	       now_ns - s->ts_recent_ns < TCP_PAWS_IDLE_NS;
}

/* Bytes [seq, seq + n) arrived again: report them in the next ACK as a
 * D-SACK block (RFC 2883), as Linux does. */
static void note_dsack(struct tcp_sock *s, uint32_t seq, uint32_t n)
{
	if (!s->sack_ok)
		return;
	s->dsack.left = seq;
	s->dsack.right = seq_min(seq + n, s->rcv_nxt);
	s->dsack_pending = seq_lt(seq, s->dsack.right);
}

/*
 * Step 1: PAWS, then acceptability; an unacceptable segment (not a RST)
 * is answered by an ACK. An acceptable one is trimmed to the window: the
 * bytes before rcv_nxt (and a SYN there), the bytes past the window (and
 * the FIN after them). A zero window takes no data, but the segment's
 * ACK, RST and FIN still count (RFC 9293 3.10.7.4).
 */
static void check_sequence(struct tcp_stack *st, struct tcp_sock *s,
			   uint64_t now_ns, struct seg *g)
{
	const struct tcp_hdr *h = g->h;
	uint32_t wnd = tcp_rcv_window(s), len = seg_len(h, g->data), cut;
	bool zero_probe = wnd == 0 && h->seq == s->rcv_nxt;

	if (paws_reject(s, now_ns, h)) {
		tcp_send_ack(st, s, now_ns);
		drop(st, g, TCP_DROP_PAWS);
		return;
	}
	if (!acceptable(h->seq, len, s->rcv_nxt, wnd) && !zero_probe) {
		if (g->data.len != 0 && seq_lt(h->seq, s->rcv_nxt))
			note_dsack(s, h->seq + !!(h->flags & TCP_SYN),
				   (uint32_t)g->data.len);
		if (s->state == TCP_TIME_WAIT && (h->flags & TCP_FIN))
			tcp_timer_set(s, TCP_T_LINGER,
				      now_ns + st->p.time_wait_ns);
		if (!(h->flags & TCP_RST))
			tcp_send_ack(st, s, now_ns);
		drop(st, g, TCP_DROP_OUT_OF_WINDOW);
		return;
	}
	g->seq = h->seq + !!(h->flags & TCP_SYN);
	if (seq_lt(g->seq, s->rcv_nxt)) {
		cut = s->rcv_nxt - g->seq;
		cut = cut < g->data.len ? cut : (uint32_t)g->data.len;
		if (cut != 0)
			note_dsack(s, g->seq, cut);
		g->data = bytes_from(g->data, cut);
		g->seq += cut;
	}
	if (g->data.len > 0 &&
	    seq_gt(g->seq + (uint32_t)g->data.len, s->rcv_nxt + wnd)) {
		cut = seq_gt(s->rcv_nxt + wnd, g->seq)
			  ? s->rcv_nxt + wnd - g->seq
			  : 0;
		g->data = bytes_sub(g->data, 0, cut);
		g->fin = false;
		g->ack_now = true;
		s->ack_pending = true;
	}
}

/* Step 2, RFC 5961 3.2: exactly rcv_nxt resets, else a challenge ACK. */
static void check_rst(struct tcp_stack *st, struct tcp_sock *s, uint64_t now_ns,
		      struct seg *g)
{
	bool passive = s->listener < TCP_LISTENERS;

	if (!(g->h->flags & TCP_RST))
		return;
	g->dropped = true;
	if (g->h->seq != s->rcv_nxt) {
		tcp_challenge_ack(st, s, now_ns);
		tcp_count_drop(st, TCP_DROP_RST_INVALID);
		return;
	}
	st->stats.resets_in++;
	if (s->state == TCP_SYN_RECEIVED && !passive)
		tcp_sock_end(st, s, TCP_CLOSED_REFUSED);
	else if (s->state == TCP_CLOSING || s->state == TCP_LAST_ACK ||
		 s->state == TCP_TIME_WAIT)
		/* Both FINs were sent: no "connection reset" for the user
		 * (RFC 9293 3.10.7.4), only the ACK of ours was lost. */
		tcp_sock_end(st, s, TCP_CLOSED_NORMAL);
	else
		tcp_sock_end(st, s, TCP_CLOSED_RESET);
}

/* Step 3, RFC 5961 4.2: a SYN on a synchronized connection. */
static void check_syn(struct tcp_stack *st, struct tcp_sock *s, uint64_t now_ns,
		      struct seg *g)
{
	if (!(g->h->flags & TCP_SYN))
		return;
	tcp_challenge_ack(st, s, now_ns);
	drop(st, g, TCP_DROP_SYN_CHALLENGE);
}

/* The send window from this segment (RFC 9293 3.10.7.4, SND.WL1/WL2). */
static void window_update(struct tcp_stack *st, struct tcp_sock *s,
			  uint64_t now_ns, const struct tcp_hdr *h)
{
	uint32_t wnd = (uint32_t)h->window << s->snd_wscale;

	if (!(seq_lt(s->snd_wl1, h->seq) ||
	      (s->snd_wl1 == h->seq && seq_le(s->snd_wl2, h->ack))))
		return;
	if (s->snd_wnd == 0 && wnd != 0) {
		tcp_timer_stop(s, TCP_T_PERSIST);
		s->backoff = 0;
	}
	s->snd_wnd = wnd;
	s->snd_wl1 = h->seq;
	s->snd_wl2 = h->ack;
	if (wnd > s->max_snd_wnd)
		s->max_snd_wnd = wnd;
}

/* New data (or our FIN) acknowledged up to h->ack. */
static void ack_new(struct tcp_stack *st, struct tcp_sock *s, uint64_t now_ns,
		    const struct tcp_hdr *h)
{
	uint32_t acked = h->ack - s->snd_una;
	uint32_t data = seq_min(h->ack, tcp_data_end(s)) - s->sb_seq;

	rtt_measure(st, s, now_ns, h);
	if (seq_gt(h->ack, s->sb_seq)) {
		bool freed = tcp_sndq_consume(&s->sndq, data);

		s->sb_seq += data;
		if (s->want_writable && freed) {
			s->want_writable = false;
			s->events |= TCP_EV_WRITABLE;
		}
	}
	s->snd_una = h->ack;
	if (seq_lt(s->snd_nxt, s->snd_una))
		s->snd_nxt = s->snd_una;
	/* Marks behind snd_una mean nothing any more; left there, they
	 * would pass for marks ahead of it after 2^31 bytes. */
	if (seq_lt(s->snd_sml, s->snd_una))
		s->snd_sml = s->snd_una;
	if (seq_lt(s->snd_push, s->snd_una))
		s->snd_push = s->snd_una;
	tcp_board_prune(&s->sacked, s->snd_una);
	tcp_rto_restart(st, s, now_ns);
	tcp_progress(st, s, now_ns);
	if (s->in_recovery)
		tcp_recovery_ack(st, s, now_ns, acked);
	else if (!s->cwr)
		tcp_cc_on_ack(&s->cc, now_ns, acked, s->srtt);
	/* Local congestion (tcp_output.c): the window does not grow until
	 * what was in flight then is acknowledged, as Linux's CWR state. */
	if (s->cwr && seq_ge(s->snd_una, s->cwr_high))
		s->cwr = false;
	if (!s->in_recovery)
		s->dupacks = 0;
}

/* Record the peer's SACK blocks above snd_una: true when one is new. */
static bool sack_update(struct tcp_sock *s, const struct tcp_hdr *h)
{
	uint32_t before =
	    tcp_board_sacked_in(&s->sacked, s->snd_una, s->snd_max);
	unsigned i;

	if (!s->sack_ok || !(h->opt.has & TCP_HAS_SACK))
		return false;
	for (i = 0; i < h->opt.sack_n; i++) {
		const struct tcp_sack_block *b = &h->opt.sack[i];

		if (seq_lt(b->left, b->right) && seq_gt(b->left, s->snd_una) &&
		    seq_le(b->right, s->snd_max))
			tcp_board_add(&s->sacked, b->left, b->right);
	}
	return tcp_board_sacked_in(&s->sacked, s->snd_una, s->snd_max) !=
	       before;
}

/* Our FIN is acknowledged: the state moves on (3.10.7.4, fifth step). */
static void fin_acked(struct tcp_stack *st, struct tcp_sock *s, uint64_t now_ns,
		      struct seg *g)
{
	switch (s->state) {
	case TCP_FIN_WAIT_1:
		tcp_set_state(st, s, TCP_FIN_WAIT_2);
		if (!s->app)
			tcp_timer_set(s, TCP_T_LINGER,
				      now_ns + st->p.fin_wait2_ns);
		break;
	case TCP_CLOSING:
		tcp_time_wait(st, s, now_ns);
		break;
	case TCP_LAST_ACK:
		tcp_sock_end(st, s, TCP_CLOSED_NORMAL);
		g->dropped = true;
		break;
	}
}

/* Step 4: the ACK field. */
static void check_ack(struct tcp_stack *st, struct tcp_sock *s, uint64_t now_ns,
		      struct seg *g)
{
	const struct tcp_hdr *h = g->h;
	bool dup, new_sack;

	if (!(h->flags & TCP_ACK)) {
		drop(st, g, TCP_DROP_NO_ACK);
		return;
	}
	if (s->state == TCP_SYN_RECEIVED) {
		if (!seq_gt(h->ack, s->snd_una) || seq_gt(h->ack, s->snd_max)) {
			tcp_send_rst_reply(st, now_ns, &s->raddr, &s->laddr, h,
					   seg_len(h, g->data));
			drop(st, g, TCP_DROP_BAD_ACK);
			return;
		}
		if (!establish(st, s, now_ns, h))
			g->dropped = true;
		return;
	}
	/* RFC 5961 5.2: SND.UNA - MAX.SND.WND <= SEG.ACK <= SND.NXT. */
	if (seq_lt(h->ack, s->snd_una - s->max_snd_wnd) ||
	    seq_gt(h->ack, s->snd_max)) {
		tcp_challenge_ack(st, s, now_ns);
		drop(st, g, TCP_DROP_BAD_ACK);
		return;
	}
	if (s->state == TCP_TIME_WAIT)
		return;
	new_sack = sack_update(s, h);
	dup = h->ack == s->snd_una && g->data.len == 0 &&
	      !(h->flags & (TCP_SYN | TCP_FIN)) && s->snd_una != s->snd_max &&
	      ((uint32_t)h->window << s->snd_wscale) == s->snd_wnd;
	if (seq_gt(h->ack, s->snd_una))
		ack_new(st, s, now_ns, h);
	window_update(st, s, now_ns, h);
	if (dup || (new_sack && h->ack == s->snd_una)) {
		s->dupacks += dup;
		tcp_recovery_dupack(st, s, now_ns);
	}
	if (s->fin_queued && s->snd_una == tcp_data_end(s) + 1)
		fin_acked(st, s, now_ns, g);
}

/* The peer's FIN, in order: CLOSE-WAIT, CLOSING or TIME-WAIT. */
static void take_fin(struct tcp_stack *st, struct tcp_sock *s, uint64_t now_ns,
		     struct seg *g)
{
	s->rcv_nxt++;
	s->fin_rcvd = true;
	s->rcv_fin_pending = false;
	s->rcvq.n = 0; /* out-of-order bytes kept past the FIN are void */
	s->events |= TCP_EV_READABLE;
	s->ack_pending = true;
	g->ack_now = true;
	switch (s->state) {
	case TCP_ESTABLISHED:
		tcp_set_state(st, s, TCP_CLOSE_WAIT);
		break;
	case TCP_FIN_WAIT_1:
		tcp_set_state(st, s, TCP_CLOSING);
		break;
	case TCP_FIN_WAIT_2:
		tcp_time_wait(st, s, now_ns);
		break;
	}
}

/* Step 6: data into the receive queue, in order or kept out of order. */
static void take_data(struct tcp_stack *st, struct tcp_sock *s, uint64_t now_ns,
		      struct seg *g)
{
	uint32_t n = (uint32_t)g->data.len, off = g->seq - s->rcv_nxt;
	uint32_t room = tcp_ring_space(&s->rcvq.r);
	bool ooo_before = s->rcvq.n != 0;
	int64_t grown;

	if (n > s->rcv_mss)
		s->rcv_mss = n;
	s->ack_pending = true;
	/* The window never promises more than the ring holds; be sure. */
	if (off >= room)
		return;
	if (n > room - off)
		n = room - off;
	grown = tcp_rcvq_add(&s->rcvq, s->rcv_nxt, g->seq, g->data.p, n);
	if (grown < 0) {
		tcp_count_drop(st, TCP_DROP_OOO_FULL);
		g->ack_now = true;
		return;
	}
	if (g->seq != s->rcv_nxt || ooo_before)
		g->ack_now = true; /* out of order, or a hole filled */
	if (grown == 0)
		return;
	s->rcv_nxt += (uint32_t)grown;
	s->rcv_unacked += (uint32_t)grown;
	tcp_progress(st, s, now_ns);
	s->events |= TCP_EV_READABLE;
	if (s->rcv_unacked >= 2 * s->rcv_mss)
		g->ack_now = true;
}

/* Data after tcp_close(): nobody will read it (RFC 9293 3.10.4). */
static bool orphan_data(struct tcp_stack *st, struct tcp_sock *s,
			uint64_t now_ns, struct seg *g)
{
	if (s->app || g->data.len == 0 ||
	    (s->state != TCP_FIN_WAIT_1 && s->state != TCP_FIN_WAIT_2))
		return false;
	tcp_send_rst(st, s, now_ns);
	tcp_count_drop(st, TCP_DROP_DATA_AFTER_CLOSE);
	tcp_sock_end(st, s, TCP_CLOSED_RESET);
	return true;
}

/* Steps 6 and 7: the text and the FIN. */
static void take_text(struct tcp_stack *st, struct tcp_sock *s, uint64_t now_ns,
		      struct seg *g)
{
	bool receiving = s->state == TCP_ESTABLISHED ||
			 s->state == TCP_FIN_WAIT_1 ||
			 s->state == TCP_FIN_WAIT_2;
	uint32_t fin_seq = g->seq + (uint32_t)g->data.len;

	if (!receiving || s->fin_rcvd) {
		if (g->data.len != 0)
			tcp_count_drop(st, TCP_DROP_DATA_AFTER_FIN);
		return;
	}
	if (orphan_data(st, s, now_ns, g))
		return;
	if (g->data.len != 0)
		take_data(st, s, now_ns, g);
	if (g->fin && !s->rcv_fin_pending) {
		s->rcv_fin_pending = true;
		s->rcv_fin_seq = fin_seq;
		s->ack_pending = true;
		g->ack_now = true;
	}
	if (s->rcv_fin_pending && s->rcv_nxt == s->rcv_fin_seq)
		take_fin(st, s, now_ns, g);
}

/* Send what the segment made possible, and the ACK it asks for. */
static void respond(struct tcp_stack *st, struct tcp_sock *s, uint64_t now_ns,
		    struct seg *g)
{
	if (s->state == TCP_CLOSED)
		return;
	tcp_output(st, s, now_ns);
	if (!s->ack_pending)
		return;
	if (g->ack_now || s->state == TCP_TIME_WAIT)
		tcp_send_ack(st, s, now_ns);
	else if (s->timer[TCP_T_DELACK] == TCP_NEVER)
		tcp_timer_set(s, TCP_T_DELACK, now_ns + st->p.delack_ns);
}

/* SYN-RECEIVED after a passive open: the SYN again, resend the SYN-ACK;
 * after a simultaneous open, the peer's SYN-ACK completes it as an ACK
 * (the exception Linux makes to RFC 5961 4.2). */
static bool syn_received_syn(struct tcp_stack *st, struct tcp_sock *s,
			     uint64_t now_ns, struct seg *g)
{
	const struct tcp_hdr *h = g->h;
	bool passive = s->listener < TCP_LISTENERS;

	if (s->state != TCP_SYN_RECEIVED || !(h->flags & TCP_SYN) ||
	    (h->flags & TCP_RST) || h->seq != s->irs)
		return false;
	if (passive && !(h->flags & TCP_ACK)) {
		tcp_xmit(st, s, now_ns, s->iss, 1);
		g->dropped = true;
		return true;
	}
	if (!passive && (h->flags & TCP_ACK) && h->ack == s->snd_max &&
	    g->data.len == 0) {
		if (establish(st, s, now_ns, h)) {
			s->ack_pending = true;
			g->ack_now = true;
		}
		return true;
	}
	return false;
}

void tcp_input_conn(struct tcp_stack *st, struct tcp_sock *s, uint64_t now_ns,
		    const struct tcp_hdr *h, struct bytes data)
{
	struct seg g = {
	    .h = h, .data = data, .seq = h->seq, .fin = h->flags & TCP_FIN};

	s->last_rcv_ns = now_ns;
	s->ka_probes = 0;
	if (s->state == TCP_SYN_SENT) {
		input_syn_sent(st, s, now_ns, h, &g);
	} else if (!syn_received_syn(st, s, now_ns, &g)) {
		void (*const steps[])(struct tcp_stack *, struct tcp_sock *,
				      uint64_t, struct seg *) = {
		    check_sequence, check_rst, check_syn, check_ack, take_text};
		unsigned i;

		for (i = 0; i < 5 && !g.dropped && s->state != TCP_CLOSED;
		     i++) {
			if (i == 1)
				ts_update(s, now_ns, h);
			steps[i](st, s, now_ns, &g);
		}
	}
	if (!g.dropped)
		respond(st, s, now_ns, &g);
}
