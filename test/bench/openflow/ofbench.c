/* SPDX-License-Identifier: ISC */
/*
 * A cbench-style load generator for OpenFlow 1.0 controllers: it emulates
 * N switches, each connecting to the controller, answering its handshake
 * (FEATURES_REPLY, ECHO, BARRIER), then sending PACKET_INs of Ethernet
 * frames between distinct MAC addresses, and counts the PACKET_INs the
 * controller answers per second: a FLOW_MOD or a PACKET_OUT that names
 * the PACKET_IN's buffer_id answers it (each PACKET_IN has its own, so a
 * controller that sends both counts once).
 *
 * Each switch has M hosts (M even), host i on port 1 + (i & 1); packet k
 * goes from host k % M to host (k + 1) % M, so once every host has been
 * seen, a learning switch knows each destination on the other port and
 * installs a flow. The first loop is a warm-up: its figure is left out.
 *
 * Modes, as cbench's:
 *   latency (default): one PACKET_IN outstanding per switch; the next
 *       goes when it is answered (or after 200 ms unanswered: lost).
 *   throughput (-t): each switch keeps up to -w PACKET_INs outstanding,
 *       written as fast as the socket takes them (the batch mode).
 *
 *   ofbench [-t] [-c HOST] [-p PORT] [-s SWITCHES] [-M HOSTS] [-m MS]
 *           [-l LOOPS] [-w WINDOW]
 *
 * Prints one line per loop and a last line
 *   ofbench: mode=M switches=N responses_per_s=R latency_us=L lost=X
 * (R and L over the loops after the warm-up; L the mean time from a
 * PACKET_IN to its answer). Exits 1 when a switch could not connect or
 * no PACKET_IN was answered.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "openflow/stream.h"
#include "openflow/wire.h"

#define MAX_SWITCHES 256
#define OUT_CAP (256 * 1024)
#define LOST_NS (200 * 1000000ull)
#define RING 1024 /* > the largest window */

struct sw {
	int fd;
	bool ready; /* FEATURES_REPLY sent */
	uint64_t dpid;
	uint32_t next_buffer, answered_upto; /* buffer ids: 1, 2, ... */
	uint64_t k;			     /* packets sent */
	uint64_t answered, lost;
	uint64_t sent_ns[RING]; /* send times, by buffer id % RING */
	uint64_t lat_ns, lat_n;
	size_t out_len;
	uint8_t out[OUT_CAP];
	struct of_stream in;
};

static struct sw *sws;
static int n_sw = 16, hosts = 100, ms = 1000, loops = 6, window = 64;
static bool throughput;

static uint64_t now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000000000ull + (uint64_t)t.tv_nsec;
}

static void die(const char *what)
{
	fprintf(stderr, "ofbench: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void queue(struct sw *s, const uint8_t *p, size_t n)
{
	if (s->out_len + n > OUT_CAP) {
		fprintf(stderr, "ofbench: switch %llu: output full\n",
			(unsigned long long)s->dpid);
		exit(1);
	}
	memcpy(s->out + s->out_len, p, n);
	s->out_len += n;
}

static void flush(struct sw *s)
{
	ssize_t n;

	while (s->out_len > 0) {
		n = write(s->fd, s->out, s->out_len);
		if (n < 0) {
			if (errno == EAGAIN || errno == EINTR)
				return;
			die("write");
		}
		memmove(s->out, s->out + n, s->out_len - (size_t)n);
		s->out_len -= (size_t)n;
	}
}

static void mac_of(const struct sw *s, uint64_t host, uint8_t *mac)
{
	mac[0] = 0x02; /* locally administered, unicast */
	mac[1] = (uint8_t)(s->dpid >> 8);
	mac[2] = (uint8_t)s->dpid;
	mac[3] = (uint8_t)(host >> 16);
	mac[4] = (uint8_t)(host >> 8);
	mac[5] = (uint8_t)host;
}

static void send_packet_in(struct sw *s, uint64_t t)
{
	uint8_t frame[60] = {0}, msg[OF_PACKET_IN_LEN + 60];
	uint64_t src = s->k % (uint64_t)hosts,
		 dst = (s->k + 1) % (uint64_t)hosts;
	struct of_packet_in pi;

	mac_of(s, dst, frame);
	mac_of(s, src, frame + 6);
	frame[12] = 0x08; /* IPv4 */
	pi.buffer_id = ++s->next_buffer;
	pi.total_len = sizeof(frame);
	pi.in_port = (uint16_t)(1 + (src & 1));
	pi.reason = OFPR_NO_MATCH;
	pi.data = bytes_make(frame, sizeof(frame));
	queue(s, msg, of_emit_packet_in(msg, pi.buffer_id, &pi));
	s->sent_ns[pi.buffer_id % RING] = t;
	s->k++;
}

static void answer(struct sw *s, uint32_t buffer, uint64_t t)
{
	if (buffer == OFP_NO_BUFFER || buffer <= s->answered_upto ||
	    buffer > s->next_buffer)
		return; /* counted already, or not ours */
	s->answered_upto = buffer;
	s->answered++;
	if (!throughput) {
		s->lat_ns += t - s->sent_ns[buffer % RING];
		s->lat_n++;
	}
}

static void on_message(struct sw *s, struct bytes m, uint64_t t)
{
	uint8_t buf[256];
	struct of_header h;
	struct of_features f = {.datapath_id = s->dpid,
				.n_buffers = 256,
				.n_tables = 1,
				.capabilities = 0,
				.actions = 1};
	struct of_phy_port ports[2] = {{.port_no = 1, .name = "p1"},
				       {.port_no = 2, .name = "p2"}};
	struct of_flow_mod fm;
	struct of_packet_out po;

	of_check_header(m, &h);
	switch (h.type) {
	case OFPT_FEATURES_REQUEST:
		queue(s, buf, of_emit_features_reply(buf, h.xid, &f, ports, 2));
		s->ready = true;
		break;
	case OFPT_ECHO_REQUEST:
		queue(s, buf,
		      of_emit_echo(buf, OFPT_ECHO_REPLY, h.xid,
				   bytes_make(NULL, 0)));
		break;
	case OFPT_BARRIER_REQUEST:
		queue(s, buf,
		      of_emit_header(buf, OFPT_BARRIER_REPLY, 8, h.xid));
		break;
	case OFPT_FLOW_MOD:
		if (of_parse_flow_mod(m, &fm) == OF_OK)
			answer(s, fm.buffer_id, t);
		break;
	case OFPT_PACKET_OUT:
		if (of_parse_packet_out(m, &po) == OF_OK)
			answer(s, po.buffer_id, t);
		break;
	default:
		break;
	}
}

static void on_readable(struct sw *s, uint64_t t)
{
	struct bytes m;
	ssize_t n;

	for (;;) {
		size_t room = of_stream_room(&s->in);

		n = read(s->fd, of_stream_tail(&s->in), room);
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			break;
		if (n <= 0) {
			fprintf(stderr,
				"ofbench: switch %llu: the controller "
				"closed the connection\n",
				(unsigned long long)s->dpid);
			exit(1);
		}
		of_stream_added(&s->in, (size_t)n);
		enum of_stream_result r;
		while ((r = of_stream_next(&s->in, &m)) == OF_STREAM_MESSAGE)
			on_message(s, m, t);
		if (r == OF_STREAM_BROKEN) {
			fprintf(stderr, "ofbench: a message shorter than its "
					"header\n");
			exit(1);
		}
	}
}

/* Sends what the mode allows: one outstanding, or up to the window. */
static void feed(struct sw *s, uint64_t t)
{
	uint64_t outstanding = s->next_buffer - s->answered_upto;

	if (!s->ready)
		return;
	if (!throughput) {
		if (outstanding > 0 &&
		    t - s->sent_ns[s->next_buffer % RING] > LOST_NS) {
			s->lost++;
			s->answered_upto = s->next_buffer; /* give up on it */
			outstanding = 0;
		}
		if (outstanding == 0)
			send_packet_in(s, t);
	} else {
		while (outstanding < (uint64_t)window &&
		       s->out_len + 128 < OUT_CAP) {
			send_packet_in(s, t);
			outstanding++;
		}
	}
	flush(s);
}

static void connect_all(const char *host, int port)
{
	struct sockaddr_in a = {.sin_family = AF_INET,
				.sin_port = htons((uint16_t)port)};
	uint8_t hello[8];
	int one = 1;

	if (inet_pton(AF_INET, host, &a.sin_addr) != 1) {
		fprintf(stderr, "ofbench: expected an IPv4 address, found %s\n",
			host);
		exit(2);
	}
	for (int i = 0; i < n_sw; i++) {
		struct sw *s = &sws[i];

		s->fd = socket(AF_INET, SOCK_STREAM, 0);
		if (s->fd < 0 ||
		    connect(s->fd, (struct sockaddr *)&a, sizeof(a)) != 0)
			die("connect");
		setsockopt(s->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
		fcntl(s->fd, F_SETFL, O_NONBLOCK);
		s->dpid = (uint64_t)i + 1;
		of_stream_init(&s->in);
		queue(s, hello, of_emit_hello(hello, 1));
		flush(s);
	}
}

/* Runs the loop for dur_ns; returns the answers in that time. */
static uint64_t run_for(uint64_t dur_ns)
{
	static struct pollfd pfd[MAX_SWITCHES];
	uint64_t start = now_ns(), end = start + dur_ns, before = 0, after = 0;

	for (int i = 0; i < n_sw; i++)
		before += sws[i].answered;
	for (uint64_t t = start; t < end; t = now_ns()) {
		for (int i = 0; i < n_sw; i++) {
			pfd[i].fd = sws[i].fd;
			pfd[i].events = POLLIN | (sws[i].out_len ? POLLOUT : 0);
		}
		if (poll(pfd, (nfds_t)n_sw, 10) < 0 && errno != EINTR)
			die("poll");
		t = now_ns();
		for (int i = 0; i < n_sw; i++) {
			if (pfd[i].revents & (POLLIN | POLLHUP | POLLERR))
				on_readable(&sws[i], t);
			feed(&sws[i], t);
		}
	}
	for (int i = 0; i < n_sw; i++)
		after += sws[i].answered;
	return after - before;
}

static int usage(void)
{
	fprintf(stderr, "usage: ofbench [-t] [-c HOST] [-p PORT] [-s SWITCHES] "
			"[-M HOSTS] [-m MS] [-l LOOPS] [-w WINDOW]\n");
	return 2;
}

static int number(const char *s, int lo, int hi, const char *what)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (*s == '\0' || *end != '\0' || v < lo || v > hi) {
		fprintf(stderr, "ofbench: %s: expected %d to %d, found '%s'\n",
			what, lo, hi, s);
		exit(2);
	}
	return (int)v;
}

int main(int argc, char **argv)
{
	const char *host = "127.0.0.1";
	int port = OFP_TCP_PORT, c;
	uint64_t total = 0, lat = 0, lat_n = 0, lost = 0;

	while ((c = getopt(argc, argv, "tc:p:s:M:m:l:w:")) != -1) {
		switch (c) {
		case 't':
			throughput = true;
			break;
		case 'c':
			host = optarg;
			break;
		case 'p':
			port = number(optarg, 1, 65535, "-p");
			break;
		case 's':
			n_sw = number(optarg, 1, MAX_SWITCHES, "-s");
			break;
		case 'M':
			hosts = number(optarg, 2, 1 << 24, "-M") & ~1;
			break;
		case 'm':
			ms = number(optarg, 10, 600000, "-m");
			break;
		case 'l':
			loops = number(optarg, 2, 1000, "-l");
			break;
		case 'w':
			window = number(optarg, 1, RING - 1, "-w");
			break;
		default:
			return usage();
		}
	}
	if (optind != argc)
		return usage();
	sws = calloc((size_t)n_sw, sizeof(*sws));
	if (sws == NULL)
		die("calloc");
	connect_all(host, port);
	for (int l = 0; l < loops; l++) {
		uint64_t n = run_for((uint64_t)ms * 1000000ull);

		printf("loop %d%s: %.1f responses/s\n", l,
		       l == 0 ? " (warm-up)" : "", (double)n * 1000.0 / ms);
		if (l == 0) {
			for (int i = 0; i < n_sw; i++)
				sws[i].lat_ns = sws[i].lat_n = sws[i].lost = 0;
			continue;
		}
		total += n;
	}
	for (int i = 0; i < n_sw; i++) {
		lat += sws[i].lat_ns;
		lat_n += sws[i].lat_n;
		lost += sws[i].lost;
	}
	printf("ofbench: mode=%s switches=%d responses_per_s=%.1f "
	       "latency_us=%.1f lost=%llu\n",
	       throughput ? "throughput" : "latency", n_sw,
	       (double)total * 1000.0 / ((double)ms * (loops - 1)),
	       lat_n ? (double)lat / (double)lat_n / 1000.0 : 0.0,
	       (unsigned long long)lost);
	return total > 0 ? 0 : 1;
}
