/* SPDX-License-Identifier: ISC */
/*
 * The configuration keys of the authoritative DNS server (section dns):
 * the zones compiled into the image, the UDP port, memoisation, and an
 * optional control port for the counters. An appliance that serves DNS
 * (configs/dns/) reads them; in any other image they fold away unused.
 */
#include "uni/data.h"

UNI_CONFIG_DATA(dns, zone, "dns-zone",
		"zone files to serve (RFC 1035 master files, blank- or "
		"comma-separated, relative to the configuration file); "
		"compiled into the image at build time");
UNI_CONFIG_INT(dns, port, 53, 1, 65535, "UDP port the server answers on");
UNI_CONFIG_BOOL(dns, memo, true,
		"reuse the encoded answer to a repeated question "
		"(memoisation)");
UNI_CONFIG_INT(dns, memo_slots, 1024, 16, 65536,
	       "answers the memo keeps (with dns.memo)");
UNI_CONFIG_INT(dns, control_port, 0, 0, 65535,
	       "UDP port on which a datagram \"stats\" prints the counters "
	       "and \"quit\" also stops the server; 0: none");
