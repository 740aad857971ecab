/* SPDX-License-Identifier: ISC */
/*
 * OpenFlow 1.0.0 messages: checks, parsers and emitters (wire.h). A parser
 * refuses a message shorter than its fixed part, or whose variable part
 * does not divide into whole entries, before it reads a field.
 */
#include <string.h>

#include "openflow/wire.h"

static const char *const type_names[OFPT_COUNT] = {
    "HELLO",
    "ERROR",
    "ECHO_REQUEST",
    "ECHO_REPLY",
    "VENDOR",
    "FEATURES_REQUEST",
    "FEATURES_REPLY",
    "GET_CONFIG_REQUEST",
    "GET_CONFIG_REPLY",
    "SET_CONFIG",
    "PACKET_IN",
    "FLOW_REMOVED",
    "PORT_STATUS",
    "PACKET_OUT",
    "FLOW_MOD",
    "PORT_MOD",
    "STATS_REQUEST",
    "STATS_REPLY",
    "BARRIER_REQUEST",
    "BARRIER_REPLY",
    "QUEUE_GET_CONFIG_REQUEST",
    "QUEUE_GET_CONFIG_REPLY",
};

const char *of_type_name(uint8_t type)
{
	return type < OFPT_COUNT ? type_names[type] : "unknown";
}

static uint64_t get64(struct bytes b, size_t off)
{
	return (uint64_t)get32(b, off) << 32 | get32(b, off + 4);
}

static void put64(uint8_t *p, uint64_t v)
{
	put32(p, (uint32_t)(v >> 32));
	put32(p + 4, (uint32_t)v);
}

int of_check_header(struct bytes b, struct of_header *h)
{
	if (!bytes_has(b, 0, OF_HEADER_LEN))
		return OFPBRC_BAD_LEN;
	h->version = get8(b, 0);
	h->type = get8(b, 1);
	h->length = get16(b, 2);
	h->xid = get32(b, 4);
	if (h->length < OF_HEADER_LEN)
		return OFPBRC_BAD_LEN;
	return OF_OK;
}

/*
 * A HELLO's body may hold elements (OpenFlow 1.3.1 and later): a version
 * bitmap (type 1) says which versions the sender speaks. *versions gets
 * that bitmap's first word, or 0 when there is none.
 */
int of_parse_hello(struct bytes msg, uint32_t *versions)
{
	size_t off = OF_HEADER_LEN;

	*versions = 0;
	while (bytes_has(msg, off, 4)) {
		uint16_t type = get16(msg, off), len = get16(msg, off + 2);

		if (len < 4 || !bytes_has(msg, off, len))
			return OF_OK; /* a 1.0 peer ignores what it cannot read
				       */
		if (type == 1 && len >= 8)
			*versions = get32(msg, off + 4);
		off += (len + 7u) & ~7u;
	}
	return OF_OK;
}

void of_parse_match(struct bytes m, struct of_match *x)
{
	x->wildcards = get32(m, 0);
	x->in_port = get16(m, 4);
	memcpy(x->dl_src, m.p + 6, OFP_ETH_ALEN);
	memcpy(x->dl_dst, m.p + 12, OFP_ETH_ALEN);
	x->dl_vlan = get16(m, 18);
	x->dl_vlan_pcp = get8(m, 20);
	x->dl_type = get16(m, 22);
	x->nw_tos = get8(m, 24);
	x->nw_proto = get8(m, 25);
	x->nw_src = get32(m, 28);
	x->nw_dst = get32(m, 32);
	x->tp_src = get16(m, 36);
	x->tp_dst = get16(m, 38);
}

int of_parse_phy_port(struct bytes p, struct of_phy_port *x)
{
	size_t n;

	if (!bytes_has(p, 0, OF_PHY_PORT_LEN))
		return OFPBRC_BAD_LEN;
	x->port_no = get16(p, 0);
	memcpy(x->hw_addr, p.p + 2, OFP_ETH_ALEN);
	for (n = 0; n < 16 && p.p[8 + n] != '\0'; n++)
		x->name[n] = (char)p.p[8 + n];
	x->name[n] = '\0';
	x->config = get32(p, 24);
	x->state = get32(p, 28);
	x->curr = get32(p, 32);
	x->advertised = get32(p, 36);
	x->supported = get32(p, 40);
	x->peer = get32(p, 44);
	return OF_OK;
}

int of_parse_features(struct bytes msg, struct of_features *f)
{
	if (msg.len < OF_FEATURES_REPLY_LEN ||
	    (msg.len - OF_FEATURES_REPLY_LEN) % OF_PHY_PORT_LEN != 0)
		return OFPBRC_BAD_LEN;
	f->datapath_id = get64(msg, 8);
	f->n_buffers = get32(msg, 16);
	f->n_tables = get8(msg, 20);
	f->capabilities = get32(msg, 24);
	f->actions = get32(msg, 28);
	f->ports = bytes_from(msg, OF_FEATURES_REPLY_LEN);
	f->n_ports = f->ports.len / OF_PHY_PORT_LEN;
	return OF_OK;
}

int of_parse_switch_config(struct bytes msg, struct of_switch_config *c)
{
	if (msg.len != OF_SWITCH_CONFIG_LEN)
		return OFPBRC_BAD_LEN;
	c->flags = get16(msg, 8);
	c->miss_send_len = get16(msg, 10);
	return OF_OK;
}

int of_parse_packet_in(struct bytes msg, struct of_packet_in *pi)
{
	if (msg.len < OF_PACKET_IN_LEN)
		return OFPBRC_BAD_LEN;
	pi->buffer_id = get32(msg, 8);
	pi->total_len = get16(msg, 12);
	pi->in_port = get16(msg, 14);
	pi->reason = get8(msg, 16);
	pi->data = bytes_from(msg, OF_PACKET_IN_LEN);
	return OF_OK;
}

int of_parse_packet_out(struct bytes msg, struct of_packet_out *po)
{
	uint16_t alen;

	if (msg.len < OF_PACKET_OUT_LEN)
		return OFPBRC_BAD_LEN;
	alen = get16(msg, 14);
	if (alen % 8 != 0 || !bytes_has(msg, OF_PACKET_OUT_LEN, alen))
		return OFPBRC_BAD_LEN;
	po->buffer_id = get32(msg, 8);
	po->in_port = get16(msg, 12);
	po->actions = bytes_sub(msg, OF_PACKET_OUT_LEN, alen);
	po->data = bytes_from(msg, OF_PACKET_OUT_LEN + (size_t)alen);
	return OF_OK;
}

int of_parse_flow_mod(struct bytes msg, struct of_flow_mod *fm)
{
	if (msg.len < OF_FLOW_MOD_LEN || (msg.len - OF_FLOW_MOD_LEN) % 8 != 0)
		return OFPBRC_BAD_LEN;
	of_parse_match(bytes_sub(msg, 8, OF_MATCH_LEN), &fm->match);
	fm->cookie = get64(msg, 48);
	fm->command = get16(msg, 56);
	fm->idle_timeout = get16(msg, 58);
	fm->hard_timeout = get16(msg, 60);
	fm->priority = get16(msg, 62);
	fm->buffer_id = get32(msg, 64);
	fm->out_port = get16(msg, 68);
	fm->flags = get16(msg, 70);
	fm->actions = bytes_from(msg, OF_FLOW_MOD_LEN);
	return OF_OK;
}

int of_parse_flow_removed(struct bytes msg, struct of_flow_removed *fr)
{
	if (msg.len != OF_FLOW_REMOVED_LEN)
		return OFPBRC_BAD_LEN;
	of_parse_match(bytes_sub(msg, 8, OF_MATCH_LEN), &fr->match);
	fr->cookie = get64(msg, 48);
	fr->priority = get16(msg, 56);
	fr->reason = get8(msg, 58);
	fr->duration_sec = get32(msg, 60);
	fr->duration_nsec = get32(msg, 64);
	fr->idle_timeout = get16(msg, 68);
	fr->packet_count = get64(msg, 72);
	fr->byte_count = get64(msg, 80);
	return OF_OK;
}

int of_parse_port_status(struct bytes msg, struct of_port_status *ps)
{
	if (msg.len != OF_PORT_STATUS_LEN)
		return OFPBRC_BAD_LEN;
	ps->reason = get8(msg, 8);
	return of_parse_phy_port(bytes_sub(msg, 16, OF_PHY_PORT_LEN),
				 &ps->desc);
}

int of_parse_error(struct bytes msg, struct of_error *e)
{
	if (msg.len < OF_ERROR_LEN)
		return OFPBRC_BAD_LEN;
	e->type = get16(msg, 8);
	e->code = get16(msg, 10);
	e->data = bytes_from(msg, OF_ERROR_LEN);
	return OF_OK;
}

int of_parse_stats(struct bytes msg, struct of_stats *s)
{
	if (msg.len < OF_STATS_LEN)
		return OFPBRC_BAD_LEN;
	s->type = get16(msg, 8);
	s->flags = get16(msg, 10);
	s->body = bytes_from(msg, OF_STATS_LEN);
	return OF_OK;
}

int of_parse_aggregate(struct bytes body, struct of_aggregate *a)
{
	if (body.len != OF_AGGREGATE_REPLY_LEN)
		return OFPBRC_BAD_LEN;
	a->packet_count = get64(body, 0);
	a->byte_count = get64(body, 8);
	a->flow_count = get32(body, 16);
	return OF_OK;
}

int of_next_action(struct bytes list, size_t *off, struct of_action *a)
{
	if (*off >= list.len)
		return 0;
	if (!bytes_has(list, *off, 8))
		return OFPBRC_BAD_LEN;
	a->type = get16(list, *off);
	a->len = get16(list, *off + 2);
	if (a->len < 8 || a->len % 8 != 0 || !bytes_has(list, *off, a->len))
		return OFPBRC_BAD_LEN;
	a->port = a->type == OFPAT_OUTPUT ? get16(list, *off + 4) : 0;
	a->max_len = a->type == OFPAT_OUTPUT ? get16(list, *off + 6) : 0;
	*off += a->len;
	return 1;
}

int of_next_flow_stats(struct bytes body, size_t *off, struct of_flow_stats *fs)
{
	struct bytes e;
	uint16_t len;

	if (*off >= body.len)
		return 0;
	if (!bytes_has(body, *off, 2))
		return OFPBRC_BAD_LEN;
	len = get16(body, *off);
	if (len < OF_FLOW_STATS_LEN || (len - OF_FLOW_STATS_LEN) % 8 != 0 ||
	    !bytes_has(body, *off, len))
		return OFPBRC_BAD_LEN;
	e = bytes_sub(body, *off, len);
	fs->table_id = get8(e, 2);
	of_parse_match(bytes_sub(e, 4, OF_MATCH_LEN), &fs->match);
	fs->duration_sec = get32(e, 44);
	fs->duration_nsec = get32(e, 48);
	fs->priority = get16(e, 52);
	fs->idle_timeout = get16(e, 54);
	fs->hard_timeout = get16(e, 56);
	fs->cookie = get64(e, 64);
	fs->packet_count = get64(e, 72);
	fs->byte_count = get64(e, 80);
	fs->actions = bytes_from(e, OF_FLOW_STATS_LEN);
	*off += len;
	return 1;
}

size_t of_emit_header(uint8_t *buf, uint8_t type, uint16_t length, uint32_t xid)
{
	buf[0] = OFP_VERSION;
	buf[1] = type;
	put16(buf + 2, length);
	put32(buf + 4, xid);
	return OF_HEADER_LEN;
}

size_t of_emit_hello(uint8_t *buf, uint32_t xid)
{
	return of_emit_header(buf, OFPT_HELLO, OF_HEADER_LEN, xid);
}

size_t of_emit_echo(uint8_t *buf, uint8_t type, uint32_t xid,
		    struct bytes payload)
{
	size_t n = payload.len;

	if (n > OFP_MAX_MSG - OF_HEADER_LEN)
		n = OFP_MAX_MSG - OF_HEADER_LEN;
	of_emit_header(buf, type, (uint16_t)(OF_HEADER_LEN + n), xid);
	if (n > 0)
		memcpy(buf + OF_HEADER_LEN, payload.p, n);
	return OF_HEADER_LEN + n;
}

size_t of_emit_error(uint8_t *buf, uint32_t xid, uint16_t type, uint16_t code,
		     struct bytes offending)
{
	size_t n = offending.len;

	if (n > OF_ERROR_DATA_MAX)
		n = OF_ERROR_DATA_MAX;
	of_emit_header(buf, OFPT_ERROR, (uint16_t)(OF_ERROR_LEN + n), xid);
	put16(buf + 8, type);
	put16(buf + 10, code);
	if (n > 0)
		memcpy(buf + OF_ERROR_LEN, offending.p, n);
	return OF_ERROR_LEN + n;
}

size_t of_emit_set_config(uint8_t *buf, uint32_t xid, uint16_t flags,
			  uint16_t miss_send_len)
{
	of_emit_header(buf, OFPT_SET_CONFIG, OF_SWITCH_CONFIG_LEN, xid);
	put16(buf + 8, flags);
	put16(buf + 10, miss_send_len);
	return OF_SWITCH_CONFIG_LEN;
}

void of_emit_match(uint8_t *b, const struct of_match *m)
{
	memset(b, 0, OF_MATCH_LEN);
	put32(b, m->wildcards);
	put16(b + 4, m->in_port);
	memcpy(b + 6, m->dl_src, OFP_ETH_ALEN);
	memcpy(b + 12, m->dl_dst, OFP_ETH_ALEN);
	put16(b + 18, m->dl_vlan);
	b[20] = m->dl_vlan_pcp;
	put16(b + 22, m->dl_type);
	b[24] = m->nw_tos;
	b[25] = m->nw_proto;
	put32(b + 28, m->nw_src);
	put32(b + 32, m->nw_dst);
	put16(b + 36, m->tp_src);
	put16(b + 38, m->tp_dst);
}

size_t of_emit_action_output(uint8_t *buf, uint16_t port, uint16_t max_len)
{
	put16(buf, OFPAT_OUTPUT);
	put16(buf + 2, OF_ACTION_OUTPUT_LEN);
	put16(buf + 4, port);
	put16(buf + 6, max_len);
	return OF_ACTION_OUTPUT_LEN;
}

size_t of_emit_flow_mod(uint8_t *buf, uint32_t xid,
			const struct of_flow_mod *fm)
{
	size_t len = OF_FLOW_MOD_LEN + fm->actions.len;

	of_emit_header(buf, OFPT_FLOW_MOD, (uint16_t)len, xid);
	of_emit_match(buf + 8, &fm->match);
	put64(buf + 48, fm->cookie);
	put16(buf + 56, fm->command);
	put16(buf + 58, fm->idle_timeout);
	put16(buf + 60, fm->hard_timeout);
	put16(buf + 62, fm->priority);
	put32(buf + 64, fm->buffer_id);
	put16(buf + 68, fm->out_port);
	put16(buf + 70, fm->flags);
	if (fm->actions.len > 0)
		memcpy(buf + OF_FLOW_MOD_LEN, fm->actions.p, fm->actions.len);
	return len;
}

size_t of_emit_packet_out(uint8_t *buf, uint32_t xid,
			  const struct of_packet_out *po)
{
	size_t alen = po->actions.len;
	size_t len = OF_PACKET_OUT_LEN + alen + po->data.len;

	of_emit_header(buf, OFPT_PACKET_OUT, (uint16_t)len, xid);
	put32(buf + 8, po->buffer_id);
	put16(buf + 12, po->in_port);
	put16(buf + 14, (uint16_t)alen);
	if (alen > 0)
		memcpy(buf + OF_PACKET_OUT_LEN, po->actions.p, alen);
	if (po->data.len > 0)
		memcpy(buf + OF_PACKET_OUT_LEN + alen, po->data.p,
		       po->data.len);
	return len;
}

size_t of_emit_packet_in(uint8_t *buf, uint32_t xid,
			 const struct of_packet_in *pi)
{
	size_t len = OF_PACKET_IN_LEN + pi->data.len;

	of_emit_header(buf, OFPT_PACKET_IN, (uint16_t)len, xid);
	put32(buf + 8, pi->buffer_id);
	put16(buf + 12, pi->total_len);
	put16(buf + 14, pi->in_port);
	buf[16] = pi->reason;
	buf[17] = 0;
	if (pi->data.len > 0)
		memcpy(buf + OF_PACKET_IN_LEN, pi->data.p, pi->data.len);
	return len;
}

static void emit_phy_port(uint8_t *b, const struct of_phy_port *p)
{
	memset(b, 0, OF_PHY_PORT_LEN);
	put16(b, p->port_no);
	memcpy(b + 2, p->hw_addr, OFP_ETH_ALEN);
	memcpy(b + 8, p->name, strnlen(p->name, 16));
	put32(b + 24, p->config);
	put32(b + 28, p->state);
	put32(b + 32, p->curr);
	put32(b + 36, p->advertised);
	put32(b + 40, p->supported);
	put32(b + 44, p->peer);
}

size_t of_emit_features_reply(uint8_t *buf, uint32_t xid,
			      const struct of_features *f,
			      const struct of_phy_port *ports, size_t n)
{
	size_t len = OF_FEATURES_REPLY_LEN + n * OF_PHY_PORT_LEN;

	of_emit_header(buf, OFPT_FEATURES_REPLY, (uint16_t)len, xid);
	put64(buf + 8, f->datapath_id);
	put32(buf + 16, f->n_buffers);
	buf[20] = f->n_tables;
	buf[21] = buf[22] = buf[23] = 0;
	put32(buf + 24, f->capabilities);
	put32(buf + 28, f->actions);
	for (size_t i = 0; i < n; i++)
		emit_phy_port(buf + OF_FEATURES_REPLY_LEN + i * OF_PHY_PORT_LEN,
			      &ports[i]);
	return len;
}

/*
 * A stats request: OFPST_DESC and OFPST_TABLE have no body; OFPST_FLOW and
 * OFPST_AGGREGATE take a match, table 0xff (all) and an out_port filter.
 */
size_t of_emit_stats_request(uint8_t *buf, uint32_t xid, uint16_t type,
			     const struct of_match *match, uint16_t out_port)
{
	size_t len = OF_STATS_LEN;

	if (type == OFPST_FLOW || type == OFPST_AGGREGATE) {
		of_emit_match(buf + OF_STATS_LEN, match);
		buf[OF_STATS_LEN + 40] = 0xff;
		buf[OF_STATS_LEN + 41] = 0;
		put16(buf + OF_STATS_LEN + 42, out_port);
		len += OF_FLOW_STATS_REQ_LEN;
	}
	of_emit_header(buf, OFPT_STATS_REQUEST, (uint16_t)len, xid);
	put16(buf + 8, type);
	put16(buf + 10, 0);
	return len;
}
