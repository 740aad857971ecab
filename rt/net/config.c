/* SPDX-License-Identifier: ISC */
/*
 * The configuration keys of the first network interface, net0. The
 * driver-prune pass keeps the driver named by net0.driver; net0.dhcp
 * enables the DHCP client (and, folded to false, lets protocol-prune drop
 * it); otherwise net0.ipv4 and net0.gateway give a static address.
 */
#include "uni/config.h"

UNI_CONFIG_STRING(net0, driver, "virtio-net", "the driver of net0: virtio-net");
UNI_CONFIG_BOOL(net0, dhcp, false,
		"get net0's address from DHCP instead of net0.ipv4");
UNI_CONFIG_IPV4(net0, ipv4, 10, 0, 2, 15, 24,
		"static address and prefix length of net0 (without DHCP)");
UNI_CONFIG_IPV4(net0, gateway, 10, 0, 2, 2, 32,
		"default gateway of net0 (without DHCP); 0.0.0.0 for none");
UNI_CONFIG_MAC(net0, mac, 0, 0, 0, 0, 0, 0,
	       "MAC address of net0; all zero takes the device's own");
UNI_CONFIG_INT(net0, dhcp_retry_ms, 4000, 100, 60000,
	       "first DHCP retransmission delay in ms (doubles up to 64 s)");
UNI_CONFIG_BOOL(
    net0, rx_csum_offload, false,
    "let the device validate received checksums (virtio GUEST_CSUM)");
