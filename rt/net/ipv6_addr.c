/* SPDX-License-Identifier: ISC */
/*
 * The IPv6 addresses of an interface and what keeps them: Duplicate
 * Address Detection (RFC 4862 5.4), Router Solicitation and Advertisement
 * processing (RFC 4861 6.3), stateless autoconfiguration from an RA's
 * prefixes (RFC 4862 5.5) with stable interface identifiers (RFC 7217),
 * and the MLDv2 reports (RFC 3810) that join the solicited-node groups.
 *
 * Every address starts TENTATIVE: its solicited-node group is joined (the
 * MAC taken, an MLDv2 report sent), IPV6_DAD_TRANSMITS solicitations from
 * :: go, and IPV6_DAD_RETRANS_NS after the last one it is PREFERRED. An NA
 * for it, or another host's DAD solicitation, means another host has it:
 * it is DUPLICATE, never used, and the console says so; a SLAAC or
 * link-local address is then made again with the next DAD_Counter (RFC
 * 7217 6), up to IPV6_DAD_RETRIES times; a static one stays unused.
 *
 * The link-local address is fe80::/64 with an RFC 7217 identifier; once it
 * is PREFERRED, up to IPV6_RS_MAX solicitations ask for a router. An RA
 * (from a link-local source, hop limit 255) gives the default router (its
 * lifetime), the hop limit, the MTU (1280 to the device's) and, in auto
 * mode, an address per /64 prefix with the A flag (valid and preferred
 * lifetimes; the two-hour rule of 5.5.3 e). An address's prefix is taken
 * as on the link.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/ipv6.h"
#include "net/tcp_conn.h"
#include "net/wire/ipv6_icmp.h"

#define NS_PER_S 1000000000ULL
#define TWO_HOURS_NS (2 * 3600 * NS_PER_S)

static const char *if_name(const struct netif *nif)
{
	return nif->name != NULL ? nif->name : "net0";
}

IPV6_COLD void ipv6_format(char *out, const uint8_t a[IPV6_ALEN])
{
	unsigned best = 0, best_len = 0, i, n = 0;

	for (i = 0; i < 8;) {
		unsigned j = i;

		while (j < 8 && a[2 * j] == 0 && a[2 * j + 1] == 0)
			j++;
		if (j - i > best_len) {
			best = i;
			best_len = j - i;
		}
		i = j == i ? i + 1 : j;
	}
	if (best_len < 2)
		best_len = 0;
	for (i = 0; i < 8; i++) {
		if (best_len != 0 && i == best) {
			n += (unsigned)snprintf(out + n, 48 - n, "%s",
						i == 0 ? "::" : ":");
			i += best_len - 1;
			continue;
		}
		n += (unsigned)snprintf(
		    out + n, 48 - n, "%x%s",
		    (unsigned)(a[2 * i] << 8 | a[2 * i + 1]), i < 7 ? ":" : "");
	}
	out[n] = '\0';
}

/* RFC 5453: identifiers that are not an interface's. */
static bool iid_reserved(const uint8_t iid[8])
{
	static const uint8_t zero[8],
	    anycast[7] = {0xfd, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
	static const uint8_t proxy[5] = {0x02, 0x00, 0x5e, 0xff, 0xfe};

	return memcmp(iid, zero, 8) == 0 ||
	       (memcmp(iid, anycast, 7) == 0 && iid[7] >= 0x80) ||
	       memcmp(iid, proxy, 5) == 0;
}

IPV6_COLD void ipv6_stable_iid(const uint8_t secret[16],
			       const uint8_t prefix[8],
			       const uint8_t mac[ETH_ALEN], uint8_t counter,
			       uint8_t iid[8])
{
	uint8_t in[8 + ETH_ALEN + 1];

	for (;; counter++) {
		uint64_t h;

		memcpy(in, prefix, 8);
		memcpy(in + 8, mac, ETH_ALEN);
		in[8 + ETH_ALEN] = counter;
		h = tcp_siphash(secret, in, sizeof(in));
		for (unsigned i = 0; i < 8; i++)
			iid[i] = (uint8_t)(h >> (56 - 8 * i));
		if (!iid_reserved(iid))
			return;
	}
}

/* The multicast MACs: ff02::1 and each address's solicited-node group. */
IPV6_COLD static void groups_update(struct netif *nif)
{
	uint8_t g[IPV6_ALEN], mac[ETH_ALEN];

	nif->n_mcast = 0;
	ipv6_mcast_mac(nif->mcast[nif->n_mcast++], ipv6_all_nodes);
	for (unsigned i = 0; i < IPV6_ADDRS; i++) {
		const struct ipv6_addr *s = &nif->v6->addr[i];
		bool dup = false;

		if (s->state == IP6A_FREE || s->state == IP6A_DUPLICATE)
			continue;
		ipv6_solicited_node(g, s->a);
		ipv6_mcast_mac(mac, g);
		for (unsigned k = 0; k < nif->n_mcast; k++)
			dup |= memcmp(nif->mcast[k], mac, ETH_ALEN) == 0;
		if (!dup && nif->n_mcast < NET_MCAST_MACS)
			memcpy(nif->mcast[nif->n_mcast++], mac, ETH_ALEN);
	}
}

/* One MLDv2 report of the solicited-node groups (RFC 3810 6.1). */
IPV6_COLD static void mld_report(struct netif *nif)
{
	uint8_t groups[IPV6_ADDRS][IPV6_ALEN], msg[128], mac[ETH_ALEN];
	uint8_t src[IPV6_ALEN];
	unsigned n = 0;
	size_t len;

	for (unsigned i = 0; i < IPV6_ADDRS; i++) {
		const struct ipv6_addr *s = &nif->v6->addr[i];
		uint8_t g[IPV6_ALEN];
		bool dup = false;

		if (s->state == IP6A_FREE || s->state == IP6A_DUPLICATE)
			continue;
		ipv6_solicited_node(g, s->a);
		for (unsigned k = 0; k < n; k++)
			dup |= memcmp(groups[k], g, IPV6_ALEN) == 0;
		if (!dup)
			memcpy(groups[n++], g, IPV6_ALEN);
	}
	len = mldv2_report_emit(msg, sizeof(msg),
				(const uint8_t(*)[IPV6_ALEN])groups, n);
	if (len == 0)
		return;
	/* from the link-local address, or :: while it is tentative (RFC 3590)
	 */
	if (nif->v6->addr[0].state == IP6A_PREFERRED)
		memcpy(src, nif->v6->addr[0].a, IPV6_ALEN);
	else
		memset(src, 0, IPV6_ALEN);
	ipv6_mcast_mac(mac, ipv6_mldv2_routers);
	nif->v6->st.mld_out++;
	nd_send_msg(nif, src, ipv6_mldv2_routers, mac, msg, len, true);
}

static void mld_schedule(struct netif *nif, uint64_t now_ns)
{
	nif->v6->mld_left = IPV6_MLD_REPORTS;
	nif->v6->mld_at_ns = now_ns;
}

IPV6_COLD void ipv6_mld_query(struct netif *nif, uint64_t now_ns)
{
	if (nif->v6->mld_left == 0)
		nif->v6->mld_left = 1;
	if (nif->v6->mld_at_ns > now_ns)
		nif->v6->mld_at_ns = now_ns;
}

/* Start DAD on slot (its address set): tentative, group joined. */
static void dad_start(struct netif *nif, uint64_t now_ns, struct ipv6_addr *s)
{
	s->state = IP6A_TENTATIVE;
	s->dad_left = IPV6_DAD_TRANSMITS;
	s->at_ns = now_ns + nif->v6->dad_delay_ns;
	groups_update(nif);
	mld_schedule(nif, now_ns);
}

/* The SLAAC or link-local address of prefix in s with s->dad_counter. */
static void make_stable(struct netif *nif, struct ipv6_addr *s,
			const uint8_t prefix[8])
{
	memcpy(s->a, prefix, 8);
	ipv6_stable_iid(nif->v6->secret, prefix, nif->mac, s->dad_counter,
			s->a + 8);
	s->plen = 64;
}

static struct ipv6_addr *free_slot(struct netif *nif)
{
	for (unsigned i = 1; i < IPV6_ADDRS; i++)
		if (nif->v6->addr[i].state == IP6A_FREE)
			return &nif->v6->addr[i];
	return NULL;
}

static void print_addr(const struct netif *nif, const char *what,
		       const struct ipv6_addr *s)
{
	char t[48];

	ipv6_format(t, s->a);
	printf("%s: ipv6 %s/%u %s\n", if_name(nif), t, (unsigned)s->plen, what);
}

IPV6_COLD void ipv6_dad_conflict(struct netif *nif, uint64_t now_ns,
				 struct ipv6_addr *s, const uint8_t *mac)
{
	char t[48];
	uint8_t prefix[8];

	net_count_drop(nif, NET_DROP_ND_DAD);
	nif->v6->st.dad_failed++;
	ipv6_format(t, s->a);
	if (mac != NULL)
		printf(
		    "%s: DAD: %s/%u is in use by %02x:%02x:%02x:%02x:%02x:%02x;"
		    " not using it\n",
		    if_name(nif), t, (unsigned)s->plen, mac[0], mac[1], mac[2],
		    mac[3], mac[4], mac[5]);
	else
		printf("%s: DAD: %s/%u is in use by another host; not using "
		       "it\n",
		       if_name(nif), t, (unsigned)s->plen);
	s->state = IP6A_DUPLICATE;
	if (s->origin != IP6A_STATIC && s->dad_counter < IPV6_DAD_RETRIES) {
		memcpy(prefix, s->a, 8);
		s->dad_counter++;
		make_stable(nif, s, prefix);
		dad_start(nif, now_ns, s);
		return;
	}
	groups_update(nif);
}

IPV6_COLD void ipv6_addr_init(struct netif *nif, uint64_t now_ns,
			      enum ipv6_mode mode, const uint8_t *addr,
			      uint8_t plen, const uint8_t secret[16])
{
	static const uint8_t ll_prefix[8] = {0xfe, 0x80};
	struct ipv6_if *v6 = nif->v6;

	v6->mode = (uint8_t)mode;
	memcpy(v6->secret, secret, 16);
	v6->mtu = ETH_MAX_FRAME - ETH_HLEN;
	v6->hlim = IPV6_DEFAULT_HLIM;
	v6->dad_delay_ns = 0; /* the first solicitation goes at once */
	/* as ICMPv4's: a burst of 10, then one every 10 ms */
	v6->errors.burst = 10;
	v6->errors.interval_ns = 10 * 1000000ULL;
	v6->errors.tokens = v6->errors.burst;
	v6->addr[0].origin = IP6A_LINKLOCAL;
	v6->addr[0].valid_until_ns = UINT64_MAX;
	make_stable(nif, &v6->addr[0], ll_prefix);
	dad_start(nif, now_ns, &v6->addr[0]);
	if (mode == IPV6_STATIC) {
		struct ipv6_addr *s = &v6->addr[1];

		memcpy(s->a, addr, IPV6_ALEN);
		s->plen = plen;
		s->origin = IP6A_STATIC;
		s->valid_until_ns = UINT64_MAX;
		dad_start(nif, now_ns, s);
	}
	v6->rs_left = IPV6_RS_MAX;
	v6->rs_at_ns = UINT64_MAX; /* once the link-local address is ours */
}

/* A DAD step of s at now_ns. */
static void dad_tick(struct netif *nif, uint64_t now_ns, struct ipv6_addr *s)
{
	uint8_t g[IPV6_ALEN];

	if (s->dad_left > 0) {
		s->dad_left--;
		ipv6_solicited_node(g, s->a);
		nd_send_ns(nif, ipv6_unspecified, g, s->a, NULL);
		s->at_ns = now_ns + IPV6_DAD_RETRANS_NS;
		return;
	}
	s->state = IP6A_PREFERRED;
	s->at_ns = UINT64_MAX;
	nif->v6->st.dad_ok++;
	print_addr(nif, "preferred", s);
	if (s == &nif->v6->addr[0]) {
		nif->v6->rs_at_ns = now_ns;
		mld_schedule(nif, now_ns); /* again, from the address */
	}
}

static void rs_send(struct netif *nif, uint64_t now_ns)
{
	uint8_t msg[ND_RS_LEN + 8], mac[ETH_ALEN];
	size_t len = nd_rs_emit(msg, sizeof(msg), nif->mac);

	nif->v6->rs_left--;
	nif->v6->rs_at_ns =
	    nif->v6->rs_left > 0 ? now_ns + IPV6_RS_INTERVAL_NS : UINT64_MAX;
	ipv6_mcast_mac(mac, ipv6_all_routers);
	nif->v6->st.rs_out++;
	nd_send_msg(nif, nif->v6->addr[0].a, ipv6_all_routers, mac, msg, len,
		    false);
}

IPV6_COLD void ipv6_addr_tick(struct netif *nif, uint64_t now_ns)
{
	struct ipv6_if *v6 = nif->v6;
	bool changed = false;

	/* the report of a group goes before the DAD solicitation to it */
	if (v6->mld_left > 0 && v6->mld_at_ns <= now_ns) {
		v6->mld_left--;
		v6->mld_at_ns = now_ns + IPV6_MLD_INTERVAL_NS;
		mld_report(nif);
	}
	for (unsigned i = 0; i < IPV6_ADDRS; i++) {
		struct ipv6_addr *s = &v6->addr[i];

		if (s->state == IP6A_FREE || s->state == IP6A_DUPLICATE)
			continue;
		if (s->valid_until_ns <= now_ns) {
			print_addr(nif, "expired", s);
			s->state = IP6A_FREE;
			changed = true;
			continue;
		}
		if (s->state == IP6A_TENTATIVE && s->at_ns <= now_ns)
			dad_tick(nif, now_ns, s);
	}
	if (changed)
		groups_update(nif);
	if (v6->rs_left > 0 && v6->rs_at_ns <= now_ns)
		rs_send(nif, now_ns);
	if (v6->router_until_ns != 0 && v6->router_until_ns <= now_ns) {
		nd_forget_router(nif, v6->router);
		v6->router_until_ns = 0;
	}
}

uint64_t ipv6_addr_next_deadline(const struct netif *nif)
{
	const struct ipv6_if *v6 = nif->v6;
	uint64_t at = UINT64_MAX;

	for (unsigned i = 0; i < IPV6_ADDRS; i++) {
		const struct ipv6_addr *s = &v6->addr[i];

		if (s->state == IP6A_TENTATIVE && s->at_ns < at)
			at = s->at_ns;
		if (s->state != IP6A_FREE && s->state != IP6A_DUPLICATE &&
		    s->valid_until_ns < at)
			at = s->valid_until_ns;
	}
	if (v6->rs_left > 0 && v6->rs_at_ns < at)
		at = v6->rs_at_ns;
	if (v6->mld_left > 0 && v6->mld_at_ns < at)
		at = v6->mld_at_ns;
	if (v6->router_until_ns != 0 && v6->router_until_ns < at)
		at = v6->router_until_ns;
	return at;
}

static uint64_t lifetime_ns(uint64_t now_ns, uint32_t s)
{
	return s == 0xffffffffu ? UINT64_MAX : now_ns + (uint64_t)s * NS_PER_S;
}

/* A Prefix Information option (RFC 4862 5.5.3). */
static void ra_prefix(struct netif *nif, uint64_t now_ns,
		      const struct nd_prefix *p)
{
	struct ipv6_addr *s = NULL;
	uint64_t valid;

	if (!(p->flags & ND_PREFIX_AUTO) || ipv6_addr_is_linklocal(p->prefix) ||
	    ipv6_addr_is_multicast(p->prefix) || p->preferred > p->valid ||
	    nif->v6->mode != IPV6_AUTO)
		return;
	if (p->plen != 64)
		return; /* 5.5.3 d: the identifier is 64 bits on Ethernet */
	for (unsigned i = 1; i < IPV6_ADDRS && s == NULL; i++) {
		struct ipv6_addr *t = &nif->v6->addr[i];

		if (t->state != IP6A_FREE && t->origin == IP6A_SLAAC &&
		    ipv6_prefix_match(t->a, p->prefix, 64))
			s = t;
	}
	valid = lifetime_ns(now_ns, p->valid);
	if (s != NULL) {
		uint64_t left = s->valid_until_ns - now_ns;

		if (p->valid > 7200 || valid > s->valid_until_ns)
			s->valid_until_ns = valid;
		else if (left > TWO_HOURS_NS)
			s->valid_until_ns = now_ns + TWO_HOURS_NS;
		return;
	}
	if (p->valid == 0 || (s = free_slot(nif)) == NULL)
		return;
	memset(s, 0, sizeof(*s));
	s->origin = IP6A_SLAAC;
	s->valid_until_ns = valid;
	make_stable(nif, s, p->prefix);
	dad_start(nif, now_ns, s);
}

IPV6_COLD void ipv6_ra_input(struct netif *nif, uint64_t now_ns,
			     const struct ipv6_hdr *ih, struct bytes msg)
{
	struct ipv6_if *v6 = nif->v6;
	uint16_t life = get16(msg, 6);
	size_t off = ND_RA_LEN;
	struct nd_opt o;
	struct nd_prefix p;
	const uint8_t *ll = NULL;

	if (!ipv6_addr_is_linklocal(ih->src)) {
		net_count_drop(nif, NET_DROP_ND_INVALID);
		return;
	}
	v6->st.ra_in++;
	v6->rs_left = 0; /* a router answered */
	if (get8(msg, 4) != 0)
		v6->hlim = get8(msg, 4);
	if (life != 0) {
		memcpy(v6->router, ih->src, IPV6_ALEN);
		v6->router_until_ns = now_ns + (uint64_t)life * NS_PER_S;
	} else if (memcmp(v6->router, ih->src, IPV6_ALEN) == 0) {
		v6->router_until_ns = 0;
	}
	while (nd_opt_next(msg, &off, &o)) {
		if (o.type == ND_OPT_SRC_LLADDR && o.body.len >= ETH_ALEN) {
			ll = o.body.p;
		} else if (o.type == ND_OPT_MTU && o.body.len >= 6) {
			uint32_t mtu = get32(o.body, 2);

			if (mtu >= IPV6_MIN_MTU &&
			    mtu <= ETH_MAX_FRAME - ETH_HLEN)
				v6->mtu = (uint16_t)mtu;
		} else if (o.type == ND_OPT_PREFIX &&
			   nd_prefix_parse(o.body, &p)) {
			ra_prefix(nif, now_ns, &p);
		}
	}
	if (ll != NULL)
		nd_learn(nif, now_ns, ih->src, ll, life != 0);
}

IPV6_COLD void ipv6_print_stats(const struct netif *nif)
{
	const struct ipv6_if *v6 = nif->v6;
	static const char *const state[] = {"free", "tentative", "preferred",
					    "duplicate"};
	char t[48];

	for (unsigned i = 0; i < IPV6_ADDRS; i++) {
		const struct ipv6_addr *s = &v6->addr[i];

		if (s->state == IP6A_FREE)
			continue;
		ipv6_format(t, s->a);
		printf("%s: ipv6 %s/%u %s\n", if_name(nif), t,
		       (unsigned)s->plen, state[s->state]);
	}
	if (v6->router_until_ns != 0) {
		ipv6_format(t, v6->router);
		printf("%s: ipv6 router %s mtu %u hop limit %u\n", if_name(nif),
		       t, (unsigned)v6->mtu, (unsigned)v6->hlim);
	}
	printf(
	    "%s: nd ns out %llu in %llu na out %llu in %llu rs %llu ra "
	    "%llu mld %llu dad ok %llu failed %llu\n",
	    if_name(nif), (unsigned long long)v6->st.ns_out,
	    (unsigned long long)v6->st.ns_in, (unsigned long long)v6->st.na_out,
	    (unsigned long long)v6->st.na_in, (unsigned long long)v6->st.rs_out,
	    (unsigned long long)v6->st.ra_in,
	    (unsigned long long)v6->st.mld_out,
	    (unsigned long long)v6->st.dad_ok,
	    (unsigned long long)v6->st.dad_failed);
}

IPV6_COLD void ipv6_secret_from(const char *text, const uint8_t mac[ETH_ALEN],
				uint8_t out[16])
{
	/* two SipHash outputs under fixed, different keys */
	static const uint8_t k0[16] = "unilink-rfc7217",
			     k1[16] = "unilink-secret2";
	const uint8_t *p = (const uint8_t *)text;
	size_t n = strlen(text);
	uint64_t a, b;

	if (n == 0) {
		p = mac;
		n = ETH_ALEN;
	}
	a = tcp_siphash(k0, p, n);
	b = tcp_siphash(k1, p, n);
	for (unsigned i = 0; i < 8; i++) {
		out[i] = (uint8_t)(a >> (8 * i));
		out[8 + i] = (uint8_t)(b >> (8 * i));
	}
}
