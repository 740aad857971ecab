/* SPDX-License-Identifier: ISC */
/*
 * netfront's data path natively: the driver's file is included so that its
 * rings can be driven directly, with a fake backend writing responses into
 * the shared rings. A hostile backend's impossible rsp_prod, unknown ids,
 * offsets and lengths past the page, errors and multi-slot frames must be
 * counted and dropped, never delivered; good frames arrive intact and every
 * receive buffer is posted again.
 */
#include <stdlib.h>
#include <string.h>

#include "../../../drivers/xen/netfront.c"
#include "unit.h"

#define nf (vifs[0]) /* the one vif under test */

UNIT_COUNTERS;

struct uni_boot_info uni_boot = {.platform = UNI_PLATFORM_XEN};
static unsigned delivered;
static size_t last_len;
static uint8_t last_frame[UNI_PAGE_SIZE];
static int next_ref = 100;

void *uni_page_alloc(size_t n)
{
	return aligned_alloc(UNI_PAGE_SIZE, n * UNI_PAGE_SIZE);
}

int uni_xen_gnttab_grant(domid_t domid, uint64_t gfn, bool readonly)
{
	(void)domid, (void)gfn, (void)readonly;
	return next_ref++;
}

int uni_xen_evtchn_notify(evtchn_port_t port)
{
	(void)port;
	return UNI_XEN_OK;
}

void uni_netdev_receive(struct uni_netdev *dev, const uint8_t *frame,
			size_t len)
{
	(void)dev;
	delivered++;
	last_len = len;
	memcpy(last_frame, frame, len);
}

/* Unused by the data path; the init path is tested on Xen (xen.netfront). */
int uni_xs_read(uni_xs_tx t, const char *p, char *b, size_t c)
{
	(void)t, (void)p, (void)b, (void)c;
	return UNI_XEN_EIO;
}
int uni_xs_read_uint(uni_xs_tx t, const char *p, uint64_t *v)
{
	(void)t, (void)p, (void)v;
	return UNI_XEN_EIO;
}
int uni_xs_write(uni_xs_tx t, const char *p, const char *v)
{
	(void)t, (void)p, (void)v;
	return UNI_XEN_EIO;
}
int uni_xs_transaction_start(uni_xs_tx *t)
{
	(void)t;
	return UNI_XEN_EIO;
}
int uni_xs_transaction_end(uni_xs_tx t, bool a)
{
	(void)t, (void)a;
	return UNI_XEN_EIO;
}
int uni_xs_wait_state(const char *p, int lo, int hi, uint64_t t)
{
	(void)p, (void)lo, (void)hi, (void)t;
	return UNI_XEN_EIO;
}
int uni_xs_init(void)
{
	return UNI_XEN_EIO;
}
int uni_xs_directory(uni_xs_tx t, const char *p, char *b, size_t c)
{
	(void)t, (void)p, (void)b, (void)c;
	return UNI_XEN_EIO;
}
int uni_xen_evtchn_init(void)
{
	return UNI_XEN_EIO;
}
int uni_xen_evtchn_alloc_unbound(domid_t r, evtchn_port_t *p)
{
	(void)r, (void)p;
	return UNI_XEN_EIO;
}
int uni_xen_evtchn_bind(evtchn_port_t p, uni_xen_evtchn_fn f, void *a)
{
	(void)p, (void)f, (void)a;
	return UNI_XEN_EIO;
}
void uni_poller_register(struct uni_poller *p)
{
	(void)p;
}
int uni_netdev_register(struct uni_netdev *dev)
{
	(void)dev;
	return NET_OK;
}

/* The backend's side: fill rx slot i of the next responses. */
static void backend_rx(uint16_t id, uint16_t offset, uint16_t flags,
		       int16_t status)
{
	RING_IDX prod = nf.rx.sring->rsp_prod;
	netif_rx_response_t *rsp = &nf.rx.sring->ring[prod % RX_RING_SIZE].rsp;

	rsp->id = id;
	rsp->offset = offset;
	rsp->flags = flags;
	rsp->status = status;
	nf.rx.sring->rsp_prod = prod + 1;
}

static void poll(void)
{
	nf.kicked = true;
	netfront_poll(&nf);
}

static void test_good_frame(void)
{
	memset(nf.rx_page[5], 0, UNI_PAGE_SIZE);
	memcpy(nf.rx_page[5] + 16, "frame payload", 13);
	backend_rx(5, 16, 0, 13);
	poll();
	CHECK(delivered == 1 && last_len == 13 &&
		  memcmp(last_frame, "frame payload", 13) == 0,
	      "a good frame arrives intact (%u delivered)", delivered);
	CHECK(nf.rx.req_prod_pvt == NR_RX + 1, "its buffer is posted again");
}

static void test_hostile_responses(void)
{
	unsigned before = delivered;

	backend_rx(NR_RX, 0, 0, 60);		/* an id that is not ours */
	backend_rx(1, 4000, 0, 200);		/* past the end of the page */
	backend_rx(2, 0, 0, NETIF_RSP_ERROR);	/* an error */
	backend_rx(3, 0, NETRXF_more_data, 60); /* needs scatter-gather */
	poll();
	CHECK(delivered == before, "nothing hostile is delivered");
	CHECK(nf.stats.bad_id == 1 && nf.stats.bad_length == 1 &&
		  nf.stats.rx_error == 1 && nf.stats.rx_multi == 1,
	      "each drop is counted: id %llu len %llu err %llu multi %llu",
	      (unsigned long long)nf.stats.bad_id,
	      (unsigned long long)nf.stats.bad_length,
	      (unsigned long long)nf.stats.rx_error,
	      (unsigned long long)nf.stats.rx_multi);
}

static void test_impossible_index(void)
{
	unsigned before = delivered;
	RING_IDX cons = nf.rx.rsp_cons;

	nf.rx.sring->rsp_prod = cons + 5 * RX_RING_SIZE;
	poll();
	CHECK(delivered == before && nf.rx.rsp_cons == cons,
	      "rsp_prod five rings ahead: nothing read");
	CHECK(nf.stats.bad_ring_index >= 1, "and counted");
	nf.rx.sring->rsp_prod = cons;
}

static void test_tx(void)
{
	uint8_t frame[60] = {1, 2, 3};
	netif_tx_request_t *req;
	unsigned i, sent = 0;

	for (i = 0; i < NR_TX + 5; i++)
		sent +=
		    netfront_transmit(&nf.netdev, frame, sizeof(frame)) == 0;
	CHECK(sent == NR_TX && nf.stats.tx_full == 5,
	      "%u sent, %llu refused: the ring holds NR_TX", sent,
	      (unsigned long long)nf.stats.tx_full);
	req = RING_GET_REQUEST(&nf.tx, 0);
	CHECK(req->size == 60 && req->offset == 0 &&
		  memcmp(nf.tx_page[req->id], frame, 60) == 0,
	      "the first request carries the frame");
	/* The backend answers one with an id out of range, one good. */
	RING_GET_RESPONSE(&nf.tx, 0)->id = 9999;
	RING_GET_RESPONSE(&nf.tx, 1)->id = req->id;
	nf.tx.sring->rsp_prod = 2;
	poll();
	CHECK(nf.nr_tx_free == 1, "one slot back, the bogus id ignored");
	CHECK(netfront_transmit(&nf.netdev, frame, sizeof(frame)) == 0,
	      "and it can be used again");
	CHECK(netfront_transmit(&nf.netdev, frame, UNI_PAGE_SIZE + 1) == -1,
	      "a frame larger than a page is refused");
}

int main(void)
{
	nf.netdev.transmit = netfront_transmit;
	nf.netdev.priv = &nf;
	if (setup_rings(&nf) != UNI_XEN_OK) {
		printf("setup_rings failed\n");
		return 1;
	}
	test_good_frame();
	test_hostile_responses();
	test_impossible_index();
	test_tx();
	return unit_summary();
}
