/* SPDX-License-Identifier: ISC */
/*
 * Why a frame was dropped: the closed list of reasons, shared by the wire
 * checks (which return one) and the stack (which counts each in its own
 * counter). NET_DROP_NONE means the frame passed.
 */
#ifndef NET_DROP_H
#define NET_DROP_H

#define NET_DROP_REASONS(X)                                                    \
	X(NONE, "none")                                                        \
	X(ETH_SHORT, "ethernet: shorter than its header")                      \
	X(ETH_NOT_US, "ethernet: destination is another host")                 \
	X(ETH_BAD_SRC, "ethernet: source is a group (multicast) address")      \
	X(ETH_VLAN, "ethernet: VLAN-tagged (802.1Q/802.1ad), no VLAN here")    \
	X(ETH_TYPE, "ethernet: no handler for the EtherType")                  \
	X(ARP_SHORT, "arp: shorter than an Ethernet/IPv4 ARP packet")          \
	X(ARP_FORMAT, "arp: not Ethernet/IPv4 (htype/ptype/hlen/plen)")        \
	X(ARP_OP, "arp: operation is neither request nor reply")               \
	X(ARP_NOT_US, "arp: target address is not ours")                       \
	X(ARP_BAD_SENDER, "arp: sender address is broadcast/multicast/ours")   \
	X(ARP_CONFLICT, "arp: another host claims our IPv4 address")           \
	X(ARP_QUEUE_FULL, "arp: no room to queue a packet for resolution")     \
	X(ARP_UNRESOLVED, "arp: next hop did not answer, packet dropped")      \
	X(IP_SHORT, "ipv4: shorter than the minimum header")                   \
	X(IP_VERSION, "ipv4: version is not 4")                                \
	X(IP_IHL, "ipv4: header length below 20 or past the buffer")           \
	X(IP_TOTLEN, "ipv4: total length below header or past the buffer")     \
	X(IP_CSUM, "ipv4: bad header checksum")                                \
	X(IP_FRAGMENT, "ipv4: fragment (reassembly is not supported)")         \
	X(IP_NOT_US, "ipv4: destination is not ours")                          \
	X(IP_BAD_SRC,                                                          \
	  "ipv4: martian source (broadcast/multicast/loopback/ours)")          \
	X(IP_PROTO, "ipv4: no handler for the protocol")                       \
	X(IP_NO_ROUTE, "ipv4: no route to the destination")                    \
	X(ICMP_SHORT, "icmp: shorter than its header")                         \
	X(ICMP_CSUM, "icmp: bad checksum")                                     \
	X(ICMP_TYPE, "icmp: type not handled")                                 \
	X(ICMP_BROADCAST, "icmp: echo request to a broadcast address")         \
	X(ICMP_TOO_BIG, "icmp: echo request too large to answer in one frame") \
	X(ICMP_ERROR_IN,                                                       \
	  "icmp: error message received (counted, not answered)")              \
	X(ICMP_RATE, "icmp: error not sent, over the rate limit")              \
	X(UDP_SHORT, "udp: shorter than its header")                           \
	X(UDP_LEN, "udp: length field below 8 or past the IP payload")         \
	X(UDP_CSUM, "udp: bad checksum")                                       \
	X(UDP_PORT, "udp: nothing bound to the destination port")              \
	X(DHCP_SHORT, "dhcp: shorter than a BOOTP message")                    \
	X(DHCP_FORMAT, "dhcp: not a BOOTP reply for Ethernet, or bad cookie")  \
	X(DHCP_OPTIONS, "dhcp: option runs past the end of the message")       \
	X(DHCP_UNEXPECTED, "dhcp: wrong xid, type or state for this message")  \
	X(IP6_SHORT, "ipv6: shorter than its header")                          \
	X(IP6_VERSION, "ipv6: version is not 6")                               \
	X(IP6_PLEN, "ipv6: payload length past the buffer")                    \
	X(IP6_NOT_US, "ipv6: destination is not ours (nor a group we joined)") \
	X(IP6_BAD_SRC, "ipv6: martian source (multicast/loopback/ours/::)")    \
	X(IP6_TENTATIVE, "ipv6: destination is a tentative address (DAD)")     \
	X(IP6_EXT, "ipv6: extension header truncated or too many (over 8)")    \
	X(IP6_OPTION, "ipv6: unrecognized option whose type says discard")     \
	X(IP6_ROUTING,                                                         \
	  "ipv6: routing header with segments left (not a router)")            \
	X(IP6_FRAGMENT, "ipv6: fragment (reassembly is not supported)")        \
	X(IP6_NO_NEXT, "ipv6: no next header")                                 \
	X(IP6_PROTO, "ipv6: no handler for the next header")                   \
	X(IP6_NO_ROUTE, "ipv6: no route to the destination")                   \
	X(ICMP6_SHORT, "icmpv6: shorter than its header")                      \
	X(ICMP6_CSUM, "icmpv6: bad checksum")                                  \
	X(ICMP6_TYPE, "icmpv6: informational type not handled")                \
	X(ICMP6_ERROR_IN,                                                      \
	  "icmpv6: error message received (counted, not answered)")            \
	X(ICMP6_RATE, "icmpv6: error not sent, over the rate limit")           \
	X(ICMP6_ECHO_NOT_US, "icmpv6: echo request to a group address")        \
	X(ICMP6_TOO_BIG,                                                       \
	  "icmpv6: echo request too large to answer in one frame")             \
	X(ND_SHORT, "nd: shorter than its message")                            \
	X(ND_OPTION, "nd: option of length 0 or past the end")                 \
	X(ND_INVALID,                                                          \
	  "nd: fails RFC 4861 validation (hop limit, code, fields)")           \
	X(ND_NOT_US, "nd: target is not an address of ours")                   \
	X(ND_DAD, "nd: another host holds an address we tried (DAD)")          \
	X(TX_FULL, "tx: the device refused the frame (ring full)")

enum net_drop {
#define NET_DROP_ENUM_(name, text) NET_DROP_##name,
	NET_DROP_REASONS(NET_DROP_ENUM_)
#undef NET_DROP_ENUM_
	    NET_DROP_COUNT
};

/* A one-line description of a reason ("ipv4: bad header checksum"). */
const char *net_drop_text(enum net_drop why);

#endif
