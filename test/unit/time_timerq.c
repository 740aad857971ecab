/* SPDX-License-Identifier: ISC */
/*
 * The timer queue (rt/time/timerq.c): timers armed in any order come out in
 * deadline order, equal deadlines in arming order; a stopped timer never
 * comes out; re-arming moves a timer; nothing comes out before it is due.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "time/timerq.h"
#include "unit.h"

UNIT_COUNTERS;

static void nop(struct uni_timer *t, void *arg)
{
}

static void drain(void)
{
	while (time_timerq_pop_due(UINT64_MAX) != NULL)
		;
}

static void test_order(void)
{
	static const uint64_t deadlines[] = {50, 10, 40, 30, 20, 60, 0, 45};
	struct uni_timer t[8] = {0};
	uint64_t last = 0;
	unsigned i, n = 0;
	struct uni_timer *p;

	for (i = 0; i < 8; i++)
		uni_timer_start(&t[i], deadlines[i], nop, NULL);
	CHECK(time_timerq_length() == 8, "length %u", time_timerq_length());
	CHECK(time_timerq_next_deadline() == 0, "next %llu",
	      (unsigned long long)time_timerq_next_deadline());
	while ((p = time_timerq_pop_due(UINT64_MAX)) != NULL) {
		CHECK(p->deadline_ns >= last, "%llu after %llu",
		      (unsigned long long)p->deadline_ns,
		      (unsigned long long)last);
		CHECK(!p->armed, "popped timer still armed");
		last = p->deadline_ns;
		n++;
	}
	CHECK(n == 8, "popped %u of 8", n);
	CHECK(time_timerq_next_deadline() == UINT64_MAX, "queue empty");
}

static void test_stable(void)
{
	struct uni_timer t[5] = {0};
	unsigned i;

	for (i = 0; i < 5; i++)
		uni_timer_start(&t[i], i == 2 ? 5 : 7, nop, NULL);
	CHECK(time_timerq_pop_due(100) == &t[2], "the earlier deadline first");
	for (i = 0; i < 5; i++) {
		if (i != 2)
			CHECK(time_timerq_pop_due(100) == &t[i],
			      "equal deadlines in arming order (%u)", i);
	}
}

static void test_stop_and_rearm(void)
{
	struct uni_timer a = {0}, b = {0}, c = {0}, never = {0};
	struct uni_timer *p;

	uni_timer_start(&a, 10, nop, NULL);
	uni_timer_start(&b, 20, nop, NULL);
	uni_timer_start(&c, 30, nop, NULL);
	uni_timer_stop(&b);
	CHECK(!b.armed && time_timerq_length() == 2, "stopped b");
	uni_timer_stop(&b);
	uni_timer_stop(&never);
	CHECK(time_timerq_length() == 2,
	      "stopping an unarmed timer is harmless");
	/* Re-arm a later than c: it moves, it is not duplicated. */
	uni_timer_start(&a, 40, nop, NULL);
	CHECK(time_timerq_length() == 2, "re-armed, not duplicated");
	CHECK(time_timerq_pop_due(29) == NULL, "nothing due before 30");
	CHECK(time_timerq_pop_due(30) == &c, "c at 30");
	CHECK(time_timerq_pop_due(39) == NULL, "a not due before 40");
	p = time_timerq_pop_due(40);
	CHECK(p == &a && p->fn == nop, "a at 40");
	CHECK(time_timerq_pop_due(UINT64_MAX) == NULL, "b never comes out");
	drain();
}

int main(void)
{
	test_order();
	test_stable();
	test_stop_and_rearm();
	return unit_summary();
}
