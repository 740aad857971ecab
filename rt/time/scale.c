/* SPDX-License-Identifier: ISC */
/*
 * Building fixed-point scales (see scale.h). Everything here runs once at
 * calibration; the 128-bit quotients are done by bitwise long division so
 * that the freestanding build needs no compiler-rt division helper.
 */
#include "time/scale.h"

#define TOP_BIT (1ULL << 63)

uint64_t time_mul_div_pow2(uint64_t a, unsigned s, uint64_t b)
{
	uint64_t q, r;

	if (b == 0 || b >= TOP_BIT)
		return UINT64_MAX;
	q = a / b;
	r = a % b;
	for (; s > 0; s--) {
		if (q >= TOP_BIT)
			return UINT64_MAX;
		r <<= 1; /* r < b < 2^63: cannot overflow */
		q <<= 1;
		if (r >= b) {
			r -= b;
			q |= 1;
		}
	}
	return q;
}

/* The number of significant bits of v (0 for 0). */
static unsigned bit_width(uint64_t v)
{
	return v == 0 ? 0 : 64 - (unsigned)__builtin_clzll(v);
}

uint64_t time_mul_div(uint64_t a, uint64_t b, uint64_t c)
{
	unsigned __int128 p = (unsigned __int128)a * b;
	uint64_t hi = (uint64_t)(p >> 64), lo = (uint64_t)p;
	uint64_t q = 0, r = 0;
	int i;

	if (c == 0 || c >= TOP_BIT || hi >= c)
		return UINT64_MAX;
	/* Long division of the 128-bit hi:lo by c; the quotient fits. */
	r = hi;
	for (i = 63; i >= 0; i--) {
		r = r << 1 | (lo >> i & 1);
		q <<= 1;
		if (r >= c) {
			r -= c;
			q |= 1;
		}
	}
	return q;
}

bool time_scale_init(struct time_scale *s, uint64_t from_hz, uint64_t to_hz)
{
	int shift;

	if (from_hz == 0 || to_hz == 0 || from_hz >= TOP_BIT)
		return false;
	/*
	 * to * 2^shift / from < 2^(w(to) - w(from) + 1 + shift) = 2^64 and
	 * >= 2^62: mult keeps at least 62 significant bits.
	 */
	shift = 63 + (int)bit_width(from_hz) - (int)bit_width(to_hz);
	if (shift < 0 || shift > 127)
		return false;
	s->mult = time_mul_div_pow2(to_hz, (unsigned)shift, from_hz);
	s->shift = (uint32_t)shift;
	return s->mult != UINT64_MAX && s->mult != 0;
}

bool time_scale_from_pvclock(struct time_scale *s, uint32_t mul, int shift)
{
	if (mul == 0 || shift > 31 || shift < -31)
		return false;
	if (shift >= 0) {
		s->mult = (uint64_t)mul << shift;
		s->shift = 32;
	} else {
		s->mult = mul;
		s->shift = 32 + (uint32_t)-shift;
	}
	return true;
}

uint64_t time_scale_source_hz(const struct time_scale *s, uint64_t to_hz)
{
	uint64_t mult = s->mult;
	uint32_t shift = s->shift;

	/* The long division wants a divisor below 2^63: drop low bits. */
	while (mult >= TOP_BIT && shift > 0) {
		mult >>= 1;
		shift--;
	}
	return time_mul_div_pow2(to_hz, shift, mult);
}
