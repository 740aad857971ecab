/* SPDX-License-Identifier: ISC */
/*
 * The virtio-mmio transport (spec 4.2), version 2 only. Devices are found
 * by probing QEMU microvm's window of transports for the magic value, which
 * does not depend on the virtio_mmio.device= words QEMU adds to the
 * command line. Interrupts: the transport's line through microvm's I/O
 * APIC (virtio.h), level triggered, lowered by INTERRUPT_ACK.
 */
#include <stdio.h>

#include "uni/boot.h"
#include "uni/irq.h"
#include "uni/paging.h"
#include "virtio.h"

static uint32_t reg(struct virtio_dev *d, unsigned off)
{
	return mmio_read32(d->base + off);
}

static void set_reg(struct virtio_dev *d, unsigned off, uint32_t v)
{
	mmio_write32(d->base + off, v);
}

static uint64_t mmio_features(struct virtio_dev *d)
{
	return virtio_read_features(d->base + VIRTIO_MMIO_DEVICE_FEATURES_SEL,
				    d->base + VIRTIO_MMIO_DEVICE_FEATURES);
}

static void mmio_set_features(struct virtio_dev *d, uint64_t f)
{
	virtio_write_features(d->base + VIRTIO_MMIO_DRIVER_FEATURES_SEL,
			      d->base + VIRTIO_MMIO_DRIVER_FEATURES, f);
}

static uint8_t mmio_status(struct virtio_dev *d)
{
	return (uint8_t)reg(d, VIRTIO_MMIO_STATUS);
}

static void mmio_set_status(struct virtio_dev *d, uint8_t s)
{
	set_reg(d, VIRTIO_MMIO_STATUS, s);
}

static uint16_t mmio_queue_max(struct virtio_dev *d, uint16_t q)
{
	uint32_t max;

	set_reg(d, VIRTIO_MMIO_QUEUE_SEL, q);
	if (reg(d, VIRTIO_MMIO_QUEUE_READY) != 0)
		return 0; /* already in use: not ours to set up */
	max = reg(d, VIRTIO_MMIO_QUEUE_NUM_MAX);
	return max > 32768 ? 32768 : (uint16_t)max;
}

static void mmio_queue_setup(struct virtio_dev *d, uint16_t q, uint16_t size,
			     uint64_t desc, uint64_t avail, uint64_t used)
{
	set_reg(d, VIRTIO_MMIO_QUEUE_SEL, q);
	set_reg(d, VIRTIO_MMIO_QUEUE_NUM, size);
	set_reg(d, VIRTIO_MMIO_QUEUE_DESC_LOW, (uint32_t)desc);
	set_reg(d, VIRTIO_MMIO_QUEUE_DESC_HIGH, (uint32_t)(desc >> 32));
	set_reg(d, VIRTIO_MMIO_QUEUE_DRIVER_LOW, (uint32_t)avail);
	set_reg(d, VIRTIO_MMIO_QUEUE_DRIVER_HIGH, (uint32_t)(avail >> 32));
	set_reg(d, VIRTIO_MMIO_QUEUE_DEVICE_LOW, (uint32_t)used);
	set_reg(d, VIRTIO_MMIO_QUEUE_DEVICE_HIGH, (uint32_t)(used >> 32));
	set_reg(d, VIRTIO_MMIO_QUEUE_READY, 1);
}

static void mmio_notify(struct virtio_dev *d, uint16_t q, uint16_t off)
{
	set_reg(d, VIRTIO_MMIO_QUEUE_NOTIFY, q);
}

static uint16_t mmio_queue_notify_off(struct virtio_dev *d, uint16_t q)
{
	return 0;
}

static int mmio_irq_setup(struct virtio_dev *d, uint16_t q, uint8_t vector)
{
	(void)q; /* one line per transport: every queue raises it */
	if (uni_ioapic_present(MICROVM_IOAPIC2)) {
		if (uni_ioapic_route(MICROVM_IOAPIC2, d->slot, vector, true))
			return -1;
		d->irq_how = "ioapic2 (level)";
		return 0;
	}
	if (uni_ioapic_route(MICROVM_IOAPIC, MICROVM_VIRTIO_GSI_BASE + d->slot,
			     vector, true))
		return -1;
	d->irq_how = "ioapic (level)";
	return 0;
}

static void mmio_irq_ack(struct virtio_dev *d)
{
	uint32_t why = reg(d, VIRTIO_MMIO_INTERRUPT_STATUS);

	set_reg(d, VIRTIO_MMIO_INTERRUPT_ACK,
		why & (VIRTIO_MMIO_INT_VRING | VIRTIO_MMIO_INT_CONFIG));
}

static const struct virtio_transport mmio_transport = {
    .features = mmio_features,
    .set_features = mmio_set_features,
    .status = mmio_status,
    .set_status = mmio_set_status,
    .queue_max = mmio_queue_max,
    .queue_setup = mmio_queue_setup,
    .notify = mmio_notify,
    .queue_notify_off = mmio_queue_notify_off,
    .irq_setup = mmio_irq_setup,
    .irq_ack = mmio_irq_ack,
};

static bool window_mapped;

bool virtio_mmio_find(uint32_t device_id, struct virtio_dev *d)
{
	uintptr_t base = VIRTIO_MMIO_MICROVM_BASE;
	unsigned i;

	if (uni_boot_platform() != UNI_PLATFORM_KVM)
		return false;
	if (!window_mapped) {
		uni_map(base, VIRTIO_MMIO_MICROVM_SLOTS * VIRTIO_MMIO_SLOT_SIZE,
			UNI_MAP_W | UNI_MAP_UC);
		window_mapped = true;
	}
	for (i = 0; i < VIRTIO_MMIO_MICROVM_SLOTS; i++) {
		uintptr_t b = base + i * VIRTIO_MMIO_SLOT_SIZE;

		if (mmio_read32(b + VIRTIO_MMIO_MAGIC_VALUE) !=
			VIRTIO_MMIO_MAGIC ||
		    mmio_read32(b + VIRTIO_MMIO_DEVICE_ID) != device_id)
			continue;
		if (mmio_read32(b + VIRTIO_MMIO_VERSION) !=
		    VIRTIO_MMIO_MODERN_VERSION) {
			printf("virtio-mmio: device at %#lx is version %u, "
			       "expected 2 (QEMU: -global "
			       "virtio-mmio.force-legacy=off)\n",
			       (unsigned long)b,
			       mmio_read32(b + VIRTIO_MMIO_VERSION));
			continue;
		}
		d->t = &mmio_transport;
		d->base = b;
		d->device = b + VIRTIO_MMIO_CONFIG;
		d->where = "mmio";
		d->slot = i;
		return true;
	}
	return false;
}
