/* SPDX-License-Identifier: ISC */
/*
 * Bringing up time: the local APIC first (its timer may count across the
 * TSC calibration), then the calibration, the clock (clock.c) and the LAPIC
 * timer (lapic.c), then one line saying what was found, and the wall
 * clock (rtc.c, wall.c) with a line of its own. Above both: the
 * timer reads the clock, and neither calls back into this file.
 */
#include <stdio.h>

#include "time/hw.h"
#include "uni/boot.h"
#include "uni/console.h"
#include "uni/cpu.h"
#include "uni/time.h"

/* What the calibration line says, kept for its deferred printing. */
static struct {
	uint64_t tsc_hz, calib_ns, total_ns;
	const char *source;
} found;

static void print_calibration(const void *arg)
{
	uint64_t tsc_hz = found.tsc_hz;

	printf("time: TSC %llu.%03llu MHz from %s in %llu us; LAPIC timer %s "
	       "(ready in %llu us)\n",
	       (unsigned long long)(tsc_hz / 1000000),
	       (unsigned long long)(tsc_hz / 1000 % 1000), found.source,
	       (unsigned long long)(found.calib_ns / UNI_NSEC_PER_USEC),
	       time_lapic_mode(),
	       (unsigned long long)(found.total_ns / UNI_NSEC_PER_USEC));
}

static void print_wall(const void *arg)
{
	time_wall_print();
}

static struct uni_console_deferred calibration_line = {
    .print = print_calibration,
};
static struct uni_console_deferred wall_line = {.print = print_wall};

/*
 * Xen PVH has no emulated RTC (its ports read as nothing): there the
 * event channel code sets the wall clock once it maps shared_info.
 */
static void start_wall_clock(void)
{
	if (uni_boot_platform() == UNI_PLATFORM_XEN)
		return;
	time_wall_read_later(time_rtc_read, "cmos rtc");
	uni_console_defer(&wall_line);
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
	if (!time_clock_set(&c, t1))
		uni_panic("time: TSC rate %llu Hz from %s cannot be inverted",
			  (unsigned long long)c.tsc_hz, c.source);
	apic_hz = time_lapic_span_end(c.tsc_hz);
	time_lapic_timer_init(c.apic_hz != 0 ? c.apic_hz : apic_hz);
	found.tsc_hz = c.tsc_hz;
	found.source = c.source;
	found.calib_ns = uni_tsc_to_ns(t1 - t0);
	found.total_ns = uni_tsc_to_ns(rdtsc() - t0);
	uni_console_defer(&calibration_line);
	if (c.from_pit)
		time_refine_start(&c.pit_end);
	start_wall_clock();
}
