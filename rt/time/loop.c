/* SPDX-License-Identifier: ISC */
/*
 * The run-to-completion event loop. One iteration runs the timers that are
 * due, then every poller once. When neither did any work, it arms the LAPIC
 * timer for the earliest deadline and halts. The whole iteration runs with
 * interrupts disabled and enables them only in the `sti; hlt` pair, so an
 * interrupt that arrives after a poller looked (and found nothing) stays
 * pending and ends the halt at once: a wake-up is never lost. Interrupt
 * handlers only record events; the loop does the work.
 *
 * A hosted image (appliance.platform = linux) is a process: it has no
 * interrupts to disable, and it halts in ppoll() on its drivers'
 * descriptors until the deadline (rt/hosted/wait.c), which cannot lose a
 * wake-up either: a frame that arrived meanwhile makes ppoll() return.
 */
#include <stddef.h>

#include "hosted/hosted.h"
#include "time/hw.h"
#include "time/timerq.h"
#include "uni/boot.h"
#include "uni/console.h"
#include "uni/cpu.h"
#include "uni/time.h"

#define RFLAGS_IF (1ULL << 9)

static struct uni_poller *pollers;
static bool stop_requested;
static int stop_status;

static uint64_t irq_save_disable(void)
{
	uint64_t flags;

	if (uni_boot_hosted())
		return 0;
	__asm__ volatile("pushfq; popq %0; cli" : "=r"(flags) : : "memory");
	return flags;
}

static void irq_restore(uint64_t flags)
{
	if (flags & RFLAGS_IF)
		cpu_irq_enable();
}

void uni_poller_register(struct uni_poller *p)
{
	struct uni_poller **pp = &pollers;

	while (*pp != NULL)
		pp = &(*pp)->next;
	p->next = NULL;
	*pp = p;
}

void uni_loop_stop(int status)
{
	stop_status = status;
	stop_requested = true;
}

/* Run every timer due now, earliest first; true if any ran. */
static bool run_due_timers(void)
{
	uint64_t now = uni_now_ns();
	struct uni_timer *t;
	bool ran = false;

	while ((t = time_timerq_pop_due(now)) != NULL) {
		t->fn(t, t->arg);
		ran = true;
	}
	return ran;
}

static bool run_pollers(void)
{
	struct uni_poller *p;
	bool worked = false;

	for (p = pollers; p != NULL; p = p->next)
		worked |= p->poll(p->arg);
	return worked;
}

/* Ask every source for its interrupt; true if one has work waiting. */
static bool arm_pollers(void)
{
	struct uni_poller *p;
	bool waiting = false;

	for (p = pollers; p != NULL; p = p->next)
		if (p->arm != NULL)
			waiting |= p->arm(p->arg);
	return waiting;
}

/* Halt until an interrupt, with the timer armed for min(next timer, until). */
static void idle(uint64_t until)
{
	uint64_t wake = time_timerq_next_deadline();

	if (until < wake)
		wake = until;
	if (wake <= uni_now_ns() || arm_pollers())
		return;
	uni_console_release(); /* nothing to do: boot output, if held back */
	if (uni_boot_hosted()) {
		uni_hosted_wait(wake);
		return;
	}
	if (wake != UINT64_MAX)
		time_lapic_arm(wake);
	cpu_irq_enable_and_halt();
	cpu_irq_disable();
}

/* One iteration; true if it did work (then it did not halt). */
static bool iterate(void)
{
	bool worked = run_due_timers();

	worked |= run_pollers();
	return worked;
}

int uni_loop_run(void)
{
	uint64_t flags = irq_save_disable();
	int status;

	while (!stop_requested) {
		if (!iterate() && !stop_requested)
			idle(UINT64_MAX);
	}
	stop_requested = false;
	status = stop_status;
	irq_restore(flags);
	return status;
}

void uni_sleep_ns(uint64_t ns)
{
	uint64_t flags = irq_save_disable();
	uint64_t now = uni_now_ns();
	uint64_t until = ns > UINT64_MAX - now ? UINT64_MAX : now + ns;

	while (uni_now_ns() < until) {
		if (!iterate())
			idle(until);
	}
	irq_restore(flags);
}
