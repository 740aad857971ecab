/* SPDX-License-Identifier: ISC */
/*
 * The API of the stack's I/O edge (rt/net/iface.c) that the protocol
 * descriptors name in their api arrays (rt/include/uni/protocol.h). The
 * native tests link the sans-I/O stack without iface.c and never call
 * these; each stops the test with a message if one is reached.
 */
#include <stdio.h>
#include <stdlib.h>

#include "uni/net.h"

static void not_here(const char *fn)
{
	fprintf(stderr, "%s: expected no call from a native test of rt/net\n",
		fn);
	abort();
}

void uni_netdev_receive(struct uni_netdev *dev, const uint8_t *frame,
			size_t len)
{
	not_here(__func__);
}

int udp_bind(uint16_t port, udp_recv_fn fn, void *arg)
{
	not_here(__func__);
	return -1;
}

int udp_send(uint16_t src_port, const struct udp_endpoint *to, const void *data,
	     size_t len)
{
	not_here(__func__);
	return -1;
}
