/* SPDX-License-Identifier: ISC */
/*
 * DHCP/BOOTP messages: the fixed part, the cookie and a bounded walk of the
 * option list. Both the check and the decoder use the same walk, so a
 * message the check accepts decodes without a second bounds decision.
 */
#include <string.h>

#include "net/wire/dhcp.h"

/* The size an option the stack reads must have (0: any size). */
static size_t option_size(uint8_t code)
{
	switch (code) {
	case DHCP_OPT_MSG_TYPE:
		return 1;
	case DHCP_OPT_SUBNET_MASK:
	case DHCP_OPT_SERVER_ID:
	case DHCP_OPT_REQUESTED_IP:
	case DHCP_OPT_LEASE_TIME:
	case DHCP_OPT_T1:
	case DHCP_OPT_T2:
		return 4;
	default:
		return 0;
	}
}

typedef void (*option_fn)(struct dhcp_msg *m, uint8_t code, struct bytes value);

/* Walk the options; call fn (when not NULL) with each bounded value. */
static enum net_drop walk_options(struct bytes opts, option_fn fn,
				  struct dhcp_msg *m)
{
	size_t off = 0;

	while (off < opts.len) {
		uint8_t code = get8(opts, off);
		size_t len, want;

		if (code == DHCP_OPT_PAD) {
			off++;
			continue;
		}
		if (code == DHCP_OPT_END)
			return NET_DROP_NONE;
		if (!bytes_has(opts, off + 1, 1))
			return NET_DROP_DHCP_OPTIONS;
		len = get8(opts, off + 1);
		if (!bytes_has(opts, off + 2, len))
			return NET_DROP_DHCP_OPTIONS;
		want = option_size(code);
		if (want != 0 && len != want)
			return NET_DROP_DHCP_OPTIONS;
		if (fn != NULL)
			fn(m, code, bytes_sub(opts, off + 2, len));
		off += 2 + len;
	}
	return NET_DROP_NONE;
}

enum net_drop dhcp_check(struct bytes b)
{
	if (!bytes_has(b, 0, DHCP_OPTIONS_OFF))
		return NET_DROP_DHCP_SHORT;
	if ((get8(b, 0) != BOOTP_REQUEST && get8(b, 0) != BOOTP_REPLY) ||
	    get8(b, 1) != 1 || get8(b, 2) != ETH_ALEN ||
	    get32(b, DHCP_FIXED_LEN) != DHCP_COOKIE)
		return NET_DROP_DHCP_FORMAT;
	return walk_options(bytes_from(b, DHCP_OPTIONS_OFF), NULL, NULL);
}

static void take_option(struct dhcp_msg *m, uint8_t code, struct bytes v)
{
	switch (code) {
	case DHCP_OPT_MSG_TYPE:
		m->type = get8(v, 0);
		break;
	case DHCP_OPT_SUBNET_MASK:
		m->subnet_mask = get32(v, 0);
		break;
	case DHCP_OPT_ROUTER:
		if (v.len >= 4) /* a list: the first router is ours */
			m->router = get32(v, 0);
		break;
	case DHCP_OPT_SERVER_ID:
		m->server_id = get32(v, 0);
		break;
	case DHCP_OPT_REQUESTED_IP:
		m->requested_ip = get32(v, 0);
		break;
	case DHCP_OPT_LEASE_TIME:
		m->lease_s = get32(v, 0);
		break;
	case DHCP_OPT_T1:
		m->t1_s = get32(v, 0);
		break;
	case DHCP_OPT_T2:
		m->t2_s = get32(v, 0);
		break;
	}
}

enum net_drop dhcp_parse(struct bytes b, struct dhcp_msg *m)
{
	enum net_drop why = dhcp_check(b);

	if (why != NET_DROP_NONE)
		return why;
	memset(m, 0, sizeof(*m));
	m->op = get8(b, 0);
	m->xid = get32(b, 4);
	m->secs = get16(b, 8);
	m->flags = get16(b, 10);
	m->ciaddr = get32(b, 12);
	m->yiaddr = get32(b, 16);
	m->siaddr = get32(b, 20);
	m->giaddr = get32(b, 24);
	memcpy(m->chaddr, b.p + 28, ETH_ALEN);
	return walk_options(bytes_from(b, DHCP_OPTIONS_OFF), take_option, m);
}

static uint8_t *put_option32(uint8_t *p, uint8_t code, uint32_t v)
{
	p[0] = code;
	p[1] = 4;
	put32(p + 2, v);
	return p + 6;
}

static uint8_t *put_options(uint8_t *p, const struct dhcp_msg *m)
{
	static const uint8_t params[] = {DHCP_OPT_SUBNET_MASK, DHCP_OPT_ROUTER,
					 DHCP_OPT_LEASE_TIME, DHCP_OPT_T1,
					 DHCP_OPT_T2};

	*p++ = DHCP_OPT_MSG_TYPE;
	*p++ = 1;
	*p++ = m->type;
	*p++ = DHCP_OPT_CLIENT_ID;
	*p++ = 1 + ETH_ALEN;
	*p++ = 1; /* hardware type Ethernet */
	memcpy(p, m->chaddr, ETH_ALEN);
	p += ETH_ALEN;
	if (m->requested_ip != 0)
		p = put_option32(p, DHCP_OPT_REQUESTED_IP, m->requested_ip);
	if (m->server_id != 0)
		p = put_option32(p, DHCP_OPT_SERVER_ID, m->server_id);
	*p++ = DHCP_OPT_PARAM_LIST;
	*p++ = sizeof(params);
	memcpy(p, params, sizeof(params));
	p += sizeof(params);
	*p++ = DHCP_OPT_END;
	return p;
}

size_t dhcp_emit(uint8_t *buf, size_t cap, const struct dhcp_msg *m)
{
	size_t len;

	if (cap < DHCP_MAX_EMIT)
		return 0;
	memset(buf, 0, DHCP_MAX_EMIT);
	buf[0] = m->op;
	buf[1] = 1;
	buf[2] = ETH_ALEN;
	put32(buf + 4, m->xid);
	put16(buf + 8, m->secs);
	put16(buf + 10, m->flags);
	put32(buf + 12, m->ciaddr);
	memcpy(buf + 28, m->chaddr, ETH_ALEN);
	put32(buf + DHCP_FIXED_LEN, DHCP_COOKIE);
	len = (size_t)(put_options(buf + DHCP_OPTIONS_OFF, m) - buf);
	return len < DHCP_MIN_EMIT ? DHCP_MIN_EMIT : len;
}
