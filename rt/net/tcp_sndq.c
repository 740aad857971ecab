/* SPDX-License-Identifier: ISC */
/*
 * The send queue of copied and referenced extents (tcp_sndq.h). A lookup
 * walks the extents from the first: there are at most TCP_SEND_EXTENTS,
 * and the offset in the ring of a copied extent is the sum of the copied
 * extents before it.
 */
#include "net/tcp_sndq.h"

#include <string.h>

static struct tcp_extent *extent(struct tcp_sndq *q, unsigned i)
{
	return &q->x[(q->head + i) % TCP_SEND_EXTENTS];
}

static const struct tcp_extent *extent_c(const struct tcp_sndq *q, unsigned i)
{
	return &q->x[(q->head + i) % TCP_SEND_EXTENTS];
}

static uint32_t room(const struct tcp_sndq *q)
{
	return TCP_SEND_MAX - q->len;
}

uint32_t tcp_sndq_copy_space(const struct tcp_sndq *q)
{
	uint32_t space = tcp_ring_space(&q->r);

	return space < room(q) ? space : room(q);
}

uint32_t tcp_sndq_ref_space(const struct tcp_sndq *q)
{
	return q->refs < TCP_SEND_REFS ? room(q) : 0;
}

/* A new extent at the end (there is always a slot: see tcp_sndq.h). */
static struct tcp_extent *extent_new(struct tcp_sndq *q, const uint8_t *ref)
{
	struct tcp_extent *x = extent(q, q->n++);

	*x = (struct tcp_extent){.ref = ref};
	return x;
}

uint32_t tcp_sndq_copy(struct tcp_sndq *q, const uint8_t *src, uint32_t n)
{
	struct tcp_extent *x;
	uint32_t space = tcp_sndq_copy_space(q);

	if (n > space)
		n = space;
	if (n == 0)
		return 0;
	x = q->n != 0 ? extent(q, q->n - 1u) : NULL;
	if (x == NULL || x->ref != NULL)
		x = extent_new(q, NULL);
	tcp_ring_append(&q->r, src, n);
	x->len += n;
	q->len += n;
	return n;
}

uint32_t tcp_sndq_ref(struct tcp_sndq *q, const uint8_t *p, uint32_t n)
{
	uint32_t space = tcp_sndq_ref_space(q);

	if (n > space)
		n = space;
	if (n == 0 || p == NULL)
		return 0;
	extent_new(q, p)->len = n;
	q->refs++;
	q->len += n;
	return n;
}

void tcp_sndq_get(const struct tcp_sndq *q, uint32_t off, uint8_t *dst,
		  uint32_t n)
{
	uint32_t roff = 0; /* ring offset of extent i's first byte */
	unsigned i;

	for (i = 0; i < q->n && n != 0; i++) {
		const struct tcp_extent *x = extent_c(q, i);
		uint32_t take;

		if (off >= x->len) {
			off -= x->len;
			roff += x->ref == NULL ? x->len : 0;
			continue;
		}
		take = x->len - off < n ? x->len - off : n;
		if (x->ref != NULL)
			memcpy(dst, x->ref + off, take);
		else
			tcp_ring_get(&q->r, roff + off, dst, take);
		roff += x->ref == NULL ? x->len : 0;
		dst += take;
		n -= take;
		off = 0;
	}
}

bool tcp_sndq_consume(struct tcp_sndq *q, uint32_t n)
{
	bool freed = false;

	q->len -= n;
	while (n != 0 && q->n != 0) {
		struct tcp_extent *x = extent(q, 0);
		uint32_t take = x->len < n ? x->len : n;

		if (x->ref != NULL) {
			x->ref += take;
		} else {
			tcp_ring_consume(&q->r, take);
			freed = true;
		}
		x->len -= take;
		n -= take;
		if (x->len != 0)
			break;
		if (x->ref != NULL) {
			q->refs--;
			freed = true;
		}
		q->head = (uint8_t)((q->head + 1) % TCP_SEND_EXTENTS);
		q->n--;
	}
	return freed;
}

void tcp_sndq_free(struct tcp_sndq *q)
{
	tcp_ring_free(&q->r);
	q->len = 0;
	q->head = q->n = q->refs = 0;
}
