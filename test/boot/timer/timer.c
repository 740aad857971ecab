/* SPDX-License-Identifier: ISC */
/*
 * Time, timers and the event loop on a real (virtual) machine:
 *   - the TSC was calibrated (source and rate printed) and agrees within 1%
 *     with a fresh PIT measurement when there is a PIT;
 *   - timers started in shuffled order fire in deadline order, never early,
 *     equal deadlines in start order; a stopped timer never fires; a timer
 *     re-armed from its own callback fires again; uni_loop_stop() ends
 *     uni_loop_run() with its status;
 *   - uni_sleep_ns(10, 50, 200 ms) sleeps at least that long and at most
 *     20 ms + 50% longer (TCG is slow and noisy; a sleep over that is tried
 *     twice more, to tell a host stall from a late timer), and halts
 *     instead of spinning: at most 4 loop iterations per sleep, woken by
 *     the LAPIC timer interrupt.
 */
#include <stdio.h>

#include "time/freq.h"
#include "time/hw.h"
#include "uni/test.h"
#include "uni/time.h"

#define MS UNI_NSEC_PER_MSEC
#define SLEEP_SLACK_NS (20 * MS)
#define SLEEP_MAX_ITERATIONS 4
#define SLEEP_ATTEMPTS 3

static void check_calibration(void)
{
	const char *how = "";
	uint64_t hz = uni_tsc_hz(), pit_hz, diff;

	printf("timer: TSC %llu Hz from %s\n", (unsigned long long)hz,
	       uni_tsc_source());
	if (!time_tsc_hz_plausible(hz))
		test_fail("expected a TSC rate of 100 MHz to 20 GHz, found "
			  "%llu Hz",
			  (unsigned long long)hz);
	pit_hz = time_pit_measure_tsc_hz(&how, NULL);
	if (pit_hz == 0) {
		printf("timer: no PIT to cross-check the TSC rate\n");
		return;
	}
	diff = pit_hz > hz ? pit_hz - hz : hz - pit_hz;
	printf("timer: cross-check by %s: %llu Hz (%llu ppm off)\n", how,
	       (unsigned long long)pit_hz,
	       (unsigned long long)(diff * 1000000 / hz));
	if (diff > hz / 100)
		test_fail("TSC rate %llu Hz from %s differs from %llu Hz by "
			  "the PIT by more than 1%%",
			  (unsigned long long)hz, uni_tsc_source(),
			  (unsigned long long)pit_hz);
}

static void check_monotonic(void)
{
	uint64_t last = uni_now_ns(), now;
	int i;

	for (i = 0; i < 100000; i++) {
		now = uni_now_ns();
		if (now < last) {
			test_fail("the clock went back from %llu to %llu ns",
				  (unsigned long long)last,
				  (unsigned long long)now);
			return;
		}
		last = now;
	}
}

/* The ordering test: what fired, when, in which order. */
#define NR_TIMERS 8
static struct uni_timer timers[NR_TIMERS], stopper;
static int fired[2 * NR_TIMERS];
static uint64_t fired_at[2 * NR_TIMERS];
static int nr_fired;
static bool rearmed;

enum { REARMED = 3, STOPPED = 5, TWIN_A = 6, TWIN_B = 7 };

static void on_timer(struct uni_timer *t, void *arg)
{
	int i = (int)(intptr_t)arg;

	if (nr_fired < 2 * NR_TIMERS) {
		fired[nr_fired] = i;
		fired_at[nr_fired++] = uni_now_ns();
	}
	if (uni_now_ns() < t->deadline_ns)
		test_fail("timer %d fired %llu ns early", i,
			  (unsigned long long)(t->deadline_ns - uni_now_ns()));
	if (i == REARMED && !rearmed) {
		rearmed = true;
		uni_timer_start(t, t->deadline_ns + 45 * MS, on_timer, arg);
	}
}

static void on_stop(struct uni_timer *t, void *arg)
{
	uni_loop_stop(42);
}

/* Deadlines in ms after the start; TWIN_A and TWIN_B share one. */
static const unsigned offset_ms[NR_TIMERS] = {40, 10, 70, 20, 60, 30, 50, 50};
/* The expected firing order; REARMED (20 ms) fires again at 65 ms. */
static const int want_order[] = {1, 3, 5 /* stopped: absent */, 0, 6, 7, 4,
				 3, 2};

static void check_order(void)
{
	unsigned i, n = 0;

	for (i = 0; i < sizeof(want_order) / sizeof(want_order[0]); i++) {
		if (want_order[i] == STOPPED)
			continue;
		if (n >= (unsigned)nr_fired || fired[n] != want_order[i]) {
			test_fail("firing #%u: expected timer %d, found %d", n,
				  want_order[i],
				  n < (unsigned)nr_fired ? fired[n] : -1);
			return;
		}
		n++;
	}
	if ((unsigned)nr_fired != n)
		test_fail("expected %u firings, found %d", n, nr_fired);
}

static void test_timers(void)
{
	uint64_t start = uni_now_ns();
	int i, status;

	/* Started in array order: shuffled with respect to the deadlines. */
	for (i = 0; i < NR_TIMERS; i++)
		uni_timer_start(&timers[i], start + offset_ms[i] * MS, on_timer,
				(void *)(intptr_t)i);
	uni_timer_start(&stopper, start + 100 * MS, on_stop, NULL);
	uni_timer_stop(&timers[STOPPED]);
	status = uni_loop_run();
	if (status != 42)
		test_fail("expected uni_loop_run() to return 42, found %d",
			  status);
	check_order();
	for (i = 0; i < nr_fired; i++)
		printf("timer: #%d timer %d at +%llu us\n", i, fired[i],
		       (unsigned long long)((fired_at[i] - start) / 1000));
	if (timers[STOPPED].armed || stopper.armed)
		test_fail("a timer is still armed after firing or stopping");
}

static uint64_t polls;

static bool count_poll(void *arg)
{
	polls++;
	return false;
}

static struct uni_poller counter = {.name = "counter", .poll = count_poll};

/*
 * One sleep: never short, always halted (few iterations, a timer
 * interrupt). Returns whether it also ended within the tolerance.
 */
static bool sleep_once(uint64_t ns)
{
	uint64_t p0 = polls, irq0 = time_lapic_interrupts();
	uint64_t t0 = uni_now_ns(), slept, iters, irqs;

	uni_sleep_ns(ns);
	slept = uni_now_ns() - t0;
	iters = polls - p0;
	irqs = time_lapic_interrupts() - irq0;
	printf("timer: sleep %llu ms: slept %llu us (+%llu us), %llu loop "
	       "iterations, %llu timer interrupts\n",
	       (unsigned long long)(ns / MS),
	       (unsigned long long)(slept / 1000),
	       (unsigned long long)(slept >= ns ? (slept - ns) / 1000 : 0),
	       (unsigned long long)iters, (unsigned long long)irqs);
	if (slept < ns)
		test_fail("sleep of %llu ns returned after %llu ns",
			  (unsigned long long)ns, (unsigned long long)slept);
	if (iters > SLEEP_MAX_ITERATIONS || irqs == 0)
		test_fail("sleep of %llu ms ran %llu loop iterations with %llu "
			  "timer interrupts: expected at most %d, halted "
			  "until an interrupt",
			  (unsigned long long)(ns / MS),
			  (unsigned long long)iters, (unsigned long long)irqs,
			  SLEEP_MAX_ITERATIONS);
	return slept <= ns + SLEEP_SLACK_NS + ns / 2;
}

/*
 * A sleep over the tolerance is tried again: an overloaded host can stop
 * the vCPU for tens of milliseconds at any time, while a wrong timer rate
 * or a lost wake-up is late every time.
 */
static void test_sleep(uint64_t ns)
{
	int attempt;

	for (attempt = 0; attempt < SLEEP_ATTEMPTS; attempt++)
		if (sleep_once(ns))
			return;
	test_fail("sleep of %llu ms took over 20 ms + 50%% longer, %d times",
		  (unsigned long long)(ns / MS), SLEEP_ATTEMPTS);
}

void test_main(void)
{
	check_calibration();
	check_monotonic();
	test_timers();
	uni_poller_register(&counter);
	test_sleep(10 * MS);
	test_sleep(50 * MS);
	test_sleep(200 * MS);
}
