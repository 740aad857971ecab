/* SPDX-License-Identifier: ISC */
/*
 * The last-resort TSC calibration: count ~5 ms of the 8254 PIT (1.193182
 * MHz) against the TSC. Channel 2, gated through port 0x61 with the speaker
 * off, is used when it counts; otherwise channel 0 (QEMU microvm has a PIT
 * but no port 0x61). Channel 0's interrupt cannot reach the CPU: the LAPIC's
 * LINT0 is masked and the I/O APIC pin is too.
 * Both ends of the window are taken at a change of the PIT count, bracketed
 * by two close TSC reads, so the error is about one PIT tick (0.02%) plus
 * half a port read; a reading the host interrupted is not used.
 */
#include "time/freq.h"
#include "time/hw.h"
#include "uni/cpu.h"

#define PIT_CMD 0x43
#define PIT_GATE_PORT 0x61    /* bit 0: channel 2 gate, bit 1: speaker */
#define PIT_WINDOW_TICKS 5966 /* 5 ms */
#define PIT_SPIN_LIMIT 1000   /* reads without a change: not counting */

struct pit_channel {
	uint16_t data_port;
	uint8_t select; /* the channel in bits 7:6 of a command */
	const char *name;
};

static const struct pit_channel pit_ch2 = {0x42, 2 << 6, "pit channel 2"};
static const struct pit_channel pit_ch0 = {0x40, 0 << 6, "pit channel 0"};

/* Mode 0, lobyte/hibyte access, count 0xffff: counts down for 55 ms. */
static void pit_start(const struct pit_channel *ch)
{
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

/* One reading: the count and the TSC around the port accesses. */
struct pit_sample {
	uint16_t count;
	uint64_t tsc;	/* midway between the two TSC reads */
	uint64_t width; /* TSC ticks between them */
};

/* Spin until the count differs from s->count; false if it never moves. */
static bool pit_next(const struct pit_channel *ch, struct pit_sample *s)
{
	uint64_t before, after;
	uint16_t c;
	unsigned n;

	for (n = 0; n < PIT_SPIN_LIMIT; n++) {
		before = rdtsc();
		c = pit_read(ch);
		after = rdtsc();
		if (c != s->count) {
			s->count = c;
			s->width = after - before;
			s->tsc = before + s->width / 2;
			return true;
		}
	}
	return false;
}

/*
 * The next change of the count read with a tight bracket: at most twice
 * the narrowest seen (plus a little). A wide bracket means the vCPU was
 * descheduled or code was being translated between the reads.
 */
static bool pit_good_edge(const struct pit_channel *ch, struct pit_sample *s,
			  uint64_t *w_min)
{
	do {
		if (!pit_next(ch, s))
			return false;
		if (s->width < *w_min)
			*w_min = s->width;
	} while (s->width > 2 * *w_min + 64);
	return true;
}

/* The edge at least ticks after from; false if the PIT stopped. */
static bool pit_after(const struct pit_channel *ch,
		      const struct pit_sample *from, struct pit_sample *s,
		      uint32_t ticks, uint64_t *w_min)
{
	*s = *from;
	do {
		if (!pit_good_edge(ch, s, w_min))
			return false;
	} while (time_pit_elapsed(from->count, s->count) < ticks);
	return true;
}

static uint64_t rate(const struct pit_sample *a, const struct pit_sample *b)
{
	return time_hz_from_reference(
	    b->tsc - a->tsc, time_pit_elapsed(a->count, b->count), TIME_PIT_HZ);
}

/*
 * One window in two halves; *spread is how far their rates differ (in
 * parts per 10000). A stall longer than the counter's 55 ms period (it
 * wraps) or a descheduled vCPU shows as a large spread.
 */
static uint64_t pit_window(const struct pit_channel *ch, uint64_t *spread)
{
	struct pit_sample s0, s1, s2;
	uint64_t w_min = UINT64_MAX, hz1, hz2;
	int i;

	pit_start(ch);
	s0.count = pit_read(ch);
	for (i = 0; i < 8; i++) /* warm up: settle w_min */
		if (!pit_next(ch, &s0))
			return 0;
	if (!pit_good_edge(ch, &s0, &w_min) ||
	    !pit_after(ch, &s0, &s1, PIT_WINDOW_TICKS / 2, &w_min) ||
	    !pit_after(ch, &s1, &s2, PIT_WINDOW_TICKS / 2, &w_min))
		return 0;
	hz1 = rate(&s0, &s1);
	hz2 = rate(&s1, &s2);
	if (hz1 == 0)
		return 0;
	*spread = (hz1 > hz2 ? hz1 - hz2 : hz2 - hz1) / (hz1 / 10000 + 1);
	return rate(&s0, &s2);
}

/*
 * Windows until the halves agree within 1%; on a host so busy that none
 * does within PIT_ATTEMPTS, the window with the closest halves (a clock a
 * little off is better than no appliance).
 */
#define PIT_ATTEMPTS 8
#define PIT_SPREAD_OK 100 /* 1% */

static uint64_t pit_measure(const struct pit_channel *ch)
{
	uint64_t hz, best = 0, spread, best_spread = UINT64_MAX;
	int attempt;

	for (attempt = 0; attempt < PIT_ATTEMPTS; attempt++) {
		spread = UINT64_MAX;
		hz = pit_window(ch, &spread);
		if (!time_tsc_hz_plausible(hz))
			continue; /* no edge in time, or a wild reading */
		if (spread < best_spread) {
			best = hz;
			best_spread = spread;
		}
		if (spread <= PIT_SPREAD_OK)
			break;
	}
	return best;
}

/* Channel 2, when port 0x61 exists (an absent port reads as 0xff). */
static uint64_t measure_channel2(void)
{
	uint8_t gate = inb(PIT_GATE_PORT);
	uint64_t hz;

	if (gate == 0xff)
		return 0;
	outb(PIT_GATE_PORT, (gate & ~0x02) | 0x01);
	hz = pit_measure(&pit_ch2);
	outb(PIT_GATE_PORT, gate);
	return hz;
}

uint64_t time_pit_measure_tsc_hz(const char **how)
{
	uint64_t hz = measure_channel2();

	if (time_tsc_hz_plausible(hz)) {
		*how = pit_ch2.name;
		return hz;
	}
	*how = pit_ch0.name;
	return pit_measure(&pit_ch0);
}
