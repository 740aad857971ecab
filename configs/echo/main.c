/* SPDX-License-Identifier: ISC */
/*
 * The echo appliance (RFC 862): every UDP datagram to echo.port goes back
 * to its sender, and every byte of a TCP connection to echo.port goes back
 * on it until the client closes. It prints the file that echo.motd names
 * (compiled into the image) at boot and, with echo.idle_s set, ends with
 * status 0 after that many seconds without traffic. docs/api.md shows this
 * file whole and explains each call.
 */
#include <stdio.h>
#include <string.h>

#include "uni/config.h"
#include "uni/console.h"
#include "uni/data.h"
#include "uni/net.h"
#include "uni/tcp.h"
#include "uni/time.h"

/* The appliance's own keys: [echo] in the configuration. */
UNI_CONFIG_INT(echo, port, 7, 1, 65535, "UDP and TCP port to echo on");
UNI_CONFIG_INT(echo, idle_s, 0, 0, 86400,
	       "exit with status 0 after this many seconds without a "
	       "datagram or a connection; 0: run until the VM is stopped");
UNI_CONFIG_DATA(echo, motd, "raw",
		"files to print at boot, relative to the configuration file");

#define CONNS 16 /* TCP connections echoed at once; more are reset */

/* One TCP connection: the bytes read that tcp_write() has not taken yet. */
struct conn {
	struct tcp_sock *s; /* NULL: a free slot */
	size_t len;
	uint8_t buf[1024];
};

static struct conn conns[CONNS];
static struct uni_timer idle_timer;
static uint64_t last_activity_ns;
static uint64_t datagrams, connections, send_failed;

static void on_datagram(void *arg, const struct udp_endpoint *from,
			uint16_t local_port, const uint8_t *data, size_t len)
{
	datagrams++;
	last_activity_ns = uni_now_ns();
	if (udp_send(local_port, from, data, len) != NET_OK)
		send_failed++;
}

/*
 * Data came (readable) or room came (writable): offer what waits, then
 * read more. What tcp_write() does not take stays in c->buf until the
 * writable callback; meanwhile nothing is read, so the window closes and
 * the client waits.
 */
static void pump(void *arg, struct tcp_sock *s)
{
	struct conn *c = arg;
	size_t n;

	last_activity_ns = uni_now_ns();
	for (;;) {
		if (c->len > 0) {
			n = tcp_write(s, c->buf, c->len);
			memmove(c->buf, c->buf + n, c->len - n);
			c->len -= n;
			if (c->len > 0)
				return;
		}
		c->len = tcp_read(s, c->buf, sizeof(c->buf));
		if (c->len == 0)
			break;
	}
	if (tcp_eof(s)) {
		tcp_close(s); /* our FIN follows the echoed bytes */
		c->s = NULL;
	}
}

static void gone(void *arg, struct tcp_sock *s, enum tcp_close_reason why)
{
	struct conn *c = arg;

	c->s = NULL; /* a reset or a timeout: s is no longer ours */
}

static const struct tcp_sock_ops conn_ops = {
    .readable = pump,
    .writable = pump,
    .closed = gone,
};

static void on_accept(void *arg, struct tcp_sock *s)
{
	connections++;
	last_activity_ns = uni_now_ns();
	for (unsigned i = 0; i < CONNS; i++) {
		if (conns[i].s == NULL) {
			conns[i].s = s;
			conns[i].len = 0;
			tcp_sock_set_ops(s, &conn_ops, &conns[i]);
			return;
		}
	}
	tcp_abort(s);
}

/* Fires echo.idle_s after the last activity, or is set again for then. */
static void on_idle(struct uni_timer *t, void *arg)
{
	uint64_t idle_ns =
	    (uint64_t)UNI_CFG_VAR(echo, idle_s) * UNI_NSEC_PER_SEC;
	uint64_t deadline = last_activity_ns + idle_ns;

	if (uni_now_ns() < deadline) {
		uni_timer_start(t, deadline, on_idle, NULL);
		return;
	}
	printf("echo: idle for %lld s\n", (long long)UNI_CFG_VAR(echo, idle_s));
	uni_loop_stop(0); /* uni_loop_run() returns 0 */
}

static void print_motd(void)
{
	const struct uni_data_set *motd = &UNI_DATA_VAR(echo, motd);

	for (uint64_t i = 0; i < motd->count; i++)
		uni_console_write((const char *)motd->files[i].data,
				  (size_t)motd->files[i].size);
}

int main(void)
{
	uint16_t port = (uint16_t)UNI_CFG_VAR(echo, port);
	uint32_t a;
	int r, status;

	print_motd();
	r = udp_bind(port, on_datagram, NULL);
	if (r != NET_OK) {
		printf("echo: cannot bind UDP port %u: %d\n", port, r);
		return 1;
	}
	r = tcp_listen(port, on_accept, NULL);
	if (r != NET_OK) {
		printf("echo: cannot listen on TCP port %u: %d\n", port, r);
		return 1;
	}
	while (!net_ready()) /* a DHCP lease, say: the loop runs meanwhile */
		uni_sleep_ns(10 * UNI_NSEC_PER_MSEC);
	a = net_ipv4_addr();
	printf("echo: ready on %u.%u.%u.%u port %u\n", a >> 24,
	       (a >> 16) & 0xff, (a >> 8) & 0xff, a & 0xff, port);
	last_activity_ns = uni_now_ns();
	if (UNI_CFG_VAR(echo, idle_s) > 0)
		on_idle(&idle_timer, NULL);
	status = uni_loop_run();
	printf("echo: %llu datagrams, %llu connections, %llu sends failed\n",
	       (unsigned long long)datagrams, (unsigned long long)connections,
	       (unsigned long long)send_failed);
	return status;
}
