/* SPDX-License-Identifier: ISC */
/*
 * The CMOS real-time clock (MC146818 and its descendants; QEMU's
 * mc146818rtc): the date at boot, for the wall clock (wall.c). Registers
 * are read through the index port 0x70 and the data port 0x71. The date
 * is read only while no update is in progress (status A bit 7; an update
 * takes at most 2 ms) and read twice until both readings agree, so that a
 * second that ticks between two registers cannot tear it. Status B says
 * whether the values are BCD (bit 2 clear) and whether hours are 12-hour
 * with bit 7 for PM (bit 1 clear). The century is register 0x32 (ACPI's
 * FADT "century", which QEMU and PCs use) when it holds 19 to 99, else
 * the years 1970-2069 are assumed. The RTC counts whole seconds and the
 * reading falls anywhere in one: it is taken as the middle of its second,
 * so the wall clock is within half a second of the RTC's time.
 */
#include <stdbool.h>
#include <stdint.h>

#include "time/hw.h"
#include "uni/cpu.h"
#include "uni/time.h"

#define CMOS_INDEX 0x70
#define CMOS_DATA 0x71
#define REG_SECONDS 0x00
#define REG_MINUTES 0x02
#define REG_HOURS 0x04
#define REG_DAY 0x07
#define REG_MONTH 0x08
#define REG_YEAR 0x09
#define REG_STATUS_A 0x0a
#define REG_STATUS_B 0x0b
#define REG_CENTURY 0x32
#define STATUS_A_UIP 0x80
#define STATUS_B_24H 0x02
#define STATUS_B_BINARY 0x04
#define HOUR_PM 0x80
#define UIP_WAIT_NS (10 * UNI_NSEC_PER_MSEC) /* an update takes <= 2 ms */
#define TRIES 5

struct raw_date {
	uint8_t sec, min, hour, day, month, year, century;
};

static uint8_t cmos_read(uint8_t reg)
{
	outb(CMOS_INDEX, reg); /* bit 7 clear: NMIs stay enabled */
	return inb(CMOS_DATA);
}

/* Waits until no update is in progress; false after UIP_WAIT_NS. */
static bool wait_no_update(void)
{
	uint64_t end = uni_now_ns() + UIP_WAIT_NS;

	while (cmos_read(REG_STATUS_A) & STATUS_A_UIP)
		if (uni_now_ns() > end)
			return false;
	return true;
}

static bool read_raw(struct raw_date *d)
{
	if (!wait_no_update())
		return false;
	d->sec = cmos_read(REG_SECONDS);
	d->min = cmos_read(REG_MINUTES);
	d->hour = cmos_read(REG_HOURS);
	d->day = cmos_read(REG_DAY);
	d->month = cmos_read(REG_MONTH);
	d->year = cmos_read(REG_YEAR);
	d->century = cmos_read(REG_CENTURY);
	return true;
}

static bool same(const struct raw_date *a, const struct raw_date *b)
{
	return a->sec == b->sec && a->min == b->min && a->hour == b->hour &&
	       a->day == b->day && a->month == b->month && a->year == b->year &&
	       a->century == b->century;
}

/* A BCD byte's value, or 0xff when a nibble is not a decimal digit. */
static unsigned from_bcd(uint8_t v)
{
	if ((v & 0x0f) > 9 || (v >> 4) > 9)
		return 0xff;
	return (v >> 4) * 10u + (v & 0x0f);
}

static unsigned value(uint8_t v, bool bcd)
{
	return bcd ? from_bcd(v) : v;
}

/* The hour 0-23 of the hours register, or 0xff. */
static unsigned hour24(uint8_t raw, uint8_t status_b, bool bcd)
{
	unsigned h;

	if (status_b & STATUS_B_24H)
		return value(raw, bcd);
	h = value(raw & ~HOUR_PM, bcd);
	if (h < 1 || h > 12)
		return 0xff;
	return (h % 12) + ((raw & HOUR_PM) ? 12 : 0);
}

/* Decodes and checks the ranges; false when a field is impossible. */
static bool decode(const struct raw_date *d, uint8_t status_b,
		   struct time_civil *t)
{
	bool bcd = (status_b & STATUS_B_BINARY) == 0;
	unsigned year = value(d->year, bcd), century = value(d->century, bcd);

	t->second = value(d->sec, bcd);
	t->minute = value(d->min, bcd);
	t->hour = hour24(d->hour, status_b, bcd);
	t->day = value(d->day, bcd);
	t->month = value(d->month, bcd);
	if (year > 99 || t->second > 59 || t->minute > 59 || t->hour > 23 ||
	    t->day < 1 || t->day > 31 || t->month < 1 || t->month > 12)
		return false;
	if (century >= 19 && century <= 99)
		t->year = century * 100 + year;
	else
		t->year = (year < 70 ? 2000 : 1900) + year;
	return true;
}

bool time_rtc_read(uint64_t *unix_ns, uint64_t *at_ns)
{
	struct raw_date a, b;
	struct time_civil t;
	uint8_t status_b = cmos_read(REG_STATUS_B);

	if (status_b == 0xff && cmos_read(REG_STATUS_A) == 0xff)
		return false; /* nothing answers on the ports */
	for (unsigned i = 0; i < TRIES; i++) {
		if (!read_raw(&a))
			return false;
		*at_ns = uni_now_ns();
		if (!read_raw(&b) || !same(&a, &b))
			continue;
		if (!decode(&a, status_b, &t))
			return false;
		if (time_unix_seconds(&t) < 0)
			return false; /* 1900-1969: no Unix time */
		*unix_ns = (uint64_t)time_unix_seconds(&t) * UNI_NSEC_PER_SEC +
			   UNI_NSEC_PER_SEC / 2;
		return true;
	}
	return false;
}
