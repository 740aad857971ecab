/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer target of the TCP wire layer. The first byte of an input picks
 * the pseudo-header (bit 1: IPv6, else IPv4) and whether the checksum is
 * made right before the check (bit 0), so the fuzzer reaches the options;
 * the rest is one segment, copied to a buffer of its exact size so that the
 * sanitizers catch any read past it. tcp_check() and tcp_parse() must
 * agree; an accepted segment's views lie inside it; and emitting what was
 * parsed must give a segment that parses back to the same fields.
 *
 *   net_fuzz_tcp_wire -max_len=1600 CORPUS_DIR test/fuzz/corpus/net-tcp-wire
 */
#include <stdlib.h>
#include <string.h>

#include "net/wire/ipv4.h"
#include "net/wire/tcp.h"

#define IP(a, b, c, d) ((uint32_t)(a) << 24 | (b) << 16 | (c) << 8 | (d))

static struct net_addr src, dst;

static void require(bool ok)
{
	if (!ok)
		abort();
}

static void pick_addresses(uint8_t mode)
{
	src = net_addr_ipv4(IP(10, 0, 2, 2));
	dst = net_addr_ipv4(IP(10, 0, 2, 15));
	if (mode & 2) {
		src.family = dst.family = NET_FAMILY_IPV6;
		src.a[15] = 0x22;
		dst.a[15] = 0x33;
	}
}

static void fix_checksum(uint8_t *seg, size_t len)
{
	uint32_t sum;

	if (len < TCP_HLEN || len > TCP_MAX_SEGMENT)
		return;
	put16(seg + 16, 0);
	sum = csum_pseudo_addr(&src, &dst, IPV4_PROTO_TCP, (uint32_t)len);
	put16(seg + 16, csum_finish(csum_add(sum, bytes_make(seg, len))));
}

static bool inside(struct bytes v, struct bytes seg)
{
	return v.p >= seg.p && v.len <= seg.len &&
	       (size_t)(v.p - seg.p) <= seg.len - v.len;
}

static bool same_options(const struct tcp_options *a,
			 const struct tcp_options *b)
{
	return (a->has & ~TCP_WSCALE_CLAMPED) == b->has && a->mss == b->mss &&
	       a->wscale == b->wscale && a->ts_val == b->ts_val &&
	       a->ts_ecr == b->ts_ecr && a->sack_n == b->sack_n &&
	       memcmp(a->sack, b->sack, sizeof(a->sack[0]) * a->sack_n) == 0;
}

static bool same_header(const struct tcp_hdr *a, const struct tcp_hdr *b)
{
	return a->sport == b->sport && a->dport == b->dport &&
	       a->seq == b->seq && a->ack == b->ack && a->flags == b->flags &&
	       a->window == b->window && a->urgent == b->urgent &&
	       same_options(&a->opt, &b->opt);
}

/* Emit h with data, and parse the result back. */
static void round_trip(const struct tcp_hdr *h, struct bytes data)
{
	size_t olen = tcp_options_len(&h->opt), hlen = TCP_HLEN + olen;
	size_t cap = hlen + data.len, n;
	uint8_t *buf = malloc(cap);
	struct tcp_hdr again;
	struct bytes data2;

	require(buf != NULL);
	if (data.len > 0)
		memcpy(buf + hlen, data.p, data.len);
	n = tcp_emit(buf, cap, h, &src, &dst, data.len);
	if (olen > TCP_MAX_OPTLEN || cap > TCP_MAX_SEGMENT) {
		require(n == 0);
	} else {
		require(n == hlen);
		require(tcp_parse(bytes_make(buf, cap), &src, &dst, &again,
				  &data2) == TCP_DROP_NONE);
		require(same_header(h, &again) && data2.len == data.len);
		require(memcmp(data2.p, data.p, data.len) == 0);
	}
	free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *in, size_t len)
{
	struct tcp_hdr h;
	struct bytes seg, data;
	enum tcp_drop why;
	uint8_t *copy;

	if (len == 0)
		return 0;
	pick_addresses(in[0]);
	copy = malloc(len > 1 ? len - 1 : 1);
	require(copy != NULL);
	memcpy(copy, in + 1, len - 1);
	if (in[0] & 1)
		fix_checksum(copy, len - 1);
	seg = bytes_make(copy, len - 1);
	why = tcp_check(seg, &src, &dst);
	require(tcp_parse(seg, &src, &dst, &h, &data) == why);
	require(tcp_drop_text(why) != NULL);
	if (why == TCP_DROP_NONE) {
		require(h.hlen >= TCP_HLEN && h.hlen == tcp_hlen(seg));
		require(inside(tcp_options_view(seg), seg) &&
			inside(data, seg));
		require(h.opt.wscale <= TCP_WSCALE_MAX);
		require(
		    !(h.opt.has & TCP_HAS_SACK) ||
		    (h.opt.sack_n >= 1 && h.opt.sack_n <= TCP_SACK_MAX_BLOCKS));
		round_trip(&h, data);
	}
	free(copy);
	return 0;
}
