/* SPDX-License-Identifier: ISC */
/*
 * The byte buffers of one connection, allocated once when it is
 * established and freed when it ends. A ring holds len bytes from head;
 * bytes may also be placed past len (the receive side keeps out-of-order
 * data where it will be read, so nothing is copied twice). The receive
 * queue adds the ranges of out-of-order data, most recent first: they are
 * the SACK blocks of RFC 2018, and they join the in-order data as the
 * holes before them fill.
 */
#ifndef NET_TCP_BUF_H
#define NET_TCP_BUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct tcp_ring {
	uint8_t *buf;
	uint32_t cap, head, len;
};

/* 0, or -1 when memory runs out (r is then empty). */
int tcp_ring_alloc(struct tcp_ring *r, uint32_t cap);
void tcp_ring_free(struct tcp_ring *r);
/* Copy n bytes to logical offset off from head; off + n <= cap. */
void tcp_ring_put(struct tcp_ring *r, uint32_t off, const uint8_t *src,
		  uint32_t n);
/* Copy n bytes from logical offset off; off + n <= cap. */
void tcp_ring_get(const struct tcp_ring *r, uint32_t off, uint8_t *dst,
		  uint32_t n);
/* Append up to n bytes; returns how many fit. */
uint32_t tcp_ring_append(struct tcp_ring *r, const uint8_t *src, uint32_t n);
/* Forget the first n bytes (n <= len). */
void tcp_ring_consume(struct tcp_ring *r, uint32_t n);

static inline uint32_t tcp_ring_space(const struct tcp_ring *r)
{
	return r->cap - r->len;
}

/* A range of sequence numbers [left, right). */
struct tcp_range {
	uint32_t left, right;
};

#define TCP_OOO_RANGES 8

/* The receive queue: in-order bytes in the ring, and out-of-order ranges. */
struct tcp_rcvq {
	struct tcp_ring r;
	uint8_t n; /* ranges in use, ooo[0] the most recently changed */
	struct tcp_range ooo[TCP_OOO_RANGES];
};

/*
 * Store the n bytes of sequence seq, which lie in [nxt, nxt + free space);
 * nxt is the next in-order sequence number. Returns how far the in-order
 * data grew (the advance of nxt), or -1 when the bytes are out of order
 * and no range is left for them (they are not stored).
 */
int64_t tcp_rcvq_add(struct tcp_rcvq *q, uint32_t nxt, uint32_t seq,
		     const uint8_t *data, uint32_t n);

/*
 * What the peer has SACKed above snd_una (the sender's scoreboard, RFC
 * 6675 2), sorted and disjoint; when full, the highest range is forgotten
 * (it is retransmitted if need be, never lost).
 */
#define TCP_SACK_BOARD 8

struct tcp_sackboard {
	uint8_t n;
	struct tcp_range r[TCP_SACK_BOARD];
};

void tcp_board_add(struct tcp_sackboard *b, uint32_t left, uint32_t right);
/* Forget everything below una. */
void tcp_board_prune(struct tcp_sackboard *b, uint32_t una);
/* Bytes SACKed in [a, b). */
uint32_t tcp_board_sacked_in(const struct tcp_sackboard *b, uint32_t a,
			     uint32_t z);
/* The first sequence number at or after seq that is not SACKed. */
uint32_t tcp_board_skip(const struct tcp_sackboard *b, uint32_t seq);
/* The first SACKed sequence number after seq (end when none before). */
uint32_t tcp_board_next_sacked(const struct tcp_sackboard *b, uint32_t seq,
			       uint32_t end);

#endif
