/* SPDX-License-Identifier: ISC */
/* IPv6 header, extension header lengths and address classes. */
#include <string.h>

#include "net/wire/ipv6.h"

const uint8_t ipv6_all_nodes[IPV6_ALEN] = {0xff, 2, [15] = 1};
const uint8_t ipv6_all_routers[IPV6_ALEN] = {0xff, 2, [15] = 2};
const uint8_t ipv6_mldv2_routers[IPV6_ALEN] = {0xff, 2, [15] = 0x16};
const uint8_t ipv6_unspecified[IPV6_ALEN];

enum net_drop ipv6_check(struct bytes b)
{
	if (!bytes_has(b, 0, IPV6_HLEN))
		return NET_DROP_IP6_SHORT;
	if ((get8(b, 0) >> 4) != 6)
		return NET_DROP_IP6_VERSION;
	if (!bytes_has(b, IPV6_HLEN, get16(b, 4)))
		return NET_DROP_IP6_PLEN;
	return NET_DROP_NONE;
}

enum net_drop ipv6_parse(struct bytes b, struct ipv6_hdr *h,
			 struct bytes *payload)
{
	enum net_drop why = ipv6_check(b);
	uint32_t w;

	if (why != NET_DROP_NONE)
		return why;
	w = get32(b, 0);
	h->tclass = (uint8_t)(w >> 20);
	h->flow = w & 0xfffff;
	h->plen = get16(b, 4);
	h->next = get8(b, 6);
	h->hlim = get8(b, 7);
	memcpy(h->src, b.p + 8, IPV6_ALEN);
	memcpy(h->dst, b.p + 24, IPV6_ALEN);
	h->dgram = bytes_sub(b, 0, IPV6_HLEN + (size_t)h->plen);
	*payload = bytes_sub(b, IPV6_HLEN, h->plen);
	return NET_DROP_NONE;
}

size_t ipv6_emit(uint8_t *buf, size_t cap, const struct ipv6_hdr *h,
		 size_t payload_len)
{
	if (cap < IPV6_HLEN || payload_len > 0xffff)
		return 0;
	put32(buf, 6u << 28 | (uint32_t)h->tclass << 20 | (h->flow & 0xfffff));
	put16(buf + 4, (uint16_t)payload_len);
	buf[6] = h->next;
	buf[7] = h->hlim;
	memcpy(buf + 8, h->src, IPV6_ALEN);
	memcpy(buf + 24, h->dst, IPV6_ALEN);
	return IPV6_HLEN;
}

size_t ipv6_ext_len(struct bytes b, uint8_t nh)
{
	size_t len;

	switch (nh) {
	case IPV6_NH_FRAGMENT:
		len = IPV6_FRAG_HLEN;
		break;
	case IPV6_NH_HOPOPTS:
	case IPV6_NH_ROUTING:
	case IPV6_NH_DSTOPTS:
		if (!bytes_has(b, 0, 2))
			return 0;
		len = 8 * (1 + (size_t)get8(b, 1));
		break;
	default:
		return 0;
	}
	return bytes_has(b, 0, len) ? len : 0;
}

bool ipv6_addr_is_unspecified(const uint8_t a[IPV6_ALEN])
{
	return memcmp(a, ipv6_unspecified, IPV6_ALEN) == 0;
}

bool ipv6_addr_is_loopback(const uint8_t a[IPV6_ALEN])
{
	return memcmp(a, ipv6_unspecified, IPV6_ALEN - 1) == 0 && a[15] == 1;
}

bool ipv6_addr_is_v4mapped(const uint8_t a[IPV6_ALEN])
{
	return memcmp(a, ipv6_unspecified, 10) == 0 && a[10] == 0xff &&
	       a[11] == 0xff;
}

bool ipv6_prefix_match(const uint8_t a[IPV6_ALEN], const uint8_t b[IPV6_ALEN],
		       unsigned plen)
{
	unsigned full = plen / 8, rest = plen % 8;

	if (plen > 128)
		return false;
	if (memcmp(a, b, full) != 0)
		return false;
	if (rest == 0)
		return true;
	return ((a[full] ^ b[full]) & (0xff00 >> rest)) == 0;
}

void ipv6_solicited_node(uint8_t out[IPV6_ALEN], const uint8_t a[IPV6_ALEN])
{
	static const uint8_t base[13] = {0xff, 2, 0, 0, 0, 0,	0,
					 0,    0, 0, 0, 1, 0xff};

	memcpy(out, base, sizeof(base));
	memcpy(out + 13, a + 13, 3);
}

void ipv6_mcast_mac(uint8_t mac[6], const uint8_t group[IPV6_ALEN])
{
	mac[0] = 0x33;
	mac[1] = 0x33;
	memcpy(mac + 2, group + 12, 4);
}
