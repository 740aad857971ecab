/* SPDX-License-Identifier: ISC */
/*
 * TCP segments (RFC 9293 3.1), the wire layer (the state machine is
 * rt/net/tcp_*.c).
 * tcp_check() proves: at least 20 bytes and at most 65535, a data offset of
 * at least 5 words that fits the segment, a correct checksum over the
 * pseudo-header of either address family, and options whose every length is
 * right (RFC 9293 3.2, RFC 7323, RFC 2018). After it, every accessor below
 * is safe. tcp_parse() decodes the options once into struct tcp_options.
 *
 *   0 sport[2] | 2 dport[2] | 4 seq[4] | 8 ack[4] | 12 off<<4|rsvd
 *   13 flags | 14 window[2] | 16 csum[2] | 18 urgent[2] | 20 options
 *   off*4 data
 */
#ifndef NET_WIRE_TCP_H
#define NET_WIRE_TCP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/bytes.h"
#include "net/wire/csum.h"

#define TCP_HLEN 20
#define TCP_MAX_HLEN 60
#define TCP_MAX_OPTLEN (TCP_MAX_HLEN - TCP_HLEN)
#define TCP_MAX_SEGMENT 0xffff

#define TCP_FIN 0x01
#define TCP_SYN 0x02
#define TCP_RST 0x04
#define TCP_PSH 0x08
#define TCP_ACK 0x10
#define TCP_URG 0x20
#define TCP_ECE 0x40
#define TCP_CWR 0x80

/* Option kinds and their fixed lengths. */
#define TCP_OPT_EOL 0
#define TCP_OPT_NOP 1
#define TCP_OPT_MSS 2
#define TCP_OPT_WSCALE 3
#define TCP_OPT_SACK_OK 4
#define TCP_OPT_SACK 5
#define TCP_OPT_TS 8
#define TCP_OPT_MSS_LEN 4
#define TCP_OPT_WSCALE_LEN 3
#define TCP_OPT_SACK_OK_LEN 2
#define TCP_OPT_TS_LEN 10
#define TCP_SACK_MAX_BLOCKS 4
#define TCP_WSCALE_MAX 14 /* RFC 7323 2.3 */

/*
 * Why a segment was refused: by the wire checks (up to OPT_SIZE), then by
 * the state machine (struct tcp_stats counts each). Kept apart from enum
 * net_drop (drop.h): a reason there is a counter in every interface of
 * every image, TCP's are counters of the TCP stack.
 */
#define TCP_DROP_REASONS(X)                                                    \
	X(NONE, "none")                                                        \
	X(SHORT, "tcp: shorter than its header")                               \
	X(LONG, "tcp: longer than 65535 bytes")                                \
	X(OFFSET, "tcp: data offset below 5 words or past the segment")        \
	X(CSUM, "tcp: bad checksum")                                           \
	X(OPT_LEN, "tcp: option length below 2 or past the header")            \
	X(OPT_SIZE, "tcp: MSS/WS/SACK/timestamp option of the wrong length")   \
	X(NO_LISTENER, "tcp: no connection or listener (answered by RST)")     \
	X(OUT_OF_WINDOW, "tcp: sequence number outside the receive window")    \
	X(PAWS, "tcp: timestamp older than the last (PAWS, RFC 7323)")         \
	X(BAD_ACK, "tcp: acknowledges data never sent, or too old")            \
	X(RST_INVALID, "tcp: RST not exactly at rcv_nxt (challenge ACK)")      \
	X(SYN_CHALLENGE, "tcp: SYN on a synchronized connection (challenge)")  \
	X(NO_ACK, "tcp: no ACK flag on a synchronized connection")             \
	X(NO_SYN, "tcp: neither SYN nor RST to a listener or in SYN-SENT")     \
	X(SYN_FIN, "tcp: SYN with FIN to a listener")                          \
	X(SYN_QUEUE_FULL, "tcp: backlog full, oldest SYN-RECEIVED dropped")    \
	X(TABLE_FULL, "tcp: connection table full, SYN refused with RST")      \
	X(NO_MEMORY, "tcp: no memory for the buffers, connection reset")       \
	X(OOO_FULL, "tcp: out-of-order data with no range left to keep it")    \
	X(DATA_AFTER_CLOSE, "tcp: data after the application closed (RST)")    \
	X(DATA_AFTER_FIN, "tcp: data past the peer's FIN (ignored)")

enum tcp_drop {
#define TCP_DROP_ENUM_(name, text) TCP_DROP_##name,
	TCP_DROP_REASONS(TCP_DROP_ENUM_)
#undef TCP_DROP_ENUM_
	    TCP_DROP_COUNT
};

/* A one-line description of a reason ("tcp: bad checksum"). */
const char *tcp_drop_text(enum tcp_drop why);

/* Presence bits of struct tcp_options. */
#define TCP_HAS_MSS 0x01
#define TCP_HAS_WSCALE 0x02
#define TCP_HAS_SACK_OK 0x04
#define TCP_HAS_SACK 0x08
#define TCP_HAS_TS 0x10
#define TCP_WSCALE_CLAMPED 0x20 /* a shift above 14 was received */

struct tcp_sack_block {
	uint32_t left, right;
};

/*
 * The options of one segment. A repeated option: the last one wins. Which
 * options count on which segment (MSS and WS on a SYN only) is the state
 * machine's business, not the wire's.
 */
struct tcp_options {
	uint8_t has;	/* TCP_HAS_* */
	uint8_t wscale; /* shift, at most 14 */
	uint16_t mss;
	uint8_t sack_n; /* 1..4 blocks when TCP_HAS_SACK */
	struct tcp_sack_block sack[TCP_SACK_MAX_BLOCKS];
	uint32_t ts_val, ts_ecr;
};

struct tcp_hdr {
	uint16_t sport, dport;
	uint32_t seq, ack;
	uint8_t hlen;  /* bytes, data offset * 4 */
	uint8_t flags; /* TCP_FIN ... TCP_CWR */
	uint16_t window, csum, urgent;
	struct tcp_options opt;
};

enum tcp_drop tcp_check(struct bytes seg, const struct net_addr *src,
			const struct net_addr *dst);

/* Accessors over a segment that tcp_check() accepted. */
static inline uint16_t tcp_sport(struct bytes s)
{
	return get16(s, 0);
}
static inline uint16_t tcp_dport(struct bytes s)
{
	return get16(s, 2);
}
static inline uint32_t tcp_seq(struct bytes s)
{
	return get32(s, 4);
}
static inline uint32_t tcp_ack(struct bytes s)
{
	return get32(s, 8);
}
static inline unsigned tcp_hlen(struct bytes s)
{
	return (get8(s, 12) >> 4) * 4u;
}
static inline uint8_t tcp_flags(struct bytes s)
{
	return get8(s, 13);
}
static inline uint16_t tcp_window(struct bytes s)
{
	return get16(s, 14);
}
static inline uint16_t tcp_csum(struct bytes s)
{
	return get16(s, 16);
}
static inline uint16_t tcp_urgent(struct bytes s)
{
	return get16(s, 18);
}

static inline struct bytes tcp_options_view(struct bytes s)
{
	return bytes_sub(s, TCP_HLEN, tcp_hlen(s) - TCP_HLEN);
}

static inline struct bytes tcp_payload(struct bytes s)
{
	return bytes_from(s, tcp_hlen(s));
}

/* Decode an option area (at most 40 bytes) into *o. */
enum tcp_drop tcp_options_parse(struct bytes opts, struct tcp_options *o);

/* Check seg and decode its header and options; *data is the payload. */
enum tcp_drop tcp_parse(struct bytes seg, const struct net_addr *src,
			const struct net_addr *dst, struct tcp_hdr *h,
			struct bytes *data);

/*
 * The bytes the options of o take once written: a multiple of 4, in the
 * layout Linux sends (MSS; SACK-permitted and timestamps, or a NOP pair
 * before the one present; NOP + WS; NOP NOP + SACK blocks).
 */
size_t tcp_options_len(const struct tcp_options *o);

/*
 * Write the header of h (h->hlen and h->csum ignored) with o's options for
 * data_len bytes already placed at buf + 20 + tcp_options_len(&h->opt), and
 * the checksum over pseudo-header, header and data. Returns the header
 * length, or 0 when cap cannot hold it all, the options exceed 40 bytes or
 * the segment would exceed 65535 bytes.
 */
size_t tcp_emit(uint8_t *buf, size_t cap, const struct tcp_hdr *h,
		const struct net_addr *src, const struct net_addr *dst,
		size_t data_len);

#endif
