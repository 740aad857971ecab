/* SPDX-License-Identifier: ISC */
/*
 * The interfaces of rt/net/iface.c as the stack's other I/O edges see
 * them (rt/net/tcp_glue.c): which interface owns an address, which one a
 * packet to a destination leaves by, their MTU, and a hook that
 * net_print_stats() calls after the interfaces' counters. iface.c names no
 * protocol above UDP: a protocol that is in the image sets the hook, so
 * that one that is pruned leaves nothing behind.
 */
#ifndef NET_IFACE_H
#define NET_IFACE_H

#include <stdint.h>

#include "net/netif.h"

/* The interface that is up and has the address addr (host order), or NULL. */
struct netif *net_iface_by_addr(uint32_t addr);

/*
 * The interface a packet to dst leaves by (the rule of udp_send(): the
 * interface on dst's subnet, else the one whose input is being handled,
 * else the first with a gateway, else the first that is up), or NULL.
 */
struct netif *net_iface_route(uint32_t dst);

/* The same for IPv6 (NULL while no interface runs IPv6). */
struct netif *net_iface_by_addr6(const uint8_t *a);
struct netif *net_iface_route6(const uint8_t *dst);

/* The smallest IP MTU of the interfaces that are up; 0 while none is. */
unsigned net_iface_mtu(void);

/* Called by net_print_stats() after the interfaces' counters, when set. */
extern void (*net_stats_hook)(void);

#endif
