/* SPDX-License-Identifier: ISC */
/*
 * blkfront: the Xen PV block frontend of the first vbd, as
 * block0. Connection (xenbus): wait for the backend in InitWait, grant one
 * ring page, allocate an event channel, write ring-ref, event-channel and
 * the x86_64 protocol, switch to Initialised, wait for Connected, then read
 * the capacity ("sectors"), "sector-size", "info" and the flush feature.
 * I/O is synchronous and polled: one request at a time through NR_SEGS
 * bounce pages granted once. The response comes from the backend: rsp_prod
 * is read once and clamped, the id and the operation must be the
 * request's. Sector numbers are 512-byte units, as in the blkif ABI.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "xen_ring.h" /* first: the barriers of the ring macros */

#include <xen/io/blkif.h>
#include <xen/io/protocols.h>
#include <xen/io/ring.h>
#include <xen/io/xenbus.h>

#include "uni/boot.h"
#include "uni/config.h"
#include "uni/cpu.h"
#include "uni/driver.h"
#include "uni/mm.h"
#include "uni/time.h"
#include "uni/xen.h"
#include "xenbus.h"

UNI_CONFIG_STRING(block0, driver, "none",
		  "the driver of block0: blkfront (Xen PV disk), or none");
UNI_CONFIG_STRING(block0, file, "disk.img",
		  "the host file behind block0 (written to the xl config)");

#define NR_SEGS 8 /* bounce pages: 32 KiB per request */
#define SECTOR 512u
#define SECTORS_PER_PAGE (UNI_PAGE_SIZE / SECTOR)
#define BLK_RING_SIZE __CONST_RING_SIZE(blkif, UNI_PAGE_SIZE)
#define CONNECT_TIMEOUT_NS (10 * UNI_NSEC_PER_SEC)
#define IO_TIMEOUT_NS (10 * UNI_NSEC_PER_SEC)
#define PATH_MAX_LEN 128

_Static_assert(NR_SEGS <= BLKIF_MAX_SEGMENTS_PER_REQUEST, "too many segments");

struct blkfront {
	char front[PATH_MAX_LEN];
	char back[PATH_MAX_LEN];
	domid_t backend_id;
	blkif_vdev_t handle;
	evtchn_port_t port;
	blkif_front_ring_t ring;
	uint8_t *page[NR_SEGS];
	grant_ref_t ref[NR_SEGS];
	uint64_t next_id;
	struct uni_xen_blk_info info;
	bool up;
};

static struct blkfront bf;

/* Read node KEY of the backend directory. */
static int read_uint(const char *key, uint64_t *v)
{
	char path[PATH_MAX_LEN + 32];

	snprintf(path, sizeof(path), "%s/%s", bf.back, key);
	return uni_xs_read_uint(UNI_XS_NIL, path, v);
}

/* The first device/vbd entry: its paths, backend id and handle. */
static int find_device(void)
{
	char names[128];
	uint64_t handle = 0;
	int r =
	    uni_xs_directory(UNI_XS_NIL, "device/vbd", names, sizeof(names));

	if (r <= 0)
		return r < 0 ? r : UNI_XEN_ENOENT;
	for (const char *p = names; *p != '\0'; p++) {
		if (*p < '0' || *p > '9' || handle > UINT16_MAX)
			return UNI_XEN_EINVAL;
		handle = handle * 10 + (uint64_t)(*p - '0');
	}
	if (handle > UINT16_MAX)
		return UNI_XEN_EINVAL;
	bf.handle = (blkif_vdev_t)handle;
	snprintf(bf.front, sizeof(bf.front), "device/vbd/%s", names);
	return uni_xenbus_read_backend(bf.front, bf.back, sizeof(bf.back),
				       &bf.backend_id);
}

static int wait_backend(int lo, int hi)
{
	return uni_xenbus_wait_state(bf.back, lo, hi, CONNECT_TIMEOUT_NS);
}

static int setup_ring(void)
{
	blkif_sring_t *s = uni_page_alloc(1);
	uint8_t *pages = uni_page_alloc(NR_SEGS);
	int r;

	if (s == NULL || pages == NULL)
		return UNI_XEN_ENOSPC;
	memset(s, 0, UNI_PAGE_SIZE);
	SHARED_RING_INIT(s);
	FRONT_RING_INIT(&bf.ring, s, UNI_PAGE_SIZE);
	for (unsigned i = 0; i < NR_SEGS; i++) {
		bf.page[i] = pages + i * UNI_PAGE_SIZE;
		r = uni_xen_gnttab_grant(bf.backend_id,
					 (uintptr_t)bf.page[i] / UNI_PAGE_SIZE,
					 false);
		if (r < 0)
			return r;
		bf.ref[i] = (grant_ref_t)r;
	}
	return UNI_XEN_OK;
}

/* The transaction's writes; arg points to the ring's grant reference. */
static int publish(uni_xs_tx tx, void *arg)
{
	int ring_ref = *(const int *)arg;
	int r =
	    uni_xenbus_write_uint(tx, bf.front, "ring-ref", (uint64_t)ring_ref);

	if (r == UNI_XEN_OK)
		r = uni_xenbus_write_uint(tx, bf.front, "event-channel",
					  bf.port);
	if (r == UNI_XEN_OK)
		r = uni_xenbus_write(tx, bf.front, "protocol",
				     XEN_IO_PROTO_ABI_X86_64);
	if (r == UNI_XEN_OK)
		r = uni_xenbus_write_uint(tx, bf.front, "state",
					  XenbusStateInitialised);
	return r;
}

/* Capacity, sector size, read-only flag and flush from the backend. */
static int read_geometry(void)
{
	uint64_t sectors, size = SECTOR, info = 0, flush = 0;
	int r = read_uint("sectors", &sectors);

	if (r != UNI_XEN_OK)
		return r;
	read_uint("sector-size", &size);
	read_uint("info", &info);
	read_uint("feature-flush-cache", &flush);
	if (size < SECTOR || size > UNI_PAGE_SIZE || (size & (size - 1)) != 0) {
		printf(
		    "blkfront: expected a sector size that is a power of two "
		    "in [512, 4096], found %llu\n",
		    (unsigned long long)size);
		return UNI_XEN_EINVAL;
	}
	bf.info.sectors = sectors * (size / SECTOR);
	bf.info.sector_size = (uint32_t)size;
	bf.info.readonly = (info & VDISK_READONLY) != 0;
	bf.info.flush = flush != 0;
	return UNI_XEN_OK;
}

static int blkfront_connect(void)
{
	int r = wait_backend(XenbusStateInitWait, XenbusStateConnected), ref;

	if (r < 0)
		return r;
	r = setup_ring();
	if (r != UNI_XEN_OK)
		return r;
	ref = uni_xen_gnttab_grant(
	    bf.backend_id, (uintptr_t)bf.ring.sring / UNI_PAGE_SIZE, false);
	if (ref < 0)
		return ref;
	r = uni_xen_evtchn_alloc_unbound(bf.backend_id, &bf.port);
	if (r == UNI_XEN_OK)
		r = uni_xenbus_transact(publish, &ref);
	if (r != UNI_XEN_OK)
		return r;
	r = wait_backend(XenbusStateConnected, XenbusStateConnected);
	if (r < 0)
		return r;
	r = read_geometry();
	if (r == UNI_XEN_OK)
		r = uni_xenbus_write_uint(UNI_XS_NIL, bf.front, "state",
					  XenbusStateConnected);
	return r;
}

/* Wait for the response to request id; its status, or a negative code. */
static int wait_response(uint64_t id, uint8_t op)
{
	uint64_t deadline = uni_now_ns() + IO_TIMEOUT_NS;

	for (;;) {
		RING_IDX prod = bf.ring.sring->rsp_prod;
		blkif_response_t rsp;

		cpu_rmb();
		if (prod - bf.ring.rsp_cons > BLK_RING_SIZE)
			return UNI_XEN_EIO; /* impossible index */
		if (prod == bf.ring.rsp_cons) {
			if (uni_now_ns() > deadline)
				return UNI_XEN_TIMEOUT;
			cpu_pause();
			continue;
		}
		rsp = *RING_GET_RESPONSE(&bf.ring, bf.ring.rsp_cons);
		bf.ring.rsp_cons++;
		if (rsp.id != id || rsp.operation != op)
			continue; /* not ours: stale or bogus */
		return rsp.status == BLKIF_RSP_OKAY ? UNI_XEN_OK : UNI_XEN_EIO;
	}
}

/* One request of op on n (<= NR_SEGS pages) sectors from sector. */
static int request(uint8_t op, uint64_t sector, unsigned nsect)
{
	blkif_request_t *req = RING_GET_REQUEST(&bf.ring, bf.ring.req_prod_pvt);
	unsigned segs = (nsect + SECTORS_PER_PAGE - 1) / SECTORS_PER_PAGE;
	int notify;

	req->operation = op;
	req->nr_segments = (uint8_t)segs;
	req->handle = bf.handle;
	req->id = ++bf.next_id;
	req->sector_number = sector;
	for (unsigned i = 0; i < segs; i++) {
		unsigned left = nsect - i * SECTORS_PER_PAGE;

		req->seg[i].gref = bf.ref[i];
		req->seg[i].first_sect = 0;
		req->seg[i].last_sect =
		    (uint8_t)((left < SECTORS_PER_PAGE ? left
						       : SECTORS_PER_PAGE) -
			      1);
	}
	bf.ring.req_prod_pvt++;
	RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&bf.ring, notify);
	if (notify)
		uni_xen_evtchn_notify(bf.port);
	return wait_response(bf.next_id, op);
}

static int check_range(uint64_t sector, size_t nsect)
{
	if (!bf.up)
		return UNI_XEN_ABSENT;
	if (nsect == 0 || sector > bf.info.sectors ||
	    nsect > bf.info.sectors - sector)
		return UNI_XEN_EINVAL;
	return UNI_XEN_OK;
}

int uni_xen_blk_read(uint64_t sector, void *buf, size_t nsect)
{
	int r = check_range(sector, nsect);

	while (r == UNI_XEN_OK && nsect > 0) {
		unsigned n = nsect < NR_SEGS * SECTORS_PER_PAGE
				 ? (unsigned)nsect
				 : NR_SEGS * SECTORS_PER_PAGE;

		r = request(BLKIF_OP_READ, sector, n);
		for (unsigned i = 0;
		     r == UNI_XEN_OK && i * SECTORS_PER_PAGE < n; i++) {
			unsigned k = n - i * SECTORS_PER_PAGE;

			k = k < SECTORS_PER_PAGE ? k : SECTORS_PER_PAGE;
			memcpy(buf, bf.page[i], k * SECTOR);
			buf = (uint8_t *)buf + k * SECTOR;
		}
		sector += n;
		nsect -= n;
	}
	return r;
}

int uni_xen_blk_write(uint64_t sector, const void *buf, size_t nsect)
{
	int r = check_range(sector, nsect);

	if (r == UNI_XEN_OK && bf.info.readonly)
		return UNI_XEN_EIO;
	while (r == UNI_XEN_OK && nsect > 0) {
		unsigned n = nsect < NR_SEGS * SECTORS_PER_PAGE
				 ? (unsigned)nsect
				 : NR_SEGS * SECTORS_PER_PAGE;

		for (unsigned i = 0; i * SECTORS_PER_PAGE < n; i++) {
			unsigned k = n - i * SECTORS_PER_PAGE;

			k = k < SECTORS_PER_PAGE ? k : SECTORS_PER_PAGE;
			memcpy(bf.page[i], buf, k * SECTOR);
			buf = (const uint8_t *)buf + k * SECTOR;
		}
		r = request(BLKIF_OP_WRITE, sector, n);
		sector += n;
		nsect -= n;
	}
	return r;
}

int uni_xen_blk_flush(void)
{
	if (!bf.up)
		return UNI_XEN_ABSENT;
	if (!bf.info.flush)
		return UNI_XEN_OK; /* the backend writes through */
	return request(BLKIF_OP_FLUSH_DISKCACHE, 0, 0);
}

int uni_xen_blk_get_info(struct uni_xen_blk_info *info)
{
	if (!bf.up)
		return UNI_XEN_ABSENT;
	*info = bf.info;
	return UNI_XEN_OK;
}

static int blkfront_probe(void)
{
	return uni_xenbus_present("device/vbd") ? UNI_DRIVER_OK
						: UNI_DRIVER_ABSENT;
}

static int blkfront_init(void)
{
	int r = find_device();

	if (r == UNI_XEN_OK)
		r = blkfront_connect();
	if (r != UNI_XEN_OK) {
		printf(
		    "blkfront: cannot connect %s to the backend %s: error %d\n",
		    bf.front, bf.back, r);
		return UNI_DRIVER_FAILED;
	}
	bf.up = true;
	printf("block0: blkfront %s, %llu sectors of 512 bytes (%u-byte "
	       "device sectors)%s%s\n",
	       bf.front, (unsigned long long)bf.info.sectors,
	       bf.info.sector_size, bf.info.readonly ? ", read-only" : "",
	       bf.info.flush ? ", flush" : "");
	return UNI_DRIVER_OK;
}

UNI_DRIVER(xen_blk, "blkfront", UNI_DRIVER_BLOCK, UNI_DRIVER_ON_XEN,
	   blkfront_probe, blkfront_init);
