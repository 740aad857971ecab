/* SPDX-License-Identifier: ISC */
/*
 * Congestion control (tcp_cc.h), NewReno and CUBIC, in integers only: the
 * image is built without floating point. cwnd stays in [1 MSS,
 * TCP_CC_CWND_MAX] whatever the sizes and times given.
 *
 * Algorithm (both): below ssthresh, slow start with appropriate byte
 * counting (RFC 3465, L = 2 MSS): cwnd += min(acked, 2 MSS), stopping at
 * ssthresh; what an ACK acknowledges beyond goes to congestion avoidance.
 * After an idle period (RFC 5681 4.1) cwnd = min(IW, cwnd).
 *
 * NewReno (RFC 5681 3.1, RFC 6582): in congestion avoidance, +1 MSS each
 * time a cwnd worth of bytes has been acknowledged (byte counting, RFC
 * 3465 2.1); a loss sets ssthresh = max(flight / 2, 2 MSS) and cwnd to it,
 * an RTO the same with cwnd = 1 MSS (a second expiry before any ACK keeps
 * ssthresh).
 *
 * CUBIC (RFC 9438): an epoch starts at the first ACK in congestion
 * avoidance, with cwnd_epoch = cwnd and
 *
 *   W_cubic(t) = C (t - K)^3 + W_max,   K = cbrt((W_max - cwnd_epoch) / C)
 *
 * in segments and seconds, C = 0.4. Each ACK first grows the Reno-friendly
 * estimate W_est by alpha * acked / cwnd (alpha = 3 (1 - beta) / (1 +
 * beta) = 9/17 for beta = 0.7, and 1 once W_est reaches the window before
 * the last reduction). If W_cubic(t) < W_est, cwnd follows W_est;
 * otherwise cwnd grows by (target - cwnd) / cwnd per segment acknowledged,
 * target = W_cubic(t + RTT) clamped to [cwnd, 1.5 cwnd]. So no ACK raises
 * cwnd by more than half the bytes it acknowledges (the Reno-friendly step
 * is held to the same bound). A loss: W_max = cwnd, or 0.85 cwnd when cwnd
 * is below the previous W_max (fast convergence, 4.7); ssthresh =
 * max(0.7 flight, 2 MSS), cwnd = ssthresh, the epoch ends (4.6). An RTO:
 * the same ssthresh, cwnd = 1 MSS, and the next epoch starts with K = 0
 * and W_max = its cwnd (4.8). An idle restart moves the epoch forward by
 * the idle time.
 *
 * Fixed point: C = 2/5, beta = 7/10 and alpha = 9/17 are exact ratios.
 * The cube is taken in units of 2^-24 s (about 60 ns) in 128-bit integers:
 * |t - K| is clamped to 2^42 ns (73 minutes, beyond the largest K, about
 * 1400 s for W_max = TCP_CC_CWND_MAX segments of 1 byte), so the 36-bit
 * time cubed times 2 MSS stays below 2^126. K is the exact integer cube
 * root, found bit by bit as the largest y with 2 MSS y^3 <= 5 (W_max -
 * cwnd_epoch) 2^72: multiplications and comparisons only, no 128-bit
 * division. Fractions of a byte carry over between ACKs as remainders.
 */
#include "net/tcp_cc.h"
#include "net/tcp.h"

/* 10^9 / 2^24 = 1953125 / 2^15: conversions between ns and 2^-24 s. */
#define TICK_NUM 1953125ull
#define TICK_SHIFT 15
#define TIME_BITS 24
#define CUBIC_SPAN_MAX (1ull << 42) /* |t - K| in ns: saturate beyond */
#define IW_BYTES 14600		    /* RFC 6928 */
#define SS_LIMIT 2		    /* RFC 3465: L = 2 MSS */

typedef unsigned __int128 u128;

static uint64_t min64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

static uint64_t max64(uint64_t a, uint64_t b)
{
	return a > b ? a : b;
}

/* A window in bytes, bounded to [mss, TCP_CC_CWND_MAX]. */
static uint32_t bounded(const struct tcp_cc *cc, uint64_t w)
{
	return (uint32_t)max64(min64(w, TCP_CC_CWND_MAX), cc->mss);
}

/* RFC 6928: min(10 MSS, max(2 MSS, 14600)). */
static uint32_t initial_window(uint32_t mss)
{
	return (uint32_t)min64(10ull * mss, max64(2ull * mss, IW_BYTES));
}

void tcp_cc_init(struct tcp_cc *cc, unsigned algo, uint32_t mss)
{
	*cc = (struct tcp_cc){0};
	cc->algo = algo == TCP_CC_CUBIC ? TCP_CC_CUBIC : TCP_CC_NEWRENO;
	cc->mss = (uint32_t)max64(min64(mss, 0xffff), 1);
	cc->cwnd = initial_window(cc->mss);
	cc->ssthresh = UINT32_MAX;
}

/* ns -> units of 2^-24 s, and back. */
static uint64_t ns_to_ticks(uint64_t ns)
{
	return (min64(ns, CUBIC_SPAN_MAX) << TICK_SHIFT) / TICK_NUM;
}

static uint64_t ticks_to_ns(uint64_t ticks)
{
	return ticks * TICK_NUM >> TICK_SHIFT;
}

/*
 * K of RFC 9438 4.2 in ns: the largest y (in 2^-24 s) with
 * y^3 <= (W_max - cwnd_epoch) / (C mss) s^3, that is
 * 2 mss y^3 <= 5 (W_max - cwnd_epoch) 2^72.
 */
static uint64_t cubic_k(const struct tcp_cc *cc)
{
	u128 goal = (u128)(5ull * (cc->w_max - cc->cwnd_epoch))
		    << (3 * TIME_BITS);
	uint64_t y = 0;
	int bit;

	for (bit = 35; bit >= 0; bit--) {
		uint64_t t = y | 1ull << bit;

		if ((u128)t * t * t * (2ull * cc->mss) <= goal)
			y = t;
	}
	return ticks_to_ns(y);
}

uint32_t tcp_cc_cubic_window(const struct tcp_cc *cc, uint64_t t_ns)
{
	bool before = t_ns < cc->k_ns;
	uint64_t u = ns_to_ticks(before ? cc->k_ns - t_ns : t_ns - cc->k_ns);
	/* C mss u^3 2^-72 bytes, C = 2/5 */
	uint64_t delta = (uint64_t)(((u128)u * u * u * (2ull * cc->mss)) >>
				    (3 * TIME_BITS)) /
			 5;

	if (before)
		return delta >= cc->w_max ? 0 : cc->w_max - (uint32_t)delta;
	return (uint32_t)min64(cc->w_max + delta, TCP_CC_CWND_MAX);
}

/* Slow start; returns the bytes left over for congestion avoidance. */
static uint32_t slow_start(struct tcp_cc *cc, uint32_t acked)
{
	uint64_t step = min64(acked, SS_LIMIT * (uint64_t)cc->mss);
	uint64_t room;

	if (cc->cwnd >= cc->ssthresh)
		return acked;
	room = cc->ssthresh - cc->cwnd;
	if (step < room) {
		cc->cwnd = bounded(cc, cc->cwnd + step);
		return 0;
	}
	cc->cwnd = bounded(cc, cc->ssthresh);
	return (uint32_t)(acked - room);
}

/* RFC 5681 3.1 with byte counting: +1 MSS per cwnd of acked bytes. */
static void reno_avoid(struct tcp_cc *cc, uint32_t acked)
{
	uint64_t sum = (uint64_t)cc->acked + acked;

	if (sum >= cc->cwnd) {
		sum -= cc->cwnd;
		cc->cwnd = bounded(cc, (uint64_t)cc->cwnd + cc->mss);
	}
	cc->acked = (uint32_t)min64(sum, cc->cwnd);
}

static void cubic_epoch_start(struct tcp_cc *cc, uint64_t now_ns)
{
	cc->epoch_ns = now_ns != 0 ? now_ns : 1;
	cc->cwnd_epoch = cc->cwnd;
	cc->w_est = cc->cwnd;
	cc->est_rem = 0;
	cc->acked = 0;
	if (cc->w_max <= cc->cwnd) {
		cc->w_max = cc->cwnd; /* after an RTO, or above the old W_max */
		cc->k_ns = 0;
	} else {
		cc->k_ns = cubic_k(cc);
	}
}

/* RFC 9438 4.3: W_est += alpha mss acked / cwnd, alpha = 9/17 or 1. */
static void cubic_grow_est(struct tcp_cc *cc, uint32_t acked)
{
	uint64_t alpha17 = cc->w_est >= cc->cwnd_prior ? 17 : 9;
	uint64_t den = 17ull * cc->cwnd;
	uint64_t num = alpha17 * cc->mss * acked + min64(cc->est_rem, den - 1);

	cc->w_est = (uint32_t)min64(cc->w_est + num / den, TCP_CC_CWND_MAX);
	cc->est_rem = num % den;
}

static void cubic_avoid(struct tcp_cc *cc, uint64_t now_ns, uint32_t acked,
			uint64_t srtt_ns)
{
	uint64_t t, target, num, cap;

	if (cc->epoch_ns == 0)
		cubic_epoch_start(cc, now_ns);
	t = now_ns > cc->epoch_ns ? now_ns - cc->epoch_ns : 0;
	cubic_grow_est(cc, acked);
	cap = (uint64_t)cc->cwnd + acked / 2;
	if (tcp_cc_cubic_window(cc, t) < cc->w_est) {
		/* Reno-friendly region (4.3) */
		if (cc->w_est > cc->cwnd)
			cc->cwnd = bounded(cc, min64(cc->w_est, cap));
		return;
	}
	/* concave (4.4) or convex (4.5) region */
	target = tcp_cc_cubic_window(cc, t + min64(srtt_ns, CUBIC_SPAN_MAX));
	target = min64(max64(target, cc->cwnd), cc->cwnd + cc->cwnd / 2);
	/* a remainder left from a larger cwnd (before an idle restart) is
	 * cut below the present one */
	num = (target - cc->cwnd) * acked + min64(cc->acked, cc->cwnd - 1);
	cc->acked = (uint32_t)(num % cc->cwnd);
	cc->cwnd = bounded(cc, cc->cwnd + num / cc->cwnd);
}

void tcp_cc_on_ack(struct tcp_cc *cc, uint64_t now_ns, uint32_t acked,
		   uint64_t srtt_ns)
{
	if (acked == 0 || cc->mss == 0) /* nothing, or never initialised */
		return;
	cc->last_ns = now_ns;
	acked = slow_start(cc, acked);
	if (acked == 0)
		return;
	if (cc->algo == TCP_CC_CUBIC)
		cubic_avoid(cc, now_ns, acked, srtt_ns);
	else
		reno_avoid(cc, acked);
}

/* ssthresh after a loss: NewReno flight / 2, CUBIC 0.7 flight; >= 2 MSS. */
static uint32_t reduced_ssthresh(const struct tcp_cc *cc, uint32_t flight)
{
	uint64_t s =
	    cc->algo == TCP_CC_CUBIC ? (uint64_t)flight * 7 / 10 : flight / 2;

	return (uint32_t)min64(max64(s, 2ull * cc->mss), TCP_CC_CWND_MAX);
}

void tcp_cc_on_loss(struct tcp_cc *cc, uint64_t now_ns, uint32_t flight)
{
	cc->cwnd_prior = cc->cwnd;
	if (cc->algo == TCP_CC_CUBIC) {
		/* fast convergence (4.7): (1 + beta) / 2 = 17/20 */
		if (cc->cwnd < cc->w_max)
			cc->w_max = (uint32_t)((uint64_t)cc->cwnd * 17 / 20);
		else
			cc->w_max = cc->cwnd;
		cc->epoch_ns = 0;
	}
	cc->ssthresh = reduced_ssthresh(cc, flight);
	cc->cwnd = bounded(cc, cc->ssthresh);
	cc->acked = 0;
	cc->last_ns = now_ns;
}

void tcp_cc_on_recovery_end(struct tcp_cc *cc, uint64_t now_ns)
{
	if (cc->ssthresh <= TCP_CC_CWND_MAX)
		cc->cwnd = bounded(cc, cc->ssthresh);
	cc->acked = 0;
	cc->last_ns = now_ns;
}

void tcp_cc_on_rto(struct tcp_cc *cc, uint64_t now_ns, uint32_t flight)
{
	/* cwnd is 1 MSS only between an RTO and the next ACK: a repeated
	 * expiry of the same data keeps ssthresh (RFC 5681 3.1). */
	bool again = cc->cwnd == cc->mss && cc->ssthresh != UINT32_MAX;

	if (!again) {
		cc->cwnd_prior = cc->cwnd;
		cc->ssthresh = reduced_ssthresh(cc, flight);
	}
	cc->cwnd = cc->mss;
	cc->acked = 0;
	cc->epoch_ns = 0;
	cc->w_max = 0; /* RFC 9438 4.8: K = 0, W_max = cwnd_epoch */
	cc->last_ns = now_ns;
}

void tcp_cc_on_idle(struct tcp_cc *cc, uint64_t now_ns)
{
	uint32_t iw = initial_window(cc->mss);

	if (cc->cwnd > iw)
		cc->cwnd = iw;
	if (cc->epoch_ns != 0 && now_ns > cc->last_ns)
		cc->epoch_ns =
		    min64(cc->epoch_ns + (now_ns - cc->last_ns), now_ns);
	cc->last_ns = now_ns;
}
