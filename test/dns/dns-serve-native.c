/* SPDX-License-Identifier: ISC */
/*
 * Serves dns_answer() on a loopback UDP port and the TCP session of
 * rt/dns/tcp_session.c on the same TCP port, for the differential tests
 * against NSD: dns-serve-native [-n] [-x] PORT ORIGIN=FILE... (-n: no
 * memo; -x: zone transfers allowed, as NSD's provide-xfr for 127.0.0.1).
 * Prints "ready" once listening; prints the counters on SIGTERM/SIGINT.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "dns/server.h"
#include "dns/tcp_session.h"
#include "zonefile.h"

#define CONNS_MAX 64

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static int open_socket(int port, int type)
{
	struct sockaddr_in a = {0};
	int fd = socket(AF_INET, type, 0), one = 1;

	a.sin_family = AF_INET;
	a.sin_port = htons((uint16_t)port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd >= 0 && type == SOCK_STREAM)
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof(a)) != 0 ||
	    (type == SOCK_STREAM && listen(fd, 16) != 0)) {
		perror("bind");
		exit(1);
	}
	fcntl(fd, F_SETFL, O_NONBLOCK);
	return fd;
}

static void udp_query(int fd, struct dns_server *srv)
{
	static uint8_t q[65536], r[65536];
	struct sockaddr_in from;
	socklen_t fl = sizeof(from);
	ssize_t n =
	    recvfrom(fd, q, sizeof(q), 0, (struct sockaddr *)&from, &fl);

	if (n < 0)
		return;
	size_t len = dns_answer(srv, q, (size_t)n, r, sizeof(r));
	if (len > 0)
		sendto(fd, r, len, 0, (struct sockaddr *)&from, fl);
}

struct conn {
	int fd; /* -1: free */
	int eof;
	struct dns_tcp t;
};

static struct conn conns[CONNS_MAX];

static void conn_close(struct conn *c)
{
	dns_tcp_fini(&c->t);
	close(c->fd);
	c->fd = -1;
}

/* Sends what the session has queued; 0 when the socket is full. */
static int flush(struct conn *c)
{
	const uint8_t *p;
	size_t len;

	while ((p = dns_tcp_send_buf(&c->t, &len)) != NULL && len > 0) {
		ssize_t n = send(c->fd, p, len, MSG_NOSIGNAL);
		if (n <= 0)
			return 0;
		dns_tcp_sent(&c->t, (size_t)n);
	}
	return 1;
}

/* Reads while the session takes input, answering as it goes. */
static void conn_io(struct conn *c)
{
	uint8_t *p;
	size_t room;

	while (flush(c) && (p = dns_tcp_recv_buf(&c->t, &room)) != NULL &&
	       room > 0) {
		ssize_t n = recv(c->fd, p, room, 0);
		if (n == 0)
			c->eof = 1;
		if (n <= 0)
			break;
		dns_tcp_received(&c->t, (size_t)n);
	}
	if (dns_tcp_closing(&c->t) || (c->eof && !dns_tcp_sending(&c->t)))
		conn_close(c);
}

static void accept_conn(int lfd, struct dns_server *srv, int xfr)
{
	int fd = accept(lfd, NULL, NULL);

	if (fd < 0)
		return;
	for (int i = 0; i < CONNS_MAX; i++) {
		if (conns[i].fd >= 0)
			continue;
		fcntl(fd, F_SETFL, O_NONBLOCK);
		conns[i].fd = fd;
		conns[i].eof = 0;
		dns_tcp_init(&conns[i].t, srv, xfr);
		return;
	}
	close(fd);
}

static void serve(int ufd, int lfd, struct dns_server *srv, int xfr)
{
	struct pollfd pf[2 + CONNS_MAX];

	for (int i = 0; i < CONNS_MAX; i++)
		conns[i].fd = -1;
	while (!stop) {
		pf[0] = (struct pollfd){ufd, POLLIN, 0};
		pf[1] = (struct pollfd){lfd, POLLIN, 0};
		for (int i = 0; i < CONNS_MAX; i++) {
			size_t len;
			dns_tcp_send_buf(&conns[i].t, &len);
			pf[2 + i] = (struct pollfd){
			    conns[i].fd, (short)(len > 0 ? POLLOUT : POLLIN),
			    0};
		}
		if (poll(pf, 2 + CONNS_MAX, -1) < 0)
			continue;
		if (pf[0].revents & POLLIN)
			udp_query(ufd, srv);
		if (pf[1].revents & POLLIN)
			accept_conn(lfd, srv, xfr);
		for (int i = 0; i < CONNS_MAX; i++)
			if (conns[i].fd >= 0 && pf[2 + i].revents != 0)
				conn_io(&conns[i]);
	}
}

int main(int argc, char **argv)
{
	struct dns_server_opts opts = {0};
	struct dns_zone_set set;
	struct dns_server srv;
	int a = 1, xfr = 0;

	if (a < argc && strcmp(argv[a], "-n") == 0) {
		opts.no_memo = 1;
		a++;
	}
	if (a < argc && strcmp(argv[a], "-x") == 0) {
		xfr = 1;
		a++;
	}
	if (argc - a < 2) {
		fprintf(stderr, "usage: %s [-n] [-x] PORT ORIGIN=FILE...\n",
			argv[0]);
		return 2;
	}
	int port = atoi(argv[a++]);
	set.n = (size_t)(argc - a);
	set.zones = calloc(set.n, sizeof(*set.zones));
	uint8_t **blobs = calloc(set.n, sizeof(*blobs));
	for (size_t i = 0; i < set.n; i++) {
		char *eq = strchr(argv[a + (int)i], '=');
		if (eq == NULL) {
			fprintf(stderr, "expected ORIGIN=FILE, found %s\n",
				argv[a + (int)i]);
			return 2;
		}
		*eq = '\0';
		if (load_zone_file(argv[a + (int)i], eq + 1, &set.zones[i],
				   &blobs[i]) != 0)
			return 1;
	}
	if (dns_server_init(&srv, &set, &opts) != 0)
		return 1;
	struct sigaction sa = {0};
	sa.sa_handler = on_signal; /* no SA_RESTART: recvfrom returns */
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	int fd = open_socket(port, SOCK_DGRAM);
	int lfd = open_socket(port, SOCK_STREAM);
	printf("ready\n");
	fflush(stdout);
	serve(fd, lfd, &srv, xfr);
	dns_stats_print(&srv.stats);
	fflush(stdout);
	dns_server_fini(&srv);
	for (size_t i = 0; i < set.n; i++) {
		dns_zone_free(&set.zones[i]);
		free(blobs[i]);
	}
	free(set.zones);
	free(blobs);
	close(fd);
	close(lfd);
	return 0;
}
