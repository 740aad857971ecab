/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer target of Neighbor Discovery, past the checksum: an input is
 * a hop limit, a source selector, an ICMPv6 type (RS, RA, NS, NA or a
 * redirect) and the message body; the target wraps it in an IPv6 frame
 * with a correct checksum, from a link-local or global host address or
 * ::, to our address, ff02::1 or our solicited-node group, and feeds it
 * to an interface in auto mode and one with a static address, ticking
 * between. Every frame sent must pass the stack's own checks; the
 * neighbour cache and the address table must stay within their bounds.
 *
 *   net_fuzz_nd -max_len=600 CORPUS_DIR test/fuzz/corpus/net-nd
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "net/ipv6.h"
#include "net/netif.h"
#include "net/wire/ipv6_icmp.h"
#include "uni/config.h"

UNI_CONFIG_EXTERN_STRING(net0, ipv6);

static struct netif nifs[2];
static const uint8_t mac[6] = {0x52, 0x54, 0, 0x12, 0x34, 0x56};
static const uint8_t host_mac[6] = {0x52, 0x55, 0, 0, 2, 2};
static const uint8_t us6[16] = {0x20, 0x01, 0x0d, 0xb8, [15] = 0x15};

static int sink(void *ctx, const uint8_t *frame, size_t len)
{
	struct bytes f = bytes_make(frame, len), pl, up;
	struct eth_hdr eh;
	struct ipv6_hdr h;

	if (len < ETH_MIN_FRAME || len > ETH_MAX_FRAME ||
	    eth_parse(f, &eh, &pl) != NET_DROP_NONE)
		abort();
	if (eh.type != ETH_TYPE_IPV6)
		return 0;
	if (ipv6_parse(pl, &h, &up) != NET_DROP_NONE)
		abort();
	if (h.next == IPV6_NH_HOPOPTS)
		up = bytes_from(up, ipv6_ext_len(up, IPV6_NH_HOPOPTS));
	if (icmp6_check(up, h.src, h.dst) != NET_DROP_NONE)
		abort();
	return 0;
}

static void setup(void)
{
	uint8_t secret[16];

	ipv6_secret_from("", mac, secret);
	for (unsigned i = 0; i < 2; i++) {
		net_if_init(&nifs[i], mac, sink, NULL);
		ipv6_start(&nifs[i], 0, i == 0 ? IPV6_AUTO : IPV6_STATIC, us6,
			   64, secret);
		net_tick(&nifs[i], 0);
		net_tick(&nifs[i], 1000000000ULL);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool ready;
	static uint64_t now = 2000000000ULL;
	static const uint8_t types[5] = {ICMP6_ND_RS, ICMP6_ND_RA, ICMP6_ND_NS,
					 ICMP6_ND_NA, ICMP6_ND_REDIRECT};
	uint8_t f[ETH_HLEN + IPV6_HLEN + 600];
	struct ipv6_hdr h = {.next = IPV6_NH_ICMPV6};
	struct eth_hdr eh = {.type = ETH_TYPE_IPV6};
	size_t n;

	if (!ready) {
		UNI_CFG_VAR(net0, ipv6) = "auto";
		setup();
		ready = true;
	}
	if (size < 3 || size - 3 > 600 - 4)
		return 0;
	n = size - 3 + 4;
	h.hlim = data[0] < 128 ? 255 : data[0];
	for (unsigned i = 0; i < 2; i++) {
		struct netif *nif = &nifs[i];
		uint8_t *m = f + ETH_HLEN + IPV6_HLEN;

		memset(h.src, 0, 16);
		switch (data[1] % 3) {
		case 0:
			h.src[0] = 0xfe;
			h.src[1] = 0x80;
			h.src[15] = 2;
			break;
		case 1:
			memcpy(h.src, us6, 15);
			h.src[15] = 2;
			break;
		}
		switch ((data[1] / 3) % 3) {
		case 0:
			memcpy(h.dst, ipv6_all_nodes, 16);
			break;
		case 1:
			memcpy(h.dst, nif->v6->addr[0].a, 16);
			break;
		default:
			ipv6_solicited_node(h.dst, nif->v6->addr[i].a);
		}
		m[0] = types[data[2] % 5];
		m[1] = 0;
		memcpy(m + 4, data + 3, size - 3);
		icmp6_set_csum(m, n, h.src, h.dst);
		ipv6_emit(f + ETH_HLEN, IPV6_HLEN, &h, n);
		if (ipv6_addr_is_multicast(h.dst))
			ipv6_mcast_mac(eh.dst, h.dst);
		else
			memcpy(eh.dst, mac, 6);
		memcpy(eh.src, host_mac, 6);
		eth_emit(f, ETH_HLEN, &eh);
		now += 20 * 1000000ULL;
		net_input(nif, now, bytes_make(f, ETH_HLEN + IPV6_HLEN + n));
		net_tick(nif, now + 1000000ULL);
		if (nif->n_mcast > NET_MCAST_MACS)
			abort();
	}
	return 0;
}
