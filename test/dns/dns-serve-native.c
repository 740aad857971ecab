/* SPDX-License-Identifier: ISC */
/*
 * Serves dns_answer() on a loopback UDP port, for the differential test
 * against NSD: dns-serve-native [-n] PORT ORIGIN=FILE... (-n: no memo).
 * Prints "ready" once listening; prints the counters on SIGTERM/SIGINT.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "dns/server.h"
#include "zonefile.h"

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static int open_socket(int port)
{
	struct sockaddr_in a = {0};
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	a.sin_family = AF_INET;
	a.sin_port = htons((uint16_t)port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof(a)) != 0) {
		perror("bind");
		exit(1);
	}
	return fd;
}

static void serve(int fd, struct dns_server *srv)
{
	uint8_t q[65536], r[65536];
	struct sockaddr_in from;
	socklen_t fl;

	while (!stop) {
		fl = sizeof(from);
		ssize_t n = recvfrom(fd, q, sizeof(q), 0,
				     (struct sockaddr *)&from, &fl);
		if (n < 0)
			continue;
		size_t len = dns_answer(srv, q, (size_t)n, r, sizeof(r));
		if (len > 0)
			sendto(fd, r, len, 0, (struct sockaddr *)&from, fl);
	}
}

int main(int argc, char **argv)
{
	struct dns_server_opts opts = {0};
	struct dns_zone_set set;
	struct dns_server srv;
	int a = 1;

	if (a < argc && strcmp(argv[a], "-n") == 0) {
		opts.no_memo = 1;
		a++;
	}
	if (argc - a < 2) {
		fprintf(stderr, "usage: %s [-n] PORT ORIGIN=FILE...\n",
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
	int fd = open_socket(port);
	printf("ready\n");
	fflush(stdout);
	serve(fd, &srv);
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
	return 0;
}
