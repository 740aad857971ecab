/* SPDX-License-Identifier: ISC */
/*
 * Split virtqueues (virtio 1.x, spec 2.6) and device initialisation (spec
 * 3.1), common to the MMIO and PCI transports. The queue memory comes from
 * the page allocator, which maps RAM one to one, so a pointer is also the
 * guest-physical address the device is given. The device's used index is
 * read once per element and bounded by the queue size.
 */
#include <stdio.h>

#include "uni/cpu.h"
#include "uni/mm.h"
#include "virtio.h"

uint64_t virtio_read_features(uintptr_t select, uintptr_t value)
{
	uint64_t f;

	mmio_write32(select, 1);
	f = (uint64_t)mmio_read32(value) << 32;
	mmio_write32(select, 0);
	return f | mmio_read32(value);
}

void virtio_write_features(uintptr_t select, uintptr_t value, uint64_t f)
{
	mmio_write32(select, 1);
	mmio_write32(value, (uint32_t)(f >> 32));
	mmio_write32(select, 0);
	mmio_write32(value, (uint32_t)f);
}

uint64_t virtio_negotiate(struct virtio_dev *d, uint64_t wanted)
{
	const struct virtio_transport *t = d->t;
	uint8_t s = VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER;
	uint64_t offered, agreed;
	unsigned spins = 0;

	t->set_status(d, 0);
	while (t->status(d) != 0 && ++spins < 1000000)
		__asm__ volatile("pause");
	t->set_status(d, VIRTIO_STATUS_ACKNOWLEDGE);
	t->set_status(d, s);
	offered = t->features(d);
	if (!(offered & (1ULL << VIRTIO_F_VERSION_1))) {
		printf("virtio-%s: the device is legacy (no VERSION_1 in "
		       "features %#llx); only modern devices are supported\n",
		       d->where, (unsigned long long)offered);
		t->set_status(d, VIRTIO_STATUS_FAILED);
		return 0;
	}
	agreed = offered & (wanted | 1ULL << VIRTIO_F_VERSION_1);
	t->set_features(d, agreed);
	t->set_status(d, s | VIRTIO_STATUS_FEATURES_OK);
	if (!(t->status(d) & VIRTIO_STATUS_FEATURES_OK)) {
		printf("virtio-%s: the device refused features %#llx "
		       "(FEATURES_OK not kept)\n",
		       d->where, (unsigned long long)agreed);
		t->set_status(d, VIRTIO_STATUS_FAILED);
		return 0;
	}
	return agreed;
}

static size_t align_up(size_t v, size_t a)
{
	return (v + a - 1) & ~(a - 1);
}

int virtq_init(struct virtio_dev *d, struct virtq *q, uint16_t index,
	       uint16_t max_size)
{
	uint16_t size = d->t->queue_max(d, index);
	size_t avail_off, used_off, total;
	uint8_t *mem;

	if (size == 0) {
		printf("virtio-%s: queue %u is absent\n", d->where, index);
		return -1;
	}
	if (size > max_size)
		size = max_size;
	while (size & (size - 1)) /* a power of two keeps "% size" simple */
		size &= (uint16_t)(size - 1);
	avail_off = sizeof(struct virtq_desc) * size;
	used_off = align_up(avail_off + 6 + 2u * size, VIRTQ_USED_ALIGN);
	total = used_off + 6 + sizeof(struct virtq_used_elem) * size;
	mem = uni_page_alloc((total + UNI_PAGE_SIZE - 1) / UNI_PAGE_SIZE);
	if (mem == NULL) {
		printf("virtio-%s: no memory for queue %u\n", d->where, index);
		return -1;
	}
	q->size = size;
	q->index = index;
	q->avail_idx = q->used_seen = 0;
	q->desc = (volatile struct virtq_desc *)mem;
	q->avail = (volatile struct virtq_avail *)(mem + avail_off);
	q->used = (volatile struct virtq_used *)(mem + used_off);
	q->notify_off = d->t->queue_notify_off(d, index);
	d->t->queue_setup(d, index, size, (uintptr_t)q->desc,
			  (uintptr_t)q->avail, (uintptr_t)q->used);
	return 0;
}

void virtq_push(struct virtq *q, uint16_t head)
{
	q->avail->ring[q->avail_idx % q->size] = head;
	cpu_wmb(); /* the entry before the index that publishes it */
	q->avail_idx++;
	q->avail->idx = q->avail_idx;
}

void virtq_kick(struct virtio_dev *d, struct virtq *q)
{
	/* The index published before the device's flags are read (store->load:
	 * the full barrier the spec asks for before the notification check). */
	cpu_mb();
	if (!(q->used->flags & VIRTQ_USED_F_NO_NOTIFY))
		d->t->notify(d, q->index, q->notify_off);
}

bool virtq_pop(struct virtq *q, uint32_t *id, uint32_t *len, bool *broken)
{
	uint16_t used_idx = q->used->idx;
	uint16_t pending = (uint16_t)(used_idx - q->used_seen);
	volatile struct virtq_used_elem *e;

	if (pending == 0)
		return false;
	if (pending > q->size) {
		*broken = true;
		return false;
	}
	cpu_rmb(); /* the index before the element it covers */
	e = &q->used->ring[q->used_seen % q->size];
	*id = e->id;
	*len = e->len;
	q->used_seen++;
	return true;
}

void virtq_irq_suppress(struct virtq *q)
{
	q->avail->flags = VIRTQ_AVAIL_F_NO_INTERRUPT;
}

bool virtq_irq_enable(struct virtq *q)
{
	q->avail->flags = 0;
	/* The flag's store before the used index's load (spec 2.7.10). */
	cpu_mb();
	return q->used->idx != q->used_seen;
}
