/* SPDX-License-Identifier: ISC */
/*
 * IPv6, ICMPv6, Neighbor Discovery, MLDv2 and UDP over IPv6 through
 * net_input() on the golden frames of gen-golden6.py (an independent
 * checksum and SipHash): what the stack sends is compared byte for byte;
 * every extension-header case (options to skip and to refuse, routing
 * with and without segments left, atomic and real fragments), the ICMPv6
 * errors and their rate limit, DAD (an NA or another host's solicitation
 * for a tentative address), SLAAC from an RA with RFC 7217 identifiers,
 * resolution with the queue flushed by the NA, and the drop reasons.
 */
#include "common/config/value.h"
#include "golden6.h"
#include "net/ipv6.h"
#include "net/wire/ipv6_icmp.h"
#include "nettest.h"
#include "uni/config.h"

UNIT_COUNTERS;

UNI_CONFIG_EXTERN_STRING(net0, ipv6);

static struct netif nif;
static unsigned delivered;
static struct udp_endpoint last_from;
static uint8_t last_data[64];
static size_t last_len;

static const uint8_t us6[16] = {0x20, 0x01, 0x0d, 0xb8, [15] = 0x15};
static const uint8_t host6[16] = {0x20, 0x01, 0x0d, 0xb8, [15] = 0x02};

static void echo(void *arg, const struct udp_endpoint *from, uint16_t port,
		 const uint8_t *data, size_t len)
{
	delivered++;
	last_from = *from;
	last_len = len < sizeof(last_data) ? len : sizeof(last_data);
	memcpy(last_data, data, last_len);
	net_udp_send(&nif, 0, port, from, data, len);
}

/* IPv4 and IPv6 (mode) on nif, DAD done when done; nothing sent since. */
static void setup(enum ipv6_mode mode, bool done)
{
	uint8_t secret[16];

	/* the protocol table takes IPv6 only when net0.ipv6 is not off */
	UNI_CFG_VAR(net0, ipv6) = mode == IPV6_AUTO ? "auto" : "static";
	if (nif.v6 != NULL)
		net_ipv6->release(&nif);
	nif_setup(&nif, OUR_IP);
	ipv6_secret_from("", our_mac, secret);
	CHECK(ipv6_start(&nif, 0, mode, us6, 64, secret) == NET_OK,
	      "ipv6_start");
	net_udp_bind(&nif, 7, echo, NULL);
	if (done) {
		net_tick(&nif, 0);
		net_tick(&nif, 1 * SEC);
		net_tick(&nif, 2 * SEC);
	}
	out.n = 0;
	delivered = 0;
}

/* The index of the first frame sent whose IPv6 packet is l3, or -1. */
static int sent_l3(const uint8_t *l3, size_t len)
{
	for (unsigned i = 0; i < out.n && i < MAX_OUT; i++)
		if (out.len[i] >= ETH_HLEN + len &&
		    memcmp(out.f[i] + ETH_HLEN, l3, len) == 0)
			return (int)i;
	return -1;
}

static void test_dad_static(void)
{
	struct ipv6_addr *s;

	setup(IPV6_STATIC, false);
	net_tick(&nif, 0);
	CHECK(sent_l3(golden6_dad_ns + ETH_HLEN,
		      sizeof(golden6_dad_ns) - ETH_HLEN) >= 0,
	      "a DAD solicitation for the static address");
	for (unsigned i = 0; i < out.n; i++)
		if (memcmp(out.f[i], golden6_dad_ns, 6) == 0)
			CHECK(memcmp(out.f[i], golden6_dad_ns,
				     sizeof(golden6_dad_ns)) == 0,
			      "the DAD frame is the golden frame");
	s = ipv6_addr_slot(&nif, us6);
	CHECK(s != NULL && s->state == IP6A_TENTATIVE, "tentative during DAD");
	feed(&nif, 0, golden6_echo, sizeof(golden6_echo));
	CHECK(nif.drops[NET_DROP_IP6_TENTATIVE] == 1,
	      "a packet to a tentative address is dropped");
	net_tick(&nif, 1 * SEC);
	CHECK(ipv6_our_addr(&nif, us6) != NULL &&
		  ipv6_our_addr(&nif, golden6_our_ll) != NULL,
	      "both addresses preferred after a second");
}

static void test_auto_slaac(void)
{
	struct ipv6_addr *s;

	setup(IPV6_AUTO, false);
	net_tick(&nif, 0);
	CHECK(out.n >= 2 && memcmp(out.f[0] + ETH_HLEN, golden6_mld_l3,
				   sizeof(golden6_mld_l3)) == 0,
	      "the MLDv2 report of the link-local address's group goes first");
	CHECK(nif.v6->addr[0].state == IP6A_TENTATIVE &&
		  memcmp(nif.v6->addr[0].a, golden6_our_ll, 16) == 0,
	      "the link-local address is RFC 7217's");
	out.n = 0;
	net_tick(&nif, 1 * SEC);
	CHECK(sent_l3(golden6_rs_l3, sizeof(golden6_rs_l3)) >= 0,
	      "a Router Solicitation once the link-local address is ours");
	feed(&nif, 1 * SEC, golden6_ra, sizeof(golden6_ra));
	s = ipv6_addr_slot(&nif, golden6_our_slaac);
	CHECK(s != NULL && s->state == IP6A_TENTATIVE && s->plen == 64,
	      "the RA's prefix makes a tentative SLAAC address");
	CHECK(nif.v6->mtu == 1400 && nif.v6->hlim == 64 &&
		  nif.v6->router_until_ns == 1801 * SEC,
	      "MTU, hop limit and router lifetime from the RA");
	net_tick(&nif, 1 * SEC);
	net_tick(&nif, 2 * SEC);
	CHECK(ipv6_our_addr(&nif, golden6_our_slaac) != NULL,
	      "the SLAAC address is preferred after DAD");
	CHECK(nif.v6->rs_left == 0, "no more solicitations after an RA");
	CHECK(drop_total(&nif) == 0, "nothing dropped");
}

static void test_mld_query(void)
{
	setup(IPV6_STATIC, true);
	feed(&nif, 2 * SEC, golden6_mld_query, sizeof(golden6_mld_query));
	net_tick(&nif, 2 * SEC);
	CHECK(out.n == 1 && out.f[0][0] == 0x33 && out.f[0][5] == 0x16 &&
		  out.f[0][ETH_HLEN + 6] == IPV6_NH_HOPOPTS &&
		  out.f[0][ETH_HLEN + IPV6_HLEN + 8] == ICMP6_MLDV2_REPORT &&
		  get16(bytes_make(out.f[0], out.len[0]),
			ETH_HLEN + IPV6_HLEN + 8 + 6) == 2,
	      "a query is answered by a report of our two groups");
	CHECK(drop_total(&nif) == 0, "nothing dropped");
}

static void test_nd_and_echo(void)
{
	int i;

	setup(IPV6_STATIC, true);
	feed(&nif, 2 * SEC, golden6_ns, sizeof(golden6_ns));
	i = sent_l3(golden6_na_l3, sizeof(golden6_na_l3));
	CHECK(i == 0 && memcmp(out.f[0], host_mac, 6) == 0,
	      "a solicitation is answered by the golden NA");
	out.n = 0;
	feed(&nif, 2 * SEC, golden6_echo, sizeof(golden6_echo));
	CHECK(out.n == 1 && sent_l3(golden6_echo_reply_l3,
				    sizeof(golden6_echo_reply_l3)) == 0,
	      "the echo reply is the golden reply, sent to the learnt MAC");
	CHECK(drop_total(&nif) == 0, "nothing dropped");
}

static void test_resolution(void)
{
	struct udp_endpoint to = {.family = NET_FAMILY_IPV6, .port = 5000};

	setup(IPV6_STATIC, true);
	memcpy(to.addr6, host6, 16);
	CHECK(net_udp_send(&nif, 2 * SEC, 7, &to, "hello", 5) == NET_OK,
	      "send to an unknown neighbour");
	CHECK(out.n == 1 &&
		  sent_l3(golden6_ns_out_l3, sizeof(golden6_ns_out_l3)) == 0,
	      "a multicast NS asks for it (golden)");
	feed(&nif, 2 * SEC, golden6_host_na, sizeof(golden6_host_na));
	CHECK(out.n == 2 &&
		  sent_l3(golden6_udp_reply_l3, sizeof(golden6_udp_reply_l3)) ==
		      1 &&
		  memcmp(out.f[1], host_mac, 6) == 0,
	      "the NA sends the queued datagram (golden)");
	CHECK(nd_find(&nif, host6)->n.state == ARP_REACHABLE,
	      "a solicited NA makes the entry REACHABLE");
}

static void test_udp(void)
{
	setup(IPV6_STATIC, true);
	feed(&nif, 2 * SEC, golden6_ns, sizeof(golden6_ns));
	out.n = 0;
	feed(&nif, 2 * SEC, golden6_udp, sizeof(golden6_udp));
	CHECK(delivered == 1 && last_len == 5 &&
		  memcmp(last_data, "hello", 5) == 0 &&
		  last_from.family == NET_FAMILY_IPV6 &&
		  memcmp(last_from.addr6, host6, 16) == 0 &&
		  last_from.port == 5000,
	      "the binding of port 7 serves IPv6");
	CHECK(out.n == 1 && sent_l3(golden6_udp_reply_l3,
				    sizeof(golden6_udp_reply_l3)) == 0,
	      "the answer is the golden datagram");
}

/* Feed f; expect one drop of why (or none: NONE) and reply l3 (or none). */
static void expect(const char *what, const uint8_t *f, size_t n,
		   enum net_drop why, const uint8_t *l3, size_t l3len,
		   unsigned deliveries)
{
	uint64_t before = drop_total(&nif);
	unsigned d = delivered;

	out.n = 0;
	feed(&nif, 2 * SEC, f, n);
	if (why == NET_DROP_NONE)
		CHECK(drop_total(&nif) == before, "%s: nothing dropped", what);
	else
		CHECK(nif.drops[why] >= 1 && drop_total(&nif) == before + 1,
		      "%s: one drop \"%s\"", what, net_drop_text(why));
	if (l3 != NULL)
		CHECK(out.n == 1 && sent_l3(l3, l3len) == 0,
		      "%s: the golden answer", what);
	else
		CHECK(out.n == deliveries, "%s: %u frames sent", what,
		      deliveries);
	CHECK(delivered - d == deliveries, "%s: %u delivered", what,
	      deliveries);
}

static void test_ext_and_errors(void)
{
	setup(IPV6_STATIC, true);
	feed(&nif, 2 * SEC, golden6_ns, sizeof(golden6_ns));
	memset(nif.drops, 0, sizeof(nif.drops));
	expect("port 9", golden6_udp9, sizeof(golden6_udp9), NET_DROP_UDP_PORT,
	       golden6_unreach_l3, sizeof(golden6_unreach_l3), 0);
	expect("next header 253", golden6_nh253, sizeof(golden6_nh253),
	       NET_DROP_IP6_PROTO, golden6_param_l3, sizeof(golden6_param_l3),
	       0);
	expect("option 0x80", golden6_hbh_bad, sizeof(golden6_hbh_bad),
	       NET_DROP_IP6_OPTION, golden6_hbh_param_l3,
	       sizeof(golden6_hbh_param_l3), 0);
	expect("routing, segments left 1", golden6_routing,
	       sizeof(golden6_routing), NET_DROP_IP6_ROUTING,
	       golden6_routing_param_l3, sizeof(golden6_routing_param_l3), 0);
	expect("hop-by-hop and destination options", golden6_ext_ok,
	       sizeof(golden6_ext_ok), NET_DROP_NONE, NULL, 0, 1);
	CHECK(last_len == 3 && memcmp(last_data, "ext", 3) == 0, "ext data");
	expect("routing, segments left 0", golden6_routing0,
	       sizeof(golden6_routing0), NET_DROP_NONE, NULL, 0, 1);
	expect("atomic fragment", golden6_atomic, sizeof(golden6_atomic),
	       NET_DROP_NONE, NULL, 0, 1);
	CHECK(last_len == 4 && memcmp(last_data, "atom", 4) == 0,
	      "atomic fragment data");
	expect("first fragment", golden6_fragment, sizeof(golden6_fragment),
	       NET_DROP_IP6_FRAGMENT, NULL, 0, 0);
}

static void test_malformed(void)
{
	uint8_t f[200];
	size_t n = sizeof(golden6_udp);

	setup(IPV6_STATIC, true);
	memset(nif.drops, 0, sizeof(nif.drops));
	expect("short", golden6_udp, ETH_HLEN + 39, NET_DROP_IP6_SHORT, NULL, 0,
	       0);
	memcpy(f, golden6_udp, n);
	f[ETH_HLEN] = 0x40;
	expect("version 4", f, n, NET_DROP_IP6_VERSION, NULL, 0, 0);
	memcpy(f, golden6_udp, n);
	f[ETH_HLEN + 5] += 1;
	expect("payload length", f, n, NET_DROP_IP6_PLEN, NULL, 0, 0);
	memcpy(f, golden6_udp, n);
	f[ETH_HLEN + 8] = 0xff;
	expect("multicast source", f, n, NET_DROP_IP6_BAD_SRC, NULL, 0, 0);
	memcpy(f, golden6_udp, n);
	f[ETH_HLEN + 39] = 0x16;
	expect("another destination", f, n, NET_DROP_IP6_NOT_US, NULL, 0, 0);
	memcpy(f, golden6_udp, n);
	f[n - 1] ^= 1;
	expect("UDP checksum", f, n, NET_DROP_UDP_CSUM, NULL, 0, 0);
	memcpy(f, golden6_udp, n);
	put16(f + ETH_HLEN + IPV6_HLEN + 6, 0);
	expect("UDP checksum 0 (RFC 8200 8.1)", f, n, NET_DROP_UDP_CSUM, NULL,
	       0, 0);
	memcpy(f, golden6_ns, sizeof(golden6_ns));
	f[ETH_HLEN + 7] = 254;
	expect("NS hop limit 254", f, sizeof(golden6_ns), NET_DROP_ND_INVALID,
	       NULL, 0, 0);
	memcpy(f, golden6_ns, sizeof(golden6_ns));
	f[ETH_HLEN + IPV6_HLEN + 25] = 0; /* option length 0 */
	icmp6_set_csum(f + ETH_HLEN + IPV6_HLEN,
		       sizeof(golden6_ns) - ETH_HLEN - IPV6_HLEN,
		       f + ETH_HLEN + 8, f + ETH_HLEN + 24);
	expect("NS option of length 0", f, sizeof(golden6_ns),
	       NET_DROP_ND_OPTION, NULL, 0, 0);
	memcpy(f, golden6_echo, sizeof(golden6_echo));
	f[sizeof(golden6_echo) - 1] ^= 1;
	expect("ICMPv6 checksum", f, sizeof(golden6_echo), NET_DROP_ICMP6_CSUM,
	       NULL, 0, 0);
}

static void test_rate_limit(void)
{
	unsigned sent = 0;

	setup(IPV6_STATIC, true);
	feed(&nif, 2 * SEC, golden6_ns, sizeof(golden6_ns));
	out.n = 0;
	for (unsigned i = 0; i < 20; i++)
		feed(&nif, 2 * SEC, golden6_udp9, sizeof(golden6_udp9));
	sent = out.n;
	CHECK(sent == 10 && nif.drops[NET_DROP_ICMP6_RATE] == 10,
	      "a burst of 10 errors, then the limit (%u sent)", sent);
	out.n = 0;
	feed(&nif, 2 * SEC + 10000000ULL, golden6_udp9, sizeof(golden6_udp9));
	CHECK(out.n == 1, "one more 10 ms later");
}

static void test_dad_conflicts(void)
{
	setup(IPV6_STATIC, false);
	net_tick(&nif, 0);
	feed(&nif, 0, golden6_dad_na, sizeof(golden6_dad_na));
	CHECK(ipv6_addr_slot(&nif, us6) == NULL &&
		  nif.v6->addr[1].state == IP6A_DUPLICATE &&
		  nif.drops[NET_DROP_ND_DAD] == 1,
	      "an NA for the tentative static address: duplicate");
	net_tick(&nif, 5 * SEC);
	CHECK(ipv6_our_addr(&nif, us6) == NULL, "never used");
	setup(IPV6_STATIC, false);
	net_tick(&nif, 0);
	feed(&nif, 0, golden6_dad_ns_other, sizeof(golden6_dad_ns_other));
	CHECK(nif.v6->addr[1].state == IP6A_DUPLICATE,
	      "another host's DAD solicitation: duplicate");
	setup(IPV6_STATIC, true);
	out.n = 0;
	feed(&nif, 2 * SEC, golden6_dad_ns_other, sizeof(golden6_dad_ns_other));
	CHECK(ipv6_our_addr(&nif, us6) != NULL && out.n == 1 &&
		  out.f[0][0] == 0x33,
	      "a DAD solicitation for a preferred address: defended to "
	      "ff02::1");
}

static void test_iid_and_text(void)
{
	uint8_t s[16], a[8], b[8], c[8];
	static const uint8_t p1[8] = {0x20, 0x01, 0x0d, 0xb8, 0, 1};
	static const uint8_t p2[8] = {0x20, 0x01, 0x0d, 0xb8, 0, 2};
	char t[48];
	int mode;
	uint8_t addr[16], plen;

	ipv6_secret_from("", our_mac, s);
	ipv6_stable_iid(s, p1, our_mac, 0, a);
	ipv6_stable_iid(s, p1, our_mac, 0, b);
	ipv6_stable_iid(s, p2, our_mac, 0, c);
	CHECK(memcmp(a, b, 8) == 0 && memcmp(a, c, 8) != 0 &&
		  memcmp(a, golden6_our_slaac + 8, 8) == 0,
	      "stable per prefix, another per prefix (RFC 7217)");
	ipv6_stable_iid(s, p1, our_mac, 1, b);
	CHECK(memcmp(a, b, 8) != 0, "DAD_Counter changes it");
	ipv6_format(t, us6);
	CHECK(strcmp(t, "2001:db8::15") == 0, "format %s", t);
	ipv6_format(t, ipv6_all_nodes);
	CHECK(strcmp(t, "ff02::1") == 0, "format %s", t);
	ipv6_format(t, ipv6_unspecified);
	CHECK(strcmp(t, "::") == 0, "format %s", t);
	CHECK(uni_ipv6_mode_parse("static 2001:db8::15/64", 22, &mode, addr,
				  &plen) == 0 &&
		  mode == UNI_IPV6_STATIC && plen == 64 &&
		  memcmp(addr, us6, 16) == 0,
	      "static ADDR/LEN");
	CHECK(uni_ipv6_mode_parse("static ::ffff:10.0.0.1/128", 26, &mode, addr,
				  &plen) == 0 &&
		  addr[10] == 0xff && addr[12] == 10 && addr[15] == 1,
	      "dotted tail");
	CHECK(uni_ipv6_mode_parse("auto", 4, &mode, addr, &plen) == 0 &&
		  mode == UNI_IPV6_AUTO,
	      "auto");
	CHECK(uni_ipv6_mode_parse("off", 3, &mode, addr, &plen) == 0 &&
		  mode == UNI_IPV6_OFF,
	      "off");
	CHECK(uni_ipv6_mode_parse("static 2001:db8::15", 19, &mode, addr,
				  &plen) < 0,
	      "no length");
	CHECK(uni_ipv6_mode_parse("static 2001:db8:::1/64", 22, &mode, addr,
				  &plen) < 0,
	      ":::");
	CHECK(uni_ipv6_mode_parse("static 1:2:3:4:5:6:7:8:9/64", 27, &mode,
				  addr, &plen) < 0,
	      "nine groups");
	CHECK(uni_ipv6_mode_parse("static ff02::1/64", 17, &mode, addr, &plen) <
		  0,
	      "a group");
	CHECK(uni_ipv6_mode_parse("static ::/0", 11, &mode, addr, &plen) < 0,
	      "::");
	CHECK(uni_ipv6_mode_parse("static 2001:db8::1/129", 22, &mode, addr,
				  &plen) < 0,
	      "/129");
	CHECK(uni_ipv6_mode_parse("on", 2, &mode, addr, &plen) < 0, "on");
}

int main(void)
{
	test_dad_static();
	test_auto_slaac();
	test_mld_query();
	test_nd_and_echo();
	test_resolution();
	test_udp();
	test_ext_and_errors();
	test_malformed();
	test_rate_limit();
	test_dad_conflicts();
	test_iid_and_text();
	if (nif.v6 != NULL)
		net_ipv6->release(&nif);
	net_if_release(&nif);
	return unit_summary();
}
