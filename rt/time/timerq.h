/* SPDX-License-Identifier: ISC */
/*
 * The timer queue: armed timers in a singly linked list sorted by deadline,
 * equal deadlines in the order they were armed. Pure list code, used by the
 * event loop and tested natively.
 */
#ifndef UNI_TIME_TIMERQ_H
#define UNI_TIME_TIMERQ_H

#include <stdint.h>

#include "uni/time.h"

/* The earliest deadline, or UINT64_MAX when no timer is armed. */
uint64_t time_timerq_next_deadline(void);

/* Unlink and return the first timer due at now (disarmed), or NULL. */
struct uni_timer *time_timerq_pop_due(uint64_t now_ns);

/* The number of armed timers (for tests and statistics). */
unsigned time_timerq_length(void);

#endif
