/* SPDX-License-Identifier: ISC */
/*
 * The send queue of one connection: the bytes the application queued and
 * the peer has not acknowledged, in order, as a short list of extents.
 * An extent is either bytes copied into the ring (tcp_write) or a
 * reference to memory that the application keeps valid and unchanged
 * (tcp_write_ref): segments are built from it on every (re)transmission,
 * so a reference takes no ring space. Copied extents are never next to
 * each other (a copy after a copy grows the last extent), so at most
 * TCP_SEND_REFS references need at most 2 * TCP_SEND_REFS + 1 extents.
 * The ring holds exactly the copied extents' bytes, in order.
 */
#ifndef NET_TCP_SNDQ_H
#define NET_TCP_SNDQ_H

#include <stdbool.h>
#include <stdint.h>

#include "net/tcp_buf.h"

/* References queued at once per connection; more wait for ACKs. */
#define TCP_SEND_REFS 16
#define TCP_SEND_EXTENTS (2 * TCP_SEND_REFS + 1)
/* Bytes queued at once (copied and referenced): half the sequence space
 * is the most that compares safely, a window at most 2^30 (RFC 7323). */
#define TCP_SEND_MAX (1u << 30)

struct tcp_extent {
	const uint8_t *ref; /* NULL: the bytes are in the ring */
	uint32_t len;
};

struct tcp_sndq {
	struct tcp_ring r;
	uint32_t len;	 /* bytes queued, both kinds */
	uint8_t head, n; /* the extents: a ring of TCP_SEND_EXTENTS */
	uint8_t refs;	 /* how many of them are references */
	struct tcp_extent x[TCP_SEND_EXTENTS];
};

/* Copy up to n bytes in after the queue; returns how many were taken
 * (what the ring and TCP_SEND_MAX leave room for). */
uint32_t tcp_sndq_copy(struct tcp_sndq *q, const uint8_t *src, uint32_t n);
/* Queue a reference to n bytes at p; returns how many were taken: 0 when
 * TCP_SEND_REFS are queued, less than n at TCP_SEND_MAX. */
uint32_t tcp_sndq_ref(struct tcp_sndq *q, const uint8_t *p, uint32_t n);
/* Copy n bytes from offset off of the queue; off + n <= len. */
void tcp_sndq_get(const struct tcp_sndq *q, uint32_t off, uint8_t *dst,
		  uint32_t n);
/* Forget the first n bytes (n <= len); true when that freed ring space
 * or a reference slot (what a waiting writer waits for). */
bool tcp_sndq_consume(struct tcp_sndq *q, uint32_t n);
/* What tcp_sndq_copy and tcp_sndq_ref would take now. */
uint32_t tcp_sndq_copy_space(const struct tcp_sndq *q);
uint32_t tcp_sndq_ref_space(const struct tcp_sndq *q);
/* Free the ring and empty the queue. */
void tcp_sndq_free(struct tcp_sndq *q);

#endif
