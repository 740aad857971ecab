/* SPDX-License-Identifier: ISC */
/*
 * The DHCP client (RFC 2131) as a state machine driven by messages and by
 * net_tick(): SELECTING (DISCOVER, retransmitted with exponential backoff),
 * REQUESTING (REQUEST for the offer, a few tries, then start over), BOUND
 * until T1, RENEWING (unicast REQUEST to the server, retried at half the
 * time left to T2), REBINDING (broadcast REQUEST after T2), and back to
 * SELECTING when the lease expires or a NAK arrives. A lease sets the
 * interface's address, mask and router; losing it clears them.
 */
#include <string.h>

#include "net/netif.h"
#include "net/wire/dhcp.h"
#include "uni/config.h"
#include "uni/protocol.h"

UNI_CONFIG_EXTERN_BOOL(net0, dhcp);

#define NS_PER_S 1000000000ULL
#define NEVER UINT64_MAX
#define DEFAULT_LEASE_S 3600
#define DEFAULT_MASK 0xffffff00u

void dhcp_params_default(struct dhcp_params *p)
{
	p->retry_ns = 4 * NS_PER_S;
	p->retry_max_ns = 64 * NS_PER_S;
	p->renew_min_ns = 60 * NS_PER_S;
	p->request_tries = 4;
}

static uint64_t at_seconds(uint64_t now_ns, uint32_t s)
{
	uint64_t d = (uint64_t)s * NS_PER_S;

	return d > NEVER - now_ns ? NEVER : now_ns + d;
}

static void new_xid(struct dhcp_client *c)
{
	/* xorshift32: distinct successive IDs from the caller's seed */
	c->xid ^= c->xid << 13;
	c->xid ^= c->xid >> 17;
	c->xid ^= c->xid << 5;
}

/* Send a client message; to is the server when renewing, else broadcast. */
static void dhcp_send(struct netif *nif, uint64_t now_ns, uint8_t type,
		      uint32_t to)
{
	struct dhcp_client *c = &nif->dhcp;
	struct dhcp_msg m = {.op = BOOTP_REQUEST, .type = type, .xid = c->xid};
	struct udp_endpoint dst = {.addr = to, .port = DHCP_SERVER_PORT};
	uint64_t secs = (now_ns - c->start_ns) / NS_PER_S;
	size_t len;

	m.secs = secs > 0xffff ? 0xffff : (uint16_t)secs;
	memcpy(m.chaddr, nif->mac, ETH_ALEN);
	if (c->state == DHCP_REQUESTING) {
		m.requested_ip = c->offered;
		m.server_id = c->server;
	} else if (type == DHCP_REQUEST) {
		m.ciaddr = nif->addr; /* renewing or rebinding */
	}
	if (m.ciaddr == 0)
		m.flags = DHCP_FLAG_BROADCAST;
	len = dhcp_emit(nif->tx + NET_TX_UDP_DATA,
			ETH_MAX_FRAME - NET_TX_UDP_DATA, &m);
	net_udp_output(nif, now_ns, DHCP_CLIENT_PORT, &dst, len);
}

/* Schedule the next retransmission and double the backoff. */
static void backoff(struct dhcp_client *c, uint64_t now_ns)
{
	c->retry_at_ns = now_ns + c->retry_ns;
	c->retry_ns *= 2;
	if (c->retry_ns > c->p.retry_max_ns)
		c->retry_ns = c->p.retry_max_ns;
}

static void enter_selecting(struct netif *nif, uint64_t now_ns)
{
	struct dhcp_client *c = &nif->dhcp;

	c->state = DHCP_SELECTING;
	new_xid(c);
	c->start_ns = now_ns;
	c->retry_ns = c->p.retry_ns;
	c->offered = c->server = 0;
	dhcp_send(nif, now_ns, DHCP_DISCOVER, IPV4_BROADCAST);
	backoff(c, now_ns);
}

void dhcp_start(struct netif *nif, uint64_t now_ns, uint32_t xid_seed)
{
	nif->dhcp.xid = xid_seed != 0 ? xid_seed : 0x2545f491u;
	enter_selecting(nif, now_ns);
}

static void take_offer(struct netif *nif, uint64_t now_ns,
		       const struct dhcp_msg *m)
{
	struct dhcp_client *c = &nif->dhcp;

	c->state = DHCP_REQUESTING;
	c->offered = m->yiaddr;
	c->server = m->server_id;
	c->tries = 1;
	c->retry_ns = c->p.retry_ns;
	dhcp_send(nif, now_ns, DHCP_REQUEST, IPV4_BROADCAST);
	backoff(c, now_ns);
}

/* T1 and T2 from the ACK, or RFC 2131's 0.5 and 0.875 of the lease. */
static void lease_times(const struct dhcp_msg *m, uint32_t *lease, uint32_t *t1,
			uint32_t *t2)
{
	*lease = m->lease_s != 0 ? m->lease_s : DEFAULT_LEASE_S;
	*t1 = m->t1_s;
	*t2 = m->t2_s;
	if (*t1 == 0 || *t2 == 0 || *t1 > *t2 || *t2 > *lease) {
		*t1 = *lease / 2;
		*t2 = (uint32_t)((uint64_t)*lease * 7 / 8);
	}
}

static void take_ack(struct netif *nif, uint64_t now_ns,
		     const struct dhcp_msg *m)
{
	struct dhcp_client *c = &nif->dhcp;
	uint32_t lease, t1, t2;
	uint32_t mask = m->subnet_mask != 0 ? m->subnet_mask : DEFAULT_MASK;

	lease_times(m, &lease, &t1, &t2);
	bool infinite = lease == 0xffffffffu;
	c->t1_at_ns = infinite ? NEVER : at_seconds(now_ns, t1);
	c->t2_at_ns = infinite ? NEVER : at_seconds(now_ns, t2);
	c->expire_at_ns = infinite ? NEVER : at_seconds(now_ns, lease);
	if (m->server_id != 0)
		c->server = m->server_id;
	c->state = DHCP_BOUND;
	c->leases++;
	if (nif->addr == m->yiaddr) {
		nif->netmask = mask;
		nif->gateway = m->router;
		return;
	}
	net_if_set_addr(nif, now_ns, m->yiaddr, mask, m->router);
}

static void lose_lease(struct netif *nif, uint64_t now_ns)
{
	net_if_set_addr(nif, now_ns, 0, 0, 0);
	enter_selecting(nif, now_ns);
}

/* Is m an answer to what we asked, in the state we are in? */
static bool dhcp_expected(const struct netif *nif, const struct dhcp_msg *m)
{
	const struct dhcp_client *c = &nif->dhcp;

	if (m->op != BOOTP_REPLY || m->xid != c->xid ||
	    memcmp(m->chaddr, nif->mac, ETH_ALEN) != 0)
		return false;
	switch (c->state) {
	case DHCP_SELECTING:
		return m->type == DHCP_OFFER && m->yiaddr != 0 &&
		       m->server_id != 0;
	case DHCP_REQUESTING:
		if (m->server_id != 0 && m->server_id != c->server)
			return false;
		/* fall through */
	case DHCP_RENEWING:
	case DHCP_REBINDING:
		return (m->type == DHCP_ACK && m->yiaddr != 0) ||
		       m->type == DHCP_NAK;
	default:
		return false;
	}
}

void dhcp_input(struct netif *nif, uint64_t now_ns, const struct ipv4_hdr *ih,
		const struct udp_hdr *uh, struct bytes data)
{
	struct dhcp_msg m;
	enum net_drop why = dhcp_parse(data, &m);

	if (why == NET_DROP_NONE &&
	    (uh->sport != DHCP_SERVER_PORT || !dhcp_expected(nif, &m)))
		why = NET_DROP_DHCP_UNEXPECTED;
	if (why != NET_DROP_NONE) {
		net_count_drop(nif, why);
		return;
	}
	if (m.type == DHCP_OFFER) {
		take_offer(nif, now_ns, &m);
	} else if (m.type == DHCP_ACK) {
		take_ack(nif, now_ns, &m);
	} else {
		nif->dhcp.naks++;
		lose_lease(nif, now_ns);
	}
}

static uint64_t half_until(const struct dhcp_client *c, uint64_t now_ns,
			   uint64_t until_ns)
{
	uint64_t half = until_ns > now_ns ? (until_ns - now_ns) / 2 : 0;

	if (half < c->p.renew_min_ns)
		half = c->p.renew_min_ns;
	return half > NEVER - now_ns ? NEVER : now_ns + half;
}

/* Send a renewal (unicast) or rebinding (broadcast) REQUEST. */
static void dhcp_extend(struct netif *nif, uint64_t now_ns)
{
	struct dhcp_client *c = &nif->dhcp;
	bool renewing = c->state == DHCP_RENEWING;

	dhcp_send(nif, now_ns, DHCP_REQUEST,
		  renewing ? c->server : IPV4_BROADCAST);
	c->retry_at_ns =
	    half_until(c, now_ns, renewing ? c->t2_at_ns : c->expire_at_ns);
}

static void tick_lease(struct netif *nif, uint64_t now_ns)
{
	struct dhcp_client *c = &nif->dhcp;
	uint8_t was = c->state;

	if (now_ns >= c->expire_at_ns) {
		lose_lease(nif, now_ns);
		return;
	}
	if (now_ns >= c->t2_at_ns)
		c->state = DHCP_REBINDING;
	else if (now_ns >= c->t1_at_ns && c->state == DHCP_BOUND)
		c->state = DHCP_RENEWING;
	if (c->state == DHCP_BOUND)
		return;
	if (c->state != was) {
		new_xid(c);
		c->start_ns = now_ns;
	} else if (now_ns < c->retry_at_ns) {
		return;
	}
	dhcp_extend(nif, now_ns);
}

void dhcp_tick(struct netif *nif, uint64_t now_ns)
{
	struct dhcp_client *c = &nif->dhcp;

	switch (c->state) {
	case DHCP_SELECTING:
		if (now_ns < c->retry_at_ns)
			return;
		dhcp_send(nif, now_ns, DHCP_DISCOVER, IPV4_BROADCAST);
		backoff(c, now_ns);
		return;
	case DHCP_REQUESTING:
		if (now_ns < c->retry_at_ns)
			return;
		if (c->tries >= c->p.request_tries) {
			enter_selecting(nif, now_ns);
			return;
		}
		c->tries++;
		dhcp_send(nif, now_ns, DHCP_REQUEST, IPV4_BROADCAST);
		backoff(c, now_ns);
		return;
	case DHCP_BOUND:
	case DHCP_RENEWING:
	case DHCP_REBINDING:
		tick_lease(nif, now_ns);
		return;
	}
}

/* Reachable when a kept driver delivers frames and boot starts DHCP. */
UNI_PROTOCOL(dhcp, "dhcp", UNI_PROTO_UDP_PORT, DHCP_CLIENT_PORT, dhcp_input,
	     &UNI_CFG_VAR(net0, dhcp), UNI_API_FN(uni_netdev_receive),
	     UNI_API_GROUP, UNI_API_FN(dhcp_start));
