/* SPDX-License-Identifier: ISC */
/*
 * TCP as applications see it: listen on a port (or connect out), then read
 * and write a connection from callbacks that the event loop runs. Nothing
 * here blocks; nothing runs in an interrupt.
 *
 *   tcp_listen(7, on_accept, NULL);    // on_accept: tcp_sock_set_ops()
 *   ...
 *   readable:  n = tcp_read(s, buf, cap);    // copies out, reopens window
 *   writable:  taken = tcp_write(s, p, n);   // copies in; keep p + taken
 *   then:      tcp_close(s) after tcp_eof(s) // FIN after the queued data
 *
 * docs/tcp.md has a complete echo server (a test builds it from the page):
 * it keeps what tcp_write() did not take and offers it again from the
 * writable callback, which comes only after a write that took less than
 * it was given.
 *
 * Data is copied: tcp_write() copies into the connection's send buffer
 * (tcp.send_buffer bytes) and returns how much it took; the rest is for
 * the writable callback. tcp_write_ref() queues memory that outlives the
 * connection (data compiled into the image) by reference instead: no
 * copy into the send buffer, segments are built from it; the two mix in
 * order on one connection. tcp_read() copies out of the receive buffer and
 * reopens the window. No call allocates memory per segment: a connection's
 * buffers are allocated once, when it is established, and freed when it
 * ends. The page also has the whole API, the keys and the counters.
 *
 * A struct tcp_sock is valid from the accept (or connect) callback until
 * the closed callback returns, or until tcp_close()/tcp_abort() returns;
 * after that the stack reuses it.
 */
#ifndef UNI_TCP_H
#define UNI_TCP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "uni/net.h"

struct tcp_sock;

/* Why a connection ended (the closed callback's argument). */
enum tcp_close_reason {
	TCP_CLOSED_NORMAL = 0,	/* both FINs exchanged and acknowledged */
	TCP_CLOSED_RESET = 1,	/* the peer sent a RST */
	TCP_CLOSED_TIMEOUT = 2, /* retransmissions or keep-alives ran out */
	TCP_CLOSED_REFUSED = 3, /* connect: RST in answer to our SYN */
};

struct tcp_sock_ops {
	/* New data, or the peer's FIN (tcp_eof()), can be read. */
	void (*readable)(void *arg, struct tcp_sock *s);
	/* Send-buffer space or a reference slot was freed (after tcp_write()
	 * or tcp_write_ref() took less than it was given). */
	void (*writable)(void *arg, struct tcp_sock *s);
	/* connect() only: the handshake completed. */
	void (*connected)(void *arg, struct tcp_sock *s);
	/*
	 * The connection is gone (not called after tcp_close/tcp_abort).
	 * Bytes the peer sent before its FIN and not read yet can still be
	 * read during this call, not after it.
	 */
	void (*closed)(void *arg, struct tcp_sock *s,
		       enum tcp_close_reason why);
};

/* Called once per established connection on a listening port. */
typedef void (*tcp_accept_fn)(void *arg, struct tcp_sock *s);

/* Listen on port (every interface); NET_EADDRINUSE when it is taken. */
int tcp_listen(uint16_t port, tcp_accept_fn fn, void *arg);
int tcp_unlisten(uint16_t port);

/* Open a connection to `to`; ops->connected or ops->closed follows. */
int tcp_connect(const struct net_endpoint *to, const struct tcp_sock_ops *ops,
		void *arg, struct tcp_sock **out);

/* Set the callbacks (and their argument) of a connection. */
void tcp_sock_set_ops(struct tcp_sock *s, const struct tcp_sock_ops *ops,
		      void *arg);

/* Copy up to cap received bytes to buf; 0 when none are waiting. */
size_t tcp_read(struct tcp_sock *s, void *buf, size_t cap);
/* Bytes waiting to be read. */
size_t tcp_readable(const struct tcp_sock *s);
/* True once the peer's FIN has arrived and every byte before it was read. */
bool tcp_eof(const struct tcp_sock *s);

/*
 * Copy up to len bytes into the send buffer; returns the bytes taken (0
 * when it is full, or the connection can no longer send).
 */
size_t tcp_write(struct tcp_sock *s, const void *data, size_t len);
/* Free space in the send buffer. */
size_t tcp_writable(const struct tcp_sock *s);

/*
 * Queue len bytes at data by reference, after what is queued (copied or
 * referenced) before: nothing is copied into the send buffer, and every
 * segment, retransmissions included, is built from data. Returns the
 * bytes taken, as tcp_write(): 0 when 16 references are queued already
 * (each ends when the peer has acknowledged its last byte) or the
 * connection can no longer send; less than len past 1 GiB queued. The
 * writable callback follows a call that took less than len.
 *
 * Lifetime: the bytes must stay valid and unchanged until the connection
 * is gone. After tcp_close() the stack still sends and retransmits them,
 * out of the application's sight, so in practice data is memory that
 * lives as long as the appliance: const data of the image, or memory
 * allocated once and never freed or written again. A change would reach
 * the peer as corrupt data in a retransmission.
 */
size_t tcp_write_ref(struct tcp_sock *s, const void *data, size_t len);
/* What tcp_write_ref() would take now (0: no reference slot is free). */
size_t tcp_writable_ref(const struct tcp_sock *s);

/* Nagle's algorithm (RFC 9293 3.7.4) is on by default; off sends at once. */
void tcp_set_nodelay(struct tcp_sock *s, bool nodelay);
/*
 * Corked, a connection sends only full segments; uncorking sends what
 * waits at once, a last partial segment too (Nagle or not). A reply of
 * several writes (a head copied, a body by reference) then fills its
 * segments: cork, write them, uncork. Off by default; a connection left
 * corked keeps its last partial segment until it is uncorked or shut.
 */
void tcp_set_cork(struct tcp_sock *s, bool cork);

/* Send a FIN after the queued data; reading goes on. */
int tcp_shutdown(struct tcp_sock *s);
/*
 * Done with the connection: a FIN after the queued data (a RST when
 * received data was left unread, RFC 9293 3.10.4 / RFC 2525 2.17); no
 * callback is called again and s must not be used after.
 */
int tcp_close(struct tcp_sock *s);
/* Reset the connection now; s must not be used after. */
void tcp_abort(struct tcp_sock *s);

/* The peer's address and port. */
struct net_endpoint tcp_peer(const struct tcp_sock *s);

#endif
