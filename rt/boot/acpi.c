/* SPDX-License-Identifier: ISC */
/*
 * The ACPI power button and ACPI power-off (ACPI 6.5 §4.8.2.2, §5.2, §7.4.2,
 * §16.1), for images on KVM/QEMU machines with fixed ACPI hardware (q35,
 * pc): what `virsh shutdown` (QEMU's system_powerdown) presses, and how a
 * VM without isa-debug-exit (a libvirt domain) powers off.
 *
 * At boot: the RSDP (the PVH start info's, else the BIOS area's) leads to
 * the RSDT/XSDT and the FADT (PM1a event and control blocks, the SCI's IRQ,
 * SMI_CMD to enter ACPI mode), the DSDT (the SLP_TYPa of \_S5) and the
 * MADT (the I/O APIC that carries the SCI, and the IRQ's override). ACPI
 * mode is entered, PWRBTN_EN set, and the SCI routed to a vector; when the
 * SCI's polarity is one the I/O APIC code cannot program (active low), a
 * timer polls PM1a's status every 250 ms instead.
 * The interrupt handler clears the status (the SCI is level triggered)
 * and records the press; the event loop's poller then powers off: status
 * 0 through uni_exit(), which ends with ACPI S5 when isa-debug-exit did
 * not end the VM (acpi_poweroff, through the hook uni_exit_poweroff).
 * A machine without ACPI, a hardware-reduced one (microvm: no fixed
 * power button) or tables that do not check out leave the image as it was:
 * one line says why when tables were found but refused.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "boot/internal.h"
#include "uni/boot.h"
#include "uni/cpu.h"
#include "uni/irq.h"
#include "uni/paging.h"
#include "uni/time.h"

#define BIOS_AREA 0xe0000u
#define BIOS_AREA_END 0x100000u
#define SDT_HEADER 36
#define SDT_MAX (1u << 20) /* a DSDT larger than 1 MiB is not believed */

/* FADT offsets (ACPI 6.5 table 5.9). */
#define FADT_DSDT 40
#define FADT_SCI_INT 46
#define FADT_SMI_CMD 48
#define FADT_ACPI_ENABLE 52
#define FADT_PM1A_EVT 56
#define FADT_PM1A_CNT 64
#define FADT_PM1_EVT_LEN 88
#define FADT_FLAGS 112
#define FADT_X_DSDT 140
#define FADT_HW_REDUCED (1u << 20)

#define PM1_PWRBTN (1u << 8) /* in PM1 status and enable */
#define PM1_SCI_EN (1u << 0)
#define PM1_SLP_TYP_SHIFT 10
#define PM1_SLP_EN (1u << 13)

#define MADT_ENTRIES 44
#define MADT_IOAPIC 1
#define MADT_OVERRIDE 2

#define POLL_NS (250ull * 1000 * 1000)

static struct {
	uint16_t evt, cnt, evt_len;
	int s5;	     /* SLP_TYPa of \_S5, -1 when unknown */
	bool armed;  /* the power button is enabled */
	bool polled; /* no interrupt: the timer polls */
	volatile bool pressed;
	struct uni_timer timer;
} acpi = {.s5 = -1};

static uint32_t le32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t le64(const uint8_t *p)
{
	return le32(p) | (uint64_t)le32(p + 4) << 32;
}

/*
 * Make [phys, phys + len) readable: usable RAM is mapped already (and
 * writable: mapping it again read-only would break it); anything else is
 * mapped read-only.
 */
static const uint8_t *view(uint64_t phys, uint64_t len)
{
	for (unsigned i = 0; i < uni_boot.nr_ram; i++) {
		const struct uni_memrange *r = &uni_boot.ram[i];

		if (phys >= r->base && phys + len <= r->base + r->size)
			return (const uint8_t *)(uintptr_t)phys;
	}
	if (phys == 0 || phys + len < phys || phys + len > (1ull << 40))
		return NULL;
	uni_map(phys, len, UNI_MAP_R);
	return (const uint8_t *)(uintptr_t)phys;
}

static bool checksum_ok(const uint8_t *p, uint32_t len)
{
	uint8_t sum = 0;

	for (uint32_t i = 0; i < len; i++)
		sum += p[i];
	return sum == 0;
}

/* The table at phys if its signature is sig and its checksum holds. */
static const uint8_t *table(uint64_t phys, const char *sig, uint32_t *len)
{
	const uint8_t *h = view(phys, SDT_HEADER);

	if (h == NULL || memcmp(h, sig, 4) != 0)
		return NULL;
	*len = le32(h + 4);
	if (*len < SDT_HEADER || *len > SDT_MAX)
		return NULL;
	h = view(phys, *len);
	return h != NULL && checksum_ok(h, *len) ? h : NULL;
}

static uint64_t find_rsdp(void)
{
	const uint8_t *p;

	if (uni_boot.rsdp_paddr != 0)
		return uni_boot.rsdp_paddr;
	p = view(BIOS_AREA, BIOS_AREA_END - BIOS_AREA);
	for (uint32_t off = 0; p && off < BIOS_AREA_END - BIOS_AREA; off += 16)
		if (!memcmp(p + off, "RSD PTR ", 8) && checksum_ok(p + off, 20))
			return BIOS_AREA + off;
	return 0;
}

/* The table named sig among the RSDT's (4-byte) or XSDT's (8-byte). */
static const uint8_t *find_table(uint64_t rsdp, const char *sig, uint32_t *len)
{
	const uint8_t *r = view(rsdp, 36), *sdt;
	uint64_t root;
	uint32_t rlen;
	int wide;

	if (r == NULL || memcmp(r, "RSD PTR ", 8) || !checksum_ok(r, 20))
		return NULL;
	wide = r[15] >= 2 && le64(r + 24) != 0;
	root = wide ? le64(r + 24) : le32(r + 16);
	sdt = table(root, wide ? "XSDT" : "RSDT", &rlen);
	if (sdt == NULL)
		return NULL;
	for (uint32_t off = SDT_HEADER; off + (wide ? 8 : 4) <= rlen;
	     off += wide ? 8 : 4) {
		const uint8_t *t =
		    table(wide ? le64(sdt + off) : le32(sdt + off), sig, len);

		if (t != NULL)
			return t;
	}
	return NULL;
}

/*
 * SLP_TYPa of \_S5 in the DSDT's AML: NameOp "_S5_" PackageOp PkgLength
 * NumElements, then the first element: BytePrefix n, Zero, One.
 */
static int s5_type(const uint8_t *dsdt, uint32_t len)
{
	for (uint32_t i = SDT_HEADER; i + 10 < len; i++) {
		const uint8_t *p = dsdt + i;
		uint32_t skip;

		if (memcmp(p, "_S5_", 4) != 0 || p[4] != 0x12)
			continue;
		skip = 5 + 1 + (p[5] >> 6) + 1; /* PkgLength, NumElements */
		if (i + skip + 2 > len)
			return -1;
		p += skip;
		if (p[0] == 0x0a)
			return p[1] & 7;
		if (p[0] == 0x00 || p[0] == 0x01)
			return p[0];
		return -1;
	}
	return -1;
}

/* Whether the MADT entry at off (type, length, ...) lies in the table. */
static bool entry_ok(const uint8_t *m, uint32_t off, uint32_t len)
{
	return off + 2 <= len && m[off + 1] >= 2 && off + m[off + 1] <= len;
}

/*
 * The I/O APIC and pin of ISA IRQ irq, after the MADT's override; false
 * when the line is active low (not programmable here) or unknown.
 */
static bool sci_route(unsigned irq, uint64_t *ioapic, unsigned *pin)
{
	uint64_t rsdp = find_rsdp();
	const uint8_t *m;
	uint32_t len, gsi = irq, flags = 0;

	m = rsdp ? find_table(rsdp, "APIC", &len) : NULL;
	if (m == NULL)
		return false;
	for (uint32_t off = MADT_ENTRIES; entry_ok(m, off, len);
	     off += m[off + 1])
		if (m[off] == MADT_OVERRIDE && m[off + 1] >= 10 &&
		    m[off + 3] == irq) {
			gsi = le32(m + off + 4);
			flags = m[off + 8] | m[off + 9] << 8;
		}
	/* Polarity: 01 active high; 00 (the SCI's default) and 11 low. */
	if ((flags & 3) != 1)
		return false;
	for (uint32_t off = MADT_ENTRIES; entry_ok(m, off, len);
	     off += m[off + 1])
		if (m[off] == MADT_IOAPIC && m[off + 1] >= 12 &&
		    gsi >= le32(m + off + 8) && gsi - le32(m + off + 8) < 240) {
			*ioapic = le32(m + off + 4);
			*pin = gsi - le32(m + off + 8);
			return true;
		}
	return false;
}

/* Clear what PM1a's status has (write 1 to clear); true on a press. */
static bool take_status(void)
{
	uint16_t sts = inw(acpi.evt);

	if (sts != 0)
		outw(acpi.evt, sts);
	return sts & PM1_PWRBTN;
}

static void sci_irq(uint8_t vector, void *arg)
{
	(void)vector;
	(void)arg;
	if (take_status())
		acpi.pressed = true;
	uni_lapic_eoi();
}

static bool poll_button(void *arg)
{
	(void)arg;
	if (!acpi.pressed)
		return false;
	printf("acpi: the power button was pressed: powering off\n");
	uni_exit(0);
}

static struct uni_poller poller = {.name = "acpi-button", .poll = poll_button};

static void poll_timer(struct uni_timer *t, void *arg)
{
	(void)t;
	(void)arg;
	if (take_status())
		acpi.pressed = true;
	uni_timer_start(&acpi.timer, uni_now_ns() + POLL_NS, poll_timer, NULL);
}

/* Enter ACPI mode through SMI_CMD when SCI_EN is not set yet. */
static bool acpi_mode(const uint8_t *fadt)
{
	uint32_t smi = le32(fadt + FADT_SMI_CMD);

	if (inw(acpi.cnt) & PM1_SCI_EN)
		return true;
	if (smi == 0 || smi > 0xffff || fadt[FADT_ACPI_ENABLE] == 0)
		return false;
	outb((uint16_t)smi, fadt[FADT_ACPI_ENABLE]);
	for (int i = 0; i < 100000; i++)
		if (inw(acpi.cnt) & PM1_SCI_EN)
			return true;
	return false;
}

/* The power button on the SCI, else on the polling timer. */
static void arm_button(unsigned irq)
{
	uint64_t ioapic;
	unsigned pin;
	uint8_t v;

	take_status();
	outw(acpi.evt + acpi.evt_len / 2, PM1_PWRBTN);
	acpi.armed = true;
	uni_poller_register(&poller);
	if (sci_route(irq, &ioapic, &pin)) {
		v = uni_irq_register_any(0x30, 0xef, sci_irq, NULL);
		if (v != 0 && uni_ioapic_route(ioapic, pin, v, true) == 0)
			return;
	}
	acpi.polled = true;
	uni_timer_start(&acpi.timer, uni_now_ns() + POLL_NS, poll_timer, NULL);
}

static void acpi_poweroff(void);

void uni_acpi_init(void)
{
	uint64_t rsdp = find_rsdp();
	const uint8_t *fadt, *dsdt;
	uint32_t len, dlen;
	uint64_t dsdt_at;

	if (rsdp == 0 || (fadt = find_table(rsdp, "FACP", &len)) == NULL)
		return;
	if (len < FADT_PM1_EVT_LEN + 1 ||
	    (len >= FADT_FLAGS + 4 &&
	     le32(fadt + FADT_FLAGS) & FADT_HW_REDUCED))
		return; /* no fixed hardware: no PM1 blocks */
	if (le32(fadt + FADT_PM1A_EVT) == 0 ||
	    le32(fadt + FADT_PM1A_EVT) > 0xffff ||
	    le32(fadt + FADT_PM1A_CNT) == 0 ||
	    le32(fadt + FADT_PM1A_CNT) > 0xffff || fadt[FADT_PM1_EVT_LEN] < 4) {
		printf("acpi: the FADT's PM1a blocks are not I/O ports; the "
		       "power button is not handled\n");
		return;
	}
	acpi.evt = (uint16_t)le32(fadt + FADT_PM1A_EVT);
	acpi.cnt = (uint16_t)le32(fadt + FADT_PM1A_CNT);
	acpi.evt_len = fadt[FADT_PM1_EVT_LEN];
	dsdt_at = len >= FADT_X_DSDT + 8 && le64(fadt + FADT_X_DSDT)
		      ? le64(fadt + FADT_X_DSDT)
		      : le32(fadt + FADT_DSDT);
	dsdt = table(dsdt_at, "DSDT", &dlen);
	acpi.s5 = dsdt ? s5_type(dsdt, dlen) : -1;
	if (acpi.s5 >= 0)
		uni_exit_poweroff = acpi_poweroff;
	if (!acpi_mode(fadt)) {
		printf("acpi: the machine did not enter ACPI mode; the power "
		       "button is not handled\n");
		return;
	}
	arm_button(fadt[FADT_SCI_INT] | fadt[FADT_SCI_INT + 1] << 8);
}

/* ACPI S5: SLP_TYPa of \_S5 with SLP_EN in PM1a's control register. */
static void acpi_poweroff(void)
{
	outw(acpi.cnt,
	     (uint16_t)((inw(acpi.cnt) & ~(7u << PM1_SLP_TYP_SHIFT)) |
			(unsigned)acpi.s5 << PM1_SLP_TYP_SHIFT | PM1_SLP_EN));
}
