/* SPDX-License-Identifier: ISC */
/*
 * The monotonic clock: nanoseconds since uni_time_init() (init.c) from the
 * TSC, scaled by the fixed-point factors that calibration produced. Reading
 * the clock is one rdtsc, one multiply and one shift. A hosted image
 * reads CLOCK_MONOTONIC instead (rt/hosted/vdso.c), counted from the
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
static uint64_t tsc_hz;
static const char *tsc_source = "uncalibrated";
static uint64_t mono_base; /* CLOCK_MONOTONIC at 0 (hosted) */

uint64_t uni_tsc_to_ns(uint64_t ticks)
{
	return time_scale_apply(&tsc_to_ns, ticks);
}

uint64_t uni_now_ns(void)
{
	if (uni_boot.platform == UNI_PLATFORM_LINUX)
		return uni_hosted_clock_ns(CLOCK_MONOTONIC) - mono_base;
	return uni_tsc_to_ns(rdtsc() - tsc_base);
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
	return tsc_base + time_scale_apply(&ns_to_tsc, ns) + 1;
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
	return true;
}
