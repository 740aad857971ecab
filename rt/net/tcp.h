/* SPDX-License-Identifier: ISC */
/*
 * The sans-I/O TCP of the stack (RFC 9293, with RFC 5961, 6298, 6528, 6582,
 * 6675, 7323, 2018, 9438): a table of connections that segments, calls
 * and time drive. No function here reads a clock, allocates per segment or
 * calls a driver: the time is the now_ns argument, segments leave through
 * the output callback of struct tcp_io, and timers are deadlines the caller
 * asks for (tcp_stack_next_deadline) and runs (tcp_stack_tick). The glue
 * rt/net/tcp_glue.c connects it to the interfaces, the clock and the
 * public API of <uni/tcp.h>; test/net/tcp_script.c drives it from scripts.
 *
 * Addresses are struct net_addr of either family, so IPv6 fills in
 * without a change here.
 */
#ifndef NET_TCP_H
#define NET_TCP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/bytes.h"
#include "net/wire/csum.h"
#include "net/wire/tcp.h"
#include "uni/tcp.h"

enum tcp_cc_algo { TCP_CC_NEWRENO = 0, TCP_CC_CUBIC = 1 };

/* Limits and timings of one stack; tcp_params_default() gives defaults. */
struct tcp_params {
	uint32_t max_conns; /* connections in any state but LISTEN */
	uint32_t sndbuf;    /* bytes of send buffer per connection */
	uint32_t rcvbuf;    /* bytes of receive buffer per connection */
	uint32_t backlog;   /* per listener: SYN-RECEIVED entries (accept is
			     * immediate); the oldest goes for a new SYN */
	uint16_t mss;	    /* ours: the interface MTU minus 40 */
	uint16_t mss6;	    /* ours over IPv6 (MTU minus 60); 0: mss */
	uint8_t cc;	    /* enum tcp_cc_algo */
	bool sack;	    /* offer and use SACK (RFC 2018) */
	bool timestamps;    /* offer and use timestamps (RFC 7323) */
	bool window_scale;  /* offer window scaling (RFC 7323) */
	bool keepalive;	    /* keep-alive probes on every connection */
	uint64_t keepalive_idle_ns, keepalive_intvl_ns;
	uint32_t keepalive_probes;
	uint64_t rto_initial_ns; /* RFC 6298 2.1: 1 s */
	uint64_t rto_min_ns;	 /* RFC 6298 2.4: 1 s; Linux 200 ms */
	uint64_t rto_max_ns;   /* backoff stops here (RFC 6298 2.5: >= 60 s) */
	uint32_t syn_retries;  /* SYN and SYN-ACK retransmissions */
	uint32_t data_retries; /* retransmissions before the abort (R2) */
	uint64_t delack_ns;    /* delayed ACK (RFC 9293 3.8.6.3: < 0.5 s) */
	uint64_t time_wait_ns; /* 2 MSL */
	uint64_t fin_wait2_ns; /* FIN-WAIT-2 after close() with no FIN */
	/* A segment the output refused (NET_EAGAIN: local congestion) is
	 * retried this long after, doubling while refusals go on, at most
	 * rto_min_ns. */
	uint64_t xmit_retry_ns;
};

void tcp_params_default(struct tcp_params *p);

/*
 * Where segments go: one complete TCP segment (checksum set) from src.
 * output returns NET_EAGAIN when the device refused it (local congestion:
 * the segment did not leave, the core retries it, see tcp_stack_tick);
 * any other status counts as sent. progress, when set, hears of forward
 * progress with the peer (an ACK of our SYN or of new data, new data in
 * order), at most once per TCP_PROGRESS_NS per connection: the glue confirms
 * the peer's neighbour entry with it (arp_confirm), as Linux's dst_confirm.
 */
struct tcp_io {
	int (*output)(void *ctx, uint64_t now_ns, const struct net_addr *src,
		      const struct net_addr *dst, const uint8_t *seg,
		      size_t len);
	void *ctx;
	void (*progress)(void *ctx, uint64_t now_ns,
			 const struct net_addr *local,
			 const struct net_addr *peer);
};

#define TCP_PROGRESS_NS 100000000ULL /* 100 ms */

/*
 * Counters of the stack; the drop reasons of the wire (tcp.h) and of the
 * state machine each have one in drops[].
 */
struct tcp_stats {
	uint64_t segs_in, segs_out, retransmits, fast_retransmits, rto_fires;
	uint64_t active_opens, passive_opens, established, resets_in;
	uint64_t resets_out, refused_full, syn_queue_drops, challenge_acks;
	/* Segments the output refused (NET_EAGAIN), and the congestion
	 * window reductions they caused (at most one per window). */
	uint64_t local_drops, local_cwr;
	uint64_t drops[TCP_DROP_COUNT];
};

/* struct tcp_stack and struct tcp_sock are defined in tcp_conn.h. */
struct tcp_stack;

/*
 * Allocates the connection table; -1 when memory runs out or a parameter
 * is out of range (no connection, an MSS below 64, an empty buffer or one
 * over 1 GiB, no xmit_retry_ns).
 */
int tcp_stack_init(struct tcp_stack *st, const struct tcp_params *p,
		   const struct tcp_io *io, const uint8_t secret[16]);
void tcp_stack_fini(struct tcp_stack *st);

/* One segment addressed to us (dst is our address): any bytes. */
void tcp_stack_input(struct tcp_stack *st, uint64_t now_ns,
		     const struct net_addr *src, const struct net_addr *dst,
		     struct bytes seg);

/* Run every timer due at now_ns. */
void tcp_stack_tick(struct tcp_stack *st, uint64_t now_ns);
/* The earliest timer deadline, UINT64_MAX when none is armed. */
uint64_t tcp_stack_next_deadline(const struct tcp_stack *st);

int tcp_stack_listen(struct tcp_stack *st, uint16_t port, tcp_accept_fn fn,
		     void *arg);
int tcp_stack_unlisten(struct tcp_stack *st, uint16_t port);
/* Active open from local (port chosen per RFC 6056) to remote:rport. */
int tcp_stack_connect(struct tcp_stack *st, uint64_t now_ns,
		      const struct net_addr *local,
		      const struct net_addr *remote, uint16_t rport,
		      const struct tcp_sock_ops *ops, void *arg,
		      struct tcp_sock **out);

/* The calls of <uni/tcp.h>, with the time they are made. */
size_t tcp_conn_read(struct tcp_sock *s, uint64_t now_ns, void *buf,
		     size_t cap);
size_t tcp_conn_write(struct tcp_sock *s, uint64_t now_ns, const void *data,
		      size_t len);
size_t tcp_conn_write_ref(struct tcp_sock *s, uint64_t now_ns, const void *data,
			  size_t len);
void tcp_conn_set_cork(struct tcp_sock *s, uint64_t now_ns, bool cork);
int tcp_conn_shutdown(struct tcp_sock *s, uint64_t now_ns);
int tcp_conn_close(struct tcp_sock *s, uint64_t now_ns);
void tcp_conn_abort(struct tcp_sock *s, uint64_t now_ns);

/* The text of a state ("SYN-RECEIVED"), for messages and tests. */
const char *tcp_state_name(unsigned state);

#endif
