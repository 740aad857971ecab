/* SPDX-License-Identifier: ISC */
/*
 * virtio-net (spec 5.1) over MMIO or PCI: one receive and one transmit
 * queue of single-buffer descriptors, each with its own 2 KiB buffer, run
 * by a poller of the event loop. The receive queue interrupts (MSI-X on
 * PCI, the I/O APIC on microvm's MMIO) only when the loop is about to halt:
 * while polling finds frames the device is asked not to (event
 * suppression, spec 2.7.10), and the loop's arm hook asks again and
 * rechecks the ring before it halts, so no frame waits for a wake-up.
 * The transmit queue never interrupts: its buffers are reclaimed when the
 * next frame is sent. Without an interrupt (said at boot), a 1 ms timer
 * wakes the loop to poll. Features: VERSION_1 and MAC, GUEST_CSUM when
 * net0.rx_csum_offload is set (partial checksums are then completed here);
 * transmit checksums are always computed by the stack. Every descriptor ID
 * and length the device reports is checked against what was given to it.
 */
#include <stdio.h>
#include <string.h>

#include "net/wire/csum.h"
#include "uni/config.h"
#include "uni/console.h"
#include "uni/driver.h"
#include "uni/irq.h"
#include "uni/mm.h"
#include "uni/net.h"
#include "uni/time.h"
#include "virtio.h"

UNI_CONFIG_EXTERN_BOOL(net0, rx_csum_offload);

#define VNET_QSIZE_MAX 256
#define VNET_BUF_SIZE 2048
#define VNET_WAKE_NS (1 * UNI_NSEC_PER_MSEC)
/* Vectors tried for the receive interrupt, until one is free. */
#define VNET_VECTOR_FIRST 0x40
#define VNET_VECTOR_LAST 0x5f

struct vnet {
	struct virtio_dev dev;
	uint64_t features;
	struct virtq rx, tx;
	uint8_t *rx_bufs, *tx_bufs;
	bool rx_posted[VNET_QSIZE_MAX];
	bool tx_busy[VNET_QSIZE_MAX];
	uint16_t tx_free[VNET_QSIZE_MAX];
	uint16_t tx_nfree;
	bool broken;
	bool polled; /* no interrupt: the wake timer polls */
	uint64_t bad_id, bad_len, irqs;
	struct uni_netdev netdev;
	struct uni_poller poller;
	struct uni_timer wake;
};

static struct vnet vnet;

static int vnet_probe(void)
{
	if (virtio_mmio_find(VIRTIO_ID_NET, &vnet.dev) ||
	    virtio_pci_find(VIRTIO_ID_NET, &vnet.dev))
		return UNI_DRIVER_OK;
	return UNI_DRIVER_ABSENT;
}

static void vnet_broken(const char *queue)
{
	if (!vnet.broken)
		printf("virtio-net: the device reported more used %s entries "
		       "than the queue holds; the device is ignored\n",
		       queue);
	vnet.broken = true;
}

static void rx_post(uint16_t id)
{
	volatile struct virtq_desc *d = &vnet.rx.desc[id];

	d->addr = (uintptr_t)(vnet.rx_bufs + (size_t)id * VNET_BUF_SIZE);
	d->len = VNET_BUF_SIZE;
	d->flags = VIRTQ_DESC_F_WRITE;
	vnet.rx_posted[id] = true;
	virtq_push(&vnet.rx, id);
}

/* Finish a checksum the device left partial (NEEDS_CSUM, spec 5.1.6.4). */
static bool complete_csum(const uint8_t *hdr, uint8_t *frame, size_t len)
{
	size_t start = (size_t)(hdr[VIRTIO_NET_HDR_CSUM_START] |
				hdr[VIRTIO_NET_HDR_CSUM_START + 1] << 8);
	size_t off = (size_t)(hdr[VIRTIO_NET_HDR_CSUM_OFFSET] |
			      hdr[VIRTIO_NET_HDR_CSUM_OFFSET + 1] << 8);
	uint16_t sum;

	if (start > len || off > len - start || len - start - off < 2)
		return false;
	sum = csum_finish(csum_add(0, bytes_make(frame + start, len - start)));
	frame[start + off] = (uint8_t)(sum >> 8);
	frame[start + off + 1] = (uint8_t)sum;
	return true;
}

static void rx_deliver(uint16_t id, uint32_t len)
{
	uint8_t *buf = vnet.rx_bufs + (size_t)id * VNET_BUF_SIZE;

	if (len <= VIRTIO_NET_HDR_LEN || len > VNET_BUF_SIZE) {
		vnet.bad_len++;
		return;
	}
	len -= VIRTIO_NET_HDR_LEN;
	if ((buf[VIRTIO_NET_HDR_FLAGS] & VIRTIO_NET_HDR_F_NEEDS_CSUM) &&
	    !complete_csum(buf, buf + VIRTIO_NET_HDR_LEN, len)) {
		vnet.bad_len++;
		return;
	}
	uni_netdev_receive(&vnet.netdev, buf + VIRTIO_NET_HDR_LEN, len);
}

static unsigned rx_poll(void)
{
	uint32_t id, len;
	unsigned n = 0;

	while (n < vnet.rx.size &&
	       virtq_pop(&vnet.rx, &id, &len, &vnet.broken)) {
		n++;
		if (id >= vnet.rx.size || !vnet.rx_posted[id]) {
			vnet.bad_id++;
			continue;
		}
		vnet.rx_posted[id] = false;
		rx_deliver((uint16_t)id, len);
		rx_post((uint16_t)id);
	}
	if (n != 0)
		virtq_kick(&vnet.dev, &vnet.rx);
	return n;
}

static void tx_reclaim(void)
{
	uint32_t id, len;

	while (virtq_pop(&vnet.tx, &id, &len, &vnet.broken)) {
		if (id >= vnet.tx.size || !vnet.tx_busy[id]) {
			vnet.bad_id++;
			continue;
		}
		vnet.tx_busy[id] = false;
		vnet.tx_free[vnet.tx_nfree++] = (uint16_t)id;
	}
}

static void vnet_wake(struct uni_timer *t, void *arg)
{
	uni_timer_start(t, uni_now_ns() + VNET_WAKE_NS, vnet_wake, arg);
}

static bool vnet_poll(void *arg)
{
	unsigned n;

	if (vnet.broken)
		return false;
	tx_reclaim();
	n = rx_poll();
	if (vnet.broken)
		vnet_broken("rx or tx");
	if (n != 0 && !vnet.polled)
		virtq_irq_suppress(&vnet.rx); /* the loop polls again anyway */
	return n != 0;
}

/* Before the loop halts: interrupts on, and any frame that came first. */
static bool vnet_arm(void *arg)
{
	if (vnet.broken || vnet.polled)
		return false;
	return virtq_irq_enable(&vnet.rx);
}

static void vnet_irq(uint8_t vector, void *arg)
{
	vnet.dev.t->irq_ack(&vnet.dev);
	vnet.irqs++;
	uni_lapic_eoi();
}

/* The receive interrupt, or the wake timer when there is none. */
static void vnet_irq_init(void)
{
	uint8_t v = uni_irq_register_any(VNET_VECTOR_FIRST, VNET_VECTOR_LAST,
					 vnet_irq, NULL);

	virtq_irq_suppress(&vnet.tx);
	if (v != 0 &&
	    vnet.dev.t->irq_setup(&vnet.dev, VIRTIO_NET_Q_RX, v) == 0) {
		printf("virtio-net: interrupts: %s, vector %#x\n",
		       vnet.dev.irq_how, v);
		return;
	}
	vnet.polled = true;
	printf("virtio-net: no interrupt could be set up (%s); polling "
	       "every 1 ms\n",
	       v == 0 ? "no free vector" : "the transport refused");
	uni_timer_start(&vnet.wake, uni_now_ns() + VNET_WAKE_NS, vnet_wake,
			NULL);
}

static int vnet_transmit(struct uni_netdev *nd, const uint8_t *frame,
			 size_t len)
{
	volatile struct virtq_desc *d;
	uint8_t *buf;
	uint16_t id;

	if (vnet.broken)
		return -1;
	tx_reclaim();
	if (len > VNET_BUF_SIZE - VIRTIO_NET_HDR_LEN || vnet.tx_nfree == 0)
		return -1;
	id = vnet.tx_free[--vnet.tx_nfree];
	buf = vnet.tx_bufs + (size_t)id * VNET_BUF_SIZE;
	memset(buf, 0, VIRTIO_NET_HDR_LEN);
	memcpy(buf + VIRTIO_NET_HDR_LEN, frame, len);
	d = &vnet.tx.desc[id];
	d->addr = (uintptr_t)buf;
	d->len = (uint32_t)(VIRTIO_NET_HDR_LEN + len);
	d->flags = 0;
	vnet.tx_busy[id] = true;
	virtq_push(&vnet.tx, id);
	virtq_kick(&vnet.dev, &vnet.tx);
	return 0;
}

static void vnet_read_mac(void)
{
	static const uint8_t fallback[6] = {0x02, 0, 0, 0, 0, 0x01};
	unsigned i;

	if (!(vnet.features & (1ULL << VIRTIO_NET_F_MAC))) {
		memcpy(vnet.netdev.mac, fallback, 6);
		return;
	}
	for (i = 0; i < 6; i++)
		vnet.netdev.mac[i] =
		    mmio_read8(vnet.dev.device + VIRTIO_NET_CFG_MAC + i);
}

static int vnet_alloc(void)
{
	size_t rx_pages = (size_t)vnet.rx.size * VNET_BUF_SIZE / UNI_PAGE_SIZE;
	size_t tx_pages = (size_t)vnet.tx.size * VNET_BUF_SIZE / UNI_PAGE_SIZE;
	unsigned i;

	/*
	 * Not cleared: the device writes a receive buffer before it is read,
	 * and a frame sent is its header and bytes, written just before.
	 */
	vnet.rx_bufs = uni_page_alloc_uncleared(rx_pages ? rx_pages : 1);
	vnet.tx_bufs = uni_page_alloc_uncleared(tx_pages ? tx_pages : 1);
	if (vnet.rx_bufs == NULL || vnet.tx_bufs == NULL) {
		printf("virtio-net: no memory for the packet buffers\n");
		return -1;
	}
	for (i = 0; i < vnet.tx.size; i++)
		vnet.tx_free[vnet.tx_nfree++] = (uint16_t)i;
	for (i = 0; i < vnet.rx.size; i++)
		rx_post((uint16_t)i);
	return 0;
}

static void print_up(const void *arg)
{
	printf("virtio-net: %s, features %#llx, queues %u/%u\n", vnet.dev.where,
	       (unsigned long long)vnet.features, vnet.rx.size, vnet.tx.size);
}

/* Formatted when boot output is released (rt/console.c). */
static struct uni_console_deferred up_line = {.print = print_up};

static int vnet_init(void)
{
	uint64_t want = 1ULL << VIRTIO_NET_F_MAC;

	if (UNI_CFG_VAR(net0, rx_csum_offload))
		want |= 1ULL << VIRTIO_NET_F_GUEST_CSUM;
	vnet.features = virtio_negotiate(&vnet.dev, want);
	if (vnet.features == 0 ||
	    virtq_init(&vnet.dev, &vnet.rx, VIRTIO_NET_Q_RX, VNET_QSIZE_MAX) ||
	    virtq_init(&vnet.dev, &vnet.tx, VIRTIO_NET_Q_TX, VNET_QSIZE_MAX) ||
	    vnet_alloc())
		return UNI_DRIVER_FAILED;
	vnet_irq_init();
	vnet.dev.t->set_status(
	    &vnet.dev, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER |
			   VIRTIO_STATUS_FEATURES_OK | VIRTIO_STATUS_DRIVER_OK);
	virtq_kick(&vnet.dev, &vnet.rx);
	vnet_read_mac();
	vnet.netdev.name = "virtio-net";
	vnet.netdev.mtu = 1500;
	vnet.netdev.transmit = vnet_transmit;
	vnet.poller.name = "virtio-net";
	vnet.poller.poll = vnet_poll;
	vnet.poller.arm = vnet_arm;
	uni_poller_register(&vnet.poller);
	uni_console_defer(&up_line);
	return uni_netdev_register(&vnet.netdev) == NET_OK ? UNI_DRIVER_OK
							   : UNI_DRIVER_FAILED;
}

UNI_DRIVER(virtio_net, "virtio-net", UNI_DRIVER_NET, UNI_DRIVER_ON_KVM,
	   vnet_probe, vnet_init);
