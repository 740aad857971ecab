/* SPDX-License-Identifier: ISC */
/*
 * The inside of the sans-I/O TCP (tcp.h): the stack, its table of
 * connections, the states of RFC 9293 3.3.2, and the helpers the files of
 * the core share. The files call downward only, in this order:
 *
 *   tcp_api.c      the stack's life, tick and deadline; listen, connect
 *   tcp_sock.c     the application's calls on a connection (read, write,
 *                  shutdown, close, abort; those of <uni/tcp.h> too)
 *   tcp_listen.c   tcp_stack_input: lookup, LISTEN, closed ports
 *   tcp_input.c    segment arrival (RFC 9293 3.10.7) on a connection
 *   tcp_timer.c    RTO, persist, keep-alive, delayed ACK, 2MSL; RTT
 *   tcp_recovery.c fast retransmit, SACK (RFC 6675) or NewReno recovery
 *   tcp_output.c   building and sending segments; RST replies
 *   tcp_isn.c      ISNs (RFC 6528), timestamp offsets, ephemeral ports
 *   tcp_conn.c     the table: lookup, allocation, the end of a connection,
 *                  callbacks delivered
 *   tcp_sndq.c     the send queue: copied bytes and references
 *   tcp_buf.c      ring buffers, out-of-order ranges, SACK scoreboard
 *   tcp_cc.c       congestion control (tcp_cc.h)
 *
 * A connection's slot is never reused while a call into the stack is in
 * progress (st->depth > 0): a socket that a callback closed stays in its
 * slot, in state CLOSED, until the outermost call returns, so the code
 * after a callback can always look at s->state.
 */
#ifndef NET_TCP_CONN_H
#define NET_TCP_CONN_H

#include "net/tcp.h"
#include "net/tcp_buf.h"
#include "net/tcp_cc.h"
#include "net/tcp_seq.h"
#include "net/tcp_sndq.h"

enum tcp_state {
	TCP_CLOSED,
	TCP_LISTEN, /* listeners only: no connection is in this state */
	TCP_SYN_SENT,
	TCP_SYN_RECEIVED,
	TCP_ESTABLISHED,
	TCP_FIN_WAIT_1,
	TCP_FIN_WAIT_2,
	TCP_CLOSE_WAIT,
	TCP_CLOSING,
	TCP_LAST_ACK,
	TCP_TIME_WAIT,
	TCP_NSTATES
};

/* The timers of one connection; each is a deadline, TCP_NEVER when off. */
enum tcp_timer {
	TCP_T_RTO,	 /* retransmission (also of SYN and FIN) */
	TCP_T_PERSIST,	 /* zero-window probe */
	TCP_T_DELACK,	 /* delayed ACK */
	TCP_T_KEEPALIVE, /* keep-alive probe */
	TCP_T_LINGER,	 /* TIME-WAIT 2MSL, FIN-WAIT-2 timeout */
	TCP_T_XMIT,	 /* retry of a segment the output refused */
	TCP_NTIMERS
};

#define TCP_NEVER UINT64_MAX
#define TCP_LISTENERS 16
#define TCP_MSS_DEFAULT 536	 /* RFC 9293 3.7.1, IPv4 */
#define TCP_MSS_DEFAULT6 1220	 /* RFC 9293 3.7.1, IPv6 */
#define TCP_CHALLENGE_LIMIT 1000 /* challenge ACKs a second (RFC 5961 7) */
#define TCP_DUPTHRESH 3		 /* RFC 5681, RFC 6675 */
#define TCP_PAWS_IDLE_NS                                                       \
	(24ULL * 24 * 3600 * 1000000000ULL) /* RFC 7323 5.5                    \
					     */

/* Events for the application, delivered after a segment or timer. */
#define TCP_EV_ACCEPT 0x01
#define TCP_EV_CONNECTED 0x02
#define TCP_EV_READABLE 0x04
#define TCP_EV_WRITABLE 0x08
#define TCP_EV_CLOSED 0x10

struct tcp_listener {
	uint16_t port; /* 0: free */
	tcp_accept_fn fn;
	void *arg;
	uint32_t syn_received; /* entries in SYN-RECEIVED */
};

struct tcp_sock {
	uint8_t state; /* enum tcp_state */
	bool in_use;   /* the slot is taken (CLOSED: waiting to be reaped) */
	bool app;      /* the application holds it (accept/connect to close) */
	bool nodelay;
	bool cork;		    /* full segments only, until uncorked */
	bool ts_ok, sack_ok, ws_ok; /* negotiated on the SYN */
	bool fin_queued;	    /* a FIN follows the send buffer */
	bool fin_rcvd;		    /* the peer's FIN was taken in order */
	bool rcv_fin_pending;	    /* a FIN arrived past a hole */
	bool in_recovery;	    /* fast recovery (RFC 6582 / RFC 6675) */
	bool rtt_timing;	    /* Karn: rtt_seq is being timed */
	bool ack_pending;	    /* an ACK is owed (delayed or not) */
	bool want_writable;	    /* a write was cut short */
	bool syn_rxt;		    /* our SYN or SYN-ACK was retransmitted */
	bool syn_unsent;    /* our SYN or SYN-ACK was refused, none left yet */
	bool dsack_pending; /* dsack goes in the next ACK */
	bool cwr; /* cwnd reduced for local congestion, until cwr_high */
	uint8_t xmit_fails;   /* refusals of the output in a row */
	uint8_t events;	      /* TCP_EV_* waiting for delivery */
	uint8_t close_reason; /* enum tcp_close_reason */
	uint8_t listener;     /* SYN-RECEIVED: its listener's index */
	uint8_t snd_wscale, rcv_wscale;
	uint8_t backoff;    /* RTO doublings so far */
	uint32_t retries;   /* retransmissions of the same data */
	uint32_t ka_probes; /* keep-alive or zero-window probes unanswered */
	uint16_t lport, rport;
	struct net_addr laddr, raddr;
	uint64_t birth; /* order of creation, for the oldest SYN-RECEIVED */
	struct tcp_stack *st;
	const struct tcp_sock_ops *ops;
	void *arg;

	/*
	 * Send side (RFC 9293 3.3.1). snd_max is the RFC's SND.NXT, the
	 * highest sequence number sent + 1, used by ACKs and RSTs; snd_nxt
	 * is where the next segment starts, below snd_max after an RTO
	 * (go-back-N) or in the middle of recovery.
	 */
	uint32_t iss, snd_una, snd_nxt, snd_max, snd_wl1, snd_wl2;
	uint32_t snd_wnd, max_snd_wnd;
	uint32_t sb_seq;   /* sequence number of the first byte of sndq */
	uint32_t snd_sml;  /* the end of the last small segment (Minshall) */
	uint32_t snd_push; /* bytes before it go now: queued before uncork */
	uint16_t snd_mss;  /* payload of a full segment we send */
	uint16_t peer_mss; /* the MSS option of the peer */
	struct tcp_sndq sndq;

	/* Receive side. rcv_adv: the right edge we advertised. */
	uint32_t irs, rcv_nxt, rcv_adv, rcv_fin_seq, last_ack_sent;
	uint32_t rcv_mss;     /* the largest segment seen, for delayed ACK */
	uint32_t rcv_unacked; /* bytes received and not yet acknowledged */
	struct tcp_rcvq rcvq;
	struct tcp_range dsack; /* a duplicate received (RFC 2883) */

	/* Timestamps (RFC 7323). */
	uint32_t ts_recent, ts_off;
	uint64_t ts_recent_ns;

	/* RTT (RFC 6298), in ns. */
	uint64_t srtt, rttvar, rto, rtt_start;
	uint32_t rtt_seq;

	/* Loss recovery. */
	uint32_t dupacks, recover, high_rxt, ndup;
	struct tcp_sackboard sacked;
	struct tcp_cc cc;
	uint32_t cwr_high;    /* snd_max when cwr began */
	uint64_t progress_at; /* the next forward progress reported (io) */

	uint64_t last_rcv_ns, last_send_ns; /* segments in, data out */
	uint64_t timer[TCP_NTIMERS];
};

struct tcp_stack {
	struct tcp_params p;
	struct tcp_io io;
	uint8_t secret[16];
	struct tcp_sock *conns;
	uint32_t nconns;
	struct tcp_listener listeners[TCP_LISTENERS];
	uint8_t *tx; /* where segments are built: TCP_MAX_HLEN + p.mss */
	uint32_t depth;
	bool reap; /* a slot is CLOSED and waits for depth 0 */
	uint16_t next_ephemeral;
	uint64_t births;
	uint64_t challenge_at_ns; /* the second challenge_n counts in */
	uint32_t challenge_n;
	struct tcp_stats stats;
	/* Tests force the ISN and the timestamp offset (tcp_script.c). */
	struct {
		bool fixed;
		uint32_t isn, ts_off;
	} test;
};

/* tcp_isn.c */
uint32_t tcp_isn(const struct tcp_stack *st, uint64_t now_ns,
		 const struct tcp_sock *s);
uint32_t tcp_ts_offset(const struct tcp_stack *st, const struct tcp_sock *s);
/* A free local port for laddr -> raddr:rport (RFC 6056 3.3.3); 0: none. */
uint16_t tcp_ephemeral_port(struct tcp_stack *st, const struct net_addr *laddr,
			    const struct net_addr *raddr, uint16_t rport);
/* Our MSS on s's family: p.mss6 over IPv6 when it is set, else p.mss. */
static inline uint16_t tcp_our_mss(const struct tcp_stack *st,
				   const struct tcp_sock *s)
{
	return s->laddr.family == NET_FAMILY_IPV6 && st->p.mss6 != 0
		   ? st->p.mss6
		   : st->p.mss;
}

/* SipHash-2-4 of n bytes under a 16-byte key. */
uint64_t tcp_siphash(const uint8_t key[16], const uint8_t *p, size_t n);

/* tcp_conn.c */
void tcp_enter(struct tcp_stack *st);
void tcp_leave(struct tcp_stack *st);
struct tcp_sock *tcp_lookup(struct tcp_stack *st, const struct net_addr *laddr,
			    uint16_t lport, const struct net_addr *raddr,
			    uint16_t rport);
struct tcp_listener *tcp_find_listener(struct tcp_stack *st, uint16_t port);
/* A free slot, set to zero with its timers off; NULL when all are taken. */
struct tcp_sock *tcp_sock_new(struct tcp_stack *st);
/* The window scale we offer: the least that covers the receive buffer. */
uint8_t tcp_our_wscale(const struct tcp_stack *st);
/* Allocate the buffers; -1 when memory runs out. */
int tcp_sock_buffers(struct tcp_stack *st, struct tcp_sock *s);
/* Set a state (counting SYN-RECEIVED entries of listeners). */
void tcp_set_state(struct tcp_stack *st, struct tcp_sock *s, unsigned state);
/* The connection ends: CLOSED, timers off, a closed event if the
 * application holds it. */
void tcp_sock_end(struct tcp_stack *st, struct tcp_sock *s,
		  enum tcp_close_reason why);
/* Call the callbacks of the waiting events (s may be CLOSED after). */
void tcp_deliver(struct tcp_stack *st, struct tcp_sock *s);
void tcp_count_drop(struct tcp_stack *st, enum tcp_drop why);
/* Forward progress with the peer of s (io.progress, rate-limited). */
void tcp_progress(struct tcp_stack *st, struct tcp_sock *s, uint64_t now_ns);
void tcp_timer_set(struct tcp_sock *s, enum tcp_timer t, uint64_t at_ns);
static inline void tcp_timer_stop(struct tcp_sock *s, enum tcp_timer t)
{
	s->timer[t] = TCP_NEVER;
}
/* Our timestamp clock: milliseconds, with the connection's offset. */
static inline uint32_t tcp_ts_now(const struct tcp_sock *s, uint64_t now_ns)
{
	return (uint32_t)(now_ns / 1000000) + s->ts_off;
}
/* The sequence number after the last byte of the send buffer. */
static inline uint32_t tcp_data_end(const struct tcp_sock *s)
{
	return s->sb_seq + s->sndq.len;
}
/*
 * The end of what may be in flight: the peer's window, and never more
 * than tcp.send_buffer bytes (and a FIN) past snd_una. Copied bytes
 * cannot exceed that anyway; bytes queued by reference take no buffer,
 * but must not make bursts larger than copies would (a device's ring
 * fills, frames are refused: losses of our own making).
 */
static inline uint32_t tcp_send_edge(const struct tcp_stack *st,
				     const struct tcp_sock *s)
{
	uint32_t cap = st->p.sndbuf + 1;

	return s->snd_una + (s->snd_wnd < cap ? s->snd_wnd : cap);
}
static inline bool tcp_synchronized(const struct tcp_sock *s)
{
	return s->state >= TCP_ESTABLISHED;
}

/* tcp_output.c */
/* Send what the windows allow: new data, a FIN, or nothing. */
void tcp_output(struct tcp_stack *st, struct tcp_sock *s, uint64_t now_ns);
/* Send one segment from seq with up to max bytes of sequence space
 * (data and FIN); returns the sequence space it took. */
uint32_t tcp_xmit(struct tcp_stack *st, struct tcp_sock *s, uint64_t now_ns,
		  uint32_t seq, uint32_t max);
void tcp_send_syn(struct tcp_stack *st, struct tcp_sock *s, uint64_t now_ns);
void tcp_send_ack(struct tcp_stack *st, struct tcp_sock *s, uint64_t now_ns);
/* An ACK with sequence number seq (probes: snd_una - 1). */
void tcp_send_ack_seq(struct tcp_stack *st, struct tcp_sock *s, uint64_t now_ns,
		      uint32_t seq);
void tcp_send_rst(struct tcp_stack *st, struct tcp_sock *s, uint64_t now_ns);
/* An ACK answering a suspect segment (RFC 5961), TCP_CHALLENGE_LIMIT a
 * second at most for the whole stack. */
void tcp_challenge_ack(struct tcp_stack *st, struct tcp_sock *s,
		       uint64_t now_ns);
/* RFC 9293 3.10.7.1: the RST answering h (of seg_len) with no connection. */
void tcp_send_rst_reply(struct tcp_stack *st, uint64_t now_ns,
			const struct net_addr *src, const struct net_addr *dst,
			const struct tcp_hdr *h, uint32_t seg_len);
/* The window we advertise, unscaled (never shrinking, RFC 9293 3.8.6). */
uint32_t tcp_rcv_window(const struct tcp_sock *s);
/* The RTO doubled backoff times, at most rto_max. */
uint64_t tcp_backoff_ns(const struct tcp_stack *st, const struct tcp_sock *s);
/* Arm the RTO when data is outstanding and it is off. */
void tcp_rto_arm(struct tcp_stack *st, struct tcp_sock *s, uint64_t now_ns);

/* tcp_recovery.c */
/* A duplicate ACK or new SACK information: maybe enter recovery, and send
 * what it allows. */
void tcp_recovery_dupack(struct tcp_stack *st, struct tcp_sock *s,
			 uint64_t now_ns);
/* snd_una advanced by acked bytes while in recovery. */
void tcp_recovery_ack(struct tcp_stack *st, struct tcp_sock *s, uint64_t now_ns,
		      uint32_t acked);
/* Send what recovery allows now (a retry after the output refused). */
void tcp_recovery_send(struct tcp_stack *st, struct tcp_sock *s,
		       uint64_t now_ns);
/* Recovery ends without retransmitting (RTO). */
void tcp_recovery_reset(struct tcp_sock *s);

/* tcp_timer.c */
/* A round-trip sample (RFC 6298 2.2, 2.3). */
void tcp_rtt_sample(struct tcp_stack *st, struct tcp_sock *s, uint64_t rtt_ns);
/* New data was acknowledged: the backoff ends (RFC 6298 5.3, 5.7). */
void tcp_rto_restart(struct tcp_stack *st, struct tcp_sock *s, uint64_t now_ns);
/* Enter TIME-WAIT: 2MSL, the application let go with a normal close. */
void tcp_time_wait(struct tcp_stack *st, struct tcp_sock *s, uint64_t now_ns);
/* Run the timers of s that are due; s may be CLOSED after. */
void tcp_timers_run(struct tcp_stack *st, struct tcp_sock *s, uint64_t now_ns);

/* tcp_input.c */
/* The options of the peer's SYN (or SYN-ACK) against what we offer. */
void tcp_negotiate(struct tcp_stack *st, struct tcp_sock *s, uint64_t now_ns,
		   const struct tcp_options *o);
/* The segment h arrived for connection s (not LISTEN). */
void tcp_input_conn(struct tcp_stack *st, struct tcp_sock *s, uint64_t now_ns,
		    const struct tcp_hdr *h, struct bytes data);

#endif
