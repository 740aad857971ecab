/* SPDX-License-Identifier: ISC */
/*
 * The controller's side of one switch connection, sans-I/O: messages go
 * in (of_ctl_input(), one whole message at a time, from of_stream), the
 * replies are appended to the connection's output buffer, and time is
 * given, never read. It negotiates OpenFlow 1.0 (HELLO; an incompatible
 * peer gets HELLO_FAILED and the connection ends), asks for the switch's
 * features, sets its configuration, answers ECHO_REQUEST, and runs a
 * learning switch on PACKET_IN:
 *
 *   learn the source address on in_port (not a group address); when the
 *   destination is known on port P != in_port, install a flow matching
 *   in_port, dl_src and dl_dst with output to P (the configured timeouts;
 *   with the switch's buffer_id, which releases the buffered packet) and,
 *   for an unbuffered packet, send it out with a PACKET_OUT; an unknown or
 *   group destination is flooded (PACKET_OUT to OFPP_FLOOD); a known one
 *   on in_port itself is dropped.
 *
 * A port that goes down or away (PORT_STATUS) loses its addresses and the
 * flows that output to it. Requests the switch cannot have sent get an
 * ERROR BAD_REQUEST, as the specification asks.
 */
#ifndef OPENFLOW_CTL_H
#define OPENFLOW_CTL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/bytes.h"
#include "openflow/mac_table.h"
#include "openflow/wire.h"

/* Free output room of_ctl_input() needs: the largest reply it makes. */
#define OF_CTL_REPLY_MAX (OFP_MAX_MSG + OF_FLOW_MOD_LEN + 2 * 8 + 64)

struct of_ctl_config {
	uint16_t idle_timeout,
	    hard_timeout; /* of installed flows, s; 0: none */
	uint16_t priority;
	uint16_t miss_send_len;
	bool flow_removed; /* ask for FLOW_REMOVED (OFPFF_SEND_FLOW_REM) */
};

enum of_ctl_state {
	OF_CTL_HELLO,	 /* our HELLO sent, waiting for the switch's */
	OF_CTL_FEATURES, /* FEATURES_REQUEST sent */
	OF_CTL_READY,	 /* the datapath id is known */
	OF_CTL_CLOSED,	 /* an error ended it: flush the output, close */
};

struct of_ctl_stats {
	uint64_t messages, packet_in, flow_mod, packet_out, flood, dropped;
	uint64_t echo, port_status, flow_removed, errors_in, errors_out;
	uint64_t barrier, stats_replies, too_big;
};

struct of_ctl {
	enum of_ctl_state state;
	const struct of_ctl_config *cfg;
	uint64_t datapath_id;
	uint32_t n_buffers;
	size_t n_ports;
	uint32_t next_xid;
	uint8_t version_seen;		 /* the switch's HELLO version */
	uint16_t error_type, error_code; /* what closed it, if an error */
	struct of_mac_table macs;
	struct of_ctl_stats st;
	/* From stats replies; the glue clears the *_new flags once shown. */
	bool desc_new, aggregate_new;
	char mfr_desc[64], hw_desc[64], sw_desc[64];
	struct of_aggregate aggregate;
	uint8_t *out; /* out[0..out_len): to send */
	size_t out_len, out_cap;
};

/*
 * Starts a connection: our HELLO goes out. out (out_cap >= 2 *
 * OF_CTL_REPLY_MAX) and macs' entries (of_mac_table_entries(mac_size))
 * are the caller's.
 */
void of_ctl_start(struct of_ctl *c, const struct of_ctl_config *cfg,
		  uint8_t *out, size_t out_cap, struct of_mac_entry *macs,
		  size_t mac_size, uint64_t mac_ageing_ns);
/* Room to take one more message (its replies cannot overflow). */
bool of_ctl_can_take(const struct of_ctl *c);
/* One whole message; now_ns > 0. Returns c->state (CLOSED: close it). */
enum of_ctl_state of_ctl_input(struct of_ctl *c, struct bytes msg,
			       uint64_t now_ns);
/* Sends an ECHO_REQUEST (the switch has been silent). */
void of_ctl_echo_request(struct of_ctl *c);
/* Sends an OFPST_AGGREGATE request for every flow (observing the table). */
void of_ctl_request_aggregate(struct of_ctl *c);
/* The output was sent up to n bytes: drops them from the buffer. */
void of_ctl_sent(struct of_ctl *c, size_t n);

#endif
