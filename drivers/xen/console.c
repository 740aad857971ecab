/* SPDX-License-Identifier: ISC */
/*
 * The Xen PV console ("xencons"): the ring page and event channel that the
 * toolstack gives a PVH guest in HVM_PARAM_CONSOLE_PFN/_EVTCHN; xenconsoled
 * in dom0 reads it (xl console, the guest log). Output only, polled: bytes
 * go into the out ring ("\n" as "\r\n"), then the backend is notified.
 * out_cons comes from dom0 and is read once per check and clamped; a
 * backend that stops reading costs a bounded wait, then the bytes are
 * dropped and counted.
 */
#include <stdbool.h>
#include <stdint.h>

#include <xen/hvm/params.h>
#include <xen/io/console.h>

#include "uni/boot.h"
#include "uni/console.h"
#include "uni/cpu.h"
#include "uni/driver.h"
#include "uni/mm.h"
#include "uni/paging.h"
#include "uni/xen.h"

/* Polls of out_cons while the ring is full before bytes are dropped. */
#define FULL_SPIN_LIMIT 10000000UL

static volatile struct xencons_interface *ring;
static evtchn_port_t port;
static uint64_t dropped;

/* Free bytes in the out ring; a full ring when out_cons is impossible. */
static uint32_t out_space(XENCONS_RING_IDX prod)
{
	XENCONS_RING_IDX cons = ring->out_cons;
	uint32_t used = prod - cons;

	cpu_barrier(); /* read cons once, then the data */
	if (used > sizeof(ring->out))
		return 0;
	return sizeof(ring->out) - used;
}

/* Wait until the ring has room; false when the backend seems gone. */
static bool wait_space(XENCONS_RING_IDX prod)
{
	unsigned long spins = 0;

	uni_xen_evtchn_notify(port);
	while (out_space(prod) == 0) {
		if (++spins == FULL_SPIN_LIMIT)
			return false;
		cpu_pause();
	}
	return true;
}

static void put(XENCONS_RING_IDX *prod, char c)
{
	if (out_space(*prod) == 0) {
		ring->out_prod = *prod;
		if (!wait_space(*prod)) {
			dropped++;
			return;
		}
	}
	ring->out[MASK_XENCONS_IDX(*prod, ring->out)] = c;
	(*prod)++;
}

static void xencons_write(const char *buf, size_t len)
{
	XENCONS_RING_IDX prod = ring->out_prod;
	size_t i;

	for (i = 0; i < len; i++) {
		if (buf[i] == '\n')
			put(&prod, '\r');
		put(&prod, buf[i]);
	}
	cpu_wmb(); /* data before the index */
	ring->out_prod = prod;
	uni_xen_evtchn_notify(port);
}

static struct uni_console xencons_console = {
    .name = "xencons",
    .write = xencons_write,
};

static int xencons_probe(void)
{
	uint64_t pfn;

	if (uni_boot.platform != UNI_PLATFORM_XEN)
		return UNI_DRIVER_ABSENT;
	if (uni_xen_hvm_param_get(HVM_PARAM_CONSOLE_PFN, &pfn) != UNI_XEN_OK ||
	    pfn == 0)
		return UNI_DRIVER_ABSENT;
	return UNI_DRIVER_OK;
}

static int xencons_init(void)
{
	uint64_t pfn, evtchn;

	if (uni_xen_hvm_param_get(HVM_PARAM_CONSOLE_PFN, &pfn) != UNI_XEN_OK ||
	    uni_xen_hvm_param_get(HVM_PARAM_CONSOLE_EVTCHN, &evtchn) !=
		UNI_XEN_OK)
		return UNI_DRIVER_FAILED;
	if (pfn == 0 || pfn >= (1ULL << 40) || evtchn == 0 ||
	    evtchn > UINT32_MAX)
		return UNI_DRIVER_FAILED;
	/* The ring is a special page outside the RAM map: map it. */
	uni_map(pfn * UNI_PAGE_SIZE, UNI_PAGE_SIZE, UNI_MAP_W);
	ring = (volatile struct xencons_interface *)(uintptr_t)(pfn *
								UNI_PAGE_SIZE);
	port = (evtchn_port_t)evtchn;
	uni_console_register(&xencons_console);
	return UNI_DRIVER_OK;
}

/* Bytes lost because the backend did not read the ring. */
uint64_t uni_xencons_dropped(void)
{
	return dropped;
}

UNI_DRIVER(xencons, "xencons", UNI_DRIVER_CONSOLE, UNI_DRIVER_ON_XEN,
	   xencons_probe, xencons_init);
