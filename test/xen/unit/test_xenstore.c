/* SPDX-License-Identifier: ISC */
/*
 * drivers/xen/xenstore.c natively, against a scripted fake xenstored that
 * answers through the same shared ring layout (xen/io/xs_wire.h): good
 * replies, and the hostile ones the client must survive (impossible ring
 * indices, oversized payloads, values with a NUL inside, stray replies,
 * watch events between replies, silence). Each case runs in its own child
 * process, since a broken connection stays broken.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <xen/hvm/params.h>

#include "uni/boot.h"
#include "uni/paging.h"
#include "uni/time.h"
#include "uni/xen.h"
#include "unit.h"

UNIT_COUNTERS;

/* What the client links against, stubbed. */
struct uni_boot_info uni_boot = {.platform = UNI_PLATFORM_XEN};
static struct xenstore_domain_interface *ring;
static uint64_t fake_ns;

int uni_xen_hvm_param_get(uint32_t index, uint64_t *value)
{
	if (index == HVM_PARAM_STORE_PFN)
		*value = (uintptr_t)ring / 4096;
	else if (index == HVM_PARAM_STORE_EVTCHN)
		*value = 3;
	else
		return UNI_XEN_EINVAL;
	return UNI_XEN_OK;
}

int uni_map(uint64_t phys, uint64_t size, unsigned flags)
{
	(void)phys, (void)size, (void)flags;
	return 0;
}

uint64_t uni_now_ns(void)
{
	return fake_ns += UNI_NSEC_PER_MSEC; /* every look at the clock: 1 ms */
}

void uni_xen_control_start(void)
{
}

/* The fake xenstored: called on each notify, answers whole requests. */
typedef void (*server_fn)(const struct xsd_sockmsg *rq, const char *payload);
static server_fn server;
static XENSTORE_RING_IDX req_cons_seen;

static void put_rsp(const void *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		ring->rsp[MASK_XENSTORE_IDX(ring->rsp_prod + i)] =
		    ((const char *)p)[i];
	ring->rsp_prod += (XENSTORE_RING_IDX)n;
}

static void reply(uint32_t type, uint32_t req_id, const void *p, size_t n)
{
	struct xsd_sockmsg h = {.type = type, .req_id = req_id, .len = n};

	put_rsp(&h, sizeof(h));
	put_rsp(p, n);
}

/* Copy n request bytes from offset off after the consumer index. */
static void get_req(void *p, XENSTORE_RING_IDX off, size_t n)
{
	for (size_t i = 0; i < n; i++)
		((char *)p)[i] = ring->req[MASK_XENSTORE_IDX(off + i)];
}

int uni_xen_evtchn_notify(evtchn_port_t port)
{
	struct xsd_sockmsg h;
	static char payload[XENSTORE_PAYLOAD_MAX + 1];

	(void)port;
	while (ring->req_prod - req_cons_seen >= sizeof(h)) {
		get_req(&h, req_cons_seen, sizeof(h));
		if (ring->req_prod - req_cons_seen < sizeof(h) + h.len)
			break;
		get_req(payload, req_cons_seen + sizeof(h), h.len);
		payload[h.len] = '\0';
		req_cons_seen += sizeof(h) + h.len;
		ring->req_cons = req_cons_seen;
		if (server != NULL)
			server(&h, payload);
	}
	return UNI_XEN_OK;
}

/* Servers, one behaviour each. */
static void echo_path(const struct xsd_sockmsg *rq, const char *payload)
{
	reply(rq->type, rq->req_id, payload, strlen(payload));
}

static void enoent(const struct xsd_sockmsg *rq, const char *payload)
{
	(void)payload;
	reply(XS_ERROR, rq->req_id, "ENOENT", 7);
}

static void nul_inside(const struct xsd_sockmsg *rq, const char *payload)
{
	(void)payload;
	reply(rq->type, rq->req_id, "ab\0cd", 5);
}

static void event_then_reply(const struct xsd_sockmsg *rq, const char *p)
{
	if (rq->type == XS_READ)
		reply(XS_WATCH_EVENT, 0, "some/path\0tok", 14);
	echo_path(rq, p);
}

static void stray_then_reply(const struct xsd_sockmsg *rq, const char *p)
{
	reply(rq->type, rq->req_id + 1000, "stray", 5);
	echo_path(rq, p);
}

static void oversized(const struct xsd_sockmsg *rq, const char *payload)
{
	struct xsd_sockmsg h = {.type = rq->type,
				.req_id = rq->req_id,
				.len = XENSTORE_PAYLOAD_MAX + 1};

	(void)payload;
	put_rsp(&h, sizeof(h));
}

static void impossible_prod(const struct xsd_sockmsg *rq, const char *p)
{
	(void)rq, (void)p;
	ring->rsp_prod += 2 * XENSTORE_RING_SIZE;
}

static void silent(const struct xsd_sockmsg *rq, const char *p)
{
	(void)rq, (void)p;
}

static void dir_reply(const struct xsd_sockmsg *rq, const char *payload)
{
	if (strcmp(payload, "good") == 0)
		reply(rq->type, rq->req_id, "a\0bc\0", 5);
	else
		reply(rq->type, rq->req_id, "a\0bc", 4);
}

static void tx_reply(const struct xsd_sockmsg *rq, const char *payload)
{
	static int n;
	static const char *const ids[] = {"17", "0", "12x", ""};

	(void)payload;
	if (rq->type == XS_TRANSACTION_START) {
		const char *id = ids[n++ % 4];
		reply(rq->type, rq->req_id, id, strlen(id) + 1);
	} else {
		reply(rq->type, rq->req_id, "OK", 3);
	}
}

/* Cases. */
static void case_read(void)
{
	char buf[16];

	server = echo_path;
	CHECK(uni_xs_read(UNI_XS_NIL, "a/b", buf, sizeof(buf)) == 3 &&
		  strcmp(buf, "a/b") == 0,
	      "read echoes the path: got \"%s\"", buf);
	CHECK(uni_xs_read(UNI_XS_NIL, "abcdefg", buf, 8) == 7,
	      "a 7-byte value fits 8 bytes with its NUL");
	CHECK(uni_xs_read(UNI_XS_NIL, "abcdefgh", buf, 8) == UNI_XEN_ENOSPC,
	      "an 8-byte value does not fit 8 bytes");
	CHECK(uni_xs_read(UNI_XS_NIL, "", buf, sizeof(buf)) == UNI_XEN_EINVAL,
	      "an empty path is refused");
}

static void case_wraps(void)
{
	char buf[64], path[40];
	int ok = 0;

	server = echo_path;
	for (int i = 0; i < 200; i++) { /* ~100 ring lengths each way */
		snprintf(path, sizeof(path), "path/number/%d", i);
		ok += uni_xs_read(UNI_XS_NIL, path, buf, sizeof(buf)) ==
			  (int)strlen(path) &&
		      strcmp(buf, path) == 0;
	}
	CHECK(ok == 200, "200 requests across ring wraps: %d right", ok);
}

static void case_errors(void)
{
	char buf[16];
	uint64_t v;

	server = enoent;
	CHECK(uni_xs_read(UNI_XS_NIL, "x", buf, sizeof(buf)) == UNI_XEN_ENOENT,
	      "an ENOENT reply");
	server = nul_inside;
	CHECK(uni_xs_read(UNI_XS_NIL, "x", buf, sizeof(buf)) == UNI_XEN_EINVAL,
	      "a value with a NUL inside is refused");
	server = echo_path;
	CHECK(uni_xs_read_uint(UNI_XS_NIL, "12a", &v) == UNI_XEN_EINVAL,
	      "a number with a letter is refused");
	CHECK(uni_xs_read_uint(UNI_XS_NIL, "99999999999999999999", &v) ==
		  UNI_XEN_EINVAL,
	      "a number past 2^64 is refused");
	CHECK(uni_xs_read_uint(UNI_XS_NIL, "4096", &v) == UNI_XEN_OK &&
		  v == 4096,
	      "4096 reads as 4096");
}

static void case_watch_between(void)
{
	char buf[16];

	server = echo_path;
	CHECK(uni_xs_watch("some/path", "tok") == UNI_XEN_OK, "watch");
	server = event_then_reply;
	CHECK(uni_xs_read(UNI_XS_NIL, "x", buf, sizeof(buf)) == 1,
	      "the reply after a watch event");
	CHECK(uni_xs_watch_fired("tok") == 1, "the event was counted");
	CHECK(uni_xs_watch_fired("tok") == 0, "and the count cleared");
	CHECK(uni_xs_watch("other", "tok") == UNI_XEN_ENOSPC,
	      "a token is used once");
}

static void case_stray(void)
{
	char buf[16];

	server = stray_then_reply;
	CHECK(uni_xs_read(UNI_XS_NIL, "mine", buf, sizeof(buf)) == 4 &&
		  strcmp(buf, "mine") == 0,
	      "a reply with another request id is skipped: got \"%s\"", buf);
}

static void case_directory(void)
{
	char buf[16];

	server = dir_reply;
	CHECK(uni_xs_directory(UNI_XS_NIL, "good", buf, sizeof(buf)) == 2 &&
		  strcmp(buf, "a") == 0 && strcmp(buf + 2, "bc") == 0,
	      "two names");
	CHECK(uni_xs_directory(UNI_XS_NIL, "bad", buf, sizeof(buf)) ==
		  UNI_XEN_EINVAL,
	      "a list whose last name has no NUL is refused");
}

static void case_transactions(void)
{
	uni_xs_tx tx = 0;

	server = tx_reply;
	CHECK(uni_xs_transaction_start(&tx) == UNI_XEN_OK && tx == 17,
	      "transaction 17: got %u", tx);
	CHECK(uni_xs_transaction_end(tx, false) == UNI_XEN_OK, "commit");
	CHECK(uni_xs_transaction_start(&tx) == UNI_XEN_EINVAL, "id 0 refused");
	CHECK(uni_xs_transaction_start(&tx) == UNI_XEN_EINVAL,
	      "id 12x refused");
	CHECK(uni_xs_transaction_start(&tx) == UNI_XEN_EINVAL,
	      "an empty id refused");
	CHECK(uni_xs_transaction_end(UNI_XS_NIL, false) == UNI_XEN_EINVAL,
	      "ending no transaction is refused");
}

/* A hostile reply breaks the connection for good. */
static void expect_broken(server_fn hostile, const char *what)
{
	char buf[16];

	server = hostile;
	CHECK(uni_xs_read(UNI_XS_NIL, "x", buf, sizeof(buf)) == UNI_XEN_EIO,
	      "%s: EIO", what);
	server = echo_path;
	CHECK(uni_xs_read(UNI_XS_NIL, "x", buf, sizeof(buf)) == UNI_XEN_EIO,
	      "%s: the connection stays closed", what);
}

static void case_oversized(void)
{
	expect_broken(oversized, "a payload over XENSTORE_PAYLOAD_MAX");
}

static void case_impossible_prod(void)
{
	expect_broken(impossible_prod, "rsp_prod two rings ahead");
}

static void case_silence(void)
{
	char buf[16];

	server = silent;
	CHECK(uni_xs_read(UNI_XS_NIL, "x", buf, sizeof(buf)) == UNI_XEN_TIMEOUT,
	      "no reply: a timeout");
}

/* Run one case in a child with a fresh client and ring. */
static void run(const char *name, void (*fn)(void))
{
	int status;
	pid_t pid;

	fflush(stdout); /* or the child prints the parent's buffer again */
	pid = fork();

	if (pid == 0) {
		unit_passed = unit_failed = 0; /* this case's own count */
		ring = aligned_alloc(4096, 4096);
		memset(ring, 0, 4096);
		fn();
		exit(unit_failed == 0 ? 0 : 1);
	}
	waitpid(pid, &status, 0);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "case %s", name);
}

int main(void)
{
	run("read", case_read);
	run("wraps", case_wraps);
	run("errors", case_errors);
	run("watch_between", case_watch_between);
	run("stray", case_stray);
	run("directory", case_directory);
	run("transactions", case_transactions);
	run("oversized", case_oversized);
	run("impossible_prod", case_impossible_prod);
	run("silence", case_silence);
	return unit_summary();
}
