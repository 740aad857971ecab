/* SPDX-License-Identifier: ISC */
/*
 * The xenstore client: requests and replies over the shared ring page of
 * HVM_PARAM_STORE_PFN (xen/io/xs_wire.h), one request at a time, polled
 * with a deadline. xenstored is untrusted: each ring index it writes is
 * read once and an impossible one (more than a ring of data) breaks the
 * connection; a reply longer than XENSTORE_PAYLOAD_MAX does too; replies
 * are copied into caller buffers bounded by cap and NUL-terminated. Watch
 * events that arrive between replies are counted per token. Bringing the
 * client up also starts the answer to the toolstack's shutdown requests.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <xen/hvm/params.h>

#include "uni/boot.h"
#include "uni/cpu.h"
#include "uni/mm.h"
#include "uni/paging.h"
#include "uni/time.h"
#include "uni/xen.h"

#define REPLY_TIMEOUT_NS (5 * UNI_NSEC_PER_SEC)
#define MAX_WATCHES 8
#define TOKEN_MAX 32

struct watch {
	char token[TOKEN_MAX];
	unsigned fired;
};

/* One request: its header fields and up to three payload pieces. */
struct request {
	uint32_t type;
	uni_xs_tx tx;
	const void *part[3];
	size_t len[3];
	unsigned nparts;
};

static volatile struct xenstore_domain_interface *ring;
static evtchn_port_t port;
static uint32_t next_req_id = 1;
static bool broken;
static struct watch watches[MAX_WATCHES];
/* The last message received: header, then payload and a NUL. */
static struct xsd_sockmsg msg;
static char payload[XENSTORE_PAYLOAD_MAX + 1];

static void fail_connection(const char *why)
{
	if (!broken)
		printf("xenstore: %s; the connection is closed\n", why);
	broken = true;
}

static bool past(uint64_t deadline)
{
	return uni_now_ns() > deadline;
}

/* Bytes xenstored may still take into the request ring, or -1. */
static int req_space(void)
{
	XENSTORE_RING_IDX cons = ring->req_cons;
	uint32_t used = ring->req_prod - cons;

	cpu_barrier(); /* the index, then the data it makes room for */
	if (used > XENSTORE_RING_SIZE) {
		fail_connection("req_cons is impossible");
		return -1;
	}
	return (int)(XENSTORE_RING_SIZE - used);
}

/* Bytes of reply waiting in the response ring, or -1. */
static int rsp_avail(void)
{
	XENSTORE_RING_IDX prod = ring->rsp_prod;
	uint32_t avail = prod - ring->rsp_cons;

	cpu_rmb(); /* index before data */
	if (avail > XENSTORE_RING_SIZE) {
		fail_connection("rsp_prod is impossible");
		return -1;
	}
	return (int)avail;
}

static int ring_write(const char *p, size_t n, uint64_t deadline)
{
	while (n > 0) {
		int space = req_space();
		XENSTORE_RING_IDX prod = ring->req_prod;
		size_t chunk,
		    room = XENSTORE_RING_SIZE - MASK_XENSTORE_IDX(prod);

		if (space < 0)
			return UNI_XEN_EIO;
		if (space == 0) {
			if (past(deadline))
				return UNI_XEN_TIMEOUT;
			uni_xen_evtchn_notify(port);
			cpu_pause();
			continue;
		}
		chunk = n < (size_t)space ? n : (size_t)space;
		chunk = chunk < room ? chunk : room;
		memcpy((char *)ring->req + MASK_XENSTORE_IDX(prod), p, chunk);
		cpu_wmb(); /* data, then index */
		ring->req_prod = prod + (XENSTORE_RING_IDX)chunk;
		p += chunk;
		n -= chunk;
	}
	uni_xen_evtchn_notify(port);
	return UNI_XEN_OK;
}

/* Copy n bytes at offset off of the unread replies, not consuming them. */
static void ring_peek(void *p, size_t off, size_t n)
{
	XENSTORE_RING_IDX cons = ring->rsp_cons + (XENSTORE_RING_IDX)off;
	size_t i;

	for (i = 0; i < n; i++)
		((char *)p)[i] = ring->rsp[MASK_XENSTORE_IDX(cons + i)];
}

static void ring_consume(size_t n)
{
	cpu_mb(); /* data read before index */
	ring->rsp_cons += (XENSTORE_RING_IDX)n;
	uni_xen_evtchn_notify(port);
}

/* Read n bytes of one message into p, waiting for them up to deadline. */
static int ring_read(void *p, size_t n, uint64_t deadline)
{
	while (n > 0) {
		int avail = rsp_avail();
		size_t chunk;

		if (avail < 0)
			return UNI_XEN_EIO;
		if (avail == 0) {
			if (past(deadline))
				return UNI_XEN_TIMEOUT;
			cpu_pause();
			continue;
		}
		chunk = n < (size_t)avail ? n : (size_t)avail;
		ring_peek(p, 0, chunk);
		ring_consume(chunk);
		p = (char *)p + chunk;
		n -= chunk;
	}
	return UNI_XEN_OK;
}

static struct watch *find_watch(const char *token)
{
	unsigned i;

	for (i = 0; i < MAX_WATCHES; i++)
		if (watches[i].token[0] != '\0' &&
		    strcmp(watches[i].token, token) == 0)
			return &watches[i];
	return NULL;
}

/* A watch event's payload is "path\0token\0": count it by token. */
static void note_watch_event(void)
{
	size_t plen = strnlen(payload, msg.len);
	struct watch *w;

	if (plen + 1 >= msg.len)
		return; /* no token: malformed, ignored */
	w = find_watch(payload + plen + 1);
	if (w != NULL)
		w->fired++;
}

/* Receive one whole message into msg and payload. */
static int receive(uint64_t deadline)
{
	int r = ring_read(&msg, sizeof(msg), deadline);

	if (r != UNI_XEN_OK)
		return r;
	if (msg.len > XENSTORE_PAYLOAD_MAX) {
		fail_connection("a reply is longer than XENSTORE_PAYLOAD_MAX");
		return UNI_XEN_EIO;
	}
	r = ring_read(payload, msg.len, deadline);
	if (r != UNI_XEN_OK)
		return r;
	payload[msg.len] = '\0';
	if (msg.type == XS_WATCH_EVENT)
		note_watch_event();
	return UNI_XEN_OK;
}

/* Take the whole messages already in the ring (watch events), no waiting. */
static void drain(void)
{
	struct xsd_sockmsg h;
	int avail;

	while (!broken && (avail = rsp_avail()) >= (int)sizeof(h)) {
		ring_peek(&h, 0, sizeof(h));
		if (h.len <= XENSTORE_PAYLOAD_MAX &&
		    (size_t)avail < sizeof(h) + h.len)
			return; /* the rest is still coming */
		if (receive(uni_now_ns() + REPLY_TIMEOUT_NS) != UNI_XEN_OK)
			return;
	}
}

static int error_code(const char *e)
{
	if (strcmp(e, "ENOENT") == 0)
		return UNI_XEN_ENOENT;
	if (strcmp(e, "EAGAIN") == 0)
		return UNI_XEN_EAGAIN;
	if (strcmp(e, "EINVAL") == 0)
		return UNI_XEN_EINVAL;
	if (strcmp(e, "ENOSPC") == 0 || strcmp(e, "E2BIG") == 0)
		return UNI_XEN_ENOSPC;
	return UNI_XEN_EIO;
}

/* Send rq and wait for its reply (left in msg and payload). */
static int transact(const struct request *rq)
{
	struct xsd_sockmsg h = {
	    .type = rq->type, .req_id = next_req_id++, .tx_id = rq->tx};
	uint64_t deadline = uni_now_ns() + REPLY_TIMEOUT_NS;
	unsigned i;
	int r;

	if (broken)
		return UNI_XEN_EIO;
	for (i = 0; i < rq->nparts; i++)
		h.len += (uint32_t)rq->len[i];
	if (h.len > XENSTORE_PAYLOAD_MAX)
		return UNI_XEN_EINVAL;
	r = ring_write((const char *)&h, sizeof(h), deadline);
	for (i = 0; i < rq->nparts && r == UNI_XEN_OK; i++)
		r = ring_write(rq->part[i], rq->len[i], deadline);
	while (r == UNI_XEN_OK) {
		r = receive(deadline);
		if (r == UNI_XEN_OK && msg.type != XS_WATCH_EVENT &&
		    msg.req_id == h.req_id)
			break;
	}
	if (r != UNI_XEN_OK)
		return r;
	if (msg.type == XS_ERROR)
		return error_code(payload);
	if (msg.type != rq->type)
		return UNI_XEN_EINVAL;
	return UNI_XEN_OK;
}

/* A request whose payload is "path\0" followed by the extra pieces. */
static int path_request(uint32_t type, uni_xs_tx tx, const char *path,
			const char *extra, size_t extra_len)
{
	struct request rq = {.type = type, .tx = tx, .nparts = 1};

	if (path == NULL || path[0] == '\0')
		return UNI_XEN_EINVAL;
	rq.part[0] = path;
	rq.len[0] = strlen(path) + 1;
	if (extra != NULL) {
		rq.part[1] = extra;
		rq.len[1] = extra_len;
		rq.nparts = 2;
	}
	return transact(&rq);
}

int uni_xs_init(void)
{
	uint64_t pfn, evtchn;

	if (ring != NULL)
		return broken ? UNI_XEN_EIO : UNI_XEN_OK;
	if (uni_boot.platform != UNI_PLATFORM_XEN)
		return UNI_XEN_ABSENT;
	if (uni_xen_hvm_param_get(HVM_PARAM_STORE_PFN, &pfn) != UNI_XEN_OK ||
	    uni_xen_hvm_param_get(HVM_PARAM_STORE_EVTCHN, &evtchn) !=
		UNI_XEN_OK)
		return UNI_XEN_EIO;
	if (pfn == 0 || pfn >= (1ULL << 40) || evtchn > UINT32_MAX)
		return UNI_XEN_EINVAL;
	/* A special page outside the RAM map (before uni_seal() only). */
	uni_map(pfn * UNI_PAGE_SIZE, UNI_PAGE_SIZE, UNI_MAP_W);
	port = (evtchn_port_t)evtchn;
	ring = (volatile struct xenstore_domain_interface
		    *)(uintptr_t)(pfn * UNI_PAGE_SIZE);
	uni_xen_control_start(); /* answer `xl shutdown` (control.c) */
	return broken ? UNI_XEN_EIO : UNI_XEN_OK;
}

/* Copy the reply payload into buf (bounded, NUL-terminated). */
static int copy_reply(char *buf, size_t cap)
{
	if (cap == 0 || msg.len + 1 > cap)
		return UNI_XEN_ENOSPC;
	memcpy(buf, payload, msg.len);
	buf[msg.len] = '\0';
	return (int)msg.len;
}

int uni_xs_read(uni_xs_tx tx, const char *path, char *buf, size_t cap)
{
	int r = uni_xs_init();

	if (r == UNI_XEN_OK)
		r = path_request(XS_READ, tx, path, NULL, 0);
	if (r != UNI_XEN_OK)
		return r;
	/* A value with a NUL inside is not text: refuse it. */
	if (strlen(payload) != msg.len)
		return UNI_XEN_EINVAL;
	return copy_reply(buf, cap);
}

int uni_xs_read_uint(uni_xs_tx tx, const char *path, uint64_t *value)
{
	char buf[24];
	uint64_t v = 0;
	int i, n = uni_xs_read(tx, path, buf, sizeof(buf));

	if (n <= 0)
		return n == 0 ? UNI_XEN_EINVAL : n;
	for (i = 0; i < n; i++) {
		if (buf[i] < '0' || buf[i] > '9' || v > UINT64_MAX / 10)
			return UNI_XEN_EINVAL;
		v = v * 10 + (uint64_t)(buf[i] - '0');
	}
	*value = v;
	return UNI_XEN_OK;
}

int uni_xs_write(uni_xs_tx tx, const char *path, const char *value)
{
	int r = uni_xs_init();

	if (r != UNI_XEN_OK)
		return r;
	if (value == NULL)
		return UNI_XEN_EINVAL;
	return path_request(XS_WRITE, tx, path, value, strlen(value));
}

int uni_xs_rm(uni_xs_tx tx, const char *path)
{
	int r = uni_xs_init();

	return r != UNI_XEN_OK ? r : path_request(XS_RM, tx, path, NULL, 0);
}

int uni_xs_directory(uni_xs_tx tx, const char *path, char *buf, size_t cap)
{
	int r = uni_xs_init(), n = 0;
	size_t i;

	if (r == UNI_XEN_OK)
		r = path_request(XS_DIRECTORY, tx, path, NULL, 0);
	if (r != UNI_XEN_OK)
		return r;
	/* "a\0b\0": each name ends in a NUL, the last one included. */
	if (msg.len > 0 && payload[msg.len - 1] != '\0')
		return UNI_XEN_EINVAL;
	for (i = 0; i < msg.len; i++)
		n += payload[i] == '\0';
	r = copy_reply(buf, cap);
	return r < 0 ? r : n;
}

int uni_xs_transaction_start(uni_xs_tx *tx)
{
	struct request rq = {.type = XS_TRANSACTION_START,
			     .nparts = 1,
			     .part = {""},
			     .len = {1}};
	uint64_t id = 0;
	size_t i;
	int r = uni_xs_init();

	if (r == UNI_XEN_OK)
		r = transact(&rq);
	if (r != UNI_XEN_OK)
		return r;
	for (i = 0; i < msg.len && payload[i] != '\0'; i++) {
		if (payload[i] < '0' || payload[i] > '9' || id > UINT32_MAX)
			return UNI_XEN_EINVAL;
		id = id * 10 + (uint64_t)(payload[i] - '0');
	}
	if (i == 0 || id == 0 || id > UINT32_MAX)
		return UNI_XEN_EINVAL;
	*tx = (uni_xs_tx)id;
	return UNI_XEN_OK;
}

int uni_xs_transaction_end(uni_xs_tx tx, bool abort)
{
	struct request rq = {.type = XS_TRANSACTION_END,
			     .tx = tx,
			     .nparts = 1,
			     .part = {abort ? "F" : "T"},
			     .len = {2}};

	if (tx == UNI_XS_NIL)
		return UNI_XEN_EINVAL;
	return transact(&rq);
}

int uni_xs_watch(const char *path, const char *token)
{
	struct watch *w = NULL;
	unsigned i;
	int r = uni_xs_init();

	if (r != UNI_XEN_OK)
		return r;
	if (token == NULL || token[0] == '\0' || strlen(token) >= TOKEN_MAX)
		return UNI_XEN_EINVAL;
	for (i = 0; i < MAX_WATCHES && w == NULL; i++)
		if (watches[i].token[0] == '\0')
			w = &watches[i];
	if (find_watch(token) != NULL || w == NULL)
		return UNI_XEN_ENOSPC;
	memcpy(w->token, token, strlen(token) + 1);
	w->fired = 0;
	r = path_request(XS_WATCH, UNI_XS_NIL, path, token, strlen(token) + 1);
	if (r != UNI_XEN_OK)
		w->token[0] = '\0';
	return r;
}

int uni_xs_unwatch(const char *path, const char *token)
{
	struct watch *w = token != NULL ? find_watch(token) : NULL;
	int r;

	if (w == NULL)
		return UNI_XEN_ENOENT;
	r = path_request(XS_UNWATCH, UNI_XS_NIL, path, token,
			 strlen(token) + 1);
	w->token[0] = '\0';
	return r;
}

unsigned uni_xs_watch_fired(const char *token)
{
	struct watch *w;
	unsigned n;

	if (ring == NULL)
		return 0;
	drain();
	w = find_watch(token);
	if (w == NULL)
		return 0;
	n = w->fired;
	w->fired = 0;
	return n;
}

int uni_xs_domid(domid_t *domid)
{
	uint64_t v;
	int r = uni_xs_read_uint(UNI_XS_NIL, "domid", &v);

	if (r != UNI_XEN_OK)
		return r;
	if (v >= DOMID_FIRST_RESERVED)
		return UNI_XEN_EINVAL;
	*domid = (domid_t)v;
	return UNI_XEN_OK;
}

int uni_xs_wait_state(const char *path, int lo, int hi, uint64_t timeout_ns)
{
	uint64_t deadline = uni_now_ns() + timeout_ns, v;
	int r;

	for (;;) {
		r = uni_xs_read_uint(UNI_XS_NIL, path, &v);
		if (r == UNI_XEN_OK && v >= (uint64_t)lo && v <= (uint64_t)hi)
			return (int)v;
		if (r != UNI_XEN_OK && r != UNI_XEN_ENOENT)
			return r;
		if (past(deadline))
			return UNI_XEN_TIMEOUT;
		/* Spin, not the event loop: drivers wait here during boot. */
		for (v = uni_now_ns(); uni_now_ns() - v < UNI_NSEC_PER_MSEC;)
			cpu_pause();
	}
}
