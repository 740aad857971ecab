/* SPDX-License-Identifier: ISC */
/*
 * The driver walk (rt/driver.c) and the protocol lookup (rt/protocol.c) over
 * descriptors placed by the real UNI_DRIVER/UNI_PROTOCOL macros: absent
 * devices are skipped, failing ones are not counted, the walk follows the
 * section order; a protocol whose config switch is off is not found.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "uni/driver.h"
#include "uni/protocol.h"
#include "unit.h"

UNIT_COUNTERS;

static char calls[64];

static void note(char c)
{
	size_t n = strlen(calls);

	if (n + 1 < sizeof(calls))
		calls[n] = c;
}

static int probe_ok(void)
{
	note('p');
	return UNI_DRIVER_OK;
}

static int probe_absent(void)
{
	note('a');
	return UNI_DRIVER_ABSENT;
}

static int probe_weird(void)
{
	note('w');
	return 7;
}

static int init_ok(void)
{
	note('i');
	return UNI_DRIVER_OK;
}

static int init_fail(void)
{
	note('f');
	return UNI_DRIVER_FAILED;
}

UNI_DRIVER(up, "up", UNI_DRIVER_NET, probe_ok, init_ok);
UNI_DRIVER(absent, "absent", UNI_DRIVER_BLOCK, probe_absent, init_ok);
UNI_DRIVER(broken, "broken", UNI_DRIVER_NET, probe_ok, init_fail);
UNI_DRIVER(weird, "weird", UNI_DRIVER_CONSOLE, probe_weird, init_ok);
UNI_DRIVER(up2, "up2", UNI_DRIVER_PLATFORM, probe_ok, init_ok);

static void icmp_in(void)
{
}

static void tcp_in(void)
{
}

static void tcp2_in(void)
{
}

static bool tcp_on = false;
static bool udp_on = true;

UNI_PROTOCOL(icmp, "icmp", UNI_PROTO_IP, 1, icmp_in, NULL, "");
UNI_PROTOCOL(tcp_off, "tcp", UNI_PROTO_IP, 6, tcp_in, &tcp_on, "tcp_listen");
UNI_PROTOCOL(tcp_alt, "tcp2", UNI_PROTO_IP, 6, tcp2_in, &udp_on, "");

static void test_drivers(void)
{
	int up = uni_drivers_init();

	CHECK(up == 2, "expected 2 drivers up, found %d", up);
	/* Link order of one object is definition order. */
	CHECK(strcmp(calls, "piapfwpi") == 0, "calls %s", calls);
}

static void test_protocols(void)
{
	const struct uni_protocol *p;

	p = uni_protocol_find(UNI_PROTO_IP, 1);
	CHECK(p != NULL && strcmp(p->name, "icmp") == 0, "icmp");
	p = uni_protocol_find(UNI_PROTO_IP, 6);
	CHECK(p != NULL && strcmp(p->name, "tcp2") == 0,
	      "disabled tcp skipped, found %s", p ? p->name : "nothing");
	tcp_on = true;
	p = uni_protocol_find(UNI_PROTO_IP, 6);
	CHECK(p != NULL && strcmp(p->name, "tcp") == 0, "enabled tcp first");
	CHECK(uni_protocol_find(UNI_PROTO_IP, 17) == NULL, "no udp");
	CHECK(uni_protocol_find(UNI_PROTO_ETHERTYPE, 1) == NULL, "kind counts");
}

int main(void)
{
	test_drivers();
	test_protocols();
	return unit_summary();
}
