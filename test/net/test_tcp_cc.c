/* SPDX-License-Identifier: ISC */
/*
 * Congestion control (rt/net/tcp_cc.c) against the RFCs' numbers: the
 * initial windows of RFC 6928, slow start and congestion avoidance of RFC
 * 5681 with byte counting (RFC 3465), the reductions of RFC 6582 and RFC
 * 9438, and CUBIC's window W_cubic(t) and K compared with the formulas of
 * RFC 9438 4.2 computed here in double precision; then a million ACKs of
 * random sizes at random times, after each of which the window must be in
 * bounds and must not have grown faster than the RFCs allow.
 */
#include <string.h>

#include "net/tcp.h"
#include "net/tcp_cc.h"
#include "unit.h"

UNIT_COUNTERS;

#define MS 1000000ull
#define SEC 1000000000ull

/* Newton's cube root, so that the reference needs no libm. */
static double ref_cbrt(double x)
{
	double y = x > 1 ? x / 3 : 1;
	int i;

	for (i = 0; i < 200; i++)
		y = (2 * y + x / (y * y)) / 3;
	return y;
}

/* RFC 9438 4.2 in segments and seconds, C = 0.4. */
static double ref_k(double w_max, double cwnd_epoch)
{
	return ref_cbrt((w_max - cwnd_epoch) / 0.4);
}

static double ref_w(double w_max, double cwnd_epoch, double t)
{
	double d = t - ref_k(w_max, cwnd_epoch);

	return 0.4 * d * d * d + w_max;
}

static double dabs(double x)
{
	return x < 0 ? -x : x;
}

/* One round trip: a window's worth of bytes acknowledged in per_ack
 * chunks, spread over rtt. */
static void ack_round(struct tcp_cc *cc, uint64_t *now, uint64_t rtt,
		      uint32_t per_ack)
{
	uint32_t w = cc->cwnd, done = 0, n = (w + per_ack - 1) / per_ack;

	while (done < w) {
		uint32_t a = w - done < per_ack ? w - done : per_ack;

		*now += rtt / n;
		tcp_cc_on_ack(cc, *now, a, rtt);
		done += a;
	}
}

static void test_initial_window(void)
{
	static const struct {
		uint32_t mss, iw;
	} cases[] = {{536, 5360},   {1460, 14600}, {9000, 18000},
		     {8000, 16000}, {1200, 12000}, {1461, 14600}};
	struct tcp_cc cc;
	unsigned i, algo;

	for (algo = 0; algo < 2; algo++) {
		for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
			tcp_cc_init(&cc, algo, cases[i].mss);
			CHECK(cc.cwnd == cases[i].iw, "mss %u: IW %u",
			      cases[i].mss, cc.cwnd);
			CHECK(cc.ssthresh == UINT32_MAX, "ssthresh %u",
			      cc.ssthresh);
		}
	}
}

/* RFC 5681 3.1 with L = 2 MSS: one ACK per segment, or per two (delayed
 * ACKs), doubles the window each round trip; a stretch ACK of 4 segments
 * counts for 2. */
static void test_slow_start(void)
{
	struct tcp_cc cc;
	uint64_t now = 0;
	unsigned r, algo;

	for (algo = 0; algo < 2; algo++) {
		tcp_cc_init(&cc, algo, 1460);
		for (r = 1; r <= 6; r++) {
			ack_round(&cc, &now, 50 * MS, 1460);
			CHECK(cc.cwnd == 14600u << r, "round %u: %u", r,
			      cc.cwnd);
		}
		tcp_cc_init(&cc, algo, 1460);
		ack_round(&cc, &now, 50 * MS, 2920);
		CHECK(cc.cwnd == 29200, "delayed ACKs: %u", cc.cwnd);
		tcp_cc_init(&cc, algo, 1460);
		tcp_cc_on_ack(&cc, now, 4 * 1460, 0);
		CHECK(cc.cwnd == 14600 + 2 * 1460, "stretch ACK: %u", cc.cwnd);
	}
	/* Slow start stops at ssthresh; the rest counts toward avoidance. */
	tcp_cc_init(&cc, TCP_CC_NEWRENO, 1460);
	cc.ssthresh = 16000;
	tcp_cc_on_ack(&cc, now, 2920, 0);
	CHECK(cc.cwnd == 16000 && cc.acked == 2920 - 1400, "at ssthresh: %u %u",
	      cc.cwnd, cc.acked);
}

/* RFC 5681 3.1: +1 MSS per round trip in congestion avoidance. */
static void test_congestion_avoidance(void)
{
	struct tcp_cc cc;
	uint64_t now = 0;
	unsigned r;

	tcp_cc_init(&cc, TCP_CC_NEWRENO, 1460);
	tcp_cc_on_loss(&cc, now, 20 * 1460);
	CHECK(cc.cwnd == 10 * 1460 && cc.ssthresh == 10 * 1460, "loss: %u %u",
	      cc.cwnd, cc.ssthresh);
	for (r = 1; r <= 20; r++) {
		ack_round(&cc, &now, 50 * MS, 1460);
		CHECK(cc.cwnd == (10 + r) * 1460, "round %u: %u", r, cc.cwnd);
	}
	/* Delayed ACKs: the same growth, byte counting. */
	tcp_cc_init(&cc, TCP_CC_NEWRENO, 1460);
	tcp_cc_on_loss(&cc, now, 20 * 1460);
	for (r = 1; r <= 20; r++)
		ack_round(&cc, &now, 50 * MS, 2920);
	CHECK(cc.cwnd == 30 * 1460, "delayed ACKs: %u", cc.cwnd);
}

static void test_reductions(void)
{
	struct tcp_cc cc;

	/* RFC 6582 / RFC 5681 3.2: max(flight / 2, 2 MSS). */
	tcp_cc_init(&cc, TCP_CC_NEWRENO, 1000);
	tcp_cc_on_loss(&cc, 0, 30000);
	CHECK(cc.ssthresh == 15000 && cc.cwnd == 15000, "%u %u", cc.ssthresh,
	      cc.cwnd);
	tcp_cc_on_loss(&cc, 0, 3000);
	CHECK(cc.ssthresh == 2000 && cc.cwnd == 2000, "%u %u", cc.ssthresh,
	      cc.cwnd);
	tcp_cc_on_recovery_end(&cc, 0);
	CHECK(cc.cwnd == 2000, "recovery end: %u", cc.cwnd);

	/* RTO (RFC 5681 3.1): ssthresh from the flight, cwnd = 1 MSS; a
	 * second expiry before any ACK keeps ssthresh. */
	tcp_cc_init(&cc, TCP_CC_NEWRENO, 1000);
	tcp_cc_on_rto(&cc, 0, 10000);
	CHECK(cc.cwnd == 1000 && cc.ssthresh == 5000, "%u %u", cc.cwnd,
	      cc.ssthresh);
	tcp_cc_on_rto(&cc, SEC, 10000 - 1000);
	CHECK(cc.cwnd == 1000 && cc.ssthresh == 5000, "again: %u %u", cc.cwnd,
	      cc.ssthresh);
	tcp_cc_on_ack(&cc, 2 * SEC, 1000, 0);
	CHECK(cc.cwnd == 2000, "slow start after RTO: %u", cc.cwnd);
	tcp_cc_on_rto(&cc, 3 * SEC, 1000);
	CHECK(cc.cwnd == 1000 && cc.ssthresh == 2000, "new RTO: %u %u", cc.cwnd,
	      cc.ssthresh);

	/* CUBIC (RFC 9438 4.6, 4.8): beta = 0.7 of the flight. */
	tcp_cc_init(&cc, TCP_CC_CUBIC, 1000);
	tcp_cc_on_loss(&cc, 0, 100000);
	CHECK(cc.ssthresh == 70000 && cc.cwnd == 70000, "%u %u", cc.ssthresh,
	      cc.cwnd);
	tcp_cc_on_loss(&cc, 0, 2000);
	CHECK(cc.ssthresh == 2000 && cc.cwnd == 2000, "%u %u", cc.ssthresh,
	      cc.cwnd);
	tcp_cc_on_rto(&cc, 0, 50000);
	CHECK(cc.cwnd == 1000 && cc.ssthresh == 35000 && cc.epoch_ns == 0,
	      "RTO: %u %u", cc.cwnd, cc.ssthresh);
}

/* RFC 5681 4.1: after idle, cwnd = min(IW, cwnd); ssthresh stays. */
static void test_idle(void)
{
	struct tcp_cc cc;
	uint64_t now = 0;
	unsigned r;

	tcp_cc_init(&cc, TCP_CC_NEWRENO, 1460);
	for (r = 0; r < 3; r++)
		ack_round(&cc, &now, 50 * MS, 1460);
	tcp_cc_on_idle(&cc, now + 10 * SEC);
	CHECK(cc.cwnd == 14600 && cc.ssthresh == UINT32_MAX, "%u", cc.cwnd);
	tcp_cc_on_rto(&cc, now, 14600);
	tcp_cc_on_idle(&cc, now + 20 * SEC);
	CHECK(cc.cwnd == 1460, "below IW: %u", cc.cwnd);

	/* CUBIC: the epoch moves by the time since the last ACK. */
	tcp_cc_init(&cc, TCP_CC_CUBIC, 1460);
	tcp_cc_on_loss(&cc, SEC, 100 * 1460);
	tcp_cc_on_ack(&cc, 2 * SEC, 1460, 50 * MS);
	CHECK(cc.epoch_ns == 2 * SEC, "epoch %llu",
	      (unsigned long long)cc.epoch_ns);
	tcp_cc_on_ack(&cc, 3 * SEC, 1460, 50 * MS);
	tcp_cc_on_idle(&cc, 13 * SEC);
	CHECK(cc.epoch_ns == 12 * SEC && cc.cwnd == 14600, "epoch %llu cwnd %u",
	      (unsigned long long)cc.epoch_ns, cc.cwnd);
}

/* A CUBIC connection whose epoch began at `at` after a loss from a window
 * of w_max segments. */
static void cubic_after_loss(struct tcp_cc *cc, uint32_t mss, uint32_t w_max,
			     uint64_t at)
{
	tcp_cc_init(cc, TCP_CC_CUBIC, mss);
	cc->cwnd = w_max * mss;
	tcp_cc_on_loss(cc, at, w_max * mss);
	tcp_cc_on_recovery_end(cc, at);
	tcp_cc_on_ack(cc, at, mss, 0);
}

/* K and W_cubic(t) against RFC 9438 4.2 within one MSS (and K to 1 us). */
static void test_cubic_formula(void)
{
	static const struct {
		uint32_t mss, w_max;
	} cases[] = {{1460, 100},   {536, 1000},   {9000, 20},
		     {1460, 50000}, {1, 1u << 29}, {1460, 3}};
	static const double at[] = {0, 0.25, 0.5, 1, 1.5, 2, 3};
	struct tcp_cc cc;
	unsigned i, j;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		double mss = cases[i].mss, wm, we, k;

		cubic_after_loss(&cc, cases[i].mss, cases[i].w_max, SEC);
		wm = cc.w_max / mss;
		we = cc.cwnd_epoch / mss;
		k = ref_k(wm, we);
		CHECK(cc.epoch_ns == SEC, "epoch %llu",
		      (unsigned long long)cc.epoch_ns);
		CHECK(cc.w_max == cases[i].w_max * cases[i].mss, "W_max %u",
		      cc.w_max);
		CHECK(dabs(cc.k_ns / 1e9 - k) < 1e-6,
		      "mss %u W_max %u: K %f, not %f", cases[i].mss,
		      cases[i].w_max, cc.k_ns / 1e9, k);
		for (j = 0; j < sizeof(at) / sizeof(at[0]); j++) {
			double t = at[j] * k + (j == 6 ? 60 : 0);
			double ref = ref_w(wm, we, t) * mss;
			double got =
			    tcp_cc_cubic_window(&cc, (uint64_t)(t * 1e9));

			if (ref > TCP_CC_CWND_MAX)
				ref = TCP_CC_CWND_MAX;
			CHECK(dabs(got - ref) <= mss,
			      "mss %u W_max %u t %.3f: %.0f, not %.0f",
			      cases[i].mss, cases[i].w_max, t, got, ref);
		}
	}
}

/* RFC 9438 4.7: a loss below the previous W_max remembers 0.85 cwnd. */
static void test_fast_convergence(void)
{
	struct tcp_cc cc;

	cubic_after_loss(&cc, 1000, 100, SEC);
	CHECK(cc.w_max == 100000, "W_max %u", cc.w_max);
	cc.cwnd = 80000;
	tcp_cc_on_loss(&cc, 2 * SEC, 80000);
	CHECK(cc.w_max == 68000 && cc.ssthresh == 56000, "W_max %u ssthresh %u",
	      cc.w_max, cc.ssthresh);
	cc.cwnd = 90000;
	tcp_cc_on_loss(&cc, 3 * SEC, 90000);
	CHECK(cc.w_max == 90000, "above the old W_max: %u", cc.w_max);
	CHECK(cc.epoch_ns == 0, "epoch not reset");
	/* After an RTO the next epoch has K = 0 and W_max = its cwnd. */
	tcp_cc_on_rto(&cc, 4 * SEC, 90000);
	cc.cwnd = cc.ssthresh;
	tcp_cc_on_ack(&cc, 5 * SEC, 1000, 0);
	CHECK(cc.k_ns == 0 && cc.w_max == cc.cwnd_epoch &&
		  cc.cwnd_epoch == 63000,
	      "K %llu W_max %u", (unsigned long long)cc.k_ns, cc.w_max);
}

/* Small window, short RTT: Reno would grow faster than the cubic curve,
 * and cwnd follows W_est (RFC 9438 4.3); large window, long RTT: the
 * cubic curve is ahead of W_est. */
static void test_reno_friendly(void)
{
	struct tcp_cc cc;
	uint64_t now = SEC;
	unsigned r;

	cubic_after_loss(&cc, 1460, 20, now);
	for (r = 0; r < 200; r++)
		ack_round(&cc, &now, MS, 1460);
	CHECK(cc.cwnd == cc.w_est, "cwnd %u W_est %u", cc.cwnd, cc.w_est);
	CHECK(cc.cwnd > tcp_cc_cubic_window(&cc, now - cc.epoch_ns) + 10 * 1460,
	      "cwnd %u W_cubic %u", cc.cwnd,
	      tcp_cc_cubic_window(&cc, now - cc.epoch_ns));
	/* About 0.53 MSS per RTT up to the old window, then 1 per RTT. */
	CHECK(cc.cwnd > 180 * 1460 && cc.cwnd < 220 * 1460, "cwnd %u segments",
	      cc.cwnd / 1460);

	now = SEC;
	cubic_after_loss(&cc, 1460, 1000, now);
	for (r = 0; r < 30; r++)
		ack_round(&cc, &now, 100 * MS, 1460);
	CHECK(cc.cwnd > cc.w_est + 50 * 1460, "cwnd %u W_est %u", cc.cwnd,
	      cc.w_est);
}

/* Around W_max: growth slows down toward it (concave), then speeds up
 * past K (convex); cwnd follows W_cubic(t + RTT). */
static void test_concave_convex(void)
{
	const uint32_t mss = 1460, w_max = 1000 * mss;
	const uint64_t rtt = 100 * MS;
	uint32_t w[300];
	struct tcp_cc cc;
	uint64_t now = SEC, k;
	unsigned r, kr;

	cubic_after_loss(&cc, mss, 1000, now);
	k = cc.k_ns;
	for (r = 0; r < 300; r++) {
		ack_round(&cc, &now, rtt, mss);
		w[r] = cc.cwnd;
		if (now - cc.epoch_ns + rtt < k)
			CHECK(w[r] <= w_max, "above W_max before K: %u", w[r]);
		CHECK(dabs((double)w[r] -
			   tcp_cc_cubic_window(&cc, now - SEC + rtt)) <
			  3.0 * mss + 0.02 * w[r],
		      "round %u: cwnd %u, W_cubic %u", r, w[r],
		      tcp_cc_cubic_window(&cc, now - SEC + rtt));
	}
	kr = (unsigned)(k / rtt); /* the round at K */
	CHECK(w[kr] > w_max - 2 * mss && w[kr] < w_max + 2 * mss, "at K: %u",
	      w[kr]);
	CHECK(w[10] - w[0] > w[kr] - w[kr - 10], "not concave: %u %u",
	      w[10] - w[0], w[kr] - w[kr - 10]);
	CHECK(w[kr + 60] - w[kr + 50] > w[kr + 10] - w[kr], "not convex: %u %u",
	      w[kr + 60] - w[kr + 50], w[kr + 10] - w[kr]);
}

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

__attribute__((no_sanitize("integer"))) static uint64_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static uint32_t random_size(void)
{
	switch (rng() % 8) {
	case 0:
		return (uint32_t)rng(); /* anything */
	case 1:
		return (uint32_t)(rng() % 4);
	default:
		return (uint32_t)(rng() % 65536);
	}
}

static uint64_t random_time(void)
{
	switch (rng() % 16) {
	case 0:
		return rng() >> 20; /* up to 2^44 ns */
	case 1:
		return 0;
	default:
		return rng() % (100 * MS);
	}
}

static bool in_bounds(const struct tcp_cc *cc)
{
	return cc->cwnd >= cc->mss && cc->cwnd <= TCP_CC_CWND_MAX &&
	       (cc->ssthresh == UINT32_MAX ||
		(cc->ssthresh >= 2 * cc->mss &&
		 cc->ssthresh <= TCP_CC_CWND_MAX)) &&
	       cc->w_est <= TCP_CC_CWND_MAX && cc->acked <= TCP_CC_CWND_MAX;
}

/* An ACK never shrinks cwnd, and grows it by at most 2 MSS in slow start
 * (L = 2), 1 MSS per ACK for NewReno and half the bytes acknowledged for
 * CUBIC (target <= 1.5 cwnd) in congestion avoidance. */
static bool growth_ok(const struct tcp_cc *cc, uint32_t before, uint32_t ss,
		      uint32_t acked)
{
	uint64_t up = (uint64_t)cc->cwnd - before, limit;

	if (cc->cwnd < before)
		return false;
	if (cc->algo == TCP_CC_CUBIC)
		limit = acked / 2 + 1;
	else
		limit = cc->mss;
	if (before < ss)
		limit += 2ull * cc->mss;
	return up <= limit;
}

static void test_random_acks(void)
{
	unsigned algo, i, bad = 0;

	for (algo = 0; algo < 2; algo++) {
		static const uint32_t mss[] = {1, 536, 1460, 9000, 65535};
		struct tcp_cc cc;
		uint64_t now = 0;

		tcp_cc_init(&cc, algo, mss[algo * 2]);
		for (i = 0; i < 1000000; i++) {
			uint32_t before = cc.cwnd, ss = cc.ssthresh, a;
			unsigned ev = (unsigned)(rng() % 1000);

			now += random_time();
			if (ev == 0)
				tcp_cc_on_loss(&cc, now, random_size());
			else if (ev == 1)
				tcp_cc_on_rto(&cc, now, random_size());
			else if (ev == 2)
				tcp_cc_on_idle(&cc, now);
			else if (ev == 3)
				tcp_cc_on_recovery_end(&cc, now);
			else if (ev == 4)
				tcp_cc_init(&cc, algo, mss[rng() % 5]);
			else {
				a = random_size();
				tcp_cc_on_ack(&cc, now, a,
					      ev == 5 ? UINT64_MAX
						      : random_time());
				if (!growth_ok(&cc, before, ss, a) && bad++ < 5)
					printf("ack %u of %u: %u -> %u\n", i, a,
					       before, cc.cwnd);
			}
			if (!in_bounds(&cc) && bad++ < 5)
				printf("out of bounds after %u: cwnd %u "
				       "ssthresh %u\n",
				       i, cc.cwnd, cc.ssthresh);
		}
		CHECK(bad == 0, "%u bad steps (algo %u)", bad, algo);
	}
}

int main(void)
{
	test_initial_window();
	test_slow_start();
	test_congestion_avoidance();
	test_reductions();
	test_idle();
	test_cubic_formula();
	test_fast_convergence();
	test_reno_friendly();
	test_concave_convex();
	test_random_acks();
	return unit_summary();
}
