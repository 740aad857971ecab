/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer target of DNS over TCP: a stream of arbitrary octets into the
 * session of rt/dns/tcp_session.c (transfers allowed), fed in pieces whose
 * size the first octet picks and drained in pieces of another size. Checks
 * that every response is a length-prefixed message that parses back, that
 * the session never takes input while it is sending, and that the octets
 * sent are the same whatever the pieces (fed whole and drained whole).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dns/server.h"
#include "dns/tcp_session.h"
#include "dns_fuzz.h"

static const char zone_text[] =
    "$TTL 300\n"
    "@ SOA ns1 host.master 1 2 3 4 60\n"
    "  NS ns1\n  MX 10 mail\n  A 192.0.2.1\n"
    "ns1 A 192.0.2.53\nmail A 192.0.2.25\nwww CNAME web\nweb A 192.0.2.80\n"
    "*.w A 192.0.2.99\nsub NS ns.sub\nns.sub A 192.0.2.201\n"
    "big TXT \"0123456789abcdef0123456789abcdef0123456789abcdef0123456789\" "
    "\"0123456789abcdef0123456789abcdef0123456789abcdef0123456789\" "
    "\"0123456789abcdef0123456789abcdef0123456789abcdef0123456789\" "
    "\"0123456789abcdef0123456789abcdef0123456789abcdef0123456789\" "
    "\"0123456789abcdef0123456789abcdef0123456789abcdef0123456789\" "
    "\"0123456789abcdef0123456789abcdef0123456789abcdef0123456789\" "
    "\"0123456789abcdef0123456789abcdef0123456789abcdef0123456789\" "
    "\"0123456789abcdef0123456789abcdef0123456789abcdef0123456789\" "
    "\"0123456789abcdef0123456789abcdef0123456789abcdef0123456789\" "
    "\"0123456789abcdef0123456789abcdef0123456789abcdef0123456789\"\n";

static struct dns_zone zone;
static struct dns_zone_set set = {&zone, 1};
static struct dns_server srv;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	dns_fuzz_load(&zone, "example.com", zone_text);
	if (dns_server_init(&srv, &set, NULL) != 0)
		abort();
	return 0;
}

/* A response must parse back; a bare header is NSD's FORMERR to an IXFR. */
static void check_message(const uint8_t *r, size_t len)
{
	struct dns_hdr h;

	if (len == DNS_HDR_LEN) {
		if (dns_hdr_read(bytes_make(r, len), &h) != DNS_OK ||
		    !(h.flags & DNS_F_QR))
			abort();
		return;
	}
	dns_fuzz_check_response(r, len);
}

struct out {
	uint8_t buf[1 << 18];
	size_t len;
};

static void drain(struct dns_tcp *t, struct out *o, size_t step)
{
	const uint8_t *p;
	size_t len, room;

	while ((p = dns_tcp_send_buf(t, &len)) != NULL && len > 0) {
		if (dns_tcp_recv_buf(t, &room) != NULL || room != 0)
			abort(); /* input while sending */
		size_t n = len < step ? len : step;
		if (o->len + n <= sizeof(o->buf)) {
			memcpy(o->buf + o->len, p, n);
			o->len += n;
		}
		dns_tcp_sent(t, n);
	}
}

/* Runs the stream through a session; the octets it sent are in o. */
static void run(const uint8_t *in, size_t n, size_t feed, size_t step,
		struct out *o)
{
	struct dns_tcp t;
	size_t done = 0;

	dns_tcp_init(&t, &srv, 1);
	o->len = 0;
	while (done < n && !dns_tcp_closing(&t)) {
		size_t k = n - done < feed ? n - done : feed;
		size_t took = dns_tcp_input(&t, in + done, k);
		done += took;
		drain(&t, o, step);
		if (took == 0 && !dns_tcp_sending(&t))
			break;
	}
	dns_tcp_fini(&t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct out whole, pieces;
	size_t off = 0, len;

	if (size < 1)
		return 0;
	run(data + 1, size - 1, (size_t)-1, (size_t)-1, &whole);
	run(data + 1, size - 1, 1 + data[0] % 37, 1 + data[0] / 37, &pieces);
	if (whole.len != pieces.len || memcmp(whole.buf, pieces.buf, whole.len))
		abort();
	while (off + 2 <= whole.len) {
		len = (size_t)whole.buf[off] << 8 | whole.buf[off + 1];
		if (off + 2 + len > whole.len)
			break; /* cut by the buffer's size */
		check_message(whole.buf + off + 2, len);
		off += 2 + len;
	}
	return 0;
}
