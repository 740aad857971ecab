/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer target of the frame path: one input is one Ethernet frame, given
 * to an interface with a static address (ARP, IPv4, ICMP, UDP to an echo
 * binding on ports 7 and 53) and to one whose DHCP client is selecting, with
 * a tick between. The sanitizers catch any read outside the frame; the
 * callback checks that delivered data lies inside the input; every frame
 * the stack sends (echo replies, ICMP errors, ARP) must pass the stack's
 * own input checks. The clock advances 20 ms an input, so the ICMP error
 * rate limit both sends and suppresses.
 *
 *   net_fuzz_frames -max_len=1600 CORPUS_DIR test/fuzz/corpus/net-frames
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "net_fuzz_io.h"
#include "uni/config.h"

UNI_CONFIG_EXTERN_BOOL(net0, dhcp);

static struct netif nif_static, nif_dhcp;

static bool sent_frame_ok(struct bytes f)
{
	struct eth_hdr eh;
	struct bytes pl;

	return eth_parse(f, &eh, &pl) == NET_DROP_NONE &&
	       sent_arp_ipv4_ok(&eh, pl);
}

static void setup(void)
{
	static const uint8_t mac[6] = {0x52, 0x54, 0, 0x12, 0x34, 0x56};

	net_if_init(&nif_static, mac, sink, NULL);
	net_if_set_addr(&nif_static, 0, 0x0a00020f, 0xffffff00, 0x0a000202);
	net_udp_bind(&nif_static, 7, echo, &nif_static);
	net_udp_bind(&nif_static, 53, echo, &nif_static);
	net_if_init(&nif_dhcp, mac, sink, NULL);
	dhcp_start(&nif_dhcp, 0, 0x1234);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool ready;
	static uint64_t now = 1;

	if (!ready) {
		UNI_CFG_VAR(net0, dhcp) = true;
		setup();
		ready = true;
	}
	in_p = data;
	in_len = size;
	now += 20 * 1000000ULL;
	net_input(&nif_static, now, bytes_make(data, size));
	net_tick(&nif_static, now + 2000000000ULL);
	/* the client accepts its own xid: put it where BOOTP keeps it */
	if (size >= 14 + 20 + 8 + 8) {
		uint8_t *copy = malloc(size);

		memcpy(copy, data, size);
		put32(copy + 14 + 20 + 8 + 4, nif_dhcp.dhcp.xid);
		in_p = copy;
		net_input(&nif_dhcp, 1, bytes_make(copy, size));
		free(copy);
	}
	net_tick(&nif_dhcp, 5000000000ULL);
	return 0;
}
