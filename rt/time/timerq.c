/* SPDX-License-Identifier: ISC */
/*
 * The timer queue (see timerq.h) and the public uni_timer_start/stop.
 * Invariant: a timer is in the list exactly when its armed flag is set, and
 * the list is sorted by deadline, stable for equal deadlines.
 */
#include <stddef.h>

#include "time/timerq.h"

static struct uni_timer *queue;

static void unlink_timer(struct uni_timer *t)
{
	struct uni_timer **pp;

	for (pp = &queue; *pp != NULL; pp = &(*pp)->next) {
		if (*pp == t) {
			*pp = t->next;
			break;
		}
	}
	t->next = NULL;
	t->armed = false;
}

/* Insert after every timer whose deadline is <= t's: stable order. */
static void insert_timer(struct uni_timer *t)
{
	struct uni_timer **pp = &queue;

	while (*pp != NULL && (*pp)->deadline_ns <= t->deadline_ns)
		pp = &(*pp)->next;
	t->next = *pp;
	*pp = t;
	t->armed = true;
}

void uni_timer_start(struct uni_timer *t, uint64_t deadline_ns, uni_timer_fn fn,
		     void *arg)
{
	if (t->armed)
		unlink_timer(t);
	t->deadline_ns = deadline_ns;
	t->fn = fn;
	t->arg = arg;
	insert_timer(t);
}

void uni_timer_stop(struct uni_timer *t)
{
	if (t->armed)
		unlink_timer(t);
}

uint64_t time_timerq_next_deadline(void)
{
	return queue == NULL ? UINT64_MAX : queue->deadline_ns;
}

struct uni_timer *time_timerq_pop_due(uint64_t now_ns)
{
	struct uni_timer *t = queue;

	if (t == NULL || t->deadline_ns > now_ns)
		return NULL;
	queue = t->next;
	t->next = NULL;
	t->armed = false;
	return t;
}

unsigned time_timerq_length(void)
{
	const struct uni_timer *t;
	unsigned n = 0;

	for (t = queue; t != NULL; t = t->next)
		n++;
	return n;
}
