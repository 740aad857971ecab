/* SPDX-License-Identifier: ISC */
/*
 * One network interface and the sans-I/O stack that runs on it: Ethernet,
 * ARP, IPv4, ICMP (echo, and the errors port and protocol unreachable), UDP,
 * a DHCP client. docs/net.md lists what it answers and what it drops. No
 * function here reads a clock or calls a driver: the time is the now_ns
 * argument, frames go out through the output callback the caller installs, and
 * timeouts advance when the caller calls net_tick(). rt/net/iface.c connects
 * this to the device, the clock and the event loop; the unit tests connect it
 * to golden frames.
 */
#ifndef NET_NETIF_H
#define NET_NETIF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/bytes.h"
#include "net/drop.h"
#include "net/wire/eth.h"
#include "net/wire/ipv4.h"
#include "net/wire/udp.h"
#include "uni/config.h"
#include "uni/net.h"

#define ARP_CACHE_SIZE 16
#define UDP_BINDINGS 16
/* How often net_tick() must run while the DHCP client is active. */
#define NET_DHCP_TICK_NS (100 * 1000000ULL)
#define IPV4_DEFAULT_TTL 64

/* Hands one complete frame to the device: 0, or -1 when it was refused. */
typedef int (*net_output_fn)(void *ctx, const uint8_t *frame, size_t len);

/*
 * Neighbour states, as Linux's NUD (RFC 4861 7.3.2 for IPv6, applied to
 * ARP): INCOMPLETE asks by broadcast while frames wait; REACHABLE was
 * confirmed within arp_p.reachable_ns; STALE is usable but unconfirmed;
 * DELAY was used while STALE and waits arp_p.delay_ns for a confirmation;
 * PROBE asks the cached MAC by unicast. All but FREE and INCOMPLETE send
 * on the cached MAC, so a refresh never holds a frame back.
 */
enum arp_state {
	ARP_FREE,
	ARP_INCOMPLETE,
	ARP_REACHABLE,
	ARP_STALE,
	ARP_DELAY,
	ARP_PROBE,
};

/* A frame waiting for its next hop's MAC (allocated, at least 60 bytes). */
struct arp_queued {
	struct arp_queued *next;
	uint16_t len;
	uint8_t frame[];
};

struct arp_entry {
	uint32_t ip;
	uint8_t mac[ETH_ALEN];
	uint8_t state;	      /* enum arp_state */
	uint8_t tries;	      /* requests sent in INCOMPLETE or PROBE */
	uint16_t queued;      /* frames in the queue below */
	uint64_t deadline_ns; /* the next transition (see arp_tick()) */
	struct arp_queued *q_head, *q_tail;
};

struct udp_binding {
	uint16_t port; /* 0: free */
	udp_recv_fn fn;
	void *arg;
};

enum dhcp_state {
	DHCP_STOPPED,
	DHCP_SELECTING,	 /* DISCOVER sent, waiting for an OFFER */
	DHCP_REQUESTING, /* REQUEST sent for an offer, waiting for the ACK */
	DHCP_BOUND,
	DHCP_RENEWING,	/* after T1: unicast REQUEST to the server */
	DHCP_REBINDING, /* after T2: broadcast REQUEST */
};

/* Timing of the DHCP client; all durations in nanoseconds. */
struct dhcp_params {
	uint64_t retry_ns;	/* first retransmission delay */
	uint64_t retry_max_ns;	/* the doubling stops here */
	uint64_t renew_min_ns;	/* shortest wait between renewal requests */
	uint32_t request_tries; /* REQUESTs per offer before starting over */
};

struct dhcp_client {
	uint8_t state; /* enum dhcp_state */
	uint32_t xid;
	uint32_t tries;
	uint64_t start_ns; /* when this exchange began, for "secs" */
	uint64_t retry_ns; /* the current backoff */
	uint64_t retry_at_ns;
	uint32_t offered, server;
	uint64_t t1_at_ns, t2_at_ns, expire_at_ns; /* UINT64_MAX: never */
	uint32_t leases;			   /* ACKs taken */
	uint32_t naks;
	struct dhcp_params p;
};

/* Timing and bounds of ARP (the arp.* keys); durations in nanoseconds. */
struct arp_params {
	uint64_t reachable_ns; /* a confirmation keeps an entry REACHABLE */
	uint64_t stale_ns;     /* a STALE entry unused this long is freed */
	uint64_t delay_ns;     /* DELAY before the first unicast probe */
	uint64_t retry_ns;     /* between requests (INCOMPLETE, PROBE) */
	uint8_t probes;	       /* requests before the entry is given up */
	uint16_t queue;	       /* frames held per INCOMPLETE entry */
};

/* What ARP did, for the statistics report and the tests. */
struct arp_stats {
	uint64_t requests;  /* broadcast requests for an unknown next hop */
	uint64_t probes;    /* unicast requests refreshing a known one */
	uint64_t replies;   /* requests for our address answered */
	uint64_t confirmed; /* entries made REACHABLE (replies, hints) */
	uint64_t queued;    /* frames held during a resolution */
	uint64_t failed;    /* entries given up: no answer to any request */
};

/*
 * A token bucket: up to burst tokens, one more every interval_ns; an ICMP
 * error is sent only when it takes a token.
 */
struct token_bucket {
	uint32_t burst;
	uint64_t interval_ns;
	uint32_t tokens;
	uint64_t at_ns; /* when tokens was last brought up to date */
};

/* RFC 5227's DEFEND_INTERVAL: at most one defence of our address per 10 s. */
#define ARP_DEFEND_INTERVAL_NS (10 * 1000000000ULL)

/* Multicast MACs an interface takes besides its own and broadcast. */
#define NET_MCAST_MACS 6

struct ipv6_if;

struct netif {
	const char *name; /* in messages; NULL: "net0" */
	uint8_t mac[ETH_ALEN];
	uint32_t addr, netmask, gateway; /* host order; addr 0: none yet */
	uint16_t ip_id;
	net_output_fn output;
	void *output_ctx;
	struct arp_params arp_p;
	struct arp_entry arp[ARP_CACHE_SIZE];
	struct arp_stats arp_stats;
	struct udp_binding udp[UDP_BINDINGS];
	struct dhcp_client dhcp;
	struct token_bucket icmp_errors; /* the rate of ICMP errors sent */
	struct ipv6_if *v6; /* IPv6 (rt/net/ipv6*.c); NULL: net0.ipv6 = off */
	bool ipv4_off;	    /* net0.ipv4 = off: no IPv4 sent, none taken */
	uint8_t mcast[NET_MCAST_MACS][ETH_ALEN]; /* groups joined (IPv6) */
	uint8_t n_mcast;
	bool rx_link_bcast; /* the frame being handled went to a group MAC */
	const uint8_t *rx_mac_src; /* its Ethernet source, while handled */
	bool conflict_seen;	   /* an address conflict was printed */
	uint64_t defend_at_ns;	   /* the next defence of our address may go */
	uint64_t rx_frames, tx_frames;
	uint64_t drops[NET_DROP_COUNT];
	uint8_t tx[ETH_MAX_FRAME]; /* where outgoing frames are built */
};

UNI_CONFIG_EXTERN_STRING(net0, ipv4);

/*
 * net0.ipv4 = off (IPv6 only), read character by character so that
 * config-fold's constant folds it: the IPv4 paths that IPv6 code shares a
 * caller with (ipv4_output(), ARP's timers, ICMP errors) then leave a
 * specialised image. net1, IPv4 only, is off then (config_rules.c).
 */
static inline bool net_ipv4_configured_off(void)
{
	const char *v = UNI_CFG_VAR(net0, ipv4);

	return v[0] == 'o' && v[1] == 'f' && v[2] == 'f' && v[3] == '\0';
}

/*
 * IPv6 as the interface's other layers reach it (rt/net/ipv6_addr.c sets
 * net_ipv6 when IPv6 starts on an interface): the tick, UDP's and TCP's
 * output, the counters. Through these pointers alone, so that an image
 * whose configuration has no IPv6 (net0.ipv6 = off) carries none of it.
 */
struct net_ipv6_ops {
	void (*tick)(struct netif *nif, uint64_t now_ns);
	uint64_t (*next_deadline)(const struct netif *nif);
	void (*release)(struct netif *nif);
	void (*print_stats)(const struct netif *nif);
	/* ipv6_output(): the len octets at nif->tx + NET_TX6_L4 */
	int (*output)(struct netif *nif, uint64_t now_ns, const uint8_t *src,
		      const uint8_t *dst, uint8_t nh, uint8_t hlim, size_t len);
	/* The source address for dst: false when there is none yet. */
	bool (*source_for)(const struct netif *nif, const uint8_t *dst,
			   uint8_t src[16]);
	/* Whether a is a usable (not tentative) address of nif. */
	bool (*owns)(struct netif *nif, const uint8_t *a);
	/* Forward progress with peer: its next hop's entry is REACHABLE. */
	void (*confirm)(struct netif *nif, uint64_t now_ns,
			const uint8_t *peer);
	/* Whether dst is on nif's link or nif has a default router. */
	bool (*routes)(const struct netif *nif, uint64_t now_ns,
		       const uint8_t *dst, bool on_link_only);
};
extern const struct net_ipv6_ops *net_ipv6;

/* TCP over IPv6 (set by rt/net/tcp_glue.c once TCP runs), or NULL. */
extern void (*net_ipv6_tcp_input)(struct netif *nif, uint64_t now_ns,
				  const uint8_t *src, const uint8_t *dst,
				  struct bytes seg);

/* Offsets of the layers inside nif->tx. */
#define NET_TX_IP ETH_HLEN
#define NET_TX_L4 (ETH_HLEN + IPV4_MIN_HLEN)
#define NET_TX_UDP_DATA (NET_TX_L4 + UDP_HLEN)
/* The same over IPv6 (a 40-octet header, no extension header). */
#define NET_TX6_L4 (ETH_HLEN + 40)
#define NET_TX6_UDP_DATA (NET_TX6_L4 + UDP_HLEN)

/* netif.c */
void net_if_init(struct netif *nif, const uint8_t mac[ETH_ALEN],
		 net_output_fn output, void *ctx);
/* Free what the interface holds (frames waiting for ARP); a zeroed or an
 * initialised nif. */
void net_if_release(struct netif *nif);
/* Set (or clear, addr 0) the address; announces it with gratuitous ARP. */
void net_if_set_addr(struct netif *nif, uint64_t now_ns, uint32_t addr,
		     uint32_t netmask, uint32_t gateway);
void net_input(struct netif *nif, uint64_t now_ns, struct bytes frame);
void net_tick(struct netif *nif, uint64_t now_ns);
/*
 * When net_tick() must run next (UINT64_MAX: nothing is pending): the
 * earliest ARP deadline, and NET_DHCP_TICK_NS from now while the DHCP
 * client runs. Timeouts run late, never early, when it runs later.
 */
uint64_t net_next_deadline(const struct netif *nif, uint64_t now_ns);
void net_count_drop(struct netif *nif, enum net_drop why);
/*
 * Hand a finished frame to the device, padding it to ETH_MIN_FRAME:
 * NET_OK, or NET_EAGAIN (counted) when the device's transmit queue is full.
 */
int net_output_frame(struct netif *nif, uint8_t *frame, size_t len);
void net_if_print_stats(const struct netif *nif);

/* arp.c */
void arp_input(struct netif *nif, uint64_t now_ns, const struct eth_hdr *eh,
	       struct bytes pkt);
/*
 * Send frame (its Ethernet source and type set) to next_hop, or queue it
 * while next_hop is resolved: NET_OK (sent or queued), NET_ENOMEM (the
 * queue of next_hop is full: counted), NET_EAGAIN (the device refused it),
 * NET_EMSGSIZE.
 */
int arp_output(struct netif *nif, uint64_t now_ns, uint32_t next_hop,
	       uint8_t *frame, size_t len);
void arp_announce(struct netif *nif);
void arp_tick(struct netif *nif, uint64_t now_ns);
/*
 * An upper layer saw forward progress with ip (new data acknowledged):
 * its entry, when it has a MAC, is REACHABLE again without a probe.
 */
void arp_confirm(struct netif *nif, uint64_t now_ns, uint32_t ip);
/* The cached MAC of ip (in any state that has one), or NULL. */
const uint8_t *arp_lookup(const struct netif *nif, uint32_t ip);
/* The state of ip's entry (ARP_FREE when there is none). */
enum arp_state arp_state_of(const struct netif *nif, uint32_t ip);
/* Free every queued frame (counted as unresolved). */
void arp_release(struct netif *nif);
/* The earliest deadline of the cache, UINT64_MAX when it is empty. */
uint64_t arp_next_deadline(const struct netif *nif);

/* ipv4.c */
void ipv4_input(struct netif *nif, uint64_t now_ns, const struct eth_hdr *eh,
		struct bytes pkt);
/* Send the payload_len bytes at nif->tx + NET_TX_L4 to dst. */
/* The next hop for dst: itself on our subnet, else the gateway (or 0). */
uint32_t ipv4_next_hop(const struct netif *nif, uint32_t dst);
int ipv4_output(struct netif *nif, uint64_t now_ns, uint32_t dst, uint8_t proto,
		size_t payload_len);
bool ipv4_is_broadcast(const struct netif *nif, uint32_t addr);

/* icmp.c */
void icmp_input(struct netif *nif, uint64_t now_ns, const struct ipv4_hdr *ih,
		struct bytes pkt);
/*
 * Answer the datagram ih (being handled) with a Destination Unreachable of
 * code, unless RFC 1122 3.2.2 forbids it (see icmp.c) or the rate limit
 * holds it back (counted). Returns whether an error was sent.
 */
bool icmp_send_unreach(struct netif *nif, uint64_t now_ns,
		       const struct ipv4_hdr *ih, uint8_t code);
/* Take a token from b at now_ns: true when there was one. */
bool token_bucket_take(struct token_bucket *b, uint64_t now_ns);

/* udp.c */
void udp_input(struct netif *nif, uint64_t now_ns, const struct ipv4_hdr *ih,
	       struct bytes pkt);
struct ipv6_hdr;
/* A UDP datagram that came over IPv6 (from ipv6.c). */
void udp6_input(struct netif *nif, uint64_t now_ns, const struct ipv6_hdr *ih,
		struct bytes pkt);
int net_udp_bind(struct netif *nif, uint16_t port, udp_recv_fn fn, void *arg);
int net_udp_unbind(struct netif *nif, uint16_t port);
/* Send data_len bytes already at nif->tx + NET_TX_UDP_DATA. */
int net_udp_output(struct netif *nif, uint64_t now_ns, uint16_t sport,
		   const struct udp_endpoint *to, size_t data_len);
int net_udp_send(struct netif *nif, uint64_t now_ns, uint16_t sport,
		 const struct udp_endpoint *to, const void *data, size_t len);

/* dhcp.c */
void dhcp_params_default(struct dhcp_params *p);
/* Start from nothing: DISCOVER now. xid_seed makes the transaction IDs. */
void dhcp_start(struct netif *nif, uint64_t now_ns, uint32_t xid_seed);
void dhcp_input(struct netif *nif, uint64_t now_ns, const struct ipv4_hdr *ih,
		const struct udp_hdr *uh, struct bytes data);
void dhcp_tick(struct netif *nif, uint64_t now_ns);

/* Signatures of the handlers registered with UNI_PROTOCOL(). */
typedef void (*net_eth_handler)(struct netif *, uint64_t,
				const struct eth_hdr *, struct bytes);
typedef void (*net_ip_handler)(struct netif *, uint64_t,
			       const struct ipv4_hdr *, struct bytes);
typedef void (*net_udp_handler)(struct netif *, uint64_t,
				const struct ipv4_hdr *, const struct udp_hdr *,
				struct bytes);

#endif
