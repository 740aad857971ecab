/* SPDX-License-Identifier: ISC */
/*
 * The neighbour states of ARP (Linux's NUD) on a fake clock: a used stale
 * entry is refreshed by unicast probes while frames keep going to the
 * cached MAC; a reply or an upper-layer hint confirms it; unanswered probes
 * give it up; the queue of an unresolved next hop is bounded per next hop
 * by arp_p.queue; and a steady flow over many lifetimes, its neighbour
 * answering each probe, loses and holds back no frame.
 */
#include "golden.h"
#include "nettest.h"

UNIT_COUNTERS;

#define MS 1000000ULL
#define TICK (100 * MS) /* what rt/net/iface.c gives net_tick() */

static struct netif nif;
static const uint8_t hello[] = "hello";

static int send_hello(uint64_t now, uint32_t to)
{
	struct udp_endpoint ep = {.addr = to, .port = 9};

	return net_udp_send(&nif, now, 4000, &ep, hello, 5);
}

/* Frame i, if it is an ARP request: its Ethernet destination and target. */
static bool arp_request_at(unsigned i, const uint8_t **dst, uint32_t *tpa)
{
	static struct eth_hdr eh;
	struct bytes pl;
	struct arp_pkt a;

	if (i >= out.n || i >= MAX_OUT ||
	    eth_parse(out_frame(i), &eh, &pl) != 0 || eh.type != ETH_TYPE_ARP ||
	    arp_parse(pl, &a) != 0 || a.op != ARP_OP_REQUEST)
		return false;
	*dst = eh.dst;
	*tpa = a.tpa;
	return true;
}

static bool is_unicast_probe(unsigned i, uint32_t ip)
{
	const uint8_t *dst;
	uint32_t tpa;

	return arp_request_at(i, &dst, &tpa) && tpa == ip &&
	       memcmp(dst, host_mac, 6) == 0;
}

static bool is_broadcast_request(unsigned i, uint32_t ip)
{
	const uint8_t *dst;
	uint32_t tpa;

	return arp_request_at(i, &dst, &tpa) && tpa == ip &&
	       memcmp(dst, eth_broadcast, 6) == 0;
}

/* Frame i is an IPv4 frame to the host's MAC. */
static bool is_ip_to_host(unsigned i)
{
	struct eth_hdr eh;
	struct bytes pl;

	return i < out.n && i < MAX_OUT &&
	       eth_parse(out_frame(i), &eh, &pl) == 0 &&
	       eh.type == ETH_TYPE_IPV4 && memcmp(eh.dst, host_mac, 6) == 0;
}

/* The host answers our request: an ARP reply to us. */
static void host_replies(uint64_t now)
{
	uint8_t f[ETH_MIN_FRAME] = {0};
	struct eth_hdr eh = {.type = ETH_TYPE_ARP};
	struct arp_pkt a = {.op = ARP_OP_REPLY, .spa = HOST_IP, .tpa = OUR_IP};

	memcpy(eh.dst, our_mac, 6);
	memcpy(eh.src, host_mac, 6);
	memcpy(a.sha, host_mac, 6);
	memcpy(a.tha, our_mac, 6);
	eth_emit(f, sizeof(f), &eh);
	arp_emit(f + ETH_HLEN, sizeof(f) - ETH_HLEN, &a);
	feed(&nif, now, f, sizeof(f));
}

/* The host's request makes a STALE entry (unsolicited: not confirmed). */
static void test_request_makes_stale(void)
{
	nif_setup(&nif, OUR_IP);
	feed(&nif, 0, golden_arp_request, 60);
	CHECK(arp_state_of(&nif, HOST_IP) == ARP_STALE,
	      "a request from the host: STALE, got state %d",
	      arp_state_of(&nif, HOST_IP));
	host_replies(1);
	CHECK(arp_state_of(&nif, HOST_IP) == ARP_REACHABLE &&
		  nif.arp_stats.confirmed == 1,
	      "a reply to us: REACHABLE");
}

/* STALE -> DELAY on use -> PROBE (unicast) -> REACHABLE on the reply. */
static void test_refresh_by_unicast_probe(void)
{
	const struct arp_params *p = &nif.arp_p;
	uint64_t t;

	nif_setup(&nif, OUR_IP);
	feed(&nif, 0, golden_arp_request, 60);
	out.n = 0;
	CHECK(send_hello(10, HOST_IP) == NET_OK && out.n == 1 &&
		  is_ip_to_host(0),
	      "a stale entry sends at once");
	CHECK(arp_state_of(&nif, HOST_IP) == ARP_DELAY, "used: DELAY");
	net_tick(&nif, 10 + p->delay_ns - 1);
	CHECK(out.n == 1 && arp_state_of(&nif, HOST_IP) == ARP_DELAY,
	      "no probe before delay_ns");
	t = 10 + p->delay_ns;
	net_tick(&nif, t);
	CHECK(out.n == 2 && is_unicast_probe(1, HOST_IP) &&
		  arp_state_of(&nif, HOST_IP) == ARP_PROBE &&
		  nif.arp_stats.probes == 1,
	      "after delay_ns: a request to the cached MAC, PROBE");
	CHECK(send_hello(t + 1, HOST_IP) == NET_OK && out.n == 3 &&
		  is_ip_to_host(2),
	      "while probing, frames still go to the cached MAC");
	host_replies(t + 2);
	CHECK(arp_state_of(&nif, HOST_IP) == ARP_REACHABLE,
	      "the reply confirms: REACHABLE");
	CHECK(drop_total(&nif) == 0 && nif.arp_stats.queued == 0,
	      "nothing dropped or held back");
	net_tick(&nif, t + 2 + p->reachable_ns);
	CHECK(arp_state_of(&nif, HOST_IP) == ARP_STALE,
	      "reachable_ns after the reply: STALE again");
}

/* An upper-layer hint in DELAY: REACHABLE without a probe. */
static void test_confirm_hint(void)
{
	nif_setup(&nif, OUR_IP);
	feed(&nif, 0, golden_arp_request, 60);
	send_hello(1, HOST_IP);
	out.n = 0;
	arp_confirm(&nif, 2, HOST_IP);
	net_tick(&nif, 2 + nif.arp_p.delay_ns);
	CHECK(arp_state_of(&nif, HOST_IP) == ARP_REACHABLE && out.n == 0,
	      "confirmed: no probe");
	arp_confirm(&nif, 3, IP(10, 0, 2, 77));
	CHECK(arp_state_of(&nif, IP(10, 0, 2, 77)) == ARP_FREE,
	      "a hint for an unknown address creates nothing");
}

/* probes unanswered unicast probes: the entry goes, the next use asks. */
static void test_probe_fails(void)
{
	const struct arp_params *p = &nif.arp_p;
	uint64_t t;
	unsigned i;

	nif_setup(&nif, OUR_IP);
	feed(&nif, 0, golden_arp_request, 60);
	send_hello(0, HOST_IP);
	out.n = 0;
	t = p->delay_ns;
	for (i = 0; i < p->probes; i++, t += p->retry_ns) {
		net_tick(&nif, t);
		CHECK(out.n == i + 1 && is_unicast_probe(i, HOST_IP),
		      "probe %u of %u", i + 1, p->probes);
	}
	net_tick(&nif, t);
	CHECK(arp_state_of(&nif, HOST_IP) == ARP_FREE &&
		  nif.arp_stats.failed == 1 && out.n == p->probes,
	      "given up after %u probes", p->probes);
	CHECK(send_hello(t, HOST_IP) == NET_OK && out.n == p->probes + 1 &&
		  is_broadcast_request(p->probes, HOST_IP) &&
		  arp_state_of(&nif, HOST_IP) == ARP_INCOMPLETE,
	      "the next use asks by broadcast");
}

/* arp_p.queue bounds each next hop's queue; another's is its own. */
static void test_queue_per_next_hop(void)
{
	unsigned i;

	nif_setup(&nif, OUR_IP);
	nif.arp_p.queue = 3;
	for (i = 0; i < 3; i++)
		CHECK(send_hello(0, HOST_IP) == NET_OK, "queued %u", i);
	CHECK(send_hello(0, HOST_IP) == NET_ENOMEM, "the 4th is refused");
	CHECK_ONE_DROP(&nif, 0, NET_DROP_ARP_QUEUE_FULL, "queue full");
	CHECK(send_hello(0, IP(10, 0, 2, 3)) == NET_OK,
	      "another next hop has a queue of its own");
	out.n = 0;
	host_replies(5);
	CHECK(out.n == 3 && is_ip_to_host(0) && is_ip_to_host(2),
	      "the three frames go, in order, when the reply comes");
	CHECK(nif.arp_stats.queued == 4, "4 frames were queued");
}

/* A device that refuses the frame: NET_EAGAIN and a counted drop. */
static void test_tx_full(void)
{
	nif_setup(&nif, OUR_IP);
	feed(&nif, 0, golden_arp_request, 60);
	out.refuse = true;
	CHECK(send_hello(1, HOST_IP) == NET_EAGAIN,
	      "a full device queue is reported");
	CHECK_ONE_DROP(&nif, 0, NET_DROP_TX_FULL, "tx full");
	out.refuse = false;
}

/* Answer each unicast probe among the frames sent since *seen. */
static unsigned answer_probes(uint64_t now, unsigned *seen)
{
	unsigned n = 0;

	for (; *seen < out.n; (*seen)++)
		if (is_unicast_probe(*seen, HOST_IP)) {
			host_replies(now);
			n++;
		}
	return n;
}

/*
 * 10 minutes of a frame every 10 ms (a lifetime of 30 s: 20 refreshes),
 * ticks every 100 ms, the host answering probes: every frame goes at once.
 */
static void test_steady_flow(void)
{
	uint64_t now, end = 600 * SEC;
	unsigned seen = 0, probes = 0, frames = 0;

	nif_setup(&nif, OUR_IP);
	feed(&nif, 0, golden_arp_request, 60);
	for (now = 0; now < end; now += 10 * MS) {
		if (out.n > MAX_OUT / 2)
			out.n = seen = 0;
		if (now % TICK == 0)
			net_tick(&nif, now);
		probes += answer_probes(now, &seen);
		if (send_hello(now, HOST_IP) != NET_OK ||
		    !is_ip_to_host(out.n - 1))
			break;
		frames++;
		seen = out.n;
	}
	CHECK(now == end, "every frame went at once to the host (%u)", frames);
	CHECK(drop_total(&nif) == 0 && nif.arp_stats.queued == 0 &&
		  nif.arp_stats.requests == 0,
	      "no drop, no frame held, no broadcast request");
	CHECK(probes >= 15 && probes == nif.arp_stats.probes,
	      "refreshed by %u unicast probes", probes);
}

int main(void)
{
	test_request_makes_stale();
	test_refresh_by_unicast_probe();
	test_confirm_hint();
	test_probe_fails();
	test_queue_per_next_hop();
	test_tx_full();
	test_steady_flow();
	net_if_release(&nif);
	return unit_summary();
}
