/* SPDX-License-Identifier: ISC */
/*
 * IPv4, ICMP and UDP through net_input(): the golden echo request gets the
 * golden echo reply, a golden datagram reaches its binding and the echo
 * goes out with a correct checksum, options and Ethernet padding are
 * handled, and every drop reason of the three layers (and of Ethernet and
 * transmission) moves exactly its own counter and sends nothing.
 */
#include "golden.h"
#include "nettest.h"

UNIT_COUNTERS;

static struct netif nif;
static unsigned delivered;
static struct udp_endpoint last_from;
static uint8_t last_data[64];
static size_t last_len;

static void echo(void *arg, const struct udp_endpoint *from, uint16_t port,
		 const uint8_t *data, size_t len)
{
	delivered++;
	last_from = *from;
	last_len = len < sizeof(last_data) ? len : sizeof(last_data);
	memcpy(last_data, data, last_len);
	net_udp_send(&nif, 0, port, from, data, len);
}

/* An interface with an address that knows the host's MAC. */
static void setup(void)
{
	nif_setup(&nif, OUR_IP);
	feed(&nif, 0, golden_arp_request, sizeof(golden_arp_request));
	CHECK(net_udp_bind(&nif, 7, echo, NULL) == NET_OK, "bind 7");
	out.n = 0;
	delivered = 0;
}

static void test_echo(void)
{
	setup();
	feed(&nif, 0, golden_icmp_echo, sizeof(golden_icmp_echo));
	CHECK(out.n == 1 &&
		  out.len[0] == ETH_MIN_FRAME && /* 50 bytes, padded */
		  memcmp(out.f[0] + 14, golden_icmp_reply_l3,
			 sizeof(golden_icmp_reply_l3)) == 0,
	      "the echo reply is the golden reply");
	CHECK(memcmp(out.f[0], host_mac, 6) == 0 &&
		  memcmp(out.f[0] + 6, our_mac, 6) == 0,
	      "Ethernet addresses of the reply");
}

static void test_udp_delivery(void)
{
	struct ipv4_hdr ih;
	struct bytes ip, pl;

	setup();
	feed(&nif, 0, golden_udp, sizeof(golden_udp));
	CHECK(delivered == 1 && last_len == 5 &&
		  memcmp(last_data, "hello", 5) == 0 &&
		  last_from.addr == HOST_IP && last_from.port == 5000,
	      "delivered to the binding of port 7");
	CHECK(out.n == 1, "the echo was sent");
	ip = bytes_from(out_frame(0), 14);
	CHECK(ipv4_parse(ip, &ih, &pl) == 0 && ih.src == OUR_IP &&
		  ih.dst == HOST_IP && ih.ttl == IPV4_DEFAULT_TTL &&
		  pl.len == 13 &&
		  memcmp(pl.p, golden_udp_reply_l3 + 20, 13) == 0,
	      "the echo's UDP part is the golden reply");
	feed(&nif, 0, golden_udp_nocsum, sizeof(golden_udp_nocsum));
	CHECK(delivered == 2 && last_len == 5 &&
		  memcmp(last_data, "nosum", 5) == 0,
	      "a datagram without checksum is delivered");
	feed(&nif, 0, golden_ip_options, sizeof(golden_ip_options));
	CHECK(delivered == 3 && last_len == 3 &&
		  memcmp(last_data, "opt", 3) == 0,
	      "a header with options is delivered");
	CHECK(drop_total(&nif) == 0, "nothing dropped");
}

/* RFC 3021: on a /31 both addresses are hosts, neither a broadcast. */
static void test_slash31(void)
{
	uint8_t f[ETH_MAX_FRAME];
	size_t n;

	setup();
	net_if_set_addr(&nif, 0, IP(10, 0, 2, 3), IP(255, 255, 255, 254), 0);
	out.n = 0;
	n = build_ip(f, our_mac, IP(10, 0, 2, 2), IP(10, 0, 2, 3),
		     IPV4_PROTO_ICMP, golden_icmp_echo + 34,
		     sizeof(golden_icmp_echo) - 34);
	feed(&nif, 0, f, n);
	CHECK(out.n == 1 && drop_total(&nif) == 0,
	      "/31: the upper address answers echo (%u frames)", out.n);
	CHECK(!ipv4_is_broadcast(&nif, IP(10, 0, 2, 3)) &&
		  ipv4_is_broadcast(&nif, IPV4_BROADCAST),
	      "/31: only 255.255.255.255 is a broadcast");
}

/* RFC 1122 3.2.1.7: a host must not discard a datagram for its TTL. */
static void test_ttl_zero(void)
{
	uint8_t f[ETH_MAX_FRAME];

	setup();
	memcpy(f, golden_udp, sizeof(golden_udp));
	f[14 + 8] = 0;
	fix_ip_csum(f);
	feed(&nif, 0, f, sizeof(golden_udp));
	CHECK(delivered == 1 && drop_total(&nif) == 0,
	      "a datagram with TTL 0 is delivered");
}

static void test_padding_and_broadcast(void)
{
	uint8_t f[128];
	size_t n;

	setup();
	n = build_udp(f, HOST_IP, OUR_IP, 5000, 7, "ab", 2);
	memset(f + n, 0xab, 60 - n); /* Ethernet padding, not data */
	feed(&nif, 0, f, 60);
	CHECK(delivered == 1 && last_len == 2, "padding is not data: %zu",
	      last_len);
	n = build_udp(f, HOST_IP, IPV4_BROADCAST, 5000, 7, "b", 1);
	memcpy(f, eth_broadcast, 6);
	feed(&nif, 0, f, n);
	CHECK(delivered == 2, "limited broadcast is delivered");
	n = build_udp(f, HOST_IP, IP(10, 0, 2, 255), 5000, 7, "c", 1);
	feed(&nif, 0, f, n);
	CHECK(delivered == 3, "subnet broadcast is delivered");
}

typedef void (*mutate_fn)(uint8_t *f, size_t *n);

static void m_eth_short(uint8_t *f, size_t *n)
{
	*n = 13;
}
static void m_eth_not_us(uint8_t *f, size_t *n)
{
	f[5] ^= 1;
}
static void m_eth_type(uint8_t *f, size_t *n)
{
	put16(f + 12, 0x86dd);
}
static void m_eth_vlan(uint8_t *f, size_t *n)
{
	put16(f + 12, 0x8100);
}
static void m_eth_group_src(uint8_t *f, size_t *n)
{
	f[6] |= 1;
}
static void m_ip_src(uint8_t *f, uint32_t src)
{
	put32(f + 14 + 12, src);
	fix_ip_csum(f);
}
static void m_ip_src_loop(uint8_t *f, size_t *n)
{
	m_ip_src(f, IP(127, 0, 0, 1));
}
static void m_ip_src_ours(uint8_t *f, size_t *n)
{
	m_ip_src(f, OUR_IP);
}
static void m_ip_src_zero(uint8_t *f, size_t *n)
{
	m_ip_src(f, 0);
}
static void m_ip_src_bcast(uint8_t *f, size_t *n)
{
	m_ip_src(f, IP(10, 0, 2, 255));
}
static void m_ip_short(uint8_t *f, size_t *n)
{
	*n = 14 + 19;
}
static void m_ip_version(uint8_t *f, size_t *n)
{
	f[14] = 0x65;
	fix_ip_csum(f);
}
static void m_ip_ihl(uint8_t *f, size_t *n)
{
	f[14] = 0x44;
}
static void m_ip_totlen(uint8_t *f, size_t *n)
{
	put16(f + 16, (uint16_t)(*n - 14 + 1));
	fix_ip_csum(f);
}
static void m_ip_csum(uint8_t *f, size_t *n)
{
	f[14 + 8] ^= 1;
}
static void m_ip_mf(uint8_t *f, size_t *n)
{
	put16(f + 14 + 6, IPV4_FLAG_MF);
	fix_ip_csum(f);
}
static void m_ip_offset(uint8_t *f, size_t *n)
{
	put16(f + 14 + 6, 185);
	fix_ip_csum(f);
}
static void m_ip_not_us(uint8_t *f, size_t *n)
{
	f[14 + 19] = 16;
	fix_ip_csum(f);
}
static void m_ip_bad_src(uint8_t *f, size_t *n)
{
	put32(f + 14 + 12, IP(224, 0, 0, 1));
	fix_ip_csum(f);
}
static void m_ip_proto(uint8_t *f, size_t *n)
{
	f[14 + 9] = 6;
	fix_ip_csum(f);
}
static void m_udp_short(uint8_t *f, size_t *n)
{
	*n = 34 + 7;
	put16(f + 16, 27);
	fix_ip_csum(f);
}
static void m_udp_len(uint8_t *f, size_t *n)
{
	put16(f + 34 + 4, 200);
}
static void m_udp_csum(uint8_t *f, size_t *n)
{
	f[*n - 1] ^= 0x20;
}
static void m_udp_port(uint8_t *f, size_t *n)
{
	put16(f + 34 + 2, 8);
	f[34 + 6] = f[34 + 7] = 0; /* no checksum to fix */
}

static const struct {
	const char *what;
	mutate_fn fn;
	enum net_drop why;
	bool unreach; /* answered by an ICMP destination unreachable */
} udp_cases[] = {
    {"short frame", m_eth_short, NET_DROP_ETH_SHORT, false},
    {"other MAC", m_eth_not_us, NET_DROP_ETH_NOT_US, false},
    {"IPv6 EtherType", m_eth_type, NET_DROP_ETH_TYPE, false},
    {"802.1Q tag", m_eth_vlan, NET_DROP_ETH_VLAN, false},
    {"group source MAC", m_eth_group_src, NET_DROP_ETH_BAD_SRC, false},
    {"loopback source", m_ip_src_loop, NET_DROP_IP_BAD_SRC, false},
    {"our own source", m_ip_src_ours, NET_DROP_IP_BAD_SRC, false},
    {"0.0.0.0 to unicast", m_ip_src_zero, NET_DROP_IP_BAD_SRC, false},
    {"subnet broadcast source", m_ip_src_bcast, NET_DROP_IP_BAD_SRC, false},
    {"19-byte IP", m_ip_short, NET_DROP_IP_SHORT, false},
    {"version 6", m_ip_version, NET_DROP_IP_VERSION, false},
    {"IHL 4", m_ip_ihl, NET_DROP_IP_IHL, false},
    {"total past buffer", m_ip_totlen, NET_DROP_IP_TOTLEN, false},
    {"checksum", m_ip_csum, NET_DROP_IP_CSUM, false},
    {"MF", m_ip_mf, NET_DROP_IP_FRAGMENT, false},
    {"offset", m_ip_offset, NET_DROP_IP_FRAGMENT, false},
    {"other IP", m_ip_not_us, NET_DROP_IP_NOT_US, false},
    {"multicast source", m_ip_bad_src, NET_DROP_IP_BAD_SRC, false},
    {"TCP", m_ip_proto, NET_DROP_IP_PROTO, true},
    {"7-byte UDP", m_udp_short, NET_DROP_UDP_SHORT, false},
    {"UDP length 200", m_udp_len, NET_DROP_UDP_LEN, false},
    {"UDP checksum", m_udp_csum, NET_DROP_UDP_CSUM, false},
    {"unbound port", m_udp_port, NET_DROP_UDP_PORT, true},
};

static void test_udp_path_drops(void)
{
	uint8_t f[ETH_MAX_FRAME];
	size_t n;
	unsigned i;

	for (i = 0; i < sizeof(udp_cases) / sizeof(udp_cases[0]); i++) {
		setup();
		memcpy(f, golden_udp, sizeof(golden_udp));
		n = sizeof(golden_udp);
		udp_cases[i].fn(f, &n);
		feed(&nif, 0, f, n);
		CHECK(delivered == 0 && out.n == (udp_cases[i].unreach ? 1 : 0),
		      "%s: nothing delivered, %u frames sent",
		      udp_cases[i].what, out.n);
		CHECK_ONE_DROP(&nif, 0, udp_cases[i].why, udp_cases[i].what);
	}
}

static void test_icmp_drops(void)
{
	uint8_t f[ETH_MAX_FRAME];
	size_t n = sizeof(golden_icmp_echo);

	setup();
	memcpy(f, golden_icmp_echo, n);
	f[n - 1] ^= 1;
	feed(&nif, 0, f, n);
	CHECK(out.n == 0, "no reply to a bad checksum");
	CHECK_ONE_DROP(&nif, 0, NET_DROP_ICMP_CSUM, "ICMP checksum");

	setup();
	n = build_ip(f, our_mac, HOST_IP, OUR_IP, IPV4_PROTO_ICMP,
		     golden_icmp_echo + 34, 7);
	feed(&nif, 0, f, n);
	CHECK_ONE_DROP(&nif, 0, NET_DROP_ICMP_SHORT, "7-byte ICMP");

	setup();
	n = build_ip(f, our_mac, HOST_IP, OUR_IP, IPV4_PROTO_ICMP,
		     golden_icmp_reply_l3 + 20, 16);
	feed(&nif, 0, f, n);
	CHECK(out.n == 0, "no answer to an echo reply");
	CHECK_ONE_DROP(&nif, 0, NET_DROP_ICMP_TYPE, "echo reply");

	setup();
	n = build_ip(f, eth_broadcast, HOST_IP, IP(10, 0, 2, 255),
		     IPV4_PROTO_ICMP, golden_icmp_echo + 34, 16);
	feed(&nif, 0, f, n);
	CHECK(out.n == 0, "no answer to a broadcast echo");
	CHECK_ONE_DROP(&nif, 0, NET_DROP_ICMP_BROADCAST, "broadcast echo");
}

static void test_output_errors(void)
{
	struct udp_endpoint far = {.addr = IP(192, 0, 2, 1), .port = 53};
	struct udp_endpoint near = {.addr = HOST_IP, .port = 53};
	uint8_t big[UDP_MAX_PAYLOAD + 1] = {0};

	setup();
	nif.gateway = 0;
	CHECK(net_udp_send(&nif, 0, 1000, &far, "x", 1) == NET_ENOROUTE,
	      "no gateway: no route");
	CHECK_ONE_DROP(&nif, 0, NET_DROP_IP_NO_ROUTE, "no route");
	CHECK(net_udp_send(&nif, 0, 1000, &near, big, sizeof(big)) ==
		  NET_EINVAL,
	      "a datagram over one frame is refused");
	CHECK(net_udp_send(&nif, 0, 1000, &near, big, UDP_MAX_PAYLOAD) ==
		      NET_OK &&
		  out.n == 1 && out.len[0] == ETH_MAX_FRAME,
	      "the largest datagram fills one frame");
	out.refuse = true;
	CHECK(net_udp_send(&nif, 0, 1000, &near, "x", 1) == NET_EAGAIN,
	      "a device refusal is reported to the sender");
	CHECK(nif.drops[NET_DROP_TX_FULL] == 1, "the device refusal counted");
	nif_setup(&nif, 0);
	CHECK(net_udp_send(&nif, 0, 1000, &near, "x", 1) == NET_ENOADDR,
	      "no address yet");
}

static void test_bindings(void)
{
	unsigned i;

	nif_setup(&nif, OUR_IP);
	CHECK(net_udp_bind(&nif, 0, echo, NULL) == NET_EINVAL, "port 0");
	CHECK(net_udp_bind(&nif, 7, NULL, NULL) == NET_EINVAL, "no callback");
	for (i = 1; i <= UDP_BINDINGS; i++)
		CHECK(net_udp_bind(&nif, (uint16_t)i, echo, NULL) == NET_OK,
		      "bind %u", i);
	CHECK(net_udp_bind(&nif, 999, echo, NULL) == NET_ENOMEM, "table full");
	CHECK(net_udp_bind(&nif, 3, echo, NULL) == NET_EADDRINUSE, "taken");
	CHECK(net_udp_unbind(&nif, 3) == NET_OK &&
		  net_udp_bind(&nif, 999, echo, NULL) == NET_OK,
	      "unbind frees a slot");
	CHECK(net_udp_unbind(&nif, 3) == NET_EINVAL, "unbind twice");
}

int main(void)
{
	test_echo();
	test_udp_delivery();
	test_padding_and_broadcast();
	test_ttl_zero();
	test_slash31();
	test_udp_path_drops();
	test_icmp_drops();
	test_output_errors();
	test_bindings();
	return unit_summary();
}
