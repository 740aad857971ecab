/* SPDX-License-Identifier: ISC */
/*
 * Congestion control of one connection, NewReno (RFC 5681, RFC 6582) or
 * CUBIC (RFC 9438), chosen by the key tcp.congestion. The connection owns
 * loss detection and recovery (fast retransmit, RFC 6675 or NewReno partial
 * acknowledgements, RTO); this module only answers "how large is the
 * congestion window" as events come in. Sizes are bytes, times nanoseconds
 * given as arguments: no clock is read here. Integer arithmetic only (the
 * image has no floating point); cwnd stays in [1 MSS, TCP_CC_CWND_MAX].
 */
#ifndef NET_TCP_CC_H
#define NET_TCP_CC_H

#include <stdbool.h>
#include <stdint.h>

/* The largest window: 65535 << 14 rounded up, the most RFC 7323 offers. */
#define TCP_CC_CWND_MAX (1u << 30)

struct tcp_cc {
	uint8_t algo;	   /* enum tcp_cc_algo (tcp.h) */
	uint32_t mss;	   /* the sender's maximum segment size */
	uint32_t cwnd;	   /* congestion window */
	uint32_t ssthresh; /* slow-start threshold, UINT32_MAX at first */
	/* NewReno: bytes acknowledged toward the next +1 MSS; CUBIC: the
	 * remainder of the division that scales an increment to bytes. */
	uint32_t acked;
	/* CUBIC (RFC 9438 4): the window before the last reduction, the
	 * start of the current epoch, K in ns, and the Reno-friendly
	 * estimate W_est. */
	uint32_t w_max;
	uint64_t epoch_ns; /* 0: no epoch started */
	uint64_t k_ns;
	uint32_t w_est;
	uint32_t cwnd_epoch; /* cwnd at the start of the epoch */
	uint32_t cwnd_prior; /* cwnd before the last reduction (RFC 9438 4.3) */
	uint64_t est_rem;    /* remainder of W_est's last increment */
	uint64_t last_ns;    /* the last ACK, for the idle shift of the epoch */
};

/* A new connection: the initial window of RFC 6928 (10 segments capped at
 * 14600 bytes, at least 2). */
void tcp_cc_init(struct tcp_cc *cc, unsigned algo, uint32_t mss);

/* acked bytes of new data were acknowledged (not during fast recovery);
 * srtt_ns is the smoothed RTT (0 when unknown). */
void tcp_cc_on_ack(struct tcp_cc *cc, uint64_t now_ns, uint32_t acked,
		   uint64_t srtt_ns);

/* Fast retransmit: a loss was detected by duplicate ACKs or SACK; the
 * window shrinks (NewReno: ssthresh = max(flight/2, 2 MSS); CUBIC:
 * beta 0.7 with fast convergence) and cwnd = ssthresh. flight is the bytes
 * in flight. Inflating the window during recovery (RFC 6582's
 * ssthresh + 3 MSS and one MSS per further duplicate) is the connection's:
 * it counts the duplicates. */
void tcp_cc_on_loss(struct tcp_cc *cc, uint64_t now_ns, uint32_t flight);

/* Fast recovery ended (RFC 6582 3.2 step 3: cwnd = ssthresh). */
void tcp_cc_on_recovery_end(struct tcp_cc *cc, uint64_t now_ns);

/* The retransmission timer expired: ssthresh as on loss, cwnd one
 * segment (RFC 5681 3.1 equation 4; RFC 9438 4.8). A second expiry before
 * any ACK keeps ssthresh (RFC 5681 3.1). */
void tcp_cc_on_rto(struct tcp_cc *cc, uint64_t now_ns, uint32_t flight);

/* Restart after an idle period longer than the RTO (RFC 5681 4.1): cwnd
 * becomes min(IW, cwnd); CUBIC's epoch moves by the time since the last
 * ACK, so that the idle time does not count as growth. */
void tcp_cc_on_idle(struct tcp_cc *cc, uint64_t now_ns);

/* CUBIC's W_cubic(t) of RFC 9438 4.2 in bytes, t ns after the epoch began
 * (with the epoch's K and W_max), clamped to [0, TCP_CC_CWND_MAX]. */
uint32_t tcp_cc_cubic_window(const struct tcp_cc *cc, uint64_t t_ns);

#endif
