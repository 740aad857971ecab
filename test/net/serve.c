/* SPDX-License-Identifier: ISC */
/*
 * The appliance of netns-ping.sh: net0 answers ARP and ping by itself;
 * port 7 echoes datagrams; a datagram to port 9 ends the appliance, which
 * prints the stack's counters and exits 0.
 */
#include <stdio.h>

#include "uni/net.h"
#include "uni/time.h"

static void echo(void *arg, const struct udp_endpoint *from,
		 uint16_t local_port, const uint8_t *data, size_t len)
{
	udp_send(local_port, from, data, len);
}

static void quit(void *arg, const struct udp_endpoint *from,
		 uint16_t local_port, const uint8_t *data, size_t len)
{
	uni_loop_stop(0);
}

int main(void)
{
	if (udp_bind(7, echo, NULL) != NET_OK ||
	    udp_bind(9, quit, NULL) != NET_OK) {
		printf("serve: cannot bind ports 7 and 9\n");
		return 1;
	}
	printf("serve: ready\n");
	uni_loop_run();
	net_print_stats();
	return 0;
}
