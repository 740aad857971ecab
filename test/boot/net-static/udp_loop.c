/* SPDX-License-Identifier: ISC */
/*
 * virtio-net and the stack end to end under QEMU user networking, with no
 * program on the host: the guest sends datagrams to 10.0.2.2:47017, which
 * QEMU turns into datagrams from a host socket to 127.0.0.1:47017, where
 * the expect file's hostfwd rule sends them back into the guest's port 7.
 * The guest's echo service on port 7 answers; the answer travels the same
 * way back to the sending port. Every datagram must come back intact:
 * that exercises ARP (the gateway), IPv4 and UDP in both directions, the
 * checksums QEMU verifies, and the device's receive and transmit rings.
 */
#include <stdio.h>
#include <string.h>

#include "uni/net.h"
#include "uni/test.h"
#include "uni/time.h"

#define ECHO_PORT 7
#define CLIENT_PORT 5555
#ifndef LOOP_PORT
#define LOOP_PORT 47017 /* hostfwd=udp:127.0.0.1:47017-:7 */
#endif
#define GATEWAY 0x0a000202u
#define ROUNDS 20

static unsigned echoed, answered, wrong;
static char expected[64];

static void echo(void *arg, const struct udp_endpoint *from,
		 uint16_t local_port, const uint8_t *data, size_t len)
{
	echoed++;
	if (udp_send(local_port, from, data, len) != NET_OK)
		test_fail("echo: udp_send refused a %zu-byte answer", len);
}

static void client(void *arg, const struct udp_endpoint *from,
		   uint16_t local_port, const uint8_t *data, size_t len)
{
	if (len != strlen(expected) || memcmp(data, expected, len) != 0) {
		wrong++;
		return;
	}
	answered++;
}

/* Run the event loop until cond() or timeout_ns; returns cond(). */
static bool wait_for(bool (*cond)(void), uint64_t timeout_ns)
{
	uint64_t end = uni_now_ns() + timeout_ns;

	while (!cond() && uni_now_ns() < end)
		uni_sleep_ns(UNI_NSEC_PER_MSEC);
	return cond();
}

static unsigned round_no;

static bool round_done(void)
{
	return answered > round_no;
}

static void run_rounds(void)
{
	struct udp_endpoint to = {.addr = GATEWAY, .port = LOOP_PORT};
	int r;

	for (round_no = 0; round_no < ROUNDS; round_no++) {
		snprintf(expected, sizeof(expected), "unilink ping %u of %u",
			 round_no, ROUNDS);
		r = udp_send(CLIENT_PORT, &to, expected, strlen(expected));
		if (r != NET_OK) {
			test_fail("udp_send: expected NET_OK, got %d", r);
			return;
		}
		if (!wait_for(round_done, 3 * UNI_NSEC_PER_SEC)) {
			test_fail("datagram %u did not come back within 3 s "
				  "(echoed %u, answered %u, wrong %u)",
				  round_no, echoed, answered, wrong);
			return;
		}
	}
}

void test_main(void)
{
	uint32_t a;

	if (!wait_for(net_ready, 20 * UNI_NSEC_PER_SEC)) {
		test_fail("net0 did not get an address within 20 s");
		net_print_stats();
		return;
	}
	a = net_ipv4_addr();
	printf("net test: net0 is %u.%u.%u.%u\n", a >> 24, (a >> 16) & 0xff,
	       (a >> 8) & 0xff, a & 0xff);
	if (udp_bind(ECHO_PORT, echo, NULL) != NET_OK ||
	    udp_bind(CLIENT_PORT, client, NULL) != NET_OK) {
		test_fail("udp_bind refused port 7 or 5555");
		return;
	}
	if (udp_bind(ECHO_PORT, echo, NULL) != NET_EADDRINUSE)
		test_fail("binding port 7 twice was not refused");
	run_rounds();
	printf("net test: %u datagrams echoed, %u came back, %u wrong\n",
	       echoed, answered, wrong);
	if (answered != ROUNDS || echoed != ROUNDS || wrong != 0)
		test_fail("expected %u echoes and answers, got %u and %u",
			  ROUNDS, echoed, answered);
	net_print_stats();
}
