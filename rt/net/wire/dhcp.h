/* SPDX-License-Identifier: ISC */
/*
 * DHCP messages (RFC 2131, options RFC 2132) in their BOOTP frame.
 * dhcp_check() proves: the 236-byte fixed part, Ethernet addresses, the
 * magic cookie, and an option list whose every length stays inside the
 * message, ends at option 255 or at the end, and gives the options the stack
 * reads their proper sizes. dhcp_parse() decodes the fields and the options
 * the client uses; the others are skipped.
 *
 *   0 op | 1 htype | 2 hlen | 3 hops | 4 xid[4] | 8 secs[2] | 10 flags[2]
 *   12 ciaddr | 16 yiaddr | 20 siaddr | 24 giaddr | 28 chaddr[16]
 *   44 sname[64] | 108 file[128] | 236 cookie[4] | 240 options
 */
#ifndef NET_WIRE_DHCP_H
#define NET_WIRE_DHCP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/bytes.h"
#include "net/drop.h"
#include "net/wire/eth.h"

#define DHCP_FIXED_LEN 236
#define DHCP_OPTIONS_OFF 240
#define DHCP_MIN_EMIT 300 /* BOOTP's minimum message, RFC 1542 */
#define DHCP_MAX_EMIT 320 /* what dhcp_emit() writes at most */
#define DHCP_COOKIE 0x63825363u
#define DHCP_SERVER_PORT 67
#define DHCP_CLIENT_PORT 68
#define DHCP_FLAG_BROADCAST 0x8000
#define BOOTP_REQUEST 1
#define BOOTP_REPLY 2

enum dhcp_type {
	DHCP_NONE = 0, /* no message type option: plain BOOTP */
	DHCP_DISCOVER = 1,
	DHCP_OFFER = 2,
	DHCP_REQUEST = 3,
	DHCP_DECLINE = 4,
	DHCP_ACK = 5,
	DHCP_NAK = 6,
	DHCP_RELEASE = 7,
	DHCP_INFORM = 8,
};

enum dhcp_option {
	DHCP_OPT_PAD = 0,
	DHCP_OPT_SUBNET_MASK = 1,
	DHCP_OPT_ROUTER = 3,
	DHCP_OPT_REQUESTED_IP = 50,
	DHCP_OPT_LEASE_TIME = 51,
	DHCP_OPT_MSG_TYPE = 53,
	DHCP_OPT_SERVER_ID = 54,
	DHCP_OPT_PARAM_LIST = 55,
	DHCP_OPT_MAX_SIZE = 57,
	DHCP_OPT_T1 = 58,
	DHCP_OPT_T2 = 59,
	DHCP_OPT_CLIENT_ID = 61,
	DHCP_OPT_END = 255,
};

/* A decoded message; addresses in host order, absent options are 0. */
struct dhcp_msg {
	uint8_t op;
	uint8_t type; /* enum dhcp_type */
	uint32_t xid;
	uint16_t secs, flags;
	uint32_t ciaddr, yiaddr, siaddr, giaddr;
	uint8_t chaddr[ETH_ALEN];
	uint32_t subnet_mask, router, server_id, requested_ip;
	uint32_t lease_s, t1_s, t2_s;
};

enum net_drop dhcp_check(struct bytes b);
enum net_drop dhcp_parse(struct bytes b, struct dhcp_msg *m);

/*
 * Write a client message from m: op, type, xid, secs, flags, ciaddr,
 * chaddr, and the options requested IP and server ID when non-zero, the
 * client ID and a parameter request list. Returns the length written
 * (DHCP_MIN_EMIT..DHCP_MAX_EMIT), or 0 when cap is below DHCP_MAX_EMIT.
 */
size_t dhcp_emit(uint8_t *buf, size_t cap, const struct dhcp_msg *m);

#endif
