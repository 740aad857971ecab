/* SPDX-License-Identifier: ISC */
/*
 * Virtio 1.x (OASIS "Virtual I/O Device Version 1.1"), modern devices only:
 * the layouts and constants of the spec, written once here, and the small
 * transport interface that the MMIO and PCI transports implement and the
 * device drivers use. Everything the device writes (used ring indices and
 * lengths, config space) is untrusted and bounded by the code that reads it.
 */
#ifndef DRIVERS_VIRTIO_H
#define DRIVERS_VIRTIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Device status (spec 2.1). */
#define VIRTIO_STATUS_ACKNOWLEDGE 1
#define VIRTIO_STATUS_DRIVER 2
#define VIRTIO_STATUS_DRIVER_OK 4
#define VIRTIO_STATUS_FEATURES_OK 8
#define VIRTIO_STATUS_NEEDS_RESET 64
#define VIRTIO_STATUS_FAILED 128

/* Reserved feature bits (spec 6). */
#define VIRTIO_F_VERSION_1 32

/* Device IDs (spec 5). */
#define VIRTIO_ID_NET 1

/* Split virtqueue (spec 2.6): descriptor table, driver and device rings. */
#define VIRTQ_DESC_F_NEXT 1
#define VIRTQ_DESC_F_WRITE 2
#define VIRTQ_USED_F_NO_NOTIFY 1
#define VIRTQ_AVAIL_F_NO_INTERRUPT 1 /* spec 2.7.10: the driver's hint */

struct virtq_desc {
	uint64_t addr; /* guest-physical, little-endian like every field */
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};

struct virtq_avail { /* the "driver area" */
	uint16_t flags;
	uint16_t idx;
	uint16_t ring[]; /* queue size entries, then used_event */
};

struct virtq_used_elem {
	uint32_t id;  /* head of the descriptor chain */
	uint32_t len; /* bytes written into it by the device */
};

struct virtq_used { /* the "device area" */
	uint16_t flags;
	uint16_t idx;
	struct virtq_used_elem
	    ring[]; /* queue size entries, then avail_event */
};

/* Alignments of the three parts (spec 2.6, table "Virtqueue Part"). */
#define VIRTQ_DESC_ALIGN 16
#define VIRTQ_AVAIL_ALIGN 2
#define VIRTQ_USED_ALIGN 4

/* virtio-mmio registers (spec 4.2.2), version 2 (modern). */
#define VIRTIO_MMIO_MAGIC_VALUE 0x000 /* "virt" */
#define VIRTIO_MMIO_MAGIC 0x74726976u
#define VIRTIO_MMIO_VERSION 0x004
#define VIRTIO_MMIO_DEVICE_ID 0x008
#define VIRTIO_MMIO_VENDOR_ID 0x00c
#define VIRTIO_MMIO_DEVICE_FEATURES 0x010
#define VIRTIO_MMIO_DEVICE_FEATURES_SEL 0x014
#define VIRTIO_MMIO_DRIVER_FEATURES 0x020
#define VIRTIO_MMIO_DRIVER_FEATURES_SEL 0x024
#define VIRTIO_MMIO_QUEUE_SEL 0x030
#define VIRTIO_MMIO_QUEUE_NUM_MAX 0x034
#define VIRTIO_MMIO_QUEUE_NUM 0x038
#define VIRTIO_MMIO_QUEUE_READY 0x044
#define VIRTIO_MMIO_QUEUE_NOTIFY 0x050
#define VIRTIO_MMIO_INTERRUPT_STATUS 0x060
#define VIRTIO_MMIO_INTERRUPT_ACK 0x064
#define VIRTIO_MMIO_INT_VRING 1
#define VIRTIO_MMIO_INT_CONFIG 2
#define VIRTIO_MMIO_STATUS 0x070
#define VIRTIO_MMIO_QUEUE_DESC_LOW 0x080
#define VIRTIO_MMIO_QUEUE_DESC_HIGH 0x084
#define VIRTIO_MMIO_QUEUE_DRIVER_LOW 0x090
#define VIRTIO_MMIO_QUEUE_DRIVER_HIGH 0x094
#define VIRTIO_MMIO_QUEUE_DEVICE_LOW 0x0a0
#define VIRTIO_MMIO_QUEUE_DEVICE_HIGH 0x0a4
#define VIRTIO_MMIO_CONFIG_GENERATION 0x0fc
#define VIRTIO_MMIO_CONFIG 0x100
#define VIRTIO_MMIO_MODERN_VERSION 2

/* QEMU microvm: up to 24 transports of 512 bytes from 0xfeb00000. */
#define VIRTIO_MMIO_MICROVM_BASE 0xfeb00000ULL
#define VIRTIO_MMIO_MICROVM_SLOTS 24
#define VIRTIO_MMIO_SLOT_SIZE 0x200
/*
 * Their interrupt lines (QEMU hw/i386/microvm.c): with ACPI, the second
 * I/O APIC, pin = slot (GSI 24 + slot); without it, the first one, GSI 5 +
 * slot. Level triggered (the line stays up until INTERRUPT_ACK).
 */
#define MICROVM_IOAPIC 0xfec00000ULL
#define MICROVM_IOAPIC2 0xfec10000ULL
#define MICROVM_VIRTIO_GSI_BASE 5

/* virtio over PCI (spec 4.1). */
#define VIRTIO_PCI_VENDOR 0x1af4
#define VIRTIO_PCI_MODERN_DEVICE_BASE 0x1040 /* + device ID */
#define VIRTIO_PCI_TRANSITIONAL_NET 0x1000
#define PCI_CAP_ID_VNDR 0x09
#define PCI_CAP_ID_MSIX 0x11
#define PCI_MSIX_CTRL 2	 /* message control: table size - 1, enable, mask */
#define PCI_MSIX_TABLE 4 /* offset in a BAR | BAR index (BIR) */
#define PCI_MSIX_CTRL_ENABLE (1u << 15)
#define PCI_MSIX_CTRL_MASKALL (1u << 14)
#define PCI_MSIX_ENTRY_SIZE 16
#define PCI_MSIX_ENTRY_CTRL_MASKED 1
#define MSI_ADDR_BASE 0xfee00000u /* x86: to the local APIC of dest ID */

/* struct virtio_pci_cap (spec 4.1.4), offsets inside the capability. */
#define VIRTIO_PCI_CAP_CFG_TYPE 3
#define VIRTIO_PCI_CAP_BAR 4
#define VIRTIO_PCI_CAP_OFFSET 8
#define VIRTIO_PCI_CAP_LENGTH 12
#define VIRTIO_PCI_NOTIFY_CAP_MULT 16 /* notify_off_multiplier */
#define VIRTIO_PCI_CAP_LEN 16

enum virtio_pci_cfg_type {
	VIRTIO_PCI_CAP_COMMON_CFG = 1,
	VIRTIO_PCI_CAP_NOTIFY_CFG = 2,
	VIRTIO_PCI_CAP_ISR_CFG = 3,
	VIRTIO_PCI_CAP_DEVICE_CFG = 4,
};

/* struct virtio_pci_common_cfg (spec 4.1.4.3), register offsets. */
#define VIRTIO_PCI_DEVICE_FEATURE_SELECT 0x00
#define VIRTIO_PCI_DEVICE_FEATURE 0x04
#define VIRTIO_PCI_DRIVER_FEATURE_SELECT 0x08
#define VIRTIO_PCI_DRIVER_FEATURE 0x0c
#define VIRTIO_PCI_NUM_QUEUES 0x12
#define VIRTIO_PCI_MSIX_CONFIG 0x10
#define VIRTIO_PCI_DEVICE_STATUS 0x14
#define VIRTIO_PCI_CONFIG_GENERATION 0x15
#define VIRTIO_PCI_QUEUE_SELECT 0x16
#define VIRTIO_PCI_QUEUE_SIZE 0x18
#define VIRTIO_PCI_QUEUE_ENABLE 0x1c
#define VIRTIO_PCI_QUEUE_MSIX_VECTOR 0x1a
#define VIRTIO_PCI_QUEUE_NOTIFY_OFF 0x1e
#define VIRTIO_PCI_QUEUE_DESC 0x20
#define VIRTIO_PCI_QUEUE_DRIVER 0x28
#define VIRTIO_PCI_QUEUE_DEVICE 0x30
#define VIRTIO_PCI_COMMON_CFG_LEN 0x38
#define VIRTIO_MSI_NO_VECTOR 0xffff

/* virtio-net (spec 5.1). */
#define VIRTIO_NET_F_CSUM 0
#define VIRTIO_NET_F_GUEST_CSUM 1
#define VIRTIO_NET_F_MAC 5
#define VIRTIO_NET_F_MRG_RXBUF 15
#define VIRTIO_NET_F_STATUS 16
#define VIRTIO_NET_Q_RX 0
#define VIRTIO_NET_Q_TX 1
#define VIRTIO_NET_CFG_MAC 0 /* mac[6] in the device config */
#define VIRTIO_NET_HDR_F_NEEDS_CSUM 1
#define VIRTIO_NET_HDR_F_DATA_VALID 2
#define VIRTIO_NET_HDR_GSO_NONE 0

/* struct virtio_net_hdr with VERSION_1: always 12 bytes (num_buffers too). */
#define VIRTIO_NET_HDR_LEN 12
#define VIRTIO_NET_HDR_FLAGS 0
#define VIRTIO_NET_HDR_GSO_TYPE 1
#define VIRTIO_NET_HDR_CSUM_START 6
#define VIRTIO_NET_HDR_CSUM_OFFSET 8
#define VIRTIO_NET_HDR_NUM_BUFFERS 10

/* One discovered device and the transport that reaches it. */
struct virtio_dev {
	const struct virtio_transport *t;
	uintptr_t base;	  /* mmio: the register window; pci: common cfg */
	uintptr_t device; /* the device-specific configuration */
	uintptr_t notify; /* pci: notification area */
	uint32_t notify_mult;
	const char *where;    /* "mmio" or "pci" for messages */
	unsigned slot;	      /* mmio: the transport's index in the window */
	unsigned pci_dev;     /* pci: the device number on bus 0 */
	unsigned msix_cap;    /* pci: the MSI-X capability, 0: none */
	uintptr_t msix_table; /* pci: the mapped MSI-X table, 0: none */
	const char *irq_how;  /* how interrupts arrive, for the boot line */
};

struct virtio_transport {
	uint64_t (*features)(struct virtio_dev *d);
	void (*set_features)(struct virtio_dev *d, uint64_t f);
	uint8_t (*status)(struct virtio_dev *d);
	void (*set_status)(struct virtio_dev *d, uint8_t s);
	/* Select queue q: its maximum size (0: absent). */
	uint16_t (*queue_max)(struct virtio_dev *d, uint16_t q);
	/* Give queue q its size and the three areas, and enable it. */
	void (*queue_setup)(struct virtio_dev *d, uint16_t q, uint16_t size,
			    uint64_t desc, uint64_t avail, uint64_t used);
	void (*notify)(struct virtio_dev *d, uint16_t q, uint16_t notify_off);
	uint16_t (*queue_notify_off)(struct virtio_dev *d, uint16_t q);
	/*
	 * Deliver queue q's used-buffer notifications as vector on this CPU
	 * (the device's other sources stay silent where the transport can
	 * tell them apart): 0, or -1 when it cannot (the driver polls).
	 */
	int (*irq_setup)(struct virtio_dev *d, uint16_t q, uint8_t vector);
	/* In the interrupt handler, before the EOI: lower the device's line. */
	void (*irq_ack)(struct virtio_dev *d);
};

/* Find the first modern device with this ID on MMIO (microvm) or PCI. */
bool virtio_mmio_find(uint32_t device_id, struct virtio_dev *d);
bool virtio_pci_find(uint32_t device_id, struct virtio_dev *d);

/*
 * The 64 feature bits through a select register (0: bits 0-31, 1: bits
 * 32-63) and a 32-bit value register, as both transports lay them out
 * (spec 4.1.4.3, 4.2.2); the transports pass their registers' addresses.
 */
uint64_t virtio_read_features(uintptr_t select, uintptr_t value);
void virtio_write_features(uintptr_t select, uintptr_t value, uint64_t f);

/*
 * Reset d, acknowledge it, negotiate wanted & offered (VERSION_1 is
 * required) and set FEATURES_OK. Returns the features agreed, or 0 after
 * printing why the device cannot be used.
 */
uint64_t virtio_negotiate(struct virtio_dev *d, uint64_t wanted);

/* A split virtqueue, driver side. */
struct virtq {
	uint16_t size, index, notify_off;
	uint16_t avail_idx; /* next avail slot (free-running) */
	uint16_t used_seen; /* used entries consumed (free-running) */
	volatile struct virtq_desc *desc;
	volatile struct virtq_avail *avail;
	volatile struct virtq_used *used;
};

/* Allocate and register queue index with at most max_size entries. */
int virtq_init(struct virtio_dev *d, struct virtq *q, uint16_t index,
	       uint16_t max_size);
/* Offer the chain starting at descriptor head to the device. */
void virtq_push(struct virtq *q, uint16_t head);
/* Tell the device about pushed chains (unless it asked not to be told). */
void virtq_kick(struct virtio_dev *d, struct virtq *q);
/*
 * Take one used element: true with *id and *len when there is one. The
 * device's index is bounded: more than size outstanding entries means a
 * broken device, reported through *broken and treated as none.
 */
bool virtq_pop(struct virtq *q, uint32_t *id, uint32_t *len, bool *broken);
/*
 * Event suppression (spec 2.7.10): ask the device not to interrupt for q
 * while the driver is polling it anyway; and ask it to again, returning
 * whether used entries arrived meanwhile (then the driver must poll
 * before it waits: the device may have checked the flag before it was
 * cleared, and will not interrupt for them).
 */
void virtq_irq_suppress(struct virtq *q);
bool virtq_irq_enable(struct virtq *q);

static inline uint8_t mmio_read8(uintptr_t a)
{
	return *(volatile uint8_t *)a;
}

static inline uint16_t mmio_read16(uintptr_t a)
{
	return *(volatile uint16_t *)a;
}

static inline uint32_t mmio_read32(uintptr_t a)
{
	return *(volatile uint32_t *)a;
}

static inline void mmio_write8(uintptr_t a, uint8_t v)
{
	*(volatile uint8_t *)a = v;
}

static inline void mmio_write16(uintptr_t a, uint16_t v)
{
	*(volatile uint16_t *)a = v;
}

static inline void mmio_write32(uintptr_t a, uint32_t v)
{
	*(volatile uint32_t *)a = v;
}

#endif
