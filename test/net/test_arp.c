/* SPDX-License-Identifier: ISC */
/*
 * ARP as a state machine: gratuitous ARP when an address is set, answering
 * requests (the golden reply, byte for byte) and probes, learning, not
 * learning from strangers, the merge of RFC 826, address conflicts, requests
 * and retries for an unresolved next hop with a bounded queue, the flush when
 * the answer comes, expiry, eviction, and a counter for each malformed packet.
 */
#include "golden.h"
#include "nettest.h"

UNIT_COUNTERS;

static struct netif nif;
static const uint8_t hello[] = "hello";

static bool is_arp_request_for(unsigned i, uint32_t ip)
{
	struct eth_hdr eh;
	struct bytes pl;
	struct arp_pkt a;

	return i < out.n && eth_parse(out_frame(i), &eh, &pl) == 0 &&
	       eh.type == ETH_TYPE_ARP &&
	       memcmp(eh.dst, eth_broadcast, 6) == 0 &&
	       arp_parse(pl, &a) == 0 && a.op == ARP_OP_REQUEST &&
	       a.tpa == ip && a.spa == nif.addr &&
	       memcmp(a.sha, our_mac, 6) == 0;
}

static void test_gratuitous(void)
{
	net_if_release(&nif);
	net_if_init(&nif, our_mac, capture_output, &out);
	memset(&out, 0, sizeof(out));
	net_if_set_addr(&nif, 0, OUR_IP, IP(255, 255, 255, 0), HOST_IP);
	CHECK(out.n == 1 && is_arp_request_for(0, OUR_IP),
	      "setting the address announces it (%u frames)", out.n);
	CHECK(out.len[0] == ETH_MIN_FRAME, "padded to 60, got %zu", out.len[0]);
}

static void test_answer(void)
{
	nif_setup(&nif, OUR_IP);
	feed(&nif, 0, golden_arp_request, sizeof(golden_arp_request));
	CHECK(out.n == 1 && out.len[0] == sizeof(golden_arp_reply) &&
		  memcmp(out.f[0], golden_arp_reply, out.len[0]) == 0,
	      "the reply is the golden reply");
	CHECK(arp_lookup(&nif, HOST_IP) != NULL &&
		  memcmp(arp_lookup(&nif, HOST_IP), host_mac, 6) == 0,
	      "the requester was learnt");
	CHECK(drop_total(&nif) == 0, "nothing dropped");
}

static void test_not_for_us(void)
{
	uint8_t f[60];

	nif_setup(&nif, OUR_IP);
	memcpy(f, golden_arp_request, 60);
	f[14 + 27] = 99; /* target 10.0.2.99 */
	feed(&nif, 0, f, 60);
	CHECK(out.n == 0, "no reply");
	CHECK(arp_lookup(&nif, HOST_IP) == NULL, "a stranger is not learnt");
	CHECK_ONE_DROP(&nif, 0, NET_DROP_ARP_NOT_US, "request for another");
}

/* RFC 5227 probe: sender 0.0.0.0; the reply goes to the prober's MAC. */
static void test_probe(void)
{
	uint8_t f[60];
	struct eth_hdr eh;
	struct bytes pl;
	struct arp_pkt a;

	nif_setup(&nif, OUR_IP);
	memcpy(f, golden_arp_request, 60);
	put32(f + 14 + 14, 0);
	feed(&nif, 0, f, 60);
	CHECK(out.n == 1 && eth_parse(out_frame(0), &eh, &pl) == 0 &&
		  memcmp(eh.dst, host_mac, 6) == 0 && arp_parse(pl, &a) == 0 &&
		  a.op == ARP_OP_REPLY && a.spa == OUR_IP &&
		  memcmp(a.sha, our_mac, 6) == 0 && a.tpa == 0 &&
		  memcmp(a.tha, host_mac, 6) == 0,
	      "a probe for our address is answered to the prober's MAC");
	CHECK(arp_lookup(&nif, 0) == NULL && drop_total(&nif) == 0,
	      "0.0.0.0 is not learnt, nothing dropped");
	f[14 + 27] = 99;
	out.n = 0;
	feed(&nif, 0, f, 60);
	CHECK(out.n == 0, "a probe for another address is not answered");
}

/* RFC 826 merge: an entry is refreshed by any packet naming its sender. */
static void test_merge(void)
{
	uint8_t f[60];

	nif_setup(&nif, OUR_IP);
	feed(&nif, 0, golden_arp_request, 60);
	memcpy(f, golden_arp_request, 60);
	f[14 + 13] = 0x77; /* the host's new MAC */
	f[14 + 27] = 99;   /* asking for someone else */
	out.n = 0;
	feed(&nif, 1, f, 60);
	CHECK(out.n == 0 && arp_lookup(&nif, HOST_IP) != NULL &&
		  arp_lookup(&nif, HOST_IP)[5] == 0x77,
	      "the cached MAC is updated by a request for another host");
	CHECK(drop_total(&nif) == 0, "an update is not a drop");
}

/* RFC 5227 2.4: counted, one announcement per DEFEND_INTERVAL. */
static void test_conflict(void)
{
	uint8_t f[60];

	nif_setup(&nif, OUR_IP);
	memcpy(f, golden_arp_request, 60);
	put32(f + 14 + 14, OUR_IP); /* a gratuitous ARP for our address */
	put32(f + 14 + 24, OUR_IP);
	feed(&nif, SEC, f, 60);
	CHECK(out.n == 1 && is_arp_request_for(0, OUR_IP),
	      "the address is defended with an announcement");
	CHECK_ONE_DROP(&nif, 0, NET_DROP_ARP_CONFLICT, "conflict");
	CHECK(arp_lookup(&nif, OUR_IP) == NULL, "our address is not cached");
	feed(&nif, SEC + ARP_DEFEND_INTERVAL_NS - 1, f, 60);
	CHECK(out.n == 1 && nif.drops[NET_DROP_ARP_CONFLICT] == 2,
	      "no second defence within the interval, but counted");
	feed(&nif, SEC + ARP_DEFEND_INTERVAL_NS, f, 60);
	CHECK(out.n == 2 && is_arp_request_for(1, OUR_IP),
	      "defended again after the interval");
}

static void test_malformed(void)
{
	static const struct {
		size_t off;
		uint8_t val;
		size_t len;
		enum net_drop why;
	} cases[] = {
	    {14 + 7, 1, 14 + 27, NET_DROP_ARP_SHORT},
	    {14 + 1, 6, 60, NET_DROP_ARP_FORMAT},    /* htype 6 */
	    {14 + 3, 0xdd, 60, NET_DROP_ARP_FORMAT}, /* ptype */
	    {14 + 4, 8, 60, NET_DROP_ARP_FORMAT},    /* hlen 8 */
	    {14 + 7, 9, 60, NET_DROP_ARP_OP},
	    {14 + 8, 0x01, 60, NET_DROP_ARP_BAD_SENDER}, /* multicast */
	};
	uint8_t f[60];
	unsigned i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		nif_setup(&nif, OUR_IP);
		memcpy(f, golden_arp_request, 60);
		f[cases[i].off] = cases[i].val;
		feed(&nif, 0, f, cases[i].len);
		CHECK(out.n == 0, "case %u: no reply", i);
		CHECK_ONE_DROP(&nif, 0, cases[i].why, "malformed ARP");
	}
}

static void send_hello(uint64_t now, uint32_t to)
{
	struct udp_endpoint ep = {.addr = to, .port = 9};

	CHECK(net_udp_send(&nif, now, 4000, &ep, hello, 5) == NET_OK,
	      "udp send is accepted while resolving");
}

static void test_retries(void)
{
	nif_setup(&nif, OUR_IP);
	send_hello(0, HOST_IP);
	CHECK(out.n == 1 && is_arp_request_for(0, HOST_IP),
	      "an unresolved next hop gets a request and the packet waits");
	net_tick(&nif, nif.arp_p.retry_ns - 1);
	CHECK(out.n == 1, "no retry before retry_ns");
	net_tick(&nif, nif.arp_p.retry_ns);
	CHECK(out.n == 2 && is_arp_request_for(1, HOST_IP), "second request");
	net_tick(&nif, 2 * nif.arp_p.retry_ns);
	CHECK(out.n == 3 && is_arp_request_for(2, HOST_IP), "third request");
	net_tick(&nif, 3 * nif.arp_p.retry_ns);
	CHECK(out.n == 3, "no fourth request (probes = 3)");
	CHECK_ONE_DROP(&nif, 0, NET_DROP_ARP_UNRESOLVED, "unanswered");
	CHECK(arp_lookup(&nif, HOST_IP) == NULL, "entry gone");
}

static void test_queue_and_flush(void)
{
	unsigned i;
	struct eth_hdr eh;
	struct bytes pl;

	nif_setup(&nif, OUR_IP);
	for (i = 0; i < nif.arp_p.queue; i++)
		send_hello(0, HOST_IP);
	CHECK(out.n == 1, "one request for all queued packets");
	struct udp_endpoint ep = {.addr = HOST_IP, .port = 9};
	CHECK(net_udp_send(&nif, 0, 4000, &ep, hello, 5) == NET_ENOMEM,
	      "the queue is bounded");
	CHECK_ONE_DROP(&nif, 0, NET_DROP_ARP_QUEUE_FULL, "queue full");
	feed(&nif, 10, golden_arp_request, 60); /* names us: it resolves */
	CHECK(out.n == 1 + 1 + nif.arp_p.queue,
	      "reply plus every queued frame, got %u frames", out.n);
	for (i = 1; i <= nif.arp_p.queue && i < MAX_OUT; i++) {
		CHECK(eth_parse(out_frame(i), &eh, &pl) == 0 &&
			  eh.type == ETH_TYPE_IPV4 &&
			  memcmp(eh.dst, host_mac, 6) == 0,
		      "queued frame %u goes to the resolved MAC", i);
	}
	send_hello(20, HOST_IP);
	CHECK(out.n == 2 + nif.arp_p.queue + 1, "resolved: sent at once");
}

/* Unused, an entry goes stale after reachable_ns and away stale_ns later. */
static void test_expiry(void)
{
	uint64_t t;

	nif_setup(&nif, OUR_IP);
	feed(&nif, 0, golden_arp_request, 60);
	arp_confirm(&nif, 0, HOST_IP);
	net_tick(&nif, nif.arp_p.reachable_ns - 1);
	CHECK(arp_state_of(&nif, HOST_IP) == ARP_REACHABLE,
	      "reachable before reachable_ns");
	net_tick(&nif, nif.arp_p.reachable_ns);
	CHECK(arp_state_of(&nif, HOST_IP) == ARP_STALE &&
		  arp_lookup(&nif, HOST_IP) != NULL,
	      "stale, and still usable, at reachable_ns");
	t = nif.arp_p.reachable_ns + nif.arp_p.stale_ns;
	net_tick(&nif, t);
	CHECK(arp_lookup(&nif, HOST_IP) == NULL, "freed stale_ns later");
	out.n = 0;
	send_hello(t, HOST_IP);
	CHECK(out.n == 1 && is_arp_request_for(0, HOST_IP),
	      "a freed entry is asked again");
}

static void test_eviction(void)
{
	uint8_t f[60];
	unsigned i;

	nif_setup(&nif, OUR_IP);
	for (i = 0; i <= ARP_CACHE_SIZE; i++) {
		memcpy(f, golden_arp_request, 60);
		f[14 + 13] = (uint8_t)(i + 1);	 /* sender MAC */
		f[14 + 17] = (uint8_t)(100 + i); /* sender 10.0.2.(100+i) */
		feed(&nif, (uint64_t)i * SEC, f, 60);
	}
	CHECK(arp_lookup(&nif, IP(10, 0, 2, 100)) == NULL,
	      "the oldest entry was evicted");
	CHECK(arp_lookup(&nif, IP(10, 0, 2, 100 + ARP_CACHE_SIZE)) != NULL &&
		  arp_lookup(&nif, IP(10, 0, 2, 101)) != NULL,
	      "the newest and the others stay");
}

static void test_no_address(void)
{
	nif_setup(&nif, 0);
	feed(&nif, 0, golden_arp_request, 60);
	CHECK(out.n == 0, "without an address nothing is answered");
}

int main(void)
{
	test_gratuitous();
	test_answer();
	test_not_for_us();
	test_probe();
	test_merge();
	test_conflict();
	test_malformed();
	test_retries();
	test_queue_and_flush();
	test_expiry();
	test_eviction();
	test_no_address();
	return unit_summary();
}
