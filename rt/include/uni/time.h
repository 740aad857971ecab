/* SPDX-License-Identifier: ISC */
/*
 * Time, timers and the event loop. The clock is the TSC, calibrated at boot
 * (CPUID 0x15/0x16, Xen or KVM pvclock, a short PIT measurement as the last
 * resort). Timers are one-shot and fire in deadline order from the
 * run-to-completion event loop, which halts the CPU when nothing is due.
 */
#ifndef UNI_TIME_H
#define UNI_TIME_H

#include <stdbool.h>
#include <stdint.h>

#define UNI_NSEC_PER_USEC 1000ULL
#define UNI_NSEC_PER_MSEC 1000000ULL
#define UNI_NSEC_PER_SEC 1000000000ULL

void uni_time_init(void);

/* Nanoseconds since uni_time_init(); monotonic. */
uint64_t uni_now_ns(void);

/* The TSC frequency in Hz and where it came from ("cpuid 0x15", "pit", ...). */
uint64_t uni_tsc_hz(void);
const char *uni_tsc_source(void);

/*
 * The wall clock: Unix time in nanoseconds, or 0 while no source has given
 * it. At boot it comes from the CMOS RTC (QEMU, KVM; whole seconds) or,
 * on Xen, from shared_info's wall clock plus Xen's system time. It moves
 * with uni_now_ns() and is never stepped.
 */
uint64_t uni_time_unix_ns(void);
/* Unix time at uni_now_ns() == 0 in nanoseconds, or 0 while unknown. */
uint64_t uni_time_unix_offset_ns(void);
/* Where the wall clock came from ("cmos rtc", "xen"), or NULL. */
const char *uni_time_wall_source(void);
/* Set it: unix_ns was the Unix time when uni_now_ns() read now_ns. */
void uni_time_wall_set(uint64_t unix_ns, uint64_t now_ns, const char *source);

/* Convert a TSC delta to nanoseconds. */
uint64_t uni_tsc_to_ns(uint64_t ticks);

struct uni_timer;
typedef void (*uni_timer_fn)(struct uni_timer *t, void *arg);

/* Owned by the caller; fields are private to rt/time. */
struct uni_timer {
	uint64_t deadline_ns;
	uni_timer_fn fn;
	void *arg;
	struct uni_timer *next;
	bool armed;
};

/* Arm t to fire once at deadline_ns (absolute, uni_now_ns() scale). */
void uni_timer_start(struct uni_timer *t, uint64_t deadline_ns, uni_timer_fn fn,
		     void *arg);
/* Disarm t; harmless when it is not armed. */
void uni_timer_stop(struct uni_timer *t);

/*
 * Event sources other than timers (a driver's receive ring, say) register a
 * poll function, called once per loop iteration; it returns true if it did
 * work. Interrupts only wake the CPU; work is done here, never in handlers.
 * A source whose device interrupts only on request (virtio's event
 * suppression) also gives arm: called, interrupts disabled, just before
 * the loop halts, it asks for the interrupt and returns true when work
 * arrived meanwhile (the loop then polls again instead of halting).
 */
struct uni_poller {
	const char *name;
	bool (*poll)(void *arg);
	bool (*arm)(void *arg); /* NULL: the source always interrupts */
	void *arg;
	struct uni_poller *next;
};
void uni_poller_register(struct uni_poller *p);

/* Run until uni_loop_stop(); returns the status given to it. */
int uni_loop_run(void);
void uni_loop_stop(int status);

/* Sleep for ns by running the loop (other timers and pollers keep running). */
void uni_sleep_ns(uint64_t ns);

#endif
