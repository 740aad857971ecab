/* SPDX-License-Identifier: ISC */
/* IPv4 header: every check of RFC 791/1122 on input, decode, encode. */
#include "net/wire/ipv4.h"
#include "net/wire/csum.h"

enum net_drop ipv4_check(struct bytes b)
{
	unsigned hlen, total;

	if (!bytes_has(b, 0, IPV4_MIN_HLEN))
		return NET_DROP_IP_SHORT;
	if (get8(b, 0) >> 4 != 4)
		return NET_DROP_IP_VERSION;
	hlen = ipv4_hlen(b);
	if (hlen < IPV4_MIN_HLEN || !bytes_has(b, 0, hlen))
		return NET_DROP_IP_IHL;
	total = get16(b, 2);
	if (total < hlen || !bytes_has(b, 0, total))
		return NET_DROP_IP_TOTLEN;
	if (csum_of(bytes_sub(b, 0, hlen)) != 0)
		return NET_DROP_IP_CSUM;
	return NET_DROP_NONE;
}

enum net_drop ipv4_parse(struct bytes b, struct ipv4_hdr *h,
			 struct bytes *payload)
{
	enum net_drop why = ipv4_check(b);

	if (why != NET_DROP_NONE)
		return why;
	h->hlen = (uint8_t)ipv4_hlen(b);
	h->tos = get8(b, 1);
	h->total_len = get16(b, 2);
	h->id = get16(b, 4);
	h->frag = get16(b, 6);
	h->ttl = get8(b, 8);
	h->proto = get8(b, 9);
	h->src = get32(b, 12);
	h->dst = get32(b, 16);
	h->dgram = bytes_sub(b, 0, h->total_len);
	*payload = bytes_sub(b, h->hlen, (size_t)h->total_len - h->hlen);
	return NET_DROP_NONE;
}

size_t ipv4_emit(uint8_t *buf, size_t cap, const struct ipv4_hdr *h,
		 size_t payload_len)
{
	size_t total = IPV4_MIN_HLEN + payload_len;

	if (cap < IPV4_MIN_HLEN || payload_len > 0xffff - IPV4_MIN_HLEN)
		return 0;
	buf[0] = 0x45;
	buf[1] = h->tos;
	put16(buf + 2, (uint16_t)total);
	put16(buf + 4, h->id);
	put16(buf + 6, h->frag);
	buf[8] = h->ttl;
	buf[9] = h->proto;
	put16(buf + 10, 0);
	put32(buf + 12, h->src);
	put32(buf + 16, h->dst);
	put16(buf + 10, csum_of(bytes_make(buf, IPV4_MIN_HLEN)));
	return IPV4_MIN_HLEN;
}
