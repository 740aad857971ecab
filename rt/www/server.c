/* SPDX-License-Identifier: ISC */
/*
 * The web server over TCP: each accepted connection takes a slot of a
 * table made at start (www.max_connections; when it is full, the new
 * connection is closed at once and counted, as nginx does when it runs out
 * of worker_connections) holding a sans-I/O connection (http_conn.h), a
 * small input buffer and one timer.
 *
 * Algorithm (serve()): send what the connection has queued, each piece in
 * order from where it lies (a head copied from the connection, a body by
 * reference into the compiled-in file), until TCP's send buffer is full;
 * then offer the bytes
 * received, reading more from TCP only when the connection took all of the
 * last read. A full send buffer stops the reading, so a client that does
 * not read its replies sees its window close (back-pressure both ways);
 * the writable callback resumes. The peer's FIN goes to the connection
 * once everything before it was taken; its deadline (header and idle
 * timeouts) arms the timer.
 *
 * The end: once the connection is done, a peer that has sent its FIN gets
 * ours (tcp_close()). Otherwise the close lingers, as nginx's
 * lingering_close does: our FIN goes after the reply (tcp_shutdown()),
 * and what the peer still sends is read and dropped until its FIN, for at
 * most www.lingering_time_ms and while it keeps sending within
 * www.lingering_timeout_ms. Closing at once with unread data would send a
 * RST (RFC 9293 3.10.4), and a RST can destroy the error reply before the
 * client reads it. A RST or a TCP timeout (the closed callback) frees the
 * slot at once.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "uni/boot.h"
#include "uni/config.h"
#include "uni/cpu.h"
#include "uni/tcp.h"
#include "uni/time.h"
#include "www/http_conn.h"
#include "www/server.h"

UNI_CONFIG_EXTERN_INT(www, port);
UNI_CONFIG_EXTERN_INT(www, max_connections);
UNI_CONFIG_EXTERN_INT(www, header_timeout_ms);
UNI_CONFIG_EXTERN_INT(www, idle_timeout_ms);
UNI_CONFIG_EXTERN_INT(www, body_max);
UNI_CONFIG_EXTERN_INT(www, head_max);
UNI_CONFIG_EXTERN_INT(www, line_max);
UNI_CONFIG_EXTERN_INT(www, lingering_time_ms);
UNI_CONFIG_EXTERN_INT(www, lingering_timeout_ms);
UNI_CONFIG_EXTERN_BOOL(www, access_log);

#define STASH 4096 /* bytes read from TCP at a time */
#define LOG_LINE 512

struct slot {
	struct tcp_sock *sock; /* NULL: a free slot */
	bool lingering;	       /* our FIN is out: read and drop */
	bool eof_given;	       /* http_conn_eof() was called */
	uint64_t linger_end;   /* lingering: the last moment */
	uint64_t linger_last;  /* lingering: the last byte dropped */
	struct uni_timer timer;
	size_t in_off, in_len; /* stash[in_off..in_len): not taken yet */
	uint8_t stash[STASH];
	struct http_conn conn;
};

static const struct uni_data_set *tree;
static struct http_config cfg;
static struct slot *table;
static size_t table_n, open_n;
static struct www_server_stats st;
static const struct slot *current; /* whose reply the log callback sees */
static bool first_reply_seen;
static uint8_t drain_buf[STASH];

static void serve(struct slot *sl);
static void drain(struct slot *sl);

static void release(struct slot *sl)
{
	uni_timer_stop(&sl->timer);
	sl->sock = NULL;
	open_n--;
}

static uint64_t ms(int64_t v)
{
	return (uint64_t)v * UNI_NSEC_PER_MSEC;
}

static void on_timer(struct uni_timer *t, void *arg)
{
	struct slot *sl = arg;

	(void)t;
	if (sl->lingering) {
		st.linger_expired++;
		tcp_close(sl->sock);
		release(sl);
		return;
	}
	st.timed_out++;
	current = sl; /* a 408 is logged */
	http_conn_timeout(&sl->conn, uni_now_ns());
	serve(sl);
}

static void arm(struct slot *sl, uint64_t deadline)
{
	if (deadline == UINT64_MAX)
		uni_timer_stop(&sl->timer);
	else
		uni_timer_start(&sl->timer, deadline, on_timer, sl);
}

/*
 * A piece in the connection (a head, a Location) is copied: the
 * connection reuses its buffer once the piece is taken. Any other lies in
 * the image for good (a file, its gzip variant, an error page) and goes by
 * reference (tcp_write_ref()): no copy into the send buffer.
 */
static size_t send_piece(struct slot *sl, const struct http_piece *p)
{
	uintptr_t a = (uintptr_t)p->p, c = (uintptr_t)&sl->conn;

	if (a >= c && a < c + sizeof(sl->conn))
		return tcp_write(sl->sock, p->p, p->len);
	return tcp_write_ref(sl->sock, p->p, p->len);
}

/*
 * Sends what is queued, corked so that a head and its body fill their
 * segments; false when TCP's send buffer (or its references) is full.
 */
static bool send_out(struct slot *sl, uint64_t now)
{
	struct http_piece p;
	bool all = true;
	size_t n;

	tcp_set_cork(sl->sock, true);
	while (http_conn_output(&sl->conn, &p)) {
		n = send_piece(sl, &p);
		if (n > 0)
			http_conn_sent(&sl->conn, now, n);
		if (n < p.len) {
			all = false;
			break;
		}
	}
	tcp_set_cork(sl->sock, false);
	return all;
}

/* Offers received bytes; false when nothing more was taken. */
static bool take_in(struct slot *sl, uint64_t now)
{
	size_t n;

	if (sl->in_off == sl->in_len) {
		sl->in_off = 0;
		sl->in_len = tcp_read(sl->sock, sl->stash, sizeof(sl->stash));
		if (sl->in_len == 0)
			return false;
	}
	n = http_conn_input(&sl->conn, now, sl->stash + sl->in_off,
			    sl->in_len - sl->in_off);
	sl->in_off += n;
	return n > 0;
}

/* The connection is done: close now, or linger. */
static void finish(struct slot *sl, uint64_t now)
{
	if (tcp_eof(sl->sock)) {
		st.closed_done++;
		tcp_close(sl->sock);
		release(sl);
		return;
	}
	st.lingered++;
	tcp_shutdown(sl->sock);
	sl->lingering = true;
	sl->linger_end = now + ms(UNI_CFG_VAR(www, lingering_time_ms));
	sl->linger_last = now;
	drain(sl);
}

/* Lingering: reads and drops until the peer's FIN or the deadline. */
static void drain(struct slot *sl)
{
	uint64_t now = uni_now_ns(), end;

	while (tcp_read(sl->sock, drain_buf, sizeof(drain_buf)) > 0)
		sl->linger_last = now;
	if (tcp_eof(sl->sock)) {
		tcp_close(sl->sock);
		release(sl);
		return;
	}
	end = sl->linger_last + ms(UNI_CFG_VAR(www, lingering_timeout_ms));
	arm(sl, end < sl->linger_end ? end : sl->linger_end);
}

static void serve(struct slot *sl)
{
	uint64_t now = uni_now_ns();

	current = sl;
	while (send_out(sl, now) && take_in(sl, now))
		;
	current = NULL;
	if (!sl->eof_given && sl->in_off == sl->in_len && tcp_eof(sl->sock)) {
		sl->eof_given = true;
		http_conn_eof(&sl->conn, now);
	}
	if (http_conn_done(&sl->conn))
		finish(sl, now);
	else
		arm(sl, http_conn_deadline(&sl->conn));
}

static void on_ready(void *arg, struct tcp_sock *s)
{
	struct slot *sl = arg;

	(void)s;
	if (sl->lingering)
		drain(sl);
	else
		serve(sl);
}

static void on_closed(void *arg, struct tcp_sock *s, enum tcp_close_reason why)
{
	(void)s;
	if (why == TCP_CLOSED_NORMAL)
		st.closed_done++; /* both FINs, while we lingered */
	else
		st.reset++;
	release(arg);
}

static const struct tcp_sock_ops conn_ops = {
    .readable = on_ready,
    .writable = on_ready,
    .closed = on_closed,
};

/*
 * Unix time at uni_now_ns() 0, for Date; rounded, so that Date is within
 * half a second of the wall clock. Taken at each accept: on Xen the wall
 * clock comes when the event channels start, which may follow ours.
 */
static uint64_t epoch_offset_s(void)
{
	return (uni_time_unix_offset_ns() + UNI_NSEC_PER_SEC / 2) /
	       UNI_NSEC_PER_SEC;
}

static struct slot *free_slot(void)
{
	for (size_t i = 0; i < table_n; i++)
		if (table[i].sock == NULL)
			return &table[i];
	return NULL;
}

static void on_accept(void *arg, struct tcp_sock *s)
{
	struct slot *sl = free_slot();

	(void)arg;
	if (sl == NULL) {
		st.refused_full++;
		tcp_close(s);
		return;
	}
	st.accepted++;
	open_n++;
	cfg.epoch_offset_s = epoch_offset_s();
	sl->sock = s;
	sl->lingering = sl->eof_given = false;
	sl->in_off = sl->in_len = 0;
	http_conn_init(&sl->conn, tree, &cfg, uni_now_ns());
	tcp_set_nodelay(s, true); /* a reply's last segment goes at once */
	tcp_sock_set_ops(s, &conn_ops, sl);
	serve(sl);
}

static void print_first_reply(unsigned status)
{
	uint64_t us =
	    uni_tsc_to_ns(rdtsc() - uni_boot.tsc_at_entry) / UNI_NSEC_PER_USEC;

	printf("www: first reply (%u) %llu us after PVH entry\n", status,
	       (unsigned long long)us);
}

/* One line per reply when www.access_log: "www: ADDR GET /a 200 10". */
static void on_reply(void *arg, const struct http_log_entry *e)
{
	char line[LOG_LINE];
	struct net_endpoint peer = {{0, {0}}, 0};

	(void)arg;
	st.requests++;
	if (!first_reply_seen) {
		first_reply_seen = true;
		print_first_reply(e->status);
	}
	if (!UNI_CFG_VAR(www, access_log))
		return;
	if (current != NULL)
		peer = tcp_peer(current->sock);
	http_log_format(e, line, sizeof(line));
	printf("www: %u.%u.%u.%u %s\n", peer.addr.a[0], peer.addr.a[1],
	       peer.addr.a[2], peer.addr.a[3], line);
}

static void configure(void)
{
	http_config_default(&cfg);
	cfg.head_max = (size_t)UNI_CFG_VAR(www, head_max);
	cfg.line_max = (size_t)UNI_CFG_VAR(www, line_max);
	cfg.body_max = (uint64_t)UNI_CFG_VAR(www, body_max);
	cfg.header_timeout_ns = ms(UNI_CFG_VAR(www, header_timeout_ms));
	cfg.idle_timeout_ns = ms(UNI_CFG_VAR(www, idle_timeout_ms));
	/* Rounded: Date is then within half a second of the wall clock. */
	cfg.epoch_offset_s =
	    (uni_time_unix_offset_ns() + UNI_NSEC_PER_SEC / 2) /
	    UNI_NSEC_PER_SEC;
	cfg.log = on_reply;
}

static int check_tree(const struct uni_data_set *site)
{
	const char *why;
	uint64_t at;

	if (www_tree_check(site, &why, &at) == 0)
		return 0;
	printf("www: the compiled-in tree is not usable: %s (file %llu)\n", why,
	       (unsigned long long)at);
	return -1;
}

int www_server_start(const struct uni_data_set *site)
{
	uint16_t port = (uint16_t)UNI_CFG_VAR(www, port);

	if (check_tree(site) != 0)
		return -1;
	tree = site;
	configure();
	table_n = (size_t)UNI_CFG_VAR(www, max_connections);
	table = calloc(table_n, sizeof(*table));
	if (table == NULL) {
		printf("www: out of memory for %zu connections (%zu bytes "
		       "each)\n",
		       table_n, sizeof(*table));
		return -1;
	}
	if (tcp_listen(port, on_accept, NULL) != NET_OK) {
		printf("www: cannot listen on TCP port %u\n", port);
		return -1;
	}
	return 0;
}

const struct www_server_stats *www_server_stats(void)
{
	return &st;
}

unsigned www_server_open(void)
{
	return (unsigned)open_n;
}

void www_server_print_stats(void)
{
	printf("www.accepted %llu\n", (unsigned long long)st.accepted);
	printf("www.refused_full %llu\n", (unsigned long long)st.refused_full);
	printf("www.requests %llu\n", (unsigned long long)st.requests);
	printf("www.closed_done %llu\n", (unsigned long long)st.closed_done);
	printf("www.lingered %llu\n", (unsigned long long)st.lingered);
	printf("www.linger_expired %llu\n",
	       (unsigned long long)st.linger_expired);
	printf("www.timed_out %llu\n", (unsigned long long)st.timed_out);
	printf("www.reset %llu\n", (unsigned long long)st.reset);
	printf("www.open %zu\n", open_n);
}
