/* SPDX-License-Identifier: ISC */
/*
 * Interrupts. Vectors 0-31 are CPU exceptions (a dump and the end of the VM);
 * 32-255 are dispatched to the handler registered here. A handler only
 * records that something happened (the event loop does the work) and ends
 * the interrupt itself (uni_lapic_eoi() for LAPIC-delivered vectors).
 */
#ifndef UNI_IRQ_H
#define UNI_IRQ_H

#include <stdbool.h>
#include <stdint.h>

#define UNI_IRQ_FIRST_VECTOR 32

typedef void (*uni_irq_fn)(uint8_t vector, void *arg);

/* Returns 0, or -1 when vector is an exception or already taken. */
int uni_irq_register(uint8_t vector, uni_irq_fn fn, void *arg);

/* Called by the IDT stubs; an unregistered vector is counted and ignored. */
void uni_irq_dispatch(uint8_t vector);

/* The local APIC (rt/time owns it): end of interrupt, and its ID. */
void uni_lapic_eoi(void);
uint32_t uni_lapic_id(void);

/*
 * Route pin of the I/O APIC at physical address phys to vector on this
 * CPU (edge or level triggered, active high): 0, or -1 when no I/O APIC
 * answers there or it has no such pin.
 */
int uni_ioapic_route(uint64_t phys, unsigned pin, uint8_t vector, bool level);
bool uni_ioapic_present(uint64_t phys);

/* A free vector in [first, last] registered to fn, or 0 when none is. */
uint8_t uni_irq_register_any(uint8_t first, uint8_t last, uni_irq_fn fn,
			     void *arg);

#endif
