/* SPDX-License-Identifier: ISC */
/*
 * The monotonic clock: nanoseconds since uni_time_init() (init.c) from the
 * TSC, scaled by the fixed-point factors that calibration produced. Reading
 * the clock is one rdtsc, one multiply, one shift and one add. When a
 * better rate arrives (refine.c) the clock is rebased at that moment, so it
 * neither jumps nor goes back: only its rate changes from then on. A hosted
 * image reads CLOCK_MONOTONIC instead (rt/hosted/vdso.c), counted from the
 * moment rt/hosted/time.c gives.
 */
#include <linux/time.h>

#include "hosted/hosted.h"
#include "time/hw.h"
#include "uni/boot.h"
#include "uni/cpu.h"
#include "uni/time.h"

static struct time_scale tsc_to_ns;
static struct time_scale ns_to_tsc;
static uint64_t tsc_base;
static uint64_t ns_base; /* uni_now_ns() at tsc_base */
static uint64_t tsc_hz;
static const char *tsc_source = "uncalibrated";
static uint64_t mono_base; /* CLOCK_MONOTONIC at 0 (hosted) */

uint64_t uni_tsc_to_ns(uint64_t ticks)
{
	return time_scale_apply(&tsc_to_ns, ticks);
}

uint64_t uni_now_ns(void)
{
	if (uni_boot_hosted())
		return uni_hosted_clock_ns(CLOCK_MONOTONIC) - mono_base;
	return ns_base + uni_tsc_to_ns(rdtsc() - tsc_base);
}

uint64_t uni_tsc_hz(void)
{
	return tsc_hz;
}

const char *uni_tsc_source(void)
{
	return tsc_source;
}

uint64_t time_ns_to_tsc(uint64_t ns)
{
	if (ns <= ns_base)
		return tsc_base;
	return tsc_base + time_scale_apply(&ns_to_tsc, ns - ns_base) + 1;
}

void time_clock_set_monotonic_base(uint64_t mono_ns)
{
	mono_base = mono_ns;
}

bool time_clock_set(const struct time_calibration *c, uint64_t base)
{
	tsc_to_ns = c->tsc_to_ns;
	tsc_hz = c->tsc_hz;
	tsc_source = c->source;
	if (!time_scale_init(&ns_to_tsc, UNI_NSEC_PER_SEC, tsc_hz))
		return false;
	tsc_base = base;
	ns_base = 0;
	return true;
}

bool time_clock_rescale(uint64_t hz)
{
	struct time_scale to_ns, to_tsc;
	uint64_t tsc = rdtsc();

	if (!time_scale_init(&to_ns, hz, UNI_NSEC_PER_SEC) ||
	    !time_scale_init(&to_tsc, UNI_NSEC_PER_SEC, hz))
		return false;
	ns_base += uni_tsc_to_ns(tsc - tsc_base);
	tsc_base = tsc;
	tsc_to_ns = to_ns;
	ns_to_tsc = to_tsc;
	tsc_hz = hz;
	return true;
}
