/* SPDX-License-Identifier: ISC */
/*
 * The virtio-over-PCI transport (spec 4.1), modern devices only: PCI
 * configuration space through ports 0xcf8/0xcfc (bus 0), the vendor
 * capabilities that locate the common, notify and device configuration in
 * the BARs, which are mapped uncached. The capability list and every
 * capability are bounded before they are followed. Interrupts: MSI-X
 * (spec 4.1.4.3, 4.1.5.1.2), one table entry, to which the driver's one
 * queue is routed (config changes and the other queues get NO_VECTOR).
 */
#include <stdio.h>

#include "uni/boot.h"
#include "uni/cpu.h"
#include "uni/irq.h"
#include "uni/paging.h"
#include "virtio.h"

#define PCI_ADDR 0xcf8
#define PCI_DATA 0xcfc
#define PCI_COMMAND 0x04
#define PCI_STATUS_CAP_LIST 0x10
#define PCI_SUBSYSTEM_ID 0x2e
#define PCI_BAR0 0x10
#define PCI_CAP_PTR 0x34
#define PCI_CMD_MEMORY 0x2
#define PCI_CMD_MASTER 0x4
#define PCI_MAX_CAPS 48

static uint32_t cfg_read32(unsigned dev, unsigned off)
{
	outl(PCI_ADDR, 0x80000000u | dev << 11 | (off & 0xfc));
	return inl(PCI_DATA);
}

static void cfg_write32(unsigned dev, unsigned off, uint32_t v)
{
	outl(PCI_ADDR, 0x80000000u | dev << 11 | (off & 0xfc));
	outl(PCI_DATA, v);
}

static uint8_t cfg_read8(unsigned dev, unsigned off)
{
	return (uint8_t)(cfg_read32(dev, off) >> 8 * (off & 3));
}

static uint16_t cfg_read16(unsigned dev, unsigned off)
{
	return (uint16_t)(cfg_read32(dev, off) >> 8 * (off & 2));
}

/* The address of BAR n (a 32- or 64-bit memory BAR), or 0. */
static uint64_t bar_address(unsigned dev, unsigned n)
{
	uint32_t lo;

	if (n > 5)
		return 0;
	lo = cfg_read32(dev, PCI_BAR0 + 4 * n);
	if (lo & 1)
		return 0; /* an I/O BAR */
	if (((lo >> 1) & 3) == 2 && n < 5)
		return (uint64_t)cfg_read32(dev, PCI_BAR0 + 4 * (n + 1)) << 32 |
		       (lo & ~0xfu);
	return lo & ~0xfu;
}

static uintptr_t c_addr(struct virtio_dev *d, unsigned off)
{
	return d->base + off;
}

static uint64_t pci_features(struct virtio_dev *d)
{
	return virtio_read_features(c_addr(d, VIRTIO_PCI_DEVICE_FEATURE_SELECT),
				    c_addr(d, VIRTIO_PCI_DEVICE_FEATURE));
}

static void pci_set_features(struct virtio_dev *d, uint64_t f)
{
	virtio_write_features(c_addr(d, VIRTIO_PCI_DRIVER_FEATURE_SELECT),
			      c_addr(d, VIRTIO_PCI_DRIVER_FEATURE), f);
}

static uint8_t pci_status(struct virtio_dev *d)
{
	return mmio_read8(c_addr(d, VIRTIO_PCI_DEVICE_STATUS));
}

static void pci_set_status(struct virtio_dev *d, uint8_t s)
{
	mmio_write8(c_addr(d, VIRTIO_PCI_DEVICE_STATUS), s);
}

static uint16_t pci_queue_max(struct virtio_dev *d, uint16_t q)
{
	if (q >= mmio_read16(c_addr(d, VIRTIO_PCI_NUM_QUEUES)))
		return 0;
	mmio_write16(c_addr(d, VIRTIO_PCI_QUEUE_SELECT), q);
	return mmio_read16(c_addr(d, VIRTIO_PCI_QUEUE_SIZE));
}

static void write64(uintptr_t a, uint64_t v)
{
	mmio_write32(a, (uint32_t)v);
	mmio_write32(a + 4, (uint32_t)(v >> 32));
}

static void pci_queue_setup(struct virtio_dev *d, uint16_t q, uint16_t size,
			    uint64_t desc, uint64_t avail, uint64_t used)
{
	mmio_write16(c_addr(d, VIRTIO_PCI_QUEUE_SELECT), q);
	mmio_write16(c_addr(d, VIRTIO_PCI_QUEUE_SIZE), size);
	write64(c_addr(d, VIRTIO_PCI_QUEUE_DESC), desc);
	write64(c_addr(d, VIRTIO_PCI_QUEUE_DRIVER), avail);
	write64(c_addr(d, VIRTIO_PCI_QUEUE_DEVICE), used);
	mmio_write16(c_addr(d, VIRTIO_PCI_QUEUE_ENABLE), 1);
}

static uint16_t pci_queue_notify_off(struct virtio_dev *d, uint16_t q)
{
	mmio_write16(c_addr(d, VIRTIO_PCI_QUEUE_SELECT), q);
	return mmio_read16(c_addr(d, VIRTIO_PCI_QUEUE_NOTIFY_OFF));
}

static void pci_notify(struct virtio_dev *d, uint16_t q, uint16_t off)
{
	mmio_write16(d->notify + (uintptr_t)off * d->notify_mult, q);
}

/* Map the MSI-X table the capability at cap names; 0 when unusable. */
static uintptr_t msix_table(unsigned dev, unsigned cap)
{
	uint32_t where = cfg_read32(dev, cap + PCI_MSIX_TABLE);
	unsigned entries = (cfg_read16(dev, cap + PCI_MSIX_CTRL) & 0x7ff) + 1;
	uint64_t bar = bar_address(dev, where & 7);
	uint64_t addr = bar + (where & ~7u);

	if (bar == 0 || addr < bar)
		return 0;
	uni_map(addr, (uint64_t)entries * PCI_MSIX_ENTRY_SIZE,
		UNI_MAP_W | UNI_MAP_UC);
	return (uintptr_t)addr;
}

static void msix_control(struct virtio_dev *d, uint16_t set, uint16_t clear)
{
	uint32_t v = cfg_read32(d->pci_dev, d->msix_cap);
	uint16_t ctrl = (uint16_t)(v >> 16);

	ctrl = (uint16_t)((ctrl | set) & ~clear);
	cfg_write32(d->pci_dev, d->msix_cap,
		    (v & 0xffff) | (uint32_t)ctrl << 16);
}

static int pci_irq_setup(struct virtio_dev *d, uint16_t q, uint8_t vector)
{
	volatile uint32_t *e = (volatile uint32_t *)d->msix_table;
	uint32_t dest = uni_lapic_id();

	if (e == NULL || dest > 0xff)
		return -1;
	e[3] = PCI_MSIX_ENTRY_CTRL_MASKED;
	e[0] = MSI_ADDR_BASE | dest << 12; /* physical destination */
	e[1] = 0;
	e[2] = vector; /* fixed delivery, edge */
	msix_control(d, PCI_MSIX_CTRL_ENABLE, PCI_MSIX_CTRL_MASKALL);
	mmio_write16(c_addr(d, VIRTIO_PCI_MSIX_CONFIG), VIRTIO_MSI_NO_VECTOR);
	mmio_write16(c_addr(d, VIRTIO_PCI_QUEUE_SELECT), q);
	mmio_write16(c_addr(d, VIRTIO_PCI_QUEUE_MSIX_VECTOR), 0);
	/* A device that cannot take the vector reads back NO_VECTOR. */
	if (mmio_read16(c_addr(d, VIRTIO_PCI_QUEUE_MSIX_VECTOR)) != 0) {
		msix_control(d, 0, PCI_MSIX_CTRL_ENABLE);
		return -1;
	}
	e[3] = 0;
	d->irq_how = "msi-x";
	return 0;
}

static void pci_irq_ack(struct virtio_dev *d)
{
	(void)d; /* MSI-X: an edge message, nothing to lower */
}

static const struct virtio_transport pci_transport = {
    .features = pci_features,
    .set_features = pci_set_features,
    .status = pci_status,
    .set_status = pci_set_status,
    .queue_max = pci_queue_max,
    .queue_setup = pci_queue_setup,
    .notify = pci_notify,
    .queue_notify_off = pci_queue_notify_off,
    .irq_setup = pci_irq_setup,
    .irq_ack = pci_irq_ack,
};

static bool is_virtio(unsigned dev, uint32_t device_id)
{
	uint32_t id = cfg_read32(dev, 0);

	if ((id & 0xffff) != VIRTIO_PCI_VENDOR)
		return false;
	if (id >> 16 == VIRTIO_PCI_MODERN_DEVICE_BASE + device_id)
		return true;
	return device_id == VIRTIO_ID_NET &&
	       id >> 16 == VIRTIO_PCI_TRANSITIONAL_NET &&
	       cfg_read16(dev, PCI_SUBSYSTEM_ID) == VIRTIO_ID_NET;
}

/* Map the region a capability names; its address, or 0 when unusable. */
static uintptr_t cap_region(unsigned dev, unsigned cap, uint32_t min_len)
{
	uint64_t bar =
	    bar_address(dev, cfg_read8(dev, cap + VIRTIO_PCI_CAP_BAR));
	uint32_t off = cfg_read32(dev, cap + VIRTIO_PCI_CAP_OFFSET);
	uint32_t len = cfg_read32(dev, cap + VIRTIO_PCI_CAP_LENGTH);

	if (bar == 0 || len < min_len || bar + off < bar)
		return 0;
	uni_map(bar + off, len, UNI_MAP_W | UNI_MAP_UC);
	return (uintptr_t)(bar + off);
}

static void take_cap(unsigned dev, unsigned cap, struct virtio_dev *d)
{
	switch (cfg_read8(dev, cap + VIRTIO_PCI_CAP_CFG_TYPE)) {
	case VIRTIO_PCI_CAP_COMMON_CFG:
		if (d->base == 0)
			d->base =
			    cap_region(dev, cap, VIRTIO_PCI_COMMON_CFG_LEN);
		break;
	case VIRTIO_PCI_CAP_NOTIFY_CFG:
		if (d->notify == 0) {
			d->notify = cap_region(dev, cap, 2);
			d->notify_mult =
			    cfg_read32(dev, cap + VIRTIO_PCI_NOTIFY_CAP_MULT);
		}
		break;
	case VIRTIO_PCI_CAP_DEVICE_CFG:
		if (d->device == 0)
			d->device = cap_region(dev, cap, 6);
		break;
	}
}

/* Walk the capability list (bounded: a loop in it ends the walk). */
static bool read_caps(unsigned dev, struct virtio_dev *d)
{
	unsigned cap, n;

	if (!(cfg_read16(dev, 0x06) & PCI_STATUS_CAP_LIST))
		return false;
	cap = cfg_read8(dev, PCI_CAP_PTR) & 0xfc;
	for (n = 0; cap >= 0x40 && n < PCI_MAX_CAPS; n++) {
		if (cfg_read8(dev, cap) == PCI_CAP_ID_VNDR &&
		    cfg_read8(dev, cap + 2) >= VIRTIO_PCI_CAP_LEN)
			take_cap(dev, cap, d);
		if (cfg_read8(dev, cap) == PCI_CAP_ID_MSIX && d->msix_cap == 0)
			d->msix_cap = cap;
		cap = cfg_read8(dev, cap + 1) & 0xfc;
	}
	return d->base != 0 && d->notify != 0 && d->device != 0;
}

bool virtio_pci_find(uint32_t device_id, struct virtio_dev *d)
{
	unsigned dev;

	if (uni_boot_platform() != UNI_PLATFORM_KVM)
		return false;
	for (dev = 0; dev < 32; dev++) {
		if (!is_virtio(dev, device_id))
			continue;
		*d = (struct virtio_dev){.where = "pci", .pci_dev = dev};
		if (!read_caps(dev, d)) {
			printf("virtio-pci: device 00:%02x.0 lacks the common, "
			       "notify or device capability (or its BAR is "
			       "unassigned)\n",
			       dev);
			continue;
		}
		cfg_write32(dev, PCI_COMMAND,
			    cfg_read32(dev, PCI_COMMAND) | PCI_CMD_MEMORY |
				PCI_CMD_MASTER);
		if (d->msix_cap != 0)
			d->msix_table = msix_table(dev, d->msix_cap);
		d->t = &pci_transport;
		return true;
	}
	return false;
}
