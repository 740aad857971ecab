/* SPDX-License-Identifier: ISC */
/*
 * The configuration keys of the authoritative DNS server (section dns):
 * the zones compiled into the image, the port, memoisation, DNS over TCP
 * and zone transfers, and an optional control port for the counters. An
 * appliance that serves DNS (configs/dns/) reads them; in any other image
 * they fold away unused.
 */
#include "uni/data.h"

UNI_CONFIG_DATA(dns, zone, "dns-zone",
		"zone files to serve (RFC 1035 master files, blank- or "
		"comma-separated, relative to the configuration file); "
		"compiled into the image at build time");
UNI_CONFIG_INT(dns, port, 53, 1, 65535,
	       "port the server answers on (UDP, and TCP with dns.tcp)");
UNI_CONFIG_BOOL(dns, tcp, true,
		"also answer over TCP on dns.port (RFC 7766: pipelined "
		"queries answered in order, zone transfers); false leaves "
		"TCP out of the image");
UNI_CONFIG_INT(dns, tcp_idle_ms, 10000, 100, 3600000,
	       "close a TCP connection idle this long (RFC 7766 6.2.3); 200 "
	       "ms while more than half of dns.tcp_max_connections are open");
UNI_CONFIG_INT(dns, tcp_max_connections, 64, 1, 65535,
	       "TCP connections served at once; the next ones are closed "
	       "at once (keep it below tcp.max_connections)");
UNI_CONFIG_IP_LIST(dns, axfr_allow, "",
		   "clients that may transfer the zones over TCP (AXFR, "
		   "IXFR), as IPv4 prefixes a.b.c.d/len and IPv6 prefixes "
		   "ADDR/LEN separated by commas; empty: none (REFUSED)");
UNI_CONFIG_BOOL(dns, memo, true,
		"reuse the encoded answer to a repeated question "
		"(memoisation)");
UNI_CONFIG_INT(dns, memo_slots, 1024, 16, 65536,
	       "answers the memo keeps (with dns.memo)");
UNI_CONFIG_INT(dns, control_port, 0, 0, 65535,
	       "UDP port on which a datagram \"stats\" prints the counters "
	       "and \"quit\" also stops the server; 0: none");
UNI_CONFIG_BOOL(dns, rrl, true,
		"response rate limiting of UDP answers, as NSD's RRL; false "
		"leaves it out of the image");
UNI_CONFIG_INT(dns, rrl_ratelimit, 200, 0, 1000000,
	       "UDP responses a second to one client prefix for one kind and "
	       "name (NSD's rrl-ratelimit); 0: unlimited");
UNI_CONFIG_INT(dns, rrl_slip, 2, 0, 255,
	       "every n-th response over the rate is sent as a truncated "
	       "(TC) answer, the others are dropped (NSD's rrl-slip); 0: all "
	       "dropped");
UNI_CONFIG_INT(dns, rrl_ipv4_prefix_length, 24, 0, 32,
	       "IPv4 clients are counted per prefix of this length");
UNI_CONFIG_INT(dns, rrl_ipv6_prefix_length, 64, 0, 64,
	       "IPv6 clients are counted per prefix of this length");
UNI_CONFIG_INT(dns, rrl_whitelist_ratelimit, 2000, 0, 1000000,
	       "the rate for the kinds in dns.rrl_whitelist; 0: unlimited");
/* The kinds as dns_rrl_kinds_parse() (rrl.c) reads them. */
UNI_CONFIG_WORD_LIST(dns, rrl_whitelist, "",
		     "kinds of response limited by dns.rrl_whitelist_ratelimit "
		     "instead (NSD's rrl-whitelist)",
		     "nxdomain", "error", "referral", "any", "wildcard",
		     "nodata", "dnskey", "positive", "rrsig", "all");
UNI_CONFIG_INT(dns, rrl_size, 65536, 1, 16777216,
	       "buckets of the rate table (32 octets each, allocated at "
	       "boot); more make collisions rarer");
UNI_CONFIG_STRING(dns, secondary, "",
		  "zones served as a secondary, transferred (AXFR) from "
		  "dns.primary at start and refreshed by their SOA timers and "
		  "NOTIFY: names separated by commas; empty: none (the "
		  "secondary's code is then left out of the image)");
UNI_CONFIG_STRING(dns, primary, "",
		  "the primary of the dns.secondary zones: an IPv4 address "
		  "with an optional port, ADDR[#PORT] (port 53 without)");
UNI_CONFIG_STRING(dns, notify, "",
		  "secondaries sent a NOTIFY (RFC 1996) of every zone at "
		  "start: ADDR[#PORT] separated by commas; empty: none");
UNI_CONFIG_INT(dns, xfr_max_size, 16777216, 4096, 1073741824,
	       "octets a zone transfer may take, and the records it keeps; "
	       "a larger one is refused and retried");
UNI_CONFIG_INT(dns, xfr_max_records, 1000000, 1, 100000000,
	       "records a zone transfer may carry");
UNI_CONFIG_INT(dns, xfr_timeout_ms, 30000, 100, 3600000,
	       "a refresh of a secondary zone (connect, SOA query, transfer) "
	       "not done in this time fails and is retried");
