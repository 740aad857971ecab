/* SPDX-License-Identifier: ISC */
/*
 * Sequence numbers are 32-bit and wrap (RFC 9293 3.4): a is before b when
 * the signed distance b - a is positive. Every comparison of sequence
 * numbers or timestamps in TCP goes through these, never through < on the
 * raw values, so that a connection whose ISN is near 2^32 works.
 */
#ifndef NET_TCP_SEQ_H
#define NET_TCP_SEQ_H

#include <stdbool.h>
#include <stdint.h>

static inline int32_t seq_diff(uint32_t a, uint32_t b)
{
	return (int32_t)(a - b);
}

static inline bool seq_lt(uint32_t a, uint32_t b)
{
	return seq_diff(a, b) < 0;
}

static inline bool seq_le(uint32_t a, uint32_t b)
{
	return seq_diff(a, b) <= 0;
}

static inline bool seq_gt(uint32_t a, uint32_t b)
{
	return seq_diff(a, b) > 0;
}

static inline bool seq_ge(uint32_t a, uint32_t b)
{
	return seq_diff(a, b) >= 0;
}

/* lo <= x < hi, on the circle. */
static inline bool seq_in(uint32_t x, uint32_t lo, uint32_t hi)
{
	return seq_le(lo, x) && seq_lt(x, hi);
}

static inline uint32_t seq_max(uint32_t a, uint32_t b)
{
	return seq_gt(a, b) ? a : b;
}

static inline uint32_t seq_min(uint32_t a, uint32_t b)
{
	return seq_lt(a, b) ? a : b;
}

#endif
