/* SPDX-License-Identifier: ISC */
/*
 * The controller's connection and its learning switch (ctl.h).
 *
 * Algorithm (of_ctl_input()): check the version (the first message must
 * be the switch's HELLO, of version 1 or later whose bitmap, if it sends
 * one, includes 1.0; later ones must say 1.0), then dispatch by type.
 * Every reply is appended to out; the caller took care that there is room
 * for the largest (of_ctl_can_take()).
 */
#include <string.h>

#include "openflow/ctl.h"

/* A request the controller sends gets an xid of its own, never 0. */
static uint32_t next_xid(struct of_ctl *c)
{
	if (++c->next_xid == 0)
		c->next_xid = 1;
	return c->next_xid;
}

static uint8_t *out_tail(struct of_ctl *c)
{
	return c->out + c->out_len;
}

static void send_error(struct of_ctl *c, struct bytes msg, uint16_t type,
		       uint16_t code)
{
	struct of_header h = {0};

	if (msg.len >= OF_HEADER_LEN)
		of_check_header(msg, &h);
	c->out_len += of_emit_error(out_tail(c), h.xid, type, code, msg);
	c->st.errors_out++;
}

/* An error that ends the connection: the error goes out, then the close. */
static enum of_ctl_state fail(struct of_ctl *c, struct bytes msg, uint16_t type,
			      uint16_t code)
{
	send_error(c, msg, type, code);
	c->error_type = type;
	c->error_code = code;
	c->state = OF_CTL_CLOSED;
	return c->state;
}

void of_ctl_start(struct of_ctl *c, const struct of_ctl_config *cfg,
		  uint8_t *out, size_t out_cap, struct of_mac_entry *macs,
		  size_t mac_size, uint64_t mac_ageing_ns)
{
	memset(c, 0, sizeof(*c));
	c->cfg = cfg;
	c->out = out;
	c->out_cap = out_cap;
	c->aggregate.flow_count = 0;
	of_mac_table_init(&c->macs, macs, mac_size, mac_ageing_ns);
	c->out_len = of_emit_hello(out, next_xid(c));
	c->state = OF_CTL_HELLO;
}

bool of_ctl_can_take(const struct of_ctl *c)
{
	return c->out_cap - c->out_len >= OF_CTL_REPLY_MAX;
}

void of_ctl_sent(struct of_ctl *c, size_t n)
{
	if (n > c->out_len)
		n = c->out_len;
	memmove(c->out, c->out + n, c->out_len - n);
	c->out_len -= n;
}

/* After the HELLOs: the switch's features, its configuration, a barrier. */
static enum of_ctl_state on_hello(struct of_ctl *c, struct bytes msg,
				  const struct of_header *h)
{
	uint32_t versions;

	c->version_seen = h->version;
	of_parse_hello(msg, &versions);
	if (h->version < OFP_VERSION ||
	    (versions != 0 && !(versions & (1u << OFP_VERSION))))
		return fail(c, msg, OFPET_HELLO_FAILED, OFPHFC_INCOMPATIBLE);
	c->out_len += of_emit_header(out_tail(c), OFPT_FEATURES_REQUEST,
				     OF_HEADER_LEN, next_xid(c));
	c->state = OF_CTL_FEATURES;
	return c->state;
}

static void copy_desc(char *dst, struct bytes body, size_t off, size_t n)
{
	size_t i;

	for (i = 0; i < n - 1 && body.p[off + i] != '\0'; i++) {
		uint8_t ch = body.p[off + i];

		dst[i] = ch >= 0x20 && ch < 0x7f ? (char)ch : '?';
	}
	dst[i] = '\0';
}

static void on_features(struct of_ctl *c, struct bytes msg)
{
	struct of_features f;
	struct of_match all = {.wildcards = OFPFW_ALL};

	if (of_parse_features(msg, &f) != OF_OK) {
		send_error(c, msg, OFPET_BAD_REQUEST, OFPBRC_BAD_LEN);
		return;
	}
	c->datapath_id = f.datapath_id;
	c->n_buffers = f.n_buffers;
	c->n_ports = f.n_ports;
	if (c->state != OF_CTL_FEATURES)
		return; /* an answer to nothing we asked: noted, no more */
	c->state = OF_CTL_READY;
	c->out_len += of_emit_set_config(out_tail(c), next_xid(c), 0,
					 c->cfg->miss_send_len);
	c->out_len += of_emit_stats_request(out_tail(c), next_xid(c),
					    OFPST_DESC, &all, OFPP_NONE);
	c->out_len += of_emit_header(out_tail(c), OFPT_BARRIER_REQUEST,
				     OF_HEADER_LEN, next_xid(c));
}

/* Sends frame (buffered as buffer_id, or its bytes) out of port. */
static void packet_out(struct of_ctl *c, const struct of_packet_in *pi,
		       uint16_t port)
{
	uint8_t action[OF_ACTION_OUTPUT_LEN];
	struct of_packet_out po = {
	    .buffer_id = pi->buffer_id,
	    .in_port = pi->in_port,
	    .actions =
		bytes_make(action, of_emit_action_output(action, port, 0)),
	    .data = bytes_make(pi->data.p, 0),
	};

	if (pi->buffer_id == OFP_NO_BUFFER)
		po.data = pi->data;
	c->out_len += of_emit_packet_out(out_tail(c), next_xid(c), &po);
	c->st.packet_out++;
}

static void flow_mod(struct of_ctl *c, const struct of_packet_in *pi,
		     const uint8_t *src, const uint8_t *dst, uint16_t port)
{
	uint8_t action[OF_ACTION_OUTPUT_LEN];
	struct of_flow_mod fm = {
	    .match.wildcards =
		OFPFW_ALL & ~(OFPFW_IN_PORT | OFPFW_DL_SRC | OFPFW_DL_DST),
	    .match.in_port = pi->in_port,
	    .command = OFPFC_ADD,
	    .idle_timeout = c->cfg->idle_timeout,
	    .hard_timeout = c->cfg->hard_timeout,
	    .priority = c->cfg->priority,
	    .buffer_id = pi->buffer_id,
	    .out_port = OFPP_NONE,
	    .flags = c->cfg->flow_removed ? OFPFF_SEND_FLOW_REM : 0,
	    .actions =
		bytes_make(action, of_emit_action_output(action, port, 0)),
	};

	memcpy(fm.match.dl_src, src, OFP_ETH_ALEN);
	memcpy(fm.match.dl_dst, dst, OFP_ETH_ALEN);
	c->out_len += of_emit_flow_mod(out_tail(c), next_xid(c), &fm);
	c->st.flow_mod++;
}

static void on_packet_in(struct of_ctl *c, struct bytes msg, uint64_t now_ns)
{
	struct of_packet_in pi;
	const uint8_t *dst, *src;
	int port;

	if (of_parse_packet_in(msg, &pi) != OF_OK) {
		send_error(c, msg, OFPET_BAD_REQUEST, OFPBRC_BAD_LEN);
		return;
	}
	c->st.packet_in++;
	if (pi.data.len < 14) {
		c->st.dropped++; /* no Ethernet header to learn from */
		return;
	}
	dst = pi.data.p;
	src = pi.data.p + 6;
	if (!(src[0] & 1) && pi.in_port < OFPP_MAX)
		of_mac_learn(&c->macs, src, pi.in_port, now_ns);
	if (pi.buffer_id == OFP_NO_BUFFER &&
	    pi.data.len > OFP_MAX_MSG - OF_PACKET_OUT_LEN - 8) {
		c->st.too_big++; /* a PACKET_OUT cannot carry it back */
		return;
	}
	port = dst[0] & 1 ? -1 : of_mac_lookup(&c->macs, dst, now_ns);
	if (port < 0) {
		c->st.flood++;
		packet_out(c, &pi, OFPP_FLOOD);
	} else if (port == pi.in_port) {
		c->st.dropped++; /* it is where it belongs already */
	} else {
		flow_mod(c, &pi, src, dst, (uint16_t)port);
		if (pi.buffer_id == OFP_NO_BUFFER)
			packet_out(c, &pi, (uint16_t)port);
	}
}

/* Removes the flows that output to port (it went down or away). */
static void delete_flows_to(struct of_ctl *c, uint16_t port)
{
	struct of_flow_mod fm = {
	    .match.wildcards = OFPFW_ALL,
	    .command = OFPFC_DELETE,
	    .buffer_id = OFP_NO_BUFFER,
	    .out_port = port,
	    .actions = bytes_make(NULL, 0),
	};

	c->out_len += of_emit_flow_mod(out_tail(c), next_xid(c), &fm);
	c->st.flow_mod++;
}

static void on_port_status(struct of_ctl *c, struct bytes msg)
{
	struct of_port_status ps;

	if (of_parse_port_status(msg, &ps) != OF_OK) {
		send_error(c, msg, OFPET_BAD_REQUEST, OFPBRC_BAD_LEN);
		return;
	}
	c->st.port_status++;
	/* config bit 0: OFPPC_PORT_DOWN; state bit 0: OFPPS_LINK_DOWN */
	if (ps.reason == OFPPR_DELETE || (ps.desc.config & 1) ||
	    (ps.desc.state & 1)) {
		if (of_mac_forget_port(&c->macs, ps.desc.port_no) > 0)
			delete_flows_to(c, ps.desc.port_no);
	}
}

static void on_stats_reply(struct of_ctl *c, struct bytes msg)
{
	struct of_stats s;

	if (of_parse_stats(msg, &s) != OF_OK) {
		send_error(c, msg, OFPET_BAD_REQUEST, OFPBRC_BAD_LEN);
		return;
	}
	c->st.stats_replies++;
	if (s.type == OFPST_DESC && s.body.len == OF_DESC_STATS_LEN) {
		copy_desc(c->mfr_desc, s.body, 0, sizeof(c->mfr_desc));
		copy_desc(c->hw_desc, s.body, 256, sizeof(c->hw_desc));
		copy_desc(c->sw_desc, s.body, 512, sizeof(c->sw_desc));
		c->desc_new = true;
	} else if (s.type == OFPST_AGGREGATE &&
		   of_parse_aggregate(s.body, &c->aggregate) == OF_OK) {
		c->aggregate_new = true;
	}
}

void of_ctl_echo_request(struct of_ctl *c)
{
	if (c->state != OF_CTL_CLOSED && of_ctl_can_take(c))
		c->out_len += of_emit_echo(out_tail(c), OFPT_ECHO_REQUEST,
					   next_xid(c), bytes_make(NULL, 0));
}

void of_ctl_request_aggregate(struct of_ctl *c)
{
	struct of_match all = {.wildcards = OFPFW_ALL};

	if (c->state == OF_CTL_READY && of_ctl_can_take(c))
		c->out_len += of_emit_stats_request(
		    out_tail(c), next_xid(c), OFPST_AGGREGATE, &all, OFPP_NONE);
}

/* The messages of a negotiated connection. */
static void dispatch(struct of_ctl *c, struct bytes msg,
		     const struct of_header *h, uint64_t now_ns)
{
	switch (h->type) {
	case OFPT_ECHO_REQUEST:
		c->out_len += of_emit_echo(out_tail(c), OFPT_ECHO_REPLY, h->xid,
					   bytes_from(msg, OF_HEADER_LEN));
		c->st.echo++;
		break;
	case OFPT_PACKET_IN:
		if (c->state == OF_CTL_READY)
			on_packet_in(c, msg, now_ns);
		break;
	case OFPT_FEATURES_REPLY:
		on_features(c, msg);
		break;
	case OFPT_PORT_STATUS:
		on_port_status(c, msg);
		break;
	case OFPT_STATS_REPLY:
		on_stats_reply(c, msg);
		break;
	case OFPT_ERROR:
		c->st.errors_in++;
		break;
	case OFPT_FLOW_REMOVED:
		c->st.flow_removed++;
		break;
	case OFPT_BARRIER_REPLY:
		c->st.barrier++;
		break;
	case OFPT_HELLO:
	case OFPT_ECHO_REPLY:
	case OFPT_GET_CONFIG_REPLY:
	case OFPT_QUEUE_GET_CONFIG_REPLY:
		break;
	case OFPT_VENDOR:
		send_error(c, msg, OFPET_BAD_REQUEST, OFPBRC_BAD_VENDOR);
		break;
	default: /* a controller-to-switch message, or no type at all */
		send_error(c, msg, OFPET_BAD_REQUEST, OFPBRC_BAD_TYPE);
		break;
	}
}

enum of_ctl_state of_ctl_input(struct of_ctl *c, struct bytes msg,
			       uint64_t now_ns)
{
	struct of_header h;

	if (c->state == OF_CTL_CLOSED)
		return c->state;
	if (of_check_header(msg, &h) != OF_OK || h.length != msg.len)
		return fail(c, msg, OFPET_BAD_REQUEST, OFPBRC_BAD_LEN);
	c->st.messages++;
	if (c->state == OF_CTL_HELLO) {
		if (h.type != OFPT_HELLO)
			return fail(c, msg, OFPET_HELLO_FAILED,
				    OFPHFC_INCOMPATIBLE);
		return on_hello(c, msg, &h);
	}
	if (h.version != OFP_VERSION) {
		send_error(c, msg, OFPET_BAD_REQUEST, OFPBRC_BAD_VERSION);
		return c->state;
	}
	dispatch(c, msg, &h, now_ns);
	return c->state;
}
