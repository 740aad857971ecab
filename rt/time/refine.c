/* SPDX-License-Identifier: ISC */
/*
 * Refining a PIT calibration while the appliance runs. The boot window is
 * short (250 us, pit.c), so its rate is off by up to a few tenths of a
 * percent; the PIT channel keeps counting, and a timer compares it with
 * the TSC again REFINE_STEPS times, over spans from the boot window's end
 * that grow sixteenfold (64 ms, 1 s, 16 s). The edge uncertainty stays
 * about a microsecond, so the rate gets exact to within ~20, ~1 and
 * ~0.1 ppm.
 *
 * The 16-bit count wraps every 55 ms: the ticks of a span are the number
 * congruent to the count's change that is nearest to what the current
 * rate predicts (freq.c), right while the prediction is off by less than
 * half a wrap. The error bound err_ppm says how far the prediction may
 * be off; a span too long for it (the loop did not run in time) starts
 * the steps again from a new edge. A channel reprogrammed since (the timer
 * test cross-checks with a new PIT window) ends the refinement.
 */
#include <stddef.h>

#include "time/freq.h"
#include "time/hw.h"
#include "time/scale.h"
#include "uni/time.h"

#define REFINE_STEPS 3
#define FIRST_STEP_NS (64 * UNI_NSEC_PER_MSEC)
#define STEP_FACTOR 16
#define HALF_WRAP_TICKS 16384 /* a safe half of the 2^15 unwrap range */
#define MAX_CHANGE_PPM 20000  /* a refined rate further off is refused */

static struct uni_timer refine_timer;
static struct time_pit_mark anchor;
static uint64_t anchor_ns;
static uint64_t err_ppm;
static unsigned step;

static void refine(struct uni_timer *t, void *arg);

static void schedule(void)
{
	uint64_t after = FIRST_STEP_NS;
	unsigned i;

	for (i = 0; i < step; i++)
		after *= STEP_FACTOR;
	uni_timer_start(&refine_timer, anchor_ns + after, refine, NULL);
}

static void restart_from(const struct time_pit_mark *m)
{
	anchor = *m;
	anchor_ns = uni_now_ns();
	step = 0;
	schedule();
}

void time_refine_start(const struct time_pit_mark *end)
{
	/* Twice the window's bound, so that unwrapping stays on the safe side.
	 */
	err_ppm = 2 * (uint64_t)end->err_ppm + 1;
	restart_from(end);
}

static uint64_t diff(uint64_t a, uint64_t b)
{
	return a > b ? a - b : b - a;
}

/* The rate over anchor..now, or 0 when the span cannot be unwrapped. */
static uint64_t span_rate(const struct time_pit_mark *now, uint64_t hz)
{
	uint64_t tsc_span = now->tsc - anchor.tsc;
	uint64_t expected = time_mul_div(tsc_span, TIME_PIT_HZ, hz);
	uint64_t ticks;

	if (expected == UINT64_MAX ||
	    time_mul_div(expected, err_ppm, 1000000) >= HALF_WRAP_TICKS)
		return 0;
	ticks = time_pit_unwrap(time_pit_elapsed(anchor.count, now->count),
				expected);
	return time_hz_from_reference(tsc_span, ticks, TIME_PIT_HZ);
}

static void refine(struct uni_timer *t, void *arg)
{
	struct time_pit_mark now;
	uint64_t hz = uni_tsc_hz(), new_hz;

	if (!time_pit_mark_now(&anchor, &now)) {
		if (++step < REFINE_STEPS)
			schedule(); /* no tight edge this time */
		return;
	}
	new_hz = span_rate(&now, hz);
	if (new_hz == 0) {
		restart_from(&now);
		return;
	}
	if (!time_tsc_hz_plausible(new_hz) ||
	    diff(new_hz, hz) > time_mul_div(hz, MAX_CHANGE_PPM, 1000000) ||
	    !time_clock_rescale(new_hz))
		return;
	time_lapic_rescale(hz, new_hz);
	/* Four times the two edges' uncertainty over the span, at least 1. */
	err_ppm = time_mul_div(2 * (anchor.width + now.width), 1000000,
			       now.tsc - anchor.tsc) +
		  1;
	if (++step < REFINE_STEPS)
		schedule();
}
