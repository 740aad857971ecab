/* SPDX-License-Identifier: ISC */
/*
 * I/O APIC redirection (Intel 82093AA datasheet, 3.2.4): a pin of the
 * I/O APIC at a given physical address routed to a vector of the boot
 * CPU's local APIC, fixed delivery, physical destination, active high.
 * The caller names the I/O APIC (rt/ has no ACPI reader: the drivers know
 * where their machine puts it); one that does not answer is refused.
 */
#include "uni/irq.h"
#include "uni/paging.h"

#define IOAPIC_REGSEL 0x00
#define IOAPIC_WIN 0x10
#define IOAPIC_VER 0x01
#define IOAPIC_REDTBL(pin) (0x10 + 2 * (pin))
#define IOAPIC_LEVEL (1u << 15)
#define IOAPIC_MASKED (1u << 16)

static uint32_t ioapic_read(uintptr_t base, uint32_t reg)
{
	*(volatile uint32_t *)(base + IOAPIC_REGSEL) = reg;
	return *(volatile uint32_t *)(base + IOAPIC_WIN);
}

static void ioapic_write(uintptr_t base, uint32_t reg, uint32_t v)
{
	*(volatile uint32_t *)(base + IOAPIC_REGSEL) = reg;
	*(volatile uint32_t *)(base + IOAPIC_WIN) = v;
}

/* The number of pins, or 0 when nothing that looks like one answers. */
static unsigned ioapic_pins(uintptr_t base)
{
	uint32_t ver = ioapic_read(base, IOAPIC_VER);

	/* version 0x1x (82093AA) or 0x20 (later); bits 16-23: pins - 1 */
	if (ver == 0 || ver == 0xffffffffu || (ver & 0xff) < 0x10 ||
	    (ver & 0xff) > 0x2f)
		return 0;
	return ((ver >> 16) & 0xff) + 1;
}

int uni_ioapic_route(uint64_t phys, unsigned pin, uint8_t vector, bool level)
{
	uintptr_t base = (uintptr_t)phys;
	uint32_t low = vector | (level ? IOAPIC_LEVEL : 0);

	if (uni_map(phys, 4096, UNI_MAP_W | UNI_MAP_UC) != 0 ||
	    pin >= ioapic_pins(base))
		return -1;
	ioapic_write(base, IOAPIC_REDTBL(pin), IOAPIC_MASKED);
	ioapic_write(base, IOAPIC_REDTBL(pin) + 1, uni_lapic_id() << 24);
	ioapic_write(base, IOAPIC_REDTBL(pin), low);
	return 0;
}

bool uni_ioapic_present(uint64_t phys)
{
	return uni_map(phys, 4096, UNI_MAP_W | UNI_MAP_UC) == 0 &&
	       ioapic_pins((uintptr_t)phys) != 0;
}
