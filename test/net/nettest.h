/* SPDX-License-Identifier: ISC */
/*
 * Harness of the stack tests: a struct netif whose output callback records
 * every frame, builders for input frames (through the wire emitters, which
 * test_wire.c checks against golden bytes), and a check that exactly one
 * drop counter moved.
 */
#ifndef TEST_NET_NETTEST_H
#define TEST_NET_NETTEST_H

#include <string.h>

#include "net/netif.h"
#include "net/wire/arp.h"
#include "net/wire/csum.h"
#include "net/wire/dhcp.h"
#include "net/wire/icmp.h"
#include "unit.h"

#define IP(a, b, c, d) ((uint32_t)(a) << 24 | (b) << 16 | (c) << 8 | (d))
#define OUR_IP IP(10, 0, 2, 15)
#define HOST_IP IP(10, 0, 2, 2)
#define SEC 1000000000ULL
#define MAX_OUT 64

static const uint8_t host_mac[6] = {0x52, 0x55, 0, 0, 2, 2};
static const uint8_t our_mac[6] = {0x52, 0x54, 0, 0x12, 0x34, 0x56};

struct capture {
	unsigned n;
	bool refuse; /* make the device refuse frames */
	size_t len[MAX_OUT];
	uint8_t f[MAX_OUT][ETH_MAX_FRAME];
};

static struct capture out;

static int capture_output(void *ctx, const uint8_t *frame, size_t len)
{
	struct capture *c = ctx;

	if (c->refuse)
		return -1;
	if (c->n < MAX_OUT) {
		memcpy(c->f[c->n], frame, len);
		c->len[c->n] = len;
	}
	c->n++;
	return 0;
}

__attribute__((unused)) static struct bytes out_frame(unsigned i)
{
	return bytes_make(out.f[i], out.len[i]);
}

/* A fresh interface; with an address when addr is not 0. */
static void nif_setup(struct netif *nif, uint32_t addr)
{
	net_if_release(nif); /* the frames a previous test left queued */
	net_if_init(nif, our_mac, capture_output, &out);
	if (addr != 0)
		net_if_set_addr(nif, 0, addr, IP(255, 255, 255, 0), HOST_IP);
	memset(&out, 0, sizeof(out));
}

__attribute__((unused)) static void feed(struct netif *nif, uint64_t now,
					 const uint8_t *f, size_t n)
{
	net_input(nif, now, bytes_make(f, n));
}

/* Ethernet + IPv4 (20 bytes) around l4[0..len): the frame length. */
static size_t build_ip(uint8_t *f, const uint8_t *dst_mac, uint32_t src,
		       uint32_t dst, uint8_t proto, const uint8_t *l4,
		       size_t len)
{
	struct eth_hdr eh = {.type = ETH_TYPE_IPV4};
	struct ipv4_hdr ih = {
	    .ttl = 64, .proto = proto, .src = src, .dst = dst, .id = 0x4242};

	memcpy(eh.dst, dst_mac, 6);
	memcpy(eh.src, host_mac, 6);
	eth_emit(f, ETH_HLEN, &eh);
	ipv4_emit(f + ETH_HLEN, IPV4_MIN_HLEN, &ih, len);
	memmove(f + ETH_HLEN + IPV4_MIN_HLEN, l4, len);
	return ETH_HLEN + IPV4_MIN_HLEN + len;
}

__attribute__((unused)) static size_t build_udp(uint8_t *f, uint32_t src,
						uint32_t dst, uint16_t sport,
						uint16_t dport,
						const void *data, size_t len)
{
	uint8_t l4[ETH_MAX_FRAME];

	memcpy(l4 + UDP_HLEN, data, len);
	udp_emit(l4, sizeof(l4), src, dst, sport, dport, len);
	return build_ip(f, our_mac, src, dst, IPV4_PROTO_UDP, l4,
			UDP_HLEN + len);
}

/* Recompute the IPv4 header checksum of a frame built above. */
__attribute__((unused)) static void fix_ip_csum(uint8_t *f)
{
	uint8_t *h = f + ETH_HLEN;
	size_t hlen = (h[0] & 0xf) * 4u;

	put16(h + 10, 0);
	put16(h + 10, csum_of(bytes_make(h, hlen)));
}

__attribute__((unused)) static uint64_t drop_total(const struct netif *nif)
{
	uint64_t t = 0;
	unsigned i;

	for (i = 0; i < NET_DROP_COUNT; i++)
		t += nif->drops[i];
	return t;
}

/* Check that why counted one drop more and no other counter moved. */
#define CHECK_ONE_DROP(nif, before, why, what)                                 \
	CHECK((nif)->drops[why] == 1 && drop_total(nif) == (before) + 1,       \
	      "%s: expected one drop \"%s\", counter %llu, total %llu->%llu",  \
	      what, net_drop_text(why), (unsigned long long)(nif)->drops[why], \
	      (unsigned long long)(before),                                    \
	      (unsigned long long)drop_total(nif))

#endif
