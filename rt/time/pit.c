/* SPDX-License-Identifier: ISC */
/*
 * The last-resort TSC calibration: the 8254 PIT (1.193182 MHz) counted
 * against the TSC, in a short window at boot and then, for precision,
 * over ever longer spans while the appliance runs (refine.c). Channel 2,
 * gated through port 0x61 with the speaker off, is used when it counts;
 * otherwise channel 0 (QEMU microvm has a PIT but no port 0x61). Channel
 * 0's interrupt cannot reach the CPU: the LAPIC's LINT0 is masked and the
 * I/O APIC pin is too. The channel is left counting (mode 0 wraps every
 * 55 ms) so that the refinement can read it again.
 *
 * A reading is taken at an edge of the count: the edge lies between the
 * latch of the last read that saw the old count and the latch of the first
 * that saw the new one, so the TSC at the edge is known within the TSC
 * span of those two reads (about 1 us under QEMU TCG, whose PIT and TSC
 * both follow the host's clock). A span more than twice the narrowest
 * seen means the vCPU was descheduled or code was being translated
 * in between, and that edge is passed over.
 *
 * The boot window is PIT_WINDOW_TICKS (250 us): with both ends known to
 * within about 0.4 us the rate's error bound is about 0.15% (the error
 * measured is under 0.05%), good enough for timers; refine.c makes it
 * exact to a few ppm. The window starts at the tightest of a few edges
 * and ends at the first edge that makes its error bound PIT_ERR_PPM or
 * less, within 50 ms of the PIT: on an idle host the whole measurement
 * takes ~0.3 ms; a busy one (wide brackets) makes it longer, never
 * unbounded. A PIT that does not count is given up after PIT_SPIN_LIMIT
 * reads without a change.
 */
#include <stddef.h>

#include "time/freq.h"
#include "time/hw.h"
#include "time/scale.h"
#include "uni/cpu.h"

#define PIT_CMD 0x43
#define PIT_GATE_PORT 0x61   /* bit 0: channel 2 gate, bit 1: speaker */
#define PIT_WINDOW_TICKS 298 /* 250 us */
#define PIT_WARMUP_TICKS 16  /* the throwaway first window */
#define PIT_MAX_TICKS 59659  /* 50 ms: well inside the 55 ms wrap */
#define PIT_ERR_PPM 3000     /* a window\'s error bound: 0.3% */
#define PIT_ATTEMPTS 4
#define PIT_START_EDGES 8   /* the window starts at the tightest of these */
#define PIT_SPIN_LIMIT 1000 /* reads without a change: not counting */
#define PIT_WIDTH_SLACK 64  /* TSC ticks a good edge may exceed 2x min */
#define PIT_REFINE_BUDGET_TICKS 120 /* 100 us for one later reading */

struct pit_channel {
	uint16_t data_port;
	uint8_t select; /* the channel in bits 7:6 of a command */
	const char *name;
};

static const struct pit_channel pit_channels[] = {
    {0x40, 0 << 6, "pit channel 0"},
    {0x42, 2 << 6, "pit channel 2"},
};

/* Bumped each time a channel is reprogrammed: older marks are void. */
static uint32_t pit_epoch;

static const struct pit_channel *channel(uint8_t n)
{
	return &pit_channels[n == 2 ? 1 : 0];
}

/* Mode 0, lobyte/hibyte access, count 0xffff: counts down, wraps. */
static void pit_start(const struct pit_channel *ch)
{
	pit_epoch++;
	outb(PIT_CMD, ch->select | 0x30);
	outb(ch->data_port, 0xff);
	outb(ch->data_port, 0xff);
}

static uint16_t pit_read(const struct pit_channel *ch)
{
	uint8_t lo, hi;

	outb(PIT_CMD, ch->select); /* counter latch */
	lo = inb(ch->data_port);
	hi = inb(ch->data_port);
	return (uint16_t)(hi << 8 | lo);
}

/*
 * The next edge of the count: reads until the count differs from the first
 * read's. m gets the new count, the TSC midway between the two latches
 * around the edge and that span's width. False if the count does not move.
 */
static bool pit_edge(const struct pit_channel *ch, struct time_pit_mark *m)
{
	uint64_t before_last = rdtsc(), before, after;
	uint16_t c, last = pit_read(ch);
	unsigned n;

	for (n = 0; n < PIT_SPIN_LIMIT; n++) {
		before = rdtsc();
		c = pit_read(ch);
		after = rdtsc();
		if (c != last) {
			m->count = c;
			m->width = after - before_last;
			m->tsc = before_last + m->width / 2;
			return true;
		}
		before_last = before;
	}
	return false;
}

/*
 * An edge bracketed at most twice as wide as the narrowest seen, before
 * the count is more than budget ticks past first. False if there is none
 * in time or the PIT does not count.
 */
static bool pit_good_edge(const struct pit_channel *ch, struct time_pit_mark *m,
			  uint64_t *w_min, uint16_t first, uint32_t budget)
{
	do {
		if (!pit_edge(ch, m) ||
		    time_pit_elapsed(first, m->count) > budget)
			return false;
		if (m->width < *w_min)
			*w_min = m->width;
	} while (m->width > 2 * *w_min + PIT_WIDTH_SLACK);
	return true;
}

/* The bound on the rate's error, in ppm, from the two edges' brackets. */
static uint64_t err_ppm(const struct time_pit_mark *a,
			const struct time_pit_mark *b)
{
	if (b->tsc <= a->tsc)
		return UINT64_MAX;
	return time_mul_div((a->width + b->width) / 2 + 1, 1000000,
			    b->tsc - a->tsc);
}

/*
 * The window: the most tightly bracketed of PIT_START_EDGES edges, then
 * the first edge at least ticks after it that makes the error bound
 * PIT_ERR_PPM or less (a later edge when a bracket is wide: the span
 * grows, the bound falls), before PIT_MAX_TICKS. Returns the TSC rate, 0
 * if none, and the end edge.
 */
static uint64_t pit_window(const struct pit_channel *ch,
			   struct time_pit_mark *end, uint32_t ticks)
{
	struct time_pit_mark start, m;
	uint64_t err = UINT64_MAX;
	uint16_t first;
	int i;

	pit_start(ch);
	start.width = UINT64_MAX;
	for (i = 0; i < PIT_START_EDGES; i++) {
		if (!pit_edge(ch, &m))
			return 0;
		if (i == 0)
			first = m.count;
		if (m.width < start.width)
			start = m;
	}
	*end = start;
	do {
		if (!pit_edge(ch, end) ||
		    time_pit_elapsed(first, end->count) > PIT_MAX_TICKS)
			return 0;
		if (time_pit_elapsed(start.count, end->count) >= ticks)
			err = err_ppm(&start, end);
	} while (err > PIT_ERR_PPM);
	end->epoch = pit_epoch;
	end->err_ppm = (uint32_t)err;
	return time_hz_from_reference(end->tsc - start.tsc,
				      time_pit_elapsed(start.count, end->count),
				      TIME_PIT_HZ);
}

/*
 * A window of PIT_WINDOW_TICKS after a throwaway one: the first run of
 * this code under QEMU TCG is translated as it goes, and a first window
 * came out 3% to 14% high. A window that finds no tight edge in time (a
 * host too busy) is tried again, PIT_ATTEMPTS times in all.
 */
static uint64_t pit_measure(const struct pit_channel *ch,
			    struct time_pit_mark *end)
{
	uint64_t hz = 0;
	int i;

	pit_window(ch, end, PIT_WARMUP_TICKS);
	for (i = 0; i < PIT_ATTEMPTS && hz == 0; i++)
		hz = pit_window(ch, end, PIT_WINDOW_TICKS);
	return hz;
}

/* Channel 2, when port 0x61 exists (an absent port reads as 0xff). */
static uint64_t measure_channel2(struct time_pit_mark *end)
{
	uint8_t gate = inb(PIT_GATE_PORT);
	uint64_t hz;

	if (gate == 0xff)
		return 0;
	/* Gate on, speaker off; the gate stays on for the refinement. */
	outb(PIT_GATE_PORT, (gate & ~0x02) | 0x01);
	hz = pit_measure(channel(2), end);
	end->channel = 2;
	return hz;
}

uint64_t time_pit_measure_tsc_hz(const char **how, struct time_pit_mark *end)
{
	struct time_pit_mark m;
	uint64_t hz = measure_channel2(&m);

	if (!time_tsc_hz_plausible(hz)) {
		hz = pit_measure(channel(0), &m);
		m.channel = 0;
	}
	*how = channel(m.channel)->name;
	if (end != NULL)
		*end = m;
	return hz;
}

bool time_pit_mark_now(const struct time_pit_mark *like,
		       struct time_pit_mark *now)
{
	const struct pit_channel *ch = channel(like->channel);
	uint64_t w_min = like->width; /* as tight as the boot window's end */
	uint16_t first;

	if (like->epoch != pit_epoch)
		return false; /* the channel was reprogrammed since */
	*now = *like;
	first = pit_read(ch);
	return pit_good_edge(ch, now, &w_min, first, PIT_REFINE_BUDGET_TICKS);
}
