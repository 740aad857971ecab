/* SPDX-License-Identifier: ISC */
/*
 * ICMP errors and echo: icmp_error_emit() on golden bytes (the quote is the
 * IP header with its options and 8 octets, or less when there are fewer),
 * the port and protocol unreachable the stack sends (golden, byte for byte),
 * the cases RFC 1122 3.2.2 forbids an error for, the token bucket, errors
 * received (counted, not answered), and echo of every size up to the MTU,
 * odd lengths included.
 */
#include "golden.h"
#include "nettest.h"

UNIT_COUNTERS;

/* A golden frame as a view, and as the (pointer, length) of feed(). */
#define GOLD(g) bytes_make(g, sizeof(g))
#define GOLD_ARGS(g) g, sizeof(g)

static struct netif nif;

static void setup(void)
{
	nif_setup(&nif, OUR_IP);
	feed(&nif, 0, golden_arp_request, sizeof(golden_arp_request));
	out.n = 0;
}

static struct bytes l3_of(unsigned i)
{
	return bytes_from(out_frame(i), ETH_HLEN);
}

static void test_error_emit(void)
{
	uint8_t buf[128];
	struct bytes dg = bytes_from(GOLD(golden_udp_closed), ETH_HLEN);
	size_t n = icmp_error_emit(buf, sizeof(buf), 3, 3, dg);

	CHECK(n == 8 + 24 + 8 &&
		  memcmp(buf, golden_port_unreach_l3 + 20, n) == 0,
	      "port unreachable: golden bytes (%zu octets)", n);
	CHECK(icmp_check(bytes_make(buf, n)) == NET_DROP_NONE,
	      "its checksum verifies");
	CHECK(icmp_error_emit(buf, n - 1, 3, 3, dg) == 0, "cap one short");
	CHECK(icmp_error_emit(buf, n, 3, 3, dg) == n, "cap exact");
	/* fewer than 8 payload octets: all of them (and an odd length) */
	dg = bytes_sub(bytes_from(GOLD(golden_tcp_syn), ETH_HLEN), 0, 23);
	n = icmp_error_emit(buf, sizeof(buf), 3, 2, dg);
	CHECK(n == 8 + 23 && memcmp(buf + 8, dg.p, 23) == 0 &&
		  icmp_check(bytes_make(buf, n)) == NET_DROP_NONE,
	      "a 3-octet payload is quoted whole, checksum over odd length");
	CHECK(icmp_error_emit(buf, sizeof(buf), 3, 2, bytes_sub(dg, 0, 19)) ==
		  0,
	      "a quote shorter than an IP header is refused");
	buf[0] = 0x46; /* IHL 24 over 20 octets */
	CHECK(icmp_error_emit(buf + 64, 64, 3, 2, bytes_make(buf, 20)) == 0,
	      "a quote shorter than its IHL is refused");
	CHECK(icmp_type_is_error(3) && icmp_type_is_error(11) &&
		  icmp_type_is_error(12) && icmp_type_is_error(5) &&
		  !icmp_type_is_error(0) && !icmp_type_is_error(8) &&
		  !icmp_type_is_error(13),
	      "error types");
}

static void test_port_unreach(void)
{
	setup();
	feed(&nif, 0, GOLD_ARGS(golden_udp_closed));
	CHECK(out.n == 1 && l3_of(0).len >= sizeof(golden_port_unreach_l3) &&
		  memcmp(l3_of(0).p, golden_port_unreach_l3,
			 sizeof(golden_port_unreach_l3)) == 0,
	      "the golden port unreachable");
	CHECK(out.n == 1 && memcmp(out.f[0], host_mac, 6) == 0 &&
		  out.len[0] == ETH_HLEN + sizeof(golden_port_unreach_l3),
	      "to the sender's MAC, %zu octets", out.len[0]);
	CHECK_ONE_DROP(&nif, 0, NET_DROP_UDP_PORT, "closed port");
}

static void test_proto_unreach(void)
{
	setup();
	feed(&nif, 0, GOLD_ARGS(golden_tcp_syn));
	CHECK(out.n == 1 && memcmp(l3_of(0).p, golden_proto_unreach_l3,
				   sizeof(golden_proto_unreach_l3)) == 0,
	      "the golden protocol unreachable");
	CHECK_ONE_DROP(&nif, 0, NET_DROP_IP_PROTO, "TCP");
}

typedef void (*mutate_fn)(uint8_t *f, size_t *n);

static void m_bcast_dst(uint8_t *f, size_t *n)
{
	put32(f + 14 + 16, IPV4_BROADCAST);
	fix_ip_csum(f);
}
static void m_subnet_bcast(uint8_t *f, size_t *n)
{
	put32(f + 14 + 16, IP(10, 0, 2, 255));
	fix_ip_csum(f);
}
static void m_link_bcast(uint8_t *f, size_t *n)
{
	memset(f, 0xff, 6);
}

/* Datagrams about which no error may be sent (TCP SYN made to fit). */
static const struct {
	const char *what;
	mutate_fn fn;
	enum net_drop why;
} silent[] = {
    {"to the limited broadcast", m_bcast_dst, NET_DROP_IP_PROTO},
    {"to the subnet broadcast", m_subnet_bcast, NET_DROP_IP_PROTO},
    {"in a link-layer broadcast", m_link_bcast, NET_DROP_IP_PROTO},
};

/*
 * The rules that IP input makes unreachable through net_input() (it drops
 * fragments and martian sources first, and ICMP always has a handler),
 * checked on icmp_send_unreach() itself.
 */
static void test_no_error_direct(void)
{
	uint8_t f[ETH_MAX_FRAME];
	struct ipv4_hdr ih;
	struct bytes pl;
	size_t n;

	setup();
	n = build_ip(f, our_mac, HOST_IP, OUR_IP, IPV4_PROTO_ICMP,
		     golden_port_unreach_l3 + 20,
		     sizeof(golden_port_unreach_l3) - 20);
	CHECK(ipv4_parse(bytes_make(f + 14, n - 14), &ih, &pl) == 0 &&
		  !icmp_send_unreach(&nif, 0, &ih, ICMP_UNREACH_PROTO),
	      "no error about an ICMP error");
	n = build_ip(f, our_mac, HOST_IP, OUR_IP, IPV4_PROTO_ICMP,
		     golden_icmp_echo + 34, sizeof(golden_icmp_echo) - 34);
	CHECK(ipv4_parse(bytes_make(f + 14, n - 14), &ih, &pl) == 0 &&
		  icmp_send_unreach(&nif, 0, &ih, ICMP_UNREACH_PROTO),
	      "an error about an echo request may go");
	ipv4_parse(bytes_from(GOLD(golden_tcp_syn), 14), &ih, &pl);
	ih.frag = 185;
	CHECK(!icmp_send_unreach(&nif, 0, &ih, ICMP_UNREACH_PROTO),
	      "no error about a non-initial fragment");
	ih.frag = IPV4_FLAG_MF;
	CHECK(icmp_send_unreach(&nif, 0, &ih, ICMP_UNREACH_PROTO),
	      "the first fragment may be answered");
	ih.src = 0;
	CHECK(!icmp_send_unreach(&nif, 0, &ih, ICMP_UNREACH_PROTO),
	      "no error to 0.0.0.0");
	ih.src = IP(127, 0, 0, 1);
	CHECK(!icmp_send_unreach(&nif, 0, &ih, ICMP_UNREACH_PROTO),
	      "no error to loopback");
	ih.src = IP(224, 0, 0, 9);
	CHECK(!icmp_send_unreach(&nif, 0, &ih, ICMP_UNREACH_PROTO),
	      "no error to multicast");
	CHECK(out.n == 2, "two errors sent, %u", out.n);
}

static void test_no_error(void)
{
	uint8_t f[ETH_MAX_FRAME];
	size_t n;

	for (unsigned i = 0; i < sizeof(silent) / sizeof(silent[0]); i++) {
		setup();
		n = sizeof(golden_tcp_syn);
		memcpy(f, golden_tcp_syn, n);
		silent[i].fn(f, &n);
		feed(&nif, 0, f, n);
		CHECK(out.n == 0, "%s: no error sent", silent[i].what);
		CHECK_ONE_DROP(&nif, 0, silent[i].why, silent[i].what);
	}
	/* the same rules reached through UDP, to a closed broadcast port */
	setup();
	n = build_udp(f, HOST_IP, IP(10, 0, 2, 255), 5000, 9999, "x", 1);
	feed(&nif, 0, f, n);
	CHECK(out.n == 0, "no port unreachable for a broadcast");
	CHECK_ONE_DROP(&nif, 0, NET_DROP_UDP_PORT, "broadcast closed port");
	/* an interface still without an address (DHCP) stays silent */
	nif_setup(&nif, 0);
	feed(&nif, 0, GOLD_ARGS(golden_udp_closed));
	CHECK(out.n == 0, "no error without an address");
}

static void test_rate_limit(void)
{
	struct token_bucket b = {.burst = 3, .interval_ns = 100, .tokens = 3};
	unsigned sent = 0, i;

	CHECK(token_bucket_take(&b, 0) && token_bucket_take(&b, 0) &&
		  token_bucket_take(&b, 0) && !token_bucket_take(&b, 0),
	      "a burst of 3");
	CHECK(!token_bucket_take(&b, 99) && token_bucket_take(&b, 100) &&
		  !token_bucket_take(&b, 150),
	      "one token per interval");
	CHECK(token_bucket_take(&b, 10000) && token_bucket_take(&b, 10000) &&
		  token_bucket_take(&b, 10000) && !token_bucket_take(&b, 10000),
	      "refilled to the burst, not beyond");
	CHECK(!token_bucket_take(&b, 5) && !token_bucket_take(&b, 104) &&
		  token_bucket_take(&b, 105),
	      "a clock that went back: counted again from there");

	setup();
	for (i = 0; i < 25; i++)
		feed(&nif, SEC, GOLD_ARGS(golden_udp_closed));
	sent = out.n;
	CHECK(sent == nif.icmp_errors.burst,
	      "25 at once: %u errors sent, the burst is %u", sent,
	      nif.icmp_errors.burst);
	CHECK(nif.drops[NET_DROP_ICMP_RATE] == 25 - sent &&
		  nif.drops[NET_DROP_UDP_PORT] == 25,
	      "the suppressed ones are counted");
	feed(&nif, SEC + nif.icmp_errors.interval_ns,
	     GOLD_ARGS(golden_udp_closed));
	CHECK(out.n == sent + 1, "one more after an interval");
}

static void test_errors_received(void)
{
	uint8_t f[ETH_MAX_FRAME];
	size_t n;

	setup();
	n = build_ip(f, our_mac, HOST_IP, OUR_IP, IPV4_PROTO_ICMP,
		     golden_port_unreach_l3 + 20,
		     sizeof(golden_port_unreach_l3) - 20);
	feed(&nif, 0, f, n);
	CHECK(out.n == 0, "an ICMP error is not answered");
	CHECK_ONE_DROP(&nif, 0, NET_DROP_ICMP_ERROR_IN, "error received");
}

/* An echo request of len data octets; its reply must carry them back. */
static void check_echo(size_t len, uint16_t seq, uint8_t code)
{
	uint8_t l4[ETH_MAX_FRAME], f[ETH_MAX_FRAME + 64];
	struct icmp_hdr h = {
	    .type = ICMP_ECHO_REQUEST, .code = code, .id = 0xbeef, .seq = seq};
	struct icmp_hdr r;
	struct ipv4_hdr ih;
	struct bytes pl, data;
	size_t n;

	for (size_t i = 0; i < len; i++)
		l4[ICMP_HLEN + i] = (uint8_t)(i * 7 + seq);
	icmp_emit(l4, sizeof(l4), &h, len);
	n = build_ip(f, our_mac, HOST_IP, OUR_IP, IPV4_PROTO_ICMP, l4,
		     ICMP_HLEN + len);
	out.n = 0;
	feed(&nif, 0, f, n);
	CHECK(out.n == 1 && ipv4_parse(l3_of(0), &ih, &pl) == 0 &&
		  ih.dst == HOST_IP && ih.src == OUR_IP &&
		  icmp_parse(pl, &r, &data) == 0 && r.type == ICMP_ECHO_REPLY &&
		  r.code == 0 && r.id == 0xbeef && r.seq == seq &&
		  data.len == len && memcmp(data.p, l4 + ICMP_HLEN, len) == 0,
	      "echo of %zu octets, code %u: answered with code 0 and the same "
	      "id, seq, data",
	      len, code);
}

static void test_echo_sizes(void)
{
	static const size_t sizes[] = {0, 1, 2, 55, 56, 57, 1471, 1472};

	setup();
	for (unsigned i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		check_echo(sizes[i], (uint16_t)i, 0);
	check_echo(56, 99, 5); /* as Linux does: any code is answered */
	CHECK(drop_total(&nif) == 0, "no drops");
}

/* A 1473-octet echo is a 1501-octet datagram: over the MTU, not answered. */
static void test_echo_over_mtu(void)
{
	static const uint8_t zero[ICMP_HLEN + 1473];
	uint8_t f[ETH_MAX_FRAME + 64];
	size_t n;

	setup();
	n = build_ip(f, our_mac, HOST_IP, OUR_IP, IPV4_PROTO_ICMP, zero,
		     sizeof(zero));
	put16(f + 34 + 2, 0);
	f[34] = ICMP_ECHO_REQUEST;
	put16(f + 34 + 2, csum_of(bytes_make(f + 34, ICMP_HLEN + 1473)));
	feed(&nif, 0, f, n);
	CHECK(out.n == 0, "no reply past the MTU");
	CHECK_ONE_DROP(&nif, 0, NET_DROP_ICMP_TOO_BIG, "echo over the MTU");
}

int main(void)
{
	test_error_emit();
	test_port_unreach();
	test_proto_unreach();
	test_no_error();
	test_no_error_direct();
	test_rate_limit();
	test_errors_received();
	test_echo_sizes();
	test_echo_over_mtu();
	return unit_summary();
}
