/* SPDX-License-Identifier: ISC */
/*
 * The split virtqueue of drivers/virtio/virtq.c against a device played by
 * the test, including a hostile one: queue sizes are clamped to a power of
 * two within the driver's maximum, the areas are laid out and aligned as
 * the spec says, pushed heads appear in the avail ring, used elements come
 * back in order, and a used index more than a queue ahead is refused.
 */
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "virtio.h"

UNIT_COUNTERS;

static void *pages[16];
static unsigned npages;

/* The page allocator of the image, for the native build: zeroed pages. */
void *uni_page_alloc(size_t n)
{
	void *p = aligned_alloc(4096, n * 4096);

	if (p != NULL)
		memset(p, 0, n * 4096);
	if (npages < 16)
		pages[npages++] = p;
	return p;
}

static uint16_t dev_max;
static uint64_t got_desc, got_avail, got_used;
static unsigned notified;

static uint16_t fake_queue_max(struct virtio_dev *d, uint16_t q)
{
	return dev_max;
}

static void fake_setup(struct virtio_dev *d, uint16_t q, uint16_t size,
		       uint64_t desc, uint64_t avail, uint64_t used)
{
	got_desc = desc;
	got_avail = avail;
	got_used = used;
}

static void fake_notify(struct virtio_dev *d, uint16_t q, uint16_t off)
{
	notified++;
}

static uint16_t fake_notify_off(struct virtio_dev *d, uint16_t q)
{
	return 3;
}

static const struct virtio_transport fake = {
    .queue_max = fake_queue_max,
    .queue_setup = fake_setup,
    .notify = fake_notify,
    .queue_notify_off = fake_notify_off,
};

static struct virtio_dev dev = {.t = &fake, .where = "test"};

static void test_sizes(void)
{
	struct virtq q;

	dev_max = 256;
	CHECK(virtq_init(&dev, &q, 0, 128) == 0 && q.size == 128,
	      "clamped to the driver's maximum: %u", q.size);
	dev_max = 100;
	CHECK(virtq_init(&dev, &q, 0, 256) == 0 && q.size == 64,
	      "rounded down to a power of two: %u", q.size);
	CHECK(got_desc % VIRTQ_DESC_ALIGN == 0 &&
		  got_avail == got_desc + 16 * 64 &&
		  got_used % VIRTQ_USED_ALIGN == 0 &&
		  got_used >= got_avail + 6 + 2 * 64,
	      "areas laid out per the spec");
	CHECK(q.notify_off == 3, "notify offset read");
	dev_max = 0;
	CHECK(virtq_init(&dev, &q, 5, 256) == -1, "an absent queue");
}

static void test_push_pop(void)
{
	struct virtq q;
	uint32_t id, len;
	bool broken = false;
	unsigned i;

	dev_max = 8;
	virtq_init(&dev, &q, 1, 256);
	for (i = 0; i < 10; i++)
		virtq_push(&q, (uint16_t)(i % 8));
	CHECK(q.avail->idx == 10 && q.avail->ring[1] == 1 &&
		  q.avail->ring[0] == 0,
	      "heads in the avail ring, index free-running");
	CHECK(!virtq_pop(&q, &id, &len, &broken) && !broken, "nothing used");
	q.used->ring[0].id = 5;
	q.used->ring[0].len = 77;
	q.used->ring[1].id = 6;
	q.used->ring[1].len = 88;
	q.used->idx = 2;
	CHECK(virtq_pop(&q, &id, &len, &broken) && id == 5 && len == 77,
	      "first used element");
	CHECK(virtq_pop(&q, &id, &len, &broken) && id == 6 && len == 88,
	      "second used element");
	CHECK(!virtq_pop(&q, &id, &len, &broken) && !broken, "then none");
	q.used->idx = (uint16_t)(2 + 9); /* 9 new entries in an 8-entry ring */
	CHECK(!virtq_pop(&q, &id, &len, &broken) && broken,
	      "a used index past the ring is refused as broken");
	q.used->idx = 0xffff; /* wrapped backwards */
	broken = false;
	CHECK(!virtq_pop(&q, &id, &len, &broken) && broken,
	      "a used index that went backwards is refused");
	notified = 0;
	q.used->flags = VIRTQ_USED_F_NO_NOTIFY;
	virtq_kick(&dev, &q);
	CHECK(notified == 0, "no kick when the device asks for none");
	q.used->flags = 0;
	virtq_kick(&dev, &q);
	CHECK(notified == 1, "kick");
}

/* Event suppression: the flag, and the recheck that closes the race. */
static void test_irq_suppress(void)
{
	struct virtq q;
	uint32_t id, len;
	bool broken = false;

	dev_max = 8;
	virtq_init(&dev, &q, 0, 256);
	virtq_irq_suppress(&q);
	CHECK(q.avail->flags == VIRTQ_AVAIL_F_NO_INTERRUPT,
	      "suppressed: NO_INTERRUPT in the driver area");
	CHECK(!virtq_irq_enable(&q) && q.avail->flags == 0,
	      "enabled, nothing used meanwhile: the driver may wait");
	virtq_irq_suppress(&q);
	q.used->ring[0].id = 1;
	q.used->idx = 1; /* the device used a buffer while suppressed */
	CHECK(virtq_irq_enable(&q) && q.avail->flags == 0,
	      "enabled, a buffer used meanwhile: poll, do not wait");
	CHECK(virtq_pop(&q, &id, &len, &broken) && id == 1, "it is there");
	CHECK(!virtq_irq_enable(&q), "consumed: the driver may wait");
}

int main(void)
{
	test_sizes();
	test_push_pop();
	test_irq_suppress();
	while (npages > 0)
		free(pages[--npages]);
	return unit_summary();
}
