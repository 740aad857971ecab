/* SPDX-License-Identifier: ISC */
/*
 * Ring buffers and the receive queue of a connection (tcp_buf.h). The
 * out-of-order ranges are kept merged and disjoint, none touching the
 * in-order data: a range that reaches it is folded into the ring's len at
 * once.
 */
#include <stdlib.h>
#include <string.h>

#include "net/tcp_buf.h"
#include "net/tcp_seq.h"

int tcp_ring_alloc(struct tcp_ring *r, uint32_t cap)
{
	r->head = r->len = 0;
	r->buf = malloc(cap);
	r->cap = r->buf != NULL ? cap : 0;
	return r->buf != NULL ? 0 : -1;
}

void tcp_ring_free(struct tcp_ring *r)
{
	free(r->buf);
	*r = (struct tcp_ring){0};
}

void tcp_ring_put(struct tcp_ring *r, uint32_t off, const uint8_t *src,
		  uint32_t n)
{
	uint32_t at = (r->head + off) % r->cap;
	uint32_t first = n < r->cap - at ? n : r->cap - at;

	memcpy(r->buf + at, src, first);
	memcpy(r->buf, src + first, n - first);
}

void tcp_ring_get(const struct tcp_ring *r, uint32_t off, uint8_t *dst,
		  uint32_t n)
{
	uint32_t at = (r->head + off) % r->cap;
	uint32_t first = n < r->cap - at ? n : r->cap - at;

	memcpy(dst, r->buf + at, first);
	memcpy(dst + first, r->buf, n - first);
}

uint32_t tcp_ring_append(struct tcp_ring *r, const uint8_t *src, uint32_t n)
{
	if (n > tcp_ring_space(r))
		n = tcp_ring_space(r);
	if (n == 0)
		return 0;
	tcp_ring_put(r, r->len, src, n);
	r->len += n;
	return n;
}

void tcp_ring_consume(struct tcp_ring *r, uint32_t n)
{
	r->head = (r->head + n) % r->cap;
	r->len -= n;
}

static void range_remove(struct tcp_rcvq *q, unsigned i)
{
	memmove(&q->ooo[i], &q->ooo[i + 1], (q->n - i - 1) * sizeof(q->ooo[0]));
	q->n--;
}

/* Make range i the most recent one (ooo[0]). */
static void range_to_front(struct tcp_rcvq *q, unsigned i)
{
	struct tcp_range r = q->ooo[i];

	memmove(&q->ooo[1], &q->ooo[0], i * sizeof(q->ooo[0]));
	q->ooo[0] = r;
}

/* Merge [left, right) into the ranges; false when none is left for it. */
static bool range_add(struct tcp_rcvq *q, uint32_t left, uint32_t right)
{
	unsigned i = 0;

	while (i < q->n) {
		struct tcp_range *o = &q->ooo[i];

		if (seq_lt(right, o->left) || seq_gt(left, o->right)) {
			i++;
			continue;
		}
		left = seq_min(left, o->left);
		right = seq_max(right, o->right);
		range_remove(q, i);
	}
	if (q->n == TCP_OOO_RANGES)
		return false;
	q->ooo[q->n++] = (struct tcp_range){left, right};
	range_to_front(q, q->n - 1);
	return true;
}

/*
 * Fold a range that now starts at or before nxt into the in-order data:
 * false when there is none; *grow is how far it reaches past nxt.
 */
static bool range_join(struct tcp_rcvq *q, uint32_t nxt, uint32_t *grow)
{
	unsigned i;

	for (i = 0; i < q->n; i++) {
		struct tcp_range o = q->ooo[i];

		if (seq_le(o.left, nxt)) {
			*grow = seq_gt(o.right, nxt) ? o.right - nxt : 0;
			range_remove(q, i);
			return true;
		}
	}
	return false;
}

int64_t tcp_rcvq_add(struct tcp_rcvq *q, uint32_t nxt, uint32_t seq,
		     const uint8_t *data, uint32_t n)
{
	uint32_t grown, g;

	if (n == 0)
		return 0;
	if (seq != nxt) {
		if (!range_add(q, seq, seq + n))
			return -1;
		tcp_ring_put(&q->r, q->r.len + (seq - nxt), data, n);
		return 0;
	}
	tcp_ring_put(&q->r, q->r.len, data, n);
	q->r.len += n;
	grown = n;
	while (range_join(q, nxt + grown, &g)) {
		q->r.len += g;
		grown += g;
	}
	return grown;
}

void tcp_board_add(struct tcp_sackboard *b, uint32_t left, uint32_t right)
{
	unsigned i = 0, at;

	while (i < b->n) {
		struct tcp_range *o = &b->r[i];

		if (seq_lt(right, o->left) || seq_gt(left, o->right)) {
			i++;
			continue;
		}
		left = seq_min(left, o->left);
		right = seq_max(right, o->right);
		memmove(o, o + 1, (b->n - i - 1) * sizeof(*o));
		b->n--;
	}
	for (at = 0; at < b->n && seq_lt(b->r[at].left, left); at++)
		;
	if (b->n == TCP_SACK_BOARD) {
		if (at == b->n)
			return;
		b->n--;
	}
	memmove(&b->r[at + 1], &b->r[at], (b->n - at) * sizeof(b->r[0]));
	b->r[at] = (struct tcp_range){left, right};
	b->n++;
}

void tcp_board_prune(struct tcp_sackboard *b, uint32_t una)
{
	unsigned drop = 0;

	while (drop < b->n && seq_le(b->r[drop].right, una))
		drop++;
	memmove(&b->r[0], &b->r[drop], (b->n - drop) * sizeof(b->r[0]));
	b->n -= drop;
	if (b->n != 0 && seq_lt(b->r[0].left, una))
		b->r[0].left = una;
}

uint32_t tcp_board_sacked_in(const struct tcp_sackboard *b, uint32_t a,
			     uint32_t z)
{
	uint32_t sum = 0;
	unsigned i;

	for (i = 0; i < b->n; i++) {
		uint32_t l = seq_max(b->r[i].left, a);
		uint32_t r = seq_min(b->r[i].right, z);

		if (seq_lt(l, r))
			sum += r - l;
	}
	return sum;
}

uint32_t tcp_board_skip(const struct tcp_sackboard *b, uint32_t seq)
{
	unsigned i;

	for (i = 0; i < b->n; i++)
		if (seq_in(seq, b->r[i].left, b->r[i].right))
			seq = b->r[i].right;
	return seq;
}

uint32_t tcp_board_next_sacked(const struct tcp_sackboard *b, uint32_t seq,
			       uint32_t end)
{
	unsigned i;

	for (i = 0; i < b->n; i++)
		if (seq_gt(b->r[i].left, seq) && seq_lt(b->r[i].left, end))
			return b->r[i].left;
	return end;
}
