/* SPDX-License-Identifier: ISC */
/*
 * Fixed-point rate conversion: a count at one rate becomes a count at
 * another as (v * mult) >> shift, one 64x64->128 multiply and a shift, no
 * division per call. mult keeps 62 to 64 significant bits, so the result
 * is the exact floor or one unit below it for any input whose result fits
 * in 64 bits (584 years of nanoseconds), and the 128-bit product cannot
 * overflow.
 */
#ifndef UNI_TIME_SCALE_H
#define UNI_TIME_SCALE_H

#include <stdbool.h>
#include <stdint.h>

struct time_scale {
	uint64_t mult;
	uint32_t shift;
};

static inline uint64_t time_scale_apply(const struct time_scale *s, uint64_t v)
{
	return (uint64_t)(((unsigned __int128)v * s->mult) >> s->shift);
}

/* floor(a * 2^s / b), or UINT64_MAX when b is 0 or the result overflows. */
uint64_t time_mul_div_pow2(uint64_t a, unsigned s, uint64_t b);

/* a * b / c without overflow in the product, or UINT64_MAX. */
uint64_t time_mul_div(uint64_t a, uint64_t b, uint64_t c);

/* Scale converting counts at from_hz into counts at to_hz; false if 0. */
bool time_scale_init(struct time_scale *s, uint64_t from_hz, uint64_t to_hz);

/*
 * Scale from a pvclock's tsc_to_system_mul and tsc_shift (Xen's
 * vcpu_time_info, also KVM's): ns = ((tsc << shift) * mul) >> 32, with a
 * negative shift meaning a right shift. False when mul is 0.
 */
bool time_scale_from_pvclock(struct time_scale *s, uint32_t mul, int shift);

/* The source rate of s given its target rate: to_hz * 2^shift / mult. */
uint64_t time_scale_source_hz(const struct time_scale *s, uint64_t to_hz);

#endif
