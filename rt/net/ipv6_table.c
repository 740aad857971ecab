/* SPDX-License-Identifier: ISC */
/*
 * The address table of an interface as the other files of IPv6 ask it:
 * which address of ours a is (and in which state), which source goes to
 * a destination (RFC 6724 in short: the link-local address for a
 * link-local or link-scope destination, else the address on the
 * destination's prefix, else the first preferred one), and the next hop
 * (the destination when it is link-local or on a prefix of ours, else the
 * default router while its lifetime lasts). Below every other file.
 */
#include <string.h>

#include "net/ipv6.h"

struct ipv6_addr *ipv6_addr_slot(struct netif *nif, const uint8_t *a)
{
	if (nif->v6 == NULL)
		return NULL;
	for (unsigned i = 0; i < IPV6_ADDRS; i++) {
		struct ipv6_addr *s = &nif->v6->addr[i];

		if (s->state != IP6A_FREE && s->state != IP6A_DUPLICATE &&
		    memcmp(s->a, a, IPV6_ALEN) == 0)
			return s;
	}
	return NULL;
}

struct ipv6_addr *ipv6_our_addr(struct netif *nif, const uint8_t *a)
{
	struct ipv6_addr *s = ipv6_addr_slot(nif, a);

	return s != NULL && s->state == IP6A_PREFERRED ? s : NULL;
}

bool ipv6_source_for(const struct netif *nif, const uint8_t *dst,
		     uint8_t src[IPV6_ALEN])
{
	const struct ipv6_addr *ll = NULL, *global = NULL;

	if (nif->v6 == NULL)
		return false;
	for (unsigned i = 0; i < IPV6_ADDRS; i++) {
		const struct ipv6_addr *s = &nif->v6->addr[i];

		if (s->state != IP6A_PREFERRED)
			continue;
		if (ipv6_addr_is_linklocal(s->a)) {
			if (ll == NULL)
				ll = s;
		} else if (global == NULL ||
			   (!ipv6_prefix_match(global->a, dst, global->plen) &&
			    ipv6_prefix_match(s->a, dst, s->plen))) {
			global = s; /* the one on dst's prefix first */
		}
	}
	if (ipv6_addr_is_linklocal(dst) ||
	    (ipv6_addr_is_multicast(dst) && (dst[1] & 0x0f) <= 2) ||
	    global == NULL)
		global = ll;
	if (global == NULL)
		return false;
	memcpy(src, global->a, IPV6_ALEN);
	return true;
}

bool ipv6_next_hop(const struct netif *nif, uint64_t now_ns, const uint8_t *dst,
		   uint8_t hop[IPV6_ALEN])
{
	const struct ipv6_if *v6 = nif->v6;

	if (ipv6_addr_is_linklocal(dst)) {
		memcpy(hop, dst, IPV6_ALEN);
		return true;
	}
	for (unsigned i = 0; i < IPV6_ADDRS; i++) {
		const struct ipv6_addr *s = &v6->addr[i];

		if (s->state == IP6A_PREFERRED && s->origin != IP6A_LINKLOCAL &&
		    ipv6_prefix_match(s->a, dst, s->plen)) {
			memcpy(hop, dst, IPV6_ALEN);
			return true;
		}
	}
	if (v6->router_until_ns <= now_ns)
		return false;
	memcpy(hop, v6->router, IPV6_ALEN);
	return true;
}
