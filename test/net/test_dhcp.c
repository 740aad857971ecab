/* SPDX-License-Identifier: ISC */
/*
 * The DHCP client as a state machine, fed with server messages and ticks:
 * DISCOVER and its backoff, OFFER -> REQUEST, ACK -> bound (address, mask,
 * router, gratuitous ARP), renewal at T1 (unicast, after ARP), rebinding at
 * T2 (broadcast), expiry, NAK, REQUEST retries giving up, server-given
 * T1/T2, an infinite lease, and every malformed or unexpected message
 * counted.
 */
#include "golden.h"
#include "nettest.h"
#include "uni/config.h"

UNIT_COUNTERS;
UNI_CONFIG_EXTERN_BOOL(net0, dhcp);

#define SERVER HOST_IP
static struct netif nif;

struct sent {
	struct eth_hdr eh;
	struct ipv4_hdr ih;
	struct udp_hdr uh;
	struct dhcp_msg m;
};

/* Decode frame i as a DHCP client message; false when it is not one. */
static bool sent_dhcp(unsigned i, struct sent *s)
{
	struct bytes ip, udp, data;

	return i < out.n && eth_parse(out_frame(i), &s->eh, &ip) == 0 &&
	       s->eh.type == ETH_TYPE_IPV4 &&
	       ipv4_parse(ip, &s->ih, &udp) == 0 &&
	       s->ih.proto == IPV4_PROTO_UDP &&
	       udp_parse(udp, s->ih.src, s->ih.dst, &s->uh, &data) == 0 &&
	       s->uh.sport == 68 && s->uh.dport == 67 &&
	       dhcp_parse(data, &s->m) == 0 && s->m.op == BOOTP_REQUEST &&
	       memcmp(s->m.chaddr, our_mac, 6) == 0;
}

static bool sent_broadcast(unsigned i, uint8_t type)
{
	struct sent s;

	return sent_dhcp(i, &s) && s.m.type == type &&
	       memcmp(s.eh.dst, eth_broadcast, 6) == 0 &&
	       s.ih.dst == IPV4_BROADCAST && s.m.xid == nif.dhcp.xid;
}

struct reply {
	uint8_t type;
	uint32_t xid, yiaddr, lease, t1, t2;
	uint16_t sport;
	uint8_t chaddr0;
};

static size_t put_opt32(uint8_t *p, uint8_t code, uint32_t v)
{
	p[0] = code;
	p[1] = 4;
	put32(p + 2, v);
	return 6;
}

/* A server message (the test's own encoder), as a broadcast frame. */
static size_t build_reply(uint8_t *f, const struct reply *r)
{
	uint8_t d[400] = {BOOTP_REPLY, 1, 6, 0};
	size_t n = DHCP_OPTIONS_OFF;

	put32(d + 4, r->xid);
	put32(d + 16, r->yiaddr);
	memcpy(d + 28, our_mac, 6);
	d[28] ^= r->chaddr0;
	put32(d + DHCP_FIXED_LEN, DHCP_COOKIE);
	d[n++] = DHCP_OPT_MSG_TYPE;
	d[n++] = 1;
	d[n++] = r->type;
	n += put_opt32(d + n, DHCP_OPT_SERVER_ID, SERVER);
	n += put_opt32(d + n, DHCP_OPT_SUBNET_MASK, IP(255, 255, 255, 0));
	n += put_opt32(d + n, DHCP_OPT_ROUTER, SERVER);
	if (r->lease != 0)
		n += put_opt32(d + n, DHCP_OPT_LEASE_TIME, r->lease);
	if (r->t1 != 0)
		n += put_opt32(d + n, DHCP_OPT_T1, r->t1);
	if (r->t2 != 0)
		n += put_opt32(d + n, DHCP_OPT_T2, r->t2);
	d[n++] = DHCP_OPT_END;
	n = build_udp(f, SERVER, IPV4_BROADCAST, r->sport ? r->sport : 67, 68,
		      d, n);
	memcpy(f, eth_broadcast, 6);
	return n;
}

static void reply(uint64_t now, uint8_t type, uint32_t lease)
{
	uint8_t f[ETH_MAX_FRAME];
	struct reply r = {.type = type,
			  .xid = nif.dhcp.xid,
			  .yiaddr = OUR_IP,
			  .lease = lease};

	feed(&nif, now, f, build_reply(f, &r));
}

static void start(void)
{
	UNI_CFG_VAR(net0, dhcp) = true;
	nif_setup(&nif, 0);
	nif.dhcp.p.renew_min_ns = 1 * SEC;
	dhcp_start(&nif, 0, 12345);
}

/* Tick at t; true when exactly one frame more went out. */
/* A tick at t sends one frame other than ARP (which refreshes its
 * neighbours on its own schedule: unicast probes of a stale entry). */
static bool tick_sends(uint64_t t)
{
	unsigned i, before = out.n, sent = 0;
	struct eth_hdr eh;
	struct bytes pl;

	net_tick(&nif, t);
	for (i = before; i < out.n && i < MAX_OUT; i++)
		sent += eth_parse(out_frame(i), &eh, &pl) == 0 &&
			eh.type != ETH_TYPE_ARP;
	return sent == 1;
}

static void test_discover_backoff(void)
{
	static const uint64_t at[] = {4, 12, 28, 60, 124, 188, 252};
	unsigned i;
	struct sent s;

	start();
	CHECK(out.n == 1 && sent_broadcast(0, DHCP_DISCOVER),
	      "DISCOVER at start");
	CHECK(sent_dhcp(0, &s) && s.ih.src == 0 &&
		  s.m.flags == DHCP_FLAG_BROADCAST && s.m.ciaddr == 0,
	      "from 0.0.0.0, asking for broadcast answers");
	for (i = 0; i < sizeof(at) / sizeof(at[0]); i++) {
		CHECK(!tick_sends(at[i] * SEC - 1), "nothing before %llus",
		      (unsigned long long)at[i]);
		CHECK(tick_sends(at[i] * SEC) &&
			  sent_broadcast(out.n - 1, DHCP_DISCOVER),
		      "DISCOVER again at %llus", (unsigned long long)at[i]);
	}
}

/* Start, take the offer and the ACK of a lease; returns the frame count. */
static void bind_lease(uint32_t lease)
{
	start();
	reply(1 * SEC, DHCP_OFFER, 0);
	reply(1 * SEC, DHCP_ACK, lease);
}

static void test_offer_ack(void)
{
	uint8_t f[ETH_MAX_FRAME];
	struct reply r = {.type = DHCP_OFFER, .xid = 1, .yiaddr = OUR_IP};
	struct sent s;

	start();
	feed(&nif, SEC, f, build_reply(f, &r));
	CHECK_ONE_DROP(&nif, 0, NET_DROP_DHCP_UNEXPECTED, "wrong xid");
	r.xid = nif.dhcp.xid;
	r.sport = 1067;
	feed(&nif, SEC, f, build_reply(f, &r));
	CHECK(nif.drops[NET_DROP_DHCP_UNEXPECTED] == 2, "not from port 67");
	r.sport = 0;
	r.chaddr0 = 1;
	feed(&nif, SEC, f, build_reply(f, &r));
	CHECK(nif.drops[NET_DROP_DHCP_UNEXPECTED] == 3, "another client's");
	reply(SEC, DHCP_ACK, 100);
	CHECK(nif.drops[NET_DROP_DHCP_UNEXPECTED] == 4 && nif.addr == 0,
	      "an ACK while selecting");
	CHECK(out.n == 1, "none of these was answered");
	reply(SEC, DHCP_OFFER, 0);
	CHECK(out.n == 2 && sent_broadcast(1, DHCP_REQUEST) &&
		  sent_dhcp(1, &s) && s.m.requested_ip == OUR_IP &&
		  s.m.server_id == SERVER && s.m.ciaddr == 0,
	      "the offer is requested");
	CHECK(nif.dhcp.state == DHCP_REQUESTING, "requesting");
	reply(2 * SEC, DHCP_ACK, 100);
	CHECK(nif.addr == OUR_IP && nif.netmask == IP(255, 255, 255, 0) &&
		  nif.gateway == SERVER && nif.dhcp.state == DHCP_BOUND,
	      "bound with the lease's address, mask and router");
	CHECK(out.n == 3 && out.f[2][12] == 0x08 && out.f[2][13] == 0x06,
	      "the new address is announced by ARP");
}

static void test_renew_rebind(void)
{
	struct sent s;
	unsigned n;

	bind_lease(100); /* at 1 s: T1 51 s, T2 88.5 s, expiry 101 s */
	n = out.n;
	CHECK(!tick_sends(51 * SEC - 1), "bound until T1");
	net_tick(&nif, 51 * SEC);
	CHECK(nif.dhcp.state == DHCP_RENEWING && out.n == n + 1,
	      "T1: renewing, the server's address is asked first");
	feed(&nif, 51 * SEC, golden_arp_request, sizeof(golden_arp_request));
	/* out: ARP request, then the flushed REQUEST, then our ARP reply */
	CHECK(out.n == n + 3 && sent_dhcp(n + 1, &s) &&
		  s.m.type == DHCP_REQUEST && s.ih.dst == SERVER &&
		  s.ih.src == OUR_IP && s.m.ciaddr == OUR_IP &&
		  s.m.requested_ip == 0 && s.m.server_id == 0 &&
		  s.m.flags == 0 && memcmp(s.eh.dst, host_mac, 6) == 0,
	      "renewal REQUEST is unicast to the server, with ciaddr");
	/* retransmission at half the time left to T2: 51 + 18.75 s */
	CHECK(!tick_sends(69 * SEC), "not yet at 69 s");
	CHECK(tick_sends(70 * SEC), "retransmitted at 69.75 s");
	net_tick(&nif, 88 * SEC + SEC / 2);
	CHECK(nif.dhcp.state == DHCP_REBINDING &&
		  sent_broadcast(out.n - 1, DHCP_REQUEST) &&
		  sent_dhcp(out.n - 1, &s) && s.m.ciaddr == OUR_IP,
	      "T2: rebinding, broadcast REQUEST with ciaddr");
	n = out.n;
	reply(90 * SEC, DHCP_ACK, 100);
	CHECK(nif.dhcp.state == DHCP_BOUND && nif.addr == OUR_IP &&
		  nif.dhcp.leases == 2 && out.n == n,
	      "ACK while rebinding: bound again, same address, no announce");
	CHECK(!tick_sends(139 * SEC), "new T1 is 90 + 50 s");
	net_tick(&nif, 140 * SEC);
	CHECK(nif.dhcp.state == DHCP_RENEWING, "renewing again at 140 s");
}

static void test_expiry(void)
{
	bind_lease(100);
	net_tick(&nif, 51 * SEC);
	net_tick(&nif, 89 * SEC);
	net_tick(&nif, 100 * SEC);
	CHECK(nif.addr == OUR_IP, "still bound before the lease ends");
	net_tick(&nif, 101 * SEC);
	CHECK(nif.addr == 0 && nif.dhcp.state == DHCP_SELECTING &&
		  sent_broadcast(out.n - 1, DHCP_DISCOVER),
	      "expired: address gone, DISCOVER");
}

static void test_nak(void)
{
	uint32_t xid;

	start();
	reply(SEC, DHCP_OFFER, 0);
	xid = nif.dhcp.xid;
	reply(SEC, DHCP_NAK, 0);
	CHECK(nif.dhcp.naks == 1 && nif.addr == 0 &&
		  nif.dhcp.state == DHCP_SELECTING && nif.dhcp.xid != xid &&
		  sent_broadcast(out.n - 1, DHCP_DISCOVER),
	      "NAK: back to DISCOVER with a new xid");
	bind_lease(100);
	net_tick(&nif, 51 * SEC);
	reply(52 * SEC, DHCP_NAK, 0);
	CHECK(nif.addr == 0 && nif.dhcp.state == DHCP_SELECTING,
	      "NAK while renewing drops the address");
}

static void test_request_gives_up(void)
{
	static const uint64_t at[] = {5, 13, 29};
	unsigned i;

	start();
	reply(SEC, DHCP_OFFER, 0);
	for (i = 0; i < 3; i++)
		CHECK(tick_sends(at[i] * SEC) &&
			  sent_broadcast(out.n - 1, DHCP_REQUEST),
		      "REQUEST retry %u", i + 1);
	CHECK(tick_sends(61 * SEC) &&
		  sent_broadcast(out.n - 1, DHCP_DISCOVER) &&
		  nif.dhcp.state == DHCP_SELECTING,
	      "after 4 REQUESTs, start over");
}

static void test_server_times(void)
{
	uint8_t f[ETH_MAX_FRAME];
	struct reply r = {.type = DHCP_ACK,
			  .yiaddr = OUR_IP,
			  .lease = 100,
			  .t1 = 10,
			  .t2 = 20};

	start();
	reply(0, DHCP_OFFER, 0);
	r.xid = nif.dhcp.xid;
	feed(&nif, 0, f, build_reply(f, &r));
	net_tick(&nif, 10 * SEC - 1);
	CHECK(nif.dhcp.state == DHCP_BOUND, "bound before the server's T1");
	net_tick(&nif, 10 * SEC);
	CHECK(nif.dhcp.state == DHCP_RENEWING, "renewing at the server's T1");
	net_tick(&nif, 20 * SEC);
	CHECK(nif.dhcp.state == DHCP_REBINDING, "rebinding at its T2");

	bind_lease(0xffffffffu);
	net_tick(&nif, 1000000 * SEC);
	CHECK(nif.dhcp.state == DHCP_BOUND && nif.addr == OUR_IP,
	      "an infinite lease is never renewed");
}

static void test_malformed(void)
{
	uint8_t f[ETH_MAX_FRAME], d[300];
	struct reply r = {.type = DHCP_OFFER, .yiaddr = OUR_IP};
	size_t n;

	start();
	memset(d, 0, sizeof(d));
	n = build_udp(f, SERVER, IPV4_BROADCAST, 67, 68, d, 239);
	feed(&nif, 0, f, n);
	CHECK_ONE_DROP(&nif, 0, NET_DROP_DHCP_SHORT, "239 bytes");
	n = build_udp(f, SERVER, IPV4_BROADCAST, 67, 68, d, 300);
	feed(&nif, 0, f, n);
	CHECK(nif.drops[NET_DROP_DHCP_FORMAT] == 1, "all zero: no cookie");
	r.xid = nif.dhcp.xid;
	n = build_reply(f, &r);
	f[n - 1] = DHCP_OPT_T1;	   /* the END becomes an option cut short */
	f[34 + 7] = f[34 + 6] = 0; /* no UDP checksum to fix */
	feed(&nif, 0, f, n);
	CHECK(nif.drops[NET_DROP_DHCP_OPTIONS] == 1, "option past the end");
	CHECK(nif.dhcp.state == DHCP_SELECTING && out.n == 1,
	      "none of them moved the client");
	UNI_CFG_VAR(net0, dhcp) = false;
	reply(0, DHCP_OFFER, 0);
	CHECK(nif.drops[NET_DROP_UDP_PORT] == 1 &&
		  nif.dhcp.state == DHCP_SELECTING,
	      "with net0.dhcp off, port 68 has no handler");
}

int main(void)
{
	test_discover_backoff();
	test_offer_ack();
	test_renew_rebind();
	test_expiry();
	test_nak();
	test_request_gives_up();
	test_server_times();
	test_malformed();
	return unit_summary();
}
