/* SPDX-License-Identifier: ISC */
/*
 * Xen's wall clock: shared_info holds the Unix time at Xen's system time 0
 * (wc_sec_hi:wc_sec, wc_nsec, under wc_version), and vcpu 0's
 * vcpu_time_info the system time now (system_time at tsc_timestamp, then
 * the TSC scaled by tsc_to_system_mul and tsc_shift). Their sum is the
 * Unix time now. Both are read like a seqlock: an odd version, or one
 * that changed during the read, means Xen was writing, and the read is
 * done again. The values are Xen's, untrusted in the sense of STYLE.md:
 * a wall clock before 2000 or beyond 2^63 ns is refused.
 */
#include <stdint.h>
#include <stdio.h>

#include "uni/cpu.h"
#include "uni/time.h"
#include "wallclock.h"

#define YEAR_2000_S 946684800ull
#define TRIES 1000

/* Xen's system time now, in ns (xen.h: the vcpu_time_info formula). */
static uint64_t system_time_now(volatile struct vcpu_time_info *t)
{
	uint32_t v, mul;
	uint64_t base, stamp, delta;
	int8_t shift;

	do {
		v = t->version;
		cpu_rmb();
		base = t->system_time;
		stamp = t->tsc_timestamp;
		mul = t->tsc_to_system_mul;
		shift = t->tsc_shift;
		delta = rdtsc() - stamp;
		cpu_rmb();
	} while ((v & 1) != 0 || v != t->version);
	if (delta > (1ull << 62))
		delta = 0; /* a TSC behind the stamp: no extrapolation */
	if (shift < 0)
		delta >>= -shift;
	else
		delta <<= shift;
	return base + (uint64_t)(((unsigned __int128)delta * mul) >> 32);
}

static void print_wall(void)
{
	if (uni_time_wall_source() == NULL) {
		printf("time: no wall clock from xen (dates read as 1970)\n");
		return;
	}
	printf("time: wall clock %llu (Unix seconds) from %s\n",
	       (unsigned long long)(uni_time_unix_ns() / UNI_NSEC_PER_SEC),
	       uni_time_wall_source());
}

static void take(volatile struct shared_info *s)
{
	uint32_t v, nsec;
	uint64_t sec, sys, now;

	for (unsigned i = 0; i < TRIES; i++) {
		v = s->wc_version;
		cpu_rmb();
		sec = ((uint64_t)s->wc_sec_hi << 32) | s->wc_sec;
		nsec = s->wc_nsec;
		sys = system_time_now(&s->vcpu_info[0].time);
		now = uni_now_ns();
		cpu_rmb();
		if ((v & 1) != 0 || v != s->wc_version)
			continue;
		sec += nsec / UNI_NSEC_PER_SEC + sys / UNI_NSEC_PER_SEC;
		if (sec < YEAR_2000_S || sec > INT64_MAX / UNI_NSEC_PER_SEC)
			return;
		uni_time_wall_set(sec * UNI_NSEC_PER_SEC +
				      nsec % UNI_NSEC_PER_SEC +
				      sys % UNI_NSEC_PER_SEC,
				  now, "xen shared_info");
		return;
	}
}

void xen_wallclock_take(volatile struct shared_info *s)
{
	take(s);
	print_wall();
}
