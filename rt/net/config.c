/* SPDX-License-Identifier: ISC */
/*
 * The configuration keys of the network interfaces net0 and net1. The
 * driver-prune pass keeps every driver that a <if>.driver key names; a
 * device binds to the first free interface whose driver key names its
 * driver. net0.dhcp enables the DHCP client on net0 (and, folded to false,
 * lets protocol-prune drop it); otherwise <if>.ipv4 and <if>.gateway give a
 * static address; net0.ipv4 = off leaves net0 without IPv4 (protocol-prune
 * then drops IPv4, ARP and ICMP). net1 is off (driver none) unless configured;
 * it has no DHCP client.
 */
#include "uni/config.h"

UNI_CONFIG_STRING(net0, driver, "virtio-net",
		  "the driver of net0: virtio-net (kvm), netfront (xen), "
		  "tap (linux) or none");
UNI_CONFIG_BOOL(net0, dhcp, false,
		"get net0's address from DHCP instead of net0.ipv4");
UNI_CONFIG_IPV4_MODE(net0, ipv4, "10.0.2.15/24",
		     "static address and prefix length of net0 (without "
		     "DHCP); off: no IPv4 on net0 (IPv6 only: no DHCP, ARP "
		     "nor IPv4 code in the image)");
UNI_CONFIG_IPV4(net0, gateway, 10, 0, 2, 2, 32,
		"default gateway of net0 (without DHCP); 0.0.0.0 for none");
UNI_CONFIG_MAC(net0, mac, 0, 0, 0, 0, 0, 0,
	       "MAC address of net0; all zero takes the device's own");
UNI_CONFIG_INT(net0, dhcp_retry_ms, 4000, 100, 60000,
	       "first DHCP retransmission delay in ms (doubles up to 64 s)");
UNI_CONFIG_IPV6_MODE(net0, ipv6, "off",
		     "IPv6 on net0: auto (SLAAC from Router Advertisements), "
		     "static ADDR/LEN, or off (no IPv6 code in the image)");
UNI_CONFIG_STRING(net0, ipv6_secret, "",
		  "RFC 7217 secret of net0's stable IPv6 interface "
		  "identifiers; empty: derived from the MAC (stable, but "
		  "predictable from it)");
UNI_CONFIG_BOOL(
    net0, rx_csum_offload, false,
    "let the device validate received checksums (virtio GUEST_CSUM)");

UNI_CONFIG_STRING(net1, driver, "none",
		  "the driver of net1 (none: no second interface)");
UNI_CONFIG_IPV4(net1, ipv4, 0, 0, 0, 0, 0,
		"static address and prefix length of net1");
UNI_CONFIG_IPV4(net1, gateway, 0, 0, 0, 0, 32,
		"default gateway of net1; 0.0.0.0 for none");
UNI_CONFIG_MAC(net1, mac, 0, 0, 0, 0, 0, 0,
	       "MAC address of net1; all zero takes the device's own");

/* ARP (rt/net/arp.c): the neighbour states of Linux's NUD and its queue. */
UNI_CONFIG_INT(arp, reachable_ms, 30000, 100, 3600000,
	       "ms an ARP entry stays confirmed after a reply or TCP's "
	       "forward progress (then it is stale and refreshed by unicast "
	       "probes on its next use)");
UNI_CONFIG_INT(arp, stale_ms, 60000, 100, 86400000,
	       "ms a stale ARP entry is kept while nothing is sent to it");
UNI_CONFIG_INT(arp, delay_ms, 5000, 0, 60000,
	       "ms a used stale entry waits for a confirmation before the "
	       "first unicast probe");
UNI_CONFIG_INT(arp, retry_ms, 1000, 10, 60000,
	       "ms between ARP requests for one address");
UNI_CONFIG_INT(arp, probes, 3, 1, 10,
	       "ARP requests for an address before it is given up");
UNI_CONFIG_INT(arp, queue, 64, 1, 1024,
	       "frames held per next hop while its MAC is asked for; more are "
	       "dropped and counted");
