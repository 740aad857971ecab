/* SPDX-License-Identifier: ISC */
/*
 * The Xen platform library against a real xenstored and hypervisor: each
 * check names what it expected and what it found. The "xenlib-test" driver
 * initialises xenstore, event channels and grant tables during the driver
 * walk (their special pages must be mapped before uni_seal()).
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "uni/config.h"
#include "uni/driver.h"
#include "uni/test.h"
#include "uni/time.h"
#include "uni/xen.h"

UNI_CONFIG_STRING(xenlib, driver, "xenlib-test",
		  "the driver that brings the Xen library up for the test");

#define WAIT_NS (5 * UNI_NSEC_PER_SEC)

static int init_result = UNI_XEN_EIO;

static int xenlib_probe(void)
{
	return UNI_DRIVER_OK;
}

static int xenlib_init(void)
{
	init_result = uni_xs_init();
	if (init_result == UNI_XEN_OK)
		init_result = uni_xen_evtchn_init();
	if (init_result == UNI_XEN_OK)
		init_result = uni_xen_gnttab_init();
	return init_result == UNI_XEN_OK ? UNI_DRIVER_OK : UNI_DRIVER_FAILED;
}

UNI_DRIVER(xenlib_test, "xenlib-test", UNI_DRIVER_PLATFORM, UNI_DRIVER_ON_XEN,
	   xenlib_probe, xenlib_init);

static void expect_value(const char *path, const char *want)
{
	char buf[64];
	int n = uni_xs_read(UNI_XS_NIL, path, buf, sizeof(buf));

	if (n < 0)
		test_fail("read %s: expected \"%s\", got error %d", path, want,
			  n);
	else if (strcmp(buf, want) != 0)
		test_fail("read %s: expected \"%s\", found \"%s\"", path, want,
			  buf);
}

static void check_read_write(void)
{
	char buf[8];
	int r;

	r = uni_xs_write(UNI_XS_NIL, "data/unilink", "hello xenstore");
	if (r != UNI_XEN_OK)
		test_fail("write data/unilink: expected OK, got %d", r);
	expect_value("data/unilink", "hello xenstore");
	r = uni_xs_read(UNI_XS_NIL, "data/unilink", buf, sizeof(buf));
	if (r != UNI_XEN_ENOSPC)
		test_fail("read into 8 bytes: expected ENOSPC (%d), got %d",
			  UNI_XEN_ENOSPC, r);
	r = uni_xs_read(UNI_XS_NIL, "data/no-such-node", buf, sizeof(buf));
	if (r != UNI_XEN_ENOENT)
		test_fail(
		    "read of a missing node: expected ENOENT (%d), got %d",
		    UNI_XEN_ENOENT, r);
}

static void check_directory(void)
{
	char buf[256];
	int i, n, found = 0;
	const char *p = buf;

	uni_xs_write(UNI_XS_NIL, "data/dir/a", "1");
	uni_xs_write(UNI_XS_NIL, "data/dir/b", "2");
	n = uni_xs_directory(UNI_XS_NIL, "data/dir", buf, sizeof(buf));
	if (n != 2) {
		test_fail("directory data/dir: expected 2 entries, got %d", n);
		return;
	}
	for (i = 0; i < n; i++, p += strlen(p) + 1)
		found += strcmp(p, "a") == 0 || strcmp(p, "b") == 0;
	if (found != 2)
		test_fail("directory data/dir: expected a and b");
	if (uni_xs_rm(UNI_XS_NIL, "data/dir") != UNI_XEN_OK ||
	    uni_xs_directory(UNI_XS_NIL, "data/dir", buf, sizeof(buf)) !=
		UNI_XEN_ENOENT)
		test_fail("rm data/dir: expected the node gone");
}

static void check_transactions(void)
{
	uni_xs_tx tx;
	int r;

	uni_xs_write(UNI_XS_NIL, "data/tx", "0");
	if (uni_xs_transaction_start(&tx) != UNI_XEN_OK)
		return test_fail("transaction start: expected OK");
	uni_xs_write(tx, "data/tx", "1");
	expect_value("data/tx", "0"); /* not visible outside before commit */
	r = uni_xs_transaction_end(tx, false);
	if (r != UNI_XEN_OK)
		test_fail("transaction commit: expected OK, got %d", r);
	expect_value("data/tx", "1");
	if (uni_xs_transaction_start(&tx) != UNI_XEN_OK)
		return test_fail("transaction start: expected OK");
	uni_xs_write(tx, "data/tx", "2");
	uni_xs_transaction_end(tx, true);
	expect_value("data/tx", "1"); /* aborted */
}

static void check_watch(void)
{
	uint64_t deadline;
	unsigned fired = 0;
	int r = uni_xs_watch("data/watched", "tok");

	if (r != UNI_XEN_OK)
		return test_fail("watch data/watched: expected OK, got %d", r);
	uni_sleep_ns(50 * UNI_NSEC_PER_MSEC);
	uni_xs_watch_fired("tok"); /* the event every new watch gets */
	uni_xs_write(UNI_XS_NIL, "data/watched", "x");
	for (deadline = uni_now_ns() + WAIT_NS;
	     fired == 0 && uni_now_ns() < deadline;)
		fired = uni_xs_watch_fired("tok");
	if (fired == 0)
		test_fail("watch: expected an event after a write, got none");
	uni_xs_unwatch("data/watched", "tok");
}

static volatile int loopback_events;

static void on_event(evtchn_port_t port, void *arg)
{
	(void)port;
	(void)arg;
	loopback_events++;
}

/* Notify port a, then wait until the handler of its peer has run n times. */
static bool notify_and_wait(evtchn_port_t a, int n)
{
	uint64_t deadline = uni_now_ns() + WAIT_NS;

	uni_xen_evtchn_notify(a);
	while (loopback_events < n && uni_now_ns() < deadline)
		uni_sleep_ns(UNI_NSEC_PER_MSEC);
	return loopback_events == n;
}

/* Whether an upcall comes after the count was `before`, within WAIT_NS. */
static bool upcall_after(uint64_t before)
{
	uint64_t deadline = uni_now_ns() + WAIT_NS;

	while (uni_xen_evtchn_upcalls() == before && uni_now_ns() < deadline)
		uni_sleep_ns(UNI_NSEC_PER_MSEC);
	return uni_xen_evtchn_upcalls() != before;
}

static void check_event_channels(void)
{
	evtchn_port_t a, b;
	uint64_t upcalls;

	if (uni_xen_evtchn_alloc_unbound(DOMID_SELF, &a) != UNI_XEN_OK ||
	    uni_xen_evtchn_bind_interdomain(DOMID_SELF, a, &b) != UNI_XEN_OK)
		return test_fail("event channel loopback: expected a pair");
	if (uni_xen_evtchn_bind(b, on_event, NULL) != UNI_XEN_OK)
		return test_fail("bind port %u: expected OK", b);
	if (!notify_and_wait(a, 1))
		return test_fail(
		    "loopback %u -> %u: expected 1 event, found %d", a, b,
		    loopback_events);
	/*
	 * Nothing is pending now: the next event must raise the vector. The
	 * event loop may see the pending bit before the vector is delivered,
	 * so the upcall is waited for (bounded) after the event.
	 */
	upcalls = uni_xen_evtchn_upcalls();
	if (!notify_and_wait(a, 2) || !upcall_after(upcalls))
		test_fail(
		    "loopback %u -> %u: expected a 2nd event through the "
		    "upcall vector, found %d events, %llu upcalls",
		    a, b, loopback_events,
		    (unsigned long long)(uni_xen_evtchn_upcalls() - upcalls));
	printf("xenlib: event channel %u -> %u: %d events, %llu upcalls\n", a,
	       b, loopback_events,
	       (unsigned long long)uni_xen_evtchn_upcalls());
}

static void check_grants(void)
{
	static char page[4096] __attribute__((aligned(4096)));
	unsigned before = uni_xen_gnttab_free_count();
	int ref = uni_xen_gnttab_grant(0, (uintptr_t)page / 4096, true);

	if (ref < GNTTAB_NR_RESERVED_ENTRIES)
		return test_fail("grant: expected a reference >= %d, got %d",
				 GNTTAB_NR_RESERVED_ENTRIES, ref);
	if (uni_xen_gnttab_free_count() != before - 1)
		test_fail("grant: expected %u free references, found %u",
			  before - 1, uni_xen_gnttab_free_count());
	if (uni_xen_gnttab_end((grant_ref_t)ref) != UNI_XEN_OK)
		test_fail("end grant %d: expected OK", ref);
	if (uni_xen_gnttab_end((grant_ref_t)ref) != UNI_XEN_EINVAL)
		test_fail("end grant %d twice: expected EINVAL", ref);
	if (uni_xen_gnttab_free_count() != before)
		test_fail("grants: expected %u free references after end, "
			  "found %u",
			  before, uni_xen_gnttab_free_count());
}

void test_main(void)
{
	char name[64];
	domid_t domid;

	if (init_result != UNI_XEN_OK)
		return test_fail("the Xen library did not come up: %d",
				 init_result);
	if (uni_xs_domid(&domid) != UNI_XEN_OK ||
	    uni_xs_read(UNI_XS_NIL, "name", name, sizeof(name)) < 0)
		return test_fail("xenstore: expected domid and name nodes");
	printf("xenlib: domain %u is \"%s\"\n", domid, name);
	check_read_write();
	check_directory();
	check_transactions();
	check_watch();
	check_event_channels();
	check_grants();
}
