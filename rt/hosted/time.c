/* SPDX-License-Identifier: ISC */
/*
 * Time on the hosted platform: the monotonic clock is CLOCK_MONOTONIC
 * (through the vDSO, vdso.c; rt/time/clock.c reads it), counted from
 * uni_hosted_time_init(); the
 * wall clock is CLOCK_REALTIME at that moment, moving with it. The TSC is
 * still calibrated (against CLOCK_MONOTONIC over a few milliseconds) for
 * what measures spans in TSC ticks (uni_tsc_to_ns).
 */
#include <stdio.h>

#include <linux/time.h>
#include <linux/time_types.h>

#include "hosted/hosted.h"
#include "hosted/sys.h"
#include "time/hw.h"
#include "uni/boot.h"
#include "uni/cpu.h"
#include "uni/time.h"

#define CALIBRATION_NS (5 * UNI_NSEC_PER_MSEC)

static void sleep_ns(uint64_t ns)
{
	struct __kernel_timespec ts = {
	    .tv_sec = (long long)(ns / UNI_NSEC_PER_SEC),
	    .tv_nsec = (long long)(ns % UNI_NSEC_PER_SEC),
	};

	sys_call3(__NR_nanosleep, (long)&ts, 0, 0);
}

/* TSC ticks per second against CLOCK_MONOTONIC, and the clock at t1. */
static void calibrate(struct time_calibration *c, uint64_t *t1)
{
	uint64_t m0, m1, t0;

	m0 = uni_hosted_clock_ns(CLOCK_MONOTONIC);
	t0 = rdtsc();
	sleep_ns(CALIBRATION_NS);
	m1 = uni_hosted_clock_ns(CLOCK_MONOTONIC);
	*t1 = rdtsc();
	c->tsc_hz =
	    time_mul_div(*t1 - t0, UNI_NSEC_PER_SEC, m1 > m0 ? m1 - m0 : 1);
	c->source = uni_hosted_have_vdso() ? "clock_gettime (vdso)"
					   : "clock_gettime (system call)";
	if (c->tsc_hz == 0 || c->tsc_hz == UINT64_MAX ||
	    !time_scale_init(&c->tsc_to_ns, c->tsc_hz, UNI_NSEC_PER_SEC))
		uni_panic("time: the TSC did not advance against "
			  "CLOCK_MONOTONIC (%llu ticks in %llu ns)",
			  (unsigned long long)(*t1 - t0),
			  (unsigned long long)(m1 - m0));
	time_clock_set_monotonic_base(m1);
}

void uni_hosted_time_init(void)
{
	struct time_calibration c = {0};
	uint64_t t1, real;

	calibrate(&c, &t1);
	if (!time_clock_set(&c, t1))
		uni_panic("time: TSC rate %llu Hz cannot be inverted",
			  (unsigned long long)c.tsc_hz);
	real = uni_hosted_clock_ns(CLOCK_REALTIME);
	printf("time: CLOCK_MONOTONIC from %s; TSC %llu.%03llu MHz\n", c.source,
	       (unsigned long long)(c.tsc_hz / 1000000),
	       (unsigned long long)(c.tsc_hz / 1000 % 1000));
	uni_time_wall_set(real, uni_now_ns(), "clock_gettime");
	time_wall_print();
}
