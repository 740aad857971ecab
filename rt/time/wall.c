/* SPDX-License-Identifier: ISC */
/*
 * The wall clock: Unix time as the monotonic clock plus one offset, taken
 * once at boot from whatever the platform has (the CMOS RTC under QEMU and
 * KVM, rtc.c; Xen's shared_info, drivers/xen/wallclock.c). Until a source
 * has given it, uni_time_unix_ns() is 0: callers can tell "unknown" from a
 * date. The offset never changes after that, so the wall clock is as
 * monotonic as uni_now_ns() (no stepping, no smearing: nothing adjusts it
 * while the appliance runs).
 *
 * The RTC is read when the wall clock is first asked for (or its boot line
 * printed), not during boot: its reading costs a dozen port reads and may
 * wait for an update cycle, and most appliances never ask. The reading
 * carries the monotonic time it was taken at, so the offset is the same
 * whenever it is taken.
 */
#include <stdio.h>

#include "time/hw.h"
#include "uni/time.h"

static uint64_t offset_ns; /* Unix time at uni_now_ns() == 0 */
static const char *wall_source;
/* The reading to take at the first ask (the RTC, given by init.c). */
static bool (*pending_read)(uint64_t *unix_ns, uint64_t *at_ns);
static const char *pending_source;

void time_wall_read_later(bool (*read)(uint64_t *unix_ns, uint64_t *at_ns),
			  const char *source)
{
	pending_read = read;
	pending_source = source;
}

/* The deferred reading, once. */
static void settle(void)
{
	bool (*read)(uint64_t *, uint64_t *) = pending_read;
	uint64_t unix_ns, at_ns;

	if (read == NULL)
		return;
	pending_read = NULL;
	if (wall_source == NULL && read(&unix_ns, &at_ns))
		uni_time_wall_set(unix_ns, at_ns, pending_source);
}

/* Days since 1970-01-01 of a Gregorian date (H. Hinnant's days_from_civil). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

int64_t time_unix_seconds(const struct time_civil *t)
{
	return days_from_civil(t->year, t->month, t->day) * 86400 +
	       (int64_t)t->hour * 3600 + (int64_t)t->minute * 60 + t->second;
}

void uni_time_wall_set(uint64_t unix_ns, uint64_t now_ns, const char *source)
{
	if (unix_ns < now_ns)
		return; /* before 1970 plus the uptime: not a date */
	offset_ns = unix_ns - now_ns;
	wall_source = source;
}

uint64_t uni_time_unix_ns(void)
{
	settle();
	return wall_source != NULL ? offset_ns + uni_now_ns() : 0;
}

uint64_t uni_time_unix_offset_ns(void)
{
	settle();
	return wall_source != NULL ? offset_ns : 0;
}

const char *uni_time_wall_source(void)
{
	settle();
	return wall_source;
}

void time_wall_print(void)
{
	uint64_t s = uni_time_unix_ns() / UNI_NSEC_PER_SEC;

	if (wall_source == NULL) {
		printf("time: no wall clock (dates read as 1970)\n");
		return;
	}
	printf("time: wall clock %llu (Unix seconds) from %s\n",
	       (unsigned long long)s, wall_source);
}
