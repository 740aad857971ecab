/* SPDX-License-Identifier: ISC */
/*
 * IPv6 on one interface (docs/net.md, "IPv6"): the state that net0.ipv6
 * turns on (struct ipv6_if, allocated by ipv6_start(), so that an interface
 * without IPv6 holds one pointer of it) and the functions of its files:
 *   ipv6_ops.c    ipv6_start() and the table of net_ipv6 (netif.h)
 *   ipv6.c        input: header, extension headers, policy, dispatch
 *   ipv6_icmp.c   ICMPv6: echo, the errors and their rate limit, dispatch
 *   ipv6_nd.c     Neighbor Discovery: NS and NA (RAs to ipv6_addr.c)
 *   ipv6_addr.c   the addresses: DAD, RS and RA, SLAAC, MLDv2, the timers
 *   ipv6_output.c output, to a group or through the neighbour cache
 *   ipv6_ncache.c the neighbour cache (ARP's states and queue)
 *   ipv6_send.c   the small messages of ND and MLD, in frames of their own
 *   ipv6_table.c  the address table: ours, the source, the next hop
 * each file above the ones after it (no circle of calls).
 * Like the rest of rt/net it is sans-I/O: the time is an argument.
 */
#ifndef NET_IPV6_H
#define NET_IPV6_H

#include <stdbool.h>
#include <stdint.h>

#include "net/netif.h"
#include "net/wire/ipv6.h"

/*
 * The rare paths (timers, Neighbor Discovery, RAs, errors, statistics):
 * optimised for size rather than speed, so that IPv6 costs an image less
 * (unrolled over the neighbour cache they were several times larger); the
 * path of every datagram (input, output, UDP, echo) is not.
 */
#define IPV6_COLD __attribute__((cold))

#define ND_CACHE_SIZE 16
#define IPV6_ADDRS 4 /* the link-local address, then the others */

enum ipv6_addr_state {
	IP6A_FREE,
	IP6A_TENTATIVE, /* DAD runs: only ND may use it */
	IP6A_PREFERRED,
	IP6A_DUPLICATE, /* DAD failed: never used */
};

enum ipv6_addr_origin { IP6A_LINKLOCAL, IP6A_STATIC, IP6A_SLAAC };

struct ipv6_addr {
	uint8_t a[IPV6_ALEN];
	uint8_t plen;
	uint8_t state;	     /* enum ipv6_addr_state */
	uint8_t origin;	     /* enum ipv6_addr_origin */
	uint8_t dad_left;    /* DAD solicitations still to send */
	uint8_t dad_counter; /* RFC 7217's DAD_Counter of a SLAAC address */
	uint64_t at_ns;	     /* TENTATIVE: the next solicitation or the end */
	uint64_t valid_until_ns; /* UINT64_MAX: forever */
};

/* A neighbour: the ARP entry's states and queue, keyed by an IPv6 address. */
struct nd_entry {
	uint8_t ip[IPV6_ALEN];
	bool router;
	struct arp_entry n; /* n.ip unused */
};

struct ipv6_stats {
	uint64_t ns_out, na_out, ns_in, na_in, rs_out, ra_in, mld_out;
	uint64_t dad_ok, dad_failed;
};

enum ipv6_mode { IPV6_OFF, IPV6_AUTO, IPV6_STATIC };

struct ipv6_if {
	uint8_t mode;	    /* enum ipv6_mode */
	uint8_t secret[16]; /* RFC 7217's secret_key */
	struct ipv6_addr addr[IPV6_ADDRS];
	uint8_t router[IPV6_ALEN]; /* the default router, from an RA */
	uint64_t router_until_ns;  /* 0: none */
	uint16_t mtu;		   /* the link MTU (RA's MTU option) */
	uint8_t hlim;		   /* RA's Cur Hop Limit, or 64 */
	uint8_t rs_left;	   /* Router Solicitations still to send */
	uint64_t rs_at_ns;
	uint8_t mld_left; /* MLDv2 reports still to send */
	uint64_t mld_at_ns;
	uint64_t dad_delay_ns; /* the wait after each DAD solicitation */
	struct nd_entry nc[ND_CACHE_SIZE];
	struct token_bucket errors;
	struct ipv6_stats st;
};

/* RFC 4861 10 and RFC 4862 5.1, as Linux has them. */
#define IPV6_RS_MAX 3
#define IPV6_RS_INTERVAL_NS (4 * 1000000000ULL)
#define IPV6_DAD_TRANSMITS 1
#define IPV6_DAD_RETRANS_NS (1000000000ULL)
#define IPV6_MLD_REPORTS 2
#define IPV6_MLD_INTERVAL_NS (1000000000ULL)
#define IPV6_DAD_RETRIES 3 /* RFC 7217 IDGEN_RETRIES */

/* ipv6.c, ipv6_output.c, ipv6_table.c */
void ipv6_input(struct netif *nif, uint64_t now_ns, const struct eth_hdr *eh,
		struct bytes pkt);
/*
 * Send the len octets at nif->tx + NET_TX6_L4 with next header nh from
 * src to dst (hop limit hlim, 0: the interface's): to a group's MAC, or to
 * the next hop through the neighbour cache. NET_OK (sent or queued) or an
 * error of <uni/net.h>.
 */
int ipv6_output(struct netif *nif, uint64_t now_ns, const uint8_t *src,
		const uint8_t *dst, uint8_t nh, uint8_t hlim, size_t len);
/* The usable (PREFERRED) address of ours that is a, or NULL. */
struct ipv6_addr *ipv6_our_addr(struct netif *nif, const uint8_t *a);
/* Any address slot of ours that is a, tentative too, or NULL. */
struct ipv6_addr *ipv6_addr_slot(struct netif *nif, const uint8_t *a);
/* The source for dst (RFC 6724, in short: same scope): false if none. */
bool ipv6_source_for(const struct netif *nif, const uint8_t *dst,
		     uint8_t src[IPV6_ALEN]);
/* The next hop of dst: dst on the link, else the default router. */
bool ipv6_next_hop(const struct netif *nif, uint64_t now_ns, const uint8_t *dst,
		   uint8_t hop[IPV6_ALEN]);

/* ipv6_icmp.c */
void icmp6_input(struct netif *nif, uint64_t now_ns, const struct ipv6_hdr *ih,
		 struct bytes pkt);
/*
 * Answer ih with an error (RFC 4443 2.4: not about an error, nor about a
 * packet to a group or one from :: or a group, unless allow_group, which
 * Parameter Problem code 2 about a multicast packet may) when the rate
 * limit lets it go. Returns whether one was sent.
 */
bool icmp6_send_error(struct netif *nif, uint64_t now_ns,
		      const struct ipv6_hdr *ih, uint8_t type, uint8_t code,
		      uint32_t param, bool allow_group);

/* ipv6_nd.c: NS, NA; RAs go on to ipv6_addr.c */
void nd_input(struct netif *nif, uint64_t now_ns, const struct ipv6_hdr *ih,
	      uint8_t type, struct bytes msg);
/* ipv6_send.c, ipv6_ncache.c: the messages, the neighbour cache */
/* Send frame (Ethernet source and type set) to hop, or queue it. */
int nd_output(struct netif *nif, uint64_t now_ns, const uint8_t *hop,
	      uint8_t *frame, size_t len);
/*
 * Send the ICMPv6 message msg[0..len) (checksum not yet set) from src to
 * dst at mac with hop limit 255, built apart from nif->tx (a send may be
 * under way there); router_alert: an MLD message (hop limit 1 and a
 * Hop-by-Hop Router Alert, RFC 3810 5).
 */
void nd_send_msg(struct netif *nif, const uint8_t *src, const uint8_t *dst,
		 const uint8_t *mac, uint8_t *msg, size_t len,
		 bool router_alert);
/*
 * A Neighbor Solicitation for target to dst from src (:: for DAD: no
 * link-layer option), to mac, or to dst's group MAC when mac is NULL.
 */
void nd_send_ns(struct netif *nif, const uint8_t *src, const uint8_t *dst,
		const uint8_t *target, const uint8_t *mac);
void nd_tick(struct netif *nif, uint64_t now_ns);
uint64_t nd_next_deadline(const struct netif *nif);
void nd_confirm(struct netif *nif, uint64_t now_ns, const uint8_t *ip);
void nd_release(struct netif *nif);
/* Set e's state and deadline (its probes counted from 0). */
void nd_set(struct nd_entry *e, enum arp_state s, uint64_t at);
/* e was confirmed: REACHABLE for arp_p.reachable_ns. */
void nd_reachable(struct netif *nif, uint64_t now_ns, struct nd_entry *e);
/* The neighbour entry of ip, or NULL. */
struct nd_entry *nd_find(struct netif *nif, const uint8_t *ip);
/* Learn ip's MAC from an unsolicited message (NS, RS, RA): STALE. */
void nd_learn(struct netif *nif, uint64_t now_ns, const uint8_t *ip,
	      const uint8_t *mac, bool router);
/* The entry of ip went to a router that stopped being one: forget it. */
void nd_forget_router(struct netif *nif, const uint8_t *ip);

/* ipv6_ops.c */
/*
 * Start IPv6 on nif (mode IPV6_AUTO, or IPV6_STATIC with addr/plen):
 * the link-local address and, for static, the configured one, each
 * tentative until DAD; Router Solicitations; the MLDv2 reports.
 * secret is RFC 7217's key. NET_OK or NET_ENOMEM.
 */
int ipv6_start(struct netif *nif, uint64_t now_ns, enum ipv6_mode mode,
	       const uint8_t *addr, uint8_t plen, const uint8_t secret[16]);

/* ipv6_addr.c */
/* The addresses of a new nif->v6 (ipv6_start()'s arguments). */
void ipv6_addr_init(struct netif *nif, uint64_t now_ns, enum ipv6_mode mode,
		    const uint8_t *addr, uint8_t plen,
		    const uint8_t secret[16]);
void ipv6_addr_tick(struct netif *nif, uint64_t now_ns);
uint64_t ipv6_addr_next_deadline(const struct netif *nif);
/* A Router Advertisement that passed nd_check(). */
void ipv6_ra_input(struct netif *nif, uint64_t now_ns,
		   const struct ipv6_hdr *ih, struct bytes msg);
/* ND says another host has a (DAD): see ipv6_addr.c. */
void ipv6_dad_conflict(struct netif *nif, uint64_t now_ns,
		       struct ipv6_addr *slot, const uint8_t *mac);
/* The RFC 7217 interface identifier for prefix (64 bits) and counter. */
void ipv6_stable_iid(const uint8_t secret[16], const uint8_t prefix[8],
		     const uint8_t mac[ETH_ALEN], uint8_t counter,
		     uint8_t iid[8]);
void ipv6_print_stats(const struct netif *nif);
/* An MLD query: one report of our groups goes (RFC 3810 6.2, at once). */
void ipv6_mld_query(struct netif *nif, uint64_t now_ns);

/*
 * RFC 7217's secret_key from the net0.ipv6_secret text, or, when it is
 * empty, from the MAC (stable across boots; predictable from the MAC).
 */
void ipv6_secret_from(const char *text, const uint8_t mac[ETH_ALEN],
		      uint8_t out[16]);

/* "2001:db8::1" (RFC 5952) into out (48 octets). */
void ipv6_format(char *out, const uint8_t a[IPV6_ALEN]);

#endif
