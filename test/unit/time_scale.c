/* SPDX-License-Identifier: ISC */
/*
 * The clock's arithmetic (rt/time/scale.c, freq.c) against exact 128-bit
 * host arithmetic: TSC-to-ns scaling at many rates, out to centuries of
 * uptime, never more than 1 ns below the exact floor and never above it;
 * pvclock multipliers; calibration from CPUID leaves and from PIT counts.
 */
#include <stdint.h>
#include <stdio.h>

#include "time/freq.h"
#include "time/scale.h"
#include "unit.h"

UNIT_COUNTERS;

#define NS 1000000000ULL
#define YEAR_S (365ULL * 24 * 3600)

typedef unsigned __int128 u128;

/* floor(v * to / from), exactly. */
static u128 exact(uint64_t v, uint64_t from, uint64_t to)
{
	return (u128)v * to / from;
}

static uint64_t xorshift(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* Scaled values are the exact floor or 1 below, for v up to max_v. */
static void check_rate(uint64_t from, uint64_t to, uint64_t max_v)
{
	struct time_scale s;
	uint64_t seed = from ^ to ^ 0x9e3779b97f4a7c15ULL;
	int i;

	CHECK(time_scale_init(&s, from, to), "%llu -> %llu Hz",
	      (unsigned long long)from, (unsigned long long)to);
	CHECK(s.mult >= (1ULL << 62), "mult %#llx has under 62 bits",
	      (unsigned long long)s.mult);
	for (i = 0; i < 20000; i++) {
		uint64_t v = i < 64 ? (i == 63 ? max_v : (uint64_t)i * 977)
				    : xorshift(&seed) % max_v;
		u128 want = exact(v, from, to);
		uint64_t got = time_scale_apply(&s, v);

		if (want - got > 1 || got > want) {
			CHECK(0, "%llu at %llu -> %llu Hz: want %llu got %llu",
			      (unsigned long long)v, (unsigned long long)from,
			      (unsigned long long)to, (unsigned long long)want,
			      (unsigned long long)got);
			return;
		}
	}
	CHECK(1, "");
}

static void test_tsc_to_ns(void)
{
	static const uint64_t rates[] = {
	    100000000ULL,  1000000000ULL, 1193182ULL * 1000,
	    2112000000ULL, 2999999999ULL, 3000000001ULL,
	    3417612345ULL, 5000000000ULL, 19999999999ULL,
	};
	unsigned i;

	for (i = 0; i < sizeof(rates) / sizeof(rates[0]); i++) {
		/* 100 years of ticks: the conversion must not overflow. */
		uint64_t max_v = rates[i] * YEAR_S * 100;

		check_rate(rates[i], NS, max_v);
		/* And back: ns to ticks for the LAPIC deadline, 10 years. */
		check_rate(NS, rates[i], NS * YEAR_S * 10);
	}
}

static void test_full_range(void)
{
	struct time_scale s;

	/* 1 GHz is the identity: 2^64-1 ticks stays 2^64-1 ns. */
	CHECK(time_scale_init(&s, NS, NS), "identity");
	CHECK(time_scale_apply(&s, UINT64_MAX) == UINT64_MAX, "got %llu",
	      (unsigned long long)time_scale_apply(&s, UINT64_MAX));
	/* 4 GHz: all 2^64-1 ticks (146 years) in ns, exactly. */
	CHECK(time_scale_init(&s, 4 * NS, NS), "4 GHz");
	CHECK(time_scale_apply(&s, UINT64_MAX) == UINT64_MAX / 4, "got %llu",
	      (unsigned long long)time_scale_apply(&s, UINT64_MAX));
	CHECK(!time_scale_init(&s, 0, NS), "0 Hz refused");
	CHECK(!time_scale_init(&s, NS, 0), "to 0 Hz refused");
}

static void test_mul_div(void)
{
	uint64_t seed = 12345;
	int i, bad = 0;

	for (i = 0; i < 100000; i++) {
		uint64_t a = xorshift(&seed), b = xorshift(&seed) >> (i % 64);
		uint64_t c = (xorshift(&seed) >> 1) >> (i % 63);
		u128 want;

		if (c == 0)
			continue;
		want = (u128)a * b / c;
		if (want > UINT64_MAX)
			bad += time_mul_div(a, b, c) != UINT64_MAX;
		else
			bad += time_mul_div(a, b, c) != (uint64_t)want;
	}
	CHECK(bad == 0, "%d mismatches of a*b/c", bad);
	CHECK(time_mul_div(1, 1, 0) == UINT64_MAX, "division by 0");
	CHECK(time_mul_div_pow2(NS, 32, 3 * NS) == (1ULL << 32) / 3, "got %llu",
	      (unsigned long long)time_mul_div_pow2(NS, 32, 3 * NS));
	CHECK(time_mul_div_pow2(UINT64_MAX, 1, 1) == UINT64_MAX, "overflow");
}

/* Xen's formula: ns = ((tsc << shift) * mul) >> 32 (shift < 0: >>). */
static uint64_t pvclock_ref(uint64_t tsc, uint32_t mul, int shift)
{
	tsc = shift >= 0 ? tsc << shift : tsc >> -shift;
	return (uint64_t)(((u128)tsc * mul) >> 32);
}

static void test_pvclock(void)
{
	/* 3 GHz: mul = 2^32 / 3 << 1 with shift -1 (how Xen sets it). */
	uint32_t mul3 = (uint32_t)(((u128)NS << 33) / 3000000000ULL);
	/* 500 MHz: shift 1, mul = 2^32 * 1e9 / (5e8 << 1) = 2^32 - 1. */
	uint32_t mul05 = 0xffffffffu;
	struct time_scale s;
	uint64_t t, hz;

	CHECK(time_scale_from_pvclock(&s, mul3, -1), "3 GHz pvclock");
	for (t = 1; t < (1ULL << 60); t = t * 3 + 7) {
		uint64_t want = pvclock_ref(t, mul3, -1), got;

		got = time_scale_apply(&s, t);
		/* Ours skips the pre-shift truncation: within 1 ns. */
		CHECK(got - want <= 1, "t %llu want %llu got %llu",
		      (unsigned long long)t, (unsigned long long)want,
		      (unsigned long long)got);
	}
	hz = time_scale_source_hz(&s, NS);
	CHECK(hz >= 2999999990ULL && hz <= 3000000010ULL, "hz %llu",
	      (unsigned long long)hz);

	CHECK(time_scale_from_pvclock(&s, mul05, 1), "500 MHz pvclock");
	CHECK(time_scale_apply(&s, 123456789) ==
		  pvclock_ref(123456789, mul05, 1),
	      "500 MHz exact");
	hz = time_scale_source_hz(&s, NS);
	CHECK(hz == 500000000ULL, "hz %llu", (unsigned long long)hz);
	CHECK(!time_scale_from_pvclock(&s, 0, 0), "mul 0 refused");
}

static void test_freq(void)
{
	/* Skylake-like: 24 MHz crystal * 176 / 2 = 2.112 GHz. */
	CHECK(time_hz_from_leaf15(2, 176, 24000000, 0) == 2112000000ULL,
	      "0x15");
	/* No crystal: leaf 0x16's 2100 MHz base stands in. */
	CHECK(time_hz_from_leaf15(2, 176, 0, 2100) == 2100000000ULL, "0x16");
	CHECK(time_hz_from_leaf15(0, 0, 0, 0) == 0, "nothing");
	CHECK(time_hz_from_khz(2994372) == 2994372000ULL, "khz");
	/* 5 ms of PIT (5966 ticks) against 15,001,234 TSC ticks. */
	CHECK(time_hz_from_reference(15001234, 5966, TIME_PIT_HZ) ==
		  (uint64_t)((u128)15001234 * TIME_PIT_HZ / 5966),
	      "pit");
	CHECK(time_hz_from_reference(1, 0, TIME_PIT_HZ) == 0, "no PIT ticks");
	CHECK(time_pit_elapsed(0xffff, 0xffff - 5966) == 5966, "elapsed");
	CHECK(time_pit_elapsed(5, 65530) == 11, "elapsed across the wrap");
	/* Unwrapping: 1 s of PIT (1193182 ticks) seen as a 16-bit change. */
	CHECK(time_pit_unwrap((uint16_t)1193182, 1193182 + 3000) == 1193182,
	      "unwrap: prediction a little high");
	CHECK(time_pit_unwrap((uint16_t)1193182, 1193182 - 3000) == 1193182,
	      "unwrap: prediction a little low");
	CHECK(time_pit_unwrap(5, 65530) == 65541, "unwrap: over a wrap");
	CHECK(time_pit_unwrap(65530, 65541) == 65530, "unwrap: under a wrap");
	CHECK(time_pit_unwrap(298, 300) == 298, "unwrap: short span");
	CHECK(time_pit_unwrap(65530, 5) == 65530, "unwrap: never negative");
	CHECK(time_tsc_hz_plausible(2112000000ULL), "2.1 GHz plausible");
	CHECK(!time_tsc_hz_plausible(0), "0 Hz implausible");
	CHECK(!time_tsc_hz_plausible(50000000ULL), "50 MHz implausible");
	CHECK(!time_tsc_hz_plausible(30000000000ULL), "30 GHz implausible");
	CHECK(time_apic_hz_plausible(1000000000ULL), "1 GHz APIC plausible");
}

int main(void)
{
	test_tsc_to_ns();
	test_full_range();
	test_mul_div();
	test_pvclock();
	test_freq();
	return unit_summary();
}
