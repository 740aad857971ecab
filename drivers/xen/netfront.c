/* SPDX-License-Identifier: ISC */
/*
 * netfront: the Xen PV network frontend, one instance per
 * device/vif/N in xenstore (up to MAX_VIFS), each its own uni_netdev: the
 * stack binds them, in the order of N, to the interfaces whose driver key
 * is netfront.
 * Connection (xenbus): wait for the backend in InitWait, grant one tx and
 * one rx ring page, allocate an event channel, write the ring references,
 * the channel and the features (request-rx-copy, feature-rx-notify,
 * feature-no-csum-offload: checksums are complete both ways; no scatter-
 * gather, no GSO, one queue) in one transaction, switch to Connected and
 * wait for the backend to be Connected.
 * Data: NR_RX receive pages and NR_TX transmit pages, granted once to the
 * backend and reused (rx-copy: netback copies into our pages). Responses
 * come from the backend: rsp_prod is read once and clamped to the ring, an
 * id, offset or length out of range drops the frame and is counted.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "xen_ring.h" /* first: the barriers of the ring macros */

#include <xen/io/netif.h>
#include <xen/io/ring.h>
#include <xen/io/xenbus.h>

#include "common/text.h"
#include "uni/boot.h"
#include "uni/driver.h"
#include "uni/mm.h"
#include "uni/net.h"
#include "uni/time.h"
#include "uni/xen.h"
#include "xenbus.h"

#define NR_RX 64
#define NR_TX 64
#define RX_RING_SIZE __CONST_RING_SIZE(netif_rx, UNI_PAGE_SIZE)
#define TX_RING_SIZE __CONST_RING_SIZE(netif_tx, UNI_PAGE_SIZE)
#define CONNECT_TIMEOUT_NS (10 * UNI_NSEC_PER_SEC)
#define MAX_VIFS 4

_Static_assert(NR_RX <= RX_RING_SIZE && NR_TX <= TX_RING_SIZE,
	       "more buffers than ring slots");

struct netfront_stats {
	uint64_t rx_frames, tx_frames, tx_full;
	uint64_t bad_ring_index, bad_id, bad_length, rx_error, rx_multi;
};

struct netfront {
	struct uni_netdev netdev;
	struct uni_poller poller;
	char front[32]; /* device/vif/N */
	char backend[UNI_XENBUS_PATH_MAX];
	domid_t backend_id;
	evtchn_port_t port;
	netif_tx_front_ring_t tx;
	netif_rx_front_ring_t rx;
	uint8_t *rx_page[NR_RX];
	grant_ref_t rx_ref[NR_RX];
	uint8_t *tx_page[NR_TX];
	grant_ref_t tx_ref[NR_TX];
	uint16_t tx_free[NR_TX];
	unsigned nr_tx_free;
	volatile bool kicked;
	struct netfront_stats stats;
};

static struct netfront vifs[MAX_VIFS];

static void on_event(evtchn_port_t port, void *arg)
{
	struct netfront *nf = arg;

	(void)port;
	nf->kicked = true;
}

/* Grant n pages to the backend; their addresses and references. */
static int grant_pages(struct netfront *nf, uint8_t **page, grant_ref_t *ref,
		       unsigned n)
{
	uint8_t *base = uni_page_alloc(n);
	unsigned i;

	if (base == NULL)
		return UNI_XEN_ENOSPC;
	for (i = 0; i < n; i++) {
		int r = uni_xen_gnttab_grant(
		    nf->backend_id,
		    (uintptr_t)(base + i * UNI_PAGE_SIZE) / UNI_PAGE_SIZE,
		    false);
		if (r < 0)
			return r;
		page[i] = base + i * UNI_PAGE_SIZE;
		ref[i] = (grant_ref_t)r;
	}
	return UNI_XEN_OK;
}

/* Queue receive buffer id at the rx ring's private producer. */
static void post_rx(struct netfront *nf, uint16_t id)
{
	netif_rx_request_t *req =
	    RING_GET_REQUEST(&nf->rx, nf->rx.req_prod_pvt);

	req->id = id;
	req->gref = nf->rx_ref[id];
	nf->rx.req_prod_pvt++;
}

static void push_rx(struct netfront *nf)
{
	int notify;

	RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&nf->rx, notify);
	if (notify)
		uni_xen_evtchn_notify(nf->port);
}

/* The responses the backend produced since cons, read once, or 0. */
static unsigned ring_pending(struct netfront *nf, RING_IDX prod, RING_IDX cons,
			     unsigned size)
{
	if (prod - cons > size) {
		nf->stats.bad_ring_index++;
		return 0;
	}
	return prod - cons;
}

/*
 * Ask for an event at the next response, then look again: a response the
 * backend produced before it saw the new rsp_event sends no event.
 */
static void rearm(struct netfront *nf, RING_IDX *event, RING_IDX *prod,
		  RING_IDX cons)
{
	*(volatile RING_IDX *)event = cons + 1;
	cpu_mb();
	if (*(volatile RING_IDX *)prod != cons)
		nf->kicked = true;
}

static void rx_one(struct netfront *nf, const netif_rx_response_t *rsp)
{
	uint16_t id = rsp->id, offset = rsp->offset, flags = rsp->flags;
	int16_t status = rsp->status;

	if (id >= NR_RX) {
		nf->stats.bad_id++;
		return; /* not ours: cannot repost it */
	}
	if (status <= 0)
		nf->stats.rx_error++;
	else if (flags & (NETRXF_more_data | NETRXF_extra_info))
		nf->stats.rx_multi++;
	else if ((uint32_t)offset + (uint32_t)status > UNI_PAGE_SIZE)
		nf->stats.bad_length++;
	else {
		nf->stats.rx_frames++;
		uni_netdev_receive(&nf->netdev, nf->rx_page[id] + offset,
				   (size_t)status);
	}
	post_rx(nf, id);
}

static bool poll_rx(struct netfront *nf)
{
	RING_IDX prod = nf->rx.sring->rsp_prod;
	unsigned n;

	cpu_rmb(); /* the index, then the responses */
	n = ring_pending(nf, prod, nf->rx.rsp_cons, RX_RING_SIZE);
	for (unsigned i = 0; i < n; i++) {
		netif_rx_response_t rsp =
		    *RING_GET_RESPONSE(&nf->rx, nf->rx.rsp_cons + i);
		rx_one(nf, &rsp);
	}
	nf->rx.rsp_cons += n;
	rearm(nf, &nf->rx.sring->rsp_event, &nf->rx.sring->rsp_prod,
	      nf->rx.rsp_cons);
	if (n > 0)
		push_rx(nf);
	return n > 0;
}

static bool poll_tx(struct netfront *nf)
{
	RING_IDX prod = nf->tx.sring->rsp_prod;
	unsigned n;

	cpu_rmb();
	n = ring_pending(nf, prod, nf->tx.rsp_cons, TX_RING_SIZE);
	for (unsigned i = 0; i < n; i++) {
		uint16_t id =
		    RING_GET_RESPONSE(&nf->tx, nf->tx.rsp_cons + i)->id;

		if (id >= NR_TX || nf->nr_tx_free >= NR_TX)
			nf->stats.bad_id++;
		else
			nf->tx_free[nf->nr_tx_free++] = id;
	}
	nf->tx.rsp_cons += n;
	rearm(nf, &nf->tx.sring->rsp_event, &nf->tx.sring->rsp_prod,
	      nf->tx.rsp_cons);
	return n > 0;
}

static bool netfront_poll(void *arg)
{
	struct netfront *nf = arg;
	bool rx, tx;

	if (!nf->kicked)
		return false;
	nf->kicked = false;
	rx = poll_rx(nf);
	tx = poll_tx(nf);
	return rx || tx || nf->kicked; /* kicked again: run again soon */
}

static int netfront_transmit(struct uni_netdev *dev, const uint8_t *frame,
			     size_t len)
{
	struct netfront *nf = dev->priv;
	netif_tx_request_t *req;
	uint16_t id;
	int notify;

	if (len == 0 || len > UNI_PAGE_SIZE)
		return -1;
	if (nf->nr_tx_free == 0)
		poll_tx(nf);
	if (nf->nr_tx_free == 0) {
		nf->stats.tx_full++;
		return -1;
	}
	id = nf->tx_free[--nf->nr_tx_free];
	memcpy(nf->tx_page[id], frame, len);
	req = RING_GET_REQUEST(&nf->tx, nf->tx.req_prod_pvt);
	req->gref = nf->tx_ref[id];
	req->offset = 0;
	req->flags = 0;
	req->id = id;
	req->size = (uint16_t)len;
	nf->tx.req_prod_pvt++;
	RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&nf->tx, notify);
	if (notify)
		uni_xen_evtchn_notify(nf->port);
	nf->stats.tx_frames++;
	return 0;
}

/* backend, backend-id and mac of nf->front. */
static int read_device(struct netfront *nf)
{
	char path[UNI_XENBUS_PATH_MAX], mac[32];
	int r = uni_xenbus_read_backend(nf->front, nf->backend,
					sizeof(nf->backend), &nf->backend_id);

	if (r != UNI_XEN_OK)
		return r;
	snprintf(path, sizeof(path), "%s/mac", nf->front);
	r = uni_xs_read(UNI_XS_NIL, path, mac, sizeof(mac));
	if (r < 0 ||
	    uni_mac_parse(mac, strlen(mac), ":", nf->netdev.mac) != 0) {
		printf("netfront: expected a MAC like 00:16:3e:00:00:01 in "
		       "%s, found \"%s\"\n",
		       path, r < 0 ? "" : mac);
		return UNI_XEN_EINVAL;
	}
	return UNI_XEN_OK;
}

static int setup_rings(struct netfront *nf)
{
	netif_tx_sring_t *txs = uni_page_alloc(1);
	netif_rx_sring_t *rxs = uni_page_alloc(1);

	if (txs == NULL || rxs == NULL)
		return UNI_XEN_ENOSPC;
	memset(txs, 0, UNI_PAGE_SIZE);
	memset(rxs, 0, UNI_PAGE_SIZE);
	SHARED_RING_INIT(txs);
	SHARED_RING_INIT(rxs);
	FRONT_RING_INIT(&nf->tx, txs, UNI_PAGE_SIZE);
	FRONT_RING_INIT(&nf->rx, rxs, UNI_PAGE_SIZE);
	if (grant_pages(nf, nf->rx_page, nf->rx_ref, NR_RX) != UNI_XEN_OK ||
	    grant_pages(nf, nf->tx_page, nf->tx_ref, NR_TX) != UNI_XEN_OK)
		return UNI_XEN_ENOSPC;
	for (uint16_t i = 0; i < NR_TX; i++)
		nf->tx_free[nf->nr_tx_free++] = i;
	for (uint16_t i = 0; i < NR_RX; i++)
		post_rx(nf, i);
	return UNI_XEN_OK;
}

struct rings {
	struct netfront *nf;
	grant_ref_t tx_ref, rx_ref;
};

/* The transaction's writes: the rings (arg), the channel, the features. */
static int publish(uni_xs_tx tx, void *arg)
{
	static const char *const one[] = {
	    "request-rx-copy", "feature-rx-notify", "feature-no-csum-offload"};
	const struct rings *rings = arg;
	const char *front = rings->nf->front;
	int r = uni_xenbus_write_uint(tx, front, "tx-ring-ref", rings->tx_ref);

	if (r == UNI_XEN_OK)
		r = uni_xenbus_write_uint(tx, front, "rx-ring-ref",
					  rings->rx_ref);
	if (r == UNI_XEN_OK)
		r = uni_xenbus_write_uint(tx, front, "event-channel",
					  rings->nf->port);
	for (unsigned i = 0; i < 3 && r == UNI_XEN_OK; i++)
		r = uni_xenbus_write_uint(tx, front, one[i], 1);
	return r;
}

static int backend_state(struct netfront *nf, int lo, int hi)
{
	return uni_xenbus_wait_state(nf->backend, lo, hi, CONNECT_TIMEOUT_NS);
}

static int netfront_connect(struct netfront *nf)
{
	struct rings rings = {.nf = nf};
	int r, tx_ref, rx_ref;

	r = backend_state(nf, XenbusStateInitWait, XenbusStateConnected);
	if (r < 0)
		return r;
	r = setup_rings(nf);
	if (r != UNI_XEN_OK)
		return r;
	tx_ref = uni_xen_gnttab_grant(
	    nf->backend_id, (uintptr_t)nf->tx.sring / UNI_PAGE_SIZE, false);
	rx_ref = uni_xen_gnttab_grant(
	    nf->backend_id, (uintptr_t)nf->rx.sring / UNI_PAGE_SIZE, false);
	if (tx_ref < 0 || rx_ref < 0)
		return UNI_XEN_ENOSPC;
	rings.tx_ref = (grant_ref_t)tx_ref;
	rings.rx_ref = (grant_ref_t)rx_ref;
	r = uni_xen_evtchn_alloc_unbound(nf->backend_id, &nf->port);
	if (r == UNI_XEN_OK)
		r = uni_xen_evtchn_bind(nf->port, on_event, nf);
	if (r == UNI_XEN_OK)
		r = uni_xenbus_transact(publish, &rings);
	if (r == UNI_XEN_OK)
		r = uni_xenbus_write_uint(UNI_XS_NIL, nf->front, "state",
					  XenbusStateConnected);
	if (r != UNI_XEN_OK)
		return r;
	r = backend_state(nf, XenbusStateConnected, XenbusStateConnected);
	return r < 0 ? r : UNI_XEN_OK;
}

static int netfront_probe(void)
{
	return uni_xenbus_present("device/vif") ? UNI_DRIVER_OK
						: UNI_DRIVER_ABSENT;
}

/* Connect vif nf->front and hand it to the stack. */
static int vif_start(struct netfront *nf)
{
	int r = read_device(nf);

	if (r == UNI_XEN_OK)
		r = netfront_connect(nf);
	if (r != UNI_XEN_OK) {
		printf("netfront: %s: cannot connect to the backend %s: "
		       "error %d\n",
		       nf->front, nf->backend, r);
		return UNI_DRIVER_FAILED;
	}
	nf->netdev.name = "netfront";
	nf->netdev.mtu = 1500;
	nf->netdev.transmit = netfront_transmit;
	nf->netdev.priv = nf;
	nf->kicked = true; /* frames may have arrived already */
	nf->poller = (struct uni_poller){
	    .name = "netfront", .poll = netfront_poll, .arg = nf};
	uni_poller_register(&nf->poller);
	push_rx(nf);
	/* refused (no interface wants it): it says so; the vif stays idle */
	uni_netdev_register(&nf->netdev);
	return UNI_DRIVER_OK;
}

/* The vif number of a device/vif child's name, or -1. */
static int vif_number(const char *name)
{
	int n = 0;

	if (*name == '\0')
		return -1;
	for (; *name != '\0'; name++) {
		if (*name < '0' || *name > '9' || n > 1000)
			return -1;
		n = n * 10 + (*name - '0');
	}
	return n;
}

/* The vif numbers listed under device/vif, ascending, into ids; how many. */
static int list_vifs(int ids[MAX_VIFS])
{
	char names[256];
	const char *p = names;
	int n =
	    uni_xs_directory(UNI_XS_NIL, "device/vif", names, sizeof(names));
	int count = 0;

	for (int i = 0; i < n; i++, p += strlen(p) + 1) {
		int id = vif_number(p), j;

		if (id < 0 || count == MAX_VIFS) {
			printf("netfront: ignored device/vif/%s (expected at "
			       "most %d vifs numbered 0..1000)\n",
			       p, MAX_VIFS);
			continue;
		}
		for (j = count; j > 0 && ids[j - 1] > id; j--)
			ids[j] = ids[j - 1];
		ids[j] = id;
		count++;
	}
	return count;
}

static int netfront_init(void)
{
	int ids[MAX_VIFS], n = list_vifs(ids), r = UNI_DRIVER_OK;

	if (n <= 0 || uni_xen_evtchn_init() != UNI_XEN_OK) {
		printf("netfront: expected vifs under device/vif and event "
		       "channels, found %d vifs\n",
		       n);
		return UNI_DRIVER_FAILED;
	}
	for (int i = 0; i < n; i++) {
		snprintf(vifs[i].front, sizeof(vifs[i].front), "device/vif/%d",
			 ids[i]);
		if (vif_start(&vifs[i]) != UNI_DRIVER_OK)
			r = UNI_DRIVER_FAILED;
	}
	return r;
}

UNI_DRIVER(xen_net, "netfront", UNI_DRIVER_NET, UNI_DRIVER_ON_XEN,
	   netfront_probe, netfront_init);
