/* SPDX-License-Identifier: ISC */
/*
 * Loss recovery of the sender: fast retransmit after three duplicate ACKs
 * (RFC 5681 3.2), then, when SACK was agreed, the conservative recovery of
 * RFC 6675 (the pipe estimate, NextSeg: the lost holes first, then new
 * data), else NewReno (RFC 6582: a partial ACK retransmits the next
 * unacknowledged segment at once; the window is inflated by one segment per
 * duplicate ACK). Recovery ends when everything sent before it began is
 * acknowledged. The congestion controller (tcp_cc.h) only sizes the window.
 */
#include "net/tcp_conn.h"

void tcp_recovery_reset(struct tcp_sock *s)
{
	s->in_recovery = false;
	s->dupacks = 0;
	s->ndup = 0;
	s->high_rxt = s->snd_una;
}

/*
 * The end of the lost region (RFC 6675 IsLost by bytes): a hole is lost
 * when more than (DupThresh - 1) * MSS bytes above it are SACKed. Walking
 * the ranges from the highest, the first range where the sum passes that
 * bound ends the region: every hole below its left edge is lost.
 */
static uint32_t lost_end(const struct tcp_sock *s)
{
	uint32_t sum = 0, bound = (TCP_DUPTHRESH - 1) * (uint32_t)s->snd_mss;
	int i;

	for (i = s->sacked.n - 1; i >= 0; i--) {
		sum += s->sacked.r[i].right - s->sacked.r[i].left;
		if (sum > bound)
			return s->sacked.r[i].left;
	}
	return s->snd_una;
}

static uint32_t unsacked(const struct tcp_sock *s, uint32_t a, uint32_t z)
{
	if (!seq_lt(a, z))
		return 0;
	return (z - a) - tcp_board_sacked_in(&s->sacked, a, z);
}

/*
 * RFC 6675 SetPipe: unSACKed bytes not lost count once, retransmitted
 * bytes (below high_rxt) once more; lost ones not retransmitted are gone.
 */
static uint32_t pipe_sack(const struct tcp_sock *s)
{
	uint32_t le = lost_end(s), rx = seq_max(s->high_rxt, s->snd_una);

	return unsacked(s, le, s->snd_max) +
	       unsacked(s, s->snd_una, seq_min(rx, s->snd_max));
}

/* NewReno: what is in flight, less one segment per duplicate ACK. */
static uint32_t pipe_reno(const struct tcp_sock *s)
{
	uint32_t flight = s->snd_max - s->snd_una;
	uint32_t left = s->ndup * (uint32_t)s->snd_mss;

	return flight > left ? flight - left : 0;
}

/* The start of the first hole at or above high_rxt, and its end before
 * limit; 0 when there is none below limit. */
static uint32_t hole_from(const struct tcp_sock *s, uint32_t limit,
			  uint32_t *seq)
{
	uint32_t at = seq_max(s->high_rxt, s->snd_una);

	at = tcp_board_skip(&s->sacked, at);
	if (!seq_lt(at, limit))
		return 0;
	*seq = at;
	return tcp_board_next_sacked(&s->sacked, at, limit) - at;
}

/*
 * RFC 6675 NextSeg: (1) a lost hole above high_rxt, (2) new data the
 * peer's window takes, (3) a hole not yet lost below the highest SACKed
 * byte; 0 when there is nothing (rule 4, the rescue, is not done). *seq
 * is where it starts.
 */
static uint32_t next_seg(const struct tcp_stack *st, struct tcp_sock *s,
			 uint32_t *seq)
{
	uint32_t end = tcp_data_end(s) + s->fin_queued, len;
	uint32_t edge = tcp_send_edge(st, s); /* the peer's window */

	if (s->sack_ok && (len = hole_from(s, lost_end(s), seq)) != 0)
		return len;
	*seq = s->snd_max;
	if (seq_lt(s->snd_max, end) && seq_lt(s->snd_max, edge))
		return seq_min(end, edge) - s->snd_max;
	if (s->sack_ok && s->sacked.n != 0)
		return hole_from(s, s->sacked.r[s->sacked.n - 1].right, seq);
	return 0;
}

/*
 * Send while the window exceeds the pipe by a segment (RFC 6675 5 (C)).
 * The window in recovery is ssthresh (RFC 6675 5 (4.2); NewReno's
 * inflation is in the pipe), whatever tcp_cc_on_loss made of cwnd.
 */
static void recovery_send(struct tcp_stack *st, struct tcp_sock *s,
			  uint64_t now_ns)
{
	uint32_t seq, len, used, pipe;
	bool rxt;

	for (;;) {
		pipe = s->sack_ok ? pipe_sack(s) : pipe_reno(s);
		if (pipe + s->snd_mss > s->cc.ssthresh)
			return;
		len = next_seg(st, s, &seq);
		if (len == 0)
			return;
		rxt = seq_lt(seq, s->snd_max);
		used = tcp_xmit(st, s, now_ns, seq, len);
		if (used == 0)
			return;
		if (rxt)
			s->high_rxt = seq_max(s->high_rxt, seq + used);
		if (seq_gt(seq + used, s->snd_nxt))
			s->snd_nxt = seq + used;
	}
}

/* The SACK blocks received show a lost hole (RFC 6675 5 (5), by bytes). */
void tcp_recovery_send(struct tcp_stack *st, struct tcp_sock *s,
		       uint64_t now_ns)
{
	/* The fast retransmission itself was refused: it goes first. */
	if (s->high_rxt == s->snd_una)
		s->high_rxt += tcp_xmit(st, s, now_ns, s->snd_una, s->snd_mss);
	if (s->high_rxt != s->snd_una)
		recovery_send(st, s, now_ns);
}

static bool sack_loss(const struct tcp_sock *s)
{
	return s->sack_ok && seq_gt(lost_end(s), s->snd_una);
}

static void recovery_enter(struct tcp_stack *st, struct tcp_sock *s,
			   uint64_t now_ns)
{
	s->in_recovery = true;
	s->recover = s->snd_max;
	s->high_rxt = s->snd_una;
	s->ndup = TCP_DUPTHRESH;
	s->rtt_timing = false;
	/* Already reduced for local congestion: not twice for one window
	 * (Linux keeps the CWR reduction when recovery begins in it). */
	if (!s->cwr)
		tcp_cc_on_loss(&s->cc, now_ns, s->snd_max - s->snd_una);
	s->cwr = false;
	st->stats.fast_retransmits++;
	s->high_rxt =
	    s->snd_una + tcp_xmit(st, s, now_ns, s->snd_una, s->snd_mss);
	recovery_send(st, s, now_ns);
}

void tcp_recovery_dupack(struct tcp_stack *st, struct tcp_sock *s,
			 uint64_t now_ns)
{
	if (s->in_recovery) {
		s->ndup++;
		recovery_send(st, s, now_ns);
		return;
	}
	if (s->dupacks >= TCP_DUPTHRESH || sack_loss(s))
		recovery_enter(st, s, now_ns);
}

/*
 * A partial ACK: NewReno retransmits the next segment now and deflates
 * the window by what was acknowledged (RFC 6582 3.2 step 5); with SACK
 * the pipe simply shrank. A full ACK ends recovery (step 6 / RFC 6675 5).
 */
void tcp_recovery_ack(struct tcp_stack *st, struct tcp_sock *s, uint64_t now_ns,
		      uint32_t acked)
{
	uint32_t segs = acked / s->snd_mss;

	if (seq_ge(s->snd_una, s->recover)) {
		tcp_recovery_reset(s);
		tcp_cc_on_recovery_end(&s->cc, now_ns);
		return;
	}
	if (!s->sack_ok) {
		s->ndup = s->ndup > segs ? s->ndup - segs : 0;
		s->ndup++;
		s->high_rxt = s->snd_una;
		s->high_rxt += tcp_xmit(st, s, now_ns, s->snd_una, s->snd_mss);
	}
	recovery_send(st, s, now_ns);
}
