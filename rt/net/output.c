/* SPDX-License-Identifier: ISC */
/*
 * What every protocol of the stack sends and counts through: frame output
 * (padded to the 60-octet minimum: virtio and QEMU do not pad; a full
 * device queue is a counted drop, returned as NET_EAGAIN so that the
 * sender can treat it as local congestion and retry) and the drop counters
 * of an interface.
 * Below the protocols and the interface's input and tick (netif.c); so
 * are the pointers through which UDP, TCP and the interface reach IPv6.
 */
#include <string.h>

#include "net/netif.h"

const struct net_ipv6_ops *net_ipv6;
void (*net_ipv6_tcp_input)(struct netif *nif, uint64_t now_ns,
			   const uint8_t *src, const uint8_t *dst,
			   struct bytes seg);

void net_count_drop(struct netif *nif, enum net_drop why)
{
	if ((unsigned)why < NET_DROP_COUNT)
		nif->drops[why]++;
}

int net_output_frame(struct netif *nif, uint8_t *frame, size_t len)
{
	if (len < ETH_MIN_FRAME) {
		memset(frame + len, 0, ETH_MIN_FRAME - len);
		len = ETH_MIN_FRAME;
	}
	if (nif->output(nif->output_ctx, frame, len) != 0) {
		net_count_drop(nif, NET_DROP_TX_FULL);
		return NET_EAGAIN;
	}
	nif->tx_frames++;
	return NET_OK;
}
