/* SPDX-License-Identifier: ISC */
/*
 * The I/O edge of TCP: one struct tcp_stack (the sans-I/O core of tcp.h)
 * over the interfaces of iface.c. IPv4 hands each segment for one of our
 * addresses to tcp_ip_input(); the core's segments leave through
 * segment_out(), built in the tx buffer of the interface that owns their
 * source address. The clock is read at each input and each call of the
 * application, and one timer is re-armed to tcp_stack_next_deadline()
 * after each. The functions of <uni/tcp.h> forward to the core with
 * uni_now_ns(). A segment the device refuses returns NET_EAGAIN to the
 * core, which retries it on its own timer; the core's forward progress
 * with a peer confirms the ARP entry of its next hop.
 *
 * The stack is set up by the first tcp_listen() or tcp_connect() (its
 * parameters from [tcp], its MSS from the interfaces' MTU, its ISN secret
 * from RDSEED or RDRAND, else the TSC): until then a segment is answered
 * as an image without TCP answers it (ICMP protocol unreachable) and
 * nothing is allocated. An appliance that calls neither function loses all
 * of TCP to protocol-prune: the registration below names them as its API,
 * and iface.c prints TCP's counters only through a hook set here.
 */
#include <stdio.h>
#include <string.h>

#include "net/iface.h"
#include "net/netif.h"
#include "net/tcp.h"
#include "net/tcp_config.h"
#include "net/tcp_conn.h"
#include "net/wire/icmp.h"
#include "uni/cpu.h"
#include "uni/protocol.h"
#include "uni/tcp.h"
#include "uni/time.h"

#define IP_TCP_HLEN 40 /* an IPv4 header and a TCP header, no options */

static struct tcp_stack stack;
static bool stack_up;
static struct uni_timer timer;
static uint64_t timer_at = UINT64_MAX; /* its deadline; UINT64_MAX: off */
static const char *secret_source = "none";
/* Segments for a broadcast address (IPv4 lets them through): dropped. */
static uint64_t drop_not_unicast;

static uint32_t addr_v4(const struct net_addr *a)
{
	return (uint32_t)a->a[0] << 24 | (uint32_t)a->a[1] << 16 |
	       (uint32_t)a->a[2] << 8 | a->a[3];
}

/* A segment over IPv6, through IPv6's table (netif.h). */
static int segment_out6(uint64_t now_ns, const struct net_addr *src,
			const struct net_addr *dst, const uint8_t *seg,
			size_t len)
{
	struct netif *nif = net_iface_by_addr6(src->a);

	if (nif == NULL)
		return NET_ENOADDR; /* the address went (its lifetime ended) */
	if (len > ETH_MAX_FRAME - NET_TX6_L4)
		return NET_EMSGSIZE;
	memcpy(nif->tx + NET_TX6_L4, seg, len);
	return net_ipv6->output(nif, now_ns, src->a, dst->a, IPV4_PROTO_TCP, 0,
				len);
}

static int segment_out(void *ctx, uint64_t now_ns, const struct net_addr *src,
		       const struct net_addr *dst, const uint8_t *seg,
		       size_t len)
{
	struct netif *nif;

	if (src->family == NET_FAMILY_IPV6 && dst->family == NET_FAMILY_IPV6)
		return segment_out6(now_ns, src, dst, seg, len);
	if (src->family != NET_FAMILY_IPV4 || dst->family != NET_FAMILY_IPV4)
		return NET_EINVAL;
	nif = net_iface_by_addr(addr_v4(src));
	if (nif == NULL)
		return NET_ENOADDR; /* the address went (a DHCP lease ended) */
	if (len > ETH_MAX_FRAME - NET_TX_L4)
		return NET_EMSGSIZE;
	memcpy(nif->tx + NET_TX_L4, seg, len);
	return ipv4_output(nif, now_ns, addr_v4(dst), IPV4_PROTO_TCP, len);
}

/*
 * The core saw forward progress with peer (new data acknowledged or
 * received in order): the neighbour that carries the route to it, the
 * peer or the gateway, is reachable, and its ARP entry stays REACHABLE
 * without unicast probes (Linux's dst_confirm). The core calls this at
 * most once per TCP_PROGRESS_NS per connection.
 */
static void peer_progress(void *ctx, uint64_t now_ns,
			  const struct net_addr *local,
			  const struct net_addr *peer)
{
	struct netif *nif;
	uint32_t hop;

	(void)ctx;
	if (local->family == NET_FAMILY_IPV6) {
		nif = net_iface_by_addr6(local->a);
		if (nif != NULL)
			net_ipv6->confirm(nif, now_ns, peer->a);
		return;
	}
	if (local->family != NET_FAMILY_IPV4 || peer->family != NET_FAMILY_IPV4)
		return;
	nif = net_iface_by_addr(addr_v4(local));
	if (nif == NULL)
		return;
	hop = ipv4_next_hop(nif, addr_v4(peer));
	if (hop != 0)
		arp_confirm(nif, now_ns, hop);
}

static void timer_fire(struct uni_timer *t, void *arg);

/* After anything that may have moved a deadline of the core. */
static void rearm(void)
{
	uint64_t at = tcp_stack_next_deadline(&stack);

	if (at == timer_at)
		return;
	if (at == UINT64_MAX)
		uni_timer_stop(&timer);
	else
		uni_timer_start(&timer, at, timer_fire, NULL);
	timer_at = at;
}

static void timer_fire(struct uni_timer *t, void *arg)
{
	timer_at = UINT64_MAX;
	tcp_stack_tick(&stack, uni_now_ns());
	rearm();
}

static void tcp_ip_input(struct netif *nif, uint64_t now_ns,
			 const struct ipv4_hdr *ih, struct bytes seg)
{
	struct net_addr src, dst;

	if (!stack_up) {
		net_count_drop(nif, NET_DROP_IP_PROTO);
		icmp_send_unreach(nif, now_ns, ih, ICMP_UNREACH_PROTO);
		return;
	}
	if (ih->dst != nif->addr) {
		drop_not_unicast++;
		return;
	}
	src = net_addr_ipv4(ih->src);
	dst = net_addr_ipv4(ih->dst);
	tcp_stack_input(&stack, now_ns, &src, &dst, seg);
	rearm();
}

/* A segment that came over IPv6 to a unicast address of ours. */
static void tcp6_input(struct netif *nif, uint64_t now_ns, const uint8_t *s,
		       const uint8_t *d, struct bytes seg)
{
	struct net_addr src = {.family = NET_FAMILY_IPV6};
	struct net_addr dst = {.family = NET_FAMILY_IPV6};

	(void)nif;
	memcpy(src.a, s, 16);
	memcpy(dst.a, d, 16);
	tcp_stack_input(&stack, now_ns, &src, &dst, seg);
	rearm();
}

static bool rdrand64(uint64_t *v)
{
	bool ok;

	__asm__ volatile("rdrand %0" : "=r"(*v), "=@ccc"(ok));
	return ok;
}

static bool rdseed64(uint64_t *v)
{
	bool ok;

	__asm__ volatile("rdseed %0" : "=r"(*v), "=@ccc"(ok));
	return ok;
}

/* n words from get, each retried a few times (both may run dry). */
static bool fill(uint64_t *w, unsigned n, bool (*get)(uint64_t *))
{
	for (unsigned i = 0; i < n; i++) {
		unsigned tries = 0;

		while (!get(&w[i]))
			if (++tries == 32)
				return false;
	}
	return true;
}

static uint64_t mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/*
 * No random instruction: the TSC, read between CPUID instructions (whose
 * time varies, a trap to the hypervisor when virtualised), mixed. Only as
 * unpredictable as the boot's timing: docs/tcp.md says so.
 */
static void tsc_mix(uint64_t *w, unsigned n)
{
	uint64_t acc = rdtsc();

	for (unsigned i = 0; i < n; i++) {
		for (unsigned k = 0; k < 16; k++) {
			(void)cpuid(0, 0);
			acc = mix64(acc ^ rdtsc());
		}
		w[i] = acc;
	}
}

/* The per-boot secret of the ISNs (RFC 6528); returns its source. */
static const char *isn_secret(uint8_t out[16])
{
	uint64_t w[2];
	struct cpuid_regs l0 = cpuid(0, 0);
	const char *src = "tsc";

	if (l0.eax >= 7 && (cpuid(7, 0).ebx & (1u << 18)) != 0 &&
	    fill(w, 2, rdseed64))
		src = "rdseed";
	else if ((cpuid(1, 0).ecx & (1u << 30)) != 0 && fill(w, 2, rdrand64))
		src = "rdrand";
	else
		tsc_mix(w, 2);
	memcpy(out, w, 16);
	return src;
}

static void print_stats(void);

static int stack_start(void)
{
	static const struct tcp_io io = {.output = segment_out,
					 .progress = peer_progress};
	struct tcp_params p;
	uint8_t secret[16];
	unsigned mtu = net_iface_mtu();
	int r;

	if (stack_up)
		return NET_OK;
	tcp_params_default(&p);
	tcp_config_params(&p);
	if (p.rto_initial_ns < p.rto_min_ns)
		p.rto_initial_ns = p.rto_min_ns;
	if (mtu == 0 || mtu > ETH_MAX_FRAME - ETH_HLEN)
		mtu = ETH_MAX_FRAME - ETH_HLEN;
	p.mss = (uint16_t)(mtu - IP_TCP_HLEN);
	p.mss6 = (uint16_t)(mtu - IP_TCP_HLEN - 20); /* a 40-octet header */
	secret_source = isn_secret(secret);
	r = tcp_stack_init(&stack, &p, &io, secret);
	memset(secret, 0, sizeof(secret));
	if (r != 0) {
		printf("tcp: cannot allocate the table of %u connections\n",
		       (unsigned)p.max_conns);
		return NET_ENOMEM;
	}
	stack_up = true;
	net_stats_hook = print_stats;
	net_ipv6_tcp_input = tcp6_input;
	printf("tcp: up: mss %u, %u connections, buffers %u/%u, ISN secret "
	       "from %s\n",
	       (unsigned)p.mss, (unsigned)p.max_conns, (unsigned)p.sndbuf,
	       (unsigned)p.rcvbuf, secret_source);
	return NET_OK;
}

int tcp_listen(uint16_t port, tcp_accept_fn fn, void *arg)
{
	int r;

	if (port == 0 || fn == NULL)
		return NET_EINVAL;
	r = stack_start();
	return r != NET_OK ? r : tcp_stack_listen(&stack, port, fn, arg);
}

int tcp_unlisten(uint16_t port)
{
	int r = stack_up ? tcp_stack_unlisten(&stack, port) : NET_EINVAL;

	if (stack_up)
		rearm();
	return r;
}

int tcp_connect(const struct net_endpoint *to, const struct tcp_sock_ops *ops,
		void *arg, struct tcp_sock **out)
{
	struct netif *nif;
	struct net_addr local;
	int r;

	if (to == NULL || to->port == 0 ||
	    (to->addr.family != NET_FAMILY_IPV4 &&
	     to->addr.family != NET_FAMILY_IPV6))
		return NET_EINVAL;
	r = stack_start();
	if (r != NET_OK)
		return r;
	if (to->addr.family == NET_FAMILY_IPV6) {
		local.family = NET_FAMILY_IPV6;
		nif = net_iface_route6(to->addr.a);
		if (nif == NULL)
			return net_ipv6 == NULL ? NET_EAFNOSUPPORT : NET_ENODEV;
		if (!net_ipv6->source_for(nif, to->addr.a, local.a))
			return NET_ENOADDR;
		r = tcp_stack_connect(&stack, uni_now_ns(), &local, &to->addr,
				      to->port, ops, arg, out);
		rearm();
		return r;
	}
	nif = net_iface_route(addr_v4(&to->addr));
	if (nif == NULL)
		return NET_ENODEV;
	if (nif->addr == 0)
		return NET_ENOADDR;
	local = net_addr_ipv4(nif->addr);
	r = tcp_stack_connect(&stack, uni_now_ns(), &local, &to->addr, to->port,
			      ops, arg, out);
	rearm();
	return r;
}

size_t tcp_read(struct tcp_sock *s, void *buf, size_t cap)
{
	size_t n = tcp_conn_read(s, uni_now_ns(), buf, cap);

	rearm();
	return n;
}

size_t tcp_write(struct tcp_sock *s, const void *data, size_t len)
{
	size_t n = tcp_conn_write(s, uni_now_ns(), data, len);

	rearm();
	return n;
}

size_t tcp_write_ref(struct tcp_sock *s, const void *data, size_t len)
{
	size_t n = tcp_conn_write_ref(s, uni_now_ns(), data, len);

	rearm();
	return n;
}

void tcp_set_cork(struct tcp_sock *s, bool cork)
{
	tcp_conn_set_cork(s, uni_now_ns(), cork);
	rearm();
}

int tcp_shutdown(struct tcp_sock *s)
{
	int r = tcp_conn_shutdown(s, uni_now_ns());

	rearm();
	return r;
}

int tcp_close(struct tcp_sock *s)
{
	int r = tcp_conn_close(s, uni_now_ns());

	rearm();
	return r;
}

void tcp_abort(struct tcp_sock *s)
{
	tcp_conn_abort(s, uni_now_ns());
	rearm();
}

static void print_count(const char *what, uint64_t n)
{
	printf(" %s %llu", what, (unsigned long long)n);
}

static void print_stats(void)
{
	const struct tcp_stats *s = &stack.stats;

	printf("tcp: segments");
	print_count("in", s->segs_in);
	print_count("out", s->segs_out);
	print_count("retransmitted", s->retransmits);
	print_count("fast", s->fast_retransmits);
	print_count("rto", s->rto_fires);
	printf("\ntcp: opens");
	print_count("active", s->active_opens);
	print_count("passive", s->passive_opens);
	print_count("established", s->established);
	print_count("resets in", s->resets_in);
	print_count("resets out", s->resets_out);
	print_count("challenge acks", s->challenge_acks);
	printf("\ntcp: refused, table full %llu; SYNs over the backlog %llu\n",
	       (unsigned long long)s->refused_full,
	       (unsigned long long)s->syn_queue_drops);
	if (s->local_drops != 0)
		printf("tcp: refused by the device %llu (sent again), window "
		       "reductions %llu\n",
		       (unsigned long long)s->local_drops,
		       (unsigned long long)s->local_cwr);
	for (unsigned i = 1; i < TCP_DROP_COUNT; i++)
		if (s->drops[i] != 0)
			printf("tcp: dropped %llu: %s\n",
			       (unsigned long long)s->drops[i],
			       tcp_drop_text((enum tcp_drop)i));
	if (drop_not_unicast != 0)
		printf("tcp: dropped %llu: tcp: to a broadcast address\n",
		       (unsigned long long)drop_not_unicast);
}

/*
 * Reachable when a kept driver delivers frames and the application
 * listens or connects: an appliance that does neither has no TCP at all.
 */
UNI_PROTOCOL(tcp, "tcp", UNI_PROTO_IP, IPV4_PROTO_TCP, tcp_ip_input, NULL,
	     UNI_API_FN(uni_netdev_receive), UNI_API_GROUP,
	     UNI_API_FN(tcp_listen), UNI_API_FN(tcp_connect));
