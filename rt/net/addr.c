/* SPDX-License-Identifier: ISC */
/*
 * The address of an interface, set by the configuration or by DHCP and
 * announced by gratuitous ARP as soon as there is one. Above ARP, below
 * DHCP and the interfaces (iface.c) that set it.
 */
#include "net/netif.h"

void net_if_set_addr(struct netif *nif, uint64_t now_ns, uint32_t addr,
		     uint32_t netmask, uint32_t gateway)
{
	nif->addr = addr;
	nif->netmask = netmask;
	nif->gateway = gateway;
	if (addr != 0)
		arp_announce(nif);
}
