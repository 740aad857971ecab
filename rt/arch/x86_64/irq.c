/* SPDX-License-Identifier: ISC */
/*
 * Interrupt dispatch for vectors 32-255: one handler per vector, registered
 * at boot. An interrupt nobody registered is counted and otherwise ignored
 * (it cannot be acknowledged without knowing its source).
 */
#include <stddef.h>

#include "uni/irq.h"

#define NR_VECTORS 256

struct irq_slot {
	uni_irq_fn fn;
	void *arg;
};

static struct irq_slot slots[NR_VECTORS];
static uint64_t spurious[NR_VECTORS];

int uni_irq_register(uint8_t vector, uni_irq_fn fn, void *arg)
{
	if (vector < UNI_IRQ_FIRST_VECTOR || fn == NULL ||
	    slots[vector].fn != NULL)
		return -1;
	slots[vector].arg = arg;
	slots[vector].fn = fn;
	return 0;
}

uint8_t uni_irq_register_any(uint8_t first, uint8_t last, uni_irq_fn fn,
			     void *arg)
{
	for (unsigned v = first; v <= last; v++)
		if (uni_irq_register((uint8_t)v, fn, arg) == 0)
			return (uint8_t)v;
	return 0;
}

__attribute__((used, retain)) void uni_irq_dispatch(uint8_t vector)
{
	struct irq_slot *s = &slots[vector];

	if (s->fn == NULL) {
		spurious[vector]++;
		return;
	}
	s->fn(vector, s->arg);
}
