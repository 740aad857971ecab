/* SPDX-License-Identifier: ISC */
/*
 * A minimal NewReno (RFC 5681, RFC 6582) behind tcp_cc.h, standing in
 * until the congestion-control module proper replaces this file: slow
 * start, congestion avoidance by appropriate byte counting (RFC 3465),
 * halving on loss, one segment after an RTO. CUBIC is answered as
 * NewReno here.
 */
#include "net/tcp_cc.h"

static uint32_t initial_window(uint32_t mss)
{
	uint32_t iw = 10 * mss;

	if (iw > 14600)
		iw = 14600;
	return iw < 2 * mss ? 2 * mss : iw;
}

void tcp_cc_init(struct tcp_cc *cc, unsigned algo, uint32_t mss)
{
	*cc = (struct tcp_cc){0};
	cc->algo = (uint8_t)algo;
	cc->mss = mss;
	cc->cwnd = initial_window(mss);
	cc->ssthresh = UINT32_MAX;
}

void tcp_cc_on_ack(struct tcp_cc *cc, uint64_t now_ns, uint32_t acked,
		   uint64_t srtt_ns)
{
	if (cc->cwnd < cc->ssthresh) {
		cc->cwnd += acked < cc->mss ? acked : cc->mss;
		return;
	}
	cc->acked += acked;
	if (cc->acked >= cc->cwnd) {
		cc->acked -= cc->cwnd;
		cc->cwnd += cc->mss;
	}
}

static uint32_t half_flight(const struct tcp_cc *cc, uint32_t flight)
{
	uint32_t h = flight / 2;

	return h < 2 * cc->mss ? 2 * cc->mss : h;
}

void tcp_cc_on_loss(struct tcp_cc *cc, uint64_t now_ns, uint32_t flight)
{
	cc->ssthresh = half_flight(cc, flight);
	cc->cwnd = cc->ssthresh;
	cc->acked = 0;
}

void tcp_cc_on_recovery_end(struct tcp_cc *cc, uint64_t now_ns)
{
	cc->cwnd = cc->ssthresh;
}

void tcp_cc_on_rto(struct tcp_cc *cc, uint64_t now_ns, uint32_t flight)
{
	cc->ssthresh = half_flight(cc, flight);
	cc->cwnd = cc->mss;
	cc->acked = 0;
}

void tcp_cc_on_idle(struct tcp_cc *cc, uint64_t now_ns)
{
	uint32_t iw = initial_window(cc->mss);

	if (cc->cwnd > iw)
		cc->cwnd = iw;
}
