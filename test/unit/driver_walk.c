/* SPDX-License-Identifier: ISC */
/*
 * The driver walk (rt/driver.c) and the protocol lookup (rt/protocol.c) over
 * descriptors placed by the real UNI_DRIVER/UNI_PROTOCOL macros: absent
 * devices are not initialised, failing ones are not counted, the walk
 * follows the section (consoles first); a driver of another platform than
 * the one running is not probed; a protocol whose config switch is off is
 * not found.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "uni/console.h"
#include "uni/driver.h"
#include "uni/protocol.h"
#include "unit.h"

UNIT_COUNTERS;

/* The walk runs on kvm here; "hosted" serves only linux. */
struct uni_boot_info uni_boot = {.platform = UNI_PLATFORM_KVM};

/* The console (rt/console.c) as when nothing is held: lines print at once. */
void uni_console_defer(struct uni_console_deferred *d)
{
	d->print(d->arg);
}

/* A generic image's answer (rt/boot/platform.c): the platform found. */
enum uni_platform uni_boot_platform(void)
{
	return (enum uni_platform)uni_boot.platform;
}

/* What each driver saw, and the order in which drivers were probed. */
struct record {
	int probes, inits;
};
static struct record rec_up, rec_absent, rec_broken, rec_weird, rec_up2,
    rec_hosted;
static const struct record *probe_order[8];
static int nr_probed;

static int probed(struct record *r, int result)
{
	r->probes++;
	if (nr_probed < 8)
		probe_order[nr_probed++] = r;
	return result;
}

/* One probe and one init function per driver, returning the given codes. */
#define DRIVER_ON(id, class, platforms, probe_result, init_result)             \
	static int probe_##id(void)                                            \
	{                                                                      \
		return probed(&rec_##id, probe_result);                        \
	}                                                                      \
	static int init_##id(void)                                             \
	{                                                                      \
		rec_##id.inits++;                                              \
		return init_result;                                            \
	}                                                                      \
	UNI_DRIVER(id, #id, class, platforms, probe_##id, init_##id)
#define DRIVER(id, class, probe_result, init_result)                           \
	DRIVER_ON(id, class, UNI_DRIVER_ON_KVM, probe_result, init_result)

DRIVER(up, UNI_DRIVER_NET, UNI_DRIVER_OK, UNI_DRIVER_OK);
DRIVER(absent, UNI_DRIVER_BLOCK, UNI_DRIVER_ABSENT, UNI_DRIVER_OK);
DRIVER(broken, UNI_DRIVER_NET, UNI_DRIVER_OK, UNI_DRIVER_FAILED);
DRIVER(weird, UNI_DRIVER_CONSOLE, 7, UNI_DRIVER_OK);
DRIVER(up2, UNI_DRIVER_PLATFORM, UNI_DRIVER_OK, UNI_DRIVER_OK);
DRIVER_ON(hosted, UNI_DRIVER_NET, UNI_DRIVER_ON_LINUX, UNI_DRIVER_OK,
	  UNI_DRIVER_OK);

static const struct record *record_of(const char *name)
{
	static const struct {
		const char *name;
		const struct record *r;
	} map[] = {{"up", &rec_up},
		   {"absent", &rec_absent},
		   {"broken", &rec_broken},
		   {"weird", &rec_weird},
		   {"up2", &rec_up2}};
	size_t i;

	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(map[i].name, name) == 0)
			return map[i].r;
	return NULL;
}

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

static void tcp_listen(void)
{
}

UNI_PROTOCOL(icmp, "icmp", UNI_PROTO_IP, 1, icmp_in, NULL, UNI_API_NONE);
UNI_PROTOCOL(tcp_off, "tcp", UNI_PROTO_IP, 6, tcp_in, &tcp_on,
	     UNI_API_FN(tcp_listen));
UNI_PROTOCOL(tcp_alt, "tcp2", UNI_PROTO_IP, 6, tcp2_in, &udp_on, UNI_API_NONE);

static void check_probe(int i, const struct uni_driver *d)
{
	CHECK(i < nr_probed && probe_order[i] == record_of(d->name),
	      "probe #%d: expected %s", i, d->name);
}

static void test_drivers(void)
{
	const struct uni_driver *d;
	int up = uni_drivers_init(), i = 0;

	CHECK(up == 2, "expected 2 drivers up, found %d", up);
	CHECK(rec_up.probes == 1 && rec_up.inits == 1, "up");
	CHECK(rec_absent.probes == 1 && rec_absent.inits == 0, "absent");
	CHECK(rec_broken.probes == 1 && rec_broken.inits == 1, "broken");
	CHECK(rec_weird.probes == 1 && rec_weird.inits == 0,
	      "a bad probe result is not initialised");
	CHECK(rec_up2.probes == 1 && rec_up2.inits == 1, "up2");
	CHECK(rec_hosted.probes == 0 && rec_hosted.inits == 0,
	      "a linux driver is not probed on kvm");
	/*
	 * The walk follows the section, whatever order the linker chose,
	 * consoles first (so the other drivers' messages reach them).
	 */
	CHECK(__stop_uni_drivers - __start_uni_drivers == 6, "6 descriptors");
	for (d = __start_uni_drivers; d < __stop_uni_drivers; d++)
		if (d->class == UNI_DRIVER_CONSOLE)
			check_probe(i++, d);
	for (d = __start_uni_drivers; d < __stop_uni_drivers; d++)
		if (d->class != UNI_DRIVER_CONSOLE && d != &uni_driver_hosted)
			check_probe(i++, d);
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
