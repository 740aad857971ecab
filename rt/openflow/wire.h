/* SPDX-License-Identifier: ISC */
/*
 * The OpenFlow 1.0.0 wire format (the specification's layouts, network
 * byte order): every message is read through a bounded view after
 * of_check() has proven its header, and each of_parse_*() checks the fixed
 * part of its message before it reads a field, returning OF_OK or the
 * reason it refuses (an OFPBRC_* code to answer with). Emitters write into
 * a buffer the caller sized with the OF_*_LEN constants and return the
 * bytes written. No allocation, no I/O.
 *
 *   header   0 version | 1 type | 2 length[2] | 4 xid[4] | 8 body
 */
#ifndef OPENFLOW_WIRE_H
#define OPENFLOW_WIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/bytes.h"

#define OFP_VERSION 0x01 /* OpenFlow 1.0 */
#define OFP_TCP_PORT 6653
#define OFP_OLD_TCP_PORT 6633
#define OFP_MAX_MSG 65535 /* the 16-bit length field */
#define OFP_ETH_ALEN 6

enum ofp_type {
	OFPT_HELLO = 0,
	OFPT_ERROR = 1,
	OFPT_ECHO_REQUEST = 2,
	OFPT_ECHO_REPLY = 3,
	OFPT_VENDOR = 4,
	OFPT_FEATURES_REQUEST = 5,
	OFPT_FEATURES_REPLY = 6,
	OFPT_GET_CONFIG_REQUEST = 7,
	OFPT_GET_CONFIG_REPLY = 8,
	OFPT_SET_CONFIG = 9,
	OFPT_PACKET_IN = 10,
	OFPT_FLOW_REMOVED = 11,
	OFPT_PORT_STATUS = 12,
	OFPT_PACKET_OUT = 13,
	OFPT_FLOW_MOD = 14,
	OFPT_PORT_MOD = 15,
	OFPT_STATS_REQUEST = 16,
	OFPT_STATS_REPLY = 17,
	OFPT_BARRIER_REQUEST = 18,
	OFPT_BARRIER_REPLY = 19,
	OFPT_QUEUE_GET_CONFIG_REQUEST = 20,
	OFPT_QUEUE_GET_CONFIG_REPLY = 21,
	OFPT_COUNT
};

/* Fixed lengths of the specification's structures. */
#define OF_HEADER_LEN 8
#define OF_PHY_PORT_LEN 48
#define OF_MATCH_LEN 40
#define OF_FEATURES_REPLY_LEN 32 /* + OF_PHY_PORT_LEN per port */
#define OF_SWITCH_CONFIG_LEN 12
#define OF_PACKET_IN_LEN 18  /* + data */
#define OF_PACKET_OUT_LEN 16 /* + actions + data */
#define OF_FLOW_MOD_LEN 72   /* + actions */
#define OF_FLOW_REMOVED_LEN 88
#define OF_PORT_STATUS_LEN 64
#define OF_ERROR_LEN 12		  /* + data */
#define OF_STATS_LEN 12		  /* request or reply, + body */
#define OF_FLOW_STATS_REQ_LEN 44  /* body of an OFPST_FLOW request */
#define OF_FLOW_STATS_LEN 88	  /* one entry of a reply, + actions */
#define OF_AGGREGATE_REPLY_LEN 24 /* body of an OFPST_AGGREGATE reply */
#define OF_DESC_STATS_LEN 1056	  /* body of an OFPST_DESC reply */
#define OF_ACTION_OUTPUT_LEN 8
#define OF_ERROR_DATA_MAX 64 /* bytes of the offending message echoed */

/* Port numbers (ofp_port). */
#define OFPP_MAX 0xff00
#define OFPP_IN_PORT 0xfff8
#define OFPP_TABLE 0xfff9
#define OFPP_NORMAL 0xfffa
#define OFPP_FLOOD 0xfffb
#define OFPP_ALL 0xfffc
#define OFPP_CONTROLLER 0xfffd
#define OFPP_LOCAL 0xfffe
#define OFPP_NONE 0xffff

#define OFP_NO_BUFFER 0xffffffffu
#define OFP_DEFAULT_PRIORITY 0x8000
#define OFP_DEFAULT_MISS_SEND_LEN 128

/* ofp_flow_wildcards */
#define OFPFW_IN_PORT (1u << 0)
#define OFPFW_DL_VLAN (1u << 1)
#define OFPFW_DL_SRC (1u << 2)
#define OFPFW_DL_DST (1u << 3)
#define OFPFW_DL_TYPE (1u << 4)
#define OFPFW_NW_PROTO (1u << 5)
#define OFPFW_TP_SRC (1u << 6)
#define OFPFW_TP_DST (1u << 7)
#define OFPFW_NW_SRC_ALL (32u << 8)
#define OFPFW_NW_DST_ALL (32u << 14)
#define OFPFW_DL_VLAN_PCP (1u << 20)
#define OFPFW_NW_TOS (1u << 21)
#define OFPFW_ALL ((1u << 22) - 1)

enum ofp_flow_mod_command {
	OFPFC_ADD = 0,
	OFPFC_MODIFY = 1,
	OFPFC_MODIFY_STRICT = 2,
	OFPFC_DELETE = 3,
	OFPFC_DELETE_STRICT = 4,
};
#define OFPFF_SEND_FLOW_REM (1u << 0)
#define OFPFF_CHECK_OVERLAP (1u << 1)

enum ofp_packet_in_reason { OFPR_NO_MATCH = 0, OFPR_ACTION = 1 };
enum ofp_port_reason { OFPPR_ADD = 0, OFPPR_DELETE = 1, OFPPR_MODIFY = 2 };
enum ofp_action_type { OFPAT_OUTPUT = 0 };

enum ofp_error_type {
	OFPET_HELLO_FAILED = 0,
	OFPET_BAD_REQUEST = 1,
	OFPET_BAD_ACTION = 2,
	OFPET_FLOW_MOD_FAILED = 3,
	OFPET_PORT_MOD_FAILED = 4,
	OFPET_QUEUE_OP_FAILED = 5,
};
#define OFPHFC_INCOMPATIBLE 0
#define OFPHFC_EPERM 1
enum ofp_bad_request_code {
	OFPBRC_BAD_VERSION = 0,
	OFPBRC_BAD_TYPE = 1,
	OFPBRC_BAD_STAT = 2,
	OFPBRC_BAD_VENDOR = 3,
	OFPBRC_BAD_SUBTYPE = 4,
	OFPBRC_EPERM = 5,
	OFPBRC_BAD_LEN = 6,
	OFPBRC_BUFFER_EMPTY = 7,
	OFPBRC_BUFFER_UNKNOWN = 8,
};

enum ofp_stats_type {
	OFPST_DESC = 0,
	OFPST_FLOW = 1,
	OFPST_AGGREGATE = 2,
	OFPST_TABLE = 3,
	OFPST_PORT = 4,
	OFPST_QUEUE = 5,
	OFPST_VENDOR = 0xffff,
};
#define OFPSF_REPLY_MORE 1

/* The result of a check or parse: OF_OK, or the OFPBRC_* code. */
#define OF_OK (-1)

struct of_header {
	uint8_t version;
	uint8_t type;
	uint16_t length;
	uint32_t xid;
};

struct of_match {
	uint32_t wildcards;
	uint16_t in_port;
	uint8_t dl_src[OFP_ETH_ALEN];
	uint8_t dl_dst[OFP_ETH_ALEN];
	uint16_t dl_vlan;
	uint8_t dl_vlan_pcp;
	uint16_t dl_type;
	uint8_t nw_tos;
	uint8_t nw_proto;
	uint32_t nw_src, nw_dst;
	uint16_t tp_src, tp_dst;
};

struct of_phy_port {
	uint16_t port_no;
	uint8_t hw_addr[OFP_ETH_ALEN];
	char name[17]; /* NUL-terminated here, even when the wire's is not */
	uint32_t config, state, curr, advertised, supported, peer;
};

struct of_features {
	uint64_t datapath_id;
	uint32_t n_buffers;
	uint8_t n_tables;
	uint32_t capabilities, actions;
	struct bytes ports; /* n_ports * OF_PHY_PORT_LEN bytes */
	size_t n_ports;
};

struct of_packet_in {
	uint32_t buffer_id;
	uint16_t total_len;
	uint16_t in_port;
	uint8_t reason;
	struct bytes data;
};

struct of_packet_out {
	uint32_t buffer_id;
	uint16_t in_port;
	struct bytes actions;
	struct bytes data;
};

struct of_flow_mod {
	struct of_match match;
	uint64_t cookie;
	uint16_t command, idle_timeout, hard_timeout, priority;
	uint32_t buffer_id;
	uint16_t out_port, flags;
	struct bytes actions;
};

struct of_flow_removed {
	struct of_match match;
	uint64_t cookie;
	uint16_t priority;
	uint8_t reason;
	uint32_t duration_sec, duration_nsec;
	uint16_t idle_timeout;
	uint64_t packet_count, byte_count;
};

struct of_port_status {
	uint8_t reason;
	struct of_phy_port desc;
};

struct of_error {
	uint16_t type, code;
	struct bytes data;
};

struct of_switch_config {
	uint16_t flags, miss_send_len;
};

struct of_stats {
	uint16_t type, flags;
	struct bytes body;
};

struct of_flow_stats {
	uint8_t table_id;
	struct of_match match;
	uint32_t duration_sec, duration_nsec;
	uint16_t priority, idle_timeout, hard_timeout;
	uint64_t cookie, packet_count, byte_count;
	struct bytes actions;
};

struct of_aggregate {
	uint64_t packet_count, byte_count;
	uint32_t flow_count;
};

/* One action of a list; OFPAT_OUTPUT's fields when type is 0. */
struct of_action {
	uint16_t type, len;
	uint16_t port, max_len;
};

const char *of_type_name(uint8_t type);

/*
 * The header of the message at the start of b: OF_OK when b holds at least
 * a header whose length is >= 8 (the message itself may be longer than b;
 * of_stream cuts whole ones), else OFPBRC_BAD_LEN.
 */
int of_check_header(struct bytes b, struct of_header *h);

/* Parsers of one whole message msg (header included, length == msg.len). */
int of_parse_hello(struct bytes msg, uint32_t *versions);
int of_parse_features(struct bytes msg, struct of_features *f);
int of_parse_phy_port(struct bytes port, struct of_phy_port *p);
int of_parse_switch_config(struct bytes msg, struct of_switch_config *c);
int of_parse_packet_in(struct bytes msg, struct of_packet_in *pi);
int of_parse_packet_out(struct bytes msg, struct of_packet_out *po);
int of_parse_flow_mod(struct bytes msg, struct of_flow_mod *fm);
int of_parse_flow_removed(struct bytes msg, struct of_flow_removed *fr);
int of_parse_port_status(struct bytes msg, struct of_port_status *ps);
int of_parse_error(struct bytes msg, struct of_error *e);
int of_parse_stats(struct bytes msg, struct of_stats *s);
int of_parse_aggregate(struct bytes body, struct of_aggregate *a);
void of_parse_match(struct bytes m, struct of_match *match);

/*
 * The next entry of an action list or a flow-stats body: *off advances;
 * 1 with the entry, 0 at the end, OFPBRC_BAD_LEN (< 0 never: a code) when
 * an entry's length is short, unaligned or past the end.
 */
int of_next_action(struct bytes list, size_t *off, struct of_action *a);
int of_next_flow_stats(struct bytes body, size_t *off,
		       struct of_flow_stats *fs);

/* Emitters: buf holds at least the length they return. */
size_t of_emit_header(uint8_t *buf, uint8_t type, uint16_t length,
		      uint32_t xid);
size_t of_emit_hello(uint8_t *buf, uint32_t xid);
size_t of_emit_echo(uint8_t *buf, uint8_t type, uint32_t xid,
		    struct bytes payload);
size_t of_emit_error(uint8_t *buf, uint32_t xid, uint16_t type, uint16_t code,
		     struct bytes offending);
size_t of_emit_set_config(uint8_t *buf, uint32_t xid, uint16_t flags,
			  uint16_t miss_send_len);
void of_emit_match(uint8_t *buf, const struct of_match *m);
size_t of_emit_action_output(uint8_t *buf, uint16_t port, uint16_t max_len);
/* actions: already encoded (of_emit_action_output), actions.len % 8 == 0 */
size_t of_emit_flow_mod(uint8_t *buf, uint32_t xid,
			const struct of_flow_mod *fm);
size_t of_emit_packet_out(uint8_t *buf, uint32_t xid,
			  const struct of_packet_out *po);
size_t of_emit_packet_in(uint8_t *buf, uint32_t xid,
			 const struct of_packet_in *pi);
size_t of_emit_features_reply(uint8_t *buf, uint32_t xid,
			      const struct of_features *f,
			      const struct of_phy_port *ports, size_t n);
size_t of_emit_stats_request(uint8_t *buf, uint32_t xid, uint16_t type,
			     const struct of_match *match, uint16_t out_port);

#endif
