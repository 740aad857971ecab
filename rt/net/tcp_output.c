/* SPDX-License-Identifier: ISC */
/*
 * Segments out: the SYN and SYN-ACK with the options offered or agreed,
 * data by the peer's MSS and window and by the congestion window (Nagle's
 * algorithm unless nodelay, RFC 9293 3.7.4; full segments only while
 * corked; sender-side silly window avoidance, 3.8.6.2.1), the FIN after
 * the data, ACKs with the window we advertise (never shrinking,
 * receiver-side silly window avoidance) and SACK blocks, and the RST
 * replies of RFC 9293 3.10.7.1. Every segment is built in the stack's one
 * transmit buffer and handed to the output callback; nothing here
 * allocates.
 */
#include <string.h>

#include "net/tcp_conn.h"

#define TS_OPT_SPACE 12 /* NOP NOP TS: what timestamps take off a segment */

/* The unscaled space we may advertise past rcv_nxt (see tcp_conn.h). */
static uint32_t rcv_space(const struct tcp_stack *st, const struct tcp_sock *s)
{
	uint32_t cap = st->p.rcvbuf;
	uint32_t space = s->rcvq.r.len < cap ? cap - s->rcvq.r.len : 0;
	uint32_t adv =
	    seq_gt(s->rcv_adv, s->rcv_nxt) ? s->rcv_adv - s->rcv_nxt : 0;
	uint32_t mss = st->p.mss < cap / 2 ? st->p.mss : cap / 2;

	/* Receiver SWS avoidance: open the window by a segment, or half
	 * the buffer, at a time. */
	if (space > adv && space - adv < mss && adv != 0)
		return adv;
	return space > adv ? space : adv;
}

uint32_t tcp_rcv_window(const struct tcp_sock *s)
{
	return seq_gt(s->rcv_adv, s->rcv_nxt) ? s->rcv_adv - s->rcv_nxt : 0;
}

/* The window field of a segment, and the right edge it promises. */
static uint16_t window_field(const struct tcp_stack *st, struct tcp_sock *s,
			     bool syn)
{
	uint32_t space = rcv_space(st, s), field;
	unsigned ws = syn ? 0 : s->rcv_wscale;

	field = space >> ws;
	if (seq_lt(s->rcv_nxt + (field << ws), s->rcv_adv))
		field = (s->rcv_adv - s->rcv_nxt + (1u << ws) - 1) >> ws;
	if (field > 0xffff)
		field = 0xffff;
	if (seq_gt(s->rcv_nxt + (field << ws), s->rcv_adv))
		s->rcv_adv = s->rcv_nxt + (field << ws);
	return (uint16_t)field;
}

/* The SACK blocks an ACK of s carries now. */
static unsigned sack_blocks(const struct tcp_sock *s)
{
	unsigned room = s->ts_ok ? 3 : 4, n = s->rcvq.n + s->dsack_pending;

	if (!s->sack_ok)
		return 0;
	return n < room ? n : room;
}

/* SACK blocks: a duplicate just received (D-SACK), then the out-of-order
 * ranges, the most recent first. */
static void put_sack(struct tcp_sock *s, struct tcp_options *o)
{
	unsigned n = sack_blocks(s), i = 0, k;

	if (n != 0 && s->dsack_pending) { /* D-SACK first (RFC 2883) */
		o->sack[i].left = s->dsack.left;
		o->sack[i++].right = s->dsack.right;
		s->dsack_pending = false;
	}
	for (k = 0; i < n; i++, k++) {
		o->sack[i].left = s->rcvq.ooo[k].left;
		o->sack[i].right = s->rcvq.ooo[k].right;
	}
	o->sack_n = (uint8_t)i;
	if (i != 0)
		o->has |= TCP_HAS_SACK;
}

static void put_syn_options(const struct tcp_stack *st,
			    const struct tcp_sock *s, uint64_t now_ns,
			    struct tcp_options *o)
{
	bool synack = s->state == TCP_SYN_RECEIVED;

	o->has = TCP_HAS_MSS;
	o->mss = tcp_our_mss(st, s);
	if (synack ? s->sack_ok : st->p.sack)
		o->has |= TCP_HAS_SACK_OK;
	if (synack ? s->ts_ok : st->p.timestamps) {
		o->has |= TCP_HAS_TS;
		o->ts_val = tcp_ts_now(s, now_ns);
		o->ts_ecr = synack ? s->ts_recent : 0;
	}
	if (synack ? s->ws_ok : st->p.window_scale) {
		o->has |= TCP_HAS_WSCALE;
		o->wscale = s->rcv_wscale;
	}
}

/*
 * Local congestion: the output refused a segment (NET_EAGAIN, the
 * device's ring is full). Nothing left, so nothing was lost in the
 * network: the segment is not counted as sent, and it is retried after
 * xmit_retry_ns (doubling while the refusals go on, at most rto_min_ns),
 * not after an RTO; an ACK it carried is still owed. As Linux does for a
 * qdisc or device drop (tcp_enter_cwr), the congestion window is reduced
 * once, as for a loss, and then neither shrinks again nor grows until
 * everything in flight now is acknowledged (s->cwr until cwr_high).
 */
static void local_drop(struct tcp_stack *st, struct tcp_sock *s,
		       uint64_t now_ns, uint8_t flags)
{
	uint64_t delay = st->p.xmit_retry_ns;
	unsigned i;

	st->stats.local_drops++;
	if (flags & TCP_RST)
		return; /* the connection ends: nothing to retry */
	if (flags & TCP_ACK)
		s->ack_pending = true;
	if (tcp_synchronized(s) && !s->cwr && !s->in_recovery) {
		/* Linux's ssthresh() of the window, not of the flight:
		 * a refusal with nothing in flight must not collapse it. */
		tcp_cc_on_loss(&s->cc, now_ns, s->cc.cwnd);
		s->cwr = true;
		s->cwr_high = s->snd_max;
		st->stats.local_cwr++;
	}
	for (i = 0; i < s->xmit_fails && delay < st->p.rto_min_ns; i++)
		delay *= 2;
	if (delay > st->p.rto_min_ns)
		delay = st->p.rto_min_ns;
	if (s->xmit_fails < UINT8_MAX)
		s->xmit_fails++;
	if (s->timer[TCP_T_XMIT] == TCP_NEVER)
		tcp_timer_set(s, TCP_T_XMIT, now_ns + delay);
}

/*
 * Build and send one segment of s: flags, sequence number, the options
 * of its kind, and len bytes of the send queue from seq (copied, or read
 * from the application's reference: tcp_sndq.h). False when the output
 * refused it (local_drop); a segment that could not be built (it cannot
 * happen: the buffer fits the MSS) counts as sent and lost, as before.
 */
static bool emit(struct tcp_stack *st, struct tcp_sock *s, uint64_t now_ns,
		 uint32_t seq, uint8_t flags, uint32_t len)
{
	bool syn = flags & TCP_SYN;
	struct tcp_hdr h = {.sport = s->lport, .dport = s->rport, .seq = seq};
	size_t hlen, cap = TCP_MAX_HLEN + st->p.mss;

	h.flags = flags;
	h.ack = flags & TCP_ACK ? s->rcv_nxt : 0;
	h.window = window_field(st, s, syn);
	if (syn) {
		put_syn_options(st, s, now_ns, &h.opt);
	} else if (s->ts_ok) {
		h.opt.has = TCP_HAS_TS;
		h.opt.ts_val = tcp_ts_now(s, now_ns);
		h.opt.ts_ecr = s->ts_recent;
	}
	if (!syn && s->sack_ok && (flags & TCP_ACK) && !(flags & TCP_RST))
		put_sack(s, &h.opt);
	if (len != 0)
		tcp_sndq_get(&s->sndq, seq - s->sb_seq,
			     st->tx + TCP_HLEN + tcp_options_len(&h.opt), len);
	hlen = tcp_emit(st->tx, cap, &h, &s->laddr, &s->raddr, len);
	if (hlen == 0)
		return true;
	if (st->io.output(st->io.ctx, now_ns, &s->laddr, &s->raddr, st->tx,
			  hlen + len) == NET_EAGAIN) {
		local_drop(st, s, now_ns, flags);
		return false;
	}
	s->xmit_fails = 0;
	st->stats.segs_out++;
	if (len != 0)
		s->last_send_ns = now_ns;
	if (flags & TCP_ACK) {
		s->last_ack_sent = s->rcv_nxt;
		s->rcv_unacked = 0;
		s->ack_pending = false;
		tcp_timer_stop(s, TCP_T_DELACK);
	}
	return true;
}

void tcp_rto_arm(struct tcp_stack *st, struct tcp_sock *s, uint64_t now_ns)
{
	if (s->timer[TCP_T_RTO] == TCP_NEVER)
		tcp_timer_set(s, TCP_T_RTO, now_ns + s->rto);
	tcp_timer_stop(s, TCP_T_PERSIST);
}

void tcp_send_syn(struct tcp_stack *st, struct tcp_sock *s, uint64_t now_ns)
{
	bool synack = s->state == TCP_SYN_RECEIVED;
	bool sent = emit(st, s, now_ns, s->iss,
			 synack ? TCP_SYN | TCP_ACK : TCP_SYN, 0);

	if (seq_lt(s->snd_max, s->iss + 1)) {
		s->snd_max = s->iss + 1;
		s->syn_unsent = !sent;
	} else if (sent && s->syn_unsent) {
		/* The first SYN to leave after refusals: the round trip
		 * starts now, not at the connect or the peer's SYN. */
		s->syn_unsent = false;
		if (s->rtt_timing)
			s->rtt_start = now_ns;
	}
	tcp_rto_arm(st, s, now_ns);
}

void tcp_send_ack_seq(struct tcp_stack *st, struct tcp_sock *s, uint64_t now_ns,
		      uint32_t seq)
{
	emit(st, s, now_ns, seq, TCP_ACK, 0);
}

void tcp_send_ack(struct tcp_stack *st, struct tcp_sock *s, uint64_t now_ns)
{
	tcp_send_ack_seq(st, s, now_ns, s->snd_max);
}

void tcp_challenge_ack(struct tcp_stack *st, struct tcp_sock *s,
		       uint64_t now_ns)
{
	if (now_ns - st->challenge_at_ns >= 1000000000ULL) {
		st->challenge_at_ns = now_ns;
		st->challenge_n = 0;
	}
	if (st->challenge_n >= TCP_CHALLENGE_LIMIT)
		return;
	st->challenge_n++;
	st->stats.challenge_acks++;
	tcp_send_ack(st, s, now_ns);
}

void tcp_send_rst(struct tcp_stack *st, struct tcp_sock *s, uint64_t now_ns)
{
	emit(st, s, now_ns, s->snd_max, TCP_RST | TCP_ACK, 0);
	st->stats.resets_out++;
}

void tcp_send_rst_reply(struct tcp_stack *st, uint64_t now_ns,
			const struct net_addr *src, const struct net_addr *dst,
			const struct tcp_hdr *h, uint32_t seg_len)
{
	struct tcp_hdr r = {.sport = h->dport, .dport = h->sport};
	size_t hlen;

	if (h->flags & TCP_RST)
		return;
	if (h->flags & TCP_ACK) {
		r.seq = h->ack;
		r.flags = TCP_RST;
	} else {
		r.ack = h->seq + seg_len;
		r.flags = TCP_RST | TCP_ACK;
	}
	hlen = tcp_emit(st->tx, TCP_MAX_HLEN, &r, dst, src, 0);
	st->stats.segs_out++;
	st->stats.resets_out++;
	st->io.output(st->io.ctx, now_ns, dst, src, st->tx, hlen);
}

/* Note a segment [seq, seq + used) sent: retransmission, RTT timing. */
static void account(struct tcp_stack *st, struct tcp_sock *s, uint64_t now_ns,
		    uint32_t seq, uint32_t used)
{
	if (seq_lt(seq, s->snd_max)) {
		st->stats.retransmits++;
		if (s->rtt_timing && seq_le(seq, s->rtt_seq))
			s->rtt_timing = false; /* Karn */
	}
	if (seq_gt(seq + used, s->snd_max)) {
		if (!s->rtt_timing) {
			s->rtt_timing = true;
			s->rtt_seq = seq_max(seq, s->snd_max);
			s->rtt_start = now_ns;
		}
		s->snd_max = seq + used;
	}
	tcp_rto_arm(st, s, now_ns);
}

uint32_t tcp_xmit(struct tcp_stack *st, struct tcp_sock *s, uint64_t now_ns,
		  uint32_t seq, uint32_t max)
{
	uint32_t end = tcp_data_end(s), len = 0, room;
	uint8_t flags = TCP_ACK;

	if (s->state == TCP_SYN_SENT || s->state == TCP_SYN_RECEIVED) {
		tcp_send_syn(st, s, now_ns);
		st->stats.retransmits++;
		return 0;
	}
	if (seq_lt(seq, end))
		len = seq_min(seq + max, end) - seq;
	/* The MSS counts options too (RFC 6691): SACK blocks take room. */
	room = s->snd_mss - (sack_blocks(s) != 0 ? 4 + 8 * sack_blocks(s) : 0);
	if (len > room)
		len = room;
	if (s->fin_queued && seq + len == end && len < max)
		flags |= TCP_FIN;
	if (len != 0 && seq + len == end)
		flags |= TCP_PSH;
	if (len == 0 && !(flags & TCP_FIN))
		return 0;
	if (!emit(st, s, now_ns, seq, flags, len))
		return 0; /* not sent: nothing to account */
	if (len != 0 && len < room)
		s->snd_sml = seq + len;
	account(st, s, now_ns, seq, len + !!(flags & TCP_FIN));
	return len + !!(flags & TCP_FIN);
}

/*
 * The bytes of the next data segment the windows allow from snd_nxt: 0
 * when they allow nothing now. *cut: the windows cut it short (Nagle and
 * the cork then have no say).
 */
static uint32_t sendable(const struct tcp_stack *st, const struct tcp_sock *s,
			 uint32_t unsent, bool *cut)
{
	/* The congestion window counts what is in the network (SACKed
	 * bytes left it); the peer's window counts from snd_una, SACKed
	 * bytes still sit in its buffer. */
	uint32_t flight =
	    s->snd_nxt - s->snd_una -
	    tcp_board_sacked_in(&s->sacked, s->snd_una, s->snd_nxt);
	uint32_t edge = tcp_send_edge(st, s);
	uint32_t rwnd = seq_gt(edge, s->snd_nxt) ? edge - s->snd_nxt : 0;
	uint32_t avail = s->cc.cwnd > flight ? s->cc.cwnd - flight : 0;
	uint32_t len = unsent < s->snd_mss ? unsent : s->snd_mss;

	avail = avail < rwnd ? avail : rwnd;
	*cut = len > avail;
	if (len > avail) {
		/* Sender SWS avoidance: a full segment, or half the
		 * largest window the peer offered. */
		if (avail < s->snd_mss && avail < s->max_snd_wnd / 2)
			return 0;
		return avail;
	}
	return len;
}

/* A segment of len bytes of new data that the windows allow waits for
 * more bytes or for an ACK (the windows are open: no persist timer). */
static bool held_back(const struct tcp_sock *s, uint32_t len)
{
	/* Full segments, retransmissions (below snd_max), the bytes before
	 * a FIN and those queued before an uncork never wait. */
	if (len >= s->snd_mss || s->fin_queued ||
	    seq_lt(s->snd_nxt, s->snd_max) || seq_lt(s->snd_nxt, s->snd_push))
		return false;
	/* Corked: full segments only. Nagle, with Minshall's refinement as
	 * Linux has it: a small segment waits while an earlier small one is
	 * unacknowledged. */
	return s->cork || (!s->nodelay && seq_gt(s->snd_sml, s->snd_una));
}

static bool can_send(const struct tcp_sock *s)
{
	switch (s->state) {
	case TCP_ESTABLISHED:
	case TCP_CLOSE_WAIT:
	case TCP_FIN_WAIT_1:
	case TCP_CLOSING:
	case TCP_LAST_ACK:
		return !s->in_recovery;
	default:
		return false;
	}
}

uint64_t tcp_backoff_ns(const struct tcp_stack *st, const struct tcp_sock *s)
{
	uint64_t t = s->rto;
	unsigned i;

	for (i = 0; i < s->backoff && t < st->p.rto_max_ns; i++)
		t *= 2;
	return t < st->p.rto_max_ns ? t : st->p.rto_max_ns;
}

/* Nothing in flight, data waiting, the window too small: probe it. */
static void persist_arm(struct tcp_stack *st, struct tcp_sock *s,
			uint64_t now_ns)
{
	if (s->snd_nxt != s->snd_una || s->timer[TCP_T_PERSIST] != TCP_NEVER)
		return;
	tcp_timer_stop(s, TCP_T_RTO);
	tcp_timer_set(s, TCP_T_PERSIST, now_ns + tcp_backoff_ns(st, s));
}

void tcp_output(struct tcp_stack *st, struct tcp_sock *s, uint64_t now_ns)
{
	uint32_t end, len, used;
	bool cut;

	if (!can_send(s))
		return;
	/* RFC 5681 4.1: after an idle RTO, slow start from the initial
	 * window again. */
	if (s->snd_una == s->snd_max && s->last_send_ns != 0 &&
	    now_ns - s->last_send_ns > s->rto)
		tcp_cc_on_idle(&s->cc, now_ns);
	for (;;) {
		end = tcp_data_end(s);
		if (seq_lt(s->snd_nxt, s->snd_max))
			s->snd_nxt = seq_min(
			    tcp_board_skip(&s->sacked, s->snd_nxt), s->snd_max);
		if (seq_lt(s->snd_nxt, end)) {
			len = sendable(st, s, end - s->snd_nxt, &cut);
			if (len == 0) {
				persist_arm(st, s, now_ns);
				return;
			}
			if (!cut && held_back(s, len))
				return;
			used = tcp_xmit(st, s, now_ns, s->snd_nxt,
					len + (len == end - s->snd_nxt));
		} else if (s->fin_queued && s->snd_nxt == end) {
			used = tcp_xmit(st, s, now_ns, s->snd_nxt, 1);
		} else {
			return;
		}
		if (used == 0)
			return;
		s->snd_nxt += used;
	}
}
