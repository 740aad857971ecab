/* SPDX-License-Identifier: ISC */
/*
 * The last-resort TSC calibration: count ~5 ms of the 8254 PIT (1.193182
 * MHz) against the TSC. Channel 2, gated through port 0x61 with the speaker
 * off, is used when it counts; otherwise channel 0 (QEMU microvm has a PIT
 * but no port 0x61). Channel 0's interrupt cannot reach the CPU: the LAPIC's
 * LINT0 is masked and the I/O APIC pin is too.
 * Both ends of the window are taken at a change of the PIT count, bracketed
 * by two TSC reads, so the error is about one PIT tick (0.02%) plus half a
 * port read, without a long busy wait.
 */
#include "time/freq.h"
#include "time/hw.h"
#include "uni/cpu.h"

#define PIT_CMD 0x43
#define PIT_GATE_PORT 0x61 /* bit 0: channel 2 gate, bit 1: speaker */
#define PIT_WINDOW_TICKS 5966 /* 5 ms */
#define PIT_SPIN_LIMIT 1000 /* reads without a change: not counting */

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

/*
 * Spin until the count differs from *count; store the new count and the
 * TSC midway between the reads around it. False if it never moved.
 */
static bool pit_edge(const struct pit_channel *ch, uint16_t *count,
		     uint64_t *tsc)
{
	uint64_t before, after;
	uint16_t c;
	unsigned n;

	for (n = 0; n < PIT_SPIN_LIMIT; n++) {
		before = rdtsc();
		c = pit_read(ch);
		after = rdtsc();
		if (c != *count) {
			*count = c;
			*tsc = before + (after - before) / 2;
			return true;
		}
	}
	return false;
}

static uint64_t pit_measure(const struct pit_channel *ch)
{
	uint16_t c0, c1;
	uint64_t t0, t1;

	pit_start(ch);
	c0 = pit_read(ch);
	if (!pit_edge(ch, &c0, &t0))
		return 0;
	c1 = c0;
	do {
		if (!pit_edge(ch, &c1, &t1))
			return 0;
	} while (time_pit_elapsed(c0, c1) < PIT_WINDOW_TICKS);
	return time_hz_from_reference(t1 - t0, time_pit_elapsed(c0, c1),
				      TIME_PIT_HZ);
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
