/* SPDX-License-Identifier: ISC */
/*
 * The Linux-VM peer of the TCP bench: the services of the bench appliance
 * (test/net/tcp-serve.c built with tcpserve.check=false) on Linux sockets,
 * one thread, epoll, so that one client measures both the same way:
 *   7   echo
 *   9   discard: at the peer's FIN answers "<count> -\n" and closes
 *   19  source: reads "<count>\n", sends count zero bytes, closes
 *   21  the same as 19 (the appliance sends these by reference: Linux
 *       has only its send(), which copies)
 * Built static (gcc -static) into the VM's initramfs by linux-vm.sh.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

enum service { ECHO, DISCARD, SOURCE };

struct conn {
	int fd;
	enum service svc;
	uint64_t count, target;
	int sending;
	char line[32];
	size_t linelen;
	char pend[65536]; /* ECHO: bytes read, not yet written */
	size_t pendlen;
};

static int ep;

static void conn_free(struct conn *c)
{
	close(c->fd);
	free(c);
}

static int listen_on(int port)
{
	struct sockaddr_in a = {.sin_family = AF_INET,
				.sin_port = htons((uint16_t)port)};
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0), one = 1;

	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&a, sizeof(a)) || listen(fd, 1024)) {
		perror("bind/listen");
		exit(1);
	}
	return fd;
}

static void arm(struct conn *c, uint32_t events)
{
	struct epoll_event e = {.events = events, .data.ptr = c};

	epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &e);
}

/* Returns 0 when the connection is finished (freed). */
static int echo(struct conn *c)
{
	for (;;) {
		ssize_t n;

		if (c->pendlen > 0) {
			n = write(c->fd, c->pend, c->pendlen);
			if (n < 0)
				return errno == EAGAIN ? (arm(c, EPOLLOUT), 1)
						       : (conn_free(c), 0);
			memmove(c->pend, c->pend + n, c->pendlen - (size_t)n);
			c->pendlen -= (size_t)n;
			continue;
		}
		arm(c, EPOLLIN);
		n = read(c->fd, c->pend, sizeof(c->pend));
		if (n > 0) {
			c->pendlen = (size_t)n;
			continue;
		}
		if (n < 0 && errno == EAGAIN)
			return 1;
		conn_free(c);
		return 0;
	}
}

static int discard(struct conn *c)
{
	static char buf[1 << 16];
	char reply[48];
	ssize_t n;

	while ((n = read(c->fd, buf, sizeof(buf))) > 0)
		c->count += (uint64_t)n;
	if (n < 0 && errno == EAGAIN)
		return 1;
	n = snprintf(reply, sizeof(reply), "%llu -\n",
		     (unsigned long long)c->count);
	if (write(c->fd, reply, (size_t)n) < 0)
		perror("write");
	conn_free(c);
	return 0;
}

static int source(struct conn *c)
{
	static uint8_t buf[1 << 16];
	char ch;

	while (!c->sending) {
		ssize_t n = read(c->fd, &ch, 1);

		if (n < 0 && errno == EAGAIN)
			return 1;
		if (n <= 0 || c->linelen == sizeof(c->line) - 1) {
			conn_free(c);
			return 0;
		}
		if (ch == '\n') {
			c->line[c->linelen] = '\0';
			c->target = strtoull(c->line, NULL, 10);
			c->sending = 1;
			arm(c, EPOLLOUT);
		} else {
			c->line[c->linelen++] = ch;
		}
	}
	while (c->count < c->target) {
		size_t n = sizeof(buf);
		ssize_t w;

		if (c->target - c->count < n)
			n = (size_t)(c->target - c->count);
		w = write(c->fd, buf, n);
		if (w < 0)
			return errno == EAGAIN ? 1 : (conn_free(c), 0);
		c->count += (uint64_t)w;
	}
	conn_free(c);
	return 0;
}

int main(void)
{
	static const struct {
		int port;
		enum service svc;
	} ports[] = {{7, ECHO}, {9, DISCARD}, {19, SOURCE}, {21, SOURCE}};
	enum { NPORTS = sizeof(ports) / sizeof(ports[0]) };
	int lfd[NPORTS];
	struct epoll_event evs[64];

	ep = epoll_create1(0);
	for (int i = 0; i < NPORTS; i++) {
		struct epoll_event e = {.events = EPOLLIN,
					.data.u64 = (uint64_t)i};

		lfd[i] = listen_on(ports[i].port);
		epoll_ctl(ep, EPOLL_CTL_ADD, lfd[i], &e);
	}
	printf("tcp-peer: ready\n");
	fflush(stdout);
	for (;;) {
		int n = epoll_wait(ep, evs, 64, -1);

		for (int i = 0; i < n; i++) {
			struct conn *c;
			struct epoll_event e;
			int fd;

			if (evs[i].data.u64 < NPORTS) {
				int l = (int)evs[i].data.u64;

				while ((fd = accept4(lfd[l], NULL, NULL,
						     SOCK_NONBLOCK)) >= 0) {
					c = calloc(1, sizeof(*c));
					c->fd = fd;
					c->svc = ports[l].svc;
					e.events = EPOLLIN;
					e.data.ptr = c;
					epoll_ctl(ep, EPOLL_CTL_ADD, fd, &e);
				}
				continue;
			}
			c = evs[i].data.ptr;
			if (c->svc == ECHO)
				echo(c);
			else if (c->svc == DISCARD)
				discard(c);
			else
				source(c);
		}
	}
}
