/* SPDX-License-Identifier: ISC */
/*
 * Event channels. The shared_info page is placed in our physical map
 * (XENMAPSPACE_shared_info) and Xen raises a plain vector when an event is
 * pending (HVM_PARAM_CALLBACK_IRQ, type VECTOR: no LAPIC, no EOI). The
 * vector's handler only clears vcpu 0's upcall flag and notes the upcall;
 * the event-loop poller then takes each pending, unmasked port from the
 * two-level bitmap (Xen writes it concurrently: atomic operations only)
 * and calls the handler bound to it.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <xen/hvm/params.h>
#include <xen/memory.h>

#include "uni/boot.h"
#include "uni/irq.h"
#include "uni/mm.h"
#include "uni/time.h"
#include "uni/xen.h"
#include "wallclock.h"

/* Ports this client can bind; Xen's 2-level ABI has 4096 on x86-64. */
#define MAX_BOUND_PORTS 64
#define BITS_PER_WORD (sizeof(xen_ulong_t) * 8)
/* Vectors tried for the upcall, highest first, until one is free. */
#define UPCALL_VECTOR_FIRST 0xf3
#define UPCALL_VECTOR_LAST 0xe0

struct binding {
	uni_xen_evtchn_fn fn;
	void *arg;
};

static volatile struct shared_info *shared;
static struct binding bindings[MAX_BOUND_PORTS];
static volatile bool upcall_seen;
static uint64_t upcalls, events, unbound_events;
static bool ready;

static void upcall(uint8_t vector, void *arg)
{
	(void)vector;
	(void)arg;
	/* Xen injects the vector again while this is set. */
	shared->vcpu_info[0].evtchn_upcall_pending = 0;
	upcall_seen = true;
	upcalls++;
}

static void dispatch(evtchn_port_t port)
{
	events++;
	if (port < MAX_BOUND_PORTS && bindings[port].fn != NULL)
		bindings[port].fn(port, bindings[port].arg);
	else
		unbound_events++;
}

/* Take the pending, unmasked ports of word w and dispatch them. */
static bool scan_word(unsigned w)
{
	xen_ulong_t ready_bits =
	    shared->evtchn_pending[w] & ~shared->evtchn_mask[w];
	bool any = false;

	while (ready_bits != 0) {
		unsigned bit = (unsigned)__builtin_ctzl(ready_bits);
		xen_ulong_t m = (xen_ulong_t)1 << bit;

		ready_bits &= ~m;
		__atomic_fetch_and(&shared->evtchn_pending[w], ~m,
				   __ATOMIC_SEQ_CST);
		dispatch((evtchn_port_t)(w * BITS_PER_WORD + bit));
		any = true;
	}
	return any;
}

static bool poll_events(void *arg)
{
	xen_ulong_t sel;
	bool any = false;

	(void)arg;
	if (!upcall_seen)
		return false;
	upcall_seen = false;
	shared->vcpu_info[0].evtchn_upcall_pending = 0;
	sel = __atomic_exchange_n(&shared->vcpu_info[0].evtchn_pending_sel, 0,
				  __ATOMIC_SEQ_CST);
	while (sel != 0) {
		unsigned w = (unsigned)__builtin_ctzl(sel);

		sel &= sel - 1;
		any |= scan_word(w);
	}
	return any;
}

static struct uni_poller poller = {.name = "xen-evtchn", .poll = poll_events};

static int map_shared_info(void)
{
	void *page = uni_page_alloc(1);

	if (page == NULL)
		return UNI_XEN_ENOSPC;
	if (uni_xen_add_to_physmap(XENMAPSPACE_shared_info, 0,
				   (uint64_t)(uintptr_t)page / UNI_PAGE_SIZE) !=
	    UNI_XEN_OK)
		return UNI_XEN_EIO;
	shared = page;
	xen_wallclock_take(shared); /* PVH has no RTC: the wall clock */
	return UNI_XEN_OK;
}

static int set_upcall_vector(void)
{
	unsigned v;

	for (v = UPCALL_VECTOR_FIRST; v >= UPCALL_VECTOR_LAST; v--) {
		if (uni_irq_register((uint8_t)v, upcall, NULL) != 0)
			continue;
		return uni_xen_hvm_param_set(
		    HVM_PARAM_CALLBACK_IRQ,
		    ((uint64_t)HVM_PARAM_CALLBACK_TYPE_VECTOR << 56) | v);
	}
	return UNI_XEN_ENOSPC;
}

int uni_xen_evtchn_init(void)
{
	int r;
	unsigned w;

	if (ready)
		return UNI_XEN_OK;
	if (uni_boot.platform != UNI_PLATFORM_XEN)
		return UNI_XEN_ABSENT;
	r = map_shared_info();
	if (r != UNI_XEN_OK)
		return r;
	/* Mask everything; bind() unmasks what has a handler. */
	for (w = 0; w < BITS_PER_WORD; w++)
		shared->evtchn_mask[w] = ~(xen_ulong_t)0;
	r = set_upcall_vector();
	if (r != UNI_XEN_OK)
		return r;
	uni_poller_register(&poller);
	ready = true;
	return UNI_XEN_OK;
}

int uni_xen_evtchn_bind(evtchn_port_t port, uni_xen_evtchn_fn fn, void *arg)
{
	int r = uni_xen_evtchn_init();

	if (r != UNI_XEN_OK)
		return r;
	if (port >= MAX_BOUND_PORTS || fn == NULL)
		return UNI_XEN_EINVAL;
	bindings[port].fn = fn;
	bindings[port].arg = arg;
	uni_xen_evtchn_unmask(port);
	return UNI_XEN_OK;
}

void uni_xen_evtchn_mask(evtchn_port_t port)
{
	xen_ulong_t m = (xen_ulong_t)1 << (port % BITS_PER_WORD);

	if (shared != NULL && port < BITS_PER_WORD * BITS_PER_WORD)
		__atomic_fetch_or(&shared->evtchn_mask[port / BITS_PER_WORD], m,
				  __ATOMIC_SEQ_CST);
}

void uni_xen_evtchn_unmask(evtchn_port_t port)
{
	struct evtchn_unmask u = {.port = port};

	if (shared == NULL || port >= BITS_PER_WORD * BITS_PER_WORD)
		return;
	/* The hypercall re-raises an event that arrived while masked. */
	uni_xen_hypercall(__HYPERVISOR_event_channel_op, EVTCHNOP_unmask,
			  (uint64_t)(uintptr_t)&u, 0);
	upcall_seen = true; /* rescan: it may have been pending */
}

int uni_xen_evtchn_notify(evtchn_port_t port)
{
	struct evtchn_send s = {.port = port};

	if (uni_xen_hypercall(__HYPERVISOR_event_channel_op, EVTCHNOP_send,
			      (uint64_t)(uintptr_t)&s, 0) != 0)
		return UNI_XEN_EIO;
	return UNI_XEN_OK;
}

int uni_xen_evtchn_alloc_unbound(domid_t remote, evtchn_port_t *port)
{
	struct evtchn_alloc_unbound a = {.dom = DOMID_SELF,
					 .remote_dom = remote};

	if (uni_xen_hypercall(__HYPERVISOR_event_channel_op,
			      EVTCHNOP_alloc_unbound, (uint64_t)(uintptr_t)&a,
			      0) != 0)
		return UNI_XEN_EIO;
	*port = a.port;
	return UNI_XEN_OK;
}

int uni_xen_evtchn_bind_interdomain(domid_t remote, evtchn_port_t remote_port,
				    evtchn_port_t *local)
{
	struct evtchn_bind_interdomain b = {.remote_dom = remote,
					    .remote_port = remote_port};

	if (uni_xen_hypercall(__HYPERVISOR_event_channel_op,
			      EVTCHNOP_bind_interdomain,
			      (uint64_t)(uintptr_t)&b, 0) != 0)
		return UNI_XEN_EIO;
	*local = b.local_port;
	return UNI_XEN_OK;
}

uint64_t uni_xen_evtchn_upcalls(void)
{
	return upcalls;
}

uint64_t uni_xen_evtchn_events(void)
{
	return events;
}
