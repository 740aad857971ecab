/* SPDX-License-Identifier: ISC */
/*
 * What the parts of rt/time that touch hardware tell each other: the TSC
 * calibration (calibrate.c, pit.c), the local APIC (lapic.c) and the clock
 * state (clock.c) that the event loop (loop.c) reads; init.c, above them
 * all, brings them up.
 */
#ifndef UNI_TIME_HW_H
#define UNI_TIME_HW_H

#include <stdbool.h>
#include <stdint.h>

#include "time/scale.h"

struct time_calibration {
	struct time_scale tsc_to_ns;
	uint64_t tsc_hz;
	const char *source;
	uint64_t apic_hz; /* LAPIC timer rate if a source gave it, else 0 */
};

/* Try each source in order; false when none answers. */
bool time_calibrate(struct time_calibration *c);

/* The TSC rate against PIT channel 2 (or 0), in at most ~6 ms; 0 if absent. */
uint64_t time_pit_measure_tsc_hz(const char **how);

/* Enable the local APIC with LINT0/LINT1 masked (before any calibration). */
void time_lapic_enable(void);

/*
 * Start the LAPIC timer counting (masked; not in TSC-deadline mode) so that
 * its rate can be measured across a slow TSC calibration (the PIT); the end
 * gives that rate, or 0 when the span was under 1 ms or there was none.
 */
void time_lapic_span_begin(void);
uint64_t time_lapic_span_end(uint64_t tsc_hz);

/*
 * Pick the LAPIC timer mode (TSC deadline or one-shot, calibrated against
 * the TSC unless apic_hz is known) and take its interrupt vector.
 */
void time_lapic_timer_init(uint64_t apic_hz);

/* Request an interrupt at deadline_ns (uni_now_ns() scale) or soon after. */
void time_lapic_arm(uint64_t deadline_ns);

/* The timer mode in words, and how many timer interrupts arrived. */
const char *time_lapic_mode(void);
uint64_t time_lapic_interrupts(void);

/* Hosted: CLOCK_MONOTONIC when uni_now_ns() reads 0 (rt/hosted/time.c). */
void time_clock_set_monotonic_base(uint64_t mono_ns);

/*
 * Take the calibration's rate and source, and the TSC value at which
 * uni_now_ns() reads 0. False, with the base left alone, when the rate
 * cannot be inverted (ns to TSC).
 */
bool time_clock_set(const struct time_calibration *c, uint64_t base);

/* TSC value at which uni_now_ns() reads ns, rounded up. */
uint64_t time_ns_to_tsc(uint64_t ns);

/* A date and time of day, UTC (the proleptic Gregorian calendar). */
struct time_civil {
	unsigned year, month, day, hour, minute, second;
};

/* Seconds since 1970-01-01T00:00:00Z (negative before it). */
int64_t time_unix_seconds(const struct time_civil *t);

/*
 * The CMOS RTC's date in Unix nanoseconds (whole seconds) and the
 * uni_now_ns() at which it was read; false when there is no RTC or its
 * registers hold no date.
 */
bool time_rtc_read(uint64_t *unix_ns, uint64_t *at_ns);

/* One console line: the wall clock and its source, or that there is none. */
void time_wall_print(void);

#endif
