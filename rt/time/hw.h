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

/* A PIT channel's count at one of its edges, and the TSC then. */
struct time_pit_mark {
	uint64_t tsc;	  /* midway between the latches around the edge */
	uint64_t width;	  /* TSC ticks between those latches */
	uint32_t epoch;	  /* the channel's programming it belongs to */
	uint32_t err_ppm; /* bound on the error of the rate up to this edge */
	uint16_t count;
	uint8_t channel; /* 0 or 2 */
};

struct time_calibration {
	struct time_scale tsc_to_ns;
	uint64_t tsc_hz;
	const char *source;
	uint64_t apic_hz; /* LAPIC timer rate if a source gave it, else 0 */
	bool from_pit;	  /* the rate came from pit_end's window */
	struct time_pit_mark pit_end;
};

/* Try each source in order; false when none answers. */
bool time_calibrate(struct time_calibration *c);

/*
 * The TSC rate against PIT channel 2 (or 0) over 250 us, in at most 2.5 ms
 * of PIT time; 0 if there is no PIT. *how names the channel; *end (unless
 * NULL) is the window's last edge, which time_pit_mark_now() can later be
 * compared with while the channel keeps counting.
 */
uint64_t time_pit_measure_tsc_hz(const char **how, struct time_pit_mark *end);

/*
 * A new edge of like's channel (within 100 us); false when the channel was
 * reprogrammed since like, or no edge was bracketed tightly in time.
 */
bool time_pit_mark_now(const struct time_pit_mark *like,
		       struct time_pit_mark *now);

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

/*
 * A better TSC rate from now on: the clock is rebased at the current TSC so
 * that it stays continuous. Interrupts must be off (the loop's timers run
 * so). False, with nothing changed, when hz cannot be used.
 */
bool time_clock_rescale(uint64_t hz);

/*
 * After a PIT calibration that ended at *end: refine the TSC rate over
 * longer and longer spans from the event loop (refine.c).
 */
void time_refine_start(const struct time_pit_mark *end);

/* The one-shot LAPIC timer's rate follows a TSC rate change. */
void time_lapic_rescale(uint64_t old_tsc_hz, uint64_t new_tsc_hz);

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

/*
 * Set the wall clock from read (the RTC's reader, rtc.c) when it is first
 * asked for (wall.c); read gives Unix time and the monotonic time it was
 * taken at.
 */
void time_wall_read_later(bool (*read)(uint64_t *unix_ns, uint64_t *at_ns),
			  const char *source);

/* One console line: the wall clock and its source, or that there is none. */
void time_wall_print(void);

#endif
