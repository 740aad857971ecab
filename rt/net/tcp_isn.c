/* SPDX-License-Identifier: ISC */
/*
 * Numbers an off-path attacker must not guess: initial sequence numbers
 * (RFC 6528: a keyed hash of the connection's addresses and ports plus a
 * clock ticking every 4 microseconds), the offset of each connection's
 * timestamp clock (RFC 7323 7.1) and the ephemeral port of an active open
 * (RFC 6056 3.3.3, "double-hash" without the table: a keyed hash of the
 * destination plus a counter). The key is the stack's per-boot secret.
 * SipHash-2-4 (Aumasson and Bernstein) is the keyed hash.
 */
#include <string.h>

#include "net/tcp_conn.h"

#define EPHEMERAL_LOW 49152 /* the IANA dynamic range (RFC 6335 6) */
#define EPHEMERAL_COUNT (65536 - EPHEMERAL_LOW)

static uint64_t rotl(uint64_t x, unsigned b)
{
	return x << b | x >> (64 - b);
}

static uint64_t le64(const uint8_t *p)
{
	uint64_t v = 0;
	unsigned i;

	for (i = 0; i < 8; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

static void sip_round(uint64_t v[4])
{
	v[0] += v[1];
	v[1] = rotl(v[1], 13) ^ v[0];
	v[0] = rotl(v[0], 32);
	v[2] += v[3];
	v[3] = rotl(v[3], 16) ^ v[2];
	v[0] += v[3];
	v[3] = rotl(v[3], 21) ^ v[0];
	v[2] += v[1];
	v[1] = rotl(v[1], 17) ^ v[2];
	v[2] = rotl(v[2], 32);
}

static void sip_block(uint64_t v[4], uint64_t m, unsigned rounds)
{
	unsigned i;

	v[3] ^= m;
	for (i = 0; i < rounds; i++)
		sip_round(v);
	v[0] ^= m;
}

uint64_t tcp_siphash(const uint8_t key[16], const uint8_t *p, size_t n)
{
	uint64_t k0 = le64(key), k1 = le64(key + 8), last = (uint64_t)n << 56;
	uint64_t v[4] = {k0 ^ 0x736f6d6570736575ULL, k1 ^ 0x646f72616e646f6dULL,
			 k0 ^ 0x6c7967656e657261ULL,
			 k1 ^ 0x7465646279746573ULL};
	size_t i;
	unsigned r;

	for (i = 0; i + 8 <= n; i += 8)
		sip_block(v, le64(p + i), 2);
	for (r = 0; i + r < n; r++)
		last |= (uint64_t)p[i + r] << (8 * r);
	sip_block(v, last, 2);
	v[2] ^= 0xff;
	for (r = 0; r < 4; r++)
		sip_round(v);
	return v[0] ^ v[1] ^ v[2] ^ v[3];
}

/* The hash of the addresses, the ports and a domain byte. */
static uint64_t tuple_hash(const struct tcp_stack *st,
			   const struct net_addr *laddr, uint16_t lport,
			   const struct net_addr *raddr, uint16_t rport,
			   uint8_t domain)
{
	uint8_t m[38];

	memcpy(m, laddr->a, 16);
	memcpy(m + 16, raddr->a, 16);
	m[32] = (uint8_t)(lport >> 8);
	m[33] = (uint8_t)lport;
	m[34] = (uint8_t)(rport >> 8);
	m[35] = (uint8_t)rport;
	m[36] = laddr->family;
	m[37] = domain;
	return tcp_siphash(st->secret, m, sizeof(m));
}

uint32_t tcp_isn(const struct tcp_stack *st, uint64_t now_ns,
		 const struct tcp_sock *s)
{
	if (st->test.fixed)
		return st->test.isn;
	return (uint32_t)(now_ns / 4000) +
	       (uint32_t)tuple_hash(st, &s->laddr, s->lport, &s->raddr,
				    s->rport, 'I');
}

uint32_t tcp_ts_offset(const struct tcp_stack *st, const struct tcp_sock *s)
{
	if (st->test.fixed)
		return st->test.ts_off;
	return (uint32_t)tuple_hash(st, &s->laddr, s->lport, &s->raddr,
				    s->rport, 'T');
}

static bool port_taken(struct tcp_stack *st, const struct net_addr *laddr,
		       uint16_t port, const struct net_addr *raddr,
		       uint16_t rport)
{
	return tcp_find_listener(st, port) != NULL ||
	       tcp_lookup(st, laddr, port, raddr, rport) != NULL;
}

uint16_t tcp_ephemeral_port(struct tcp_stack *st, const struct net_addr *laddr,
			    const struct net_addr *raddr, uint16_t rport)
{
	uint32_t f = (uint32_t)tuple_hash(st, laddr, 0, raddr, rport, 'P');
	uint32_t i;
	uint16_t port;

	for (i = 0; i < EPHEMERAL_COUNT; i++) {
		port = (uint16_t)(EPHEMERAL_LOW + (f + st->next_ephemeral + i) %
						      EPHEMERAL_COUNT);
		if (!port_taken(st, laddr, port, raddr, rport)) {
			st->next_ephemeral += (uint16_t)(i + 1);
			return port;
		}
	}
	return 0;
}
