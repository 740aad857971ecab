/* SPDX-License-Identifier: ISC */
/*
 * The monotonic clock: nanoseconds since uni_time_init() from the TSC,
 * scaled by the fixed-point factors that calibration produced. Reading the
 * clock is one rdtsc, one multiply and one shift.
 */
#include <stdio.h>

#include "time/hw.h"
#include "uni/boot.h"
#include "uni/cpu.h"
#include "uni/time.h"

static struct time_scale tsc_to_ns;
static struct time_scale ns_to_tsc;
static uint64_t tsc_base;
static uint64_t tsc_hz;
static const char *tsc_source = "uncalibrated";

uint64_t uni_tsc_to_ns(uint64_t ticks)
{
	return time_scale_apply(&tsc_to_ns, ticks);
}

uint64_t uni_now_ns(void)
{
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

static void print_calibration(uint64_t calib_ns, uint64_t total_ns)
{
	printf("time: TSC %llu.%03llu MHz from %s in %llu us; LAPIC timer %s "
	       "(ready in %llu us)\n",
	       (unsigned long long)(tsc_hz / 1000000),
	       (unsigned long long)(tsc_hz / 1000 % 1000), tsc_source,
	       (unsigned long long)(calib_ns / UNI_NSEC_PER_USEC),
	       time_lapic_mode(),
	       (unsigned long long)(total_ns / UNI_NSEC_PER_USEC));
}

void uni_time_init(void)
{
	struct time_calibration c = {0};
	uint64_t t0, t1, apic_hz;

	time_lapic_enable();
	t0 = rdtsc();
	if (!time_calibrate(&c))
		uni_panic("time: cannot calibrate the TSC: expected a Xen or "
			  "KVM clock leaf, CPUID 0x15/0x16, CPUID 0x40000010 "
			  "or a PIT, found none");
	t1 = rdtsc();
	tsc_to_ns = c.tsc_to_ns;
	tsc_hz = c.tsc_hz;
	tsc_source = c.source;
	if (!time_scale_init(&ns_to_tsc, UNI_NSEC_PER_SEC, tsc_hz))
		uni_panic("time: TSC rate %llu Hz from %s cannot be inverted",
			  (unsigned long long)tsc_hz, tsc_source);
	apic_hz = time_lapic_span_end(tsc_hz);
	tsc_base = t1;
	time_lapic_timer_init(c.apic_hz != 0 ? c.apic_hz : apic_hz);
	print_calibration(uni_tsc_to_ns(t1 - t0), uni_tsc_to_ns(rdtsc() - t0));
}
