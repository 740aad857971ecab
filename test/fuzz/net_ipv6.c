/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer target of the IPv6 path: one input is one Ethernet frame, given
 * to an interface with a static IPv6 address (2001:db8::15/64, and IPv4)
 * and to one in auto mode (SLAAC from RAs), each with UDP echo on ports 7
 * and 53, a tick between inputs: IPv6 with its extension headers, ICMPv6,
 * Neighbor Discovery, DAD, RA processing. The sanitizers catch any read
 * outside the frame; delivered data must lie inside the input; every frame
 * the stack sends must pass the stack's own input checks (IPv6 header,
 * ICMPv6 and UDP checksums, ND validity). The clock advances 20 ms an
 * input, so the error rate limit both sends and suppresses.
 *
 *   net_fuzz_ipv6 -max_len=1600 CORPUS_DIR test/fuzz/corpus/net-ipv6
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "net/ipv6.h"
#include "net/wire/ipv6_icmp.h"
#include "net_fuzz_io.h"
#include "uni/config.h"

UNI_CONFIG_EXTERN_STRING(net0, ipv6);

static struct netif nif_static, nif_auto;

static bool sent_ipv6_ok(struct bytes pl)
{
	struct ipv6_hdr h;
	struct bytes up;
	struct net_addr s = {.family = NET_FAMILY_IPV6};
	struct net_addr d = {.family = NET_FAMILY_IPV6};
	struct udp_hdr uh;
	struct bytes data;
	uint8_t nh;

	if (ipv6_parse(pl, &h, &up) != NET_DROP_NONE || h.hlim == 0 ||
	    ipv6_addr_is_multicast(h.src))
		return false;
	nh = h.next;
	if (nh == IPV6_NH_HOPOPTS) { /* MLD's Router Alert */
		size_t len = ipv6_ext_len(up, nh);

		if (len == 0)
			return false;
		nh = get8(up, 0);
		up = bytes_from(up, len);
	}
	memcpy(s.a, h.src, 16);
	memcpy(d.a, h.dst, 16);
	if (nh == IPV6_NH_ICMPV6)
		return icmp6_check(up, h.src, h.dst) == NET_DROP_NONE &&
		       (get8(up, 0) < ICMP6_ND_RS ||
			get8(up, 0) > ICMP6_ND_NA ||
			(h.hlim == 255 &&
			 nd_check(up, get8(up, 0)) == NET_DROP_NONE));
	if (nh == IPV6_NH_UDP)
		return udp_parse_addr(up, &s, &d, &uh, &data) == NET_DROP_NONE;
	return false;
}

static bool sent_frame_ok(struct bytes f)
{
	struct eth_hdr eh;
	struct bytes pl;

	if (eth_parse(f, &eh, &pl) != NET_DROP_NONE)
		return false;
	if (eh.type == ETH_TYPE_IPV6)
		return sent_ipv6_ok(pl);
	return sent_arp_ipv4_ok(&eh, pl);
}

static void setup(void)
{
	static const uint8_t mac[6] = {0x52, 0x54, 0, 0x12, 0x34, 0x56};
	static const uint8_t us6[16] = {0x20, 0x01, 0x0d, 0xb8, [15] = 0x15};
	uint8_t secret[16];

	ipv6_secret_from("", mac, secret);
	net_if_init(&nif_static, mac, sink, NULL);
	net_if_set_addr(&nif_static, 0, 0x0a00020f, 0xffffff00, 0x0a000202);
	ipv6_start(&nif_static, 0, IPV6_STATIC, us6, 64, secret);
	net_tick(&nif_static, 0);
	net_tick(&nif_static, 1000000000ULL);
	net_udp_bind(&nif_static, 7, echo, &nif_static);
	net_udp_bind(&nif_static, 53, echo, &nif_static);
	net_if_init(&nif_auto, mac, sink, NULL);
	net_if_set_addr(&nif_auto, 0, 0x0a00020f, 0xffffff00, 0x0a000202);
	ipv6_start(&nif_auto, 0, IPV6_AUTO, NULL, 0, secret);
	net_udp_bind(&nif_auto, 7, echo, &nif_auto);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool ready;
	static uint64_t now = 2000000000ULL;

	if (!ready) {
		UNI_CFG_VAR(net0, ipv6) = "auto";
		setup();
		ready = true;
	}
	in_p = data;
	in_len = size;
	now += 20 * 1000000ULL;
	net_input(&nif_static, now, bytes_make(data, size));
	net_tick(&nif_static, now + 1000000ULL);
	net_input(&nif_auto, now, bytes_make(data, size));
	net_tick(&nif_auto, now + 1000000ULL);
	return 0;
}
