/* SPDX-License-Identifier: ISC */
/*
 * The netfront test appliance: answers each datagram to UDP port 53 with
 * the same bytes marked as a DNS response with NXDOMAIN (enough for
 * nslookup to stop retrying), and exits 0 after EXPECTED datagrams, or 1
 * when they do not come within the deadline. Ping is answered by the stack.
 */
#include <stdio.h>
#include <string.h>

#include "uni/net.h"
#include "uni/time.h"

#define EXPECTED 3
#define DEADLINE_NS (60 * UNI_NSEC_PER_SEC)
#define DNS_HEADER_LEN 12

static unsigned received;

static void on_datagram(void *arg, const struct udp_endpoint *from,
			uint16_t local_port, const uint8_t *data, size_t len)
{
	uint8_t reply[512];

	(void)arg;
	received++;
	printf("netfront: datagram %u from %u.%u.%u.%u:%u, %zu bytes\n",
	       received, from->addr >> 24, (from->addr >> 16) & 0xff,
	       (from->addr >> 8) & 0xff, from->addr & 0xff, from->port, len);
	if (len >= DNS_HEADER_LEN && len <= sizeof(reply)) {
		memcpy(reply, data, len);
		reply[2] |= 0x80; /* QR: a response */
		reply[3] = (uint8_t)((reply[3] & 0x70) | 3); /* NXDOMAIN */
		udp_send(local_port, from, reply, len);
	}
	if (received == EXPECTED)
		uni_loop_stop(0);
}

static void on_deadline(struct uni_timer *t, void *arg)
{
	(void)t;
	(void)arg;
	printf("netfront: expected %u datagrams within %llu s, got %u\n",
	       EXPECTED, DEADLINE_NS / UNI_NSEC_PER_SEC, received);
	uni_loop_stop(1);
}

int main(void)
{
	static struct uni_timer deadline;
	int status;

	if (udp_bind(53, on_datagram, NULL) != NET_OK) {
		printf("netfront: cannot bind UDP port 53\n");
		return 1;
	}
	printf("netfront: listening on UDP port 53\n");
	uni_timer_start(&deadline, uni_now_ns() + DEADLINE_NS, on_deadline,
			NULL);
	status = uni_loop_run();
	net_print_stats();
	return status;
}
